/*
 * cli/cmd_country — `bloc country`: resolve codes, names and aliases to
 * registry records, or list the registry.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc country [options] QUERY...\n"
    "       bloc country --list\n\n"
    "Resolve each QUERY to a state and print its record. A QUERY may be an ISO\n"
    "3166 alpha-3 (RUS), alpha-2 (RU) or numeric (643) code, cow:N for a\n"
    "Correlates of War number, cameo:XXX for a CAMEO code, or a name or alias\n"
    "(\"Russian Federation\", \"DPRK\", \"Iran (Islamic Republic of)\", USSR).\n"
    "An unknown name is an error that suggests near matches.\n\n"
    "Options:\n"
    "  --list             list every state in the registry\n"
    "  --format FMT       table (default), csv or json\n"
    "  --db PATH          store (default $BLOC_DB or bloc.db)\n"
    "  --help             this help\n";

static const char *const cols[] = {"code", "iso2", "iso_numeric", "name", "official_name",
                                   "cow_code", "cow_abbr", "cameo", "valid_from", "valid_until",
                                   "successor", "note"};
enum { NCOLS = sizeof cols / sizeof cols[0] };

static void row(out_table *t, const store_country *c)
{
    out_str(t, c->code);
    out_str(t, c->iso2);
    out_str(t, c->iso_numeric);
    out_str(t, c->name);
    out_str(t, c->official_name);
    if (c->cow_code)
        out_int(t, c->cow_code);
    else
        out_na(t);
    out_str(t, c->cow_abbr);
    out_str(t, c->cameo);
    out_date(t, c->valid_from);
    out_date(t, c->valid_until);
    out_str(t, c->successor);
    out_str(t, c->note);
}

/* One record as "field: value" lines (table format, single query). */
static void record(const store_country *c)
{
    char from[16] = "", until[16] = "";
    if (c->valid_from)
        util_format_date(c->valid_from, from, sizeof from);
    if (c->valid_until)
        util_format_date(c->valid_until, until, sizeof until);
    printf("code:          %s\n", c->code);
    printf("name:          %s\n", c->name);
    printf("official name: %s\n", c->official_name);
    printf("ISO alpha-2:   %s\n", c->iso2[0] ? c->iso2 : "-");
    printf("ISO numeric:   %s\n", c->iso_numeric[0] ? c->iso_numeric : "-");
    if (c->cow_code)
        printf("COW:           %d (%s)\n", c->cow_code, c->cow_abbr);
    else
        printf("COW:           -\n");
    printf("CAMEO:         %s\n", c->cameo);
    if (c->valid_from || c->valid_until)
        printf("existed:       %s .. %s\n", from[0] ? from : "?", until[0] ? until : "present");
    if (c->successor[0])
        printf("successor:     %s\n", c->successor);
    if (c->note[0])
        printf("note:          %s\n", c->note);
}

int cmd_country(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"list", no_argument, NULL, 'l'}, CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    int list = 0, opt, rc = 0;
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        if (opt == 'l')
            list = 1;
        else
            return cli_usage(ctx, "country", "unknown option");
    }
    if (!list && optind >= argc)
        return cli_usage(ctx, "country", "give a QUERY or --list");
    store *s = NULL;
    registry *r = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    if (!list && argc - optind == 1 && ctx->format == OUT_TABLE) {
        const store_country *c;
        if (registry_resolve(r, argv[optind], &c, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        else
            record(c);
        goto done;
    }
    out_table *t = out_begin(ctx->out, ctx->format, cols, NCOLS);
    if (list) {
        for (size_t i = 0; i < r->ncountries; i++)
            row(t, &r->countries[i]);
    } else {
        for (int i = optind; i < argc; i++) {
            const store_country *c;
            if (registry_resolve(r, argv[i], &c, &err) != BLOC_OK) {
                rc = cli_fail(ctx, &err);
                continue;
            }
            row(t, c);
        }
    }
    out_end(t);
done:
    registry_free(r);
    store_close(s);
    return rc;
}
