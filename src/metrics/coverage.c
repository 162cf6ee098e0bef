/*
 * metrics/coverage — covered days per set of states (see coverage.h).
 */
#include "metrics/coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "registry/registry.h"

typedef struct span {
    int first, last;
    int all;              /* the load kept every event */
    int regional;         /* only events located in one country (geo:XX): a
                             regional extract covers no state's events whole */
    store_member *scope;  /* else the filter's members, with their dates */
    size_t nscope;
} span;

struct ev_coverage {
    span *spans;
    size_t n, cap;
};

/* "CHN,RUS@20010615-0" (ingest_filter_scope's text) as members. */
static int parse_scope(const char *text, span *sp)
{
    if (strncmp(text, "geo:", 4) == 0) { /* "geo:GG;all", "geo:GG;CHN,RUS" */
        sp->regional = 1;
        return 0;
    }
    if (strcmp(text, "all") == 0) {
        sp->all = 1;
        return 0;
    }
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    if (!(sp->scope = calloc(cap, sizeof *sp->scope)))
        return -1;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",");
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(len < 63 ? len : 63), p);
        store_member *m = &sp->scope[sp->nscope++];
        char *at = strchr(item, '@');
        if (at) {
            *at = '\0';
            sscanf(at + 1, "%d-%d", &m->joined, &m->left);
        }
        snprintf(m->code, sizeof m->code, "%.7s", item);
        p += len + (p[len] == ',');
    }
    return 0;
}

static int add_span(void *ctx, const store_coverage *c)
{
    ev_coverage *cov = ctx;
    if (util_grow((void **)&cov->spans, &cov->cap, cov->n + 1, sizeof *cov->spans) != 0)
        return 1;
    span *sp = &cov->spans[cov->n];
    memset(sp, 0, sizeof *sp);
    sp->first = c->first;
    sp->last = c->last;
    if (parse_scope(c->scope, sp) != 0)
        return 1;
    cov->n++;
    return 0;
}

int ev_coverage_load(store *s, const char *kind, ev_coverage **out, bloc_error *err)
{
    ev_coverage *c = calloc(1, sizeof *c);
    if (!c)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = store_coverage_scan(s, kind, add_span, c, err);
    if (rc != BLOC_OK) {
        ev_coverage_free(c);
        return rc;
    }
    *out = c;
    return BLOC_OK;
}

void ev_coverage_free(ev_coverage *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->spans[i].scope);
    free(c->spans);
    free(c);
}

size_t ev_coverage_spans(const ev_coverage *c)
{
    return c ? c->n : 0;
}

int ev_coverage_uniform(const ev_coverage *c)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (!c->spans[i].all && !c->spans[i].regional)
            return 0;
    return 1;
}

/* Is code in the span's filter on day? */
static int in_scope(const span *sp, const char *code, int day)
{
    for (size_t i = 0; i < sp->nscope; i++)
        if (strcmp(sp->scope[i].code, code) == 0 && registry_member_on(&sp->scope[i], day))
            return 1;
    return 0;
}

/* Does the span hold every event of every pair of codes on day? */
static int span_covers(const span *sp, const char *const *codes, size_t n, int day)
{
    if (sp->regional)
        return 0;
    if (sp->all)
        return 1;
    size_t outside = 0;
    for (size_t i = 0; i < n; i++)
        outside += !in_scope(sp, codes[i], day);
    return n == 1 ? outside == 0 : outside <= 1;
}

static int push(cov_days *d, size_t *cap, int first, int last)
{
    if (d->n == *cap) {
        size_t c2 = *cap ? *cap * 2 : 8;
        int *f = realloc(d->first, c2 * sizeof *f), *l = f ? realloc(d->last, c2 * sizeof *l) : NULL;
        if (f)
            d->first = f;
        if (!f || !l)
            return -1;
        d->last = l;
        *cap = c2;
    }
    d->first[d->n] = first;
    d->last[d->n] = last;
    d->n++;
    return 0;
}

int ev_coverage_days(const ev_coverage *c, const char *const *codes, size_t n, int from, int to,
                     cov_days *out, bloc_error *err)
{
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    if (!c) { /* everything covered */
        if (from && to && from <= to && push(out, &cap, from, to) != 0)
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        return BLOC_OK;
    }
    /* the union, day by day, of what each span covers for these codes
     * (spans are few; their days, a few thousand) */
    int lo = 0, hi = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!lo || c->spans[i].first < lo)
            lo = c->spans[i].first;
        if (c->spans[i].last > hi)
            hi = c->spans[i].last;
    }
    if (from && from > lo)
        lo = from;
    if (to && to < hi)
        hi = to;
    int open = 0, start = 0, prev = 0;
    for (long dn = lo ? util_date_days(lo) : 1, end = hi ? util_date_days(hi) : 0; lo && dn <= end; dn++) {
        int day = util_days_date(dn), covered = 0;
        for (size_t i = 0; i < c->n && !covered; i++)
            covered = c->spans[i].first <= day && day <= c->spans[i].last &&
                      span_covers(&c->spans[i], codes, n, day);
        if (covered && !open) {
            open = 1;
            start = day;
        } else if (!covered && open) {
            open = 0;
            if (push(out, &cap, start, prev) != 0)
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        prev = day;
    }
    if (open && push(out, &cap, start, prev) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return BLOC_OK;
}

void cov_days_free(cov_days *d)
{
    free(d->first);
    free(d->last);
    memset(d, 0, sizeof *d);
}

int cov_days_has(const cov_days *d, int day)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->last[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n && d->first[lo] <= day;
}

long cov_days_count(const cov_days *d, int from, int to)
{
    long n = 0;
    for (size_t i = 0; i < d->n; i++) {
        int a = d->first[i] > from ? d->first[i] : from, b = d->last[i] < to ? d->last[i] : to;
        if (a <= b)
            n += util_date_days(b) - util_date_days(a) + 1;
    }
    return n;
}
