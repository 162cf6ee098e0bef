/*
 * cli/cmd_group — `bloc group list|show|add|rm`: named groups of states
 * with membership dates. Built-in groups come from data/registry/groups.csv;
 * user groups live in the store.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"

static const char *const help =
    "usage: bloc group LIST [--vs LIST] [--by P] ...   (measures: bloc group crink --help)\n"
    "       bloc group list\n"
    "       bloc group show NAME [--on DATE]\n"
    "       bloc group add NAME MEMBER... [--description TEXT] [--from DATE] [--until DATE]\n"
    "       bloc group rm NAME\n\n"
    "Groups of states usable wherever a country list is accepted. Built in:\n"
    "crink (RUS, CHN, IRN, PRK), g7, nato, brics and sco, with membership dates.\n"
    "MEMBER is any country query (see 'bloc country --help') or a group name;\n"
    "several may be joined with commas. --from/--until date the membership of\n"
    "the members given (YYYY, YYYY-MM or YYYY-MM-DD). show --on DATE lists only\n"
    "those who were members on that date.\n\n"
    "Options: --format table|csv|json, --db PATH, --help\n";

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    if (!strcmp(n, "list") || !strcmp(n, "show") || !strcmp(n, "add") || !strcmp(n, "rm"))
        return 0; /* would read as a subcommand */
    if (len == 0 || len >= 64 || !isalpha((unsigned char)n[0]))
        return 0;
    for (; *n; n++)
        if (!isalnum((unsigned char)*n) && *n != '_' && *n != '-')
            return 0;
    return 1;
}

int cmd_group(cli_ctx *ctx, int argc, char **argv)
{
    /* bloc group LIST ...: measures; bloc group list|show|add|rm: management */
    static const char *const subs[] = {"list", "show", "add", "rm"};
    int manage = argc < 2 || argv[1][0] == '-';
    for (size_t i = 0; i < 4 && !manage; i++)
        manage = strcmp(argv[1], subs[i]) == 0;
    if (!manage)
        return cmd_group_measures(ctx, argc, argv);
    static const struct option opts[] = {{"description", required_argument, NULL, 'd'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"until", required_argument, NULL, 'u'},
                                         {"on", required_argument, NULL, 'o'},
                                         CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    const char *desc = "", *from_s = NULL, *until_s = NULL, *on_s = NULL;
    int opt, rc = 0, from = 0, until = 0, on = 0;
    bloc_error err;
    bloc_error_clear(&err);
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'd':
            desc = optarg;
            break;
        case 'f':
            from_s = optarg;
            break;
        case 'u':
            until_s = optarg;
            break;
        case 'o':
            on_s = optarg;
            break;
        default:
            return cli_usage(ctx, "group", "unknown option");
        }
    }
    if ((from_s && util_parse_date(from_s, 0, &from, &err) != BLOC_OK) ||
        (until_s && util_parse_date(until_s, 1, &until, &err) != BLOC_OK) ||
        (on_s && util_parse_date(on_s, 0, &on, &err) != BLOC_OK))
        return cli_usage(ctx, "group", "%s", err.msg);
    if (optind >= argc)
        return cli_usage(ctx, "group", "give a subcommand: list, show, add or rm");
    const char *sub = argv[optind++];
    int nargs = argc - optind;
    if ((strcmp(sub, "list") == 0 && nargs != 0) ||
        ((strcmp(sub, "show") == 0 || strcmp(sub, "rm") == 0) && nargs != 1) ||
        (strcmp(sub, "add") == 0 && nargs < 2))
        return cli_usage(ctx, "group", "wrong number of arguments for '%s'", sub);
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "add") && strcmp(sub, "rm"))
        return cli_usage(ctx, "group", "unknown subcommand '%s'", sub);

    store *s = NULL;
    registry *r = NULL;
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);

    if (strcmp(sub, "list") == 0) {
        static const char *const cols[] = {"group", "members", "builtin", "description"};
        out_table *t = out_begin(ctx->out, ctx->format, cols, 4);
        for (size_t i = 0; i < r->ngroups; i++) {
            out_str(t, r->groups[i].name);
            out_int(t, (long long)r->groups[i].nmembers);
            out_str(t, r->groups[i].builtin ? "yes" : "no");
            out_str(t, r->groups[i].description);
        }
        out_end(t);
    } else if (strcmp(sub, "show") == 0) {
        const store_group *g = registry_group(r, argv[optind]);
        if (!g) {
            bloc_fail(&err, BLOC_ENOTFOUND, "no group named '%s' (see 'bloc group list')",
                      argv[optind]);
            rc = cli_fail(ctx, &err);
            goto done;
        }
        static const char *const cols[] = {"group", "code", "name", "joined", "left"};
        out_table *t = out_begin(ctx->out, ctx->format, cols, 5);
        for (size_t i = 0; i < g->nmembers; i++) {
            const store_member *m = &g->members[i];
            if (on && !registry_member_on(m, on))
                continue;
            out_str(t, g->name);
            out_str(t, m->code);
            out_str(t, registry_name(r, m->code));
            out_date(t, m->joined);
            out_date(t, m->left);
        }
        out_end(t);
    } else if (strcmp(sub, "add") == 0) {
        const char *name = argv[optind];
        const store_country *c;
        bloc_error ignore;
        if (!valid_name(name)) {
            rc = cli_usage(ctx, "group", "bad group name '%s': letters, digits, '_' and '-'", name);
            goto done;
        }
        if (registry_resolve(r, name, &c, &ignore) == BLOC_OK) {
            rc = cli_usage(ctx, "group", "'%s' already names a state (%s)", name, c->code);
            goto done;
        }
        store_group g = {0};
        snprintf(g.name, sizeof g.name, "%s", name);
        snprintf(g.description, sizeof g.description, "%s", desc);
        for (int i = optind + 1; i < argc; i++) {
            store_member *m = NULL;
            size_t n = 0;
            if (registry_parse_list(r, argv[i], &m, &n, &err) != BLOC_OK) {
                free(g.members);
                rc = cli_fail(ctx, &err);
                goto done;
            }
            store_member *all = realloc(g.members, (g.nmembers + n) * sizeof *all);
            if (!all) {
                free(m);
                free(g.members);
                bloc_fail(&err, BLOC_ENOMEM, "out of memory");
                rc = cli_fail(ctx, &err);
                goto done;
            }
            g.members = all;
            for (size_t k = 0; k < n; k++) {
                int dup = 0;
                for (size_t j = 0; j < g.nmembers; j++)
                    dup |= strcmp(g.members[j].code, m[k].code) == 0;
                if (dup)
                    continue;
                if (from_s)
                    m[k].joined = from;
                if (until_s)
                    m[k].left = until;
                g.members[g.nmembers++] = m[k];
            }
            free(m);
        }
        if (store_group_add(s, &g, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        else
            fprintf(ctx->errout, "group %s: %zu members\n", g.name, g.nmembers);
        free(g.members);
    } else {
        if (store_group_rm(s, argv[optind], &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
    }
done:
    registry_free(r);
    store_close(s);
    return rc;
}
