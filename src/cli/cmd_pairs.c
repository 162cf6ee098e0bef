/*
 * cli/cmd_pairs — `bloc pairs LIST`: every dyad of a group, period by
 * period: the events series of all member pairs at once, a data set for R
 * or pandas (the event counterpart of `bloc unga pairs`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char *const help =
    "usage: bloc pairs LIST [--by week|month|quarter|year|all] [--since D] [--until D]\n"
    "                       [--domain D] [--weight mentions] [--directed] [--active]\n\n"
    "Every pair of LIST's members, period by period (default month): events per\n"
    "quad class, net cooperation and mean Goldstein, as bloc dyad computes them\n"
    "(both directions summed; --directed: one row per ordered pair). Members count\n"
    "on the dates they belong to a group. --active leaves out pair-periods\n"
    "without events.\n"
    "  --format table|csv|json, --db PATH\n";

int cmd_pairs(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"directed", no_argument, NULL, 'd'},
                                         {"active", no_argument, NULL, 'a'}, CLI_EV_OPTIONS,
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    ev_opts o = {.by = EV_BY_MONTH};
    int opt, code = 0, rc = 0, directed = 0, active = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "pairs", opt, optarg, &o);
        if (h < 0)
            return 2;
        if (h)
            continue;
        if (opt == 'd')
            directed = 1;
        else if (opt == 'a')
            active = 1;
        else
            return cli_usage(ctx, "pairs", "unknown option");
    }
    if (argc - optind != 1)
        return cli_usage(ctx, "pairs", "name one LIST");
    store *s = NULL;
    registry *r = NULL;
    cli_set g = {0};
    ev_matrix m = {0};
    bloc_error err;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || cli_set_parse(r, argv[optind], &g, &err) != BLOC_OK ||
        store_event_summary_refresh(s, &err) != BLOC_OK ||
        ev_matrix_load(s, g.codes, g.mptr, g.n, &o, &m, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    static const char *const cols[] = {"period", "from", "to", "a", "b", "domain", "events",
                                       "verbal_coop", "material_coop", "verbal_conflict",
                                       "material_conflict", "net_cooperation", "goldstein_mean"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (size_t p = 0; p < m.periods.n; p++) {
        char label[48];
        ev_period_label(m.periods.start[p], m.periods.last[p], o.by, label, sizeof label);
        for (size_t i = 0; i < g.n; i++)
            for (size_t j = directed ? 0 : i + 1; j < g.n; j++) {
                if (i == j)
                    continue;
                ev_tally d = directed ? *ev_matrix_cell(&m, p, i, j) : ev_matrix_pair(&m, p, i, j);
                if (active && d.events == 0)
                    continue;
                out_str(t, label);
                out_date(t, m.periods.start[p]);
                out_date(t, m.periods.last[p]);
                out_str(t, g.codes[i]);
                out_str(t, g.codes[j]);
                out_str(t, o.domain ? o.domain : "all");
                out_num(t, d.events, 0);
                for (int q = 1; q <= 4; q++)
                    out_num(t, d.quad[q], 0);
                out_num(t, ev_net_cooperation(&d), 4);
                out_num(t, ev_goldstein_mean(&d), 3);
            }
    }
    out_end(t);
done:
    ev_matrix_free(&m);
    cli_set_free(&g);
    registry_free(r);
    store_close(s);
    return rc;
}
