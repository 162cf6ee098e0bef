/* tests/cameo/cameo_test — CAMEO lookups: code keys, descriptions,
 * Goldstein weights with the parent-code fill, the domain rules of
 * data/cameo/domains.csv, FIPS places, and errors in the tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cameo/cameo.h"
#include "test.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static int setup(void **state)
{
    bloc_error err;
    cameo_tables *t = NULL;
    if (cameo_load(BLOC_DATADIR, &t, &err) != BLOC_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    cameo_free(*state);
    return 0;
}

static void keys_keep_leading_zeros(void **state)
{
    (void)state;
    assert_int_not_equal(cameo_key("0874"), cameo_key("874"));
    assert_int_not_equal(cameo_key("08"), cameo_key("008"));
    assert_true(cameo_key("19") >= 0 && cameo_key("190") >= 0 && cameo_key("1951") >= 0);
    assert_int_equal(cameo_key("1"), -1);
    assert_int_equal(cameo_key("19511"), -1);
    assert_int_equal(cameo_key("19a"), -1);
    assert_int_equal(cameo_key(""), -1);
}

static void describes_codes(void **state)
{
    const cameo_tables *t = *state;
    assert_string_equal(cameo_describe(t, "0874"), "Retreat or surrender militarily");
    assert_string_equal(cameo_describe(t, "19"), "FIGHT");
    assert_null(cameo_describe(t, "099"));
}

static void goldstein_weights_and_parent_fill(void **state)
{
    const cameo_tables *t = *state;
    double w = 99;
    assert_int_equal(cameo_goldstein(t, "036", &w), CAMEO_GS_TABLE);
    assert_true(w == 4.0);
    assert_int_equal(cameo_goldstein(t, "011", &w), CAMEO_GS_TABLE);
    assert_true(fabs(w - -0.1) < 1e-12);
    /* 1951 (precision-guided munitions) has no weight: that of 195 */
    double w195;
    assert_int_equal(cameo_goldstein(t, "195", &w195), CAMEO_GS_TABLE);
    assert_int_equal(cameo_goldstein(t, "1951", &w), CAMEO_GS_PARENT);
    assert_true(w == w195);
    /* 176 (cyberattack): no 176 weight; its parent is root 17 */
    double w17;
    assert_int_equal(cameo_goldstein(t, "17", &w17), CAMEO_GS_TABLE);
    assert_int_equal(cameo_goldstein(t, "176", &w), CAMEO_GS_PARENT);
    assert_true(w == w17);
    w = 99;
    assert_int_equal(cameo_goldstein(t, "99", &w), CAMEO_GS_NONE);
    assert_true(w == 99);
    assert_int_equal(cameo_goldstein(t, "x", &w), CAMEO_GS_NONE);
}

static int domain(const cameo_tables *t, const char *code, const char *type)
{
    const char *types[2] = {type, ""};
    return cameo_domain_of(t, code, types, 2);
}

static void domains_follow_the_rules(void **state)
{
    const cameo_tables *t = *state;
    assert_int_equal(domain(t, "062", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "0312", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "072", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "138", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "1384", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "190", ""), CAMEO_MILITARY);
    assert_int_equal(domain(t, "061", ""), CAMEO_ECONOMIC);
    assert_int_equal(domain(t, "0311", ""), CAMEO_ECONOMIC);
    assert_int_equal(domain(t, "071", ""), CAMEO_ECONOMIC);
    assert_int_equal(domain(t, "163", ""), CAMEO_ECONOMIC);
    assert_int_equal(domain(t, "073", ""), CAMEO_HUMANITARIAN);
    assert_int_equal(domain(t, "176", ""), CAMEO_TECHNOLOGY);
    assert_int_equal(domain(t, "155", ""), CAMEO_TECHNOLOGY);
    /* a visit is diplomatic, unless a military or business actor takes part */
    assert_int_equal(domain(t, "042", ""), CAMEO_DIPLOMATIC);
    assert_int_equal(domain(t, "042", "MIL"), CAMEO_MILITARY);
    assert_int_equal(domain(t, "042", "BUS"), CAMEO_ECONOMIC);
    assert_int_equal(domain(t, "010", ""), CAMEO_OTHER);
    assert_int_equal(domain(t, "141", "MIL"), CAMEO_OTHER);
    assert_int_equal(domain(t, "junk", ""), CAMEO_OTHER);
    assert_string_equal(cameo_domain_name(CAMEO_TECHNOLOGY), "technology");
    assert_int_equal(cameo_domain_parse("Military"), CAMEO_MILITARY);
    assert_int_equal(cameo_domain_parse("cyber"), -1);
}

static int count_entries(void *ctx, const cameo_code_info *c)
{
    size_t *n = ctx;
    n[strcmp(c->kind, "event") == 0 ? 0 : 1]++;
    if (strcmp(c->code, "1951") == 0 && c->goldstein_origin != CAMEO_GS_PARENT)
        n[2]++;
    return 0;
}

static void actor_codes_and_listing(void **state)
{
    const cameo_tables *t = *state;
    const char *kind = NULL;
    assert_string_equal(cameo_actor_describe(t, "MIL", &kind), "Military");
    assert_string_equal(kind, "type");
    assert_string_equal(cameo_actor_describe(t, "NAT", &kind), "North Atlantic Treaty Organization");
    assert_string_equal(kind, "knowngroup");
    assert_string_equal(cameo_actor_describe(t, "EUR", &kind), "Europe");
    assert_string_equal(kind, "region");
    assert_null(cameo_actor_describe(t, "RUS", &kind)); /* countries are the registry's */
    assert_null(cameo_actor_describe(t, "mil", &kind));
    size_t n[3] = {0, 0, 0};
    cameo_each(t, count_entries, n);
    char *codes = test_read(BLOC_DATADIR "/cameo/CAMEO.eventcodes.csv");
    char *actors = test_read(BLOC_DATADIR "/cameo/actor_codes.csv");
    size_t lines_codes = 0, lines_actors = 0;
    for (char *p = codes; *p; p++)
        lines_codes += *p == '\n';
    for (char *p = actors; *p; p++)
        lines_actors += *p == '\n';
    assert_int_equal(n[0], lines_codes - 1); /* every listed event code once */
    assert_int_equal(n[1], lines_actors - 1);
    assert_int_equal(n[2], 0);
    free(codes);
    free(actors);
}

static void quad_classes_and_places(void **state)
{
    const cameo_tables *t = *state;
    assert_int_equal(cameo_quad_class("057"), 1);
    assert_int_equal(cameo_quad_class("0874"), 2);
    assert_int_equal(cameo_quad_class("112"), 3);
    assert_int_equal(cameo_quad_class("190"), 4);
    assert_int_equal(cameo_quad_class("21"), 0);
    assert_string_equal(cameo_fips_country(t, "RS"), "RUS");
    assert_string_equal(cameo_fips_country(t, "CH"), "CHN");
    assert_string_equal(cameo_fips_country(t, "KN"), "PRK");
    assert_string_equal(cameo_fips_country(t, "KS"), "KOR");
    assert_string_equal(cameo_fips_country(t, "GM"), "DEU");
    assert_string_equal(cameo_fips_country(t, "UK"), "GBR");
    assert_null(cameo_fips_country(t, "ZZ"));
    assert_null(cameo_fips_country(t, "rs"));
    assert_null(cameo_fips_country(t, "RUS"));
}

/* A data folder with the real tables, except one file replaced by text. */
static char *data_with(const char *file, const char *text)
{
    static const char *const files[] = {"cameo/CAMEO.eventcodes.csv",
                                        "cameo/CAMEO.goldsteinscale.txt", "cameo/domains.csv",
                                        "cameo/actor_codes.csv", "registry/fips.csv"};
    char *dir = test_tmpdir(), path[1024], target[1024];
    snprintf(path, sizeof path, "%s/cameo", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/registry", dir);
    mkdir(path, 0755);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (strcmp(files[i], file) == 0) {
            free(test_write(dir, file, text));
        } else {
            snprintf(target, sizeof target, "%s/%s", BLOC_DATADIR, files[i]);
            assert_int_equal(symlink(target, path), 0);
        }
    }
    return dir;
}

static void expect_load_error(const char *file, const char *text, const char *want)
{
    char *dir = data_with(file, text);
    cameo_tables *t = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    assert_int_equal(cameo_load(dir, &t, &err), BLOC_EINPUT);
    assert_null(t);
    if (!strstr(err.msg, want) || !strstr(err.file, file) || err.line < 1)
        fail_msg("%s: error '%s' at %s:%ld, wanted '%s'", file, err.msg, err.file, err.line,
                 want);
    free(dir);
}

static void bad_tables_are_errors_with_file_and_line(void **state)
{
    (void)state;
    expect_load_error("cameo/domains.csv", "domain,codes,actor_types,why\nmilitary,19,,ok\ncyber,176,,no\n",
                      "expected 4 fields and a domain");
    expect_load_error("cameo/domains.csv", "domain,codes,actor_types,why\nmilitary,1x9,,bad\n",
                      "2 to 4 digits");
    expect_load_error("cameo/domains.csv", "domain,codes\nmilitary,19\n", "bad header");
    expect_load_error("cameo/CAMEO.goldsteinscale.txt",
                      "CAMEOEVENTCODE\tGOLDSTEINSCALE\n01\t0.0\n02\t12\n", "[-10, 10]");
    expect_load_error("cameo/CAMEO.eventcodes.csv", "code,description\n01,A\n01,B\n",
                      "code listed twice");
    expect_load_error("registry/fips.csv", "fips,code\nRS,RUS\nrussia,RUS\n", "FIPS");
    expect_load_error("cameo/actor_codes.csv", "code,kind,description\nMIL,type,Military\nMIL,type,Again\n",
                      "code listed twice");
    expect_load_error("cameo/actor_codes.csv", "code,kind,description\nMIL,army,Military\n",
                      "a kind (region, type or knowngroup)");
}

int test_cameo(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_keep_leading_zeros),
        cmocka_unit_test(describes_codes),
        cmocka_unit_test(goldstein_weights_and_parent_fill),
        cmocka_unit_test(domains_follow_the_rules),
        cmocka_unit_test(quad_classes_and_places),
        cmocka_unit_test(actor_codes_and_listing),
        cmocka_unit_test(bad_tables_are_errors_with_file_and_line),
    };
    return cmocka_run_group_tests_name("cameo", tests, setup, teardown);
}
