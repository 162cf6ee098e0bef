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
    if (bloc_split_pair(q->dyad, &a_name, &b_name) != 0)
        return bloc_usage(err, "--dyad needs two states: A,B");
    if ((rc = registry_resolve(r, a_name, &a, err)) == BLOC_OK &&
        (rc = registry_resolve(r, b_name, &b, err)) == BLOC_OK &&
        (rc = ev_dyad(s, a->code, b->code, 0, &q->o, d, &va, &vb, err)) == BLOC_OK)
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

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const changes_req *q = request;
    cp_opts co = {.bootstrap = q->bootstrap, .level = 0.95, .penalty = q->penalty,
                  .cost = q->measure == CHANGES_EVENTS ? CP_POISSON : CP_MEAN};
    ev_series d = {0};
    ev_matrix m = {0};
    const ev_series *series = NULL;
    cp_result res = {0};
    double *y = NULL;
    size_t *at = NULL, n = 0;
    char label[160];
    int rc = load_series(S, q, &d, &m, &series, label, sizeof label, err);
    if (rc != BLOC_OK)
        goto done;
    y = malloc((series->n + 1) * sizeof *y);
    at = malloc((series->n + 1) * sizeof *at);
    if (!y || !at) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t p = 0; p < series->n; p++) {
        const ev_tally *t = &series->t[p];
        double v = q->measure == CHANGES_EVENTS ? t->events
                   : q->measure == CHANGES_NET  ? ev_net_cooperation(t)
                                                : ev_goldstein_mean(t);
        if (isnan(v))
            continue; /* no events: no mean to compare */
        y[n] = v;
        at[n++] = p;
    }
    if ((rc = cp_detect(y, n, &co, &res, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (size_t k = 0; k < res.n; k++)
        change_row(out, q, series, label, &res.changes[k], at, n, res.penalty);
    if (res.n == 0)
        result_note(out, "no change found in %zu periods (penalty %.3f)", n, res.penalty);
    rc = result_status(out);
done:
    cp_result_free(&res);
    free(y);
    free(at);
    ev_series_free(&d);
    ev_matrix_free(&m);
    return rc;
}

const bloc_call analysis_changes = {"changes", sizeof(changes_req), init, opts, check, run};
