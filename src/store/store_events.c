/*
 * store/store_events — SQL for the events table and ingest checkpoints
 * (see store.h and docs/data-model.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define EVENT_COLUMNS STORE_EVENT_COLUMNS
enum { EVENT_NCOLS = STORE_EVENT_NCOLS };
#define SORT_CACHE_KIB "8192"


void store_bind_event_id(store_q *st, int i, const char *id)
{
    size_t n = strlen(id);
    long long v;
    if (store_event_id_value(id, n, &v))
        store_q_bind_int64(st, i, v);
    else
        store_q_bind_textn(st, i, id, n, 0);
}

int store_events_flush(store *s, long long *inserted, long long *duplicates, bloc_error *err)
{
    *inserted = *duplicates = 0;
    return s->be->events_flush ? s->be->events_flush(s, inserted, duplicates, err) : BLOC_OK;
}

int store_event_put(store *s, const store_event *e, int *result, bloc_error *err)
{
    /* the unique key and the provenance of every row */
    assert(e->source && e->source_event_id && e->file_id > 0 && e->line > 0);
    if (s->be->event_stage) /* staged for COPY: one INSERT a row would be far slower */
        return s->be->event_stage(s, e, result, err);
    store_q *st = store_cached_rebound(
        s, ST_PUT_EVENT,
        "INSERT INTO events(" EVENT_COLUMNS ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
        "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(source,source_event_id) DO NOTHING",
        err);
    if (!st)
        return err ? err->code : BLOC_ESTORE;
    /* every parameter is bound at every use (store_cached_rebound) */
    for (int col = 0; col < EVENT_NCOLS; col++) {
        store_cell c;
        store_event_cell(e, col, &c);
        switch (c.type) {
        case STORE_CELL_INT: store_q_bind_int64(st, col + 1, c.i); break;
        case STORE_CELL_REAL: store_q_bind_double(st, col + 1, c.d); break;
        case STORE_CELL_TEXT: /* the date is in c.buf, gone at return */
            store_q_bind_textn(st, col + 1, c.t, c.n, c.t == c.buf);
            break;
        default: store_q_bind_null(st, col + 1); break;
        }
    }
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot store event");
    *result = store_changes(s) ? STORE_INSERTED : STORE_DUPLICATE;
    return BLOC_OK;
}

int store_events_put(store *s, const store_event *const *ev, size_t n, long long *inserted,
                     long long *duplicates, bloc_error *err)
{
    for (size_t k = 0; k < n; k++)
        assert(ev[k]->source && ev[k]->source_event_id && ev[k]->file_id > 0 && ev[k]->line > 0);
    if (!n)
        return BLOC_OK;
    if (s->be->events_put) {
        long long ins = 0;
        int rc = s->be->events_put(s, ev, n, &ins, err);
        if (rc == BLOC_OK) {
            *inserted += ins;
            *duplicates += (long long)n - ins;
        }
        return rc;
    }
    for (size_t k = 0; k < n; k++) {
        int result, rc = store_event_put(s, ev[k], &result, err);
        if (rc != BLOC_OK)
            return rc;
        if (result == STORE_INSERTED)
            ++*inserted;
        else if (result == STORE_DUPLICATE)
            ++*duplicates; /* STORE_PENDING: counted by the flush */
    }
    return BLOC_OK;
}

int store_checkpoint_get(store *s, long long source_id, const char *scope, store_checkpoint *cp,
                         int *found, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT line,rows,inserted,duplicates,filtered,rejected,done"
                           " FROM ingest_checkpoints WHERE source_id=? AND scope=?",
                           err);
    memset(cp, 0, sizeof *cp);
    *found = 0;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, source_id);
    store_q_bind_text(st, 2, scope);
    int r = store_q_step(st);
    if (r == STORE_ROW) {
        *found = 1;
        cp->line = (long)store_q_int64(st, 0);
        cp->rows = store_q_int64(st, 1);
        cp->inserted = store_q_int64(st, 2);
        cp->duplicates = store_q_int64(st, 3);
        cp->filtered = store_q_int64(st, 4);
        cp->rejected = store_q_int64(st, 5);
        cp->done = store_q_int(st, 6);
    } else if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read ingest checkpoint");
    }
    store_q_finalize(st);
    return rc;
}

int store_checkpoint_put(store *s, long long source_id, const char *scope,
                         const store_checkpoint *cp, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(
        s, &st,
        "INSERT INTO ingest_checkpoints(source_id,scope,line,rows,inserted,duplicates,filtered,"
        "rejected,done) VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(source_id,scope) DO UPDATE SET"
        " line=excluded.line, rows=excluded.rows, inserted=excluded.inserted,"
        " duplicates=excluded.duplicates, filtered=excluded.filtered,"
        " rejected=excluded.rejected, done=excluded.done,"
        " updated=strftime('%Y-%m-%dT%H:%M:%SZ','now')",
        err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, source_id);
    store_q_bind_text(st, 2, scope);
    store_q_bind_int64(st, 3, cp->line);
    store_q_bind_int64(st, 4, cp->rows);
    store_q_bind_int64(st, 5, cp->inserted);
    store_q_bind_int64(st, 6, cp->duplicates);
    store_q_bind_int64(st, 7, cp->filtered);
    store_q_bind_int64(st, 8, cp->rejected);
    store_q_bind_int64(st, 9, cp->done);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot write ingest checkpoint");
    store_q_finalize(st);
    return rc;
}

int store_events_indexes(store *s, int on, bloc_error *err)
{
    if (s->be->keeps_indexes) /* PostgreSQL keeps its indexes; a load goes through staging */
        return BLOC_OK;
    if (!on)
        return store_exec(s, "DROP INDEX IF EXISTS events_dyad; DROP INDEX IF EXISTS events_actor2;"
                             " DROP INDEX IF EXISTS events_date;", err);
    /* SQLite sorts index keys in runs as large as the page cache, one run
     * per sorter thread: a smaller cache while building keeps the peak
     * memory of a large load flat (the runs spill to temporary files) */
    int rc = store_exec(s, "PRAGMA cache_size=-" SORT_CACHE_KIB, err);
    if (rc == BLOC_OK)
        rc = store_exec(s, STORE_EVENTS_INDEXES, err);
    int rc2 = store_exec(s, "PRAGMA cache_size=-65536", rc == BLOC_OK ? err : NULL);
    return rc != BLOC_OK ? rc : rc2;
}

int store_events_max_id(store *s, long long *id, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT ifnull(max(id),0) FROM events", err);
    if (rc != BLOC_OK)
        return rc;
    if (store_q_step(st) == STORE_ROW)
        *id = store_q_int64(st, 0);
    else
        rc = store_sqlfail(s, err, "cannot read events");
    store_q_finalize(st);
    return rc;
}

int store_events_undo(store *s, long long file_id, long long after_id, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "DELETE FROM events WHERE file_id=? AND id>?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, file_id);
    store_q_bind_int64(st, 2, after_id);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot undo events");
    store_q_finalize(st);
    return rc;
}

static const char *col_text(store_q *st, int i)
{
    return (const char *)store_q_text(st, i);
}

static double col_real(store_q *st, int i)
{
    return store_q_isnull(st, i) ? NAN : store_q_double(st, i);
}

static long long col_count(store_q *st, int i)
{
    return store_q_isnull(st, i) ? -1 : store_q_int64(st, i);
}

static void read_event(store_q *st, store_event *e)
{
    int i = 0;
    memset(e, 0, sizeof *e);
    e->source = col_text(st, i++);
    e->source_event_id = col_text(st, i++);
    e->date = store_column_date(st, i++);
    e->date_added = col_text(st, i++);
    for (int a = 0; a < 2; a++) {
        store_actor *ac = &e->actor[a];
        ac->code = col_text(st, i++);
        ac->name = col_text(st, i++);
        ac->country = col_text(st, i++);
        ac->cameo_country = col_text(st, i++);
        ac->known_group = col_text(st, i++);
        for (int t = 0; t < 3; t++)
            ac->type[t] = col_text(st, i++);
    }
    e->is_root = store_q_isnull(st, i) ? -1 : store_q_int(st, i);
    i++;
    e->event_code = col_text(st, i++);
    e->base_code = col_text(st, i++);
    e->root_code = col_text(st, i++);
    e->quad_class = store_q_int(st, i++);
    e->goldstein = col_real(st, i++);
    e->goldstein_origin = store_q_int(st, i++);
    e->mentions = col_count(st, i++);
    e->sources = col_count(st, i++);
    e->articles = col_count(st, i++);
    e->tone = col_real(st, i++);
    e->geo_country = col_text(st, i++);
    e->geo_fips = col_text(st, i++);
    e->geo_adm1 = col_text(st, i++);
    e->geo_lat = col_real(st, i++);
    e->geo_lon = col_real(st, i++);
    e->url = col_text(st, i++);
    e->domain = col_text(st, i++);
    e->file_id = store_q_int64(st, i++);
    e->line = (long)store_q_int64(st, i++);
    e->detail = col_text(st, i++);
}

int store_events_scan(store *s, const store_event_query *q, store_event_cb cb, void *ctx,
                      bloc_error *err)
{
    size_t cap = 4096 + 8 * (q->nside_a + q->nside_b);
    char *sql = malloc(cap);
    store_q *st = NULL;
    int rc = BLOC_OK, i = 1;
    if (!sql)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    size_t off = (size_t)snprintf(sql, cap,
                                  "SELECT e.%s, s.path FROM events e JOIN sources s ON"
                                  " s.id=e.file_id WHERE 1",
                                  EVENT_COLUMNS);
    /* qualify the column list: every name after "e." is unique to events */
    off = store_sides_sql(sql, off, cap, "e.actor1_country", "e.actor2_country", q->nside_a,
                          q->nside_b, q->directed);
    snprintf(sql + off, cap - off, "%s%s%s%s%s%s%s%s%s%s ORDER BY e.date %s, e.id %s%s",
             q->quad_max ? " AND e.quad_class BETWEEN ? AND ?" : "",
             q->conflict_only ? " AND e.quad_class IN (3,4)" : "",
             q->distinct_actors ? " AND e.actor1_country<>e.actor2_country" : "",
             q->since ? " AND e.date>=?" : "", q->until ? " AND e.date<=?" : "",
             q->root ? " AND e.root_code=?" : "",
             q->code_prefix ? " AND substr(e.event_code,1,?)=?" : "",
             q->domain ? " AND e.domain=?" : "", q->source ? " AND e.source=?" : "",
             q->quad_class ? " AND e.quad_class=?" : "", q->ascending ? "ASC" : "DESC",
             q->ascending ? "ASC" : "DESC", q->limit > 0 ? " LIMIT ?" : "");
    if ((rc = store_prepare(s, &st, sql, err)) != BLOC_OK)
        goto done;
    i = store_sides_bind(st, i, q->side_a, q->nside_a, q->side_b, q->nside_b, q->directed);
    if (q->quad_max) {
        store_q_bind_int64(st, i++, q->quad_min);
        store_q_bind_int64(st, i++, q->quad_max);
    }
    if (q->since)
        store_bind_date(st, i++, q->since);
    if (q->until)
        store_bind_date(st, i++, q->until);
    if (q->root)
        store_q_bind_text(st, i++, q->root);
    if (q->code_prefix) {
        store_q_bind_int64(st, i++, (long long)strlen(q->code_prefix));
        store_q_bind_text(st, i++, q->code_prefix);
    }
    if (q->domain)
        store_q_bind_text(st, i++, q->domain);
    if (q->source)
        store_q_bind_text(st, i++, q->source);
    if (q->quad_class)
        store_q_bind_int64(st, i++, q->quad_class);
    if (q->limit > 0)
        store_q_bind_int64(st, i++, q->limit);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_event e;
        read_event(st, &e);
        if (cb(ctx, &e, col_text(st, EVENT_NCOLS)))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read events");
done:
    store_q_finalize(st);
    free(sql);
    return rc;
}

int store_events_count_by(store *s, const char *what, store_count_cb cb, void *ctx,
                          bloc_error *err)
{
    const char *sql = strcmp(what, "source") == 0
                          ? "SELECT source, count(*) FROM events GROUP BY 1 ORDER BY 1"
                      : strcmp(what, "year") == 0
                          ? "SELECT substr(date,1,4), count(*) FROM events GROUP BY 1 ORDER BY 1"
                      : strcmp(what, "domain") == 0
                          ? "SELECT domain, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
                          : NULL;
    store_q *st = NULL;
    if (!sql)
        return bloc_fail(err, BLOC_EUSAGE, "cannot count events by '%s'", what);
    int rc = store_prepare(s, &st, sql, err), r;
    if (rc != BLOC_OK)
        return rc;
    while ((r = store_q_step(st)) == STORE_ROW)
        if (cb(ctx, col_text(st, 0), store_q_int64(st, 1)))
            break;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot count events");
    store_q_finalize(st);
    return rc;
}
