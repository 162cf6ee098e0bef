/* tests/coder/pos_test — the part-of-speech layer: the lexicon read from
 * WordNet's files, its refusal of a folder without them, and the tags of
 * the hand-written sentences in tests/cases/coder/pos.tsv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/session.h"
#include "coder/pos.h"
#include "coder/text.h"
#include "test.h"

static const char *wordnet(void)
{
    const char *d = getenv("BLOC_WORDNET");
    return d && *d ? d : BLOC_WORDNET_DEFAULT;
}

static void lexicon(void **state)
{
    (void)state;
    pos_lexicon *p = NULL;
    bloc_error err;
    assert_int_equal(pos_load(&p, wordnet(), &err), BLOC_OK);
    /* WordNet 3.0 has about 147,000 lemmas, fewer without its phrases */
    assert_true(pos_size(p) > 80000);
    pos_free(p);
    assert_int_equal(pos_load(&p, "/nonexistent", &err), BLOC_EIO);
    assert_null(p);
    assert_non_null(strstr(err.msg, "wordnet-base"));
    assert_string_equal(err.file, "/nonexistent/index.noun");
}

static int tag_of(const char *name)
{
    for (int t = 0; t <= POS_PUNCT; t++)
        if (strcmp(pos_tag_name(t), name) == 0)
            return t;
    return -1;
}

static void cases(void **state)
{
    (void)state;
    pos_lexicon *p = NULL;
    bloc_error err;
    assert_int_equal(pos_load(&p, wordnet(), &err), BLOC_OK);
    FILE *f = fopen("tests/cases/coder/pos.tsv", "r");
    assert_non_null(f);
    char line[2048];
    int lineno = 0, checked = 0, wrong = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        text_token *t = NULL;
        size_t n = 0;
        assert_int_equal(text_tokens(line, 0, strlen(line), &t, &n, &err), BLOC_OK);
        unsigned char *tags = malloc(n + 1);
        assert_non_null(tags);
        pos_tag_sentence(p, line, t, n, NULL, tags);
        char *save = NULL;
        for (char *want = strtok_r(tab + 1, " ", &save); want; want = strtok_r(NULL, " ", &save)) {
            char *eq = strrchr(want, '=');
            assert_non_null(eq);
            *eq = '\0';
            int tag = tag_of(eq + 1);
            assert_true(tag >= 0);
            size_t i = 0;
            while (i < n && strcmp(t[i].word, want) != 0)
                i++;
            if (i == n) {
                print_error("pos.tsv:%d: no token %s\n", lineno, want);
                wrong++;
            } else if (tags[i] != tag) {
                print_error("pos.tsv:%d: %s tagged %s, wanted %s (%s)\n", lineno, want,
                            pos_tag_name(tags[i]), eq + 1, line);
                wrong++;
            }
            checked++;
        }
        free(tags);
        free(t);
    }
    fclose(f);
    pos_free(p);
    assert_true(checked >= 60);
    assert_int_equal(wrong, 0);
}

int test_pos(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexicon),
        cmocka_unit_test(cases),
    };
    return cmocka_run_group_tests_name("coder/pos", tests, NULL, NULL);
}
