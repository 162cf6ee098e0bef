/* tests/feed/feed_test — GDELT's update lists read by the feed,
 * table-driven (tests/cases/feed/lists.txt): what is kept, in what order,
 * the backfill's day filter, and malformed lines as errors naming their
 * line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "test.h"

static void check_case(const char *title, const char *list, int from, int to, const char *want)
{
    feed_entry *e = NULL;
    size_t n = 0;
    bloc_error err;
    char got[8192] = "";
    size_t o = 0;
    if (feed_parse_list(list, "list.txt", from, to, &e, &n, &err) != BLOC_OK) {
        assert_string_equal(err.file, "list.txt");
        snprintf(got, sizeof got, "error %ld: %s\n", err.line, err.msg);
    } else {
        for (size_t i = 0; i < n; i++)
            o += (size_t)snprintf(got + o, sizeof got - o, "%lld %s %lld %s\n", e[i].size, e[i].md5,
                                  e[i].stamp, e[i].url);
    }
    free(e);
    if (strcmp(got, want) != 0)
        fail_msg("%s\n--- want\n%s--- got\n%s", title, want, got);
}

static void lists(void **state)
{
    (void)state;
    char *text = test_read("tests/cases/feed/lists.txt");
    assert_non_null(text);
    char title[256] = "", list[8192], want[8192];
    int from = 0, to = 0, mode = 0, cases = 0;
    size_t lo = 0, wo = 0;
    for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (mode == 0 && strncmp(line, "case: ", 6) == 0) {
            snprintf(title, sizeof title, "%s", line + 6);
            from = to = 0;
            lo = wo = 0;
            list[0] = want[0] = '\0';
        } else if (mode == 0 && strncmp(line, "from: ", 6) == 0) {
            from = atoi(line + 6);
        } else if (mode == 0 && strncmp(line, "to: ", 4) == 0) {
            to = atoi(line + 4);
        } else if (strcmp(line, "list:") == 0) {
            mode = 1;
        } else if (strcmp(line, "want:") == 0) {
            mode = 2;
        } else if (strcmp(line, "end") == 0) {
            check_case(title, list, from, to, want);
            cases++;
            mode = 0;
        } else if (mode == 1) {
            lo += (size_t)snprintf(list + lo, sizeof list - lo, "%s\n", line);
        } else if (mode == 2) {
            wo += (size_t)snprintf(want + wo, sizeof want - wo, "%s\n", line);
        }
    }
    free(text);
    assert_int_equal(cases, 12); /* every case of the file ran */
}

int test_feed(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(lists)};
    return cmocka_run_group_tests_name("feed", tests, NULL, NULL);
}
