/*
 * serve/api — /api/<name> to library calls (see api.h).
 */
#include "serve/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/alliances.h"
#include "analysis/arms.h"
#include "analysis/unga.h"
#include "api/groups.h"
#include "api/listings.h"
#include "core/util.h"
#include "output/output.h"
#include "watch/watch.h"

/* What a request may ask for, and what a path implies: fills the request
 * after its parameters are parsed; 0, or non-zero with msg. */
typedef int (*prepare_fn)(void *req, const serve_api *A, char *msg, size_t n);

typedef struct endpoint {
    const char *name;
    const bloc_call *call;
    prepare_fn prepare;
} endpoint;

static int bound_limit(long long *limit, long long fallback, const serve_api *A, int given,
                       char *msg, size_t n)
{
    if (!given) {
        *limit = fallback;
        return 0;
    }
    if (*limit < 1 || *limit > A->max_rows) {
        snprintf(msg, n, "limit must be 1..%lld", A->max_rows);
        return 1;
    }
    return 0;
}

static int prep_countries(void *req, const serve_api *A, char *msg, size_t n)
{
    countries_req *q = req;
    (void)A, (void)msg, (void)n;
    q->list = q->q == NULL;
    return 0;
}

static int prep_groups(void *req, const serve_api *A, char *msg, size_t n)
{
    groups_req *q = req;
    (void)A, (void)msg, (void)n;
    q->sub = q->name ? "show" : "list";
    return 0;
}

/* A request's limit is "given" when it differs from the call's default
 * sentinel: the prepare functions see the parsed value, the defaults are
 * set to -1 first (see answer). */
static int prep_events(void *req, const serve_api *A, char *msg, size_t n)
{
    events_req *q = req;
    q->full = 1;
    return bound_limit(&q->q.limit, A->max_rows < 100 ? A->max_rows : 100, A, q->q.limit != -1,
                       msg, n);
}

static int prep_assess(void *req, const serve_api *A, char *msg, size_t n)
{
    assess_req *q = req;
    if (q->reps > 999) {
        snprintf(msg, n, "reps and bootstrap are at most 999 here");
        return 1;
    }
    return bound_limit(&q->limit, 20, A, q->limit != -1, msg, n);
}

static int prep_changes(void *req, const serve_api *A, char *msg, size_t n)
{
    (void)A;
    if (((changes_req *)req)->bootstrap > 999) {
        snprintf(msg, n, "reps and bootstrap are at most 999 here");
        return 1;
    }
    return 0;
}

static int prep_friction(void *req, const serve_api *A, char *msg, size_t n)
{
    friction_req *q = req;
    return bound_limit(&q->limit, 50, A, q->limit != -1, msg, n);
}

static int prep_arms(void *req, const serve_api *A, char *msg, size_t n)
{
    arms_req *q = req;
    return bound_limit(&q->limit, A->max_rows < 1000 ? A->max_rows : 1000, A, q->limit != -1, msg, n);
}

static const endpoint endpoints[] = {
    {"countries", &api_countries, prep_countries},
    {"groups", &api_groups, prep_groups},
    {"dyad", &analysis_dyad, NULL},
    {"group", &analysis_group, NULL},
    {"pairs", &analysis_pairs, NULL},
    {"events", &api_events, prep_events},
    {"changes", &analysis_changes, prep_changes},
    {"assess", &analysis_assess, prep_assess},
    {"network", &analysis_network, NULL},
    {"friction", &analysis_friction, prep_friction},
    {"index", &analysis_index, NULL},
    {"stats", &api_stats, NULL},
    {"alerts", &watch_alerts, NULL},
    {"unga", &analysis_unga, NULL},
    {"arms", &analysis_arms, prep_arms},
    {"alliances", &analysis_alliances, NULL},
};
enum { NENDPOINTS = sizeof endpoints / sizeof endpoints[0] };

const char *const *serve_api_names(void)
{
    static const char *const names[] = {"countries", "groups", "dyad", "group", "pairs",
                                        "events", "changes", "assess", "network", "friction",
                                        "index", "stats", "alerts", "unga", "arms", "alliances",
                                        NULL};
    return names;
}

/* The HTTP status of a failed call, by its code. */
static int status_of(int code)
{
    switch (code) {
    case BLOC_EUSAGE:
    case BLOC_EINPUT:
    case BLOC_ENOTFOUND:
        return 400;
    case BLOC_EDEADLINE:
        return 503;
    case BLOC_ELIMIT:
        return 413;
    default:
        return 500;
    }
}

/* The error body of a failed call: usage errors name the endpoint as the
 * CLI's name the command, others read as the CLI's diagnostics. */
static void fail(serve_reply *r, const endpoint *e, const bloc_error *err)
{
    char msg[1400];
    if (err->code == BLOC_EUSAGE)
        snprintf(msg, sizeof msg, "bloc %s: %s", e->call->name, err->msg);
    else if (err->code == BLOC_ELIMIT)
        snprintf(msg, sizeof msg, "the result is too large (%.600s): narrow the query (dates, "
                 "countries, limit)", err->msg);
    else
        bloc_error_format(msg, sizeof msg, err, "bloc");
    serve_error(r, status_of(err->code), msg);
}

/* Parse, bound and check the parameters into req; 0 or an error reply. */
static int request(const serve_api *A, const endpoint *e, void *req, const serve_param *p,
                   size_t n, serve_reply *r)
{
    opt_target targets[] = {{e->call->opts, req}, {NULL, NULL}};
    opt_status st;
    bloc_error err;
    char msg[512];
    int prc = opt_parse_params(targets, p, n, &st);
    if (prc != OPT_OK) { /* a bad value is told as the CLI tells it */
        snprintf(msg, sizeof msg, "%s%s%s%.400s", prc == OPT_EVALUE ? "bloc " : "",
                 prc == OPT_EVALUE ? e->call->name : "", prc == OPT_EVALUE ? ": " : "", st.msg);
        serve_error(r, 400, msg);
        return -1;
    }
    if (e->prepare && e->prepare(req, A, msg, sizeof msg) != 0) {
        serve_error(r, 400, msg);
        return -1;
    }
    bloc_error_clear(&err);
    if (bloc_call_check(e->call, req, st.npos, NULL, &err) != BLOC_OK) {
        fail(r, e, &err);
        return -1;
    }
    return 0;
}

/* Run the call on a pooled store; the JSON into a bounded buffer. */
static void run(const serve_api *A, const endpoint *e, const void *req, serve_reply *r)
{
    bloc_session *S = NULL;
    bloc_error err;
    char *buf = NULL;
    size_t len = 0;
    bloc_error_clear(&err);
    FILE *f = open_memstream(&buf, &len);
    out_writer *w = f ? out_writer_new(f, OUT_JSON) : NULL;
    result *res = NULL;
    int rc = w ? BLOC_OK : bloc_fail(&err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK) {
        out_writer_limit(w, A->max_bytes, util_now() + A->timeout_ms / 1000.0);
        result_sink sink = out_writer_sink(w);
        res = result_new_stream(&sink);
        rc = res ? bloc_session_new(&S, A->cfg, 1, A->pool, A->timeout_ms, &err)
                 : bloc_fail(&err, BLOC_ENOMEM, "out of memory");
        if (rc == BLOC_OK)
            bloc_session_set_budget(S, (size_t)A->max_bytes);
    }
    if (rc == BLOC_OK)
        rc = e->call->run(S, req, res, &err);
    if (res && result_finish(res) != BLOC_OK && rc == BLOC_OK)
        rc = result_status(res);
    if (rc != BLOC_OK)
        err = *bloc_call_error(res, rc, &err);
    bloc_session_close(S);
    result_free(res);
    out_writer_free(w);
    if (f)
        fclose(f);
    if (rc == BLOC_OK && buf) {
        r->status = 200;
        r->body = buf;
        r->len = len;
        return;
    }
    free(buf);
    fail(r, e, &err);
}

/* Limits that tell "given" from the call's default: set to -1 before the
 * parameters are parsed (the prepare functions put the default back). */
static void unset_limits(const endpoint *e, void *req)
{
    if (e->call == &api_events)
        ((events_req *)req)->q.limit = -1;
    else if (e->call == &analysis_assess)
        ((assess_req *)req)->limit = -1;
    else if (e->call == &analysis_friction)
        ((friction_req *)req)->limit = -1;
    else if (e->call == &analysis_arms)
        ((arms_req *)req)->limit = -1;
}

/* The endpoint called name and its request from p: 0, or -1 with the
 * error reply in r. *req is caller-freed (also on failure). */
static int parse(const serve_api *A, const char *name, const serve_param *p, size_t n,
                 const endpoint **out, void **req, serve_reply *r)
{
    const endpoint *e = NULL;
    *req = NULL;
    for (size_t i = 0; i < NENDPOINTS && !e; i++)
        if (strcmp(endpoints[i].name, name) == 0)
            e = &endpoints[i];
    if (!e) {
        serve_error(r, 404, "no such endpoint (see /api/ in bloc serve --help)");
        return -1;
    }
    if (!(*req = bloc_call_request(e->call))) {
        serve_error(r, 500, "out of memory");
        return -1;
    }
    unset_limits(e, *req);
    *out = e;
    return request(A, e, *req, p, n, r);
}

void serve_api_answer(void *ctx, const char *name, const serve_param *p, size_t n, serve_reply *r)
{
    const endpoint *e = NULL;
    void *req;
    if (parse(ctx, name, p, n, &e, &req, r) == 0)
        run(ctx, e, req, r);
    free(req);
}

int serve_api_check(const serve_api *A, const char *name, const serve_param *p, size_t n,
                    serve_reply *r)
{
    const endpoint *e = NULL;
    void *req;
    int rc = parse(A, name, p, n, &e, &req, r);
    free(req);
    return rc;
}

/* ---- serve's settings --------------------------------------------------- */

static void serve_init(void *req)
{
    serve_req *q = req;
    int cores = util_cores();
    q->port = 8080;
    q->bind = "127.0.0.1";
    q->timeout_ms = 5000;
    q->max_rows = 1000;
    q->max_connections = 256;
    q->max_per_client = 32;
    q->pool = cores * 2 > 4 ? cores * 2 : 4;
}

#define SERVE_NUMBER(nm, F, lo, hi, hp)                                                         \
    {.type = OPT_INT, .name = nm, .offset = offsetof(serve_req, F), .argname = "N", .help = hp,  \
     .min = lo, .max = hi, .bad = "--port 0..65535, --timeout-ms and --max-rows >= 1"}
static const opt_def serve_opts_table[] = {
    SERVE_NUMBER("port", port, 0, 65535, "TCP port (default 8080; 0 = any free port, printed)"),
    OPTE_STRING("bind", 0, serve_req, bind, "ADDR", "IPv4 address (default 127.0.0.1)"),
    SERVE_NUMBER("timeout-ms", timeout_ms, 1, 86400000, "longest request (default 5000)"),
    SERVE_NUMBER("max-rows", max_rows, 1, 1000000000, "most rows a request may list (default 1000)"),
    SERVE_NUMBER("max-connections", max_connections, 1, 100000, "connections at once (default 256)"),
    SERVE_NUMBER("max-per-client", max_per_client, 1, 100000,
                 "connections at once from one address (default 32)"),
    SERVE_NUMBER("pool", pool, 1, 256, "store connections (default twice the cores, at least 4)"),
    OPTE_END};

static int serve_no_run(bloc_session *S, const void *req, result *out, bloc_error *err)
{
    (void)S, (void)req, (void)out;
    return bloc_fail(err, BLOC_EUSAGE, "the server runs through serve_start");
}

const bloc_call serve_call = {"serve", sizeof(serve_req), serve_init, serve_opts_table, NULL,
                              serve_no_run};
