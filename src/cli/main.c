/*
 * cli/main — entry point of `bloc`: reads global settings, picks the
 * command and hands it its arguments. Nothing else lives here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct command {
    const char *name;
    int (*run)(cli_ctx *, int, char **);
    const char *summary;
} commands[] = {
    {"country", cmd_country, "look up states by code, name or alias"},
    {"group", cmd_group, "a group's cohesion, friction and hub (or list/show/add/rm groups)"},
    {"ingest", cmd_ingest, "load data into the store (unga, gdelt, events, atop, sipri)"},
    {"events", cmd_events, "list events by actor, dyad, period, code and domain"},
    {"dyad", cmd_dyad, "a dyad's event series: quad classes, net cooperation, salience"},
    {"network", cmd_network, "a group's cooperation network: strength, centrality, hub"},
    {"friction", cmd_friction, "conflictual events inside a group"},
    {"changes", cmd_changes, "change points in a dyad's or group's monthly series"},
    {"assess", cmd_assess, "is the alignment real? indicators before/after a split, with intervals"},
    {"index", cmd_index, "composite alignment index per dyad-year (UN votes + events)"},
    {"pairs", cmd_pairs, "every dyad of a group, period by period (a data set)"},
    {"report", cmd_report, "write a self-contained HTML report on a group and its rival"},
    {"serve", cmd_serve, "the JSON API and dashboard over HTTP"},
    {"watch", cmd_watch, "rules that flag when a dyad or group leaves its normal range"},
    {"alerts", cmd_alerts, "the alerts the watch rules raised"},
    {"follow", cmd_follow, "follow the GDELT 2.0 feed (or backfill a date range)"},
    {"code", cmd_code, "English news text to events (and --eval against gold records)"},
    {"stance", cmd_stance, "each member's net cooperation toward a rival group"},
    {"codes", cmd_codes, "look up CAMEO event codes, weights, domains and actor codes"},
    {"alliances", cmd_alliances, "formal alliance obligations in a group (ATOP)"},
    {"arms", cmd_arms, "arms transfers (SIPRI): shares, flows, deals, releases"},
    {"unga", cmd_unga, "UN General Assembly vote alignment (dyad, group, versus, top, pairs)"},
    {"check", cmd_check, "test an article's claims against the data"},
    {"stats", cmd_stats, "what the store holds"},
    {"migrate", cmd_migrate, "copy a SQLite store into PostgreSQL, checked by counts and checksums"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: bloc <command> [options]\n\n"
               "bloc measures alignment between states from UN votes and event data.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nEvery command takes --help, --db PATH (default $BLOC_DB or bloc.db; a\n"
               "postgresql://USER@HOST/DB URL selects PostgreSQL) and --format\n"
               "table|csv|json|jsonl. Exit status: 0 ok, 1 bad input, 2 usage.\n");
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {
        .prog = "bloc",
        .db_path = getenv("BLOC_DB") && *getenv("BLOC_DB") ? getenv("BLOC_DB") : "bloc.db",
        .datadir = getenv("BLOC_DATA") && *getenv("BLOC_DATA") ? getenv("BLOC_DATA") : BLOC_DATADIR,
        .webdir = getenv("BLOC_WEB") && *getenv("BLOC_WEB") ? getenv("BLOC_WEB") : BLOC_WEBDIR,
        .isodir = getenv("BLOC_ISO_CODES") && *getenv("BLOC_ISO_CODES") ? getenv("BLOC_ISO_CODES")
                                                                        : BLOC_ISODIR_DEFAULT,
        .wordnetdir = getenv("BLOC_WORDNET") && *getenv("BLOC_WORDNET") ? getenv("BLOC_WORDNET")
                                                                       : BLOC_WORDNET_DEFAULT,
        .format = OUT_TABLE,
        .out = stdout,
        .errout = stderr,
    };
    /* global options before the command: --db PATH */
    while (argc >= 3 && strcmp(argv[1], "--db") == 0) {
        ctx.db_path = argv[2];
        argv[2] = argv[0];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("bloc 0.1\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(&ctx, argc - 1, argv + 1);
    fprintf(stderr, "bloc: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
