/*
 * store/store_watch — SQL for the feed's file states, watch rules and
 * alerts (see store.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

int store_feed_get(store *s, const char *url, store_feed_file *f, int *found, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT status, md5, size, attempts FROM follow_files WHERE url=?",
                           err);
    memset(f, 0, sizeof *f);
    *found = 0;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, url);
    int r = store_q_step(st);
    if (r == STORE_ROW) {
        *found = 1;
        store_copy_col(st, 0, f->status, sizeof f->status);
        store_copy_col(st, 1, f->md5, sizeof f->md5);
        f->size = store_q_int64(st, 2);
        f->attempts = store_q_int(st, 3);
    } else if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read the feed state");
    }
    store_q_finalize(st);
    return rc;
}

int store_feed_put(store *s, const char *url, long long size, const char *md5, const char *status,
                   int attempts, const char *error, long long source_id, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(
        s, &st,
        "INSERT INTO follow_files(url, size, md5, status, attempts, last_error, source_id)"
        " VALUES(?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET size=excluded.size,"
        " md5=excluded.md5, status=excluded.status, attempts=excluded.attempts,"
        " last_error=excluded.last_error, source_id=excluded.source_id,"
        " updated=strftime('%Y-%m-%dT%H:%M:%SZ','now')",
        err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, url);
    store_q_bind_int64(st, 2, size);
    store_q_bind_text(st, 3, md5);
    store_q_bind_text(st, 4, status);
    store_q_bind_int64(st, 5, attempts);
    store_bind_text_or_null(st, 6, error);
    if (source_id > 0)
        store_q_bind_int64(st, 7, source_id);
    else
        store_q_bind_null(st, 7);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record the feed state");
    store_q_finalize(st);
    return rc;
}

static void bind_opt_real(store_q *st, int i, double v)
{
    if (isnan(v))
        store_q_bind_null(st, i);
    else
        store_q_bind_double(st, i, v);
}

int store_rule_add(store *s, const store_rule *r, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "INSERT INTO watch_rules(name, dyad, grp, domain, measure, window_days,"
                           " z, above, below, webhook) VALUES(?,?,?,?,?,?,?,?,?,?)"
                           " ON CONFLICT(name) DO NOTHING",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, r->name);
    store_bind_text_or_null(st, 2, r->dyad);
    store_bind_text_or_null(st, 3, r->group);
    store_bind_text_or_null(st, 4, r->domain);
    store_q_bind_text(st, 5, r->measure);
    store_q_bind_int64(st, 6, r->window_days);
    bind_opt_real(st, 7, r->z);
    bind_opt_real(st, 8, r->above);
    bind_opt_real(st, 9, r->below);
    store_bind_text_or_null(st, 10, r->webhook);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot add the rule");
    else if (store_changes(s) == 0)
        rc = bloc_fail(err, BLOC_EINPUT, "a rule named '%s' exists already", r->name);
    store_q_finalize(st);
    return rc;
}

int store_rule_rm(store *s, const char *name, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "DELETE FROM watch_rules WHERE name=?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot remove the rule");
    else if (store_changes(s) == 0)
        rc = bloc_fail(err, BLOC_ENOTFOUND, "no rule named '%s'", name);
    store_q_finalize(st);
    return rc;
}

static double col_opt_real(store_q *st, int i)
{
    return store_q_isnull(st, i) ? NAN : store_q_double(st, i);
}

int store_rules_load(store *s, store_rule **out, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = store_prepare(s, &st,
                           "SELECT name, ifnull(dyad,''), ifnull(grp,''), ifnull(domain,''), measure,"
                           " window_days, z, above, below, ifnull(webhook,'') FROM watch_rules"
                           " ORDER BY name",
                           err), r;
    if (rc != BLOC_OK)
        return rc;
    while ((r = store_q_step(st)) == STORE_ROW) {
        if (util_grow((void **)out, &cap, *n + 1, sizeof **out) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        store_rule *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        store_copy_col(st, 0, x->name, sizeof x->name);
        store_copy_col(st, 1, x->dyad, sizeof x->dyad);
        store_copy_col(st, 2, x->group, sizeof x->group);
        store_copy_col(st, 3, x->domain, sizeof x->domain);
        store_copy_col(st, 4, x->measure, sizeof x->measure);
        x->window_days = store_q_int(st, 5);
        x->z = col_opt_real(st, 6);
        x->above = col_opt_real(st, 7);
        x->below = col_opt_real(st, 8);
        store_copy_col(st, 9, x->webhook, sizeof x->webhook);
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the rules");
    store_q_finalize(st);
    if (rc != BLOC_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int store_alert_put(store *s, const store_alert *a, int *result, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "INSERT INTO alerts(rule, window_from, window_to, value, baseline, sd,"
                           " low, high, z, events, evidence) VALUES(?,?,?,?,?,?,?,?,?,?,?)"
                           " ON CONFLICT(rule, window_to) DO NOTHING",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, a->rule);
    store_q_bind_text(st, 2, a->window_from);
    store_q_bind_text(st, 3, a->window_to);
    bind_opt_real(st, 4, a->value);
    bind_opt_real(st, 5, a->baseline);
    bind_opt_real(st, 6, a->sd);
    bind_opt_real(st, 7, a->low);
    bind_opt_real(st, 8, a->high);
    bind_opt_real(st, 9, a->z);
    store_q_bind_int64(st, 10, a->events);
    store_q_bind_text(st, 11, a->evidence ? a->evidence : "[]");
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record the alert");
    else
        *result = store_changes(s) ? STORE_INSERTED : STORE_DUPLICATE;
    store_q_finalize(st);
    return rc;
}

int store_alerts_scan(store *s, const char *since, const char *rule, store_alert_cb cb, void *ctx,
                      bloc_error *err)
{
    store_q *st = NULL;
    char sql[512];
    int i = 1, r;
    snprintf(sql, sizeof sql,
             "SELECT id, rule, window_from, window_to, value, baseline, sd, low, high, z, events,"
             " evidence, fired FROM alerts WHERE 1%s%s ORDER BY id",
             since ? " AND fired>=?" : "", rule ? " AND rule=?" : "");
    int rc = store_prepare(s, &st, sql, err);
    if (rc != BLOC_OK)
        return rc;
    if (since)
        store_q_bind_text(st, i++, since);
    if (rule)
        store_q_bind_text(st, i++, rule);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_alert a = {
            .id = store_q_int64(st, 0),
            .rule = (const char *)store_q_text(st, 1),
            .window_from = (const char *)store_q_text(st, 2),
            .window_to = (const char *)store_q_text(st, 3),
            .value = col_opt_real(st, 4),
            .baseline = col_opt_real(st, 5),
            .sd = col_opt_real(st, 6),
            .low = col_opt_real(st, 7),
            .high = col_opt_real(st, 8),
            .z = col_opt_real(st, 9),
            .events = store_q_int64(st, 10),
            .evidence = (const char *)store_q_text(st, 11),
            .fired = (const char *)store_q_text(st, 12),
        };
        if (cb(ctx, &a))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read alerts");
    store_q_finalize(st);
    return rc;
}
