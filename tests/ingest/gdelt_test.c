/* tests/ingest/gdelt_test — the GDELT row parser: the three layouts, every
 * rejection reason, and the derived fields (countries, Goldstein fill,
 * domain). The 58-column row is a real GDELT 1.0 daily row from
 * ../shared/data/gdelt (event 254456462); the 57- and 61-column rows are
 * derived from it by the layouts in the GDELT codebooks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/gdelt.h"
#include "test.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static const char *const REAL_DAILY =
    "254456462\t20130501\t201305\t2013\t2013.3315\t\t\t\t\t\t\t\t\t\t\t AZE\tBAKU\tAZE\t\t\t\t"
    "\t\t\t\t1\t036\t036\t03\t1\t4\t4\t2\t4\t1.23727467004982\t0\t\t\t\t\t\t\t4\tCaucasus, "
    "Georgia (general), Georgia\tGG\tGG00\t42.5\t45\t-2891161\t4\tCaucasus, Georgia (general), "
    "Georgia\tGG\tGG00\t42.5\t45\t-2891161\t20130501\thttp://armenpress.am/eng/news/717311/";

typedef struct cols {
    char *v[80];
    size_t n;
} cols;

static cols split(const char *line)
{
    cols c = {.n = 0};
    const char *p = line;
    for (;;) {
        size_t k = strcspn(p, "\t");
        c.v[c.n++] = strndup(p, k);
        if (!p[k])
            break;
        p += k + 1;
    }
    return c;
}

static void set(cols *c, size_t i, const char *v)
{
    free(c->v[i]);
    c->v[i] = strdup(v);
}

static void insert(cols *c, size_t i, const char *v)
{
    memmove(&c->v[i + 1], &c->v[i], (c->n - i) * sizeof c->v[0]);
    c->v[i] = strdup(v);
    c->n++;
}

static void drop(cols *c, size_t i)
{
    free(c->v[i]);
    memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof c->v[0]);
    c->n--;
}

static char *join(const cols *c)
{
    size_t len = 1;
    for (size_t i = 0; i < c->n; i++)
        len += strlen(c->v[i]) + 1;
    char *s = malloc(len), *p = s;
    for (size_t i = 0; i < c->n; i++)
        p += sprintf(p, "%s%s", i ? "\t" : "", c->v[i]);
    return s;
}

static void free_cols(cols *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
}

/* A 61-column GDELT 2.0 row from the real daily row: ADM2 codes after each
 * ADM1 code, a 14-digit DATEADDED. */
static cols v2_row(void)
{
    cols c = split(REAL_DAILY);
    insert(&c, 39, "");         /* Actor1Geo_ADM2Code */
    insert(&c, 47, "");         /* Actor2Geo_ADM2Code */
    insert(&c, 55, "GG00123");  /* ActionGeo_ADM2Code */
    set(&c, 59, "20130501003000");
    return c;
}

static void parses_real_daily_row(void **state)
{
    (void)state;
    char *line = strdup(REAL_DAILY), reason[256] = "";
    gdelt_row row;
    assert_int_equal(gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason), 0);
    assert_int_equal(row.ncols, 58);
    assert_string_equal(row.ev.source, "gdelt1");
    assert_string_equal(row.ev.source_event_id, "254456462");
    assert_int_equal(row.ev.date, 20130501);
    assert_string_equal(row.ev.actor[1].cameo_country, "AZE"); /* leading space trimmed */
    assert_string_equal(row.ev.actor[1].name, "BAKU");
    assert_string_equal(row.ev.actor[0].code, "");
    assert_string_equal(row.ev.event_code, "036");
    assert_string_equal(row.ev.root_code, "03");
    assert_int_equal(row.ev.quad_class, 1);
    assert_true(row.ev.goldstein == 4.0);
    assert_int_equal(row.ev.mentions, 4);
    assert_int_equal(row.ev.sources, 2);
    assert_int_equal(row.ev.articles, 4);
    assert_true(fabs(row.ev.tone - 1.23727467004982) < 1e-12);
    assert_string_equal(row.ev.geo_fips, "GG");
    assert_string_equal(row.ev.geo_adm1, "GG00");
    assert_true(row.ev.geo_lat == 42.5 && row.ev.geo_lon == 45);
    assert_string_equal(row.ev.date_added, "2013-05-01");
    assert_string_equal(row.ev.url, "http://armenpress.am/eng/news/717311/");
    free(line);
}

static void parses_historical_and_v2_rows(void **state)
{
    (void)state;
    char reason[256] = "";
    gdelt_row row;
    cols c = split(REAL_DAILY);
    drop(&c, 57); /* historical files have no SOURCEURL */
    char *line = join(&c);
    assert_int_equal(gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason), 0);
    assert_int_equal(row.ncols, 57);
    assert_string_equal(row.ev.url, "");
    assert_string_equal(row.ev.date_added, "2013-05-01");
    free(line);
    free_cols(&c);

    c = v2_row();
    line = join(&c);
    assert_int_equal(gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason), 0);
    assert_int_equal(row.ncols, 61);
    assert_string_equal(row.ev.source, "gdelt2");
    assert_string_equal(row.ev.geo_fips, "GG");
    assert_string_equal(row.ev.geo_adm1, "GG00");
    assert_true(row.ev.geo_lat == 42.5 && row.ev.geo_lon == 45);
    assert_string_equal(row.ev.date_added, "2013-05-01T00:30:00Z");
    assert_string_equal(row.ev.url, "http://armenpress.am/eng/news/717311/");
    free(line);
    free_cols(&c);
}

/* Change column i of a row to value and expect a rejection mentioning want. */
static void expect_reject(int v2, size_t i, const char *value, const char *want)
{
    cols c = v2 ? v2_row() : split(REAL_DAILY);
    if (value)
        set(&c, i, value);
    else
        drop(&c, i);
    char *line = join(&c), reason[256] = "";
    gdelt_row row;
    int rc = gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason);
    int ok = rc == -1 && strstr(reason, want);
    free(line);
    free_cols(&c);
    if (!ok)
        fail_msg("column %zu = '%s': rc %d, reason '%s', wanted '%s'", i + 1,
                 value ? value : "(dropped)", rc, reason, want);
}

static void rejects_wrong_column_count(void **state)
{
    (void)state;
    expect_reject(1, 60, NULL, "60 columns: not a GDELT layout");
}

static void rejection_reasons(void **state)
{
    (void)state;
    expect_reject(0, 0, "25x", "column 1 (GLOBALEVENTID)");
    expect_reject(0, 0, "", "is not a whole number");
    expect_reject(0, 1, "20130231", "column 2 (SQLDATE): '20130231' is not a date");
    expect_reject(0, 1, "2013051", "not a date YYYYMMDD");
    expect_reject(0, 25, "2", "column 26 (IsRootEvent)");
    expect_reject(0, 26, "03a", "column 27 (EventCode): '03a' is not a CAMEO code");
    expect_reject(0, 26, "", "is not a CAMEO code");
    expect_reject(0, 27, "046", "is not the base of event code '036'");
    expect_reject(0, 28, "04", "column 29 (EventRootCode)");
    expect_reject(0, 29, "5", "column 30 (QuadClass)");
    expect_reject(0, 30, "11", "column 31 (GoldsteinScale): '11' is not a number in [-10, 10]");
    expect_reject(0, 30, "nan", "GoldsteinScale");
    expect_reject(0, 31, "four", "column 32 (NumMentions)");
    expect_reject(0, 32, "-1", "column 33 (NumSources)");
    expect_reject(0, 34, "1.2.3", "column 35 (AvgTone)");
    expect_reject(0, 53, "91", "ActionGeo_Lat");
    expect_reject(0, 54, "east", "ActionGeo_Long");
    expect_reject(0, 56, "2013-05-01", "DATEADDED");
    expect_reject(1, 59, "20130501", "not a time YYYYMMDDHHMMSS");
    expect_reject(1, 59, "20130501246000", "not a time");
    expect_reject(0, 6, "\xff\xfe", "invalid UTF-8");
}

static void rejects_code_root_mismatch(void **state)
{
    (void)state;
    cols c = split(REAL_DAILY);
    set(&c, 26, "046");
    set(&c, 27, "046");
    char *line = join(&c), reason[256] = "";
    gdelt_row row;
    assert_int_equal(gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "column 29 (EventRootCode): '03' is not the root of event code '046'"));
    free(line);
    free_cols(&c);
}

static void rejects_column_counts_and_nul(void **state)
{
    (void)state;
    char reason[256];
    gdelt_row row;
    char line[] = "1\t2\t3";
    assert_int_equal(gdelt_parse_row(line, strlen(line), &row, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "3 columns: not a GDELT layout"));
    char *real = strdup(REAL_DAILY);
    real[3] = '\0';
    assert_int_equal(gdelt_parse_row(real, strlen(REAL_DAILY), &row, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "NUL byte"));
    free(real);
    char empty[] = "";
    assert_int_equal(gdelt_parse_row(empty, 0, &row, reason, sizeof reason), -1);
}

static void counts_columns(void **state)
{
    (void)state;
    size_t st[8];
    assert_int_equal(gdelt_columns("a\tbb\t\tc", 7, st, 8), 4);
    assert_int_equal(st[1], 2);
    assert_int_equal(st[2], 5);
    assert_int_equal(st[3], 6);
    assert_int_equal(gdelt_columns("", 0, st, 8), 1);
    assert_int_equal(gdelt_columns("\t\t\t", 3, st, 2), 4); /* counted past max */
    assert_string_equal(gdelt_layout_name(61), "gdelt2");
    assert_null(gdelt_layout_name(60));
}

int test_gdelt(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_real_daily_row),
        cmocka_unit_test(parses_historical_and_v2_rows),
        cmocka_unit_test(rejects_wrong_column_count),
        cmocka_unit_test(rejection_reasons),
        cmocka_unit_test(rejects_code_root_mismatch),
        cmocka_unit_test(rejects_column_counts_and_nul),
        cmocka_unit_test(counts_columns),
    };
    return cmocka_run_group_tests_name("gdelt", tests, NULL, NULL);
}
