/*
 * cli/cmd_migrate — `bloc migrate`: parses, calls api_migrate (the table
 * being copied drawn at a terminal), prints.
 */
#include "api/listings.h"
#include "cli/cli.h"

static const cli_command command = {
    "migrate", &api_migrate,
    "usage: bloc migrate --from STORE.db --to postgresql://USER@HOST/DB\n"
    "       bloc migrate --from postgresql://USER@HOST/DB --to STORE.db\n"
    "                    [--format table|csv|json|jsonl]\n",
    "Move a store between SQLite and PostgreSQL, either way.\n\n"
    "Into PostgreSQL: the schema is created or updated there (events partitioned\n"
    "by month; the summaries are derived and built where they are read, not\n"
    "copied). Rows go through COPY into staging tables, then into the real ones:\n"
    "rows with a key are inserted or brought up to date, tables without one\n"
    "replaced, so running it again changes nothing. One PostgreSQL transaction.\n\n"
    "Back into SQLite: the store file is created when missing; every table both\n"
    "sides have is read with COPY from one snapshot and inserted or brought up\n"
    "to date the same way, in one SQLite transaction; the event summaries are\n"
    "rebuilt on first use.\n\n"
    "Either way the move is committed only when every table holds the same number\n"
    "of rows with the same SHA-256 checksum (over the rows in key order) on both\n"
    "sides; otherwise nothing is written and the exit status is 1. A PostgreSQL\n"
    "side is a libpq URL or key=value string (password from ~/.pgpass or\n"
    "PGPASSWORD, never the command line). Prints one row per table: rows on each\n"
    "side, checksum, and for events the monthly partitions made.\n"};

int cmd_migrate(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}
