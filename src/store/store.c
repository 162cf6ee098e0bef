/*
 * store — the schema, migrations, handle and pool, and the registry and UN
 * statements (see store.h; events in store_events.c, summaries in
 * store_summary.c, feed and watch in store_watch.c, the PostgreSQL side in
 * store_pg.c, the statement layer in store_q.c).
 *
 * The SQLite schema is versioned with PRAGMA user_version: migrations[i]
 * moves a store from version i to i + 1, each inside one transaction, so an
 * old store is brought forward on open and a failed migration leaves it as
 * it was. Statements used in ingest loops are prepared once and cached on
 * the store handle. All dates are ISO text (YYYY-MM-DD) in the database.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <sqlite3.h>

#include "core/util.h"
#include "store/store_internal.h"
#include "store/store_pg.h"


static const char *const migrations[] = {
    /* 0 -> 1: registry, groups, provenance, UN General Assembly votes */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE countries("
    "  code TEXT PRIMARY KEY, iso2 TEXT, iso_numeric TEXT, name TEXT NOT NULL,"
    "  official_name TEXT, cow_code INTEGER, cow_abbr TEXT, cameo TEXT,"
    "  valid_from TEXT, valid_until TEXT, successor TEXT, historical INTEGER NOT NULL,"
    "  note TEXT);"
    "CREATE TABLE country_aliases("
    "  norm TEXT NOT NULL, alias TEXT NOT NULL,"
    "  code TEXT NOT NULL REFERENCES countries(code) ON DELETE CASCADE,"
    "  valid_from TEXT, valid_until TEXT);"
    "CREATE INDEX country_aliases_norm ON country_aliases(norm);"
    "CREATE TABLE groups(name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '',"
    "  builtin INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE group_members("
    "  group_name TEXT NOT NULL REFERENCES groups(name) ON DELETE CASCADE,"
    "  code TEXT NOT NULL REFERENCES countries(code),"
    "  joined TEXT, left_on TEXT);"
    "CREATE INDEX group_members_group ON group_members(group_name);"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
    "  path TEXT NOT NULL, kind TEXT NOT NULL, bytes INTEGER NOT NULL,"
    "  first_ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE unga_rollcalls("
    "  rcid INTEGER PRIMARY KEY, session INTEGER NOT NULL, date TEXT NOT NULL,"
    "  important INTEGER, amend INTEGER, para INTEGER, unres TEXT, short TEXT, descr TEXT,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL);"
    "CREATE INDEX unga_rollcalls_date ON unga_rollcalls(date);"
    "CREATE INDEX unga_rollcalls_unres ON unga_rollcalls(unres);"
    "CREATE TABLE unga_votes("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  country TEXT NOT NULL REFERENCES countries(code),"
    "  vote INTEGER NOT NULL CHECK (vote IN (1, 2, 3)),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, country)) WITHOUT ROWID;"
    "CREATE INDEX unga_votes_country ON unga_votes(country, rcid);"
    "CREATE TABLE unga_issue_names(code TEXT PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE unga_issues("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  issue TEXT NOT NULL REFERENCES unga_issue_names(code),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, issue)) WITHOUT ROWID;",
    /* 1 -> 2: events (GDELT and bloc's own format) and ingest checkpoints;
     * see docs/data-model.md */
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_event_id NOT NULL,"
    "  date TEXT NOT NULL, date_added TEXT,"
    "  actor1_code TEXT, actor1_name TEXT, actor1_country TEXT, actor1_cameo_country TEXT,"
    "  actor1_known_group TEXT, actor1_type1 TEXT, actor1_type2 TEXT, actor1_type3 TEXT,"
    "  actor2_code TEXT, actor2_name TEXT, actor2_country TEXT, actor2_cameo_country TEXT,"
    "  actor2_known_group TEXT, actor2_type1 TEXT, actor2_type2 TEXT, actor2_type3 TEXT,"
    "  is_root INTEGER, event_code TEXT NOT NULL, base_code TEXT, root_code TEXT NOT NULL,"
    "  quad_class INTEGER, goldstein REAL, goldstein_origin INTEGER NOT NULL,"
    "  mentions INTEGER, sources INTEGER, articles INTEGER, tone REAL,"
    "  geo_country TEXT, geo_fips TEXT, geo_adm1 TEXT, geo_lat REAL, geo_lon REAL,"
    "  url TEXT, domain TEXT NOT NULL,"
    "  file_id INTEGER NOT NULL REFERENCES sources(id), line INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX events_source_id ON events(source, source_event_id);"
    STORE_EVENTS_INDEXES
    "CREATE TABLE ingest_checkpoints("
    "  source_id INTEGER NOT NULL REFERENCES sources(id), scope TEXT NOT NULL,"
    "  line INTEGER NOT NULL, rows INTEGER NOT NULL, inserted INTEGER NOT NULL,"
    "  duplicates INTEGER NOT NULL, filtered INTEGER NOT NULL, rejected INTEGER NOT NULL,"
    "  done INTEGER NOT NULL,"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  PRIMARY KEY (source_id, scope));",
    /* 2 -> 3: daily event summary for the analytics (docs/data-model.md),
     * kept in step with events by store_event_summary_refresh; deleting or
     * changing a summarised event marks it for a full rebuild */
    "CREATE TABLE event_summary("
    "  actor1 TEXT NOT NULL, actor2 TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL,"
    "  quad_class INTEGER NOT NULL, events INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    "  goldstein_sum REAL NOT NULL, goldstein_n INTEGER NOT NULL,"
    "  goldstein_msum REAL NOT NULL, goldstein_mn INTEGER NOT NULL,"
    "  PRIMARY KEY (actor1, actor2, day, domain, quad_class)) WITHOUT ROWID;"
    "CREATE INDEX event_summary_actor2 ON event_summary(actor2, day);"
    "INSERT INTO meta(key, value) VALUES('event_summary_max_id', '0');"
    "CREATE TRIGGER events_summary_delete AFTER DELETE ON events"
    "  WHEN old.id <= CAST((SELECT value FROM meta WHERE key='event_summary_max_id') AS INTEGER)"
    "  BEGIN UPDATE meta SET value='0' WHERE key='event_summary_max_id'; END;"
    "CREATE TRIGGER events_summary_update AFTER UPDATE ON events"
    "  WHEN old.id <= CAST((SELECT value FROM meta WHERE key='event_summary_max_id') AS INTEGER)"
    "  BEGIN UPDATE meta SET value='0' WHERE key='event_summary_max_id'; END;",
    /* 3 -> 4: per-state daily volumes (the salience denominators), kept
     * with event_summary under the same watermark; rebuilt from scratch */
    "CREATE TABLE event_actor_summary("
    "  actor TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL, quad_class INTEGER NOT NULL,"
    "  events INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    "  goldstein_sum REAL NOT NULL, goldstein_n INTEGER NOT NULL,"
    "  goldstein_msum REAL NOT NULL, goldstein_mn INTEGER NOT NULL,"
    "  PRIMARY KEY (actor, day, domain, quad_class)) WITHOUT ROWID;"
    "UPDATE meta SET value='0' WHERE key='event_summary_max_id';",
    /* 4 -> 5: the feed's files, watch rules and their alerts */
    "CREATE TABLE follow_files("
    "  url TEXT PRIMARY KEY, size INTEGER NOT NULL, md5 TEXT NOT NULL, status TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL, last_error TEXT, source_id INTEGER REFERENCES sources(id),"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE watch_rules("
    "  name TEXT PRIMARY KEY, dyad TEXT, grp TEXT, domain TEXT, measure TEXT NOT NULL,"
    "  window_days INTEGER NOT NULL, z REAL, above REAL, below REAL, webhook TEXT,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE alerts("
    "  id INTEGER PRIMARY KEY, rule TEXT NOT NULL, window_from TEXT NOT NULL,"
    "  window_to TEXT NOT NULL, value REAL, baseline REAL, sd REAL, low REAL, high REAL,"
    "  z REAL, events INTEGER NOT NULL, evidence TEXT NOT NULL,"
    "  fired TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  UNIQUE (rule, window_to));",
    /* 5 -> 6: what a source adds to an event beyond the common columns */
    "ALTER TABLE events ADD COLUMN detail TEXT;",
    /* 6 -> 7: the vote check as a range. SQLite evaluates CHECK (x IN (..))
     * by building a temporary B-tree for every row inserted, which was a
     * quarter of a UN vote ingest; the rebuilt table holds the same rows. */
    "CREATE TABLE unga_votes_v7("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  country TEXT NOT NULL REFERENCES countries(code),"
    "  vote INTEGER NOT NULL CHECK (vote BETWEEN 1 AND 3),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, country)) WITHOUT ROWID;"
    "INSERT INTO unga_votes_v7 SELECT rcid, country, vote, source_id, source_line FROM unga_votes;"
    "DROP TABLE unga_votes;"
    "ALTER TABLE unga_votes_v7 RENAME TO unga_votes;"
    "CREATE INDEX unga_votes_country ON unga_votes(country, rcid);",
};

const char *store_errmsg(const store *s)
{
    return s && s->pg ? s->pg_error : s && s->db ? sqlite3_errmsg(s->db) : "no database";
}

int store_sqlfail(store *s, bloc_error *err, const char *what)
{
    /* a statement the deadline interrupted (SQLite's progress handler, or
     * PostgreSQL's statement_timeout noted by store_q) */
    int late = s && ((s->db && sqlite3_errcode(s->db) == SQLITE_INTERRUPT) ||
                     (s->pg && strncmp(store_errmsg(s), "interrupted", 11) == 0));
    return bloc_fail(err, late ? BLOC_EDEADLINE : BLOC_ESTORE, "%s: %s (store %s)", what,
                     store_errmsg(s), s && s->path ? s->path : "?");
}

int store_exec(store *s, const char *sql, bloc_error *err)
{
    if (s->pg)
        return store_pg_exec(s, sql, err);
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        bloc_fail(err, BLOC_ESTORE, "%s (store %s)", msg ? msg : "SQL error", s->path);
        sqlite3_free(msg);
        return BLOC_ESTORE;
    }
    return BLOC_OK;
}

int store_prepare(store *s, store_q **st, const char *sql, bloc_error *err)
{
    return store_q_prepare(s, st, sql, err);
}

/* The cached statement id, prepared on first use and reset for reuse. */
static const char *const unga_sql[] = {
    [ST_PUT_RC] = "INSERT INTO unga_rollcalls(rcid,session,date,important,amend,para,"
                  "unres,short,descr,source_id,source_line) VALUES(?,?,?,?,?,?,?,?,?,?,?)"
                  " ON CONFLICT(rcid) DO NOTHING",
    [ST_GET_RC] = "SELECT date, ifnull(unres,'') FROM unga_rollcalls WHERE rcid=?",
    [ST_PUT_VOTE] = "INSERT INTO unga_votes(rcid,country,vote,source_id,source_line)"
                        " VALUES(?,?,?,?,?) ON CONFLICT(rcid,country) DO NOTHING",
    [ST_GET_VOTE] = "SELECT v.vote, s.path, v.source_line FROM unga_votes v"
                        " JOIN sources s ON s.id=v.source_id WHERE v.rcid=? AND v.country=?",
    [ST_PUT_ISSUE] = "INSERT INTO unga_issues(rcid,issue,source_id,source_line)"
                         " VALUES(?,?,?,?) ON CONFLICT(rcid,issue) DO NOTHING",
    [ST_PUT_ISSUE_NAME] = "INSERT INTO unga_issue_names(code,name) VALUES(?,?)"
                              " ON CONFLICT(code) DO NOTHING",
    [ST_FIND_RC] = "SELECT rcid FROM unga_rollcalls WHERE unres=? AND date=?"
                       " AND ifnull(amend,0)=0 AND ifnull(para,0)=0 LIMIT 2",
};

store_q *store_cached(store *s, int id, const char *sql, bloc_error *err)
{
    if (!s->stmt[id]) {
        if (store_prepare(s, &s->stmt[id], sql, err) != BLOC_OK)
            return NULL;
    } else {
        store_q_reset(s->stmt[id]);
        store_q_clear(s->stmt[id]);
    }
    return s->stmt[id];
}

static store_q *cached(store *s, int id, bloc_error *err)
{
    return store_cached(s, id, unga_sql[id], err);
}

void store_bind_date(store_q *st, int i, int yyyymmdd)
{
    if (yyyymmdd <= 0) {
        store_q_bind_null(st, i);
        return;
    }
    char buf[16];
    util_format_date(yyyymmdd, buf, sizeof buf);
    store_q_bind_text_copy(st, i, buf);
}

int store_column_date(store_q *st, int i)
{
    const char *t = store_q_text(st, i);
    int d = 0;
    if (!t || util_parse_date((const char *)t, 0, &d, NULL) != BLOC_OK)
        return 0;
    return d;
}

void store_bind_text_or_null(store_q *st, int i, const char *t)
{
    if (t && *t)
        store_q_bind_text(st, i, t);
    else
        store_q_bind_null(st, i);
}

void store_copy_col(store_q *st, int i, char *dst, size_t n)
{
    const char *t = store_q_text(st, i);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* Append " col IN (?,?...)" for n values. */
static size_t add_in(char *sql, size_t off, size_t cap, const char *col, size_t n)
{
    off += (size_t)snprintf(sql + off, cap - off, "%s IN (", col);
    for (size_t i = 0; i < n && off < cap; i++)
        off += (size_t)snprintf(sql + off, cap - off, "%s?", i ? "," : "");
    off += (size_t)snprintf(sql + off, cap - off, ")");
    return off < cap ? off : cap - 1;
}

static size_t add_text(char *sql, size_t off, size_t cap, const char *text)
{
    off += (size_t)snprintf(sql + off, cap - off, "%s", text);
    return off < cap ? off : cap - 1;
}

size_t store_sides_sql(char *sql, size_t off, size_t cap, const char *c1, const char *c2,
                       size_t na, size_t nb, int directed)
{
    if (na && nb) {
        off = add_text(sql, off, cap, " AND ((");
        off = add_in(sql, off, cap, c1, na);
        off = add_text(sql, off, cap, " AND ");
        off = add_in(sql, off, cap, c2, nb);
        off = add_text(sql, off, cap, ")");
        if (!directed) {
            off = add_text(sql, off, cap, " OR (");
            off = add_in(sql, off, cap, c1, nb);
            off = add_text(sql, off, cap, " AND ");
            off = add_in(sql, off, cap, c2, na);
            off = add_text(sql, off, cap, ")");
        }
        off = add_text(sql, off, cap, ")");
    } else if (na) {
        off = add_text(sql, off, cap, " AND (");
        off = add_in(sql, off, cap, c1, na);
        off = add_text(sql, off, cap, " OR ");
        off = add_in(sql, off, cap, c2, na);
        off = add_text(sql, off, cap, ")");
    }
    return off;
}

static int bind_list(store_q *st, int i, const char *const *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        store_q_bind_text(st, i++, v[k]);
    return i;
}

int store_sides_bind(store_q *st, int i, const char *const *a, size_t na,
                     const char *const *b, size_t nb, int directed)
{
    if (na && nb) {
        i = bind_list(st, i, a, na);
        i = bind_list(st, i, b, nb);
        if (!directed) {
            i = bind_list(st, i, b, nb);
            i = bind_list(st, i, a, na);
        }
    } else if (na) {
        i = bind_list(st, i, a, na);
        i = bind_list(st, i, a, na);
    }
    return i;
}

static int migrate(store *s, bloc_error *err)
{
    int version = store_schema_version(s);
    int target = (int)(sizeof migrations / sizeof migrations[0]);
    if (version > target)
        return bloc_fail(err, BLOC_ESTORE,
                         "store %s has schema version %d, newer than this bloc (%d)",
                         s->path, version, target);
    for (; version < target; version++) {
        int rc;
        char pragma[64];
        if ((rc = store_exec(s, "BEGIN IMMEDIATE", err)) != BLOC_OK)
            return rc;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version + 1);
        if ((rc = store_exec(s, migrations[version], err)) != BLOC_OK ||
            (rc = store_exec(s, pragma, err)) != BLOC_OK ||
            (rc = store_exec(s, "COMMIT", err)) != BLOC_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return BLOC_OK;
}

int store_open(store **out, const char *path, int mode, bloc_error *err)
{
    int rc = BLOC_OK;
    store *s = calloc(1, sizeof *s);
    if (!s)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    s->path = util_strdup(path);
    s->readonly = mode == STORE_READONLY;
    if (store_pg_is_url(path)) { /* never a file named "postgresql:..." */
        if ((rc = store_pg_open(s, err)) != BLOC_OK)
            goto fail;
        *out = s;
        return BLOC_OK;
    }
    /* a store handle is used by one thread at a time: no SQLite mutexes */
    int flags = (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = bloc_fail(err, BLOC_ESTORE, "cannot open store %s: %s", path,
                       s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* 32 KiB pages (a no-op for an existing store): bulk loads of wide
     * event rows run a fifth faster than with 4 KiB (bench/gdelt.sh). Set
     * before the cache size, which SQLite otherwise sizes for 4 KiB pages. */
    if (!s->readonly &&
        (rc = store_exec(s, "PRAGMA page_size=32768; PRAGMA journal_mode=WAL;"
                            " PRAGMA synchronous=NORMAL", err)) != BLOC_OK)
        goto fail;
    /* 64 MiB page cache: bulk ingest updates several B-trees per row; two
     * sorter threads for building indexes */
    if ((rc = store_exec(s, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA threads=2",
                         err)) != BLOC_OK)
        goto fail;
    if (!s->readonly) {
        if ((rc = migrate(s, err)) != BLOC_OK)
            goto fail;
    } else if (store_schema_version(s) != STORE_SCHEMA_VERSION) {
        rc = bloc_fail(err, BLOC_ESTORE,
                       "store %s has schema version %d; open it read-write once to migrate",
                       path, store_schema_version(s));
        goto fail;
    }
    *out = s;
    return BLOC_OK;
fail:
    store_close(s);
    return rc;
}

struct store_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *path;
    int mode;
    size_t size, nopen, nfree;
    store **all, **free_list;
};

int store_pool_new(store_pool **out, const char *path, int mode, size_t size, bloc_error *err)
{
    store_pool *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p || !(p->path = util_strdup(path)) || !(p->all = calloc(size ? size : 1, sizeof *p->all)) ||
        !(p->free_list = calloc(size ? size : 1, sizeof *p->free_list))) {
        if (p) {
            free(p->path);
            free(p->all);
        }
        free(p);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->mode = mode;
    p->size = size ? size : 1;
    *out = p;
    return BLOC_OK;
}

int store_pool_take(store_pool *p, store **s, bloc_error *err)
{
    int rc = BLOC_OK;
    pthread_mutex_lock(&p->mu);
    while (!p->nfree && p->nopen == p->size)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->nfree) {
        *s = p->free_list[--p->nfree];
    } else {
        p->nopen++; /* a slot, opened outside the lock */
        pthread_mutex_unlock(&p->mu);
        rc = store_open(s, p->path, p->mode, err);
        pthread_mutex_lock(&p->mu);
        if (rc == BLOC_OK) {
            (*s)->pool = p;
            p->all[p->nopen - 1] = *s;
        } else {
            p->nopen--;
            pthread_cond_signal(&p->cv);
        }
    }
    pthread_mutex_unlock(&p->mu);
    /* a server restarted since: one reconnection before giving up */
    if (rc == BLOC_OK && (*s)->pg && PQstatus((*s)->pg) != CONNECTION_OK)
        PQreset((*s)->pg);
    return rc;
}

void store_pool_free(store_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nopen; i++) {
        if (p->all[i]) {
            p->all[i]->pool = NULL;
            store_close(p->all[i]);
        }
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->path);
    free(p->all);
    free(p->free_list);
    free(p);
}

/* A taken handle back to its pool, as it was when opened. */
static void pool_give(store *s)
{
    store_pool *p = s->pool;
    store_rollback(s);
    if (s->deadline > 0)
        store_set_deadline(s, 0);
    pthread_mutex_lock(&p->mu);
    p->free_list[p->nfree++] = s;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->pool) {
        pool_give(s);
        return;
    }
    for (int i = 0; i < ST_COUNT; i++)
        store_q_finalize(s->stmt[i]);
    if (s->db)
        sqlite3_close(s->db);
    if (s->pg)
        PQfinish(s->pg);
    free(s->pg_ev.data);
    free(s->pg_votes.data);
    free(s->path);
    free(s);
}

const char *store_path(const store *s) { return s->path; }

int store_readonly(const store *s) { return s->readonly; }

static double monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int past_deadline(void *arg)
{
    const store *s = arg;
    return s->deadline > 0 && monotonic_now() > s->deadline;
}

int store_ms_left(const store *s)
{
    return (int)((s->deadline - monotonic_now()) * 1000.0);
}

void store_set_deadline(store *s, int ms)
{
    s->deadline = ms > 0 ? monotonic_now() + ms / 1000.0 : 0;
    if (s->pg) { /* store_q gives each statement its share of a deadline */
        if (ms <= 0)
            store_pg_clear_timeout(s);
    } else {
        sqlite3_progress_handler(s->db, ms > 0 ? 10000 : 0, ms > 0 ? past_deadline : NULL, s);
    }
}

int store_schema_version(store *s)
{
    if (s->pg)
        return store_pg_schema_version(s);
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int store_begin(store *s, bloc_error *err) { return store_exec(s, "BEGIN IMMEDIATE", err); }

int store_begin_bulk(store *s, bloc_error *err)
{
    if (s->pg) { /* foreign keys: checked at the commit there */
        int rc = store_exec(s, "BEGIN", err);
        s->pg_bulk = rc == BLOC_OK;
        return rc;
    }
    /* PRAGMA foreign_keys cannot change inside a transaction: switch it off
     * first, and store_commit/store_rollback switch it back on. */
    int rc = store_exec(s, "PRAGMA foreign_keys=OFF", err);
    if (rc == BLOC_OK && (rc = store_exec(s, "BEGIN IMMEDIATE", err)) != BLOC_OK)
        store_exec(s, "PRAGMA foreign_keys=ON", NULL);
    s->bulk = rc == BLOC_OK;
    return rc;
}

/* After a bulk transaction, enforce foreign keys again. */
static int end_bulk(store *s, bloc_error *err)
{
    if (!s->bulk)
        return BLOC_OK;
    s->bulk = 0;
    return store_exec(s, "PRAGMA foreign_keys=ON", err);
}
int store_commit(store *s, bloc_error *err)
{
    s->pg_bulk = 0;
    int rc = store_exec(s, "COMMIT", err);
    if (rc == BLOC_OK)
        rc = end_bulk(s, err);
    return rc;
}

void store_rollback(store *s)
{
    if (s->pg) {
        store_pg_rollback(s);
        return;
    }
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    end_bulk(s, NULL);
}

int store_meta_get(store *s, const char *key, char *buf, size_t bufsz,
                   int *found, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT value FROM meta WHERE key=?", err);
    *found = 0;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, key);
    int r = store_q_step(st);
    if (r == STORE_ROW) {
        *found = 1;
        store_copy_col(st, 0, buf, bufsz);
    } else if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read meta");
    }
    store_q_finalize(st);
    return rc;
}

int store_meta_set(store *s, const char *key, const char *value, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "INSERT INTO meta(key,value) VALUES(?,?)"
                             " ON CONFLICT(key) DO UPDATE SET value=excluded.value", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, key);
    store_q_bind_text(st, 2, value);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot write meta");
    store_q_finalize(st);
    return rc;
}

/* ---- registry ------------------------------------------------------------ */

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

/* ---- groups ---------------------------------------------------------------- */

void store_groups_free(store_group *gs, size_t n)
{
    if (!gs)
        return;
    for (size_t i = 0; i < n; i++)
        free(gs[i].members);
    free(gs);
}

static int insert_group(store *s, const store_group *g, bloc_error *err)
{
    store_q *ig = NULL, *im = NULL;
    int rc = store_prepare(s, &ig, "INSERT INTO groups(name,description,builtin) VALUES(?,?,?)", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(ig, 1, g->name);
    store_q_bind_text(ig, 2, g->description);
    store_q_bind_int64(ig, 3, g->builtin);
    int r = store_q_step(ig);
    if (r == STORE_QCONSTRAINT) {
        rc = bloc_fail(err, BLOC_EINPUT, "a group named '%s' already exists", g->name);
        goto done;
    }
    if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot add group");
        goto done;
    }
    if ((rc = store_prepare(s, &im, "INSERT INTO group_members(group_name,code,joined,left_on)"
                              " VALUES(?,?,?,?)", err)) != BLOC_OK)
        goto done;
    for (size_t i = 0; i < g->nmembers; i++) {
        store_q_reset(im);
        store_q_bind_text(im, 1, g->name);
        store_q_bind_text(im, 2, g->members[i].code);
        store_bind_date(im, 3, g->members[i].joined);
        store_bind_date(im, 4, g->members[i].left);
        if (store_q_step(im) != STORE_DONE) {
            rc = bloc_fail(err, BLOC_EINPUT, "group %s: cannot add member %s: %s", g->name,
                           g->members[i].code, store_errmsg(s));
            goto done;
        }
    }
done:
    store_q_finalize(ig);
    store_q_finalize(im);
    return rc;
}

int store_groups_replace_builtin(store *s, const store_group *gs, size_t n, bloc_error *err)
{
    int rc = store_exec(s, "DELETE FROM groups WHERE builtin=1", err);
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        /* a user group that took a built-in name yields to the built-in one */
        store_q *st = NULL;
        if ((rc = store_prepare(s, &st, "DELETE FROM groups WHERE name=?", err)) != BLOC_OK)
            break;
        store_q_bind_text(st, 1, gs[i].name);
        store_q_step(st);
        store_q_finalize(st);
        rc = insert_group(s, &gs[i], err);
    }
    return rc;
}

int store_group_add(store *s, const store_group *g, bloc_error *err)
{
    int rc = store_begin(s, err);
    if (rc != BLOC_OK)
        return rc;
    if ((rc = insert_group(s, g, err)) != BLOC_OK) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

int store_group_rm(store *s, const char *name, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT builtin FROM groups WHERE name=?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    int r = store_q_step(st);
    int builtin = r == STORE_ROW ? store_q_int(st, 0) : 0;
    store_q_finalize(st);
    if (r != STORE_ROW)
        return bloc_fail(err, BLOC_ENOTFOUND, "no group named '%s'", name);
    if (builtin)
        return bloc_fail(err, BLOC_EINPUT, "'%s' is a built-in group and cannot be removed", name);
    if ((rc = store_prepare(s, &st, "DELETE FROM groups WHERE name=?", err)) != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot remove group");
    store_q_finalize(st);
    return rc;
}

int store_groups_load(store *s, store_group **out, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    store_group *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc = store_prepare(s, &st,
                     "SELECT g.name, g.description, g.builtin, m.code, m.joined, m.left_on"
                     " FROM groups g LEFT JOIN group_members m ON m.group_name=g.name"
                     " ORDER BY g.builtin DESC, g.name, m.joined, m.code", err);
    if (rc != BLOC_OK)
        return rc;
    int r;
    size_t mcap = 0;
    while ((r = store_q_step(st)) == STORE_ROW) {
        const char *name = (const char *)store_q_text(st, 0);
        if (cnt == 0 || strcmp(arr[cnt - 1].name, name) != 0) {
            if (util_grow((void **)&arr, &cap, cnt + 1, sizeof *arr) != 0)
                goto oom;
            store_group *g = &arr[cnt++];
            memset(g, 0, sizeof *g);
            store_copy_col(st, 0, g->name, sizeof g->name);
            store_copy_col(st, 1, g->description, sizeof g->description);
            g->builtin = store_q_int(st, 2);
            mcap = 0;
        }
        if (store_q_isnull(st, 3))
            continue;
        store_group *g = &arr[cnt - 1];
        if (util_grow((void **)&g->members, &mcap, g->nmembers + 1, sizeof *g->members) != 0)
            goto oom;
        store_member *m = &g->members[g->nmembers++];
        store_copy_col(st, 3, m->code, sizeof m->code);
        m->joined = store_column_date(st, 4);
        m->left = store_column_date(st, 5);
    }
    if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read groups");
        goto fail;
    }
    store_q_finalize(st);
    *out = arr;
    *n = cnt;
    return BLOC_OK;
oom:
    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
fail:
    store_q_finalize(st);
    store_groups_free(arr, cnt);
    return rc;
}

/* ---- sources --------------------------------------------------------------- */

/* The id of the source with this checksum; *id = 0 when there is none. */
static int source_lookup(store *s, const char *sha256, long long *id, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT id FROM sources WHERE sha256=?", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, sha256);
    *id = (r = store_q_step(st)) == STORE_ROW ? store_q_int64(st, 0) : 0;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read source id");
    store_q_finalize(st);
    return rc;
}

int store_source_id(store *s, const char *sha256, const char *path, const char *kind,
                    long long bytes, long long *id, bloc_error *err)
{
    /* looked up first: an insert that meets the checksum would still use
     * up a number of PostgreSQL's identity sequence */
    int rc = source_lookup(s, sha256, id, err);
    if (rc != BLOC_OK || *id)
        return rc;
    store_q *st = NULL;
    if ((rc = store_prepare(s, &st, "INSERT INTO sources(sha256,path,kind,bytes) VALUES(?,?,?,?)"
                                    " ON CONFLICT(sha256) DO NOTHING", err)) != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, sha256);
    store_q_bind_text(st, 2, path);
    store_q_bind_text(st, 3, kind);
    store_q_bind_int64(st, 4, bytes);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record source");
    store_q_finalize(st);
    if (rc == BLOC_OK && (rc = source_lookup(s, sha256, id, err)) == BLOC_OK && !*id)
        rc = store_sqlfail(s, err, "cannot read source id");
    return rc;
}

int store_sources_scan(store *s, store_source_cb cb, void *ctx, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT id, kind, path, sha256, bytes, first_ingested"
                                   " FROM sources ORDER BY id", err), r;
    if (rc != BLOC_OK)
        return rc;
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_source src = {
            .id = store_q_int64(st, 0),
            .kind = (const char *)store_q_text(st, 1),
            .path = (const char *)store_q_text(st, 2),
            .sha256 = (const char *)store_q_text(st, 3),
            .bytes = store_q_int64(st, 4),
            .first_ingested = (const char *)store_q_text(st, 5),
        };
        if (cb(ctx, &src))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read sources");
    store_q_finalize(st);
    return rc;
}

/* ---- UN General Assembly ----------------------------------------------------- */

static void bind_opt_int(store_q *st, int i, int v)
{
    if (v < 0)
        store_q_bind_null(st, i);
    else
        store_q_bind_int64(st, i, v);
}

int store_unga_put_rollcall(store *s, const store_rollcall *rc_, int *result, bloc_error *err)
{
    store_q *st = cached(s, ST_PUT_RC, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rc_->rcid);
    store_q_bind_int64(st, 2, rc_->session);
    store_bind_date(st, 3, rc_->date);
    bind_opt_int(st, 4, rc_->important);
    bind_opt_int(st, 5, rc_->amend);
    bind_opt_int(st, 6, rc_->para);
    store_bind_text_or_null(st, 7, rc_->unres);
    store_bind_text_or_null(st, 8, rc_->short_title);
    store_bind_text_or_null(st, 9, rc_->descr);
    store_q_bind_int64(st, 10, rc_->source_id);
    store_q_bind_int64(st, 11, rc_->source_line);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert roll call");
    if (store_changes(s) == 1) {
        *result = STORE_INSERTED;
        return BLOC_OK;
    }
    /* already there: identical when date and resolution agree */
    if (!(st = cached(s, ST_GET_RC, err)))
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rc_->rcid);
    if (store_q_step(st) != STORE_ROW)
        return store_sqlfail(s, err, "cannot read roll call");
    char date[16];
    util_format_date(rc_->date, date, sizeof date);
    const char *d = (const char *)store_q_text(st, 0);
    const char *u = (const char *)store_q_text(st, 1);
    int same = d && strcmp(d, date) == 0 && u && strcmp(u, rc_->unres ? rc_->unres : "") == 0;
    *result = same ? STORE_DUPLICATE : STORE_CONFLICT;
    return BLOC_OK;
}

int store_unga_find_rollcall(store *s, const char *unres, int date, long long *rcid,
                             bloc_error *err)
{
    store_q *st = cached(s, ST_FIND_RC, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, unres);
    store_bind_date(st, 2, date);
    *rcid = 0;
    int n = 0, r;
    long long found = 0;
    while ((r = store_q_step(st)) == STORE_ROW) {
        found = store_q_int64(st, 0);
        n++;
    }
    if (r != STORE_DONE)
        return store_sqlfail(s, err, "cannot look up roll call");
    if (n == 1)
        *rcid = found;
    return BLOC_OK;
}

int store_unga_rollcall_date(store *s, long long rcid, int *date, bloc_error *err)
{
    store_q *st = cached(s, ST_GET_RC, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    int r = store_q_step(st);
    if (r != STORE_ROW && r != STORE_DONE)
        return store_sqlfail(s, err, "cannot read roll call");
    *date = r == STORE_ROW ? store_column_date(st, 0) : 0;
    return BLOC_OK;
}

int store_unga_votes_staged(const store *s) { return s->pg && s->pg_bulk; }

int store_unga_stage_vote(store *s, long long rcid, const char *code, int vote,
                          long long source_id, long source_line, const char *raw,
                          bloc_error *err)
{
    return store_pg_vote_stage(s, rcid, code, vote, source_id, source_line, raw, err);
}

int store_unga_votes_flush(store *s, store_vote_conflict_cb cb, void *ctx, long long *inserted,
                           long long *duplicates, bloc_error *err)
{
    *inserted = *duplicates = 0;
    return s->pg ? store_pg_votes_flush(s, cb, ctx, inserted, duplicates, err) : BLOC_OK;
}

int store_unga_votes_index_defer(store *s, int *deferred, bloc_error *err)
{
    *deferred = 0;
    if (s->pg) /* PostgreSQL keeps its indexes */
        return BLOC_OK;
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT EXISTS (SELECT 1 FROM unga_votes)", err);
    *deferred = 0;
    if (rc != BLOC_OK)
        return rc;
    int empty = store_q_step(st) == STORE_ROW && store_q_int(st, 0) == 0;
    store_q_finalize(st);
    if (!empty)
        return BLOC_OK;
    if ((rc = store_exec(s, "DROP INDEX unga_votes_country", err)) == BLOC_OK)
        *deferred = 1;
    return rc;
}

int store_unga_votes_index_restore(store *s, bloc_error *err)
{
    return store_exec(s, "CREATE INDEX IF NOT EXISTS unga_votes_country ON unga_votes(country, rcid)",
                      err);
}

int store_unga_put_vote(store *s, long long rcid, const char *code, int vote,
                        long long source_id, long source_line, int *result, int *existing,
                        char *where, size_t wheresz, bloc_error *err)
{
    store_q *st = cached(s, ST_PUT_VOTE, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    store_q_bind_text(st, 2, code);
    store_q_bind_int64(st, 3, vote);
    store_q_bind_int64(st, 4, source_id);
    store_q_bind_int64(st, 5, source_line);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert vote");
    if (store_changes(s) == 1) {
        *result = STORE_INSERTED;
        return BLOC_OK;
    }
    if (!(st = cached(s, ST_GET_VOTE, err)))
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    store_q_bind_text(st, 2, code);
    if (store_q_step(st) != STORE_ROW)
        return store_sqlfail(s, err, "cannot read vote");
    *existing = store_q_int(st, 0);
    snprintf(where, wheresz, "%s:%lld", (const char *)store_q_text(st, 1),
             (long long)store_q_int64(st, 2));
    *result = *existing == vote ? STORE_DUPLICATE : STORE_CONFLICT;
    return BLOC_OK;
}

int store_unga_put_issue(store *s, long long rcid, const char *issue, const char *issue_name,
                         long long source_id, long source_line, int *result, bloc_error *err)
{
    store_q *st = cached(s, ST_PUT_ISSUE_NAME, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, issue);
    store_q_bind_text(st, 2, issue_name && *issue_name ? issue_name : issue);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert issue name");
    if (!(st = cached(s, ST_PUT_ISSUE, err)))
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    store_q_bind_text(st, 2, issue);
    store_q_bind_int64(st, 3, source_id);
    store_q_bind_int64(st, 4, source_line);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert issue");
    *result = store_changes(s) == 1 ? STORE_INSERTED : STORE_DUPLICATE;
    return BLOC_OK;
}

/* WHERE clause for a roll-call filter on alias r; binds start at index 1. */
static void filter_sql(const store_unga_filter *f, char *buf, size_t n)
{
    snprintf(buf, n, " WHERE (?1 IS NULL OR r.date >= ?1) AND (?2 IS NULL OR r.date <= ?2)"
                     " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM unga_issues i"
                     "      WHERE i.rcid = r.rcid AND i.issue = ?3))%s",
             f && f->important_only ? " AND r.important = 1" : "");
}

static void filter_bind(store_q *st, const store_unga_filter *f)
{
    store_bind_date(st, 1, f ? f->since : 0);
    store_bind_date(st, 2, f ? f->until : 0);
    if (f && f->issue)
        store_q_bind_text(st, 3, f->issue);
    else
        store_q_bind_null(st, 3);
}

int store_unga_scan_rollcalls(store *s, const store_unga_filter *f, store_rollcall_cb cb,
                              void *ctx, bloc_error *err)
{
    char where[512], sql[1024];
    store_q *st = NULL;
    filter_sql(f, where, sizeof where);
    snprintf(sql, sizeof sql,
             "SELECT r.rcid, r.date, r.session,"
             " (SELECT group_concat(issue, ',') FROM unga_issues i WHERE i.rcid = r.rcid)"
             " FROM unga_rollcalls r%s ORDER BY r.date, r.rcid", where);
    int rc = store_prepare(s, &st, sql, err);
    if (rc != BLOC_OK)
        return rc;
    filter_bind(st, f);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        const char *iss = store_q_text(st, 3);
        if ((rc = cb(ctx, store_q_int64(st, 0), store_column_date(st, 1),
                     store_q_int(st, 2), iss ? (const char *)iss : "")) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read roll calls");
    store_q_finalize(st);
    return rc;
}

int store_unga_scan_votes(store *s, const store_unga_filter *f, const char *const *codes,
                          size_t ncodes, store_vote_cb cb, void *ctx, bloc_error *err)
{
    char where[512];
    store_q *st = NULL;
    filter_sql(f, where, sizeof where);
    size_t sqlsz = 1024 + ncodes * 8;
    char *sql = malloc(sqlsz);
    if (!sql)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    /* Roll calls outer, votes by primary-key range: a sequential read. Left
     * to itself SQLite walks the smaller country index and looks each vote
     * up in the table, 8x slower for the whole matrix. */
    int off = snprintf(sql, sqlsz, "SELECT v.rcid, v.country, v.vote FROM unga_rollcalls r"
                                   " CROSS JOIN unga_votes v%s AND v.rcid = r.rcid", where);
    if (ncodes > 0) {
        off += snprintf(sql + off, sqlsz - (size_t)off, " AND v.country IN (");
        for (size_t i = 0; i < ncodes; i++)
            off += snprintf(sql + off, sqlsz - (size_t)off, "%s?%zu", i ? "," : "", i + 4);
        snprintf(sql + off, sqlsz - (size_t)off, ")");
    }
    int rc = store_prepare(s, &st, sql, err);
    free(sql);
    if (rc != BLOC_OK)
        return rc;
    filter_bind(st, f);
    for (size_t i = 0; i < ncodes; i++)
        store_q_bind_text(st, (int)i + 4, codes[i]);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        if ((rc = cb(ctx, store_q_int64(st, 0), (const char *)store_q_text(st, 1),
                     store_q_int(st, 2))) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read votes");
    store_q_finalize(st);
    return rc;
}

int store_unga_counts_get(store *s, store_unga_counts *c, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                     "SELECT (SELECT count(*) FROM unga_rollcalls), (SELECT count(*) FROM unga_votes),"
                     " (SELECT count(*) FROM unga_issues), (SELECT count(*) FROM sources),"
                     " (SELECT min(date) FROM unga_rollcalls), (SELECT max(date) FROM unga_rollcalls)",
                     err);
    if (rc != BLOC_OK)
        return rc;
    if (store_q_step(st) == STORE_ROW) {
        c->rollcalls = store_q_int64(st, 0);
        c->votes = store_q_int64(st, 1);
        c->issues = store_q_int64(st, 2);
        c->sources = store_q_int64(st, 3);
        c->first_date = store_column_date(st, 4);
        c->last_date = store_column_date(st, 5);
    } else {
        rc = store_sqlfail(s, err, "cannot count");
    }
    store_q_finalize(st);
    return rc;
}

int store_unga_issue_list(store *s, char ***codes, char ***names, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    size_t cnt = 0, cap = 0, cap2 = 0;
    char **c = NULL, **nm = NULL;
    int rc = store_prepare(s, &st, "SELECT code, name FROM unga_issue_names ORDER BY code", err);
    if (rc != BLOC_OK)
        return rc;
    while (store_q_step(st) == STORE_ROW) {
        if (util_grow((void **)&c, &cap, cnt + 1, sizeof *c) != 0 ||
            util_grow((void **)&nm, &cap2, cnt + 1, sizeof *nm) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        c[cnt] = util_strdup((const char *)store_q_text(st, 0));
        nm[cnt] = util_strdup((const char *)store_q_text(st, 1));
        cnt++;
    }
    store_q_finalize(st);
    *codes = c;
    *names = nm;
    *n = cnt;
    return rc;
}
