/*
 * coder/pool — coding documents on N threads with the results handed back
 * in input order: a document (its text, date and provenance) is coded
 * sentence by sentence (coder, coder/extract for the sentence's date,
 * quantities and keywords) on any thread; the emit callback then receives
 * the documents one at a time, in the order they were submitted, on the
 * submitting thread, so -j N prints and stores exactly what -j 1 does.
 * Documents go to the workers in batches of 32, so that short ones do not
 * spend their time on locks.
 */
#ifndef BLOC_CODER_POOL_H
#define BLOC_CODER_POOL_H

#include <stddef.h>

#include "coder/coder.h"
#include "coder/extract.h"
#include "core/error.h"

/* One coded event of a document: its sentence and place (1-based), the
 * event, and the facts of its sentence (index into the document's). */
typedef struct coded_event {
    size_t sentence, k;
    coder_event e;
    size_t facts;
} coded_event;

typedef struct coder_doc {
    char *id, *url, *text; /* owned */
    size_t len;
    int date;              /* the document's, YYYYMMDD */
    long line;             /* input line of the document */
    long long source_id;
    coded_event *ev;
    size_t nev, capev;
    extract_facts *facts;
    size_t nfacts, capfacts;
    long long sentences, discarded;
    char *warn;            /* warnings, one per line, in order */
    size_t warnlen;
    int rc;                /* how coding went, with err */
    bloc_error err;
    int ready;             /* (pool) the batch this document heads is coded */
    struct coder_doc *next; /* (pool) the next document of its batch */
} coder_doc;

/* A document to code (copies of id, url and text[0..len)); NULL when out
 * of memory. Owned by the caller until submitted. */
coder_doc *coder_doc_new(const char *id, const char *url, const char *text, size_t len, int date,
                         long line, long long source_id);
void coder_doc_free(coder_doc *d);
/* A document's date as its record gives it: YYYYMMDD or an ISO date;
 * fallback when absent or not a date. */
int coder_doc_date(const char *s, int fallback);

/* What the workers read (never write): shared by every thread. */
typedef struct coder_tables {
    const coder *c;
    const coder_opts *o;
    const extract_keywords *kw, *issues;
} coder_tables;

/* Code every sentence of d. */
void coder_doc_code(const coder_tables *t, coder_doc *d);

/* Called with each coded document in input order; a non-zero status stops
 * the emitting (the rest are still freed). */
typedef int (*coder_emit_fn)(void *ctx, coder_doc *d, bloc_error *err);

typedef struct coder_pool coder_pool;

/* A pool of jobs threads (jobs <= 1: none; documents are coded as they
 * are submitted). *out is the caller's: coder_pool_finish frees it. */
int coder_pool_new(coder_pool **out, const coder_tables *t, int jobs, coder_emit_fn emit, void *ctx,
                   bloc_error *err);
/* Hand d over (the pool owns it from here). */
int coder_pool_submit(coder_pool *p, coder_doc *d, bloc_error *err);
/* Emit what is left (nothing more when rc is an error), stop the workers,
 * free the pool; returns rc or the first emit failure. */
int coder_pool_finish(coder_pool *p, int rc, bloc_error *err);

#endif
