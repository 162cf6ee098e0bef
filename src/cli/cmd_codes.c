/*
 * cli/cmd_codes — `bloc codes`: look up the CAMEO tables bloc codes events
 * with (event codes, their Goldstein weights and domains; regions, actor
 * types and known groups), as loaded from data/cameo/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc codes [QUERY] [--kind event|region|type|knowngroup]\n\n"
    "List the CAMEO codes bloc uses, from data/cameo/: event codes with their\n"
    "description, Goldstein weight (and whether it is the code's own or its\n"
    "parent's: see docs/formats.md) and the domain the rules of domains.csv\n"
    "give the code when no actor type decides; and the three-letter actor codes\n"
    "for regions, actor types and known groups (countries: bloc country).\n"
    "QUERY keeps codes that start with it or whose description contains it\n"
    "(case-insensitive).\n\n"
    "  --kind K        only event codes, regions, types or known groups\n"
    "  --format table|csv|json, --db PATH\n";

typedef struct codes_ctx {
    out_table *t;
    const char *query;
    const char *kind;
    long long n;
} codes_ctx;

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 32) == (needle[i] | 32))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static int print_code(void *arg, const cameo_code_info *c)
{
    codes_ctx *ctx = arg;
    if (ctx->kind && strcmp(ctx->kind, c->kind) != 0)
        return 0;
    if (ctx->query && strncmp(c->code, ctx->query, strlen(ctx->query)) != 0 &&
        !contains_nocase(c->description, ctx->query))
        return 0;
    static const char *const origins[] = {"own", "own", "parent", ""};
    out_str(ctx->t, c->code);
    out_str(ctx->t, c->kind);
    out_str(ctx->t, c->description);
    out_num(ctx->t, c->goldstein, 1);
    out_str(ctx->t, strcmp(c->kind, "event") == 0 ? origins[c->goldstein_origin & 3] : "");
    out_str(ctx->t, c->domain >= 0 ? cameo_domain_name(c->domain) : "");
    ctx->n++;
    return 0;
}

int cmd_codes(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    codes_ctx c = {0};
    int opt;
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        if (opt == 'k') {
            static const char *const kinds[] = {"event", "region", "type", "knowngroup"};
            for (size_t i = 0; i < 4; i++)
                if (strcmp(optarg, kinds[i]) == 0)
                    c.kind = kinds[i];
            if (!c.kind)
                return cli_usage(ctx, "codes", "--kind takes event, region, type or knowngroup");
            continue;
        }
        return cli_usage(ctx, "codes", "unknown option");
    }
    if (argc - optind > 1)
        return cli_usage(ctx, "codes", "give at most one QUERY");
    c.query = optind < argc ? argv[optind] : NULL;
    cameo_tables *t = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    if (cameo_load(ctx->datadir, &t, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    static const char *const cols[] = {"code", "kind", "description", "goldstein",
                                       "weight_from", "domain"};
    c.t = out_begin(ctx->out, ctx->format, cols, 6);
    cameo_each(t, print_code, &c);
    out_end(c.t);
    cameo_free(t);
    if (c.n == 0) {
        fprintf(ctx->errout, "%s codes: nothing matches '%s'\n", ctx->prog, c.query ? c.query : "");
        return 1;
    }
    return 0;
}
