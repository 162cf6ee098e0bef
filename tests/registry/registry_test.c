/* tests/registry/registry_test — the registry built from iso-codes and
 * data/registry: codes, names, aliases, dated aliases, groups, suggestions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/registry.h"
#include "test.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static registry *reg;
static store *st;

static int setup(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/r.db", dir);
    free(dir);
    bloc_error err;
    registry_paths p = {BLOC_DATADIR, "/usr/share/iso-codes/json"};
    int rebuilt = 0;
    if (store_open(&st, path, STORE_READWRITE, &err) != BLOC_OK ||
        registry_sync(st, &p, &rebuilt, &err) != BLOC_OK || !rebuilt ||
        registry_load(st, &reg, &err) != BLOC_OK) {
        fprintf(stderr, "registry setup: %s\n", err.msg);
        return -1;
    }
    /* a second sync with unchanged inputs does nothing */
    if (registry_sync(st, &p, &rebuilt, &err) != BLOC_OK || rebuilt)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    registry_free(reg);
    store_close(st);
    return 0;
}

static void expect(const char *query, const char *code)
{
    const store_country *c = NULL;
    bloc_error err;
    if (registry_resolve(reg, query, &c, &err) != BLOC_OK)
        fail_msg("'%s': %s", query, err.msg);
    assert_string_equal(c->code, code);
}

static void resolves(void **state)
{
    (void)state;
    expect("RUS", "RUS");
    expect("rus", "RUS");
    expect("RU", "RUS");
    expect("643", "RUS");
    expect("Russia", "RUS");
    expect("Russian Federation", "RUS");
    expect("DPRK", "PRK");
    expect("North Korea", "PRK");
    expect("Democratic People's Republic of Korea", "PRK");
    expect("Korea, Democratic People's Republic of", "PRK");
    expect("Iran (Islamic Republic of)", "IRN");
    expect("iran", "IRN");
    expect("South Korea", "KOR");
    expect("USSR", "SUN");
    expect("Soviet Union", "SUN");
    expect("cow:365", "RUS"); /* RUS and SUN share 365: the current state wins */
    expect("cow:2", "USA");
    expect("cameo:ROM", "ROU");
    expect("Côte d'Ivoire", "CIV");
    expect("Ivory Coast", "CIV");
    expect("St. Kitts & Nevis", "KNA");
    expect("The Gambia", "GMB");
    expect("Czechoslovakia", "CSK");
    expect("East Germany", "DDR");
    expect("Zanzibar", "ZAN");
    expect("Kosovo", "XKX");
}

static void records(void **state)
{
    (void)state;
    const store_country *c = registry_by_code(reg, "PRK");
    assert_non_null(c);
    assert_string_equal(c->iso2, "KP");
    assert_string_equal(c->iso_numeric, "408");
    assert_int_equal(c->cow_code, 731);
    c = registry_by_code(reg, "SUN");
    assert_non_null(c);
    assert_true(c->historical);
    assert_string_equal(c->successor, "RUS");
    assert_int_equal(c->valid_until, 19911225);
    c = registry_by_code(reg, "DDR");
    assert_string_equal(c->iso2, "DD"); /* from iso_3166-3 */
    assert_null(registry_by_code(reg, "XYZ"));
    assert_null(registry_by_code(reg, ""));
}

static void dated(void **state)
{
    (void)state;
    int from, until;
    /* the UN data keeps "Yugoslavia" for Serbia's seat after 2006 */
    const store_country *c = registry_lookup_dated(reg, "Yugoslavia", "YU", 19800101, &from, &until);
    assert_string_equal(c->code, "YUG");
    assert_int_equal(until, 20060602);
    c = registry_lookup_dated(reg, "Yugoslavia", "YU", 20100101, &from, &until);
    assert_string_equal(c->code, "SRB");
    /* names win over codes; unknown names fall back to ISO alpha-2 on the date */
    c = registry_lookup_dated(reg, "Federal Republic of Germany", "", 19800101, &from, &until);
    assert_string_equal(c->code, "DEU");
    c = registry_lookup_dated(reg, "No Such Name", "CS", 19800101, &from, &until);
    assert_string_equal(c->code, "CSK");
    c = registry_lookup_dated(reg, "No Such Name", "CS", 20040101, &from, &until);
    assert_string_equal(c->code, "SCG");
    assert_null(registry_lookup_dated(reg, "Atlantis", "", 20000101, &from, &until));
}

static void unknown_suggests(void **state)
{
    (void)state;
    const store_country *c;
    bloc_error err;
    assert_int_equal(registry_resolve(reg, "Rusia", &c, &err), BLOC_ENOTFOUND);
    assert_non_null(strstr(err.msg, "Russia"));
    assert_int_equal(registry_resolve(reg, "Nrth Korea", &c, &err), BLOC_ENOTFOUND);
    assert_non_null(strstr(err.msg, "North Korea"));
    assert_int_equal(registry_resolve(reg, "qqqqqqqq", &c, &err), BLOC_ENOTFOUND);
    assert_null(strstr(err.msg, "did you mean"));
}

static void groups(void **state)
{
    (void)state;
    const store_group *g = registry_group(reg, "crink");
    assert_non_null(g);
    assert_int_equal(g->nmembers, 4);
    g = registry_group(reg, "NATO");
    assert_non_null(g);
    assert_int_equal(g->nmembers, 32);
    for (size_t i = 0; i < g->nmembers; i++)
        if (strcmp(g->members[i].code, "FIN") == 0) {
            assert_false(registry_member_on(&g->members[i], 20220601));
            assert_true(registry_member_on(&g->members[i], 20230404));
        }
    store_member *m = NULL;
    size_t n = 0;
    bloc_error err;
    assert_int_equal(registry_parse_list(reg, "crink, USA,Russia", &m, &n, &err), BLOC_OK);
    assert_int_equal(n, 5); /* Russia merged with crink's RUS */
    free(m);
    assert_int_equal(registry_parse_list(reg, "crink,Atlantis", &m, &n, &err), BLOC_ENOTFOUND);
    assert_int_equal(registry_parse_list(reg, " , ", &m, &n, &err), BLOC_EUSAGE);
}

int test_registry(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(resolves), cmocka_unit_test(records),
                                       cmocka_unit_test(dated), cmocka_unit_test(unknown_suggests),
                                       cmocka_unit_test(groups)};
    return cmocka_run_group_tests_name("registry", tests, setup, teardown);
}
