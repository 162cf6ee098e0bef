/*
 * cli/cmd_friction — `bloc friction LIST`: the conflictual events inside a
 * group (CAMEO quad classes 3 and 4 between two different members), as a
 * share per period with the dyad that carries most of them, or listed one
 * by one with their sources (--list).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "cli/cli.h"

static const char *const help =
    "usage: bloc friction LIST [--by P] [--since D] [--until D] [--domain D]\n"
    "                          [--weight mentions] [--list [--limit N]]\n\n"
    "The seams of a group: conflictual events (CAMEO quad classes 3 and 4:\n"
    "verbal and material conflict) between two of its members. Per period: the\n"
    "group's events, its conflictual ones, their share of the classified events,\n"
    "and the dyad with the most of them. --list prints the events themselves,\n"
    "newest first, with date, actors, code, Goldstein score and source\n"
    "(--limit N, default 50; 0 = all).\n"
    "  --format table|csv|json, --db PATH\n";

typedef struct list_ctx {
    out_table *t;
    const cameo_tables *cameo;
} list_ctx;

static int print_event(void *arg, const store_event *e, const char *path)
{
    list_ctx *c = arg;
    const char *d = cameo_describe(c->cameo, e->event_code ? e->event_code : "");
    out_date(c->t, e->date);
    out_str(c->t, e->actor[0].country ? e->actor[0].country : "");
    out_str(c->t, e->actor[1].country ? e->actor[1].country : "");
    out_str(c->t, e->event_code ? e->event_code : "");
    out_str(c->t, d ? d : "");
    out_int(c->t, e->quad_class);
    out_num(c->t, e->goldstein, 1);
    out_str(c->t, e->domain ? e->domain : "");
    out_str(c->t, e->url ? e->url : "");
    char where[600];
    snprintf(where, sizeof where, "%s:%ld", path ? path : "", e->line);
    out_str(c->t, where);
    return 0;
}

int cmd_friction(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"list", no_argument, NULL, 'L'},
                                         {"limit", required_argument, NULL, 'l'}, CLI_EV_OPTIONS,
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    ev_opts o = {.by = EV_BY_YEAR};
    int opt, code = 0, list = 0, rc = 0;
    long long limit = 50;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "friction", opt, optarg, &o);
        if (h < 0)
            return 2;
        if (h)
            continue;
        if (opt == 'L') {
            list = 1;
        } else if (opt == 'l') {
            char *end;
            limit = strtoll(optarg, &end, 10);
            if (*end || limit < 0)
                return cli_usage(ctx, "friction", "--limit needs a whole number >= 0");
        } else {
            return cli_usage(ctx, "friction", "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage(ctx, "friction", "name one LIST");
    store *s = NULL;
    registry *r = NULL;
    cli_set g = {0};
    ev_matrix m = {0};
    cameo_tables *cameo = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || cli_set_parse(r, argv[optind], &g, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (list) {
        store_event_query q = {.side_a = g.codes, .nside_a = g.n, .side_b = g.codes,
                               .nside_b = g.n, .since = o.since, .until = o.until,
                               .domain = o.domain, .conflict_only = 1, .distinct_actors = 1,
                               .limit = limit};
        static const char *const cols[] = {"date", "actor1", "actor2", "code", "description",
                                           "quad_class", "goldstein", "domain", "url", "input"};
        if (cameo_load(ctx->datadir, &cameo, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            goto done;
        }
        list_ctx c = {out_begin(ctx->out, ctx->format, cols, 10), cameo};
        if (store_events_scan(s, &q, print_event, &c, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        out_end(c.t);
        goto done;
    }
    if (store_event_summary_refresh(s, &err) != BLOC_OK ||
        ev_matrix_load(s, g.codes, g.mptr, g.n, &o, &m, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    static const char *const cols[] = {"period", "from", "to", "set", "domain", "events",
                                       "conflict", "friction_share", "top_dyad",
                                       "top_dyad_conflict"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 10);
    for (size_t p = 0; p < m.periods.n; p++) {
        ev_tally all;
        memset(&all, 0, sizeof all);
        double top = 0;
        char top_dyad[16] = "";
        for (size_t i = 0; i < g.n; i++)
            for (size_t j = i + 1; j < g.n; j++) {
                ev_tally d = ev_matrix_pair(&m, p, i, j);
                ev_tally_merge(&all, &d);
                if (ev_conflict(&d) > top) {
                    top = ev_conflict(&d);
                    snprintf(top_dyad, sizeof top_dyad, "%s-%s", g.codes[i], g.codes[j]);
                }
            }
        char label[48];
        double classified = ev_cooperation(&all) + ev_conflict(&all);
        ev_period_label(m.periods.start[p], m.periods.last[p], o.by, label, sizeof label);
        out_str(t, label);
        out_date(t, m.periods.start[p]);
        out_date(t, m.periods.last[p]);
        out_str(t, g.label);
        out_str(t, o.domain ? o.domain : "all");
        out_num(t, all.events, 0);
        out_num(t, ev_conflict(&all), 0);
        out_num(t, classified > 0 ? ev_conflict(&all) / classified : NAN, 4);
        if (top > 0) {
            out_str(t, top_dyad);
            out_num(t, top, 0);
        } else {
            out_na(t);
            out_num(t, 0, 0);
        }
    }
    out_end(t);
done:
    cameo_free(cameo);
    ev_matrix_free(&m);
    cli_set_free(&g);
    registry_free(r);
    store_close(s);
    return rc;
}
