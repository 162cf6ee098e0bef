/*
 * analysis/cohesion — `group LIST [--vs LIST]` (a group's event cohesion,
 * friction and hub beside its UN-vote cohesion, period by period; with a
 * rival, the rival's and the events between them) and `stance LIST RIVAL`
 * (each member's net cooperation toward a rival group). Computation in
 * metrics/events, metrics/network, metrics/unga.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "metrics/network.h"
#include "metrics/unga.h"

static void init(void *req)
{
    ((cohesion_req *)req)->o.by = EV_BY_YEAR;
}

static const opt_def group_opts[] = {
    OPTE_ARG_REQ("group", cohesion_req, group, "LIST"),
    OPTE_LIST("vs", cohesion_req, vs, "LIST", "a rival group: its rows and the events between them"),
    BLOC_EV_OPTIONS(cohesion_req, o),
    OPTE_END};

static const opt_def stance_opts[] = {
    OPTE_ARG_REQ("group", cohesion_req, group, "LIST"),
    OPTE_ARG_REQ("rival", cohesion_req, vs, "RIVAL"),
    BLOC_EV_OPTIONS(cohesion_req, o),
    OPTE_END};

static int group_check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one LIST");
}

static int stance_check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 2 ? BLOC_OK : bloc_usage(err, "name LIST and RIVAL");
}

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
static void indices(const ev_matrix *m, const bloc_set *s, size_t *out)
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
    long covered;  /* days of the period the event data cover */
} group_row;

static const result_col group_cols[] = {
    {"period", RESULT_STR}, {"from", RESULT_DATE}, {"to", RESULT_DATE}, {"set", RESULT_STR},
    {"domain", RESULT_STR}, {"members", RESULT_INT}, {"dyads", RESULT_INT},
    {"dyads_active", RESULT_INT}, {"events", RESULT_INT}, {"cooperation", RESULT_INT},
    {"conflict", RESULT_INT}, {"net_cooperation", RESULT_NUM}, {"goldstein_mean", RESULT_NUM},
    {"friction_share", RESULT_NUM}, {"hub", RESULT_STR}, {"un_votes", RESULT_INT},
    {"un_agree", RESULT_NUM}, {"un_s_score", RESULT_NUM}, {"un_kappa", RESULT_NUM},
    {"covered_days", RESULT_INT}};

static void print_row(result *out, const ev_series *ps, size_t p, const ev_opts *o,
                      const group_row *g)
{
    char label[48];
    ev_period_label(ps->start[p], ps->last[p], o->by, label, sizeof label);
    result_str(out, label);
    result_date(out, ps->start[p]);
    result_date(out, ps->last[p]);
    result_str(out, g->set);
    result_str(out, o->domain ? o->domain : "all");
    result_int(out, (long long)g->members);
    if (g->has_net) {
        result_int(out, g->dyads);
        if (g->covered)
            result_int(out, g->dyads_active);
        else
            result_na(out);
    } else {
        result_na(out);
        result_na(out);
    }
    analysis_count(out, g->t.events, g->covered);
    analysis_count(out, ev_cooperation(&g->t), g->covered);
    analysis_count(out, ev_conflict(&g->t), g->covered);
    result_num(out, ev_net_cooperation(&g->t), 4);
    result_num(out, ev_goldstein_mean(&g->t), 3);
    double classified = ev_cooperation(&g->t) + ev_conflict(&g->t);
    result_num(out, g->has_net && classified > 0 ? ev_conflict(&g->t) / classified : NAN, 4);
    if (g->hub)
        result_str(out, g->hub);
    else
        result_na(out);
    if (g->has_un && g->un.votes > 0) {
        result_int(out, g->un.votes);
        result_num(out, g->un.agree, 4);
        result_num(out, g->un.s, 4);
        result_num(out, g->un.kappa_dyads ? g->un.kappa : NAN, 4);
    } else {
        result_int(out, 0);
        result_na(out);
        result_na(out);
        result_na(out);
    }
    result_int(out, g->covered);
}

/* The group's own measures in period p of its matrix m. */
static int own_row(const ev_matrix *m, size_t p, const bloc_set *s, group_row *g, bloc_error *err)
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
    g->covered = m->periods.covered[p];
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

/* What both calls load: the store, the sets, the union of their codes. */
typedef struct sets {
    store *s;
    const registry *r;
    bloc_set g, rival;
    int has_rival;
    const char **uc; /* union of codes (borrowed strings) */
    size_t nu;
} sets;

static void sets_free(sets *A)
{
    bloc_set_free(&A->g);
    bloc_set_free(&A->rival);
    free(A->uc);
}

static int sets_load(bloc_session *S, const cohesion_req *q, sets *A, bloc_error *err)
{
    int rc;
    if ((rc = bloc_session_store(S, &A->s, &A->r, err)) != BLOC_OK ||
        (rc = bloc_set_parse(A->r, q->group, &A->g, err)) != BLOC_OK ||
        (q->vs && (rc = bloc_set_parse(A->r, q->vs, &A->rival, err)) != BLOC_OK) ||
        (rc = bloc_session_events(S, &A->s, &A->r, err)) != BLOC_OK)
        return rc;
    A->has_rival = q->vs != NULL;
    if (!(A->uc = malloc((A->g.n + A->rival.n + 1) * sizeof *A->uc)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; k < 2; k++) {
        const bloc_set *s = k ? &A->rival : &A->g;
        for (size_t i = 0; i < s->n; i++) {
            size_t j = 0;
            while (j < A->nu && strcmp(A->uc[j], s->codes[i]) != 0)
                j++;
            if (j == A->nu)
                A->uc[A->nu++] = s->codes[i];
        }
    }
    return BLOC_OK;
}

/* The rows of one period: the group's, and with a rival the rival's and the
 * events each way between them. */
static int group_period(sets *A, const cohesion_req *q, const ev_matrix *mg, const ev_matrix *mr,
                        const ev_matrix *mu, const unga_votes *v, size_t p, const size_t *ig,
                        const size_t *ir, result *out, bloc_error *err)
{
    unga_period up;
    group_row row = {0};
    char ab[160], ba[160];
    int rc;
    if ((rc = unga_period_window(v, mg->periods.start[p], mg->periods.last[p], &up, err)) != BLOC_OK)
        return rc;
    if ((rc = own_row(mg, p, &A->g, &row, err)) != BLOC_OK)
        goto done;
    unga_group_cohesion(v, &up, A->g.members, A->g.n, &row.un);
    row.has_un = 1;
    print_row(out, &mg->periods, p, &q->o, &row);
    if (!A->has_rival)
        goto done;
    if ((rc = own_row(mr, p, &A->rival, &row, err)) != BLOC_OK)
        goto done;
    unga_group_cohesion(v, &up, A->rival.members, A->rival.n, &row.un);
    print_row(out, &mg->periods, p, &q->o, &row);
    snprintf(ab, sizeof ab, "%s->%s", A->g.label, A->rival.label);
    snprintf(ba, sizeof ba, "%s->%s", A->rival.label, A->g.label);
    group_row x = {.set = ab, .members = A->g.n, .has_un = 1, .covered = mu->periods.covered[p]};
    unga_between(v, &up, A->g.members, A->g.n, A->rival.members, A->rival.n, &x.un);
    between(mu, p, ig, A->g.n, ir, A->rival.n, &x.t);
    print_row(out, &mg->periods, p, &q->o, &x);
    x.set = ba;
    x.members = A->rival.n;
    between(mu, p, ir, A->rival.n, ig, A->g.n, &x.t);
    print_row(out, &mg->periods, p, &q->o, &x);
done:
    free(up.rc);
    return rc;
}

static int group_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const cohesion_req *q = request;
    sets A = {0};
    ev_matrix mg = {0}, mr = {0}, mu = {0};
    unga_votes *v = NULL;
    size_t *ig = NULL, *ir = NULL;
    store_unga_filter uf = {.since = q->o.since, .until = q->o.until};
    int rc = sets_load(S, q, &A, err);
    if (rc != BLOC_OK)
        goto done;
    if (!(ig = calloc(A.g.n + 1, sizeof *ig)) || !(ir = calloc(A.rival.n + 1, sizeof *ir))) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    /* the rival's and the union's periods are the group's: their own
     * coverage counts in each */
    ev_opts o = bloc_session_ev_opts(S, &q->o);
    if ((rc = ev_matrix_load(A.s, A.g.codes, A.g.mptr, A.g.n, &o, &mg, err)) != BLOC_OK)
        goto done;
    if (mg.periods.n) {
        o.since = mg.periods.start[0];
        o.until = mg.periods.last[mg.periods.n - 1];
    }
    if ((A.has_rival && mg.periods.n &&
         ((rc = ev_matrix_load(A.s, A.rival.codes, A.rival.mptr, A.rival.n, &o, &mr, err)) != BLOC_OK ||
          (rc = ev_matrix_load(A.s, A.uc, NULL, A.nu, &o, &mu, err)) != BLOC_OK)) ||
        (rc = unga_votes_load(A.s, &uf, A.uc, A.nu, &v, err)) != BLOC_OK)
        goto done;
    if (A.has_rival) {
        indices(&mu, &A.g, ig);
        indices(&mu, &A.rival, ir);
    }
    if ((rc = result_begin(out, group_cols, sizeof group_cols / sizeof group_cols[0])) != BLOC_OK)
        goto done;
    for (size_t p = 0; p < mg.periods.n && rc == BLOC_OK; p++)
        if ((rc = group_period(&A, q, &mg, &mr, &mu, v, p, ig, ir, out, err)) == BLOC_OK)
            rc = result_status(out);
    analysis_coverage_notes(out, &mg.periods, A.g.label);
done:
    unga_votes_free(v);
    ev_matrix_free(&mg);
    ev_matrix_free(&mr);
    ev_matrix_free(&mu);
    free(ig);
    free(ir);
    sets_free(&A);
    return rc;
}

static const result_col stance_cols[] = {
    {"period", RESULT_STR}, {"from", RESULT_DATE}, {"to", RESULT_DATE}, {"member", RESULT_STR},
    {"rival", RESULT_STR}, {"domain", RESULT_STR}, {"events_to", RESULT_INT},
    {"net_cooperation_to", RESULT_NUM}, {"goldstein_mean_to", RESULT_NUM},
    {"events_from", RESULT_INT}, {"net_cooperation_from", RESULT_NUM},
    {"goldstein_mean_from", RESULT_NUM}, {"covered_days", RESULT_INT}};

static void stance_row(result *out, const cohesion_req *q, const sets *A, const ev_matrix *mu,
                       size_t p, size_t i, const size_t *ir)
{
    size_t me = 0;
    for (size_t k = 0; k < A->nu; k++)
        if (strcmp(A->uc[k], A->g.codes[i]) == 0)
            me = k;
    ev_tally to, from;
    between(mu, p, &me, 1, ir, A->rival.n, &to);
    between(mu, p, ir, A->rival.n, &me, 1, &from);
    char label[48];
    ev_period_label(mu->periods.start[p], mu->periods.last[p], q->o.by, label, sizeof label);
    result_str(out, label);
    result_date(out, mu->periods.start[p]);
    result_date(out, mu->periods.last[p]);
    result_str(out, A->g.codes[i]);
    result_str(out, A->rival.label);
    result_str(out, q->o.domain ? q->o.domain : "all");
    long cov = mu->periods.covered[p];
    analysis_count(out, to.events, cov);
    result_num(out, ev_net_cooperation(&to), 4);
    result_num(out, ev_goldstein_mean(&to), 3);
    analysis_count(out, from.events, cov);
    result_num(out, ev_net_cooperation(&from), 4);
    result_num(out, ev_goldstein_mean(&from), 3);
    result_int(out, cov);
}

static int stance_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const cohesion_req *q = request;
    sets A = {0};
    ev_matrix mu = {0};
    size_t *ir = NULL;
    int rc = sets_load(S, q, &A, err);
    if (rc != BLOC_OK)
        goto done;
    if (!(ir = calloc(A.rival.n + 1, sizeof *ir))) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    ev_opts o = bloc_session_ev_opts(S, &q->o);
    if ((rc = ev_matrix_load(A.s, A.uc, NULL, A.nu, &o, &mu, err)) != BLOC_OK ||
        (rc = result_begin(out, stance_cols, sizeof stance_cols / sizeof stance_cols[0])) != BLOC_OK)
        goto done;
    indices(&mu, &A.rival, ir);
    for (size_t p = 0; p < mu.periods.n; p++)
        for (size_t i = 0; i < A.g.n; i++)
            stance_row(out, q, &A, &mu, p, i, ir);
    analysis_coverage_notes(out, &mu.periods, "the two groups");
    rc = result_status(out);
done:
    ev_matrix_free(&mu);
    free(ir);
    sets_free(&A);
    return rc;
}

const bloc_call analysis_group = {"group", sizeof(cohesion_req), init, group_opts, group_check,
                                  group_run};
const bloc_call analysis_stance = {"stance", sizeof(cohesion_req), init, stance_opts, stance_check,
                                   stance_run};
