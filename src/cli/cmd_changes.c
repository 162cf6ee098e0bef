/*
 * cli/cmd_changes — `bloc changes`: change points in a dyad's or a group's
 * series (events per month, net cooperation or mean Goldstein), with the
 * mean before and after each change and a bootstrap interval for its date
 * (metrics/changes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "metrics/changes.h"

static const char *const help =
    "usage: bloc changes (--dyad A,B | --group LIST) [--measure events|net|goldstein]\n"
    "                    [--by month|week|quarter|year] [--since D] [--until D]\n"
    "                    [--domain D] [--weight mentions] [--penalty X]\n"
    "                    [--bootstrap N]\n\n"
    "Find the periods where a series shifts (PELT, Killick et al. 2012; see\n"
    "docs/methods.md). The series is a dyad's events (both directions) or a\n"
    "group's events between members, per period (default month):\n"
    "  events     the number of events: a change in a Poisson rate\n"
    "  net        net cooperation (periods without events are left out): a\n"
    "             change in mean, the series scaled by a robust noise estimate\n"
    "  goldstein  mean Goldstein score, likewise\n"
    "The penalty defaults to MBIC, 3 log n. For each change: the first period of\n"
    "the new regime, a bootstrap interval for it (95%, --bootstrap N replicates,\n"
    "default 999, reproducible), the means before and after and their ratio.\n"
    "No change found prints an empty table (and says so on stderr).\n"
    "The events behind a change: bloc events --dyad A,B --since ... --until ....\n"
    "  --format table|csv|json, --db PATH\n";

int cmd_changes(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dyad", required_argument, NULL, 'd'},    {"group", required_argument, NULL, 'g'},
        {"measure", required_argument, NULL, 'm'}, {"penalty", required_argument, NULL, 'p'},
        {"bootstrap", required_argument, NULL, 'B'}, CLI_EV_OPTIONS,
        CLI_COMMON_OPTIONS,                        {NULL, 0, NULL, 0}};
    ev_opts o = {.by = EV_BY_MONTH};
    cp_opts co = {.bootstrap = 999, .level = 0.95};
    const char *dyad = NULL, *group = NULL, *measure = "events";
    int opt, code = 0, rc = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "changes", opt, optarg, &o);
        char *end;
        if (h < 0)
            return 2;
        if (h)
            continue;
        switch (opt) {
        case 'd':
            dyad = optarg;
            break;
        case 'g':
            group = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "events") && strcmp(optarg, "net") && strcmp(optarg, "goldstein"))
                return cli_usage(ctx, "changes", "--measure takes events, net or goldstein");
            measure = optarg;
            break;
        case 'p':
            co.penalty = strtod(optarg, &end);
            if (*end || !(co.penalty > 0))
                return cli_usage(ctx, "changes", "--penalty needs a number > 0");
            break;
        case 'B':
            co.bootstrap = (int)strtol(optarg, &end, 10);
            if (*end || co.bootstrap < 0 || co.bootstrap > 100000)
                return cli_usage(ctx, "changes", "--bootstrap needs 0..100000");
            break;
        default:
            return cli_usage(ctx, "changes", "unknown option");
        }
    }
    if (!dyad == !group || optind < argc)
        return cli_usage(ctx, "changes", "give --dyad A,B or --group LIST");
    if (o.by == EV_BY_ALL)
        return cli_usage(ctx, "changes", "--by all leaves one period: nothing can change");
    co.cost = strcmp(measure, "events") == 0 ? CP_POISSON : CP_MEAN;
    store *s = NULL;
    registry *r = NULL;
    cli_set g = {0};
    ev_series d = {0}, va = {0}, vb = {0};
    ev_matrix m = {0};
    cp_result res = {0};
    double *y = NULL;
    size_t *at = NULL, n = 0;
    char *a_name = NULL, label[160];
    const store_country *a = NULL, *b = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || store_event_summary_refresh(s, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    const ev_series *series;
    if (dyad) {
        const char *b_name;
        if (cli_split_pair(dyad, &a_name, &b_name) != 0) {
            rc = cli_usage(ctx, "changes", "--dyad needs two states: A,B");
            goto done;
        }
        if (registry_resolve(r, a_name, &a, &err) != BLOC_OK ||
            registry_resolve(r, b_name, &b, &err) != BLOC_OK ||
            ev_dyad(s, a->code, b->code, 0, &o, &d, &va, &vb, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            goto done;
        }
        snprintf(label, sizeof label, "%s-%s", a->code, b->code);
        series = &d;
    } else {
        if (cli_set_parse(r, group, &g, &err) != BLOC_OK ||
            ev_matrix_load(s, g.codes, g.mptr, g.n, &o, &m, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            goto done;
        }
        snprintf(label, sizeof label, "%s", group);
        series = &m.periods; /* its tallies sum the member dyads */
    }
    y = malloc((series->n + 1) * sizeof *y);
    at = malloc((series->n + 1) * sizeof *at);
    if (!y || !at) {
        rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
        goto done;
    }
    for (size_t p = 0; p < series->n; p++) {
        const ev_tally *t = &series->t[p];
        double v = co.cost == CP_POISSON    ? t->events
                   : strcmp(measure, "net") == 0 ? ev_net_cooperation(t)
                                                  : ev_goldstein_mean(t);
        if (isnan(v))
            continue; /* no events: no mean to compare */
        y[n] = v;
        at[n++] = p;
    }
    if (cp_detect(y, n, &co, &res, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    static const char *const cols[] = {"series", "measure", "domain", "change", "from",
                                       "interval_from", "interval_to", "mean_before",
                                       "mean_after", "ratio", "periods", "penalty"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (size_t k = 0; k < res.n; k++) {
        const cp_change *c = &res.changes[k];
        char when[48], lo[48], hi[48];
        size_t p = at[c->at], pl = at[c->lo], ph = at[c->hi];
        ev_period_label(series->start[p], series->last[p], o.by, when, sizeof when);
        ev_period_label(series->start[pl], series->last[pl], o.by, lo, sizeof lo);
        ev_period_label(series->start[ph], series->last[ph], o.by, hi, sizeof hi);
        out_str(t, label);
        out_str(t, measure);
        out_str(t, o.domain ? o.domain : "all");
        out_str(t, when);
        out_date(t, series->start[p]);
        out_str(t, lo);
        out_str(t, hi);
        out_num(t, c->mean_before, 4);
        out_num(t, c->mean_after, 4);
        out_num(t, c->mean_before != 0 ? c->mean_after / c->mean_before : NAN, 3);
        out_int(t, (long long)n);
        out_num(t, res.penalty, 3);
    }
    out_end(t);
    if (res.n == 0)
        fprintf(ctx->errout, "%s changes: no change found in %zu periods (penalty %.3f)\n", ctx->prog,
                n, res.penalty);
done:
    cp_result_free(&res);
    free(y);
    free(at);
    free(a_name);
    ev_series_free(&d);
    ev_series_free(&va);
    ev_series_free(&vb);
    ev_matrix_free(&m);
    cli_set_free(&g);
    registry_free(r);
    store_close(s);
    return rc;
}
