/* tests/report/report_test — the report as a client of the library: its
 * document is built from library calls in one session, each part recorded
 * with the command that reproduces it and equal to that call's own rows;
 * the HTML written in one piece; a part that fails writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bloc.h"
#include "test.h"

static char *dir, *db;
static bloc_config cfg;

static int setup(void **state)
{
    (void)state;
    dir = test_tmpdir();
    db = malloc(strlen(dir) + 16);
    sprintf(db, "%s/r.db", dir);
    cfg = (bloc_config){db, BLOC_DATADIR, BLOC_ISODIR_DEFAULT, BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
    char *files[] = {"tests/cases/analysis/events.csv"};
    ingest_events_req ev = {.files = {files, 1}, .quiet = 1};
    ingest_unga_req un = {.votes = "tests/cases/unga/votes.csv", .rollcalls = "tests/cases/unga/rollcalls.csv",
                          .quiet = 1};
    bloc_session *S = NULL;
    bloc_error err;
    result *r1 = result_new(), *r2 = result_new();
    if (bloc_session_new(&S, &cfg, 0, NULL, 0, &err) != BLOC_OK ||
        ingest_events_call.run(S, &ev, r1, &err) != BLOC_OK ||
        ingest_unga_call.run(S, &un, r2, &err) != BLOC_OK)
        fail_msg("fixture: %s", err.msg);
    result_free(r1);
    result_free(r2);
    bloc_session_close(S);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(db);
    free(dir);
    return 0;
}

/* The rows of call c on argv, as JSON (new reference). */
static json_t *rows_of(bloc_session *S, const bloc_call *c, int argc, char **argv)
{
    void *req = bloc_call_request(c);
    opt_target t[] = {{c->opts, req}, {NULL, NULL}};
    opt_status st;
    bloc_error err;
    result *res = result_new();
    assert_int_equal(opt_parse_argv(t, argc, argv, &st), OPT_OK);
    assert_int_equal(bloc_call_check(c, req, st.npos, NULL, &err), BLOC_OK);
    if (c->run(S, req, res, &err) != BLOC_OK)
        fail_msg("%s: %s", argv[0], err.msg);
    json_t *rows = out_json_rows(res);
    result_free(res);
    free(req);
    return rows;
}

static void parts_equal_their_calls(void **state)
{
    (void)state;
    report_req q = {.group = "RUS,PRK", .vs = "CHN", .split = "2023-02-01", .output = "x"};
    bloc_session *S = NULL;
    bloc_error err;
    json_t *doc = NULL;
    assert_int_equal(bloc_session_new(&S, &cfg, 0, NULL, 0, &err), BLOC_OK);
    if (report_build(S, &q, &doc, &err) != BLOC_OK)
        fail_msg("report_build: %s", err.msg);
    static const char *const keys[] = {"assess", "un", "heat", "domains", "network", "friction",
                                       "evidence", "provenance", "title", "commands", "params"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!json_object_get(doc, keys[i]))
            fail_msg("the document has no '%s'", keys[i]);
    json_t *cmds = json_object_get(doc, "commands");
    assert_string_equal(json_string_value(json_object_get(cmds, "assess")),
                        "bloc assess RUS,PRK --vs CHN --split 2023-02-01");
    assert_string_equal(json_string_value(json_object_get(cmds, "network")),
                        "bloc network RUS,PRK --since 2023-02-01");
    char *a[] = {"assess", "RUS,PRK", "--vs", "CHN", "--split", "2023-02-01"};
    json_t *assess = rows_of(S, &analysis_assess, 6, a);
    assert_true(json_equal(assess, json_object_get(doc, "assess")));
    char *n[] = {"network", "RUS,PRK", "--since", "2023-02-01", "--edges"};
    json_t *edges = rows_of(S, &analysis_network, 5, n);
    assert_true(json_equal(edges, json_object_get(json_object_get(doc, "network"), "edges")));
    /* the heatmap lists the codes of the pairs after the split, in order */
    json_t *codes = json_object_get(json_object_get(doc, "heat"), "codes");
    assert_int_equal(json_array_size(codes), 3);
    assert_string_equal(json_string_value(json_array_get(codes, 2)), "CHN");
    json_decref(assess);
    json_decref(edges);
    /* written in one piece */
    char path[600];
    snprintf(path, sizeof path, "%s/report.html", dir);
    assert_int_equal(report_write_html(BLOC_WEBDIR, doc, path, &err), BLOC_OK);
    char *html = test_read(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "id=\"bloc-data\""));
    assert_non_null(strstr(html, "bloc assess RUS,PRK --vs CHN"));
    free(html);
    json_decref(doc);
    bloc_session_close(S);
}

static void a_failing_part_writes_nothing(void **state)
{
    (void)state;
    report_req q = {.group = "Narnia", .vs = "CHN", .split = "2023-02-01", .output = "x"};
    bloc_session *S = NULL;
    bloc_error err;
    json_t *doc = NULL;
    assert_int_equal(bloc_session_new(&S, &cfg, 0, NULL, 0, &err), BLOC_OK);
    assert_int_not_equal(report_build(S, &q, &doc, &err), BLOC_OK);
    assert_null(doc);
    assert_non_null(strstr(err.msg, "unknown country 'Narnia'"));
    assert_non_null(strstr(err.msg, "bloc assess Narnia --vs CHN"));
    bloc_session_close(S);
}

int test_report(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(parts_equal_their_calls),
                                       cmocka_unit_test(a_failing_part_writes_nothing)};
    return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
