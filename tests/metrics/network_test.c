/* tests/metrics/network_test — cooperation networks: an obvious hub, an
 * empty network (no hub, no division by zero), density. */
#include <math.h>
#include <stdlib.h>

#include "metrics/network.h"
#include "test.h"

static void star_has_its_centre_as_hub(void **state)
{
    (void)state;
    /* CHN (0) cooperates with RUS (1), IRN (2), PRK (3); RUS-IRN a little */
    double w[16] = {0, 10, 6, 4,
                    10, 0, 1, 0,
                    6, 1, 0, 0,
                    4, 0, 0, 0};
    net_result r;
    bloc_error err;
    assert_int_equal(net_compute(4, w, &r, &err), BLOC_OK);
    assert_int_equal(r.hub, 0);
    assert_int_equal(r.edges, 4);
    assert_true(fabs(r.density - 4.0 / 6.0) < 1e-12);
    assert_true(fabs(r.weighted_density - 21.0 / 6.0) < 1e-12);
    assert_int_equal(r.nodes[0].degree, 3);
    assert_true(r.nodes[0].strength == 20);
    assert_true(fabs(r.nodes[0].centrality - 1.0) < 1e-9);
    for (int i = 1; i < 4; i++)
        assert_true(r.nodes[i].centrality < r.nodes[0].centrality);
    assert_true(r.nodes[3].centrality < r.nodes[1].centrality);
    net_result_free(&r);
}

static void empty_network_has_no_hub(void **state)
{
    (void)state;
    double w[9] = {0};
    net_result r;
    bloc_error err;
    assert_int_equal(net_compute(3, w, &r, &err), BLOC_OK);
    assert_int_equal(r.hub, -1);
    assert_int_equal(r.edges, 0);
    assert_true(r.density == 0 && r.weighted_density == 0);
    assert_true(r.nodes[1].centrality == 0 && r.nodes[1].strength == 0);
    net_result_free(&r);
    assert_int_equal(net_compute(1, w, &r, &err), BLOC_OK); /* one state: no pairs */
    assert_true(r.density == 0);
    net_result_free(&r);
}

int test_network(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(star_has_its_centre_as_hub),
        cmocka_unit_test(empty_network_has_no_hub),
    };
    return cmocka_run_group_tests_name("network", tests, NULL, NULL);
}
