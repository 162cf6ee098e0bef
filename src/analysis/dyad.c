/*
 * analysis/dyad — `dyad A B`: a dyad's event series by period and domain
 * (counts per quad class, net cooperation, Goldstein, salience), from the
 * event summary through metrics/events.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/analysis.h"
#include "registry/registry.h"

static void init(void *req)
{
    ((dyad_req *)req)->o.by = EV_BY_MONTH;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("a", dyad_req, a, "A"),
    OPTE_ARG_REQ("b", dyad_req, b, "B"),
    OPTE_FLAG("directed", 0, dyad_req, directed, "A as actor 1 and B as actor 2 only"),
    BLOC_EV_OPTIONS(dyad_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 2 ? BLOC_OK : bloc_usage(err, "name two states: bloc dyad A B");
}

static const result_col cols[] = {
    {"period", RESULT_STR}, {"from", RESULT_DATE}, {"to", RESULT_DATE}, {"a", RESULT_STR},
    {"b", RESULT_STR}, {"domain", RESULT_STR}, {"events", RESULT_INT},
    {"verbal_coop", RESULT_INT}, {"material_coop", RESULT_INT}, {"verbal_conflict", RESULT_INT},
    {"material_conflict", RESULT_INT}, {"net_cooperation", RESULT_NUM},
    {"goldstein_mean", RESULT_NUM}, {"goldstein_sum", RESULT_NUM}, {"material_share", RESULT_NUM},
    {"a_events", RESULT_INT}, {"b_events", RESULT_INT}, {"salience_a", RESULT_NUM},
    {"salience_b", RESULT_NUM}, {"covered_days", RESULT_INT}};

/* A count (events, or mentions when weighted: whole numbers either way),
 * or NA where the data cover nothing (missing, not zero). */
void analysis_count(result *out, double v, long covered)
{
    if (covered > 0)
        result_int(out, llround(v));
    else
        result_na(out);
}

static void dyad_row(result *out, const dyad_req *q, const char *a, const char *b,
                     const ev_series *d, const ev_series *va, const ev_series *vb, size_t p)
{
    char label[48];
    const ev_tally *x = &d->t[p];
    long cov = d->covered[p];
    ev_period_label(d->start[p], d->last[p], q->o.by, label, sizeof label);
    result_str(out, label);
    result_date(out, d->start[p]);
    result_date(out, d->last[p]);
    result_str(out, a);
    result_str(out, b);
    result_str(out, q->o.domain ? q->o.domain : "all");
    analysis_count(out, x->events, cov);
    for (int k = 1; k <= 4; k++)
        analysis_count(out, x->quad[k], cov);
    result_num(out, ev_net_cooperation(x), 4);
    result_num(out, ev_goldstein_mean(x), 3);
    result_num(out, cov ? x->goldstein_sum : NAN, 1);
    result_num(out, ev_material_share(x), 4);
    analysis_count(out, va->t[p].events, va->covered[p]);
    analysis_count(out, vb->t[p].events, vb->covered[p]);
    result_num(out, va->t[p].events > 0 && cov ? x->events / va->t[p].events : NAN, 4);
    result_num(out, vb->t[p].events > 0 && cov ? x->events / vb->t[p].events : NAN, 4);
    result_int(out, cov);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const dyad_req *q = request;
    store *s;
    const registry *r;
    const store_country *a = NULL, *b = NULL;
    ev_series d = {0}, va = {0}, vb = {0};
    int rc;
    if ((rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (rc = registry_resolve(r, q->a, &a, err)) != BLOC_OK ||
        (rc = registry_resolve(r, q->b, &b, err)) != BLOC_OK ||
        (rc = bloc_session_events(S, &s, &r, err)) != BLOC_OK)
        goto done;
    ev_opts o = bloc_session_ev_opts(S, &q->o);
    if ((rc = ev_dyad(s, a->code, b->code, q->directed, &o, &d, &va, &vb, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (size_t p = 0; p < d.n && result_status(out) == BLOC_OK; p++)
        dyad_row(out, q, a->code, b->code, &d, &va, &vb, p);
    char what[24];
    snprintf(what, sizeof what, "%s-%s", a->code, b->code);
    analysis_coverage_notes(out, &d, what);
    rc = result_status(out);
done:
    ev_series_free(&d);
    ev_series_free(&va);
    ev_series_free(&vb);
    return rc;
}

const bloc_call analysis_dyad = {"dyad", sizeof(dyad_req), init, opts, check, run};
