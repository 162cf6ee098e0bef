/*
 * metrics/coverage — which days the event data cover, and for which
 * countries: what tells a period without data (missing) from a period with
 * no events (zero). Each input records the days it covers under the filter
 * it was loaded with (store_coverage: "all", or the countries of --countries
 * with their membership dates): a filtered load holds every event with a
 * member of the filter, so a dyad is covered where one of its two states is
 * in the filter; a set of states where every pair of them is (at most one
 * state outside the filter). A regional extract (ingest gdelt --located:
 * only the events that took place in one country) covers no state's or
 * dyad's events whole, so it covers nothing here; its events are still
 * listed and counted by `events`. docs/methods.md states the rule.
 */
#ifndef BLOC_METRICS_COVERAGE_H
#define BLOC_METRICS_COVERAGE_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

typedef struct ev_coverage ev_coverage;

/* The coverage of kind ("events") recorded in the store; *out is the
 * caller's (ev_coverage_free). A store that records none covers nothing. */
int ev_coverage_load(store *s, const char *kind, ev_coverage **out, bloc_error *err);
void ev_coverage_free(ev_coverage *c);
/* Spans recorded (0: nothing is covered). */
size_t ev_coverage_spans(const ev_coverage *c);
/* Non-zero when what is covered does not depend on the states asked
 * about (no load was filtered by country): one ev_coverage_days answer
 * then holds for every dyad. */
int ev_coverage_uniform(const ev_coverage *c);

/* Covered days as sorted, disjoint intervals [first[i], last[i]]. */
typedef struct cov_days {
    int *first, *last;
    size_t n;
} cov_days;

/* The days of [from, to] (0 = open) covered for every pair of codes[0..n)
 * (n = 1: for the state's own events, with anyone). *out is the caller's
 * (cov_days_free). A NULL coverage covers every day of [from, to]. */
int ev_coverage_days(const ev_coverage *c, const char *const *codes, size_t n, int from, int to,
                     cov_days *out, bloc_error *err);
void cov_days_free(cov_days *d);
/* Non-zero when day is covered. */
int cov_days_has(const cov_days *d, int day);
/* Covered days in [from, to]. */
long cov_days_count(const cov_days *d, int from, int to);

#endif
