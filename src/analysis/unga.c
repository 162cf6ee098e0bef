/*
 * analysis/unga — `unga dyad|group|versus|top|pairs`: UN General Assembly
 * vote alignment by period and issue area, through metrics/unga.
 *
 * A period counts as full when at least --min-votes roll calls (default
 * UNGA_MIN_VOTES) are behind its figure; thinner periods keep their
 * figures but are flagged (thin = yes) and named in a note, so a chart can
 * hatch or omit them instead of plotting one roll call as a year.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/unga.h"
#include "core/util.h"
#include "metrics/unga.h"
#include "registry/registry.h"

static const char *const subs[] = {"dyad", "group", "versus", "top", "pairs", "votes", NULL};
static const int sub_args[] = {2, 1, 2, 1, 0, 0};
static const char *const by_names[] = {"year", "session", "decade", "all", NULL};
static const char *const measure_names[] = {"agree", "s", "kappa", NULL};

static void init(void *req)
{
    unga_req *q = req;
    q->by = UNGA_BY_YEAR;
    q->limit = 10;
    q->min_votes = -1;
}

static const opt_def opts[] = {
    OPTE_ARG("sub", unga_req, sub, "dyad|group|versus|top|pairs|votes"),
    OPTE_ARG("a", unga_req, pos[0], "A"),
    OPTE_ARG("b", unga_req, pos[1], "B"),
    OPTE_ENUM("by", unga_req, by, by_names, "year|session|decade|all",
              "--by must be year, session, decade or all", "period (default year; all = one span)"),
    OPTE_STRING("since", 0, unga_req, since_text, "DATE", "limit the roll calls (YYYY[-MM[-DD]])"),
    OPTE_STRING("until", 0, unga_req, until_text, "DATE", "likewise"),
    OPTE_STRING("year", 0, unga_req, year_text, "Y", "one year (top)"),
    OPTE_STRING("issue", 0, unga_req, issue, "CODE|each",
                "one issue area (me, nu, di, hr, co, ec) or each in turn"),
    OPTE_FLAG("important", 0, unga_req, f.important_only,
              "only votes the US State Department classed as important"),
    OPTE_LIST("countries", unga_req, countries, "LIST", "pairs: only these states"),
    OPTE_STRING("session", 0, unga_req, session, "S",
                "one session: a regular one (76) or an emergency special session (ES-11)"),
    OPTE_INT("rcid", unga_req, rcid, 1, 1000000000000LL, "--rcid needs a positive roll-call number",
             "votes: the roll call"),
    OPTE_STRING("resolution", 0, unga_req, resolution, "SYMBOL",
                "votes: the roll calls on a resolution (68/262, A/RES/ES-11/1)"),
    OPTE_FLAG("history", 0, unga_req, history,
              "votes: the votes on which releases disagree (--rcid: on that roll call)"),
    OPTE_INT("limit", unga_req, limit, 0, 1000000000, "--limit needs a non-negative number",
             "top: states listed (default 10; 0 = all)"),
    OPTE_ENUM("measure", unga_req, measure, measure_names, "agree|s|kappa",
              "--measure must be agree, s or kappa", "top: the ranking measure"),
    OPTE_INT("min-votes", unga_req, min_votes, 0, 1000000000,
             "--min-votes needs a non-negative number",
             "roll calls a period needs to count as full (default 10; thinner ones are flagged"
             " thin); top: common votes a state needs (default half of A's, at least 10)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    unga_req *q = req;
    bloc_error e;
    const char *since = q->since_text, *until = q->until_text;
    if (q->year_text) {
        if (since || until)
            return bloc_usage(err, "--year cannot be combined with --since/--until");
        since = until = q->year_text;
    }
    if ((since && util_parse_date(since, 0, &q->f.since, &e) != BLOC_OK) ||
        (until && util_parse_date(until, 1, &q->f.until, &e) != BLOC_OK))
        return bloc_usage(err, "%s", e.msg);
    if (q->f.since && q->f.until && q->f.since > q->f.until)
        return bloc_usage(err, "--since is after --until");
    if (q->session) {
        const char *p = strncmp(q->session, "ES-", 3) == 0 ? q->session + 3 : q->session;
        long long n;
        if (util_parse_ll(p, 1, 999, &n) != 0)
            return bloc_usage(err, "--session takes a session number (76) or an emergency special"
                                   " session (ES-11)");
        q->f.session = q->session;
    }
    if (!q->sub)
        return bloc_usage(err, "give a subcommand: dyad, group, versus, top or pairs");
    for (q->kind = 0; subs[q->kind] && strcmp(subs[q->kind], q->sub) != 0; q->kind++)
        ;
    if (!subs[q->kind])
        return bloc_usage(err, "unknown subcommand '%s'", q->sub);
    if (npos - 1 != sub_args[q->kind])
        return bloc_usage(err, "'%s' takes %d argument%s", q->sub, sub_args[q->kind],
                          sub_args[q->kind] == 1 ? "" : "s");
    if (q->kind == UNGA_TOP)
        q->by = UNGA_BY_ALL;
    if (q->kind == UNGA_VOTES && !q->history && !q->rcid == !q->resolution)
        return bloc_usage(err, "votes: give --rcid N or --resolution SYMBOL (or --history)");
    return BLOC_OK;
}

/* State of one run. */
typedef struct run_state {
    const unga_req *q;
    store *s;
    const registry *r;
    result *out;
    store_member *m1, *m2; /* resolved LIST arguments */
    size_t n1, n2;
    const store_country *c1, *c2;
    long long min_votes;   /* roll calls a full period needs */
    long nthin;            /* rows flagged thin */
    long thin_periods;     /* their periods */
    char thin_labels[128]; /* the first four of them */
    char last_thin[48];
} run_state;

/* The measure cells and the thin flag; a thin period is remembered for the
 * note (the first few labels, and how many). */
static void measures(run_state *R, const char *period, long long basis, long long votes,
                     double agree, double s, double kappa)
{
    result_int(R->out, votes);
    result_num(R->out, agree, 4);
    result_num(R->out, s, 4);
    result_num(R->out, kappa, 4);
    if (R->q->kind == UNGA_TOP)
        return;
    int thin = basis < R->min_votes;
    result_str(R->out, thin ? "yes" : "no");
    if (!thin)
        return;
    R->nthin++;
    if (strcmp(R->last_thin, period) == 0) /* the same period again (versus: three rows) */
        return;
    snprintf(R->last_thin, sizeof R->last_thin, "%s", period);
    R->thin_periods++;
    size_t used = strlen(R->thin_labels);
    if (R->thin_periods <= 4 && used + strlen(period) + 3 < sizeof R->thin_labels)
        snprintf(R->thin_labels + used, sizeof R->thin_labels - used, "%s%s", used ? ", " : "", period);
}

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

static void dyad_rows(run_state *R, const unga_votes *v, const unga_period *pp, const char *issue)
{
    agree_measures m;
    unga_dyad(v, pp, unga_votes_index(v, R->c1->code), unga_votes_index(v, R->c2->code), NULL,
              NULL, &m);
    result_str(R->out, pp->label);
    result_str(R->out, issue);
    result_str(R->out, R->c1->code);
    result_str(R->out, R->c2->code);
    measures(R, pp->label, m.n, m.n, m.agree, m.s, m.kappa_ok ? m.kappa : NAN);
}

static void group_rows(run_state *R, const unga_votes *v, const unga_period *pp, const char *issue)
{
    const unga_req *q = R->q;
    unga_cohesion c[3];
    const char *labels[3] = {q->pos[0], q->pos[1] ? q->pos[1] : "", NULL};
    char between[160];
    int nsets = q->kind == UNGA_GROUP ? 1 : 3;
    unga_group_cohesion(v, pp, R->m1, R->n1, &c[0]);
    if (nsets == 3) {
        unga_group_cohesion(v, pp, R->m2, R->n2, &c[1]);
        unga_between(v, pp, R->m1, R->n1, R->m2, R->n2, &c[2]);
        snprintf(between, sizeof between, "%s~%s", q->pos[0], q->pos[1]);
        labels[2] = between;
    }
    for (int k = 0; k < nsets; k++) {
        result_str(R->out, pp->label);
        result_str(R->out, issue);
        result_str(R->out, labels[k]);
        result_int(R->out, c[k].dyads);
        result_int(R->out, c[k].dyads_total);
        result_int(R->out, (long long)pp->nrc);
        measures(R, pp->label, (long long)pp->nrc, c[k].votes, c[k].agree, c[k].s, c[k].kappa);
    }
}

typedef struct ranked {
    int row;
    agree_measures m;
} ranked;

static double rank_value(const agree_measures *m, int measure)
{
    return measure == 1 ? m->s : measure == 2 ? (m->kappa_ok ? m->kappa : -2) : m->agree;
}

static int top_rows(run_state *R, const unga_votes *v, const unga_period *pp, const char *issue,
                    bloc_error *err)
{
    const unga_req *q = R->q;
    int self = unga_votes_index(v, R->c1->code);
    long long min_votes = q->min_votes;
    if (min_votes < 0) { /* default: half the focal state's votes, at least 10 */
        long own = 0;
        for (size_t k = 0; self >= 0 && k < pp->nrc; k++)
            own += v->v[(size_t)self * v->nrc + pp->rc[k]] != 0;
        min_votes = own / 2 > 10 ? own / 2 : 10;
    }
    ranked *rk = calloc(v->ncountries + 1, sizeof *rk);
    size_t nr = 0;
    if (!rk)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; self >= 0 && i < v->ncountries; i++) {
        if ((int)i == self)
            continue;
        rk[nr].row = (int)i;
        unga_dyad(v, pp, self, (int)i, NULL, NULL, &rk[nr].m);
        if (rk[nr].m.n >= min_votes && rk[nr].m.n > 0)
            nr++;
    }
    /* rank by the chosen measure, best first; ties by common votes (stable) */
    for (size_t i = 1; i < nr; i++)
        for (size_t j = i; j > 0; j--) {
            double x = rank_value(&rk[j].m, q->measure), y = rank_value(&rk[j - 1].m, q->measure);
            if (!(x > y || (x == y && rk[j].m.n > rk[j - 1].m.n)))
                break;
            ranked tmp = rk[j];
            rk[j] = rk[j - 1];
            rk[j - 1] = tmp;
        }
    for (size_t i = 0; i < nr && (q->limit <= 0 || (long long)i < q->limit); i++) {
        const agree_measures *m = &rk[i].m;
        result_str(R->out, pp->label);
        result_str(R->out, issue);
        result_int(R->out, (long long)i + 1);
        result_str(R->out, v->codes[rk[i].row]);
        result_str(R->out, registry_name(R->r, v->codes[rk[i].row]));
        measures(R, pp->label, m->n, m->n, m->agree, m->s, m->kappa_ok ? m->kappa : NAN);
    }
    free(rk);
    return BLOC_OK;
}

/* The dyads of one period, computed by a second thread while the rows
 * of the one before are written (writing them is the larger half). */
typedef struct pair_job {
    const unga_votes *v;
    const unga_period *pp;
    unga_pair *d;
    size_t n, cap;
    int rc;
} pair_job;

static void *pair_job_run(void *arg)
{
    pair_job *j = arg;
    j->rc = unga_pairs(j->v, j->pp, &j->d, &j->n, &j->cap);
    return NULL;
}

static void pair_rows(run_state *R, const pair_job *j, const char *issue)
{
    const unga_votes *v = j->v;
    for (size_t k = 0; k < j->n && result_status(R->out) == BLOC_OK; k++) {
        const unga_pair *d = &j->d[k];
        result_str(R->out, j->pp->label);
        result_str(R->out, issue);
        result_str(R->out, v->codes[d->x]);
        result_str(R->out, v->codes[d->y]);
        measures(R, j->pp->label, d->m.n, d->m.n, d->m.agree, d->m.s, d->m.kappa_ok ? d->m.kappa : NAN);
    }
}

/* Every period's dyads, period p + 1 computed while p is written; without
 * a thread (none could start) the next one is computed in turn. */
static int pair_periods(run_state *R, const unga_votes *v, const unga_period *ps, size_t np, const char *issue,
                        bloc_error *err)
{
    pair_job job[2] = {{v, NULL, NULL, 0, 0, BLOC_OK}, {v, NULL, NULL, 0, 0, BLOC_OK}};
    pthread_t th;
    int running = 0, rc = BLOC_OK;
    if (np) {
        job[0].pp = &ps[0];
        pair_job_run(&job[0]);
    }
    for (size_t p = 0; p < np && rc == BLOC_OK; p++) {
        pair_job *cur = &job[p % 2], *next = &job[(p + 1) % 2];
        if (running) {
            pthread_join(th, NULL);
            running = 0;
        }
        if (p + 1 < np) {
            next->pp = &ps[p + 1];
            running = pthread_create(&th, NULL, pair_job_run, next) == 0;
            if (!running)
                pair_job_run(next);
        }
        if (cur->rc != BLOC_OK)
            rc = bloc_fail(err, cur->rc, "out of memory computing the dyads of %s", cur->pp->label);
        else
            pair_rows(R, cur, issue);
        if (rc == BLOC_OK)
            rc = result_status(R->out);
    }
    if (running)
        pthread_join(th, NULL);
    free(job[0].d);
    free(job[1].d);
    return rc;
}

/* Compute one issue slice (issue = its label; filter f). */
static int slice(run_state *R, const store_unga_filter *f, const char *issue, bloc_error *err)
{
    const unga_req *q = R->q;
    const char *codes[1024];
    size_t ncodes = 0;
    if (q->kind == UNGA_DYAD) {
        codes[ncodes++] = R->c1->code;
        codes[ncodes++] = R->c2->code;
    } else if (q->kind != UNGA_TOP) { /* top: every state */
        codes_of(R->m1, R->n1, codes, &ncodes);
        codes_of(R->m2, R->n2, codes, &ncodes);
    }
    unga_votes *v = NULL;
    unga_period *ps = NULL;
    size_t np = 0;
    int rc = unga_votes_load(R->s, f, codes, ncodes, &v, err);
    if (rc == BLOC_OK)
        rc = unga_periods(v, q->by, &ps, &np, err);
    if (rc == BLOC_OK && q->kind == UNGA_PAIRS)
        rc = pair_periods(R, v, ps, np, issue, err);
    for (size_t p = 0; rc == BLOC_OK && q->kind != UNGA_PAIRS && p < np; p++) {
        if (q->kind == UNGA_DYAD)
            dyad_rows(R, v, &ps[p], issue);
        else if (q->kind == UNGA_GROUP || q->kind == UNGA_VERSUS)
            group_rows(R, v, &ps[p], issue);
        else
            rc = top_rows(R, v, &ps[p], issue, err);
        if (rc == BLOC_OK)
            rc = result_status(R->out);
    }
    unga_periods_free(ps, np);
    unga_votes_free(v);
    return rc;
}

/* The issue areas in the store; an unknown q->issue is an error naming them. */
static int issues_check(store *s, const char *issue, char ***codes, char ***names, size_t *n,
                        bloc_error *err)
{
    int rc = store_unga_issue_list(s, codes, names, n, err);
    if (rc != BLOC_OK || !issue || strcmp(issue, "each") == 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*codes)[i], issue) == 0)
            return BLOC_OK;
    char list[256] = "";
    size_t off = 0;
    for (size_t i = 0; i < *n && off < sizeof list; i++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "", (*codes)[i]);
    return bloc_fail(err, BLOC_EINPUT, "unknown issue area '%s' (in the store: %s)", issue,
                     *n ? list : "none; ingest with --issues");
}

static int resolve(run_state *R, bloc_error *err)
{
    const unga_req *q = R->q;
    int rc = BLOC_OK;
    if (q->kind == UNGA_DYAD || q->kind == UNGA_TOP) {
        if ((rc = registry_resolve(R->r, q->pos[0], &R->c1, err)) == BLOC_OK && q->pos[1])
            rc = registry_resolve(R->r, q->pos[1], &R->c2, err);
    } else if (q->kind == UNGA_PAIRS) {
        if (q->countries)
            rc = registry_parse_list(R->r, q->countries, &R->m1, &R->n1, err);
    } else if ((rc = registry_parse_list(R->r, q->pos[0], &R->m1, &R->n1, err)) == BLOC_OK &&
               q->pos[1]) {
        rc = registry_parse_list(R->r, q->pos[1], &R->m2, &R->n2, err);
    }
    return rc;
}

static const result_col dyad_cols[] = {
    {"period", RESULT_STR}, {"issue", RESULT_STR}, {"a", RESULT_STR}, {"b", RESULT_STR},
    {"votes", RESULT_INT}, {"agree", RESULT_NUM}, {"s_score", RESULT_NUM}, {"kappa", RESULT_NUM},
    {"thin", RESULT_STR}};
static const result_col group_cols[] = {
    {"period", RESULT_STR}, {"issue", RESULT_STR}, {"set", RESULT_STR}, {"dyads", RESULT_INT},
    {"dyads_total", RESULT_INT}, {"roll_calls", RESULT_INT}, {"votes", RESULT_INT},
    {"agree", RESULT_NUM}, {"s_score", RESULT_NUM}, {"kappa", RESULT_NUM}, {"thin", RESULT_STR}};
static const result_col top_cols[] = {
    {"period", RESULT_STR}, {"issue", RESULT_STR}, {"rank", RESULT_INT}, {"code", RESULT_STR},
    {"name", RESULT_STR}, {"votes", RESULT_INT}, {"agree", RESULT_NUM}, {"s_score", RESULT_NUM},
    {"kappa", RESULT_NUM}};

static int begin(result *out, int kind)
{
    if (kind == UNGA_GROUP || kind == UNGA_VERSUS)
        return result_begin(out, group_cols, 11);
    if (kind == UNGA_TOP)
        return result_begin(out, top_cols, 9);
    return result_begin(out, dyad_cols, 9);
}

/* Notes on what the rows cannot show: thin periods, and why nothing came
 * out (no roll calls in the range, or none shared enough). */
static int explain(run_state *R, result *out, bloc_error *err)
{
    const unga_req *q = R->q;
    if (R->nthin)
        result_note(out, "%ld %s on fewer than %lld roll calls (thin = yes; %ld period%s: %s%s);"
                    " their figures are not comparable with full periods (--min-votes)",
                    R->nthin, R->nthin == 1 ? "row rests" : "rows rest", R->min_votes, R->thin_periods,
                    R->thin_periods == 1 ? "" : "s", R->thin_labels, R->thin_periods > 4 ? ", ..." : "");
    if (result_nrows(out) > 0)
        return BLOC_OK;
    store_unga_counts c;
    int rc = store_unga_counts_get(R->s, &c, err);
    if (rc != BLOC_OK)
        return rc;
    char first[16], last[16];
    util_format_date(c.first_date, first, sizeof first);
    util_format_date(c.last_date, last, sizeof last);
    if (!c.rollcalls)
        result_note(out, "no data: the store holds no UN votes (bloc ingest unga)");
    else if ((q->f.since && q->f.since > c.last_date) || (q->f.until && q->f.until < c.first_date))
        result_note(out, "no data: the UN votes in the store run from %s to %s, outside the range asked",
                    first, last);
    else if (q->kind == UNGA_TOP)
        result_note(out, "no state shares enough roll calls with %s in the range (--min-votes)",
                    R->c1->code);
    else
        result_note(out, "no data: no roll calls in the range with votes of these states "
                    "(the UN votes run from %s to %s)", first, last);
    return BLOC_OK;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const unga_req *q = request;
    run_state R = {.q = q, .out = out,
                   .min_votes = q->kind != UNGA_TOP && q->min_votes >= 0 ? q->min_votes : UNGA_MIN_VOTES};
    char **issues = NULL, **inames = NULL;
    size_t nissues = 0;
    store_unga_filter f = q->f;
    int rc;
    if (q->kind == UNGA_VOTES)
        return unga_votes_run(S, q, out, err);
    if ((rc = bloc_session_store(S, &R.s, &R.r, err)) != BLOC_OK ||
        (rc = issues_check(R.s, q->issue, &issues, &inames, &nissues, err)) != BLOC_OK ||
        (rc = resolve(&R, err)) != BLOC_OK || (rc = begin(out, q->kind)) != BLOC_OK)
        goto done;
    if (q->issue && strcmp(q->issue, "each") == 0) {
        for (size_t i = 0; i < nissues && rc == BLOC_OK; i++) {
            f.issue = issues[i];
            rc = slice(&R, &f, issues[i], err);
        }
    } else {
        f.issue = q->issue;
        rc = slice(&R, &f, q->issue ? q->issue : "all", err);
    }
    if (rc == BLOC_OK)
        rc = explain(&R, out, err);
done:
    for (size_t i = 0; i < nissues; i++) {
        free(issues[i]);
        free(inames[i]);
    }
    free(issues);
    free(inames);
    free(R.m1);
    free(R.m2);
    return rc;
}

const bloc_call analysis_unga = {"unga", sizeof(unga_req), init, opts, check, run};
