/*
 * cli/cmd_report — `bloc report --group G --vs R -o report.html`: parses,
 * builds the report's document from library calls in one session
 * (report/build) and writes the HTML file (report).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "report/build.h"
#include "report/report.h"

static const cli_command command = {
    "report", &report_call,
    "usage: bloc report --group LIST --vs LIST [--since D] [--until D]\n"
    "                   [--split DATE] -o FILE\n",
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
    "(web/vendor). --split defaults to 2022-02-24.\n"};

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    report_req req = {0};
    bloc_session *S = NULL;
    json_t *doc = NULL;
    bloc_error err;
    int code = 0;
    report_call.init(&req);
    if (cli_parse(ctx, &command, &req, argc, argv, &code) != 0)
        return code;
    bloc_error_clear(&err);
    int rc = cli_session(ctx, 0, &S, &err);
    if (rc == BLOC_OK && (rc = report_build(S, &req, &doc, &err)) != BLOC_OK) {
        code = cli_fail(ctx, &err);
        fprintf(ctx->errout, "%s report: no report written\n", ctx->prog);
    } else if (rc == BLOC_OK && (rc = report_write_html(ctx->webdir, doc, req.output, &err)) == BLOC_OK) {
        printf("%s\n", req.output);
    }
    json_decref(doc);
    bloc_session_close(S);
    return rc == BLOC_OK ? 0 : code ? code : cli_fail(ctx, &err);
}
