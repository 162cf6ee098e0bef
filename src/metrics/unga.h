/*
 * metrics/unga — UN General Assembly vote alignment over periods.
 *
 * Loads the votes selected by a filter into a compact matrix (state x roll
 * call, one byte per cell: 0 absent, 1 yes, 2 abstain, 3 no), cuts the roll
 * calls into periods (year, session, decade or one custom span), and computes
 * dyad measures, group cohesion (mean over the group's dyads) and agreement
 * between two groups. Group measures count a roll call for a dyad only when
 * both states were members of their group on its date. Reads the store only
 * through store_unga_scan_*; never writes.
 */
#ifndef BLOC_METRICS_UNGA_H
#define BLOC_METRICS_UNGA_H

#include <stddef.h>

#include "core/error.h"
#include "metrics/agreement.h"
#include "store/store.h"

typedef enum unga_by { UNGA_BY_YEAR, UNGA_BY_SESSION, UNGA_BY_DECADE, UNGA_BY_ALL } unga_by;

typedef struct unga_votes {
    size_t nrc;
    long long *rcid;  /* roll calls in (date, rcid) order */
    int *date;        /* YYYYMMDD */
    int *session;
    size_t ncountries;
    char (*codes)[8]; /* states that voted at least once */
    unsigned char *v; /* ncountries x nrc, row per state */
} unga_votes;

typedef struct unga_period {
    char label[48];   /* "2019", "session 74", "1990s", "1946-01-01..2020-01-14" */
    int first_date, last_date;
    size_t *rc;       /* indices into unga_votes roll calls */
    size_t nrc;
} unga_period;

/* Load the votes matching f (countries restricted to codes when n > 0).
 * *out is caller-owned: unga_votes_free. */
int unga_votes_load(store *s, const store_unga_filter *f, const char *const *codes, size_t n,
                    unga_votes **out, bloc_error *err);
void unga_votes_free(unga_votes *v);

/* Row of a state in the matrix, -1 when it cast no vote in the selection. */
int unga_votes_index(const unga_votes *v, const char *code);

/* Cut the roll calls into periods, in time order. *out is caller-owned:
 * unga_periods_free. */
int unga_periods(const unga_votes *v, unga_by by, unga_period **out, size_t *n, bloc_error *err);
void unga_periods_free(unga_period *p, size_t n);

/* One period of the roll calls dated from..to (inclusive), e.g. to set UN
 * cohesion beside an event series; p->rc is caller-owned (free it, or
 * unga_periods_free(p, 1)). */
int unga_period_window(const unga_votes *v, int from, int to, unga_period *p, bloc_error *err);

/* Measures for states i and j (matrix rows) over a period. mi / mj, when
 * not NULL, restrict the roll calls to dates when each was a member. */
/* Every dyad of v with a common vote in p, in row order (x, y: rows of v,
 * x's code first): *out (capacity *cap) is reused and grown; *n set.
 * BLOC_ENOMEM when it cannot grow. */
typedef struct unga_pair {
    int x, y;
    agree_measures m;
} unga_pair;
int unga_pairs(const unga_votes *v, const unga_period *p, unga_pair **out, size_t *n, size_t *cap);
void unga_dyad(const unga_votes *v, const unga_period *p, int i, int j, const store_member *mi,
               const store_member *mj, agree_measures *out);

typedef struct unga_cohesion {
    double agree, s, kappa; /* means over dyads with common votes (kappa: where defined) */
    long dyads;             /* dyads with at least one common vote */
    long dyads_total;       /* dyads in the group (or between the groups) */
    long kappa_dyads;       /* dyads where kappa is defined */
    long long votes;        /* common votes summed over dyads */
} unga_cohesion;

/* Cohesion of one group: all dyads among its members. */
void unga_group_cohesion(const unga_votes *v, const unga_period *p, const store_member *m,
                         size_t n, unga_cohesion *out);

/* Agreement between two groups: all dyads (a in A, b in B, a != b). */
void unga_between(const unga_votes *v, const unga_period *p, const store_member *a, size_t na,
                  const store_member *b, size_t nb, unga_cohesion *out);

#endif
