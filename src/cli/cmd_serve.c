/*
 * cli/cmd_serve — `bloc serve`: the JSON API and the dashboard over HTTP.
 * Each /api/<name> request becomes the matching bloc command, run
 * in-process with JSON output on a read-only store connection with a time
 * limit; the answer is exactly what the CLI prints with --format json. The
 * HTTP side (limits, errors, access log) is the serve module's.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "report/report.h"
#include "serve/serve.h"

static const char *const help =
    "usage: bloc serve [--port N] [--bind ADDR] [--timeout-ms N] [--max-rows N]\n\n"
    "Serve the dashboard at / and a JSON API under /api/ (docs/api.md). Each\n"
    "endpoint runs the bloc command of the same name with the parameters as its\n"
    "options and answers what it prints with --format json:\n"
    "  /api/countries?q=    /api/groups?name=     /api/dyad?a=&b=&by=&domain=...\n"
    "  /api/group?group=&vs=  /api/pairs?group=   /api/events?dyad=|actor=&limit=\n"
    "  /api/changes?dyad=|group=  /api/assess?group=&vs=&split=  /api/network?group=\n"
    "  /api/friction?group=  /api/index?year=  /api/stats  /api/alerts?since=&rule=\n"
    "Errors are JSON {\"error\": ..., \"status\": ...} with 400 (bad parameter), 404,\n"
    "405 (not GET), 413 (too large), 414 (URL too long), 503 (query too slow).\n"
    "Requests read the store read-only through a pool of open connections (at\n"
    "most 4); its event summary is brought up to date when the server starts. One access-log line per request on stderr.\n"
    "SIGTERM or SIGINT stops it cleanly.\n\n"
    "  --port N        TCP port (default 8080; 0 = any free port, printed)\n"
    "  --bind ADDR     IPv4 address (default 127.0.0.1)\n"
    "  --timeout-ms N  longest query (default 5000)\n"
    "  --max-rows N    most events a request may list (default 1000)\n"
    "  --db PATH\n";

typedef struct endpoint {
    const char *name;
    int (*run)(cli_ctx *, int, char **);
    const char *argv0, *sub;       /* command name and fixed first argument */
    const char *positional[3];     /* parameters passed as arguments, in order */
    const char *options[12];       /* parameters passed as --name value */
    const char *flags[3];          /* parameters passed as --name when 1 or true */
} endpoint;

/* stores open at once: requests are answered one at a time today, so one
 * is in use; the bound holds when the server answers several at once */
enum { POOL_SIZE = 4 };

static const endpoint endpoints[] = {
    {"countries", cmd_country, "country", NULL, {"q"}, {NULL}, {NULL}},
    {"groups", cmd_group, "group", NULL, {NULL}, {NULL}, {NULL}},
    {"dyad", cmd_dyad, "dyad", NULL, {"a", "b"}, {"by", "since", "until", "domain", "weight"},
     {"directed"}},
    {"group", cmd_group_measures, "group", NULL, {"group"},
     {"vs", "by", "since", "until", "domain", "weight"}, {NULL}},
    {"pairs", cmd_pairs, "pairs", NULL, {"group"}, {"by", "since", "until", "domain", "weight"},
     {"directed", "active"}},
    {"events", cmd_events, "events", NULL, {NULL},
     {"dyad", "actor", "since", "until", "root", "code", "domain", "quad", "source", "limit"},
     {"oldest"}},
    {"changes", cmd_changes, "changes", NULL, {NULL},
     {"dyad", "group", "measure", "by", "since", "until", "domain", "weight", "penalty",
      "bootstrap"},
     {NULL}},
    {"assess", cmd_assess, "assess", NULL, {"group"},
     {"vs", "split", "since", "until", "weight", "reps", "limit"}, {"evidence"}},
    {"network", cmd_network, "network", NULL, {"group"},
     {"period", "since", "until", "domain", "weight"}, {"edges"}},
    {"friction", cmd_friction, "friction", NULL, {"group"},
     {"by", "since", "until", "domain", "weight", "limit"}, {"list"}},
    {"index", cmd_index, "index", NULL, {NULL},
     {"year", "since", "until", "countries", "min-votes", "min-events"}, {NULL}},
    {"stats", cmd_stats, "stats", NULL, {NULL}, {NULL}, {"sources"}},
    {"alerts", cmd_alerts, "alerts", NULL, {NULL}, {"since", "rule"}, {NULL}},
};

typedef struct server_ctx {
    cli_ctx *ctx;
    long max_rows;
    int timeout_ms;
} server_ctx;

static int listed(const char *const *names, size_t n, const char *key)
{
    for (size_t i = 0; i < n && names[i]; i++)
        if (strcmp(names[i], key) == 0)
            return 1;
    return 0;
}

static const char *param(const serve_param *p, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].key, key) == 0)
            return p[i].value;
    return NULL;
}

static void answer(void *arg, const char *name, const serve_param *p, size_t n, serve_reply *r)
{
    server_ctx *S = arg;
    const endpoint *e = NULL;
    char msg[600];
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
        if (strcmp(endpoints[i].name, name) == 0)
            e = &endpoints[i];
    if (!e) {
        serve_error(r, 404, "no such endpoint (see /api/ in bloc serve --help)");
        return;
    }
    /* every parameter must be known and given once; values never start with '-' */
    for (size_t i = 0; i < n; i++) {
        const char *k = p[i].key, *bad = NULL;
        if (!listed(e->positional, 3, k) && !listed(e->options, 12, k) && !listed(e->flags, 3, k) &&
            !(strcmp(e->name, "groups") == 0 && strcmp(k, "name") == 0))
            bad = "unknown parameter";
        else if (p[i].value[0] == '-')
            bad = "a value may not start with '-'";
        for (size_t j = 0; !bad && j < i; j++)
            if (strcmp(p[j].key, k) == 0)
                bad = "parameter given twice";
        if (bad) {
            snprintf(msg, sizeof msg, "%s: '%s'", bad, k);
            serve_error(r, 400, msg);
            return;
        }
    }
    const char *limit = param(p, n, "limit");
    if (limit && (atol(limit) < 1 || atol(limit) > S->max_rows)) {
        snprintf(msg, sizeof msg, "limit must be 1..%ld", S->max_rows);
        serve_error(r, 400, msg);
        return;
    }
    const char *reps = param(p, n, "reps"), *boot = param(p, n, "bootstrap");
    if ((reps && atol(reps) > 999) || (boot && atol(boot) > 999)) {
        serve_error(r, 400, "reps and bootstrap are at most 999 here");
        return;
    }
    /* build the command line */
    const char *argv[48];
    int argc = 0;
    char limit_buf[32];
    argv[argc++] = e->argv0;
    if (strcmp(e->name, "groups") == 0) {
        const char *g = param(p, n, "name");
        argv[argc++] = g ? "show" : "list";
        if (g)
            argv[argc++] = g;
    }
    if (strcmp(e->name, "countries") == 0 && !param(p, n, "q"))
        argv[argc++] = "--list";
    for (size_t i = 0; i < 3 && e->positional[i]; i++) {
        const char *v = param(p, n, e->positional[i]);
        if (!v && strcmp(e->name, "countries") != 0) {
            snprintf(msg, sizeof msg, "missing parameter '%s'", e->positional[i]);
            serve_error(r, 400, msg);
            return;
        }
        if (v)
            argv[argc++] = v;
    }
    char opt_names[12][40];
    for (size_t i = 0; i < 12 && e->options[i]; i++) {
        const char *v = param(p, n, e->options[i]);
        if (!v)
            continue;
        snprintf(opt_names[i], sizeof opt_names[i], "--%s", e->options[i]);
        argv[argc++] = opt_names[i];
        argv[argc++] = v;
    }
    if (strcmp(e->name, "events") == 0 && !limit) { /* a bounded default */
        snprintf(limit_buf, sizeof limit_buf, "%ld", S->max_rows < 100 ? S->max_rows : 100);
        argv[argc++] = "--limit";
        argv[argc++] = limit_buf;
    }
    char flag_names[3][40];
    for (size_t i = 0; i < 3 && e->flags[i]; i++) {
        const char *v = param(p, n, e->flags[i]);
        if (v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)) {
            snprintf(flag_names[i], sizeof flag_names[i], "--%s", e->flags[i]);
            argv[argc++] = flag_names[i];
        }
    }
    argv[argc++] = "--format";
    argv[argc++] = "json";
    argv[argc] = NULL;
    /* run it on a read-only connection, output and diagnostics to buffers */
    char *out = NULL, *diag = NULL, *copies[48];
    size_t out_len = 0, diag_len = 0;
    cli_ctx sub = *S->ctx;
    sub.format = OUT_JSON;
    sub.readonly = 1;
    sub.deadline_ms = S->timeout_ms;
    sub.out = open_memstream(&out, &out_len);
    sub.errout = open_memstream(&diag, &diag_len);
    for (int i = 0; i < argc; i++)
        copies[i] = util_strdup(argv[i]);
    copies[argc] = NULL;
    int rc = 1;
    if (sub.out && sub.errout) {
        cli_reset_getopt();
        rc = e->run(&sub, argc, copies);
    }
    if (sub.out)
        fclose(sub.out);
    if (sub.errout)
        fclose(sub.errout);
    for (int i = 0; i < argc; i++)
        free(copies[i]);
    if (rc == 0 && out) {
        r->status = 200;
        r->body = out;
        r->len = out_len;
        out = NULL;
    } else {
        char *text = diag ? diag : "";
        size_t len = strlen(text);
        while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
            text[--len] = '\0';
        char *first_nl = strchr(text, '\n'); /* the usage hint goes */
        if (first_nl && strstr(first_nl, "Try '"))
            *first_nl = '\0';
        serve_error(r, strstr(text, "interrupted") ? 503 : rc == 2 || rc == 1 ? 400 : 500,
                    *text ? text : "the command failed");
    }
    free(out);
    free(diag);
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"port", required_argument, NULL, 'p'},       {"bind", required_argument, NULL, 'b'},
        {"timeout-ms", required_argument, NULL, 't'}, {"max-rows", required_argument, NULL, 'r'},
        CLI_COMMON_OPTIONS,                           {NULL, 0, NULL, 0}};
    serve_opts so = {.port = 8080, .bind = "127.0.0.1", .log = stderr};
    server_ctx S = {.ctx = ctx, .max_rows = 1000, .timeout_ms = 5000};
    int opt, code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        long v;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'p':
        case 't':
        case 'r':
            v = strtol(optarg, &end, 10);
            if (*end || v < 0 || (opt == 'p' && v > 65535) || (opt != 'p' && v < 1))
                return cli_usage(ctx, "serve", "--port 0..65535, --timeout-ms and --max-rows >= 1");
            if (opt == 'p')
                so.port = (int)v;
            else if (opt == 't')
                S.timeout_ms = (int)v;
            else
                S.max_rows = v;
            break;
        case 'b':
            so.bind = optarg;
            break;
        default:
            return cli_usage(ctx, "serve", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "serve", "unexpected argument '%s'", argv[optind]);
    /* bring the store (schema, registry, event summary) up to date once,
     * read-write; requests then open it read-only */
    store *s = NULL;
    store_pool *pool = NULL;
    registry *r = NULL;
    char *page = NULL;
    size_t page_len = 0;
    serve *srv = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    int rc = 0;
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || store_event_summary_refresh(s, &err) != BLOC_OK ||
        report_dashboard_page(ctx->webdir, &page, &page_len, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    registry_free(r);
    r = NULL;
    store_close(s);
    s = NULL;
    /* requests take a read-only store from a bounded pool: a connection
     * to PostgreSQL (or a SQLite handle) is opened once, not per request */
    if (store_pool_new(&pool, ctx->db_path, STORE_READONLY, POOL_SIZE, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    ctx->pool = pool;
    /* the server thread inherits a mask without SIGTERM/SIGINT: they come
     * to sigwait below, which stops the server cleanly */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    so.page = page;
    so.page_len = page_len;
    so.api = answer;
    so.api_ctx = &S;
    if (serve_start(&srv, &so, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    fprintf(ctx->out, "bloc serve: listening on http://%s:%d/\n", so.bind, serve_port(srv));
    fflush(ctx->out);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(ctx->errout, "bloc serve: signal %d, stopping\n", sig);
    serve_stop(srv);
done:
    ctx->pool = NULL;
    store_pool_free(pool);
    free(page);
    registry_free(r);
    store_close(s);
    return rc;
}
