/*
 * api/session — lazily opened store, registry and tables of one client
 * conversation (see session.h).
 */
#include "api/session.h"

#include <assert.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/util.h"
#include "store/store_pg.h"

struct bloc_session {
    const bloc_config *cfg;
    int readonly;
    int may_create;    /* bloc_session_allow_create: a missing store is made */
    int lookup;        /* bloc_session_lookup: a missing store is read as empty */
    store_pool *pool;
    int deadline_ms;
    double deadline;
    size_t budget;     /* bloc_session_set_budget: 0 = unbounded */
    store *s;
    registry *r;
    cameo_tables *cameo;
    int summary_fresh;
    ev_coverage *coverage;
    void (*progress)(void *ctx, const char *what);
    void *progress_ctx;
};

int bloc_session_new(bloc_session **out, const bloc_config *cfg, int readonly,
                     store_pool *pool, int deadline_ms, bloc_error *err)
{
    assert(cfg && cfg->db_path);
    bloc_session *S = calloc(1, sizeof *S);
    if (!S)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    S->cfg = cfg;
    S->readonly = readonly;
    S->pool = pool;
    S->deadline_ms = deadline_ms;
    S->deadline = deadline_ms > 0 ? util_now() + deadline_ms / 1000.0 : 0;
    *out = S;
    return BLOC_OK;
}

void bloc_session_close(bloc_session *S)
{
    if (!S)
        return;
    cameo_free(S->cameo);
    ev_coverage_free(S->coverage);
    registry_free(S->r);
    store_close(S->s);
    free(S);
}

const bloc_config *bloc_session_config(const bloc_session *S)
{
    return S->cfg;
}

double bloc_session_deadline(const bloc_session *S)
{
    return S->deadline;
}

int bloc_session_check_deadline(const bloc_session *S, bloc_error *err)
{
    if (S->deadline > 0 && util_now() > S->deadline)
        return bloc_fail(err, BLOC_EDEADLINE, "interrupted: the request ran past its time limit");
    return BLOC_OK;
}

void bloc_session_allow_create(bloc_session *S)
{
    S->may_create = 1;
}

int bloc_session_lookup(bloc_session *S, const registry **r, bloc_error *err)
{
    S->lookup = 1;
    return bloc_session_store(S, NULL, r, err);
}

int bloc_session_store(bloc_session *S, store **s, const registry **r, bloc_error *err)
{
    if (!S->s) {
        int rebuilt = 0, rc;
        registry_paths paths = {S->cfg->datadir, S->cfg->isodir};
        const char *path = S->cfg->db_path;
        int missing = !S->pool && !store_pg_is_url(path) && access(path, F_OK) != 0;
        if (missing && !S->may_create && !S->lookup) /* a typo must not become an empty store */
            return bloc_fail(err, BLOC_EINPUT,
                             "no bloc store at %s (bloc ingest or bloc migrate --to creates one;"
                             " --db or BLOC_DB names it)", path);
        if (missing && !S->may_create)
            path = ":memory:"; /* lookups need only the registry: nothing is written to disk */
        rc = S->pool ? store_pool_take(S->pool, &S->s, err)
                     : store_open(&S->s, path,
                                  S->readonly && !missing ? STORE_READONLY : STORE_READWRITE, err);
        if (rc != BLOC_OK)
            return rc;
        if (S->deadline_ms > 0)
            store_set_deadline(S->s, S->deadline_ms);
        if ((!S->readonly && (rc = registry_sync(S->s, &paths, &rebuilt, err)) != BLOC_OK) ||
            (rc = registry_load(S->s, &S->r, err)) != BLOC_OK) {
            store_close(S->s);
            S->s = NULL;
            return rc;
        }
    }
    if (s)
        *s = S->s;
    if (r)
        *r = S->r;
    return BLOC_OK;
}

int bloc_session_events(bloc_session *S, store **s, const registry **r, bloc_error *err)
{
    int rc = bloc_session_store(S, s, r, err);
    if (rc == BLOC_OK && !S->summary_fresh) {
        if ((rc = store_event_summary_refresh(S->s, err)) == BLOC_OK &&
            (rc = ev_coverage_load(S->s, "events", &S->coverage, err)) == BLOC_OK)
            S->summary_fresh = 1;
    }
    return rc;
}

ev_opts bloc_session_ev_opts(const bloc_session *S, const ev_opts *o)
{
    ev_opts out = *o;
    assert(S->summary_fresh); /* bloc_session_events first */
    out.coverage = S->coverage;
    out.max_bytes = S->budget;
    return out;
}

void bloc_session_set_budget(bloc_session *S, size_t bytes)
{
    S->budget = bytes;
}

int bloc_session_cameo(bloc_session *S, const cameo_tables **c, bloc_error *err)
{
    if (!S->cameo) {
        int rc = cameo_load(S->cfg->datadir, &S->cameo, err);
        if (rc != BLOC_OK)
            return rc;
    }
    *c = S->cameo;
    return BLOC_OK;
}

void bloc_session_set_progress(bloc_session *S, void (*fn)(void *ctx, const char *what), void *ctx)
{
    S->progress = fn;
    S->progress_ctx = ctx;
}

void bloc_session_progress(bloc_session *S, const char *what)
{
    if (S->progress)
        S->progress(S->progress_ctx, what);
}
