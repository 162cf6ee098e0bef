/*
 * cli/output — text / CSV / JSON tables (see output.h).
 */
#include "cli/output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/util.h"
#include "io/csv.h"

typedef struct cell {
    char *text; /* NULL = missing */
    int numeric;
} cell;

struct out_table {
    FILE *f;
    out_format fmt;
    char **cols;
    size_t ncols;
    size_t col;        /* next column of the current row */
    long long rows;
    json_t *obj;       /* JSON: current row */
    cell *cells;       /* table: buffered cells */
    size_t ncells, capcells;
};

int out_parse_format(const char *s)
{
    if (strcmp(s, "table") == 0)
        return OUT_TABLE;
    if (strcmp(s, "csv") == 0)
        return OUT_CSV;
    if (strcmp(s, "json") == 0)
        return OUT_JSON;
    if (strcmp(s, "jsonl") == 0)
        return OUT_JSONL;
    return -1;
}

out_table *out_begin(FILE *f, out_format fmt, const char *const *cols, size_t ncols)
{
    out_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->f = f;
    t->fmt = fmt;
    t->ncols = ncols;
    t->cols = calloc(ncols, sizeof *t->cols);
    if (!t->cols) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++)
        t->cols[i] = util_strdup(cols[i]);
    if (fmt == OUT_CSV) {
        for (size_t i = 0; i < ncols; i++) {
            if (i)
                fputc(',', f);
            csv_write_field(f, cols[i], ',');
        }
        fputc('\n', f);
    } else if (fmt == OUT_JSON) {
        fputs("[", f);
    }
    return t;
}

static int is_json(const out_table *t)
{
    return t->fmt == OUT_JSON || t->fmt == OUT_JSONL;
}

/* Add one cell; text NULL = missing. */
static void put(out_table *t, const char *text, int numeric, json_t *jv)
{
    size_t c = t->col;
    if (t->fmt == OUT_CSV) {
        if (c)
            fputc(',', t->f);
        if (text && numeric) /* digits, sign and point: nothing to quote */
            fputs(text, t->f);
        else if (text)
            csv_write_field(t->f, text, ',');
        else
            fputs("NA", t->f);
    } else if (is_json(t)) {
        if (!t->obj)
            t->obj = json_object();
        json_object_set_new(t->obj, t->cols[c], jv ? jv : json_null());
        jv = NULL;
    } else {
        if (t->ncells == t->capcells) {
            size_t cap = t->capcells ? t->capcells * 2 : 256;
            cell *p = realloc(t->cells, cap * sizeof *p);
            if (!p)
                return;
            t->cells = p;
            t->capcells = cap;
        }
        t->cells[t->ncells++] = (cell){text ? util_strdup(text) : NULL, numeric};
    }
    if (jv)
        json_decref(jv);
    if (++t->col == t->ncols) { /* row complete */
        t->col = 0;
        if (t->fmt == OUT_CSV) {
            fputc('\n', t->f);
        } else if (is_json(t)) {
            if (t->fmt == OUT_JSON)
                fputs(t->rows ? ",\n" : "\n", t->f);
            json_dumpf(t->obj, t->f, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
            if (t->fmt == OUT_JSONL)
                fputc('\n', t->f);
            json_decref(t->obj);
            t->obj = NULL;
        }
        t->rows++;
    }
}

void out_str(out_table *t, const char *s)
{
    put(t, s ? s : "", 0, is_json(t) ? json_string(s ? s : "") : NULL);
}

void out_int(out_table *t, long long v)
{
    char buf[32];
    util_format_int(buf, v);
    put(t, buf, 1, is_json(t) ? json_integer(v) : NULL);
}

void out_num(out_table *t, double v, int decimals)
{
    if (isnan(v)) {
        out_na(t);
        return;
    }
    char buf[64];
    util_format_fixed(buf, sizeof buf, v, decimals);
    /* JSON gets the value rounded as printed, so all formats agree */
    put(t, buf, 1, is_json(t) ? json_real(strtod(buf, NULL)) : NULL);
}

void out_na(out_table *t) { put(t, NULL, 1, NULL); }

void out_date(out_table *t, int yyyymmdd)
{
    char buf[16];
    if (!yyyymmdd) {
        out_na(t);
        return;
    }
    util_format_date(yyyymmdd, buf, sizeof buf);
    out_str(t, buf);
}

static size_t width(const char *s)
{
    /* display width: count UTF-8 lead bytes */
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

long long out_end(out_table *t)
{
    if (!t)
        return 0;
    long long rows = t->rows;
    if (is_json(t)) {
        if (t->fmt == OUT_JSON)
            fputs(t->rows ? "\n]\n" : "]\n", t->f);
        json_decref(t->obj);
    } else if (t->fmt == OUT_TABLE) {
        size_t *w = calloc(t->ncols, sizeof *w);
        for (size_t c = 0; w && c < t->ncols; c++)
            w[c] = width(t->cols[c]);
        for (size_t i = 0; w && i < t->ncells; i++) {
            size_t cw = width(t->cells[i].text ? t->cells[i].text : "NA");
            if (cw > w[i % t->ncols])
                w[i % t->ncols] = cw;
        }
        for (size_t c = 0; w && c < t->ncols; c++)
            fprintf(t->f, "%s%-*s", c ? "  " : "", c + 1 < t->ncols ? (int)w[c] : 0, t->cols[c]);
        fputc('\n', t->f);
        for (size_t i = 0; w && i < t->ncells; i++) {
            size_t c = i % t->ncols;
            const char *s = t->cells[i].text ? t->cells[i].text : "NA";
            int pad = (int)(w[c] - width(s));
            if (c)
                fputs("  ", t->f);
            if (t->cells[i].numeric)
                fprintf(t->f, "%*s%s", pad, "", s);
            else
                fprintf(t->f, "%s%*s", s, c + 1 < t->ncols ? pad : 0, "");
            if (c + 1 == t->ncols)
                fputc('\n', t->f);
        }
        free(w);
    }
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i].text);
    free(t->cells);
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t);
    return rows;
}
