/* tests/coder/extract_test — quantities, keywords and dates read from
 * sentences, against values worked out by hand from the calendar. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coder/extract.h"
#include "coder/text.h"
#include "test.h"

static void facts(const extract_keywords *kw, const char *s, int doc, extract_facts *f)
{
    text_token *tok = NULL;
    size_t n = 0;
    bloc_error err;
    assert_int_equal(text_tokens(s, 0, strlen(s), &tok, &n, &err), BLOC_OK);
    extract_sentence(kw, NULL, s, tok, n, doc, f);
    free(tok);
}

static void quantities(void **state)
{
    (void)state;
    extract_facts f;
    facts(NULL, "North Korea shipped roughly 2.5 million ammunition rounds to Russia.", 20240101, &f);
    assert_int_equal(f.nq, 1);
    assert_true(fabs(f.q[0].value - 2.5e6) < 1e-6);
    assert_string_equal(f.q[0].unit, "ammunition rounds");
    assert_string_equal(f.q[0].text, "roughly 2.5 million ammunition rounds");
    assert_int_equal(f.q[0].approx, 1);

    facts(NULL, "China supplied 83% of Russia's imported microelectronics.", 20240101, &f);
    assert_int_equal(f.nq, 1);
    assert_true(fabs(f.q[0].value - 83) < 1e-9);
    assert_string_equal(f.q[0].unit, "%");
    assert_int_equal(f.q[0].approx, 0);

    facts(NULL, "Iran signed a $1.2 billion deal and sent 1,000,000 rounds of ammunition.", 20240101, &f);
    assert_int_equal(f.nq, 2);
    assert_true(fabs(f.q[0].value - 1.2e9) < 1);
    assert_string_equal(f.q[0].unit, "USD");
    assert_true(fabs(f.q[1].value - 1e6) < 1e-9);
    assert_string_equal(f.q[1].unit, "rounds of ammunition");

    facts(NULL, "More than twenty-five ships and hundreds of drones arrived in 2023.", 20240101, &f);
    assert_int_equal(f.nq, 2); /* 2023 is a year, not a count */
    assert_true(fabs(f.q[0].value - 25) < 1e-9 && f.q[0].approx);
    assert_string_equal(f.q[0].unit, "ships");
    assert_true(isnan(f.q[1].value) && f.q[1].approx);
    assert_string_equal(f.q[1].unit, "drones");

    facts(NULL, "One of them met him on March 3.", 20240101, &f);
    assert_int_equal(f.nq, 0); /* pronoun-like numbers and dates are not quantities */
}

static void keywords(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *a = test_write(dir, "a.txt", "# test\ndrone\tweapon\tmilitary\nballistic missile\tweapon\tmilitary\n"
                                       "missile\tweapon\tmilitary\nmicrochip\ttechnology\ttechnology\n"
                                       "naval drill\texercise\tmilitary\n");
    char *b = test_write(dir, "b.txt", "drone\tunmanned\tmilitary\n");
    char *bad = test_write(dir, "bad.txt", "drone weapon military\n");
    const char *paths[] = {a, b};
    extract_keywords *kw = NULL;
    bloc_error err;
    assert_int_equal(extract_keywords_load(&kw, paths, 2, &err), BLOC_OK);
    assert_int_equal(extract_keywords_count(kw), 5);
    extract_facts f;
    const char *s = "Iran sent drones, ballistic missiles and microchips before the naval drills.";
    facts(kw, s, 20240101, &f);
    assert_int_equal(f.nk, 4);
    assert_string_equal(f.k[0].term, "drone");
    assert_string_equal(f.k[0].category, "unmanned"); /* the later file wins */
    assert_string_equal(f.k[1].term, "ballistic missile"); /* longest phrase */
    assert_int_equal(f.k[1].len, strlen("ballistic missiles"));
    assert_int_equal(strncmp(s + f.k[1].off, "ballistic", 9), 0);
    assert_string_equal(f.k[2].domain, "technology");
    assert_string_equal(f.k[3].term, "naval drill");
    extract_keywords_free(kw);
    const char *badp[] = {bad};
    assert_int_equal(extract_keywords_load(&kw, badp, 1, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.file, "bad.txt"));
    assert_int_equal(err.line, 1);
    free(a);
    free(b);
    free(bad);
    free(dir);
}

static void issues(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *f = test_write(dir, "Test.IssueCoding.txt",
                         "# issues\n<ISSUE CATEGORY=\"SANCTIONS\" TYPE=\"ALL\">\n"
                         "n:sanction [SANCTIONS]\nv:embargo [SANCTIONS]\n</ISSUE>\n"
                         "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nhead start [EARLY]\n~a head start\n"
                         "pre+k [EARLY]\nliteracy\n</ISSUE>\n");
    const char *dirs[] = {dir};
    extract_keywords *is = NULL;
    bloc_error err;
    assert_int_equal(extract_issues_load(&is, dirs, 1, &err), BLOC_OK);
    text_token *tok = NULL;
    size_t n = 0;
    extract_facts fx;
    const char *s1 = "They embargoed oil, imposed sanctions and funded literacy.";
    assert_int_equal(text_tokens(s1, 0, strlen(s1), &tok, &n, &err), BLOC_OK);
    extract_sentence(NULL, is, s1, tok, n, 20240101, &fx);
    free(tok);
    assert_int_equal(fx.nissue, 2); /* one SANCTIONS for two matches */
    assert_string_equal(fx.issue[0].category, "SANCTIONS");
    assert_string_equal(fx.issue[1].category, "EDUCATION"); /* no code: the category */
    assert_string_equal(fx.issue[1].domain, "EDUCATION");
    const char *s2 = "It gave them a head start in pre-k.";
    assert_int_equal(text_tokens(s2, 0, strlen(s2), &tok, &n, &err), BLOC_OK);
    extract_sentence(NULL, is, s2, tok, n, 20240101, &fx);
    free(tok);
    assert_int_equal(fx.nissue, 1); /* "a head start" is excluded; pre-k is not */
    assert_string_equal(fx.issue[0].category, "EARLY");
    assert_string_equal(s2 + fx.issue[0].off, "pre-k.");
    extract_keywords_free(is);
    char *bad = test_write(dir, "Bad.IssueCoding.txt", "sanction [SANCTIONS]\n");
    assert_int_equal(extract_issues_load(&is, dirs, 1, &err), BLOC_EINPUT);
    assert_int_equal(err.line, 1);
    free(bad);
    free(f);
    free(dir);
}

static int when(const char *s, int doc, int *precision)
{
    extract_facts f;
    facts(NULL, s, doc, &f);
    *precision = f.when.precision;
    return f.when.date;
}

static void dates(void **state)
{
    (void)state;
    int p;
    /* 2024-03-13 was a Wednesday */
    assert_int_equal(when("Russia attacked yesterday.", 20240313, &p), 20240312);
    assert_int_equal(p, EXTRACT_DAY);
    assert_int_equal(when("They met on Monday.", 20240313, &p), 20240311);
    assert_int_equal(when("They met on Wednesday.", 20240313, &p), 20240313);
    assert_int_equal(when("They met last Wednesday.", 20240313, &p), 20240306);
    assert_int_equal(when("They will meet next Monday.", 20240313, &p), 20240318);
    assert_int_equal(when("Talks were held last week.", 20240313, &p), 20240304);
    assert_int_equal(p, EXTRACT_WEEK);
    assert_int_equal(when("Talks were held last month.", 20240113, &p), 20231201);
    assert_int_equal(p, EXTRACT_MONTH);
    assert_int_equal(when("The deal was signed last year.", 20240313, &p), 20230101);
    assert_int_equal(p, EXTRACT_YEAR);
    assert_int_equal(when("It began three weeks ago.", 20240313, &p), 20240219);
    assert_int_equal(p, EXTRACT_WEEK);
    assert_int_equal(when("It began two days ago.", 20240301, &p), 20240228);
    assert_int_equal(when("Drills were held in March.", 20240313, &p), 20240301);
    assert_int_equal(p, EXTRACT_MONTH);
    assert_int_equal(when("Drills were held in October.", 20240313, &p), 20231001);
    assert_int_equal(when("The treaty of June 19, 2024 binds them.", 20250101, &p), 20240619);
    assert_int_equal(p, EXTRACT_DAY);
    assert_int_equal(when("They met on 3 March.", 20240313, &p), 20240303);
    assert_int_equal(when("Ties have grown since 2014.", 20240313, &p), 20140101);
    assert_int_equal(p, EXTRACT_YEAR);
    assert_int_equal(when("Seized on 2022-02-24 at dawn.", 20240313, &p), 20220224);
    /* "may" and "march" as words, and nothing at all */
    assert_int_equal(when("Russia may march on.", 20240313, &p), 0);
    assert_int_equal(p, EXTRACT_NONE);
    assert_string_equal(extract_precision_name(EXTRACT_MONTH), "month");
}

int test_extract(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantities),
        cmocka_unit_test(keywords),
        cmocka_unit_test(dates),
        cmocka_unit_test(issues),
    };
    return cmocka_run_group_tests_name("coder/extract", tests, NULL, NULL);
}
