/*
 * store/store_coverage — SQL for what each input covers: the days an event
 * file spans and the filter it was loaded under (see store.h and
 * docs/data-model.md). The measures read it to tell a period without data
 * (missing) from a period with no events (zero).
 */
#include <stdio.h>

#include "core/util.h"
#include "store/store_internal.h"

int store_coverage_put(store *s, long long source_id, const char *scope, const char *kind,
                       int first, int last, bloc_error *err)
{
    assert(first > 0 && first <= last);
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "INSERT INTO coverage(source_id,scope,kind,first_day,last_day)"
                           " VALUES(?,?,?,?,?) ON CONFLICT(source_id,scope) DO UPDATE SET"
                           " kind=excluded.kind, first_day=excluded.first_day,"
                           " last_day=excluded.last_day",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, source_id);
    store_q_bind_text(st, 2, scope);
    store_q_bind_text(st, 3, kind);
    store_bind_date(st, 4, first);
    store_bind_date(st, 5, last);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record coverage");
    store_q_finalize(st);
    return rc;
}

int store_coverage_scan(store *s, const char *kind, store_coverage_cb cb, void *ctx,
                        bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT c.source_id, s.path, c.kind, c.scope, c.first_day, c.last_day, s.release"
                           " FROM coverage c JOIN sources s ON s.id = c.source_id"
                           " WHERE ?1 IS NULL OR c.kind = ?1 ORDER BY c.kind, c.first_day, c.source_id, c.scope",
                           err);
    if (rc != BLOC_OK)
        return rc;
    if (kind)
        store_q_bind_text(st, 1, kind);
    else
        store_q_bind_null(st, 1);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_coverage c = {store_q_int64(st, 0), store_q_text(st, 1), store_q_text(st, 2),
                            store_q_text(st, 3), store_column_date(st, 4), store_column_date(st, 5),
                            store_column_date(st, 6)};
        if (cb(ctx, &c) != 0)
            break;
    }
    if (r == STORE_QERR)
        rc = store_sqlfail(s, err, "cannot read coverage");
    store_q_finalize(st);
    return rc;
}
