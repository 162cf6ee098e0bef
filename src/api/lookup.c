/*
 * api/lookup — `country` (registry records for codes, names and aliases,
 * or every state) and `codes` (the CAMEO tables bloc codes events with:
 * event codes with their Goldstein weights and domains, regions, actor
 * types, known groups).
 */
#include <stdio.h>
#include <string.h>

#include "api/listings.h"
#include "cameo/cameo.h"

static const opt_def country_opts[] = {
    OPTE_REST(countries_req, queries, "QUERY"),
    {.type = OPT_STRING, .name = "q", .offset = offsetof(countries_req, q), .flags = OPT_HIDDEN},
    OPTE_FLAG("list", 0, countries_req, list, "every state in the registry"),
    OPTE_END};

static int country_check(void *req, int npos, bloc_error *err)
{
    countries_req *q = req;
    (void)npos;
    if (!q->list && q->queries.n == 0 && !q->q)
        return bloc_usage(err, "give a QUERY or --list");
    return BLOC_OK;
}

static const result_col country_cols[] = {
    {"code", RESULT_STR}, {"iso2", RESULT_STR}, {"iso_numeric", RESULT_STR}, {"name", RESULT_STR},
    {"official_name", RESULT_STR}, {"cow_code", RESULT_INT}, {"cow_abbr", RESULT_STR},
    {"cameo", RESULT_STR}, {"valid_from", RESULT_DATE}, {"valid_until", RESULT_DATE},
    {"successor", RESULT_STR}, {"note", RESULT_STR}};

void api_country_row(result *out, const store_country *c)
{
    result_str(out, c->code);
    result_str(out, c->iso2);
    result_str(out, c->iso_numeric);
    result_str(out, c->name);
    result_str(out, c->official_name);
    if (c->cow_code)
        result_int(out, c->cow_code);
    else
        result_na(out);
    result_str(out, c->cow_abbr);
    result_str(out, c->cameo);
    result_date(out, c->valid_from);
    result_date(out, c->valid_until);
    result_str(out, c->successor);
    result_str(out, c->note);
}

/* Unresolved queries do not stop the others: their rows are left out and
 * the last failure is returned after the rest. */
static int country_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const countries_req *q = request;
    const registry *r;
    int rc = bloc_session_lookup(S, &r, err), failed = BLOC_OK;
    if (rc != BLOC_OK ||
        (rc = result_begin(out, country_cols, sizeof country_cols / sizeof country_cols[0])) != BLOC_OK)
        return rc;
    if (q->list) {
        for (size_t i = 0; i < r->ncountries; i++)
            api_country_row(out, &r->countries[i]);
        return result_status(out);
    }
    int n = q->q ? 1 : q->queries.n;
    for (int i = 0; i < n; i++) {
        const store_country *c;
        if ((rc = registry_resolve(r, q->q ? q->q : q->queries.v[i], &c, err)) != BLOC_OK)
            failed = rc;
        else
            api_country_row(out, c);
    }
    return failed != BLOC_OK ? failed : result_status(out);
}

const bloc_call api_countries = {"countries", sizeof(countries_req), NULL, country_opts,
                                 country_check, country_run};

static const char *const kinds[] = {"event", "region", "type", "knowngroup", NULL};

static void codes_init(void *req)
{
    ((codes_req *)req)->kind = -1; /* any */
}

static const opt_def codes_opts[] = {
    OPTE_ARG("query", codes_req, query, "QUERY"),
    OPTE_ENUM("kind", codes_req, kind, kinds, "event|region|type|knowngroup",
              "--kind takes event, region, type or knowngroup", "one table only"),
    OPTE_END};

static int codes_check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos <= 1 ? BLOC_OK : bloc_usage(err, "give at most one QUERY");
}

typedef struct codes_ctx {
    result *out;
    const codes_req *q;
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

static int code_row(void *arg, const cameo_code_info *c)
{
    codes_ctx *ctx = arg;
    const codes_req *q = ctx->q;
    if (q->kind >= 0 && strcmp(kinds[q->kind], c->kind) != 0)
        return 0;
    if (q->query && strncmp(c->code, q->query, strlen(q->query)) != 0 &&
        !contains_nocase(c->description, q->query))
        return 0;
    static const char *const origins[] = {"own", "own", "parent", ""};
    result_str(ctx->out, c->code);
    result_str(ctx->out, c->kind);
    result_str(ctx->out, c->description);
    result_num(ctx->out, c->goldstein, 1);
    result_str(ctx->out, strcmp(c->kind, "event") == 0 ? origins[c->goldstein_origin & 3] : "");
    result_str(ctx->out, c->domain >= 0 ? cameo_domain_name(c->domain) : "");
    ctx->n++;
    return 0;
}

static const result_col codes_cols[] = {
    {"code", RESULT_STR}, {"kind", RESULT_STR}, {"description", RESULT_STR},
    {"goldstein", RESULT_NUM}, {"weight_from", RESULT_STR}, {"domain", RESULT_STR}};

static int codes_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const codes_req *q = request;
    const cameo_tables *t;
    codes_ctx c = {out, q, 0};
    int rc;
    if ((rc = bloc_session_cameo(S, &t, err)) != BLOC_OK ||
        (rc = result_begin(out, codes_cols, sizeof codes_cols / sizeof codes_cols[0])) != BLOC_OK)
        return rc;
    cameo_each(t, code_row, &c);
    if (c.n == 0)
        return bloc_fail(err, BLOC_ENOTFOUND, "nothing matches '%s'", q->query ? q->query : "");
    return result_status(out);
}

const bloc_call api_codes = {"codes", sizeof(codes_req), codes_init, codes_opts, codes_check,
                             codes_run};
