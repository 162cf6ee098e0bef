/*
 * store/store_internal — what the store's source files share and nothing
 * outside src/store/ may include: the handle, the cache of prepared
 * statements and the small SQLite helpers.
 */
#ifndef BLOC_STORE_STORE_INTERNAL_H
#define BLOC_STORE_STORE_INTERNAL_H

#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"

/* Cached statements, one slot each: UN votes (store.c), events (store_events.c). */
enum stmt_id {
    ST_PUT_RC, ST_GET_RC, ST_PUT_VOTE, ST_GET_VOTE, ST_PUT_ISSUE, ST_PUT_ISSUE_NAME,
    ST_FIND_RC, ST_PUT_EVENT, ST_COUNT
};

typedef struct store_q store_q;

/* Rows in COPY text on their way to a PostgreSQL staging table. */
typedef struct store_copybuf {
    char *data;
    size_t len, cap;
} store_copybuf;

struct store {
    sqlite3 *db;     /* SQLite, or NULL when pg is set */
    PGconn *pg;      /* PostgreSQL (store_pg.c) */
    long long pg_changes; /* rows the last PostgreSQL statement changed */
    store_copybuf pg_ev;    /* staged events as COPY text (store_pg.c) */
    store_copybuf pg_votes; /* staged UN votes, the same way */
    long long pg_staged;  /* events staged since the last flush */
    long long pg_vstaged; /* votes staged since the last flush */
    int pg_bulk;          /* in store_begin_bulk's transaction */
    char pg_error[512];   /* its last error */
    char *path;
    int readonly;
    int bulk; /* foreign keys are off until the bulk transaction ends */
    double deadline; /* monotonic seconds after which queries are interrupted; 0 = none */
    store_q *stmt[ST_COUNT];
    store_pool *pool;     /* the pool this handle goes back to, or NULL */
};

/*
 * store_q — a statement of either backend (store_q.c). Written once in
 * SQLite's dialect (?N parameters); on PostgreSQL the text is rewritten and
 * run with its parameters as text. The calls mirror sqlite3_*: bind from
 * 1, columns from 0, step until STORE_DONE (STORE_QERR on an error,
 * STORE_QCONSTRAINT when a constraint refused a row), reset keeps the
 * bindings. Text
 * bound with store_q_bind_text must live until the step (bind_text_copy
 * copies); text read with store_q_text lives until the next step.
 */
enum { STORE_ROW = 1, STORE_DONE = 0, STORE_QERR = -1, STORE_QCONSTRAINT = -2 };

struct store_pgq;
struct store_q {
    store *s;
    sqlite3_stmt *lite;    /* SQLite */
    struct store_pgq *pg;  /* PostgreSQL */
};

int store_q_prepare(store *s, store_q **q, const char *sql, bloc_error *err);
void store_q_finalize(store_q *q);
void store_q_reset(store_q *q);
void store_q_clear(store_q *q);
long long store_changes(const store *s);
/* the PostgreSQL halves of the inline calls below */
void store_pgq_bind_int64(store_q *q, int i, long long v);
void store_pgq_bind_double(store_q *q, int i, double v);
void store_pgq_bind_null(store_q *q, int i);
void store_pgq_bind_textn(store_q *q, int i, const char *v, size_t n);
int store_pgq_step(store_q *q);
const char *store_pgq_text(const store_q *q, int c);
long long store_pgq_int64(const store_q *q, int c);
double store_pgq_double(const store_q *q, int c);
/* PostgreSQL side of the handle (store_pg.c) */
void store_pg_note_error(store *s, const char *msg);
int store_pg_open(store *s, bloc_error *err);
int store_pg_exec(store *s, const char *sql, bloc_error *err);
void store_pg_rollback(store *s);
void store_pg_clear_timeout(store *s); /* after a deadline (store_q sets one a statement) */
int store_pg_schema_version(store *s);
int store_pg_event_stage(store *s, const store_event *e, int *result, bloc_error *err);
int store_pg_events_flush(store *s, long long *inserted, long long *duplicates, bloc_error *err);
int store_pg_vote_stage(store *s, long long rcid, const char *code, int vote, long long source_id,
                        long source_line, const char *raw, bloc_error *err);
int store_pg_votes_flush(store *s, store_vote_conflict_cb cb, void *ctx, long long *inserted,
                         long long *duplicates, bloc_error *err);

/* SQLite straight through, inline: these run per row of an ingest */
static inline void store_q_bind_int64(store_q *q, int i, long long v)
{
    if (q->lite)
        sqlite3_bind_int64(q->lite, i, v);
    else
        store_pgq_bind_int64(q, i, v);
}
static inline void store_q_bind_double(store_q *q, int i, double v)
{
    if (q->lite)
        sqlite3_bind_double(q->lite, i, v);
    else
        store_pgq_bind_double(q, i, v);
}
static inline void store_q_bind_null(store_q *q, int i)
{
    if (q->lite)
        sqlite3_bind_null(q->lite, i);
    else
        store_pgq_bind_null(q, i);
}
static inline void store_q_bind_textn(store_q *q, int i, const char *v, size_t n, int copy)
{
    if (q->lite)
        sqlite3_bind_text(q->lite, i, v, (int)n, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
    else
        store_pgq_bind_textn(q, i, v, n);
}
static inline void store_q_bind_text(store_q *q, int i, const char *v)
{
    store_q_bind_textn(q, i, v, strlen(v), 0);
}
static inline void store_q_bind_text_copy(store_q *q, int i, const char *v)
{
    store_q_bind_textn(q, i, v, strlen(v), 1);
}
static inline int store_q_step(store_q *q)
{
    if (!q->lite)
        return store_pgq_step(q);
    int r = sqlite3_step(q->lite);
    return r == SQLITE_ROW    ? STORE_ROW
           : r == SQLITE_DONE ? STORE_DONE
           : (r & 0xff) == SQLITE_CONSTRAINT ? STORE_QCONSTRAINT
                                             : STORE_QERR;
}
static inline int store_q_isnull(const store_q *q, int c)
{
    return q->lite ? sqlite3_column_type(q->lite, c) == SQLITE_NULL : store_pgq_text(q, c) == NULL;
}
static inline const char *store_q_text(const store_q *q, int c)
{
    return q->lite ? (const char *)sqlite3_column_text(q->lite, c) : store_pgq_text(q, c);
}
static inline long long store_q_int64(const store_q *q, int c)
{
    return q->lite ? sqlite3_column_int64(q->lite, c) : store_pgq_int64(q, c);
}
static inline int store_q_int(const store_q *q, int c)
{
    return (int)store_q_int64(q, c);
}
static inline double store_q_double(const store_q *q, int c)
{
    return q->lite ? sqlite3_column_double(q->lite, c) : store_pgq_double(q, c);
}

/* Column list shared by insert, select and the PostgreSQL staging, in
 * store_event order. */
#define STORE_EVENT_COLUMNS                                                                    \
    "source,source_event_id,date,date_added,"                                                  \
    "actor1_code,actor1_name,actor1_country,actor1_cameo_country,actor1_known_group,"         \
    "actor1_type1,actor1_type2,actor1_type3,"                                                  \
    "actor2_code,actor2_name,actor2_country,actor2_cameo_country,actor2_known_group,"         \
    "actor2_type1,actor2_type2,actor2_type3,"                                                  \
    "is_root,event_code,base_code,root_code,quad_class,goldstein,goldstein_origin,"           \
    "mentions,sources,articles,tone,geo_country,geo_fips,geo_adm1,geo_lat,geo_lon,url,domain," \
    "file_id,line,detail"
enum { STORE_EVENT_NCOLS = 41 };

/* SQLite's "now" as stored in the timestamp columns, and PostgreSQL's. */
#define STORE_NOW_SQLITE "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define STORE_NOW_PG "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

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
const char *store_errmsg(const store *s); /* the backend's last error */
int store_ms_left(const store *s);        /* of the deadline (set: deadline > 0) */
int store_exec(store *s, const char *sql, bloc_error *err);
int store_prepare(store *s, store_q **st, const char *sql, bloc_error *err);
/* Statement id, prepared from sql on first use, reset for reuse after. */
store_q *store_cached(store *s, int id, const char *sql, bloc_error *err);
void store_bind_date(store_q *st, int i, int yyyymmdd); /* 0 -> NULL */
int store_column_date(store_q *st, int i);              /* NULL -> 0 */
void store_bind_text_or_null(store_q *st, int i, const char *t); /* "" -> NULL */
void store_copy_col(store_q *st, int i, char *dst, size_t n);
/* A source's event id: an integer when it is one written canonically (no
 * sign, no leading zero, at most 18 digits), text otherwise, so that the
 * unique (source, source_event_id) sees "42" from any input as one id. */
void store_bind_event_id(store_q *st, int i, const char *id);

/* Append to sql (at off, capacity cap) the condition on two actor columns
 * for country sets a and b (counts na, nb): with both, " AND ((c1 IN a AND
 * c2 IN b) OR (c1 IN b AND c2 IN a))" (the second half unless directed);
 * with a only, " AND (c1 IN a OR c2 IN a)"; nothing with neither. Returns
 * the new offset. store_sides_bind binds the values in the same order from
 * parameter i and returns the next parameter. */
size_t store_sides_sql(char *sql, size_t off, size_t cap, const char *c1, const char *c2,
                       size_t na, size_t nb, int directed);
int store_sides_bind(store_q *st, int i, const char *const *a, size_t na,
                     const char *const *b, size_t nb, int directed);

#endif
