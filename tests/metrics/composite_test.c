/* tests/metrics/composite_test — z-scores, the weighted combination, the
 * grade and the weights file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/composite.h"
#include "test.h"

static void zscores_and_combination(void **state)
{
    (void)state;
    double v[] = {1, 1, 1, 1, -1, 99};
    int present[] = {1, 1, 1, 1, 1, 0};
    double z[6];
    cx_zscores(v, present, 6, z);
    assert_true(fabs(z[0] - 0.4 / sqrt(0.8)) < 1e-12);
    assert_true(fabs(z[4] + 1.6 / sqrt(0.8)) < 1e-12);
    assert_true(isnan(z[5]));
    double same[] = {2, 2};
    int both[] = {1, 1};
    cx_zscores(same, both, 2, z); /* sd 0: undefined, not infinite */
    assert_true(isnan(z[0]) && isnan(z[1]));
    cx_weights w = {{1, 3, 1}};
    double c[CX_NCOMPONENTS] = {1.0, -1.0, NAN};
    int used;
    assert_true(fabs(cx_combine(c, &w, &used) - (1.0 - 3.0) / 4.0) < 1e-12);
    assert_int_equal(used, 2);
    double none[CX_NCOMPONENTS] = {NAN, NAN, NAN};
    assert_true(isnan(cx_combine(none, &w, &used)) && used == 0);
    assert_int_equal(cx_grade(150, 120, 1, 1), 'A');
    assert_int_equal(cx_grade(150, 12, 1, 1), 'C');
    assert_int_equal(cx_grade(150, 0, 1, 0), 'C'); /* one component: at most C */
    assert_int_equal(cx_grade(5, 500, 1, 1), 'D');
}

static void weights_file(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *ok = test_write(dir, "ok.conf", "# c\nun_agreement = 2  # UN\n\nnet_cooperation=0.5\n");
    char *bad = test_write(dir, "bad.conf", "un_agreement = 1\ngdp = 3\n");
    cx_weights w;
    bloc_error err;
    assert_int_equal(cx_weights_load(ok, &w, &err), BLOC_OK);
    assert_true(w.w[CX_UN] == 2 && w.w[CX_EVENTS] == 0.5 && w.w[CX_ARMS] == 1);
    assert_int_equal(cx_weights_load(bad, &w, &err), BLOC_EINPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "unknown component 'gdp'"));
    free(ok);
    free(bad);
    free(dir);
}

int test_composite(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zscores_and_combination),
        cmocka_unit_test(weights_file),
    };
    return cmocka_run_group_tests_name("composite", tests, NULL, NULL);
}
