/* tests/core/util_test — dates, name normalisation, edit distance, UTF-8,
 * file digests, strmap. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strmap.h"
#include "core/util.h"
#include "test.h"

static void dates(void **state)
{
    (void)state;
    int d = 0;
    bloc_error err;
    assert_int_equal(util_parse_date("2022-02-24", 0, &d, &err), BLOC_OK);
    assert_int_equal(d, 20220224);
    assert_int_equal(util_parse_date("2019", 0, &d, &err), BLOC_OK);
    assert_int_equal(d, 20190101);
    assert_int_equal(util_parse_date("2019", 1, &d, &err), BLOC_OK);
    assert_int_equal(d, 20191231);
    assert_int_equal(util_parse_date("2020-02", 1, &d, &err), BLOC_OK);
    assert_int_equal(d, 20200229); /* leap year */
    assert_int_equal(util_parse_date("2021-02", 1, &d, &err), BLOC_OK);
    assert_int_equal(d, 20210228);
    assert_int_equal(util_parse_date("2021-02-29", 0, &d, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "2021-02-29"));
    assert_int_equal(util_parse_date("2021-13", 0, &d, &err), BLOC_EINPUT);
    assert_int_equal(util_parse_date("21-01-01", 0, &d, &err), BLOC_EINPUT);
    assert_int_equal(util_parse_date("", 0, &d, &err), BLOC_EINPUT);
    assert_int_equal(util_parse_date("2021-1-01", 0, &d, &err), BLOC_EINPUT);
    char buf[16];
    util_format_date(19460101, buf, sizeof buf);
    assert_string_equal(buf, "1946-01-01");
}

static void check_norm(const char *in, const char *want)
{
    char *n = util_normalize_name(in);
    assert_non_null(n);
    assert_string_equal(n, want);
    free(n);
}

static void normalize(void **state)
{
    (void)state;
    check_norm("Côte d\xe2\x80\x99Ivoire", "cote divoire");
    check_norm("Côte d'Ivoire", "cote divoire");
    check_norm("St. Kitts & Nevis", "st kitts and nevis");
    check_norm("Iran (Islamic Republic of)", "iran islamic republic of");
    check_norm("Iran, Islamic Republic of", "iran islamic republic of");
    check_norm("  The Gambia ", "gambia");
    check_norm("Democratic People's Republic of Korea", "democratic peoples republic of korea");
    check_norm("TÜRKİYE", "turkiye");
    check_norm("São Tomé & Príncipe", "sao tome and principe");
    assert_null(util_normalize_name("\xff\xfe"));
}

static void distance(void **state)
{
    (void)state;
    assert_int_equal(util_edit_distance("rusia", "russia", 3), 1);
    assert_int_equal(util_edit_distance("kitten", "sitting", 5), 3);
    assert_int_equal(util_edit_distance("abc", "abc", 0), 0);
    assert_int_equal(util_edit_distance("abc", "xyz", 1), 2); /* cap + 1 */
    assert_int_equal(util_edit_distance("", "abcd", 10), 4);
}

static void utf8(void **state)
{
    (void)state;
    assert_true(util_utf8_valid("plain", 5));
    assert_true(util_utf8_valid("Côte", strlen("Côte")));
    assert_false(util_utf8_valid("\xc3", 1));          /* truncated sequence */
    assert_false(util_utf8_valid("a\xff" "b", 3));     /* invalid byte */
    assert_false(util_utf8_valid("\xed\xa0\x80", 3));  /* surrogate */
    assert_true(util_utf8_valid("", 0));
}

static void trim_and_case(void **state)
{
    (void)state;
    char s[] = "  x y \t\n";
    assert_string_equal(util_trim(s), "x y");
    assert_true(util_streq_nocase("Yes", "yES"));
    assert_false(util_streq_nocase("yes", "yes "));
}

static void strmap_basic(void **state)
{
    (void)state;
    strmap *m = strmap_new();
    long v = 0;
    char key[32];
    assert_non_null(m);
    for (long i = 0; i < 5000; i++) { /* forces several rehashes */
        snprintf(key, sizeof key, "k%ld", i);
        assert_int_equal(strmap_put(m, key, i * 2), 0);
    }
    assert_int_equal(strmap_size(m), 5000);
    for (long i = 0; i < 5000; i += 7) {
        snprintf(key, sizeof key, "k%ld", i);
        assert_true(strmap_get(m, key, &v));
        assert_int_equal(v, i * 2);
    }
    assert_false(strmap_get(m, "missing", &v));
    assert_int_equal(strmap_put(m, "k1", -1), 0); /* replace */
    assert_true(strmap_get(m, "k1", &v));
    assert_int_equal(v, -1);
    assert_int_equal(strmap_size(m), 5000);
    strmap_free(m);
}

/* util_format_fixed gives snprintf's digits: random values over many
 * magnitudes and decimals, exact ties, values next to ties, signs, zeros
 * and the fallbacks. */
static void format_fixed(void **state)
{
    (void)state;
    char got[512], want[512];
    static const double special[] = {0.0,     -0.0,      0.5,    1.5,    2.5,      0.125,
                                     0.375,   -0.125,    1e-9,   -1e-9,  0.12345,  0.99995,
                                     9.99995, 123456.5,  1e14,   -1e14,  1e15,     1e300,
                                     -1e300,  1.0 / 3.0, 2.0 / 3, 0.0625, 0.03125, 4503599627370495.5};
    for (int d = 0; d <= 9; d++) {
        for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
            size_t n = util_format_fixed(got, sizeof got, special[i], d);
            snprintf(want, sizeof want, "%.*f", d, special[i]);
            assert_string_equal(got, want);
            assert_int_equal(n, strlen(want));
        }
    }
    unsigned long long x = 88172645463325252ULL; /* xorshift64 */
    for (int k = 0; k < 300000; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int d = (int)(x % 10);
        double mag = pow(10.0, (double)((x >> 8) % 16) - 6.0);
        double v = ((double)(x >> 11) / 9007199254740992.0 - 0.5) * 2.0 * mag;
        if (k % 3 == 0) /* land on or next to a tie at this precision */
            v = (floor(v * pow(10.0, d)) + 0.5) / pow(10.0, d);
        util_format_fixed(got, sizeof got, v, d);
        snprintf(want, sizeof want, "%.*f", d, v);
        assert_string_equal(got, want);
    }
    assert_int_equal(util_format_fixed(got, sizeof got, NAN, 4), strlen("nan"));
    assert_string_equal(got, "nan");
    util_format_fixed(got, sizeof got, -INFINITY, 2);
    assert_string_equal(got, "-inf");
}

/* Numbers of outside input: plain decimals only (issue 20: Goldstein "0x5"
 * and " 5" were taken as 5). */
static void plain_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        double v;
    } cases[] = {{"5", 0, 5},      {"-3.5", 0, -3.5},   {"+2", 0, 2},    {"1e1", 0, 10},  {".5", 0, 0.5},
                 {"5.", 0, 5},     {"", 1, 0},          {"0x5", -1, 0},  {" 5", -1, 0},   {"5 ", -1, 0},
                 {"inf", -1, 0},   {"nan", -1, 0},      {"1e", -1, 0},   {"-", -1, 0},    {".", -1, 0},
                 {"11", -1, 0},    {"1,5", -1, 0},      {"5\n", -1, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -99;
        int rc = util_parse_double(cases[i].in, -10, 10, &v);
        if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
            fail_msg("util_parse_double(\"%s\") = %d, %g; want %d, %g", cases[i].in, rc, v, cases[i].rc,
                     cases[i].v);
    }
}

static void format_int(void **state)
{
    (void)state;
    char got[32], want[32];
    static const long long v[] = {0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        snprintf(want, sizeof want, "%lld", v[i]);
        assert_int_equal(util_format_int(got, v[i]), strlen(want));
        assert_string_equal(got, want);
    }
}

/* A file's identity: XXH3-128 by default, SHA-256 when asked. The
 * expected digests are those of xxhsum -H2 and sha256sum (the reference
 * tools) of the same bytes. */
static void file_digest(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        int sha256;
        const char *want;
    } cases[] = {
        {"bloc\n", 0, "xxh3-128:82b2bf37e988e2302667d1ab75103c83"},
        {"", 0, "xxh3-128:99aa06d3014798d86001c324468d497f"},
        {"bloc\n", 1, "cea685e92ecbd53dfb1ca58d407c36634139c68c0ea632fcfa8a845c145414c7"},
    };
    char path[] = "/tmp/bloc-digest-XXXXXX", got[UTIL_DIGEST_MAX];
    bloc_error err;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(cases[i].bytes, f);
        fclose(f);
        assert_int_equal(util_file_digest(path, cases[i].sha256, got, &err), BLOC_OK);
        assert_string_equal(got, cases[i].want);
    }
    remove(path);
    assert_int_equal(util_file_digest(path, 0, got, &err), BLOC_EIO); /* gone */
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_int_equal(util_file_digest("/tmp", 0, got, &err), BLOC_EINPUT);
}

int test_util(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates),     cmocka_unit_test(normalize),     cmocka_unit_test(distance),
        cmocka_unit_test(utf8),      cmocka_unit_test(trim_and_case), cmocka_unit_test(format_fixed),
        cmocka_unit_test(format_int),    cmocka_unit_test(plain_numbers), cmocka_unit_test(file_digest),
    };
    return cmocka_run_group_tests_name("core/util", tests, NULL, NULL);
}

int test_strmap(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(strmap_basic)};
    return cmocka_run_group_tests_name("core/strmap", tests, NULL, NULL);
}
