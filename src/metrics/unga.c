/*
 * metrics/unga — vote matrix, periods and alignment measures (see unga.h).
 */
#include "metrics/unga.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"

/* One vote as read, before the matrix is built: its roll-call column and
 * its country's row in order of first appearance. */
typedef struct raw_vote {
    size_t col;
    int row;
    unsigned char vote;
} raw_vote;

/* A roll call's id and its column, sorted by id to find a vote's column. */
typedef struct rc_col {
    long long rcid;
    size_t col;
} rc_col;

typedef struct loader {
    unga_votes *v;
    size_t cap_rcid, cap_date, cap_session, capc;
    rc_col *by_rcid; /* sorted once the roll calls are read */
    const char *const *want; /* the states asked for (nwant 0: all) */
    size_t nwant;
    long *pos_row;   /* vote position -> matrix row, -1 not wanted, -2 not seen */
    size_t npos, cap_pos;
    size_t orphans; /* votes whose roll call the roll-call scan missed */
    strmap *c_index; /* code -> row */
    /* votes are collected first, the matrix is built when all are known */
    raw_vote *votes;
    size_t nv, capv;
} loader;

static int on_rollcall(void *ctx, long long rcid, int date, int session, const char *issues)
{
    loader *l = ctx;
    unga_votes *v = l->v;
    (void)issues;
    if (util_grow((void **)&v->rcid, &l->cap_rcid, v->nrc + 1, sizeof *v->rcid) != 0 ||
        util_grow((void **)&v->date, &l->cap_date, v->nrc + 1, sizeof *v->date) != 0 ||
        util_grow((void **)&v->session, &l->cap_session, v->nrc + 1, sizeof *v->session) != 0)
        return BLOC_ENOMEM;
    v->rcid[v->nrc] = rcid;
    v->date[v->nrc] = date;
    v->session[v->nrc] = session;
    v->nrc++;
    return BLOC_OK;
}

static int cmp_rc_col(const void *a, const void *b)
{
    long long x = ((const rc_col *)a)->rcid, y = ((const rc_col *)b)->rcid;
    return (x > y) - (x < y);
}

/* Index the roll calls read by id (votes arrive a roll call at a time, so a
 * lookup happens once per roll call, not once per vote). */
static int index_rollcalls(loader *l)
{
    unga_votes *v = l->v;
    if (!(l->by_rcid = malloc((v->nrc + 1) * sizeof *l->by_rcid)))
        return BLOC_ENOMEM;
    for (size_t i = 0; i < v->nrc; i++)
        l->by_rcid[i] = (rc_col){v->rcid[i], i};
    qsort(l->by_rcid, v->nrc, sizeof *l->by_rcid, cmp_rc_col);
    return BLOC_OK;
}

/* The matrix row of vote position p (codes[p]): found once per position;
 * -1 for a state outside the requested codes. */
static int position_row(loader *l, size_t p, const char *const *codes, long *row)
{
    unga_votes *v = l->v;
    if (p >= l->npos) {
        if (util_grow((void **)&l->pos_row, &l->cap_pos, p + 1, sizeof *l->pos_row) != 0)
            return BLOC_ENOMEM;
        for (size_t k = l->npos; k <= p; k++)
            l->pos_row[k] = -2; /* not looked at yet */
        l->npos = p + 1;
    }
    if (l->pos_row[p] != -2) {
        *row = l->pos_row[p];
        return BLOC_OK;
    }
    const char *code = codes[p];
    int wanted = !l->nwant;
    for (size_t i = 0; i < l->nwant && !wanted; i++)
        wanted = strcmp(l->want[i], code) == 0;
    if (!wanted) {
        *row = l->pos_row[p] = -1;
        return BLOC_OK;
    }
    if (!strmap_get(l->c_index, code, row)) {
        if (util_grow((void **)&v->codes, &l->capc, v->ncountries + 1, sizeof *v->codes) != 0)
            return BLOC_ENOMEM;
        snprintf(v->codes[v->ncountries], sizeof v->codes[0], "%s", code);
        *row = (long)v->ncountries++;
        if (strmap_put(l->c_index, code, *row) != 0)
            return BLOC_ENOMEM;
    }
    l->pos_row[p] = *row;
    return BLOC_OK;
}

static int on_ballot(void *ctx, long long rcid, const char *votes, size_t n, const char *const *codes)
{
    loader *l = ctx;
    unga_votes *v = l->v;
    rc_col key = {rcid, 0};
    const rc_col *hit = bsearch(&key, l->by_rcid, v->nrc, sizeof key, cmp_rc_col);
    if (!hit) { /* both scans apply the same filter: counted, reported */
        l->orphans++;
        return BLOC_OK;
    }
    for (size_t p = 0; p < n; p++) {
        long row;
        int rc;
        if (votes[p] == '0')
            continue;
        if ((rc = position_row(l, p, codes, &row)) != BLOC_OK)
            return rc;
        if (row < 0)
            continue;
        if (util_grow((void **)&l->votes, &l->capv, l->nv + 1, sizeof *l->votes) != 0)
            return BLOC_ENOMEM;
        l->votes[l->nv++] = (raw_vote){hit->col, (int)row, (unsigned char)(votes[p] - '0')};
    }
    return BLOC_OK;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Put the countries in code order, whatever order the store returned the
 * votes in, and fill the matrix. */
static int build_matrix(loader *l, bloc_error *err)
{
    unga_votes *v = l->v;
    size_t n = v->ncountries;
    const char **sorted = malloc((n + 1) * sizeof *sorted);
    int *newrow = malloc((n + 1) * sizeof *newrow);
    char(*codes)[sizeof v->codes[0]] = malloc((n + 1) * sizeof v->codes[0]);
    int rc = BLOC_OK;
    if (!sorted || !newrow || !codes || !(v->v = calloc(n * v->nrc + 1, 1))) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory for a %zu x %zu vote matrix", n, v->nrc);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = v->codes[i];
    qsort(sorted, n, sizeof *sorted, cmp_code);
    for (size_t i = 0; i < n; i++) {
        long old = 0;
        strmap_get(l->c_index, sorted[i], &old);
        newrow[old] = (int)i;
        memcpy(codes[i], sorted[i], sizeof codes[i]);
    }
    if (n)
        memcpy(v->codes, codes, n * sizeof codes[0]);
    for (size_t k = 0; k < l->nv; k++)
        v->v[(size_t)newrow[l->votes[k].row] * v->nrc + l->votes[k].col] = l->votes[k].vote;
done:
    free(sorted);
    free(newrow);
    free(codes);
    return rc;
}

int unga_votes_load(store *s, const store_unga_filter *f, const char *const *codes, size_t n,
                    unga_votes **out, bloc_error *err)
{
    loader l = {.want = codes, .nwant = n};
    int rc;
    l.v = calloc(1, sizeof *l.v);
    l.c_index = strmap_new();
    if (!l.v || !l.c_index) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = store_unga_scan_rollcalls(s, f, on_rollcall, &l, err)) != BLOC_OK ||
        (rc = index_rollcalls(&l)) != BLOC_OK ||
        (rc = store_unga_scan_votes(s, f, on_ballot, &l, err)) != BLOC_OK) {
        if (rc == BLOC_ENOMEM)
            bloc_fail(err, rc, "out of memory loading votes");
        goto done;
    }
    if (l.orphans)
        rc = bloc_fail(err, BLOC_ESTORE, "%zu votes name a roll call the store did not return",
                       l.orphans);
    else
        rc = build_matrix(&l, err);
done:
    strmap_free(l.c_index);
    free(l.by_rcid);
    free(l.pos_row);
    free(l.votes);
    if (rc != BLOC_OK) {
        unga_votes_free(l.v);
        return rc;
    }
    *out = l.v;
    return BLOC_OK;
}

void unga_votes_free(unga_votes *v)
{
    if (!v)
        return;
    free(v->rcid);
    free(v->date);
    free(v->session);
    free(v->codes);
    free(v->v);
    free(v);
}

int unga_votes_index(const unga_votes *v, const char *code)
{
    for (size_t i = 0; i < v->ncountries; i++)
        if (strcmp(v->codes[i], code) == 0)
            return (int)i;
    return -1;
}

static int period_key(const unga_votes *v, size_t k, unga_by by)
{
    switch (by) {
    case UNGA_BY_YEAR:
        return v->date[k] / 10000;
    case UNGA_BY_SESSION:
        return v->session[k];
    case UNGA_BY_DECADE:
        return v->date[k] / 100000 * 10;
    case UNGA_BY_ALL:
        break;
    }
    return 0;
}

int unga_period_window(const unga_votes *v, int from, int to, unga_period *p, bloc_error *err)
{
    memset(p, 0, sizeof *p);
    snprintf(p->label, sizeof p->label, "%d..%d", from, to);
    p->first_date = from;
    p->last_date = to;
    if (!(p->rc = malloc((v->nrc + 1) * sizeof *p->rc)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t k = 0; k < v->nrc; k++)
        if (v->date[k] >= from && v->date[k] <= to)
            p->rc[p->nrc++] = k;
    return BLOC_OK;
}

int unga_periods(const unga_votes *v, unga_by by, unga_period **out, size_t *n, bloc_error *err)
{
    unga_period *ps = NULL;
    size_t np = 0, cap = 0;
    /* roll calls are in date order; a session's roll calls are contiguous
     * too, so each period is a run of equal keys - but do not rely on it:
     * look the key up among the periods seen so far */
    int *keys = NULL;
    size_t capk = 0;
    for (size_t k = 0; k < v->nrc; k++) {
        int key = period_key(v, k, by);
        size_t p;
        for (p = np; p > 0 && keys[p - 1] != key; p--)
            ;
        if (p == 0) {
            if (util_grow((void **)&ps, &cap, np + 1, sizeof *ps) != 0 ||
                util_grow((void **)&keys, &capk, np + 1, sizeof *keys) != 0)
                goto oom;
            memset(&ps[np], 0, sizeof ps[np]);
            keys[np] = key;
            ps[np].first_date = v->date[k];
            np++;
            p = np;
        }
        unga_period *pp = &ps[p - 1];
        size_t *nr = realloc(pp->rc, (pp->nrc + 1) * sizeof *nr);
        if (!nr)
            goto oom;
        pp->rc = nr;
        pp->rc[pp->nrc++] = k;
        pp->last_date = v->date[k];
    }
    for (size_t p = 0; p < np; p++) {
        unga_period *pp = &ps[p];
        switch (by) {
        case UNGA_BY_YEAR:
            snprintf(pp->label, sizeof pp->label, "%d", keys[p]);
            break;
        case UNGA_BY_SESSION:
            snprintf(pp->label, sizeof pp->label, "session %d", keys[p]);
            break;
        case UNGA_BY_DECADE:
            snprintf(pp->label, sizeof pp->label, "%ds", keys[p]);
            break;
        case UNGA_BY_ALL:
            snprintf(pp->label, sizeof pp->label, "%04d-%02d-%02d..%04d-%02d-%02d",
                     pp->first_date / 10000, pp->first_date / 100 % 100, pp->first_date % 100,
                     pp->last_date / 10000, pp->last_date / 100 % 100, pp->last_date % 100);
            break;
        }
    }
    free(keys);
    *out = ps;
    *n = np;
    return BLOC_OK;
oom:
    free(keys);
    unga_periods_free(ps, np);
    return bloc_fail(err, BLOC_ENOMEM, "out of memory");
}

void unga_periods_free(unga_period *p, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        free(p[i].rc);
    free(p);
}

static int member_on(const store_member *m, int date)
{
    return !m || ((m->joined == 0 || date >= m->joined) && (m->left == 0 || date <= m->left));
}

static int voted_in(const unga_votes *v, const unga_period *p, size_t i)
{
    assert(i < v->ncountries);
    const unsigned char *a = v->v + i * v->nrc;
    for (size_t k = 0; k < p->nrc; k++)
        if (a[p->rc[k]])
            return 1;
    return 0;
}

int unga_pairs(const unga_votes *v, const unga_period *p, unga_pair **out, size_t *n, size_t *cap)
{
    /* a state with no vote in the period is in none of its dyads: left out
     * before pairing (most of the 200 x 200 of a 1940s year) */
    unsigned char *voted = malloc(v->ncountries + 1);
    *n = 0;
    if (!voted)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < v->ncountries; i++)
        voted[i] = (unsigned char)voted_in(v, p, i);
    int rc = BLOC_OK;
    for (size_t i = 0; i < v->ncountries && rc == BLOC_OK; i++)
        for (size_t j = i + 1; j < v->ncountries && voted[i]; j++) {
            if (!voted[j])
                continue;
            unga_pair d;
            d.x = strcmp(v->codes[i], v->codes[j]) < 0 ? (int)i : (int)j;
            d.y = d.x == (int)i ? (int)j : (int)i;
            unga_dyad(v, p, d.x, d.y, NULL, NULL, &d.m);
            if (d.m.n == 0)
                continue;
            if (util_grow((void **)out, cap, *n + 1, sizeof **out) != 0) {
                rc = BLOC_ENOMEM;
                break;
            }
            (*out)[(*n)++] = d;
        }
    free(voted);
    return rc;
}

void unga_dyad(const unga_votes *v, const unga_period *p, int i, int j, const store_member *mi,
               const store_member *mj, agree_measures *out)
{
    agree_table t = {{{0}}};
    if (i >= 0 && j >= 0) {
        const unsigned char *a = v->v + (size_t)i * v->nrc, *b = v->v + (size_t)j * v->nrc;
        int dated = (mi && (mi->joined || mi->left)) || (mj && (mj->joined || mj->left));
        if (!dated) {
            /* the hot loop of every all-dyads run: votes are 0 (absent) to 3,
             * so the pair indexes a 4x4 tally with no branch; row and
             * column 0 (an absence) are then left out */
            long tally[16] = {0};
            for (size_t k = 0; k < p->nrc; k++)
                tally[(a[p->rc[k]] & 3u) << 2 | (b[p->rc[k]] & 3u)]++;
            for (int x = 1; x <= 3; x++)
                for (int y = 1; y <= 3; y++)
                    t.n[x - 1][y - 1] = tally[x << 2 | y];
            agree_compute(&t, out);
            return;
        }
        for (size_t k = 0; k < p->nrc; k++) {
            size_t c = p->rc[k];
            unsigned x = a[c], y = b[c];
            if (!x || !y)
                continue;
            if (dated && (!member_on(mi, v->date[c]) || !member_on(mj, v->date[c])))
                continue;
            agree_add(&t, (int)x, (int)y);
        }
    }
    agree_compute(&t, out);
}

static void accumulate(unga_cohesion *c, const agree_measures *m)
{
    c->dyads_total++;
    if (m->n == 0)
        return;
    c->dyads++;
    c->votes += m->n;
    c->agree += m->agree;
    c->s += m->s;
    if (m->kappa_ok) {
        c->kappa += m->kappa;
        c->kappa_dyads++;
    }
}

static void finish(unga_cohesion *c)
{
    if (c->dyads) {
        c->agree /= (double)c->dyads;
        c->s /= (double)c->dyads;
    } else {
        c->agree = c->s = NAN;
    }
    c->kappa = c->kappa_dyads ? c->kappa / (double)c->kappa_dyads : NAN;
}

void unga_group_cohesion(const unga_votes *v, const unga_period *p, const store_member *m,
                         size_t n, unga_cohesion *out)
{
    memset(out, 0, sizeof *out);
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            agree_measures am;
            unga_dyad(v, p, unga_votes_index(v, m[a].code), unga_votes_index(v, m[b].code),
                      &m[a], &m[b], &am);
            accumulate(out, &am);
        }
    finish(out);
}

void unga_between(const unga_votes *v, const unga_period *p, const store_member *a, size_t na,
                  const store_member *b, size_t nb, unga_cohesion *out)
{
    memset(out, 0, sizeof *out);
    for (size_t x = 0; x < na; x++)
        for (size_t y = 0; y < nb; y++) {
            if (strcmp(a[x].code, b[y].code) == 0)
                continue;
            agree_measures am;
            unga_dyad(v, p, unga_votes_index(v, a[x].code), unga_votes_index(v, b[y].code),
                      &a[x], &b[y], &am);
            accumulate(out, &am);
        }
    finish(out);
}
