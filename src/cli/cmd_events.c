/*
 * cli/cmd_events — `bloc events`: list stored events by actor or dyad,
 * period, CAMEO code, domain and source, with the evidence behind each
 * (source URL, input file and line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc events [--dyad A,B | --actor LIST] [filters] [--limit N]\n\n"
    "List stored events, newest first. --dyad A,B: events between A and B in\n"
    "either direction, where A and B are each a country or a group (a group\n"
    "stands for all its members, whatever their dates). --actor LIST: events\n"
    "where either actor is in LIST (countries and groups, comma-separated).\n\n"
    "Filters:\n"
    "  --since DATE, --until DATE   event dates (YYYY[-MM[-DD]])\n"
    "  --root NN                    CAMEO root code, e.g. 19 (fight)\n"
    "  --code PREFIX                CAMEO event code prefix, e.g. 0874 or 19\n"
    "  --domain D                   military, economic, diplomatic, technology,\n"
    "                               humanitarian or other (data/cameo/domains.csv)\n"
    "  --quad N                     quad class 1-4\n"
    "  --source S                   gdelt1, gdelt2, bloc, coder ...\n"
    "  --limit N                    at most N events (default 100; 0 = all)\n"
    "  --oldest                     oldest first\n"
    "  --format table|csv|json      table shows the main columns; csv and json\n"
    "                               every column of the events table\n"
    "  --db PATH\n";

typedef struct events_out {
    out_table *t;
    const cameo_tables *cameo;
    int full;
} events_out;

static const char *const short_cols[] = {"date", "actor1", "actor2", "code", "description",
                                         "domain", "goldstein", "mentions", "url"};
static const char *const full_cols[] = {
    "source", "source_event_id", "date", "date_added",
    "actor1_code", "actor1_name", "actor1_country", "actor1_cameo_country", "actor1_type1",
    "actor2_code", "actor2_name", "actor2_country", "actor2_cameo_country", "actor2_type1",
    "event_code", "base_code", "root_code", "description", "quad_class", "goldstein",
    "goldstein_origin", "mentions", "sources", "articles", "tone", "geo_country", "geo_fips",
    "geo_adm1", "geo_lat", "geo_lon", "domain", "url", "file", "line", "detail"};

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void actor_label(const store_actor *a, char *buf, size_t n)
{
    if (a->country && a->name && *a->name)
        snprintf(buf, n, "%s (%s)", a->name, a->country);
    else
        snprintf(buf, n, "%s", a->name && *a->name ? a->name : nz(a->code ? a->code : a->country));
}

static int print_event(void *ctx, const store_event *e, const char *path)
{
    events_out *o = ctx;
    out_table *t = o->t;
    const char *descr = cameo_describe(o->cameo, nz(e->event_code));
    if (!o->full) {
        char a1[256], a2[256];
        actor_label(&e->actor[0], a1, sizeof a1);
        actor_label(&e->actor[1], a2, sizeof a2);
        out_date(t, e->date);
        out_str(t, a1);
        out_str(t, a2);
        out_str(t, nz(e->event_code));
        out_str(t, nz(descr));
        out_str(t, nz(e->domain));
        out_num(t, e->goldstein, 1);
        if (e->mentions < 0)
            out_na(t);
        else
            out_int(t, e->mentions);
        out_str(t, nz(e->url));
        return 0;
    }
    out_str(t, nz(e->source));
    out_str(t, nz(e->source_event_id));
    out_date(t, e->date);
    out_str(t, nz(e->date_added));
    for (int a = 0; a < 2; a++) {
        const store_actor *ac = &e->actor[a];
        out_str(t, nz(ac->code));
        out_str(t, nz(ac->name));
        out_str(t, nz(ac->country));
        out_str(t, nz(ac->cameo_country));
        out_str(t, nz(ac->type[0]));
    }
    out_str(t, nz(e->event_code));
    out_str(t, nz(e->base_code));
    out_str(t, nz(e->root_code));
    out_str(t, nz(descr));
    if (e->quad_class)
        out_int(t, e->quad_class);
    else
        out_na(t);
    out_num(t, e->goldstein, 1);
    static const char *const origins[] = {"data", "table", "parent", "none"};
    out_str(t, origins[e->goldstein_origin >= 0 && e->goldstein_origin <= 3 ? e->goldstein_origin : 3]);
    const long long counts[3] = {e->mentions, e->sources, e->articles};
    for (int i = 0; i < 3; i++)
        if (counts[i] < 0)
            out_na(t);
        else
            out_int(t, counts[i]);
    out_num(t, e->tone, 10);
    out_str(t, nz(e->geo_country));
    out_str(t, nz(e->geo_fips));
    out_str(t, nz(e->geo_adm1));
    out_num(t, e->geo_lat, 4);
    out_num(t, e->geo_lon, 4);
    out_str(t, nz(e->domain));
    out_str(t, nz(e->url));
    out_str(t, nz(path));
    out_int(t, e->line);
    out_str(t, nz(e->detail));
    return 0;
}

/* Codes of a list of countries and groups; *codes is caller-owned, its
 * strings borrow from the members array *members (also caller-owned). */
static int side_codes(const registry *r, const char *list, store_member **members,
                      const char ***codes, size_t *n, bloc_error *err)
{
    int rc = registry_parse_list(r, list, members, n, err);
    if (rc != BLOC_OK)
        return rc;
    *codes = malloc((*n ? *n : 1) * sizeof **codes);
    if (!*codes)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < *n; i++)
        (*codes)[i] = (*members)[i].code;
    return BLOC_OK;
}

int cmd_events(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dyad", required_argument, NULL, 'd'},  {"actor", required_argument, NULL, 'a'},
        {"since", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
        {"root", required_argument, NULL, 'r'},  {"code", required_argument, NULL, 'c'},
        {"domain", required_argument, NULL, 'D'}, {"quad", required_argument, NULL, 'q'},
        {"source", required_argument, NULL, 'S'}, {"limit", required_argument, NULL, 'l'},
        {"oldest", no_argument, NULL, 'o'},      CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    store_event_query q = {.limit = 100};
    const char *dyad = NULL, *actor = NULL;
    bloc_error err;
    int opt;
    bloc_error_clear(&err);
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'd':
            dyad = optarg;
            break;
        case 'a':
            actor = optarg;
            break;
        case 's':
        case 'u':
            if (util_parse_date(optarg, opt == 'u', opt == 's' ? &q.since : &q.until, &err) !=
                BLOC_OK)
                return cli_usage(ctx, "events", "%s", err.msg);
            break;
        case 'r':
            if (strlen(optarg) != 2 || cameo_key(optarg) < 0)
                return cli_usage(ctx, "events", "--root needs a two-digit CAMEO root code");
            q.root = optarg;
            break;
        case 'c':
            if (cameo_key(optarg) < 0)
                return cli_usage(ctx, "events", "--code needs 2 to 4 digits");
            q.code_prefix = optarg;
            break;
        case 'D':
            if (cameo_domain_parse(optarg) < 0)
                return cli_usage(ctx, "events", "unknown domain '%s' (military, economic, "
                                 "diplomatic, technology, humanitarian, other)", optarg);
            q.domain = cameo_domain_name(cameo_domain_parse(optarg));
            break;
        case 'q':
            q.quad_class = (int)strtol(optarg, &end, 10);
            if (*end || q.quad_class < 1 || q.quad_class > 4)
                return cli_usage(ctx, "events", "--quad needs 1, 2, 3 or 4");
            break;
        case 'S':
            q.source = optarg;
            break;
        case 'l':
            q.limit = strtoll(optarg, &end, 10);
            if (*end || q.limit < 0)
                return cli_usage(ctx, "events", "--limit needs a whole number >= 0");
            break;
        case 'o':
            q.ascending = 1;
            break;
        default:
            return cli_usage(ctx, "events", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "events", "unexpected argument '%s'", argv[optind]);
    if (dyad && actor)
        return cli_usage(ctx, "events", "give --dyad or --actor, not both");
    char *a_text = NULL;
    const char *b_text = NULL;
    if (dyad && cli_split_pair(dyad, &a_text, &b_text) != 0)
        return cli_usage(ctx, "events", "--dyad needs two names: A,B");
    store *s = NULL;
    registry *r = NULL;
    cameo_tables *cameo = NULL;
    store_member *ma = NULL, *mb = NULL;
    const char **ca = NULL, **cb = NULL;
    int rc = 0;
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK || cameo_load(ctx->datadir, &cameo, &err) != BLOC_OK ||
        (dyad && (side_codes(r, a_text, &ma, &ca, &q.nside_a, &err) != BLOC_OK ||
                  side_codes(r, b_text, &mb, &cb, &q.nside_b, &err) != BLOC_OK)) ||
        (actor && side_codes(r, actor, &ma, &ca, &q.nside_a, &err) != BLOC_OK)) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    q.side_a = ca;
    q.side_b = cb;
    events_out o = {.cameo = cameo, .full = ctx->format != OUT_TABLE};
    o.t = o.full ? out_begin(ctx->out, ctx->format, full_cols, sizeof full_cols / sizeof *full_cols)
                 : out_begin(ctx->out, ctx->format, short_cols, sizeof short_cols / sizeof *short_cols);
    if (store_events_scan(s, &q, print_event, &o, &err) != BLOC_OK)
        rc = cli_fail(ctx, &err);
    out_end(o.t);
done:
    free(a_text);
    free(ca);
    free(cb);
    free(ma);
    free(mb);
    cameo_free(cameo);
    registry_free(r);
    store_close(s);
    return rc;
}
