/* tests/check/article_test — blocks and sentences of Markdown and plain
 * text at the offsets of the file as written: the cases of
 * tests/cases/check/blocks.tsv, then the errors (invalid UTF-8, a NUL
 * byte, a file too large) and the character offsets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/article.h"
#include "test.h"

/* "\n" in a case's input becomes a line end. */
static size_t unescape(const char *in, char *out)
{
    size_t n = 0;
    for (size_t i = 0; in[i]; i++) {
        if (in[i] == '\\' && in[i + 1] == 'n') {
            out[n++] = '\n';
            i++;
        } else
            out[n++] = in[i];
    }
    out[n] = '\0';
    return n;
}

static void blocks(void **state)
{
    (void)state;
    FILE *f = fopen("tests/cases/check/blocks.tsv", "r");
    assert_non_null(f);
    char line[4096];
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) /* a comment: no tab */
            continue;
        *tab = '\0';
        char input[4096], got[8192] = "";
        size_t n = unescape(line, input);
        article *a = NULL;
        bloc_error err;
        assert_int_equal(article_parse("case", input, n, &a, &err), BLOC_OK);
        assert_int_equal(a->len, n);
        for (size_t i = 0; i < a->ns; i++) {
            size_t l = strlen(got);
            snprintf(got + l, sizeof got - l, "%s%c:", i ? " | " : "", "PHL"[a->s[i].block]);
            for (size_t k = 0; k < a->s[i].len; k++) {
                l = strlen(got);
                char c = a->text[a->s[i].off + k];
                snprintf(got + l, sizeof got - l, "%c", c == ' ' ? '~' : c);
            }
            /* the blanked copy and the file differ only where markup was */
            for (size_t k = 0; k < a->s[i].len; k++) {
                char r = a->raw[a->s[i].off + k], t = a->text[a->s[i].off + k];
                assert_true(r == t || t == ' ');
            }
        }
        if (strcmp(got, tab + 1) != 0)
            fprintf(stderr, "case '%s':\n  got    %s\n  wanted %s\n", line, got, tab + 1);
        assert_string_equal(got, tab + 1);
        article_free(a);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 10);
}

static void errors(void **state)
{
    (void)state;
    article *a = NULL;
    bloc_error err;
    assert_int_equal(article_parse("bad.md", "ok \xff\xfe", 5, &a, &err), BLOC_EINPUT);
    assert_null(a);
    assert_non_null(strstr(err.msg, "bad.md: invalid UTF-8 near byte 3"));
    /* the offset is the bad byte's, after a valid multi-byte character too */
    assert_int_equal(article_parse("q.md", "\xE2\x80\x99 \xff", 5, &a, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "q.md: invalid UTF-8 near byte 4"));
    assert_int_equal(article_parse("nul.md", "a\0b", 3, &a, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "byte 1 is NUL"));
    assert_int_equal(article_read("/nonexistent/article.md", 100, &a, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/article.md"));
    char path[] = "/tmp/bloc-article-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < 200; i++)
        fputs("Words. ", f);
    fclose(f);
    assert_int_equal(article_read(path, 1000, &a, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "larger than 1000 bytes"));
    assert_int_equal(article_read(path, 100000, &a, &err), BLOC_OK);
    assert_int_equal(a->ns, 200);
    article_free(a);
    remove(path);
    /* character offsets count code points: "’" is three bytes, one character */
    assert_int_equal(article_parse("q", "A’s b.", 8, &a, &err), BLOC_OK);
    assert_int_equal(article_chars(a, 5), 3);
    assert_int_equal(article_chars(a, 8), 6);
    article_free(a);
}

int test_article(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests_name("check/article", tests, NULL, NULL);
}
