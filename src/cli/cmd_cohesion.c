/*
 * cli/cmd_cohesion — `bloc group LIST [--vs LIST]` (measures of a group:
 * event cohesion, friction, hub, UN-vote cohesion side by side) and
 * `bloc stance LIST RIVAL` (each member's net cooperation toward a rival
 * group). Computation in metrics/events, metrics/network, metrics/unga.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "metrics/network.h"
#include "metrics/unga.h"

static const char *const help =
    "usage: bloc group LIST [--vs LIST] [--by week|month|quarter|year|all]\n"
    "                       [--since D] [--until D] [--domain D] [--weight mentions]\n\n"
    "How aligned a group is, period by period (docs/methods.md). For the group's\n"
    "own dyads (two different members, both members on the event's date):\n"
    "  events, cooperation, conflict   events between members, by quad class\n"
    "  net_cooperation  (cooperation - conflict) / (cooperation + conflict): the\n"
    "                   event-weighted mean of the dyads' net cooperation\n"
    "  goldstein_mean   mean Goldstein score of those events\n"
    "  friction_share   conflict / (cooperation + conflict): the seams (bloc friction)\n"
    "  dyads, dyads_active  member pairs, and those with events in the period\n"
    "  hub              the most central member of the cooperation network\n"
    "                   (eigenvector centrality, bloc network)\n"
    "  un_votes, un_agree, un_s_score, un_kappa  UN General Assembly cohesion over\n"
    "                   the roll calls of the same period (as bloc unga group)\n"
    "With --vs RIVAL: the same rows for the rival, and rows LIST->RIVAL and\n"
    "RIVAL->LIST for the events from one group's members to the other's (their UN\n"
    "columns: agreement between the groups). Periods without events show 0 and NA.\n"
    "A LIST is countries and group names joined by commas (crink, g7, RUS,CHN).\n"
    "(bloc group list|show|add|rm manage the groups themselves.)\n\n"
    "  --format table|csv|json, --db PATH\n";

static const char *const help_stance =
    "usage: bloc stance LIST RIVAL [--by P] [--since D] [--until D] [--domain D]\n"
    "                   [--weight mentions]\n\n"
    "Each member's stance toward a rival group, period by period: the events from\n"
    "the member to the rival's members (directed), their net cooperation and mean\n"
    "Goldstein score, and the same for the events back.\n"
    "  --format table|csv|json, --db PATH\n";

/* Tallies of the directed events from set a to set b in the union matrix. */
static void between(const ev_matrix *m, size_t p, const size_t *a, size_t na, const size_t *b,
                    size_t nb, ev_tally *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (a[i] != b[j])
                ev_tally_merge(out, ev_matrix_cell(m, p, a[i], b[j]));
}

/* Index of each code of set s in the matrix m. */
static void indices(const ev_matrix *m, const cli_set *s, size_t *out)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < m->n; k++)
            if (strcmp(m->codes[k], s->codes[i]) == 0)
                out[i] = k;
}

typedef struct group_row {
    const char *set;
    size_t members;
    long dyads, dyads_active;
    ev_tally t;
    const char *hub;
    unga_cohesion un;
    int has_un, has_net;
} group_row;

static void print_row(out_table *t, const ev_series *ps, size_t p, const ev_opts *o,
                      const group_row *g)
{
    char label[48];
    ev_period_label(ps->start[p], ps->last[p], o->by, label, sizeof label);
    out_str(t, label);
    out_date(t, ps->start[p]);
    out_date(t, ps->last[p]);
    out_str(t, g->set);
    out_str(t, o->domain ? o->domain : "all");
    out_int(t, (long long)g->members);
    if (g->has_net) {
        out_int(t, g->dyads);
        out_int(t, g->dyads_active);
    } else {
        out_na(t);
        out_na(t);
    }
    out_num(t, g->t.events, 0);
    out_num(t, ev_cooperation(&g->t), 0);
    out_num(t, ev_conflict(&g->t), 0);
    out_num(t, ev_net_cooperation(&g->t), 4);
    out_num(t, ev_goldstein_mean(&g->t), 3);
    double classified = ev_cooperation(&g->t) + ev_conflict(&g->t);
    out_num(t, g->has_net && classified > 0 ? ev_conflict(&g->t) / classified : NAN, 4);
    if (g->hub)
        out_str(t, g->hub);
    else
        out_na(t);
    if (g->has_un && g->un.votes > 0) {
        out_int(t, g->un.votes);
        out_num(t, g->un.agree, 4);
        out_num(t, g->un.s, 4);
        out_num(t, g->un.kappa_dyads ? g->un.kappa : NAN, 4);
    } else {
        out_int(t, 0);
        out_na(t);
        out_na(t);
        out_na(t);
    }
}

/* The group's own measures in period p of its matrix m. */
static int own_row(const ev_matrix *m, size_t p, const cli_set *s, group_row *g,
                   bloc_error *err)
{
    size_t n = m->n;
    double *w = calloc(n * n + 1, sizeof *w);
    net_result net;
    if (!w)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    memset(&g->t, 0, sizeof g->t);
    g->set = s->label;
    g->members = s->n;
    g->dyads = (long)(n * (n - 1) / 2);
    g->dyads_active = 0;
    g->has_net = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            ev_tally d = ev_matrix_pair(m, p, i, j);
            ev_tally_merge(&g->t, &d);
            g->dyads_active += d.events > 0;
            w[i * n + j] = w[j * n + i] = ev_net_weight(&d);
        }
    int rc = net_compute(n, w, &net, err);
    free(w);
    if (rc != BLOC_OK)
        return rc;
    g->hub = net.hub >= 0 ? m->codes[net.hub] : NULL;
    net_result_free(&net);
    return BLOC_OK;
}

typedef struct analysis {
    cli_ctx *ctx;
    store *s;
    registry *r;
    ev_opts o;
    cli_set g, rival;
    int has_rival;
} analysis;

static int parse_args(analysis *A, const char *cmd, const char *usage_help, int argc, char **argv,
                      int npos, int *exit_code)
{
    static const struct option opts[] = {{"vs", required_argument, NULL, 'v'}, CLI_EV_OPTIONS,
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    const char *vs = NULL;
    int opt;
    while ((opt = cli_getopt(A->ctx, argc, argv, opts, usage_help, exit_code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return -1;
        int h = cli_ev_option(A->ctx, cmd, opt, optarg, &A->o);
        if (h < 0 || (!h && (opt != 'v' || npos == 2))) {
            *exit_code = h < 0 ? 2 : cli_usage(A->ctx, cmd, "unknown option");
            return -1;
        }
        if (opt == 'v')
            vs = optarg;
    }
    if (argc - optind != npos) {
        *exit_code = cli_usage(A->ctx, cmd, npos == 1 ? "name one LIST" : "name LIST and RIVAL");
        return -1;
    }
    bloc_error err;
    bloc_error_clear(&err);
    const char *rival = npos == 2 ? argv[optind + 1] : vs;
    if (cli_open(A->ctx, &A->s, &A->r, &err) != BLOC_OK ||
        cli_set_parse(A->r, argv[optind], &A->g, &err) != BLOC_OK ||
        (rival && cli_set_parse(A->r, rival, &A->rival, &err) != BLOC_OK) ||
        store_event_summary_refresh(A->s, &err) != BLOC_OK) {
        *exit_code = cli_fail(A->ctx, &err);
        return -1;
    }
    A->has_rival = rival != NULL;
    return 0;
}

static void analysis_free(analysis *A)
{
    cli_set_free(&A->g);
    cli_set_free(&A->rival);
    registry_free(A->r);
    store_close(A->s);
}

/* Union of the group's and the rival's codes (borrowed strings). */
static const char **union_codes(const analysis *A, size_t *n)
{
    const char **u = malloc((A->g.n + A->rival.n + 1) * sizeof *u);
    *n = 0;
    if (!u)
        return NULL;
    for (int k = 0; k < 2; k++) {
        const cli_set *s = k ? &A->rival : &A->g;
        for (size_t i = 0; i < s->n; i++) {
            size_t j = 0;
            while (j < *n && strcmp(u[j], s->codes[i]) != 0)
                j++;
            if (j == *n)
                u[(*n)++] = s->codes[i];
        }
    }
    return u;
}

int cmd_group_measures(cli_ctx *ctx, int argc, char **argv)
{
    analysis A = {.ctx = ctx, .o = {.by = EV_BY_YEAR}};
    int code = 0;
    if (parse_args(&A, "group", help, argc, argv, 1, &code) != 0) {
        analysis_free(&A);
        return code;
    }
    bloc_error err;
    bloc_error_clear(&err);
    ev_matrix mg = {0}, mr = {0}, mu = {0};
    unga_votes *v = NULL;
    size_t nu = 0, *ig = NULL, *ir = NULL;
    const char **uc = union_codes(&A, &nu);
    int rc = 0;
    store_unga_filter uf = {.since = A.o.since, .until = A.o.until};
    if (!uc || !(ig = calloc(A.g.n + 1, sizeof *ig)) || !(ir = calloc(A.rival.n + 1, sizeof *ir))) {
        rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
        goto done;
    }
    if (ev_matrix_load(A.s, A.g.codes, A.g.mptr, A.g.n, &A.o, &mg, &err) != BLOC_OK ||
        (A.has_rival &&
         (ev_matrix_load(A.s, A.rival.codes, A.rival.mptr, A.rival.n, &A.o, &mr, &err) != BLOC_OK ||
          ev_matrix_load(A.s, uc, NULL, nu, &A.o, &mu, &err) != BLOC_OK)) ||
        unga_votes_load(A.s, &uf, uc, nu, &v, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (A.has_rival) {
        indices(&mu, &A.g, ig);
        indices(&mu, &A.rival, ir);
    }
    static const char *const cols[] = {
        "period", "from", "to", "set", "domain", "members", "dyads", "dyads_active", "events",
        "cooperation", "conflict", "net_cooperation", "goldstein_mean", "friction_share", "hub",
        "un_votes", "un_agree", "un_s_score", "un_kappa"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    char ab[160], ba[160];
    snprintf(ab, sizeof ab, "%s->%s", A.g.label, A.has_rival ? A.rival.label : "");
    snprintf(ba, sizeof ba, "%s->%s", A.has_rival ? A.rival.label : "", A.g.label);
    for (size_t p = 0; p < mg.periods.n && rc == 0; p++) {
        unga_period up;
        group_row row = {0};
        if (unga_period_window(v, mg.periods.start[p], mg.periods.last[p], &up, &err) != BLOC_OK ||
            own_row(&mg, p, &A.g, &row, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            free(up.rc);
            break;
        }
        unga_group_cohesion(v, &up, A.g.members, A.g.n, &row.un);
        row.has_un = 1;
        print_row(t, &mg.periods, p, &A.o, &row);
        if (A.has_rival) {
            if (own_row(&mr, p, &A.rival, &row, &err) != BLOC_OK) {
                rc = cli_fail(ctx, &err);
                free(up.rc);
                break;
            }
            unga_group_cohesion(v, &up, A.rival.members, A.rival.n, &row.un);
            print_row(t, &mg.periods, p, &A.o, &row);
            group_row x = {.set = ab, .members = A.g.n, .has_un = 1};
            unga_between(v, &up, A.g.members, A.g.n, A.rival.members, A.rival.n, &x.un);
            between(&mu, p, ig, A.g.n, ir, A.rival.n, &x.t);
            print_row(t, &mg.periods, p, &A.o, &x);
            x.set = ba;
            x.members = A.rival.n;
            between(&mu, p, ir, A.rival.n, ig, A.g.n, &x.t);
            print_row(t, &mg.periods, p, &A.o, &x);
        }
        free(up.rc);
    }
    out_end(t);
    if (mg.periods.n == 0)
        fprintf(ctx->errout, "%s group: the store holds no events in that range\n", ctx->prog);
done:
    unga_votes_free(v);
    ev_matrix_free(&mg);
    ev_matrix_free(&mr);
    ev_matrix_free(&mu);
    free(uc);
    free(ig);
    free(ir);
    analysis_free(&A);
    return rc;
}

int cmd_stance(cli_ctx *ctx, int argc, char **argv)
{
    analysis A = {.ctx = ctx, .o = {.by = EV_BY_YEAR}};
    int code = 0, rc = 0;
    if (parse_args(&A, "stance", help_stance, argc, argv, 2, &code) != 0) {
        analysis_free(&A);
        return code;
    }
    bloc_error err;
    bloc_error_clear(&err);
    ev_matrix mu = {0};
    size_t nu = 0, *ir = NULL;
    const char **uc = union_codes(&A, &nu);
    if (!uc || !(ir = calloc(A.rival.n + 1, sizeof *ir)) ||
        ev_matrix_load(A.s, uc, NULL, nu, &A.o, &mu, &err) != BLOC_OK) {
        if (!uc || !ir)
            bloc_fail(&err, BLOC_ENOMEM, "out of memory");
        rc = cli_fail(ctx, &err);
        goto done;
    }
    indices(&mu, &A.rival, ir);
    static const char *const cols[] = {"period", "from", "to", "member", "rival", "domain",
                                       "events_to", "net_cooperation_to", "goldstein_mean_to",
                                       "events_from", "net_cooperation_from",
                                       "goldstein_mean_from"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (size_t p = 0; p < mu.periods.n; p++)
        for (size_t i = 0; i < A.g.n; i++) {
            size_t me = 0;
            for (size_t k = 0; k < nu; k++)
                if (strcmp(uc[k], A.g.codes[i]) == 0)
                    me = k;
            ev_tally to, from;
            between(&mu, p, &me, 1, ir, A.rival.n, &to);
            between(&mu, p, ir, A.rival.n, &me, 1, &from);
            char label[48];
            ev_period_label(mu.periods.start[p], mu.periods.last[p], A.o.by, label, sizeof label);
            out_str(t, label);
            out_date(t, mu.periods.start[p]);
            out_date(t, mu.periods.last[p]);
            out_str(t, A.g.codes[i]);
            out_str(t, A.rival.label);
            out_str(t, A.o.domain ? A.o.domain : "all");
            out_num(t, to.events, 0);
            out_num(t, ev_net_cooperation(&to), 4);
            out_num(t, ev_goldstein_mean(&to), 3);
            out_num(t, from.events, 0);
            out_num(t, ev_net_cooperation(&from), 4);
            out_num(t, ev_goldstein_mean(&from), 3);
        }
    out_end(t);
done:
    ev_matrix_free(&mu);
    free(uc);
    free(ir);
    analysis_free(&A);
    return rc;
}
