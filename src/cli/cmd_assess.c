/*
 * cli/cmd_assess — `bloc assess LIST --vs RIVAL [--split DATE]`: is the
 * alignment real or overstated? Indicator by indicator (UN-vote cohesion,
 * event cohesion and volume per domain, friction, the hub and its share,
 * stance toward the rival, the members' military dyads), before and after
 * a split date, for the group and for the comparison group, with the
 * change, a bootstrap interval, the direction it supports, a grade for the
 * data behind it and a plain-language line; --evidence lists the events
 * and roll calls behind each indicator. Statistics in metrics/assess.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"
#include "metrics/assess.h"
#include "metrics/network.h"
#include "metrics/unga.h"

static const char *const help =
    "usage: bloc assess LIST --vs RIVAL [--split DATE] [--since D] [--until D]\n"
    "                   [--weight mentions] [--reps N] [--evidence [--limit N]]\n\n"
    "One table that answers \"is the alignment real or overstated?\" from the data\n"
    "(docs/methods.md). For LIST and for RIVAL, before and after --split (default\n"
    "2022-02-24, Russia's full-scale invasion of Ukraine):\n"
    "  UN-vote cohesion       share of member pairs voting alike, pooled over roll calls\n"
    "  event cohesion         net cooperation between members (all, military,\n"
    "                         economic, diplomatic, technology)\n"
    "  events per month       volume between members, per domain (ratio after/before)\n"
    "  friction share         conflictual share of the events between members\n"
    "  hub, hub share         the most central member after the split, and its share\n"
    "                         of the cooperative events between members\n"
    "  stance                 net cooperation from the group's members to the other's\n"
    "  military events A-B    per member pair with any (the rival: its five busiest)\n"
    "UN votes are compared from --since (default: ten years before the split).\n"
    "Each row: before, after, change (difference, or ratio for volumes), a 95%\n"
    "bootstrap interval (months, or roll calls, resampled; --reps, default 999),\n"
    "direction (up / down when the interval excludes no change), the events or\n"
    "votes behind each side, a grade (A >= 1000 behind the thinner side, B >= 100,\n"
    "C >= 20, D below) and a sentence.\n\n"
    "  --evidence   instead, list the events and roll calls behind each indicator\n"
    "               (--limit N per indicator and side, default 20; 0 = all)\n"
    "  --format table|csv|json, --db PATH\n";

static const char *const domains[] = {NULL, "military", "economic", "diplomatic", "technology"};
enum { NDOMAINS = 5 };

typedef struct assess {
    cli_ctx *ctx;
    store *s;
    registry *r;
    cameo_tables *cameo;
    cli_set set[2];          /* the group and the rival */
    int split, since, until; /* since/until: the whole range */
    int un_since;            /* UN votes: --since, or ten years before the split */
    ev_opts o;
    as_opts ao;
    out_table *t;
    int evidence;
    long long limit;
    unga_votes *v;
    bloc_error err;
} assess;

/* Per-month arrays of a window: net (coop - conflict), classified, events,
 * conflict. */
/* Days from a to b (YYYYMMDD), b >= a. */
static long days_between(int a, int b)
{
    long n = 0;
    for (int d = a; d < b; d = ev_add_days(d, 1))
        n++;
    return n;
}

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


/* Load the monthly matrices of [from, to] for every domain of domains[]
 * (one pass), between the members of a (b NULL) or over a's and b's codes
 * (for directed tallies from a to b; no membership dates). An empty range
 * leaves empty matrices. codes_out keeps the union alive (caller frees). */
static int load_side(assess *A, const cli_set *a, const cli_set *b, int from, int to,
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
            return bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
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
    return ev_matrix_load_domains(A->s, codes, mem, n, &o, domains, b ? 1 : NDOMAINS, m, &A->err);
}

static void free_side(ev_matrix m[NDOMAINS], const char **codes)
{
    for (size_t k = 0; k < NDOMAINS; k++)
        ev_matrix_free(&m[k]);
    free(codes);
}

/* Per-month sums from a matrix: between its first na codes (b_from == 0:
 * undirected pairs of a set) or directed from codes [0, na) to [na, n). */
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
            return bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
        }
    for (size_t p = 0; p < np; p++) {
        out->length[p] = (double)(days_between(m->periods.start[p], m->periods.last[p]) + 1) / 30.4375;
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

/* Print one indicator row with its sentence. */
static void row(assess *A, const char *set, const char *indicator, const char *domain,
                const as_stat *st, const char *unit, const char *note)
{
    char split[16], sentence[768], ch[32], lo[32], hi[32];
    util_format_date(A->split, split, sizeof split);
    const char *dir = as_direction(st);
    fmt_value(ch, sizeof ch, st->change, st->ratio);
    fmt_value(lo, sizeof lo, st->lo, st->ratio);
    fmt_value(hi, sizeof hi, st->hi, st->ratio);
    const char *dom = domain ? domain : "", *sp = domain ? " " : "";
    if (st->ratio && st->before == 0 && st->after == 0)
        snprintf(sentence, sizeof sentence, "%s%s%s, %s: no events before or after %s.",
                 indicator, sp, dom, set, split);
    else if (st->ratio && st->before == 0)
        snprintf(sentence, sizeof sentence,
                 "%s%s%s, %s: none before %s, %.3g a month after (%.0f events; grade %c).",
                 indicator, sp, dom, set, split, st->after, st->n_after, as_grade(st));
    else if (!strcmp(dir, "no data"))
        snprintf(sentence, sizeof sentence, "%s%s%s, %s: no data %s %s%s%s.", indicator, sp, dom,
                 set,
                 !isfinite(st->before) && !isfinite(st->after) ? "before or after"
                 : isfinite(st->before)                         ? "after"
                                                                : "before",
                 split, note ? "; " : "", note ? note : "");
    else
        snprintf(sentence, sizeof sentence,
                 "%s%s%s, %s: %s after %s, %.3g -> %.3g%s (change %s, 95%% interval %s..%s;"
                 " %.0f and %.0f %s; grade %c)%s%s.",
                 indicator, domain ? " " : "", domain ? domain : "", set,
                 !strcmp(dir, "up") ? "up" : !strcmp(dir, "down") ? "down" : "no clear change",
                 split, st->before, st->after, st->ratio ? " a month" : "", ch, lo, hi,
                 st->n_before, st->n_after, unit, as_grade(st), note ? "; " : "",
                 note ? note : "");
    out_str(A->t, set);
    out_str(A->t, indicator);
    out_str(A->t, domain ? domain : "all");
    out_num(A->t, st->before, 4);
    out_num(A->t, st->after, 4);
    out_num(A->t, st->change, 4);
    out_num(A->t, st->lo, 4);
    out_num(A->t, st->hi, 4);
    out_str(A->t, st->ratio ? "ratio" : "difference");
    out_str(A->t, dir);
    out_num(A->t, st->n_before, 0);
    out_num(A->t, st->n_after, 0);
    char g[2] = {as_grade(st), '\0'};
    out_str(A->t, g);
    out_str(A->t, sentence);
}

/* UN-vote cohesion pooled over roll calls: per roll call, pairs of members
 * voting alike / pairs voting. */
static int un_rows(assess *A, const cli_set *s, double **agree_b, double **pairs_b, size_t *nb,
                   double **agree_a, double **pairs_a, size_t *na)
{
    unga_votes *v = A->v;
    *nb = *na = 0;
    *agree_b = calloc(v->nrc + 1, sizeof(double));
    *pairs_b = calloc(v->nrc + 1, sizeof(double));
    *agree_a = calloc(v->nrc + 1, sizeof(double));
    *pairs_a = calloc(v->nrc + 1, sizeof(double));
    int *rows = malloc((s->n + 1) * sizeof *rows);
    if (!*agree_b || !*pairs_b || !*agree_a || !*pairs_a || !rows) {
        free(rows);
        return bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->n; i++)
        rows[i] = unga_votes_index(v, s->codes[i]);
    for (size_t k = 0; k < v->nrc; k++) {
        double agree = 0, pairs = 0;
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
                    pairs++;
                    agree += x == y;
                }
            }
        if (pairs == 0)
            continue;
        size_t *n = d < A->split ? nb : na;
        double *ag = d < A->split ? *agree_b : *agree_a, *pr = d < A->split ? *pairs_b : *pairs_a;
        ag[*n] = agree;
        pr[*n] = pairs;
        (*n)++;
    }
    free(rows);
    return BLOC_OK;
}

/* The indicators of one set (k = 0 group, 1 rival). */
static int assess_set(assess *A, int k)
{
    const cli_set *s = &A->set[k], *other = &A->set[1 - k];
    int before_to = ev_add_days(A->split, -1);
    as_stat st;
    months b = {0}, a = {0};
    int rc = BLOC_OK;
    /* UN votes */
    double *ab = NULL, *pb = NULL, *aa = NULL, *pa = NULL;
    size_t nb = 0, na = 0;
    if ((rc = un_rows(A, s, &ab, &pb, &nb, &aa, &pa, &na)) == BLOC_OK &&
        (rc = as_diff_of_ratios(ab, pb, nb, aa, pa, na, &A->ao, &st, &A->err)) == BLOC_OK)
        row(A, s->label, "UN-vote cohesion", NULL, &st, "member-pair votes",
            na ? NULL : "the bundled UN votes end in January 2020");
    free(ab);
    free(pb);
    free(aa);
    free(pa);
    if (rc != BLOC_OK)
        return rc;
    /* every domain's monthly matrices, before and after, in two passes */
    ev_matrix mb[NDOMAINS], ma[NDOMAINS];
    const char **unused = NULL;
    if ((rc = load_side(A, s, NULL, A->since, before_to, mb, &unused)) != BLOC_OK)
        return rc;
    if ((rc = load_side(A, s, NULL, A->split, A->until, ma, &unused)) != BLOC_OK) {
        free_side(mb, NULL);
        return rc;
    }
    /* the hub: the most central member after the split (before if none) */
    long hub = -1;
    for (int side = 0; side < 2 && hub < 0 && rc == BLOC_OK; side++) {
        const ev_matrix *m = side == 0 ? &ma[0] : &mb[0];
        size_t n = s->n;
        double *w = calloc(n * n + 1, sizeof *w);
        net_result net = {0};
        if (!w) {
            rc = bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
            break;
        }
        for (size_t p = 0; p < m->periods.n; p++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++) {
                    ev_tally d = ev_matrix_pair(m, p, i, j);
                    w[i * n + j] = w[j * n + i] = w[i * n + j] + ev_net_weight(&d);
                }
        rc = net_compute(n, w, &net, &A->err);
        free(w);
        hub = net.hub;
        net_result_free(&net);
    }
    for (int d = 0; d < NDOMAINS && rc == BLOC_OK; d++) {
        if ((rc = months_from(A, &mb[d], s->n, 0, hub, &b)) != BLOC_OK ||
            (rc = months_from(A, &ma[d], s->n, 0, hub, &a)) != BLOC_OK)
            break;
        if ((rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao,
                                    &st, &A->err)) == BLOC_OK)
            row(A, s->label, "event cohesion", domains[d], &st, "events", NULL);
        if (rc == BLOC_OK &&
            (rc = as_ratio_of_rates(b.events, b.length, b.n, a.events, a.length, a.n, &A->ao, &st,
                                    &A->err)) == BLOC_OK)
            row(A, s->label, "events per month", domains[d], &st, "events", NULL);
        if (rc == BLOC_OK && d == 0 &&
            (rc = as_diff_of_ratios(b.conflict, b.classified, b.n, a.conflict, a.classified, a.n,
                                    &A->ao, &st, &A->err)) == BLOC_OK)
            row(A, s->label, "friction share", NULL, &st, "events", NULL);
        if (rc == BLOC_OK && d == 0 && hub >= 0 &&
            (rc = as_diff_of_ratios(b.hub_coop, b.coop, b.n, a.hub_coop, a.coop, a.n, &A->ao,
                                    &st, &A->err)) == BLOC_OK) {
            char ind[64];
            snprintf(ind, sizeof ind, "hub share (%s)", s->codes[hub]);
            row(A, s->label, ind, NULL, &st, "cooperative events",
                "the hub is the most central member of the cooperation network");
        }
        months_free(&b);
        months_free(&a);
    }
    /* stance toward the other group: directed, from the union's first codes */
    char label[160];
    ev_matrix ub[NDOMAINS], ua[NDOMAINS];
    const char **cb = NULL, **ca = NULL;
    snprintf(label, sizeof label, "%s->%s", s->label, other->label);
    memset(ub, 0, sizeof ub);
    memset(ua, 0, sizeof ua);
    if (rc == BLOC_OK && (rc = load_side(A, s, other, A->since, before_to, ub, &cb)) == BLOC_OK &&
        (rc = load_side(A, s, other, A->split, A->until, ua, &ca)) == BLOC_OK &&
        (rc = months_from(A, &ub[0], s->n, 1, -1, &b)) == BLOC_OK &&
        (rc = months_from(A, &ua[0], s->n, 1, -1, &a)) == BLOC_OK &&
        (rc = as_diff_of_ratios(b.net, b.classified, b.n, a.net, a.classified, a.n, &A->ao, &st,
                                &A->err)) == BLOC_OK)
        row(A, label, "stance (net cooperation)", NULL, &st, "events", NULL);
    months_free(&b);
    months_free(&a);
    free_side(ub, cb);
    free_side(ua, ca);
    /* military events per member pair: all of the group's, the rival's five busiest */
    size_t n = s->n, npairs = 0;
    typedef struct pair {
        size_t i, j;
        double total;
    } pair;
    pair *pairs = rc == BLOC_OK ? calloc(n * n + 1, sizeof *pairs) : NULL;
    const ev_matrix *xb_m = &mb[1], *xa_m = &ma[1]; /* domains[1] is military */
    if (rc == BLOC_OK && !pairs)
        rc = bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK && (rc = months_from(A, xb_m, n, 0, -1, &b)) == BLOC_OK &&
        (rc = months_from(A, xa_m, n, 0, -1, &a)) == BLOC_OK) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                pair *p = &pairs[npairs++];
                p->i = i;
                p->j = j;
                for (size_t q = 0; q < xb_m->periods.n; q++)
                    p->total += ev_matrix_pair(xb_m, q, i, j).events;
                for (size_t q = 0; q < xa_m->periods.n; q++)
                    p->total += ev_matrix_pair(xa_m, q, i, j).events;
            }
        for (size_t x = 1; x < npairs; x++) /* busiest first */
            for (size_t y = x; y > 0 && pairs[y].total > pairs[y - 1].total; y--) {
                pair tmp = pairs[y];
                pairs[y] = pairs[y - 1];
                pairs[y - 1] = tmp;
            }
        size_t show = k == 0 ? npairs : (npairs < 5 ? npairs : 5);
        double *xb = calloc(xb_m->periods.n + 1, sizeof *xb), *xa = calloc(xa_m->periods.n + 1, sizeof *xa);
        for (size_t x = 0; xb && xa && x < show && rc == BLOC_OK && pairs[x].total > 0; x++) {
            for (size_t q = 0; q < xb_m->periods.n; q++)
                xb[q] = ev_matrix_pair(xb_m, q, pairs[x].i, pairs[x].j).events;
            for (size_t q = 0; q < xa_m->periods.n; q++)
                xa[q] = ev_matrix_pair(xa_m, q, pairs[x].i, pairs[x].j).events;
            char pl[32];
            snprintf(pl, sizeof pl, "%s-%s", s->codes[pairs[x].i], s->codes[pairs[x].j]);
            if ((rc = as_ratio_of_rates(xb, b.length, xb_m->periods.n, xa, a.length,
                                        xa_m->periods.n, &A->ao, &st, &A->err)) == BLOC_OK)
                row(A, pl, "events per month", "military", &st, "events", NULL);
        }
        if (!xb || !xa)
            rc = bloc_fail(&A->err, BLOC_ENOMEM, "out of memory");
        free(xb);
        free(xa);
    }
    months_free(&b);
    months_free(&a);
    free(pairs);
    free_side(mb, NULL);
    free_side(ma, NULL);
    return rc;
}

/* --evidence: the events and roll calls behind the indicators. */
typedef struct ev_print {
    assess *A;
    const char *indicator, *set, *side;
} ev_print;

static int print_evidence(void *arg, const store_event *e, const char *path)
{
    ev_print *c = arg;
    char id[64], where[600];
    const char *d = cameo_describe(c->A->cameo, e->event_code ? e->event_code : "");
    snprintf(id, sizeof id, "%s:%s", e->source ? e->source : "", e->source_event_id ? e->source_event_id : "");
    snprintf(where, sizeof where, "%s:%ld", path ? path : "", e->line);
    out_str(c->A->t, c->set);
    out_str(c->A->t, c->indicator);
    out_str(c->A->t, c->side);
    out_str(c->A->t, "event");
    out_str(c->A->t, id);
    out_date(c->A->t, e->date);
    out_str(c->A->t, e->actor[0].country ? e->actor[0].country : "");
    out_str(c->A->t, e->actor[1].country ? e->actor[1].country : "");
    out_str(c->A->t, e->event_code ? e->event_code : "");
    out_str(c->A->t, d ? d : "");
    out_num(c->A->t, e->goldstein, 1);
    out_str(c->A->t, e->url && *e->url ? e->url : where);
    return 0;
}

typedef struct rc_print {
    ev_print base;
    long long left; /* limit, -1 = all */
} rc_print;

static int print_rollcall(void *arg, long long rcid, int date, int session, const char *issues)
{
    rc_print *c = arg;
    char id[32], sess[32];
    if (c->left == 0)
        return BLOC_OK; /* past the limit: skip (a non-zero return is an error here) */
    if (c->left > 0)
        c->left--;
    snprintf(id, sizeof id, "rcid:%lld", rcid);
    snprintf(sess, sizeof sess, "session %d", session);
    out_str(c->base.A->t, c->base.set);
    out_str(c->base.A->t, c->base.indicator);
    out_str(c->base.A->t, c->base.side);
    out_str(c->base.A->t, "rollcall");
    out_str(c->base.A->t, id);
    out_date(c->base.A->t, date);
    out_str(c->base.A->t, "");
    out_str(c->base.A->t, "");
    out_str(c->base.A->t, issues ? issues : "");
    out_str(c->base.A->t, sess);
    out_na(c->base.A->t);
    out_str(c->base.A->t, "");
    return 0;
}

static int evidence(assess *A)
{
    static const char *const cols[] = {"set", "indicator", "side", "kind", "id", "date",
                                       "actor1", "actor2", "code", "description", "goldstein",
                                       "source"};
    A->t = out_begin(A->ctx->out, A->ctx->format, cols, 12);
    int rc = BLOC_OK;
    for (int k = 0; k < 2 && rc == BLOC_OK; k++) {
        const cli_set *s = &A->set[k], *o = &A->set[1 - k];
        char stance[160];
        snprintf(stance, sizeof stance, "%s->%s", s->label, o->label);
        for (int side = 0; side < 2 && rc == BLOC_OK; side++) {
            int from = side ? A->split : A->since, to = side ? A->until : ev_add_days(A->split, -1);
            const char *sname = side ? "after" : "before";
            store_unga_filter uf = {.since = side ? from : A->un_since, .until = to};
            rc_print rp = {{A, "UN-vote cohesion", s->label, sname}, A->limit ? A->limit : -1};
            if ((rc = store_unga_scan_rollcalls(A->s, &uf, print_rollcall, &rp, &A->err)) != BLOC_OK)
                break;
            for (int d = 0; d < NDOMAINS && rc == BLOC_OK; d++) {
                store_event_query q = {.side_a = s->codes, .nside_a = s->n, .side_b = s->codes,
                                       .nside_b = s->n, .distinct_actors = 1, .since = from,
                                       .until = to, .domain = domains[d], .limit = A->limit};
                char ind[64];
                snprintf(ind, sizeof ind, "event cohesion %s", domains[d] ? domains[d] : "all");
                ev_print c = {A, ind, s->label, sname};
                rc = store_events_scan(A->s, &q, print_evidence, &c, &A->err);
            }
            store_event_query q = {.side_a = s->codes, .nside_a = s->n, .side_b = s->codes,
                                   .nside_b = s->n, .distinct_actors = 1, .conflict_only = 1,
                                   .since = from, .until = to, .limit = A->limit};
            ev_print c = {A, "friction share", s->label, sname};
            if (rc == BLOC_OK)
                rc = store_events_scan(A->s, &q, print_evidence, &c, &A->err);
            store_event_query qs = {.side_a = s->codes, .nside_a = s->n, .side_b = o->codes,
                                    .nside_b = o->n, .since = from, .until = to,
                                    .limit = A->limit};
            ev_print cs = {A, "stance (net cooperation)", stance, sname};
            if (rc == BLOC_OK)
                rc = store_events_scan(A->s, &qs, print_evidence, &cs, &A->err);
        }
    }
    out_end(A->t);
    return rc;
}

int cmd_assess(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"vs", required_argument, NULL, 'v'},      {"split", required_argument, NULL, 'S'},
        {"reps", required_argument, NULL, 'R'},    {"evidence", no_argument, NULL, 'E'},
        {"limit", required_argument, NULL, 'l'},   CLI_EV_OPTIONS,
        CLI_COMMON_OPTIONS,                        {NULL, 0, NULL, 0}};
    assess A = {.ctx = ctx, .split = 20220224, .limit = 20, .ao = {.reps = 999, .level = 0.95}};
    const char *vs = NULL;
    int opt, code = 0, rc = 0;
    bloc_error_clear(&A.err);
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        int h = cli_ev_option(ctx, "assess", opt, optarg, &A.o);
        char *end;
        if (h < 0)
            return 2;
        if (h)
            continue;
        switch (opt) {
        case 'v':
            vs = optarg;
            break;
        case 'S':
            if (util_parse_date(optarg, 0, &A.split, &A.err) != BLOC_OK)
                return cli_usage(ctx, "assess", "%s", A.err.msg);
            break;
        case 'R':
            A.ao.reps = (int)strtol(optarg, &end, 10);
            if (*end || A.ao.reps < 10 || A.ao.reps > 100000)
                return cli_usage(ctx, "assess", "--reps needs 10..100000");
            break;
        case 'E':
            A.evidence = 1;
            break;
        case 'l':
            A.limit = strtoll(optarg, &end, 10);
            if (*end || A.limit < 0)
                return cli_usage(ctx, "assess", "--limit needs a whole number >= 0");
            break;
        default:
            return cli_usage(ctx, "assess", "unknown option");
        }
    }
    if (argc - optind != 1 || !vs)
        return cli_usage(ctx, "assess", "name a LIST and --vs RIVAL");
    if (A.o.domain)
        return cli_usage(ctx, "assess", "--domain does not apply: assess covers every domain");
    int first = 0, last = 0;
    const char **u = NULL;
    if (cli_open(ctx, &A.s, &A.r, &A.err) != BLOC_OK ||
        cli_set_parse(A.r, argv[optind], &A.set[0], &A.err) != BLOC_OK ||
        cli_set_parse(A.r, vs, &A.set[1], &A.err) != BLOC_OK ||
        cameo_load(ctx->datadir, &A.cameo, &A.err) != BLOC_OK ||
        store_event_summary_refresh(A.s, &A.err) != BLOC_OK ||
        store_event_summary_span(A.s, &first, &last, &A.err) != BLOC_OK) {
        rc = cli_fail(ctx, &A.err);
        goto done;
    }
    A.since = A.o.since ? A.o.since : first ? first : 19460101;
    A.un_since = A.o.since ? A.o.since : A.split - 100000;
    A.until = A.o.until ? A.o.until : last ? last : 99991231;
    if (A.evidence) {
        if (evidence(&A) != BLOC_OK)
            rc = cli_fail(ctx, &A.err);
        goto done;
    }
    size_t nu = 0;
    if (!(u = malloc((A.set[0].n + A.set[1].n + 1) * sizeof *u))) {
        rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
        goto done;
    }
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < A.set[k].n; i++)
            u[nu++] = A.set[k].codes[i];
    store_unga_filter uf = {.since = A.un_since, .until = A.until};
    if (unga_votes_load(A.s, &uf, u, nu, &A.v, &A.err) != BLOC_OK) {
        rc = cli_fail(ctx, &A.err);
        goto done;
    }
    static const char *const cols[] = {"set", "indicator", "domain", "before", "after", "change",
                                       "change_low", "change_high", "kind", "direction",
                                       "n_before", "n_after", "grade", "statement"};
    A.t = out_begin(ctx->out, ctx->format, cols, sizeof cols / sizeof cols[0]);
    for (int k = 0; k < 2 && rc == 0; k++)
        if (assess_set(&A, k) != BLOC_OK)
            rc = cli_fail(ctx, &A.err);
    out_end(A.t);
done:
    free(u);
    unga_votes_free(A.v);
    cameo_free(A.cameo);
    cli_set_free(&A.set[0]);
    cli_set_free(&A.set[1]);
    registry_free(A.r);
    store_close(A.s);
    return rc;
}
