/*
 * cli/cmd_group — `bloc group list|show|add|rm` (api_groups) and, for any
 * other first argument, `bloc group LIST` (the measures, cmd_cohesion).
 */
#include <stdlib.h>
#include <string.h>

#include "api/groups.h"
#include "cli/cli.h"

static const cli_command command = {
    "group", &api_groups,
    "usage: bloc group LIST [--vs LIST] [--by P] ...   (measures: bloc group crink --help)\n"
    "       bloc group list\n"
    "       bloc group show NAME [--on DATE]\n"
    "       bloc group add NAME MEMBER... [--description TEXT] [--from DATE] [--until DATE]\n"
    "       bloc group rm NAME\n",
    "Groups of states usable wherever a country list is accepted. Built in:\n"
    "crink (RUS, CHN, IRN, PRK), g7, nato, brics and sco, with membership dates.\n"
    "MEMBER is any country query (see 'bloc country --help') or a group name;\n"
    "several may be joined with commas. --from/--until date the membership of\n"
    "the members given (YYYY, YYYY-MM or YYYY-MM-DD). show --on DATE lists only\n"
    "those who were members on that date.\n"};

/* add and rm say what they did on stderr; list and show print tables. */
static int change(cli_ctx *ctx, const groups_req *req)
{
    bloc_error err;
    result *res = NULL;
    int rc = cli_run_kept(ctx, &api_groups, req, &res, &err);
    if (rc == BLOC_OK && req->kind == GROUPS_ADD)
        fprintf(ctx->errout, "group %s: %lld members\n", result_cell(res, 0, 0)->v.s,
                result_cell(res, 0, 1)->v.i);
    result_free(res);
    return rc == BLOC_OK ? 0 : rc == BLOC_EUSAGE ? cli_usage(ctx, "group", "%s", err.msg)
                                                 : cli_fail(ctx, &err);
}

int cmd_group(cli_ctx *ctx, int argc, char **argv)
{
    static const char *const subs[] = {"list", "show", "add", "rm"};
    int manage = argc < 2 || argv[1][0] == '-';
    for (size_t i = 0; i < 4 && !manage; i++)
        manage = strcmp(argv[1], subs[i]) == 0;
    if (!manage)
        return cmd_group_measures(ctx, argc, argv);
    groups_req req = {0};
    int code = 0;
    if (cli_parse(ctx, &command, &req, argc, argv, &code) != 0)
        return code;
    if (req.kind == GROUPS_ADD || req.kind == GROUPS_RM)
        return change(ctx, &req);
    return cli_run(ctx, &command, &req);
}
