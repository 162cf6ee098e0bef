/*
 * cli/cmd_events — `bloc events`: parses, calls api_events (every column
 * in CSV and JSON, the main ones in the table), prints.
 */
#include <stdlib.h>

#include "api/listings.h"
#include "cli/cli.h"

static const cli_command command = {
    "events", &api_events,
    "usage: bloc events [--dyad A,B | --actor LIST] [filters] [--limit N]\n",
    "List stored events, newest first. --dyad A,B: events between A and B in\n"
    "either direction, where A and B are each a country or a group (a group\n"
    "stands for all its members, whatever their dates). --actor LIST: events\n"
    "where either actor is in LIST (countries and groups, comma-separated).\n"
    "The table shows the main columns; csv and json every column of the events\n"
    "table, with the input file and line of each event.\n"};

int cmd_events(cli_ctx *ctx, int argc, char **argv)
{
    events_req *req = bloc_call_request(command.call);
    int code = 0;
    if (req && cli_parse(ctx, &command, req, argc, argv, &code) == 0) {
        req->full |= ctx->format != OUT_TABLE;
        code = cli_run(ctx, &command, req);
    }
    free(req);
    return req ? code : 1;
}
