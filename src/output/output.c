/*
 * output — text / CSV / JSON writers of results (see output.h). Inside, a
 * table is written cell by cell (out_begin, out_str ..., out_end); the
 * writer feeds it from a result's rows.
 */
#include "output/output.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/util.h"
#include "io/csv.h"

typedef struct out_table out_table;
static void out_na(out_table *t);

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
    char *row;         /* CSV: the current row, written in one call */
    size_t rowlen, rowcap;
};

/* n bytes onto the CSV row; when the row cannot grow, what it holds and
 * the bytes go to the file at once (the same text, more calls). One write
 * per row rather than three to five stdio calls per cell: most of a large
 * CSV answer's time was in stdio's per-call locking. */
static void row_put(out_table *t, const char *s, size_t n)
{
    if (t->rowlen + n > t->rowcap) {
        size_t cap = (t->rowlen + n) * 2 + 256;
        char *p = realloc(t->row, cap);
        if (!p) {
            fwrite(t->row, 1, t->rowlen, t->f);
            fwrite(s, 1, n, t->f);
            t->rowlen = 0;
            return;
        }
        t->row = p;
        t->rowcap = cap;
    }
    memcpy(t->row + t->rowlen, s, n);
    t->rowlen += n;
}

/* A CSV field of n bytes, quoted when it holds a comma, a quote or a line
 * end. */
static void row_field(out_table *t, const char *s, size_t n)
{
    if (!strpbrk(s, ",\"\n\r")) {
        row_put(t, s, n);
        return;
    }
    row_put(t, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        row_put(t, s, (size_t)(q - s) + 1);
        row_put(t, "\"", 1);
    }
    row_put(t, s, strlen(s));
    row_put(t, "\"", 1);
}

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

static out_table *out_begin(FILE *f, out_format fmt, const char *const *cols, size_t ncols)
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
        json_t *names = json_array();
        for (size_t i = 0; i < ncols; i++)
            json_array_append_new(names, json_string(cols[i]));
        fputs("{\"columns\":", f);
        json_dumpf(names, f, JSON_COMPACT);
        json_decref(names);
        fputs(",\"rows\":[", f);
    }
    return t;
}

static int is_json(const out_table *t)
{
    return t->fmt == OUT_JSON || t->fmt == OUT_JSONL;
}

/* Add one cell of len bytes; text NULL = missing. */
static void put(out_table *t, const char *text, size_t len, int numeric, json_t *jv)
{
    size_t c = t->col;
    if (t->fmt == OUT_CSV) {
        if (c)
            row_put(t, ",", 1);
        if (text && numeric) /* digits, sign and point: nothing to quote */
            row_put(t, text, len);
        else if (text)
            row_field(t, text, len);
        else
            row_put(t, "NA", 2);
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
            row_put(t, "\n", 1);
            fwrite(t->row, 1, t->rowlen, t->f);
            t->rowlen = 0;
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

static void out_str(out_table *t, const char *s)
{
    put(t, s ? s : "", s ? strlen(s) : 0, 0, is_json(t) ? json_string(s ? s : "") : NULL);
}

static void out_int(out_table *t, long long v)
{
    char buf[32];
    size_t n = util_format_int(buf, v);
    put(t, buf, n, 1, is_json(t) ? json_integer(v) : NULL);
}

static void out_num(out_table *t, double v, int decimals)
{
    if (isnan(v)) {
        out_na(t);
        return;
    }
    char buf[64];
    size_t n = util_format_fixed(buf, sizeof buf, v, decimals);
    /* JSON gets the value rounded as printed, so all formats agree */
    put(t, buf, n < sizeof buf ? n : strlen(buf), 1, is_json(t) ? json_real(strtod(buf, NULL)) : NULL);
}

static void out_na(out_table *t) { put(t, NULL, 0, 1, NULL); }

static void out_date(out_table *t, int yyyymmdd)
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

/* Close the table; JSON ends with the result's notes (r NULL: none). */
static long long out_end(out_table *t, const result *r)
{
    if (!t)
        return 0;
    long long rows = t->rows;
    if (is_json(t)) {
        if (t->fmt == OUT_JSON) {
            json_t *notes = json_array();
            for (size_t i = 0; r && i < result_nnotes(r); i++)
                json_array_append_new(notes, json_string(result_note_at(r, i)));
            fputs(t->rows ? "\n],\"notes\":" : "],\"notes\":", t->f);
            json_dumpf(notes, t->f, JSON_COMPACT);
            fputs("}\n", t->f);
            json_decref(notes);
        }
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
    free(t->row);
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t);
    return rows;
}

/* ---- writers: results into tables ------------------------------------- */

struct out_writer {
    FILE *f;
    out_format fmt;
    out_table *t;
    long long max_bytes;
    double deadline;
    long start;       /* file offset at the start (for max_bytes) */
};

out_writer *out_writer_new(FILE *f, out_format fmt)
{
    out_writer *w = calloc(1, sizeof *w);
    if (w) {
        w->f = f;
        w->fmt = fmt;
    }
    return w;
}

void out_writer_limit(out_writer *w, long long max_bytes, double deadline)
{
    w->max_bytes = max_bytes;
    w->deadline = deadline;
    w->start = max_bytes > 0 ? ftell(w->f) : 0;
}

static int writer_begin(void *ctx, const result_col *cols, size_t ncols, bloc_error *err)
{
    out_writer *w = ctx;
    const char *names[64];
    assert(ncols <= 64);
    for (size_t i = 0; i < ncols && i < 64; i++)
        names[i] = cols[i].name;
    if (!(w->t = out_begin(w->f, w->fmt, names, ncols < 64 ? ncols : 64)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return BLOC_OK;
}

static void write_cell(out_table *t, const result_value *v)
{
    switch (v->type) {
    case RESULT_STR:
        out_str(t, v->v.s);
        break;
    case RESULT_INT:
        out_int(t, v->v.i);
        break;
    case RESULT_NUM:
        out_num(t, v->v.d, v->decimals);
        break;
    case RESULT_DATE:
        out_date(t, v->v.date);
        break;
    default:
        out_na(t);
    }
}

static int writer_row(void *ctx, const result_value *cells, size_t ncols, bloc_error *err)
{
    out_writer *w = ctx;
    assert(w->t && ncols == w->t->ncols); /* a row of the schema begun */
    for (size_t i = 0; i < ncols; i++)
        write_cell(w->t, &cells[i]);
    if (w->max_bytes > 0 && ftell(w->f) - w->start > w->max_bytes)
        return bloc_fail(err, BLOC_ELIMIT, "the answer is larger than %lld bytes", w->max_bytes);
    if (w->deadline > 0 && util_now() > w->deadline)
        return bloc_fail(err, BLOC_EDEADLINE, "interrupted: the request ran past its time limit");
    return BLOC_OK;
}

static int writer_end(void *ctx, const result *r, bloc_error *err)
{
    out_writer *w = ctx;
    (void)err;
    out_end(w->t, r);
    w->t = NULL;
    return BLOC_OK;
}

result_sink out_writer_sink(out_writer *w)
{
    return (result_sink){writer_begin, writer_row, writer_end, w};
}

long long out_writer_rows(const out_writer *w)
{
    return w->t ? w->t->rows : 0;
}

void out_writer_free(out_writer *w)
{
    if (w && w->t)
        out_end(w->t, NULL);
    free(w);
}

int out_write_result(FILE *f, out_format fmt, const result *r, bloc_error *err)
{
    out_writer *w = out_writer_new(f, fmt);
    if (!w)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    size_t nc = result_ncols(r);
    int rc = writer_begin(w, result_cols(r), nc, err);
    for (long long i = 0; rc == BLOC_OK && i < result_nrows(r); i++)
        for (size_t c = 0; c < nc; c++)
            write_cell(w->t, result_cell(r, (size_t)i, c));
    if (rc == BLOC_OK)
        writer_end(w, r, err);
    out_writer_free(w);
    return rc;
}

json_t *out_json_cell(const result_value *v)
{
    char buf[64];
    switch (v->type) {
    case RESULT_STR:
        return json_string(v->v.s);
    case RESULT_INT:
        return json_integer(v->v.i);
    case RESULT_NUM: {
        util_format_fixed(buf, sizeof buf, v->v.d, v->decimals);
        json_t *j = json_real(strtod(buf, NULL)); /* NULL for inf: JSON has no infinity */
        return j ? j : json_null();
    }
    case RESULT_DATE:
        util_format_date(v->v.date, buf, sizeof buf);
        return json_string(buf);
    default:
        return json_null();
    }
}

json_t *out_json_rows(const result *r)
{
    json_t *rows = json_array();
    const result_col *cols = result_cols(r);
    for (long long i = 0; rows && i < result_nrows(r); i++) {
        json_t *o = json_object();
        for (size_t c = 0; o && c < result_ncols(r); c++)
            json_object_set_new(o, cols[c].name, out_json_cell(result_cell(r, (size_t)i, c)));
        if (!o || json_array_append_new(rows, o) != 0) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}
