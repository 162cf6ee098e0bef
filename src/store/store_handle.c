/*
 * store/store_handle — what every table file of the store uses: running SQL
 * and statements (through the handle's backend), cached statements,
 * transactions and bulk transactions, deadlines, errors, the meta table,
 * helpers for binding dates and country sets, and the columns of an event
 * row (store_event_cell) that the inserts and both backends share. It never calls a
 * backend but through the handle's table of functions.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

const char *store_errmsg(const store *s)
{
    return s && s->be ? s->be->errmsg(s) : "no database";
}

int store_sqlfail(store *s, bloc_error *err, const char *what)
{
    /* a statement the deadline interrupted (SQLite's progress handler, or
     * PostgreSQL's statement_timeout) */
    int late = s && s->be && s->be->interrupted(s);
    int conflict = !late && s && s->be && s->be->conflicted && s->be->conflicted(s);
    return bloc_fail(err, late ? BLOC_EDEADLINE : conflict ? BLOC_ECONFLICT : BLOC_ESTORE,
                     "%s: %s (store %s)", what, store_errmsg(s), s && s->path ? s->path : "?");
}

int store_exec(store *s, const char *sql, bloc_error *err)
{
    assert(s && s->be);
    return s->be->exec(s, sql, err);
}

int store_q_prepare(store *s, store_q **out, const char *sql, bloc_error *err)
{
    store_q *q = calloc(1, sizeof *q);
    *out = NULL;
    if (!q)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    q->s = s;
    int rc = s->be->prepare(s, q, sql, err);
    if (rc != BLOC_OK) {
        free(q);
        return rc;
    }
    *out = q;
    return BLOC_OK;
}

void store_q_finalize(store_q *q)
{
    if (!q)
        return;
    q->s->be->finalize(q);
    free(q);
}

long long store_changes(const store *s)
{
    return s->be->changes(s);
}

int store_prepare(store *s, store_q **st, const char *sql, bloc_error *err)
{
    return store_q_prepare(s, st, sql, err);
}

static store_q *cached(store *s, int id, const char *sql, int clear, bloc_error *err)
{
    assert(id >= 0 && id < ST_COUNT);
    if (!s->stmt[id]) {
        if (store_prepare(s, &s->stmt[id], sql, err) != BLOC_OK)
            return NULL;
    } else {
        store_q_reset(s->stmt[id]);
        if (clear)
            store_q_clear(s->stmt[id]);
    }
    return s->stmt[id];
}

store_q *store_cached(store *s, int id, const char *sql, bloc_error *err)
{
    return cached(s, id, sql, 1, err);
}

store_q *store_cached_rebound(store *s, int id, const char *sql, bloc_error *err)
{
    return cached(s, id, sql, 0, err);
}

void store_bind_date(store_q *st, int i, int yyyymmdd)
{
    if (yyyymmdd <= 0) {
        store_q_bind_null(st, i);
        return;
    }
    char buf[16];
    util_format_date(yyyymmdd, buf, sizeof buf);
    store_q_bind_text_copy(st, i, buf);
}

int store_column_date(store_q *st, int i)
{
    const char *t = store_q_text(st, i);
    int d = 0;
    if (!t || util_parse_date((const char *)t, 0, &d, NULL) != BLOC_OK)
        return 0;
    return d;
}

void store_bind_text_or_null(store_q *st, int i, const char *t)
{
    if (t && *t)
        store_q_bind_text(st, i, t);
    else
        store_q_bind_null(st, i);
}

void store_copy_col(store_q *st, int i, char *dst, size_t n)
{
    const char *t = store_q_text(st, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* Append " col IN (?,?...)" for n values. */
static size_t add_in(char *sql, size_t off, size_t cap, const char *col, size_t n)
{
    off += (size_t)snprintf(sql + off, cap - off, "%s IN (", col);
    for (size_t i = 0; i < n && off < cap; i++)
        off += (size_t)snprintf(sql + off, cap - off, "%s?", i ? "," : "");
    off += (size_t)snprintf(sql + off, cap - off, ")");
    return off < cap ? off : cap - 1;
}

static size_t add_text(char *sql, size_t off, size_t cap, const char *text)
{
    off += (size_t)snprintf(sql + off, cap - off, "%s", text);
    return off < cap ? off : cap - 1;
}

size_t store_sides_sql(char *sql, size_t off, size_t cap, const char *c1, const char *c2,
                       size_t na, size_t nb, int directed)
{
    if (na && nb) {
        off = add_text(sql, off, cap, " AND ((");
        off = add_in(sql, off, cap, c1, na);
        off = add_text(sql, off, cap, " AND ");
        off = add_in(sql, off, cap, c2, nb);
        off = add_text(sql, off, cap, ")");
        if (!directed) {
            off = add_text(sql, off, cap, " OR (");
            off = add_in(sql, off, cap, c1, nb);
            off = add_text(sql, off, cap, " AND ");
            off = add_in(sql, off, cap, c2, na);
            off = add_text(sql, off, cap, ")");
        }
        off = add_text(sql, off, cap, ")");
    } else if (na) {
        off = add_text(sql, off, cap, " AND (");
        off = add_in(sql, off, cap, c1, na);
        off = add_text(sql, off, cap, " OR ");
        off = add_in(sql, off, cap, c2, na);
        off = add_text(sql, off, cap, ")");
    }
    return off;
}

static int bind_list(store_q *st, int i, const char *const *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        store_q_bind_text(st, i++, v[k]);
    return i;
}

int store_sides_bind(store_q *st, int i, const char *const *a, size_t na,
                     const char *const *b, size_t nb, int directed)
{
    if (na && nb) {
        i = bind_list(st, i, a, na);
        i = bind_list(st, i, b, nb);
        if (!directed) {
            i = bind_list(st, i, b, nb);
            i = bind_list(st, i, a, na);
        }
    } else if (na) {
        i = bind_list(st, i, a, na);
        i = bind_list(st, i, a, na);
    }
    return i;
}

const char *store_path(const store *s) { return s->path; }

int store_readonly(const store *s) { return s->readonly; }

int store_ms_left(const store *s)
{
    return (int)((s->deadline - util_now()) * 1000.0);
}

void store_set_deadline(store *s, int ms)
{
    s->deadline = ms > 0 ? util_now() + ms / 1000.0 : 0;
    s->be->set_deadline(s, ms);
}

int store_schema_version(store *s)
{
    return s->be->schema_version(s);
}

int store_begin(store *s, bloc_error *err) { return store_exec(s, "BEGIN IMMEDIATE", err); }

int store_begin_bulk(store *s, bloc_error *err)
{
    assert(!s->bulk); /* one transaction at a time */
    int rc = s->be->begin_bulk(s, err);
    s->bulk = rc == BLOC_OK;
    return rc;
}

int store_commit(store *s, bloc_error *err)
{
    int rc = store_exec(s, "COMMIT", err), bulk = s->bulk;
    s->bulk = 0;
    s->txn++;
    if (rc == BLOC_OK && bulk)
        rc = s->be->end_bulk(s, err);
    return rc;
}

int store_retry_conflicts(store_txn_fn fn, void *ctx, bloc_error *err)
{
    int rc = BLOC_OK;
    for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt) {
            struct timespec pause = {0, 200L * 1000 * 1000 * attempt};
            nanosleep(&pause, NULL);
        }
        if ((rc = fn(ctx, err)) != BLOC_ECONFLICT)
            break;
    }
    return rc;
}

void store_rollback(store *s)
{
    int bulk = s->bulk;
    s->bulk = 0;
    s->txn++;
    s->be->rollback(s);
    if (bulk)
        s->be->end_bulk(s, NULL);
}

int store_meta_get(store *s, const char *key, char *buf, size_t bufsz,
                   int *found, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT value FROM meta WHERE key=?", err);
    *found = 0;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, key);
    int r = store_q_step(st);
    if (r == STORE_ROW) {
        *found = 1;
        store_copy_col(st, 0, buf, bufsz);
    } else if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read meta");
    }
    store_q_finalize(st);
    return rc;
}

int store_meta_set(store *s, const char *key, const char *value, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "INSERT INTO meta(key,value) VALUES(?,?)"
                             " ON CONFLICT(key) DO UPDATE SET value=excluded.value", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, key);
    store_q_bind_text(st, 2, value);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot write meta");
    store_q_finalize(st);
    return rc;
}

/* ---- an event row's columns (store_events.c and both backends) ---- */

/* An id that is a canonical whole number (GDELT's) is stored as an
 * integer: smaller, and faster to compare in the unique index. It reads
 * back as the same text, so nothing is lost; other ids stay text. */
int store_event_id_value(const char *id, size_t n, long long *v)
{
    int canonical = n > 0 && n <= 18 && (id[0] != '0' || n == 1);
    long long x = 0;
    for (size_t k = 0; canonical && k < n; k++) {
        canonical = id[k] >= '0' && id[k] <= '9';
        x = x * 10 + (id[k] - '0');
    }
    if (canonical)
        *v = x;
    return canonical;
}

void store_event_cell(const store_event *e, int col, store_cell *c)
{
    assert(col >= 0 && col < STORE_EVENT_NCOLS);
    const char *t = NULL;
    long long i = -1;
    double d = NAN;
    int kind = STORE_CELL_TEXT; /* which of t, i, d the column is */
    if (col >= 4 && col < 20) { /* two actors of 8 columns */
        const store_actor *ac = &e->actor[(col - 4) / 8];
        const char *const fields[8] = {ac->code,        ac->name,        ac->country,
                                       ac->cameo_country, ac->known_group, ac->type[0],
                                       ac->type[1],     ac->type[2]};
        t = fields[(col - 4) % 8];
    } else {
        switch (col) {
        case 0: t = e->source; break;
        case 1: t = e->source_event_id; break;
        case 2:
            if (e->date > 0) {
                util_format_date(e->date, c->buf, sizeof c->buf);
                t = c->buf;
            }
            break;
        case 3: t = e->date_added; break;
        case 20: kind = STORE_CELL_INT, i = e->is_root; break;
        case 21: t = e->event_code; break;
        case 22: t = e->base_code; break;
        case 23: t = e->root_code; break;
        case 24: kind = STORE_CELL_INT, i = e->quad_class > 0 ? e->quad_class : -1; break;
        case 25: kind = STORE_CELL_REAL, d = e->goldstein; break;
        case 26: kind = STORE_CELL_INT, i = e->goldstein_origin; break;
        case 27: kind = STORE_CELL_INT, i = e->mentions; break;
        case 28: kind = STORE_CELL_INT, i = e->sources; break;
        case 29: kind = STORE_CELL_INT, i = e->articles; break;
        case 30: kind = STORE_CELL_REAL, d = e->tone; break;
        case 31: t = e->geo_country; break;
        case 32: t = e->geo_fips; break;
        case 33: t = e->geo_adm1; break;
        case 34: kind = STORE_CELL_REAL, d = e->geo_lat; break;
        case 35: kind = STORE_CELL_REAL, d = e->geo_lon; break;
        case 36: t = e->url; break;
        case 37: t = e->domain; break;
        case 38: kind = STORE_CELL_INT, i = e->file_id; break;
        case 39: kind = STORE_CELL_INT, i = e->line; break;
        default: t = e->detail; break;
        }
    }
    c->type = STORE_CELL_NULL;
    if (kind == STORE_CELL_INT && i >= 0) { /* -1 is every integer column's "missing" */
        c->type = STORE_CELL_INT;
        c->i = i;
    } else if (kind == STORE_CELL_REAL && d == d) {
        c->type = STORE_CELL_REAL;
        c->d = d;
    } else if (kind == STORE_CELL_TEXT && t && (*t || col == 1)) { /* an id is never NULL */
        c->type = STORE_CELL_TEXT;
        c->t = t;
        c->n = strlen(t);
        if (col == 1 && store_event_id_value(t, c->n, &c->i))
            c->type = STORE_CELL_INT;
    }
}
