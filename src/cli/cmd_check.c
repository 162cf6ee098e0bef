/*
 * cli/cmd_check — `bloc check ARTICLE [--date D]`: parses, calls
 * check_call, prints.
 */
#include "check/check.h"
#include "cli/cli.h"

static const cli_command command = {
    "check", &check_call, "usage: bloc check ARTICLE [--date YYYY-MM-DD] [--tolerance X]\n",
    "Test an article's claims against the data. ARTICLE is plain text or\n"
    "Markdown (- reads standard input), dated --date (default today). Each\n"
    "claim found is tied to its sentence and character offsets:\n"
    "  quantity  a share, count or amount between states over a span\n"
    "  event     who did what to whom, when (the coder's events)\n"
    "  relation  a formal tie (\"X is Y's sole military ally\")\n"
    "  trend     a group or dyad coming closer or keeping apart, with its\n"
    "            words of change, domains and split date\n"
    "and tested with the measure that fits: arms shares and deals (SIPRI,\n"
    "naming the release), alliances (ATOP), UN-vote cohesion and agreement\n"
    "before and after the split (assess, with 95% intervals), events. The\n"
    "verdict is supported, close (a share within --tolerance points, default\n"
    "5), partly, contradicted, not testable (the data bloc holds cannot speak\n"
    "to it, and why) or no data (the right source, no coverage for the\n"
    "period). Each row gives the figure found beside the one claimed, the\n"
    "evidence and the commands that reproduce it (docs/check.md).\n"};

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
