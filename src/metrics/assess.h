/*
 * metrics/assess — before/after comparisons with bootstrap intervals, the
 * statistics behind `bloc assess`. A comparison takes per-period values
 * (months of events, or roll calls) on each side of a split date and
 * returns the statistic before and after, the change (a difference of
 * ratios of sums, or a ratio of means), a percentile bootstrap interval
 * for the change from resampling the periods of each side, the direction
 * the interval supports, and a grade for the data behind it. Pure
 * computation; docs/methods.md gives the formulas.
 */
#ifndef BLOC_METRICS_ASSESS_H
#define BLOC_METRICS_ASSESS_H

#include <stddef.h>

#include "core/error.h"

typedef struct as_stat {
    double before, after;  /* the statistic on each side (NaN when undefined) */
    double change;         /* after - before, or after / before */
    double lo, hi;         /* bootstrap interval for the change (NaN when undefined) */
    int ratio;             /* 1: change is a ratio */
    double n_before, n_after; /* observations behind each side (events, votes) */
    size_t units_before, units_after; /* the units resampled on each side (months, roll calls) */
} as_stat;

typedef struct as_opts {
    int reps;              /* bootstrap replicates (default 999) */
    double level;          /* default 0.95 */
    unsigned long seed;
} as_opts;

/* Statistic sum(num)/sum(den) on each side; change = after - before.
 * Units (periods) are resampled with replacement within each side. n_* are
 * the sums of den. */
int as_diff_of_ratios(const double *num_b, const double *den_b, size_t nb, const double *num_a,
                      const double *den_a, size_t na, const as_opts *o, as_stat *out,
                      bloc_error *err);

/* Statistic mean(x) on each side; change = after / before. n_* are the sums. */
int as_ratio_of_means(const double *x_b, size_t nb, const double *x_a, size_t na,
                      const as_opts *o, as_stat *out, bloc_error *err);

/* Statistic sum(x)/sum(t) on each side (a rate: events per month when t
 * is each period's length in months); change = after / before. n_* are
 * the sums of x. */
int as_ratio_of_rates(const double *x_b, const double *t_b, size_t nb, const double *x_a,
                      const double *t_a, size_t na, const as_opts *o, as_stat *out,
                      bloc_error *err);

/* "up", "down" or "no clear change": whether the interval excludes 0
 * (difference) or 1 (ratio); "no data" when a side is undefined. */
const char *as_direction(const as_stat *s);

/* Grade from the observations behind the smaller side: A >= 1000,
 * B >= 100, C >= 20, D below. */
char as_grade(const as_stat *s);

#endif
