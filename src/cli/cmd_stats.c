/*
 * cli/cmd_stats — `bloc stats`: parses, calls api_stats, prints.
 */
#include "api/listings.h"
#include "cli/cli.h"

static const cli_command command = {
    "stats", &api_stats, "usage: bloc stats [--sources] [--format table|csv|json] [--db PATH]\n",
    "Counts of what the store holds: registry, groups, ingested sources, UN\n"
    "votes (roll calls, votes, issue tags, first and last date) and events by\n"
    "source, year and domain. --sources lists the inputs instead.\n"};

int cmd_stats(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
