/* tests/metrics/events_test — periods (ISO weeks across a year end,
 * quarters, labels), day arithmetic, tallies and their measures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/events.h"
#include "test.h"

static void periods_start_where_they_should(void **state)
{
    (void)state;
    assert_int_equal(ev_period_start(20240101, EV_BY_WEEK), 20240101); /* a Monday */
    assert_int_equal(ev_period_start(20240107, EV_BY_WEEK), 20240101); /* Sunday */
    assert_int_equal(ev_period_start(20230101, EV_BY_WEEK), 20221226); /* Sunday, week of 2022-12-26 */
    assert_int_equal(ev_period_start(20220224, EV_BY_WEEK), 20220221);
    assert_int_equal(ev_period_start(20220224, EV_BY_MONTH), 20220201);
    assert_int_equal(ev_period_start(20220224, EV_BY_QUARTER), 20220101);
    assert_int_equal(ev_period_start(20221130, EV_BY_QUARTER), 20221001);
    assert_int_equal(ev_period_start(20221130, EV_BY_YEAR), 20220101);
    assert_int_equal(ev_period_next(20221226, EV_BY_WEEK), 20230102);
    assert_int_equal(ev_period_next(20221201, EV_BY_MONTH), 20230101);
    assert_int_equal(ev_period_next(20221001, EV_BY_QUARTER), 20230101);
    assert_int_equal(ev_add_days(20240228, 2), 20240301); /* leap year */
    assert_int_equal(ev_add_days(20230301, -1), 20230228);
    assert_int_equal(ev_add_days(20000101, -1), 19991231);
    char buf[48];
    ev_period_label(20220401, 20220630, EV_BY_QUARTER, buf, sizeof buf);
    assert_string_equal(buf, "2022-Q2");
    ev_period_label(20221226, 20230101, EV_BY_WEEK, buf, sizeof buf);
    assert_string_equal(buf, "2022-12-26");
    ev_period_label(20190105, 20240630, EV_BY_ALL, buf, sizeof buf);
    assert_string_equal(buf, "2019-01-05..2024-06-30");
    assert_int_equal(ev_by_parse("quarter"), EV_BY_QUARTER);
    assert_int_equal(ev_by_parse("fortnight"), -1);
}

static void series_cover_the_range(void **state)
{
    (void)state;
    ev_series s;
    bloc_error err;
    assert_int_equal(ev_series_init(&s, 20220215, 20220610, EV_BY_MONTH, NULL, &err), BLOC_OK);
    assert_int_equal(s.n, 5); /* Feb..Jun, the first and last clipped */
    assert_int_equal(s.start[0], 20220215);
    assert_int_equal(s.last[0], 20220228);
    assert_int_equal(s.start[4], 20220601);
    assert_int_equal(s.last[4], 20220610);
    assert_int_equal(ev_series_find(&s, 20220215), 0);
    assert_int_equal(ev_series_find(&s, 20220301), 1);
    assert_int_equal(ev_series_find(&s, 20220610), 4);
    assert_int_equal(ev_series_find(&s, 20220611), -1);
    assert_int_equal(ev_series_find(&s, 20220101), -1);
    assert_int_equal(s.covered[0], 14); /* no coverage given: every day */
    assert_int_equal(ev_series_covered(&s), 14 + 31 + 30 + 31 + 10);
    ev_series_free(&s);
    /* covered 2022-02-20..03-05 and 2022-05-01..05-31: April is missing */
    int first[] = {20220220, 20220501}, last[] = {20220305, 20220531};
    cov_days cov = {first, last, 2};
    assert_int_equal(ev_series_init(&s, 20220215, 20220610, EV_BY_MONTH, &cov, &err), BLOC_OK);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.covered[0], 9);  /* Feb 20..28 */
    assert_int_equal(s.covered[1], 5);  /* Mar 1..5 */
    assert_int_equal(s.covered[2], 0);  /* April: no data */
    assert_int_equal(s.covered[3], 31);
    assert_int_equal(s.covered[4], 0);
    assert_int_equal(ev_series_covered(&s), 45);
    assert_true(cov_days_has(&cov, 20220305) && !cov_days_has(&cov, 20220306));
    assert_int_equal(cov_days_count(&cov, 20220301, 20220510), 15);
    ev_series_free(&s);
    assert_int_equal(ev_series_init(&s, 0, 0, EV_BY_MONTH, NULL, &err), BLOC_OK);
    assert_int_equal(s.n, 0);
    ev_series_free(&s);
}

static void tallies_give_the_measures(void **state)
{
    (void)state;
    ev_tally t;
    memset(&t, 0, sizeof t);
    store_summary_row rows[] = {
        {.quad_class = 1, .events = 6, .mentions = 60, .goldstein_sum = 6 * 3.0, .goldstein_n = 6,
         .goldstein_msum = 60 * 3.0, .goldstein_mn = 60},
        {.quad_class = 2, .events = 2, .mentions = 2, .goldstein_sum = 2 * 7.0, .goldstein_n = 2,
         .goldstein_msum = 2 * 7.0, .goldstein_mn = 2},
        {.quad_class = 4, .events = 2, .mentions = 38, .goldstein_sum = -20, .goldstein_n = 2,
         .goldstein_msum = 38 * -10.0, .goldstein_mn = 38},
    };
    for (size_t i = 0; i < 3; i++)
        ev_tally_add(&t, &rows[i], 0);
    assert_true(t.events == 10);
    assert_true(ev_cooperation(&t) == 8 && ev_conflict(&t) == 2);
    assert_true(fabs(ev_net_cooperation(&t) - 0.6) < 1e-12); /* (8 - 2) / 10 */
    assert_true(fabs(ev_goldstein_mean(&t) - 1.2) < 1e-12);  /* (18 + 14 - 20) / 10 */
    assert_true(fabs(ev_material_share(&t) - 0.25) < 1e-12);
    ev_tally w;
    memset(&w, 0, sizeof w);
    for (size_t i = 0; i < 3; i++)
        ev_tally_add(&w, &rows[i], 1); /* weighted by mentions */
    assert_true(w.events == 100);
    assert_true(fabs(ev_net_cooperation(&w) - 0.24) < 1e-12); /* (62 - 38) / 100 */
    ev_tally empty;
    memset(&empty, 0, sizeof empty);
    assert_true(isnan(ev_net_cooperation(&empty)));
    assert_true(isnan(ev_goldstein_mean(&empty)));
    assert_true(isnan(ev_material_share(&empty)));
}

int test_events_metrics(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods_start_where_they_should),
        cmocka_unit_test(series_cover_the_range),
        cmocka_unit_test(tallies_give_the_measures),
    };
    return cmocka_run_group_tests_name("events_metrics", tests, NULL, NULL);
}
