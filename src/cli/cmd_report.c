/*
 * cli/cmd_report — `bloc report --group G --vs R -o report.html`: runs the
 * analytics commands (assess, unga versus, pairs, group, changes, network,
 * friction, stats) in-process with JSON output, gathers their results into
 * one document, records the exact command behind each part, and hands it to
 * the report module to write one self-contained HTML file. Building the
 * report from the commands themselves keeps every figure in it identical to
 * what the CLI prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/util.h"
#include "metrics/events.h"
#include "report/report.h"

static const char *const help =
    "usage: bloc report --group LIST --vs LIST [--since D] [--until D]\n"
    "                   [--split DATE] -o FILE\n\n"
    "Write one self-contained HTML file (styles, data, charts inlined; opens\n"
    "from file:// with no network) on a group and a comparison group:\n"
    "  1 the assessment (bloc assess): what moved, where, how much, how sure\n"
    "  2 UN-vote cohesion by year (bloc unga versus), the split marked\n"
    "  3 heatmaps: event net cooperation since the split and its change, and UN\n"
    "    agreement in the latest year with votes (bloc pairs, bloc unga pairs)\n"
    "  4 events and net cooperation per month for each domain, change points\n"
    "    marked (bloc group --domain, bloc changes)\n"
    "  5 the cooperation network since the split, hub highlighted (bloc network)\n"
    "  6 friction inside the group (bloc friction)\n"
    "  7 evidence: events and roll calls behind the assessment\n"
    "  8 methods and provenance: inputs with checksums, what the store holds\n"
    "Each part names the bloc command that reproduces it. Charts: Apache ECharts\n"
    "(web/vendor). --split defaults to 2022-02-24.\n"
    "  --db PATH\n";

typedef struct report_run {
    cli_ctx *ctx;
    json_t *commands;
    bloc_error err;
} report_run;

/* Run one command with JSON output into a buffer; return its parsed rows
 * (new reference) and record its command line under key. */
static json_t *run(report_run *R, const char *key, int (*cmd)(cli_ctx *, int, char **),
                   const char *const *args)
{
    char *buf = NULL, line[2048] = "bloc";
    size_t len = 0, n = 0, off = 4;
    char *argv[48];
    for (; args[n] && n < 46; n++) {
        argv[n] = util_strdup(args[n]);
        off += (size_t)snprintf(line + off, sizeof line - off, " %s", args[n]);
    }
    argv[n] = util_strdup("--format");
    argv[n + 1] = util_strdup("json");
    argv[n + 2] = NULL;
    cli_ctx sub = *R->ctx;
    sub.format = OUT_JSON;
    sub.out = open_memstream(&buf, &len);
    json_t *rows = NULL;
    if (sub.out) {
        cli_reset_getopt();
        int rc = cmd(&sub, (int)n + 2, argv);
        fclose(sub.out);
        json_error_t jerr;
        if (rc == 0 && buf && (rows = json_loadb(buf, len, 0, &jerr)) && json_is_array(rows))
            json_object_set_new(R->commands, key, json_string(line));
        else {
            json_decref(rows);
            rows = NULL;
            bloc_fail(&R->err, rc == 2 ? BLOC_EUSAGE : BLOC_EINPUT, "'%s' failed", line);
        }
    } else {
        bloc_fail(&R->err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n + 2; i++)
        free(argv[i]);
    free(buf);
    return rows;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"group", required_argument, NULL, 'g'}, {"vs", required_argument, NULL, 'v'},
        {"since", required_argument, NULL, 's'}, {"until", required_argument, NULL, 'u'},
        {"split", required_argument, NULL, 'S'}, {"output", required_argument, NULL, 'o'},
        CLI_COMMON_OPTIONS,                      {NULL, 0, NULL, 0}};
    const char *group = NULL, *vs = NULL, *since = NULL, *until = NULL, *split = "2022-02-24",
               *path = NULL;
    int opt, code = 0, d;
    bloc_error err;
    while ((opt = cli_getopt_short(ctx, argc, argv, "o:", opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'g': group = optarg; break;
        case 'v': vs = optarg; break;
        case 's': since = optarg; break;
        case 'u': until = optarg; break;
        case 'S': split = optarg; break;
        case 'o': path = optarg; break;
        default: return cli_usage(ctx, "report", "unknown option");
        }
    }
    if (!group || !vs || !path || optind < argc)
        return cli_usage(ctx, "report", "give --group LIST, --vs LIST and -o FILE");
    if ((since && util_parse_date(since, 0, &d, &err) != BLOC_OK) ||
        (until && util_parse_date(until, 1, &d, &err) != BLOC_OK) ||
        util_parse_date(split, 0, &d, &err) != BLOC_OK)
        return cli_usage(ctx, "report", "%s", err.msg);
    char split_day[16], before_end[16], both[300];
    util_format_date(d, split_day, sizeof split_day);
    util_format_date(ev_add_days(d, -1), before_end, sizeof before_end);
    snprintf(both, sizeof both, "%s,%s", group, vs);
    report_run R = {.ctx = ctx, .commands = json_object()};
    json_t *doc = json_object(), *part;
    bloc_error_clear(&R.err);
    int ok = 1;
    /* TAKE(key, command, into, name, args...): run `bloc args... [--since]
     * [--until]` (the range options appended when given) into into[name] */
#define TAKE(key, cmdfn, into, name, ...)                                                         \
    do {                                                                                          \
        const char *a_[32] = {__VA_ARGS__}, **p_ = a_;                                            \
        while (*p_)                                                                               \
            p_++;                                                                                 \
        if (since && !ranged_after) {                                                             \
            *p_++ = "--since";                                                                    \
            *p_++ = since;                                                                        \
        }                                                                                         \
        if (until && !ranged_before) {                                                            \
            *p_++ = "--until";                                                                    \
            *p_++ = until;                                                                        \
        }                                                                                         \
        *p_ = NULL;                                                                               \
        if (ok && (part = run(&R, key, cmdfn, a_)) != NULL)                                       \
            json_object_set_new(into, name, part);                                                \
        else                                                                                      \
            ok = 0;                                                                               \
        ranged_after = ranged_before = 0;                                                         \
    } while (0)
    int ranged_after = 0, ranged_before = 0; /* a part that sets its own start / end */
    /* 1-2: assessment and UN cohesion */
    TAKE("assess", cmd_assess, doc, "assess", "assess", group, "--vs", vs, "--split", split_day, NULL);
    TAKE("un", cmd_unga, doc, "un", "unga", "versus", group, vs, "--by", "year", NULL);
    /* 3: heatmaps over both groups */
    json_t *heat = json_object(), *codes = json_array();
    json_object_set_new(doc, "heat", heat);
    ranged_after = 1;
    TAKE("heat_after", cmd_pairs, heat, "after", "pairs", both, "--by", "all", "--since", split_day, NULL);
    ranged_before = 1;
    TAKE("heat_before", cmd_pairs, heat, "before", "pairs", both, "--by", "all", "--until", before_end, NULL);
    TAKE("heat_un", cmd_unga, heat, "un", "unga", "pairs", "--countries", both, "--by", "year", NULL);
    if (ok) { /* keep the latest UN year only; list the codes in order */
        json_t *un = json_object_get(heat, "un"), *latest = json_array(), *row;
        size_t i;
        const char *last = NULL;
        /* the latest year in which some dyad has 20 common votes (a year
         * holding only January's roll calls says little) */
        json_array_foreach(un, i, row) {
            const char *per = json_string_value(json_object_get(row, "period"));
            json_int_t votes = json_integer_value(json_object_get(row, "votes"));
            if (per && votes >= 20 && (!last || strcmp(per, last) > 0))
                last = per;
        }
        json_array_foreach(un, i, row) {
            const char *per = json_string_value(json_object_get(row, "period"));
            if (last && per && strcmp(last, per) == 0)
                json_array_append(latest, row);
        }
        json_object_set_new(heat, "un", latest);
        json_t *after = json_object_get(heat, "after");
        json_array_foreach(after, i, row) {
            const char *ab[2] = {json_string_value(json_object_get(row, "a")),
                                 json_string_value(json_object_get(row, "b"))};
            for (int k = 0; k < 2; k++) {
                size_t j;
                json_t *c;
                int seen = 0;
                json_array_foreach(codes, j, c) seen |= ab[k] && !strcmp(json_string_value(c), ab[k]);
                if (ab[k] && !seen)
                    json_array_append_new(codes, json_string(ab[k]));
            }
        }
    }
    json_object_set_new(heat, "codes", codes);
    /* 4: domains */
    json_t *domains = json_object();
    json_object_set_new(doc, "domains", domains);
    static const char *const doms[] = {"military", "economic", "diplomatic", "technology"};
    for (size_t k = 0; k < 4 && ok; k++) {
        json_t *dom = json_object();
        char key[64], key2[64];
        json_object_set_new(domains, doms[k], dom);
        snprintf(key, sizeof key, "domain_%s", doms[k]);
        snprintf(key2, sizeof key2, "changes_%s", doms[k]);
        TAKE(key, cmd_group_measures, dom, "series", "group", group, "--by", "month", "--domain",
             doms[k], NULL);
        TAKE(key2, cmd_changes, dom, "changes", "changes", "--group", group, "--domain", doms[k],
             "--bootstrap", "199", NULL);
    }
    /* 5-6: network and friction */
    json_t *net = json_object(), *fr = json_object();
    json_object_set_new(doc, "network", net);
    json_object_set_new(doc, "friction", fr);
    ranged_after = 1;
    TAKE("network", cmd_network, net, "nodes", "network", group, "--since", split_day, NULL);
    ranged_after = 1;
    TAKE("network_edges", cmd_network, net, "edges", "network", group, "--since", split_day,
         "--edges", NULL);
    TAKE("friction", cmd_friction, fr, "series", "friction", group, "--by", "quarter", NULL);
    TAKE("friction_list", cmd_friction, fr, "events", "friction", group, "--list", "--limit", "25",
         NULL);
    /* 7-8: evidence and provenance */
    json_t *prov = json_object();
    json_object_set_new(doc, "provenance", prov);
    TAKE("evidence", cmd_assess, doc, "evidence", "assess", group, "--vs", vs, "--split", split_day,
         "--evidence", "--limit", "3", NULL);
    ranged_after = ranged_before = 1;
    TAKE("stats", cmd_stats, prov, "stats", "stats", NULL);
    ranged_after = ranged_before = 1;
    TAKE("sources", cmd_stats, prov, "sources", "stats", "--sources", NULL);
#undef TAKE
    int rc = 0;
    if (!ok) {
        rc = cli_fail(ctx, &R.err);
        fprintf(ctx->errout, "%s report: no report written\n", ctx->prog);
        goto done;
    }
    char when[32], title[400];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    snprintf(title, sizeof title, "Is %s aligned? %s compared with %s", group, group, vs);
    json_object_set_new(doc, "title", json_string(title));
    json_object_set_new(doc, "generated", json_string(when));
    json_object_set_new(doc, "version", json_string("0.1"));
    json_object_set_new(doc, "store", json_string(ctx->db_path));
    json_object_set_new(doc, "params",
                        json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "group", group, "vs", vs, "since",
                                  since, "until", until, "split", split_day));
    json_object_set(doc, "commands", R.commands);
    if (report_write_html(ctx->webdir, doc, path, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    printf("%s\n", path);
done:
    json_decref(R.commands);
    json_decref(doc);
    return rc;
}
