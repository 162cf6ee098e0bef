/*
 * store/store_sqlite — the SQLite backend: the embedded store file in WAL
 * mode with foreign keys, its schema brought forward on open
 * (store_schema.c), statements straight through to sqlite3_*, a deadline
 * through the progress handler, bulk transactions with foreign-key
 * enforcement off until the end (the loads check their references), and
 * the event batch table through which a chunk of events is inserted.
 */
#include <stdlib.h>
#include <string.h>

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

/* ---- the event batch table ----------------------------------------------
 * store_events_put inserts a chunk of events with one INSERT ... SELECT
 * from this eponymous virtual table, which yields s->lite_batch, instead
 * of one INSERT a row: a statement's start, bindings and end were about
 * half of what an event's insert cost (callgrind on bench/gen-gdelt rows).
 * It exists only on bloc's connection, only while a batch is set, and
 * cannot be used from a trigger or view (SQLITE_VTAB_DIRECTONLY). */
typedef struct batch_vtab {
    sqlite3_vtab base; /* first: SQLite sees a sqlite3_vtab */
    store *s;
} batch_vtab;

typedef struct batch_cursor {
    sqlite3_vtab_cursor base; /* first: SQLite sees a sqlite3_vtab_cursor */
    size_t row;
} batch_cursor;

static store *batch_store(sqlite3_vtab_cursor *cur)
{
    return ((batch_vtab *)(void *)cur->pVtab)->s;
}

static int batch_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                         sqlite3_vtab **out, char **errmsg)
{
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(" STORE_EVENT_COLUMNS ")");
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    batch_vtab *v = sqlite3_malloc(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->s = aux;
    *out = &v->base;
    return SQLITE_OK;
}

static int batch_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

static int batch_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    store *s = ((batch_vtab *)(void *)v)->s;
    info->estimatedRows = (sqlite3_int64)s->lite_nbatch;
    info->estimatedCost = (double)s->lite_nbatch;
    return SQLITE_OK;
}

static int batch_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    batch_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int batch_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int batch_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
                        sqlite3_value **argv)
{
    ((batch_cursor *)(void *)cur)->row = 0;
    return SQLITE_OK;
}

static int batch_next(sqlite3_vtab_cursor *cur)
{
    ((batch_cursor *)(void *)cur)->row++;
    return SQLITE_OK;
}

static int batch_eof(sqlite3_vtab_cursor *cur)
{
    return ((batch_cursor *)(void *)cur)->row >= batch_store(cur)->lite_nbatch;
}

static int batch_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    store *s = batch_store(cur);
    size_t row = ((batch_cursor *)(void *)cur)->row;
    assert(row < s->lite_nbatch && col >= 0 && col < STORE_EVENT_NCOLS);
    store_cell c;
    store_event_cell(s->lite_batch[row], col, &c);
    switch (c.type) {
    case STORE_CELL_INT: sqlite3_result_int64(ctx, c.i); break;
    case STORE_CELL_REAL: sqlite3_result_double(ctx, c.d); break;
    case STORE_CELL_TEXT: /* the event's strings outlive the statement; c.buf does not */
        sqlite3_result_text(ctx, c.t, (int)c.n, c.t == c.buf ? SQLITE_TRANSIENT : SQLITE_STATIC);
        break;
    default: sqlite3_result_null(ctx); break;
    }
    return SQLITE_OK;
}

static int batch_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((batch_cursor *)(void *)cur)->row + 1;
    return SQLITE_OK;
}

/* eponymous only (no xCreate): "FROM bloc_event_batch", never a CREATE */
static const sqlite3_module batch_module = {
    .xConnect = batch_connect,
    .xBestIndex = batch_best_index,
    .xDisconnect = batch_disconnect,
    .xOpen = batch_open,
    .xClose = batch_close,
    .xFilter = batch_filter,
    .xNext = batch_next,
    .xEof = batch_eof,
    .xColumn = batch_column,
    .xRowid = batch_rowid,
};

static int lite_events_put(store *s, const store_event *const *ev, size_t n, long long *inserted,
                           bloc_error *err)
{
    /* "WHERE true": without a WHERE, SQLite would read ON CONFLICT as a join */
    store_q *st = store_cached(s, ST_PUT_EVENTS,
                               "INSERT INTO events(" STORE_EVENT_COLUMNS ") SELECT "
                               STORE_EVENT_COLUMNS " FROM bloc_event_batch WHERE true"
                               " ON CONFLICT(source,source_event_id) DO NOTHING",
                               err);
    if (!st)
        return err ? err->code : BLOC_ESTORE;
    s->lite_batch = ev;
    s->lite_nbatch = n;
    int rc = BLOC_OK;
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot store events");
    else
        *inserted = sqlite3_changes64(s->db);
    store_q_reset(st); /* no cursor is left on the batch */
    s->lite_batch = NULL;
    s->lite_nbatch = 0;
    return rc;
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
    if (sqlite3_create_module(s->db, "bloc_event_batch", &batch_module, s) != SQLITE_OK)
        return bloc_fail(err, BLOC_ESTORE, "cannot register the event batch table: %s",
                         sqlite3_errmsg(s->db));
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
    .events_put = lite_events_put,
    .keeps_indexes = 0,
    .tallies_in_memory = 1,
};
