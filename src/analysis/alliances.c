/*
 * analysis/alliances — obligations inside a group and its members'
 * defence pacts outside it, for one year (see alliances.h).
 */
#include "analysis/alliances.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/session.h"
#include "core/util.h"
#include "registry/registry.h"

static const opt_def opts[] = {
    OPTE_ARG_REQ("group", alliances_req, group, "LIST"),
    OPTE_INT32("year", alliances_req, year, 1800, 2100, "--year needs a year (1800..2100)",
               "the year (default: the last one the alliance data cover)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one LIST");
}

static const result_col cols[] = {
    {"year", RESULT_INT},    {"a", RESULT_STR},       {"b", RESULT_STR},
    {"scope", RESULT_STR},   {"defense", RESULT_STR}, {"offense", RESULT_STR},
    {"neutral", RESULT_STR}, {"nonagg", RESULT_STR},  {"consul", RESULT_STR},
    {"source", RESULT_STR}};

typedef struct tie {
    char a[8], b[8];
    int v[5];
    long line;
} tie;

typedef struct ties {
    tie *t;
    size_t n, cap;
    int oom;
} ties;

static int keep(void *ctx, const store_alliance *a)
{
    ties *T = ctx;
    if (util_grow((void **)&T->t, &T->cap, T->n + 1, sizeof *T->t) != 0) {
        T->oom = 1;
        return 1;
    }
    tie *t = &T->t[T->n++];
    snprintf(t->a, sizeof t->a, "%s", a->a);
    snprintf(t->b, sizeof t->b, "%s", a->b);
    const int v[5] = {a->defense, a->offense, a->neutral, a->nonagg, a->consul};
    memcpy(t->v, v, sizeof v);
    t->line = a->source_line;
    return 0;
}

/* "mutual", "A to B", "B to A" or "no". */
static void who(int v, const char *a, const char *b, char *out, size_t n)
{
    if (v == STORE_MUTUAL)
        snprintf(out, n, "mutual");
    else if (v == STORE_A_TO_B)
        snprintf(out, n, "%s to %s", a, b);
    else if (v == STORE_B_TO_A)
        snprintf(out, n, "%s to %s", b, a);
    else
        snprintf(out, n, "no");
}

static void tie_row(result *out, int year, const char *a, const char *b, const char *scope,
                    const int v[5])
{
    result_int(out, year);
    result_str(out, a);
    result_str(out, b);
    result_str(out, scope);
    for (int k = 0; k < 5; k++) {
        char text[32];
        who(v ? v[k] : 0, a, b, text, sizeof text);
        result_str(out, text);
    }
    result_str(out, "ATOP 5.1");
}

static int is_member(const bloc_set *g, const char *code, int day)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->codes[i], code) == 0 && (!g->mptr[i] || registry_member_on(g->mptr[i], day)))
            return 1;
    return 0;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const alliances_req *q = request;
    store *s;
    const registry *r;
    bloc_set g = {0};
    ties T = {0};
    int first, last, rc;
    if ((rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (rc = bloc_set_parse(r, q->group, &g, err)) != BLOC_OK ||
        (rc = store_alliance_years(s, &first, &last, NULL, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    int year = q->year ? q->year : last;
    if (!last) {
        result_note(out, "no data: no alliance data are loaded (bloc ingest atop data/atop/atop5_1_ddyr.csv.gz)");
        goto done;
    }
    if (year < first || year > last) {
        result_note(out, "no data: the alliance data (ATOP 5.1) cover %d-%d, not %d", first, last, year);
        goto done;
    }
    if (!q->year)
        result_note(out, "year %d: the last year the alliance data (ATOP 5.1) cover", year);
    if ((rc = store_alliances_scan(s, year, g.codes, g.n, keep, &T, err)) != BLOC_OK)
        goto done;
    if (T.oom) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    int day = year * 10000 + 701;
    /* every pair of members, tied or not */
    for (size_t i = 0; i < g.n; i++)
        for (size_t j = i + 1; j < g.n; j++) {
            const char *a = g.codes[i], *b = g.codes[j];
            if (!is_member(&g, a, day) || !is_member(&g, b, day) || strcmp(a, b) == 0)
                continue;
            if (strcmp(a, b) > 0) {
                const char *t = a;
                a = b;
                b = t;
            }
            const int *v = NULL;
            for (size_t k = 0; k < T.n && !v; k++)
                if (strcmp(T.t[k].a, a) == 0 && strcmp(T.t[k].b, b) == 0)
                    v = T.t[k].v;
            tie_row(out, year, a, b, "inside", v);
        }
    /* each member's defence pacts with states outside */
    size_t outside = 0;
    for (size_t k = 0; k < T.n; k++) {
        int ina = is_member(&g, T.t[k].a, day), inb = is_member(&g, T.t[k].b, day);
        if (ina != inb && T.t[k].v[0]) {
            tie_row(out, year, T.t[k].a, T.t[k].b, "outside", T.t[k].v);
            outside++;
        }
    }
    if (!outside)
        result_note(out, "no member has a defence pact with a state outside %s in %d", g.label, year);
    rc = result_status(out);
done:
    free(T.t);
    bloc_set_free(&g);
    return rc;
}

const bloc_call analysis_alliances = {"alliances", sizeof(alliances_req), NULL, opts, check, run};
