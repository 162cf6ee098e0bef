/*
 * cli/cmd_watch — `bloc watch add|list|rm|test` (watch_call), `bloc
 * alerts` (watch_alerts), and the run after every load (cli_watch_run,
 * over watch_run): parse, call, print.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "watch/watch.h"

static const cli_command watch_command = {
    "watch", &watch_call,
    "usage: bloc watch add NAME (--dyad A,B | --group LIST) [--domain D]\n"
    "                  [--measure volume|netcoop|goldstein] [--window DAYS[d]]\n"
    "                  [--z Z] [--above X] [--below X] [--webhook URL]\n"
    "       bloc watch list | rm NAME | test [NAME]\n",
    "A rule watches a measure of a dyad (both directions) or of a group's member\n"
    "dyads over windows of --window days (default 30): volume (events),\n"
    "netcoop (net cooperation) or goldstein (mean Goldstein score). After every\n"
    "ingest (bloc follow, bloc ingest) the latest window, ending on the last event\n"
    "day, is compared with up to 52 earlier windows: it fires when it lies --z\n"
    "standard deviations or more from their mean (default 2.5, with at least 4\n"
    "earlier windows), or passes --above / --below. An alert is recorded once per\n"
    "rule and window with the value, the baseline and its range, and the events\n"
    "behind it; it is printed, appended to the alerts file (--alerts FILE on\n"
    "ingest and follow; default STORE.alerts.jsonl) and posted as JSON to the\n"
    "rule's webhook. test evaluates rules now without recording anything.\n"};

static const cli_command alerts_command = {
    "alerts", &watch_alerts,
    "usage: bloc alerts [--since DATE] [--rule NAME]\n",
    "The alerts recorded by watch rules, oldest first: the rule, the window, its\n"
    "value, the baseline (mean of earlier windows), its standard deviation and\n"
    "range, the z-score, the events in the window, and the evidence (up to 20 of\n"
    "those events as JSON).\n"};

/* add says what it added on stderr; rm says nothing. */
static int change(cli_ctx *ctx, const watch_req *req)
{
    bloc_error err;
    result *res = NULL;
    int rc = cli_run_kept(ctx, &watch_call, req, &res, &err);
    if (rc == BLOC_OK && req->kind == WATCH_ADD)
        fprintf(ctx->errout, "watch %s added\n", req->rule.name);
    result_free(res);
    return rc == BLOC_OK ? 0 : cli_fail(ctx, &err);
}

int cmd_watch(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        cli_help(&watch_command, ctx->errout);
        return 2;
    }
    watch_req *req = bloc_call_request(&watch_call);
    int code = 0;
    if (req && cli_parse(ctx, &watch_command, req, argc, argv, &code) == 0)
        code = req->kind == WATCH_ADD || req->kind == WATCH_RM ? change(ctx, req)
                                                               : cli_run(ctx, &watch_command, req);
    free(req);
    return req ? code : 1;
}

int cmd_alerts(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &alerts_command, argc, argv);
}

typedef struct run_print {
    cli_ctx *ctx;
    FILE *print;
} run_print;

static void print_alert(void *arg, const char *line)
{
    run_print *p = arg;
    fprintf(p->print, "%s\n", line);
}

static void print_warning(void *arg, const bloc_error *err)
{
    run_print *p = arg;
    bloc_error_fprint(p->ctx->errout, err, p->ctx->prog);
}

int cli_watch_run(cli_ctx *ctx, store *s, const registry *reg, const char *alerts_path,
                  FILE *print, int *fired)
{
    run_print p = {ctx, print};
    watch_report report = {print_alert, print_warning, &p, ctx->errout, 0, 0};
    bloc_error err;
    bloc_error_clear(&err);
    int rc = watch_run(s, reg, ctx->db_path, alerts_path, &report, &err);
    *fired = report.fired;
    if (rc != BLOC_OK)
        return cli_fail(ctx, &err);
    return report.failed ? 1 : 0;
}
