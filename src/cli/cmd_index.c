/*
 * cli/cmd_index — `bloc index`: the composite alignment index per
 * dyad-year (metrics/composite): UN vote agreement and event net
 * cooperation, each a z-score against all dyads of the year, their
 * weighted mean (weights in data/index.conf), the components beside it
 * and a confidence grade.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/strmap.h"
#include "core/util.h"
#include "metrics/composite.h"
#include "metrics/unga.h"

static const char *const help =
    "usage: bloc index [--year Y | --since YYYY --until YYYY] [--countries LIST]\n"
    "                  [--min-votes N] [--min-events N] [--weights FILE]\n\n"
    "The composite alignment index of each dyad-year (docs/methods.md):\n"
    "  un_agree, un_z        UN vote agreement over the roll calls both cast a vote\n"
    "                        on (at least --min-votes, default 10), and its z-score\n"
    "                        against every dyad of the year\n"
    "  net_cooperation, events_z  event net cooperation (at least --min-events,\n"
    "                        default 5, events in the year), and its z-score\n"
    "  arms, arms_z          arms transfers: NA until arms data are in the store\n"
    "  index                 the weighted mean of the z-scores present; weights from\n"
    "                        data/index.conf (or --weights FILE)\n"
    "  grade                 A-D from the votes and events behind it (A: at least\n"
    "                        100 of each component used; one component: at most C)\n"
    "--countries keeps the dyads of two states in LIST (the z-scores are still\n"
    "against all dyads). Default year: the latest with UN votes or events.\n"
    "  --format table|csv|json, --db PATH\n";

typedef struct dyad_rec {
    char a[8], b[8];
    double votes, agree;
    double events, net_num, net_den;
    double z[CX_NCOMPONENTS];
} dyad_rec;

typedef struct year_data {
    dyad_rec *d;
    size_t n, cap;
    strmap *index; /* "A|B" -> position */
} year_data;

static dyad_rec *find_dyad(year_data *y, const char *a, const char *b)
{
    char key[24];
    long pos;
    if (strcmp(a, b) > 0) {
        const char *t = a;
        a = b;
        b = t;
    }
    snprintf(key, sizeof key, "%s|%s", a, b);
    if (strmap_get(y->index, key, &pos))
        return &y->d[pos];
    if (util_grow((void **)&y->d, &y->cap, y->n + 1, sizeof *y->d) != 0 ||
        strmap_put(y->index, key, (long)y->n) != 0)
        return NULL;
    dyad_rec *r = &y->d[y->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->a, sizeof r->a, "%s", a);
    snprintf(r->b, sizeof r->b, "%s", b);
    return r;
}

static int add_events(void *ctx, const store_summary_row *row)
{
    year_data *y = ctx;
    if (!row->actor1[0] || !row->actor2[0] || strcmp(row->actor1, row->actor2) == 0)
        return 0;
    dyad_rec *r = find_dyad(y, row->actor1, row->actor2);
    if (!r)
        return 1;
    double n = (double)row->events;
    r->events += n;
    if (row->quad_class == 1 || row->quad_class == 2) {
        r->net_num += n;
        r->net_den += n;
    } else if (row->quad_class == 3 || row->quad_class == 4) {
        r->net_num -= n;
        r->net_den += n;
    }
    return 0;
}

static int by_pair(const void *x, const void *y)
{
    const dyad_rec *a = x, *b = y;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

static int in_set(const cli_set *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->codes[i], code) == 0)
            return 1;
    return 0;
}

int cmd_index(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},       {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},      {"countries", required_argument, NULL, 'c'},
        {"min-votes", required_argument, NULL, 'V'},  {"min-events", required_argument, NULL, 'E'},
        {"weights", required_argument, NULL, 'w'},    CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    int opt, code = 0, rc = 0, y0 = 0, y1 = 0;
    long min_votes = 10, min_events = 5;
    const char *countries = NULL, *weights = NULL;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        long v;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'y':
        case 's':
        case 'u':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1900 || v > 2200)
                return cli_usage(ctx, "index", "years are YYYY");
            if (opt != 'u')
                y0 = (int)v;
            if (opt != 's')
                y1 = (int)v;
            break;
        case 'c':
            countries = optarg;
            break;
        case 'V':
        case 'E':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1)
                return cli_usage(ctx, "index", "--min-votes and --min-events need a number >= 1");
            *(opt == 'V' ? &min_votes : &min_events) = v;
            break;
        case 'w':
            weights = optarg;
            break;
        default:
            return cli_usage(ctx, "index", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "index", "unexpected argument '%s'", argv[optind]);
    store *s = NULL;
    registry *r = NULL;
    cli_set set = {0};
    cx_weights w;
    char wpath[1024];
    bloc_error err;
    bloc_error_clear(&err);
    snprintf(wpath, sizeof wpath, "%s/index.conf", ctx->datadir);
    if (cx_weights_load(weights ? weights : wpath, &w, &err) != BLOC_OK ||
        cli_open(ctx, &s, &r, &err) != BLOC_OK ||
        (countries && cli_set_parse(r, countries, &set, &err) != BLOC_OK) ||
        store_event_summary_refresh(s, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (!y0 || !y1) { /* the latest year with UN votes or events */
        store_unga_counts uc;
        int first, last;
        if (store_unga_counts_get(s, &uc, &err) != BLOC_OK ||
            store_event_summary_span(s, &first, &last, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            goto done;
        }
        int y = (uc.last_date > last ? uc.last_date : last) / 10000;
        if (!y0)
            y0 = y1 ? y1 : y;
        if (!y1)
            y1 = y0 > y ? y0 : y;
    }
    static const char *const cols[] = {"year", "a", "b", "un_votes", "un_agree", "un_z",
                                       "events", "net_cooperation", "events_z", "arms", "arms_z",
                                       "index", "components", "grade"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (int year = y0; year <= y1 && rc == 0; year++) {
        year_data yd = {.index = strmap_new()};
        unga_votes *v = NULL;
        unga_period *ps = NULL;
        size_t np = 0;
        store_unga_filter uf = {.since = year * 10000 + 101, .until = year * 10000 + 1231};
        store_summary_query q = {.since = uf.since, .until = uf.until};
        if (!yd.index || unga_votes_load(s, &uf, NULL, 0, &v, &err) != BLOC_OK ||
            unga_periods(v, UNGA_BY_ALL, &ps, &np, &err) != BLOC_OK ||
            store_event_summary_scan(s, &q, add_events, &yd, &err) != BLOC_OK) {
            if (!yd.index)
                bloc_fail(&err, BLOC_ENOMEM, "out of memory");
            rc = cli_fail(ctx, &err);
        }
        for (size_t i = 0; rc == 0 && np && i < v->ncountries; i++)
            for (size_t j = i + 1; j < v->ncountries; j++) {
                agree_measures m;
                unga_dyad(v, &ps[0], (int)i, (int)j, NULL, NULL, &m);
                if (m.n < min_votes)
                    continue;
                dyad_rec *d = find_dyad(&yd, v->codes[i], v->codes[j]);
                if (!d) {
                    rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
                    break;
                }
                d->votes = (double)m.n;
                d->agree = m.agree;
            }
        double *val = malloc((yd.n + 1) * sizeof *val), *z = malloc((yd.n + 1) * sizeof *z);
        int *present = malloc((yd.n + 1) * sizeof *present);
        for (int k = 0; rc == 0 && val && z && present && k < CX_NCOMPONENTS; k++) {
            for (size_t i = 0; i < yd.n; i++) {
                dyad_rec *d = &yd.d[i];
                present[i] = k == CX_UN       ? d->votes >= (double)min_votes
                             : k == CX_EVENTS ? d->events >= (double)min_events && d->net_den > 0
                                              : 0; /* arms: no data yet */
                val[i] = k == CX_UN ? d->agree : d->net_den > 0 ? d->net_num / d->net_den : 0;
            }
            cx_zscores(val, present, yd.n, z);
            for (size_t i = 0; i < yd.n; i++)
                yd.d[i].z[k] = z[i];
        }
        if (rc == 0 && yd.n)
            qsort(yd.d, yd.n, sizeof *yd.d, by_pair); /* the index map is not used after this */
        for (size_t i = 0; rc == 0 && i < yd.n; i++) {
            dyad_rec *d = &yd.d[i];
            if (countries && (!in_set(&set, d->a) || !in_set(&set, d->b)))
                continue;
            int used;
            double ix = cx_combine(d->z, &w, &used);
            int un_used = isfinite(d->z[CX_UN]) && w.w[CX_UN] > 0,
                ev_used = isfinite(d->z[CX_EVENTS]) && w.w[CX_EVENTS] > 0;
            out_int(t, year);
            out_str(t, d->a);
            out_str(t, d->b);
            out_num(t, d->votes, 0);
            out_num(t, d->votes >= (double)min_votes ? d->agree : NAN, 4);
            out_num(t, d->z[CX_UN], 3);
            out_num(t, d->events, 0);
            out_num(t, d->net_den > 0 && d->events >= (double)min_events ? d->net_num / d->net_den : NAN, 4);
            out_num(t, d->z[CX_EVENTS], 3);
            out_na(t);
            out_na(t);
            out_num(t, ix, 3);
            out_int(t, used);
            char g[2] = {used ? cx_grade(d->votes, d->events, un_used, ev_used) : '-', '\0'};
            out_str(t, g);
        }
        free(val);
        free(z);
        free(present);
        free(yd.d);
        strmap_free(yd.index);
        unga_periods_free(ps, np);
        unga_votes_free(v);
    }
    out_end(t);
done:
    cli_set_free(&set);
    registry_free(r);
    store_close(s);
    return rc;
}
