/* tests/metrics/unga_test — periods, dyads, cohesion and membership dates on
 * a hand-built vote matrix. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/unga.h"
#include "test.h"

/* 3 states x 6 roll calls: 3 in 2018 (session 73), 3 in 2019 (session 74).
 * Rows use 0 absent, 1 yes, 2 abstain, 3 no. */
static unga_votes *fixture(void)
{
    static long long rcid[6] = {1, 2, 3, 4, 5, 6};
    static int date[6] = {20180105, 20180610, 20181201, 20190105, 20190610, 20191201};
    static int session[6] = {72, 72, 73, 73, 73, 74};
    static const unsigned char m[3][6] = {
        {1, 1, 3, 1, 2, 1}, /* AAA */
        {1, 3, 3, 1, 0, 3}, /* BBB: absent on rc 5 */
        {1, 1, 3, 3, 2, 1}, /* CCC */
    };
    unga_votes *v = calloc(1, sizeof *v);
    v->nrc = 6;
    v->rcid = malloc(sizeof rcid);
    memcpy(v->rcid, rcid, sizeof rcid);
    v->date = malloc(sizeof date);
    memcpy(v->date, date, sizeof date);
    v->session = malloc(sizeof session);
    memcpy(v->session, session, sizeof session);
    v->ncountries = 3;
    v->codes = malloc(3 * sizeof *v->codes);
    strcpy(v->codes[0], "AAA");
    strcpy(v->codes[1], "BBB");
    strcpy(v->codes[2], "CCC");
    v->v = malloc(18);
    memcpy(v->v, m, 18);
    return v;
}

static void periods(void **state)
{
    (void)state;
    unga_votes *v = fixture();
    unga_period *p = NULL;
    size_t n = 0;
    bloc_error err;
    assert_int_equal(unga_periods(v, UNGA_BY_YEAR, &p, &n, &err), BLOC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].label, "2018");
    assert_int_equal(p[0].nrc, 3);
    assert_int_equal(p[1].first_date, 20190105);
    unga_periods_free(p, n);
    assert_int_equal(unga_periods(v, UNGA_BY_SESSION, &p, &n, &err), BLOC_OK);
    assert_int_equal(n, 3);
    assert_string_equal(p[1].label, "session 73");
    assert_int_equal(p[1].nrc, 3);
    unga_periods_free(p, n);
    assert_int_equal(unga_periods(v, UNGA_BY_ALL, &p, &n, &err), BLOC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].label, "2018-01-05..2019-12-01");
    unga_periods_free(p, n);
    assert_int_equal(unga_periods(v, UNGA_BY_DECADE, &p, &n, &err), BLOC_OK);
    assert_string_equal(p[0].label, "2010s");
    unga_periods_free(p, n);
    unga_votes_free(v);
}

static void dyads_and_groups(void **state)
{
    (void)state;
    unga_votes *v = fixture();
    unga_period *p = NULL;
    size_t n = 0;
    bloc_error err;
    agree_measures m;
    assert_int_equal(unga_periods(v, UNGA_BY_ALL, &p, &n, &err), BLOC_OK);
    /* AAA-BBB over rc 1,2,3,4,6 (BBB absent on 5): pairs (1,1)(1,3)(3,3)(1,1)(1,3)
     * agree 3/5, S = 1 - (0+2+0+0+2)/5 = 0.2 */
    unga_dyad(v, &p[0], 0, 1, NULL, NULL, &m);
    assert_int_equal(m.n, 5);
    assert_float_equal(m.agree, 0.6, 1e-12);
    assert_float_equal(m.s, 0.2, 1e-12);
    /* AAA-CCC: all 6, differ only on rc 4 (1 vs 3): agree 5/6, S = 1 - 2/6 */
    unga_dyad(v, &p[0], 0, 2, NULL, NULL, &m);
    assert_int_equal(m.n, 6);
    assert_float_equal(m.agree, 5.0 / 6.0, 1e-12);
    assert_float_equal(m.s, 1.0 - 2.0 / 6.0, 1e-12);
    /* unknown state (row -1): no common votes */
    unga_dyad(v, &p[0], 0, -1, NULL, NULL, &m);
    assert_int_equal(m.n, 0);

    /* group cohesion = mean over the three dyads; BBB-CCC over 1,2,3,4,6:
     * (1,1)(3,1)(3,3)(1,3)(3,1): agree 2/5, S = 1 - (0+2+0+2+2)/5 = -0.2 */
    store_member g[3] = {{"AAA", 0, 0}, {"BBB", 0, 0}, {"CCC", 0, 0}};
    unga_cohesion c;
    unga_group_cohesion(v, &p[0], g, 3, &c);
    assert_int_equal(c.dyads, 3);
    assert_int_equal(c.dyads_total, 3);
    assert_int_equal(c.votes, 5 + 6 + 5);
    assert_float_equal(c.agree, (0.6 + 5.0 / 6.0 + 0.4) / 3.0, 1e-12);
    assert_float_equal(c.s, (0.2 + (1.0 - 2.0 / 6.0) - 0.2) / 3.0, 1e-12);

    /* membership dates: CCC joins on 2019-01-01, so AAA-CCC counts rc 4..6 only:
     * (1,3)(2,2)(1,1): agree 2/3 */
    store_member dated[2] = {{"AAA", 0, 0}, {"CCC", 20190101, 0}};
    unga_group_cohesion(v, &p[0], dated, 2, &c);
    assert_int_equal(c.votes, 3);
    assert_float_equal(c.agree, 2.0 / 3.0, 1e-12);

    /* between {AAA} and {BBB, CCC}: mean of AAA-BBB and AAA-CCC */
    unga_between(v, &p[0], g, 1, g + 1, 2, &c);
    assert_int_equal(c.dyads_total, 2);
    assert_float_equal(c.agree, (0.6 + 5.0 / 6.0) / 2.0, 1e-12);

    /* a group whose members never voted together: all missing, no division by zero */
    store_member ghost[2] = {{"XXX", 0, 0}, {"YYY", 0, 0}};
    unga_group_cohesion(v, &p[0], ghost, 2, &c);
    assert_int_equal(c.dyads, 0);
    assert_int_equal(c.dyads_total, 1);
    assert_true(isnan(c.agree) && isnan(c.s) && isnan(c.kappa));
    unga_periods_free(p, n);
    unga_votes_free(v);
}

int test_unga_metrics(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(periods), cmocka_unit_test(dyads_and_groups)};
    return cmocka_run_group_tests_name("metrics/unga", tests, NULL, NULL);
}
