/*
 * analysis/friction — `friction LIST`: the conflictual events inside a
 * group (CAMEO quad classes 3 and 4 between two different members), as a
 * share per period with the dyad that carries most of them, or listed one
 * by one with their sources (list = 1).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"
#include "cameo/cameo.h"

static void init(void *req)
{
    friction_req *q = req;
    q->o.by = EV_BY_YEAR;
    q->limit = 50;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("group", friction_req, group, "LIST"),
    OPTE_FLAG("list", 0, friction_req, list, "the events themselves, newest first"),
    OPTE_INT("limit", friction_req, limit, 0, 1000000000000LL,
             "--limit needs a whole number >= 0", "events listed (default 50; 0 = all)"),
    BLOC_EV_OPTIONS(friction_req, o),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one LIST");
}

typedef struct list_ctx {
    result *out;
    const cameo_tables *cameo;
} list_ctx;

static int list_event(void *arg, const store_event *e, const char *path)
{
    list_ctx *c = arg;
    const char *d = cameo_describe(c->cameo, e->event_code ? e->event_code : "");
    result_date(c->out, e->date);
    result_str(c->out, e->actor[0].country ? e->actor[0].country : "");
    result_str(c->out, e->actor[1].country ? e->actor[1].country : "");
    result_str(c->out, e->event_code ? e->event_code : "");
    result_str(c->out, d ? d : "");
    result_int(c->out, e->quad_class);
    result_num(c->out, e->goldstein, 1);
    result_str(c->out, e->domain ? e->domain : "");
    result_str(c->out, e->url ? e->url : "");
    char where[600];
    snprintf(where, sizeof where, "%s:%ld", path ? path : "", e->line);
    result_str(c->out, where);
    return result_status(c->out) != BLOC_OK;
}

static const result_col list_cols[] = {
    {"date", RESULT_DATE}, {"actor1", RESULT_STR}, {"actor2", RESULT_STR}, {"code", RESULT_STR},
    {"description", RESULT_STR}, {"quad_class", RESULT_INT}, {"goldstein", RESULT_NUM},
    {"domain", RESULT_STR}, {"url", RESULT_STR}, {"input", RESULT_STR}};

static int list_run(bloc_session *S, store *s, const friction_req *q, const bloc_set *g,
                    result *out, bloc_error *err)
{
    store_event_query eq = {.side_a = g->codes, .nside_a = g->n, .side_b = g->codes,
                            .nside_b = g->n, .since = q->o.since, .until = q->o.until,
                            .domain = q->o.domain, .conflict_only = 1, .distinct_actors = 1,
                            .limit = q->limit};
    list_ctx c = {out, NULL};
    int rc;
    if ((rc = bloc_session_cameo(S, &c.cameo, err)) != BLOC_OK ||
        (rc = result_begin(out, list_cols, sizeof list_cols / sizeof list_cols[0])) != BLOC_OK)
        return rc;
    rc = store_events_scan(s, &eq, list_event, &c, err);
    return result_status(out) != BLOC_OK ? result_status(out) : rc;
}

static const result_col cols[] = {
    {"period", RESULT_STR}, {"from", RESULT_DATE}, {"to", RESULT_DATE}, {"set", RESULT_STR},
    {"domain", RESULT_STR}, {"events", RESULT_INT}, {"conflict", RESULT_INT},
    {"friction_share", RESULT_NUM}, {"top_dyad", RESULT_STR}, {"top_dyad_conflict", RESULT_INT},
    {"covered_days", RESULT_INT}};

static void share_row(result *out, const friction_req *q, const bloc_set *g, const ev_matrix *m,
                      size_t p)
{
    ev_tally all;
    memset(&all, 0, sizeof all);
    double top = 0;
    char top_dyad[16] = "";
    for (size_t i = 0; i < g->n; i++)
        for (size_t j = i + 1; j < g->n; j++) {
            ev_tally d = ev_matrix_pair(m, p, i, j);
            ev_tally_merge(&all, &d);
            if (ev_conflict(&d) > top) {
                top = ev_conflict(&d);
                snprintf(top_dyad, sizeof top_dyad, "%s-%s", g->codes[i], g->codes[j]);
            }
        }
    char label[48];
    double classified = ev_cooperation(&all) + ev_conflict(&all);
    ev_period_label(m->periods.start[p], m->periods.last[p], q->o.by, label, sizeof label);
    result_str(out, label);
    result_date(out, m->periods.start[p]);
    result_date(out, m->periods.last[p]);
    result_str(out, g->label);
    result_str(out, q->o.domain ? q->o.domain : "all");
    long cov = m->periods.covered[p];
    analysis_count(out, all.events, cov);
    analysis_count(out, ev_conflict(&all), cov);
    result_num(out, classified > 0 ? ev_conflict(&all) / classified : NAN, 4);
    if (top > 0) {
        result_str(out, top_dyad);
        result_int(out, llround(top));
    } else {
        result_na(out);
        analysis_count(out, 0, cov);
    }
    result_int(out, cov);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const friction_req *q = request;
    store *s;
    const registry *r;
    bloc_set g = {0};
    ev_matrix m = {0};
    int rc;
    if (q->list) {
        if ((rc = bloc_session_store(S, &s, &r, err)) == BLOC_OK &&
            (rc = bloc_set_parse(r, q->group, &g, err)) == BLOC_OK)
            rc = list_run(S, s, q, &g, out, err);
        goto done;
    }
    if ((rc = analysis_group_matrix(S, q->group, &q->o, &g, &m, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    for (size_t p = 0; p < m.periods.n; p++)
        share_row(out, q, &g, &m, p);
    analysis_coverage_notes(out, &m.periods, g.label);
    rc = result_status(out);
done:
    ev_matrix_free(&m);
    bloc_set_free(&g);
    return rc;
}

const bloc_call analysis_friction = {"friction", sizeof(friction_req), init, opts, check, run};
