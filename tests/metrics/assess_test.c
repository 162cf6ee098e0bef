/* tests/metrics/assess_test — before/after statistics: values by hand,
 * intervals that hold the estimate, directions, grades, empty sides. */
#include <math.h>

#include "metrics/assess.h"
#include "test.h"

static void difference_of_ratios(void **state)
{
    (void)state;
    /* before: (1+2+3)/(4+4+4) = 0.5; after: (9+9)/(10+10) = 0.9 */
    double nb[] = {1, 2, 3}, db[] = {4, 4, 4}, na[] = {9, 9}, da[] = {10, 10};
    as_opts o = {.reps = 499};
    as_stat s;
    bloc_error err;
    assert_int_equal(as_diff_of_ratios(nb, db, 3, na, da, 2, &o, &s, &err), BLOC_OK);
    assert_true(fabs(s.before - 0.5) < 1e-12 && fabs(s.after - 0.9) < 1e-12);
    assert_true(fabs(s.change - 0.4) < 1e-12);
    assert_true(s.lo <= s.change && s.change <= s.hi);
    assert_true(s.n_before == 12 && s.n_after == 20);
    assert_string_equal(as_direction(&s), "up");
    assert_int_equal(as_grade(&s), 'D'); /* 12 behind the thinner side */
}

static void ratio_of_rates_and_means(void **state)
{
    (void)state;
    /* 2 a month for 24 months, then 8 a month for 12 */
    double xb[24], tb[24], xa[12], ta[12];
    for (int i = 0; i < 24; i++) {
        xb[i] = i % 2 ? 1 : 3;
        tb[i] = 1;
    }
    for (int i = 0; i < 12; i++) {
        xa[i] = i % 2 ? 7 : 9;
        ta[i] = 1;
    }
    as_opts o = {.reps = 499, .seed = 5};
    as_stat s;
    bloc_error err;
    assert_int_equal(as_ratio_of_rates(xb, tb, 24, xa, ta, 12, &o, &s, &err), BLOC_OK);
    assert_true(fabs(s.before - 2) < 1e-12 && fabs(s.after - 8) < 1e-12);
    assert_true(fabs(s.change - 4) < 1e-12 && s.ratio == 1);
    assert_true(s.lo > 1 && s.lo <= 4 && s.hi >= 4);
    assert_true(s.n_before == 48 && s.n_after == 96);
    assert_string_equal(as_direction(&s), "up");
    assert_int_equal(as_grade(&s), 'C');
    /* same rate on both sides: no clear change */
    assert_int_equal(as_ratio_of_means(xb, 24, xb, 12, &o, &s, &err), BLOC_OK);
    assert_string_equal(as_direction(&s), "no clear change");
    /* an empty side */
    assert_int_equal(as_diff_of_ratios(xb, tb, 24, NULL, NULL, 0, &o, &s, &err), BLOC_OK);
    assert_true(isnan(s.after) && isnan(s.change));
    assert_string_equal(as_direction(&s), "no data");
    /* nothing classified: undefined, never a division by zero */
    double zero[3] = {0, 0, 0};
    assert_int_equal(as_diff_of_ratios(zero, zero, 3, zero, zero, 3, &o, &s, &err), BLOC_OK);
    assert_true(isnan(s.before) && isnan(s.after));
}

int test_assess(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(difference_of_ratios),
        cmocka_unit_test(ratio_of_rates_and_means),
    };
    return cmocka_run_group_tests_name("assess", tests, NULL, NULL);
}
