/*
 * store/store_internal — what the store's source files share and nothing
 * outside src/store/ may include: the handle, the cache of prepared
 * statements and the small SQLite helpers.
 */
#ifndef BLOC_STORE_STORE_INTERNAL_H
#define BLOC_STORE_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Cached statements, one slot each: UN votes (store.c), events (store_events.c). */
enum stmt_id {
    ST_PUT_RC, ST_GET_RC, ST_PUT_VOTE, ST_GET_VOTE, ST_PUT_ISSUE, ST_PUT_ISSUE_NAME,
    ST_FIND_RC, ST_PUT_EVENT, ST_COUNT
};

struct store {
    sqlite3 *db;
    char *path;
    int readonly;
    int bulk; /* foreign keys are off until the bulk transaction ends */
    double deadline; /* monotonic seconds after which queries are interrupted; 0 = none */
    sqlite3_stmt *stmt[ST_COUNT];
};

/* The events table's secondary indexes (also in migration 1 -> 2): a large
 * ingest into a small table drops them and builds them again at its end.
 * The actor indexes are partial: about a third of GDELT actors have no
 * country, and every query by actor names one (SQLite uses a partial index
 * when the query implies its condition, as "actor1_country IN (...)" does). */
#define STORE_EVENTS_INDEXES                                                                  \
    "CREATE INDEX IF NOT EXISTS events_dyad ON events(actor1_country, actor2_country, date)"  \
    " WHERE actor1_country IS NOT NULL;"                                                      \
    "CREATE INDEX IF NOT EXISTS events_actor2 ON events(actor2_country, date)"                \
    " WHERE actor2_country IS NOT NULL;"                                                      \
    "CREATE INDEX IF NOT EXISTS events_date ON events(date);"

int store_sqlfail(store *s, bloc_error *err, const char *what);
int store_exec(store *s, const char *sql, bloc_error *err);
int store_prepare(store *s, sqlite3_stmt **st, const char *sql, bloc_error *err);
/* Statement id, prepared from sql on first use, reset for reuse after. */
sqlite3_stmt *store_cached(store *s, int id, const char *sql, bloc_error *err);
void store_bind_date(sqlite3_stmt *st, int i, int yyyymmdd); /* 0 -> NULL */
int store_column_date(sqlite3_stmt *st, int i);              /* NULL -> 0 */
void store_bind_text_or_null(sqlite3_stmt *st, int i, const char *t); /* "" -> NULL */
void store_copy_col(sqlite3_stmt *st, int i, char *dst, size_t n);
/* A source's event id: an integer when it is one written canonically (no
 * sign, no leading zero, at most 18 digits), text otherwise, so that the
 * unique (source, source_event_id) sees "42" from any input as one id. */
void store_bind_event_id(sqlite3_stmt *st, int i, const char *id);

/* Append to sql (at off, capacity cap) the condition on two actor columns
 * for country sets a and b (counts na, nb): with both, " AND ((c1 IN a AND
 * c2 IN b) OR (c1 IN b AND c2 IN a))" (the second half unless directed);
 * with a only, " AND (c1 IN a OR c2 IN a)"; nothing with neither. Returns
 * the new offset. store_sides_bind binds the values in the same order from
 * parameter i and returns the next parameter. */
size_t store_sides_sql(char *sql, size_t off, size_t cap, const char *c1, const char *c2,
                       size_t na, size_t nb, int directed);
int store_sides_bind(sqlite3_stmt *st, int i, const char *const *a, size_t na,
                     const char *const *b, size_t nb, int directed);

#endif
