/*
 * store/store_registry — SQL for the country registry: states and their
 * aliases, replaced as a whole by registry_sync, read by registry_load
 * (see store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

int store_registry_replace(store *s, const store_country *cs, size_t ncs,
                           const store_alias *as, size_t nas, bloc_error *err)
{
    int rc;
    store_q *ic = NULL, *ia = NULL;
    /* Members and votes reference countries: rows are upserted (never
     * deleted) so existing references stay valid. */
    if ((rc = store_exec(s, "DELETE FROM country_aliases", err)) != BLOC_OK)
        return rc;
    if ((rc = store_prepare(s, &ic,
                      "INSERT INTO countries(code,iso2,iso_numeric,name,official_name,cow_code,"
                      "cow_abbr,cameo,valid_from,valid_until,successor,historical,note)"
                      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET"
                      " iso2=excluded.iso2, iso_numeric=excluded.iso_numeric, name=excluded.name,"
                      " official_name=excluded.official_name, cow_code=excluded.cow_code,"
                      " cow_abbr=excluded.cow_abbr, cameo=excluded.cameo,"
                      " valid_from=excluded.valid_from, valid_until=excluded.valid_until,"
                      " successor=excluded.successor, historical=excluded.historical,"
                      " note=excluded.note", err)) != BLOC_OK)
        goto done;
    for (size_t i = 0; i < ncs; i++) {
        const store_country *c = &cs[i];
        store_q_reset(ic);
        store_q_bind_text(ic, 1, c->code);
        store_bind_text_or_null(ic, 2, c->iso2);
        store_bind_text_or_null(ic, 3, c->iso_numeric);
        store_q_bind_text(ic, 4, c->name);
        store_bind_text_or_null(ic, 5, c->official_name);
        if (c->cow_code > 0)
            store_q_bind_int64(ic, 6, c->cow_code);
        else
            store_q_bind_null(ic, 6);
        store_bind_text_or_null(ic, 7, c->cow_abbr);
        store_bind_text_or_null(ic, 8, c->cameo);
        store_bind_date(ic, 9, c->valid_from);
        store_bind_date(ic, 10, c->valid_until);
        store_bind_text_or_null(ic, 11, c->successor);
        store_q_bind_int64(ic, 12, c->historical);
        store_bind_text_or_null(ic, 13, c->note);
        if (store_q_step(ic) != STORE_DONE) {
            rc = store_sqlfail(s, err, "cannot write country");
            goto done;
        }
    }
    if ((rc = store_prepare(s, &ia, "INSERT INTO country_aliases(norm,alias,code,valid_from,valid_until)"
                              " VALUES(?,?,?,?,?)", err)) != BLOC_OK)
        goto done;
    for (size_t i = 0; i < nas; i++) {
        store_q_reset(ia);
        store_q_bind_text(ia, 1, as[i].norm);
        store_q_bind_text(ia, 2, as[i].alias);
        store_q_bind_text(ia, 3, as[i].code);
        store_bind_date(ia, 4, as[i].valid_from);
        store_bind_date(ia, 5, as[i].valid_until);
        if (store_q_step(ia) != STORE_DONE) {
            rc = bloc_fail(err, BLOC_ESTORE, "cannot write alias '%s' -> %s: %s",
                           as[i].alias, as[i].code, store_errmsg(s));
            goto done;
        }
    }
done:
    store_q_finalize(ic);
    store_q_finalize(ia);
    return rc;
}

int store_countries_load(store *s, store_country **out, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    store_country *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc = store_prepare(s, &st,
                     "SELECT code,ifnull(iso2,''),ifnull(iso_numeric,''),name,ifnull(official_name,''),"
                     "ifnull(cow_code,0),ifnull(cow_abbr,''),ifnull(cameo,''),valid_from,valid_until,"
                     "ifnull(successor,''),historical,ifnull(note,'') FROM countries ORDER BY code",
                     err);
    if (rc != BLOC_OK)
        return rc;
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        if (util_grow((void **)&arr, &cap, cnt + 1, sizeof *arr) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            goto done;
        }
        store_country *c = &arr[cnt++];
        memset(c, 0, sizeof *c);
        store_copy_col(st, 0, c->code, sizeof c->code);
        store_copy_col(st, 1, c->iso2, sizeof c->iso2);
        store_copy_col(st, 2, c->iso_numeric, sizeof c->iso_numeric);
        store_copy_col(st, 3, c->name, sizeof c->name);
        store_copy_col(st, 4, c->official_name, sizeof c->official_name);
        c->cow_code = store_q_int(st, 5);
        store_copy_col(st, 6, c->cow_abbr, sizeof c->cow_abbr);
        store_copy_col(st, 7, c->cameo, sizeof c->cameo);
        c->valid_from = store_column_date(st, 8);
        c->valid_until = store_column_date(st, 9);
        store_copy_col(st, 10, c->successor, sizeof c->successor);
        c->historical = store_q_int(st, 11);
        store_copy_col(st, 12, c->note, sizeof c->note);
    }
    if (r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read countries");
done:
    store_q_finalize(st);
    if (rc != BLOC_OK) {
        free(arr);
        return rc;
    }
    *out = arr;
    *n = cnt;
    return BLOC_OK;
}

int store_aliases_load(store *s, store_alias **out, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    store_alias *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc = store_prepare(s, &st, "SELECT norm,alias,code,valid_from,valid_until FROM country_aliases"
                             " ORDER BY norm, valid_from", err);
    if (rc != BLOC_OK)
        return rc;
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        if (util_grow((void **)&arr, &cap, cnt + 1, sizeof *arr) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            goto done;
        }
        store_alias *a = &arr[cnt++];
        store_copy_col(st, 0, a->norm, sizeof a->norm);
        store_copy_col(st, 1, a->alias, sizeof a->alias);
        store_copy_col(st, 2, a->code, sizeof a->code);
        a->valid_from = store_column_date(st, 3);
        a->valid_until = store_column_date(st, 4);
    }
    if (r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read aliases");
done:
    store_q_finalize(st);
    if (rc != BLOC_OK) {
        free(arr);
        return rc;
    }
    *out = arr;
    *n = cnt;
    return BLOC_OK;
}
