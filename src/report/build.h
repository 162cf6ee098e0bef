/*
 * report/build — the report's data document, built from library calls in
 * one session: the assessment, UN-vote cohesion, heatmaps, each domain's
 * series and change points, the network, friction, evidence and
 * provenance. Each part is described by the bloc command that reproduces
 * it; that command line is parsed with the call's own option table into
 * the request that is run, so the command printed in the report is
 * exactly what produced the figure.
 */
#ifndef BLOC_REPORT_BUILD_H
#define BLOC_REPORT_BUILD_H

#include <jansson.h>

#include "api/call.h"

typedef struct report_req {
    const char *group, *vs, *since, *until, *split, *output;
} report_req;
extern const bloc_call report_call; /* parsing only: the report runs through report_build */

/* The document of the report on q (new reference in *doc). */
int report_build(bloc_session *S, const report_req *q, json_t **doc, bloc_error *err);

#endif
