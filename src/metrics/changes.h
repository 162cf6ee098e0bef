/*
 * metrics/changes — change points in a series (a dyad's or a group's
 * monthly measure): PELT (Killick, Fearnhead & Eckley 2012) with a
 * penalised cost, either a change in mean of a standardised series (for
 * net cooperation, Goldstein, salience) or a change in the rate of Poisson
 * counts (for event counts), and a bootstrap interval for each change's
 * position. Pure computation on arrays; docs/methods.md has the formulas.
 */
#ifndef BLOC_METRICS_CHANGES_H
#define BLOC_METRICS_CHANGES_H

#include <stddef.h>

#include "core/error.h"

typedef enum cp_cost { CP_MEAN, CP_POISSON } cp_cost;

typedef struct cp_opts {
    cp_cost cost;
    double penalty;      /* <= 0: MBIC, 3 log n */
    size_t min_segment;  /* shortest segment, default 3 */
    int bootstrap;       /* replicates for the intervals, default 999; 0 = none */
    double level;        /* interval level, default 0.95 */
    unsigned long seed;  /* for the bootstrap (results are reproducible) */
} cp_opts;

typedef struct cp_change {
    size_t at;           /* first index of the new segment */
    double mean_before;  /* mean of the segment before, in the series' units */
    double mean_after;
    size_t lo, hi;       /* bootstrap interval for `at` (indices) */
} cp_change;

typedef struct cp_result {
    size_t n;            /* changes found */
    cp_change *changes;  /* owned: cp_result_free */
    double penalty;      /* the penalty used */
    double sigma;        /* CP_MEAN: the noise scale used to standardise */
} cp_result;

/* Find the change points of y[0..n) (no missing values). */
int cp_detect(const double *y, size_t n, const cp_opts *o, cp_result *out, bloc_error *err);
void cp_result_free(cp_result *r);

#endif
