/*
 * api/call — requests, sets of states and the shared option entries (see
 * call.h).
 */
#include "api/call.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "core/util.h"

const char *const bloc_ev_by_names[] = {"week", "month", "quarter", "year", "all", NULL};
const char *const bloc_weight_names[] = {"events", "mentions", NULL};

void *bloc_call_request(const bloc_call *c)
{
    void *req = calloc(1, c->req_size ? c->req_size : 1);
    if (req && c->init)
        c->init(req);
    return req;
}

int bloc_call_npositional(const bloc_call *c)
{
    int n = 0;
    for (const opt_def *d = c->opts; d && d->type != OPT_END; d++)
        n += d->type == OPT_ARG;
    return n;
}

int bloc_call_check(const bloc_call *c, void *req, int npos, const char *extra, bloc_error *err)
{
    int rc = c->check ? c->check(req, npos, err) : BLOC_OK, rest = 0;
    if (rc != BLOC_OK)
        return rc;
    for (const opt_def *d = c->opts; d && d->type != OPT_END; d++)
        rest |= d->type == OPT_REST;
    if (!rest && npos > bloc_call_npositional(c))
        return bloc_usage(err, "unexpected argument '%s'", extra ? extra : "");
    return BLOC_OK;
}

int bloc_call_line(bloc_session *S, const bloc_call *c, const char *const *args, result *res,
                   char *line, size_t linesz, bloc_error *err)
{
    enum { MAX_ARGS = 64 };
    char *argv[MAX_ARGS + 1], shown[2048] = "bloc";
    int argc = 0;
    size_t off = 4;
    for (; args[argc]; argc++) {
        if (argc == MAX_ARGS)
            return bloc_fail(err, BLOC_EUSAGE, "a command line of more than %d words", MAX_ARGS);
        argv[argc] = (char *)args[argc];
        if (off < sizeof shown)
            off += (size_t)snprintf(shown + off, sizeof shown - off, " %s", args[argc]);
    }
    argv[argc] = NULL;
    if (line)
        snprintf(line, linesz, "%s", shown);
    void *req = bloc_call_request(c);
    if (!req)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    opt_target targets[] = {{c->opts, req}, {NULL, NULL}};
    opt_status st;
    int rc = BLOC_OK;
    if (opt_parse_argv(targets, argc, argv, &st) != OPT_OK)
        rc = bloc_fail(err, BLOC_EUSAGE, "'%s': %s", shown, st.msg);
    if (rc == BLOC_OK)
        rc = bloc_call_check(c, req, st.npos, NULL, err);
    if (rc == BLOC_OK)
        rc = c->run(S, req, res, err);
    free(req);
    return rc;
}

int bloc_usage(bloc_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bloc_vfail_at(err, BLOC_EUSAGE, NULL, 0, fmt, ap);
    va_end(ap);
    return BLOC_EUSAGE;
}

int bloc_parse_domain(void *field, const char *value, char *msg, size_t msgsz)
{
    int d = cameo_domain_parse(value);
    if (d < 0) {
        snprintf(msg, msgsz, "unknown domain '%s' (military, economic, diplomatic, technology, "
                             "humanitarian, other)", value);
        return 1;
    }
    *(const char **)field = cameo_domain_name(d);
    return 0;
}

int bloc_set_parse(const registry *r, const char *list, bloc_set *set, bloc_error *err)
{
    memset(set, 0, sizeof *set);
    set->label = list;
    int rc = registry_parse_list(r, list, &set->members, &set->n, err);
    if (rc != BLOC_OK)
        return rc;
    set->codes = malloc((set->n + 1) * sizeof *set->codes);
    set->mptr = malloc((set->n + 1) * sizeof *set->mptr);
    if (!set->codes || !set->mptr) {
        bloc_set_free(set);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < set->n; i++) {
        set->codes[i] = set->members[i].code;
        set->mptr[i] = &set->members[i];
    }
    return BLOC_OK;
}

void bloc_set_free(bloc_set *set)
{
    free(set->members);
    free(set->codes);
    free(set->mptr);
    memset(set, 0, sizeof *set);
}

int bloc_split_pair(const char *s, char **a, const char **b)
{
    const char *comma = strchr(s, ',');
    if (!comma || comma == s || !comma[1] || strchr(comma + 1, ','))
        return -1;
    if (!(*a = strndup(s, (size_t)(comma - s))))
        return -1;
    *b = comma + 1;
    return 0;
}

const bloc_error *bloc_call_error(const result *res, int rc, const bloc_error *err)
{
    if (res && result_status(res) != BLOC_OK && (err->code != rc || !err->msg[0]))
        return result_error(res);
    return err;
}
