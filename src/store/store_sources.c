/*
 * store/store_sources — SQL for the provenance of every row: the inputs
 * ingested, each recorded once by its checksum (see store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

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

int store_source_forget_unused(store *s, long long id, const char *scope, bloc_error *err)
{
    static const char *const sql[] = {
        "DELETE FROM ingest_checkpoints WHERE source_id = ? AND scope = ?",
        "DELETE FROM sources WHERE id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM events WHERE file_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM ingest_checkpoints WHERE source_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM coverage WHERE source_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM follow_files WHERE source_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM unga_rollcalls WHERE source_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM unga_issues WHERE source_id = ?1)"
        " AND NOT EXISTS (SELECT 1 FROM unga_provenance WHERE sources LIKE '%,' || ?2 || ',%')"
        " AND NOT EXISTS (SELECT 1 FROM unga_vote_corrections"
        "                 WHERE old_source_id = ?1 OR new_source_id = ?1)"};
    int rc = BLOC_OK;
    for (size_t i = 0; i < 2 && rc == BLOC_OK; i++) {
        store_q *st = NULL;
        if ((rc = store_prepare(s, &st, sql[i], err)) != BLOC_OK)
            return rc;
        char id_text[32];
        snprintf(id_text, sizeof id_text, "%lld", id);
        store_q_bind_int64(st, 1, id);
        store_q_bind_text(st, 2, i == 0 ? scope : id_text);
        if (store_q_step(st) != STORE_DONE)
            rc = store_sqlfail(s, err, "cannot forget a source");
        store_q_finalize(st);
    }
    return rc;
}

int store_sources_scan(store *s, store_source_cb cb, void *ctx, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT id, kind, path, sha256, bytes, first_ingested, release"
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
            .release = store_column_date(st, 6),
        };
        if (cb(ctx, &src))
            break;
    }
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read sources");
    store_q_finalize(st);
    return rc;
}

int store_source_set_release(store *s, long long id, int release, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "UPDATE sources SET release=? WHERE id=?", err);
    if (rc != BLOC_OK)
        return rc;
    store_bind_date(st, 1, release);
    store_q_bind_int64(st, 2, id);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record the release of a source");
    store_q_finalize(st);
    return rc;
}

int store_source_release(store *s, long long id, int *release, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT release FROM sources WHERE id=?", err), r;
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, id);
    *release = (r = store_q_step(st)) == STORE_ROW ? store_column_date(st, 0) : 0;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the release of a source");
    store_q_finalize(st);
    return rc;
}
