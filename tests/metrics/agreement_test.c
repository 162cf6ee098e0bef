/* tests/metrics/agreement_test — each measure on hand-computed cases
 * (the test vector of METHODS.md and the edge cases). */
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "metrics/agreement.h"
#include "test.h"

/* votes as a string of Y, A, N */
static void measure(const char *a, const char *b, agree_measures *m)
{
    agree_table t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; a[i] && b[i]; i++) {
        int x = a[i] == 'Y' ? 1 : a[i] == 'A' ? 2 : 3;
        int y = b[i] == 'Y' ? 1 : b[i] == 'A' ? 2 : 3;
        agree_add(&t, x, y);
    }
    agree_compute(&t, m);
}

static void methods_vector(void **state)
{
    (void)state;
    agree_measures m;
    /* A = Y Y A N Y Y N A Y Y, B = Y A A Y Y Y N N Y A:
     * exact 6/10; sum|x-y| = 5 so S = 1 - 5/10 = 0.5;
     * marginals A (Y .6, A .2, N .2), B (Y .5, A .3, N .2): pe = .30+.06+.04 = .40,
     * kappa = (.6 - .4) / (1 - .4) = 1/3 */
    measure("YYANYYNAYY", "YAAYYYNNYA", &m);
    assert_int_equal(m.n, 10);
    assert_float_equal(m.agree, 0.60, 1e-12);
    assert_float_equal(m.s, 0.50, 1e-12);
    assert_true(m.kappa_ok);
    assert_float_equal(m.kappa, 1.0 / 3.0, 1e-12);
}

static void identical_single_category(void **state)
{
    (void)state;
    agree_measures m;
    measure("YYYY", "YYYY", &m);
    assert_float_equal(m.agree, 1.0, 0);
    assert_float_equal(m.s, 1.0, 0);
    assert_false(m.kappa_ok); /* pe = 1: kappa undefined, reported as missing */
    assert_true(isnan(m.kappa));
}

static void identical_mixed(void **state)
{
    (void)state;
    agree_measures m;
    measure("YNAY", "YNAY", &m);
    assert_float_equal(m.agree, 1.0, 0);
    assert_true(m.kappa_ok);
    assert_float_equal(m.kappa, 1.0, 1e-12);
}

static void opposite(void **state)
{
    (void)state;
    agree_measures m;
    measure("YYY", "NNN", &m);
    assert_float_equal(m.agree, 0.0, 0);
    assert_float_equal(m.s, -1.0, 0); /* maximal distance */
    assert_true(m.kappa_ok);         /* pe = 0 */
    assert_float_equal(m.kappa, 0.0, 1e-12);
}

static void abstain_half(void **state)
{
    (void)state;
    agree_measures m;
    measure("YA", "AN", &m); /* distances 1 and 1 */
    assert_float_equal(m.s, 0.0, 1e-12);
    assert_float_equal(m.agree, 0.0, 0);
}

static void no_common_votes(void **state)
{
    (void)state;
    agree_measures m;
    measure("", "", &m);
    assert_int_equal(m.n, 0);
    assert_true(isnan(m.agree));
    assert_true(isnan(m.s));
    assert_false(m.kappa_ok);
}

int test_agreement(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(methods_vector), cmocka_unit_test(identical_single_category),
        cmocka_unit_test(identical_mixed), cmocka_unit_test(opposite),
        cmocka_unit_test(abstain_half),   cmocka_unit_test(no_common_votes),
    };
    return cmocka_run_group_tests_name("metrics/agreement", tests, NULL, NULL);
}
