/*
 * cli/cmd_dyad — `bloc dyad A B`: parses, calls analysis_dyad, prints.
 */
#include "analysis/analysis.h"
#include "cli/cli.h"

static const char about[] =
    "Events between two states, period by period (docs/methods.md):\n"
    "  events            events between A and B (both directions unless --directed:\n"
    "                    then A as actor 1, B as actor 2 only)\n"
    "  verbal_coop, material_coop, verbal_conflict, material_conflict\n"
    "                    events per CAMEO quad class\n"
    "  net_cooperation   (cooperation - conflict) / classified events, -1..1\n"
    "  goldstein_mean, goldstein_sum   Goldstein scores\n"
    "  material_share    material / all cooperation\n"
    "  a_events, b_events  all events of A and of B in the period (same domain)\n"
    "  salience_a, salience_b  events / a_events, events / b_events: the dyad's share\n"
    "                    of what is reported about each state, which controls for\n"
    "                    media attention\n"
    "Periods with no events are listed with 0 and NA measures. The periods cover\n"
    "--since..--until, or the first to the last event in the store (--by: default\n"
    "month). The events behind a row: bloc events --dyad A,B --since FROM --until TO.\n";

static const cli_command command = {
    "dyad", &analysis_dyad,
    "usage: bloc dyad A B [--by week|month|quarter|year|all] [--since D] [--until D]\n"
    "                     [--domain D] [--directed] [--weight events|mentions]\n",
    about};

int cmd_dyad(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
