/*
 * store/store_summary — the daily event summary behind the analytics (see
 * store.h and docs/data-model.md). One row per (actor1, actor2, day,
 * domain, quad class) with event and mention counts and Goldstein sums, so
 * that a dyad or group series reads thousands of rows, not millions of
 * events. meta.event_summary_max_id is the last event id it includes;
 * triggers on events reset it to 0 when a summarised event is deleted or
 * changed, and the next refresh rebuilds the summary. Under the same
 * watermark: the per-state volumes and the monthly roll-up of the dyad
 * summary (a month's daily rows summed), which the analytics read for the
 * months a request takes whole.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"
#include "store/store_internal.h"

/* The upsert of both summaries: add the new events' tallies. */
/* the existing row named by its table: PostgreSQL reads a bare column in
 * DO UPDATE SET as ambiguous */
#define ADD_TALLIES(T)                                                                \
    " events=" T ".events+excluded.events, mentions=" T ".mentions+excluded.mentions,"   \
    " goldstein_sum=" T ".goldstein_sum+excluded.goldstein_sum,"                      \
    " goldstein_n=" T ".goldstein_n+excluded.goldstein_n,"                            \
    " goldstein_msum=" T ".goldstein_msum+excluded.goldstein_msum,"                   \
    " goldstein_mn=" T ".goldstein_mn+excluded.goldstein_mn"

/* The columns of event_summary and its monthly roll-up, and the tallies
 * of a group of events in their order. */
#define SUMMARY_COLUMNS                                                              \
    "(actor1, actor2, day, domain, quad_class, events, mentions, goldstein_sum,"     \
    " goldstein_n, goldstein_msum, goldstein_mn)"
#define EVENT_TALLIES                                                                \
    " count(*), sum(ifnull(mentions,0)), ifnull(sum(goldstein),0), count(goldstein),"  \
    " ifnull(sum(goldstein*ifnull(mentions,0)),0),"                                   \
    " sum(CASE WHEN goldstein IS NULL THEN 0 ELSE ifnull(mentions,0) END)"

/* The upsert of the events with id in (?1, ?2] into T (event_summary or
 * its roll-up), keyed by DAY (the events' date, or its month's first day). */
#define ADD_EVENTS(T, DAY)                                                           \
    "INSERT INTO " T SUMMARY_COLUMNS                                                 \
    " SELECT ifnull(actor1_country,''), ifnull(actor2_country,''), " DAY ", domain,"  \
    " ifnull(quad_class,0)," EVENT_TALLIES                                            \
    " FROM events WHERE id>?1 AND id<=?2 GROUP BY 1,2,3,4,5"                         \
    " ON CONFLICT(actor1, actor2, day, domain, quad_class) DO UPDATE SET" ADD_TALLIES(T)

static int read_watermark(store *s, long long *w, bloc_error *err)
{
    char buf[32];
    int found = 0, rc = store_meta_get(s, "event_summary_max_id", buf, sizeof buf, &found, err);
    *w = found ? strtoll(buf, NULL, 10) : 0;
    return rc;
}

/* Run an aggregation over the events with id in (from, to] (parameters
 * ?1 and ?2 of sql); what names it in the error. */
static int aggregate_range(store *s, const char *sql, long long from, long long to,
                           const char *what, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, sql, err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, from);
    store_q_bind_int64(st, 2, to);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, what);
    store_q_finalize(st);
    return rc;
}

/* ---- the refresh tallied in memory (SQLite) ----
 *
 * SQLite runs each GROUP BY above on one thread through its sorter: the
 * three of them took 71 s over 10 million events. One scan of the new
 * events in id order instead, each event tallied into three maps (day,
 * month, and each state's volume: core/strmap, keyed by the row's key
 * fields joined with tabs) that are upserted into their tables whenever one
 * holds TALLY_FLUSH groups, so memory stays bounded whatever the input.
 * The same rows and counts as the SQL; the Goldstein sums are added in id
 * order rather than the sorter's. PostgreSQL keeps the SQL: its server
 * aggregates in parallel, and a statement per row would cost a round trip
 * each. */

enum { TALLY_FLUSH = 100000, TALLY_KEY = 256 };

typedef struct tally {
    long long events, mentions, gn, gmn;
    double gsum, gmsum;
} tally;

typedef struct tally_map {
    const char *upsert; /* its INSERT ... ON CONFLICT: the key fields, then the six tallies */
    int nkey;           /* key fields; the last one is the quad class (an integer) */
    strmap *index;      /* key -> position */
    char **keys;
    tally *t;
    size_t n, cap;
} tally_map;

static void tally_clear(tally_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->keys[i]);
    strmap_free(m->index);
    m->index = NULL;
    m->n = 0;
}

static void tally_free(tally_map *m)
{
    tally_clear(m);
    free(m->keys);
    free(m->t);
}

/* Write m's groups into its table (adding to rows already there), then
 * empty it. */
static int tally_flush(store *s, tally_map *m, bloc_error *err)
{
    store_q *st = NULL;
    int rc = m->n ? store_prepare(s, &st, m->upsert, err) : BLOC_OK;
    for (size_t i = 0; rc == BLOC_OK && i < m->n; i++) {
        char key[TALLY_KEY], *f = key, *tab;
        snprintf(key, sizeof key, "%s", m->keys[i]);
        for (int k = 1; k <= m->nkey; k++, f = tab + 1) {
            tab = strchr(f, '\t');
            assert(tab || k == m->nkey);
            if (tab)
                *tab = '\0';
            if (k < m->nkey)
                store_q_bind_text(st, k, f);
            else
                store_q_bind_int64(st, k, strtoll(f, NULL, 10));
            if (!tab)
                break;
        }
        const tally *t = &m->t[i];
        store_q_bind_int64(st, m->nkey + 1, t->events);
        store_q_bind_int64(st, m->nkey + 2, t->mentions);
        store_q_bind_double(st, m->nkey + 3, t->gsum);
        store_q_bind_int64(st, m->nkey + 4, t->gn);
        store_q_bind_double(st, m->nkey + 5, t->gmsum);
        store_q_bind_int64(st, m->nkey + 6, t->gmn);
        if (store_q_step(st) != STORE_DONE)
            rc = store_sqlfail(s, err, "cannot write the summary");
        store_q_reset(st);
    }
    store_q_finalize(st);
    tally_clear(m);
    return rc;
}

/* Count one event into the group named by the key fields (joined with
 * tabs; the caller checked they fit). */
static int tally_add(store *s, tally_map *m, const char *const *fields, int quad,
                     long long mentions, int has_g, double g, bloc_error *err)
{
    char key[TALLY_KEY];
    size_t o = 0;
    long at;
    for (int k = 0; k < m->nkey - 1; k++) {
        size_t len = strlen(fields[k]);
        memcpy(key + o, fields[k], len);
        o += len;
        key[o++] = '\t';
    }
    key[o++] = (char)('0' + quad);
    key[o] = '\0';
    if (!m->index && !(m->index = strmap_new()))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (!strmap_get(m->index, key, &at)) {
        if (m->n == TALLY_FLUSH) {
            int rc = tally_flush(s, m, err);
            if (rc != BLOC_OK)
                return rc;
            if (!(m->index = strmap_new()))
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        if (m->n == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 4096;
            char **keys = realloc(m->keys, cap * sizeof *keys);
            if (keys)
                m->keys = keys;
            tally *t = keys ? realloc(m->t, cap * sizeof *t) : NULL;
            if (!t)
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
            m->t = t;
            m->cap = cap;
        }
        if (!(m->keys[m->n] = strdup(key)) || strmap_put(m->index, key, (long)m->n) != 0) {
            free(m->keys[m->n]);
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        memset(&m->t[m->n], 0, sizeof m->t[m->n]);
        at = (long)m->n++;
    }
    tally *t = &m->t[at];
    t->events++;
    t->mentions += mentions;
    if (has_g) {
        t->gsum += g;
        t->gn++;
        t->gmsum += g * (double)mentions;
        t->gmn += mentions;
    }
    return BLOC_OK;
}

#define DYAD_UPSERT(T)                                                                 \
    "INSERT INTO " T SUMMARY_COLUMNS " VALUES(?,?,?,?,?,?,?,?,?,?,?)"                    \
    " ON CONFLICT(actor1, actor2, day, domain, quad_class) DO UPDATE SET" ADD_TALLIES(T)

/* The three summaries' tallies of the events with id in (from, to]. */
static int tally_events(store *s, long long from, long long to, bloc_error *err)
{
    tally_map m[3] = {
        {DYAD_UPSERT("event_summary"), 5, NULL, NULL, NULL, 0, 0},
        {DYAD_UPSERT("event_summary_month"), 5, NULL, NULL, NULL, 0, 0},
        {"INSERT INTO event_actor_summary(actor, day, domain, quad_class, events, mentions,"
         " goldstein_sum, goldstein_n, goldstein_msum, goldstein_mn) VALUES(?,?,?,?,?,?,?,?,?,?)"
         " ON CONFLICT(actor, day, domain, quad_class) DO UPDATE SET"
         ADD_TALLIES("event_actor_summary"),
         4, NULL, NULL, NULL, 0, 0},
    };
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT actor1_country, actor2_country, date, domain, ifnull(quad_class,0),"
                           " ifnull(mentions,0), goldstein FROM events WHERE id>?1 AND id<=?2",
                           err),
        r = STORE_DONE;
    if (rc == BLOC_OK) {
        store_q_bind_int64(st, 1, from);
        store_q_bind_int64(st, 2, to);
    }
    while (rc == BLOC_OK && (r = store_q_step(st)) == STORE_ROW) {
        const char *a1 = store_q_text(st, 0), *a2 = store_q_text(st, 1);
        const char *day = store_q_text(st, 2), *domain = store_q_text(st, 3);
        int quad = store_q_int(st, 4), has_g = !store_q_isnull(st, 6);
        long long mentions = store_q_int64(st, 5);
        double g = has_g ? store_q_double(st, 6) : 0;
        char month[16];
        if ((a1 && strlen(a1) > 40) || (a2 && strlen(a2) > 40) || strlen(day) > 10 ||
            strlen(domain) > 40 || quad < 0 || quad > 9) {
            rc = bloc_fail(err, BLOC_ESTORE, "an event the summary cannot key (actor, day,"
                                             " domain or quad class out of range)");
            break;
        }
        snprintf(month, sizeof month, "%.8s01", day);
        const char *daily[4] = {a1 ? a1 : "", a2 ? a2 : "", day, domain};
        const char *monthly[4] = {a1 ? a1 : "", a2 ? a2 : "", month, domain};
        const char *first[3] = {a1, day, domain}, *second[3] = {a2, day, domain};
        if ((rc = tally_add(s, &m[0], daily, quad, mentions, has_g, g, err)) != BLOC_OK ||
            (rc = tally_add(s, &m[1], monthly, quad, mentions, has_g, g, err)) != BLOC_OK)
            break;
        /* a state's volume: each event once for its first actor and, when
         * different, once for its second */
        if (a1 && (rc = tally_add(s, &m[2], first, quad, mentions, has_g, g, err)) != BLOC_OK)
            break;
        if (a2 && (!a1 || strcmp(a1, a2) != 0) &&
            (rc = tally_add(s, &m[2], second, quad, mentions, has_g, g, err)) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the events to summarise");
    store_q_finalize(st);
    for (int k = 0; k < 3; k++) {
        if (rc == BLOC_OK)
            rc = tally_flush(s, &m[k], err);
        tally_free(&m[k]);
    }
    return rc;
}

/* The same with SQL: PostgreSQL's server aggregates. */
static int tally_by_sql(store *s, long long w, long long max_id, bloc_error *err)
{
    int rc;
    /* the daily summary, then its monthly roll-up: rebuilt from the daily
     * rows (a tenth of the events' rows), or the new events added to their
     * months */
    if ((rc = aggregate_range(s, ADD_EVENTS("event_summary", "date"), w, max_id,
                              "cannot summarise events", err)) != BLOC_OK)
        return rc;
    if (w == 0)
        rc = store_exec(
            s,
            "INSERT INTO event_summary_month" SUMMARY_COLUMNS
            " SELECT actor1, actor2, substr(day,1,8)||'01', domain, quad_class, sum(events),"
            " sum(mentions), sum(goldstein_sum), sum(goldstein_n), sum(goldstein_msum),"
            " sum(goldstein_mn) FROM event_summary GROUP BY 1,2,3,4,5",
            err);
    else
        rc = aggregate_range(s, ADD_EVENTS("event_summary_month", "substr(date,1,8)||'01'"), w,
                             max_id, "cannot summarise events by month", err);
    if (rc != BLOC_OK)
        return rc;
    /* per-state volumes: each event counts for its first actor and, when
     * different, its second */
    return aggregate_range(
        s,
        "INSERT INTO event_actor_summary(actor, day, domain, quad_class, events, mentions,"
        " goldstein_sum, goldstein_n, goldstein_msum, goldstein_mn)"
        " SELECT actor, date, domain, q, count(*), sum(m), ifnull(sum(g),0), count(g),"
        " ifnull(sum(g*m),0), sum(CASE WHEN g IS NULL THEN 0 ELSE m END) FROM ("
        "  SELECT actor1_country AS actor, date, domain, ifnull(quad_class,0) AS q,"
        "   ifnull(mentions,0) AS m, goldstein AS g FROM events"
        "   WHERE id>?1 AND id<=?2 AND actor1_country IS NOT NULL"
        "  UNION ALL"
        "  SELECT actor2_country, date, domain, ifnull(quad_class,0), ifnull(mentions,0), goldstein"
        "   FROM events WHERE id>?1 AND id<=?2 AND actor2_country IS NOT NULL"
        "   AND actor2_country IS NOT actor1_country) AS v"
        " WHERE 1 GROUP BY 1,2,3,4"
        " ON CONFLICT(actor, day, domain, quad_class) DO UPDATE SET"
        ADD_TALLIES("event_actor_summary"),
        w, max_id, "cannot summarise state volumes", err);
}

int store_event_summary_refresh(store *s, bloc_error *err)
{
    long long w = 0, max_id = 0;
    store_q *st = NULL;
    int rc;
    if (s->readonly)
        return BLOC_OK; /* a reader uses the summary as its writer left it */
    if ((rc = store_events_max_id(s, &max_id, err)) != BLOC_OK ||
        (rc = read_watermark(s, &w, err)) != BLOC_OK)
        return rc;
    if (w == max_id && w > 0)
        return BLOC_OK; /* up to date */
    if ((rc = store_begin(s, err)) != BLOC_OK)
        return rc;
    if ((rc = read_watermark(s, &w, err)) != BLOC_OK)
        goto fail;
    if (w == 0 && (rc = store_exec(s, "DELETE FROM event_summary; DELETE FROM event_actor_summary;"
                                      " DELETE FROM event_summary_month",
                                   err)) != BLOC_OK)
        goto fail;
    rc = s->be->tallies_in_memory ? tally_events(s, w, max_id, err)
                                  : tally_by_sql(s, w, max_id, err);
    if (rc != BLOC_OK)
        goto fail;
    /* the span of the summarised events, through the date index */
    /* two subqueries: each min/max alone is one step down the date index */
    if ((rc = store_prepare(s, &st, "SELECT ifnull((SELECT min(date) FROM events),''),"
                                    " ifnull((SELECT max(date) FROM events),'')", err)) != BLOC_OK)
        goto fail;
    char first[16] = "", last[16] = "";
    if (store_q_step(st) == STORE_ROW) {
        store_copy_col(st, 0, first, sizeof first);
        store_copy_col(st, 1, last, sizeof last);
    }
    store_q_finalize(st);
    st = NULL;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", max_id);
    if ((rc = store_meta_set(s, "event_summary_first", first, err)) != BLOC_OK ||
        (rc = store_meta_set(s, "event_summary_last", last, err)) != BLOC_OK ||
        (rc = store_meta_set(s, "event_summary_max_id", buf, err)) != BLOC_OK ||
        (rc = store_commit(s, err)) != BLOC_OK)
        goto fail;
    return BLOC_OK;
fail:
    store_q_finalize(st);
    store_rollback(s);
    return rc;
}

/* A summary row from the 11 columns every summary query selects. */
static store_summary_row read_row(store_q *st)
{
    return (store_summary_row){
        .actor1 = (const char *)store_q_text(st, 0),
        .actor2 = (const char *)store_q_text(st, 1),
        .day = store_column_date(st, 2),
        .domain = (const char *)store_q_text(st, 3),
        .quad_class = store_q_int(st, 4),
        .events = store_q_int64(st, 5),
        .mentions = store_q_int64(st, 6),
        .goldstein_sum = store_q_double(st, 7),
        .goldstein_n = store_q_int64(st, 8),
        .goldstein_msum = store_q_double(st, 9),
        .goldstein_mn = store_q_int64(st, 10),
    };
}

/* Is code one of list's n? (Group lists are a few dozen codes.) */
static int in_list(const char *code, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(code, list[i]) == 0)
            return 1;
    return 0;
}

/* Are lists a and b the same set? */
static int same_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        if (!in_list(a[i], b, nb))
            return 0;
    for (size_t i = 0; i < nb; i++)
        if (!in_list(b[i], a, na))
            return 0;
    return 1;
}

int store_event_summary_scan(store *s, const store_summary_query *q, store_summary_cb cb,
                             void *ctx, bloc_error *err)
{
    size_t cap = 2048 + 8 * (q->nside_a + q->nside_b);
    char *sql = malloc(cap);
    const char **both = NULL; /* side_a then side_b, for the undirected scan */
    store_q *st = NULL;
    int rc = BLOC_OK, i = 1, r, sift = 0;
    if (!sql)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    size_t off = (size_t)snprintf(sql, cap,
                                  "SELECT actor1, actor2, day, domain, quad_class, events,"
                                  " mentions, goldstein_sum, goldstein_n, goldstein_msum,"
                                  " goldstein_mn FROM %s WHERE 1",
                                  q->monthly ? "event_summary_month" : "event_summary");
    size_t nboth = q->nside_a + q->nside_b;
    if (q->nside_a && q->nside_b && !q->directed) {
        /* Rows between the sides either way are the rows among both sides
         * together, less those inside one side only: one walk down the key
         * for every pair of the union, in key order, where (A x B) OR
         * (B x A) would be two walks and a sort. The rows inside one side
         * are dropped below, unless the sides are one set. */
        if (!(both = malloc(nboth * sizeof *both))) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(both, q->side_a, q->nside_a * sizeof *both);
        memcpy(both + q->nside_a, q->side_b, q->nside_b * sizeof *both);
        sift = !same_set(q->side_a, q->nside_a, q->side_b, q->nside_b);
        off = store_sides_sql(sql, off, cap, "actor1", "actor2", nboth, nboth, 1);
    } else {
        off = store_sides_sql(sql, off, cap, "actor1", "actor2", q->nside_a, q->nside_b,
                              q->directed);
    }
    /* key order: what the primary key gives for free, and a fixed order of
     * addition for the callers' floating-point sums */
    snprintf(sql + off, cap - off, "%s%s%s ORDER BY actor1, actor2, day, domain, quad_class",
             q->since ? " AND day>=?" : "", q->until ? " AND day<=?" : "",
             q->domain ? " AND domain=?" : "");
    if ((rc = store_prepare(s, &st, sql, err)) != BLOC_OK)
        goto done;
    if (both)
        i = store_sides_bind(st, i, both, nboth, both, nboth, 1);
    else
        i = store_sides_bind(st, i, q->side_a, q->nside_a, q->side_b, q->nside_b, q->directed);
    if (q->since)
        store_bind_date(st, i++, q->since);
    if (q->until)
        store_bind_date(st, i++, q->until);
    if (q->domain)
        store_q_bind_text(st, i++, q->domain);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_summary_row row = read_row(st);
        if (sift && !((in_list(row.actor1, q->side_a, q->nside_a) &&
                       in_list(row.actor2, q->side_b, q->nside_b)) ||
                      (in_list(row.actor1, q->side_b, q->nside_b) &&
                       in_list(row.actor2, q->side_a, q->nside_a))))
            continue;
        if (cb(ctx, &row))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the event summary");
done:
    store_q_finalize(st);
    free(both);
    free(sql);
    return rc;
}

int store_actor_summary_scan(store *s, const char *actor, int since, int until,
                             const char *domain, store_summary_cb cb, void *ctx, bloc_error *err)
{
    char sql[512];
    store_q *st = NULL;
    int i = 2, r;
    snprintf(sql, sizeof sql,
             "SELECT actor, '', day, domain, quad_class, events, mentions, goldstein_sum,"
             " goldstein_n, goldstein_msum, goldstein_mn FROM event_actor_summary WHERE actor=?%s%s%s"
             " ORDER BY day",
             since ? " AND day>=?" : "", until ? " AND day<=?" : "", domain ? " AND domain=?" : "");
    int rc = store_prepare(s, &st, sql, err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, actor);
    if (since)
        store_bind_date(st, i++, since);
    if (until)
        store_bind_date(st, i++, until);
    if (domain)
        store_q_bind_text(st, i++, domain);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_summary_row row = read_row(st);
        if (cb(ctx, &row))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the state volumes");
    store_q_finalize(st);
    return rc;
}

int store_event_summary_span(store *s, int *first, int *last, bloc_error *err)
{
    /* kept in meta by the refresh: min(day) over the summary would read all
     * of it (its key starts with the actors) */
    char a[32], b[32];
    int fa = 0, fb = 0, rc;
    *first = *last = 0;
    if ((rc = store_meta_get(s, "event_summary_first", a, sizeof a, &fa, err)) != BLOC_OK ||
        (rc = store_meta_get(s, "event_summary_last", b, sizeof b, &fb, err)) != BLOC_OK)
        return rc;
    if (fa && fb && *a && *b && util_parse_date(a, 0, first, NULL) == BLOC_OK &&
        util_parse_date(b, 0, last, NULL) == BLOC_OK)
        return BLOC_OK;
    /* a store summarised before the span was kept: ask the date index */
    store_q *st = NULL;
    *first = *last = 0;
    if ((rc = store_prepare(s, &st,
                            "SELECT (SELECT min(date) FROM events), (SELECT max(date) FROM events)",
                            err)) != BLOC_OK)
        return rc;
    if (store_q_step(st) == STORE_ROW) {
        *first = store_column_date(st, 0);
        *last = store_column_date(st, 1);
    }
    store_q_finalize(st);
    return BLOC_OK;
}
