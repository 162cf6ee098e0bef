/*
 * watch — rules, alerts and the run after each load (see watch.h).
 */
#include "watch/watch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cameo/cameo.h"
#include "core/util.h"
#include "feed/feed.h"
#include "watch/eval.h"

static const char *const subs[] = {"add", "list", "rm", "test", NULL};
static const char *const measures[] = {"volume", "netcoop", "goldstein", NULL};

static void init(void *req)
{
    watch_req *q = req;
    q->rule.window_days = 30;
    q->rule.z = q->rule.above = q->rule.below = NAN;
}

static int parse_window(void *field, const char *value, char *msg, size_t msgsz)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (end == value || (*end && strcmp(end, "d") != 0) || v < 1 || v > 366) {
        snprintf(msg, msgsz, "--window takes 1..366 days (e.g. 30d)");
        return 1;
    }
    *(int *)field = (int)v;
    return 0;
}

/* The domain's name into the rule's own buffer. */
static int parse_domain(void *field, const char *value, char *msg, size_t msgsz)
{
    const char *name = NULL;
    if (bloc_parse_domain(&name, value, msg, msgsz) != 0)
        return 1;
    snprintf(field, sizeof ((store_rule *)0)->domain, "%s", name);
    return 0;
}

#define WATCH_NUMBER(nm, F, lo, flags_, hp)                                                     \
    {.type = OPT_NUMBER, .name = nm, .offset = offsetof(watch_req, F), .argname = "X",          \
     .help = hp, .dmin = lo, .dmax = 1e300, .flags = flags_,                                   \
     .bad = "--z, --above and --below take numbers (z > 0)"}
static const opt_def opts[] = {
    OPTE_ARG("sub", watch_req, sub, "add|list|rm|test"),
    OPTE_ARG("name", watch_req, name, "NAME"),
    OPTE_STRING("dyad", 0, watch_req, dyad, "A,B", "add: the dyad watched"),
    OPTE_LIST("group", watch_req, group, "LIST", "add: the group watched (its member dyads)"),
    {.type = OPT_CALLBACK, .name = "domain", .offset = offsetof(watch_req, rule.domain),
     .argname = "D", .help = "add: one domain only", .parse = parse_domain},
    OPTE_ENUM("measure", watch_req, measure, measures, "volume|netcoop|goldstein",
              "--measure takes volume, netcoop or goldstein", "add: what is watched (default volume)"),
    {.type = OPT_CALLBACK, .name = "window", .offset = offsetof(watch_req, rule.window_days),
     .argname = "DAYS[d]", .help = "add: the window (default 30 days)", .parse = parse_window},
    WATCH_NUMBER("z", rule.z, 0, OPT_GT_MIN, "add: fire beyond Z standard deviations (default 2.5)"),
    WATCH_NUMBER("above", rule.above, -1e300, 0, "add: fire above X"),
    WATCH_NUMBER("below", rule.below, -1e300, 0, "add: fire below X"),
    OPTE_STRING("webhook", 0, watch_req, webhook, "URL", "add: post each alert there (JSON)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    watch_req *q = req;
    for (q->kind = 0; q->sub && subs[q->kind] && strcmp(subs[q->kind], q->sub) != 0; q->kind++)
        ;
    if (!q->sub || !subs[q->kind])
        return bloc_usage(err, "unknown subcommand '%s' (add, list, rm, test)", q->sub ? q->sub : "");
    if (q->kind == WATCH_ADD && !q->name)
        return bloc_usage(err, "watch add NAME ...");
    if (q->kind == WATCH_RM && !q->name)
        return bloc_usage(err, "watch rm NAME");
    if (q->kind != WATCH_ADD)
        return BLOC_OK;
    if (!q->dyad == !q->group || npos > 2)
        return bloc_usage(err, "give --dyad A,B or --group LIST");
    if (q->webhook && strncmp(q->webhook, "http://", 7) != 0 && strncmp(q->webhook, "https://", 8) != 0)
        return bloc_usage(err, "--webhook needs an http(s) URL");
    store_rule *r = &q->rule;
    snprintf(r->name, sizeof r->name, "%s", q->name);
    snprintf(r->dyad, sizeof r->dyad, "%s", q->dyad ? q->dyad : "");
    snprintf(r->group, sizeof r->group, "%s", q->group ? q->group : "");
    snprintf(r->measure, sizeof r->measure, "%s", measures[q->measure]);
    snprintf(r->webhook, sizeof r->webhook, "%s", q->webhook ? q->webhook : "");
    if (isnan(r->z) && isnan(r->above) && isnan(r->below))
        r->z = 2.5;
    return BLOC_OK;
}

static const result_col rule_cols[] = {
    {"name", RESULT_STR}, {"dyad", RESULT_STR}, {"group", RESULT_STR}, {"domain", RESULT_STR},
    {"measure", RESULT_STR}, {"window_days", RESULT_INT}, {"z", RESULT_NUM},
    {"above", RESULT_NUM}, {"below", RESULT_NUM}, {"webhook", RESULT_STR}};
static const result_col eval_cols[] = {
    {"rule", RESULT_STR}, {"window_from", RESULT_DATE}, {"window_to", RESULT_DATE},
    {"value", RESULT_NUM}, {"baseline", RESULT_NUM}, {"sd", RESULT_NUM}, {"low", RESULT_NUM},
    {"high", RESULT_NUM}, {"z", RESULT_NUM}, {"events", RESULT_INT}, {"windows", RESULT_INT},
    {"fires", RESULT_STR}};
static const result_col added_cols[] = {{"name", RESULT_STR}};

static void rule_row(result *out, const store_rule *r)
{
    result_str(out, r->name);
    result_str(out, r->dyad);
    result_str(out, r->group);
    result_str(out, r->domain[0] ? r->domain : "all");
    result_str(out, r->measure);
    result_int(out, r->window_days);
    result_num(out, r->z, 2);
    result_num(out, r->above, 4);
    result_num(out, r->below, 4);
    result_str(out, r->webhook);
}

static void eval_row(result *out, const store_rule *r, const watch_eval *e)
{
    result_str(out, r->name);
    result_date(out, e->window_from);
    result_date(out, e->window_to);
    result_num(out, e->value, 4);
    result_num(out, e->baseline, 4);
    result_num(out, e->sd, 4);
    result_num(out, e->low, 4);
    result_num(out, e->high, 4);
    result_num(out, e->z, 3);
    result_int(out, e->events);
    result_int(out, e->windows);
    result_str(out, e->fired ? e->why : "no");
}

static int add(store *s, const registry *r, const watch_req *q, result *out, bloc_error *err)
{
    store_member *m = NULL;
    const char **codes = NULL;
    size_t n = 0;
    int is_dyad, rc;
    if ((rc = watch_rule_codes(r, &q->rule, &m, &codes, &n, &is_dyad, err)) == BLOC_OK &&
        (rc = store_rule_add(s, &q->rule, err)) == BLOC_OK &&
        (rc = result_begin(out, added_cols, 1)) == BLOC_OK)
        result_str(out, q->rule.name);
    free(m);
    free(codes);
    return rc == BLOC_OK ? result_status(out) : rc;
}

/* test: each rule (or the one named) evaluated on the latest events. */
static int test(store *s, const registry *r, const watch_req *q, const store_rule *rules, size_t n,
                result *out, bloc_error *err)
{
    int first = 0, last = 0, rc;
    size_t seen = 0;
    if ((rc = store_event_summary_refresh(s, err)) != BLOC_OK ||
        (rc = store_event_summary_span(s, &first, &last, err)) != BLOC_OK ||
        (rc = result_begin(out, eval_cols, 12)) != BLOC_OK)
        return rc;
    for (size_t i = 0; i < n && last; i++) {
        watch_eval e;
        if (q->name && strcmp(q->name, rules[i].name) != 0)
            continue;
        seen++;
        if ((rc = watch_evaluate(s, r, &rules[i], last, &e, err)) != BLOC_OK)
            return rc;
        eval_row(out, &rules[i], &e);
    }
    if (q->name && !seen && last)
        return bloc_fail(err, BLOC_ENOTFOUND, "no rule named '%s'", q->name);
    return result_status(out);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const watch_req *q = request;
    store *s;
    const registry *r;
    store_rule *rules = NULL;
    size_t n = 0;
    int rc = bloc_session_store(S, &s, &r, err);
    if (rc != BLOC_OK)
        return rc;
    if (q->kind == WATCH_ADD)
        return add(s, r, q, out, err);
    if (q->kind == WATCH_RM)
        return store_rule_rm(s, q->name, err);
    if ((rc = store_rules_load(s, &rules, &n, err)) == BLOC_OK) {
        if (q->kind == WATCH_TEST) {
            rc = test(s, r, q, rules, n, out, err);
        } else if ((rc = result_begin(out, rule_cols, 10)) == BLOC_OK) {
            for (size_t i = 0; i < n; i++)
                rule_row(out, &rules[i]);
            rc = result_status(out);
        }
    }
    free(rules);
    return rc;
}

const bloc_call watch_call = {"watch", sizeof(watch_req), init, opts, check, run};

/* ---- alerts ------------------------------------------------------------ */

static int parse_since(void *field, const char *value, char *msg, size_t msgsz)
{
    bloc_error e;
    int d;
    if (util_parse_date(value, 0, &d, &e) != BLOC_OK) {
        snprintf(msg, msgsz, "%.400s", e.msg);
        return 1;
    }
    *(const char **)field = value;
    return 0;
}

static const opt_def alert_opts[] = {
    {.type = OPT_CALLBACK, .name = "since", .offset = offsetof(alerts_req, since),
     .argname = "DATE", .help = "alerts fired on or after DATE", .parse = parse_since},
    OPTE_STRING("rule", 0, alerts_req, rule, "NAME", "one rule's alerts"),
    OPTE_END};

static const result_col alert_cols[] = {
    {"id", RESULT_INT}, {"fired", RESULT_STR}, {"rule", RESULT_STR}, {"window_from", RESULT_STR},
    {"window_to", RESULT_STR}, {"value", RESULT_NUM}, {"baseline", RESULT_NUM},
    {"sd", RESULT_NUM}, {"low", RESULT_NUM}, {"high", RESULT_NUM}, {"z", RESULT_NUM},
    {"events", RESULT_INT}, {"evidence", RESULT_STR}};

static int alert_row(void *arg, const store_alert *a)
{
    result *out = arg;
    result_int(out, a->id);
    result_str(out, a->fired);
    result_str(out, a->rule);
    result_str(out, a->window_from);
    result_str(out, a->window_to);
    result_num(out, a->value, 4);
    result_num(out, a->baseline, 4);
    result_num(out, a->sd, 4);
    result_num(out, a->low, 4);
    result_num(out, a->high, 4);
    result_num(out, a->z, 3);
    result_int(out, a->events);
    result_str(out, a->evidence);
    return result_status(out) != BLOC_OK;
}

static int alerts_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const alerts_req *q = request;
    store *s;
    int rc;
    if ((rc = bloc_session_store(S, &s, NULL, err)) != BLOC_OK ||
        (rc = result_begin(out, alert_cols, 13)) != BLOC_OK)
        return rc;
    rc = store_alerts_scan(s, q->since, q->rule, alert_row, out, err);
    return result_status(out) != BLOC_OK ? result_status(out) : rc;
}

const bloc_call watch_alerts = {"alerts", sizeof(alerts_req), NULL, alert_opts, NULL, alerts_run};

/* ---- the run after a load ----------------------------------------------- */

static int add_event(void *arg, const store_event *e, const char *path)
{
    json_t *arr = arg;
    char date[16];
    util_format_date(e->date, date, sizeof date);
    json_t *o = json_pack("{s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:I}", "source",
                          e->source, "id", e->source_event_id, "date", date, "actor1",
                          e->actor[0].country, "actor2", e->actor[1].country, "code",
                          e->event_code, "url", e->url, "file", path, "line", (json_int_t)e->line);
    if (o)
        json_object_set_new(o, "goldstein", isnan(e->goldstein) ? json_null() : json_real(e->goldstein));
    json_array_append_new(arr, o);
    return 0;
}

/* Up to 20 events of the rule's window, as a JSON array (new reference). */
static json_t *window_events(store *s, const registry *reg, const store_rule *rule,
                             const watch_eval *e)
{
    store_member *mem = NULL;
    const char **codes = NULL;
    size_t nc = 0;
    int is_dyad = 0;
    bloc_error err;
    json_t *arr = json_array();
    if (watch_rule_codes(reg, rule, &mem, &codes, &nc, &is_dyad, &err) == BLOC_OK) {
        store_event_query q = {.side_a = codes, .nside_a = nc, .side_b = codes, .nside_b = nc,
                               .distinct_actors = !is_dyad, .since = e->window_from,
                               .until = e->window_to, .domain = rule->domain[0] ? rule->domain : NULL,
                               .limit = 20};
        store_events_scan(s, &q, add_event, arr, &err);
    }
    free(mem);
    free(codes);
    return arr;
}

/* The alert's JSON line (malloc'd), with its evidence (consumed). */
static char *alert_line(const store_rule *rule, const watch_eval *e, const char *from,
                        const char *to, json_t *evidence)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "alert", rule->name, "why", e->why,
                          "measure", rule->measure, "window_from", from, "window_to", to,
                          "events", (json_int_t)e->events);
    const char *keys[] = {"value", "baseline", "sd", "low", "high", "z"};
    const double vals[] = {e->value, e->baseline, e->sd, e->low, e->high, e->z};
    for (size_t x = 0; j && x < 6; x++) /* NaN is not JSON: null */
        json_object_set_new(j, keys[x], isfinite(vals[x]) ? json_real(vals[x]) : json_null());
    json_object_set_new(j, "evidence", evidence);
    char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return line;
}

/* Hand a new alert on: the caller, the JSON Lines file, the webhook. */
static void deliver(const store_rule *rule, const char *line, const char *path,
                    watch_report *report)
{
    bloc_error err;
    if (report->alert)
        report->alert(report->ctx, line);
    FILE *f = fopen(path, "a");
    if (!f || fprintf(f, "%s\n", line) < 0) {
        bloc_fail(&err, BLOC_EIO, "cannot append to %s", path);
        if (report->warning)
            report->warning(report->ctx, &err);
    }
    if (f)
        fclose(f);
    feed_opts fo = {.timeout_s = 10, .retries = 3, .log = report->log};
    if (rule->webhook[0] && feed_post_json(rule->webhook, line, &fo, &err) != BLOC_OK &&
        report->warning)
        report->warning(report->ctx, &err);
}

/* One rule: evaluate, record, deliver. */
static int run_rule(store *s, const registry *reg, const store_rule *rule, int last,
                    const char *path, watch_report *report, bloc_error *err)
{
    watch_eval e;
    int rc = watch_evaluate(s, reg, rule, last, &e, err), result_kind = 0;
    if (rc != BLOC_OK || !e.fired)
        return rc;
    json_t *evidence = window_events(s, reg, rule, &e);
    char from[16], to[16], *ev_text = json_dumps(evidence, JSON_COMPACT);
    util_format_date(e.window_from, from, sizeof from);
    util_format_date(e.window_to, to, sizeof to);
    store_alert a = {.rule = rule->name, .window_from = from, .window_to = to, .value = e.value,
                     .baseline = e.baseline, .sd = e.sd, .low = e.low, .high = e.high, .z = e.z,
                     .events = e.events, .evidence = ev_text};
    if ((rc = store_alert_put(s, &a, &result_kind, err)) == BLOC_OK && result_kind == STORE_INSERTED) {
        report->fired++;
        char *line = alert_line(rule, &e, from, to, evidence);
        evidence = NULL;
        if (line)
            deliver(rule, line, path, report);
        free(line);
    }
    json_decref(evidence);
    free(ev_text);
    return rc;
}

int watch_run(store *s, const registry *reg, const char *db_path, const char *alerts_path,
              watch_report *report, bloc_error *err)
{
    store_rule *rules = NULL;
    size_t n = 0;
    int first = 0, last = 0, rc;
    report->fired = report->failed = 0;
    if ((rc = store_rules_load(s, &rules, &n, err)) != BLOC_OK || !n)
        goto done;
    if ((rc = store_event_summary_refresh(s, err)) != BLOC_OK ||
        (rc = store_event_summary_span(s, &first, &last, err)) != BLOC_OK)
        goto done;
    char path[1100];
    if (alerts_path)
        snprintf(path, sizeof path, "%s", alerts_path);
    else
        snprintf(path, sizeof path, "%s.alerts.jsonl", db_path);
    for (size_t i = 0; i < n && last; i++)
        if (run_rule(s, reg, &rules[i], last, path, report, err) != BLOC_OK) {
            report->failed++;
            if (report->warning)
                report->warning(report->ctx, err);
        }
done:
    free(rules);
    return rc;
}
