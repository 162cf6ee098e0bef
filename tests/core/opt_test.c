/* tests/core/opt_test — the option parser on its own, table-driven: the
 * cases are data (tests/cases/opt/argv.txt for command lines,
 * params.txt for HTTP parameters): an input, and the request it must give
 * (every field set, in a fixed order) or the error it must report. Also
 * --help from the table and the period syntax. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/opt.h"
#include "test.h"

#ifndef BLOC_TESTS_DIR
#define BLOC_TESTS_DIR "tests"
#endif

typedef struct treq {
    const char *a, *b;
    opt_rest rest;
    int flag, other;
    const char *str, *list;
    long long n;
    int small;
    double x;
    int since, until;
    opt_span period;
    int kind;
    const char *cb;
} treq;

static const char *const kinds[] = {"week", "month", "year", NULL};

static int parse_cb(void *field, const char *value, char *msg, size_t n)
{
    if (strcmp(value, "bad") == 0) {
        snprintf(msg, n, "callback refuses '%s'", value);
        return 1;
    }
    if (strcmp(value, "syntax") == 0) {
        snprintf(msg, n, "callback: malformed");
        return 2;
    }
    *(const char **)field = value;
    return 0;
}

static const opt_def defs[] = {
    OPTE_ARG_REQ("a", treq, a, "A"),
    OPTE_ARG("b", treq, b, "B"),
    OPTE_REST(treq, rest, "MORE"),
    OPTE_FLAG("flag", 'f', treq, flag, "a flag"),
    OPTE_FLAG("flagship", 0, treq, other, "a flag sharing a prefix"),
    OPTE_STRING("str", 's', treq, str, "S", "a string"),
    OPTE_LIST("list", treq, list, "LIST", "a list"),
    OPTE_INT("n", treq, n, 0, 100, "--n needs 0..100", "a whole number"),
    OPTE_INT32("small", treq, small, -5, 5, NULL, "a small number (default message)"),
    {.type = OPT_NUMBER, .name = "x", .offset = offsetof(treq, x), .argname = "X", .help = "a number",
     .dmin = 0, .dmax = 10, .flags = OPT_GT_MIN, .bad = "--x needs a number above 0, at most 10"},
    OPTE_DATE("since", treq, since, "a start"),
    OPTE_DATE_END("until", treq, until, "an end"),
    {.type = OPT_PERIOD, .name = "period", .offset = offsetof(treq, period), .argname = "P", .help = "a period"},
    OPTE_ENUM("kind", treq, kind, kinds, "week|month|year", NULL, "an enum"),
    {.type = OPT_CALLBACK, .name = "cb", .offset = offsetof(treq, cb), .argname = "V", .help = "custom",
     .parse = parse_cb},
    OPTE_STRING_CLI("secret", 0, treq, str, "S", "CLI only"),
    {.type = OPT_FLAG, .name = "help"},
    OPTE_END};

/* The request as text: every field that is set, in order. */
static void dump(const treq *q, int npos, char *out, size_t n)
{
    size_t o = 0;
#define PUT(...) o += (size_t)snprintf(out + o, n - o, __VA_ARGS__)
    PUT("npos=%d", npos);
    if (q->a) PUT(" a=%s", q->a);
    if (q->b) PUT(" b=%s", q->b);
    for (int i = 0; i < q->rest.n; i++) PUT(" rest=%s", q->rest.v[i]);
    if (q->flag) PUT(" flag=%d", q->flag);
    if (q->other) PUT(" flagship=%d", q->other);
    if (q->str) PUT(" str=%s", q->str);
    if (q->list) PUT(" list=%s", q->list);
    if (q->n != -1) PUT(" n=%lld", q->n);
    if (q->small) PUT(" small=%d", q->small);
    if (q->x) PUT(" x=%g", q->x);
    if (q->since) PUT(" since=%d", q->since);
    if (q->until) PUT(" until=%d", q->until);
    if (q->period.since) PUT(" period=%d..%d", q->period.since, q->period.until);
    if (q->kind != -1) PUT(" kind=%s", kinds[q->kind]);
    if (q->cb) PUT(" cb=%s", q->cb);
#undef PUT
}

static const char *result_name(int r)
{
    return r == OPT_SHOW_HELP ? "HELP" : r == OPT_ESYNTAX ? "ESYNTAX" : r == OPT_EVALUE ? "EVALUE" : "OK";
}

/* Split a line into words: spaces separate, "double quotes" group. */
static int words(char *line, char **w, int max)
{
    int n = 0;
    for (char *p = line; *p && n < max;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p == '"') {
            w[n++] = ++p;
            while (*p && *p != '"')
                p++;
        } else {
            w[n++] = p;
            while (*p && *p != ' ')
                p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return n;
}

/* Run every case of a file: "in: ..." then "want: ...", a blank line
 * between cases, # comments. */
static void run_cases(const char *file, int params)
{
    char path[512], line[1024], in[1024] = "";
    snprintf(path, sizeof path, "%s/cases/opt/%s", BLOC_TESTS_DIR, file);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int cases = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "in: ", 4) == 0) {
            snprintf(in, sizeof in, "%s", line + 4);
            continue;
        }
        if (strncmp(line, "want: ", 6) != 0)
            continue;
        treq q = {.n = -1, .kind = -1};
        opt_status st;
        opt_target t[] = {{defs, &q}, {NULL, NULL}};
        char copy[1024], got[1024], *argv[64] = {"cmd"}; /* the request borrows argv */
        snprintf(copy, sizeof copy, "%s", in);
        int r;
        if (!params) {
            int argc = 1 + words(copy, argv + 1, 62);
            r = opt_parse_argv(t, argc, argv, &st);
        } else {
            opt_param p[32];
            size_t n = 0;
            for (char *tok = strtok(copy, "&"); tok && n < 32; tok = strtok(NULL, "&")) {
                char *eq = strchr(tok, '=');
                if (eq)
                    *eq = '\0';
                p[n++] = (opt_param){tok, eq ? eq + 1 : ""};
            }
            r = opt_parse_params(t, p, n, &st);
        }
        if (r == OPT_OK)
            dump(&q, st.npos, got, sizeof got);
        else
            snprintf(got, sizeof got, "%s %s", result_name(r), r == OPT_SHOW_HELP ? "" : st.msg);
        size_t gl = strlen(got);
        while (gl && got[gl - 1] == ' ')
            got[--gl] = '\0';
        if (strcmp(got, line + 6) != 0)
            fail_msg("%s:%d: in: %s\n  want: %s\n  got:  %s", path, lineno, in, line + 6, got);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 10);
}

static void argv_cases(void **state)
{
    (void)state;
    run_cases("argv.txt", 0);
}

static void param_cases(void **state)
{
    (void)state;
    run_cases("params.txt", 1);
}

/* --help lists every documented option with its argument, and leaves out
 * positionals and hidden entries. */
static void help_text(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    opt_help(m, defs);
    fclose(m);
    assert_non_null(strstr(buf, "  -f, --flag          a flag\n"));
    assert_non_null(strstr(buf, "  --n N               a whole number\n"));
    assert_non_null(strstr(buf, "  --kind week|month|year\n"));
    assert_null(strstr(buf, "MORE"));
    assert_null(strstr(buf, "--help"));
    free(buf);
}

static void periods(void **state)
{
    (void)state;
    opt_span s;
    assert_int_equal(opt_parse_period("2023-Q4", &s), 0);
    assert_int_equal(s.since, 20231001);
    assert_int_equal(s.until, 20231231);
    assert_int_equal(opt_parse_period("2024-02", &s), 0);
    assert_int_equal(s.until, 20240229);
    assert_int_equal(opt_parse_period("2024-Q5", &s), -1);
    assert_int_equal(opt_parse_period("Q1-2024", &s), -1);
}

int test_opt(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(argv_cases), cmocka_unit_test(param_cases),
                                       cmocka_unit_test(help_text), cmocka_unit_test(periods)};
    return cmocka_run_group_tests_name("core/opt", tests, NULL, NULL);
}
