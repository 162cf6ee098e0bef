/*
 * metrics/events — alignment measures from events: periods (week, month,
 * quarter, year, or one span), tallies of events by CAMEO quad class with
 * their Goldstein scores, and the measures of docs/methods.md (net
 * cooperation, mean Goldstein, material share, salience). It reads the
 * daily event summary through store_event_summary_scan and never writes;
 * the caller refreshes the summary first (store_event_summary_refresh).
 * Tallies count events, or their mentions when asked (weighting by
 * NumMentions).
 */
#ifndef BLOC_METRICS_EVENTS_H
#define BLOC_METRICS_EVENTS_H

#include <stddef.h>

#include "core/error.h"
#include "metrics/coverage.h"
#include "store/store.h"

typedef enum ev_by { EV_BY_WEEK, EV_BY_MONTH, EV_BY_QUARTER, EV_BY_YEAR, EV_BY_ALL } ev_by;

/* "week", "month", "quarter", "year" or "all"; -1 when unknown. */
int ev_by_parse(const char *s);

/* First day (YYYYMMDD) of the period holding date: weeks start on Monday
 * (ISO 8601). For EV_BY_ALL the caller's range is one period. */
int ev_period_start(int date, ev_by by);
/* First day of the period after the one starting at start. */
int ev_period_next(int start, ev_by by);
/* Label: "2024-01-15" (a week, by its Monday), "2024-01", "2024-Q1",
 * "2024"; for EV_BY_ALL "FROM..TO". */
void ev_period_label(int start, int last, ev_by by, char *buf, size_t n);

/* Day arithmetic on YYYYMMDD. */
int ev_add_days(int date, int days);
/* Days since 1970-01-01. */
long ev_days(int date);

typedef struct ev_tally {
    double quad[5];       /* [1..4] by quad class, [0] unknown */
    double events;        /* all, including unknown quad class */
    double goldstein_sum; /* over events with a score */
    double goldstein_n;
} ev_tally;

void ev_tally_add(ev_tally *t, const store_summary_row *r, int by_mentions);
void ev_tally_merge(ev_tally *t, const ev_tally *u);
double ev_cooperation(const ev_tally *t); /* quad 1 + 2 */
double ev_conflict(const ev_tally *t);    /* quad 3 + 4 */
/* (cooperation - conflict) / classified events; NaN when there are none. */
double ev_net_cooperation(const ev_tally *t);
double ev_goldstein_mean(const ev_tally *t); /* NaN when no scores */
double ev_material_share(const ev_tally *t); /* quad 2 / (1 + 2); NaN when none */

/* A series of tallies over consecutive periods [from, to]. */
typedef struct ev_series {
    ev_by by;
    size_t n;
    int *start;           /* first day of each period */
    int *last;            /* last day of each period (clipped to the range) */
    long *covered;        /* days of each period the data cover: 0 = no data
                             (the tallies are missing, not zero) */
    ev_tally *t;
} ev_series;

/* Periods over [from, to], covered on the days of cov (NULL: every day);
 * *s is caller-owned: ev_series_free. */
int ev_series_init(ev_series *s, int from, int to, ev_by by, const cov_days *cov, bloc_error *err);
/* Covered days of the whole series. */
long ev_series_covered(const ev_series *s);
void ev_series_free(ev_series *s);
/* Index of the period holding date, -1 outside the range. */
long ev_series_find(const ev_series *s, int date);

typedef struct ev_opts {
    ev_by by;
    int since, until;     /* YYYYMMDD, 0 = from the first / to the last covered day */
    const char *domain;   /* NULL = all domains */
    int by_mentions;      /* weight events by mentions */
    const ev_coverage *coverage; /* what the data cover; NULL: every day from the
                             first to the last event (a store of events alone) */
    size_t max_bytes;     /* largest working table (ev_matrix); 0 = no bound */
    size_t cell_bytes;    /* bytes of answer each matrix cell will become (a
                             caller listing every cell sets it), checked
                             against max_bytes with the table's own size */
} ev_opts;

/* The range a series of codes[0..n) should cover, and its covered days
 * (*days, caller-owned: cov_days_free): since/until, or the first and last
 * covered day (without coverage: the store's first and last event day).
 * *from = 0 when there is nothing. */
int ev_range(store *s, const ev_opts *o, const char *const *codes, size_t n, int *from, int *to,
             cov_days *days, bloc_error *err);

/* Dyad a-b (directed: a as actor1 only) and the volume of each state (all
 * events with it as either actor, for salience). Outputs are initialised
 * here over the range; caller frees them. */
int ev_dyad(store *s, const char *a, const char *b, int directed, const ev_opts *o,
            ev_series *dyad, ev_series *vol_a, ev_series *vol_b, bloc_error *err);

/* Directed tallies between members of a set of states per period:
 * cell (p, i, j) holds events with actor1 = codes[i], actor2 = codes[j]
 * (i != j) on days both were members (member lists may be NULL: always). */
typedef struct ev_matrix {
    ev_series periods;    /* period bounds (its tallies: all cells summed) */
    size_t n;             /* states */
    const char **codes;   /* borrowed from the caller */
    ev_tally *cells;      /* periods.n x n x n */
} ev_matrix;

int ev_matrix_load(store *s, const char **codes, const store_member *const *members, size_t n,
                   const ev_opts *o, ev_matrix *m, bloc_error *err);
/* The same for several domains in one pass over the summary: out[k] for
 * domains[k] (NULL = all domains); o->domain is ignored. On failure every
 * out[k] is freed. */
int ev_matrix_load_domains(store *s, const char **codes, const store_member *const *members,
                           size_t n, const ev_opts *o, const char *const *domains, size_t ndom,
                           ev_matrix *out, bloc_error *err);
void ev_matrix_free(ev_matrix *m);
ev_tally *ev_matrix_cell(const ev_matrix *m, size_t period, size_t i, size_t j);
/* The undirected pair i-j in a period: both directions summed. */
ev_tally ev_matrix_pair(const ev_matrix *m, size_t period, size_t i, size_t j);
/* Net cooperative weight of a pair: cooperation - conflict, floored at 0
 * (the edge weight of the cooperation network). */
double ev_net_weight(const ev_tally *t);

#endif
