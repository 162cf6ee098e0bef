/*
 * analysis/unga — the UN General Assembly vote alignment call (`unga`):
 * one request for its five kinds, which share the period options.
 */
#ifndef BLOC_ANALYSIS_UNGA_H
#define BLOC_ANALYSIS_UNGA_H

#include "api/call.h"
#include "metrics/unga.h"

/* Roll calls a period needs to count as full (--min-votes). */
#define UNGA_MIN_VOTES 10

enum { UNGA_DYAD, UNGA_GROUP, UNGA_VERSUS, UNGA_TOP, UNGA_PAIRS, UNGA_VOTES };

typedef struct unga_req {
    const char *sub;        /* dyad, group, versus, top or pairs */
    const char *pos[2];     /* its arguments */
    int kind;               /* UNGA_*, set by the check from sub */
    int by;                 /* unga_by */
    const char *since_text, *until_text, *year_text;
    store_unga_filter f;    /* dates set by the check; issue per slice */
    const char *issue;      /* NULL, a code or "each" */
    const char *countries;  /* pairs */
    int measure;            /* top: 0 agree, 1 s, 2 kappa */
    long long limit, min_votes;
    const char *session;    /* "ES-11" or "76" (f.session) */
    long long rcid;         /* votes: one roll call */
    const char *resolution; /* votes: by symbol */
    int history;            /* votes: the corrections between releases instead */
} unga_req;
extern const bloc_call analysis_unga;

/* `unga votes`: one roll call's votes with their provenance, or the
 * corrections between releases (analysis/unga_votes.c). */
int unga_votes_run(bloc_session *S, const unga_req *q, result *out, bloc_error *err);

#endif
