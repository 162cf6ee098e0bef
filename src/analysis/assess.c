/*
 * analysis/assess — `assess LIST --vs RIVAL [--split DATE]`: is the
 * alignment real or overstated? Indicator by indicator (UN-vote cohesion,
 * event cohesion and volume per domain, friction, the hub and its share,
 * stance toward the rival, the members' military dyads), before and after
 * a split date, for the group and for the comparison group, with the
 * change, a bootstrap interval, the direction it supports, a grade for the
 * data behind it and a plain-language line; evidence = 1 lists the events
 * and roll calls behind each indicator instead. Statistics in
 * metrics/assess.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "cameo/cameo.h"
#include "core/util.h"
#include "metrics/assess.h"
#include "metrics/network.h"
#include "metrics/unga.h"

static void init(void *req)
{
    assess_req *q = req;
    q->split = 20220224;
    q->reps = 999;
    q->limit = 20;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("group", assess_req, group, "LIST"),
    OPTE_LIST("vs", assess_req, vs, "RIVAL", "the comparison group"),
    OPTE_DATE("split", assess_req, split, "the date compared around (default 2022-02-24)"),
    OPTE_INT32("reps", assess_req, reps, 10, 100000, "--reps needs 10..100000",
               "bootstrap replicates (default 999)"),
    OPTE_FLAG("evidence", 0, assess_req, evidence, "list the events and roll calls behind each indicator"),
    OPTE_INT("limit", assess_req, limit, 0, 1000000000000LL, "--limit needs a whole number >= 0",
             "evidence rows per indicator and side (default 20; 0 = all)"),
    BLOC_EV_OPTIONS(assess_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const assess_req *q = req;
    if (npos != 1 || !q->vs)
        return bloc_usage(err, "name a LIST and --vs RIVAL");
    if (q->o.domain)
        return bloc_usage(err, "--domain does not apply: assess covers every domain");
    return BLOC_OK;
}

static const char *const domains[] = {NULL, "military", "economic", "diplomatic", "technology"};
enum { NDOMAINS = 5, MILITARY = 1 };

typedef struct assess {
    const assess_req *q;
    store *s;
    const registry *r;
    bloc_set set[2];         /* the group and the rival */
    int split, since, until; /* since/until: the whole range */
    int un_since;            /* UN votes: --since, or ten years before the split */
    ev_opts o;
    as_opts ao;
    result *out;
    unga_votes *v;
    bloc_error *err;
} assess;

/* Per-month arrays of a window: net (coop - conflict), classified, events,
 * conflict, the hub's cooperation, all cooperation, and the length. */
typedef struct months {
    size_t n;
    double *net, *classified, *events, *conflict, *hub_coop, *coop;
    double *length; /* each period's length in months (30.4375 days) */
} months;

static void months_free(months *m)
{
    free(m->net);
    free(m->classified);
    free(m->events);
    free(m->conflict);
    free(m->hub_coop);
    free(m->coop);
    free(m->length);
    memset(m, 0, sizeof *m);
}

/* The monthly matrices of [from, to] for every domain of domains[] (one
 * pass), between the members of a (b NULL), or over a's and b's codes for
 * directed tallies from a to b (no membership dates; all domains only).
 * An empty range leaves empty matrices. *codes_out keeps the union alive
 * (caller frees). */
static int load_side(assess *A, const bloc_set *a, const bloc_set *b, int from, int to,
                     ev_matrix m[NDOMAINS], const char ***codes_out)
{
    ev_opts o = A->o;
    const char **codes = a->codes;
    const store_member *const *mem = a->mptr;
    size_t n = a->n;
    memset(m, 0, NDOMAINS * sizeof *m);
    *codes_out = NULL;
    if (from > to)
        return BLOC_OK; /* an empty side */
    if (b) {
        if (!(*codes_out = malloc((a->n + b->n + 1) * sizeof **codes_out)))
            return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
        for (size_t i = 0; i < a->n; i++)
            (*codes_out)[i] = a->codes[i];
        for (size_t i = 0; i < b->n; i++)
            (*codes_out)[a->n + i] = b->codes[i];
        codes = *codes_out;
        mem = NULL;
        n = a->n + b->n;
    }
    o.by = EV_BY_MONTH;
    o.since = from;
    o.until = to;
    return ev_matrix_load_domains(A->s, codes, mem, n, &o, domains, b ? 1 : NDOMAINS, m, A->err);
}

static void free_side(ev_matrix m[NDOMAINS], const char **codes)
{
    for (size_t k = 0; k < NDOMAINS; k++)
        ev_matrix_free(&m[k]);
    free(codes);
}

/* Per-month sums from a matrix: between its first na codes (undirected
 * pairs of a set) or directed from codes [0, na) to [na, n). */
static int months_from(assess *A, const ev_matrix *m, size_t na, int directed, long hub,
                       months *out)
{
    size_t np = m->periods.n, n = m->n;
    memset(out, 0, sizeof *out);
    out->n = np;
    double **arr[] = {&out->net, &out->classified, &out->events, &out->conflict, &out->hub_coop,
                      &out->coop, &out->length};
    for (size_t k = 0; k < 7; k++)
        if (!(*arr[k] = calloc(np + 1, sizeof(double)))) {
            months_free(out);
            return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
        }
    for (size_t p = 0; p < np; p++) {
        long days = util_date_days(m->periods.last[p]) - util_date_days(m->periods.start[p]) + 1;
        out->length[p] = (double)days / 30.4375;
        for (size_t i = 0; i < (directed ? na : n); i++)
            for (size_t j = directed ? na : i + 1; j < n; j++) {
                ev_tally d = directed ? *ev_matrix_cell(m, p, i, j) : ev_matrix_pair(m, p, i, j);
                out->net[p] += ev_cooperation(&d) - ev_conflict(&d);
                out->classified[p] += ev_cooperation(&d) + ev_conflict(&d);
                out->events[p] += d.events;
                out->conflict[p] += ev_conflict(&d);
                out->coop[p] += ev_cooperation(&d);
                if (hub >= 0 && ((long)i == hub || (long)j == hub))
                    out->hub_coop[p] += ev_cooperation(&d);
            }
    }
    return BLOC_OK;
}

static void fmt_value(char *buf, size_t n, double v, int ratio)
{
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else if (ratio)
        snprintf(buf, n, "%.2fx", v);
    else
        snprintf(buf, n, "%+.3f", v);
}

/* The plain-language line of an indicator. */
static void sentence(const assess *A, const char *set, const char *indicator, const char *domain,
                     const as_stat *st, const char *unit, const char *note, char *buf, size_t n)
{
    char split[16], ch[32], lo[32], hi[32];
    util_format_date(A->split, split, sizeof split);
    const char *dir = as_direction(st), *dom = domain ? domain : "", *sp = domain ? " " : "";
    fmt_value(ch, sizeof ch, st->change, st->ratio);
    fmt_value(lo, sizeof lo, st->lo, st->ratio);
    fmt_value(hi, sizeof hi, st->hi, st->ratio);
    if (st->ratio && st->before == 0 && st->after == 0)
        snprintf(buf, n, "%s%s%s, %s: no events before or after %s.", indicator, sp, dom, set, split);
    else if (st->ratio && st->before == 0)
        snprintf(buf, n, "%s%s%s, %s: none before %s, %.3g a month after (%.0f events; grade %c).",
                 indicator, sp, dom, set, split, st->after, st->n_after, as_grade(st));
    else if (!strcmp(dir, "no data"))
        snprintf(buf, n, "%s%s%s, %s: no data %s %s%s%s.", indicator, sp, dom, set,
                 !isfinite(st->before) && !isfinite(st->after) ? "before or after"
                 : isfinite(st->before)                         ? "after"
                                                                : "before",
                 split, note ? "; " : "", note ? note : "");
    else
        snprintf(buf, n,
                 "%s%s%s, %s: %s after %s, %.3g -> %.3g%s (change %s, 95%% interval %s..%s;"
                 " %.0f and %.0f %s; grade %c)%s%s.",
                 indicator, sp, dom, set,
                 !strcmp(dir, "up") ? "up" : !strcmp(dir, "down") ? "down" : "no clear change",
                 split, st->before, st->after, st->ratio ? " a month" : "", ch, lo, hi,
                 st->n_before, st->n_after, unit, as_grade(st), note ? "; " : "", note ? note : "");
}

/* One indicator row with its sentence. */
static void row(assess *A, const char *set, const char *indicator, const char *domain,
                const as_stat *st, const char *unit, const char *note)
{
    char line[768];
    sentence(A, set, indicator, domain, st, unit, note, line, sizeof line);
    result_str(A->out, set);
    result_str(A->out, indicator);
    result_str(A->out, domain ? domain : "all");
    result_num(A->out, st->before, 4);
    result_num(A->out, st->after, 4);
    result_num(A->out, st->change, 4);
    result_num(A->out, st->lo, 4);
    result_num(A->out, st->hi, 4);
    result_str(A->out, st->ratio ? "ratio" : "difference");
    result_str(A->out, as_direction(st));
    result_num(A->out, st->n_before, 0);
    result_num(A->out, st->n_after, 0);
    char g[2] = {as_grade(st), '\0'};
    result_str(A->out, g);
    result_str(A->out, line);
}

/* UN-vote cohesion pooled over roll calls: per roll call, pairs of members
 * voting alike / pairs voting, before and after the split. */
static int un_indicator(assess *A, const bloc_set *s)
{
    unga_votes *v = A->v;
    size_t n[2] = {0, 0};
    double *agree[2], *pairs[2];
    int *rows = malloc((s->n + 1) * sizeof *rows), rc = BLOC_OK;
    for (int k = 0; k < 2; k++) {
        agree[k] = calloc(v->nrc + 1, sizeof(double));
        pairs[k] = calloc(v->nrc + 1, sizeof(double));
    }
    if (!agree[0] || !pairs[0] || !agree[1] || !pairs[1] || !rows) {
        rc = bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < s->n; i++)
        rows[i] = unga_votes_index(v, s->codes[i]);
    for (size_t k = 0; k < v->nrc; k++) {
        double ag = 0, pr = 0;
        int d = v->date[k];
        if (d < A->un_since || d > A->until)
            continue;
        for (size_t i = 0; i < s->n; i++)
            for (size_t j = i + 1; j < s->n; j++) {
                if (rows[i] < 0 || rows[j] < 0 || !registry_member_on(s->mptr[i], d) ||
                    !registry_member_on(s->mptr[j], d))
                    continue;
                unsigned char x = v->v[(size_t)rows[i] * v->nrc + k],
                              y = v->v[(size_t)rows[j] * v->nrc + k];
                if (x && y) {
                    pr++;
                    ag += x == y;
                }
            }
        int side = d >= A->split;
        if (pr > 0) {
            agree[side][n[side]] = ag;
            pairs[side][n[side]++] = pr;
        }
    }
    as_stat st;
    if ((rc = as_diff_of_ratios(agree[0], pairs[0], n[0], agree[1], pairs[1], n[1], &A->ao, &st,
                                A->err)) == BLOC_OK)
        row(A, s->label, "UN-vote cohesion", NULL, &st, "member-pair votes",
            n[1] ? NULL : "the bundled UN votes end in January 2020");
done:
    for (int k = 0; k < 2; k++) {
        free(agree[k]);
        free(pairs[k]);
    }
    free(rows);
    return rc;
}

/* The hub: the most central member after the split (before if none); -1
 * when the network has none. */
static int find_hub(assess *A, const bloc_set *s, const ev_matrix *mb, const ev_matrix *ma,
                    long *hub)
{
    *hub = -1;
    for (int side = 0; side < 2 && *hub < 0; side++) {
        const ev_matrix *m = side == 0 ? ma : mb;
        size_t n = s->n;
        double *w = calloc(n * n + 1, sizeof *w);
        net_result net = {0};
        if (!w)
            return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
        for (size_t p = 0; p < m->periods.n; p++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++) {
                    ev_tally d = ev_matrix_pair(m, p, i, j);
                    w[i * n + j] = w[j * n + i] = w[i * n + j] + ev_net_weight(&d);
                }
        int rc = net_compute(n, w, &net, A->err);
        free(w);
        *hub = net.hub;
        net_result_free(&net);
        if (rc != BLOC_OK)
            return rc;
    }
    return BLOC_OK;
}

/* Event cohesion and volume in domain d; in all domains also friction and
 * the hub's share. */
static int domain_indicators(assess *A, const bloc_set *s, int d, const ev_matrix *mb,
                             const ev_matrix *ma, long hub)
{
    months b, a;
    as_stat st;
    int rc;
    if ((rc = months_from(A, mb, s->n, 0, hub, &b)) != BLOC_OK)
        return rc;
    if ((rc = months_from(A, ma, s->n, 0, hub, &a)) != BLOC_OK)
        goto done;
    if ((rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao, &st,
                                A->err)) != BLOC_OK)
        goto done;
    row(A, s->label, "event cohesion", domains[d], &st, "events", NULL);
    if ((rc = as_ratio_of_rates(b.events, b.length, b.n, a.events, a.length, a.n, &A->ao, &st,
                                A->err)) != BLOC_OK)
        goto done;
    row(A, s->label, "events per month", domains[d], &st, "events", NULL);
    if (d != 0)
        goto done;
    if ((rc = as_diff_of_ratios(b.conflict, b.classified, b.n, a.conflict, a.classified, a.n,
                                &A->ao, &st, A->err)) != BLOC_OK)
        goto done;
    row(A, s->label, "friction share", NULL, &st, "events", NULL);
    if (hub >= 0 && (rc = as_diff_of_ratios(b.hub_coop, b.coop, b.n, a.hub_coop, a.coop, a.n,
                                            &A->ao, &st, A->err)) == BLOC_OK) {
        char ind[64];
        snprintf(ind, sizeof ind, "hub share (%s)", s->codes[hub]);
        row(A, s->label, ind, NULL, &st, "cooperative events",
            "the hub is the most central member of the cooperation network");
    }
done:
    months_free(&b);
    months_free(&a);
    return rc;
}

/* Stance toward the other group: directed, from the union's first codes. */
static int stance_indicator(assess *A, const bloc_set *s, const bloc_set *other)
{
    char label[160];
    ev_matrix ub[NDOMAINS], ua[NDOMAINS];
    const char **cb = NULL, **ca = NULL;
    months b = {0}, a = {0};
    as_stat st;
    int rc, before_to = ev_add_days(A->split, -1);
    snprintf(label, sizeof label, "%s->%s", s->label, other->label);
    memset(ub, 0, sizeof ub);
    memset(ua, 0, sizeof ua);
    if ((rc = load_side(A, s, other, A->since, before_to, ub, &cb)) == BLOC_OK &&
        (rc = load_side(A, s, other, A->split, A->until, ua, &ca)) == BLOC_OK &&
        (rc = months_from(A, &ub[0], s->n, 1, -1, &b)) == BLOC_OK &&
        (rc = months_from(A, &ua[0], s->n, 1, -1, &a)) == BLOC_OK &&
        (rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao, &st,
                                A->err)) == BLOC_OK)
        row(A, label, "stance (net cooperation)", NULL, &st, "events", NULL);
    months_free(&b);
    months_free(&a);
    free_side(ub, cb);
    free_side(ua, ca);
    return rc;
}

typedef struct pair {
    size_t i, j;
    double total;
} pair;

static int busiest_first(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    return a->total < b->total ? 1 : a->total > b->total ? -1 : (a->i != b->i ? (a->i < b->i ? -1 : 1) : (a->j < b->j ? -1 : a->j > b->j));
}

/* Military events per month of each member pair: all of the group's (k =
 * 0), the rival's five busiest. */
static int military_pairs(assess *A, const bloc_set *s, int k, const ev_matrix *mb,
                          const ev_matrix *ma)
{
    size_t n = s->n, npairs = 0;
    pair *pairs = calloc(n * n + 1, sizeof *pairs);
    double *xb = calloc(mb->periods.n + 1, sizeof *xb), *xa = calloc(ma->periods.n + 1, sizeof *xa);
    months b = {0}, a = {0};
    as_stat st;
    int rc = pairs && xb && xa ? BLOC_OK : bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    if (rc != BLOC_OK || (rc = months_from(A, mb, n, 0, -1, &b)) != BLOC_OK ||
        (rc = months_from(A, ma, n, 0, -1, &a)) != BLOC_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            pair *p = &pairs[npairs++];
            *p = (pair){i, j, 0};
            for (size_t q = 0; q < mb->periods.n; q++)
                p->total += ev_matrix_pair(mb, q, i, j).events;
            for (size_t q = 0; q < ma->periods.n; q++)
                p->total += ev_matrix_pair(ma, q, i, j).events;
        }
    qsort(pairs, npairs, sizeof *pairs, busiest_first); /* ties keep the pair order */
    size_t show = k == 0 ? npairs : (npairs < 5 ? npairs : 5);
    for (size_t x = 0; x < show && rc == BLOC_OK && pairs[x].total > 0; x++) {
        for (size_t q = 0; q < mb->periods.n; q++)
            xb[q] = ev_matrix_pair(mb, q, pairs[x].i, pairs[x].j).events;
        for (size_t q = 0; q < ma->periods.n; q++)
            xa[q] = ev_matrix_pair(ma, q, pairs[x].i, pairs[x].j).events;
        char pl[32];
        snprintf(pl, sizeof pl, "%s-%s", s->codes[pairs[x].i], s->codes[pairs[x].j]);
        if ((rc = as_ratio_of_rates(xb, b.length, mb->periods.n, xa, a.length, ma->periods.n,
                                    &A->ao, &st, A->err)) == BLOC_OK)
            row(A, pl, "events per month", "military", &st, "events", NULL);
    }
done:
    months_free(&b);
    months_free(&a);
    free(xb);
    free(xa);
    free(pairs);
    return rc;
}

/* The indicators of one set (k = 0 group, 1 rival). */
static int assess_set(assess *A, int k)
{
    const bloc_set *s = &A->set[k], *other = &A->set[1 - k];
    ev_matrix mb[NDOMAINS], ma[NDOMAINS];
    const char **unused = NULL;
    long hub = -1;
    int rc;
    if ((rc = un_indicator(A, s)) != BLOC_OK ||
        (rc = load_side(A, s, NULL, A->since, ev_add_days(A->split, -1), mb, &unused)) != BLOC_OK)
        return rc;
    if ((rc = load_side(A, s, NULL, A->split, A->until, ma, &unused)) != BLOC_OK) {
        free_side(mb, NULL);
        return rc;
    }
    rc = find_hub(A, s, &mb[0], &ma[0], &hub);
    for (int d = 0; d < NDOMAINS && rc == BLOC_OK; d++)
        rc = domain_indicators(A, s, d, &mb[d], &ma[d], hub);
    if (rc == BLOC_OK)
        rc = stance_indicator(A, s, other);
    if (rc == BLOC_OK)
        rc = military_pairs(A, s, k, &mb[MILITARY], &ma[MILITARY]);
    free_side(mb, NULL);
    free_side(ma, NULL);
    return rc;
}

/* ---- evidence: the events and roll calls behind the indicators -------- */

typedef struct ev_print {
    assess *A;
    const cameo_tables *cameo;
    const char *indicator, *set, *side;
    long long left; /* roll calls: rows still to list, -1 = all */
} ev_print;

static void evidence_head(const ev_print *c, const char *kind, const char *id, int date)
{
    result_str(c->A->out, c->set);
    result_str(c->A->out, c->indicator);
    result_str(c->A->out, c->side);
    result_str(c->A->out, kind);
    result_str(c->A->out, id);
    result_date(c->A->out, date);
}

static int print_event(void *arg, const store_event *e, const char *path)
{
    ev_print *c = arg;
    char id[64], where[600];
    const char *d = cameo_describe(c->cameo, e->event_code ? e->event_code : "");
    snprintf(id, sizeof id, "%s:%s", e->source ? e->source : "", e->source_event_id ? e->source_event_id : "");
    snprintf(where, sizeof where, "%s:%ld", path ? path : "", e->line);
    evidence_head(c, "event", id, e->date);
    result_str(c->A->out, e->actor[0].country ? e->actor[0].country : "");
    result_str(c->A->out, e->actor[1].country ? e->actor[1].country : "");
    result_str(c->A->out, e->event_code ? e->event_code : "");
    result_str(c->A->out, d ? d : "");
    result_num(c->A->out, e->goldstein, 1);
    result_str(c->A->out, e->url && *e->url ? e->url : where);
    return result_status(c->A->out) != BLOC_OK;
}

static int print_rollcall(void *arg, long long rcid, int date, int session, const char *issues)
{
    ev_print *c = arg;
    char id[32], sess[32];
    if (c->left == 0)
        return BLOC_OK; /* past the limit: skip (a non-zero return is an error here) */
    if (c->left > 0)
        c->left--;
    snprintf(id, sizeof id, "rcid:%lld", rcid);
    snprintf(sess, sizeof sess, "session %d", session);
    evidence_head(c, "rollcall", id, date);
    result_str(c->A->out, "");
    result_str(c->A->out, "");
    result_str(c->A->out, issues ? issues : "");
    result_str(c->A->out, sess);
    result_na(c->A->out);
    result_str(c->A->out, "");
    return result_status(c->A->out);
}

static const result_col evidence_cols[] = {
    {"set", RESULT_STR}, {"indicator", RESULT_STR}, {"side", RESULT_STR}, {"kind", RESULT_STR},
    {"id", RESULT_STR}, {"date", RESULT_DATE}, {"actor1", RESULT_STR}, {"actor2", RESULT_STR},
    {"code", RESULT_STR}, {"description", RESULT_STR}, {"goldstein", RESULT_NUM},
    {"source", RESULT_STR}};

/* The evidence of one set on one side of the split. */
static int evidence_side(assess *A, const cameo_tables *cameo, int k, int side)
{
    const bloc_set *s = &A->set[k], *o = &A->set[1 - k];
    int from = side ? A->split : A->since, to = side ? A->until : ev_add_days(A->split, -1), rc;
    const char *sname = side ? "after" : "before";
    char stance[160], ind[64];
    snprintf(stance, sizeof stance, "%s->%s", s->label, o->label);
    store_unga_filter uf = {.since = side ? from : A->un_since, .until = to};
    ev_print c = {A, cameo, "UN-vote cohesion", s->label, sname, A->q->limit ? A->q->limit : -1};
    if ((rc = store_unga_scan_rollcalls(A->s, &uf, print_rollcall, &c, A->err)) != BLOC_OK)
        return rc;
    store_event_query q = {.side_a = s->codes, .nside_a = s->n, .side_b = s->codes,
                           .nside_b = s->n, .distinct_actors = 1, .since = from, .until = to,
                           .limit = A->q->limit};
    for (int d = 0; d < NDOMAINS && rc == BLOC_OK; d++) {
        snprintf(ind, sizeof ind, "event cohesion %s", domains[d] ? domains[d] : "all");
        c.indicator = ind;
        q.domain = domains[d];
        rc = store_events_scan(A->s, &q, print_event, &c, A->err);
    }
    q.domain = NULL;
    q.conflict_only = 1;
    c.indicator = "friction share";
    if (rc == BLOC_OK)
        rc = store_events_scan(A->s, &q, print_event, &c, A->err);
    store_event_query qs = {.side_a = s->codes, .nside_a = s->n, .side_b = o->codes,
                            .nside_b = o->n, .since = from, .until = to, .limit = A->q->limit};
    c.indicator = "stance (net cooperation)";
    c.set = stance;
    if (rc == BLOC_OK)
        rc = store_events_scan(A->s, &qs, print_event, &c, A->err);
    return rc;
}

static int evidence(bloc_session *S, assess *A)
{
    const cameo_tables *cameo;
    int rc;
    if ((rc = bloc_session_cameo(S, &cameo, A->err)) != BLOC_OK ||
        (rc = result_begin(A->out, evidence_cols, 12)) != BLOC_OK)
        return rc;
    for (int k = 0; k < 2 && rc == BLOC_OK; k++)
        for (int side = 0; side < 2 && rc == BLOC_OK; side++)
            rc = evidence_side(A, cameo, k, side);
    return result_status(A->out) != BLOC_OK ? result_status(A->out) : rc;
}

static const result_col cols[] = {
    {"set", RESULT_STR}, {"indicator", RESULT_STR}, {"domain", RESULT_STR},
    {"before", RESULT_NUM}, {"after", RESULT_NUM}, {"change", RESULT_NUM},
    {"change_low", RESULT_NUM}, {"change_high", RESULT_NUM}, {"kind", RESULT_STR},
    {"direction", RESULT_STR}, {"n_before", RESULT_NUM}, {"n_after", RESULT_NUM},
    {"grade", RESULT_STR}, {"statement", RESULT_STR}};

/* The indicators of both sets, over UN votes of both sets' members. */
static int indicators(assess *A)
{
    size_t nu = 0;
    const char **u = malloc((A->set[0].n + A->set[1].n + 1) * sizeof *u);
    int rc = u ? BLOC_OK : bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; rc == BLOC_OK && k < 2; k++)
        for (size_t i = 0; i < A->set[k].n; i++)
            u[nu++] = A->set[k].codes[i];
    store_unga_filter uf = {.since = A->un_since, .until = A->until};
    if (rc == BLOC_OK && (rc = unga_votes_load(A->s, &uf, u, nu, &A->v, A->err)) == BLOC_OK &&
        (rc = result_begin(A->out, cols, sizeof cols / sizeof cols[0])) == BLOC_OK)
        for (int k = 0; k < 2 && rc == BLOC_OK; k++)
            if ((rc = assess_set(A, k)) == BLOC_OK)
                rc = result_status(A->out);
    free(u);
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const assess_req *q = request;
    assess A = {.q = q, .split = q->split, .o = q->o, .out = out, .err = err,
                .ao = {.reps = q->reps, .level = 0.95}};
    const cameo_tables *cameo;
    int first = 0, last = 0, rc;
    if ((rc = bloc_session_store(S, &A.s, &A.r, err)) != BLOC_OK ||
        (rc = bloc_set_parse(A.r, q->group, &A.set[0], err)) != BLOC_OK ||
        (rc = bloc_set_parse(A.r, q->vs, &A.set[1], err)) != BLOC_OK ||
        (rc = bloc_session_cameo(S, &cameo, err)) != BLOC_OK ||
        (rc = bloc_session_events(S, &A.s, &A.r, err)) != BLOC_OK ||
        (rc = store_event_summary_span(A.s, &first, &last, err)) != BLOC_OK)
        goto done;
    A.since = q->o.since ? q->o.since : first ? first : 19460101;
    A.un_since = q->o.since ? q->o.since : A.split - 100000;
    A.until = q->o.until ? q->o.until : last ? last : 99991231;
    rc = q->evidence ? evidence(S, &A) : indicators(&A);
done:
    unga_votes_free(A.v);
    bloc_set_free(&A.set[0]);
    bloc_set_free(&A.set[1]);
    return rc;
}

const bloc_call analysis_assess = {"assess", sizeof(assess_req), init, opts, check, run};
