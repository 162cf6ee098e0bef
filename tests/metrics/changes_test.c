/* tests/metrics/changes_test — PELT on constructed series: a step at a
 * known index is found within one period and its interval holds it; flat
 * noisy series give no change; Poisson counts; two changes; short series. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "metrics/changes.h"
#include "test.h"

static double *noisy_steps(size_t n, const size_t *at, const double *level, size_t nsteps,
                           double sd, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        double m = level[0];
        for (size_t k = 0; k < nsteps; k++)
            if (i >= at[k])
                m = level[k + 1];
        y[i] = m + gsl_ran_gaussian(r, sd);
    }
    gsl_rng_free(r);
    return y;
}

static void finds_a_step_in_the_mean(void **state)
{
    (void)state;
    size_t at[] = {30};
    double level[] = {0.1, 0.6};
    for (unsigned long seed = 1; seed <= 5; seed++) {
        double *y = noisy_steps(60, at, level, 1, 0.15, seed);
        cp_opts o = {.cost = CP_MEAN, .bootstrap = 199};
        cp_result r;
        bloc_error err;
        assert_int_equal(cp_detect(y, 60, &o, &r, &err), BLOC_OK);
        assert_int_equal(r.n, 1);
        assert_true(r.changes[0].at >= 29 && r.changes[0].at <= 31);
        assert_true(r.changes[0].lo <= 30 && r.changes[0].hi >= 30);
        assert_true(fabs(r.changes[0].mean_before - 0.1) < 0.1);
        assert_true(fabs(r.changes[0].mean_after - 0.6) < 0.1);
        cp_result_free(&r);
        free(y);
    }
}

static void flat_noise_gives_none(void **state)
{
    (void)state;
    size_t at[] = {0};
    double level[] = {0.3, 0.3};
    for (unsigned long seed = 11; seed <= 30; seed++) {
        double *y = noisy_steps(120, at, level, 0, 0.2, seed);
        cp_opts o = {.cost = CP_MEAN, .bootstrap = 0};
        cp_result r;
        bloc_error err;
        assert_int_equal(cp_detect(y, 120, &o, &r, &err), BLOC_OK);
        if (r.n != 0)
            fail_msg("seed %lu: %zu changes in a flat series (first at %zu)", seed, r.n,
                     r.changes[0].at);
        cp_result_free(&r);
        free(y);
    }
}

static void poisson_counts_and_two_changes(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    double y[72];
    for (size_t i = 0; i < 72; i++) /* 2 a month, 8 a month from 26, 3 from 50 */
        y[i] = gsl_ran_poisson(g, i < 26 ? 2.0 : i < 50 ? 8.0 : 3.0);
    gsl_rng_free(g);
    cp_opts o = {.cost = CP_POISSON, .bootstrap = 199};
    cp_result r;
    bloc_error err;
    assert_int_equal(cp_detect(y, 72, &o, &r, &err), BLOC_OK);
    assert_int_equal(r.n, 2);
    assert_true(r.changes[0].at >= 25 && r.changes[0].at <= 27);
    assert_true(r.changes[1].at >= 49 && r.changes[1].at <= 51);
    assert_true(r.changes[0].mean_after > 2 * r.changes[0].mean_before);
    assert_true(r.changes[0].lo <= r.changes[0].at && r.changes[0].at <= r.changes[0].hi);
    cp_result_free(&r);
    double flat[48];
    for (size_t i = 0; i < 48; i++)
        flat[i] = 5;
    assert_int_equal(cp_detect(flat, 48, &o, &r, &err), BLOC_OK);
    assert_int_equal(r.n, 0);
    double zeros[48] = {0};
    assert_int_equal(cp_detect(zeros, 48, &o, &r, &err), BLOC_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(cp_detect(y, 4, &o, &r, &err), BLOC_OK); /* too short */
    assert_int_equal(r.n, 0);
}

int test_changes(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_a_step_in_the_mean),
        cmocka_unit_test(flat_noise_gives_none),
        cmocka_unit_test(poisson_counts_and_two_changes),
    };
    return cmocka_run_group_tests_name("changes", tests, NULL, NULL);
}
