/*
 * report/build — the report's document from library results (see
 * build.h).
 */
#include "report/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/alliances.h"
#include "analysis/analysis.h"
#include "analysis/arms.h"
#include "analysis/unga.h"
#include "api/listings.h"
#include "core/util.h"
#include "output/output.h"

static void init(void *req)
{
    ((report_req *)req)->split = "2022-02-24";
}

static const opt_def opts[] = {
    OPTE_LIST("group", report_req, group, "LIST", "the group"),
    OPTE_LIST("vs", report_req, vs, "LIST", "the comparison group"),
    OPTE_STRING("since", 0, report_req, since, "D", "from this date"),
    OPTE_STRING("until", 0, report_req, until, "D", "to this date"),
    OPTE_STRING("split", 0, report_req, split, "DATE", "the date compared around (default 2022-02-24)"),
    OPTE_STRING("output", 'o', report_req, output, "FILE", "the HTML file to write"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const report_req *q = req;
    bloc_error e;
    int d;
    if (!q->group || !q->vs || !q->output || npos > 0)
        return bloc_usage(err, "give --group LIST, --vs LIST and -o FILE");
    if ((q->since && util_parse_date(q->since, 0, &d, &e) != BLOC_OK) ||
        (q->until && util_parse_date(q->until, 1, &d, &e) != BLOC_OK) ||
        util_parse_date(q->split, 0, &d, &e) != BLOC_OK)
        return bloc_usage(err, "%s", e.msg);
    return BLOC_OK;
}

static int no_run(bloc_session *S, const void *req, result *out, bloc_error *err)
{
    (void)S, (void)req, (void)out;
    return bloc_fail(err, BLOC_EUSAGE, "the report runs through report_build");
}

const bloc_call report_call = {"report", sizeof(report_req), init, opts, check, no_run};

typedef struct builder {
    bloc_session *S;
    const report_req *q;
    json_t *commands; /* key -> command line */
    json_t *notes;    /* key -> the call's notes (no data, thin periods) */
    bloc_error *err;
    int ok;
    int soft;         /* a part that may fail: its message becomes its note */
} builder;

/* Run call c on the request that argv (its command line, without "bloc")
 * parses into; the rows as JSON into into[name], the command under key.
 * The report's --since/--until are appended unless the part sets its own
 * start (ranged_after) or end (ranged_before). */
static void take(builder *B, const char *key, const bloc_call *c, json_t *into, const char *name,
                 int ranged_after, int ranged_before, const char *const *args)
{
    const char *argv[40];
    char line[2048];
    int argc = 0;
    if (!B->ok)
        return;
    for (; args[argc] && argc < 34; argc++)
        argv[argc] = args[argc];
    if (B->q->since && !ranged_after) {
        argv[argc++] = "--since";
        argv[argc++] = B->q->since;
    }
    if (B->q->until && !ranged_before) {
        argv[argc++] = "--until";
        argv[argc++] = B->q->until;
    }
    argv[argc] = NULL;
    result *res = result_new();
    int rc = !res ? bloc_fail(B->err, BLOC_ENOMEM, "out of memory")
                  : bloc_call_line(B->S, c, argv, res, line, sizeof line, B->err);
    json_t *rows = rc == BLOC_OK ? out_json_rows(res) : NULL;
    if (rows) {
        json_object_set_new(into, name, rows);
        json_object_set_new(B->commands, key, json_string(line));
        if (result_nnotes(res)) {
            json_t *n = json_array();
            for (size_t i = 0; i < result_nnotes(res); i++)
                json_array_append_new(n, json_string(result_note_at(res, i)));
            json_object_set_new(B->notes, key, n);
        }
    } else if (B->soft && rc != BLOC_ENOMEM) {
        /* this part cannot be drawn for this group (arms flows of a single
         * state): the report says why and goes on */
        json_t *n = json_array();
        json_array_append_new(n, json_string(B->err->msg));
        json_object_set_new(B->notes, key, n);
        json_object_set_new(B->commands, key, json_string(line));
        json_object_set_new(into, name, json_array());
        bloc_error_clear(B->err);
    } else {
        char msg[600];
        snprintf(msg, sizeof msg, "%.590s", B->err->msg);
        bloc_fail(B->err, rc == BLOC_EUSAGE ? BLOC_EUSAGE : rc ? rc : BLOC_ENOMEM, "%s ('%s')",
                  msg, line);
        B->ok = 0;
    }
    result_free(res);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Keep the latest UN year in which some dyad is not thin (--min-votes: a
 * year holding only January's roll calls says little); list the codes of
 * the heatmap in order. */
static void heat_trim(json_t *heat)
{
    json_t *un = json_object_get(heat, "un"), *latest = json_array(), *row, *codes = json_array();
    size_t i;
    const char *last = NULL;
    json_array_foreach(un, i, row) {
        const char *per = json_string_value(json_object_get(row, "period"));
        const char *thin = json_string_value(json_object_get(row, "thin"));
        if (per && thin && strcmp(thin, "no") == 0 && (!last || strcmp(per, last) > 0))
            last = per;
    }
    json_array_foreach(un, i, row) {
        const char *per = json_string_value(json_object_get(row, "period"));
        if (last && per && strcmp(last, per) == 0)
            json_array_append(latest, row);
    }
    json_object_set_new(heat, "un", latest);
    json_array_foreach(json_object_get(heat, "after"), i, row) {
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
    json_object_set_new(heat, "codes", codes);
}

/* Parts 1-3: the assessment, UN cohesion and the heatmaps. */
static void head_parts(builder *B, json_t *doc, const char *split_day, const char *before_end,
                       const char *both)
{
    const report_req *q = B->q;
    take(B, "assess", &analysis_assess, doc, "assess", 0, 0,
         ARGS("assess", q->group, "--vs", q->vs, "--split", split_day));
    take(B, "un", &analysis_unga, doc, "un", 0, 0, ARGS("unga", "versus", q->group, q->vs, "--by", "year"));
    json_t *heat = json_object();
    json_object_set_new(doc, "heat", heat);
    take(B, "heat_after", &analysis_pairs, heat, "after", 1, 0,
         ARGS("pairs", both, "--by", "all", "--since", split_day));
    take(B, "heat_before", &analysis_pairs, heat, "before", 0, 1,
         ARGS("pairs", both, "--by", "all", "--until", before_end));
    take(B, "heat_un", &analysis_unga, heat, "un", 0, 0,
         ARGS("unga", "pairs", "--countries", both, "--by", "year"));
    if (B->ok)
        heat_trim(heat);
    else
        json_object_set_new(heat, "codes", json_array());
}

/* Parts 4-9: domains, network, friction, the military channel, evidence,
 * provenance. */
static void body_parts(builder *B, json_t *doc, const char *split_day)
{
    const report_req *q = B->q;
    json_t *domains = json_object(), *net = json_object(), *fr = json_object(), *prov = json_object();
    json_object_set_new(doc, "domains", domains);
    static const char *const doms[] = {"military", "economic", "diplomatic", "technology"};
    for (size_t k = 0; k < 4 && B->ok; k++) {
        json_t *dom = json_object();
        char key[64], key2[64];
        json_object_set_new(domains, doms[k], dom);
        snprintf(key, sizeof key, "domain_%s", doms[k]);
        snprintf(key2, sizeof key2, "changes_%s", doms[k]);
        take(B, key, &analysis_group, dom, "series", 0, 0,
             ARGS("group", q->group, "--by", "month", "--domain", doms[k]));
        take(B, key2, &analysis_changes, dom, "changes", 0, 0,
             ARGS("changes", "--group", q->group, "--domain", doms[k]));
    }
    json_object_set_new(doc, "network", net);
    json_object_set_new(doc, "friction", fr);
    take(B, "network", &analysis_network, net, "nodes", 1, 0,
         ARGS("network", q->group, "--since", split_day));
    take(B, "network_edges", &analysis_network, net, "edges", 1, 0,
         ARGS("network", q->group, "--since", split_day, "--edges"));
    take(B, "friction", &analysis_friction, fr, "series", 0, 0,
         ARGS("friction", q->group, "--by", "quarter"));
    take(B, "friction_list", &analysis_friction, fr, "events", 0, 0,
         ARGS("friction", q->group, "--list", "--limit", "25"));
    /* the military channel: SIPRI's arms (years: the report's dates do
     * not apply) and ATOP's alliances */
    json_t *mil = json_object();
    json_object_set_new(doc, "military", mil);
    B->soft = 1;
    take(B, "arms_flows", &analysis_arms, mil, "flows", 1, 1, ARGS("arms", "flows", q->group, "--by", "year"));
    take(B, "arms_share", &analysis_arms, mil, "share", 1, 1, ARGS("arms", "flows", q->group, "--by", "all"));
    take(B, "arms_deals", &analysis_arms, mil, "deals", 1, 1,
         ARGS("arms", "deals", "--supplier", q->group, "--recipient", q->group, "--limit", "40"));
    take(B, "alliances", &analysis_alliances, mil, "alliances", 1, 1, ARGS("alliances", q->group));
    B->soft = 0;
    json_object_set_new(doc, "provenance", prov);
    take(B, "evidence", &analysis_assess, doc, "evidence", 0, 0,
         ARGS("assess", q->group, "--vs", q->vs, "--split", split_day, "--evidence", "--limit", "3"));
    take(B, "stats", &api_stats, prov, "stats", 1, 1, ARGS("stats"));
    take(B, "sources", &api_stats, prov, "sources", 1, 1, ARGS("stats", "--sources"));
}

int report_build(bloc_session *S, const report_req *q, json_t **out, bloc_error *err)
{
    int d;
    char split_day[16], before_end[16], both[300], when[32], title[400];
    util_parse_date(q->split, 0, &d, err);
    util_format_date(d, split_day, sizeof split_day);
    util_format_date(ev_add_days(d, -1), before_end, sizeof before_end);
    snprintf(both, sizeof both, "%s,%s", q->group, q->vs);
    builder B = {S, q, json_object(), json_object(), err, 1, 0};
    json_t *doc = json_object();
    head_parts(&B, doc, split_day, before_end, both);
    body_parts(&B, doc, split_day);
    if (!B.ok) {
        json_decref(B.commands);
        json_decref(B.notes);
        json_decref(doc);
        return err->code ? err->code : BLOC_EINPUT;
    }
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    snprintf(title, sizeof title, "Is %s aligned? %s compared with %s", q->group, q->group, q->vs);
    json_object_set_new(doc, "title", json_string(title));
    json_object_set_new(doc, "generated", json_string(when));
    json_object_set_new(doc, "version", json_string("0.1"));
    json_object_set_new(doc, "store", json_string(bloc_session_config(S)->db_path));
    json_object_set_new(doc, "params",
                        json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "group", q->group, "vs", q->vs,
                                  "since", q->since, "until", q->until, "split", split_day));
    json_object_set_new(doc, "commands", B.commands);
    json_object_set_new(doc, "notes", B.notes);
    *out = doc;
    return BLOC_OK;
}
