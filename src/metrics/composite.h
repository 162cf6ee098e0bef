/*
 * metrics/composite — the composite alignment index of a dyad-year: each
 * component (UN vote agreement, event net cooperation, arms transfers) as
 * a z-score against all dyads of that year, combined as a weighted mean of
 * the components present, with weights read from data/index.conf, and a
 * confidence grade from the votes and events behind it. Pure computation.
 */
#ifndef BLOC_METRICS_COMPOSITE_H
#define BLOC_METRICS_COMPOSITE_H

#include <stddef.h>

#include "core/error.h"

enum { CX_UN, CX_EVENTS, CX_ARMS, CX_NCOMPONENTS };

typedef struct cx_weights {
    double w[CX_NCOMPONENTS];
} cx_weights;

/* Read "name = number" lines (un_agreement, net_cooperation, arms).
 * Unknown names, bad numbers and negative weights are BLOC_EINPUT with
 * file:line; a missing name keeps weight 1. */
int cx_weights_load(const char *path, cx_weights *w, bloc_error *err);

/* z[i] = (v[i] - mean) / sd over the entries with present[i]; NaN for the
 * others, and for all when fewer than two are present or sd is 0. */
void cx_zscores(const double *v, const int *present, size_t n, double *z);

/* Weighted mean of the finite z's with positive weight; NaN when none.
 * *used gets how many components went in. */
double cx_combine(const double z[CX_NCOMPONENTS], const cx_weights *w, int *used);

/* Grade by the evidence: the smaller of votes and events among the
 * components used: A >= 100, B >= 30, C >= 10, D below; at most C with a
 * single component. */
char cx_grade(double votes, double events, int un_used, int events_used);

#endif
