/* tests/store/store_test — schema migration, modes, vote idempotency and
 * conflicts, groups, events put a batch at a time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"
#include "store/store_pg.h"
#include "test.h"

static store *fresh(char **path_out)
{
    char *dir = test_tmpdir();
    char *path = malloc(strlen(dir) + 16);
    sprintf(path, "%s/t.db", dir);
    free(dir);
    store *s = NULL;
    bloc_error err;
    if (store_open(&s, path, STORE_READWRITE, &err) != BLOC_OK)
        fail_msg("store_open: %s", err.msg);
    *path_out = path;
    return s;
}

/* A new, empty bloc store in PostgreSQL: a database of its own on the
 * test server ($BLOC_TEST_PG, set by tests/run-tests), made a bloc store by
 * migrating an empty SQLite store into it. *url_out is the caller's. */
static store *fresh_pg(char **url_out)
{
    const char *base = getenv("BLOC_TEST_PG");
    char *dir = test_tmpdir(), sql[256], name[64];
    const char *tail = strrchr(dir, '-') ? strrchr(dir, '-') + 1 : dir;
    snprintf(name, sizeof name, "t_%s", tail);
    for (char *p = name; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    PGconn *c = PQconnectdb(base);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("test server: %s", PQerrorMessage(c));
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    const char *q = strstr(base, "/postgres?");
    if (!q)
        fail_msg("BLOC_TEST_PG should name the postgres database: %s", base);
    char *url = malloc(strlen(base) + sizeof name);
    sprintf(url, "%.*s/%s%s", (int)(q - base), base, name, q + strlen("/postgres"));
    char *empty = malloc(strlen(dir) + 16);
    sprintf(empty, "%s/empty.db", dir);
    store *s = NULL;
    bloc_error err;
    store_pg_report rep;
    if (store_open(&s, empty, STORE_READWRITE, &err) != BLOC_OK)
        fail_msg("store_open: %s", err.msg);
    store_close(s);
    if (store_pg_migrate_from_sqlite(empty, url, &rep, NULL, NULL, &err) != BLOC_OK)
        fail_msg("migrate: %s", err.msg);
    if (store_open(&s, url, STORE_READWRITE, &err) != BLOC_OK)
        fail_msg("store_open %s: %s", url, err.msg);
    free(empty);
    free(dir);
    *url_out = url;
    return s;
}

/* The backend a test runs on: its state, 1 for PostgreSQL. */
static store *fresh_on(void **state, char **path_out)
{
    return *state && *(const int *)*state ? fresh_pg(path_out) : fresh(path_out);
}

static void migration_and_modes(void **state)
{
    (void)state;
    char *path;
    store *s = fresh(&path);
    bloc_error err;
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    /* reopening does not migrate again, read-only works after creation */
    assert_int_equal(store_open(&s, path, STORE_READWRITE, &err), BLOC_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    assert_int_equal(store_open(&s, path, STORE_READONLY, &err), BLOC_OK);
    assert_int_equal(store_meta_set(s, "k", "v", &err), BLOC_ESTORE); /* read-only refuses */
    store_close(s);
    /* a store from a newer bloc is refused, not damaged */
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, STORE_READWRITE, &err), BLOC_ESTORE);
    assert_non_null(strstr(err.msg, "newer"));
    /* read-only open of a missing file fails cleanly */
    assert_int_equal(store_open(&s, "/nonexistent/dir/x.db", STORE_READONLY, &err), BLOC_ESTORE);
    free(path);
}

static void seed_country(store *s, const char *code)
{
    store_country c;
    bloc_error err;
    memset(&c, 0, sizeof c);
    strcpy(c.code, code);
    strcpy(c.name, code);
    assert_int_equal(store_registry_replace(s, &c, 1, NULL, 0, &err), BLOC_OK);
}

/* The conflicts a flush reports. */
typedef struct conflicts {
    int n, existing[4];
    long line[4];
    long long source[4];
    char where[4][64], raw[4][32];
} conflicts;

static int on_conflict(void *ctx, const store_vote_conflict *c, bloc_error *err)
{
    conflicts *k = ctx;
    (void)err;
    if (k->n == 4)
        return BLOC_ESTORE;
    k->existing[k->n] = c->existing;
    k->line[k->n] = c->source_line;
    k->source[k->n] = c->existing_source;
    snprintf(k->where[k->n], sizeof k->where[0], "%s", c->where);
    snprintf(k->raw[k->n], sizeof k->raw[0], "%s", c->raw);
    k->n++;
    return BLOC_OK;
}

/* A roll call's votes as "CODE=vote@path:line ". */
typedef struct listing {
    char text[256];
} listing;

static int on_listed(void *ctx, const char *code, int vote, long long source_id, const char *path,
                     long line)
{
    listing *l = ctx;
    size_t n = strlen(l->text);
    (void)source_id;
    snprintf(l->text + n, sizeof l->text - n, "%s=%d@%s:%ld ", code, vote, path, line);
    return BLOC_OK;
}

static void votes(void **state)
{
    char *path;
    store *s = fresh_on(state, &path);
    bloc_error err;
    long long src;
    int result;
    seed_country(s, "AAA");
    assert_int_equal(store_source_id(s, "abc", "f.csv", "votes", 10, &src, &err), BLOC_OK);
    long long again;
    assert_int_equal(store_source_id(s, "abc", "other-name.csv", "votes", 10, &again, &err), BLOC_OK);
    assert_int_equal(src, again); /* same checksum, same source */
    store_rollcall rc = {7, 74, 20191212, 0, 0, 0, "A/RES/74/1", "short", "descr", src, 2, NULL, 0};
    assert_int_equal(store_unga_put_rollcall(s, &rc, &result, &err), BLOC_OK);
    assert_int_equal(result, STORE_INSERTED);
    assert_int_equal(store_unga_put_rollcall(s, &rc, &result, &err), BLOC_OK);
    assert_int_equal(result, STORE_DUPLICATE);
    rc.date = 20191213;
    assert_int_equal(store_unga_put_rollcall(s, &rc, &result, &err), BLOC_OK);
    assert_int_equal(result, STORE_CONFLICT);
    long long found;
    assert_int_equal(store_unga_find_rollcall(s, "A/RES/74/1", 20191212, &found, &err), BLOC_OK);
    assert_int_equal(found, 7);
    assert_int_equal(store_unga_find_rollcall(s, "A/RES/74/1", 20191213, &found, &err), BLOC_OK);
    assert_int_equal(found, 0);

    /* a first vote goes in; the same again is a duplicate; a different one
     * is a conflict against the stored vote, with its provenance */
    conflicts k = {0};
    long long ins, dup;
    seed_country(s, "BBB");
    assert_int_equal(store_begin_bulk(s, &err), BLOC_OK);
    assert_int_equal(store_unga_stage_vote(s, 7, "AAA", 1, src, 3, "7,AAA,yes", &err), BLOC_OK);
    assert_int_equal(store_unga_votes_flush(s, on_conflict, &k, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(ins, 1);
    assert_int_equal(dup, 0);
    assert_int_equal(k.n, 0);
    assert_int_equal(store_unga_stage_vote(s, 7, "AAA", 1, src, 9, "again", &err), BLOC_OK);
    assert_int_equal(store_unga_stage_vote(s, 7, "AAA", 3, src, 10, "7,AAA,no", &err), BLOC_OK);
    /* within one flush: the first staged vote is the one a later one meets */
    assert_int_equal(store_unga_stage_vote(s, 7, "BBB", 2, src, 11, "7,BBB,abstain", &err), BLOC_OK);
    assert_int_equal(store_unga_stage_vote(s, 7, "BBB", 3, src, 12, "7,BBB,no", &err), BLOC_OK);
    assert_int_equal(store_unga_votes_flush(s, on_conflict, &k, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(ins, 1);
    assert_int_equal(dup, 1);
    assert_int_equal(k.n, 2); /* in staging order */
    assert_int_equal(k.line[0], 10);
    assert_int_equal(k.existing[0], 1);
    assert_int_equal(k.source[0], src);
    assert_string_equal(k.where[0], "f.csv:3");
    assert_string_equal(k.raw[0], "7,AAA,no");
    assert_int_equal(k.line[1], 12);
    assert_int_equal(k.existing[1], 2);
    assert_int_equal(k.source[1], 0); /* an earlier staged vote */
    assert_string_equal(k.where[1], "f.csv:11");
    assert_string_equal(k.raw[1], "7,BBB,no");
    assert_int_equal(store_commit(s, &err), BLOC_OK);
    store_vote v;
    assert_int_equal(store_unga_get_vote(s, 7, "AAA", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 1);
    assert_int_equal(v.source_line, 3);
    assert_string_equal(v.where, "f.csv:3");
    assert_int_equal(store_unga_get_vote(s, 7, "ZZZ", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 0);
    assert_int_equal(store_unga_get_vote(s, 8, "AAA", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 0);
    listing l = {0};
    assert_int_equal(store_unga_scan_rollcall_votes(s, 7, on_listed, &l, &err), BLOC_OK);
    assert_string_equal(l.text, "AAA=1@f.csv:3 BBB=2@f.csv:11 ");
    /* a correction from a newer source changes the row; a removal empties it */
    long long newer;
    assert_int_equal(store_source_id(s, "def", "g.csv", "votes", 10, &newer, &err), BLOC_OK);
    store_vote_correction fix = {7, "AAA", 1, src, 3, 2, newer, 5};
    assert_int_equal(store_unga_correct_vote(s, &fix, 1, &err), BLOC_OK);
    assert_int_equal(store_unga_get_vote(s, 7, "AAA", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 2);
    assert_string_equal(v.where, "g.csv:5");
    store_vote_correction gone = {7, "BBB", 2, src, 11, 0, newer, 6};
    assert_int_equal(store_unga_correct_vote(s, &gone, 1, &err), BLOC_OK);
    l.text[0] = '\0';
    assert_int_equal(store_unga_scan_rollcall_votes(s, 7, on_listed, &l, &err), BLOC_OK);
    assert_string_equal(l.text, "AAA=2@g.csv:5 ");
    store_unga_counts c;
    assert_int_equal(store_unga_counts_get(s, &c, &err), BLOC_OK);
    assert_int_equal(c.votes, 1);
    assert_int_equal(c.rollcalls, 1);
    /* foreign keys: a vote for an unknown country is refused */
    assert_int_equal(store_begin_bulk(s, &err), BLOC_OK);
    assert_int_equal(store_unga_stage_vote(s, 7, "ZZZ", 1, src, 4, "z", &err), BLOC_ESTORE);
    store_rollback(s);
    assert_int_equal(store_unga_counts_get(s, &c, &err), BLOC_OK);
    assert_int_equal(c.votes, 1);
    /* votes staged in a transaction that was rolled back go with it: the
     * next load's flush does not store them (found by the unga fuzz target) */
    assert_int_equal(store_begin_bulk(s, &err), BLOC_OK);
    assert_int_equal(store_unga_stage_vote(s, 7, "BBB", 3, src, 13, "7,BBB,no", &err), BLOC_OK);
    store_rollback(s);
    assert_int_equal(store_begin_bulk(s, &err), BLOC_OK);
    assert_int_equal(store_unga_votes_flush(s, on_conflict, &k, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(ins + dup, 0);
    assert_int_equal(store_commit(s, &err), BLOC_OK);
    assert_int_equal(store_unga_get_vote(s, 7, "BBB", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 0);
    store_close(s);
    free(path);
}

/* The events a scan returns, in id order (ascending date here). */
typedef struct scanned {
    int n;
    char id[8][16], actor2[8][8], url[8][32];
    long line[8];
    double goldstein[8];
    long long mentions[8];
} scanned;

static int on_event(void *ctx, const store_event *e, const char *path)
{
    scanned *sc = ctx;
    if (sc->n < 8) {
        snprintf(sc->id[sc->n], sizeof sc->id[0], "%s", e->source_event_id);
        snprintf(sc->actor2[sc->n], sizeof sc->actor2[0], "%s",
                 e->actor[1].country ? e->actor[1].country : "");
        snprintf(sc->url[sc->n], sizeof sc->url[0], "%s", e->url ? e->url : "");
        sc->line[sc->n] = e->line;
        sc->goldstein[sc->n] = e->goldstein;
        sc->mentions[sc->n] = e->mentions;
    }
    sc->n++;
    return 0;
}

static store_event test_event(const char *id, int date, long long file, long line)
{
    store_event e;
    memset(&e, 0, sizeof e);
    e.source = "gdelt2";
    e.source_event_id = id;
    e.date = date;
    e.actor[0].country = "AAA";
    e.actor[0].code = "AAA";
    e.event_code = e.root_code = "04";
    e.is_root = -1;
    e.goldstein = 1.0;
    e.mentions = e.sources = e.articles = -1;
    e.tone = e.geo_lat = e.geo_lon = NAN;
    e.domain = "diplomatic";
    e.file_id = file;
    e.line = line;
    return e;
}

/* Events put a batch at a time: the ones already stored and the repeats
 * inside a batch are left out and counted, the new ones keep the order
 * (and every column) they were put in; the same on either backend. */
static void events_batch(void **state)
{
    char *path;
    store *s = fresh_on(state, &path);
    bloc_error err;
    long long src, ins = 0, dup = 0, fins, fdup;
    seed_country(s, "AAA");
    assert_int_equal(store_source_id(s, "ev", "e.csv", "gdelt", 10, &src, &err), BLOC_OK);
    store_event e[5] = {test_event("10", 20240102, src, 1), test_event("x-7", 20240103, src, 2),
                        test_event("10", 20240104, src, 3), test_event("11", 20240105, src, 4),
                        test_event("12", 20240106, src, 5)};
    e[1].actor[1].country = "AAA";
    e[1].url = "http://example.org/a";
    e[1].goldstein = NAN; /* missing stays missing */
    e[1].mentions = 3;
    const store_event *first[3] = {&e[0], &e[1], &e[2]}, *second[3] = {&e[3], &e[0], &e[4]};
    assert_int_equal(store_begin(s, &err), BLOC_OK);
    assert_int_equal(store_events_put(s, first, 3, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(store_events_flush(s, &fins, &fdup, &err), BLOC_OK);
    assert_int_equal(ins + fins, 2); /* "10" a second time is a duplicate */
    assert_int_equal(dup + fdup, 1);
    ins = dup = 0;
    assert_int_equal(store_events_put(s, second, 3, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(store_events_put(s, second, 0, &ins, &dup, &err), BLOC_OK);
    assert_int_equal(store_events_flush(s, &fins, &fdup, &err), BLOC_OK);
    assert_int_equal(ins + fins, 2);
    assert_int_equal(dup + fdup, 1);
    assert_int_equal(store_commit(s, &err), BLOC_OK);
    store_event_query q;
    memset(&q, 0, sizeof q);
    q.ascending = 1;
    scanned sc;
    memset(&sc, 0, sizeof sc);
    assert_int_equal(store_events_scan(s, &q, on_event, &sc, &err), BLOC_OK);
    assert_int_equal(sc.n, 4);
    const char *ids[4] = {"10", "x-7", "11", "12"};
    const long lines[4] = {1, 2, 4, 5};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(sc.id[i], ids[i]);
        assert_int_equal(sc.line[i], lines[i]);
    }
    assert_string_equal(sc.actor2[1], "AAA");
    assert_string_equal(sc.actor2[0], "");
    assert_string_equal(sc.url[1], "http://example.org/a");
    assert_true(isnan(sc.goldstein[1]));
    assert_true(sc.goldstein[0] == 1.0);
    assert_int_equal(sc.mentions[1], 3);
    assert_int_equal(sc.mentions[0], -1);
    store_close(s);
    free(path);
}

static int sql_count(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int n = -1;
    sqlite3_open(path, &db);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* A store of schema 6 with a row per vote, brought forward: 6 -> 7
 * rebuilt the table with a range check, 12 -> 13 packs the votes a roll
 * call to a row and leaves unga_votes as a view with the same rows. */
static void votes_migration(void **state)
{
    (void)state;
    char *path, sql[2048];
    store *s = fresh(&path);
    bloc_error err;
    long long src;
    int result;
    seed_country(s, "AAA");
    seed_country(s, "BBB");
    assert_int_equal(store_source_id(s, "abc", "f.csv", "votes", 10, &src, &err), BLOC_OK);
    store_rollcall rc = {7, 74, 20191212, 0, 0, 0, "A/RES/74/1", "short", "descr", src, 2, NULL, 0};
    assert_int_equal(store_unga_put_rollcall(s, &rc, &result, &err), BLOC_OK);
    store_close(s);
    /* put the votes back as schema 6 had them, and reopen */
    sqlite3 *db;
    sqlite3_open(path, &db);
    snprintf(sql, sizeof sql,
             "DROP VIEW unga_votes; DROP TABLE unga_provenance; DROP TABLE unga_ballots; DROP TABLE unga_slots;"
             "CREATE TABLE unga_votes(rcid INTEGER NOT NULL, country TEXT NOT NULL,"
             " vote INTEGER NOT NULL CHECK (vote IN (1, 2, 3)),"
             " source_id INTEGER NOT NULL, source_line INTEGER NOT NULL,"
             " PRIMARY KEY (rcid, country)) WITHOUT ROWID;"
             "INSERT INTO unga_votes VALUES (7, 'BBB', 3, %lld, 4), (7, 'AAA', 2, %lld, 3);"
             "CREATE INDEX unga_votes_country ON unga_votes(country, rcid);"
             "DROP TABLE arms_tiv; DROP TABLE arms_deliveries; DROP TABLE arms_files;"
             " DROP TABLE arms_actors;"
             "DROP TABLE event_summary_month;"
             "DROP TABLE alliance_years; DROP TABLE coverage; DROP TABLE unga_vote_corrections;"
             "DROP INDEX unga_rollcalls_orig; ALTER TABLE unga_rollcalls DROP COLUMN orig_rcid;"
             "ALTER TABLE unga_rollcalls DROP COLUMN session_label;"
             "ALTER TABLE sources DROP COLUMN release; PRAGMA user_version=6;",
             src, src);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&s, path, STORE_READWRITE, &err), BLOC_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_vote v;
    assert_int_equal(store_unga_get_vote(s, 7, "AAA", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 2); /* the migrated votes are there */
    assert_string_equal(v.where, "f.csv:3");
    assert_int_equal(store_unga_get_vote(s, 7, "BBB", &v, &err), BLOC_OK);
    assert_int_equal(v.vote, 3);
    assert_string_equal(v.where, "f.csv:4");
    store_close(s);
    /* one row, positions in code order; the view gives the old rows */
    assert_int_equal(sql_count(path, "SELECT count(*) FROM unga_ballots WHERE rcid = 7 AND nvotes = 2"
                                     " AND votes = '23'"), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM unga_votes WHERE (rcid, country, vote, source_id, source_line)"
             " IN (VALUES (7, 'AAA', 2, %lld, 3), (7, 'BBB', 3, %lld, 4))", src, src);
    assert_int_equal(sql_count(path, sql), 2);
    assert_int_equal(sql_count(path, "SELECT count(*) FROM unga_votes"), 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM unga_provenance WHERE sources = ',%lld,'", src);
    assert_int_equal(sql_count(path, sql), 1);
    assert_int_equal(sql_count(path, "SELECT count(*) FROM sqlite_master WHERE name = 'unga_votes'"
                                     " AND type = 'view'"), 1);
    sqlite3_open(path, &db);
    /* a row without a vote is refused */
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO unga_ballots VALUES (8, 0, '0')", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
    free(path);
}

static void groups(void **state)
{
    char *path;
    store *s = fresh_on(state, &path);
    bloc_error err;
    seed_country(s, "AAA");
    store_member m = {"AAA", 20000101, 0};
    store_group b = {"built", "built-in", 1, &m, 1};
    assert_int_equal(store_begin(s, &err), BLOC_OK);
    assert_int_equal(store_groups_replace_builtin(s, &b, 1, &err), BLOC_OK);
    assert_int_equal(store_commit(s, &err), BLOC_OK);
    store_group u = {"mine", "", 0, &m, 1};
    assert_int_equal(store_group_add(s, &u, &err), BLOC_OK);
    assert_int_equal(store_group_add(s, &u, &err), BLOC_EINPUT); /* name taken */
    store_group *gs;
    size_t n;
    assert_int_equal(store_groups_load(s, &gs, &n, &err), BLOC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(gs[0].name, "built");
    assert_int_equal(gs[0].members[0].joined, 20000101);
    store_groups_free(gs, n);
    assert_int_equal(store_group_rm(s, "built", &err), BLOC_EINPUT);
    assert_int_equal(store_group_rm(s, "nope", &err), BLOC_ENOTFOUND);
    assert_int_equal(store_group_rm(s, "mine", &err), BLOC_OK);
    store_member bad = {"ZZZ", 0, 0};
    store_group ub = {"badgroup", "", 0, &bad, 1};
    assert_int_equal(store_group_add(s, &ub, &err), BLOC_EINPUT); /* unknown member */
    assert_int_equal(store_groups_load(s, &gs, &n, &err), BLOC_OK);
    assert_int_equal(n, 1); /* the failed add left nothing behind */
    store_groups_free(gs, n);
    store_close(s);
    free(path);
}

int test_store(void)
{
    static const int sqlite = 0, postgresql = 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migration_and_modes), cmocka_unit_test_prestate(votes, (void *)&sqlite),
        cmocka_unit_test(votes_migration),
        cmocka_unit_test_prestate(groups, (void *)&sqlite),
        cmocka_unit_test_prestate(events_batch, (void *)&sqlite)};
    /* the backend-neutral tests again on PostgreSQL (tests/run-tests
     * starts a throw-away server; without one this is a failure) */
    const struct CMUnitTest pg_tests[] = {cmocka_unit_test_prestate(votes, (void *)&postgresql),
                                          cmocka_unit_test_prestate(groups, (void *)&postgresql),
                                          cmocka_unit_test_prestate(events_batch, (void *)&postgresql)};
    int failed = cmocka_run_group_tests_name("store", tests, NULL, NULL);
    if (!getenv("BLOC_TEST_PG")) {
        fprintf(stderr, "[  FAILED  ] 1 test(s): store on PostgreSQL: BLOC_TEST_PG is not set"
                        " (tests/run-tests starts the server)\n");
        return failed + 1;
    }
    return failed + cmocka_run_group_tests_name("store (PostgreSQL)", pg_tests, NULL, NULL);
}
