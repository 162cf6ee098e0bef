/*
 * cli/cmd_pairs — `bloc pairs LIST`: parses, calls analysis_pairs, prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "pairs", &analysis_pairs,
    "usage: bloc pairs LIST [--by week|month|quarter|year|all] [--since D] [--until D]\n"
    "                       [--domain D] [--weight mentions] [--directed] [--active]\n",
    "Every pair of LIST's members, period by period (default month): events per\n"
    "quad class, net cooperation and mean Goldstein, as bloc dyad computes them\n"
    "(both directions summed; --directed: one row per ordered pair). Members count\n"
    "on the dates they belong to a group. --active leaves out pair-periods\n"
    "without events.\n"};

int cmd_pairs(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
