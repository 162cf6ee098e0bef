/*
 * api/groups — `group list|show|add|rm`: named groups of states with
 * membership dates. Built-in groups come from data/registry/groups.csv;
 * user groups live in the store.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/groups.h"
#include "core/util.h"

static const char *const subs[] = {"list", "show", "add", "rm", NULL};

static const opt_def opts[] = {
    {.type = OPT_ARG, .name = "sub", .offset = offsetof(groups_req, sub),
     .argname = "list|show|add|rm", .flags = OPT_CLI_ONLY},
    OPTE_ARG("name", groups_req, name, "NAME"),
    OPTE_REST(groups_req, members, "MEMBER"),
    OPTE_STRING_CLI("description", 0, groups_req, description, "TEXT", "add: what the group is"),
    OPTE_STRING_CLI("from", 0, groups_req, from_text, "DATE", "add: the members joined on"),
    OPTE_STRING_CLI("until", 0, groups_req, until_text, "DATE", "add: the members left on"),
    OPTE_STRING("on", 0, groups_req, on_text, "DATE", "show: only the members on that date"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    groups_req *q = req;
    bloc_error e;
    (void)npos;
    if ((q->from_text && util_parse_date(q->from_text, 0, &q->from, &e) != BLOC_OK) ||
        (q->until_text && util_parse_date(q->until_text, 1, &q->until, &e) != BLOC_OK) ||
        (q->on_text && util_parse_date(q->on_text, 0, &q->on, &e) != BLOC_OK))
        return bloc_usage(err, "%s", e.msg);
    if (!q->sub)
        return bloc_usage(err, "give a subcommand: list, show, add or rm");
    int nargs = (q->name != NULL) + q->members.n;
    for (q->kind = 0; subs[q->kind] && strcmp(subs[q->kind], q->sub) != 0; q->kind++)
        ;
    if ((q->kind == GROUPS_LIST && nargs != 0) ||
        ((q->kind == GROUPS_SHOW || q->kind == GROUPS_RM) && nargs != 1) ||
        (q->kind == GROUPS_ADD && nargs < 2))
        return bloc_usage(err, "wrong number of arguments for '%s'", q->sub);
    if (!subs[q->kind])
        return bloc_usage(err, "unknown subcommand '%s'", q->sub);
    return BLOC_OK;
}

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    for (int i = 0; subs[i]; i++)
        if (strcmp(n, subs[i]) == 0)
            return 0; /* would read as a subcommand */
    if (len == 0 || len >= 64 || !isalpha((unsigned char)n[0]))
        return 0;
    for (; *n; n++)
        if (!isalnum((unsigned char)*n) && *n != '_' && *n != '-')
            return 0;
    return 1;
}

static const result_col list_cols[] = {
    {"group", RESULT_STR}, {"members", RESULT_INT}, {"builtin", RESULT_STR},
    {"description", RESULT_STR}};
static const result_col show_cols[] = {
    {"group", RESULT_STR}, {"code", RESULT_STR}, {"name", RESULT_STR}, {"joined", RESULT_DATE},
    {"left", RESULT_DATE}};

static int list(const registry *r, result *out)
{
    int rc = result_begin(out, list_cols, 4);
    for (size_t i = 0; rc == BLOC_OK && i < r->ngroups; i++) {
        result_str(out, r->groups[i].name);
        result_int(out, (long long)r->groups[i].nmembers);
        result_str(out, r->groups[i].builtin ? "yes" : "no");
        result_str(out, r->groups[i].description);
    }
    return rc == BLOC_OK ? result_status(out) : rc;
}

static int show(const registry *r, const groups_req *q, result *out, bloc_error *err)
{
    const store_group *g = registry_group(r, q->name);
    if (!g)
        return bloc_fail(err, BLOC_ENOTFOUND, "no group named '%s' (see 'bloc group list')", q->name);
    int rc = result_begin(out, show_cols, 5);
    for (size_t i = 0; rc == BLOC_OK && i < g->nmembers; i++) {
        const store_member *m = &g->members[i];
        if (q->on && !registry_member_on(m, q->on))
            continue;
        result_str(out, g->name);
        result_str(out, m->code);
        result_str(out, registry_name(r, m->code));
        result_date(out, m->joined);
        result_date(out, m->left);
    }
    return rc == BLOC_OK ? result_status(out) : rc;
}

/* Add the members of one MEMBER argument to g, once each, dated as asked. */
static int add_members(const registry *r, const groups_req *q, const char *arg, store_group *g,
                       bloc_error *err)
{
    store_member *m = NULL;
    size_t n = 0;
    int rc = registry_parse_list(r, arg, &m, &n, err);
    if (rc != BLOC_OK)
        return rc;
    store_member *all = realloc(g->members, (g->nmembers + n + 1) * sizeof *all);
    if (!all) {
        free(m);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    g->members = all;
    for (size_t k = 0; k < n; k++) {
        int dup = 0;
        for (size_t j = 0; j < g->nmembers; j++)
            dup |= strcmp(g->members[j].code, m[k].code) == 0;
        if (dup)
            continue;
        if (q->from_text)
            m[k].joined = q->from;
        if (q->until_text)
            m[k].left = q->until;
        g->members[g->nmembers++] = m[k];
    }
    free(m);
    return BLOC_OK;
}

static const result_col add_cols[] = {{"group", RESULT_STR}, {"members", RESULT_INT}};

static int add(store *s, const registry *r, const groups_req *q, result *out, bloc_error *err)
{
    const store_country *c;
    bloc_error ignore;
    if (!valid_name(q->name))
        return bloc_usage(err, "bad group name '%s': letters, digits, '_' and '-'", q->name);
    if (registry_resolve(r, q->name, &c, &ignore) == BLOC_OK)
        return bloc_usage(err, "'%s' already names a state (%s)", q->name, c->code);
    store_group g = {0};
    int rc = BLOC_OK;
    snprintf(g.name, sizeof g.name, "%s", q->name);
    snprintf(g.description, sizeof g.description, "%s", q->description ? q->description : "");
    for (int i = 0; i < q->members.n && rc == BLOC_OK; i++)
        rc = add_members(r, q, q->members.v[i], &g, err);
    if (rc == BLOC_OK && (rc = store_group_add(s, &g, err)) == BLOC_OK &&
        (rc = result_begin(out, add_cols, 2)) == BLOC_OK) {
        result_str(out, g.name);
        result_int(out, (long long)g.nmembers);
        rc = result_status(out);
    }
    free(g.members);
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const groups_req *q = request;
    store *s;
    const registry *r;
    s = NULL;
    int rc = q->kind == GROUPS_LIST || q->kind == GROUPS_SHOW ? bloc_session_lookup(S, &r, err)
                                                               : bloc_session_store(S, &s, &r, err);
    if (rc != BLOC_OK)
        return rc;
    switch (q->kind) {
    case GROUPS_LIST:
        return list(r, out);
    case GROUPS_SHOW:
        return show(r, q, out, err);
    case GROUPS_ADD:
        return add(s, r, q, out, err);
    default:
        return store_group_rm(s, q->name, err);
    }
}

const bloc_call api_groups = {"groups", sizeof(groups_req), NULL, opts, check, run};
