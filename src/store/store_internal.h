/*
 * store/store_internal — what the store's source files share and nothing
 * outside src/store/ may include: the handle, the statement API (store_q)
 * and the backend interface under it, and small helpers.
 *
 * A backend is a table of functions (store_backend): SQLite
 * (store_sqlite.c) and PostgreSQL (store_pg.c). The handle calls its
 * backend only through that table; a table file never asks which backend
 * it runs on, only what the backend can do (a staged bulk load, indexes
 * it keeps through a load).
 */
#ifndef BLOC_STORE_STORE_INTERNAL_H
#define BLOC_STORE_STORE_INTERNAL_H

#include <assert.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"

/* Cached statements, one slot each: UN votes (store_unga.c), events
 * (store_events.c). */
enum stmt_id {
    ST_PUT_RC, ST_GET_RC, ST_GET_BALLOT, ST_PUT_BALLOT, ST_PUT_PROVENANCE, ST_RC_KNOWN, ST_PUT_ISSUE, ST_PUT_ISSUE_NAME,
    ST_FIND_RC, ST_PUT_EVENT, ST_PUT_EVENTS, ST_GET_ALLIANCE, ST_PUT_ALLIANCE,
    ST_GET_ARMS, ST_PUT_ARMS, ST_GET_ARMS_CELL, ST_PUT_ARMS_CELL, ST_COUNT
};

typedef struct store_q store_q;
typedef struct store_backend store_backend;
typedef struct store_ballots store_ballots; /* store_ballots.c */

/* Rows in COPY text on their way to a PostgreSQL staging table. */
typedef struct store_copybuf {
    char *data;
    size_t len, cap;
} store_copybuf;

struct store {
    const store_backend *be;
    char *path;
    int readonly;
    int bulk;          /* in store_begin_bulk's transaction */
    unsigned long txn; /* transactions ended (commit or rollback) */
    double deadline;   /* monotonic seconds after which queries are interrupted; 0 = none */
    store_q *stmt[ST_COUNT];
    store_pool *pool;  /* the pool this handle goes back to, or NULL */
    store_ballots *ballots; /* UN votes staged, the vote positions read */
    /* backend-private: only store_sqlite.c reads these ... */
    sqlite3 *db;
    const store_event *const *lite_batch; /* the rows the event batch table yields */
    size_t lite_nbatch;
    /* ... and only store_pg.c and store_migrate.c these */
    PGconn *pg;
    long long pg_changes;   /* rows the last PostgreSQL statement changed */
    store_copybuf pg_ev;    /* staged events as COPY text */
    long long pg_staged;    /* events staged since the last flush */
    char pg_error[512];     /* its last error */
    char pg_state[6];       /* and its SQLSTATE ("" when none) */
};

/*
 * store_q — a statement of either backend. Written once in SQLite's
 * dialect (?N parameters); the backend prepares it its way. The calls
 * mirror sqlite3_*: bind from 1, columns from 0, step until STORE_DONE
 * (STORE_QERR on an error, STORE_QCONSTRAINT when a constraint refused a
 * row), reset keeps the bindings. Text bound with store_q_bind_text must
 * live until the step (bind_text_copy copies); text read with store_q_text
 * lives until the next step.
 */
enum { STORE_ROW = 1, STORE_DONE = 0, STORE_QERR = -1, STORE_QCONSTRAINT = -2 };

struct store_q {
    store *s;
    void *h; /* the backend's statement */
};

struct store_backend {
    const char *name;
    /* the handle: open (s->path set), close, run SQL text, the last error */
    int (*open)(store *s, bloc_error *err);
    void (*close)(store *s);
    int (*exec)(store *s, const char *sql, bloc_error *err);
    const char *(*errmsg)(const store *s);
    int (*interrupted)(const store *s); /* the last failure was the deadline */
    int (*conflicted)(const store *s);  /* it was a conflict with another
                                           transaction (NULL: never) */
    long long (*changes)(const store *s);
    int (*schema_version)(store *s);
    void (*set_deadline)(store *s, int ms);
    int (*begin_bulk)(store *s, bloc_error *err);
    int (*end_bulk)(store *s, bloc_error *err);   /* after the commit */
    void (*rollback)(store *s);
    void (*revive)(store *s);                     /* a pooled handle: reconnect if lost */
    /* statements */
    int (*prepare)(store *s, store_q *q, const char *sql, bloc_error *err);
    void (*finalize)(store_q *q);
    void (*bind_int64)(store_q *q, int i, long long v);
    void (*bind_double)(store_q *q, int i, double v);
    void (*bind_null)(store_q *q, int i);
    void (*bind_textn)(store_q *q, int i, const char *v, size_t n, int copy);
    int (*step)(store_q *q);
    void (*reset)(store_q *q);
    void (*clear)(store_q *q);
    int (*isnull)(const store_q *q, int c);
    const char *(*text)(const store_q *q, int c);
    long long (*int64)(const store_q *q, int c);
    double (*real)(const store_q *q, int c);
    /* bulk loads, when the backend stages them (NULL: a statement a row) */
    int (*event_stage)(store *s, const store_event *e, int *result, bloc_error *err);
    int (*events_flush)(store *s, long long *inserted, long long *duplicates, bloc_error *err);
    /* n events inserted by one statement (NULL: store_event_put each);
       sets how many were new, the rest being duplicates */
    int (*events_put)(store *s, const store_event *const *ev, size_t n, long long *inserted,
                      bloc_error *err);
    int keeps_indexes; /* a load never drops and rebuilds the secondary indexes */
    int tallies_in_memory; /* the summaries' refresh tallies the new events in C
                              (store_summary.c) rather than by GROUP BY */
};

extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

int store_q_prepare(store *s, store_q **q, const char *sql, bloc_error *err);
void store_q_finalize(store_q *q);

/* The statement calls, through the backend: these run per row of an ingest */
static inline void store_q_bind_int64(store_q *q, int i, long long v)
{
    assert(i >= 1);
    q->s->be->bind_int64(q, i, v);
}
static inline void store_q_bind_double(store_q *q, int i, double v)
{
    assert(i >= 1);
    q->s->be->bind_double(q, i, v);
}
static inline void store_q_bind_null(store_q *q, int i)
{
    assert(i >= 1);
    q->s->be->bind_null(q, i);
}
static inline void store_q_bind_textn(store_q *q, int i, const char *v, size_t n, int copy)
{
    assert(i >= 1 && v);
    q->s->be->bind_textn(q, i, v, n, copy);
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
    return q->s->be->step(q);
}
static inline void store_q_reset(store_q *q)
{
    q->s->be->reset(q);
}
static inline void store_q_clear(store_q *q)
{
    q->s->be->clear(q);
}
static inline int store_q_isnull(const store_q *q, int c)
{
    assert(c >= 0);
    return q->s->be->isnull(q, c);
}
static inline const char *store_q_text(const store_q *q, int c)
{
    assert(c >= 0);
    return q->s->be->text(q, c);
}
static inline long long store_q_int64(const store_q *q, int c)
{
    assert(c >= 0);
    return q->s->be->int64(q, c);
}
static inline int store_q_int(const store_q *q, int c)
{
    return (int)store_q_int64(q, c);
}
static inline double store_q_double(const store_q *q, int c)
{
    assert(c >= 0);
    return q->s->be->real(q, c);
}
long long store_changes(const store *s);

/* A value that may be missing: NaN and a negative count bind as NULL. */
static inline void store_q_bind_real_or_null(store_q *q, int i, double v)
{
    if (v != v)
        store_q_bind_null(q, i);
    else
        store_q_bind_double(q, i, v);
}
static inline void store_q_bind_count_or_null(store_q *q, int i, long long v)
{
    if (v < 0)
        store_q_bind_null(q, i);
    else
        store_q_bind_int64(q, i, v);
}
/* The two parameters of "(? IS NULL OR col = ?)" from i: v, or NULL twice. */
static inline void store_q_bind_optional(store_q *q, int i, const char *v)
{
    for (int k = 0; k < 2; k++) {
        if (v)
            store_q_bind_text(q, i + k, v);
        else
            store_q_bind_null(q, i + k);
    }
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

/* One column of an event row as the store keeps it: what a statement
 * binds and what SQLite's event batch table returns (store_event_cell). */
typedef struct store_cell {
    enum { STORE_CELL_NULL, STORE_CELL_INT, STORE_CELL_REAL, STORE_CELL_TEXT } type;
    long long i;
    double d;
    const char *t; /* borrowed from the event, or buf */
    size_t n;
    char buf[16];  /* the date as text */
} store_cell;
/* Column col (0-based, in STORE_EVENT_COLUMNS order) of e: "" and the
 * missing-value markers become NULL, a canonical whole-number id an
 * integer (store_bind_event_id), the date its ISO text. */
void store_event_cell(const store_event *e, int col, store_cell *c);

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

/* ---- store_handle.c: what every table file uses ---- */
int store_sqlfail(store *s, bloc_error *err, const char *what);
const char *store_errmsg(const store *s); /* the backend's last error */
int store_ms_left(const store *s);        /* of the deadline (set: deadline > 0) */
int store_exec(store *s, const char *sql, bloc_error *err);
int store_prepare(store *s, store_q **st, const char *sql, bloc_error *err);
/* Statement id, prepared from sql on first use, reset for reuse after. */
store_q *store_cached(store *s, int id, const char *sql, bloc_error *err);
/* The same for a statement whose caller binds every parameter at every
 * use: the old bindings are not cleared first (a row insert's 41 columns
 * would be set to NULL only to be bound again). */
store_q *store_cached_rebound(store *s, int id, const char *sql, bloc_error *err);
void store_bind_date(store_q *st, int i, int yyyymmdd); /* 0 -> NULL */
int store_column_date(store_q *st, int i);              /* NULL -> 0 */
void store_bind_text_or_null(store_q *st, int i, const char *t); /* "" -> NULL */
void store_copy_col(store_q *st, int i, char *dst, size_t n);
/* A source's event id: an integer when it is one written canonically (no
 * sign, no leading zero, at most 18 digits), text otherwise, so that the
 * unique (source, source_event_id) sees "42" from any input as one id. */
void store_bind_event_id(store_q *st, int i, const char *id);
/* Is id (n bytes) such a canonical whole number? Its value in *v if so. */
int store_event_id_value(const char *id, size_t n, long long *v);

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

/* ---- store_ballots.c: the UN votes a roll call to a row ---- */
/* The relation SQL readers know, unpacked from unga_ballots (both
 * dialects: the positions cast to integer for PostgreSQL's substr). */
#define STORE_UNGA_VOTES_VIEW                                                                  \
    "CREATE VIEW unga_votes(rcid, country, vote, source_id, source_line) AS"                   \
    " SELECT b.rcid, s.country, CAST(substr(b.votes, s.k, 1) AS INTEGER),"                     \
    "  CAST(substr(p.provenance, 18 * s.k - 17, 8) AS BIGINT),"                                \
    "  CAST(substr(p.provenance, 18 * s.k - 9, 10) AS BIGINT)"                                 \
    " FROM unga_ballots b JOIN unga_provenance p ON p.rcid = b.rcid"                         \
    " JOIN (SELECT CAST(slot AS INTEGER) AS k, country FROM unga_slots) s"                     \
    "  ON s.k <= length(b.votes) AND substr(b.votes, s.k, 1) <> '0'"
/* Position p (1-based) of a roll call's row is the vote of (*codes)[p - 1];
 * the array lives until the transaction ends. */
int store_ballot_positions(store *s, const char *const **codes, size_t *n, bloc_error *err);
/* A correction's newer value into the row (vote 0 removes it). */
int store_ballot_apply(store *s, long long rcid, const char *code, int vote, long long source_id,
                       long line, bloc_error *err);
void store_ballots_free(store *s);  /* at close */
int store_ballots_migrate(store *s, bloc_error *err); /* schema 12 -> 13 */

/* ---- store_schema.c: the SQLite schema, brought forward on open ---- */
int store_schema_migrate(store *s, bloc_error *err);

/* ---- store_dialect.c: SQLite's dialect rewritten for PostgreSQL ---- */
/* The statement for PostgreSQL; *nparams is its highest parameter.
 * malloc'd; caller frees. NULL when out of memory. */
char *store_pg_dialect(const char *sql, int *nparams);

/* ---- store_pg.c: what store_migrate.c shares with the backend ---- */
#define STORE_PG_SCHEMA_VERSION 2
int store_pg_connect(const char *url, PGconn **pg, bloc_error *err);
int store_pg_exec_on(PGconn *pg, const char *sql, bloc_error *err);
int store_pg_fail(PGconn *pg, bloc_error *err, const char *what);
int store_pg_fail_code(PGconn *pg, bloc_error *err, int code, const char *what);
int store_pg_version(PGconn *pg, const char *key, int *v, bloc_error *err);
/* The version of the bloc store at url, -1 when url holds none (error). */
int store_pg_store_version(PGconn *pg, const char *url, int *v, bloc_error *err);
int store_copy_put(store_copybuf *b, const char *p, size_t n);
int store_copy_textn(store_copybuf *b, const char *v, size_t n, int first);
int store_copy_text(store_copybuf *b, const char *v, int first);
int store_copy_int(store_copybuf *b, long long v, int null);
int store_copy_real(store_copybuf *b, double v);

#endif
