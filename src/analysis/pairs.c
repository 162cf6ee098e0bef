/*
 * analysis/pairs — `pairs LIST`: every dyad of a group, period by period:
 * the events series of all member pairs at once, a data set for R or
 * pandas (the event counterpart of `unga pairs`).
 */
#include "analysis/analysis.h"

static void init(void *req)
{
    ((pairs_req *)req)->o.by = EV_BY_MONTH;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("group", pairs_req, group, "LIST"),
    OPTE_FLAG("directed", 0, pairs_req, directed, "one row per ordered pair"),
    OPTE_FLAG("active", 0, pairs_req, active, "leave out pair-periods without events"),
    BLOC_EV_OPTIONS(pairs_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one LIST");
}

static const result_col cols[] = {
    {"period", RESULT_STR}, {"from", RESULT_DATE}, {"to", RESULT_DATE}, {"a", RESULT_STR},
    {"b", RESULT_STR}, {"domain", RESULT_STR}, {"events", RESULT_INT},
    {"verbal_coop", RESULT_INT}, {"material_coop", RESULT_INT}, {"verbal_conflict", RESULT_INT},
    {"material_conflict", RESULT_INT}, {"net_cooperation", RESULT_NUM},
    {"goldstein_mean", RESULT_NUM}, {"covered_days", RESULT_INT}};

static void pair_row(result *out, const pairs_req *q, const char *label, const ev_matrix *m,
                     size_t p, const char *a, const char *b, const ev_tally *d)
{
    result_str(out, label);
    result_date(out, m->periods.start[p]);
    result_date(out, m->periods.last[p]);
    result_str(out, a);
    result_str(out, b);
    result_str(out, q->o.domain ? q->o.domain : "all");
    long cov = m->periods.covered[p];
    analysis_count(out, d->events, cov);
    for (int k = 1; k <= 4; k++)
        analysis_count(out, d->quad[k], cov);
    result_num(out, ev_net_cooperation(d), 4);
    result_num(out, ev_goldstein_mean(d), 3);
    result_int(out, cov);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const pairs_req *q = request;
    bloc_set g = {0};
    ev_matrix m = {0};
    int rc;
    ev_opts o = q->o;
    /* every pair-period is a row of at least ~100 bytes of JSON (half that
     * per directed cell): the whole answer's size is checked before the
     * scan, not met at the writer's limit after it */
    o.cell_bytes = q->active ? 0 : q->directed ? 100 : 50;
    if ((rc = analysis_group_matrix(S, q->group, &o, &g, &m, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (size_t p = 0; p < m.periods.n && result_status(out) == BLOC_OK; p++) {
        char label[48];
        ev_period_label(m.periods.start[p], m.periods.last[p], q->o.by, label, sizeof label);
        for (size_t i = 0; i < g.n; i++)
            for (size_t j = q->directed ? 0 : i + 1; j < g.n; j++) {
                if (i == j)
                    continue;
                ev_tally d = q->directed ? *ev_matrix_cell(&m, p, i, j) : ev_matrix_pair(&m, p, i, j);
                if (!q->active || (d.events > 0 && m.periods.covered[p]))
                    pair_row(out, q, label, &m, p, g.codes[i], g.codes[j], &d);
            }
        if ((rc = bloc_session_check_deadline(S, err)) != BLOC_OK)
            goto done;
    }
    analysis_coverage_notes(out, &m.periods, g.label);
    rc = result_status(out);
done:
    ev_matrix_free(&m);
    bloc_set_free(&g);
    return rc;
}

const bloc_call analysis_pairs = {"pairs", sizeof(pairs_req), init, opts, check, run};
