/* tests/watch/watch_test — watch rules as library calls and the run after
 * a load: a rule that fires records one alert per window, hands it over
 * as a JSON line, appends it to the alerts file, and fires nothing the
 * second time; test evaluates without recording; a rule with a bad dyad is
 * refused when added; a window the data barely cover is not a drop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "bloc.h"
#include "test.h"
#include "watch/eval.h"

static char *dir, *db;
static bloc_config cfg;

static int setup(void **state)
{
    (void)state;
    dir = test_tmpdir();
    db = malloc(strlen(dir) + 16);
    sprintf(db, "%s/w.db", dir);
    cfg = (bloc_config){db, BLOC_DATADIR, BLOC_ISODIR_DEFAULT, BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
    char *files[] = {"tests/cases/analysis/events.csv"};
    ingest_events_req ev = {.files = {files, 1}, .quiet = 1};
    bloc_session *S = NULL;
    bloc_error err;
    result *r = result_new();
    if (bloc_session_new(&S, &cfg, 0, NULL, 0, &err) != BLOC_OK ||
        ingest_events_call.run(S, &ev, r, &err) != BLOC_OK)
        fail_msg("fixture: %s", err.msg);
    result_free(r);
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

/* Run watch_call on a command line; a kept result (caller frees). */
static int watch(int argc, char **argv, result **res, bloc_error *err)
{
    watch_req *q = bloc_call_request(&watch_call);
    opt_target t[] = {{watch_call.opts, q}, {NULL, NULL}};
    opt_status st;
    bloc_session *S = NULL;
    *res = result_new();
    int rc = opt_parse_argv(t, argc, argv, &st) == OPT_OK ? BLOC_OK : bloc_fail(err, BLOC_EUSAGE, "%s", st.msg);
    if (rc == BLOC_OK)
        rc = bloc_call_check(&watch_call, q, st.npos, NULL, err);
    if (rc == BLOC_OK && (rc = bloc_session_new(&S, &cfg, 0, NULL, 0, err)) == BLOC_OK)
        rc = watch_call.run(S, q, *res, err);
    bloc_session_close(S);
    free(q);
    return rc;
}

typedef struct got {
    char lines[4][2048];
    int n, warnings;
} got;

static void on_alert(void *ctx, const char *line)
{
    got *g = ctx;
    if (g->n < 4)
        snprintf(g->lines[g->n], sizeof g->lines[0], "%s", line);
    g->n++;
}

static void on_warning(void *ctx, const bloc_error *err)
{
    (void)err;
    ((got *)ctx)->warnings++;
}

static int run_rules(const char *alerts, got *g, watch_report *rep)
{
    bloc_session *S = NULL;
    bloc_error err;
    store *s;
    const registry *r;
    *rep = (watch_report){on_alert, on_warning, g, NULL, 0, 0};
    assert_int_equal(bloc_session_new(&S, &cfg, 0, NULL, 0, &err), BLOC_OK);
    assert_int_equal(bloc_session_store(S, &s, &r, &err), BLOC_OK);
    int rc = watch_run(s, r, db, alerts, rep, &err);
    bloc_session_close(S);
    return rc;
}

static void fires_once_per_window(void **state)
{
    (void)state;
    result *res;
    bloc_error err;
    /* the latest 30 days end on the last event (2023-02-20): RUS-PRK has a5, a6 */
    char *add[] = {"watch", "add", "surge", "--dyad", "RUS,PRK", "--window", "30d", "--above", "1"};
    assert_int_equal(watch(9, add, &res, &err), BLOC_OK);
    result_free(res);
    char *test[] = {"watch", "test", "surge"};
    assert_int_equal(watch(3, test, &res, &err), BLOC_OK);
    assert_int_equal(result_nrows(res), 1);
    assert_string_equal(result_cell(res, 0, (size_t)result_col_index(res, "fires"))->v.s, "above");
    assert_int_equal(result_cell(res, 0, (size_t)result_col_index(res, "events"))->v.i, 2);
    result_free(res);
    char alerts[600];
    snprintf(alerts, sizeof alerts, "%s/alerts.jsonl", dir);
    got g = {0};
    watch_report rep;
    assert_int_equal(run_rules(alerts, &g, &rep), BLOC_OK);
    assert_int_equal(rep.fired, 1);
    assert_int_equal(g.n, 1);
    json_error_t je;
    json_t *j = json_loads(g.lines[0], 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "alert")), "surge");
    assert_string_equal(json_string_value(json_object_get(j, "why")), "above");
    assert_int_equal(json_integer_value(json_object_get(j, "events")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "evidence")), 2); /* the events behind it */
    json_decref(j);
    char *file = test_read(alerts);
    assert_non_null(file);
    assert_int_equal(strchr(file, '\n') - file + 1, (long)strlen(file)); /* one line */
    free(file);
    got again = {0};
    assert_int_equal(run_rules(alerts, &again, &rep), BLOC_OK);
    assert_int_equal(rep.fired, 0); /* the same window: recorded already */
    assert_int_equal(again.n, 0);
}

static void bad_rules_are_refused(void **state)
{
    (void)state;
    result *res;
    bloc_error err;
    char *bad[] = {"watch", "add", "x", "--dyad", "RUS,Narnia"};
    assert_int_not_equal(watch(5, bad, &res, &err), BLOC_OK);
    assert_non_null(strstr(err.msg, "Narnia"));
    result_free(res);
    char *both[] = {"watch", "add", "y", "--dyad", "RUS,PRK", "--group", "crink"};
    assert_int_equal(watch(7, both, &res, &err), BLOC_EUSAGE);
    assert_non_null(strstr(err.msg, "give --dyad A,B or --group LIST"));
    result_free(res);
    char *hook[] = {"watch", "add", "z", "--dyad", "RUS,PRK", "--webhook", "ftp://x"};
    assert_int_equal(watch(7, hook, &res, &err), BLOC_EUSAGE);
    result_free(res);
    char *dup[] = {"watch", "add", "surge", "--dyad", "RUS,PRK"};
    assert_int_not_equal(watch(5, dup, &res, &err), BLOC_OK); /* the name is taken */
    result_free(res);
}

/* One RUS-CHN event a day through October 2023 (one file), then one on
 * 2023-12-31 (another): the window of December 2-31 holds one event, but
 * the data cover one day of it, so its volume is 30 a window, as before: no
 * alert. Counted as zeros, the 29 uncovered days would read as a collapse. */
static void gaps_are_not_drops(void **state)
{
    (void)state;
    char path[2][600], gdb[600];
    snprintf(gdb, sizeof gdb, "%s/gap.db", dir);
    for (int k = 0; k < 2; k++) {
        snprintf(path[k], sizeof path[k], "%s/gap%d.csv", dir, k);
        FILE *f = fopen(path[k], "w");
        assert_non_null(f);
        fprintf(f, "id,date,event_code,actor1_country,actor2_country\n");
        if (k == 1)
            fprintf(f, "late,2023-12-31,042,RUS,CHN\n");
        for (int m = 1; k == 0 && m <= 10; m++)
            for (int d = 1; d <= 28; d++)
                fprintf(f, "e%d-%d,2023-%02d-%02d,042,RUS,CHN\n", m, d, m, d);
        fclose(f);
    }
    bloc_config gcfg = {gdb, BLOC_DATADIR, BLOC_ISODIR_DEFAULT, BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
    char *files[] = {path[0], path[1]};
    ingest_events_req ev = {.files = {files, 2}, .quiet = 1};
    bloc_session *S = NULL;
    bloc_error err;
    result *r = result_new();
    store *s;
    const registry *reg;
    assert_int_equal(bloc_session_new(&S, &gcfg, 0, NULL, 0, &err), BLOC_OK);
    assert_int_equal(ingest_events_call.run(S, &ev, r, &err), BLOC_OK);
    assert_int_equal(bloc_session_events(S, &s, &reg, &err), BLOC_OK);
    store_rule rule = {.name = "gap", .dyad = "RUS,CHN", .measure = "volume", .window_days = 30,
                       .z = 2.5, .above = NAN, .below = 5};
    watch_eval e;
    assert_int_equal(watch_evaluate(s, reg, &rule, 20231231, &e, &err), BLOC_OK);
    assert_int_equal(e.events, 1);
    assert_true(fabs(e.value - 30.0) < 1e-9); /* 1 event in 1 covered day of 30 */
    assert_false(e.fired);
    /* a window with no covered day at all: no value, nothing fires */
    assert_int_equal(watch_evaluate(s, reg, &rule, 20231130, &e, &err), BLOC_OK);
    assert_true(isnan(e.value));
    assert_false(e.fired);
    result_free(r);
    bloc_session_close(S);
}

int test_watch(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(fires_once_per_window),
                                       cmocka_unit_test(bad_rules_are_refused),
                                       cmocka_unit_test(gaps_are_not_drops)};
    return cmocka_run_group_tests_name("watch", tests, setup, teardown);
}
