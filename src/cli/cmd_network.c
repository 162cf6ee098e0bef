/*
 * cli/cmd_network — `bloc network LIST`: the cooperation network of a
 * group over one span: each member's degree, strength and eigenvector
 * centrality, the hub, the density; or its edges (--edges).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "metrics/network.h"

static const char *const help =
    "usage: bloc network LIST [--period P | --since D --until D] [--domain D]\n"
    "                         [--weight mentions] [--edges]\n\n"
    "The cooperation network of a group: states are nodes; an edge between two\n"
    "members weighs their net cooperative events, cooperation minus conflict in\n"
    "both directions, when positive (docs/methods.md). For each member: degree,\n"
    "strength (sum of its edge weights), eigenvector centrality (igraph, scaled\n"
    "so the most central is 1) and whether it is the hub; the graph's density\n"
    "(share of member pairs with an edge) and weighted density (mean weight over\n"
    "all pairs) on every row. --edges lists the pairs instead.\n\n"
    "  --period P   a year (2023), month (2023-05) or quarter (2023-Q2); default: all\n"
    "  --format table|csv|json, --db PATH\n";

/* "2023", "2023-05", "2023-Q2" -> first and last day. */
static int parse_period(const char *p, int *since, int *until)
{
    if (strlen(p) == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
        int y = atoi(p), q = p[6] - '0';
        *since = y * 10000 + (3 * q - 2) * 100 + 1;
        *until = ev_add_days(q == 4 ? (y + 1) * 10000 + 101 : y * 10000 + (3 * q + 1) * 100 + 1, -1);
        return y > 0 ? 0 : -1;
    }
    if (util_parse_date(p, 0, since, NULL) != BLOC_OK || util_parse_date(p, 1, until, NULL) != BLOC_OK)
        return -1;
    return 0;
}

int cmd_network(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
                                         {"edges", no_argument, NULL, 'e'}, CLI_EV_OPTIONS,
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    ev_opts o = {.by = EV_BY_ALL};
    int opt, code = 0, edges = 0, rc = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "network", opt, optarg, &o);
        if (h < 0)
            return 2;
        if (h)
            continue;
        if (opt == 'p') {
            if (parse_period(optarg, &o.since, &o.until) != 0)
                return cli_usage(ctx, "network", "--period takes YYYY, YYYY-MM or YYYY-Qn");
        } else if (opt == 'e') {
            edges = 1;
        } else {
            return cli_usage(ctx, "network", "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage(ctx, "network", "name one LIST");
    o.by = EV_BY_ALL; /* one network over the whole span */
    store *s = NULL;
    registry *r = NULL;
    cli_set g = {0};
    ev_matrix m = {0};
    net_result net = {0};
    double *w = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || cli_set_parse(r, argv[optind], &g, &err) != BLOC_OK ||
        store_event_summary_refresh(s, &err) != BLOC_OK ||
        ev_matrix_load(s, g.codes, g.mptr, g.n, &o, &m, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    size_t n = g.n;
    if (!(w = calloc(n * n + 1, sizeof *w))) {
        rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
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
    if (net_compute(n, w, &net, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (edges) {
        static const char *const cols[] = {"period", "a", "b", "events", "cooperation",
                                           "conflict", "weight"};
        out_table *t = out_begin(ctx->out, ctx->format, cols, 7);
        for (size_t i = 0; m.periods.n && i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                ev_tally d = ev_matrix_pair(&m, 0, i, j);
                out_str(t, label);
                out_str(t, g.codes[i]);
                out_str(t, g.codes[j]);
                out_num(t, d.events, 0);
                out_num(t, ev_cooperation(&d), 0);
                out_num(t, ev_conflict(&d), 0);
                out_num(t, w[i * n + j], 0);
            }
        out_end(t);
        goto done;
    }
    static const char *const cols[] = {"period", "member", "degree", "strength", "centrality",
                                       "hub", "density", "weighted_density"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 8);
    for (size_t i = 0; i < n; i++) {
        out_str(t, label);
        out_str(t, g.codes[i]);
        out_int(t, net.nodes[i].degree);
        out_num(t, net.nodes[i].strength, 0);
        out_num(t, net.nodes[i].centrality, 4);
        out_str(t, net.hub == (int)i ? "yes" : "no");
        out_num(t, net.density, 4);
        out_num(t, net.weighted_density, 4);
    }
    out_end(t);
done:
    net_result_free(&net);
    free(w);
    ev_matrix_free(&m);
    cli_set_free(&g);
    registry_free(r);
    store_close(s);
    return rc;
}
