/*
 * cli/cli — shared plumbing of the commands (see cli.h).
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cameo/cameo.h"
#include "core/util.h"

/* ---- commands over library calls ---------------------------------------- */

static int parse_format(void *field, const char *value, char *msg, size_t msgsz)
{
    int f = out_parse_format(value);
    if (f < 0) {
        snprintf(msg, msgsz, "bloc: unknown format '%s' (table, csv, json or jsonl)", value);
        return 2;
    }
    *(out_format *)field = (out_format)f;
    return 0;
}

/* The options every command takes, filling the context itself. */
static const opt_def common_opts[] = {
    {.type = OPT_STRING, .name = "db", .offset = offsetof(cli_ctx, db_path), .argname = "PATH"},
    {.type = OPT_CALLBACK, .name = "format", .offset = offsetof(cli_ctx, format),
     .argname = "table|csv|json|jsonl", .parse = parse_format},
    {.type = OPT_FLAG, .name = "help"},
    OPTE_END};

void cli_help(const cli_command *cmd, FILE *f)
{
    if (cmd->usage) {
        fputs(cmd->usage, f);
    } else {
        fprintf(f, "usage: bloc %s", cmd->name);
        for (const opt_def *d = cmd->call->opts; d->type != OPT_END; d++)
            if (d->type == OPT_ARG || d->type == OPT_REST)
                fprintf(f, " %s%s", d->argname, d->type == OPT_REST ? "..." : "");
        fprintf(f, " [options]\n");
    }
    if (cmd->about)
        fprintf(f, "\n%s", cmd->about);
    fprintf(f, "\nOptions:\n");
    opt_help(f, cmd->call->opts);
    fprintf(f, "  --format table|csv|json|jsonl, --db PATH, --help\n");
}

int cli_parse(cli_ctx *ctx, const cli_command *cmd, void *req, int argc, char **argv, int *exit_code)
{
    opt_target targets[] = {{cmd->call->opts, req}, {common_opts, ctx}, {NULL, NULL}};
    opt_status st;
    bloc_error err;
    bloc_error_clear(&err);
    ctx->cmd = cmd->name;
    switch (opt_parse_argv(targets, argc, argv, &st)) {
    case OPT_SHOW_HELP:
        cli_help(cmd, stdout);
        return *exit_code = 0, -1;
    case OPT_ESYNTAX:
        fprintf(ctx->errout, "%s\n%s %s: see --help for the options\n", st.msg, ctx->prog, cmd->name);
        return *exit_code = 2, -1;
    case OPT_EVALUE:
        return *exit_code = cli_usage(ctx, cmd->name, "%s", st.msg), -1;
    default:
        break;
    }
    const char *extra = st.npos > bloc_call_npositional(cmd->call) ? argv[1 + bloc_call_npositional(cmd->call)] : NULL;
    int rc = bloc_call_check(cmd->call, req, st.npos, extra, &err);
    if (rc == BLOC_EUSAGE)
        return *exit_code = cli_usage(ctx, cmd->name, "%s", err.msg), -1;
    if (rc != BLOC_OK)
        return *exit_code = cli_fail(ctx, &err), -1;
    return 0;
}

/* Progress at a terminal: "\rbloc CMD: what", a newline when done. */
static void progress(void *arg, const char *what)
{
    cli_ctx *ctx = arg;
    if (!isatty(fileno(ctx->errout)))
        return;
    if (what)
        fprintf(ctx->errout, "\r%s %s: %-24s", ctx->prog, ctx->cmd ? ctx->cmd : "", what);
    else
        fputc('\n', ctx->errout);
}

int cli_session(cli_ctx *ctx, int readonly, bloc_session **S, bloc_error *err)
{
    ctx->cfg = (bloc_config){ctx->db_path, ctx->datadir, ctx->isodir, ctx->webdir, ctx->wordnetdir};
    int rc = bloc_session_new(S, &ctx->cfg, readonly, NULL, 0, err);
    if (rc == BLOC_OK)
        bloc_session_set_progress(*S, progress, ctx);
    return rc;
}

result *cli_result(cli_ctx *ctx, out_writer **w)
{
    *w = out_writer_new(ctx->out, ctx->format);
    if (!*w)
        return NULL;
    result_sink sink = out_writer_sink(*w);
    result *res = result_new_stream(&sink);
    if (!res) {
        out_writer_free(*w);
        *w = NULL;
    }
    return res;
}

int cli_finish(cli_ctx *ctx, const char *cmd, result *res, int rc, const bloc_error *err)
{
    int code = 0;
    if (res) {
        int frc = result_finish(res);
        if (rc == BLOC_OK && frc != BLOC_OK) {
            rc = frc;
            err = result_error(res);
        }
    }
    err = bloc_call_error(res, rc, err);
    if (rc != BLOC_OK)
        code = rc == BLOC_EUSAGE ? cli_usage(ctx, cmd, "%s", err->msg) : cli_fail(ctx, err);
    for (size_t i = 0; res && i < result_nnotes(res); i++)
        fprintf(ctx->errout, "%s %s: %s\n", ctx->prog, cmd, result_note_at(res, i));
    return code;
}

int cli_run_then(cli_ctx *ctx, const cli_command *cmd, const void *req, cli_after_fn after)
{
    bloc_session *S = NULL;
    out_writer *w = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    result *res = cli_result(ctx, &w);
    int rc = res ? cli_session(ctx, 0, &S, &err) : bloc_fail(&err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK)
        rc = cmd->call->run(S, req, res, &err);
    int code = cli_finish(ctx, cmd->name, res, rc, &err);
    if (after && res && S)
        code = after(ctx, S, res, code);
    result_free(res);
    out_writer_free(w);
    bloc_session_close(S);
    return code;
}

int cli_run(cli_ctx *ctx, const cli_command *cmd, const void *req)
{
    return cli_run_then(ctx, cmd, req, NULL);
}

int cli_run_kept(cli_ctx *ctx, const bloc_call *call, const void *req, result **res,
                 bloc_error *err)
{
    bloc_session *S = NULL;
    bloc_error_clear(err);
    *res = result_new();
    int rc = *res ? cli_session(ctx, 0, &S, err) : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK)
        rc = call->run(S, req, *res, err);
    bloc_session_close(S);
    return rc;
}

int cli_call(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv)
{
    void *req = bloc_call_request(cmd->call);
    int code = 0;
    if (!req) {
        bloc_error err;
        bloc_fail(&err, BLOC_ENOMEM, "out of memory");
        return cli_fail(ctx, &err);
    }
    if (cli_parse(ctx, cmd, req, argc, argv, &code) == 0)
        code = cli_run(ctx, cmd, req);
    free(req);
    return code;
}

int cli_usage(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(ctx->errout, "%s %s: ", ctx->prog, cmd);
    va_start(ap, fmt);
    vfprintf(ctx->errout, fmt, ap);
    va_end(ap);
    fprintf(ctx->errout, "\nTry '%s %s --help'.\n", ctx->prog, cmd);
    return 2;
}

int cli_fail(const cli_ctx *ctx, const bloc_error *err)
{
    bloc_error_fprint(ctx->errout, err, ctx->prog);
    return bloc_exit_code(err->code);
}
