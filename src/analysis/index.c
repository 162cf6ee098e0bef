/*
 * analysis/index — `index`: the composite alignment index per dyad-year
 * (metrics/composite): UN vote agreement, event net cooperation and arms
 * transfers (SIPRI TIV both ways, where a release covers the dyad), each a
 * z-score against all dyads of the year, their weighted mean (weights in
 * data/index.conf), the components beside it and a confidence grade.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/arms.h"
#include "core/strmap.h"
#include "core/util.h"
#include "metrics/composite.h"
#include "metrics/unga.h"

static void init(void *req)
{
    index_req *q = req;
    q->min_votes = 10;
    q->min_events = 5;
}

/* --year sets both ends; --since and --until one each. */
static int parse_year(void *field, const char *value, char *msg, size_t msgsz)
{
    long long v;
    if (util_parse_ll(value, 1900, 2200, &v) != 0) {
        snprintf(msg, msgsz, "years are YYYY");
        return 1;
    }
    *(int *)field = (int)v;
    return 0;
}

#define YEAR_OPT(nm, F, hp)                                                                     \
    {.type = OPT_CALLBACK, .name = nm, .offset = offsetof(index_req, F), .argname = "YYYY",      \
     .help = hp, .parse = parse_year}
static const opt_def opts[] = {
    YEAR_OPT("year", year, "one year (default: the latest in which some dyad has enough\n"
                           "roll calls or events)"),
    YEAR_OPT("since", since, "first year"),
    YEAR_OPT("until", until, "last year"),
    OPTE_LIST("countries", index_req, countries, "LIST", "only the dyads of two states in LIST"),
    OPTE_INT("min-votes", index_req, min_votes, 1, 1000000000,
             "--min-votes and --min-events need a number >= 1",
             "common roll calls a UN component needs (default 10)"),
    OPTE_INT("min-events", index_req, min_events, 1, 1000000000,
             "--min-votes and --min-events need a number >= 1",
             "events an event component needs (default 5)"),
    OPTE_STRING_CLI("weights", 0, index_req, weights, "FILE", "the weights (default data/index.conf)"),
    OPTE_END};

typedef struct dyad_rec {
    char a[8], b[8];
    double votes, agree;
    long covered;   /* days of the year the event data cover for the dyad */
    double events, net_num, net_den;
    double arms;    /* TIV both ways in the year (SIPRI) */
    long arms_n;    /* deal-years behind it */
    int arms_covered; /* the release's files hold every delivery of the dyad both ways */
    double z[CX_NCOMPONENTS];
} dyad_rec;

typedef struct year_data {
    dyad_rec *d;
    size_t n, cap;
    int arms_day;  /* the SIPRI release of the year's arms, 0 none */
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

/* A deal-year between two states (non-state actors are no dyad). */
static int add_arms(void *ctx, const store_arms_delivery *d, const char *path)
{
    year_data *y = ctx;
    (void)path;
    if (strncmp(d->supplier, "X-", 2) == 0 || strncmp(d->recipient, "X-", 2) == 0 ||
        strcmp(d->supplier, d->recipient) == 0)
        return 0;
    dyad_rec *r = find_dyad(y, d->supplier, d->recipient);
    if (!r)
        return 1;
    r->arms += isnan(d->tiv) ? 0 : d->tiv;
    r->arms_n++;
    return 0;
}

static int by_pair(const void *x, const void *y)
{
    const dyad_rec *a = x, *b = y;
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

static int in_set(const bloc_set *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->codes[i], code) == 0)
            return 1;
    return 0;
}

static const result_col cols[] = {
    {"year", RESULT_INT}, {"a", RESULT_STR}, {"b", RESULT_STR}, {"un_votes", RESULT_INT},
    {"un_agree", RESULT_NUM}, {"un_z", RESULT_NUM}, {"events", RESULT_INT},
    {"net_cooperation", RESULT_NUM}, {"events_z", RESULT_NUM}, {"arms", RESULT_NUM},
    {"arms_z", RESULT_NUM}, {"index", RESULT_NUM}, {"components", RESULT_INT},
    {"grade", RESULT_STR}};

/* Days of [from, to] the event data cover, per dyad: once for all when the
 * coverage is the same for every dyad, else dyad by dyad. An uncovered
 * dyad-year has no event component (missing, not zero events). */
static int year_coverage(const ev_coverage *cov, int from, int to, year_data *yd, bloc_error *err)
{
    cov_days d;
    int rc = BLOC_OK;
    long all = -1;
    if (ev_coverage_uniform(cov)) {
        if ((rc = ev_coverage_days(cov, NULL, 0, from, to, &d, err)) != BLOC_OK)
            return rc;
        all = cov_days_count(&d, from, to);
        cov_days_free(&d);
    }
    for (size_t i = 0; i < yd->n && rc == BLOC_OK; i++) {
        const char *codes[2] = {yd->d[i].a, yd->d[i].b};
        if (all >= 0) {
            yd->d[i].covered = all;
        } else if ((rc = ev_coverage_days(cov, codes, 2, from, to, &d, err)) == BLOC_OK) {
            yd->d[i].covered = cov_days_count(&d, from, to);
            cov_days_free(&d);
        }
    }
    return rc;
}

/* The dyads of one year: UN agreement, event tallies, event coverage. */
static int load_year(store *s, const ev_coverage *cov, const index_req *q, int year, year_data *yd,
                     bloc_error *err)
{
    unga_votes *v = NULL;
    unga_period *ps = NULL;
    size_t np = 0;
    store_unga_filter uf = {.since = year * 10000 + 101, .until = year * 10000 + 1231};
    store_summary_query sq = {.since = uf.since, .until = uf.until};
    int rc;
    if ((rc = unga_votes_load(s, &uf, NULL, 0, &v, err)) != BLOC_OK ||
        (rc = unga_periods(v, UNGA_BY_ALL, &ps, &np, err)) != BLOC_OK ||
        (rc = store_event_summary_scan(s, &sq, add_events, yd, err)) != BLOC_OK)
        goto done;
    for (size_t i = 0; np && i < v->ncountries; i++)
        for (size_t j = i + 1; j < v->ncountries; j++) {
            agree_measures m;
            unga_dyad(v, &ps[0], (int)i, (int)j, NULL, NULL, &m);
            if (m.n < q->min_votes)
                continue;
            dyad_rec *d = find_dyad(yd, v->codes[i], v->codes[j]);
            if (!d) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                goto done;
            }
            d->votes = (double)m.n;
            d->agree = m.agree;
        }
    arms_release *R = NULL;
    if ((rc = arms_release_for_year(s, year, &R, err)) == BLOC_OK && R &&
        (rc = arms_release_scan(s, R, year, year, add_arms, yd, err)) == BLOC_OK) {
        yd->arms_day = arms_release_day(R);
        for (size_t i = 0; i < yd->n; i++)
            yd->d[i].arms_covered = arms_release_covers(R, yd->d[i].a, yd->d[i].b) &&
                                    arms_release_covers(R, yd->d[i].b, yd->d[i].a);
    }
    arms_release_free(R);
    if (rc == BLOC_OK)
        rc = year_coverage(cov, uf.since, uf.until, yd, err);
done:
    unga_periods_free(ps, np);
    unga_votes_free(v);
    return rc;
}

/* z-scores of every component against the year's dyads. */
static int zscores(const index_req *q, year_data *yd, bloc_error *err)
{
    double *val = malloc((yd->n + 1) * sizeof *val), *z = malloc((yd->n + 1) * sizeof *z);
    int *present = malloc((yd->n + 1) * sizeof *present);
    int rc = val && z && present ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; rc == BLOC_OK && k < CX_NCOMPONENTS; k++) {
        for (size_t i = 0; i < yd->n; i++) {
            dyad_rec *d = &yd->d[i];
            present[i] = k == CX_UN       ? d->votes >= (double)q->min_votes
                         : k == CX_EVENTS ? d->covered > 0 && d->events >= (double)q->min_events &&
                                                d->net_den > 0
                                          : d->arms_covered;
            /* arms: log(1 + TIV), TIV being heavily skewed */
            val[i] = k == CX_UN       ? d->agree
                     : k == CX_ARMS   ? log1p(d->arms)
                     : d->net_den > 0 ? d->net_num / d->net_den
                                      : 0;
        }
        cx_zscores(val, present, yd->n, z);
        for (size_t i = 0; i < yd->n; i++)
            yd->d[i].z[k] = z[i];
    }
    free(val);
    free(z);
    free(present);
    return rc;
}

static void index_row(result *out, const index_req *q, const cx_weights *w, int year,
                      const dyad_rec *d)
{
    int used;
    double ix = cx_combine(d->z, w, &used);
    int un_used = isfinite(d->z[CX_UN]) && w->w[CX_UN] > 0,
        ev_used = isfinite(d->z[CX_EVENTS]) && w->w[CX_EVENTS] > 0;
    result_int(out, year);
    result_str(out, d->a);
    result_str(out, d->b);
    result_int(out, llround(d->votes));
    result_num(out, d->votes >= (double)q->min_votes ? d->agree : NAN, 4);
    result_num(out, d->z[CX_UN], 3);
    if (d->covered > 0)
        result_int(out, llround(d->events));
    else
        result_na(out); /* the event data do not cover the dyad's year */
    result_num(out, d->covered > 0 && d->net_den > 0 && d->events >= (double)q->min_events
                        ? d->net_num / d->net_den : NAN, 4);
    result_num(out, d->z[CX_EVENTS], 3);
    result_num(out, d->arms_covered ? d->arms : NAN, 2); /* not covered: no data, not 0 */
    result_num(out, d->z[CX_ARMS], 3);
    result_num(out, ix, 3);
    result_int(out, used);
    char g[2] = {used ? cx_grade(d->votes, d->events, un_used, ev_used) : '-', '\0'};
    result_str(out, g);
}

/* Does any dyad of the year carry a component (enough roll calls or
 * events)? */
static int year_has_enough(store *s, const ev_coverage *cov, const index_req *q, int year, int *enough,
                           bloc_error *err)
{
    year_data yd = {.index = strmap_new()};
    int rc = yd.index ? load_year(s, cov, q, year, &yd, err) : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    *enough = 0;
    for (size_t i = 0; rc == BLOC_OK && i < yd.n && !*enough; i++)
        *enough = yd.d[i].votes >= (double)q->min_votes ||
                  (yd.d[i].covered > 0 && yd.d[i].events >= (double)q->min_events);
    free(yd.d);
    strmap_free(yd.index);
    return rc;
}

/* The years to cover: as asked, or the latest with enough data for some
 * dyad (a last year of one January roll call says nothing: the note says
 * which year was passed over and why). */
static int years(store *s, const ev_coverage *cov, const index_req *q, int *y0, int *y1, result *out,
                 bloc_error *err)
{
    *y0 = q->year ? q->year : q->since;
    *y1 = q->year ? q->year : q->until;
    if (*y0 && *y1)
        return BLOC_OK;
    store_unga_counts uc;
    int first, last, rc;
    if ((rc = store_unga_counts_get(s, &uc, err)) != BLOC_OK ||
        (rc = store_event_summary_span(s, &first, &last, err)) != BLOC_OK)
        return rc;
    int latest = (uc.last_date > last ? uc.last_date : last) / 10000, y = latest, enough = 0;
    int earliest = uc.first_date && (!first || uc.first_date < first) ? uc.first_date / 10000
                   : first                                            ? first / 10000
                                                                      : latest;
    if (!*y0 && !*y1 && latest) {
        for (; y >= earliest && rc == BLOC_OK; y--)
            if ((rc = year_has_enough(s, cov, q, y, &enough, err)) != BLOC_OK || enough)
                break;
        if (rc != BLOC_OK)
            return rc;
        if (!enough) {
            result_note(out, "no year has a dyad with %lld common roll calls or %lld events"
                             " (--min-votes, --min-events)", q->min_votes, q->min_events);
            y = latest;
        } else if (y != latest) {
            result_note(out, "the latest year with data, %d, has too few roll calls and events for"
                             " any dyad (--min-votes %lld, --min-events %lld): %d is shown, the"
                             " latest year with enough (--year to choose)",
                        latest, q->min_votes, q->min_events, y);
        }
    }
    if (!*y0)
        *y0 = *y1 ? *y1 : y;
    if (!*y1)
        *y1 = *y0 > y ? *y0 : y;
    return BLOC_OK;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const index_req *q = request;
    store *s;
    const registry *r;
    bloc_set set = {0};
    cx_weights w;
    char wpath[1024];
    int y0, y1, rc, arms_day = 0;
    snprintf(wpath, sizeof wpath, "%s/index.conf", bloc_session_config(S)->datadir);
    if ((rc = cx_weights_load(q->weights ? q->weights : wpath, &w, err)) != BLOC_OK ||
        (rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (q->countries && (rc = bloc_set_parse(r, q->countries, &set, err)) != BLOC_OK) ||
        (rc = bloc_session_events(S, &s, &r, err)) != BLOC_OK)
        goto done;
    ev_opts none = {0};
    const ev_coverage *cov = bloc_session_ev_opts(S, &none).coverage;
    if ((rc = years(s, cov, q, &y0, &y1, out, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (int year = y0; year <= y1 && rc == BLOC_OK; year++) {
        year_data yd = {.index = strmap_new()};
        if (!yd.index)
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        if (rc == BLOC_OK && (rc = load_year(s, cov, q, year, &yd, err)) == BLOC_OK &&
            (rc = zscores(q, &yd, err)) == BLOC_OK && yd.n)
            qsort(yd.d, yd.n, sizeof *yd.d, by_pair); /* the index map is not used after this */
        long most = 0, days = util_date_days(year * 10000 + 1231) - util_date_days(year * 10000 + 101) + 1;
        for (size_t i = 0; rc == BLOC_OK && i < yd.n; i++)
            if (!q->countries || (in_set(&set, yd.d[i].a) && in_set(&set, yd.d[i].b))) {
                index_row(out, q, &w, year, &yd.d[i]);
                most = yd.d[i].covered > most ? yd.d[i].covered : most;
            }
        if (most > 0 && most < days)
            result_note(out, "the event components of %d rest on at most %ld of its %ld days: the"
                             " event data cover no more", year, most, days);
        if (yd.arms_day)
            arms_day = yd.arms_day;
        free(yd.d);
        strmap_free(yd.index);
        if (rc == BLOC_OK)
            rc = result_status(out);
    }
    if (rc == BLOC_OK && arms_day)
        result_note(out, "arms: TIV both ways (SIPRI release of %d-%02d-%02d), for dyads whose deliveries"
                         " both ways the release's files hold; z of log(1 + TIV); elsewhere NA",
                    arms_day / 10000, arms_day / 100 % 100, arms_day % 100);
    else if (rc == BLOC_OK)
        result_note(out, "arms: no SIPRI register covers these years (bloc ingest sipri): NA");
done:
    bloc_set_free(&set);
    return rc;
}

const bloc_call analysis_index = {"index", sizeof(index_req), init, opts, NULL, run};
