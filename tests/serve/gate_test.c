/* tests/serve/gate_test — serve/gate's verdict on request lines, from the
 * table tests/cases/serve/request-lines.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/gate.h"
#include "test.h"

#ifndef BLOC_TESTS_DIR
#define BLOC_TESTS_DIR "tests"
#endif

/* C escapes of a case line into out; returns the length. */
static size_t unescape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    size_t len = strlen(s);
    if (len && s[len - 1] == '|')
        len--;
    for (size_t i = 0; i < len && n < cap; i++) {
        if (s[i] != '\\' || i + 1 >= len) {
            out[n++] = s[i];
            continue;
        }
        char c = s[++i];
        if (c == 'r')
            out[n++] = '\r';
        else if (c == 'n')
            out[n++] = '\n';
        else if (c == 't')
            out[n++] = '\t';
        else if (c == 'x' && i + 2 < len + 1) {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else
            out[n++] = c;
    }
    return n;
}

static void request_line_cases(void **state)
{
    (void)state;
    char path[512], line[1024], in[1024] = "";
    size_t in_len = 0;
    int done = 0, cases = 0, lineno = 0;
    gate_limits l = {.max_target = 64, .max_params = 4, .max_pending = 1, .max_per_client = 1,
                     .line_ms = 1};
    snprintf(path, sizeof path, "%s/cases/serve/request-lines.txt", BLOC_TESTS_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "in: ", 4) == 0) {
            in_len = unescape(line + 4, in, sizeof in);
            done = 0;
        } else if (strncmp(line, "done: ", 6) == 0) {
            done = atoi(line + 6);
        } else if (strncmp(line, "want: ", 6) == 0) {
            int more = -1;
            const char *why = NULL;
            int status = gate_check_line(in, in_len, done, &l, &more, &why);
            char got[64];
            if (status)
                snprintf(got, sizeof got, "%d", status);
            else
                snprintf(got, sizeof got, "%s", more ? "more" : "pass");
            if (strcmp(got, line + 6) != 0)
                fail_msg("%s:%d: want %s, got %s (%s)", path, lineno, line + 6, got,
                         why ? why : "-");
            /* a refusal always says why; a pass never does */
            if ((status != 0) != (why != NULL))
                fail_msg("%s:%d: status %d with reason %s", path, lineno, status,
                         why ? why : "(none)");
            cases++;
        }
    }
    fclose(f);
    assert_true(cases >= 20);
}

int test_gate(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(request_line_cases)};
    return cmocka_run_group_tests_name("serve gate", tests, NULL, NULL);
}
