/*
 * core/opt — parses command lines and request parameters through typed
 * option tables (see opt.h). Written here rather than taken from getopt
 * because getopt keeps its state in process-wide variables, which a
 * server answering requests in parallel cannot share, and because the same
 * table must also read HTTP parameters. Messages for malformed command
 * lines keep getopt_long's wording.
 */
#include "core/opt.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/util.h"

/* --help is the one entry the parser itself acts on: an OPT_FLAG named
 * "help" stops the parse with OPT_SHOW_HELP. */
static int is_help(const opt_def *d)
{
    return d->type == OPT_FLAG && d->name && strcmp(d->name, "help") == 0;
}

static int takes_value(const opt_def *d)
{
    return d->type != OPT_FLAG && !(d->type == OPT_CALLBACK && (d->flags & OPT_NO_ARG));
}

static int is_option(const opt_def *d)
{
    return d->type != OPT_ARG && d->type != OPT_REST;
}

static void *field(const opt_target *t, const opt_def *d)
{
    return (char *)t->req + d->offset;
}

static int fail(opt_status *st, opt_result r, const char *fmt, const char *a, const char *b)
{
    st->result = r;
    snprintf(st->msg, sizeof st->msg, fmt, a, b ? b : "");
    return r;
}

static int bad_value(const opt_def *d, const char *value, const char *fallback, opt_status *st)
{
    char name[96];
    st->result = OPT_EVALUE;
    if (d->bad) {
        snprintf(st->msg, sizeof st->msg, d->bad, value);
        return OPT_EVALUE;
    }
    if (d->type == OPT_ARG)
        snprintf(name, sizeof name, "%s", d->argname ? d->argname : d->name);
    else
        snprintf(name, sizeof name, "--%s", d->name);
    snprintf(st->msg, sizeof st->msg, "%s %s", name, fallback);
    return OPT_EVALUE;
}

int opt_parse_period(const char *p, opt_span *span)
{
    size_t len = strlen(p);
    if (len == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
        long long y;
        char year[5];
        memcpy(year, p, 4);
        year[4] = '\0';
        if (util_parse_ll(year, 1, 9999, &y) != 0)
            return -1;
        int q = p[6] - '0';
        span->since = (int)y * 10000 + (3 * q - 2) * 100 + 1;
        int next = q == 4 ? ((int)y + 1) * 10000 + 101 : (int)y * 10000 + (3 * q + 1) * 100 + 1;
        span->until = util_days_date(util_date_days(next) - 1);
        return 0;
    }
    if (util_parse_date(p, 0, &span->since, NULL) != BLOC_OK ||
        util_parse_date(p, 1, &span->until, NULL) != BLOC_OK)
        return -1;
    return 0;
}

static int parse_enum(const opt_def *d, const char *value, int *out, opt_status *st)
{
    char list[256] = "";
    size_t off = 0, n = 0;
    for (; d->values[n]; n++)
        if (strcmp(d->values[n], value) == 0) {
            *out = (int)n;
            return OPT_OK;
        }
    for (size_t i = 0; i < n && off < sizeof list; i++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
                                i == 0 ? "" : i + 1 == n ? " or " : ", ", d->values[i]);
    char what[300];
    snprintf(what, sizeof what, "takes %s", list);
    return bad_value(d, value, what, st);
}

/* Parse value into the field of d in req. */
static int parse_into(const opt_def *d, void *req, const char *value, opt_status *st)
{
    void *f = (char *)req + d->offset;
    char fallback[160];
    switch (d->type) {
    case OPT_FLAG:
        *(int *)f = d->min ? (int)d->min : 1;
        return OPT_OK;
    case OPT_STRING:
    case OPT_LIST:
    case OPT_ARG:
        *(const char **)f = value;
        return OPT_OK;
    case OPT_INT:
    case OPT_INT32: {
        long long v;
        if (util_parse_ll(value, d->min, d->max, &v) != 0) {
            snprintf(fallback, sizeof fallback, "needs a whole number in %lld..%lld", d->min, d->max);
            return bad_value(d, value, fallback, st);
        }
        if (d->type == OPT_INT)
            *(long long *)f = v;
        else
            *(int *)f = (int)v;
        return OPT_OK;
    }
    case OPT_NUMBER: {
        double v;
        if (util_parse_double(value, d->dmin, d->dmax, &v) != 0 ||
            ((d->flags & OPT_GT_MIN) && !(v > d->dmin))) {
            snprintf(fallback, sizeof fallback, "needs a number in %g..%g", d->dmin, d->dmax);
            return bad_value(d, value, fallback, st);
        }
        *(double *)f = v;
        return OPT_OK;
    }
    case OPT_DATE:
    case OPT_DATE_END: {
        bloc_error err;
        if (util_parse_date(value, d->type == OPT_DATE_END, (int *)f, &err) != BLOC_OK) {
            if (d->bad)
                return bad_value(d, value, "", st);
            st->result = OPT_EVALUE;
            snprintf(st->msg, sizeof st->msg, "%.500s", err.msg);
            return OPT_EVALUE;
        }
        return OPT_OK;
    }
    case OPT_PERIOD:
        if (opt_parse_period(value, (opt_span *)f) != 0)
            return bad_value(d, value, "takes YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn", st);
        return OPT_OK;
    case OPT_ENUM:
        return parse_enum(d, value, (int *)f, st);
    case OPT_CALLBACK:
        assert(d->parse);
        switch (d->parse(f, value, st->msg, sizeof st->msg)) {
        case 0:
            return OPT_OK;
        case 2:
            return st->result = OPT_ESYNTAX;
        default:
            return st->result = OPT_EVALUE;
        }
    case OPT_REST:
    case OPT_END:
        break;
    }
    assert(!"an entry that takes no value");
    return OPT_EVALUE;
}

int opt_parse_value(const opt_def *d, void *req, const char *value, opt_status *st)
{
    st->result = OPT_OK;
    return parse_into(d, req, value, st);
}

/* The long option named by text (up to len bytes): an exact match, else the
 * only entry it abbreviates. *ambiguous lists the candidates when several. */
static const opt_def *find_long(const opt_target *targets, const char *text, size_t len,
                                const opt_target **owner, char *ambiguous, size_t asz)
{
    const opt_def *hit = NULL;
    int hits = 0;
    size_t off = 0;
    ambiguous[0] = '\0';
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (is_option(d) && d->name && strlen(d->name) == len && !strncmp(d->name, text, len)) {
                *owner = t;
                return d;
            }
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (is_option(d) && d->name && strncmp(d->name, text, len) == 0) {
                if (!hits++) {
                    hit = d;
                    *owner = t;
                }
                if (off < asz)
                    off += (size_t)snprintf(ambiguous + off, asz - off, " '--%s'", d->name);
            }
    return hits == 1 ? hit : NULL;
}

static const opt_def *find_short(const opt_target *targets, char c, const opt_target **owner)
{
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (is_option(d) && d->short_name == c) {
                *owner = t;
                return d;
            }
    return NULL;
}

/* One "--name[=value]" at argv[*i]; advances *i past a separate value. */
static int long_option(const opt_target *targets, int argc, char **argv, int *i, opt_status *st)
{
    const char *text = argv[*i] + 2, *eq = strchr(text, '=');
    size_t len = eq ? (size_t)(eq - text) : strlen(text);
    const opt_target *owner = NULL;
    char amb[400];
    const opt_def *d = find_long(targets, text, len, &owner, amb, sizeof amb);
    if (!d && amb[0]) {
        st->result = OPT_ESYNTAX;
        snprintf(st->msg, sizeof st->msg, "%s: option '--%s' is ambiguous; possibilities:%s",
                 argv[0], text, amb);
        return OPT_ESYNTAX;
    }
    if (!d) {
        st->result = OPT_ESYNTAX;
        snprintf(st->msg, sizeof st->msg, "%s: unrecognized option '--%s'", argv[0], text);
        return OPT_ESYNTAX;
    }
    if (is_help(d))
        return st->result = OPT_SHOW_HELP;
    if (!takes_value(d)) {
        if (eq) {
            st->result = OPT_ESYNTAX;
            snprintf(st->msg, sizeof st->msg, "%s: option '--%s' doesn't allow an argument",
                     argv[0], d->name);
            return OPT_ESYNTAX;
        }
        return parse_into(d, owner->req, NULL, st);
    }
    const char *value = eq ? eq + 1 : NULL;
    if (!value) {
        if (*i + 1 >= argc) {
            st->result = OPT_ESYNTAX;
            snprintf(st->msg, sizeof st->msg, "%s: option '--%s' requires an argument", argv[0],
                     d->name);
            return OPT_ESYNTAX;
        }
        value = argv[++*i];
    }
    return parse_into(d, owner->req, value, st);
}

/* A bundle of short options "-abc" / "-oFILE" at argv[*i]. */
static int short_options(const opt_target *targets, int argc, char **argv, int *i, opt_status *st)
{
    for (const char *p = argv[*i] + 1; *p; p++) {
        const opt_target *owner = NULL;
        const opt_def *d = find_short(targets, *p, &owner);
        char c[2] = {*p, '\0'};
        if (!d)
            return fail(st, OPT_ESYNTAX, "%s: invalid option -- '%s'", argv[0], c);
        if (is_help(d))
            return st->result = OPT_SHOW_HELP;
        if (!takes_value(d)) {
            if (parse_into(d, owner->req, NULL, st) != OPT_OK)
                return st->result;
            continue;
        }
        const char *value = p[1] ? p + 1 : NULL;
        if (!value) {
            if (*i + 1 >= argc) {
                st->result = OPT_ESYNTAX;
                snprintf(st->msg, sizeof st->msg, "%s: option requires an argument -- '%s'",
                         argv[0], c);
                return OPT_ESYNTAX;
            }
            value = argv[++*i];
        }
        return parse_into(d, owner->req, value, st);
    }
    return OPT_OK;
}

/* Hand the positional arguments argv[0..n) to the OPT_ARG entries in table
 * order, and what is left to an OPT_REST entry. */
static void assign_positionals(const opt_target *targets, char **pos, int n)
{
    int k = 0;
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (d->type == OPT_ARG && k < n)
                *(const char **)field(t, d) = pos[k++];
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (d->type == OPT_REST) {
                opt_rest *r = field(t, d);
                r->v = pos + k;
                r->n = n - k;
                return;
            }
}

int opt_parse_argv(const opt_target *targets, int argc, char **argv, opt_status *st)
{
    memset(st, 0, sizeof *st);
    int w = 1, done = 0; /* positionals are gathered at argv[1..w), in order */
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!done && strcmp(a, "--") == 0) {
            done = 1;
            continue;
        }
        int r = OPT_OK;
        if (!done && a[0] == '-' && a[1] == '-')
            r = long_option(targets, argc, argv, &i, st);
        else if (!done && a[0] == '-' && a[1])
            r = short_options(targets, argc, argv, &i, st);
        else
            argv[w++] = a; /* w <= i: that slot was read already */
        if (r != OPT_OK)
            return r;
    }
    st->npos = w - 1;
    assign_positionals(targets, argv + 1, w - 1);
    return OPT_OK;
}

int opt_parse_params(const opt_target *targets, const opt_param *params, size_t n, opt_status *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < n; i++) {
        const opt_def *d = NULL;
        const opt_target *owner = NULL;
        for (const opt_target *t = targets; t->defs && !d; t++)
            for (const opt_def *e = t->defs; e->type != OPT_END; e++)
                if (e->name && !(e->flags & OPT_CLI_ONLY) && !is_help(e) && e->type != OPT_REST &&
                    strcmp(e->name, params[i].key) == 0) {
                    d = e;
                    owner = t;
                    break;
                }
        if (!d)
            return fail(st, OPT_ESYNTAX, "unknown parameter: '%s'%s", params[i].key, NULL);
        for (size_t j = 0; j < i; j++)
            if (strcmp(params[j].key, params[i].key) == 0)
                return fail(st, OPT_ESYNTAX, "parameter given twice: '%s'%s", params[i].key, NULL);
        const char *v = params[i].value;
        if (d->type == OPT_ARG)
            st->npos++;
        if (!takes_value(d)) {
            /* a flag given bare (?active) is set, as on the command line */
            if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || v[0] == '\0') {
                if (parse_into(d, owner->req, NULL, st) != OPT_OK)
                    return st->result;
            } else if (strcmp(v, "0") != 0 && strcmp(v, "false") != 0) {
                return fail(st, OPT_ESYNTAX, "parameter '%s' takes 1, true, 0 or false (or no value)%s",
                            params[i].key, NULL);
            }
            continue;
        }
        if (parse_into(d, owner->req, v, st) != OPT_OK)
            return st->result;
    }
    for (const opt_target *t = targets; t->defs; t++)
        for (const opt_def *d = t->defs; d->type != OPT_END; d++)
            if (d->type == OPT_ARG && (d->flags & OPT_REQUIRED) && !*(const char **)field(t, d))
                return fail(st, OPT_ESYNTAX, "missing parameter '%s'%s", d->name, NULL);
    return OPT_OK;
}

void opt_help(FILE *f, const opt_def *defs)
{
    for (const opt_def *d = defs; d->type != OPT_END; d++) {
        if (!is_option(d) || !d->help || (d->flags & OPT_HIDDEN))
            continue;
        char left[96];
        size_t off = (size_t)snprintf(left, sizeof left, "  ");
        if (d->short_name)
            off += (size_t)snprintf(left + off, sizeof left - off, "-%c, ", d->short_name);
        off += (size_t)snprintf(left + off, sizeof left - off, "--%s", d->name);
        if (takes_value(d)) {
            if (d->argname) {
                snprintf(left + off, sizeof left - off, " %s", d->argname);
            } else if (d->type == OPT_ENUM) {
                for (size_t i = 0; d->values[i] && off < sizeof left; i++)
                    off += (size_t)snprintf(left + off, sizeof left - off, "%c%s", i ? '|' : ' ',
                                            d->values[i]);
            } else {
                snprintf(left + off, sizeof left - off, " X");
            }
        }
        /* continuation lines of the help text keep the column */
        if (strlen(left) >= 22)
            fprintf(f, "%s\n%22s", left, "");
        else
            fprintf(f, "%-22s", left);
        for (const char *p = d->help; *p; p++) {
            fputc(*p, f);
            if (*p == '\n' && p[1])
                fprintf(f, "%22s", "");
        }
        fputc('\n', f);
    }
}
