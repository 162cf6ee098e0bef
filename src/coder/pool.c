/*
 * coder/pool — documents coded on worker threads, emitted in input order
 * (see pool.h). A ring of batch heads: the submitting thread adds at tail,
 * workers code from next, the submitting thread emits from head.
 */
#include "coder/pool.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/text.h"
#include "core/util.h"

enum { POOL_BATCH = 32 };

struct coder_pool {
    coder_tables t;
    coder_emit_fn emit;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    coder_doc **ring;             /* batch heads */
    size_t cap, head, next, tail; /* emit at head, code at next, add at tail */
    int closing;
    pthread_t *threads;
    int nthreads;
    coder_doc *first, *last;      /* the batch being filled */
    size_t nfill;
};

coder_doc *coder_doc_new(const char *id, const char *url, const char *text, size_t len, int date,
                         long line, long long source_id)
{
    coder_doc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->id = strdup(id);
    d->url = url ? strdup(url) : NULL;
    d->text = malloc(len + 1);
    if (!d->id || (url && !d->url) || !d->text) {
        coder_doc_free(d);
        return NULL;
    }
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->len = len;
    d->date = date;
    d->line = line;
    d->source_id = source_id;
    return d;
}

int coder_doc_date(const char *s, int fallback)
{
    int d = 0;
    if (!s)
        return fallback;
    if (strlen(s) == 8 && strspn(s, "0123456789") == 8 && util_date_valid(atoi(s)))
        return atoi(s);
    return util_parse_date(s, 0, &d, NULL) == BLOC_OK ? d : fallback;
}

void coder_doc_free(coder_doc *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->url);
    free(d->text);
    free(d->ev);
    free(d->facts);
    free(d->warn);
    free(d);
}

/* The sentence's events and facts (quantities, keywords, date) onto d. */
static int keep_sentence(const coder_tables *t, coder_doc *d, const text_span *s, size_t i,
                         const coder_event *e, size_t ne)
{
    text_token *tok = NULL;
    size_t nt = 0;
    if (util_grow((void **)&d->facts, &d->capfacts, d->nfacts + 1, sizeof *d->facts) != 0 ||
        util_grow((void **)&d->ev, &d->capev, d->nev + ne, sizeof *d->ev) != 0)
        return bloc_fail(&d->err, BLOC_ENOMEM, "out of memory");
    int rc = text_tokens(d->text, s->off, s->len, &tok, &nt, &d->err);
    if (rc != BLOC_OK)
        return rc;
    extract_sentence(t->kw, t->issues, d->text, tok, nt, d->date, &d->facts[d->nfacts]);
    free(tok);
    for (size_t k = 0; k < ne; k++)
        d->ev[d->nev++] = (coded_event){i + 1, k + 1, e[k], d->nfacts};
    d->nfacts++;
    return BLOC_OK;
}

void coder_doc_code(const coder_tables *t, coder_doc *d)
{
    text_span *s = NULL;
    size_t ns = 0;
    FILE *warn = open_memstream(&d->warn, &d->warnlen);
    bloc_error_clear(&d->err);
    d->rc = text_sentences(d->text, d->len, &s, &ns, &d->err);
    for (size_t i = 0; d->rc == BLOC_OK && i < ns; i++) {
        coder_event *e = NULL;
        size_t ne = 0;
        int discarded = 0;
        d->sentences++;
        if (s[i].len > 65536) { /* not a sentence: a table, a dump, junk */
            if (warn)
                fprintf(warn, "%s: sentence %zu is longer than 64 KiB, skipped\n", d->id, i + 1);
            d->discarded++;
            continue;
        }
        if ((d->rc = coder_sentence(t->c, t->o, d->text, s[i].off, s[i].len, d->date, &e, &ne,
                                    &discarded, &d->err)) != BLOC_OK)
            break;
        d->discarded += discarded;
        if (ne)
            d->rc = keep_sentence(t, d, &s[i], i, e, ne);
        free(e);
    }
    free(s);
    if (warn)
        fclose(warn);
}

static void *worker(void *arg)
{
    coder_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next == p->tail && !p->closing)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->next == p->tail)
            break;
        coder_doc *batch = p->ring[p->next++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        for (coder_doc *d = batch; d; d = d->next)
            coder_doc_code(&p->t, d);
        pthread_mutex_lock(&p->mu);
        batch->ready = 1;
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Emit and free a batch; the first error stops the emitting, not the
 * freeing. */
static int emit_batch(coder_pool *p, coder_doc *batch, int rc, bloc_error *err)
{
    while (batch) {
        coder_doc *next = batch->next;
        if (rc == BLOC_OK)
            rc = p->emit(p->ctx, batch, err);
        coder_doc_free(batch);
        batch = next;
    }
    return rc;
}

/* Emit the coded batches at the head of the ring; with wait_all until the
 * ring is empty, else until there is room for one more. */
static int drain(coder_pool *p, int wait_all, int rc, bloc_error *err)
{
    pthread_mutex_lock(&p->mu);
    while (p->head < p->tail &&
           (wait_all || p->tail - p->head == p->cap || p->ring[p->head % p->cap]->ready)) {
        assert(p->head <= p->next && p->next <= p->tail && p->tail - p->head <= p->cap);
        coder_doc *batch = p->ring[p->head % p->cap];
        while (!batch->ready)
            pthread_cond_wait(&p->done, &p->mu);
        p->head++;
        pthread_mutex_unlock(&p->mu);
        rc = emit_batch(p, batch, rc, err);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* Hand the batch being filled to the workers. */
static int push(coder_pool *p, bloc_error *err)
{
    if (!p->first)
        return BLOC_OK;
    int rc = drain(p, 0, BLOC_OK, err);
    pthread_mutex_lock(&p->mu);
    p->ring[p->tail++ % p->cap] = p->first;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    p->first = p->last = NULL;
    p->nfill = 0;
    return rc;
}

int coder_pool_submit(coder_pool *p, coder_doc *d, bloc_error *err)
{
    if (!p->nthreads) {
        coder_doc_code(&p->t, d);
        return emit_batch(p, d, BLOC_OK, err);
    }
    if (p->last)
        p->last->next = d;
    else
        p->first = d;
    p->last = d;
    return ++p->nfill == POOL_BATCH ? push(p, err) : BLOC_OK;
}

int coder_pool_new(coder_pool **out, const coder_tables *t, int jobs, coder_emit_fn emit, void *ctx,
                   bloc_error *err)
{
    coder_pool *p = calloc(1, sizeof *p);
    if (!p)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    p->t = *t;
    p->emit = emit;
    p->ctx = ctx;
    *out = p;
    if (jobs <= 1)
        return BLOC_OK;
    p->cap = 2 * (size_t)jobs;
    p->ring = calloc(p->cap, sizeof *p->ring);
    p->threads = calloc((size_t)jobs, sizeof *p->threads);
    if (!p->ring || !p->threads) {
        free(p->ring);
        free(p->threads);
        free(p);
        *out = NULL;
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    for (; p->nthreads < jobs; p->nthreads++)
        if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) != 0)
            break;
    if (!p->nthreads) {
        coder_pool_finish(p, BLOC_EIO, err);
        *out = NULL;
        return bloc_fail(err, BLOC_EIO, "cannot start worker threads");
    }
    return BLOC_OK;
}

int coder_pool_finish(coder_pool *p, int rc, bloc_error *err)
{
    if (!p)
        return rc;
    if (!p->cap) { /* no threads: everything was emitted on submit */
        free(p);
        return rc;
    }
    if (rc == BLOC_OK)
        rc = push(p, err);
    else
        emit_batch(p, p->first, rc, err);
    rc = drain(p, 1, rc, err);
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->ring);
    free(p->threads);
    free(p);
    return rc;
}
