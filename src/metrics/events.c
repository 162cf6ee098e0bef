/*
 * metrics/events — event measures over periods (see events.h and
 * docs/methods.md).
 */
#include "metrics/events.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "registry/registry.h"

int ev_by_parse(const char *s)
{
    static const char *const names[] = {"week", "month", "quarter", "year", "all"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

long ev_days(int date)
{
    return util_date_days(date);
}

int ev_add_days(int date, int days)
{
    return util_days_date(util_date_days(date) + days);
}

int ev_period_start(int date, ev_by by)
{
    int y = date / 10000, m = date / 100 % 100;
    switch (by) {
    case EV_BY_WEEK: return util_days_date(util_date_days(date) - util_weekday(date));
    case EV_BY_MONTH: return y * 10000 + m * 100 + 1;
    case EV_BY_QUARTER: return y * 10000 + ((m - 1) / 3 * 3 + 1) * 100 + 1;
    case EV_BY_YEAR: return y * 10000 + 101;
    default: return date;
    }
}

int ev_period_next(int start, ev_by by)
{
    int y = start / 10000, m = start / 100 % 100;
    switch (by) {
    case EV_BY_WEEK: return ev_add_days(start, 7);
    case EV_BY_MONTH: return m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
    case EV_BY_QUARTER: return m >= 10 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 3) * 100 + 1;
    case EV_BY_YEAR: return (y + 1) * 10000 + 101;
    default: return 99991231;
    }
}

void ev_period_label(int start, int last, ev_by by, char *buf, size_t n)
{
    int y = start / 10000, m = start / 100 % 100, d = start % 100;
    switch (by) {
    case EV_BY_WEEK: snprintf(buf, n, "%04d-%02d-%02d", y, m, d); break;
    case EV_BY_MONTH: snprintf(buf, n, "%04d-%02d", y, m); break;
    case EV_BY_QUARTER: snprintf(buf, n, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
    case EV_BY_YEAR: snprintf(buf, n, "%04d", y); break;
    default:
        snprintf(buf, n, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, last / 10000,
                 last / 100 % 100, last % 100);
    }
}

void ev_tally_add(ev_tally *t, const store_summary_row *r, int by_mentions)
{
    double w = by_mentions ? (double)r->mentions : (double)r->events;
    int q = r->quad_class >= 1 && r->quad_class <= 4 ? r->quad_class : 0;
    t->quad[q] += w;
    t->events += w;
    t->goldstein_sum += by_mentions ? r->goldstein_msum : r->goldstein_sum;
    t->goldstein_n += by_mentions ? (double)r->goldstein_mn : (double)r->goldstein_n;
}

void ev_tally_merge(ev_tally *t, const ev_tally *u)
{
    for (int q = 0; q < 5; q++)
        t->quad[q] += u->quad[q];
    t->events += u->events;
    t->goldstein_sum += u->goldstein_sum;
    t->goldstein_n += u->goldstein_n;
}

double ev_cooperation(const ev_tally *t)
{
    return t->quad[1] + t->quad[2];
}

double ev_conflict(const ev_tally *t)
{
    return t->quad[3] + t->quad[4];
}

double ev_net_cooperation(const ev_tally *t)
{
    double n = ev_cooperation(t) + ev_conflict(t);
    return n > 0 ? (ev_cooperation(t) - ev_conflict(t)) / n : NAN;
}

double ev_goldstein_mean(const ev_tally *t)
{
    return t->goldstein_n > 0 ? t->goldstein_sum / t->goldstein_n : NAN;
}

double ev_material_share(const ev_tally *t)
{
    double c = ev_cooperation(t);
    return c > 0 ? t->quad[2] / c : NAN;
}

int ev_series_init(ev_series *s, int from, int to, ev_by by, const cov_days *cov, bloc_error *err)
{
    memset(s, 0, sizeof *s);
    s->by = by;
    if (!from || !to || from > to)
        return BLOC_OK; /* an empty range: no periods */
    size_t cap = 0;
    for (int p = ev_period_start(from, by); p <= to; p = ev_period_next(p, by))
        cap++;
    s->start = malloc(cap * sizeof *s->start);
    s->last = malloc(cap * sizeof *s->last);
    s->t = calloc(cap, sizeof *s->t);
    s->covered = calloc(cap, sizeof *s->covered);
    if (!s->start || !s->last || !s->t || !s->covered) {
        ev_series_free(s);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (int p = ev_period_start(from, by); p <= to; p = ev_period_next(p, by)) {
        int next = ev_period_next(p, by);
        s->start[s->n] = p < from ? from : p;
        s->last[s->n] = next > to || by == EV_BY_ALL ? to : ev_add_days(next, -1);
        s->covered[s->n] = cov ? cov_days_count(cov, s->start[s->n], s->last[s->n])
                               : util_date_days(s->last[s->n]) - util_date_days(s->start[s->n]) + 1;
        s->n++;
    }
    return BLOC_OK;
}

long ev_series_covered(const ev_series *s)
{
    long n = 0;
    for (size_t p = 0; p < s->n; p++)
        n += s->covered[p];
    return n;
}

void ev_series_free(ev_series *s)
{
    free(s->start);
    free(s->last);
    free(s->covered);
    free(s->t);
    memset(s, 0, sizeof *s);
}

long ev_series_find(const ev_series *s, int date)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) { /* first period whose last day >= date */
        size_t mid = (lo + hi) / 2;
        if (s->last[mid] < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->start[lo] <= date ? (long)lo : -1;
}

int ev_range(store *s, const ev_opts *o, const char *const *codes, size_t n, int *from, int *to,
             cov_days *days, bloc_error *err)
{
    int first = 0, last = 0, rc;
    memset(days, 0, sizeof *days);
    if (o->coverage) { /* the first and last day the data cover for these codes */
        if ((rc = ev_coverage_days(o->coverage, codes, n, o->since, o->until, days, err)) != BLOC_OK)
            return rc;
        if (days->n) {
            first = days->first[0];
            last = days->last[days->n - 1];
        }
    } else if ((rc = store_event_summary_span(s, &first, &last, err)) != BLOC_OK) {
        return rc;
    }
    *from = o->since ? o->since : first;
    *to = o->until ? o->until : last;
    if (!first && (!o->since || !o->until))
        *from = *to = 0; /* nothing at all and an open range */
    if (!o->coverage && *from && (rc = ev_coverage_days(NULL, codes, n, *from, *to, days, err)) != BLOC_OK)
        return rc;
    return BLOC_OK;
}

/* ---- reading the summary a month at a time ----
 *
 * The analytics add summary rows into periods, on covered days, for the
 * members of the day. A month that lies whole inside one period, is
 * covered on every day and keeps every member's status from its first day
 * to its last is counted the same from its daily rows one by one as from
 * their sums, so such months are read from the monthly roll-up (a row per
 * month, dated its first day, which is where the callbacks then count it)
 * and only the other days from the daily rows. */

enum { SCAN_MAX_RUNS = 48 }; /* more pieces than that: one daily scan */

typedef struct scan_run {
    int first, last, monthly;
} scan_run;

static int month_last_day(int first)
{
    int y = first / 10000, m = first / 100 % 100;
    int next = m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
    return ev_add_days(next, -1);
}

static int steady_members(const store_member *const *members, size_t n, int first, int last)
{
    for (size_t i = 0; members && i < n; i++) {
        const store_member *m = members[i];
        if (!m || (!m->joined && !m->left))
            continue;
        int on = registry_member_on(m, first);
        for (int d = first; d <= last; d = ev_add_days(d, 1))
            if (registry_member_on(m, d) != on)
                return 0;
    }
    return 1;
}

static int whole_month(const ev_series *ps, const cov_days *days,
                       const store_member *const *members, size_t n, int from, int to,
                       int first, int last)
{
    long p = ev_series_find(ps, first);
    return first >= from && last <= to && p >= 0 && ev_series_find(ps, last) == p &&
           cov_days_count(days, first, last) == ev_days(last) - ev_days(first) + 1 &&
           steady_members(members, n, first, last);
}

static void add_run(scan_run *runs, size_t *n, int first, int last, int monthly)
{
    if (first > last)
        return;
    if (*n && runs[*n - 1].monthly == monthly && ev_add_days(runs[*n - 1].last, 1) == first) {
        runs[*n - 1].last = last;
        return;
    }
    if (*n < SCAN_MAX_RUNS + 1)
        runs[(*n)++] = (scan_run){first, last, monthly};
}

/* store_event_summary_scan over q's span (since and until set), month by
 * month where that counts the same (above): members[i] (NULL entries and
 * a NULL array allowed) are the n states the callback checks. */
static int scan_by_month(store *s, const store_summary_query *q, const ev_series *ps,
                         const cov_days *days, const store_member *const *members, size_t n,
                         store_summary_cb cb, void *ctx, bloc_error *err)
{
    scan_run runs[SCAN_MAX_RUNS + 1];
    size_t nruns = 0;
    int from = q->since, to = q->until, cursor = from;
    assert(from && to && from <= to);
    for (int m = ev_period_start(from, EV_BY_MONTH); m <= to && nruns <= SCAN_MAX_RUNS;) {
        int last = month_last_day(m);
        if (whole_month(ps, days, members, n, from, to, m, last)) {
            add_run(runs, &nruns, cursor, ev_add_days(m, -1), 0);
            add_run(runs, &nruns, m, last, 1);
            cursor = ev_add_days(last, 1);
        }
        m = ev_add_days(last, 1);
    }
    add_run(runs, &nruns, cursor, to, 0);
    if (nruns > SCAN_MAX_RUNS) {
        nruns = 0;
        add_run(runs, &nruns, from, to, 0);
    }
    int rc = BLOC_OK;
    for (size_t k = 0; k < nruns && rc == BLOC_OK; k++) {
        store_summary_query part = *q;
        part.since = runs[k].first;
        part.until = runs[k].last;
        part.monthly = runs[k].monthly;
        rc = store_event_summary_scan(s, &part, cb, ctx, err);
    }
    return rc;
}

typedef struct dyad_ctx {
    ev_series *s;
    const ev_opts *o;
    const cov_days *days; /* the covered days: rows on others are not counted */
} dyad_ctx;

static int add_row(void *arg, const store_summary_row *r)
{
    dyad_ctx *c = arg;
    long p = ev_series_find(c->s, r->day);
    if (p >= 0 && cov_days_has(c->days, r->day))
        ev_tally_add(&c->s->t[p], r, c->o->by_mentions);
    return 0;
}

/* A state's own volume over the dyad's periods: on the days covered for
 * its events with anyone. */
static int volume(store *s, const char *a, const ev_opts *o, int from, int to, ev_series *vol,
                  bloc_error *err)
{
    cov_days days;
    const char *codes[1] = {a};
    int rc = o->coverage ? ev_coverage_days(o->coverage, codes, 1, from, to, &days, err)
                         : ev_coverage_days(NULL, codes, 1, from, to, &days, err);
    if (rc == BLOC_OK && (rc = ev_series_init(vol, from, to, o->by, &days, err)) == BLOC_OK) {
        dyad_ctx c = {vol, o, &days};
        rc = store_actor_summary_scan(s, a, from, to, o->domain, add_row, &c, err);
    }
    cov_days_free(&days);
    return rc;
}

int ev_dyad(store *s, const char *a, const char *b, int directed, const ev_opts *o,
            ev_series *dyad, ev_series *vol_a, ev_series *vol_b, bloc_error *err)
{
    const char *sa[1] = {a}, *sb[1] = {b}, *both[2] = {a, b};
    cov_days days;
    int from, to, rc = ev_range(s, o, both, 2, &from, &to, &days, err);
    memset(dyad, 0, sizeof *dyad);
    memset(vol_a, 0, sizeof *vol_a);
    memset(vol_b, 0, sizeof *vol_b);
    if (rc != BLOC_OK || (rc = ev_series_init(dyad, from, to, o->by, &days, err)) != BLOC_OK)
        goto fail;
    store_summary_query q = {.side_a = sa, .nside_a = 1, .side_b = sb, .nside_b = 1,
                             .directed = directed, .since = from, .until = to,
                             .domain = o->domain};
    dyad_ctx c = {dyad, o, &days};
    if (!from) {
        cov_days_free(&days);
        return BLOC_OK;
    }
    if ((rc = scan_by_month(s, &q, dyad, &days, NULL, 0, add_row, &c, err)) != BLOC_OK ||
        (rc = volume(s, a, o, from, to, vol_a, err)) != BLOC_OK ||
        (rc = volume(s, b, o, from, to, vol_b, err)) != BLOC_OK)
        goto fail;
    cov_days_free(&days);
    return BLOC_OK;
fail:
    cov_days_free(&days);
    ev_series_free(dyad);
    ev_series_free(vol_a);
    ev_series_free(vol_b);
    return rc;
}

typedef struct matrix_ctx {
    ev_matrix *m;          /* ndom matrices over the same codes and periods */
    const cov_days *days;   /* covered days */
    const char *const *domains;
    size_t ndom;
    const store_member *const *members;
    const ev_opts *o;
} matrix_ctx;

static long code_index(const ev_matrix *m, const char *code)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->codes[i], code) == 0)
            return (long)i;
    return -1;
}

static int add_cell(void *arg, const store_summary_row *r)
{
    matrix_ctx *c = arg;
    ev_matrix *m = &c->m[0];
    long i = code_index(m, r->actor1), j = code_index(m, r->actor2);
    long p = ev_series_find(&m->periods, r->day);
    if (i < 0 || j < 0 || i == j || p < 0 || !cov_days_has(c->days, r->day))
        return 0;
    if (c->members && ((c->members[i] && !registry_member_on(c->members[i], r->day)) ||
                       (c->members[j] && !registry_member_on(c->members[j], r->day))))
        return 0;
    for (size_t k = 0; k < c->ndom; k++) {
        if (c->domains[k] && strcmp(c->domains[k], r->domain) != 0)
            continue;
        ev_matrix *mk = &c->m[k];
        ev_tally_add(ev_matrix_cell(mk, (size_t)p, (size_t)i, (size_t)j), r, c->o->by_mentions);
        ev_tally_add(&mk->periods.t[p], r, c->o->by_mentions);
    }
    return 0;
}

int ev_matrix_load_domains(store *s, const char **codes, const store_member *const *members,
                           size_t n, const ev_opts *o, const char *const *domains, size_t ndom,
                           ev_matrix *out, bloc_error *err)
{
    cov_days days;
    int from, to, rc = ev_range(s, o, codes, n, &from, &to, &days, err);
    for (size_t k = 0; k < ndom; k++) {
        memset(&out[k], 0, sizeof out[k]);
        out[k].n = n;
        out[k].codes = codes;
    }
    for (size_t k = 0; rc == BLOC_OK && k < ndom; k++) {
        if ((rc = ev_series_init(&out[k].periods, from, to, o->by, &days, err)) != BLOC_OK)
            break;
        /* the size is known before a row is read: a request too heavy for
         * the budget is refused here, not after it has taken the memory */
        double per_cell = (double)sizeof *out[k].cells + (double)o->cell_bytes;
        double need = (double)out[k].periods.n * (double)n * (double)n * (double)ndom * per_cell;
        if (o->max_bytes && need > (double)o->max_bytes) {
            rc = bloc_fail(err, BLOC_ELIMIT,
                           "%zu states over %zu periods%s need %.0f MB, more than the %.0f MB "
                           "a request may use: fewer states, a longer period or a shorter span",
                           n, out[k].periods.n, ndom > 1 ? " and domains" : "", need / 1048576.0,
                           (double)o->max_bytes / 1048576.0);
            break;
        }
        if (!(out[k].cells = calloc(out[k].periods.n * n * n + 1, sizeof *out[k].cells)))
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    if (rc == BLOC_OK && from) {
        store_summary_query q = {.side_a = codes, .nside_a = n, .side_b = codes, .nside_b = n,
                                 .since = from, .until = to,
                                 .domain = ndom == 1 ? domains[0] : NULL};
        matrix_ctx c = {out, &days, domains, ndom, members, o};
        rc = scan_by_month(s, &q, &out[0].periods, &days, members, n, add_cell, &c, err);
    }
    cov_days_free(&days);
    if (rc != BLOC_OK)
        for (size_t k = 0; k < ndom; k++)
            ev_matrix_free(&out[k]);
    return rc;
}

int ev_matrix_load(store *s, const char **codes, const store_member *const *members, size_t n,
                   const ev_opts *o, ev_matrix *m, bloc_error *err)
{
    const char *domains[1] = {o->domain};
    return ev_matrix_load_domains(s, codes, members, n, o, domains, 1, m, err);
}

void ev_matrix_free(ev_matrix *m)
{
    ev_series_free(&m->periods);
    free(m->cells);
    m->cells = NULL;
}

ev_tally *ev_matrix_cell(const ev_matrix *m, size_t period, size_t i, size_t j)
{
    assert(period < m->periods.n && i < m->n && j < m->n);
    return &m->cells[(period * m->n + i) * m->n + j];
}

ev_tally ev_matrix_pair(const ev_matrix *m, size_t period, size_t i, size_t j)
{
    ev_tally t = *ev_matrix_cell(m, period, i, j);
    ev_tally_merge(&t, ev_matrix_cell(m, period, j, i));
    return t;
}

double ev_net_weight(const ev_tally *t)
{
    double x = ev_cooperation(t) - ev_conflict(t);
    return x > 0 ? x : 0;
}
