/*
 * cli/cmd_stats — `bloc stats`: what the store holds.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc stats [--format table|csv|json] [--db PATH]\n\n"
    "Counts of what the store holds: registry, groups, ingested sources, UN\n"
    "roll calls, votes and issue tags, and the date range of the roll calls.\n";

int cmd_stats(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int h = cli_common_option(ctx, opt, optarg);
        if (h < 0)
            return 2;
        if (h)
            continue;
        if (opt == OPT_HELP) {
            fputs(help, stdout);
            return 0;
        }
        return cli_usage(ctx, "stats", "unknown option");
    }
    if (optind < argc)
        return cli_usage(ctx, "stats", "unexpected argument '%s'", argv[optind]);
    store *s = NULL;
    registry *r = NULL;
    bloc_error err;
    store_unga_counts c;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    int rc = 0;
    if (store_unga_counts_get(s, &c, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
    } else {
        static const char *const cols[] = {"what", "value"};
        char first[16] = "", last[16] = "";
        if (c.first_date)
            util_format_date(c.first_date, first, sizeof first);
        if (c.last_date)
            util_format_date(c.last_date, last, sizeof last);
        out_table *t = out_begin(stdout, ctx->format, cols, 2);
        out_str(t, "store");
        out_str(t, store_path(s));
        out_str(t, "schema_version");
        out_int(t, store_schema_version(s));
        out_str(t, "countries");
        out_int(t, (long long)r->ncountries);
        out_str(t, "aliases");
        out_int(t, (long long)r->naliases);
        out_str(t, "groups");
        out_int(t, (long long)r->ngroups);
        out_str(t, "sources");
        out_int(t, c.sources);
        out_str(t, "unga_rollcalls");
        out_int(t, c.rollcalls);
        out_str(t, "unga_votes");
        out_int(t, c.votes);
        out_str(t, "unga_issue_tags");
        out_int(t, c.issues);
        out_str(t, "unga_first_date");
        out_str(t, first);
        out_str(t, "unga_last_date");
        out_str(t, last);
        out_end(t);
    }
    registry_free(r);
    store_close(s);
    return rc;
}
