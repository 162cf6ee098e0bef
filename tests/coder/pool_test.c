/* tests/coder/pool_test — documents coded on N threads come back in the
 * order they were submitted with the same events as on one thread; and the
 * evaluation counts agree with what it coded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/eval.h"
#include "coder/pool.h"
#include "test.h"

typedef struct collect {
    char *text;
    size_t len, cap;
    long docs;
} collect;

static int emit(void *ctx, coder_doc *d, bloc_error *err)
{
    (void)err;
    collect *c = ctx;
    char line[256];
    c->docs++;
    for (size_t i = 0; i < d->nev || i == 0; i++) {
        int n = i < d->nev ? snprintf(line, sizeof line, "%s %zu %s %s %s\n", d->id, d->ev[i].sentence,
                                      d->ev[i].e.source, d->ev[i].e.target, d->ev[i].e.code)
                           : snprintf(line, sizeof line, "%s -\n", d->id);
        if (c->len + (size_t)n + 1 > c->cap) {
            c->cap = (c->cap + (size_t)n + 1) * 2;
            c->text = realloc(c->text, c->cap);
        }
        memcpy(c->text + c->len, line, (size_t)n + 1);
        c->len += (size_t)n;
        if (i >= d->nev)
            break;
    }
    return BLOC_OK;
}

static const char *const sentences[] = {
    "Arnor is about to restore full diplomatic ties with Gondor.",
    "Gondor accused Arnor of violating the border agreement.",
    "The weather was fine.",
    "Arnor and Gondor signed a trade agreement on Monday.",
};

static char *run(const coder *c, const coder_opts *o, int jobs, long docs)
{
    coder_tables t = {c, o, NULL, NULL};
    coder_pool *p = NULL;
    collect col = {0};
    bloc_error err;
    assert_int_equal(coder_pool_new(&p, &t, jobs, emit, &col, &err), BLOC_OK);
    for (long i = 0; i < docs; i++) {
        char id[32];
        const char *s = sentences[i % 4];
        snprintf(id, sizeof id, "doc%ld", i);
        coder_doc *d = coder_doc_new(id, NULL, s, strlen(s), 19950101, i + 1, 0);
        assert_non_null(d);
        assert_int_equal(coder_pool_submit(p, d, &err), BLOC_OK);
    }
    assert_int_equal(coder_pool_finish(p, BLOC_OK, &err), BLOC_OK);
    assert_int_equal(col.docs, docs);
    return col.text;
}

static void same_order_any_jobs(void **state)
{
    (void)state;
    coder *c = NULL;
    bloc_error err;
    const char *dicts[] = {BLOC_DATADIR "/coder/validate"};
    coder_opts o = {.require_dyad = 1};
    if (coder_load(&c, dicts, 1, &err) != BLOC_OK)
        fail_msg("coder_load: %s", err.msg);
    char *one = run(c, &o, 1, 200), *four = run(c, &o, 4, 200);
    assert_string_equal(one, four);
    assert_non_null(strstr(one, "doc0 1 ")); /* the first sentence codes */
    assert_non_null(strstr(one, "doc2 -\n")); /* the weather codes nothing */
    assert_true(strstr(one, "doc10 ") < strstr(one, "doc11 ")); /* in order */
    free(one);
    free(four);
    coder_free(c);
}

static const coder *one_coder(void *ctx, const char *dictionaries, bloc_error *err)
{
    (void)dictionaries, (void)err;
    return ctx;
}

/* Country level, signs and quad classes, with the Phoenix dictionaries:
 * "Russia attacked Ukraine." codes RUS UKR 190 (material conflict). */
static void eval_signs(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *gold = test_write(dir, "signs.jsonl",
        /* the right pair, the right root at country level (RUSMIL is RUS), the right side */
        "{\"id\":\"s1\",\"date\":\"20240101\",\"text\":\"Russia attacked Ukraine.\","
        "\"expected\":[{\"source\":\"RUSMIL\",\"target\":\"UKR\",\"code\":\"193\"}]}\n"
        /* the pair, on the other side: a sign error */
        "{\"id\":\"s2\",\"date\":\"20240101\",\"text\":\"Russia attacked Ukraine.\","
        "\"expected\":[{\"source\":\"UKR\",\"target\":\"RUS\",\"code\":\"042\"}]}\n"
        /* no gold event: spurious */
        "{\"id\":\"s3\",\"date\":\"20240101\",\"text\":\"Russia attacked Ukraine.\",\"expected\":[]}\n");
    coder *c = NULL;
    bloc_error err;
    const char *dicts[] = {BLOC_DATADIR "/coder/phoenix"};
    coder_opts o = {.require_dyad = 1};
    coder_score sc;
    assert_int_equal(coder_load(&c, dicts, 1, &err), BLOC_OK);
    assert_int_equal(coder_eval(one_coder, c, &o, gold, 20240101, &sc, &err), BLOC_OK);
    assert_int_equal(sc.records, 3);
    assert_int_equal(sc.tp, 0);
    assert_int_equal(sc.ctp, 1);          /* s1 at country level */
    assert_int_equal(sc.cfp, 2);
    assert_int_equal(sc.cfn, 1);          /* s2's cooperation */
    assert_int_equal(sc.sign_pairs, 2);   /* s1, s2 (either order) */
    assert_int_equal(sc.sign_errors, 1);  /* s2 */
    assert_true(sc.sign_error_rate > 0.49 && sc.sign_error_rate < 0.51);
    assert_int_equal(sc.quad[4][4], 1);   /* s1 */
    assert_int_equal(sc.quad[1][0], 1);   /* s2's gold missed (its pair is UKR-RUS) */
    assert_int_equal(sc.quad[0][4], 2);   /* s2's and s3's coded events */
    assert_int_equal(coder_quad_of("190"), 4);
    assert_int_equal(coder_quad_of("042"), 1);
    assert_int_equal(coder_quad_of("0874"), 2);
    assert_int_equal(coder_quad_of("112"), 3);
    assert_int_equal(coder_quad_of("223"), 0);
    assert_int_equal(coder_quad_of("00"), 0);
    assert_int_equal(coder_quad_of("x1"), 0);
    coder_free(c);
    free(gold);
    free(dir);
}

static void eval_counts(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *gold = test_write(dir, "gold.jsonl",
        "{\"id\":\"g1\",\"date\":\"19950101\",\"text\":\"Gondor accused Arnor of violating the border agreement.\","
        "\"expected\":[{\"source\":\"GON\",\"target\":\"ARN\",\"code\":\"999\"}]}\n"
        "{\"id\":\"g2\",\"date\":\"19950101\",\"text\":\"The weather was fine.\",\"expected\":[]}\n"
        "{\"id\":\"g3\",\"text\":\"Left out.\",\"scored\":false,\"expected\":[]}\n");
    coder *c = NULL;
    bloc_error err;
    const char *dicts[] = {BLOC_DATADIR "/coder/validate"};
    coder_opts o = {.require_dyad = 1};
    coder_score sc;
    assert_int_equal(coder_load(&c, dicts, 1, &err), BLOC_OK);
    assert_int_equal(coder_eval(one_coder, c, &o, gold, 19950101, &sc, &err), BLOC_OK);
    assert_int_equal(sc.records, 2);
    assert_int_equal(sc.tp, 0);                  /* no event codes 999 */
    assert_int_equal(sc.fn, 1);                  /* the expected one is missed */
    assert_int_equal(sc.right, sc.fp == 0 ? 1 : sc.right); /* g2 is right when nothing is coded */
    assert_true(sc.right >= 1);
    assert_true(sc.precision == 0.0 && sc.recall == 0.0 && sc.f1 == 0.0);
    char *bad = test_write(dir, "bad.jsonl", "{\"id\": 1\n");
    assert_int_equal(coder_eval(one_coder, c, &o, bad, 19950101, &sc, &err), BLOC_EINPUT);
    assert_int_equal(err.line, 1);
    coder_free(c);
    free(gold);
    free(bad);
    free(dir);
}

int test_coder_pool(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(same_order_any_jobs),
                                       cmocka_unit_test(eval_counts), cmocka_unit_test(eval_signs)};
    return cmocka_run_group_tests_name("coder/pool and eval", tests, NULL, NULL);
}
