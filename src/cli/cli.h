/*
 * cli — the `bloc` command-line tool, one client of the library: one file
 * per command (cmd_*.c), each of which parses its arguments with its
 * call's option table, calls the library and prints the result through
 * the shared writers (output). This header holds what they share: the
 * context built from global settings (--db, BLOC_DB, data folders,
 * --format), the runner of a call, usage errors and failures.
 */
#ifndef BLOC_CLI_CLI_H
#define BLOC_CLI_CLI_H

#include <stdio.h>

#include "api/call.h"
#include "core/error.h"
#include "output/output.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct cli_ctx {
    const char *prog;     /* "bloc" */
    const char *db_path;  /* --db, else $BLOC_DB, else bloc.db */
    const char *datadir;  /* $BLOC_DATA, else the build's data/ folder */
    const char *isodir;   /* $BLOC_ISO_CODES, else Debian's iso-codes JSON */
    const char *webdir;   /* $BLOC_WEB, else the build's web/ folder */
    const char *wordnetdir; /* $BLOC_WORDNET, else Debian's wordnet-base */
    out_format format;    /* --format, default table */
    FILE *out;            /* where results go: stdout */
    FILE *errout;         /* diagnostics: stderr */
    bloc_config cfg;      /* what sessions open: the fields above */
    const char *cmd;      /* the command being run (cli_parse sets it) */
} cli_ctx;

/* A command over one library call: the call, and the text of its --help
 * (usage lines, NULL to generate them from the table, and the paragraph
 * that says what it answers; the options are listed from the table). */
typedef struct cli_command {
    const char *name;
    const bloc_call *call;
    const char *usage;
    const char *about;
} cli_command;

/* Parse argv into req (a request of cmd->call) with the options every
 * command shares; 0 to go on, else the exit code to return at once (0
 * after --help, 2 after a usage error, printed). */
int cli_parse(cli_ctx *ctx, const cli_command *cmd, void *req, int argc, char **argv, int *exit_code);
/* Run cmd->call on req in a new session and print the result in the chosen
 * format, its notes to stderr; returns the exit code. */
int cli_run(cli_ctx *ctx, const cli_command *cmd, const void *req);
/* The same, then after(ctx, session, result, exit code) for what a
 * command does once the result is out; it returns the exit code. */
typedef int (*cli_after_fn)(cli_ctx *ctx, bloc_session *S, result *res, int code);
int cli_run_then(cli_ctx *ctx, const cli_command *cmd, const void *req, cli_after_fn after);
/* Run call on req into a kept result (*res, the caller's to free) for a
 * command that prints something else than the rows; the call's status. */
int cli_run_kept(cli_ctx *ctx, const bloc_call *call, const void *req, result **res,
                 bloc_error *err);
/* Both, with a request of the call's defaults. */
int cli_call(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv);
/* A session on ctx's store (readonly: as bloc serve opens it). */
int cli_session(cli_ctx *ctx, int readonly, bloc_session **S, bloc_error *err);
/* Print --help of cmd to f. */
void cli_help(const cli_command *cmd, FILE *f);
/* A result streaming to ctx's output in its format: *w must be freed
 * (out_writer_free) after the result. NULL when out of memory. */
result *cli_result(cli_ctx *ctx, out_writer **w);
/* Finish a streamed result, print its notes ("bloc CMD: note") and the
 * error of rc (with err); returns the exit code. */
int cli_finish(cli_ctx *ctx, const char *cmd, result *res, int rc, const bloc_error *err);

/* Print "bloc CMD: message" and a hint to stderr; returns exit code 2. */
int cli_usage(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Print err to stderr; returns the exit code for its status. */
int cli_fail(const cli_ctx *ctx, const bloc_error *err);

int cmd_country(cli_ctx *ctx, int argc, char **argv);
int cmd_group(cli_ctx *ctx, int argc, char **argv);
int cmd_ingest(cli_ctx *ctx, int argc, char **argv);
int cmd_unga(cli_ctx *ctx, int argc, char **argv);
int cmd_alliances(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_arms(cli_ctx *ctx, int argc, char **argv);
int cmd_stats(cli_ctx *ctx, int argc, char **argv);
int cmd_events(cli_ctx *ctx, int argc, char **argv);
int cmd_codes(cli_ctx *ctx, int argc, char **argv);
int cmd_dyad(cli_ctx *ctx, int argc, char **argv);
int cmd_group_measures(cli_ctx *ctx, int argc, char **argv);
int cmd_stance(cli_ctx *ctx, int argc, char **argv);
int cmd_network(cli_ctx *ctx, int argc, char **argv);
int cmd_friction(cli_ctx *ctx, int argc, char **argv);
int cmd_changes(cli_ctx *ctx, int argc, char **argv);
int cmd_assess(cli_ctx *ctx, int argc, char **argv);
int cmd_index(cli_ctx *ctx, int argc, char **argv);
int cmd_pairs(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_migrate(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);
int cmd_watch(cli_ctx *ctx, int argc, char **argv);
int cmd_alerts(cli_ctx *ctx, int argc, char **argv);
int cmd_follow(cli_ctx *ctx, int argc, char **argv);
int cmd_code(cli_ctx *ctx, int argc, char **argv);

/* Evaluate every watch rule after an ingest: new alerts are recorded,
 * printed to print as JSON lines, appended to alerts_path (NULL: the
 * store's path + .alerts.jsonl) and posted to their webhooks. *fired counts
 * them. Returns an exit code (0 when fine). */
int cli_watch_run(cli_ctx *ctx, store *s, const registry *reg, const char *alerts_path,
                  FILE *print, int *fired);

#endif
