/*
 * store/store_pg — the PostgreSQL backend, through libpq: connecting (with
 * the settings every bloc connection uses) to a database that `bloc
 * migrate` made a bloc store; statements in SQLite's dialect rewritten
 * once (store_dialect.c) and run with their parameters as text; a
 * deadline as statement_timeout, each statement getting what is left of
 * it; bulk loads of events staged as COPY text into a temporary table
 * and moved into the real one in one statement under a table lock (new
 * ids in input order, duplicates left out; UN votes need no staging here:
 * store_ballots.c writes a row per roll call). The COPY text helpers are
 * shared with store_migrate.c.
 */
#include "store/store_pg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "core/util.h"
#include "store/store_internal.h"

int store_pg_is_url(const char *db)
{
    return db && (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0 ||
                  strstr(db, "dbname=") != NULL);
}

int store_pg_fail_code(PGconn *pg, bloc_error *err, int code, const char *what)
{
    const char *m = pg ? PQerrorMessage(pg) : "no connection";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    return bloc_fail(err, code, "%s: %.*s", what, (int)n, m);
}

int store_pg_fail(PGconn *pg, bloc_error *err, const char *what)
{
    return store_pg_fail_code(pg, err, BLOC_ESTORE, what);
}

int store_pg_exec_on(PGconn *pg, const char *sql, bloc_error *err)
{
    PGresult *r = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, code = BLOC_OK;
    if (!ok) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        int conflict = state && (strcmp(state, "40P01") == 0 || strcmp(state, "40001") == 0);
        code = conflict ? BLOC_ECONFLICT : BLOC_ESTORE;
        bloc_fail(err, code, "PostgreSQL: %s (in: %.120s)", PQresultErrorMessage(r), sql);
        for (size_t n = strlen(err->msg); n && err->msg[n - 1] == '\n'; n--)
            err->msg[n - 1] = '\0';
    }
    PQclear(r);
    return code;
}

/* Connect to url, with the session settings every bloc connection uses:
 * ISO dates, reals printed in full (extra_float_digits), no notices. *pg
 * is set even on failure (the caller's to PQfinish). */
int store_pg_connect(const char *url, PGconn **pg, bloc_error *err)
{
    *pg = PQconnectdb(url);
    if (PQstatus(*pg) != CONNECTION_OK)
        return store_pg_fail_code(*pg, err, BLOC_EINPUT, "cannot connect to PostgreSQL");
    return store_pg_exec_on(*pg, "SET client_min_messages = warning; SET DateStyle = ISO;"
                        " SET extra_float_digits = 3", err);
}

/* A bloc_meta version, 0 when not there. */
int store_pg_version(PGconn *pg, const char *key, int *v, bloc_error *err)
{
    const char *params[1] = {key};
    PGresult *r = PQexecParams(pg, "SELECT value FROM bloc_meta WHERE key = $1", 1, NULL, params,
                               NULL, NULL, 0);
    int rc = BLOC_OK;
    *v = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = bloc_fail(err, BLOC_ESTORE, "reading bloc_meta: %s", PQresultErrorMessage(r));
    else if (PQntuples(r) == 1)
        *v = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return rc;
}

/* The PostgreSQL schema version of the bloc store at url; BLOC_EINPUT
 * when the database holds none (no bloc_meta, or no version in it). */
int store_pg_store_version(PGconn *pg, const char *url, int *v, bloc_error *err)
{
    PGresult *r = PQexec(pg, "SELECT to_regclass('bloc_meta') IS NOT NULL");
    int has_meta = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                   PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    *v = 0;
    int rc = has_meta ? store_pg_version(pg, "pg_schema_version", v, err) : BLOC_OK;
    if (rc == BLOC_OK && !*v)
        rc = bloc_fail(err, BLOC_EINPUT,
                       "%s holds no bloc store (no bloc_meta.pg_schema_version); make one with"
                       " `bloc migrate --from STORE.db --to URL`",
                       url);
    return rc;
}

/* ---- COPY text: what staging and the move between stores write ---- */

/* Append to a COPY buffer (grown as needed); 0 or -1 out of memory. */
int store_copy_put(store_copybuf *s, const char *p, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1 << 20;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *b = realloc(s->data, cap);
        if (!b)
            return -1;
        s->data = b;
        s->cap = cap;
    }
    memcpy(s->data + s->len, p, n);
    s->len += n;
    return 0;
}

/* n bytes as a field of a COPY text row (a tab before all but the first),
 * with COPY's escapes for backslash, tab, newline and carriage return. */
int store_copy_textn(store_copybuf *s, const char *v, size_t n, int first)
{
    int rc = first ? 0 : store_copy_put(s, "\t", 1);
    for (const char *p = v, *end = v + n; p < end && !rc;) {
        size_t run = 0;
        while (p + run < end && p[run] != '\\' && p[run] != '\t' && p[run] != '\n' && p[run] != '\r')
            run++;
        if (run) {
            rc = store_copy_put(s, p, run);
            p += run;
            continue;
        }
        rc = store_copy_put(s, *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" : "\\r", 2);
        p++;
    }
    return rc;
}

/* A text field; NULL and "" are \N, as store_bind_text_or_null stores them. */
int store_copy_text(store_copybuf *s, const char *v, int first)
{
    if (!v || !*v)
        return (first ? 0 : store_copy_put(s, "\t", 1)) || store_copy_put(s, "\\N", 2);
    return store_copy_textn(s, v, strlen(v), first);
}

int store_copy_int(store_copybuf *s, long long v, int null)
{
    char buf[32];
    if (null)
        return store_copy_text(s, NULL, 0);
    util_format_int(buf, v);
    return store_copy_text(s, buf, 0);
}

int store_copy_real(store_copybuf *s, double v)
{
    char buf[40];
    if (isnan(v))
        return store_copy_text(s, NULL, 0);
    snprintf(buf, sizeof buf, "%.17g", v);
    return store_copy_text(s, buf, 0);
}

/* ---- statements: SQLite-dialect text rewritten once, run with its parameters as text on the first step; the whole result is read at once (the store's queries read summaries, registry tables or a LIMIT of events, not whole tables) ---- */

enum { MAX_PARAMS = 2000 };

static void note_error(store *s, const char *msg);

struct store_pgq {
    char *sql;          /* PostgreSQL dialect */
    int nparams;        /* highest $n in sql */
    char **params;      /* text of each parameter, NULL = SQL NULL */
    PGresult *res;
    int row, nrows;     /* current row of res */
};

static void pg_param(store_q *q, int i, char *text)
{
    struct store_pgq *p = q->h;
    if (i < 1 || i > p->nparams) {
        free(text);
        return;
    }
    free(p->params[i - 1]);
    p->params[i - 1] = text;
}

static void pgq_bind_int64(store_q *q, int i, long long v)
{
    char buf[24];
    util_format_int(buf, v);
    pg_param(q, i, util_strdup(buf));
}

static void pgq_bind_double(store_q *q, int i, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    pg_param(q, i, util_strdup(buf));
}

static void pgq_bind_null(store_q *q, int i) { pg_param(q, i, NULL); }

static void pgq_bind_textn(store_q *q, int i, const char *v, size_t n, int copy)
{
    (void)copy; /* always copied: the text is sent at the step */
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, v, n);
        t[n] = '\0';
    }
    pg_param(q, i, t);
}

static int pgq_step(store_q *q)
{
    struct store_pgq *p = q->h;
    store *s = q->s;
    if (!p->res && s->deadline > 0) {
        /* the deadline is for the whole command, as SQLite's progress
         * handler keeps it: each statement gets what is left of it */
        int left = store_ms_left(s);
        char set[64];
        if (left <= 0) {
            note_error(s, "interrupted: the query ran past its time limit");
            return STORE_QERR;
        }
        snprintf(set, sizeof set, "SET statement_timeout = %d", left);
        PQclear(PQexec(s->pg, set));
    }
    if (!p->res) {
        p->res = PQexecParams(s->pg, p->sql, p->nparams, NULL, (const char *const *)p->params,
                              NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(p->res);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            const char *state = PQresultErrorField(p->res, PG_DIAG_SQLSTATE);
            int constraint = state && strncmp(state, "23", 2) == 0; /* integrity violation */
            snprintf(s->pg_state, sizeof s->pg_state, "%s", state ? state : "");
            if (state && strcmp(state, "57014") == 0) /* canceled: statement_timeout */
                note_error(s, "interrupted: the query ran past its time limit");
            else
                note_error(s, PQresultErrorMessage(p->res));
            PQclear(p->res);
            p->res = NULL;
            return constraint ? STORE_QCONSTRAINT : STORE_QERR;
        }
        p->nrows = st == PGRES_TUPLES_OK ? PQntuples(p->res) : 0;
        p->row = -1;
        const char *changed = PQcmdTuples(p->res);
        s->pg_changes = changed && *changed ? atoll(changed) : 0;
    }
    if (p->row + 1 < p->nrows) {
        p->row++;
        return STORE_ROW;
    }
    return STORE_DONE;
}

/* The current row's value of column c as text, NULL when SQL NULL. */
static const char *pg_value(const store_q *q, int c)
{
    const struct store_pgq *p = q->h;
    if (!p->res || p->row < 0 || c >= PQnfields(p->res) || PQgetisnull(p->res, p->row, c))
        return NULL;
    return PQgetvalue(p->res, p->row, c);
}

static const char *pgq_text(const store_q *q, int c) { return pg_value(q, c); }

static long long pgq_int64(const store_q *q, int c)
{
    const char *v = pg_value(q, c);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1]) /* a boolean, as SQLite gives it: 1 or 0 */
        return 1;
    return strtoll(v, NULL, 10);
}

static double pgq_real(const store_q *q, int c)
{
    const char *v = pg_value(q, c);
    return v ? strtod(v, NULL) : 0.0;
}

static void note_error(store *s, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    snprintf(s->pg_error, sizeof s->pg_error, "PostgreSQL: %.*s", (int)n, msg);
}

static int pg_exec_sql(store *s, const char *sql, bloc_error *err)
{
    /* SQLite's PRAGMAs tune SQLite; PostgreSQL's own settings are its admin's */
    if (strncasecmp(sql, "PRAGMA", 6) == 0)
        return BLOC_OK;
    /* a plain transaction checks foreign keys as it goes, as SQLite does;
     * a bulk one (store_begin_bulk: "BEGIN") leaves them to the commit */
    if (strcasecmp(sql, "BEGIN IMMEDIATE") == 0)
        sql = "BEGIN; SET CONSTRAINTS ALL IMMEDIATE";
    int n;
    char *text = store_pg_dialect(sql, &n);
    if (!text)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    PGresult *r = PQexec(s->pg, text);
    ExecStatusType st = PQresultStatus(r);
    int rc = BLOC_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        note_error(s, PQresultErrorMessage(r));
        rc = bloc_fail(err, BLOC_ESTORE, "%s (in: %.100s; store %s)", s->pg_error, text, s->path);
    }
    PQclear(r);
    free(text);
    return rc;
}

/* ---- the handle ---- */

static int pg_open(store *s, bloc_error *err)
{
    int pgv = 0, litev = 0, rc;
    if ((rc = store_pg_connect(s->path, &s->pg, err)) != BLOC_OK ||
        (rc = store_pg_store_version(s->pg, s->path, &pgv, err)) != BLOC_OK ||
        (rc = store_pg_version(s->pg, "sqlite_schema_version", &litev, err)) != BLOC_OK)
        return rc;
    if (pgv != STORE_PG_SCHEMA_VERSION || litev != STORE_SCHEMA_VERSION)
        return bloc_fail(err, BLOC_EINPUT,
                         "%s holds a bloc store of schema %d/%d, this bloc reads %d/%d: bring it"
                         " forward with `bloc migrate --from STORE.db --to URL` from an up-to-date"
                         " SQLite store",
                         s->path, pgv, litev, STORE_PG_SCHEMA_VERSION, STORE_SCHEMA_VERSION);
    if (s->readonly)
        rc = store_pg_exec_on(s->pg, "SET default_transaction_read_only = on", err);
    return rc;
}

static void pg_rollback(store *s)
{
    s->pg_ev.len = 0; /* staged rows go with the transaction */
    s->pg_staged = 0;
    if (PQtransactionStatus(s->pg) != PQTRANS_IDLE) {
        PGresult *r = PQexec(s->pg, "ROLLBACK");
        PQclear(r);
    }
}

static void pg_clear_timeout(store *s)
{
    PQclear(PQexec(s->pg, "SET statement_timeout = 0"));
}

static int pg_schema_version(store *s)
{
    int v = -1;
    bloc_error err;
    return store_pg_version(s->pg, "sqlite_schema_version", &v, &err) == BLOC_OK ? v : -1;
}

/* ---- loading events: COPY into a staging table, then into events ---- */

enum { STAGE_SEND_BYTES = 8 << 20 };

/* Send a buffer's rows with COPY into its staging table (made by make on
 * first use, columns cols). */
static int stage_send_to(store *s, store_copybuf *b, const char *make, const char *copy,
                         bloc_error *err)
{
    int rc = BLOC_OK;
    if (!b->len)
        return BLOC_OK;
    if ((rc = store_pg_exec_on(s->pg, make, err)) != BLOC_OK)
        return rc;
    PGresult *r = PQexec(s->pg, copy);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        PQclear(r);
        return store_pg_fail(s->pg, err, "cannot start COPY into a staging table");
    }
    PQclear(r);
    if (PQputCopyData(s->pg, b->data, (int)b->len) != 1)
        rc = store_pg_fail(s->pg, err, "COPY into a staging table failed");
    if (PQputCopyEnd(s->pg, rc == BLOC_OK ? NULL : "bloc: stopped") != 1 && rc == BLOC_OK)
        rc = store_pg_fail(s->pg, err, "COPY into a staging table failed");
    while ((r = PQgetResult(s->pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == BLOC_OK)
            rc = bloc_fail(err, BLOC_ESTORE, "COPY into a staging table: %s", PQresultErrorMessage(r));
        PQclear(r);
    }
    b->len = 0;
    return rc;
}

static int stage_send(store *s, bloc_error *err)
{
    return stage_send_to(s, &s->pg_ev,
                         "CREATE TEMP TABLE IF NOT EXISTS bloc_stage AS SELECT " STORE_EVENT_COLUMNS
                         " FROM events WITH NO DATA;"
                         " ALTER TABLE bloc_stage ADD COLUMN IF NOT EXISTS seq bigint",
                         "COPY bloc_stage (" STORE_EVENT_COLUMNS ", seq) FROM STDIN", err);
}

static int pg_event_stage(store *s, const store_event *e, int *result, bloc_error *err)
{
    store_copybuf *b = &s->pg_ev;
    int rc = 0;
    for (int col = 0; col < STORE_EVENT_NCOLS; col++) {
        store_cell c;
        store_event_cell(e, col, &c);
        int first = col == 0;
        switch (c.type) {
        case STORE_CELL_INT: rc |= store_copy_int(b, c.i, 0); break;
        case STORE_CELL_REAL: rc |= store_copy_real(b, c.d); break;
        case STORE_CELL_TEXT: rc |= store_copy_textn(b, c.t, c.n, first); break;
        default: rc |= store_copy_text(b, NULL, first); break;
        }
    }
    rc |= store_copy_int(b, ++s->pg_staged, 0);
    rc |= store_copy_put(b, "\n", 1);
    if (rc)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory staging events");
    *result = STORE_PENDING;
    return b->len >= STAGE_SEND_BYTES ? stage_send(s, err) : BLOC_OK;
}

static int pg_events_flush(store *s, long long *inserted, long long *duplicates, bloc_error *err)
{
    int rc;
    if (!s->pg_staged)
        return BLOC_OK;
    if ((rc = stage_send(s, err)) != BLOC_OK)
        return rc;
    /* one writer at a time (readers go on): ids follow max(id) */
    rc = store_pg_exec_on(s->pg,
                 "LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;"
                 "DO $$DECLARE r record; n text; BEGIN"
                 " FOR r IN SELECT DISTINCT substr(date, 1, 7) AS m FROM bloc_stage"
                 "  WHERE date ~ '^[0-9]{4}-[0-9]{2}-' LOOP"
                 "  n := 'events_' || replace(r.m, '-', '_');"
                 "  IF to_regclass(n) IS NULL THEN"
                 "   EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',"
                 "    n, r.m || '-01', to_char(to_date(r.m || '-01', 'YYYY-MM-DD') + interval '1 month',"
                 "    'YYYY-MM-DD'));"
                 "  END IF; END LOOP; END$$",
                 err);
    if (rc != BLOC_OK)
        return rc;
    PGresult *r = PQexec(s->pg,
                         "INSERT INTO events (id, " STORE_EVENT_COLUMNS ")"
                         " SELECT m.base + row_number() OVER (ORDER BY f.seq), " STORE_EVENT_COLUMNS
                         " FROM (SELECT DISTINCT ON (source, source_event_id) * FROM bloc_stage g"
                         "  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.source = g.source"
                         "   AND e.source_event_id = g.source_event_id)"
                         "  ORDER BY source, source_event_id, seq) f,"
                         " (SELECT coalesce(max(id), 0) AS base FROM events) m");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = bloc_fail(err, BLOC_ESTORE, "moving staged events into events: %s",
                       PQresultErrorMessage(r));
    } else {
        *inserted = atoll(PQcmdTuples(r));
        *duplicates = s->pg_staged - *inserted;
    }
    PQclear(r);
    if (rc == BLOC_OK)
        rc = store_pg_exec_on(s->pg, "TRUNCATE bloc_stage", err);
    s->pg_staged = 0;
    return rc;
}

static int pgq_prepare(store *s, store_q *q, const char *sql, bloc_error *err)
{
    (void)s;
    struct store_pgq *p = calloc(1, sizeof *p);
    if (!p || !(p->sql = store_pg_dialect(sql, &p->nparams)) || (p->nparams > MAX_PARAMS) ||
        !(p->params = calloc((size_t)p->nparams + 1, sizeof *p->params))) {
        if (p)
            free(p->sql);
        free(p);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory preparing a statement");
    }
    q->h = p;
    return BLOC_OK;
}

static void pgq_finalize(store_q *q)
{
    struct store_pgq *p = q->h;
    PQclear(p->res);
    for (int i = 0; i < p->nparams; i++)
        free(p->params[i]);
    free(p->params);
    free(p->sql);
    free(p);
}

static void pgq_reset(store_q *q)
{
    struct store_pgq *p = q->h;
    PQclear(p->res);
    p->res = NULL;
}

static void pgq_clear(store_q *q)
{
    struct store_pgq *p = q->h;
    for (int i = 0; i < p->nparams; i++) {
        free(p->params[i]);
        p->params[i] = NULL;
    }
}

static int pgq_isnull(const store_q *q, int c)
{
    return pg_value(q, c) == NULL;
}

static void pg_close(store *s)
{
    if (s->pg)
        PQfinish(s->pg);
    s->pg = NULL;
    free(s->pg_ev.data);
    s->pg_ev = (store_copybuf){0};
}

static const char *pg_errmsg(const store *s)
{
    return s->pg_error;
}

/* 40P01 deadlock_detected, 40001 serialization_failure: the transaction
 * is rolled back by the server and may be run again as it was. */
static int pg_conflicted(const store *s)
{
    return strcmp(s->pg_state, "40P01") == 0 || strcmp(s->pg_state, "40001") == 0;
}

static int pg_interrupted(const store *s)
{
    return strncmp(s->pg_error, "PostgreSQL: interrupted", 23) == 0 ||
           strncmp(s->pg_error, "interrupted", 11) == 0;
}

static long long pg_changes(const store *s)
{
    return s->pg_changes;
}

/* store_q gives each statement its share of a deadline */
static void pg_set_deadline(store *s, int ms)
{
    if (ms <= 0)
        pg_clear_timeout(s);
}

/* foreign keys: checked at the commit there */
static int pg_begin_bulk(store *s, bloc_error *err)
{
    return pg_exec_sql(s, "BEGIN", err);
}

static int pg_end_bulk(store *s, bloc_error *err)
{
    (void)s, (void)err;
    return BLOC_OK;
}

/* a server restarted since: one reconnection before giving up */
static void pg_revive(store *s)
{
    if (s->pg && PQstatus(s->pg) != CONNECTION_OK)
        PQreset(s->pg);
}

const store_backend store_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec_sql,
    .errmsg = pg_errmsg,
    .interrupted = pg_interrupted,
    .conflicted = pg_conflicted,
    .changes = pg_changes,
    .schema_version = pg_schema_version,
    .set_deadline = pg_set_deadline,
    .begin_bulk = pg_begin_bulk,
    .end_bulk = pg_end_bulk,
    .rollback = pg_rollback,
    .revive = pg_revive,
    .prepare = pgq_prepare,
    .finalize = pgq_finalize,
    .bind_int64 = pgq_bind_int64,
    .bind_double = pgq_bind_double,
    .bind_null = pgq_bind_null,
    .bind_textn = pgq_bind_textn,
    .step = pgq_step,
    .reset = pgq_reset,
    .clear = pgq_clear,
    .isnull = pgq_isnull,
    .text = pgq_text,
    .int64 = pgq_int64,
    .real = pgq_real,
    .event_stage = pg_event_stage,
    .events_flush = pg_events_flush,
    .keeps_indexes = 1,
    .tallies_in_memory = 0,
};
