/*
 * cli/cmd_alliances — `bloc alliances LIST [--year Y]`: parses, calls
 * analysis_alliances, prints.
 */
#include <stdio.h>

#include "analysis/alliances.h"
#include "cli/cli.h"

static const cli_command command = {
    "alliances", &analysis_alliances, "usage: bloc alliances LIST [--year Y]\n",
    "Formal alliances (ATOP 5.1, loaded with bloc ingest atop) in one year: for\n"
    "every pair of LIST's members the five obligations (defense, offense,\n"
    "neutral, nonagg, consul), each 'mutual', 'A to B' when only A owes it, or\n"
    "'no'; then each member's defence pacts with states outside LIST. ATOP ends\n"
    "in 2018: a later year is no data, not a year without alliances.\n"};

int cmd_alliances(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
