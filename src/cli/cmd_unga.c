/*
 * cli/cmd_unga — `bloc unga dyad|group|versus|top|pairs`: UN General
 * Assembly vote alignment by period and issue area, through metrics/unga.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "metrics/unga.h"

static const char *const help =
    "usage: bloc unga dyad A B          [period options]\n"
    "       bloc unga group LIST        [period options]\n"
    "       bloc unga versus LIST LIST  [period options]\n"
    "       bloc unga top A [--year Y | --since D --until D] [--limit N]\n"
    "                       [--measure agree|s|kappa] [--min-votes N]\n"
    "                       (default min-votes: half of A's votes, at least 10)\n"
    "       bloc unga pairs [--countries LIST] [period options]\n\n"
    "Alignment of states in UN General Assembly roll-call votes, computed over\n"
    "the roll calls where both states of a dyad voted (yes, abstain or no;\n"
    "absences are left out). For each figure bloc prints the number of common\n"
    "votes behind it and three measures (docs/methods.md):\n"
    "  agree    share of common votes where both cast the same vote\n"
    "  s_score  Signorino-Ritter S on yes=1, abstain=2, no=3: 1 - mean|x-y|\n"
    "  kappa    Cohen's kappa (chance-corrected agreement); NA when undefined\n"
    "group: cohesion, the mean over all dyads of the group; versus: the\n"
    "cohesion of each group and the mean agreement between their members;\n"
    "top: states ranked by agreement with A; pairs: every dyad (a dyad-period\n"
    "data set for R or pandas). A LIST is countries and/or group names joined\n"
    "by commas (crink, g7, nato, brics, sco, RUS,CHN). In group measures a\n"
    "roll call counts for a dyad only if both were members on its date.\n\n"
    "Period options:\n"
    "  --by year|session|decade|all   period (default year; all = one span)\n"
    "  --since DATE, --until DATE     limit the roll calls (YYYY[-MM[-DD]])\n"
    "  --issue CODE|each              one issue area (me, nu, di, hr, co, ec)\n"
    "                                 or each in turn; default: all roll calls\n"
    "  --important                    only votes the US State Department\n"
    "                                 classed as important\n"
    "  --format table|csv|json, --db PATH, --help\n";

typedef struct unga_args {
    const char *sub;
    unga_by by;
    store_unga_filter f;
    const char *issue;     /* NULL, code or "each" */
    const char *countries; /* pairs */
    const char *measure;
    long limit, min_votes;
    char **pos;            /* positional arguments after the subcommand */
    int npos;
} unga_args;

static const char *const measure_cols[] = {"votes", "agree", "s_score", "kappa"};

static void measures(out_table *t, long long votes, double agree, double s, double kappa)
{
    out_int(t, votes);
    out_num(t, agree, 4);
    out_num(t, s, 4);
    out_num(t, kappa, 4);
}

/* Build "prefix..., votes, agree, s_score, kappa" column lists. */
static out_table *begin(const cli_ctx *ctx, const char *const *pre, size_t npre,
                        const char *const *post, size_t npost)
{
    const char *cols[16];
    size_t n = 0;
    for (size_t i = 0; i < npre; i++)
        cols[n++] = pre[i];
    for (size_t i = 0; i < 4; i++)
        cols[n++] = measure_cols[i];
    for (size_t i = 0; i < npost; i++)
        cols[n++] = post[i];
    return out_begin(ctx->out, ctx->format, cols, n);
}

/* State of one run: the store, registry and the table being written. */
typedef struct run {
    cli_ctx *ctx;
    store *s;
    registry *r;
    unga_args *a;
    out_table *t;
    store_member *m1, *m2; /* resolved LIST arguments */
    size_t n1, n2;
    const store_country *c1, *c2;
} run;

static void codes_of(const store_member *m, size_t n, const char **out, size_t *k)
{
    for (size_t i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < *k && strcmp(out[j], m[i].code) != 0; j++)
            ;
        if (j == *k)
            out[(*k)++] = m[i].code;
    }
}

/* Compute and print one issue slice (issue = label, f->issue set). */
static int slice(run *R, const char *issue, bloc_error *err)
{
    unga_args *a = R->a;
    const char *codes[1024];
    size_t ncodes = 0;
    if (strcmp(a->sub, "dyad") == 0 || strcmp(a->sub, "top") == 0) {
        codes[ncodes++] = R->c1->code;
        if (R->c2)
            codes[ncodes++] = R->c2->code;
        if (strcmp(a->sub, "top") == 0)
            ncodes = 0; /* every state */
    } else {
        codes_of(R->m1, R->n1, codes, &ncodes);
        codes_of(R->m2, R->n2, codes, &ncodes);
    }
    unga_votes *v = NULL;
    unga_period *ps = NULL;
    size_t np = 0;
    int rc = unga_votes_load(R->s, &a->f, codes, ncodes, &v, err);
    if (rc == BLOC_OK)
        rc = unga_periods(v, a->by, &ps, &np, err);
    for (size_t p = 0; rc == BLOC_OK && p < np; p++) {
        unga_period *pp = &ps[p];
        if (strcmp(a->sub, "dyad") == 0) {
            agree_measures m;
            unga_dyad(v, pp, unga_votes_index(v, R->c1->code), unga_votes_index(v, R->c2->code),
                      NULL, NULL, &m);
            out_str(R->t, pp->label);
            out_str(R->t, issue);
            out_str(R->t, R->c1->code);
            out_str(R->t, R->c2->code);
            measures(R->t, m.n, m.agree, m.s, m.kappa_ok ? m.kappa : NAN);
        } else if (strcmp(a->sub, "group") == 0 || strcmp(a->sub, "versus") == 0) {
            unga_cohesion c[3];
            const char *labels[3] = {a->pos[0], a->npos > 1 ? a->pos[1] : "", NULL};
            char between[160];
            int nsets = strcmp(a->sub, "group") == 0 ? 1 : 3;
            unga_group_cohesion(v, pp, R->m1, R->n1, &c[0]);
            if (nsets == 3) {
                unga_group_cohesion(v, pp, R->m2, R->n2, &c[1]);
                unga_between(v, pp, R->m1, R->n1, R->m2, R->n2, &c[2]);
                snprintf(between, sizeof between, "%s~%s", a->pos[0], a->pos[1]);
                labels[2] = between;
            }
            for (int k = 0; k < nsets; k++) {
                out_str(R->t, pp->label);
                out_str(R->t, issue);
                out_str(R->t, labels[k]);
                out_int(R->t, c[k].dyads);
                out_int(R->t, c[k].dyads_total);
                measures(R->t, c[k].votes, c[k].agree, c[k].s, c[k].kappa);
            }
        } else if (strcmp(a->sub, "top") == 0) {
            typedef struct ranked {
                int row;
                agree_measures m;
            } ranked;
            int self = unga_votes_index(v, R->c1->code);
            long min_votes = a->min_votes;
            if (min_votes < 0) { /* default: half the focal state's votes, at least 10 */
                long own = 0;
                for (size_t k = 0; self >= 0 && k < pp->nrc; k++)
                    own += v->v[(size_t)self * v->nrc + pp->rc[k]] != 0;
                min_votes = own / 2 > 10 ? own / 2 : 10;
            }
            ranked *rk = calloc(v->ncountries + 1, sizeof *rk);
            size_t nr = 0;
            if (!rk) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                break;
            }
            for (size_t i = 0; self >= 0 && i < v->ncountries; i++) {
                if ((int)i == self)
                    continue;
                rk[nr].row = (int)i;
                unga_dyad(v, pp, self, (int)i, NULL, NULL, &rk[nr].m);
                if (rk[nr].m.n >= min_votes && rk[nr].m.n > 0)
                    nr++;
            }
            /* rank by the chosen measure, best first; ties by common votes */
            for (size_t i = 1; i < nr; i++)
                for (size_t j = i; j > 0; j--) {
                    double x, y;
                    const agree_measures *p1 = &rk[j].m, *p0 = &rk[j - 1].m;
                    if (strcmp(a->measure, "s") == 0) {
                        x = p1->s;
                        y = p0->s;
                    } else if (strcmp(a->measure, "kappa") == 0) {
                        x = p1->kappa_ok ? p1->kappa : -2;
                        y = p0->kappa_ok ? p0->kappa : -2;
                    } else {
                        x = p1->agree;
                        y = p0->agree;
                    }
                    if (x > y || (x == y && p1->n > p0->n)) {
                        ranked tmp = rk[j];
                        rk[j] = rk[j - 1];
                        rk[j - 1] = tmp;
                    } else {
                        break;
                    }
                }
            for (size_t i = 0; i < nr && (a->limit <= 0 || (long)i < a->limit); i++) {
                const agree_measures *m = &rk[i].m;
                out_str(R->t, pp->label);
                out_str(R->t, issue);
                out_int(R->t, (long long)i + 1);
                out_str(R->t, v->codes[rk[i].row]);
                out_str(R->t, registry_name(R->r, v->codes[rk[i].row]));
                measures(R->t, m->n, m->agree, m->s, m->kappa_ok ? m->kappa : NAN);
            }
            free(rk);
        } else { /* pairs */
            for (size_t i = 0; i < v->ncountries; i++)
                for (size_t j = i + 1; j < v->ncountries; j++) {
                    agree_measures m;
                    size_t x = strcmp(v->codes[i], v->codes[j]) < 0 ? i : j, y = x == i ? j : i;
                    unga_dyad(v, pp, (int)x, (int)y, NULL, NULL, &m);
                    if (m.n == 0)
                        continue;
                    out_str(R->t, pp->label);
                    out_str(R->t, issue);
                    out_str(R->t, v->codes[x]);
                    out_str(R->t, v->codes[y]);
                    measures(R->t, m.n, m.agree, m.s, m.kappa_ok ? m.kappa : NAN);
                }
        }
    }
    unga_periods_free(ps, np);
    unga_votes_free(v);
    return rc;
}

static int parse_args(cli_ctx *ctx, int argc, char **argv, unga_args *a)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},        {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},     {"year", required_argument, NULL, 'y'},
        {"issue", required_argument, NULL, 'i'},     {"important", no_argument, NULL, 'I'},
        {"countries", required_argument, NULL, 'c'}, {"limit", required_argument, NULL, 'l'},
        {"measure", required_argument, NULL, 'm'},   {"min-votes", required_argument, NULL, 'n'},
        CLI_COMMON_OPTIONS,                          {NULL, 0, NULL, 0}};
    int opt;
    bloc_error err;
    const char *since = NULL, *until = NULL, *year = NULL;
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        char *end;
        switch (opt) {
        case 'b':
            if (strcmp(optarg, "year") == 0)
                a->by = UNGA_BY_YEAR;
            else if (strcmp(optarg, "session") == 0)
                a->by = UNGA_BY_SESSION;
            else if (strcmp(optarg, "decade") == 0)
                a->by = UNGA_BY_DECADE;
            else if (strcmp(optarg, "all") == 0)
                a->by = UNGA_BY_ALL;
            else
                return cli_usage(ctx, "unga", "--by must be year, session, decade or all");
            break;
        case 's':
            since = optarg;
            break;
        case 'u':
            until = optarg;
            break;
        case 'y':
            year = optarg;
            break;
        case 'i':
            a->issue = optarg;
            break;
        case 'I':
            a->f.important_only = 1;
            break;
        case 'c':
            a->countries = optarg;
            break;
        case 'l':
        case 'n': {
            long *target = opt == 'l' ? &a->limit : &a->min_votes;
            *target = strtol(optarg, &end, 10);
            if (*end || *optarg == '\0' || *target < 0)
                return cli_usage(ctx, "unga", "--%s needs a non-negative number",
                                 opt == 'l' ? "limit" : "min-votes");
            break;
        }
        case 'm':
            if (strcmp(optarg, "agree") && strcmp(optarg, "s") && strcmp(optarg, "kappa"))
                return cli_usage(ctx, "unga", "--measure must be agree, s or kappa");
            a->measure = optarg;
            break;
        default:
            return cli_usage(ctx, "unga", "unknown option");
        }
    }
    if (year) {
        if (since || until)
            return cli_usage(ctx, "unga", "--year cannot be combined with --since/--until");
        since = until = year;
    }
    if ((since && util_parse_date(since, 0, &a->f.since, &err) != BLOC_OK) ||
        (until && util_parse_date(until, 1, &a->f.until, &err) != BLOC_OK))
        return cli_usage(ctx, "unga", "%s", err.msg);
    if (a->f.since && a->f.until && a->f.since > a->f.until)
        return cli_usage(ctx, "unga", "--since is after --until");
    return -1;
}

int cmd_unga(cli_ctx *ctx, int argc, char **argv)
{
    unga_args a = {.by = UNGA_BY_YEAR, .measure = "agree", .limit = 10, .min_votes = -1};
    if (argc < 2) {
        fputs(help, stderr);
        return 2;
    }
    int prc = parse_args(ctx, argc, argv, &a);
    if (prc >= 0)
        return prc;
    if (optind >= argc)
        return cli_usage(ctx, "unga", "give a subcommand: dyad, group, versus, top or pairs");
    a.sub = argv[optind];
    a.pos = argv + optind + 1;
    a.npos = argc - optind - 1;
    static const struct {
        const char *name;
        int npos;
    } subs[] = {{"dyad", 2}, {"group", 1}, {"versus", 2}, {"top", 1}, {"pairs", 0}};
    int known = 0;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(a.sub, subs[i].name) == 0) {
            known = 1;
            if (a.npos != subs[i].npos)
                return cli_usage(ctx, "unga", "'%s' takes %d argument%s", a.sub, subs[i].npos,
                                 subs[i].npos == 1 ? "" : "s");
        }
    if (!known)
        return cli_usage(ctx, "unga", "unknown subcommand '%s'", a.sub);
    if (strcmp(a.sub, "top") == 0)
        a.by = UNGA_BY_ALL;

    run R = {.ctx = ctx, .a = &a};
    bloc_error err;
    int rc = 0;
    char **issues = NULL, **inames = NULL;
    size_t nissues = 0;
    bloc_error_clear(&err);
    if (cli_open(ctx, &R.s, &R.r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    if (store_unga_issue_list(R.s, &issues, &inames, &nissues, &err) != BLOC_OK)
        goto fail;
    if (a.issue && strcmp(a.issue, "each") != 0) {
        int found = 0;
        for (size_t i = 0; i < nissues; i++)
            found |= strcmp(issues[i], a.issue) == 0;
        if (!found) {
            char list[256] = "";
            size_t off = 0;
            for (size_t i = 0; i < nissues; i++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "",
                                        issues[i]);
            bloc_fail(&err, BLOC_EINPUT, "unknown issue area '%s' (in the store: %s)", a.issue,
                      nissues ? list : "none; ingest with --issues");
            goto fail;
        }
    }
    if (strcmp(a.sub, "dyad") == 0 || strcmp(a.sub, "top") == 0) {
        if (registry_resolve(R.r, a.pos[0], &R.c1, &err) != BLOC_OK ||
            (a.npos > 1 && registry_resolve(R.r, a.pos[1], &R.c2, &err) != BLOC_OK))
            goto fail;
    } else if (strcmp(a.sub, "pairs") == 0) {
        if (a.countries && registry_parse_list(R.r, a.countries, &R.m1, &R.n1, &err) != BLOC_OK)
            goto fail;
    } else {
        if (registry_parse_list(R.r, a.pos[0], &R.m1, &R.n1, &err) != BLOC_OK ||
            (a.npos > 1 && registry_parse_list(R.r, a.pos[1], &R.m2, &R.n2, &err) != BLOC_OK))
            goto fail;
    }
    static const char *const dyad_pre[] = {"period", "issue", "a", "b"};
    static const char *const group_pre[] = {"period", "issue", "set", "dyads", "dyads_total"};
    static const char *const top_pre[] = {"period", "issue", "rank", "code", "name"};
    if (strcmp(a.sub, "group") == 0 || strcmp(a.sub, "versus") == 0)
        R.t = begin(ctx, group_pre, 5, NULL, 0);
    else if (strcmp(a.sub, "top") == 0)
        R.t = begin(ctx, top_pre, 5, NULL, 0);
    else
        R.t = begin(ctx, dyad_pre, 4, NULL, 0);
    if (a.issue && strcmp(a.issue, "each") == 0) {
        for (size_t i = 0; i < nissues && rc == 0; i++) {
            a.f.issue = issues[i];
            if (slice(&R, issues[i], &err) != BLOC_OK)
                rc = -1;
        }
    } else {
        a.f.issue = a.issue;
        if (slice(&R, a.issue ? a.issue : "all", &err) != BLOC_OK)
            rc = -1;
    }
    out_end(R.t);
    if (rc != 0)
        goto fail;
    goto done;
fail:
    rc = cli_fail(ctx, &err);
done:
    for (size_t i = 0; i < nissues; i++) {
        free(issues[i]);
        free(inames[i]);
    }
    free(issues);
    free(inames);
    free(R.m1);
    free(R.m2);
    registry_free(R.r);
    store_close(R.s);
    return rc;
}
