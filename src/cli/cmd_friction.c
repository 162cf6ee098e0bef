/*
 * cli/cmd_friction — `bloc friction LIST`: parses, calls analysis_friction,
 * prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "friction", &analysis_friction,
    "usage: bloc friction LIST [--by P] [--since D] [--until D] [--domain D]\n"
    "                          [--weight mentions] [--list [--limit N]]\n",
    "The seams of a group: conflictual events (CAMEO quad classes 3 and 4:\n"
    "verbal and material conflict) between two of its members. Per period\n"
    "(default year): the group's events, its conflictual ones, their share of the\n"
    "classified events, and the dyad with the most of them. --list prints the\n"
    "events themselves, newest first, with date, actors, code, Goldstein score\n"
    "and source.\n"};

int cmd_friction(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
