/*
 * analysis — the measures of alignment as library calls: each a typed
 * request, a bloc_call (api/call.h) and rows under a column schema. They
 * read the store through a session, compute with metrics/ and answer into
 * a result; none prints. docs/methods.md gives the formulas.
 *
 *   dyad     a dyad's event series by period and domain
 *   pairs    every dyad of a group, period by period
 *   group    a group's event cohesion, friction, hub and UN-vote cohesion
 *   stance   each member's net cooperation toward a rival group
 *   network  the cooperation network: degree, strength, centrality, hub
 *   friction conflictual events inside a group (shares, or the events)
 *   changes  change points of a dyad's or group's series
 *   assess   indicators before/after a split, with intervals and grades
 *   index    the composite alignment index per dyad-year
 *   unga     UN General Assembly vote alignment (dyad, group, versus, top,
 *            pairs)
 */
#ifndef BLOC_ANALYSIS_ANALYSIS_H
#define BLOC_ANALYSIS_ANALYSIS_H

#include "api/call.h"
#include "metrics/events.h"

/* The members of a LIST and their event matrix over o, the event summary
 * brought up to date first; *g and *m are the caller's to free
 * (bloc_set_free, ev_matrix_free) whatever the status. */
int analysis_group_matrix(bloc_session *S, const char *list, const ev_opts *o, bloc_set *g,
                          ev_matrix *m, bloc_error *err);

/* A count cell: the count (an integer), or NA where the data cover
 * nothing (covered days 0). */
void analysis_count(result *out, double v, long covered);
/* Notes on what a series' data cover: no data at all, periods without
 * data, or no events where there are data ("what" has no events). */
void analysis_coverage_notes(result *out, const ev_series *d, const char *what);

typedef struct dyad_req {
    const char *a, *b;
    int directed;
    ev_opts o;
} dyad_req;
extern const bloc_call analysis_dyad;

typedef struct pairs_req {
    const char *group;
    int directed, active;
    ev_opts o;
} pairs_req;
extern const bloc_call analysis_pairs;

typedef struct cohesion_req {
    const char *group, *vs; /* stance: vs is the RIVAL argument */
    ev_opts o;
} cohesion_req;
extern const bloc_call analysis_group;
extern const bloc_call analysis_stance;

typedef struct network_req {
    const char *group;
    opt_span period;
    int edges;
    ev_opts o;
} network_req;
extern const bloc_call analysis_network;

typedef struct friction_req {
    const char *group;
    int list;
    long long limit;
    ev_opts o;
} friction_req;
extern const bloc_call analysis_friction;

enum { CHANGES_EVENTS, CHANGES_NET, CHANGES_GOLDSTEIN };
typedef struct changes_req {
    const char *dyad, *group;
    int measure;        /* CHANGES_* */
    double penalty;     /* 0 = MBIC */
    int bootstrap;
    ev_opts o;
} changes_req;
extern const bloc_call analysis_changes;

typedef struct assess_req {
    const char *group, *vs;
    int split;          /* YYYYMMDD */
    int reps;
    int evidence;
    long long limit;    /* evidence rows per indicator and side, 0 = all */
    ev_opts o;
} assess_req;
extern const bloc_call analysis_assess;

typedef struct index_req {
    int year, since, until; /* years; 0 = default */
    const char *countries;
    long long min_votes, min_events;
    const char *weights;    /* NULL = data/index.conf */
} index_req;
extern const bloc_call analysis_index;

#endif
