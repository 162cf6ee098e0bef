/*
 * cli/cmd_index — `bloc index`: parses, calls analysis_index, prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "index", &analysis_index,
    "usage: bloc index [--year Y | --since YYYY --until YYYY] [--countries LIST]\n"
    "                  [--min-votes N] [--min-events N] [--weights FILE]\n",
    "The composite alignment index of each dyad-year (docs/methods.md):\n"
    "  un_agree, un_z        UN vote agreement over the roll calls both cast a vote\n"
    "                        on (at least --min-votes, default 10), and its z-score\n"
    "                        against every dyad of the year\n"
    "  net_cooperation, events_z  event net cooperation (at least --min-events,\n"
    "                        default 5, events in the year), and its z-score\n"
    "  arms, arms_z          arms transfers: NA until arms data are in the store\n"
    "  index                 the weighted mean of the z-scores present; weights from\n"
    "                        data/index.conf (or --weights FILE)\n"
    "  grade                 A-D from the votes and events behind it (A: at least\n"
    "                        100 of each component used; one component: at most C)\n"
    "--countries keeps the dyads of two states in LIST (the z-scores are still\n"
    "against all dyads). Default year: the latest with UN votes or events.\n"};

int cmd_index(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
