/*
 * cli/cmd_assess — `bloc assess LIST [--vs RIVAL]`: parses, calls
 * analysis_assess, prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command command = {
    "assess", &analysis_assess,
    "usage: bloc assess LIST [--vs RIVAL] [--split DATE] [--since D] [--until D]\n"
    "                   [--weight mentions] [--reps N] [--evidence [--limit N]]\n",
    "One table that answers \"is the alignment real or overstated?\" from the data\n"
    "(docs/methods.md). For LIST (and RIVAL, when given), before and after\n"
    "--split (default 2022-02-24, Russia's full-scale invasion of Ukraine):\n"
    "  UN-vote cohesion       share of member pairs voting alike, pooled over roll calls\n"
    "  event cohesion         net cooperation between members (all, military,\n"
    "                         economic, diplomatic, technology)\n"
    "  events per month       volume between members, per domain (ratio after/before)\n"
    "  friction share         conflictual share of the events between members\n"
    "  hub, hub share         the most central member after the split, and its share\n"
    "                         of the cooperative events between members\n"
    "  stance                 net cooperation from the group's members to the other's\n"
    "  military events A-B    per member pair with any (the rival: its five busiest)\n"
    "UN votes are compared from --since (default: ten years before the split).\n"
    "Each row: before, after, change (difference, or ratio for volumes), a 95%\n"
    "bootstrap interval (months, or roll calls, resampled; --reps, default 999),\n"
    "direction (up / down when the interval excludes no change), the events or\n"
    "votes behind each side, a grade (A >= 1000 behind the thinner side, B >= 100,\n"
    "C >= 20, D below) and a sentence. --evidence lists instead the events and\n"
    "roll calls behind each indicator.\n"};

int cmd_assess(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
