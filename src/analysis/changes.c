/*
 * analysis/changes — `changes`: change points in a dyad's or a group's
 * series (events per period, net cooperation or mean Goldstein), with the
 * mean before and after each change and a bootstrap interval for its date
 * (metrics/changes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/analysis.h"
#include "core/util.h"
#include "metrics/changes.h"
#include "registry/registry.h"

static const char *const measures[] = {"events", "net", "goldstein", NULL};

static void init(void *req)
{
    changes_req *q = req;
    q->o.by = EV_BY_MONTH;
    q->bootstrap = 999;
}

static const opt_def opts[] = {
    OPTE_STRING("dyad", 0, changes_req, dyad, "A,B", "a dyad's events (both directions)"),
    OPTE_LIST("group", changes_req, group, "LIST", "a group's events between members"),
    OPTE_ENUM("measure", changes_req, measure, measures, "events|net|goldstein",
              "--measure takes events, net or goldstein", "the series (default events)"),
    {.type = OPT_NUMBER, .name = "penalty", .offset = offsetof(changes_req, penalty),
     .argname = "X", .help = "the PELT penalty (default MBIC, 3 log n)", .dmin = 0, .dmax = 1e300,
     .flags = OPT_GT_MIN, .bad = "--penalty needs a number > 0"},
    OPTE_INT32("bootstrap", changes_req, bootstrap, 0, 100000, "--bootstrap needs 0..100000",
               "replicates of the interval (default 999)"),
    BLOC_EV_OPTIONS(changes_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const changes_req *q = req;
    if (!q->dyad == !q->group || npos > 0)
        return bloc_usage(err, "give --dyad A,B or --group LIST");
    if (q->o.by == EV_BY_ALL)
        return bloc_usage(err, "--by all leaves one period: nothing can change");
    return BLOC_OK;
}

static const result_col cols[] = {
    {"series", RESULT_STR}, {"measure", RESULT_STR}, {"domain", RESULT_STR},
    {"change", RESULT_STR}, {"from", RESULT_DATE}, {"interval_from", RESULT_STR},
    {"interval_to", RESULT_STR}, {"mean_before", RESULT_NUM}, {"mean_after", RESULT_NUM},
    {"ratio", RESULT_NUM}, {"periods", RESULT_INT}, {"penalty", RESULT_NUM}};

/* The series to search: a dyad's or a group's; *label names it. */
static int load_series(bloc_session *S, const changes_req *q, ev_series *d, ev_matrix *m,
                       const ev_series **series, char *label, size_t lsz, bloc_error *err)
{
    store *s;
    const registry *r;
    int rc;
    if ((rc = bloc_session_events(S, &s, &r, err)) != BLOC_OK)
        return rc;
    if (q->group) {
        bloc_set g = {0};
        rc = analysis_group_matrix(S, q->group, &q->o, &g, m, err);
        snprintf(label, lsz, "%s", q->group);
        m->codes = NULL; /* borrowed from g, freed here */
        bloc_set_free(&g);
        *series = &m->periods; /* its tallies sum the member dyads */
        return rc;
    }
    char *a_name = NULL;
    const char *b_name;
    const store_country *a, *b;
    ev_series va = {0}, vb = {0};
    ev_opts o = bloc_session_ev_opts(S, &q->o);
    if (bloc_split_pair(q->dyad, &a_name, &b_name) != 0)
        return bloc_usage(err, "--dyad needs two states: A,B");
    if ((rc = registry_resolve(r, a_name, &a, err)) == BLOC_OK &&
        (rc = registry_resolve(r, b_name, &b, err)) == BLOC_OK &&
        (rc = ev_dyad(s, a->code, b->code, 0, &o, d, &va, &vb, err)) == BLOC_OK)
        snprintf(label, lsz, "%s-%s", a->code, b->code);
    free(a_name);
    ev_series_free(&va);
    ev_series_free(&vb);
    *series = d;
    return rc;
}

static void change_row(result *out, const changes_req *q, const ev_series *series,
                       const char *label, const cp_change *c, const size_t *at, size_t n,
                       double penalty)
{
    char when[48], lo[48], hi[48];
    size_t p = at[c->at], pl = at[c->lo], ph = at[c->hi];
    ev_period_label(series->start[p], series->last[p], q->o.by, when, sizeof when);
    ev_period_label(series->start[pl], series->last[pl], q->o.by, lo, sizeof lo);
    ev_period_label(series->start[ph], series->last[ph], q->o.by, hi, sizeof hi);
    result_str(out, label);
    result_str(out, measures[q->measure]);
    result_str(out, q->o.domain ? q->o.domain : "all");
    result_str(out, when);
    result_date(out, series->start[p]);
    result_str(out, lo);
    result_str(out, hi);
    result_num(out, c->mean_before, 4);
    result_num(out, c->mean_after, 4);
    result_num(out, c->mean_before != 0 ? c->mean_after / c->mean_before : NAN, 3);
    result_int(out, (long long)n);
    result_num(out, penalty, 3);
}

/* The value of period p in the series for the measure; NaN when there is
 * none (no events: no mean to compare). */
static double value(const changes_req *q, const ev_tally *t)
{
    return q->measure == CHANGES_EVENTS ? t->events
           : q->measure == CHANGES_NET  ? ev_net_cooperation(t)
                                        : ev_goldstein_mean(t);
}

/* A period the data cover from its first day to its last. */
static int whole(const ev_series *s, size_t p)
{
    return s->covered[p] == util_date_days(s->last[p]) - util_date_days(s->start[p]) + 1;
}

typedef struct search {
    size_t covered, runs, longest, searched; /* periods: covered wholly; runs of them */
    size_t found;
    double penalty;
} search;

/* Search one run of wholly covered periods [a, b) for changes: a change is
 * never placed at a coverage edge or across a gap, because each run is
 * searched on its own, each side of a change at least min_segment long. */
static int search_run(const changes_req *q, const ev_series *series, const char *label, size_t a,
                      size_t b, const cp_opts *co, search *sr, result *out, bloc_error *err)
{
    double *y = malloc((b - a + 1) * sizeof *y);
    size_t *at = malloc((b - a + 1) * sizeof *at), n = 0;
    cp_result res = {0};
    int rc = y && at ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t p = a; rc == BLOC_OK && p < b; p++) {
        double v = value(q, &series->t[p]);
        if (!isnan(v)) {
            y[n] = v;
            at[n++] = p;
        }
    }
    size_t minseg = co->min_segment ? co->min_segment : 3;
    if (rc == BLOC_OK && n >= 2 * minseg) {
        if ((rc = cp_detect(y, n, co, &res, err)) == BLOC_OK) {
            sr->searched += n;
            sr->penalty = res.penalty;
            for (size_t k = 0; k < res.n; k++)
                change_row(out, q, series, label, &res.changes[k], at, n, res.penalty);
            sr->found += res.n;
        }
    }
    cp_result_free(&res);
    free(y);
    free(at);
    return rc;
}

/* What was searched, said when nothing was found. */
static void search_notes(result *out, const ev_series *series, const search *sr, size_t minseg)
{
    if (series->n == 0 || ev_series_covered(series) == 0)
        result_note(out, "no data: the event data cover none of that range");
    else if (!sr->searched)
        result_note(out, "no data to find a change in: %zu of %zu periods are covered whole, the"
                         " longest run of them %zu; a change needs %zu in a row (with values)",
                    sr->covered, series->n, sr->longest, 2 * minseg);
    else if (!sr->found)
        result_note(out, "no change found in %zu covered period%s (penalty %.3f)", sr->searched,
                    sr->searched == 1 ? "" : "s", sr->penalty);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const changes_req *q = request;
    cp_opts co = {.bootstrap = q->bootstrap, .level = 0.95, .penalty = q->penalty,
                  .cost = q->measure == CHANGES_EVENTS ? CP_POISSON : CP_MEAN, .min_segment = 3};
    ev_series d = {0};
    ev_matrix m = {0};
    const ev_series *series = NULL;
    search sr = {0};
    char label[160];
    int rc = load_series(S, q, &d, &m, &series, label, sizeof label, err);
    if (rc != BLOC_OK || (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (size_t p = 0; p < series->n && rc == BLOC_OK;) { /* each run of wholly covered periods */
        if (!whole(series, p)) {
            p++;
            continue;
        }
        size_t a = p;
        while (p < series->n && whole(series, p))
            p++;
        sr.covered += p - a;
        sr.runs++;
        sr.longest = p - a > sr.longest ? p - a : sr.longest;
        rc = search_run(q, series, label, a, p, &co, &sr, out, err);
    }
    if (rc == BLOC_OK)
        search_notes(out, series, &sr, co.min_segment);
    if (rc == BLOC_OK)
        rc = result_status(out);
done:
    ev_series_free(&d);
    ev_matrix_free(&m);
    return rc;
}

const bloc_call analysis_changes = {"changes", sizeof(changes_req), init, opts, check, run};
