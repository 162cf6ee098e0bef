/*
 * cli/cmd_migrate — `bloc migrate`: move a store from SQLite into
 * PostgreSQL or back (store/store_pg), and report each table's rows and
 * checksum.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store_pg.h"

static const char *const help =
    "usage: bloc migrate --from STORE.db --to postgresql://USER@HOST/DB\n"
    "       bloc migrate --from postgresql://USER@HOST/DB --to STORE.db\n"
    "                    [--format table|csv|json|jsonl]\n\n"
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
    "side, checksum, and for events the monthly partitions made.\n";

static void say_table(void *ctx, const char *table)
{
    cli_ctx *c = ctx;
    if (isatty(fileno(c->errout)))
        fprintf(c->errout, "\r%s migrate: %-24s", c->prog, table);
}

int cmd_migrate(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    const char *from = NULL, *to = NULL;
    int opt, code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        default: return cli_usage(ctx, "migrate", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "migrate", "unexpected argument '%s'", argv[optind]);
    if (!from || !to)
        return cli_usage(ctx, "migrate", "--from and --to are both needed");
    int back = store_pg_is_url(from);
    if (back == store_pg_is_url(to))
        return cli_usage(ctx, "migrate",
                         "one side is a SQLite store file, the other a postgresql:// URL");
    if (!back && access(from, R_OK) != 0)
        return cli_usage(ctx, "migrate", "cannot read the store %s", from);
    store_pg_report rep;
    bloc_error err;
    bloc_error_clear(&err);
    int rc = back ? store_pg_migrate_to_sqlite(from, to, &rep, say_table, ctx, &err)
                  : store_pg_migrate_from_sqlite(from, to, &rep, say_table, ctx, &err);
    if (isatty(fileno(ctx->errout)))
        fputc('\n', ctx->errout);
    if (rc != BLOC_OK)
        return cli_fail(ctx, &err);
    static const char *const cols[] = {"table", "rows_sqlite", "rows_postgresql", "sha256", "partitions"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 5);
    long long total = 0;
    for (size_t i = 0; i < rep.n; i++) {
        out_str(t, rep.t[i].name);
        out_int(t, rep.t[i].rows);
        out_int(t, rep.t[i].rows_pg);
        out_str(t, rep.t[i].sha256);
        out_int(t, rep.t[i].partitions);
        total += rep.t[i].rows;
    }
    out_end(t);
    fprintf(ctx->errout,
            "%s migrate: %zu tables, %lld rows %s; counts and checksums agree (PostgreSQL schema %d)\n",
            ctx->prog, rep.n, total, back ? "into SQLite" : "into PostgreSQL", rep.schema_version);
    return 0;
}
