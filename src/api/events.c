/*
 * api/events — `events`: stored events by actor or dyad, period, CAMEO
 * code, domain and source, with the evidence behind each (source URL,
 * input file and line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/listings.h"
#include "cameo/cameo.h"
#include "core/util.h"
#include "metrics/coverage.h"

static void init(void *req)
{
    ((events_req *)req)->q.limit = 100;
}

static int parse_root(void *field, const char *value, char *msg, size_t msgsz)
{
    if (strlen(value) != 2 || cameo_key(value) < 0) {
        snprintf(msg, msgsz, "--root needs a two-digit CAMEO root code");
        return 1;
    }
    *(const char **)field = value;
    return 0;
}

static int parse_code(void *field, const char *value, char *msg, size_t msgsz)
{
    if (cameo_key(value) < 0) {
        snprintf(msg, msgsz, "--code needs 2 to 4 digits");
        return 1;
    }
    *(const char **)field = value;
    return 0;
}

static const opt_def opts[] = {
    OPTE_STRING("dyad", 0, events_req, dyad, "A,B",
                "events between A and B in either direction (each a country or a group)"),
    OPTE_LIST("actor", events_req, actor, "LIST", "events where either actor is in LIST"),
    OPTE_DATE("since", events_req, q.since, "event dates from (YYYY[-MM[-DD]])"),
    OPTE_DATE_END("until", events_req, q.until, "event dates to"),
    {.type = OPT_CALLBACK, .name = "root", .offset = offsetof(events_req, q.root),
     .argname = "NN", .help = "CAMEO root code, e.g. 19 (fight)", .parse = parse_root},
    {.type = OPT_CALLBACK, .name = "code", .offset = offsetof(events_req, q.code_prefix),
     .argname = "PREFIX", .help = "CAMEO event code prefix, e.g. 0874 or 19", .parse = parse_code},
    BLOC_EV_DOMAIN(events_req, q),
    OPTE_INT32("quad", events_req, q.quad_class, 1, 4, "--quad needs 1, 2, 3 or 4",
               "quad class 1-4"),
    OPTE_STRING("source", 0, events_req, q.source, "S", "gdelt1, gdelt2, bloc, coder ..."),
    OPTE_INT("limit", events_req, q.limit, 0, 1000000000000LL,
             "--limit needs a whole number >= 0", "at most N events (default 100; 0 = all)"),
    OPTE_FLAG("oldest", 0, events_req, q.ascending, "oldest first"),
    OPTE_FLAG("full", 0, events_req, full, "every column, with the input file and line (csv and json: always)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const events_req *q = req;
    (void)npos;
    if (q->dyad && q->actor)
        return bloc_usage(err, "give --dyad or --actor, not both");
    char *a = NULL;
    const char *b;
    if (q->dyad && bloc_split_pair(q->dyad, &a, &b) != 0)
        return bloc_usage(err, "--dyad needs two names: A,B");
    free(a);
    return BLOC_OK;
}

static const result_col short_cols[] = {
    {"date", RESULT_DATE}, {"actor1", RESULT_STR}, {"actor2", RESULT_STR}, {"code", RESULT_STR},
    {"description", RESULT_STR}, {"domain", RESULT_STR}, {"goldstein", RESULT_NUM},
    {"mentions", RESULT_INT}, {"url", RESULT_STR}};
static const result_col full_cols[] = {
    {"source", RESULT_STR}, {"source_event_id", RESULT_STR}, {"date", RESULT_DATE},
    {"date_added", RESULT_STR}, {"actor1_code", RESULT_STR}, {"actor1_name", RESULT_STR},
    {"actor1_country", RESULT_STR}, {"actor1_cameo_country", RESULT_STR},
    {"actor1_type1", RESULT_STR}, {"actor2_code", RESULT_STR}, {"actor2_name", RESULT_STR},
    {"actor2_country", RESULT_STR}, {"actor2_cameo_country", RESULT_STR},
    {"actor2_type1", RESULT_STR}, {"event_code", RESULT_STR}, {"base_code", RESULT_STR},
    {"root_code", RESULT_STR}, {"description", RESULT_STR}, {"quad_class", RESULT_INT},
    {"goldstein", RESULT_NUM}, {"goldstein_origin", RESULT_STR}, {"mentions", RESULT_INT},
    {"sources", RESULT_INT}, {"articles", RESULT_INT}, {"tone", RESULT_NUM},
    {"geo_country", RESULT_STR}, {"geo_fips", RESULT_STR}, {"geo_adm1", RESULT_STR},
    {"geo_lat", RESULT_NUM}, {"geo_lon", RESULT_NUM}, {"domain", RESULT_STR},
    {"url", RESULT_STR}, {"file", RESULT_STR}, {"line", RESULT_INT}, {"detail", RESULT_STR}};

typedef struct events_out {
    result *out;
    const cameo_tables *cameo;
    int full;
} events_out;

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void count_or_na(result *out, long long n)
{
    if (n < 0)
        result_na(out);
    else
        result_int(out, n);
}

static void actor_label(const store_actor *a, char *buf, size_t n)
{
    if (a->country && a->name && *a->name)
        snprintf(buf, n, "%s (%s)", a->name, a->country);
    else
        snprintf(buf, n, "%s", a->name && *a->name ? a->name : nz(a->code ? a->code : a->country));
}

static void short_row(result *out, const store_event *e, const char *descr)
{
    char a1[256], a2[256];
    actor_label(&e->actor[0], a1, sizeof a1);
    actor_label(&e->actor[1], a2, sizeof a2);
    result_date(out, e->date);
    result_str(out, a1);
    result_str(out, a2);
    result_str(out, nz(e->event_code));
    result_str(out, nz(descr));
    result_str(out, nz(e->domain));
    result_num(out, e->goldstein, 1);
    count_or_na(out, e->mentions);
    result_str(out, nz(e->url));
}

static void full_row(result *out, const store_event *e, const char *descr, const char *path)
{
    result_str(out, nz(e->source));
    result_str(out, nz(e->source_event_id));
    result_date(out, e->date);
    result_str(out, nz(e->date_added));
    for (int a = 0; a < 2; a++) {
        const store_actor *ac = &e->actor[a];
        result_str(out, nz(ac->code));
        result_str(out, nz(ac->name));
        result_str(out, nz(ac->country));
        result_str(out, nz(ac->cameo_country));
        result_str(out, nz(ac->type[0]));
    }
    result_str(out, nz(e->event_code));
    result_str(out, nz(e->base_code));
    result_str(out, nz(e->root_code));
    result_str(out, nz(descr));
    if (e->quad_class)
        result_int(out, e->quad_class);
    else
        result_na(out);
    result_num(out, e->goldstein, 1);
    static const char *const origins[] = {"data", "table", "parent", "none"};
    result_str(out, origins[e->goldstein_origin >= 0 && e->goldstein_origin <= 3 ? e->goldstein_origin : 3]);
    count_or_na(out, e->mentions);
    count_or_na(out, e->sources);
    count_or_na(out, e->articles);
    result_num(out, e->tone, 10);
    result_str(out, nz(e->geo_country));
    result_str(out, nz(e->geo_fips));
    result_str(out, nz(e->geo_adm1));
    result_num(out, e->geo_lat, 4);
    result_num(out, e->geo_lon, 4);
    result_str(out, nz(e->domain));
    result_str(out, nz(e->url));
    result_str(out, nz(path));
    result_int(out, e->line);
    result_str(out, nz(e->detail));
}

static int event_row(void *ctx, const store_event *e, const char *path)
{
    events_out *o = ctx;
    const char *descr = cameo_describe(o->cameo, nz(e->event_code));
    if (o->full)
        full_row(o->out, e, descr, path);
    else
        short_row(o->out, e, descr);
    return result_status(o->out) != BLOC_OK;
}

/* The codes of a LIST of countries and groups, into a set. */
static int side(const registry *r, const char *list, bloc_set *set, const char *const **codes,
                size_t *n, bloc_error *err)
{
    int rc = bloc_set_parse(r, list, set, err);
    *codes = set->codes;
    *n = set->n;
    return rc;
}

/* Nothing matched: say whether the event data cover the range at all. */
static int explain_empty(store *s, const store_event_query *q, result *out, bloc_error *err)
{
    ev_coverage *c = NULL;
    cov_days d = {0};
    int rc = ev_coverage_load(s, "events", &c, err);
    if (rc == BLOC_OK)
        rc = ev_coverage_days(c, NULL, 0, q->since, q->until, &d, err);
    if (rc == BLOC_OK) {
        char a[16] = "the start", b[16] = "the end";
        if (q->since)
            util_format_date(q->since, a, sizeof a);
        if (q->until)
            util_format_date(q->until, b, sizeof b);
        long days = d.n ? cov_days_count(&d, d.first[0], d.last[d.n - 1]) : 0;
        if (!ev_coverage_spans(c))
            result_note(out, "no data: the store holds no event data (bloc ingest gdelt|events)");
        else if (!days)
            result_note(out, "no data: the event data cover no day from %s to %s "
                             "('bloc stats --coverage' shows what they cover)", a, b);
        else
            result_note(out, "no events match in the %ld day%s the event data cover from %s to %s",
                        days, days == 1 ? "" : "s", a, b);
    }
    cov_days_free(&d);
    ev_coverage_free(c);
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const events_req *req = request;
    store_event_query q = req->q;
    store *s;
    const registry *r;
    events_out o = {out, NULL, req->full};
    bloc_set a = {0}, b = {0};
    char *a_text = NULL;
    const char *b_text = NULL;
    int rc;
    if (req->dyad && bloc_split_pair(req->dyad, &a_text, &b_text) != 0)
        return bloc_usage(err, "--dyad needs two names: A,B");
    if ((rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (rc = bloc_session_cameo(S, &o.cameo, err)) != BLOC_OK ||
        (req->dyad && ((rc = side(r, a_text, &a, &q.side_a, &q.nside_a, err)) != BLOC_OK ||
                       (rc = side(r, b_text, &b, &q.side_b, &q.nside_b, err)) != BLOC_OK)) ||
        (req->actor && (rc = side(r, req->actor, &a, &q.side_a, &q.nside_a, err)) != BLOC_OK))
        goto done;
    if (req->full)
        rc = result_begin(out, full_cols, sizeof full_cols / sizeof full_cols[0]);
    else
        rc = result_begin(out, short_cols, sizeof short_cols / sizeof short_cols[0]);
    if (rc == BLOC_OK)
        rc = store_events_scan(s, &q, event_row, &o, err);
    if (result_status(out) != BLOC_OK)
        rc = result_status(out);
    if (rc == BLOC_OK && result_nrows(out) == 0)
        rc = explain_empty(s, &q, out, err);
done:
    free(a_text);
    bloc_set_free(&a);
    bloc_set_free(&b);
    return rc;
}

const bloc_call api_events = {"events", sizeof(events_req), init, opts, check, run};
