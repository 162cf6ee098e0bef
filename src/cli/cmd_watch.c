/*
 * cli/cmd_watch — `bloc watch add|list|rm|test` (rules that flag when a
 * dyad or group leaves its normal range), `bloc alerts` (what fired), and
 * the evaluation every ingest runs when rules exist (cli_watch_run):
 * alerts are recorded once per rule and window, printed, appended to a
 * JSON Lines file and posted to the rule's webhook.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"
#include "feed/feed.h"
#include "metrics/watch.h"

static const char *const help =
    "usage: bloc watch add NAME (--dyad A,B | --group LIST) [--domain D]\n"
    "                  [--measure volume|netcoop|goldstein] [--window DAYS[d]]\n"
    "                  [--z Z] [--above X] [--below X] [--webhook URL]\n"
    "       bloc watch list | rm NAME | test [NAME]\n\n"
    "A rule watches a measure of a dyad (both directions) or of a group's member\n"
    "dyads over windows of --window days (default 30): volume (events),\n"
    "netcoop (net cooperation) or goldstein (mean Goldstein score). After every\n"
    "ingest (bloc follow, bloc ingest) the latest window, ending on the last event\n"
    "day, is compared with up to 52 earlier windows: it fires when it lies --z\n"
    "standard deviations or more from their mean (default 2.5, with at least 4\n"
    "earlier windows), or passes --above / --below. An alert is recorded once per\n"
    "rule and window with the value, the baseline and its range, and the events\n"
    "behind it; it is printed, appended to the alerts file (--alerts FILE on\n"
    "ingest and follow; default STORE.alerts.jsonl) and posted as JSON to the\n"
    "rule's webhook. test evaluates rules now without recording anything.\n"
    "  --format table|csv|json, --db PATH\n";

static const char *const help_alerts =
    "usage: bloc alerts [--since DATE] [--rule NAME]\n\n"
    "The alerts recorded by watch rules, oldest first: the rule, the window, its\n"
    "value, the baseline (mean of earlier windows), its standard deviation and\n"
    "range, the z-score, the events in the window, and the evidence (up to 20 of\n"
    "those events as JSON).\n"
    "  --format table|csv|json, --db PATH\n";

static void eval_row(out_table *t, const store_rule *r, const watch_eval *e)
{
    out_str(t, r->name);
    out_date(t, e->window_from);
    out_date(t, e->window_to);
    out_num(t, e->value, 4);
    out_num(t, e->baseline, 4);
    out_num(t, e->sd, 4);
    out_num(t, e->low, 4);
    out_num(t, e->high, 4);
    out_num(t, e->z, 3);
    out_int(t, e->events);
    out_int(t, e->windows);
    out_str(t, e->fired ? e->why : "no");
}

/* Up to 20 events of the window as a JSON array (caller frees). */
typedef struct ev_json {
    json_t *arr;
} ev_json;

static int add_event(void *arg, const store_event *e, const char *path)
{
    ev_json *j = arg;
    char date[16];
    util_format_date(e->date, date, sizeof date);
    json_t *o = json_pack("{s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:I}", "source",
                          e->source, "id", e->source_event_id, "date", date, "actor1",
                          e->actor[0].country, "actor2", e->actor[1].country, "code",
                          e->event_code, "url", e->url, "file", path, "line", (json_int_t)e->line);
    if (o)
        json_object_set_new(o, "goldstein", isnan(e->goldstein) ? json_null() : json_real(e->goldstein));
    json_array_append_new(j->arr, o);
    return 0;
}

int cli_watch_run(cli_ctx *ctx, store *s, const registry *reg, const char *alerts_path,
                  FILE *print, int *fired)
{
    store_rule *rules = NULL;
    size_t n = 0;
    int first = 0, last = 0, rc = 0;
    bloc_error err;
    bloc_error_clear(&err);
    *fired = 0;
    if (store_rules_load(s, &rules, &n, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    if (!n)
        return 0;
    if (store_event_summary_refresh(s, &err) != BLOC_OK ||
        store_event_summary_span(s, &first, &last, &err) != BLOC_OK) {
        free(rules);
        return cli_fail(ctx, &err);
    }
    char path[1100];
    snprintf(path, sizeof path, "%s", alerts_path ? alerts_path : "");
    if (!alerts_path)
        snprintf(path, sizeof path, "%s.alerts.jsonl", ctx->db_path);
    for (size_t i = 0; i < n && last; i++) {
        watch_eval e;
        if (watch_evaluate(s, reg, &rules[i], last, &e, &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            continue;
        }
        if (!e.fired)
            continue;
        store_member *mem = NULL;
        const char **codes = NULL;
        size_t nc = 0;
        int is_dyad = 0;
        ev_json ej = {json_array()};
        if (watch_rule_codes(reg, &rules[i], &mem, &codes, &nc, &is_dyad, &err) == BLOC_OK) {
            store_event_query q = {.side_a = codes, .nside_a = nc, .side_b = codes, .nside_b = nc,
                                   .distinct_actors = !is_dyad, .since = e.window_from,
                                   .until = e.window_to,
                                   .domain = rules[i].domain[0] ? rules[i].domain : NULL,
                                   .limit = 20};
            store_events_scan(s, &q, add_event, &ej, &err);
        }
        free(mem);
        free(codes);
        char from[16], to[16], *evidence = json_dumps(ej.arr, JSON_COMPACT);
        util_format_date(e.window_from, from, sizeof from);
        util_format_date(e.window_to, to, sizeof to);
        store_alert a = {.rule = rules[i].name, .window_from = from, .window_to = to,
                         .value = e.value, .baseline = e.baseline, .sd = e.sd, .low = e.low,
                         .high = e.high, .z = e.z, .events = e.events, .evidence = evidence};
        int result = 0;
        if (store_alert_put(s, &a, &result, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        else if (result == STORE_INSERTED) {
            (*fired)++;
            json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "alert", rules[i].name, "why",
                                  e.why, "measure", rules[i].measure, "window_from", from,
                                  "window_to", to, "events", (json_int_t)e.events);
            const char *keys[] = {"value", "baseline", "sd", "low", "high", "z"};
            const double vals[] = {e.value, e.baseline, e.sd, e.low, e.high, e.z};
            for (size_t x = 0; j && x < 6; x++) /* NaN is not JSON: null */
                json_object_set_new(j, keys[x], isfinite(vals[x]) ? json_real(vals[x]) : json_null());
            json_object_set_new(j, "evidence", ej.arr);
            ej.arr = NULL;
            char *line = json_dumps(j, JSON_COMPACT);
            if (line) {
                fprintf(print, "%s\n", line);
                FILE *f = fopen(path, "a");
                if (!f || fprintf(f, "%s\n", line) < 0)
                    fprintf(ctx->errout, "%s: cannot append to %s\n", ctx->prog, path);
                if (f)
                    fclose(f);
                feed_opts fo = {.timeout_s = 10, .retries = 3, .log = ctx->errout};
                if (rules[i].webhook[0] && feed_post_json(rules[i].webhook, line, &fo, &err) != BLOC_OK)
                    bloc_error_fprint(ctx->errout, &err, ctx->prog);
            }
            free(line);
            json_decref(j);
        }
        json_decref(ej.arr);
        free(evidence);
    }
    free(rules);
    return rc;
}

static int watch_add(cli_ctx *ctx, store *s, registry *r, int argc, char **argv,
                     const char *name)
{
    static const struct option opts[] = {
        {"dyad", required_argument, NULL, 'd'},    {"group", required_argument, NULL, 'g'},
        {"domain", required_argument, NULL, 'D'},  {"measure", required_argument, NULL, 'm'},
        {"window", required_argument, NULL, 'w'},  {"z", required_argument, NULL, 'z'},
        {"above", required_argument, NULL, 'a'},   {"below", required_argument, NULL, 'b'},
        {"webhook", required_argument, NULL, 'W'}, CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    store_rule rule = {.window_days = 30, .z = NAN, .above = NAN, .below = NAN};
    int opt, code = 0;
    snprintf(rule.measure, sizeof rule.measure, "volume");
    snprintf(rule.name, sizeof rule.name, "%s", name);
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'd': snprintf(rule.dyad, sizeof rule.dyad, "%s", optarg); break;
        case 'g': snprintf(rule.group, sizeof rule.group, "%s", optarg); break;
        case 'D':
            if (cameo_domain_parse(optarg) < 0)
                return cli_usage(ctx, "watch", "unknown domain '%s'", optarg);
            snprintf(rule.domain, sizeof rule.domain, "%s", cameo_domain_name(cameo_domain_parse(optarg)));
            break;
        case 'm':
            if (strcmp(optarg, "volume") && strcmp(optarg, "netcoop") && strcmp(optarg, "goldstein"))
                return cli_usage(ctx, "watch", "--measure takes volume, netcoop or goldstein");
            snprintf(rule.measure, sizeof rule.measure, "%s", optarg);
            break;
        case 'w':
            rule.window_days = (int)strtol(optarg, &end, 10);
            if ((*end && strcmp(end, "d") != 0) || rule.window_days < 1 || rule.window_days > 366)
                return cli_usage(ctx, "watch", "--window takes 1..366 days (e.g. 30d)");
            break;
        case 'z':
        case 'a':
        case 'b': {
            double v = strtod(optarg, &end);
            if (*end || !isfinite(v) || (opt == 'z' && v <= 0))
                return cli_usage(ctx, "watch", "--z, --above and --below take numbers (z > 0)");
            *(opt == 'z' ? &rule.z : opt == 'a' ? &rule.above : &rule.below) = v;
            break;
        }
        case 'W':
            if (strncmp(optarg, "http://", 7) != 0 && strncmp(optarg, "https://", 8) != 0)
                return cli_usage(ctx, "watch", "--webhook needs an http(s) URL");
            snprintf(rule.webhook, sizeof rule.webhook, "%s", optarg);
            break;
        default:
            return cli_usage(ctx, "watch", "unknown option");
        }
    }
    if (!rule.dyad[0] == !rule.group[0] || optind < argc)
        return cli_usage(ctx, "watch", "give --dyad A,B or --group LIST");
    if (isnan(rule.z) && isnan(rule.above) && isnan(rule.below))
        rule.z = 2.5;
    store_member *m = NULL;
    const char **codes = NULL;
    size_t n = 0;
    int is_dyad;
    bloc_error err;
    if (watch_rule_codes(r, &rule, &m, &codes, &n, &is_dyad, &err) != BLOC_OK ||
        store_rule_add(s, &rule, &err) != BLOC_OK) {
        free(m);
        free(codes);
        return cli_fail(ctx, &err);
    }
    free(m);
    free(codes);
    fprintf(ctx->errout, "watch %s added\n", rule.name);
    return 0;
}

int cmd_watch(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    store *s = NULL;
    registry *r = NULL;
    bloc_error err;
    bloc_error_clear(&err);
    int rc = 0;
    if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "rm") && strcmp(sub, "test"))
        return cli_usage(ctx, "watch", "unknown subcommand '%s' (add, list, rm, test)", sub);
    if (!strcmp(sub, "add") && (argc < 3 || argv[2][0] == '-'))
        return cli_usage(ctx, "watch", "watch add NAME ...");
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    if (!strcmp(sub, "add")) {
        rc = watch_add(ctx, s, r, argc - 2, argv + 2, argv[2]);
        goto done;
    }
    static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    int opt, code = 0;
    while ((opt = cli_getopt(ctx, argc - 1, argv + 1, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT) {
            rc = code;
            goto done;
        }
        rc = cli_usage(ctx, "watch", "unknown option");
        goto done;
    }
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (!strcmp(sub, "rm")) {
        if (!name)
            rc = cli_usage(ctx, "watch", "watch rm NAME");
        else if (store_rule_rm(s, name, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        goto done;
    }
    store_rule *rules = NULL;
    size_t n = 0;
    int first = 0, last = 0;
    if (store_rules_load(s, &rules, &n, &err) != BLOC_OK ||
        (!strcmp(sub, "test") && (store_event_summary_refresh(s, &err) != BLOC_OK ||
                                  store_event_summary_span(s, &first, &last, &err) != BLOC_OK))) {
        free(rules);
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (!strcmp(sub, "list")) {
        static const char *const cols[] = {"name", "dyad", "group", "domain", "measure", "window_days",
                                           "z", "above", "below", "webhook"};
        out_table *t = out_begin(ctx->out, ctx->format, cols, 10);
        for (size_t i = 0; i < n; i++) {
            out_str(t, rules[i].name);
            out_str(t, rules[i].dyad);
            out_str(t, rules[i].group);
            out_str(t, rules[i].domain[0] ? rules[i].domain : "all");
            out_str(t, rules[i].measure);
            out_int(t, rules[i].window_days);
            out_num(t, rules[i].z, 2);
            out_num(t, rules[i].above, 4);
            out_num(t, rules[i].below, 4);
            out_str(t, rules[i].webhook);
        }
        out_end(t);
    } else { /* test */
        static const char *const cols[] = {"rule", "window_from", "window_to", "value", "baseline",
                                           "sd", "low", "high", "z", "events", "windows", "fires"};
        out_table *t = out_begin(ctx->out, ctx->format, cols, 12);
        size_t seen = 0;
        for (size_t i = 0; i < n && last; i++) {
            watch_eval e;
            if (name && strcmp(name, rules[i].name) != 0)
                continue;
            seen++;
            if (watch_evaluate(s, r, &rules[i], last, &e, &err) != BLOC_OK) {
                rc = cli_fail(ctx, &err);
                break;
            }
            eval_row(t, &rules[i], &e);
        }
        out_end(t);
        if (name && !seen && last && rc == 0) {
            fprintf(ctx->errout, "%s watch: no rule named '%s'\n", ctx->prog, name);
            rc = 1;
        }
    }
    free(rules);
done:
    registry_free(r);
    store_close(s);
    return rc;
}

typedef struct alerts_ctx {
    out_table *t;
} alerts_ctx;

static int print_alert(void *arg, const store_alert *a)
{
    alerts_ctx *c = arg;
    out_int(c->t, a->id);
    out_str(c->t, a->fired);
    out_str(c->t, a->rule);
    out_str(c->t, a->window_from);
    out_str(c->t, a->window_to);
    out_num(c->t, a->value, 4);
    out_num(c->t, a->baseline, 4);
    out_num(c->t, a->sd, 4);
    out_num(c->t, a->low, 4);
    out_num(c->t, a->high, 4);
    out_num(c->t, a->z, 3);
    out_int(c->t, a->events);
    out_str(c->t, a->evidence);
    return 0;
}

int cmd_alerts(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"since", required_argument, NULL, 's'},
                                         {"rule", required_argument, NULL, 'r'},
                                         CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
    const char *since = NULL, *rule = NULL;
    int opt, code = 0, d;
    bloc_error err;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help_alerts, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        if (opt == 's') {
            if (util_parse_date(optarg, 0, &d, &err) != BLOC_OK)
                return cli_usage(ctx, "alerts", "%s", err.msg);
            since = optarg;
        } else if (opt == 'r') {
            rule = optarg;
        } else {
            return cli_usage(ctx, "alerts", "unknown option");
        }
    }
    store *s = NULL;
    registry *r = NULL;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    static const char *const cols[] = {"id", "fired", "rule", "window_from", "window_to", "value",
                                       "baseline", "sd", "low", "high", "z", "events", "evidence"};
    alerts_ctx c = {out_begin(ctx->out, ctx->format, cols, 13)};
    int rc = 0;
    if (store_alerts_scan(s, since, rule, print_alert, &c, &err) != BLOC_OK)
        rc = cli_fail(ctx, &err);
    out_end(c.t);
    registry_free(r);
    store_close(s);
    return rc;
}
