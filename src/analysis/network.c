/*
 * analysis/network — `network LIST`: the cooperation network of a group
 * over one span: each member's degree, strength and eigenvector
 * centrality, the hub, the density; or its edges (edges = 1).
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis.h"
#include "metrics/network.h"

static void init(void *req)
{
    ((network_req *)req)->o.by = EV_BY_ALL;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("group", network_req, group, "LIST"),
    {.type = OPT_PERIOD, .name = "period", .offset = offsetof(network_req, period), .argname = "P",
     .help = "a year (2023), month (2023-05) or quarter (2023-Q2); default: all",
     .bad = "--period takes YYYY, YYYY-MM or YYYY-Qn"},
    OPTE_FLAG("edges", 0, network_req, edges, "list the pairs instead"),
    BLOC_EV_OPTIONS(network_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one LIST");
}

static const result_col edge_cols[] = {
    {"period", RESULT_STR}, {"a", RESULT_STR}, {"b", RESULT_STR}, {"events", RESULT_INT},
    {"cooperation", RESULT_INT}, {"conflict", RESULT_INT}, {"weight", RESULT_INT}};
static const result_col node_cols[] = {
    {"period", RESULT_STR}, {"member", RESULT_STR}, {"degree", RESULT_INT},
    {"strength", RESULT_INT}, {"centrality", RESULT_NUM}, {"hub", RESULT_STR},
    {"density", RESULT_NUM}, {"weighted_density", RESULT_NUM}};

static void edges(result *out, const char *label, const bloc_set *g, const ev_matrix *m,
                  const double *w)
{
    size_t n = g->n;
    for (size_t i = 0; m->periods.n && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            ev_tally d = ev_matrix_pair(m, 0, i, j);
            result_str(out, label);
            result_str(out, g->codes[i]);
            result_str(out, g->codes[j]);
            long cov = m->periods.covered[0];
            analysis_count(out, d.events, cov);
            analysis_count(out, ev_cooperation(&d), cov);
            analysis_count(out, ev_conflict(&d), cov);
            analysis_count(out, w[i * n + j], cov);
        }
}

/* covered = 0: the span has no data, so every measure is missing (a
 * network of zeros would read as "no ties"). */
static void nodes(result *out, const char *label, const bloc_set *g, const net_result *net,
                  long covered)
{
    for (size_t i = 0; i < g->n; i++) {
        result_str(out, label);
        result_str(out, g->codes[i]);
        if (!covered) {
            for (int k = 0; k < 6; k++)
                result_na(out);
            continue;
        }
        result_int(out, net->nodes[i].degree);
        result_int(out, llround(net->nodes[i].strength));
        result_num(out, net->nodes[i].centrality, 4);
        result_str(out, net->hub == (int)i ? "yes" : "no");
        result_num(out, net->density, 4);
        result_num(out, net->weighted_density, 4);
    }
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    network_req q = *(const network_req *)request;
    bloc_set g = {0};
    ev_matrix m = {0};
    net_result net = {0};
    double *w = NULL;
    int rc;
    q.o.by = EV_BY_ALL; /* one network over the whole span */
    if (q.period.since) {
        q.o.since = q.period.since;
        q.o.until = q.period.until;
    }
    if ((rc = analysis_group_matrix(S, q.group, &q.o, &g, &m, err)) != BLOC_OK)
        goto done;
    size_t n = g.n;
    if (!(w = calloc(n * n + 1, sizeof *w))) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    char label[48] = "none";
    if (m.periods.n)
        ev_period_label(m.periods.start[0], m.periods.last[0], EV_BY_ALL, label, sizeof label);
    for (size_t i = 0; m.periods.n && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            ev_tally d = ev_matrix_pair(&m, 0, i, j);
            w[i * n + j] = w[j * n + i] = ev_net_weight(&d);
        }
    if ((rc = net_compute(n, w, &net, err)) != BLOC_OK)
        goto done;
    analysis_coverage_notes(out, &m.periods, g.label);
    if (q.edges) {
        if ((rc = result_begin(out, edge_cols, sizeof edge_cols / sizeof edge_cols[0])) == BLOC_OK)
            edges(out, label, &g, &m, w);
    } else if ((rc = result_begin(out, node_cols, sizeof node_cols / sizeof node_cols[0])) == BLOC_OK) {
        nodes(out, label, &g, &net, m.periods.n ? m.periods.covered[0] : 0);
    }
    if (rc == BLOC_OK)
        rc = result_status(out);
done:
    net_result_free(&net);
    free(w);
    ev_matrix_free(&m);
    bloc_set_free(&g);
    return rc;
}

const bloc_call analysis_network = {"network", sizeof(network_req), init, opts, check, run};
