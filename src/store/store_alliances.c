/*
 * store/store_alliances — SQL for the formal alliance dyad-years (ATOP):
 * the insert that tells a new dyad-year from one stored already (the
 * file's mirrored order, or a re-load) and from one stored with other
 * obligations, and the scans of a year (see store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

static void read_row(store_q *st, store_alliance *a)
{
    a->a = (const char *)store_q_text(st, 0);
    a->b = (const char *)store_q_text(st, 1);
    a->year = (int)store_q_int64(st, 2);
    a->defense = (int)store_q_int64(st, 3);
    a->offense = (int)store_q_int64(st, 4);
    a->neutral = (int)store_q_int64(st, 5);
    a->nonagg = (int)store_q_int64(st, 6);
    a->consul = (int)store_q_int64(st, 7);
    a->source_id = store_q_int64(st, 8);
    a->source_line = (long)store_q_int64(st, 9);
}

#define ALLIANCE_COLUMNS "a, b, year, defense, offense, neutral, nonagg, consul, source_id, source_line"

int store_alliance_put(store *s, const store_alliance *a, int *result, bloc_error *err)
{
    const int v[] = {a->defense, a->offense, a->neutral, a->nonagg, a->consul};
    int rc = BLOC_OK;
    /* what is stored first: new, or the same directions already there */
    store_q *st = store_cached(s, ST_GET_ALLIANCE,
                               "SELECT defense, offense, neutral, nonagg, consul"
                               " FROM alliance_years WHERE a = ? AND b = ? AND year = ?", err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, a->a);
    store_q_bind_text(st, 2, a->b);
    store_q_bind_int64(st, 3, a->year);
    int r = store_q_step(st), had = r == STORE_ROW, same = had;
    for (int i = 0; had && i < 5; i++)
        same &= (store_q_int64(st, i) | v[i]) == store_q_int64(st, i);
    store_q_reset(st);
    if (r == STORE_QERR)
        return store_sqlfail(s, err, "cannot read an alliance dyad-year");
    if (same) {
        *result = STORE_DUPLICATE;
        return BLOC_OK;
    }
    st = store_cached(s, ST_PUT_ALLIANCE, "INSERT INTO alliance_years(" ALLIANCE_COLUMNS ")"
                               " VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(a, b, year) DO UPDATE SET"
                               " defense = alliance_years.defense | excluded.defense,"
                               " offense = alliance_years.offense | excluded.offense,"
                               " neutral = alliance_years.neutral | excluded.neutral,"
                               " nonagg = alliance_years.nonagg | excluded.nonagg,"
                               " consul = alliance_years.consul | excluded.consul", err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, a->a);
    store_q_bind_text(st, 2, a->b);
    store_q_bind_int64(st, 3, a->year);
    for (int i = 0; i < 5; i++)
        store_q_bind_int64(st, 4 + i, v[i]);
    store_q_bind_int64(st, 9, a->source_id);
    store_q_bind_int64(st, 10, a->source_line);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot store an alliance dyad-year");
    store_q_reset(st);
    *result = had ? STORE_UPDATED : STORE_INSERTED;
    return rc;
}

int store_alliances_scan(store *s, int year, const char *const *codes, size_t n,
                         store_alliance_cb cb, void *ctx, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT " ALLIANCE_COLUMNS " FROM alliance_years"
                                   " WHERE year = ? ORDER BY a, b", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, year);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_alliance a;
        read_row(st, &a);
        int in = 0;
        for (size_t i = 0; i < n && !in; i++)
            in = strcmp(codes[i], a.a) == 0 || strcmp(codes[i], a.b) == 0;
        if (in && cb(ctx, &a) != 0)
            break;
    }
    if (r == STORE_QERR)
        rc = store_sqlfail(s, err, "cannot read alliances");
    store_q_finalize(st);
    return rc;
}

int store_alliance_years(store *s, int *first, int *last, long long *n, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT ifnull(min(year), 0), ifnull(max(year), 0), count(*)"
                                   " FROM alliance_years", err);
    if (rc != BLOC_OK)
        return rc;
    *first = *last = 0;
    if (store_q_step(st) == STORE_ROW) {
        *first = (int)store_q_int64(st, 0);
        *last = (int)store_q_int64(st, 1);
        if (n)
            *n = store_q_int64(st, 2);
    } else {
        rc = store_sqlfail(s, err, "cannot read the alliance years");
    }
    store_q_finalize(st);
    return rc;
}
