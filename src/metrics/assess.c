/*
 * metrics/assess — before/after statistics with bootstrap intervals (see
 * assess.h). GSL supplies the generator and the quantiles.
 */
#include "metrics/assess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static double ratio_of_sums(const double *num, const double *den, size_t n, const size_t *pick)
{
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = pick ? pick[i] : i;
        a += num[k];
        b += den ? den[k] : 1;
    }
    return b > 0 ? a / b : NAN;
}

/* Bootstrap the change: stat(after) - stat(before) or ratio; den NULL
 * means a plain mean. */
static int bootstrap(const double *num_b, const double *den_b, size_t nb, const double *num_a,
                     const double *den_a, size_t na, int ratio, int n_from_num, const as_opts *o,
                     as_stat *out, bloc_error *err)
{
    int reps = o->reps > 0 ? o->reps : 999;
    double level = o->level > 0 && o->level < 1 ? o->level : 0.95;
    memset(out, 0, sizeof *out);
    out->ratio = ratio;
    out->units_before = nb;
    out->units_after = na;
    out->before = nb ? ratio_of_sums(num_b, den_b, nb, NULL) : NAN;
    out->after = na ? ratio_of_sums(num_a, den_a, na, NULL) : NAN;
    for (size_t i = 0; i < nb; i++)
        out->n_before += den_b && !n_from_num ? den_b[i] : num_b[i];
    for (size_t i = 0; i < na; i++)
        out->n_after += den_a && !n_from_num ? den_a[i] : num_a[i];
    out->change = ratio ? out->after / out->before : out->after - out->before;
    out->lo = out->hi = NAN;
    if (!isfinite(out->change))
        return BLOC_OK;
    double *ch = malloc((size_t)reps * sizeof *ch);
    size_t *pb = malloc((nb + 1) * sizeof *pb), *pa = malloc((na + 1) * sizeof *pa), ok = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!ch || !pb || !pa || !r) {
        free(ch);
        free(pb);
        free(pa);
        if (r)
            gsl_rng_free(r);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    gsl_rng_set(r, o->seed ? o->seed : 20220224);
    for (int k = 0; k < reps; k++) {
        for (size_t i = 0; i < nb; i++)
            pb[i] = gsl_rng_uniform_int(r, nb);
        for (size_t i = 0; i < na; i++)
            pa[i] = gsl_rng_uniform_int(r, na);
        double b = ratio_of_sums(num_b, den_b, nb, pb), a = ratio_of_sums(num_a, den_a, na, pa);
        double c = ratio ? a / b : a - b;
        if (isfinite(c))
            ch[ok++] = c;
    }
    if (ok >= 10) {
        gsl_sort(ch, 1, ok);
        out->lo = gsl_stats_quantile_from_sorted_data(ch, 1, ok, (1 - level) / 2);
        out->hi = gsl_stats_quantile_from_sorted_data(ch, 1, ok, 1 - (1 - level) / 2);
    }
    free(ch);
    free(pb);
    free(pa);
    gsl_rng_free(r);
    return BLOC_OK;
}

int as_diff_of_ratios(const double *num_b, const double *den_b, size_t nb, const double *num_a,
                      const double *den_a, size_t na, const as_opts *o, as_stat *out,
                      bloc_error *err)
{
    return bootstrap(num_b, den_b, nb, num_a, den_a, na, 0, 0, o, out, err);
}

int as_ratio_of_rates(const double *x_b, const double *t_b, size_t nb, const double *x_a,
                      const double *t_a, size_t na, const as_opts *o, as_stat *out,
                      bloc_error *err)
{
    return bootstrap(x_b, t_b, nb, x_a, t_a, na, 1, 1, o, out, err);
}

int as_ratio_of_means(const double *x_b, size_t nb, const double *x_a, size_t na,
                      const as_opts *o, as_stat *out, bloc_error *err)
{
    return bootstrap(x_b, NULL, nb, x_a, NULL, na, 1, 1, o, out, err);
}

const char *as_direction(const as_stat *s)
{
    if (!isfinite(s->before) || !isfinite(s->after))
        return "no data";
    if (!isfinite(s->lo) || !isfinite(s->hi))
        return "no clear change";
    double null = s->ratio ? 1 : 0;
    if (s->lo > null)
        return "up";
    if (s->hi < null)
        return "down";
    return "no clear change";
}

char as_grade(const as_stat *s)
{
    double n = s->n_before < s->n_after ? s->n_before : s->n_after;
    return n >= 1000 ? 'A' : n >= 100 ? 'B' : n >= 20 ? 'C' : 'D';
}
