/*
 * cli/cmd_cohesion — `bloc group LIST [--vs LIST]` and `bloc stance LIST
 * RIVAL`: parse, call analysis_group / analysis_stance, print.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const cli_command group_command = {
    "group", &analysis_group,
    "usage: bloc group LIST [--vs LIST] [--by week|month|quarter|year|all]\n"
    "                       [--since D] [--until D] [--domain D] [--weight mentions]\n",
    "How aligned a group is, period by period (docs/methods.md; --by: default year).\n"
    "For the group's own dyads (two different members, both members on the event's\n"
    "date):\n"
    "  events, cooperation, conflict   events between members, by quad class\n"
    "  net_cooperation  (cooperation - conflict) / (cooperation + conflict): the\n"
    "                   event-weighted mean of the dyads' net cooperation\n"
    "  goldstein_mean   mean Goldstein score of those events\n"
    "  friction_share   conflict / (cooperation + conflict): the seams (bloc friction)\n"
    "  dyads, dyads_active  member pairs, and those with events in the period\n"
    "  hub              the most central member of the cooperation network\n"
    "                   (eigenvector centrality, bloc network)\n"
    "  un_votes, un_agree, un_s_score, un_kappa  UN General Assembly cohesion over\n"
    "                   the roll calls of the same period (as bloc unga group)\n"
    "With --vs RIVAL: the same rows for the rival, and rows LIST->RIVAL and\n"
    "RIVAL->LIST for the events from one group's members to the other's (their UN\n"
    "columns: agreement between the groups). Periods without events show 0 and NA.\n"
    "A LIST is countries and group names joined by commas (crink, g7, RUS,CHN).\n"
    "(bloc group list|show|add|rm manage the groups themselves.)\n"};

static const cli_command stance_command = {
    "stance", &analysis_stance,
    "usage: bloc stance LIST RIVAL [--by P] [--since D] [--until D] [--domain D]\n"
    "                   [--weight mentions]\n",
    "Each member's stance toward a rival group, period by period (default year):\n"
    "the events from the member to the rival's members (directed), their net\n"
    "cooperation and mean Goldstein score, and the same for the events back.\n"};

int cmd_group_measures(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &group_command, argc, argv);
}

int cmd_stance(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &stance_command, argc, argv);
}
