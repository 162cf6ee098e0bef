/*
 * check/verify — each kind of claim tested with the call that fits it
 * (see verify.h).
 */
#include "check/verify.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/alliances.h"
#include "analysis/analysis.h"
#include "analysis/arms.h"
#include "api/listings.h"
#include "core/util.h"

/* ---- running calls, once per command line -------------------------------- */

typedef struct cached {
    char *line;
    result *res;          /* NULL when the call failed softly */
    char msg[512];        /* then why */
} cached;

struct verify_cache {
    cached *c;
    size_t n, cap;
};

verify_cache *verify_cache_new(void)
{
    return calloc(1, sizeof(verify_cache));
}

void verify_cache_free(verify_cache *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        free(v->c[i].line);
        result_free(v->c[i].res);
    }
    free(v->c);
    free(v);
}

typedef struct tester {
    bloc_session *S;
    verify_cache *cache;
    const verify_opts *o;
    const claim *c;
    verify_answer *a;
    bloc_error *err;
} tester;

static void append(char *buf, size_t size, const char *sep, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t size, const char *sep, const char *fmt, ...)
{
    size_t l = strlen(buf);
    if (l && l + strlen(sep) < size) {
        snprintf(buf + l, size - l, "%s", sep);
        l += strlen(sep);
    }
    va_list ap;
    va_start(ap, fmt);
    if (l < size)
        vsnprintf(buf + l, size - l, fmt, ap);
    va_end(ap);
}

/* Run the command args (words after "bloc") through call; *res the kept
 * result, or NULL with *why when the store cannot answer that question
 * (a source not loaded, a year not covered: BLOC_EINPUT, BLOC_ENOTFOUND).
 * The command joins the answer's list. Other failures are the caller's. */
static int ask(tester *T, const bloc_call *call, const char *const *args, const result **res,
               const char **why)
{
    char line[1400] = "bloc";
    for (size_t i = 0; args[i]; i++)
        append(line, sizeof line, " ", "%s", args[i]);
    append(T->a->command, sizeof T->a->command, "; ", "%s", line);
    *res = NULL;
    *why = NULL;
    for (size_t i = 0; i < T->cache->n; i++)
        if (!strcmp(T->cache->c[i].line, line)) {
            *res = T->cache->c[i].res;
            *why = T->cache->c[i].msg;
            return BLOC_OK;
        }
    if (util_grow((void **)&T->cache->c, &T->cache->cap, T->cache->n + 1, sizeof *T->cache->c) != 0)
        return bloc_fail(T->err, BLOC_ENOMEM, "out of memory");
    cached *k = &T->cache->c[T->cache->n];
    memset(k, 0, sizeof *k);
    if (!(k->line = strdup(line)) || !(k->res = result_new())) {
        free(k->line);
        return bloc_fail(T->err, BLOC_ENOMEM, "out of memory");
    }
    bloc_error e;
    bloc_error_clear(&e);
    int rc = bloc_call_line(T->S, call, args, k->res, NULL, 0, &e);
    if (rc == BLOC_EINPUT || rc == BLOC_ENOTFOUND) {
        result_free(k->res);
        k->res = NULL;
        snprintf(k->msg, sizeof k->msg, "%.500s", e.msg);
    } else if (rc != BLOC_OK) {
        result_free(k->res);
        free(k->line);
        *T->err = e;
        return rc;
    }
    T->cache->n++;
    *res = k->res;
    *why = k->msg;
    return BLOC_OK;
}

static const char *cell_str(const result *r, long long row, const char *col)
{
    int c = result_col_index(r, col);
    const result_value *v = c < 0 ? NULL : result_cell(r, (size_t)row, (size_t)c);
    return v && v->type == RESULT_STR ? v->v.s : NULL;
}

static double cell_num(const result *r, long long row, const char *col)
{
    int c = result_col_index(r, col);
    const result_value *v = c < 0 ? NULL : result_cell(r, (size_t)row, (size_t)c);
    if (!v)
        return NAN;
    return v->type == RESULT_NUM ? v->v.d : v->type == RESULT_INT ? (double)v->v.i : NAN;
}

/* A date cell as YYYY-MM-DD (into buf), or "?" */
static const char *cell_date(const result *r, long long row, const char *col, char buf[16])
{
    int c = result_col_index(r, col);
    const result_value *v = c < 0 ? NULL : result_cell(r, (size_t)row, (size_t)c);
    if (v && v->type == RESULT_STR)
        return v->v.s;
    if (!v || v->type != RESULT_DATE)
        return "?";
    util_format_date(v->v.date, buf, 16);
    return buf;
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void verdict(tester *T, const char *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void verdict(tester *T, const char *v, const char *fmt, ...)
{
    T->a->verdict = v;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(T->a->reason, sizeof T->a->reason, fmt, ap);
    va_end(ap);
}

/* The years a claim speaks of: its span, its year, or (no date in the
 * sentence) the five years before the article. */
static void claim_years(const tester *T, int *y1, int *y2, int *guessed)
{
    const claim *c = T->c;
    *guessed = !c->from;
    *y1 = c->from ? c->from / 10000 : T->o->doc_date / 10000 - 5;
    *y2 = c->to ? c->to / 10000 : c->from ? *y1 : T->o->doc_date / 10000 - 1;
}

/* ---- SIPRI: shares ---------------------------------------------------------- */

static int test_share(tester *T)
{
    const claim *c = T->c;
    verify_answer *a = T->a;
    snprintf(a->claimed, sizeof a->claimed, "%s%.1f %%", c->approx ? "about " : "", c->value * 100);
    if (!c->arms) {
        snprintf(a->channel, sizeof a->channel, "none");
        verdict(T, "not testable", "a share of trade: bloc holds arms transfers (SIPRI), not trade data");
        return BLOC_OK;
    }
    snprintf(a->channel, sizeof a->channel, "arms");
    int y1, y2, guessed;
    claim_years(T, &y1, &y2, &guessed);
    char from[8], to[8];
    snprintf(from, sizeof from, "%d", y1);
    snprintf(to, sizeof to, "%d", y2);
    const result *r;
    const char *why;
    int rc = ask(T, &analysis_arms, (const char *const[]){"arms", "share", c->target, "--from", from, "--to", to, NULL},
                 &r, &why);
    if (rc != BLOC_OK)
        return rc;
    if (!r || result_nrows(r) == 0) {
        verdict(T, "no data", "SIPRI: %s", r ? "no deliveries stored for this recipient and span" : why);
        return BLOC_OK;
    }
    double total = 0, share = NAN, tiv = NAN, deliveries = 0, deals = 0;
    char day[16];
    const char *release = "?";
    for (long long i = 0; i < result_nrows(r); i++) {
        double t = cell_num(r, i, "tiv");
        if (!isnan(t))
            total += t;
        release = cell_date(r, i, "release", day);
        if (is(cell_str(r, i, "supplier"), c->source)) {
            share = cell_num(r, i, "share");
            tiv = t;
            deliveries = cell_num(r, i, "deliveries");
            deals = cell_num(r, i, "deals");
        }
    }
    if (isnan(share) && !isnan(tiv)) {
        verdict(T, "no data", "SIPRI's release does not cover %s's imports in %d-%d", c->target, y1, y2);
        return BLOC_OK;
    }
    if (isnan(share))
        share = 0; /* covered, and the supplier delivered nothing */
    double diff = fabs(share - c->value) * 100;
    snprintf(a->found, sizeof a->found, "%.1f %% (SIPRI release of %s, %d-%d)", share * 100, release, y1, y2);
    snprintf(a->evidence, sizeof a->evidence,
             "%.2f of %.2f TIV of %s's imports from %s, %.0f deliveries in %.0f deals; the deal-years: "
             "bloc arms share %s --from %d --to %d --evidence",
             isnan(tiv) ? 0.0 : tiv, total, c->target, c->source, deliveries, deals, c->target, y1, y2);
    char span[80] = "";
    if (guessed)
        snprintf(span, sizeof span, "; the sentence names no years, so %d-%d were tested", y1, y2);
    if (diff <= 0.5)
        verdict(T, "supported", "%.1f %% against %.1f %% claimed%s", share * 100, c->value * 100, span);
    else if (diff <= T->o->tolerance)
        verdict(T, "close",
                "%.1f points from the claim (tolerance %.1f): SIPRI revises past years in every "
                "release, so a figure from an earlier release can differ%s",
                diff, T->o->tolerance, span);
    else
        verdict(T, "contradicted", "%.1f points from the claim (tolerance %.1f)%s", diff, T->o->tolerance, span);
    return BLOC_OK;
}

/* ---- SIPRI: deals of a weapon ------------------------------------------------ */

/* What SIPRI calls the weapons of bloc's keywords (data/coder/
 * keywords.txt): words of a deal's designation or description. A short
 * table kept here with the rule that reads it: SIPRI's categories are
 * fixed by its codebook. */
static const struct weapon_words {
    const char *keyword;
    const char *sipri[6];
} weapon_words[] = {
    {"drone", {"UAV", "Shahed", "loitering", "Orlan", NULL}},
    {"kamikaze drone", {"Shahed", "loitering", NULL}},
    {"unmanned aerial vehicle", {"UAV", NULL}},
    {"ballistic missile", {"SSM", "BRBM", "ballistic", "Hwasong", "KN-2", NULL}},
    {"missile", {"missile", "SSM", "SAM", "ASM", "BRBM", NULL}},
    {"artillery", {"gun", "howitzer", "MRL", "artillery", NULL}},
    {"tank", {"tank", NULL}},
    {"fighter jet", {"FGA", "fighter", NULL}},
    {"submarine", {"submarine", NULL}},
};

static int deal_is(const char *weapon, const char *designation, const char *description)
{
    for (size_t k = 0; k < sizeof weapon_words / sizeof weapon_words[0]; k++) {
        if (strcmp(weapon_words[k].keyword, weapon) != 0)
            continue;
        for (size_t j = 0; weapon_words[k].sipri[j]; j++)
            if ((designation && strstr(designation, weapon_words[k].sipri[j])) ||
                (description && strstr(description, weapon_words[k].sipri[j])))
                return 1;
        return 0;
    }
    return 1; /* "arms", "weapons", or none named: any deal of major arms */
}

/* "--from Y1 --to Y2" into args at *n, unless y1 is 0 (every year of
 * the release). */
static void years_args(const char **args, size_t *n, int y1, int y2, char from[8], char to[8])
{
    if (!y1)
        return;
    snprintf(from, 8, "%d", y1);
    snprintf(to, 8, "%d", y2);
    args[(*n)++] = "--from";
    args[(*n)++] = from;
    args[(*n)++] = "--to";
    args[(*n)++] = to;
}

/* The arms call on args[0..n) (room for four more words and the NULL),
 * over years y1..y2 (0: every year of the release). */
static int ask_arms(tester *T, const char **args, size_t n, int y1, int y2, const result **r)
{
    char from[8], to[8];
    const char *why;
    years_args(args, &n, y1, y2, from, to);
    args[n] = NULL;
    return ask(T, &analysis_arms, args, r, &why);
}

/* The deals from c->source to c->target (years y1..y2; 0: all) that
 * deal_is(weapon) keeps, into found and evidence; *n how
 * many deal-years, *delivered the units delivered. */
static int weapon_deals(tester *T, const char *weapon, int y1, int y2, long *n, double *delivered)
{
    const claim *c = T->c;
    const char *args[12] = {"arms", "deals", "--supplier", c->source, "--recipient", c->target};
    const result *r;
    *n = 0;
    *delivered = 0;
    int rc = ask_arms(T, args, 6, y1, y2, &r);
    if (rc != BLOC_OK || !r)
        return rc;
    for (long long i = 0; i < result_nrows(r); i++) {
        const char *des = cell_str(r, i, "designation"), *what = cell_str(r, i, "description");
        if (!deal_is(weapon, des, what))
            continue;
        double d = cell_num(r, i, "delivered");
        (*n)++;
        if (!isnan(d))
            *delivered += d;
        append(T->a->found, sizeof T->a->found, "; ", "%s (%s) %.0f, %s", des ? des : "?", what ? what : "?",
               cell_num(r, i, "year"), isnan(d) ? "number unknown" : "");
        size_t l = strlen(T->a->found);
        if (!isnan(d) && l < sizeof T->a->found)
            snprintf(T->a->found + l, sizeof T->a->found - l, "%.0f delivered", d);
        char day[16];
        append(T->a->evidence, sizeof T->a->evidence, "; ", "SIPRI deal %.0f, %s (release %s)",
               cell_num(r, i, "deal"), cell_str(r, i, "source") ? cell_str(r, i, "source") : "?",
               cell_date(r, i, "release", day));
    }
    return BLOC_OK;
}

/* Does SIPRI cover target's imports in y1..y2 at all (any supplier)? */
static int imports_covered(tester *T, int y1, int y2, int *covered)
{
    const char *args[8] = {"arms", "share", T->c->target};
    const result *r;
    int rc = ask_arms(T, args, 3, y1, y2, &r);
    *covered = 0;
    for (long long i = 0; rc == BLOC_OK && r && i < result_nrows(r); i++)
        *covered |= !isnan(cell_num(r, i, "share"));
    return rc;
}

/* "Iran ... providing drones to Russia", "2.5 million ammunition rounds
 * and ballistic missiles": SIPRI's deals of that weapon between them. */
static int test_transfer(tester *T)
{
    const claim *c = T->c;
    verify_answer *a = T->a;
    snprintf(a->channel, sizeof a->channel, "arms");
    int y1 = c->from ? c->from / 10000 : 0, y2 = c->to ? c->to / 10000 : y1;
    int ammo = c->kind == CLAIM_QUANTITY && claim_ammunition(c->unit);
    const char *weapon = c->major;
    if (c->kind == CLAIM_QUANTITY)
        snprintf(a->claimed, sizeof a->claimed, "%s%.6g %s", c->approx ? "about " : "", c->value, c->unit);
    else
        snprintf(a->claimed, sizeof a->claimed, "%s from %s to %s%s", c->weapon[0] ? c->weapon : "arms", c->source,
                 c->target, c->hedge[0] ? " (alleged)" : "");
    char span[40] = "every year of the release";
    if (y1)
        snprintf(span, sizeof span, "%d-%d", y1, y2);
    if (ammo && !weapon[0]) {
        verdict(T, "not testable", "SIPRI covers major arms, not ammunition: the %s cannot be counted", c->unit);
        return BLOC_OK;
    }
    long n;
    double delivered;
    int rc = weapon_deals(T, weapon, y1, y2, &n, &delivered), covered = 0;
    if (rc == BLOC_OK && !n)
        rc = imports_covered(T, y1, y2, &covered);
    if (rc != BLOC_OK)
        return rc;
    const char *alleged = c->hedge[0] ? "; the article reports an accusation, SIPRI lists the deliveries" : "";
    if (n && ammo)
        verdict(T, "partly",
                "SIPRI covers major arms, not ammunition: it lists %ld deal-year%s of %s from %s to %s, but "
                "the %s cannot be counted",
                n, util_plural(n), weapon, c->source, c->target, c->unit);
    else if (n)
        verdict(T, "supported", "SIPRI lists %ld deal-year%s of %s from %s to %s (%s)%s", n, util_plural(n),
                weapon[0] ? weapon : "major arms", c->source, c->target, span, alleged);
    else if (covered)
        verdict(T, "contradicted", "SIPRI covers %s's imports (%s) and lists no %s from %s", c->target, span,
                weapon[0] ? weapon : "major arms", c->source);
    else
        verdict(T, "no data", "SIPRI's releases stored here do not cover %s's imports (%s)", c->target, span);
    return BLOC_OK;
}

/* ---- quantities -------------------------------------------------------------- */

static int test_quantity(tester *T)
{
    const claim *c = T->c;
    if (!strcmp(c->what, "share"))
        return test_share(T);
    if (!strcmp(c->what, "money")) {
        snprintf(T->a->channel, sizeof T->a->channel, "none");
        snprintf(T->a->claimed, sizeof T->a->claimed, "%.6g %s", c->value, c->unit);
        verdict(T, "not testable",
                "an amount of money: bloc holds no data on the value of trade or aid (SIPRI's TIV is not a price)");
        return BLOC_OK;
    }
    if (claim_ammunition(c->unit) || c->weapon[0] || strstr(c->domains, "military"))
        return test_transfer(T);
    snprintf(T->a->channel, sizeof T->a->channel, "none");
    snprintf(T->a->claimed, sizeof T->a->claimed, "%.6g %s", c->value, c->unit);
    verdict(T, "not testable", "a count of %s: no source bloc holds counts these", c->unit);
    return BLOC_OK;
}

/* ---- ATOP ---------------------------------------------------------------------- */

static int test_relation(tester *T)
{
    const claim *c = T->c;
    verify_answer *a = T->a;
    if (!strcmp(c->what, "diplomatic relations")) {
        snprintf(a->channel, sizeof a->channel, "none");
        snprintf(a->claimed, sizeof a->claimed, "diplomatic relations");
        verdict(T, "not testable", "bloc holds no data on diplomatic relations (alliances are ATOP's formal "
                                   "obligations)");
        return BLOC_OK;
    }
    snprintf(a->channel, sizeof a->channel, "alliances");
    int sole = !strcmp(c->what, "sole ally");
    snprintf(a->claimed, sizeof a->claimed, "%s: %s's %s", c->source, c->target, sole ? "only defence pact" : "defence pact");
    char year[8];
    snprintf(year, sizeof year, "%d", (c->from ? c->from : T->o->doc_date) / 10000);
    const result *r;
    const char *why;
    int rc = ask(T, &analysis_alliances, (const char *const[]){"alliances", c->target, "--year", year, NULL}, &r, &why);
    if (rc == BLOC_OK && (!r || result_nrows(r) == 0)) {
        /* a year past the data: the last one they cover, said so */
        a->command[0] = '\0';
        rc = ask(T, &analysis_alliances, (const char *const[]){"alliances", c->target, NULL}, &r, &why);
    }
    if (rc != BLOC_OK)
        return rc;
    if (!r || result_nrows(r) == 0) {
        verdict(T, "no data", "ATOP: %s", r ? "no alliance data stored" : why);
        return BLOC_OK;
    }
    int with = 0, others = 0;
    double y = cell_num(r, 0, "year");
    for (long long i = 0; i < result_nrows(r); i++) {
        const char *ka = cell_str(r, i, "a"), *kb = cell_str(r, i, "b"), *def = cell_str(r, i, "defense");
        if (!def || is(def, "no"))
            continue;
        const char *partner = is(ka, c->target) ? kb : ka;
        if (is(partner, c->source))
            with = 1;
        else
            others++;
        append(a->found, sizeof a->found, ", ", "%s", partner ? partner : "?");
        append(a->evidence, sizeof a->evidence, "; ", "ATOP %.0f: %s-%s defence %s (%s)", y, ka ? ka : "?",
               kb ? kb : "?", def, cell_str(r, i, "source") ? cell_str(r, i, "source") : "ATOP");
    }
    char head[200];
    snprintf(head, sizeof head, "%s's defence pacts in %.0f: %.120s", c->target, y, a->found[0] ? a->found : "none");
    snprintf(a->found, sizeof a->found, "%s", head);
    char late[120] = "";
    if (y < atoi(year))
        snprintf(late, sizeof late, "; ATOP ends in %.0f, so %.0f was tested for %s", y, y, year);
    if (with && (!sole || !others))
        verdict(T, "supported", "%s", late[0] ? late + 2 : "as ATOP lists them");
    else if (with)
        verdict(T, "partly", "%s is an ally, but not the only one: %d other defence pact%s%s", c->source, others,
                others == 1 ? "" : "s", late);
    else
        verdict(T, "contradicted", "ATOP lists no defence pact between %s and %s%s", c->source, c->target, late);
    return BLOC_OK;
}

/* ---- events -------------------------------------------------------------------- */

/* The days an event claim speaks of: its day (with three days either
 * side), month or year; no date: the year before the article. */
static void event_span(const tester *T, int *d1, int *d2, int *guessed)
{
    const claim *c = T->c;
    *guessed = 0;
    long day;
    switch (c->precision) {
    case EXTRACT_DAY:
        day = util_date_days(c->from);
        *d1 = util_days_date(day - 3);
        *d2 = util_days_date(day + 3);
        break;
    case EXTRACT_WEEK:
        *d1 = c->from;
        *d2 = util_days_date(util_date_days(c->from) + 6);
        break;
    case EXTRACT_MONTH:
        *d1 = c->from;
        *d2 = c->to ? c->to : util_days_date(util_date_days(c->from / 100 % 100 == 12 ? (c->from / 10000 + 1) * 10000 + 101
                                                                                    : c->from + 100) - 1);
        break;
    case EXTRACT_YEAR:
        *d1 = c->from;
        *d2 = c->to ? c->to : c->from / 10000 * 10000 + 1231;
        break;
    default:
        *guessed = 1;
        *d2 = T->o->doc_date;
        *d1 = util_days_date(util_date_days(T->o->doc_date) - 365);
    }
}

static int test_event(tester *T)
{
    const claim *c = T->c;
    verify_answer *a = T->a;
    if ((!strncmp(c->what, "07", 2) || !strncmp(c->what, "06", 2)) && c->weapon[0])
        return test_transfer(T);
    snprintf(a->channel, sizeof a->channel, "events");
    int d1, d2, guessed;
    event_span(T, &d1, &d2, &guessed);
    char since[16], until[16], root[3];
    util_format_date(d1, since, sizeof since);
    util_format_date(d2, until, sizeof until);
    snprintf(root, sizeof root, "%.2s", c->what);
    snprintf(a->claimed, sizeof a->claimed, "CAMEO %s between %s", c->what, c->actors[0]);
    for (size_t i = 1; i < c->nactors; i++)
        append(a->claimed, sizeof a->claimed, i + 1 == c->nactors ? " and " : ", ", "%s", c->actors[i]);
    append(a->claimed, sizeof a->claimed, ", ", "%s..%s", since, until);
    long pairs = 0, covered = 0, seen = 0;
    int rc = BLOC_OK;
    for (size_t i = 0; i < c->nactors && rc == BLOC_OK; i++)
        for (size_t j = i + 1; j < c->nactors && rc == BLOC_OK; j++) {
            const result *r;
            const char *why;
            pairs++;
            rc = ask(T, &analysis_dyad,
                     (const char *const[]){"dyad", c->actors[i], c->actors[j], "--by", "all", "--since", since,
                                           "--until", until, NULL},
                     &r, &why);
            double days = rc == BLOC_OK && r && result_nrows(r) ? cell_num(r, 0, "covered_days") : NAN;
            if (rc != BLOC_OK || isnan(days) || days <= 0)
                continue;
            covered++;
            char dy[16];
            snprintf(dy, sizeof dy, "%s,%s", c->actors[i], c->actors[j]);
            rc = ask(T, &api_events,
                     (const char *const[]){"events", "--dyad", dy, "--root", root, "--since", since, "--until",
                                           until, "--limit", "20", "--full", NULL},
                     &r, &why);
            if (rc != BLOC_OK || !r)
                continue;
            seen += result_nrows(r) > 0;
            for (long long k = 0; k < result_nrows(r); k++)
                append(a->evidence, sizeof a->evidence, "; ", "%s %s %s->%s %s, %s:%.0f",
                       cell_str(r, k, "source") ? cell_str(r, k, "source") : "?",
                       cell_str(r, k, "source_event_id") ? cell_str(r, k, "source_event_id") : "?",
                       cell_str(r, k, "actor1_code") ? cell_str(r, k, "actor1_code") : "?",
                       cell_str(r, k, "actor2_code") ? cell_str(r, k, "actor2_code") : "?",
                       cell_str(r, k, "event_code") ? cell_str(r, k, "event_code") : "?",
                       cell_str(r, k, "file") ? cell_str(r, k, "file") : "?", cell_num(r, k, "line"));
        }
    if (rc != BLOC_OK)
        return rc;
    char span[100] = "";
    if (guessed)
        snprintf(span, sizeof span, "; the sentence gives no date, so the year before the article was searched");
    snprintf(a->found, sizeof a->found, "%ld of %ld pair%s with such events (%ld covered)", seen, pairs,
             util_plural(pairs), covered);
    if (!covered)
        verdict(T, "no data", "the event data bloc holds cover no day of %s..%s for these states%s", since, until, span);
    else if (seen == pairs)
        verdict(T, "supported", "events of CAMEO root %s between every pair%s", root, span);
    else if (seen)
        verdict(T, "partly", "events of CAMEO root %s between %ld of %ld pairs%s", root, seen, pairs, span);
    else
        verdict(T, "contradicted", "no event of CAMEO root %s between them on the %ld covered pair%s%s", root,
                covered, util_plural(covered), span);
    return BLOC_OK;
}

/* ---- trends ------------------------------------------------------------------- */

typedef struct tally {
    int agree, oppose, flat, none;
} tally;

/* One assess row's direction against the claim's: agree, oppose, flat
 * (no clear change on enough data) or none (no data, too little). */
static void count_direction(tally *t, const char *dir, int apart)
{
    if (is(dir, "up"))
        apart ? t->oppose++ : t->agree++;
    else if (is(dir, "down"))
        apart ? t->agree++ : t->oppose++;
    else if (is(dir, "no clear change"))
        t->flat++;
    else
        t->none++;
}

static int in_domains(const char *domains, const char *d)
{
    return !domains[0] || !d || is(d, "all") || strstr(domains, d) != NULL;
}

static int test_trend(tester *T)
{
    const claim *c = T->c;
    verify_answer *a = T->a;
    int apart = strcmp(c->what, "closer") != 0, level = !strcmp(c->what, "distance");
    snprintf(a->channel, sizeof a->channel, "%s", c->source[0] ? "un" : "un,arms");
    char list[64] = "", split[16], since[16], until[16];
    for (size_t i = 0; i < c->nactors; i++)
        append(list, sizeof list, ",", "%s", c->actors[i]);
    int sp = c->split ? c->split : 20200101;
    int from = sp - 50000, to = c->split ? T->o->doc_date : 20241231;
    util_format_date(sp, split, sizeof split);
    util_format_date(from, since, sizeof since);
    util_format_date(to, until, sizeof until);
    if (level)
        snprintf(a->claimed, sizeof a->claimed, "%s keeps its distance from the others", c->source);
    else
        snprintf(a->claimed, sizeof a->claimed, "%s after %s than before", apart ? "further apart" : "closer", split);
    const result *r = NULL;
    const char *why = NULL;
    /* one state keeping its distance from others: its pairs are the
     * claim; a group coming closer: the group, and its pairs beside */
    int distance = c->source[0] != '\0';
    int rc = distance ? BLOC_OK
                      : ask(T, &analysis_assess,
                            (const char *const[]){"assess", list, "--split", split, "--since", since, "--until",
                                                  until, NULL},
                            &r, &why);
    if (rc != BLOC_OK)
        return rc;
    if (!distance && !r) {
        verdict(T, "no data", "%s", why);
        return BLOC_OK;
    }
    tally t = {0};
    for (long long i = 0; r && i < result_nrows(r); i++) {
        const char *ind = cell_str(r, i, "indicator"), *dom = cell_str(r, i, "domain"), *dir = cell_str(r, i, "direction");
        int un = is(ind, "UN-vote cohesion"), arms = is(ind, "arms imports from members");
        int events = is(ind, "event cohesion");
        if (!(un || arms || events) || (events && !in_domains(c->domains, dom)) ||
            (arms && !in_domains(c->domains, "military")))
            continue;
        if (events && is(dir, "no data"))
            continue; /* said once below */
        count_direction(&t, dir, apart);
        append(a->found, sizeof a->found, "; ", "%s%s%s: %s", ind, events ? " " : "", events ? dom : "", dir);
        double b = cell_num(r, i, "before"), af = cell_num(r, i, "after");
        size_t l = strlen(a->found);
        if (!isnan(b) && !isnan(af) && l < sizeof a->found)
            snprintf(a->found + l, sizeof a->found - l, " (%.3f -> %.3f, 95%% %+.3f..%+.3f)", b, af,
                     cell_num(r, i, "change_low"), cell_num(r, i, "change_high"));
        append(a->evidence, sizeof a->evidence, "; ", "%s", cell_str(r, i, "statement") ? cell_str(r, i, "statement") : "");
    }
    /* the member pairs' UN agreement: which way each dyad moved */
    char pairs[400] = "";
    int pair_agrees = 0;
    for (size_t i = 0; (c->nactors > 2 || distance) && i < c->nactors && rc == BLOC_OK; i++)
        for (size_t j = i + 1; j < c->nactors && rc == BLOC_OK; j++) {
            if (distance && strcmp(c->actors[i], c->source) && strcmp(c->actors[j], c->source))
                continue;
            char dy[16];
            snprintf(dy, sizeof dy, "%s,%s", c->actors[i], c->actors[j]);
            rc = ask(T, &analysis_assess,
                     (const char *const[]){"assess", dy, "--split", split, "--since", since, "--until", until, NULL},
                     &r, &why);
            for (long long k = 0; rc == BLOC_OK && r && k < result_nrows(r); k++)
                if (is(cell_str(r, k, "indicator"), "UN-vote cohesion")) {
                    const char *dir = cell_str(r, k, "direction");
                    if (distance) {
                        count_direction(&t, dir, apart);
                        append(a->found, sizeof a->found, "; ", "UN agreement %s-%s: %s (%.3f -> %.3f, 95%% %+.3f..%+.3f)",
                               c->actors[i], c->actors[j], dir ? dir : "?", cell_num(r, k, "before"),
                               cell_num(r, k, "after"), cell_num(r, k, "change_low"), cell_num(r, k, "change_high"));
                        const char *st = cell_str(r, k, "statement");
                        append(a->evidence, sizeof a->evidence, "; ", "%s", st ? st : "");
                    } else if ((is(dir, "up") && !apart) || (is(dir, "down") && apart))
                        pair_agrees = 1;
                    if (is(dir, "up") || is(dir, "down"))
                        append(pairs, sizeof pairs, ", ", "%s-%s %s (%+.3f)", c->actors[i], c->actors[j],
                               is(dir, "up") ? "rises" : "falls", cell_num(r, k, "change"));
                }
        }
    if (rc != BLOC_OK)
        return rc;
    if (pairs[0])
        append(a->found, sizeof a->found, "; ", "UN agreement by pair: %s", pairs);
    if (!distance)
        append(a->evidence, sizeof a->evidence, "; ",
               "the roll calls and deal-years counted: bloc assess %s --split %s --since %s --until %s --evidence",
               list, split, since, until);
    const char *claimed = apart ? "apart" : "closer";
    if (level)
        verdict(T, "not testable",
                "a distance kept is a level, not a change: bloc compares periods and has no measure of how far "
                "is far; the pairs' UN agreement before and after %s is shown", split);
    else if (!t.agree && !t.oppose && !t.flat)
        verdict(T, "no data", "no channel has enough data on both sides of %s", split);
    else if (t.agree && !t.oppose && !t.flat)
        verdict(T, "supported", "every channel with enough data moves %s", claimed);
    else if (!t.agree && pair_agrees)
        verdict(T, "partly", "the group's channels show %d no clear change and %d the other way, but some of its "
                             "pairs move %s", t.flat, t.oppose, claimed);
    else if (t.agree)
        verdict(T, "partly", "%d channel%s move%s %s, %d show%s no clear change, %d the other way", t.agree,
                t.agree == 1 ? "" : "s", t.agree == 1 ? "s" : "", claimed, t.flat, t.flat == 1 ? "s" : "", t.oppose);
    else
        verdict(T, "contradicted", "no channel moves %s: %d show%s no clear change, %d the other way%s", claimed,
                t.flat, t.flat == 1 ? "s" : "", t.oppose, t.none ? " (the others have too little data)" : "");
    if (pairs[0]) {
        size_t l = strlen(a->reason);
        snprintf(a->reason + l, sizeof a->reason - l, "; inside the group %s", pairs);
    }
    return BLOC_OK;
}

int verify_claim(bloc_session *S, verify_cache *cache, const verify_opts *o, const claim *c,
                 verify_answer *a, bloc_error *err)
{
    memset(a, 0, sizeof *a);
    tester T = {S, cache, o, c, a, err};
    switch (c->kind) {
    case CLAIM_QUANTITY:
        return test_quantity(&T);
    case CLAIM_RELATION:
        return test_relation(&T);
    case CLAIM_EVENT:
        return test_event(&T);
    default:
        return test_trend(&T);
    }
}
