/*
 * cli/cmd_changes — `bloc changes`: parses, calls analysis_changes, prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "changes", &analysis_changes,
    "usage: bloc changes (--dyad A,B | --group LIST) [--measure events|net|goldstein]\n"
    "                    [--by month|week|quarter|year] [--since D] [--until D]\n"
    "                    [--domain D] [--weight mentions] [--penalty X]\n"
    "                    [--bootstrap N]\n",
    "Find the periods where a series shifts (PELT, Killick et al. 2012; see\n"
    "docs/methods.md). The series is a dyad's events (both directions) or a\n"
    "group's events between members, per period (default month):\n"
    "  events     the number of events: a change in a Poisson rate\n"
    "  net        net cooperation (periods without events are left out): a\n"
    "             change in mean, the series scaled by a robust noise estimate\n"
    "  goldstein  mean Goldstein score, likewise\n"
    "The penalty defaults to MBIC, 3 log n. For each change: the first period of\n"
    "the new regime, a bootstrap interval for it (95%, --bootstrap N replicates,\n"
    "default 999, reproducible), the means before and after and their ratio.\n"
    "No change found prints an empty table (and says so on stderr).\n"
    "The events behind a change: bloc events --dyad A,B --since ... --until ....\n"};

int cmd_changes(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
