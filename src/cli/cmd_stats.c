/*
 * cli/cmd_stats — `bloc stats`: what the store holds.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc stats [--format table|csv|json] [--db PATH]\n\n"
    "Counts of what the store holds: registry, groups, ingested sources, UN\n"
    "roll calls, votes and issue tags and the date range of the roll calls;\n"
    "events per source, per year and per domain (rows what=events_by_source,\n"
    "events_by_year, events_by_domain with the key in 'key').\n"
    "  --sources   instead, every ingested input: kind, path, SHA-256, bytes, when\n";

static int print_source(void *ctx, const store_source *src)
{
    out_table *t = ctx;
    out_int(t, src->id);
    out_str(t, src->kind ? src->kind : "");
    out_str(t, src->path ? src->path : "");
    out_str(t, src->sha256 ? src->sha256 : "");
    out_int(t, src->bytes);
    out_str(t, src->first_ingested ? src->first_ingested : "");
    return 0;
}

static int count_row(void *ctx, const char *key, long long n)
{
    out_table **tw = ctx;
    out_str(tw[0], (const char *)tw[1]);
    out_str(tw[0], key ? key : "");
    out_int(tw[0], n);
    return 0;
}

static void row(out_table *t, const char *what, const char *value)
{
    out_str(t, what);
    out_str(t, "");
    out_str(t, value);
}

static void row_int(out_table *t, const char *what, long long v)
{
    out_str(t, what);
    out_str(t, "");
    out_int(t, v);
}

int cmd_stats(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"sources", no_argument, NULL, 's'}, CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    int sources = 0;
    int opt;
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        if (opt == 's') {
            sources = 1;
            continue;
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
    if (sources) {
        static const char *const scols[] = {"id", "kind", "path", "sha256", "bytes",
                                            "first_ingested"};
        out_table *t = out_begin(ctx->out, ctx->format, scols, 6);
        if (store_sources_scan(s, print_source, t, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        out_end(t);
    } else if (store_unga_counts_get(s, &c, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
    } else {
        static const char *const cols[] = {"what", "key", "value"};
        char first[16] = "", last[16] = "";
        if (c.first_date)
            util_format_date(c.first_date, first, sizeof first);
        if (c.last_date)
            util_format_date(c.last_date, last, sizeof last);
        out_table *t = out_begin(ctx->out, ctx->format, cols, 3);
        row(t, "store", store_path(s));
        row_int(t, "schema_version", store_schema_version(s));
        row_int(t, "countries", (long long)r->ncountries);
        row_int(t, "aliases", (long long)r->naliases);
        row_int(t, "groups", (long long)r->ngroups);
        row_int(t, "sources", c.sources);
        row_int(t, "unga_rollcalls", c.rollcalls);
        row_int(t, "unga_votes", c.votes);
        row_int(t, "unga_issue_tags", c.issues);
        row(t, "unga_first_date", first);
        row(t, "unga_last_date", last);
        static const char *const by[] = {"source", "year", "domain"};
        for (size_t i = 0; i < 3 && rc == 0; i++) {
            char what[32];
            snprintf(what, sizeof what, "events_by_%s", by[i]);
            void *tw[2] = {t, what};
            if (store_events_count_by(s, by[i], count_row, tw, &err) != BLOC_OK)
                rc = cli_fail(ctx, &err);
        }
        out_end(t);
    }
    registry_free(r);
    store_close(s);
    return rc;
}
