/*
 * cli/cmd_dyad — `bloc dyad A B`: a dyad's event series by period and
 * domain (counts per quad class, net cooperation, Goldstein, salience),
 * from the event summary through metrics/events.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"
#include "metrics/events.h"

static const char *const help =
    "usage: bloc dyad A B [--by week|month|quarter|year|all] [--since D] [--until D]\n"
    "                     [--domain D] [--directed] [--weight events|mentions]\n\n"
    "Events between two states, period by period (docs/methods.md):\n"
    "  events            events between A and B (both directions unless --directed:\n"
    "                    then A as actor 1, B as actor 2 only)\n"
    "  verbal_coop, material_coop, verbal_conflict, material_conflict\n"
    "                    events per CAMEO quad class\n"
    "  net_cooperation   (cooperation - conflict) / classified events, -1..1\n"
    "  goldstein_mean, goldstein_sum   Goldstein scores\n"
    "  material_share    material / all cooperation\n"
    "  a_events, b_events  all events of A and of B in the period (same domain)\n"
    "  salience_a, salience_b  events / a_events, events / b_events: the dyad's share\n"
    "                    of what is reported about each state, which controls for\n"
    "                    media attention\n"
    "Periods with no events are listed with 0 and NA measures. The periods cover\n"
    "--since..--until, or the first to the last event in the store.\n\n"
    "Options:\n"
    "  --by P            week (ISO, by its Monday), month (default), quarter, year, all\n"
    "  --domain D        military, economic, diplomatic, technology, humanitarian, other\n"
    "  --weight mentions count each event by its number of mentions\n"
    "  --format table|csv|json, --db PATH\n"
    "The events behind a row: bloc events --dyad A,B --since FROM --until TO.\n";

int cmd_dyad(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"directed", no_argument, NULL, 'd'}, CLI_EV_OPTIONS,
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    ev_opts o = {.by = EV_BY_MONTH};
    int directed = 0, opt, code = 0;
    bloc_error err;
    bloc_error_clear(&err);
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "dyad", opt, optarg, &o);
        if (h < 0)
            return 2;
        if (h)
            continue;
        switch (opt) {
        case 'd':
            directed = 1;
            break;
        default:
            return cli_usage(ctx, "dyad", "unknown option");
        }
    }
    if (argc - optind != 2)
        return cli_usage(ctx, "dyad", "name two states: bloc dyad A B");
    store *s = NULL;
    registry *r = NULL;
    const store_country *a = NULL, *b = NULL;
    ev_series d, va, vb;
    int rc = 0;
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK ||
        registry_resolve(r, argv[optind], &a, &err) != BLOC_OK ||
        registry_resolve(r, argv[optind + 1], &b, &err) != BLOC_OK ||
        store_event_summary_refresh(s, &err) != BLOC_OK ||
        ev_dyad(s, a->code, b->code, directed, &o, &d, &va, &vb, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    static const char *const cols[] = {
        "period", "from", "to", "a", "b", "domain", "events", "verbal_coop", "material_coop",
        "verbal_conflict", "material_conflict", "net_cooperation", "goldstein_mean",
        "goldstein_sum", "material_share", "a_events", "b_events", "salience_a", "salience_b"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (size_t p = 0; p < d.n; p++) {
        char label[48];
        const ev_tally *x = &d.t[p];
        ev_period_label(d.start[p], d.last[p], o.by, label, sizeof label);
        out_str(t, label);
        out_date(t, d.start[p]);
        out_date(t, d.last[p]);
        out_str(t, a->code);
        out_str(t, b->code);
        out_str(t, o.domain ? o.domain : "all");
        out_num(t, x->events, 0);
        for (int q = 1; q <= 4; q++)
            out_num(t, x->quad[q], 0);
        out_num(t, ev_net_cooperation(x), 4);
        out_num(t, ev_goldstein_mean(x), 3);
        out_num(t, x->goldstein_sum, 1);
        out_num(t, ev_material_share(x), 4);
        out_num(t, va.t[p].events, 0);
        out_num(t, vb.t[p].events, 0);
        out_num(t, va.t[p].events > 0 ? x->events / va.t[p].events : NAN, 4);
        out_num(t, vb.t[p].events > 0 ? x->events / vb.t[p].events : NAN, 4);
    }
    out_end(t);
    if (d.n == 0)
        fprintf(ctx->errout, "%s dyad: the store holds no events in that range\n", ctx->prog);
    ev_series_free(&d);
    ev_series_free(&va);
    ev_series_free(&vb);
done:
    registry_free(r);
    store_close(s);
    return rc;
}
