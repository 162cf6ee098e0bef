/*
 * store/store_arms — SQL for arms transfers (SIPRI): the non-state actors
 * SIPRI names, the files of each release with what they cover, the
 * deal-years of the registers and the cells of the TIV tables, each put
 * telling a new row from one stored already with the same figures (a
 * re-load) and from one stored with others (see store.h). SIPRI's empty
 * fields are NULL here, never 0.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"


static double col_real(store_q *st, int c)
{
    return store_q_isnull(st, c) ? NAN : store_q_double(st, c);
}

static long long col_count(store_q *st, int c)
{
    return store_q_isnull(st, c) ? -1 : store_q_int64(st, c);
}

static const char *col_text(store_q *st, int c)
{
    const char *t = store_q_text(st, c);
    return t ? t : "";
}

int store_arms_actor_put(store *s, const char *code, const char *name, const char *kind,
                         const char *based_in, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "INSERT INTO arms_actors(code, name, kind, based_in) VALUES(?,?,?,?)"
                                   " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                                   " kind = excluded.kind, based_in = excluded.based_in", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, code);
    store_q_bind_text(st, 2, name);
    store_q_bind_text(st, 3, kind);
    if (based_in && *based_in)
        store_q_bind_text(st, 4, based_in);
    else
        store_q_bind_null(st, 4);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot store a non-state actor");
    store_q_finalize(st);
    return rc;
}

int store_arms_actor(store *s, const char *code, char *name, size_t namesz, char *kind,
                     size_t kindsz, int *found, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT name, kind FROM arms_actors WHERE code = ?", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, code);
    *found = (r = store_q_step(st)) == STORE_ROW;
    if (*found) {
        snprintf(name, namesz, "%s", col_text(st, 0));
        snprintf(kind, kindsz, "%s", col_text(st, 1));
    } else if (r == STORE_QERR) {
        rc = store_sqlfail(s, err, "cannot read the non-state actors");
    }
    store_q_finalize(st);
    return rc;
}

int store_arms_file_put(store *s, const store_arms_file *f, int *result, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "INSERT INTO arms_files(layout, day, source_id, generated,"
                                   " first_year, last_year, scope) VALUES(?,?,?,?,?,?,?)"
                                   " ON CONFLICT(layout, day, source_id) DO NOTHING", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, f->layout);
    store_q_bind_int64(st, 2, f->day);
    store_q_bind_int64(st, 3, f->source_id);
    store_q_bind_text(st, 4, f->generated);
    store_q_bind_int64(st, 5, f->first_year);
    store_q_bind_int64(st, 6, f->last_year);
    store_q_bind_text(st, 7, f->scope);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record a SIPRI release");
    else
        *result = store_changes(s) ? STORE_INSERTED : STORE_DUPLICATE;
    store_q_finalize(st);
    return rc;
}

int store_arms_files_scan(store *s, const char *layout, store_arms_file_cb cb, void *ctx,
                          bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT f.layout, f.day, f.source_id, f.generated, f.first_year,"
                                   " f.last_year, f.scope, s.path FROM arms_files f"
                                   " JOIN sources s ON s.id = f.source_id"
                                   " WHERE ? IS NULL OR f.layout = ?"
                                   " ORDER BY f.day DESC, f.layout, f.source_id", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_optional(st, 1, layout);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_arms_file f = {.layout = col_text(st, 0), .day = store_q_int(st, 1),
                             .source_id = store_q_int64(st, 2), .generated = col_text(st, 3),
                             .first_year = store_q_int(st, 4), .last_year = store_q_int(st, 5),
                             .scope = col_text(st, 6), .path = col_text(st, 7)};
        if (cb(ctx, &f) != 0)
            break;
    }
    if (r == STORE_QERR)
        rc = store_sqlfail(s, err, "cannot read the SIPRI releases");
    store_q_finalize(st);
    return rc;
}

#define ARMS_COLUMNS                                                                          \
    "layout, day, deal, year, supplier, recipient, supplier_name, recipient_name, designation," \
    " description, category, status, comments, years, order_year, order_uncertain, ordered,"   \
    " ordered_uncertain, delivered, delivered_uncertain, year_uncertain, tiv_unit_new,"        \
    " tiv_unit, tiv_order, tiv_deal, tiv, tiv_estimate, local_production, source_id,"          \
    " source_line"

static void read_delivery(store_q *st, store_arms_delivery *d)
{
    *d = (store_arms_delivery){
        .layout = col_text(st, 0), .day = store_q_int(st, 1), .deal = col_text(st, 2),
        .year = store_q_int(st, 3), .supplier = col_text(st, 4), .recipient = col_text(st, 5),
        .supplier_name = col_text(st, 6), .recipient_name = col_text(st, 7),
        .designation = col_text(st, 8), .description = col_text(st, 9),
        .category = col_text(st, 10), .status = col_text(st, 11), .comments = col_text(st, 12),
        .years = col_text(st, 13), .order_year = store_q_isnull(st, 14) ? 0 : store_q_int(st, 14),
        .order_uncertain = store_q_int(st, 15), .ordered = col_count(st, 16),
        .ordered_uncertain = store_q_int(st, 17), .delivered = col_count(st, 18),
        .delivered_uncertain = store_q_int(st, 19), .year_uncertain = store_q_int(st, 20),
        .tiv_unit_new = col_real(st, 21), .tiv_unit = col_real(st, 22),
        .tiv_order = col_real(st, 23), .tiv_deal = col_real(st, 24), .tiv = col_real(st, 25),
        .tiv_estimate = store_q_int(st, 26),
        .local_production = store_q_isnull(st, 27) ? -1 : store_q_int(st, 27),
        .source_id = store_q_int64(st, 28), .source_line = (long)store_q_int64(st, 29)};
}

static int same_real(double a, double b)
{
    return (isnan(a) && isnan(b)) || (!isnan(a) && !isnan(b) && fabs(a - b) < 1e-9);
}

/* The figures of a stored deal-year equal d's (where it came from aside). */
static int same_delivery(const store_arms_delivery *a, const store_arms_delivery *d)
{
    return strcmp(a->supplier, d->supplier) == 0 && strcmp(a->recipient, d->recipient) == 0 &&
           strcmp(a->designation, d->designation) == 0 && strcmp(a->description, d->description) == 0 &&
           strcmp(a->category, d->category) == 0 && strcmp(a->status, d->status) == 0 &&
           strcmp(a->comments, d->comments) == 0 && strcmp(a->years, d->years) == 0 &&
           a->order_year == d->order_year && a->ordered == d->ordered &&
           a->delivered == d->delivered && a->order_uncertain == d->order_uncertain &&
           a->ordered_uncertain == d->ordered_uncertain &&
           a->delivered_uncertain == d->delivered_uncertain &&
           a->year_uncertain == d->year_uncertain && same_real(a->tiv_unit_new, d->tiv_unit_new) &&
           same_real(a->tiv_unit, d->tiv_unit) && same_real(a->tiv_order, d->tiv_order) &&
           same_real(a->tiv_deal, d->tiv_deal) && same_real(a->tiv, d->tiv) &&
           a->tiv_estimate == d->tiv_estimate && a->local_production == d->local_production;
}

/* Insert first (a new deal-year is the common case of a load); only when
 * the key was there already, read it back and compare. */
int store_arms_delivery_put(store *s, const store_arms_delivery *d, int *result, bloc_error *err)
{
    store_q *st = store_cached(s, ST_PUT_ARMS, "INSERT INTO arms_deliveries(" ARMS_COLUMNS ") VALUES("
                                              "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                                              " ON CONFLICT(layout, day, deal, year) DO NOTHING",
                               err);
    if (!st)
        return BLOC_ESTORE;
    const char *texts[] = {d->layout, NULL, d->deal, NULL, d->supplier, d->recipient,
                           d->supplier_name, d->recipient_name, d->designation, d->description,
                           d->category, d->status, d->comments, d->years};
    for (int i = 0; i < 14; i++)
        if (texts[i])
            store_q_bind_text(st, i + 1, texts[i]);
    store_q_bind_int64(st, 2, d->day);
    store_q_bind_int64(st, 4, d->year);
    if (d->order_year)
        store_q_bind_int64(st, 15, d->order_year);
    else
        store_q_bind_null(st, 15);
    store_q_bind_int64(st, 16, d->order_uncertain);
    store_q_bind_count_or_null(st, 17, d->ordered);
    store_q_bind_int64(st, 18, d->ordered_uncertain);
    store_q_bind_count_or_null(st, 19, d->delivered);
    store_q_bind_int64(st, 20, d->delivered_uncertain);
    store_q_bind_int64(st, 21, d->year_uncertain);
    const double reals[] = {d->tiv_unit_new, d->tiv_unit, d->tiv_order, d->tiv_deal, d->tiv};
    for (int i = 0; i < 5; i++)
        store_q_bind_real_or_null(st, 22 + i, reals[i]);
    store_q_bind_int64(st, 27, d->tiv_estimate);
    store_q_bind_count_or_null(st, 28, d->local_production);
    store_q_bind_int64(st, 29, d->source_id);
    store_q_bind_int64(st, 30, d->source_line);
    int r = store_q_step(st);
    store_q_reset(st);
    if (r != STORE_DONE)
        return store_sqlfail(s, err, "cannot store a SIPRI deal-year");
    if (store_changes(s)) {
        *result = STORE_INSERTED;
        return BLOC_OK;
    }
    st = store_cached(s, ST_GET_ARMS, "SELECT " ARMS_COLUMNS " FROM arms_deliveries"
                                      " WHERE layout = ? AND day = ? AND deal = ? AND year = ?",
                      err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, d->layout);
    store_q_bind_int64(st, 2, d->day);
    store_q_bind_text(st, 3, d->deal);
    store_q_bind_int64(st, 4, d->year);
    r = store_q_step(st);
    if (r == STORE_ROW) {
        store_arms_delivery had;
        read_delivery(st, &had);
        *result = same_delivery(&had, d) ? STORE_DUPLICATE : STORE_CONFLICT;
    }
    store_q_reset(st);
    if (r != STORE_ROW)
        return store_sqlfail(s, err, "cannot read a SIPRI deal-year");
    return BLOC_OK;
}

int store_arms_deliveries_scan(store *s, const store_arms_query *q, store_arms_delivery_cb cb,
                               void *ctx, bloc_error *err)
{
    store_q *st = NULL;
#define ARMS_SCAN                                                                              \
    "SELECT d.layout, d.day, d.deal, d.year, d.supplier, d.recipient, d.supplier_name,"           \
    " d.recipient_name, d.designation, d.description, d.category, d.status, d.comments,"          \
    " d.years, d.order_year, d.order_uncertain, d.ordered, d.ordered_uncertain,"                  \
    " d.delivered, d.delivered_uncertain, d.year_uncertain, d.tiv_unit_new, d.tiv_unit,"          \
    " d.tiv_order, d.tiv_deal, d.tiv, d.tiv_estimate, d.local_production, d.source_id,"           \
    " d.source_line, s.path FROM arms_deliveries d JOIN sources s ON s.id = d.source_id"          \
    " WHERE d.layout = ? AND d.day = ? AND d.year >= ? AND d.year <= ?"                           \
    " AND (? IS NULL OR d.recipient = ?) AND (? IS NULL OR d.supplier = ?)"
    int rc = store_prepare(s, &st, q->unordered ? ARMS_SCAN
                                                : ARMS_SCAN " ORDER BY d.year, d.recipient, d.supplier, d.deal",
                           err), r;
#undef ARMS_SCAN
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, q->layout);
    store_q_bind_int64(st, 2, q->day);
    store_q_bind_int64(st, 3, q->from ? q->from : 0);
    store_q_bind_int64(st, 4, q->to ? q->to : 9999);
    store_q_bind_optional(st, 5, q->recipient);
    store_q_bind_optional(st, 7, q->supplier);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_arms_delivery d;
        read_delivery(st, &d);
        if (cb(ctx, &d, col_text(st, 30)) != 0)
            break;
    }
    if (r == STORE_QERR)
        rc = store_sqlfail(s, err, "cannot read SIPRI deliveries");
    store_q_finalize(st);
    return rc;
}

int store_arms_cell_put(store *s, const store_arms_cell *c, int *result, bloc_error *err)
{
    store_q *st = store_cached(s, ST_GET_ARMS_CELL, "SELECT tiv, name FROM arms_tiv WHERE layout = ?"
                                                    " AND day = ? AND country = ? AND year = ?",
                               err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, c->layout);
    store_q_bind_int64(st, 2, c->day);
    store_q_bind_text(st, 3, c->country);
    store_q_bind_int64(st, 4, c->year);
    int r = store_q_step(st), rc = BLOC_OK;
    if (r == STORE_ROW)
        *result = same_real(store_q_double(st, 0), c->tiv) && strcmp(col_text(st, 1), c->name) == 0
                      ? STORE_DUPLICATE
                      : STORE_CONFLICT;
    store_q_reset(st);
    if (r == STORE_QERR)
        return store_sqlfail(s, err, "cannot read a SIPRI TIV cell");
    if (r == STORE_ROW)
        return BLOC_OK;
    st = store_cached(s, ST_PUT_ARMS_CELL, "INSERT INTO arms_tiv(layout, day, country, name, year,"
                                           " tiv, source_id, source_line) VALUES(?,?,?,?,?,?,?,?)",
                      err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, c->layout);
    store_q_bind_int64(st, 2, c->day);
    store_q_bind_text(st, 3, c->country);
    store_q_bind_text(st, 4, c->name);
    store_q_bind_int64(st, 5, c->year);
    store_q_bind_double(st, 6, c->tiv);
    store_q_bind_int64(st, 7, c->source_id);
    store_q_bind_int64(st, 8, c->source_line);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot store a SIPRI TIV cell");
    store_q_reset(st);
    *result = STORE_INSERTED;
    return rc;
}

int store_arms_cells_scan(store *s, const char *layout, int day, const char *country,
                          store_arms_cell_cb cb, void *ctx, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT layout, day, country, name, year, tiv, source_id,"
                                   " source_line FROM arms_tiv WHERE layout = ? AND day = ?"
                                   " AND (? IS NULL OR country = ?) ORDER BY country, year", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, layout);
    store_q_bind_int64(st, 2, day);
    store_q_bind_optional(st, 3, country);
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_arms_cell c = {.layout = col_text(st, 0), .day = store_q_int(st, 1),
                             .country = col_text(st, 2), .name = col_text(st, 3),
                             .year = store_q_int(st, 4), .tiv = store_q_double(st, 5),
                             .source_id = store_q_int64(st, 6), .source_line = (long)store_q_int64(st, 7)};
        if (cb(ctx, &c) != 0)
            break;
    }
    if (r == STORE_QERR)
        rc = store_sqlfail(s, err, "cannot read SIPRI TIV cells");
    store_q_finalize(st);
    return rc;
}

int store_arms_counts(store *s, long long *deliveries, long long *cells, long long *files,
                      bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT (SELECT count(*) FROM arms_deliveries),"
                                   " (SELECT count(*) FROM arms_tiv), (SELECT count(*) FROM arms_files)",
                           err);
    if (rc != BLOC_OK)
        return rc;
    if (store_q_step(st) == STORE_ROW) {
        *deliveries = store_q_int64(st, 0);
        *cells = store_q_int64(st, 1);
        *files = store_q_int64(st, 2);
    } else {
        rc = store_sqlfail(s, err, "cannot count the arms tables");
    }
    store_q_finalize(st);
    return rc;
}
