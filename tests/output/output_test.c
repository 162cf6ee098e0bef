/* tests/cli/output_test — the three output formats and missing values. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/output.h"
#include "test.h"

static char *render(out_format fmt)
{
    static const char *const cols[] = {"name", "n", "x"};
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    out_table *t = out_begin(m, fmt, cols, 3);
    out_str(t, "Côte d'Ivoire, \"CIV\"");
    out_int(t, 12);
    out_num(t, 0.123456, 4);
    out_str(t, "b");
    out_int(t, 3);
    out_num(t, NAN, 4);
    assert_int_equal(out_end(t), 2);
    fclose(m);
    return buf;
}

static void formats(void **state)
{
    (void)state;
    char *csv = render(OUT_CSV);
    assert_string_equal(csv, "name,n,x\n\"Côte d'Ivoire, \"\"CIV\"\"\",12,0.1235\nb,3,NA\n");
    free(csv);
    char *json = render(OUT_JSON);
    assert_string_equal(json, "[\n{\"name\":\"Côte d'Ivoire, \\\"CIV\\\"\",\"n\":12,\"x\":0.1235},\n"
                              "{\"name\":\"b\",\"n\":3,\"x\":null}\n]\n");
    free(json);
    char *jsonl = render(OUT_JSONL);
    assert_string_equal(jsonl, "{\"name\":\"Côte d'Ivoire, \\\"CIV\\\"\",\"n\":12,\"x\":0.1235}\n"
                               "{\"name\":\"b\",\"n\":3,\"x\":null}\n");
    free(jsonl);
    char *table = render(OUT_TABLE);
    assert_string_equal(table, "name                  n   x\n"
                               "Côte d'Ivoire, \"CIV\"  12  0.1235\n"
                               "b                      3      NA\n");
    free(table);
}

static void empty_json(void **state)
{
    (void)state;
    static const char *const cols[] = {"a"};
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    out_end(out_begin(m, OUT_JSON, cols, 1));
    fclose(m);
    assert_string_equal(buf, "[]\n");
    free(buf);
    assert_int_equal(out_parse_format("csv"), OUT_CSV);
    assert_int_equal(out_parse_format("jsonl"), OUT_JSONL);
    m = open_memstream(&buf, &len);
    out_end(out_begin(m, OUT_JSONL, cols, 1)); /* no rows: no output */
    fclose(m);
    assert_string_equal(buf, "");
    free(buf);
    assert_int_equal(out_parse_format("xml"), -1);
}

int test_output(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(formats), cmocka_unit_test(empty_json)};
    return cmocka_run_group_tests_name("cli/output", tests, NULL, NULL);
}
