/*
 * cli/cmd_arms — `bloc arms share|flows|deals|releases`: parses, calls
 * analysis_arms, prints.
 */
#include <stdio.h>

#include "analysis/arms.h"
#include "cli/cli.h"

static const cli_command command = {
    "arms", &analysis_arms,
    "usage: bloc arms share [RECIPIENT|LIST] [--from Y] [--to Y] [--release D] [--evidence]\n"
    "       bloc arms flows LIST [--by year|all] [--from Y] [--to Y] [--release D] [--evidence]\n"
    "       bloc arms deals [--supplier LIST] [--recipient LIST] [--from Y] [--to Y]\n"
    "                       [--category C] [--release D] [--limit N]\n"
    "       bloc arms releases\n",
    "Arms transfers from SIPRI's Arms Transfers Database (bloc ingest sipri), in\n"
    "TIV: SIPRI's trend-indicator value of major conventional arms (millions), a\n"
    "measure of military capability transferred, not of price. Small arms and\n"
    "ammunition are not covered.\n"
    "  share     each supplier's TIV and share (a fraction) of RECIPIENT's imports\n"
    "            (of each recipient of LIST; without one, of every recipient)\n"
    "  flows     directed TIV between LIST's members, and the group's imports from\n"
    "            inside against those from outside\n"
    "  deals     the deal-years behind any figure, with file:line\n"
    "  releases  the SIPRI releases stored, and what each file covers\n"
    "Figures come from one release (the newest per-delivery register unless\n"
    "--release names another day of SIPRI's \"Data generated\" stamp) and only\n"
    "where its files hold every delivery they sum; elsewhere the answer is no\n"
    "data (NA), never 0. A TIV SIPRI left empty adds nothing and is counted in\n"
    "unknown_tiv. Suppliers and recipients are ISO3 codes, names, groups, or\n"
    "the X- codes of non-state actors (X-HEZBOLLAH, X-UNKNOWN-SUPPLIER).\n"};

int cmd_arms(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2) {
        cli_help(&command, ctx->errout);
        return 2;
    }
    return cli_call(ctx, &command, argc, argv);
}
