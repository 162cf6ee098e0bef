/*
 * check/verify — a claim tested against the store with the measure that
 * fits it, by running the library call a bloc command runs: arms shares
 * and deals (SIPRI, naming the release), alliances (ATOP), UN-vote
 * cohesion and dyad agreement before and after a split with intervals
 * (assess), and events (dyad coverage, then the events). Each answer is
 * a verdict, the figure found beside the one claimed, the evidence, and
 * the command that reproduces it. Verdict rules (docs/check.md):
 *   supported     the data show what the claim says;
 *   close         a figure within the stated tolerance;
 *   partly        part of the claim is in the data;
 *   contradicted  the data the source holds say otherwise;
 *   not testable  the data bloc holds cannot speak to it, and why;
 *   no data       the right source, but no coverage for the period.
 * A direction is taken from the data only where assess states one (an
 * interval that excludes no change, enough roll calls or deal-years on
 * each side).
 */
#ifndef BLOC_CHECK_VERIFY_H
#define BLOC_CHECK_VERIFY_H

#include "api/call.h"
#include "check/claims.h"

typedef struct verify_answer {
    const char *verdict;     /* one of the six above */
    char channel[16];        /* arms, alliances, un, events, none */
    char claimed[96];
    char found[600];
    char reason[600];
    char evidence[1400];
    char command[1400];      /* the commands, "; " between them */
} verify_answer;

typedef struct verify_opts {
    int doc_date;            /* YYYYMMDD */
    double tolerance;        /* a share within this many percentage points is close */
} verify_opts;

/* The calls' results, kept for the claims that ask the same question. */
typedef struct verify_cache verify_cache;
verify_cache *verify_cache_new(void);
void verify_cache_free(verify_cache *v);

/* Test c; fills *a. Fails only when the store cannot answer at all
 * (out of memory, a broken store); a source not loaded is "no data". */
int verify_claim(bloc_session *S, verify_cache *cache, const verify_opts *o, const claim *c,
                 verify_answer *a, bloc_error *err);

#endif
