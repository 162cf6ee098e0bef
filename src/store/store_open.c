/*
 * store/store_open — the life of a store handle: opened on a path (a file
 * is SQLite, a postgresql:// URL PostgreSQL: the backend is chosen here and
 * nowhere else), closed, or taken from and given back to a bounded pool of
 * open handles (bloc serve).
 */
#include <pthread.h>
#include <stdlib.h>

#include "core/util.h"
#include "store/store_internal.h"
#include "store/store_pg.h"

int store_open(store **out, const char *path, int mode, bloc_error *err)
{
    int rc = BLOC_OK;
    store *s = calloc(1, sizeof *s);
    if (!s)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    s->path = util_strdup(path);
    s->readonly = mode == STORE_READONLY;
    /* a postgresql:// URL is never a file named "postgresql:..." */
    s->be = store_pg_is_url(path) ? &store_pg_backend : &store_sqlite_backend;
    if ((rc = s->be->open(s, err)) != BLOC_OK)
        goto fail;
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
        /* a slot of our own, reserved under the lock; the store is opened
         * outside it (other requests go on meanwhile) */
        size_t slot = 0;
        while (p->all[slot])
            slot++;
        assert(slot < p->size);
        p->all[slot] = (store *)p; /* reserved */
        p->nopen++;
        pthread_mutex_unlock(&p->mu);
        rc = store_open(s, p->path, p->mode, err);
        pthread_mutex_lock(&p->mu);
        if (rc == BLOC_OK) {
            (*s)->pool = p;
            p->all[slot] = *s;
        } else {
            p->all[slot] = NULL;
            p->nopen--;
            pthread_cond_signal(&p->cv);
        }
    }
    pthread_mutex_unlock(&p->mu);
    /* a server restarted since: one reconnection before giving up */
    if (rc == BLOC_OK)
        (*s)->be->revive(*s);
    assert(p->nfree <= p->nopen && p->nopen <= p->size);
    return rc;
}

void store_pool_free(store_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->size; i++) {
        if (p->all[i] && p->all[i] != (store *)p) {
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
    if (s->be)
        s->be->close(s);
    store_ballots_free(s);
    free(s->path);
    free(s);
}
