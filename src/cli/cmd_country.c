/*
 * cli/cmd_country — `bloc country`: parses, calls api_countries, prints
 * (one query in the table format as a record of "field: value" lines).
 */
#include <stdio.h>
#include <stdlib.h>

#include "api/listings.h"
#include "cli/cli.h"
#include "core/util.h"

static const cli_command command = {
    "country", &api_countries,
    "usage: bloc country [options] QUERY...\n"
    "       bloc country --list\n",
    "Resolve each QUERY to a state and print its record. A QUERY may be an ISO\n"
    "3166 alpha-3 (RUS), alpha-2 (RU) or numeric (643) code, cow:N for a\n"
    "Correlates of War number, cameo:XXX for a CAMEO code, or a name or alias\n"
    "(\"Russian Federation\", \"DPRK\", \"Iran (Islamic Republic of)\", USSR).\n"
    "An unknown name is an error that suggests near matches.\n"};

static const char *text(const result *res, const char *col)
{
    const result_value *v = result_cell(res, 0, (size_t)result_col_index(res, col));
    return v && v->type == RESULT_STR ? v->v.s : "";
}

/* The record of the one row of res. */
static void record(const result *res)
{
    char from[16] = "", until[16] = "";
    const result_value *cow = result_cell(res, 0, (size_t)result_col_index(res, "cow_code")),
                       *vf = result_cell(res, 0, (size_t)result_col_index(res, "valid_from")),
                       *vu = result_cell(res, 0, (size_t)result_col_index(res, "valid_until"));
    if (vf->type == RESULT_DATE)
        util_format_date(vf->v.date, from, sizeof from);
    if (vu->type == RESULT_DATE)
        util_format_date(vu->v.date, until, sizeof until);
    printf("code:          %s\n", text(res, "code"));
    printf("name:          %s\n", text(res, "name"));
    printf("official name: %s\n", text(res, "official_name"));
    printf("ISO alpha-2:   %s\n", *text(res, "iso2") ? text(res, "iso2") : "-");
    printf("ISO numeric:   %s\n", *text(res, "iso_numeric") ? text(res, "iso_numeric") : "-");
    if (cow->type == RESULT_INT)
        printf("COW:           %lld (%s)\n", cow->v.i, text(res, "cow_abbr"));
    else
        printf("COW:           -\n");
    printf("CAMEO:         %s\n", text(res, "cameo"));
    if (from[0] || until[0])
        printf("existed:       %s .. %s\n", from[0] ? from : "?", until[0] ? until : "present");
    if (*text(res, "successor"))
        printf("successor:     %s\n", text(res, "successor"));
    if (*text(res, "note"))
        printf("note:          %s\n", text(res, "note"));
}

static int one_record(cli_ctx *ctx, const countries_req *req)
{
    bloc_error err;
    result *res = NULL;
    int rc = cli_run_kept(ctx, &api_countries, req, &res, &err);
    if (rc == BLOC_OK)
        record(res);
    result_free(res);
    return rc == BLOC_OK ? 0 : cli_fail(ctx, &err);
}

int cmd_country(cli_ctx *ctx, int argc, char **argv)
{
    countries_req req = {0};
    int code = 0;
    if (cli_parse(ctx, &command, &req, argc, argv, &code) != 0)
        return code;
    if (!req.list && req.queries.n == 1 && ctx->format == OUT_TABLE)
        return one_record(ctx, &req);
    return cli_run(ctx, &command, &req);
}
