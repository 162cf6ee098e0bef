/*
 * coder/eval — precision, recall and F1 of the coder on gold records (see
 * eval.h).
 */
#include "coder/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "coder/pool.h"
#include "coder/text.h"
#include "core/util.h"
#include "io/lines.h"

typedef struct gold {
    char (*want)[80]; /* "SOURCE|TARGET|CODE" */
    int *used, *rused;
    size_t n;
} gold;

static int gold_load(json_t *rec, gold *g)
{
    json_t *exp = json_object_get(rec, "expected");
    g->n = json_is_array(exp) ? json_array_size(exp) : 0;
    g->want = calloc(g->n + 1, sizeof *g->want);
    g->used = calloc(g->n + 1, sizeof *g->used);
    g->rused = calloc(g->n + 1, sizeof *g->rused);
    if (!g->want || !g->used || !g->rused)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        json_t *x = json_array_get(exp, i);
        const char *so = json_string_value(json_object_get(x, "source")),
                   *ta = json_string_value(json_object_get(x, "target")),
                   *co = json_string_value(json_object_get(x, "code"));
        snprintf(g->want[i], 80, "%s|%s|%s", so ? so : "", ta ? ta : "", co ? co : "");
    }
    return 0;
}

static void gold_free(gold *g)
{
    free(g->want);
    free(g->used);
    free(g->rused);
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

/* Code one record and count it. */
static int score_record(const coder *c, const coder_opts *o, json_t *rec, int today,
                        coder_score *s, bloc_error *err)
{
    const char *text = json_string_value(json_object_get(rec, "text"));
    json_t *scored = json_object_get(rec, "scored");
    if (!text || (scored && json_is_false(scored)))
        return BLOC_OK;
    int date = coder_doc_date(json_string_value(json_object_get(rec, "date")), today);
    gold g = {0};
    text_span *sp = NULL;
    size_t ns = 0;
    long long rtp = 0, fp = 0, miss = 0;
    if (gold_load(rec, &g) != 0) {
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
        }
        free(e);
    }
    for (size_t j = 0; j < g.n; j++)
        miss += !g.used[j];
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

int coder_eval(const coder *c, const coder_opts *o, const char *path, int today,
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
        rc = score_record(c, o, rec, today, s, err);
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
    return BLOC_OK;
}

static const result_col cols[] = {
    {"records", RESULT_INT}, {"right", RESULT_INT}, {"right_share", RESULT_NUM},
    {"precision", RESULT_NUM}, {"recall", RESULT_NUM}, {"f1", RESULT_NUM},
    {"root_precision", RESULT_NUM}, {"root_recall", RESULT_NUM}, {"root_f1", RESULT_NUM}};

int coder_score_rows(const coder_score *s, result *out)
{
    int rc = result_begin(out, cols, 9);
    if (rc != BLOC_OK)
        return rc;
    result_int(out, s->records);
    result_int(out, s->right);
    result_num(out, s->records ? (double)s->right / (double)s->records : 0, 4);
    result_num(out, s->precision, 4);
    result_num(out, s->recall, 4);
    result_num(out, s->f1, 4);
    result_num(out, s->root_precision, 4);
    result_num(out, s->root_recall, 4);
    result_num(out, s->root_f1, 4);
    return result_status(out);
}
