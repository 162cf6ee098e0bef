/*
 * store/store_q — one statement API over both backends (see
 * store_internal.h). On SQLite a store_q is a prepared sqlite3_stmt and
 * every call goes straight through; on PostgreSQL it holds the statement's
 * SQL, rewritten once from SQLite's dialect (?N parameters, ifnull,
 * group_concat, "a IS NOT b", "WHERE 1", "? IS NULL", SQLite's "now"), and
 * its parameters as text, and runs it with PQexecParams on the first step
 * (the whole result is read at once: the store's queries read summaries,
 * registry tables or a LIMIT of events, not whole tables).
 * libpq has no SQLite-dialect statement, so the translation is ours; it
 * covers only what the store's own SQL uses.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

enum { MAX_PARAMS = 2000 };

struct store_pgq {
    char *sql;          /* PostgreSQL dialect */
    int nparams;        /* highest $n in sql */
    char **params;      /* text of each parameter, NULL = SQL NULL */
    PGresult *res;
    int row, nrows;     /* current row of res */
};

/* A word of SQL at p (case-insensitive), followed by a non-word byte. */
static int word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(p, w, n) == 0 && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* Rewrite SQLite SQL for PostgreSQL; *nparams is the highest parameter.
 * Caller frees the result. */
static char *pg_dialect(const char *sql, int *nparams)
{
    size_t n = strlen(sql), o = 0, cap = n * 2 + 256;
    char *out = malloc(cap);
    int maxp = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        if (o + 128 > cap) { /* room for the longest rewrite (STORE_NOW_PG) */
            char *p = realloc(out, cap *= 2);
            if (!p) {
                free(out);
                return NULL;
            }
            out = p;
        }
        char c = sql[i];
        int word_start = i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_');
        if (c == '\'') { /* a literal, copied whole */
            do {
                out[o++] = sql[i++];
                if (o + 4 > cap) {
                    char *p = realloc(out, cap *= 2);
                    if (!p) {
                        free(out);
                        return NULL;
                    }
                    out = p;
                }
            } while (i < n && sql[i] != '\'');
            if (i < n)
                out[o++] = sql[i++];
            continue;
        }
        if (c == '?') {
            int k = 0;
            i++;
            while (i < n && isdigit((unsigned char)sql[i]))
                k = k * 10 + (sql[i++] - '0');
            if (!k)
                k = maxp + 1; /* a bare ? takes the next number, as in SQLite */
            if (k > maxp)
                maxp = k;
            /* "? IS NULL" gives PostgreSQL no type to infer: the store's
             * optional filters are all text */
            o += (size_t)snprintf(out + o, cap - o, "$%d%s", k,
                                  strncasecmp(sql + i, " IS NULL", 8) == 0 ? "::text" : "");
            continue;
        }
        if (word_start && strncmp(sql + i, STORE_NOW_SQLITE, strlen(STORE_NOW_SQLITE)) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s", STORE_NOW_PG);
            i += strlen(STORE_NOW_SQLITE);
            continue;
        }
        if (word_start && word_at(sql + i, "ifnull")) {
            o += (size_t)snprintf(out + o, cap - o, "coalesce");
            i += 6;
            continue;
        }
        if (word_start && word_at(sql + i, "group_concat")) {
            o += (size_t)snprintf(out + o, cap - o, "string_agg");
            i += 12;
            continue;
        }
        if (word_start && word_at(sql + i, "is") && strncasecmp(sql + i + 2, " not ", 5) == 0 &&
            !word_at(sql + i + 7, "null")) { /* SQLite's null-safe "a IS NOT b" */
            o += (size_t)snprintf(out + o, cap - o, "IS DISTINCT FROM ");
            i += 7;
            continue;
        }
        if (word_start && word_at(sql + i, "WHERE") && strncmp(sql + i + 5, " 1", 2) == 0 &&
            !isalnum((unsigned char)sql[i + 7])) { /* a condition must be boolean there */
            o += (size_t)snprintf(out + o, cap - o, "WHERE true");
            i += 7;
            continue;
        }
        if (word_start && strncasecmp(sql + i, "AS INTEGER)", 11) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "AS BIGINT)");
            i += 11;
            continue;
        }
        out[o++] = sql[i++];
    }
    out[o] = '\0';
    *nparams = maxp;
    return out;
}

int store_q_prepare(store *s, store_q **out, const char *sql, bloc_error *err)
{
    store_q *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    q->s = s;
    if (!s->pg) {
        if (sqlite3_prepare_v2(s->db, sql, -1, &q->lite, NULL) != SQLITE_OK) {
            free(q);
            return store_sqlfail(s, err, "cannot prepare statement");
        }
        *out = q;
        return BLOC_OK;
    }
    struct store_pgq *p = calloc(1, sizeof *p);
    if (!p || !(p->sql = pg_dialect(sql, &p->nparams)) ||
        (p->nparams > MAX_PARAMS) ||
        !(p->params = calloc((size_t)p->nparams + 1, sizeof *p->params))) {
        if (p) {
            free(p->sql);
            free(p);
        }
        free(q);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory preparing a statement");
    }
    q->pg = p;
    *out = q;
    return BLOC_OK;
}

void store_q_finalize(store_q *q)
{
    if (!q)
        return;
    if (q->lite)
        sqlite3_finalize(q->lite);
    if (q->pg) {
        PQclear(q->pg->res);
        for (int i = 0; i < q->pg->nparams; i++)
            free(q->pg->params[i]);
        free(q->pg->params);
        free(q->pg->sql);
        free(q->pg);
    }
    free(q);
}

static void pg_param(store_q *q, int i, char *text)
{
    struct store_pgq *p = q->pg;
    if (i < 1 || i > p->nparams) {
        free(text);
        return;
    }
    free(p->params[i - 1]);
    p->params[i - 1] = text;
}

void store_pgq_bind_int64(store_q *q, int i, long long v)
{
    char buf[24];
    util_format_int(buf, v);
    pg_param(q, i, util_strdup(buf));
}

void store_pgq_bind_double(store_q *q, int i, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    pg_param(q, i, util_strdup(buf));
}

void store_pgq_bind_null(store_q *q, int i) { pg_param(q, i, NULL); }

void store_pgq_bind_textn(store_q *q, int i, const char *v, size_t n)
{
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, v, n);
        t[n] = '\0';
    }
    pg_param(q, i, t);
}

int store_pgq_step(store_q *q)
{
    struct store_pgq *p = q->pg;
    store *s = q->s;
    if (!p->res && s->deadline > 0) {
        /* the deadline is for the whole command, as SQLite's progress
         * handler keeps it: each statement gets what is left of it */
        int left = store_ms_left(s);
        char set[64];
        if (left <= 0) {
            store_pg_note_error(s, "interrupted: the query ran past its time limit");
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
            if (state && strcmp(state, "57014") == 0) /* canceled: statement_timeout */
                store_pg_note_error(s, "interrupted: the query ran past its time limit");
            else
                store_pg_note_error(s, PQresultErrorMessage(p->res));
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

void store_q_reset(store_q *q)
{
    if (q->lite) {
        sqlite3_reset(q->lite);
    } else {
        PQclear(q->pg->res);
        q->pg->res = NULL;
    }
}

void store_q_clear(store_q *q)
{
    if (q->lite) {
        sqlite3_clear_bindings(q->lite);
        return;
    }
    for (int i = 0; i < q->pg->nparams; i++) {
        free(q->pg->params[i]);
        q->pg->params[i] = NULL;
    }
}

/* The current row's value of column c as text, NULL when SQL NULL. */
static const char *pg_value(const store_q *q, int c)
{
    const struct store_pgq *p = q->pg;
    if (!p->res || p->row < 0 || c >= PQnfields(p->res) || PQgetisnull(p->res, p->row, c))
        return NULL;
    return PQgetvalue(p->res, p->row, c);
}

const char *store_pgq_text(const store_q *q, int c) { return pg_value(q, c); }

long long store_pgq_int64(const store_q *q, int c)
{
    const char *v = pg_value(q, c);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1]) /* a boolean, as SQLite gives it: 1 or 0 */
        return 1;
    return strtoll(v, NULL, 10);
}

double store_pgq_double(const store_q *q, int c)
{
    const char *v = pg_value(q, c);
    return v ? strtod(v, NULL) : 0.0;
}

long long store_changes(const store *s)
{
    return s->pg ? s->pg_changes : sqlite3_changes(s->db);
}

void store_pg_note_error(store *s, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    snprintf(s->pg_error, sizeof s->pg_error, "PostgreSQL: %.*s", (int)n, msg);
}

int store_pg_exec(store *s, const char *sql, bloc_error *err)
{
    /* SQLite's PRAGMAs tune SQLite; PostgreSQL's own settings are its admin's */
    if (strncasecmp(sql, "PRAGMA", 6) == 0)
        return BLOC_OK;
    /* a plain transaction checks foreign keys as it goes, as SQLite does;
     * a bulk one (store_begin_bulk: "BEGIN") leaves them to the commit */
    if (strcasecmp(sql, "BEGIN IMMEDIATE") == 0)
        sql = "BEGIN; SET CONSTRAINTS ALL IMMEDIATE";
    int n;
    char *text = pg_dialect(sql, &n);
    if (!text)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    PGresult *r = PQexec(s->pg, text);
    ExecStatusType st = PQresultStatus(r);
    int rc = BLOC_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        store_pg_note_error(s, PQresultErrorMessage(r));
        rc = bloc_fail(err, BLOC_ESTORE, "%s (in: %.100s; store %s)", s->pg_error, text, s->path);
    }
    PQclear(r);
    free(text);
    return rc;
}
