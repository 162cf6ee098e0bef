/*
 * api/migrate — `migrate`: a store moved from SQLite into PostgreSQL or
 * back (store/store_pg), one row per table with its rows on each side and
 * its checksum.
 */
#include <unistd.h>

#include "api/listings.h"
#include "store/store_pg.h"

static const opt_def opts[] = {
    OPTE_STRING("from", 0, migrate_req, from, "STORE", "the store to copy (a file or a URL)"),
    OPTE_STRING("to", 0, migrate_req, to, "STORE", "where to (the other kind)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const migrate_req *q = req;
    (void)npos;
    if (!q->from || !q->to)
        return bloc_usage(err, "--from and --to are both needed");
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

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const migrate_req *q = request;
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
    result_note(out, "%zu tables, %lld rows %s; counts and checksums agree (PostgreSQL schema %d)",
                rep.n, total, back ? "into SQLite" : "into PostgreSQL", rep.schema_version);
    return result_status(out);
}

const bloc_call api_migrate = {"migrate", sizeof(migrate_req), NULL, opts, check, run};
