/*
 * cli/cmd_serve — `bloc serve`: parses, brings the store up to date once,
 * then serves the dashboard and the JSON API (serve, serve/api) until
 * SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "report/report.h"
#include "serve/api.h"

static const cli_command command = {
    "serve", &serve_call, "usage: bloc serve [--port N] [--bind ADDR] [--timeout-ms N] [--max-rows N]\n",
    "Serve the dashboard at / and a JSON API under /api/ (docs/api.md). Each\n"
    "endpoint answers the library call of the bloc command of the same name, its\n"
    "parameters read as that command's options, with exactly the JSON the\n"
    "command prints with --format json:\n"
    "  /api/countries?q=    /api/groups?name=     /api/dyad?a=&b=&by=&domain=...\n"
    "  /api/group?group=&vs=  /api/pairs?group=   /api/events?dyad=|actor=&limit=\n"
    "  /api/changes?dyad=|group=  /api/assess?group=&vs=&split=  /api/network?group=\n"
    "  /api/friction?group=  /api/index?year=  /api/stats  /api/alerts?since=&rule=\n"
    "Errors are JSON {\"error\": ..., \"status\": ...} with 400 (bad parameter), 404,\n"
    "405 (not GET), 413 (too large), 414 (URL too long), 503 (past --timeout-ms).\n"
    "Requests are answered in parallel, each on its own connection's thread, on\n"
    "read-only stores from a bounded pool; its event summary is brought up to\n"
    "date when the server starts. Connections are bounded in all and per client\n"
    "address; an idle one closes after 10 s. One access-log line per request on\n"
    "stderr. SIGTERM or SIGINT stops it cleanly.\n"};

/* Schema, registry and event summary brought up to date once, read-write;
 * then the dashboard page. */
static int prepare(cli_ctx *ctx, char **page, size_t *page_len, bloc_error *err)
{
    bloc_session *S = NULL;
    int rc = cli_session(ctx, 0, &S, err);
    if (rc == BLOC_OK)
        rc = bloc_session_events(S, NULL, NULL, err);
    bloc_session_close(S);
    return rc == BLOC_OK ? report_dashboard_page(ctx->webdir, page, page_len, err) : rc;
}

/* Serve until SIGTERM or SIGINT. */
static int run(cli_ctx *ctx, const serve_req *q, const char *page, size_t page_len,
               store_pool *pool, bloc_error *err)
{
    serve_api A = {&ctx->cfg, pool, (int)q->timeout_ms, q->max_rows, 16ll << 20};
    serve_opts so = {.port = (int)q->port, .bind = q->bind, .log = stderr, .page = page,
                     .page_len = page_len, .api = serve_api_answer, .api_ctx = &A,
                     .max_connections = (unsigned)q->max_connections,
                     .max_per_client = (unsigned)q->max_per_client};
    serve *srv = NULL;
    /* the server's threads inherit a mask without SIGTERM/SIGINT: they
     * come to sigwait below, which stops the server cleanly */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    int rc = serve_start(&srv, &so, err), sig = 0;
    if (rc != BLOC_OK)
        return rc;
    fprintf(ctx->out, "bloc serve: listening on http://%s:%d/\n", so.bind, serve_port(srv));
    fflush(ctx->out);
    sigwait(&stop, &sig);
    fprintf(ctx->errout, "bloc serve: signal %d, stopping\n", sig);
    serve_stop(srv);
    return BLOC_OK;
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
    serve_req q;
    store_pool *pool = NULL;
    char *page = NULL;
    size_t page_len = 0;
    bloc_error err;
    int code = 0;
    serve_call.init(&q);
    if (cli_parse(ctx, &command, &q, argc, argv, &code) != 0)
        return code;
    bloc_error_clear(&err);
    int rc = prepare(ctx, &page, &page_len, &err);
    /* requests take a read-only store from a bounded pool: a connection to
     * PostgreSQL (or a SQLite handle) is opened once, not per request */
    if (rc == BLOC_OK)
        rc = store_pool_new(&pool, ctx->db_path, STORE_READONLY, (size_t)q.pool, &err);
    if (rc == BLOC_OK)
        rc = run(ctx, &q, page, page_len, pool, &err);
    store_pool_free(pool);
    free(page);
    return rc == BLOC_OK ? 0 : cli_fail(ctx, &err);
}
