/*
 * metrics/changes — PELT change points and bootstrap intervals (see
 * changes.h). Written from the paper (Killick et al. 2012): the R package
 * changepoint is GPL and no C library in Debian offers PELT. GSL supplies
 * the random numbers and quantiles of the bootstrap.
 */
#include "metrics/changes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Cumulative sums for O(1) segment costs. */
typedef struct sums {
    double *s, *s2; /* s[k] = sum of y[0..k) */
} sums;

static double segment_cost(cp_cost cost, const sums *c, size_t a, size_t b)
{
    double m = (double)(b - a), x = c->s[b] - c->s[a];
    if (cost == CP_POISSON)
        return x > 0 ? 2 * x * (log(m) - log(x)) : 0;
    return (c->s2[b] - c->s2[a]) - x * x / m;
}

/* Robust noise scale: MAD of first differences / (0.6745 sqrt 2); the
 * plain standard deviation when the MAD is zero. */
static double noise_scale(const double *y, size_t n)
{
    if (n < 3)
        return 1;
    double *d = malloc((n - 1) * sizeof *d);
    if (!d)
        return 1;
    for (size_t i = 1; i < n; i++)
        d[i - 1] = y[i] - y[i - 1];
    gsl_sort(d, 1, n - 1);
    double med = gsl_stats_median_from_sorted_data(d, 1, n - 1);
    for (size_t i = 0; i < n - 1; i++)
        d[i] = fabs(d[i] - med);
    gsl_sort(d, 1, n - 1);
    double mad = gsl_stats_median_from_sorted_data(d, 1, n - 1);
    free(d);
    double sigma = mad / (0.6745 * sqrt(2.0));
    if (sigma <= 0)
        sigma = gsl_stats_sd(y, 1, n);
    return sigma > 0 ? sigma : 1;
}

/* PELT over z[0..n): boundaries of the optimal segmentation into
 * cps[0..*k) (each the first index of a new segment). */
static int pelt(cp_cost cost, const double *z, size_t n, double beta, size_t minseg,
                size_t *cps, size_t *k)
{
    sums c = {calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(double))};
    double *F = malloc((n + 1) * sizeof *F);
    size_t *last = malloc((n + 1) * sizeof *last), *R = malloc((n + 2) * sizeof *R), nr = 0;
    int rc = -1;
    if (!c.s || !c.s2 || !F || !last || !R)
        goto done;
    for (size_t i = 0; i < n; i++) {
        c.s[i + 1] = c.s[i] + z[i];
        c.s2[i + 1] = c.s2[i] + z[i] * z[i];
    }
    F[0] = -beta;
    R[nr++] = 0;
    for (size_t t = 1; t <= n; t++) {
        F[t] = INFINITY;
        last[t] = 0;
        for (size_t r = 0; r < nr; r++) {
            size_t tau = R[r];
            if (t - tau < minseg)
                continue;
            double f = F[tau] + segment_cost(cost, &c, tau, t) + beta;
            if (f < F[t]) {
                F[t] = f;
                last[t] = tau;
            }
        }
        if (t < minseg) { /* no segment can end here yet */
            continue;
        }
        /* prune: tau can never be optimal again once F(tau) + C(tau, t) > F(t) */
        size_t w = 0;
        for (size_t r = 0; r < nr; r++) {
            size_t tau = R[r];
            if (t - tau < minseg || F[tau] + segment_cost(cost, &c, tau, t) <= F[t])
                R[w++] = tau;
        }
        nr = w;
        if (t + minseg <= n)
            R[nr++] = t;
    }
    /* walk back from n */
    *k = 0;
    for (size_t t = n; t > 0 && isfinite(F[t]); t = last[t])
        if (last[t] > 0)
            cps[(*k)++] = last[t];
    for (size_t i = 0; i < *k / 2; i++) { /* in increasing order */
        size_t tmp = cps[i];
        cps[i] = cps[*k - 1 - i];
        cps[*k - 1 - i] = tmp;
    }
    rc = 0;
done:
    free(c.s);
    free(c.s2);
    free(F);
    free(last);
    free(R);
    return rc;
}

static double mean_of(const double *y, size_t a, size_t b)
{
    double s = 0;
    for (size_t i = a; i < b; i++)
        s += y[i];
    return b > a ? s / (double)(b - a) : NAN;
}

/* The best single change in y[a..b) under the cost (on z). */
static size_t best_split(cp_cost cost, const double *z, size_t a, size_t b, size_t minseg)
{
    double s = 0, s2 = 0, best = INFINITY;
    size_t at = a + minseg;
    double tot = 0, tot2 = 0;
    for (size_t i = a; i < b; i++) {
        tot += z[i];
        tot2 += z[i] * z[i];
    }
    for (size_t k = a; k + 1 < b; k++) {
        s += z[k];
        s2 += z[k] * z[k];
        size_t m1 = k + 1 - a, m2 = b - k - 1;
        if (m1 < minseg || m2 < minseg)
            continue;
        double x2 = tot - s, c;
        if (cost == CP_POISSON)
            c = (s > 0 ? 2 * s * (log((double)m1) - log(s)) : 0) +
                (x2 > 0 ? 2 * x2 * (log((double)m2) - log(x2)) : 0);
        else
            c = (s2 - s * s / (double)m1) + ((tot2 - s2) - x2 * x2 / (double)m2);
        if (c < best) {
            best = c;
            at = k + 1;
        }
    }
    return at;
}

int cp_detect(const double *y, size_t n, const cp_opts *o, cp_result *out, bloc_error *err)
{
    size_t minseg = o->min_segment ? o->min_segment : 3, k = 0;
    int reps = o->bootstrap < 0 ? 0 : o->bootstrap;
    double level = o->level > 0 && o->level < 1 ? o->level : 0.95;
    memset(out, 0, sizeof *out);
    out->penalty = o->penalty > 0 ? o->penalty : 3 * log((double)(n > 1 ? n : 2));
    out->sigma = 1;
    if (n < 2 * minseg)
        return BLOC_OK; /* too short for any change */
    double *z = malloc(n * sizeof *z), *yb = malloc(n * sizeof *yb),
           *fit = malloc(n * sizeof *fit), *resid = malloc(n * sizeof *resid);
    double *pos = malloc(((size_t)reps + 1) * sizeof *pos);
    size_t *cps = malloc(n * sizeof *cps);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = BLOC_OK;
    if (!z || !yb || !fit || !resid || !pos || !cps || !rng) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if (o->cost == CP_MEAN)
        out->sigma = noise_scale(y, n);
    for (size_t i = 0; i < n; i++)
        z[i] = o->cost == CP_MEAN ? y[i] / out->sigma : y[i];
    if (pelt(o->cost, z, n, out->penalty, minseg, cps, &k) != 0) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if (!k)
        goto done;
    if (!(out->changes = calloc(k, sizeof *out->changes))) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    out->n = k;
    /* fitted segment means and residuals */
    for (size_t j = 0; j <= k; j++) {
        size_t a = j ? cps[j - 1] : 0, b = j < k ? cps[j] : n;
        double m = mean_of(y, a, b);
        for (size_t i = a; i < b; i++) {
            fit[i] = m;
            resid[i] = y[i] - m;
        }
    }
    gsl_rng_set(rng, o->seed ? o->seed : 20220224);
    for (size_t j = 0; j < k; j++) {
        cp_change *c = &out->changes[j];
        size_t a = j ? cps[j - 1] : 0, b = j + 1 < k ? cps[j + 1] : n;
        c->at = cps[j];
        c->mean_before = mean_of(y, a, cps[j]);
        c->mean_after = mean_of(y, cps[j], b);
        c->lo = c->hi = c->at;
        if (!reps)
            continue;
        /* bootstrap the position within its neighbours: resample the
         * residuals (mean cost) or redraw Poisson counts (count cost) from
         * the fitted means, and locate the single best change again */
        for (int r = 0; r < reps; r++) {
            for (size_t i = a; i < b; i++) {
                double v = o->cost == CP_POISSON
                               ? (double)gsl_ran_poisson(rng, fit[i] > 0 ? fit[i] : 0)
                               : fit[i] + resid[a + gsl_rng_uniform_int(rng, b - a)];
                yb[i] = o->cost == CP_MEAN ? v / out->sigma : v;
            }
            pos[r] = (double)best_split(o->cost, yb, a, b, minseg);
        }
        gsl_sort(pos, 1, (size_t)reps);
        double tail = (1 - level) / 2;
        c->lo = (size_t)gsl_stats_quantile_from_sorted_data(pos, 1, (size_t)reps, tail);
        c->hi = (size_t)ceil(gsl_stats_quantile_from_sorted_data(pos, 1, (size_t)reps, 1 - tail));
        if (c->lo > c->at)
            c->lo = c->at;
        if (c->hi < c->at)
            c->hi = c->at;
    }
done:
    free(z);
    free(yb);
    free(fit);
    free(resid);
    free(pos);
    free(cps);
    if (rng)
        gsl_rng_free(rng);
    if (rc != BLOC_OK)
        cp_result_free(out);
    return rc;
}

void cp_result_free(cp_result *r)
{
    free(r->changes);
    r->changes = NULL;
    r->n = 0;
}
