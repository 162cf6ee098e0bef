/*
 * api/stats — `stats`: what the store holds (registry, groups, inputs, UN
 * votes, events by source, year and domain), or its recorded inputs with
 * their checksums (sources = 1), or the data checked against each other
 * (consistency = 1: analysis/arms.h).
 */
#include <stdio.h>

#include "analysis/arms.h"
#include "api/listings.h"
#include "core/util.h"

static const opt_def opts[] = {
    OPTE_FLAG("sources", 0, stats_req, sources, "the inputs ingested, with their digest (XXH3-128 or SHA-256) and size"),
    OPTE_FLAG("coverage", 0, stats_req, coverage,
              "what each input covers: the days, and the countries of its filter"),
    OPTE_FLAG("check", 0, stats_req, consistency,
              "check the data against each other (SIPRI's register against its TIV table);\n"
              "exit status 1 when a check differs"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const stats_req *q = req;
    (void)npos;
    return q->sources + q->coverage + q->consistency > 1
               ? bloc_usage(err, "give one of --sources, --coverage and --check")
               : BLOC_OK;
}

static const result_col coverage_cols[] = {
    {"kind", RESULT_STR}, {"source", RESULT_STR}, {"scope", RESULT_STR}, {"from", RESULT_DATE},
    {"to", RESULT_DATE}, {"days", RESULT_INT}, {"units", RESULT_INT}, {"unit", RESULT_STR},
    {"release", RESULT_DATE}};

static int coverage_row(void *ctx, const store_coverage *c)
{
    result *out = ctx;
    result_str(out, c->kind);
    result_str(out, c->path);
    result_str(out, c->scope);
    result_date(out, c->first);
    result_date(out, c->last);
    result_int(out, util_date_days(c->last) - util_date_days(c->first) + 1);
    result_na(out);
    result_str(out, "");
    result_date(out, c->release);
    return result_status(out) != BLOC_OK;
}

/* All UN votes together: the roll calls, whichever release holds them. */
static void unga_row(result *out, const char *what, int release, int first, int last, long long n)
{
    result_str(out, "unga");
    result_str(out, what);
    result_str(out, "all");
    result_date(out, first);
    result_date(out, last);
    result_int(out, util_date_days(last) - util_date_days(first) + 1);
    result_int(out, n);
    result_str(out, "roll calls");
    result_date(out, release);
}

/* Every input's coverage: the event files' spans, each UN vote input's
 * roll calls with its release, then all UN votes together (the days of
 * their roll calls, every member state). */
static int coverage(store *s, result *out, bloc_error *err)
{
    store_unga_counts c;
    int rc;
    if ((rc = result_begin(out, coverage_cols, sizeof coverage_cols / sizeof coverage_cols[0])) != BLOC_OK ||
        (rc = store_coverage_scan(s, NULL, coverage_row, out, err)) != BLOC_OK ||
        (rc = store_unga_counts_get(s, &c, err)) != BLOC_OK)
        return result_status(out) != BLOC_OK ? result_status(out) : rc;
    if (c.rollcalls)
        unga_row(out, "UN General Assembly roll calls", 0, c.first_date, c.last_date, c.rollcalls);
    return result_status(out);
}

static int source_row(void *ctx, const store_source *src)
{
    result *out = ctx;
    result_int(out, src->id);
    result_str(out, src->kind ? src->kind : "");
    result_str(out, src->path ? src->path : "");
    result_str(out, src->sha256 ? src->sha256 : "");
    result_int(out, src->bytes);
    result_str(out, src->first_ingested ? src->first_ingested : "");
    return result_status(out) != BLOC_OK;
}

typedef struct count_ctx {
    result *out;
    const char *what;
} count_ctx;

static int count_row(void *ctx, const char *key, long long n)
{
    count_ctx *c = ctx;
    result_str(c->out, c->what);
    result_str(c->out, key ? key : "");
    result_int(c->out, n);
    return 0;
}

static void row(result *out, const char *what, const char *value)
{
    result_str(out, what);
    result_str(out, "");
    result_str(out, value);
}

static void row_int(result *out, const char *what, long long v)
{
    result_str(out, what);
    result_str(out, "");
    result_int(out, v);
}

static const result_col source_cols[] = {
    {"id", RESULT_INT}, {"kind", RESULT_STR}, {"path", RESULT_STR}, {"digest", RESULT_STR},
    {"bytes", RESULT_INT}, {"first_ingested", RESULT_STR}};
static const result_col count_cols[] = {
    {"what", RESULT_STR}, {"key", RESULT_STR}, {"value", RESULT_ANY}};

static int counts(store *s, const registry *r, result *out, bloc_error *err)
{
    store_unga_counts c;
    char first[16] = "", last[16] = "";
    int rc;
    if ((rc = store_unga_counts_get(s, &c, err)) != BLOC_OK ||
        (rc = result_begin(out, count_cols, 3)) != BLOC_OK)
        return rc;
    if (c.first_date)
        util_format_date(c.first_date, first, sizeof first);
    if (c.last_date)
        util_format_date(c.last_date, last, sizeof last);
    row(out, "store", store_path(s));
    row_int(out, "schema_version", store_schema_version(s));
    row_int(out, "countries", (long long)r->ncountries);
    row_int(out, "aliases", (long long)r->naliases);
    row_int(out, "groups", (long long)r->ngroups);
    row_int(out, "sources", c.sources);
    row_int(out, "unga_rollcalls", c.rollcalls);
    row_int(out, "unga_votes", c.votes);
    row_int(out, "unga_issue_tags", c.issues);
    row(out, "unga_first_date", first);
    row(out, "unga_last_date", last);
    long long deal_years, cells, files, dyad_years = 0;
    int first_year, last_year;
    if ((rc = store_arms_counts(s, &deal_years, &cells, &files, err)) != BLOC_OK ||
        (rc = store_alliance_years(s, &first_year, &last_year, &dyad_years, err)) != BLOC_OK)
        return rc;
    row_int(out, "sipri_files", files);
    row_int(out, "sipri_deal_years", deal_years);
    row_int(out, "sipri_tiv_cells", cells);
    row_int(out, "atop_dyad_years", dyad_years);
    static const char *const by[] = {"source", "year", "domain"};
    for (size_t i = 0; i < 3; i++) {
        char what[32];
        snprintf(what, sizeof what, "events_by_%s", by[i]);
        count_ctx cc = {out, what};
        if ((rc = store_events_count_by(s, by[i], count_row, &cc, err)) != BLOC_OK)
            return rc;
    }
    return result_status(out);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const stats_req *q = request;
    store *s;
    const registry *r;
    int rc = bloc_session_store(S, &s, &r, err);
    if (rc != BLOC_OK)
        return rc;
    if (q->coverage)
        return coverage(s, out, err);
    if (q->consistency)
        return arms_check(s, out, err);
    if (!q->sources)
        return counts(s, r, out, err);
    if ((rc = result_begin(out, source_cols, 6)) != BLOC_OK ||
        (rc = store_sources_scan(s, source_row, out, err)) != BLOC_OK)
        return result_status(out) != BLOC_OK ? result_status(out) : rc;
    return result_status(out);
}

const bloc_call api_stats = {"stats", sizeof(stats_req), NULL, opts, check, run};
