/*
 * cli/cmd_migrate — `bloc migrate`: move a SQLite store into PostgreSQL
 * (store/store_pg), and report each table's rows and checksum.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store_pg.h"

static const char *const help =
    "usage: bloc migrate --from STORE.db --to postgresql://USER@HOST/DB\n"
    "                    [--format table|csv|json|jsonl]\n\n"
    "Copy a SQLite store into a PostgreSQL database, creating or updating its\n"
    "schema there (events partitioned by month; the summaries are derived and\n"
    "built where they are read, not copied). Rows go through COPY into staging\n"
    "tables, then into the real ones: rows with a key are inserted or brought up\n"
    "to date, tables without one replaced, so running it again changes nothing.\n"
    "Everything happens in one PostgreSQL transaction, committed only when every\n"
    "table holds the same number of rows with the same SHA-256 checksum (over\n"
    "the rows in key order) on both sides; otherwise nothing is written and the\n"
    "exit status is 1. --to takes a libpq URL or key=value string (password from\n"
    "~/.pgpass or PGPASSWORD, never the command line). Prints one row per table:\n"
    "rows, checksum, and for events the monthly partitions.\n";

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
        return cli_usage(ctx, "migrate", "--from STORE.db and --to postgresql://... are both needed");
    if (store_pg_is_url(from) || !store_pg_is_url(to))
        return cli_usage(ctx, "migrate",
                         "only SQLite to PostgreSQL so far: --from a store file, --to a postgresql:// URL");
    if (access(from, R_OK) != 0)
        return cli_usage(ctx, "migrate", "cannot read the store %s", from);
    store_pg_report rep;
    bloc_error err;
    bloc_error_clear(&err);
    int rc = store_pg_migrate_from_sqlite(from, to, &rep, say_table, ctx, &err);
    if (isatty(fileno(ctx->errout)))
        fputc('\n', ctx->errout);
    if (rc != BLOC_OK)
        return cli_fail(ctx, &err);
    static const char *const cols[] = {"table", "rows", "rows_postgresql", "sha256", "partitions"};
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
    fprintf(ctx->errout, "%s migrate: %zu tables, %lld rows; counts and checksums agree (PostgreSQL schema %d)\n",
            ctx->prog, rep.n, total, rep.schema_version);
    return 0;
}
