/*
 * store/store_migrate — a store moved between SQLite and PostgreSQL, both
 * ways (see store_pg.h). Tables are described by SQLite's own catalogue
 * (PRAGMA table_info), so a column added by a SQLite migration moves with
 * no change here; text compares as in SQLite (collation "C"), and the
 * events table alone gets its PostgreSQL shape (monthly range partitions on
 * its ISO date text, the dyad and date indexes). Rows go by COPY; one
 * transaction commits only when every table's count and SHA-256 agree on
 * both sides. The one file of the store that speaks to both backends
 * directly: it is the bridge between them.
 */
#include "store/store_pg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#include "core/util.h"
#include "store/store_internal.h"

enum { MAX_COLS = 64 };

typedef struct table_def {
    char name[64];
    int ncols;
    char col[MAX_COLS][64];
    char type[MAX_COLS][16]; /* INTEGER, REAL, TEXT, "" */
    int pk[MAX_COLS];        /* 1-based position in the primary key, 0 none */
    char dflt[MAX_COLS][48]; /* PostgreSQL default, "" none */
    int npk;
} table_def;

/* The summaries: made from the events on each side, never copied. */
#define SUMMARY_TABLES "'event_summary','event_actor_summary','event_summary_month'"

static int is_summary_table(const char *name)
{
    return strcmp(name, "event_summary") == 0 || strcmp(name, "event_actor_summary") == 0 ||
           strcmp(name, "event_summary_month") == 0;
}

/* A SQLite identifier known to be [a-z0-9_] (the store's own tables). */
static int plain_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int describe(store *s, const char *name, table_def *t, bloc_error *err)
{
    store_q *st = NULL;
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    int rc = store_prepare(s, &st, "SELECT name, type, pk, dflt_value FROM pragma_table_info(?) ORDER BY cid", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    while (store_q_step(st) == STORE_ROW && t->ncols < MAX_COLS) {
        store_copy_col(st, 0, t->col[t->ncols], sizeof t->col[0]);
        store_copy_col(st, 1, t->type[t->ncols], sizeof t->type[0]);
        t->pk[t->ncols] = store_q_int(st, 2);
        /* defaults PostgreSQL can take: SQLite's "now", or a plain number */
        const char *d = store_q_text(st, 3);
        if (d && (strcmp(d, STORE_NOW_SQLITE) == 0 || strcmp(d, "(" STORE_NOW_SQLITE ")") == 0))
            snprintf(t->dflt[t->ncols], sizeof t->dflt[0], "now");
        else if (d && strspn(d, "-0123456789.") == strlen(d) && *d)
            snprintf(t->dflt[t->ncols], sizeof t->dflt[0], "%s", d);
        t->npk += t->pk[t->ncols] > 0;
        if (!plain_name(t->col[t->ncols]))
            rc = bloc_fail(err, BLOC_ESTORE, "column %s.%s: unexpected name", name, t->col[t->ncols]);
        t->ncols++;
    }
    store_q_finalize(st);
    return rc;
}

static const char *pg_type(const table_def *t, int c)
{
    if (strcmp(t->type[c], "INTEGER") == 0)
        return "bigint";
    if (strcmp(t->type[c], "REAL") == 0)
        return "double precision";
    return "text";
}

/* "a, b" of the primary key in key order (events: with date, the
 * partition key, as PostgreSQL requires). */
static void pk_list(const table_def *t, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int k = 1; k <= t->npk; k++)
        for (int c = 0; c < t->ncols; c++)
            if (t->pk[c] == k)
                o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? ", " : "", t->col[c]);
    if (strcmp(t->name, "events") == 0)
        snprintf(buf + o, n - o, ", date");
}

/* The table's foreign keys, as SQLite declares them (with ON DELETE
 * CASCADE where it has it), checked at commit (DEFERRABLE INITIALLY
 * DEFERRED): a copy or a load may write a row before the one it names. */
static int foreign_keys(PGconn *pg, store *s, const table_def *t, bloc_error *err)
{
    store_q *st = NULL;
    char sql[1536];
    int rc = store_prepare(s, &st,
                           "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?)"
                           " ORDER BY id, seq", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, t->name);
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        char other[64], from[64], to[64], del[32];
        store_copy_col(st, 1, other, sizeof other);
        store_copy_col(st, 2, from, sizeof from);
        store_copy_col(st, 3, to, sizeof to);
        store_copy_col(st, 4, del, sizeof del);
        if (!plain_name(other) || !plain_name(from) || !plain_name(to))
            continue;
        snprintf(sql, sizeof sql,
                 "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '%s_fk%d') THEN"
                 " ALTER TABLE %s ADD CONSTRAINT %s_fk%d FOREIGN KEY (%s) REFERENCES %s (%s)%s"
                 " DEFERRABLE INITIALLY DEFERRED; END IF; END$$",
                 t->name, store_q_int(st, 0), t->name, t->name, store_q_int(st, 0), from, other, to,
                 strcmp(del, "CASCADE") == 0 ? " ON DELETE CASCADE" : "");
        rc = store_pg_exec_on(pg, sql, err);
    }
    store_q_finalize(st);
    return rc;
}

/* The column of a single-column INTEGER PRIMARY KEY (SQLite's rowid), or -1. */
static int rowid_key(const table_def *t)
{
    if (t->npk != 1)
        return -1;
    for (int c = 0; c < t->ncols; c++)
        if (t->pk[c] && strcmp(t->type[c], "INTEGER") == 0)
            return c;
    return -1;
}

/* The table's UNIQUE constraints and unique indexes but its key, as
 * unique indexes: the upserts' ON CONFLICT targets (sources.sha256,
 * alerts (rule, window_to)). Not for events: a unique index of a
 * partitioned table must hold the partition key. */
static int unique_indexes(PGconn *pg, store *s, const table_def *t, bloc_error *err)
{
    store_q *st = NULL, *ic = NULL;
    char sql[1024], cols[512], name[128], iname[512];
    int rc = store_prepare(s, &st,
                           "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND origin <> 'pk'"
                           " ORDER BY name", err);
    if (rc == BLOC_OK)
        rc = store_prepare(s, &ic, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", err);
    if (rc == BLOC_OK)
        store_q_bind_text(st, 1, t->name);
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        size_t o = 0, k = 0, q = 0;
        int plain = 1;
        store_copy_col(st, 0, name, sizeof name);
        store_q_reset(ic);
        store_q_bind_text(ic, 1, name);
        cols[0] = '\0';
        q = (size_t)snprintf(iname, sizeof iname, "%s", t->name);
        while (store_q_step(ic) == STORE_ROW) {
            const char *c = store_q_text(ic, 0);
            plain = plain && c && plain_name(c);
            o += (size_t)snprintf(cols + o, sizeof cols - o, "%s%s", k++ ? ", " : "", c ? c : "");
            q += (size_t)snprintf(iname + q, sizeof iname - q, "_%s", c ? c : "");
        }
        if (!k || !plain || o >= sizeof cols || q + 4 >= sizeof iname)
            continue;
        snprintf(sql, sizeof sql, "CREATE UNIQUE INDEX IF NOT EXISTS %.56s_key ON %s (%s)", iname,
                 t->name, cols);
        rc = store_pg_exec_on(pg, sql, err);
    }
    store_q_finalize(st);
    store_q_finalize(ic);
    return rc;
}

static int create_table(PGconn *pg, store *s, const table_def *t, int *partitions, bloc_error *err)
{
    char sql[8192], pk[512];
    size_t o = (size_t)snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s (", t->name);
    for (int c = 0; c < t->ncols; c++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s%s %s%s", c ? ", " : "", t->col[c],
                              pg_type(t, c), strcmp(pg_type(t, c), "text") == 0 ? " COLLATE \"C\"" : "");
    pk_list(t, pk, sizeof pk);
    int events = strcmp(t->name, "events") == 0;
    if (t->npk)
        o += (size_t)snprintf(sql + o, sizeof sql - o, ", PRIMARY KEY (%s)", pk);
    snprintf(sql + o, sizeof sql - o, ")%s", events ? " PARTITION BY RANGE (date)" : "");
    int rc = store_pg_exec_on(pg, sql, err);
    if (rc == BLOC_OK && !events)
        rc = unique_indexes(pg, s, t, err);
    int rowid = rowid_key(t);
    if (rc == BLOC_OK && !events && rowid >= 0) {
        /* SQLite numbers an INTEGER PRIMARY KEY itself; here an identity
         * does (its sequence set past the rows copied, after the copy) */
        snprintf(sql, sizeof sql,
                 "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '%s'::regclass"
                 " AND attname = '%s' AND attidentity <> '') THEN"
                 " ALTER TABLE %s ALTER COLUMN %s ADD GENERATED BY DEFAULT AS IDENTITY; END IF; END$$",
                 t->name, t->col[rowid], t->name, t->col[rowid]);
        rc = store_pg_exec_on(pg, sql, err);
    }
    for (int c = 0; rc == BLOC_OK && c < t->ncols; c++)
        if (t->dflt[c][0]) {
            snprintf(sql, sizeof sql, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", t->name,
                     t->col[c], strcmp(t->dflt[c], "now") == 0 ? STORE_NOW_PG : t->dflt[c]);
            rc = store_pg_exec_on(pg, sql, err);
        }
    if (rc != BLOC_OK || !events)
        return rc;
    /* one partition per month that has events, and a default one */
    rc = store_pg_exec_on(pg, "CREATE TABLE IF NOT EXISTS events_default PARTITION OF events DEFAULT;", err);
    /* as SQLite's triggers do: a changed or deleted event makes the
     * summaries stale (any one here; SQLite checks it was summarised) */
    if (rc == BLOC_OK)
        rc = store_pg_exec_on(pg,
                     "CREATE OR REPLACE FUNCTION bloc_summary_stale() RETURNS trigger LANGUAGE plpgsql AS"
                     " $f$BEGIN UPDATE meta SET value = '0' WHERE key = 'event_summary_max_id';"
                     " RETURN NULL; END$f$;"
                     "DROP TRIGGER IF EXISTS events_summary_stale ON events;"
                     "CREATE TRIGGER events_summary_stale AFTER DELETE OR UPDATE ON events"
                     " FOR EACH STATEMENT EXECUTE FUNCTION bloc_summary_stale();",
                     err);
    store_q *st = NULL;
    if (rc == BLOC_OK)
        rc = store_prepare(s, &st,
                           "SELECT DISTINCT substr(date,1,4), substr(date,6,2) FROM events"
                           " WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-*' ORDER BY 1, 2",
                           err);
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        int y = store_q_int(st, 0), m = store_q_int(st, 1);
        if (m < 1 || m > 12)
            continue;
        int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
        char name[32];
        snprintf(name, sizeof name, "events_%04d_%02d", y, m);
        snprintf(sql, sizeof sql,
                 "DO $$BEGIN IF to_regclass('%s') IS NULL THEN "
                 "CREATE TABLE %s PARTITION OF events FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01');"
                 " END IF; END$$",
                 name, name, y, m, ny, nm);
        rc = store_pg_exec_on(pg, sql, err);
        (*partitions)++;
    }
    store_q_finalize(st);
    return rc;
}

/* A SQLite column's value as a COPY text field: \N for NULL, numbers as
 * written, text escaped (an empty text stays empty, not NULL). */
static int copy_value(store_copybuf *b, store_q *st, int c)
{
    char num[40];
    switch (sqlite3_column_type((sqlite3_stmt *)st->h, c)) {
    case SQLITE_NULL: return store_copy_text(b, NULL, c == 0);
    case SQLITE_INTEGER: util_format_int(num, store_q_int64(st, c)); break;
    case SQLITE_FLOAT: snprintf(num, sizeof num, "%.17g", store_q_double(st, c)); break;
    default:
        return store_copy_textn(b, store_q_text(st, c), (size_t)sqlite3_column_bytes((sqlite3_stmt *)st->h, c), c == 0);
    }
    return store_copy_textn(b, num, strlen(num), c == 0);
}

static void select_list(const table_def *t, char *buf, size_t n)
{
    size_t o = 0;
    for (int c = 0; c < t->ncols; c++)
        o += (size_t)snprintf(buf + o, n - o, "%s%s", c ? ", " : "", t->col[c]);
}

/* The ORDER BY list for the checksum: the key (events: the id), or every
 * column of a table without one. PostgreSQL is told to sort as SQLite does:
 * text byte by byte (COLLATE "C", whatever the database's locale), NULLs
 * first. */
static void order_by(const table_def *t, int pg, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int k = t->npk ? 1 : 0; k <= (t->npk ? t->npk : 0); k++)
        for (int c = 0; c < t->ncols; c++) {
            if (t->npk ? t->pk[c] != k : 0)
                continue;
            if (strcmp(t->name, "events") == 0 && strcmp(t->col[c], "id") != 0)
                continue; /* the id alone orders events */
            int text = strcmp(pg_type(t, c), "text") == 0;
            o += (size_t)snprintf(buf + o, n - o, "%s%s%s%s", o ? ", " : "", t->col[c],
                                  pg && text ? " COLLATE \"C\"" : "", pg ? " NULLS FIRST" : "");
        }
}

/* Stream the SQLite table into a staging table, then into the real one. */
/* Non-zero when the PostgreSQL table has no rows yet. */
static int pg_empty(PGconn *pg, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", table);
    PGresult *r = PQexec(pg, sql);
    int empty = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 0;
    PQclear(r);
    return empty;
}

static int copy_table(PGconn *pg, store *s, const table_def *t, bloc_error *err)
{
    char cols[4096], sql[20480];
    int rc = BLOC_OK;
    select_list(t, cols, sizeof cols);
    /* an empty table takes the rows straight (nothing there to conflict
     * with, in this transaction); otherwise through a staging table */
    int direct = pg_empty(pg, t->name);
    if (!direct) {
        snprintf(sql, sizeof sql,
                 "CREATE TEMP TABLE stage_%s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP", t->name,
                 t->name);
        if ((rc = store_pg_exec_on(pg, sql, err)) != BLOC_OK)
            return rc;
    }
    snprintf(sql, sizeof sql, "COPY %s%s (%s) FROM STDIN", direct ? "" : "stage_", t->name, cols);
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        PQclear(r);
        return store_pg_fail(pg, err, "cannot start COPY");
    }
    PQclear(r);
    store_q *st = NULL;
    snprintf(sql, sizeof sql, "SELECT %s FROM %s", cols, t->name);
    rc = store_prepare(s, &st, sql, err);
    store_copybuf b = {0};
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        int bad = 0;
        for (int c = 0; c < t->ncols; c++)
            bad |= copy_value(&b, st, c);
        if (bad || store_copy_put(&b, "\n", 1)) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        if (b.len > 1 << 20) { /* send in pieces of about 1 MiB */
            if (PQputCopyData(pg, b.data, (int)b.len) != 1)
                rc = store_pg_fail(pg, err, "COPY failed");
            b.len = 0;
        }
    }
    store_q_finalize(st);
    if (rc == BLOC_OK && b.len && PQputCopyData(pg, b.data, (int)b.len) != 1)
        rc = store_pg_fail(pg, err, "COPY failed");
    free(b.data);
    if (PQputCopyEnd(pg, rc == BLOC_OK ? NULL : "bloc: stopped") != 1 && rc == BLOC_OK)
        rc = store_pg_fail(pg, err, "COPY failed");
    while ((r = PQgetResult(pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == BLOC_OK)
            rc = bloc_fail(err, BLOC_ESTORE, "COPY into %s: %s", t->name, PQresultErrorMessage(r));
        PQclear(r);
    }
    int rowid = rowid_key(t);
    if (rc == BLOC_OK && rowid >= 0 && strcmp(t->name, "events") != 0) {
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(%s), 0) + 1, false)"
                 " FROM %s", t->name, t->col[rowid], t->col[rowid], t->name);
        rc = store_pg_exec_on(pg, sql, err);
    }
    /* built after a first load: faster. The foreign-key checks the load
     * queued run first (PostgreSQL builds no index over pending ones); the
     * tables they name were copied before. */
    if (rc == BLOC_OK && strcmp(t->name, "events") == 0)
        rc = store_pg_exec_on(pg,
                     "SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED;"
                     "CREATE INDEX IF NOT EXISTS events_source_id ON events(source, source_event_id);"
                     "CREATE INDEX IF NOT EXISTS events_dyad ON events(actor1_country, actor2_country, date)"
                     " WHERE actor1_country IS NOT NULL;"
                     "CREATE INDEX IF NOT EXISTS events_actor2 ON events(actor2_country, date)"
                     " WHERE actor2_country IS NOT NULL;"
                     "CREATE INDEX IF NOT EXISTS events_date ON events(date);",
                     err);
    if (rc != BLOC_OK || direct)
        return rc;
    /* rows with a key: insert or bring up to date; without: replace */
    if (t->npk) {
        char pk[512], set[8192];
        size_t o = 0;
        pk_list(t, pk, sizeof pk);
        set[0] = '\0';
        for (int c = 0; c < t->ncols; c++)
            if (!t->pk[c] && !(strcmp(t->name, "events") == 0 && strcmp(t->col[c], "date") == 0))
                o += (size_t)snprintf(set + o, sizeof set - o, "%s%s = EXCLUDED.%s", o ? ", " : "",
                                      t->col[c], t->col[c]);
        snprintf(sql, sizeof sql, "INSERT INTO %s (%s) SELECT %s FROM stage_%s ON CONFLICT (%s) DO %s%s",
                 t->name, cols, cols, t->name, pk, o ? "UPDATE SET " : "NOTHING", set);
    } else {
        snprintf(sql, sizeof sql, "DELETE FROM %s; INSERT INTO %s (%s) SELECT %s FROM stage_%s",
                 t->name, t->name, cols, cols, t->name);
    }
    return store_pg_exec_on(pg, sql, err);
}

/* The canonical text of a value for the checksum: \N, whole numbers as
 * written, reals as %.17g of the double, text as its bytes. */
static void hash_value(EVP_MD_CTX *h, const char *text, int is_null, int real)
{
    char buf[64];
    if (is_null) {
        EVP_DigestUpdate(h, "\\N", 2);
    } else if (real) {
        snprintf(buf, sizeof buf, "%.17g", strtod(text, NULL));
        EVP_DigestUpdate(h, buf, strlen(buf));
    } else {
        EVP_DigestUpdate(h, text, strlen(text));
    }
    EVP_DigestUpdate(h, "\x1f", 1);
}

static void hex(const unsigned char *d, char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The query that reads a table back in checksum order, for either side. */
static void checksum_query(const table_def *t, int pg, char *sql, size_t n)
{
    char cols[4096], ord[8192];
    select_list(t, cols, sizeof cols);
    order_by(t, pg, ord, sizeof ord);
    /* the summaries' own bookkeeping in meta is each side's: each builds
     * its summaries from its events */
    snprintf(sql, n, "SELECT %s FROM %s%s ORDER BY %s", cols, t->name,
             strcmp(t->name, "meta") == 0 ? " WHERE key NOT LIKE 'event_summary%'" : "", ord);
}

static int checksum_sqlite(store *s, const table_def *t, long long *rows, char out[65],
                           bloc_error *err)
{
    char sql[12800];
    checksum_query(t, 0, sql, sizeof sql);
    store_q *st = NULL;
    int rc = store_prepare(s, &st, sql, err);
    EVP_MD_CTX *h = EVP_MD_CTX_new();
    unsigned char d[32];
    *rows = 0;
    EVP_DigestInit_ex(h, EVP_sha256(), NULL);
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        for (int c = 0; c < t->ncols; c++) {
            int type = sqlite3_column_type((sqlite3_stmt *)st->h, c);
            char num[32];
            const char *v = (const char *)store_q_text(st, c);
            if (type == SQLITE_INTEGER) {
                snprintf(num, sizeof num, "%lld", (long long)store_q_int64(st, c));
                v = num;
            }
            hash_value(h, v ? v : "", type == SQLITE_NULL, type == SQLITE_FLOAT);
        }
        EVP_DigestUpdate(h, "\n", 1);
        (*rows)++;
    }
    EVP_DigestFinal_ex(h, d, NULL);
    EVP_MD_CTX_free(h);
    store_q_finalize(st);
    hex(d, out);
    return rc;
}

static int checksum_pg(PGconn *pg, const table_def *t, long long *rows, char out[65],
                       bloc_error *err)
{
    char sql[12800];
    checksum_query(t, 1, sql, sizeof sql);
    /* single-row mode: a large table is never held whole in memory */
    if (!PQsendQuery(pg, sql) || !PQsetSingleRowMode(pg))
        return store_pg_fail(pg, err, "cannot read back");
    EVP_MD_CTX *h = EVP_MD_CTX_new();
    unsigned char d[32];
    PGresult *r;
    int rc = BLOC_OK;
    *rows = 0;
    EVP_DigestInit_ex(h, EVP_sha256(), NULL);
    while ((r = PQgetResult(pg))) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE) {
            for (int c = 0; c < t->ncols; c++)
                hash_value(h, PQgetvalue(r, 0, c), PQgetisnull(r, 0, c),
                           strcmp(pg_type(t, c), "double precision") == 0);
            EVP_DigestUpdate(h, "\n", 1);
            (*rows)++;
        } else if (st != PGRES_TUPLES_OK && rc == BLOC_OK) {
            rc = bloc_fail(err, BLOC_ESTORE, "reading back %s: %s", t->name, PQresultErrorMessage(r));
        }
        PQclear(r);
    }
    EVP_DigestFinal_ex(h, d, NULL);
    EVP_MD_CTX_free(h);
    hex(d, out);
    return rc;
}

static int copy_table_back(PGconn *pg, store *s, const table_def *t, bloc_error *err);

/* Copy each table one way (to_pg: SQLite into PostgreSQL, else back), then
 * read every table again on both sides and compare its row count and
 * checksum: the same rows on both, or an error (and the caller keeps
 * nothing). rep->t gets one entry per table, sha256 the source side's. */
static int copy_and_check(PGconn *pg, store *s, const table_def *defs, size_t n, int to_pg,
                          store_pg_report *rep, void (*progress)(void *ctx, const char *table),
                          void *pctx, bloc_error *err)
{
    int rc = BLOC_OK;
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        store_pg_table_report *t = &rep->t[rep->n++];
        snprintf(t->name, sizeof t->name, "%s", defs[i].name);
        if (progress)
            progress(pctx, defs[i].name);
        rc = to_pg ? copy_table(pg, s, &defs[i], err) : copy_table_back(pg, s, &defs[i], err);
    }
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        store_pg_table_report *t = &rep->t[i];
        char lite[65], other[65];
        rc = checksum_sqlite(s, &defs[i], &t->rows, lite, err);
        if (rc == BLOC_OK)
            rc = checksum_pg(pg, &defs[i], &t->rows_pg, other, err);
        snprintf(t->sha256, sizeof t->sha256, "%s", to_pg ? lite : other);
        if (rc == BLOC_OK && (t->rows != t->rows_pg || strcmp(lite, other) != 0)) {
            const char *from = to_pg ? "SQLite" : "PostgreSQL", *to = to_pg ? "PostgreSQL" : "SQLite";
            rc = bloc_fail(err, BLOC_ESTORE,
                           "%s differs after the copy: %lld rows and checksum %.12s in %s, %lld and"
                           " %.12s in %s (rows in %s that %s lacks?); nothing was written",
                           t->name, to_pg ? t->rows : t->rows_pg, to_pg ? lite : other, from,
                           to_pg ? t->rows_pg : t->rows, to_pg ? other : lite, to, to, from);
        }
    }
    return rc;
}

/* Schema 1 -> 2, first half: the old events table, its partitions and its
 * named indexes move aside (v1_...) so the new ones can take the names. */
static int upgrade_v1_begin(PGconn *pg, bloc_error *err)
{
    return store_pg_exec_on(pg,
                   "DO $$DECLARE r record; BEGIN"
                   " FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                   "  WHERE i.inhparent = 'events'::regclass LOOP"
                   "  EXECUTE format('ALTER TABLE %I RENAME TO %I', r.relname, 'v1_' || r.relname);"
                   " END LOOP; END$$;"
                   "ALTER TABLE events RENAME TO v1_events;"
                   "ALTER INDEX IF EXISTS events_source_id RENAME TO v1_events_source_id;"
                   "ALTER INDEX IF EXISTS events_dyad RENAME TO v1_events_dyad;"
                   "ALTER INDEX IF EXISTS events_actor2 RENAME TO v1_events_actor2;"
                   "ALTER INDEX IF EXISTS events_date RENAME TO v1_events_date;",
                   err);
}

/* Second half, once the new tables exist: the old events come over with
 * their dates as text, and every other text column takes collation "C". */
static int upgrade_v1_end(PGconn *pg, const table_def *defs, size_t n, bloc_error *err)
{
    char sql[10240];
    int rc = BLOC_OK;
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        const table_def *t = &defs[i];
        if (strcmp(t->name, "events") == 0) {
            char cols[4096], sel[4096];
            size_t o = 0;
            select_list(t, cols, sizeof cols);
            for (int c = 0; c < t->ncols; c++)
                o += (size_t)snprintf(sel + o, sizeof sel - o, "%s%s%s", c ? ", " : "", t->col[c],
                                      strcmp(t->col[c], "date") == 0 ? "::text" : "");
            snprintf(sql, sizeof sql, "INSERT INTO events (%s) SELECT %s FROM v1_events;"
                                      " DROP TABLE v1_events CASCADE", cols, sel);
            rc = store_pg_exec_on(pg, sql, err);
            continue;
        }
        for (int c = 0; rc == BLOC_OK && c < t->ncols; c++)
            if (strcmp(pg_type(t, c), "text") == 0) {
                snprintf(sql, sizeof sql, "ALTER TABLE %s ALTER COLUMN %s TYPE text COLLATE \"C\"",
                         t->name, t->col[c]);
                rc = store_pg_exec_on(pg, sql, err);
            }
    }
    return rc;
}

/* What unga_votes is in PostgreSQL: 'r' a table (a store from before
 * schema 13: a row per vote), 'v' the view, 0 nothing. */
static int pg_votes_kind(PGconn *pg, char *kind, bloc_error *err)
{
    PGresult *r = PQexec(pg, "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                             " WHERE c.relname = 'unga_votes' AND n.nspname = current_schema()");
    int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? BLOC_OK
                                                  : bloc_fail(err, BLOC_ESTORE, "reading the catalogue: %s",
                                                              PQresultErrorMessage(r));
    *kind = rc == BLOC_OK && PQntuples(r) == 1 ? PQgetvalue(r, 0, 0)[0] : 0;
    PQclear(r);
    return rc;
}

/* The view over the packed votes (store_ballots.c). A store from before
 * schema 13 holds its votes as a table: it is dropped only when it holds
 * as many votes as the SQLite store brings, so that votes loaded straight
 * into PostgreSQL are never lost to an older SQLite store. */
static int pg_votes_view(PGconn *pg, store *s, bloc_error *err)
{
    char kind;
    int rc = pg_votes_kind(pg, &kind, err);
    if (rc != BLOC_OK)
        return rc;
    if (kind == 'r') {
        store_unga_counts c;
        long long pg_votes = -1;
        PGresult *r = PQexec(pg, "SELECT count(*) FROM unga_votes");
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            pg_votes = atoll(PQgetvalue(r, 0, 0));
        PQclear(r);
        if ((rc = store_unga_counts_get(s, &c, err)) != BLOC_OK)
            return rc;
        if (pg_votes != c.votes)
            return bloc_fail(err, BLOC_EINPUT,
                             "the PostgreSQL store holds %lld UN votes a row each (before schema 13), the SQLite"
                             " store %lld: migrate from the store that holds them all, or bring the PostgreSQL"
                             " one back to SQLite with the bloc that wrote it first",
                             pg_votes, c.votes);
        if ((rc = store_pg_exec_on(pg, "DROP TABLE unga_votes", err)) != BLOC_OK)
            return rc;
    }
    return store_pg_exec_on(pg, "DROP VIEW IF EXISTS unga_votes; " STORE_UNGA_VOTES_VIEW, err);
}

int store_pg_migrate_from_sqlite(const char *sqlite_path, const char *url, store_pg_report *rep,
                                 void (*progress)(void *ctx, const char *table), void *pctx,
                                 bloc_error *err)
{
    store *s = NULL;
    PGconn *pg = NULL;
    store_q *st = NULL;
    table_def *defs = calloc(STORE_PG_MAX_TABLES, sizeof *defs);
    int rc = BLOC_OK, began = 0;
    memset(rep, 0, sizeof *rep);
    if (!defs)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if ((rc = store_open(&s, sqlite_path, STORE_READONLY, err)) != BLOC_OK)
        goto done;
    if ((rc = store_pg_connect(url, &pg, err)) != BLOC_OK || (rc = store_pg_exec_on(pg, "BEGIN", err)) != BLOC_OK)
        goto done;
    began = 1;
    int from_version = 0;
    rc = store_pg_exec_on(pg, "CREATE TABLE IF NOT EXISTS bloc_meta(key text PRIMARY KEY, value text NOT NULL)", err);
    if (rc == BLOC_OK)
        rc = store_pg_version(pg, "pg_schema_version", &from_version, err);
    if (rc == BLOC_OK && from_version > STORE_PG_SCHEMA_VERSION)
        rc = bloc_fail(err, BLOC_EINPUT, "the PostgreSQL schema is version %d, newer than this bloc (%d)",
                       from_version, STORE_PG_SCHEMA_VERSION);
    if (rc == BLOC_OK && from_version == 1)
        rc = upgrade_v1_begin(pg, err);
    /* every table of the store (the summaries are made, not copied), each
     * after the tables its foreign keys name */
    if (rc == BLOC_OK)
        rc = store_prepare(s, &st,
                           "WITH RECURSIVE dep(name, depth) AS ("
                           " SELECT name, 0 FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                           " UNION ALL SELECT m.name, d.depth + 1 FROM sqlite_master m,"
                           "  pragma_foreign_key_list(m.name) k JOIN dep d ON d.name = k.\"table\""
                           "  WHERE m.type='table' AND d.depth < 16)"
                           " SELECT name FROM dep GROUP BY name"
                            " ORDER BY name IN (" SUMMARY_TABLES "), max(depth), name",
                           err);
    size_t n = 0, ncopy = 0;
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        char name[64];
        store_copy_col(st, 0, name, sizeof name);
        if (n == STORE_PG_MAX_TABLES) {
            rc = bloc_fail(err, BLOC_ESTORE, "more than %d tables", STORE_PG_MAX_TABLES);
            break;
        }
        if (!plain_name(name))
            continue;
        if (!is_summary_table(name))
            ncopy = n + 1;
        rc = describe(s, name, &defs[n++], err);
    }
    store_q_finalize(st);
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        int parts = 0;
        rc = create_table(pg, s, &defs[i], &parts, err);
        if (i < ncopy)
            rep->t[i].partitions = parts;
    }
    for (size_t i = 0; rc == BLOC_OK && i < n; i++)
        rc = foreign_keys(pg, s, &defs[i], err);
    if (rc == BLOC_OK)
        rc = pg_votes_view(pg, s, err);
    if (rc == BLOC_OK && from_version == 1)
        rc = upgrade_v1_end(pg, defs, ncopy, err);
    if (rc == BLOC_OK)
        rc = copy_and_check(pg, s, defs, ncopy, 1, rep, progress, pctx, err);
    /* the summaries are built again there, from the events as moved */
    if (rc == BLOC_OK)
        rc = store_pg_exec_on(pg, "UPDATE meta SET value = '0' WHERE key = 'event_summary_max_id'", err);
    if (rc == BLOC_OK) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO bloc_meta VALUES ('pg_schema_version', '%d'), ('sqlite_schema_version', '%d')"
                 " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                 STORE_PG_SCHEMA_VERSION, store_schema_version(s));
        rc = store_pg_exec_on(pg, sql, err);
    }
    if (rc == BLOC_OK && (rc = store_pg_exec_on(pg, "COMMIT", err)) == BLOC_OK)
        began = 0;
    rep->schema_version = STORE_PG_SCHEMA_VERSION;
    if (rc == BLOC_OK) { /* as any writer would on its first read */
        store *ps = NULL;
        if ((rc = store_open(&ps, url, STORE_READWRITE, err)) == BLOC_OK)
            rc = store_event_summary_refresh(ps, err);
        store_close(ps);
        if (rc != BLOC_OK) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            bloc_fail(err, rc, "the store was moved, but building its summaries failed: %s", why);
        }
    }
done:
    if (began) {
        PGresult *r = PQexec(pg, "ROLLBACK");
        PQclear(r);
    }
    PQfinish(pg);
    store_close(s);
    free(defs);
    return rc;
}

/* ---- PostgreSQL back to SQLite ---- */

/* Keep only the columns of t that the PostgreSQL table has too (a store
 * newer than the database may have more); *missing = 1 when the table is
 * not there at all. A key column that is missing is an error. */
static int restrict_to_pg(PGconn *pg, table_def *t, int *missing, bloc_error *err)
{
    const char *params[1] = {t->name};
    PGresult *r = PQexecParams(pg,
                               "SELECT column_name FROM information_schema.columns"
                               " WHERE table_schema = current_schema() AND table_name = $1",
                               1, NULL, params, NULL, NULL, 0);
    int rc = BLOC_OK;
    *missing = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = bloc_fail(err, BLOC_ESTORE, "reading the columns of %s: %s", t->name,
                       PQresultErrorMessage(r));
        PQclear(r);
        return rc;
    }
    if (PQntuples(r) == 0) {
        *missing = 1;
        PQclear(r);
        return BLOC_OK;
    }
    table_def keep = *t;
    keep.ncols = keep.npk = 0;
    for (int c = 0; c < t->ncols; c++) {
        int found = 0;
        for (int i = 0; i < PQntuples(r) && !found; i++)
            found = strcmp(PQgetvalue(r, i, 0), t->col[c]) == 0;
        if (!found) {
            if (t->pk[c])
                rc = bloc_fail(err, BLOC_EINPUT, "PostgreSQL table %s lacks its key column %s",
                               t->name, t->col[c]);
            continue;
        }
        memcpy(keep.col[keep.ncols], t->col[c], sizeof keep.col[0]);
        memcpy(keep.type[keep.ncols], t->type[c], sizeof keep.type[0]);
        keep.pk[keep.ncols] = t->pk[c];
        keep.npk += t->pk[c] > 0;
        keep.ncols++;
    }
    PQclear(r);
    *t = keep;
    return rc;
}

/* Undo COPY's text escapes in place (\\, \t, \n, \r, \b, \f, \v, octal
 * \ooo and \xhh); returns the new length. libpq hands COPY rows over as
 * raw text and has no decoder for them. */
static size_t copy_unescape(char *p, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\\' || i + 1 == n) {
            p[o++] = p[i];
            continue;
        }
        char e = p[++i];
        int v = 0, k = 0;
        switch (e) {
        case 't': p[o++] = '\t'; break;
        case 'n': p[o++] = '\n'; break;
        case 'r': p[o++] = '\r'; break;
        case 'b': p[o++] = '\b'; break;
        case 'f': p[o++] = '\f'; break;
        case 'v': p[o++] = '\v'; break;
        case 'x':
            while (k < 2 && i + 1 < n &&
                   ((p[i + 1] >= '0' && p[i + 1] <= '9') || ((p[i + 1] | 32) >= 'a' && (p[i + 1] | 32) <= 'f'))) {
                char h = p[++i];
                v = v * 16 + (h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
                k++;
            }
            p[o++] = k ? (char)v : 'x';
            break;
        default:
            if (e >= '0' && e <= '7') {
                v = e - '0';
                while (k < 2 && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7') {
                    v = v * 8 + (p[++i] - '0');
                    k++;
                }
                p[o++] = (char)v;
            } else {
                p[o++] = e; /* \\ and any other escaped byte stand for themselves */
            }
        }
    }
    return o;
}

/* Bind one COPY field (already split, NUL-terminated, escapes not yet
 * undone) as the SQLite column's type would store it. */
static void bind_copy_field(store_q *st, int i, const table_def *t, int c, char *f, size_t n)
{
    if (n == 2 && f[0] == '\\' && f[1] == 'N') {
        store_q_bind_null(st, i);
        return;
    }
    n = copy_unescape(f, n);
    f[n] = '\0';
    if (strcmp(t->type[c], "INTEGER") == 0)
        store_q_bind_int64(st, i, strtoll(f, NULL, 10));
    else if (strcmp(t->type[c], "REAL") == 0)
        store_q_bind_double(st, i, strtod(f, NULL));
    else if (!t->type[c][0]) /* no declared type: events.source_event_id */
        store_bind_event_id(st, i, f);
    else
        store_q_bind_textn(st, i, f, n, 1);
}

/* The INSERT that takes a PostgreSQL row into the store: into an empty
 * table straight, otherwise inserting or bringing the row up to date. */
static void sqlite_insert_sql(const table_def *t, int direct, char *sql, size_t n)
{
    char cols[4096], pk[512], set[8192];
    size_t o = 0, q;
    select_list(t, cols, sizeof cols);
    q = (size_t)snprintf(sql, n, "INSERT INTO %s (%s) VALUES (", t->name, cols);
    for (int c = 0; c < t->ncols; c++)
        q += (size_t)snprintf(sql + q, n - q, "%s?", c ? "," : "");
    q += (size_t)snprintf(sql + q, n - q, ")");
    if (direct || !t->npk)
        return;
    size_t p = 0;
    pk[0] = set[0] = '\0';
    for (int k = 1; k <= t->npk; k++)
        for (int c = 0; c < t->ncols; c++)
            if (t->pk[c] == k)
                p += (size_t)snprintf(pk + p, sizeof pk - p, "%s%s", p ? ", " : "", t->col[c]);
    for (int c = 0; c < t->ncols; c++)
        if (!t->pk[c])
            o += (size_t)snprintf(set + o, sizeof set - o, "%s%s = excluded.%s", o ? ", " : "",
                                  t->col[c], t->col[c]);
    snprintf(sql + q, n - q, " ON CONFLICT (%s) DO %s%s", pk, o ? "UPDATE SET " : "NOTHING", set);
}

static int sqlite_empty(store *s, const char *table, int *empty, bloc_error *err)
{
    char sql[128];
    store_q *st = NULL;
    snprintf(sql, sizeof sql, "SELECT NOT EXISTS (SELECT 1 FROM %s)", table);
    int rc = store_prepare(s, &st, sql, err);
    if (rc == BLOC_OK)
        *empty = store_q_step(st) == STORE_ROW && store_q_int(st, 0);
    store_q_finalize(st);
    return rc;
}

/* Stream one PostgreSQL table into the store with COPY ... TO STDOUT. */
static int copy_table_back(PGconn *pg, store *s, const table_def *t, bloc_error *err)
{
    char cols[4096], sql[20480];
    int rc, direct = 0;
    store_q *st = NULL;
    select_list(t, cols, sizeof cols);
    if ((rc = sqlite_empty(s, t->name, &direct, err)) != BLOC_OK)
        return rc;
    if (!t->npk && !direct) { /* no key to match rows by: replaced whole */
        snprintf(sql, sizeof sql, "DELETE FROM %s", t->name);
        if ((rc = store_exec(s, sql, err)) != BLOC_OK)
            return rc;
        direct = 1;
    }
    /* into an empty events table the secondary indexes are built once at
     * the end, as a first GDELT load does */
    int events_first = direct && strcmp(t->name, "events") == 0;
    if (events_first && (rc = store_events_indexes(s, 0, err)) != BLOC_OK)
        return rc;
    sqlite_insert_sql(t, direct, sql, sizeof sql);
    if ((rc = store_prepare(s, &st, sql, err)) != BLOC_OK)
        return rc;
    snprintf(sql, sizeof sql, "COPY (SELECT %s FROM %s) TO STDOUT", cols, t->name);
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        PQclear(r);
        store_q_finalize(st);
        return store_pg_fail(pg, err, "cannot start COPY out");
    }
    PQclear(r);
    char *row;
    int len;
    long long line = 0;
    while ((len = PQgetCopyData(pg, &row, 0)) > 0) {
        line++;
        if (rc == BLOC_OK) {
            size_t n = (size_t)len, start = 0;
            int c = 0;
            if (n && row[n - 1] == '\n')
                n--;
            for (size_t i = 0; i <= n && c <= t->ncols; i++)
                if (i == n || row[i] == '\t') {
                    if (c < t->ncols) {
                        row[i] = '\0';
                        bind_copy_field(st, c + 1, t, c, row + start, i - start);
                    }
                    c++;
                    start = i + 1;
                }
            if (c != t->ncols)
                rc = bloc_fail(err, BLOC_ESTORE, "%s, COPY row %lld: %d fields, expected %d",
                               t->name, line, c, t->ncols);
            else if (store_q_step(st) != STORE_DONE)
                rc = store_sqlfail(s, err, "cannot store a PostgreSQL row");
            store_q_reset(st);
        }
        PQfreemem(row); /* keep reading to the end: the connection must be drained */
    }
    if (len == -2 && rc == BLOC_OK)
        rc = store_pg_fail(pg, err, "COPY out failed");
    while ((r = PQgetResult(pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == BLOC_OK)
            rc = bloc_fail(err, BLOC_ESTORE, "COPY out of %s: %s", t->name, PQresultErrorMessage(r));
        PQclear(r);
    }
    store_q_finalize(st);
    if (rc == BLOC_OK && events_first)
        rc = store_events_indexes(s, 1, err);
    return rc;
}

int store_pg_migrate_to_sqlite(const char *url, const char *sqlite_path, store_pg_report *rep,
                               void (*progress)(void *ctx, const char *table), void *pctx,
                               bloc_error *err)
{
    store *s = NULL;
    PGconn *pg = NULL;
    store_q *st = NULL;
    table_def *defs = calloc(STORE_PG_MAX_TABLES, sizeof *defs);
    int rc = BLOC_OK, began = 0;
    memset(rep, 0, sizeof *rep);
    if (!defs)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    /* one snapshot for the copy and the checksums, whatever writes meanwhile */
    if ((rc = store_pg_connect(url, &pg, err)) != BLOC_OK ||
        (rc = store_pg_exec_on(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err)) != BLOC_OK)
        goto done;
    if ((rc = store_pg_store_version(pg, url, &rep->schema_version, err)) != BLOC_OK)
        goto done;
    if (rep->schema_version > STORE_PG_SCHEMA_VERSION) {
        rc = bloc_fail(err, BLOC_EINPUT, "the PostgreSQL schema is version %d, newer than this bloc (%d)",
                       rep->schema_version, STORE_PG_SCHEMA_VERSION);
        goto done;
    }
    char kind;
    if ((rc = pg_votes_kind(pg, &kind, err)) != BLOC_OK)
        goto done;
    if (kind == 'r') {
        rc = bloc_fail(err, BLOC_EINPUT,
                       "%s holds its UN votes a row each (a store from before schema 13): this bloc reads"
                       " them only from a SQLite store; move it back with the bloc that wrote it", url);
        goto done;
    }
    if ((rc = store_open(&s, sqlite_path, STORE_READWRITE, err)) != BLOC_OK)
        goto done;
    rc = store_prepare(s, &st,
                       "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                       " AND name NOT IN (" SUMMARY_TABLES ") ORDER BY name",
                       err);
    size_t n = 0;
    while (rc == BLOC_OK && store_q_step(st) == STORE_ROW) {
        char name[64];
        int missing = 0;
        store_copy_col(st, 0, name, sizeof name);
        if (n == STORE_PG_MAX_TABLES) {
            rc = bloc_fail(err, BLOC_ESTORE, "more than %d tables", STORE_PG_MAX_TABLES);
            break;
        }
        if (!plain_name(name))
            continue;
        if ((rc = describe(s, name, &defs[n], err)) == BLOC_OK &&
            (rc = restrict_to_pg(pg, &defs[n], &missing, err)) == BLOC_OK && !missing)
            n++;
    }
    store_q_finalize(st);
    if (rc == BLOC_OK && (rc = store_begin_bulk(s, err)) == BLOC_OK)
        began = 1;
    if (rc == BLOC_OK)
        rc = copy_and_check(pg, s, defs, n, 0, rep, progress, pctx, err);
    /* the summaries were not moved: rebuilt from the events on first use */
    if (rc == BLOC_OK)
        rc = store_meta_set(s, "event_summary_max_id", "0", err);
    if (rc == BLOC_OK && (rc = store_commit(s, err)) == BLOC_OK)
        began = 0;
done:
    if (began)
        store_rollback(s);
    if (pg && PQstatus(pg) == CONNECTION_OK) {
        PGresult *e = PQexec(pg, "ROLLBACK"); /* read only: nothing to keep */
        PQclear(e);
    }
    PQfinish(pg);
    store_close(s);
    free(defs);
    return rc;
}
