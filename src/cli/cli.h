/*
 * cli — the `bloc` command-line tool: one file per command (cmd_*.c), this
 * header for what they share: the context built from global settings
 * (--db, BLOC_DB, data folder), opening the store with its registry,
 * option parsing helpers and usage errors. Commands are thin: they parse
 * options, call the library modules and print through cli/output.
 */
#ifndef BLOC_CLI_CLI_H
#define BLOC_CLI_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "api/call.h"
#include "output/output.h"
#include "core/error.h"
#include "metrics/events.h"
#include "registry/registry.h"
#include "store/store.h"


typedef struct cli_ctx {
    const char *prog;     /* "bloc" */
    const char *db_path;  /* --db, else $BLOC_DB, else bloc.db */
    const char *datadir;  /* $BLOC_DATA, else the build's data/ folder */
    const char *isodir;   /* $BLOC_ISO_CODES, else Debian's iso-codes JSON */
    const char *webdir;   /* $BLOC_WEB, else the build's web/ folder */
    out_format format;    /* --format, default table */
    FILE *out;            /* where results go: stdout, or a buffer when one
                             command runs others (bloc report, bloc serve) */
    FILE *errout;         /* diagnostics: stderr, or a buffer */
    int readonly;         /* open the store read-only (bloc serve) */
    int deadline_ms;      /* > 0: interrupt store queries after this long */
    store_pool *pool;     /* bloc serve: cli_open takes the store from here */
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

/* Options every command accepts; add them to a command's long options. */
enum { OPT_DB = 0x100, OPT_FORMAT, OPT_HELP };
#define CLI_COMMON_OPTIONS                                                                     \
    {"db", required_argument, NULL, OPT_DB}, {"format", required_argument, NULL, OPT_FORMAT}, \
        {"help", no_argument, NULL, OPT_HELP}

/* The next option of a command, through getopt_long over opts (which
 * include CLI_COMMON_OPTIONS). --db and --format are applied to ctx and
 * --help prints help; returns the option's value for the command to
 * handle, CLI_DONE after the last option, or CLI_EXIT when the command must
 * return *exit_code at once (0 after --help; 2 after a bad --format or an
 * unknown option, with a message on stderr). */
enum { CLI_DONE = -1, CLI_EXIT = -2 };
int cli_getopt(cli_ctx *ctx, int argc, char **argv, const struct option *opts, const char *help,
               int *exit_code);
/* The same with short options too (getopt syntax, e.g. "o:"). */
int cli_getopt_short(cli_ctx *ctx, int argc, char **argv, const char *shortopts,
                     const struct option *opts, const char *help, int *exit_code);

/* Options of the event analytics (dyad, group, network, friction,
 * changes): --by, --since, --until, --domain, --weight. */
enum { OPT_EV_BY = 0x200, OPT_EV_SINCE, OPT_EV_UNTIL, OPT_EV_DOMAIN, OPT_EV_WEIGHT };
#define CLI_EV_OPTIONS                                                                         \
    {"by", required_argument, NULL, OPT_EV_BY}, {"since", required_argument, NULL, OPT_EV_SINCE}, \
        {"until", required_argument, NULL, OPT_EV_UNTIL},                                      \
        {"domain", required_argument, NULL, OPT_EV_DOMAIN},                                    \
        {"weight", required_argument, NULL, OPT_EV_WEIGHT}
/* Apply an analytics option to o: 1 when handled, 0 when opt is not one,
 * -1 after a usage error (message printed; exit with 2). */
int cli_ev_option(const cli_ctx *ctx, const char *cmd, int opt, const char *arg, ev_opts *o);

/* A LIST argument (countries and groups) resolved: its members with their
 * dates, and parallel arrays of codes and member pointers. */
typedef struct cli_set {
    const char *label;           /* the argument as given */
    store_member *members;       /* owned */
    size_t n;
    const char **codes;          /* owned array; strings in members */
    const store_member **mptr;   /* owned array; into members */
} cli_set;
int cli_set_parse(const registry *r, const char *list, cli_set *set, bloc_error *err);
void cli_set_free(cli_set *set);

/* Split "A,B" at its only comma: *a is a malloc'd copy of A (caller
 * frees), *b points into s. -1 (nothing allocated) unless exactly one comma
 * separates two non-empty names. */
int cli_split_pair(const char *s, char **a, const char **b);

/* Open the store read-write, bring the registry up to date and load it.
 * Both outputs are caller-owned (store_close, registry_free). */
int cli_open(cli_ctx *ctx, store **s, registry **r, bloc_error *err);

/* Print "bloc CMD: message" and a hint to stderr; returns exit code 2. */
int cli_usage(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Print err to stderr; returns the exit code for its status. */
int cli_fail(const cli_ctx *ctx, const bloc_error *err);

/* -j N: the number of cores by default; cli_parse_jobs reads arg (1..256)
 * into *jobs, or prints the usage error of cmd and returns its exit code
 * (0 when arg is good). */
int cli_jobs_default(void);
int cli_parse_jobs(const cli_ctx *ctx, const char *cmd, const char *arg, int *jobs);

/* Reset getopt for a (sub)command's argv. */
void cli_reset_getopt(void);

int cmd_country(cli_ctx *ctx, int argc, char **argv);
int cmd_group(cli_ctx *ctx, int argc, char **argv);
int cmd_ingest(cli_ctx *ctx, int argc, char **argv);
int cmd_unga(cli_ctx *ctx, int argc, char **argv);
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
