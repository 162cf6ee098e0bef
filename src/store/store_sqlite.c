/*
 * store/store_sqlite — the SQLite backend: the embedded store file in WAL
 * mode with foreign keys, its schema brought forward on open
 * (store_schema.c), statements straight through to sqlite3_*, a deadline
 * through the progress handler, and bulk transactions with foreign-key
 * enforcement off until the end (the loads check their references).
 */
#include <stdlib.h>

#include "core/util.h"
#include "store/store_internal.h"

static sqlite3_stmt *st(const store_q *q)
{
    return q->h;
}

static int lite_exec(store *s, const char *sql, bloc_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        bloc_fail(err, BLOC_ESTORE, "%s (store %s)", msg ? msg : "SQL error", s->path);
        sqlite3_free(msg);
        return BLOC_ESTORE;
    }
    return BLOC_OK;
}

static int lite_open(store *s, bloc_error *err)
{
    int rc;
    /* a store handle is used by one thread at a time: no SQLite mutexes */
    int flags = (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK)
        return bloc_fail(err, BLOC_ESTORE, "cannot open store %s: %s", s->path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sqlite3_busy_timeout(s->db, 5000);
    /* 32 KiB pages (a no-op for an existing store): bulk loads of wide
     * event rows run a fifth faster than with 4 KiB (bench/gdelt.sh). Set
     * before the cache size, which SQLite otherwise sizes for 4 KiB pages. */
    if (!s->readonly && (rc = lite_exec(s, "PRAGMA page_size=32768; PRAGMA journal_mode=WAL;"
                                           " PRAGMA synchronous=NORMAL", err)) != BLOC_OK)
        return rc;
    /* 64 MiB page cache: bulk ingest updates several B-trees per row; two
     * sorter threads for building indexes */
    if ((rc = lite_exec(s, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA threads=2",
                        err)) != BLOC_OK)
        return rc;
    if (!s->readonly)
        return store_schema_migrate(s, err);
    if (store_schema_version(s) != STORE_SCHEMA_VERSION)
        return bloc_fail(err, BLOC_ESTORE,
                         "store %s has schema version %d; open it read-write once to migrate",
                         s->path, store_schema_version(s));
    return BLOC_OK;
}

static void lite_close(store *s)
{
    if (s->db)
        sqlite3_close(s->db);
    s->db = NULL;
}

static const char *lite_errmsg(const store *s)
{
    return s->db ? sqlite3_errmsg(s->db) : "no database";
}

static int lite_interrupted(const store *s)
{
    return s->db && sqlite3_errcode(s->db) == SQLITE_INTERRUPT;
}

static long long lite_changes(const store *s)
{
    return sqlite3_changes(s->db);
}

static int lite_schema_version(store *s)
{
    sqlite3_stmt *q = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

static int past_deadline(void *arg)
{
    const store *s = arg;
    return s->deadline > 0 && util_now() > s->deadline;
}

static void lite_set_deadline(store *s, int ms)
{
    sqlite3_progress_handler(s->db, ms > 0 ? 10000 : 0, ms > 0 ? past_deadline : NULL, s);
}

/* PRAGMA foreign_keys cannot change inside a transaction: switch it off
 * first; end_bulk switches it back on after the commit or rollback. */
static int lite_begin_bulk(store *s, bloc_error *err)
{
    int rc = lite_exec(s, "PRAGMA foreign_keys=OFF", err);
    if (rc == BLOC_OK && (rc = lite_exec(s, "BEGIN IMMEDIATE", err)) != BLOC_OK)
        lite_exec(s, "PRAGMA foreign_keys=ON", NULL);
    return rc;
}

static int lite_end_bulk(store *s, bloc_error *err)
{
    return lite_exec(s, "PRAGMA foreign_keys=ON", err);
}

static void lite_rollback(store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static void lite_revive(store *s)
{
    (void)s; /* a file does not go away */
}

static int lite_prepare(store *s, store_q *q, const char *sql, bloc_error *err)
{
    sqlite3_stmt *h = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &h, NULL) != SQLITE_OK)
        return store_sqlfail(s, err, "cannot prepare statement");
    q->h = h;
    return BLOC_OK;
}

static void lite_finalize(store_q *q)
{
    sqlite3_finalize(st(q));
}

static void lite_bind_int64(store_q *q, int i, long long v)
{
    sqlite3_bind_int64(st(q), i, v);
}

static void lite_bind_double(store_q *q, int i, double v)
{
    sqlite3_bind_double(st(q), i, v);
}

static void lite_bind_null(store_q *q, int i)
{
    sqlite3_bind_null(st(q), i);
}

static void lite_bind_textn(store_q *q, int i, const char *v, size_t n, int copy)
{
    sqlite3_bind_text(st(q), i, v, (int)n, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static int lite_step(store_q *q)
{
    int r = sqlite3_step(st(q));
    return r == SQLITE_ROW    ? STORE_ROW
           : r == SQLITE_DONE ? STORE_DONE
           : (r & 0xff) == SQLITE_CONSTRAINT ? STORE_QCONSTRAINT
                                             : STORE_QERR;
}

static void lite_reset(store_q *q)
{
    sqlite3_reset(st(q));
}

static void lite_clear(store_q *q)
{
    sqlite3_clear_bindings(st(q));
}

static int lite_isnull(const store_q *q, int c)
{
    return sqlite3_column_type(st(q), c) == SQLITE_NULL;
}

static const char *lite_text(const store_q *q, int c)
{
    return (const char *)sqlite3_column_text(st(q), c);
}

static long long lite_int64(const store_q *q, int c)
{
    return sqlite3_column_int64(st(q), c);
}

static double lite_real(const store_q *q, int c)
{
    return sqlite3_column_double(st(q), c);
}

const store_backend store_sqlite_backend = {
    .name = "sqlite",
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .errmsg = lite_errmsg,
    .interrupted = lite_interrupted,
    .changes = lite_changes,
    .schema_version = lite_schema_version,
    .set_deadline = lite_set_deadline,
    .begin_bulk = lite_begin_bulk,
    .end_bulk = lite_end_bulk,
    .rollback = lite_rollback,
    .revive = lite_revive,
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .bind_int64 = lite_bind_int64,
    .bind_double = lite_bind_double,
    .bind_null = lite_bind_null,
    .bind_textn = lite_bind_textn,
    .step = lite_step,
    .reset = lite_reset,
    .clear = lite_clear,
    .isnull = lite_isnull,
    .text = lite_text,
    .int64 = lite_int64,
    .real = lite_real,
    .keeps_indexes = 0,
    .tallies_in_memory = 1,
};
