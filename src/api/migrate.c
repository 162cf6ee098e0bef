/*
 * api/migrate — `migrate`: a store moved from SQLite into PostgreSQL or
 * back (store/store_pg), one row per table with its rows on each side and
 * its checksum; or, with --to alone, a new empty store (schema and
 * registry) at a path or URL: with the loads, the only way a store is made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "api/listings.h"
#include "core/util.h"
#include "registry/registry.h"
#include "store/store_pg.h"

static const opt_def opts[] = {
    OPTE_STRING("from", 0, migrate_req, from, "STORE", "the store to copy (a file or a URL)"),
    OPTE_STRING("to", 0, migrate_req, to, "STORE",
                "where to (the other kind); alone: make an empty store there"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const migrate_req *q = req;
    (void)npos;
    if (!q->to)
        return bloc_usage(err, "give --to STORE (and --from STORE to copy one)");
    if (!q->from)
        return BLOC_OK; /* an empty store at --to */
    int back = store_pg_is_url(q->from);
    if (back == store_pg_is_url(q->to))
        return bloc_usage(err, "one side is a SQLite store file, the other a postgresql:// URL");
    if (!back && access(q->from, R_OK) != 0)
        return bloc_usage(err, "cannot read the store %s", q->from);
    return BLOC_OK;
}

static void say_table(void *ctx, const char *table)
{
    bloc_session_progress(ctx, table);
}

static const result_col cols[] = {
    {"table", RESULT_STR}, {"rows_sqlite", RESULT_INT}, {"rows_postgresql", RESULT_INT},
    {"sha256", RESULT_STR}, {"partitions", RESULT_INT}};

/* A SQLite store at path with its schema and the registry from data/;
 * *version its schema version. */
static int make_sqlite(bloc_session *S, const char *path, int *version, bloc_error *err)
{
    const bloc_config *cfg = bloc_session_config(S);
    registry_paths paths = {cfg->datadir, cfg->isodir};
    store *s = NULL;
    int rebuilt = 0, rc = store_open(&s, path, STORE_READWRITE, err);
    if (rc == BLOC_OK)
        rc = registry_sync(s, &paths, &rebuilt, err);
    if (rc == BLOC_OK)
        *version = store_schema_version(s);
    store_close(s);
    return rc;
}

/* An empty store at q->to. PostgreSQL gets its schema the one way it is
 * made, a copy of a store: an empty SQLite one in TMPDIR, removed after. */
static int create(bloc_session *S, const migrate_req *q, result *out, bloc_error *err)
{
    int version = 0, rc, pg = store_pg_is_url(q->to);
    if (!pg && access(q->to, F_OK) == 0)
        return bloc_fail(err, BLOC_EINPUT, "%s exists: migrate --to alone makes a new store", q->to);
    if (pg) {
        char tmp[512];
        const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(tmp, sizeof tmp, "%s/bloc-empty-XXXXXX", dir);
        int fd = mkstemp(tmp);
        if (fd < 0)
            return bloc_fail(err, BLOC_EIO, "cannot make a temporary file in %s", dir);
        close(fd);
        unlink(tmp); /* store_open makes it, as a SQLite database */
        store_pg_report rep;
        rc = make_sqlite(S, tmp, &version, err);
        if (rc == BLOC_OK && (rc = store_pg_migrate_from_sqlite(tmp, q->to, &rep, say_table, S, err)) == BLOC_OK)
            version = rep.schema_version;
        bloc_session_progress(S, NULL);
        static const char *const sidecars[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            char p[600];
            snprintf(p, sizeof p, "%s%s", tmp, sidecars[i]);
            unlink(p);
        }
    } else {
        rc = make_sqlite(S, q->to, &version, err);
    }
    if (rc == BLOC_OK)
        rc = result_begin(out, (const result_col[]){{"store", RESULT_STR}, {"schema", RESULT_INT}}, 2);
    if (rc == BLOC_OK) {
        result_str(out, q->to);
        result_int(out, version);
        rc = result_status(out);
    }
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const migrate_req *q = request;
    if (!q->from)
        return create(S, q, out, err);
    store_pg_report rep;
    int back = store_pg_is_url(q->from);
    int rc = back ? store_pg_migrate_to_sqlite(q->from, q->to, &rep, say_table, S, err)
                  : store_pg_migrate_from_sqlite(q->from, q->to, &rep, say_table, S, err);
    bloc_session_progress(S, NULL);
    if (rc != BLOC_OK || (rc = result_begin(out, cols, 5)) != BLOC_OK)
        return rc;
    long long total = 0;
    for (size_t i = 0; i < rep.n; i++) {
        result_str(out, rep.t[i].name);
        result_int(out, rep.t[i].rows);
        result_int(out, rep.t[i].rows_pg);
        result_str(out, rep.t[i].sha256);
        result_int(out, rep.t[i].partitions);
        total += rep.t[i].rows;
    }
    result_note(out, "%zu table%s, %lld row%s %s; counts and checksums agree (PostgreSQL schema %d)",
                rep.n, util_plural((long long)rep.n), total, util_plural(total), back ? "into SQLite" : "into PostgreSQL", rep.schema_version);
    return result_status(out);
}

const bloc_call api_migrate = {"migrate", sizeof(migrate_req), NULL, opts, check, run};
