/*
 * watch/eval — evaluates a watch rule: the rule's measure (event volume,
 * net cooperation or mean Goldstein of a dyad or of a group's member
 * dyads, optionally one domain) over consecutive windows of N days ending
 * on a given day; the latest window is compared with the earlier ones (its
 * own history: mean, standard deviation, z-score) and with absolute
 * thresholds. Reads the event summary; docs/methods.md has the rule.
 */
#ifndef BLOC_WATCH_EVAL_H
#define BLOC_WATCH_EVAL_H

#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

enum { WATCH_MAX_WINDOWS = 52, WATCH_MIN_BASELINE = 4 };

typedef struct watch_eval {
    int fired;
    const char *why;          /* "z", "above", "below" or NULL */
    int window_from, window_to; /* the latest window (YYYYMMDD) */
    double value;             /* the measure in it (NaN: no covered day, or no event to
                                 measure); a volume scaled to the days covered */
    double baseline, sd;      /* over the earlier windows */
    double low, high;         /* baseline -/+ z sd (NaN without a z rule) */
    double z;                 /* (value - baseline) / sd; NaN when sd = 0 */
    long long events;         /* events in the latest window */
    int windows;              /* earlier windows in the baseline */
} watch_eval;

/* Evaluate rule with its latest window ending on end (YYYYMMDD). Country
 * names in the rule resolve through reg. */
int watch_evaluate(store *s, const registry *reg, const store_rule *rule, int end,
                   watch_eval *out, bloc_error *err);

/* The countries of a rule: its dyad's two, or its group's members.
 * *codes is malloc'd (strings in *members), both caller-owned. */
int watch_rule_codes(const registry *reg, const store_rule *rule, store_member **members,
                     const char ***codes, size_t *n, int *is_dyad, bloc_error *err);

#endif
