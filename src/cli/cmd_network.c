/*
 * cli/cmd_network — `bloc network LIST`: parses, calls analysis_network,
 * prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "network", &analysis_network,
    "usage: bloc network LIST [--period P | --since D --until D] [--domain D]\n"
    "                         [--weight mentions] [--edges]\n",
    "The cooperation network of a group: states are nodes; an edge between two\n"
    "members weighs their net cooperative events, cooperation minus conflict in\n"
    "both directions, when positive (docs/methods.md). For each member: degree,\n"
    "strength (sum of its edge weights), eigenvector centrality (igraph, scaled\n"
    "so the most central is 1) and whether it is the hub; the graph's density\n"
    "(share of member pairs with an edge) and weighted density (mean weight over\n"
    "all pairs) on every row. --edges lists the pairs instead. One network over\n"
    "the whole span (--by does not apply).\n"};

int cmd_network(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
