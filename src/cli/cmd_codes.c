/*
 * cli/cmd_codes — `bloc codes`: parses, calls api_codes, prints.
 */
#include "api/listings.h"
#include "cli/cli.h"

static const cli_command command = {
    "codes", &api_codes, "usage: bloc codes [QUERY] [--kind event|region|type|knowngroup]\n",
    "List the CAMEO codes bloc uses, from data/cameo/: event codes with their\n"
    "Goldstein weights (and whether the weight is the code's own or its parent's)\n"
    "and domains; CAMEO regions, actor types and known groups. QUERY matches a\n"
    "code prefix or a word of the description.\n"};

int cmd_codes(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
