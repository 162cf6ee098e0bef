/*
 * analysis/arms — SIPRI shares, flows, deals and releases (see arms.h).
 */
#include "analysis/arms.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"
#include "metrics/arms.h"
#include "registry/registry.h"

enum { MAX_CHECK_YEARS = 160 }; /* 1950..2109 */

static const char *const subs[] = {"share", "flows", "deals", "releases", NULL};
static const char *const by_names[] = {"year", "all", NULL};

static const opt_def opts[] = {
    OPTE_ARG_REQ("sub", arms_req, sub, "share|flows|deals|releases"),
    OPTE_ARG("who", arms_req, arg, "RECIPIENT|LIST"),
    OPTE_INT32("from", arms_req, from, 1950, 2100, "--from needs a year (1950..2100)",
               "the first year (default: the release's first)"),
    OPTE_INT32("to", arms_req, to, 1950, 2100, "--to needs a year (1950..2100)",
               "the last year (default: the release's last)"),
    OPTE_STRING("release", 0, arms_req, release, "YYYY-MM-DD",
                "the SIPRI release (its \"Data generated\" day; default: the newest)"),
    OPTE_ENUM("by", arms_req, by, by_names, "year|all", "--by takes year or all",
              "flows: by year (default) or over the whole span"),
    OPTE_STRING("supplier", 0, arms_req, suppliers, "LIST", "deals: from these suppliers"),
    OPTE_STRING("recipient", 0, arms_req, recipients, "LIST", "deals: to these recipients"),
    OPTE_STRING("category", 0, arms_req, category, "C",
                "deals: SIPRI's armament category (Aircraft, Missiles, ...)"),
    OPTE_FLAG("evidence", 0, arms_req, evidence, "list the deal-years behind the figures instead"),
    OPTE_INT("limit", arms_req, limit, 0, 10000000, "--limit takes 0..10000000",
             "deals: at most N rows (default 0: all)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    arms_req *q = req;
    q->kind = -1;
    for (int i = 0; subs[i]; i++)
        if (q->sub && strcmp(q->sub, subs[i]) == 0)
            q->kind = i;
    if (q->kind < 0)
        return bloc_usage(err, "arms takes share, flows, deals or releases, not '%s'", q->sub ? q->sub : "");
    if (q->kind == ARMS_FLOWS && npos != 2)
        return bloc_usage(err, "name one LIST");
    if ((q->kind == ARMS_DEALS || q->kind == ARMS_RELEASES) && npos != 1)
        return bloc_usage(err, "arms %s takes options only", q->sub);
    if (q->from && q->to && q->from > q->to)
        return bloc_usage(err, "--from %d is after --to %d", q->from, q->to);
    return BLOC_OK;
}

/* ---- the release a figure comes from ------------------------------------ */

typedef struct release {
    char layout[16];
    int day;
    char generated[64];
    int first, last;      /* the years its files cover */
    char **scopes;        /* of its files */
    size_t n, cap;
} release;

typedef struct releases {
    release *r;
    size_t n, cap;
    int want;             /* --release's day; 0: any */
    int oom;
} releases;

static int is_register(const char *layout)
{
    return strcmp(layout, STORE_ARMS_DELIVERIES) == 0 || strcmp(layout, STORE_ARMS_CLASSIC) == 0;
}

/* The register releases, each with its files' scopes and years. */
static int collect_file(void *ctx, const store_arms_file *f)
{
    releases *L = ctx;
    if (!is_register(f->layout) || (L->want && f->day != L->want))
        return 0;
    size_t i = 0;
    while (i < L->n && !(L->r[i].day == f->day && strcmp(L->r[i].layout, f->layout) == 0))
        i++;
    if (i == L->n) {
        if (util_grow((void **)&L->r, &L->cap, L->n + 1, sizeof *L->r) != 0)
            return L->oom = 1;
        release *R = &L->r[L->n++];
        memset(R, 0, sizeof *R);
        snprintf(R->layout, sizeof R->layout, "%s", f->layout);
        snprintf(R->generated, sizeof R->generated, "%s", f->generated);
        R->day = f->day;
        R->first = f->first_year;
        R->last = f->last_year;
    }
    release *R = &L->r[i];
    if (util_grow((void **)&R->scopes, &R->cap, R->n + 1, sizeof *R->scopes) != 0 ||
        !(R->scopes[R->n] = strdup(f->scope)))
        return L->oom = 1;
    R->n++;
    if (f->first_year < R->first)
        R->first = f->first_year;
    if (f->last_year > R->last)
        R->last = f->last_year;
    return 0;
}

static void release_free(release *R)
{
    for (size_t i = 0; i < R->n; i++)
        free(R->scopes[i]);
    free(R->scopes);
}

static int covers(const release *R, const char *supplier, const char *recipient)
{
    for (size_t i = 0; i < R->n; i++)
        if (arms_scope_covers(R->scopes[i], supplier, recipient))
            return 1;
    return 0;
}

static void scope_list(const release *R, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < R->n && o < n; i++)
        o += (size_t)snprintf(out + o, n - o, "%s%s", i ? "; " : "", R->scopes[i]);
}

/* Do the release's years hold the span asked? */
static int years_ok(const arms_req *q, const release *R)
{
    return (!q->from || q->from >= R->first) && (!q->to || q->to <= R->last);
}

/* How well a release answers the request (higher: better; the caller's
 * rule), so that a newer release that does not cover the figure gives
 * way to an older one that does. */
typedef int (*release_score)(const arms_req *q, const release *R, const void *ctx);

static void note_release(result *out, const release *R)
{
    if (!out)
        return; /* a library caller (assess): its own words */
    result_note(out, "SIPRI release of %d-%02d-%02d (\"Data generated: %s\"), the %s register;"
                     " major conventional arms only (no small arms or ammunition), in TIV"
                     " (SIPRI trend-indicator values, millions), not prices",
                R->day / 10000, R->day / 100 % 100, R->day % 100, R->generated,
                strcmp(R->layout, STORE_ARMS_DELIVERIES) == 0 ? "per-delivery" : "classic");
    if (strcmp(R->layout, STORE_ARMS_CLASSIC) == 0)
        result_note(out, "the classic register gives a deal's delivered TIV over all its years: bloc"
                         " spreads it evenly over them, so a year's figure is an estimate");
}

/* The release a figure comes from: of the register releases (--release's
 * day only, when given), newest first and the per-delivery register
 * before the classic one of the same day, the first that scores best.
 * BLOC_ENOTFOUND (with a note) when none is stored. */
static int find_release(store *s, const arms_req *q, release_score score, const void *ctx,
                        release *R, result *out, bloc_error *err)
{
    releases L = {0};
    int rc;
    if (q->release && util_parse_date(q->release, 0, &L.want, err) != BLOC_OK)
        return BLOC_EUSAGE;
    if ((rc = store_arms_files_scan(s, NULL, collect_file, &L, err)) != BLOC_OK || L.oom) {
        rc = rc != BLOC_OK ? rc : bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if (!L.n) {
        if (!out)
            ;
        else if (L.want)
            result_note(out, "no data: no SIPRI register of the release of %s is stored (bloc arms releases)",
                        q->release);
        else
            result_note(out, "no data: no SIPRI register is loaded (bloc ingest sipri"
                             " data/sipri/trade-register-deliveries-extract.csv --recipients crink)");
        rc = BLOC_ENOTFOUND;
        goto done;
    }
    size_t best = 0;
    int top = -1;
    for (size_t i = 0; i < L.n; i++) {
        /* files arrive newest first, "classic" before "deliveries" on a day */
        if (i + 1 < L.n && L.r[i].day == L.r[i + 1].day && strcmp(L.r[i].layout, STORE_ARMS_CLASSIC) == 0) {
            release t = L.r[i];
            L.r[i] = L.r[i + 1];
            L.r[i + 1] = t;
        }
    }
    for (size_t i = 0; i < L.n; i++) {
        int v = score(q, &L.r[i], ctx);
        if (v > top) {
            top = v;
            best = i;
        }
    }
    *R = L.r[best];
    memset(&L.r[best], 0, sizeof L.r[best]);
    if (best > 0 && out)
        result_note(out, "the newer SIPRI release of %d-%02d-%02d (%s register) does not cover this"
                         " figure as well as the one used", L.r[0].day / 10000, L.r[0].day / 100 % 100,
                    L.r[0].day % 100, L.r[0].layout);
    note_release(out, R);
done:
    for (size_t i = 0; i < L.n; i++)
        release_free(&L.r[i]);
    free(L.r);
    return rc;
}

/* The span asked, inside what the release covers; 0 with a note when not. */
static int span(const arms_req *q, const release *R, int *from, int *to, result *out)
{
    *from = q->from ? q->from : R->first;
    *to = q->to ? q->to : R->last;
    if (*from < R->first || *to > R->last) {
        result_note(out, "no data: the release covers %d-%d, not %d-%d", R->first, R->last, *from, *to);
        return 0;
    }
    return 1;
}

/* ---- lists of states and non-state actors --------------------------------- */

typedef struct codes {
    char **v;
    size_t n, cap;
} codes;

static void codes_free(codes *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c->v);
}

static int codes_add(codes *c, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], code) == 0)
            return 0;
    if (util_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) != 0 || !(c->v[c->n] = strdup(code)))
        return -1;
    c->n++;
    return 0;
}

static int codes_has(const codes *c, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], code) == 0)
            return 1;
    return 0;
}

/* LIST: countries and groups through the registry, X-codes through the
 * non-state actors SIPRI names. */
static int parse_codes(store *s, const registry *r, const char *list, codes *out, bloc_error *err)
{
    char *copy = strdup(list), *save = NULL;
    int rc = copy ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (char *item = copy ? strtok_r(copy, ",", &save) : NULL; rc == BLOC_OK && item;
         item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        if (strncasecmp(item, "X-", 2) == 0) {
            char name[256], kind[64];
            int found;
            for (char *p = item; *p; p++)
                *p = (char)toupper((unsigned char)*p);
            if ((rc = store_arms_actor(s, item, name, sizeof name, kind, sizeof kind, &found, err)) == BLOC_OK) {
                if (!found)
                    rc = bloc_fail(err, BLOC_ENOTFOUND, "unknown non-state actor '%s' (the codes are in"
                                                        " data/registry/sipri_actors.csv)", item);
                else if (codes_add(out, item) != 0)
                    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            }
            continue;
        }
        bloc_set set = {0};
        if ((rc = bloc_set_parse(r, item, &set, err)) == BLOC_OK)
            for (size_t i = 0; i < set.n && rc == BLOC_OK; i++)
                if (codes_add(out, set.codes[i]) != 0)
                    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        bloc_set_free(&set);
    }
    free(copy);
    if (rc == BLOC_OK && !out->n)
        rc = bloc_usage(err, "'%s' names no state", list);
    return rc;
}

/* ---- deal rows: the listing and the evidence -------------------------- */

static const result_col deal_cols[] = {
    {"release", RESULT_DATE},     {"layout", RESULT_STR},      {"deal", RESULT_STR},
    {"year", RESULT_INT},         {"supplier", RESULT_STR},    {"recipient", RESULT_STR},
    {"supplier_name", RESULT_STR}, {"recipient_name", RESULT_STR}, {"designation", RESULT_STR},
    {"description", RESULT_STR},  {"category", RESULT_STR},    {"ordered", RESULT_INT},
    {"delivered", RESULT_INT},    {"years", RESULT_STR},       {"tiv", RESULT_NUM},
    {"estimate", RESULT_STR},     {"uncertain", RESULT_STR},   {"status", RESULT_STR},
    {"comments", RESULT_STR},     {"source", RESULT_STR}};

static void count_or_na(result *out, long long v)
{
    if (v < 0)
        result_na(out);
    else
        result_int(out, v);
}

static void deal_row(result *out, const store_arms_delivery *d, const char *path)
{
    char uncertain[96] = "", source[1200];
    size_t o = 0;
    const int flags[] = {d->order_uncertain, d->ordered_uncertain, d->delivered_uncertain,
                         d->year_uncertain};
    static const char *const what[] = {"order year", "number ordered", "number delivered",
                                       "delivery year"};
    for (int i = 0; i < 4; i++)
        if (flags[i])
            o += (size_t)snprintf(uncertain + o, sizeof uncertain - o, "%s%s", o ? "; " : "", what[i]);
    snprintf(source, sizeof source, "%s:%ld", path, d->source_line);
    result_date(out, d->day);
    result_str(out, d->layout);
    result_str(out, d->deal);
    result_int(out, d->year);
    result_str(out, d->supplier);
    result_str(out, d->recipient);
    result_str(out, d->supplier_name);
    result_str(out, d->recipient_name);
    result_str(out, d->designation);
    result_str(out, d->description);
    result_str(out, d->category);
    count_or_na(out, d->ordered);
    count_or_na(out, d->delivered);
    result_str(out, d->years);
    result_num(out, d->tiv, 2); /* NaN: SIPRI's empty field, shown as NA */
    result_str(out, d->tiv_estimate ? "yes" : "no");
    result_str(out, uncertain);
    result_str(out, d->status);
    result_str(out, d->comments);
    result_str(out, source);
}

/* ---- share RECIPIENT ----------------------------------------------------- */

typedef struct pair_sum {
    char rec[64], code[64], name[256];
    double tiv;
    long long deliveries, unknown, deals;
    int estimate;
} pair_sum;

typedef struct share_ctx {
    pair_sum *s;
    size_t n, cap;
    strmap *pairs;       /* "recipient\tsupplier" -> index */
    strmap *deals;       /* "recipient\tsupplier\tdeal" seen */
    const release *R;
    const codes *who;    /* the recipients asked; none: every one */
    codes skipped;       /* recipients the files do not cover */
    result *out;         /* evidence: rows go here */
    int evidence, oom;
    long long rows;
} share_ctx;

static int share_row(void *ctx, const store_arms_delivery *d, const char *path)
{
    share_ctx *c = ctx;
    if (c->who->n && !codes_has(c->who, d->recipient))
        return 0;
    if (!covers(c->R, NULL, d->recipient)) {
        if (codes_add(&c->skipped, d->recipient) != 0)
            return c->oom = 1;
        return 0;
    }
    char key[800];
    long i, seen;
    snprintf(key, sizeof key, "%s\t%s", d->recipient, d->supplier);
    if (!strmap_get(c->pairs, key, &i)) {
        if (util_grow((void **)&c->s, &c->cap, c->n + 1, sizeof *c->s) != 0 ||
            strmap_put(c->pairs, key, (long)c->n) != 0)
            return c->oom = 1;
        i = (long)c->n++;
        memset(&c->s[i], 0, sizeof c->s[i]);
        snprintf(c->s[i].rec, sizeof c->s[i].rec, "%s", d->recipient);
        snprintf(c->s[i].code, sizeof c->s[i].code, "%s", d->supplier);
        snprintf(c->s[i].name, sizeof c->s[i].name, "%s", d->supplier_name);
    }
    pair_sum *x = &c->s[i];
    snprintf(key, sizeof key, "%s\t%s\t%s", d->recipient, d->supplier, d->deal);
    if (!strmap_get(c->deals, key, &seen)) {
        if (strmap_put(c->deals, key, 1) != 0)
            return c->oom = 1;
        x->deals++;
    }
    x->deliveries++;
    if (isnan(d->tiv))
        x->unknown++;
    else
        x->tiv += d->tiv;
    x->estimate |= d->tiv_estimate;
    c->rows++;
    if (c->evidence) {
        deal_row(c->out, d, path);
        return result_status(c->out) != BLOC_OK;
    }
    return 0;
}

/* By recipient, then the largest supplier first. */
static int by_tiv(const void *a, const void *b)
{
    const pair_sum *x = a, *y = b;
    int r = strcmp(x->rec, y->rec);
    if (r)
        return r;
    return x->tiv < y->tiv ? 1 : x->tiv > y->tiv ? -1 : strcmp(x->code, y->code);
}

/* No recipient named: a release covering every recipient ("all") first. */
static int score_share(const arms_req *q, const release *R, const void *ctx)
{
    const codes *who = ctx;
    int whole = 1, years = years_ok(q, R);
    for (size_t i = 0; i < who->n; i++)
        whole &= covers(R, NULL, who->v[i]);
    if (!who->n)
        whole = covers(R, NULL, "\001"); /* only scope "all" holds an unnamed recipient */
    /* on a tie the per-delivery register (SIPRI's yearly TIV) before the classic one */
    return (whole && years ? 3 : whole ? 2 : years) * 2 + (strcmp(R->layout, STORE_ARMS_DELIVERIES) == 0);
}

static const result_col share_cols[] = {
    {"recipient", RESULT_STR}, {"supplier", RESULT_STR},  {"supplier_name", RESULT_STR},
    {"from", RESULT_INT},      {"to", RESULT_INT},        {"tiv", RESULT_NUM},
    {"share", RESULT_NUM},     {"deliveries", RESULT_INT}, {"deals", RESULT_INT},
    {"unknown_tiv", RESULT_INT}, {"estimate", RESULT_STR}, {"release", RESULT_DATE},
    {"layout", RESULT_STR}};

static void share_rows(result *out, const share_ctx *c, int from, int to, const release *R)
{
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        double total = 0;
        for (; j < c->n && strcmp(c->s[j].rec, c->s[i].rec) == 0; j++)
            total += c->s[j].tiv;
        for (; i < j; i++) {
            const pair_sum *x = &c->s[i];
            result_str(out, x->rec);
            result_str(out, x->code);
            result_str(out, x->name);
            result_int(out, from);
            result_int(out, to);
            result_num(out, x->tiv, 2);
            if (total > 0)
                result_num(out, x->tiv / total, 4);
            else
                result_na(out);
            result_int(out, x->deliveries);
            result_int(out, x->deals);
            result_int(out, x->unknown);
            result_str(out, x->estimate ? "yes" : "no");
            result_date(out, R->day);
            result_str(out, R->layout);
        }
    }
}

static int run_share(store *s, const registry *r, const arms_req *q, result *out, bloc_error *err)
{
    release R = {0};
    codes who = {0};
    share_ctx c = {.out = out, .evidence = q->evidence, .who = &who, .R = &R};
    int from, to, rc;
    if (q->arg && (rc = parse_codes(s, r, q->arg, &who, err)) != BLOC_OK)
        goto done;
    if ((rc = result_begin(out, q->evidence ? deal_cols : share_cols,
                           q->evidence ? sizeof deal_cols / sizeof deal_cols[0]
                                       : sizeof share_cols / sizeof share_cols[0])) != BLOC_OK)
        goto done;
    if ((rc = find_release(s, q, score_share, &who, &R, out, err)) != BLOC_OK) {
        rc = rc == BLOC_ENOTFOUND ? result_status(out) : rc;
        goto done;
    }
    if (!span(q, &R, &from, &to, out))
        goto done;
    char sc[512];
    scope_list(&R, sc, sizeof sc);
    for (size_t i = 0; i < who.n; i++)
        if (!covers(&R, NULL, who.v[i]))
            result_note(out, "no data: the files of this release do not hold every delivery to %s (they"
                             " cover %s): a share would be of part of its imports", who.v[i], sc);
    if (!(c.deals = strmap_new()) || !(c.pairs = strmap_new())) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    store_arms_query sq = {.layout = R.layout, .day = R.day, .from = from, .to = to,
                           .recipient = who.n == 1 ? who.v[0] : NULL, .unordered = !q->evidence};
    if (who.n != 1 || covers(&R, NULL, who.v[0]))
        rc = store_arms_deliveries_scan(s, &sq, share_row, &c, err);
    if (rc != BLOC_OK)
        goto done;
    if (c.oom) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if (!who.n && c.skipped.n)
        result_note(out, "%zu recipient%s the files of this release do not hold every delivery to"
                         " (they cover %s): no data for them", c.skipped.n,
                    util_plural((long long)c.skipped.n), sc);
    double total = 0;
    long long unknown = 0;
    for (size_t i = 0; i < c.n; i++) {
        total += c.s[i].tiv;
        unknown += c.s[i].unknown;
    }
    for (size_t i = 0; i < who.n; i++) {
        int any = 0;
        for (size_t k = 0; k < c.n && !any; k++)
            any = strcmp(c.s[k].rec, who.v[i]) == 0;
        if (!any && covers(&R, NULL, who.v[i]))
            result_note(out, "%s imported no major arms SIPRI recorded in %d-%d: no share to give",
                        who.v[i], from, to);
    }
    if (unknown)
        result_note(out, "%lld deal-year%s with no TIV in SIPRI's data (an empty field) are counted as"
                         " deliveries but add nothing to the TIV", unknown, util_plural(unknown));
    if (q->evidence) {
        rc = result_status(out);
        goto done;
    }
    if (who.n == 1 && c.rows)
        result_note(out, "%s's imports %d-%d: %.2f TIV from %zu supplier%s", who.v[0], from, to, total,
                    c.n, util_plural((long long)c.n));
    if (c.n)
        qsort(c.s, c.n, sizeof *c.s, by_tiv);
    share_rows(out, &c, from, to, &R);
    rc = result_status(out);
done:
    free(c.s);
    strmap_free(c.deals);
    strmap_free(c.pairs);
    codes_free(&c.skipped);
    codes_free(&who);
    release_free(&R);
    return rc;
}

/* ---- flows LIST ------------------------------------------------------------ */

typedef struct flow_ctx {
    const codes *members;
    const release *R;
    int from, nperiods, by_year;
    double *tiv;            /* [period][supplier member or outside][recipient member] */
    long long *count;
    double *imports;        /* [period][recipient]: from anyone */
    result *out;
    int evidence;
} flow_ctx;

static size_t member_index(const codes *m, const char *code)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i], code) == 0)
            return i;
    return m->n; /* outside */
}

static int flow_row(void *ctx, const store_arms_delivery *d, const char *path)
{
    flow_ctx *c = ctx;
    size_t n = c->members->n, sup = member_index(c->members, d->supplier),
           rec = member_index(c->members, d->recipient);
    if (rec == n)
        return 0;
    int p = c->by_year ? d->year - c->from : 0;
    int counted = covers(c->R, NULL, d->recipient) || (sup < n && covers(c->R, d->supplier, d->recipient));
    if (!counted)
        return 0;
    size_t k = ((size_t)p * (n + 1) + sup) * n + rec;
    if (!isnan(d->tiv)) {
        c->tiv[k] += d->tiv;
        c->imports[(size_t)p * n + rec] += d->tiv;
    }
    c->count[k]++;
    if (c->evidence) {
        deal_row(c->out, d, path);
        return result_status(c->out) != BLOC_OK;
    }
    return 0;
}

typedef struct codes_view {
    const char *const *v;
    size_t n;
} codes_view;

static int score_flows_view(const arms_req *q, const release *R, const void *ctx)
{
    const codes_view *m = ctx;
    int pairs = 1, outside = 1;
    for (size_t b = 0; b < m->n; b++) {
        outside &= covers(R, NULL, m->v[b]);
        for (size_t a = 0; a < m->n; a++)
            pairs &= a == b || covers(R, m->v[a], m->v[b]);
    }
    return years_ok(q, R) * 4 + pairs * 2 + outside;
}

static const result_col flow_cols[] = {
    {"period", RESULT_STR}, {"kind", RESULT_STR},     {"supplier", RESULT_STR},
    {"recipient", RESULT_STR}, {"tiv", RESULT_NUM},   {"share", RESULT_NUM},
    {"deliveries", RESULT_INT}, {"release", RESULT_DATE}};

static void flow_out(result *out, const char *period, const char *kind, const char *sup,
                     const char *rec, int known, double tiv, double whole, long long n, int day)
{
    result_str(out, period);
    result_str(out, kind);
    result_str(out, sup);
    result_str(out, rec);
    if (known)
        result_num(out, tiv, 2);
    else
        result_na(out);
    if (known && whole > 0)
        result_num(out, tiv / whole, 4);
    else
        result_na(out);
    if (known)
        result_int(out, n);
    else
        result_na(out);
    result_date(out, day);
}

static int run_flows(store *s, const registry *r, const arms_req *q, result *out, bloc_error *err)
{
    release R = {0};
    codes m = {0};
    flow_ctx c = {0};
    int from, to, rc;
    if ((rc = parse_codes(s, r, q->arg, &m, err)) != BLOC_OK)
        goto done;
    if (m.n < 2) {
        rc = bloc_usage(err, "flows needs a LIST of at least two (use arms share for one recipient)");
        goto done;
    }
    if ((rc = result_begin(out, q->evidence ? deal_cols : flow_cols,
                           q->evidence ? sizeof deal_cols / sizeof deal_cols[0]
                                       : sizeof flow_cols / sizeof flow_cols[0])) != BLOC_OK)
        goto done;
    if ((rc = find_release(s, q, score_flows_view, &(codes_view){(const char *const *)m.v, m.n}, &R, out, err)) != BLOC_OK) {
        rc = rc == BLOC_ENOTFOUND ? result_status(out) : rc;
        goto done;
    }
    if (!span(q, &R, &from, &to, out))
        goto done;
    size_t n = m.n;
    c = (flow_ctx){.members = &m, .R = &R, .from = from, .by_year = q->by == 0,
                   .nperiods = q->by == 0 ? to - from + 1 : 1, .out = out, .evidence = q->evidence};
    size_t cells = (size_t)c.nperiods * (n + 1) * n;
    c.tiv = calloc(cells, sizeof *c.tiv);
    c.count = calloc(cells, sizeof *c.count);
    c.imports = calloc((size_t)c.nperiods * n, sizeof *c.imports);
    if (!c.tiv || !c.count || !c.imports) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n && rc == BLOC_OK; i++) {
        store_arms_query sq = {.layout = R.layout, .day = R.day, .from = from, .to = to,
                               .recipient = m.v[i]};
        rc = store_arms_deliveries_scan(s, &sq, flow_row, &c, err);
    }
    if (rc != BLOC_OK || q->evidence) {
        rc = rc != BLOC_OK ? rc : result_status(out);
        goto done;
    }
    size_t uncovered = 0;
    for (int p = 0; p < c.nperiods; p++) {
        char period[16];
        if (c.by_year)
            snprintf(period, sizeof period, "%d", from + p);
        else
            snprintf(period, sizeof period, "%d-%d", from, to);
        double inside = 0, outside = 0;
        long long nin = 0, nout = 0;
        int inside_known = 1, outside_known = 1;
        for (size_t b = 0; b < n; b++) {
            int whole = covers(&R, NULL, m.v[b]);
            double imp = c.imports[(size_t)p * n + b];
            for (size_t a = 0; a < n; a++) {
                if (a == b)
                    continue;
                size_t k = ((size_t)p * (n + 1) + a) * n + b;
                int known = covers(&R, m.v[a], m.v[b]);
                uncovered += !known && p == 0;
                inside_known &= known;
                inside += c.tiv[k];
                nin += c.count[k];
                flow_out(out, period, "flow", m.v[a], m.v[b], known, c.tiv[k], whole ? imp : 0,
                         c.count[k], R.day);
            }
            size_t k = ((size_t)p * (n + 1) + n) * n + b;
            outside_known &= whole;
            outside += c.tiv[k];
            nout += c.count[k];
        }
        int both = inside_known && outside_known;
        flow_out(out, period, "inside", q->arg, q->arg, inside_known, inside,
                 both ? inside + outside : 0, nin, R.day);
        flow_out(out, period, "outside", "outside", q->arg, outside_known, outside,
                 both ? inside + outside : 0, nout, R.day);
    }
    if (uncovered)
        result_note(out, "%zu of the %zu directed pairs are not covered by the release's files: their"
                         " flows are NA (no data), not 0", uncovered, n * (n - 1));
    result_note(out, "share: of the recipient's imports in the period (flow rows), of the members'"
                     " imports from anyone (inside and outside rows); NA when the files do not hold"
                     " every delivery to the recipient");
    rc = result_status(out);
done:
    free(c.tiv);
    free(c.count);
    free(c.imports);
    codes_free(&m);
    release_free(&R);
    return rc;
}

/* ---- deals ----------------------------------------------------------------- */

typedef struct deals_ctx {
    const codes *suppliers, *recipients;
    const char *category;
    result *out;
    long long limit, rows;
    int more;
} deals_ctx;

static int deals_row(void *ctx, const store_arms_delivery *d, const char *path)
{
    deals_ctx *c = ctx;
    if ((c->suppliers->n && !codes_has(c->suppliers, d->supplier)) ||
        (c->recipients->n && !codes_has(c->recipients, d->recipient)) ||
        (c->category && strcasecmp(c->category, d->category) != 0))
        return 0;
    if (c->limit && c->rows == c->limit) {
        c->more = 1;
        return 1;
    }
    c->rows++;
    deal_row(c->out, d, path);
    return result_status(c->out) != BLOC_OK;
}

static int score_deals(const arms_req *q, const release *R, const void *ctx)
{
    const codes *rec = ctx;
    int whole = 1;
    for (size_t i = 0; i < rec->n; i++)
        whole &= covers(R, NULL, rec->v[i]);
    return years_ok(q, R) * 2 + whole;
}

static int run_deals(store *s, const registry *r, const arms_req *q, result *out, bloc_error *err)
{
    release R = {0};
    codes sup = {0}, rec = {0};
    int from, to, rc;
    if ((q->suppliers && (rc = parse_codes(s, r, q->suppliers, &sup, err)) != BLOC_OK) ||
        (q->recipients && (rc = parse_codes(s, r, q->recipients, &rec, err)) != BLOC_OK) ||
        (rc = result_begin(out, deal_cols, sizeof deal_cols / sizeof deal_cols[0])) != BLOC_OK)
        goto done;
    if ((rc = find_release(s, q, score_deals, &rec, &R, out, err)) != BLOC_OK) {
        rc = rc == BLOC_ENOTFOUND ? result_status(out) : rc;
        goto done;
    }
    if (!span(q, &R, &from, &to, out))
        goto done;
    deals_ctx c = {.suppliers = &sup, .recipients = &rec, .category = q->category, .out = out,
                   .limit = q->limit};
    store_arms_query sq = {.layout = R.layout, .day = R.day, .from = from, .to = to,
                           .recipient = rec.n == 1 ? rec.v[0] : NULL,
                           .supplier = sup.n == 1 ? sup.v[0] : NULL};
    if ((rc = store_arms_deliveries_scan(s, &sq, deals_row, &c, err)) != BLOC_OK)
        goto done;
    if (c.more)
        result_note(out, "the first %lld deal-years (--limit)", q->limit);
    if (!c.rows)
        result_note(out, "no deal-year of the release matches");
    rc = result_status(out);
done:
    codes_free(&sup);
    codes_free(&rec);
    release_free(&R);
    return rc;
}

/* ---- releases -------------------------------------------------------------- */

static const result_col release_cols[] = {
    {"layout", RESULT_STR},   {"release", RESULT_DATE}, {"generated", RESULT_STR},
    {"first_year", RESULT_INT}, {"last_year", RESULT_INT}, {"scope", RESULT_STR},
    {"file", RESULT_STR},     {"newest", RESULT_STR}};

typedef struct releases_ctx {
    result *out;
    char seen[8][16]; /* layouts whose newest release was listed */
    int newest_day[8];
    size_t n;
} releases_ctx;

static int release_row(void *ctx, const store_arms_file *f)
{
    releases_ctx *c = ctx;
    size_t i = 0;
    while (i < c->n && strcmp(c->seen[i], f->layout) != 0)
        i++;
    if (i == c->n && c->n < 8) {
        snprintf(c->seen[c->n], sizeof c->seen[0], "%s", f->layout);
        c->newest_day[c->n++] = f->day;
    }
    result_str(c->out, f->layout);
    result_date(c->out, f->day);
    result_str(c->out, f->generated);
    result_int(c->out, f->first_year);
    result_int(c->out, f->last_year);
    result_str(c->out, f->scope);
    result_str(c->out, f->path);
    result_str(c->out, i < c->n && c->newest_day[i] == f->day ? "yes" : "no");
    return result_status(c->out) != BLOC_OK;
}

static int run_releases(store *s, result *out, bloc_error *err)
{
    releases_ctx c = {.out = out};
    int rc = result_begin(out, release_cols, sizeof release_cols / sizeof release_cols[0]);
    if (rc == BLOC_OK)
        rc = store_arms_files_scan(s, NULL, release_row, &c, err);
    if (rc == BLOC_OK && result_nrows(out) == 0)
        result_note(out, "no SIPRI data are loaded (bloc ingest sipri FILE)");
    return rc == BLOC_OK ? result_status(out) : rc;
}

/* ---- a group's arms by year, for assess ---------------------------------- */

typedef struct group_ctx {
    const char *const *members;
    size_t n;
    arms_years *y;
    arms_delivery_fn fn;
    void *fn_ctx;
    int stop;
} group_ctx;

static int in_list(const char *const *members, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(members[i], code) == 0)
            return 1;
    return 0;
}

static int group_row(void *ctx, const store_arms_delivery *d, const char *path)
{
    group_ctx *c = ctx;
    int k = d->year - c->y->first;
    if (k < 0 || k >= ARMS_MAX_YEARS)
        return 0;
    int inside = in_list(c->members, c->n, d->supplier) && strcmp(d->supplier, d->recipient) != 0;
    double tiv = isnan(d->tiv) ? 0 : d->tiv;
    if (c->y->imports_covered) {
        c->y->imports[k] += tiv;
        c->y->n_imports[k]++;
    }
    if (inside && c->y->inside_covered) {
        c->y->inside[k] += tiv;
        c->y->n_inside[k]++;
    }
    if (c->fn && (inside || c->y->imports_covered) && c->fn(c->fn_ctx, d, path, inside) != 0)
        return c->stop = 1;
    return 0;
}

int arms_group_years(store *s, const char *const *members, size_t n, arms_years *y,
                     arms_delivery_fn fn, void *ctx, bloc_error *err)
{
    release R = {0};
    codes_view m = {members, n};
    arms_req q = {0};
    memset(y, 0, sizeof *y);
    int rc = find_release(s, &q, score_flows_view, &m, &R, NULL, err);
    if (rc == BLOC_ENOTFOUND)
        return BLOC_OK; /* no register: no years */
    if (rc != BLOC_OK)
        return rc;
    y->day = R.day;
    snprintf(y->layout, sizeof y->layout, "%s", R.layout);
    y->first = R.first;
    y->last = R.last - R.first < ARMS_MAX_YEARS ? R.last : R.first + ARMS_MAX_YEARS - 1;
    y->inside_covered = y->imports_covered = 1;
    for (size_t b = 0; b < n; b++) {
        y->imports_covered &= covers(&R, NULL, members[b]);
        for (size_t a = 0; a < n; a++)
            y->inside_covered &= a == b || covers(&R, members[a], members[b]);
    }
    group_ctx c = {members, n, y, fn, ctx, 0};
    for (size_t i = 0; i < n && rc == BLOC_OK && !c.stop; i++) {
        store_arms_query sq = {.layout = R.layout, .day = R.day, .from = y->first, .to = y->last,
                               .recipient = members[i]};
        rc = store_arms_deliveries_scan(s, &sq, group_row, &c, err);
    }
    release_free(&R);
    return rc;
}

/* ---- a release as a handle, for index ------------------------------------- */

struct arms_release {
    release r;
};

/* A year's figures for every dyad: a release holding the year, the
 * per-delivery register (SIPRI's own yearly TIV) before a classic one
 * (bloc's even spread of a deal over its years). */
static int score_year(const arms_req *q, const release *R, const void *ctx)
{
    (void)ctx;
    return years_ok(q, R) * 2 + (strcmp(R->layout, STORE_ARMS_DELIVERIES) == 0);
}

int arms_release_for_year(store *s, int year, arms_release **out, bloc_error *err)
{
    arms_req q = {.from = year, .to = year};
    *out = calloc(1, sizeof **out);
    if (!*out)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = find_release(s, &q, score_year, NULL, &(*out)->r, NULL, err);
    if (rc == BLOC_OK && years_ok(&q, &(*out)->r))
        return BLOC_OK;
    arms_release_free(*out);
    *out = NULL;
    return rc == BLOC_ENOTFOUND ? BLOC_OK : rc;
}

int arms_release_covers(const arms_release *R, const char *supplier, const char *recipient)
{
    return covers(&R->r, supplier, recipient);
}

int arms_release_day(const arms_release *R)
{
    return R->r.day;
}

int arms_release_scan(store *s, const arms_release *R, int from, int to, store_arms_delivery_cb cb,
                      void *ctx, bloc_error *err)
{
    store_arms_query q = {.layout = R->r.layout, .day = R->r.day, .from = from, .to = to};
    return store_arms_deliveries_scan(s, &q, cb, ctx, err);
}

void arms_release_free(arms_release *R)
{
    if (R)
        release_free(&R->r);
    free(R);
}

/* ---- the register against the TIV table of its release ------------------ */

typedef struct check_ctx {
    int day;                 /* the table's release */
    releases regs;           /* the per-delivery register of that day */
    char country[64];
    double table[MAX_CHECK_YEARS], reg[MAX_CHECK_YEARS];
    int has[MAX_CHECK_YEARS];
    int first;
    result *out;
    store *s;
    bloc_error *err;
    int rc;
    long long *differ;       /* checks that differ, all releases */
} check_ctx;

static int check_sum(void *ctx, const store_arms_delivery *d, const char *path)
{
    check_ctx *c = ctx;
    (void)path;
    int k = d->year - c->first;
    if (k >= 0 && k < MAX_CHECK_YEARS && !isnan(d->tiv))
        c->reg[k] += d->tiv;
    return 0;
}

/* One recipient's years: the table's cells (empty: none identified, 0)
 * against the register's sums, each year within SIPRI's rounding (a
 * table rounds to whole TIV). */
static int check_country(check_ctx *c)
{
    const release *R = &c->regs.r[0];
    store_arms_query q = {.layout = R->layout, .day = R->day, .from = R->first, .to = R->last,
                          .recipient = c->country};
    int rc = store_arms_deliveries_scan(c->s, &q, check_sum, c, c->err);
    if (rc != BLOC_OK)
        return rc;
    double t = 0, g = 0, worst = 0;
    int worst_year = 0, nyears = 0;
    for (int y = R->first; y <= R->last; y++) {
        int k = y - c->first;
        if (k < 0 || k >= MAX_CHECK_YEARS || (!c->has[k] && c->reg[k] == 0))
            continue; /* neither has a figure: no year to compare */
        double d = fabs(c->table[k] - c->reg[k]);
        t += c->table[k];
        g += c->reg[k];
        nyears++;
        if (d > worst) {
            worst = d;
            worst_year = y;
        }
    }
    result *out = c->out;
    result_str(out, "sipri register = TIV table");
    result_date(out, c->day);
    result_str(out, c->country);
    result_int(out, R->first);
    result_int(out, R->last);
    result_num(out, t, 2);
    result_num(out, g, 2);
    result_num(out, g - t, 2);
    if (worst_year)
        result_int(out, worst_year);
    else
        result_na(out);
    result_num(out, worst, 2);
    result_int(out, nyears);
    int ok = worst <= 0.5 + 1e-9;
    *c->differ += !ok;
    result_str(out, ok ? "ok" : "differs");
    return result_status(out);
}

static int check_cell(void *ctx, const store_arms_cell *cell)
{
    check_ctx *c = ctx;
    if (strcmp(cell->country, c->country) != 0) {
        if (c->country[0] && covers(&c->regs.r[0], NULL, c->country) &&
            (c->rc = check_country(c)) != BLOC_OK)
            return 1;
        snprintf(c->country, sizeof c->country, "%s", cell->country);
        memset(c->table, 0, sizeof c->table);
        memset(c->reg, 0, sizeof c->reg);
        memset(c->has, 0, sizeof c->has);
    }
    int k = cell->year - c->first;
    if (k >= 0 && k < MAX_CHECK_YEARS) {
        c->table[k] = cell->tiv;
        c->has[k] = 1;
    }
    return 0;
}

/* Years of a TIV table with no cell are SIPRI's empty fields: none
 * identified. The register must agree: a year it has deliveries in and
 * the table is empty counts as a table figure of 0. */
static int table_day(void *ctx, const store_arms_file *f)
{
    int *days = ctx;
    for (int i = 0; i < 16; i++)
        if (days[i] == f->day || !days[i]) {
            days[i] = f->day;
            break;
        }
    return 0;
}

static const result_col check_cols[] = {
    {"check", RESULT_STR},      {"release", RESULT_DATE},     {"subject", RESULT_STR},
    {"from", RESULT_INT},       {"to", RESULT_INT},           {"expected", RESULT_NUM},
    {"got", RESULT_NUM},        {"difference", RESULT_NUM},   {"worst_year", RESULT_INT},
    {"worst_difference", RESULT_NUM}, {"years", RESULT_INT}, {"verdict", RESULT_STR}};

int arms_check(store *s, result *out, bloc_error *err)
{
    int days[16] = {0}, rc = result_begin(out, check_cols, sizeof check_cols / sizeof check_cols[0]);
    long long differ = 0;
    if (rc == BLOC_OK)
        rc = store_arms_files_scan(s, STORE_ARMS_IMPORTS, table_day, days, err);
    for (int i = 0; rc == BLOC_OK && i < 16 && days[i]; i++) {
        check_ctx c = {.day = days[i], .regs = {.want = days[i]}, .first = 1950, .out = out,
                       .s = s, .err = err, .differ = &differ};
        if ((rc = store_arms_files_scan(s, STORE_ARMS_DELIVERIES, collect_file, &c.regs, err)) == BLOC_OK &&
            c.regs.n) {
            rc = store_arms_cells_scan(s, STORE_ARMS_IMPORTS, days[i], NULL, check_cell, &c, err);
            if (rc == BLOC_OK)
                rc = c.rc;
            if (rc == BLOC_OK && c.country[0] && covers(&c.regs.r[0], NULL, c.country))
                rc = check_country(&c);
        } else if (rc == BLOC_OK) {
            result_note(out, "the TIV table of %d has no per-delivery register of the same release to"
                             " check against", days[i]);
        }
        for (size_t k = 0; k < c.regs.n; k++)
            release_free(&c.regs.r[k]);
        free(c.regs.r);
    }
    if (rc == BLOC_OK && result_nrows(out) == 0)
        result_note(out, "nothing to check: no SIPRI TIV table with a per-delivery register of its release"
                         " (and the recipients the register covers) is stored");
    if (rc == BLOC_OK && (rc = result_status(out)) == BLOC_OK && differ)
        rc = bloc_fail(err, BLOC_EINPUT, "%lld check%s differ%s: the data disagree (see the rows)",
                       differ, util_plural(differ), differ == 1 ? "s" : "");
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const arms_req *q = request;
    store *s;
    const registry *r;
    int rc = bloc_session_store(S, &s, &r, err);
    if (rc != BLOC_OK)
        return rc;
    switch (q->kind) {
    case ARMS_SHARE:
        return run_share(s, r, q, out, err);
    case ARMS_FLOWS:
        return run_flows(s, r, q, out, err);
    case ARMS_DEALS:
        return run_deals(s, r, q, out, err);
    default:
        return run_releases(s, out, err);
    }
}

const bloc_call analysis_arms = {"arms", sizeof(arms_req), NULL, opts, check, run};
