/* tests/analysis/cases_test — the library's calls, table-driven: every
 * case file in tests/cases/analysis/ names a fixture store, a command line (parsed
 * by the call's own option table) and the CSV the call must answer, worked
 * out by hand (tests/cases/analysis/README.md). The fixtures are loaded
 * through the library's own loads (ingest events, ingest unga). */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc.h"
#include "test.h"

typedef struct fixture {
    const char *name;
    char *db, *input; /* the store, and the input file whose path the output names */
    bloc_config cfg;
} fixture;

static fixture fixtures[2] = {{"events", NULL, NULL, {0}}, {"unga", NULL, NULL, {0}}};

static const struct {
    const char *name;
    const bloc_call *call;
} calls[] = {{"dyad", &analysis_dyad},       {"pairs", &analysis_pairs},
             {"group", &analysis_group},     {"stance", &analysis_stance},
             {"network", &analysis_network}, {"friction", &analysis_friction},
             {"changes", &analysis_changes}, {"assess", &analysis_assess},
             {"index", &analysis_index},     {"unga", &analysis_unga},
             {"events", &api_events},        {"countries", &api_countries},
             {"codes", &api_codes}};

/* Run call c on the request argv parses into; the CSV (malloc'd) and the
 * notes, one per line. Returns the call's status. */
static int run_call(const fixture *fx, const bloc_call *c, int argc, char **argv, char **csv,
                    char *notes, size_t nsz, bloc_error *err)
{
    void *req = bloc_call_request(c);
    opt_target t[] = {{c->opts, req}, {NULL, NULL}};
    opt_status st;
    size_t len = 0;
    FILE *m = open_memstream(csv, &len);
    out_writer *w = out_writer_new(m, OUT_CSV);
    result_sink sink = out_writer_sink(w);
    result *res = result_new_stream(&sink);
    bloc_session *S = NULL;
    int rc = opt_parse_argv(t, argc, argv, &st) == OPT_OK ? BLOC_OK
                                                           : bloc_fail(err, BLOC_EUSAGE, "%s", st.msg);
    if (rc == BLOC_OK)
        rc = bloc_call_check(c, req, st.npos, NULL, err);
    if (rc == BLOC_OK)
        rc = bloc_session_new(&S, &fx->cfg, 0, NULL, 0, err);
    if (rc == BLOC_OK)
        rc = c->run(S, req, res, err);
    result_finish(res);
    notes[0] = '\0';
    for (size_t i = 0, o = 0; i < result_nnotes(res) && o < nsz; i++)
        o += (size_t)snprintf(notes + o, nsz - o, "%s\n", result_note_at(res, i));
    result_free(res);
    out_writer_free(w);
    fclose(m);
    bloc_session_close(S);
    free(req);
    return rc;
}

static void load(fixture *fx, const bloc_call *c, void *req)
{
    char *csv = NULL, notes[512];
    bloc_error err;
    bloc_session *S = NULL;
    result *res = result_new();
    if (bloc_session_new(&S, &fx->cfg, 0, NULL, 0, &err) != BLOC_OK || c->run(S, req, res, &err) != BLOC_OK)
        fail_msg("loading fixture %s: %s", fx->name, err.msg);
    (void)csv, (void)notes;
    result_free(res);
    bloc_session_close(S);
}

static int setup(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    for (int i = 0; i < 2; i++) {
        fixture *fx = &fixtures[i];
        fx->db = malloc(strlen(dir) + 32);
        sprintf(fx->db, "%s/%s.db", dir, fx->name);
        fx->cfg = (bloc_config){fx->db, BLOC_DATADIR, BLOC_ISODIR_DEFAULT, BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
    }
    fixtures[0].input = strdup("tests/cases/analysis/events.csv");
    char *files[] = {fixtures[0].input};
    ingest_events_req ev = {.files = {files, 1}, .quiet = 1};
    load(&fixtures[0], &ingest_events_call, &ev);
    fixtures[1].input = strdup("tests/cases/unga/votes.csv");
    ingest_unga_req un = {.votes = fixtures[1].input, .rollcalls = "tests/cases/unga/rollcalls.csv",
                          .issues = "tests/cases/unga/issues.csv", .quiet = 1};
    load(&fixtures[1], &ingest_unga_call, &un);
    free(dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) {
        free(fixtures[i].db);
        free(fixtures[i].input);
    }
    return 0;
}

/* Every occurrence of from in s replaced by to (s is malloc'd; so is the
 * result). */
static char *replace_all(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), n = 0;
    for (const char *p = s; (p = strstr(p, from)); p += fl)
        n++;
    char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1), *o = out;
    for (const char *p = s, *q; ; p = q + fl) {
        q = strstr(p, from);
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(o, p, k);
        o += k;
        if (!q)
            break;
        memcpy(o, to, tl);
        o += tl;
    }
    *o = '\0';
    free(s);
    return out;
}

static int one_case(const char *path)
{
    char *text = test_read(path), *fx_name, *args, *want, *want_notes = "";
    assert_non_null(text);
    if (!strstr(text, "\n---\n") || !strstr(text, "fixture: ") || !strstr(text, "args: "))
        fail_msg("%s: a case needs fixture:, args: and ---", path);
    want = strstr(text, "\n---\n") + 5; /* the rest of the file, up to notes: */
    char *nt = strstr(want, "notes:\n");
    if (nt) {
        *nt = '\0';
        want_notes = nt + 7;
    }
    fx_name = strstr(text, "fixture: ") + 9;
    args = strstr(text, "args: ") + 6;
    fx_name[strcspn(fx_name, "\n")] = '\0';
    args[strcspn(args, "\n")] = '\0';
    const fixture *fx = NULL;
    for (int i = 0; i < 2; i++)
        if (strcmp(fixtures[i].name, fx_name) == 0)
            fx = &fixtures[i];
    if (!fx)
        fail_msg("%s: no fixture '%s'", path, fx_name);
    char *argv[40], *p = args;
    int argc = 0;
    while (*p && argc < 39) { /* words; "quotes" group */
        while (*p == ' ')
            p++;
        if (*p == '"') {
            argv[argc++] = ++p;
            p += strcspn(p, "\"");
        } else {
            argv[argc++] = p;
            p += strcspn(p, " ");
        }
        if (*p)
            *p++ = '\0';
    }
    const bloc_call *c = NULL;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strcmp(calls[i].name, argv[0]) == 0)
            c = calls[i].call;
    if (!c)
        fail_msg("%s: no call '%s'", path, argv[0]);
    char *csv = NULL, notes[2048];
    bloc_error err;
    bloc_error_clear(&err);
    int rc = run_call(fx, c, argc, argv, &csv, notes, sizeof notes, &err);
    if (rc != BLOC_OK)
        fail_msg("%s: the call failed: %s", path, err.msg);
    csv = replace_all(csv, fx->input, "FIXTURE");
    int bad = 0;
    if (strcmp(csv, want) != 0) {
        print_error("%s:\n--- want\n%s--- got\n%s", path, want, csv);
        bad = 1;
    }
    if (strcmp(notes, want_notes) != 0) {
        print_error("%s: notes\n--- want\n%s--- got\n%s", path, want_notes, notes);
        bad = 1;
    }
    free(csv);
    free(text);
    return bad;
}

static void cases(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("tests/cases/analysis/*.case", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 10);
    int bad = 0; /* every case runs; each mismatch is printed */
    for (size_t i = 0; i < g.gl_pathc; i++)
        bad += one_case(g.gl_pathv[i]);
    globfree(&g);
    assert_int_equal(bad, 0);
}

int test_analysis_cases(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(cases)};
    return cmocka_run_group_tests_name("analysis (tests/cases/analysis)", tests, setup, teardown);
}
