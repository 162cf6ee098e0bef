/*
 * cli/cmd_unga — `bloc unga dyad|group|versus|top|pairs`: parses, calls
 * analysis_unga, prints.
 */
#include <stdio.h>

#include "analysis/unga.h"
#include "cli/cli.h"

static const cli_command command = {
    "unga", &analysis_unga,
    "usage: bloc unga dyad A B          [period options]\n"
    "       bloc unga group LIST        [period options]\n"
    "       bloc unga versus LIST LIST  [period options]\n"
    "       bloc unga top A [--year Y | --since D --until D] [--limit N]\n"
    "                       [--measure agree|s|kappa] [--min-votes N]\n"
    "       bloc unga pairs [--countries LIST] [period options]\n",
    "Alignment of states in UN General Assembly roll-call votes, computed over\n"
    "the roll calls where both states of a dyad voted (yes, abstain or no;\n"
    "absences are left out). For each figure bloc prints the number of common\n"
    "votes behind it and three measures (docs/methods.md):\n"
    "  agree    share of common votes where both cast the same vote\n"
    "  s_score  Signorino-Ritter S on yes=1, abstain=2, no=3: 1 - mean|x-y|\n"
    "  kappa    Cohen's kappa (chance-corrected agreement); NA when undefined\n"
    "group: cohesion, the mean over all dyads of the group; versus: the\n"
    "cohesion of each group and the mean agreement between their members;\n"
    "top: states ranked by agreement with A; pairs: every dyad (a dyad-period\n"
    "data set for R or pandas). A LIST is countries and/or group names joined\n"
    "by commas (crink, g7, nato, brics, sco, RUS,CHN). In group measures a\n"
    "roll call counts for a dyad only if both were members on its date.\n\n"
    "Period options:\n"
    "  --by year|session|decade|all   period (default year; all = one span)\n"
    "  --since DATE, --until DATE     limit the roll calls (YYYY[-MM[-DD]])\n"
    "  --issue CODE|each              one issue area (me, nu, di, hr, co, ec)\n"};

int cmd_unga(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        cli_help(&command, ctx->errout);
        return 2;
    }
    return cli_call(ctx, &command, argc, argv);
}
