/*
 * metrics/agreement — vote-similarity measures from a 3x3 contingency table.
 *
 * Pure arithmetic, no I/O: two states' votes on the roll calls where both
 * voted (1 yes, 2 abstain, 3 no) are tallied into a table, and every
 * measure is derived from it: exact agreement, the Signorino-Ritter S-score
 * on the 3-point scale, and Cohen's kappa with each state's own marginals.
 * Formulas and references: docs/methods.md.
 */
#ifndef BLOC_METRICS_AGREEMENT_H
#define BLOC_METRICS_AGREEMENT_H

typedef struct agree_table {
    long n[3][3]; /* n[x-1][y-1]: roll calls where A voted x and B voted y */
} agree_table;

typedef struct agree_measures {
    long n;          /* common votes */
    double agree;    /* share of common votes with the same vote */
    double s;        /* S = 1 - mean|x - y| (d_max = 2) */
    double kappa;    /* Cohen's kappa; valid only when kappa_ok */
    int kappa_ok;    /* 0 when n = 0 or expected agreement is 1 */
} agree_measures;

static inline void agree_add(agree_table *t, int x, int y)
{
    t->n[x - 1][y - 1]++;
}

/* Derive the measures. With n = 0 every measure is undefined: agree and s
 * are NaN and kappa_ok is 0; callers print them as missing. */
void agree_compute(const agree_table *t, agree_measures *m);

#endif
