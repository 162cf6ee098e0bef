/*
 * cli/cmd_check — `bloc check ARTICLE [--date D] [--format ...|html]`:
 * parses, calls check_call, prints the rows; with --format html, the
 * page of report/check_page instead (the same rows, the article marked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/article.h"
#include "check/check.h"
#include "cli/cli.h"
#include "core/util.h"
#include "report/report.h"

static const cli_command command = {
    "check", &check_call,
    "usage: bloc check ARTICLE [--date YYYY-MM-DD] [--tolerance X]\n"
    "                  [--format table|csv|json|jsonl|html]\n",
    "Test an article's claims against the data. ARTICLE is plain text or\n"
    "Markdown (- reads standard input), dated --date (default today). Each\n"
    "claim found is tied to its sentence and character offsets:\n"
    "  quantity  a share, count or amount between states over a span\n"
    "  event     who did what to whom, when (the coder's events)\n"
    "  relation  a formal tie (\"X is Y's sole military ally\")\n"
    "  trend     a group or dyad coming closer or keeping apart, with its\n"
    "            words of change, domains and split date\n"
    "and tested with the measure that fits: arms shares and deals (SIPRI,\n"
    "naming the release), alliances (ATOP), UN-vote cohesion and agreement\n"
    "before and after the split (assess, with 95% intervals), events. The\n"
    "verdict is supported, close (a share within --tolerance points, default\n"
    "5), partly, contradicted, not testable (the data bloc holds cannot speak\n"
    "to it, and why) or no data (the right source, no coverage for the\n"
    "period). Each row gives the figure found beside the one claimed, the\n"
    "evidence and the commands that reproduce it (docs/check.md). --format\n"
    "html writes one self-contained page to stdout: the article with each\n"
    "claim marked in place in its verdict's colour, and every row below it.\n"};

/* Take "--format html" (or --format=html) out of argv: 1 when it was there. */
static int take_html(int *argc, char **argv)
{
    int html = 0, w = 0;
    for (int i = 0; i < *argc; i++) {
        if (!strcmp(argv[i], "--format=html") || (!strcmp(argv[i], "--format") && i + 1 < *argc &&
                                                   !strcmp(argv[i + 1], "html"))) {
            html = 1;
            i += argv[i][8] == '\0';
            continue;
        }
        argv[w++] = argv[i];
    }
    *argc = w;
    return html;
}

/* The article read once (standard input cannot be read twice), checked,
 * and the page written. */
static int write_page(cli_ctx *ctx, check_req *q, const char *line)
{
    result *res = NULL;
    json_t *doc = NULL;
    article *a = NULL;
    bloc_error err;
    char date[16];
    util_format_date(q->date, date, sizeof date);
    int rc = article_read(q->article, CHECK_MAX_BYTES, &a, &err);
    if (rc == BLOC_OK) {
        q->text = a->raw;
        q->text_len = a->len;
        rc = cli_run_kept(ctx, &check_call, q, &res, &err);
    }
    for (size_t i = 0; res && i < result_nnotes(res); i++)
        fprintf(ctx->errout, "%s check: %s\n", ctx->prog, result_note_at(res, i));
    if (rc == BLOC_OK && (rc = report_check_doc(q->article, a->raw, a->len, date, line, res, &doc, &err)) == BLOC_OK)
        rc = report_check_html(ctx->webdir, doc, ctx->out, &err);
    json_decref(doc);
    result_free(res);
    article_free(a);
    return rc == BLOC_OK ? 0 : rc == BLOC_EUSAGE ? cli_usage(ctx, "check", "%s", err.msg) : cli_fail(ctx, &err);
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
    char line[2048] = "bloc";
    for (int i = 0; i < argc; i++)
        snprintf(line + strlen(line), sizeof line - strlen(line), " %s", argv[i]);
    if (!take_html(&argc, argv))
        return cli_call(ctx, &command, argc, argv);
    check_req *q = bloc_call_request(&check_call);
    int code = 0;
    if (q && cli_parse(ctx, &command, q, argc, argv, &code) == 0)
        code = write_page(ctx, q, line);
    free(q);
    return q ? code : 1;
}
