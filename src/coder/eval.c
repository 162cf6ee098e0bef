/*
 * coder/eval — precision, recall and F1 of the coder on gold records (see
 * eval.h).
 */
#include "coder/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "coder/pool.h"
#include "coder/text.h"
#include "core/util.h"
#include "io/lines.h"

typedef struct gold {
    char (*want)[80]; /* "SOURCE|TARGET|CODE" */
    char (*country)[16]; /* "SRC|TGT|RR": the first three letters of each, the root */
    int *used, *rused, *cused, *quad;
    size_t n;
} gold;

int coder_quad_of(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root >= 1 && root <= 5 ? 1 : root <= 8 && root ? 2 : root <= 13 && root ? 3 : root <= 20 && root ? 4 : 0;
}

/* "SRC|TGT|RR" of an event, at country level. */
static void country_key(const char *so, const char *ta, const char *code, char out[16])
{
    snprintf(out, 16, "%.3s|%.3s|%.2s", so ? so : "", ta ? ta : "", code ? code : "");
}

static int gold_load(json_t *rec, gold *g)
{
    json_t *exp = json_object_get(rec, "expected");
    g->n = json_is_array(exp) ? json_array_size(exp) : 0;
    g->want = calloc(g->n + 1, sizeof *g->want);
    g->country = calloc(g->n + 1, sizeof *g->country);
    g->used = calloc(g->n + 1, sizeof *g->used);
    g->rused = calloc(g->n + 1, sizeof *g->rused);
    g->cused = calloc(g->n + 1, sizeof *g->cused);
    g->quad = calloc(g->n + 1, sizeof *g->quad);
    if (!g->want || !g->country || !g->used || !g->rused || !g->cused || !g->quad)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        json_t *x = json_array_get(exp, i);
        const char *so = json_string_value(json_object_get(x, "source")),
                   *ta = json_string_value(json_object_get(x, "target")),
                   *co = json_string_value(json_object_get(x, "code"));
        snprintf(g->want[i], 80, "%s|%s|%s", so ? so : "", ta ? ta : "", co ? co : "");
        country_key(so, ta, co, g->country[i]);
        g->quad[i] = coder_quad_of(co);
    }
    return 0;
}

static void gold_free(gold *g)
{
    free(g->want);
    free(g->country);
    free(g->used);
    free(g->rused);
    free(g->cused);
    free(g->quad);
}

/* A coded event at country level: a gold event of the same countries and
 * root; the sign against the gold events of its country pair (either
 * order); the quad class it is counted under. */
static void match_country(gold *g, const coder_event *e, coder_score *s, int *quad_used)
{
    char key[16];
    country_key(e->source, e->target, e->code, key);
    int q = coder_quad_of(e->code), pair = 0, same_side = 0;
    size_t hit = g->n;
    for (size_t j = 0; j < g->n; j++) {
        if (!g->cused[j] && hit == g->n && strcmp(g->country[j], key) == 0)
            hit = j;
        const char *k = g->country[j];
        int fwd = strncmp(k, key, 7) == 0, /* "SRC|TGT" */
            rev = strncmp(k, key + 4, 3) == 0 && strncmp(k + 4, key, 3) == 0;
        if ((fwd || rev) && g->quad[j]) { /* a gold code with a quad class */
            pair = 1;
            same_side |= (g->quad[j] <= 2) == (q <= 2);
        }
    }
    if (hit < g->n) {
        g->cused[hit] = 1;
        s->ctp++;
    } else {
        s->cfp++;
    }
    if (pair && q) {
        s->sign_pairs++;
        s->sign_errors += !same_side;
    }
    /* the confusion table: the gold event of the pair it is taken for */
    size_t j = 0;
    while (j < g->n && (quad_used[j] || !(strncmp(g->country[j], key, 7) == 0)))
        j++;
    if (j < g->n) {
        quad_used[j] = 1;
        s->quad[g->quad[j]][q]++;
    } else {
        s->quad[0][q]++;
    }
}

/* Match one coded triple against the gold: full code, then root code. */
static void match(gold *g, const char *got, coder_score *s, long long *rtp, long long *fp)
{
    size_t j = 0;
    while (j < g->n && (g->used[j] || strcmp(g->want[j], got) != 0))
        j++;
    if (j < g->n) {
        g->used[j] = 1;
        s->tp++;
    } else {
        s->fp++;
        (*fp)++;
    }
    for (size_t r = 0; r < g->n; r++) { /* root codes: the first two digits */
        char *bar = strrchr(g->want[r], '|');
        if (!g->rused[r] && bar && strncmp(g->want[r], got, (size_t)(bar - g->want[r]) + 3) == 0) {
            g->rused[r] = 1;
            (*rtp)++;
            return;
        }
    }
}

/* The leaves "(TAG word)" of a Penn Treebank parse, in order. */
typedef struct leaf {
    const char *tag, *word;
    size_t tag_len, word_len;
} leaf;

static size_t parse_leaves(const char *parse, leaf *out, size_t max)
{
    size_t n = 0;
    for (const char *p = parse; *p && n < max; p++) {
        if (*p != '(')
            continue;
        const char *tag = p + 1, *sp = tag + strcspn(tag, " ()");
        if (*sp != ' ' || sp == tag)
            continue;
        const char *word = sp + 1, *end = word + strcspn(word, " ()");
        if (*end != ')' || end == word)
            continue; /* a phrase, not a leaf */
        out[n++] = (leaf){tag, word, (size_t)(sp - tag), (size_t)(end - word)};
        p = end;
    }
    return n;
}

/* The part-of-speech layer against a record's parse: each verb form the
 * dictionaries match, found among the parse's next leaves, is a verb
 * there (VB*, AUX*) or not; the tagger's call is right or wrong. */
static int score_verb_forms(const coder *c, const coder_opts *o, const char *text, const text_span *sp,
                            size_t ns, int date, const char *parse, coder_score *s, bloc_error *err)
{
    size_t cap = strlen(parse) / 4 + 1, nl, at = 0;
    leaf *lv = malloc(cap * sizeof *lv);
    if (!lv)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    nl = parse_leaves(parse, lv, cap);
    int rc = BLOC_OK;
    for (size_t k = 0; k < ns && rc == BLOC_OK; k++) {
        coder_verb_form *f = NULL;
        size_t nf = 0;
        if ((rc = coder_verb_forms(c, o, text, sp[k].off, sp[k].len, date, &f, &nf, err)) != BLOC_OK)
            break;
        for (size_t i = 0; i < nf; i++) {
            size_t j = at;
            while (j < nl && j < at + 12 &&
                   !(lv[j].word_len == f[i].len && strncasecmp(lv[j].word, text + f[i].off, f[i].len) == 0))
                j++;
            if (j >= nl || j >= at + 12)
                continue; /* not found where it should be: left out */
            at = j + 1;
            int verb_there = strncmp(lv[j].tag, "VB", 2) == 0 || strncmp(lv[j].tag, "AUX", 3) == 0;
            int said = pos_may_be_verb(f[i].tag);
            s->verb_forms++;
            s->verb_forms_verbs += verb_there;
            s->verb_forms_right += verb_there == said;
        }
        free(f);
    }
    free(lv);
    return rc;
}

/* Code one record and count it. */
static int score_record(coder_pick_fn pick, void *ctx, const coder_opts *o, json_t *rec, int today,
                        coder_score *s, bloc_error *err)
{
    const char *text = json_string_value(json_object_get(rec, "text"));
    json_t *scored = json_object_get(rec, "scored");
    if (!text || (scored && json_is_false(scored)))
        return BLOC_OK;
    const coder *c = pick(ctx, json_string_value(json_object_get(rec, "dictionaries")), err);
    if (!c)
        return err->code ? err->code : BLOC_EINPUT;
    int date = coder_doc_date(json_string_value(json_object_get(rec, "date")), today);
    gold g = {0};
    text_span *sp = NULL;
    size_t ns = 0;
    long long rtp = 0, fp = 0, miss = 0;
    if (gold_load(rec, &g) != 0) {
        gold_free(&g);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    int *quad_used = calloc(g.n + 1, sizeof *quad_used);
    if (!quad_used) {
        gold_free(&g);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    int ok = text_sentences(text, strlen(text), &sp, &ns, err) == BLOC_OK;
    for (size_t k = 0; ok && k < ns; k++) {
        coder_event *e = NULL;
        size_t ne = 0;
        int discarded;
        if (coder_sentence(c, o, text, sp[k].off, sp[k].len, date, &e, &ne, &discarded, err) != BLOC_OK)
            break;
        for (size_t i = 0; i < ne; i++) {
            char got[80];
            snprintf(got, sizeof got, "%s|%s|%s", e[i].source, e[i].target, e[i].code);
            match(&g, got, s, &rtp, &fp);
            match_country(&g, &e[i], s, quad_used);
        }
        free(e);
    }
    const char *parse = json_string_value(json_object_get(rec, "parse"));
    if (ok && parse && score_verb_forms(c, o, text, sp, ns, date, parse, s, err) != BLOC_OK)
        ok = 0;
    for (size_t j = 0; j < g.n; j++) {
        miss += !g.used[j];
        s->cfn += !g.cused[j];
        if (!quad_used[j])
            s->quad[g.quad[j]][0]++; /* missed */
    }
    free(quad_used);
    s->fn += miss;
    s->rtp += rtp;
    s->rfn += (long long)g.n - rtp;
    s->right += miss == 0 && fp == 0;
    s->records++;
    free(sp);
    gold_free(&g);
    return BLOC_OK;
}

static double f1_of(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

int coder_eval(coder_pick_fn pick, void *ctx, const coder_opts *o, const char *path, int today,
               coder_score *s, bloc_error *err)
{
    line_reader *lr = NULL;
    char *line;
    size_t len;
    int got, rc = lines_open(&lr, path, err);
    memset(s, 0, sizeof *s);
    while (rc == BLOC_OK && (rc = lines_next(lr, &line, &len, &got, err)) == BLOC_OK && got) {
        json_error_t je;
        json_t *rec = json_loadb(line, len, 0, &je);
        if (!rec) {
            rc = bloc_fail_at(err, BLOC_EINPUT, lines_where(lr), lines_number(lr), "not JSON: %s", je.text);
            break;
        }
        rc = score_record(pick, ctx, o, rec, today, s, err);
        json_decref(rec);
    }
    lines_close(lr);
    if (rc != BLOC_OK)
        return rc;
    s->rfp = s->fp + s->tp - s->rtp; /* coded events whose root matched nothing */
    s->precision = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 0;
    s->recall = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0;
    s->f1 = f1_of(s->precision, s->recall);
    s->root_precision = s->rtp + s->rfp ? (double)s->rtp / (double)(s->rtp + s->rfp) : 0;
    s->root_recall = s->rtp + s->rfn ? (double)s->rtp / (double)(s->rtp + s->rfn) : 0;
    s->root_f1 = f1_of(s->root_precision, s->root_recall);
    s->country_precision = s->ctp + s->cfp ? (double)s->ctp / (double)(s->ctp + s->cfp) : 0;
    s->country_recall = s->ctp + s->cfn ? (double)s->ctp / (double)(s->ctp + s->cfn) : 0;
    s->country_f1 = f1_of(s->country_precision, s->country_recall);
    s->sign_error_rate = s->sign_pairs ? (double)s->sign_errors / (double)s->sign_pairs : 0;
    return BLOC_OK;
}

static const result_col cols[] = {
    {"records", RESULT_INT},          {"right", RESULT_INT},        {"right_share", RESULT_NUM},
    {"precision", RESULT_NUM},        {"recall", RESULT_NUM},       {"f1", RESULT_NUM},
    {"root_precision", RESULT_NUM},   {"root_recall", RESULT_NUM},  {"root_f1", RESULT_NUM},
    {"country_precision", RESULT_NUM}, {"country_recall", RESULT_NUM}, {"country_f1", RESULT_NUM},
    {"sign_pairs", RESULT_INT},       {"sign_errors", RESULT_INT},  {"sign_error_rate", RESULT_NUM},
    {"verb_forms", RESULT_INT},       {"verb_share", RESULT_NUM},   {"pos_accuracy", RESULT_NUM}};

int coder_score_rows(const coder_score *s, result *out)
{
    int rc = result_begin(out, cols, sizeof cols / sizeof cols[0]);
    if (rc != BLOC_OK)
        return rc;
    result_int(out, s->records);
    result_int(out, s->right);
    result_num(out, s->records ? (double)s->right / (double)s->records : 0, 4);
    const double v[] = {s->precision, s->recall, s->f1, s->root_precision, s->root_recall,
                        s->root_f1, s->country_precision, s->country_recall, s->country_f1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        result_num(out, v[i], 4);
    result_int(out, s->sign_pairs);
    result_int(out, s->sign_errors);
    if (s->sign_pairs)
        result_num(out, s->sign_error_rate, 4);
    else
        result_na(out); /* no coded event met a gold pair: no rate to give */
    /* verb forms against the records' parses: the share that are verbs
     * there (calling every one a verb scores that), and the tagger's
     * accuracy; none without parses */
    result_int(out, s->verb_forms);
    if (s->verb_forms) {
        result_num(out, (double)s->verb_forms_verbs / (double)s->verb_forms, 4);
        result_num(out, (double)s->verb_forms_right / (double)s->verb_forms, 4);
    } else {
        result_na(out);
        result_na(out);
    }
    return result_status(out);
}

static const result_col quad_cols[] = {
    {"gold", RESULT_STR},     {"coded_1", RESULT_INT}, {"coded_2", RESULT_INT},
    {"coded_3", RESULT_INT},  {"coded_4", RESULT_INT}, {"coded_none", RESULT_INT}};

int coder_quad_rows(const coder_score *s, result *out)
{
    static const char *const names[] = {"none", "1 verbal cooperation", "2 material cooperation",
                                        "3 verbal conflict", "4 material conflict"};
    int rc = result_begin(out, quad_cols, sizeof quad_cols / sizeof quad_cols[0]);
    for (int g = 1; rc == BLOC_OK && g <= 5; g++) {
        int gi = g % 5; /* the quad classes, then "none" (spurious events) */
        result_str(out, names[gi]);
        for (int c = 1; c <= 4; c++)
            result_int(out, s->quad[gi][c]);
        if (gi)
            result_int(out, s->quad[gi][0]);
        else
            result_na(out);
        rc = result_status(out);
    }
    return rc;
}
