/* tests/output/output_test — the four formats of a result, missing and
 * non-finite values, the JSON of kept results, and the bounds of a writer
 * (size and deadline) refusing a result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "output/output.h"
#include "test.h"

static const result_col cols[] = {{"name", RESULT_STR}, {"n", RESULT_INT}, {"x", RESULT_NUM}};

static void rows(result *r)
{
    assert_int_equal(result_begin(r, cols, 3), BLOC_OK);
    result_str(r, "Côte d'Ivoire, \"CIV\"");
    result_int(r, 12);
    result_num(r, 0.123456, 4);
    result_str(r, "b");
    result_int(r, 3);
    result_num(r, NAN, 4);
}

/* A result streamed to a writer in fmt, as text. */
static char *render(out_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    out_writer *w = out_writer_new(m, fmt);
    result_sink sink = out_writer_sink(w);
    result *r = result_new_stream(&sink);
    rows(r);
    result_note(r, "2 rows");
    assert_int_equal(result_finish(r), BLOC_OK);
    assert_int_equal(result_nrows(r), 2);
    result_free(r);
    out_writer_free(w);
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
    /* the schema, the rows, and the notes */
    assert_string_equal(json, "{\"columns\":[\"name\",\"n\",\"x\"],\"rows\":[\n"
                              "{\"name\":\"Côte d'Ivoire, \\\"CIV\\\"\",\"n\":12,\"x\":0.1235},\n"
                              "{\"name\":\"b\",\"n\":3,\"x\":null}\n],\"notes\":[\"2 rows\"]}\n");
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
    static const result_col one[] = {{"a", RESULT_STR}};
    for (int fmt = OUT_JSON; fmt <= OUT_JSONL; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        out_writer *w = out_writer_new(m, (out_format)fmt);
        result_sink sink = out_writer_sink(w);
        result *r = result_new_stream(&sink);
        result_begin(r, one, 1);
        result_note(r, "no data");
        result_finish(r);
        result_free(r);
        out_writer_free(w);
        fclose(m);
        /* an empty answer still names its columns and says why; JSON Lines: no rows, no text */
        assert_string_equal(buf, fmt == OUT_JSON ? "{\"columns\":[\"a\"],\"rows\":[],\"notes\":[\"no data\"]}\n" : "");
        free(buf);
    }
    assert_int_equal(out_parse_format("csv"), OUT_CSV);
    assert_int_equal(out_parse_format("jsonl"), OUT_JSONL);
    assert_int_equal(out_parse_format("table"), OUT_TABLE);
    assert_int_equal(out_parse_format("xml"), -1);
}

/* A kept result's JSON equals what the JSON writer prints, dates and
 * infinities included (JSON has no infinity: null, as the writer). */
static void kept_json(void **state)
{
    (void)state;
    static const result_col c2[] = {{"d", RESULT_DATE}, {"v", RESULT_NUM}};
    result *r = result_new();
    result_begin(r, c2, 2);
    result_date(r, 20240229);
    result_num(r, INFINITY, 2);
    result_date(r, 0);
    result_num(r, 2.0, 1);
    json_t *rows_j = out_json_rows(r);
    char *text = json_dumps(rows_j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(text, "[{\"d\":\"2024-02-29\",\"v\":null},{\"d\":null,\"v\":2.0}]");
    free(text);
    json_decref(rows_j);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    bloc_error err;
    assert_int_equal(out_write_result(m, OUT_CSV, r, &err), BLOC_OK);
    fclose(m);
    assert_string_equal(buf, "d,v\n2024-02-29,NA\nNA,2.0\n"); /* non-finite: NA as JSON null */
    free(buf);
    result_free(r);
}

/* A writer bounded in bytes refuses the row past the bound: the result
 * fails with BLOC_ELIMIT and keeps no later row; a past deadline refuses
 * at once with BLOC_EDEADLINE. */
static void bounds(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        out_writer *w = out_writer_new(m, OUT_JSON);
        out_writer_limit(w, k == 0 ? 100 : 0, k == 0 ? 0 : util_now() - 1);
        result_sink sink = out_writer_sink(w);
        result *r = result_new_stream(&sink);
        result_begin(r, cols, 3);
        long long i = 0;
        for (; i < 1000 && result_status(r) == BLOC_OK; i++) {
            result_str(r, "a row of some length");
            result_int(r, i);
            result_num(r, 1.5, 1);
        }
        assert_int_equal(result_status(r), k == 0 ? BLOC_ELIMIT : BLOC_EDEADLINE);
        assert_true(i < 1000);
        long long rows_before = result_nrows(r);
        result_str(r, "after the refusal");
        result_int(r, 1);
        result_num(r, 1, 0);
        assert_int_equal(result_nrows(r), rows_before); /* dropped */
        assert_non_null(strstr(result_error(r)->msg, k == 0 ? "larger than 100" : "time limit"));
        result_finish(r);
        result_free(r);
        out_writer_free(w);
        fclose(m);
        free(buf);
    }
}

int test_output(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(formats), cmocka_unit_test(empty_json),
                                       cmocka_unit_test(kept_json), cmocka_unit_test(bounds)};
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
