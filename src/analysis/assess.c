/*
 * analysis/assess — `assess LIST --vs RIVAL [--split DATE]`: is the
 * alignment real or overstated? Indicator by indicator (UN-vote cohesion,
 * event cohesion and volume per domain, friction, the hub and its share,
 * stance toward the rival, the members' military dyads, and the military
 * channel: arms between members and the share of their imports they
 * supply each other (SIPRI), formal alliance ties (ATOP)), before and after
 * a split date, for the group and for the comparison group, with the
 * change, a bootstrap interval, the direction it supports, a grade for the
 * data behind it and a plain-language line naming the windows and the
 * amount of data; evidence = 1 lists instead exactly the events and roll
 * calls each figure was computed from. Each indicator works on what its own
 * source covers (the event data's covered days, the UN roll calls), and
 * states a direction only when the data can carry it (docs/methods.md,
 * "Verdicts"). Statistics in metrics/assess.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/arms.h"
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
    if (npos != 1)
        return bloc_usage(err, "name a LIST (and --vs RIVAL to compare with)");
    if (q->o.domain)
        return bloc_usage(err, "--domain does not apply: assess covers every domain");
    return BLOC_OK;
}

static const char *const domains[] = {NULL, "military", "economic", "diplomatic", "technology"};
enum { NDOMAINS = 5, MILITARY = 1 };

/* ---- the units of evidence and what a verdict needs, in one place ----- */

typedef enum unit { UNIT_EVENTS, UNIT_ROLLCALLS, UNIT_DEALYEARS, UNIT_DYADYEARS } unit;

static const struct unit_rule {
    const char *one, *many;
    long min_side;      /* a direction needs at least this much on each side */
    long a, b, c;       /* grades: A, B, C at least this much on the thinner side */
    size_t min_units;   /* and an interval at least this many periods resampled on each side */
} unit_rules[] = {
    [UNIT_EVENTS] = {"event", "events", 20, 1000, 100, 20, 2},
    [UNIT_ROLLCALLS] = {"roll call", "roll calls", 10, 200, 50, 10, 2},
    /* SIPRI deal-years, ATOP dyad-years: the periods resampled are years,
     * and a direction needs five on each side (SIPRI compares five-year
     * spans: single years are lumpy) */
    [UNIT_DEALYEARS] = {"deal-year", "deal-years", 10, 200, 50, 10, 5},
    [UNIT_DYADYEARS] = {"dyad-year", "dyad-years", 10, 200, 50, 10, 5},
};

/* What an indicator counts: the filter of the events (or roll calls) its
 * figure is computed from, shared by the figure and its evidence. */
typedef struct indicator {
    const char *name;     /* "event cohesion", ... */
    const char *domain;   /* NULL: all domains */
    unit u;
    int quad_min, quad_max; /* the classes counted: 1-4 classified, 1-2 cooperative, 0 all */
    int directed;         /* from the set's members to the other's (stance) */
    int dates;            /* members only on the days they belong */
    const char *pair[2];  /* one member pair only (military pairs) */
    const bloc_set *s;    /* the set whose members count */
    const bloc_set *other; /* directed: the set the events go to */
    int military;         /* SIPRI or ATOP: MIL_* */
    char label[160];      /* the row's set */
} indicator;

typedef struct window {
    int from, to;         /* 0 = empty */
    long covered;         /* days the event data cover (events), roll calls (UN) */
} window;

typedef struct assess {
    const assess_req *q;
    bloc_session *S;
    store *s;
    const registry *r;
    bloc_set set[2];         /* the group and the rival */
    int split;
    int un_from, un_to;      /* UN votes: --since or ten years before the split .. --until or the last roll call */
    ev_opts o;               /* with the coverage */
    as_opts ao;
    result *out;
    unga_votes *v;
    bloc_error *err;
} assess;

/* Per-month arrays of a window's covered months: net (coop - conflict),
 * classified, events, conflict, the hub's cooperation, all cooperation,
 * and the length covered in months (30.4375 days). */
typedef struct months {
    size_t n;
    double *net, *classified, *events, *conflict, *hub_coop, *coop;
    double *length;
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

/* The event window of a set: [from, split - 1] (side 0) or [split, to]
 * (side 1), where from and to are --since / --until or the first and last
 * day the event data cover for the set. */
static window event_window(const assess *A, const char *const *codes, size_t n, int side)
{
    cov_days d;
    bloc_error e;
    window w = {0, 0, 0};
    if (ev_coverage_days(A->o.coverage, codes, n, A->o.since, A->o.until, &d, &e) != BLOC_OK)
        return w;
    if (d.n) {
        int from = A->o.since ? A->o.since : d.first[0], to = A->o.until ? A->o.until : d.last[d.n - 1];
        w.from = side ? (A->split > from ? A->split : from) : from;
        w.to = side ? to : ev_add_days(A->split, -1) < to ? ev_add_days(A->split, -1) : to;
        if (w.from > w.to)
            w.from = w.to = 0;
        else
            w.covered = cov_days_count(&d, w.from, w.to);
    }
    cov_days_free(&d);
    return w;
}

/* The monthly matrices of a window for every domain of domains[] (one
 * pass), between the members of a (b NULL), or over a's and b's codes for
 * directed tallies from a to b (no membership dates; all domains only).
 * An empty window leaves empty matrices. *codes_out keeps the union alive
 * (caller frees). */
static int load_side(assess *A, const bloc_set *a, const bloc_set *b, window w,
                     ev_matrix m[NDOMAINS], const char ***codes_out)
{
    ev_opts o = A->o;
    const char **codes = a->codes;
    const store_member *const *mem = a->mptr;
    size_t n = a->n;
    memset(m, 0, NDOMAINS * sizeof *m);
    *codes_out = NULL;
    if (!w.from)
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
    o.since = w.from;
    o.until = w.to;
    return ev_matrix_load_domains(A->s, codes, mem, n, &o, domains, b ? 1 : NDOMAINS, m, A->err);
}

static void free_side(ev_matrix m[NDOMAINS], const char **codes)
{
    for (size_t k = 0; k < NDOMAINS; k++)
        ev_matrix_free(&m[k]);
    free(codes);
}

/* Per-month sums of the covered months of a matrix: between its first na
 * codes (undirected pairs of a set) or directed from codes [0, na) to
 * [na, n); one pair only when pi >= 0. Months the data do not cover are
 * not units of the comparison (missing, not zero). */
static int months_from(assess *A, const ev_matrix *m, size_t na, int directed, long hub, long pi,
                       long pj, months *out)
{
    size_t np = m->periods.n, n = m->n;
    memset(out, 0, sizeof *out);
    double **arr[] = {&out->net, &out->classified, &out->events, &out->conflict, &out->hub_coop,
                      &out->coop, &out->length};
    for (size_t k = 0; k < 7; k++)
        if (!(*arr[k] = calloc(np + 1, sizeof(double)))) {
            months_free(out);
            return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
        }
    for (size_t p = 0; p < np; p++) {
        if (!m->periods.covered[p])
            continue;
        size_t k = out->n++;
        out->length[k] = (double)m->periods.covered[p] / 30.4375;
        for (size_t i = 0; i < (directed ? na : n); i++)
            for (size_t j = directed ? na : i + 1; j < n; j++) {
                if (pi >= 0 && !((long)i == pi && (long)j == pj))
                    continue;
                ev_tally d = directed ? *ev_matrix_cell(m, p, i, j) : ev_matrix_pair(m, p, i, j);
                out->net[k] += ev_cooperation(&d) - ev_conflict(&d);
                out->classified[k] += ev_cooperation(&d) + ev_conflict(&d);
                out->events[k] += d.events;
                out->conflict[k] += ev_conflict(&d);
                out->coop[k] += ev_cooperation(&d);
                if (hub >= 0 && ((long)i == hub || (long)j == hub))
                    out->hub_coop[k] += ev_cooperation(&d);
            }
    }
    return BLOC_OK;
}

/* ---- verdicts ------------------------------------------------------------ */

static char grade(unit u, double n)
{
    const struct unit_rule *r = &unit_rules[u];
    return n >= r->a ? 'A' : n >= r->b ? 'B' : n >= r->c ? 'C' : 'D';
}

/* The direction the data support, or why they support none: "no data" (a
 * side the source does not cover), "insufficient data" (less than the
 * minimum on a side, or an interval without width: too few distinct
 * resamples), "no clear change" (the interval holds no change), "up",
 * "down". reason says why when the data fall short. */
static const char *verdict(const as_stat *st, unit u, char *reason, size_t n)
{
    const struct unit_rule *r = &unit_rules[u];
    reason[0] = '\0';
    if (!isfinite(st->before) || !isfinite(st->after))
        return "no data";
    if (st->n_before < r->min_side || st->n_after < r->min_side) {
        snprintf(reason, n, "%.0f %s before and %.0f after; a direction needs at least %ld on each side",
                 st->n_before, st->n_before == 1 ? r->one : r->many, st->n_after, r->min_side);
        return "insufficient data";
    }
    if (st->units_before < r->min_units || st->units_after < r->min_units) {
        snprintf(reason, n, "%zu and %zu %s resampled; an interval needs at least %zu on each side",
                 st->units_before, st->units_after,
                 u == UNIT_ROLLCALLS ? "roll calls" : u == UNIT_EVENTS ? "covered months" : "years",
                 r->min_units);
        return "insufficient data";
    }
    double scale = fabs(st->lo) > fabs(st->hi) ? fabs(st->lo) : fabs(st->hi);
    if (!(isfinite(st->lo) && isfinite(st->hi) && st->hi - st->lo > 1e-9 * (scale > 1 ? scale : 1))) {
        snprintf(reason, n, "the bootstrap interval has no width: too few distinct resamples");
        return "insufficient data";
    }
    const char *dir = as_direction(st);
    return strcmp(dir, "up") == 0 || strcmp(dir, "down") == 0 ? dir : "no clear change";
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

static void span_text(char *buf, size_t n, window w)
{
    char a[16], b[16];
    if (!w.from) {
        snprintf(buf, n, "none");
        return;
    }
    util_format_date(w.from, a, sizeof a);
    util_format_date(w.to, b, sizeof b);
    snprintf(buf, n, "%s..%s", a, b);
}

/* "events 2011-08-01..2011-12-31 and 2012-01-01..2013-05-31 (153 and 517
 * days covered), 24 and 40 events" / "UN votes ..., 450 and 92 roll calls":
 * the windows and the amount behind each side, said once. */
static void windows_text(char *buf, size_t n, unit u, window wb, window wa, const as_stat *st)
{
    char b[40], a[40];
    const struct unit_rule *r = &unit_rules[u];
    span_text(b, sizeof b, wb);
    span_text(a, sizeof a, wa);
    const char *units = st->n_after == 1 ? r->one : r->many;
    if (u == UNIT_ROLLCALLS)
        snprintf(buf, n, "UN votes %s and %s, %.0f and %.0f %s", b, a, st->n_before, st->n_after, units);
    else if (u == UNIT_DEALYEARS || u == UNIT_DYADYEARS)
        snprintf(buf, n, "%s years %s and %s, %.0f and %.0f %s", u == UNIT_DEALYEARS ? "SIPRI" : "ATOP",
                 b, a, st->n_before, st->n_after, units);
    else
        snprintf(buf, n, "events %s and %s: %ld and %ld day%s covered, %.0f and %.0f %s", b, a,
                 wb.covered, wa.covered, wa.covered == 1 ? "" : "s", st->n_before, st->n_after, units);
}

/* The plain-language line of an indicator. */
static void sentence(const assess *A, const indicator *ind, const as_stat *st, const char *dir,
                     const char *reason, const char *windows, const char *note, char *buf, size_t n)
{
    char split[16], ch[32], lo[32], hi[32], what[256];
    util_format_date(A->split, split, sizeof split);
    fmt_value(ch, sizeof ch, st->change, st->ratio);
    fmt_value(lo, sizeof lo, st->lo, st->ratio);
    fmt_value(hi, sizeof hi, st->hi, st->ratio);
    snprintf(what, sizeof what, "%s%s%s, %s", ind->name, ind->domain ? " " : "",
             ind->domain ? ind->domain : "", ind->label);
    if (!strcmp(dir, "no data"))
        snprintf(buf, n, "%s: no data %s %s (%s)%s%s.", what,
                 !isfinite(st->before) && !isfinite(st->after) ? "before or after"
                 : isfinite(st->before)                         ? "after"
                                                                : "before",
                 split, windows, note ? "; " : "", note ? note : "");
    else if (!strcmp(dir, "insufficient data"))
        snprintf(buf, n, "%s: insufficient data to judge a change after %s: %s (%s).", what, split,
                 reason, windows);
    else
        snprintf(buf, n,
                 "%s: %s after %s, %.3g -> %.3g%s (change %s, 95%% interval %s..%s;"
                 " grade %c; %s)%s%s.",
                 what, dir, split, st->before, st->after,
                 !st->ratio ? "" : ind->u == UNIT_DEALYEARS ? " a year" : " a month", ch, lo, hi,
                 grade(ind->u, st->n_before < st->n_after ? st->n_before : st->n_after), windows,
                 note ? "; " : "", note ? note : "");
}

static int list_evidence(assess *A, const indicator *ind, window wb, window wa);

/* One indicator row; with evidence = 1, the events or roll calls it
 * counted instead. */
static int row(assess *A, const indicator *ind, const as_stat *st, window wb, window wa,
               const char *note)
{
    if (A->q->evidence)
        return list_evidence(A, ind, wb, wa);
    char line[1024], reason[200], windows[200], b[40], a[40], g[2];
    const char *dir = verdict(st, ind->u, reason, sizeof reason);
    windows_text(windows, sizeof windows, ind->u, wb, wa, st);
    sentence(A, ind, st, dir, reason, windows, note, line, sizeof line);
    span_text(b, sizeof b, wb);
    span_text(a, sizeof a, wa);
    g[0] = grade(ind->u, st->n_before < st->n_after ? st->n_before : st->n_after);
    g[1] = '\0';
    result_str(A->out, ind->label);
    result_str(A->out, ind->name);
    result_str(A->out, ind->domain ? ind->domain : "all");
    result_num(A->out, st->before, 4);
    result_num(A->out, st->after, 4);
    result_num(A->out, st->change, 4);
    result_num(A->out, st->lo, 4);
    result_num(A->out, st->hi, 4);
    result_str(A->out, st->ratio ? "ratio" : "difference");
    result_str(A->out, dir);
    result_int(A->out, (long long)st->n_before);
    result_int(A->out, (long long)st->n_after);
    result_str(A->out, unit_rules[ind->u].many);
    result_str(A->out, b);
    result_str(A->out, a);
    result_str(A->out, g);
    result_str(A->out, reason);
    result_str(A->out, line);
    return result_status(A->out);
}

/* ---- UN votes ------------------------------------------------------------ */

/* Per roll call of the UN window: pairs of members voting alike, pairs
 * voting; a roll call counts when one pair of members voted on it. fn is
 * called with each roll call counted (evidence), or NULL. */
typedef int (*rollcall_fn)(void *ctx, assess *A, size_t k, int side);

static int un_scan(assess *A, const bloc_set *s, double *agree[2], double *pairs[2], size_t n[2],
                   rollcall_fn fn, void *ctx)
{
    unga_votes *v = A->v;
    int *rows = malloc((s->n + 1) * sizeof *rows), rc = BLOC_OK;
    if (!rows)
        return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++)
        rows[i] = unga_votes_index(v, s->codes[i]);
    for (size_t k = 0; k < v->nrc && rc == BLOC_OK; k++) {
        double ag = 0, pr = 0;
        int d = v->date[k];
        if (d < A->un_from || d > A->un_to)
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
            if (agree) {
                agree[side][n[side]] = ag;
                pairs[side][n[side]] = pr;
            }
            n[side]++;
            if (fn)
                rc = fn(ctx, A, k, side);
        }
    }
    free(rows);
    return rc;
}

/* UN-vote cohesion pooled over roll calls; its unit is the roll call. */
static int un_indicator(assess *A, const bloc_set *s)
{
    size_t n[2] = {0, 0};
    double *agree[2], *pairs[2];
    int rc = BLOC_OK;
    for (int k = 0; k < 2; k++) {
        agree[k] = calloc(A->v->nrc + 1, sizeof(double));
        pairs[k] = calloc(A->v->nrc + 1, sizeof(double));
    }
    if (!agree[0] || !pairs[0] || !agree[1] || !pairs[1])
        rc = bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    as_stat st;
    if (rc == BLOC_OK && (rc = un_scan(A, s, agree, pairs, n, NULL, NULL)) == BLOC_OK &&
        (rc = as_diff_of_ratios(agree[0], pairs[0], n[0], agree[1], pairs[1], n[1], &A->ao, &st,
                                A->err)) == BLOC_OK) {
        indicator ind = {.name = "UN-vote cohesion", .u = UNIT_ROLLCALLS, .dates = 1, .s = s};
        snprintf(ind.label, sizeof ind.label, "%s", s->label);
        window wb = {A->un_from, ev_add_days(A->split, -1) < A->un_to ? ev_add_days(A->split, -1) : A->un_to, 0},
               wa = {A->split > A->un_from ? A->split : A->un_from, A->un_to, 0};
        if (wb.from > wb.to)
            wb.from = wb.to = 0;
        if (wa.from > wa.to)
            wa.from = wa.to = 0;
        st.n_before = (double)n[0]; /* the roll calls counted */
        st.n_after = (double)n[1];
        rc = row(A, &ind, &st, wb, wa, NULL);
    }
    for (int k = 0; k < 2; k++) {
        free(agree[k]);
        free(pairs[k]);
    }
    return rc;
}

/* ---- events ----------------------------------------------------------------- */

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

static indicator events_indicator(const char *name, const bloc_set *s, const char *domain,
                                  int qmin, int qmax)
{
    indicator ind = {.name = name, .domain = domain, .u = UNIT_EVENTS, .quad_min = qmin,
                     .quad_max = qmax, .dates = 1, .s = s};
    snprintf(ind.label, sizeof ind.label, "%s", s->label);
    return ind;
}

/* Event cohesion and volume in domain d; in all domains also friction and
 * the hub's share. */
static int domain_indicators(assess *A, const bloc_set *s, int d, const ev_matrix *mb,
                             const ev_matrix *ma, long hub, window wb, window wa)
{
    months b, a;
    as_stat st;
    int rc;
    if ((rc = months_from(A, mb, s->n, 0, hub, -1, -1, &b)) != BLOC_OK)
        return rc;
    if ((rc = months_from(A, ma, s->n, 0, hub, -1, -1, &a)) != BLOC_OK)
        goto done;
    indicator ind = events_indicator("event cohesion", s, domains[d], 1, 4);
    if ((rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao, &st,
                                A->err)) != BLOC_OK || (rc = row(A, &ind, &st, wb, wa, NULL)) != BLOC_OK)
        goto done;
    ind = events_indicator("events per month", s, domains[d], 0, 0);
    if ((rc = as_ratio_of_rates(b.events, b.length, b.n, a.events, a.length, a.n, &A->ao, &st,
                                A->err)) != BLOC_OK || (rc = row(A, &ind, &st, wb, wa, NULL)) != BLOC_OK)
        goto done;
    if (d != 0)
        goto done;
    ind = events_indicator("friction share", s, NULL, 1, 4);
    if ((rc = as_diff_of_ratios(b.conflict, b.classified, b.n, a.conflict, a.classified, a.n,
                                &A->ao, &st, A->err)) != BLOC_OK || (rc = row(A, &ind, &st, wb, wa, NULL)) != BLOC_OK)
        goto done;
    if (hub >= 0 && (rc = as_diff_of_ratios(b.hub_coop, b.coop, b.n, a.hub_coop, a.coop, a.n,
                                            &A->ao, &st, A->err)) == BLOC_OK) {
        char name[64];
        snprintf(name, sizeof name, "hub share (%s)", s->codes[hub]);
        ind = events_indicator(name, s, NULL, 1, 2);
        rc = row(A, &ind, &st, wb, wa, "the hub is the most central member of the cooperation network");
    }
done:
    months_free(&b);
    months_free(&a);
    return rc;
}

/* Stance toward the other group: directed, from the set's members. */
static int stance_indicator(assess *A, const bloc_set *s, const bloc_set *other)
{
    ev_matrix ub[NDOMAINS], ua[NDOMAINS];
    const char **cb = NULL, **ca = NULL, **u = malloc((s->n + other->n + 1) * sizeof *u);
    months b = {0}, a = {0};
    as_stat st;
    if (!u)
        return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++)
        u[i] = s->codes[i];
    for (size_t i = 0; i < other->n; i++)
        u[s->n + i] = other->codes[i];
    window wb = event_window(A, u, s->n + other->n, 0), wa = event_window(A, u, s->n + other->n, 1);
    free(u);
    int rc;
    memset(ub, 0, sizeof ub);
    memset(ua, 0, sizeof ua);
    indicator ind = {.name = "stance (net cooperation)", .u = UNIT_EVENTS, .quad_min = 1,
                     .quad_max = 4, .directed = 1, .s = s, .other = other};
    snprintf(ind.label, sizeof ind.label, "%s->%s", s->label, other->label);
    if ((rc = load_side(A, s, other, wb, ub, &cb)) == BLOC_OK &&
        (rc = load_side(A, s, other, wa, ua, &ca)) == BLOC_OK &&
        (rc = months_from(A, &ub[0], s->n, 1, -1, -1, -1, &b)) == BLOC_OK &&
        (rc = months_from(A, &ua[0], s->n, 1, -1, -1, -1, &a)) == BLOC_OK &&
        (rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao, &st,
                                A->err)) == BLOC_OK)
        rc = row(A, &ind, &st, wb, wa, NULL);
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

/* Busiest first; ties keep the pair order. */
static int busiest_first(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    if (a->total != b->total)
        return a->total < b->total ? 1 : -1;
    return a->i != b->i ? (a->i < b->i ? -1 : 1) : (a->j < b->j ? -1 : a->j > b->j);
}

/* Military events per month of each member pair: all of the group's (k =
 * 0), the rival's five busiest. */
static int military_pairs(assess *A, const bloc_set *s, int k, const ev_matrix *mb,
                          const ev_matrix *ma, window wb, window wa)
{
    size_t n = s->n, npairs = 0;
    pair *pairs = calloc(n * n + 1, sizeof *pairs);
    int rc = pairs ? BLOC_OK : bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == BLOC_OK && i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            pair *p = &pairs[npairs++];
            *p = (pair){i, j, 0};
            for (size_t q = 0; q < mb->periods.n; q++)
                p->total += ev_matrix_pair(mb, q, i, j).events;
            for (size_t q = 0; q < ma->periods.n; q++)
                p->total += ev_matrix_pair(ma, q, i, j).events;
        }
    if (rc == BLOC_OK)
        qsort(pairs, npairs, sizeof *pairs, busiest_first);
    size_t show = k == 0 ? npairs : (npairs < 5 ? npairs : 5);
    for (size_t x = 0; x < show && rc == BLOC_OK && pairs[x].total > 0; x++) {
        months b, a;
        as_stat st;
        indicator ind = {.name = "events per month", .domain = "military", .u = UNIT_EVENTS,
                         .dates = 1, .pair = {s->codes[pairs[x].i], s->codes[pairs[x].j]}, .s = s};
        snprintf(ind.label, sizeof ind.label, "%s-%s", s->codes[pairs[x].i], s->codes[pairs[x].j]);
        if ((rc = months_from(A, mb, n, 0, -1, (long)pairs[x].i, (long)pairs[x].j, &b)) == BLOC_OK) {
            if ((rc = months_from(A, ma, n, 0, -1, (long)pairs[x].i, (long)pairs[x].j, &a)) == BLOC_OK &&
                (rc = as_ratio_of_rates(b.events, b.length, b.n, a.events, a.length, a.n, &A->ao,
                                        &st, A->err)) == BLOC_OK)
                rc = row(A, &ind, &st, wb, wa, NULL);
            months_free(&a);
        }
        months_free(&b);
    }
    free(pairs);
    return rc;
}

/* The indicators of one set (k = 0 group, 1 rival). */
/* ---- the military channel: SIPRI arms, ATOP alliances -------------------- */

enum { MIL_NONE, MIL_ARMS_INSIDE, MIL_ARMS_SHARE, MIL_ALLIANCES };

/* Years y0..y1 as a window (whole years: SIPRI and ATOP count by year;
 * the split's year counts after it). */
static window year_window(int y0, int y1)
{
    window w = {0, 0, 0};
    if (y0 && y1 && y0 <= y1)
        w = (window){y0 * 10000 + 101, y1 * 10000 + 1231, y1 - y0 + 1};
    return w;
}

/* The ten years before the split's year, inside first..last, and the
 * split's year on. */
static void year_sides(const assess *A, int first, int last, window *wb, window *wa)
{
    int y = A->split / 10000, b0 = first > y - 10 ? first : y - 10, b1 = y - 1 < last ? y - 1 : last;
    *wb = year_window(b0, b1);
    *wa = year_window(y > first ? y : first, last);
}

/* One side's years of a group's arms: values per year into x (and den),
 * the deal-years behind them into *n. */
static size_t arms_side(const arms_years *y, window w, int share, double *x, double *den, double *t,
                        double *n)
{
    size_t k = 0;
    *n = 0;
    for (int yr = w.from / 10000; w.from && yr <= w.to / 10000; yr++) {
        int i = yr - y->first;
        x[k] = y->inside[i];
        den[k] = y->imports[i];
        t[k] = 1;
        *n += (double)(share ? y->n_imports[i] : y->n_inside[i]);
        if (!share || y->imports[i] > 0)
            k++; /* a year without imports has no share to count */
    }
    return k;
}

static int arms_indicators(assess *A, const bloc_set *s)
{
    arms_years y;
    int rc = arms_group_years(A->s, s->codes, s->n, &y, NULL, NULL, A->err);
    if (rc != BLOC_OK)
        return rc;
    window wb = {0, 0, 0}, wa = {0, 0, 0};
    if (y.day)
        year_sides(A, y.first, y.last, &wb, &wa);
    char note[256];
    if (!y.day)
        snprintf(note, sizeof note, "no SIPRI register is loaded (bloc ingest sipri)");
    else
        snprintf(note, sizeof note, "SIPRI release of %d-%02d-%02d, %s register, major conventional arms"
                 " only%s", y.day / 10000, y.day / 100 % 100, y.day % 100, y.layout,
                 strcmp(y.layout, "classic") == 0 ? "; TIV spread over each deal's years (estimates)" : "");
    double xb[ARMS_MAX_YEARS], db[ARMS_MAX_YEARS], tb[ARMS_MAX_YEARS], xa[ARMS_MAX_YEARS],
           da[ARMS_MAX_YEARS], ta[ARMS_MAX_YEARS], nb, na;
    for (int share = 0; share < 2 && rc == BLOC_OK; share++) {
        indicator ind = {.name = share ? "arms imports from members" : "arms inside",
                         .domain = "military", .u = UNIT_DEALYEARS, .s = s,
                         .military = share ? MIL_ARMS_SHARE : MIL_ARMS_INSIDE};
        snprintf(ind.label, sizeof ind.label, "%s", s->label);
        size_t kb = arms_side(&y, wb, share, xb, db, tb, &nb), ka = arms_side(&y, wa, share, xa, da, ta, &na);
        as_stat st;
        int covered = y.day && y.inside_covered && (!share || y.imports_covered);
        if (covered)
            rc = share ? as_diff_of_ratios(xb, db, kb, xa, da, ka, &A->ao, &st, A->err)
                       : as_ratio_of_rates(xb, tb, kb, xa, ta, ka, &A->ao, &st, A->err);
        if (rc != BLOC_OK)
            break;
        char why[400];
        if (!covered) {
            st = (as_stat){.before = NAN, .after = NAN, .change = NAN, .lo = NAN, .hi = NAN,
                           .ratio = !share};
            nb = na = 0;
            snprintf(why, sizeof why, "%s%s", note,
                     y.day ? "; the release's files do not hold every delivery this counts" : "");
        } else {
            snprintf(why, sizeof why, "%s; %s", note,
                     share ? "share of the members' imports (TIV) supplied by other members"
                           : "TIV a year between members");
        }
        st.n_before = nb;
        st.n_after = na;
        rc = row(A, &ind, &st, wb, wa, why);
    }
    return rc;
}

/* Pairs of members with a formal alliance (any of ATOP's five
 * obligations) in a year: *tied of *pairs. */
typedef struct ties_ctx {
    const bloc_set *s;
    long tied;
    assess *A;            /* evidence: rows go to A->out, */
    const indicator *ind; /* for this indicator and side */
    const char *side;
} ties_ctx;

static int tie_seen(void *arg, const store_alliance *a)
{
    ties_ctx *c = arg;
    int in_a = 0, in_b = 0;
    for (size_t i = 0; i < c->s->n; i++) {
        in_a |= strcmp(c->s->codes[i], a->a) == 0;
        in_b |= strcmp(c->s->codes[i], a->b) == 0;
    }
    if (!in_a || !in_b || !(a->defense | a->offense | a->neutral | a->nonagg | a->consul))
        return 0;
    c->tied++;
    if (c->ind) {
        char what[128], id[32];
        snprintf(what, sizeof what, "%s%s%s%s%s", a->defense ? "defense " : "", a->offense ? "offense " : "",
                 a->neutral ? "neutral " : "", a->nonagg ? "nonagg " : "", a->consul ? "consul" : "");
        snprintf(id, sizeof id, "atop:%d", a->year);
        result_str(c->A->out, c->ind->label);
        result_str(c->A->out, c->ind->name);
        result_str(c->A->out, "military");
        result_str(c->A->out, c->side);
        result_str(c->A->out, "alliance");
        result_str(c->A->out, id);
        result_date(c->A->out, a->year * 10000 + 101);
        result_str(c->A->out, a->a);
        result_str(c->A->out, a->b);
        result_str(c->A->out, "");
        result_str(c->A->out, what);
        result_na(c->A->out);
        result_str(c->A->out, "ATOP 5.1");
        return result_status(c->A->out) != BLOC_OK;
    }
    return 0;
}

/* Member pairs in a year (both members on 1 July). */
static long member_pairs(const bloc_set *s, int year)
{
    long n = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = i + 1; j < s->n; j++)
            n += registry_member_on(s->mptr[i], year * 10000 + 701) &&
                 registry_member_on(s->mptr[j], year * 10000 + 701) &&
                 strcmp(s->codes[i], s->codes[j]) != 0;
    return n;
}

static int alliance_side(assess *A, const bloc_set *s, window w, const indicator *ind, const char *side,
                         double *tied, double *pairs, size_t *k, double *n)
{
    *k = 0;
    *n = 0;
    for (int yr = w.from / 10000; w.from && yr <= w.to / 10000; yr++) {
        ties_ctx c = {s, 0, A, ind, side};
        int rc = store_alliances_scan(A->s, yr, s->codes, s->n, tie_seen, &c, A->err);
        if (rc != BLOC_OK)
            return rc;
        long p = member_pairs(s, yr);
        if (!p)
            continue;
        tied[*k] = (double)c.tied;
        pairs[*k] = (double)p;
        (*k)++;
        *n += (double)p;
    }
    return BLOC_OK;
}

static int alliance_indicator(assess *A, const bloc_set *s)
{
    int first, last, rc = store_alliance_years(A->s, &first, &last, NULL, A->err);
    if (rc != BLOC_OK)
        return rc;
    window wb = {0, 0, 0}, wa = {0, 0, 0};
    int y = A->split / 10000;
    if (last) {
        wb = year_window(first > y - 10 ? first : y - 10, y - 1 < last ? y - 1 : last);
        wa = year_window(y > first ? y : first, last);
    }
    indicator ind = {.name = "alliance ties", .domain = "military", .u = UNIT_DYADYEARS, .s = s,
                     .military = MIL_ALLIANCES};
    snprintf(ind.label, sizeof ind.label, "%s", s->label);
    double tb[ARMS_MAX_YEARS], pb[ARMS_MAX_YEARS], ta[ARMS_MAX_YEARS], pa[ARMS_MAX_YEARS], nb, na;
    size_t kb, ka;
    if ((rc = alliance_side(A, s, wb, NULL, NULL, tb, pb, &kb, &nb)) != BLOC_OK ||
        (rc = alliance_side(A, s, wa, NULL, NULL, ta, pa, &ka, &na)) != BLOC_OK)
        return rc;
    as_stat st;
    if ((rc = as_diff_of_ratios(tb, pb, kb, ta, pa, ka, &A->ao, &st, A->err)) != BLOC_OK)
        return rc;
    st.n_before = nb;
    st.n_after = na;
    char note[200];
    if (!last)
        snprintf(note, sizeof note, "no alliance data are loaded (bloc ingest atop)");
    else
        snprintf(note, sizeof note, "share of member pairs with a formal alliance (ATOP 5.1, %d-%d)", first, last);
    return row(A, &ind, &st, wb, wa, note);
}

/* Evidence of a military-channel indicator: the deal-years or the
 * alliance dyad-years of one side. */
typedef struct arms_list {
    assess *A;
    const indicator *ind;
    const char *side;
    window w;
    long long left;
} arms_list;

static int list_deal(void *ctx, const store_arms_delivery *d, const char *path, int inside)
{
    arms_list *c = ctx;
    if (d->year < c->w.from / 10000 || d->year > c->w.to / 10000 ||
        (c->ind->military == MIL_ARMS_INSIDE && !inside))
        return 0;
    if (c->left == 0)
        return 1;
    if (c->left > 0)
        c->left--;
    char id[160], what[400], where[600], tiv[32];
    if (isnan(d->tiv))
        snprintf(tiv, sizeof tiv, "no TIV");
    else
        snprintf(tiv, sizeof tiv, "%.2f TIV%s", d->tiv, d->tiv_estimate ? " (estimate)" : "");
    snprintf(id, sizeof id, "sipri:%s", d->deal);
    snprintf(what, sizeof what, "%d: %s (%s), %s%s", d->year, d->designation, d->description, tiv,
             inside ? ", between members" : "");
    snprintf(where, sizeof where, "%s:%ld", path, d->source_line);
    result_str(c->A->out, c->ind->label);
    result_str(c->A->out, c->ind->name);
    result_str(c->A->out, "military");
    result_str(c->A->out, c->side);
    result_str(c->A->out, "delivery");
    result_str(c->A->out, id);
    result_date(c->A->out, d->year * 10000 + 101);
    result_str(c->A->out, d->supplier);
    result_str(c->A->out, d->recipient);
    result_str(c->A->out, d->category);
    result_str(c->A->out, what);
    result_na(c->A->out);
    result_str(c->A->out, where);
    return result_status(c->A->out) != BLOC_OK;
}

static int list_military(assess *A, const indicator *ind, window w, const char *side)
{
    if (!w.from)
        return BLOC_OK;
    if (ind->military == MIL_ALLIANCES) {
        double t[ARMS_MAX_YEARS], p[ARMS_MAX_YEARS], n;
        size_t k;
        return alliance_side(A, ind->s, w, ind, side, t, p, &k, &n);
    }
    arms_years y;
    arms_list c = {A, ind, side, w, A->q->limit ? A->q->limit : -1};
    int rc = arms_group_years(A->s, ind->s->codes, ind->s->n, &y, list_deal, &c, A->err);
    return result_status(A->out) != BLOC_OK ? result_status(A->out) : rc;
}

static int assess_set(assess *A, int k)
{
    const bloc_set *s = &A->set[k], *other = &A->set[1 - k];
    ev_matrix mb[NDOMAINS], ma[NDOMAINS];
    const char **unused = NULL;
    window wb = event_window(A, s->codes, s->n, 0), wa = event_window(A, s->codes, s->n, 1);
    long hub = -1;
    int rc;
    if ((rc = un_indicator(A, s)) != BLOC_OK || (rc = load_side(A, s, NULL, wb, mb, &unused)) != BLOC_OK)
        return rc;
    if ((rc = load_side(A, s, NULL, wa, ma, &unused)) != BLOC_OK) {
        free_side(mb, NULL);
        return rc;
    }
    rc = find_hub(A, s, &mb[0], &ma[0], &hub);
    for (int d = 0; d < NDOMAINS && rc == BLOC_OK; d++)
        rc = domain_indicators(A, s, d, &mb[d], &ma[d], hub, wb, wa);
    if (rc == BLOC_OK && other->n)
        rc = stance_indicator(A, s, other);
    if (rc == BLOC_OK)
        rc = military_pairs(A, s, k, &mb[MILITARY], &ma[MILITARY], wb, wa);
    if (rc == BLOC_OK)
        rc = arms_indicators(A, s);
    if (rc == BLOC_OK)
        rc = alliance_indicator(A, s);
    free_side(mb, NULL);
    free_side(ma, NULL);
    return rc;
}

/* ---- evidence: exactly what each figure counted ---------------------------- */

typedef struct ev_list {
    assess *A;
    const indicator *ind;
    const bloc_set *s;       /* the set whose members count */
    const char *side;
    cov_days days;           /* the days the figure's events were counted on */
    const cameo_tables *cameo;
    long long left;          /* rows still to list, -1 = all */
} ev_list;

static const store_member *member_of(const bloc_set *s, const char *code)
{
    for (size_t i = 0; code && i < s->n; i++)
        if (strcmp(s->codes[i], code) == 0)
            return s->mptr[i];
    return NULL;
}

static void evidence_head(const ev_list *c, const char *kind, const char *id, int date)
{
    result_str(c->A->out, c->ind->label);
    result_str(c->A->out, c->ind->name);
    result_str(c->A->out, c->ind->domain ? c->ind->domain : "all");
    result_str(c->A->out, c->side);
    result_str(c->A->out, kind);
    result_str(c->A->out, id);
    result_date(c->A->out, date);
}

/* An event the figure counted: on a covered day, between two different
 * states, both members on the day where membership dates apply. */
static int list_event(void *arg, const store_event *e, const char *path)
{
    ev_list *c = arg;
    const char *a1 = e->actor[0].country, *a2 = e->actor[1].country;
    if (!a1 || !a2 || strcmp(a1, a2) == 0 || !cov_days_has(&c->days, e->date))
        return 0;
    if (c->ind->dates) {
        const store_member *m1 = member_of(c->s, a1), *m2 = member_of(c->s, a2);
        if (!m1 || !m2 || !registry_member_on(m1, e->date) || !registry_member_on(m2, e->date))
            return 0;
    }
    if (c->left == 0)
        return 1;
    if (c->left > 0)
        c->left--;
    char id[64], where[600];
    const char *d = cameo_describe(c->cameo, e->event_code ? e->event_code : "");
    snprintf(id, sizeof id, "%s:%s", e->source ? e->source : "", e->source_event_id ? e->source_event_id : "");
    snprintf(where, sizeof where, "%s:%ld", path ? path : "", e->line);
    evidence_head(c, "event", id, e->date);
    result_str(c->A->out, a1);
    result_str(c->A->out, a2);
    result_str(c->A->out, e->event_code ? e->event_code : "");
    result_str(c->A->out, d ? d : "");
    result_num(c->A->out, e->goldstein, 1);
    result_str(c->A->out, e->url && *e->url ? e->url : where);
    return result_status(c->A->out) != BLOC_OK;
}

static int list_rollcall(void *ctx, assess *A, size_t k, int side)
{
    ev_list *c = ctx;
    char id[32], sess[32], *sname = side ? "after" : "before";
    if (strcmp(sname, c->side) != 0 || c->left == 0)
        return BLOC_OK;
    if (c->left > 0)
        c->left--;
    snprintf(id, sizeof id, "rcid:%lld", A->v->rcid[k]);
    snprintf(sess, sizeof sess, "session %d", A->v->session[k]);
    evidence_head(c, "rollcall", id, A->v->date[k]);
    result_str(A->out, "");
    result_str(A->out, "");
    result_str(A->out, "");
    result_str(A->out, sess);
    result_na(A->out);
    result_str(A->out, "");
    return result_status(A->out);
}

static int list_side(assess *A, const indicator *ind, window w, const char *side, const cameo_tables *cameo)
{
    int rc = BLOC_OK;
    const bloc_set *s = ind->s, *other = ind->other;
    ev_list c = {A, ind, s, side, {0}, cameo, A->q->limit ? A->q->limit : -1};
    if (ind->military)
        return list_military(A, ind, w, side);
    if (ind->u == UNIT_ROLLCALLS) {
        size_t n[2] = {0, 0};
        return un_scan(A, s, NULL, NULL, n, list_rollcall, &c);
    }
    if (!w.from)
        return BLOC_OK;
    const char *pa[1] = {ind->pair[0]}, *pb[1] = {ind->pair[1]};
    const char **u = malloc((s->n + (other ? other->n : 0) + 1) * sizeof *u);
    if (!u)
        return bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    size_t nu = 0;
    for (size_t i = 0; i < s->n; i++)
        u[nu++] = s->codes[i];
    for (size_t i = 0; ind->directed && i < other->n; i++)
        u[nu++] = other->codes[i];
    store_event_query q = {.since = w.from, .until = w.to, .domain = ind->domain,
                           .quad_min = ind->quad_min, .quad_max = ind->quad_max,
                           .distinct_actors = 1}; /* latest first, as `events` lists */
    if (ind->pair[0]) {
        q.side_a = pa, q.nside_a = 1, q.side_b = pb, q.nside_b = 1;
    } else if (ind->directed) {
        q.side_a = s->codes, q.nside_a = s->n, q.side_b = other->codes, q.nside_b = other->n;
        q.directed = 1;
    } else {
        q.side_a = s->codes, q.nside_a = s->n, q.side_b = s->codes, q.nside_b = s->n;
    }
    if ((rc = ev_coverage_days(A->o.coverage, u, nu, w.from, w.to, &c.days, A->err)) == BLOC_OK)
        rc = store_events_scan(A->s, &q, list_event, &c, A->err);
    cov_days_free(&c.days);
    free(u);
    return result_status(A->out) != BLOC_OK ? result_status(A->out) : rc;
}

static int list_evidence(assess *A, const indicator *ind, window wb, window wa)
{
    const cameo_tables *cameo;
    int rc = bloc_session_cameo(A->S, &cameo, A->err);
    if (rc == BLOC_OK)
        rc = list_side(A, ind, wb, "before", cameo);
    if (rc == BLOC_OK)
        rc = list_side(A, ind, wa, "after", cameo);
    return rc;
}

static const result_col evidence_cols[] = {
    {"set", RESULT_STR}, {"indicator", RESULT_STR}, {"domain", RESULT_STR}, {"side", RESULT_STR},
    {"kind", RESULT_STR}, {"id", RESULT_STR}, {"date", RESULT_DATE}, {"actor1", RESULT_STR},
    {"actor2", RESULT_STR}, {"code", RESULT_STR}, {"description", RESULT_STR},
    {"goldstein", RESULT_NUM}, {"source", RESULT_STR}};

static const result_col cols[] = {
    {"set", RESULT_STR}, {"indicator", RESULT_STR}, {"domain", RESULT_STR},
    {"before", RESULT_NUM}, {"after", RESULT_NUM}, {"change", RESULT_NUM},
    {"change_low", RESULT_NUM}, {"change_high", RESULT_NUM}, {"kind", RESULT_STR},
    {"direction", RESULT_STR}, {"n_before", RESULT_INT}, {"n_after", RESULT_INT},
    {"unit", RESULT_STR}, {"window_before", RESULT_STR}, {"window_after", RESULT_STR},
    {"grade", RESULT_STR}, {"reason", RESULT_STR}, {"statement", RESULT_STR}};

/* The indicators of both sets (or their evidence), over UN votes of both
 * sets' members. */
static int indicators(assess *A)
{
    size_t nu = 0;
    const char **u = malloc((A->set[0].n + A->set[1].n + 1) * sizeof *u);
    int rc = u ? BLOC_OK : bloc_fail(A->err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; rc == BLOC_OK && k < 2; k++)
        for (size_t i = 0; i < A->set[k].n; i++)
            u[nu++] = A->set[k].codes[i];
    store_unga_filter uf = {.since = A->un_from, .until = A->un_to};
    if (rc == BLOC_OK && (rc = unga_votes_load(A->s, &uf, u, nu, &A->v, A->err)) == BLOC_OK)
        rc = A->q->evidence ? result_begin(A->out, evidence_cols, 13)
                            : result_begin(A->out, cols, sizeof cols / sizeof cols[0]);
    for (int k = 0; k < (A->set[1].n ? 2 : 1) && rc == BLOC_OK; k++)
        if ((rc = assess_set(A, k)) == BLOC_OK)
            rc = result_status(A->out);
    free(u);
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const assess_req *q = request;
    assess A = {.q = q, .S = S, .split = q->split, .out = out, .err = err,
                .ao = {.reps = q->evidence ? 10 : q->reps, .level = 0.95}};
    store_unga_counts uc;
    int rc;
    if ((rc = bloc_session_store(S, &A.s, &A.r, err)) != BLOC_OK ||
        (rc = bloc_set_parse(A.r, q->group, &A.set[0], err)) != BLOC_OK ||
        (q->vs && (rc = bloc_set_parse(A.r, q->vs, &A.set[1], err)) != BLOC_OK) ||
        (rc = bloc_session_events(S, &A.s, &A.r, err)) != BLOC_OK ||
        (rc = store_unga_counts_get(A.s, &uc, err)) != BLOC_OK)
        goto done;
    A.o = bloc_session_ev_opts(S, &q->o);
    /* each source its own window: UN votes from ten years before the split
     * (or --since) to the last roll call (or --until) */
    A.un_from = q->o.since ? q->o.since : A.split - 100000;
    A.un_to = q->o.until ? q->o.until : uc.last_date ? uc.last_date : A.split;
    rc = indicators(&A);
done:
    unga_votes_free(A.v);
    bloc_set_free(&A.set[0]);
    bloc_set_free(&A.set[1]);
    return rc;
}

const bloc_call analysis_assess = {"assess", sizeof(assess_req), init, opts, check, run};
