/*
 * cli/cli — shared plumbing of the commands (see cli.h).
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int common_option(cli_ctx *ctx, int opt, const char *arg)
{
    switch (opt) {
    case OPT_DB:
        ctx->db_path = arg;
        return 1;
    case OPT_FORMAT: {
        int f = out_parse_format(arg);
        if (f < 0) {
            fprintf(stderr, "%s: unknown format '%s' (table, csv or json)\n", ctx->prog, arg);
            return -1;
        }
        ctx->format = (out_format)f;
        return 1;
    }
    default:
        return 0;
    }
}

int cli_getopt(cli_ctx *ctx, int argc, char **argv, const struct option *opts, const char *help,
               int *exit_code)
{
    int opt = getopt_long(argc, argv, "", opts, NULL);
    if (opt == -1)
        return CLI_DONE;
    if (opt == OPT_HELP) {
        fputs(help, stdout);
        *exit_code = 0;
        return CLI_EXIT;
    }
    int h = opt == '?' ? -1 : common_option(ctx, opt, optarg);
    if (h < 0) { /* getopt_long or common_option said what is wrong */
        fprintf(stderr, "%s %s: see --help for the options\n", ctx->prog, argv[0]);
        *exit_code = 2;
        return CLI_EXIT;
    }
    return h ? cli_getopt(ctx, argc, argv, opts, help, exit_code) : opt;
}

int cli_open(cli_ctx *ctx, store **s, registry **r, bloc_error *err)
{
    int rebuilt = 0;
    registry_paths paths = {ctx->datadir, ctx->isodir};
    int rc = store_open(s, ctx->db_path, STORE_READWRITE, err);
    if (rc != BLOC_OK)
        return rc;
    if ((rc = registry_sync(*s, &paths, &rebuilt, err)) != BLOC_OK ||
        (rc = registry_load(*s, r, err)) != BLOC_OK) {
        store_close(*s);
        *s = NULL;
    }
    return rc;
}

int cli_usage(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s %s: ", ctx->prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", ctx->prog, cmd);
    return 2;
}

int cli_fail(const cli_ctx *ctx, const bloc_error *err)
{
    bloc_error_print(err, ctx->prog);
    return bloc_exit_code(err->code);
}

void cli_reset_getopt(void)
{
    optind = 1;
    opterr = 1;
}
