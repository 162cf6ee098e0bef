/* tests/core/result_test — results: kept rows and their copies of the
 * strings given, streaming (rows handed over one at a time, memory reused),
 * a sink that refuses, notes, and the schema. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "test.h"

static const result_col cols[] = {{"s", RESULT_STR}, {"i", RESULT_INT}, {"x", RESULT_NUM},
                                  {"d", RESULT_DATE}};

static void kept(void **state)
{
    (void)state;
    result *r = result_new();
    char buf[16];
    assert_int_equal(result_begin(r, cols, 4), BLOC_OK);
    for (int k = 0; k < 3; k++) {
        snprintf(buf, sizeof buf, "row %d", k); /* the same buffer each row: copied */
        result_str(r, buf);
        result_int(r, k);
        result_num(r, k == 1 ? NAN : k / 4.0, 2);
        result_date(r, k ? 20200101 + k : 0);
    }
    assert_int_equal(result_nrows(r), 3);
    assert_int_equal(result_ncols(r), 4);
    assert_string_equal(result_cell(r, 0, 0)->v.s, "row 0");
    assert_string_equal(result_cell(r, 2, 0)->v.s, "row 2");
    assert_int_equal(result_cell(r, 1, 2)->type, RESULT_NA); /* NaN is missing */
    assert_int_equal(result_cell(r, 0, 3)->type, RESULT_NA); /* date 0 is missing */
    assert_int_equal(result_cell(r, 2, 3)->v.date, 20200103);
    assert_int_equal(result_cell(r, 2, 2)->decimals, 2);
    assert_null(result_cell(r, 3, 0));
    assert_int_equal(result_col_index(r, "x"), 2);
    assert_int_equal(result_col_index(r, "nope"), -1);
    assert_int_equal(result_finish(r), BLOC_OK);
    result_free(r);
}

typedef struct seen {
    int begun, ended;
    long long rows, refuse_after;
    char last[64];
} seen;

static int s_begin(void *ctx, const result_col *c, size_t n, bloc_error *err)
{
    (void)err;
    seen *s = ctx;
    s->begun = (int)n;
    assert_string_equal(c[0].name, "s");
    return BLOC_OK;
}

static int s_row(void *ctx, const result_value *cells, size_t n, bloc_error *err)
{
    seen *s = ctx;
    assert_int_equal(n, 4);
    snprintf(s->last, sizeof s->last, "%s", cells[0].v.s);
    if (++s->rows > s->refuse_after && s->refuse_after >= 0)
        return bloc_fail(err, BLOC_ELIMIT, "enough after %lld rows", s->refuse_after);
    return BLOC_OK;
}

static int s_end(void *ctx, const result *r, bloc_error *err)
{
    (void)err;
    assert_non_null(r); /* the sink gets the result, for its notes */
    ((seen *)ctx)->ended++;
    return BLOC_OK;
}

static void streamed(void **state)
{
    (void)state;
    seen s = {.refuse_after = -1};
    result_sink sink = {s_begin, s_row, s_end, &s};
    result *r = result_new_stream(&sink);
    char big[40000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    result_begin(r, cols, 4);
    assert_int_equal(s.begun, 4);
    for (int k = 0; k < 10000; k++) { /* far more text than one arena block */
        result_str(r, k % 100 ? "short" : big);
        result_int(r, k);
        result_num(r, 1, 0);
        result_date(r, 20200101);
    }
    assert_int_equal(s.rows, 10000);
    assert_null(result_cell(r, 0, 0)); /* a streamed result keeps no rows */
    result_finish(r);
    result_finish(r); /* once */
    assert_int_equal(s.ended, 1);
    result_free(r);
}

static void refused(void **state)
{
    (void)state;
    seen s = {.refuse_after = 2};
    result_sink sink = {s_begin, s_row, s_end, &s};
    result *r = result_new_stream(&sink);
    result_begin(r, cols, 4);
    for (int k = 0; k < 5; k++) {
        char name[16];
        snprintf(name, sizeof name, "r%d", k);
        result_str(r, name);
        result_int(r, k);
        result_num(r, 0, 0);
        result_date(r, 0);
    }
    assert_int_equal(result_status(r), BLOC_ELIMIT);
    assert_string_equal(result_error(r)->msg, "enough after 2 rows");
    assert_int_equal(s.rows, 3); /* the refused row was the last handed over */
    assert_string_equal(s.last, "r2");
    assert_int_equal(result_finish(r), BLOC_ELIMIT);
    result_free(r);
}

static void notes(void **state)
{
    (void)state;
    result *r = result_new();
    assert_int_equal(result_nnotes(r), 0);
    result_note(r, "no change found in %d periods", 7);
    result_note(r, "second");
    assert_int_equal(result_nnotes(r), 2);
    assert_string_equal(result_note_at(r, 0), "no change found in 7 periods");
    assert_null(result_note_at(r, 2));
    assert_false(result_begun(r));
    assert_int_equal(result_finish(r), BLOC_OK); /* nothing begun: nothing to end */
    result_free(r);
}

int test_result(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(kept), cmocka_unit_test(streamed),
                                       cmocka_unit_test(refused), cmocka_unit_test(notes)};
    return cmocka_run_group_tests_name("core/result", tests, NULL, NULL);
}
