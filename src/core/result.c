/*
 * core/result — rows under a column schema, kept or streamed (see
 * result.h). Strings live in an arena of blocks: a kept result's blocks
 * live as long as it does; a streaming result reuses its first block for
 * every row.
 */
#include "core/result.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

enum { BLOCK = 16384 };

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

struct result {
    result_col *cols;
    char *names;          /* the column names' storage */
    size_t ncols;
    int begun, finished;
    result_value *row;    /* the row being filled (streaming) */
    size_t col;           /* next cell of that row */
    result_value *cells;  /* kept rows */
    size_t ncells, capcells;
    long long nrows;
    block *arena;
    result_sink sink;
    int streaming;
    bloc_error err;
    char **notes;
    size_t nnotes;
};

result *result_new(void)
{
    result *r = calloc(1, sizeof *r);
    if (r)
        bloc_error_clear(&r->err);
    return r;
}

result *result_new_stream(const result_sink *sink)
{
    result *r = result_new();
    if (r) {
        r->sink = *sink;
        r->streaming = 1;
    }
    return r;
}

void result_free(result *r)
{
    if (!r)
        return;
    for (block *b = r->arena, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r->cols);
    free(r->names);
    free(r->row);
    free(r->cells);
    free(r);
}

static void oom(result *r)
{
    if (r->err.code == BLOC_OK)
        bloc_fail(&r->err, BLOC_ENOMEM, "out of memory");
}

/* A copy of s in the arena; NULL when out of memory. */
static const char *keep(result *r, const char *s)
{
    size_t n = strlen(s) + 1;
    block *b = r->arena;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK ? n : BLOCK;
        block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        nb->next = r->arena;
        r->arena = nb;
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    b->used += n;
    return p;
}

/* Streaming: after each row only the newest block is kept, emptied. */
static void arena_reset(result *r)
{
    if (!r->arena)
        return;
    for (block *b = r->arena->next, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    r->arena->next = NULL;
    r->arena->used = 0;
}

/* A sink's refusal: its status, with the message it wrote (or a plain one). */
static void sink_status(result *r, int rc)
{
    if (rc != BLOC_OK && r->err.code == BLOC_OK) {
        char msg[sizeof r->err.msg];
        snprintf(msg, sizeof msg, "%s", r->err.msg[0] ? r->err.msg : "the output refused the rows");
        bloc_fail(&r->err, rc, "%s", msg);
    }
}

int result_begin(result *r, const result_col *cols, size_t ncols)
{
    assert(!r->begun && ncols > 0);
    size_t len = 0;
    for (size_t i = 0; i < ncols; i++)
        len += strlen(cols[i].name) + 1;
    r->cols = calloc(ncols, sizeof *r->cols);
    r->names = malloc(len);
    r->row = calloc(ncols, sizeof *r->row);
    if (!r->cols || !r->names || !r->row) {
        oom(r);
        return r->err.code;
    }
    char *p = r->names;
    for (size_t i = 0; i < ncols; i++) {
        size_t n = strlen(cols[i].name) + 1;
        memcpy(p, cols[i].name, n);
        r->cols[i] = (result_col){p, cols[i].type};
        p += n;
    }
    r->ncols = ncols;
    r->begun = 1;
    if (r->streaming && r->sink.begin)
        sink_status(r, r->sink.begin(r->sink.ctx, r->cols, ncols, &r->err));
    return r->err.code;
}

int result_begin_names(result *r, const char *const *names, size_t ncols)
{
    result_col cols[64];
    assert(ncols <= 64);
    for (size_t i = 0; i < ncols; i++)
        cols[i] = (result_col){names[i], RESULT_ANY};
    return result_begin(r, cols, ncols);
}

int result_begun(const result *r)
{
    return r->begun;
}

/* Add one cell; a finished row goes to the sink or stays. */
static void put(result *r, result_value v)
{
    assert(r->begun && !r->finished);
    if (r->err.code != BLOC_OK)
        return;
    assert(r->cols[r->col].type == RESULT_ANY || v.type == RESULT_NA ||
           v.type == r->cols[r->col].type);
    if (v.type == RESULT_STR && !(v.v.s = keep(r, v.v.s ? v.v.s : ""))) {
        oom(r);
        return;
    }
    if (r->streaming) {
        r->row[r->col++] = v;
    } else {
        if (util_grow((void **)&r->cells, &r->capcells, r->ncells + 1, sizeof *r->cells) != 0) {
            oom(r);
            return;
        }
        r->cells[r->ncells++] = v;
        r->col++;
    }
    if (r->col < r->ncols)
        return;
    r->col = 0;
    r->nrows++;
    if (r->streaming) {
        if (r->sink.row)
            sink_status(r, r->sink.row(r->sink.ctx, r->row, r->ncols, &r->err));
        arena_reset(r);
    }
}

void result_str(result *r, const char *s)
{
    put(r, (result_value){.type = RESULT_STR, .v.s = s ? s : ""});
}

void result_int(result *r, long long v)
{
    put(r, (result_value){.type = RESULT_INT, .v.i = v});
}

void result_num(result *r, double v, int decimals)
{
    if (!isfinite(v)) /* NaN and infinities: missing, in every format */
        put(r, (result_value){.type = RESULT_NA});
    else
        put(r, (result_value){.type = RESULT_NUM, .decimals = decimals, .v.d = v});
}

void result_na(result *r)
{
    put(r, (result_value){.type = RESULT_NA});
}

void result_date(result *r, int yyyymmdd)
{
    if (!yyyymmdd)
        put(r, (result_value){.type = RESULT_NA});
    else
        put(r, (result_value){.type = RESULT_DATE, .v.date = yyyymmdd});
}

int result_finish(result *r)
{
    if (r->begun && !r->finished) {
        r->finished = 1;
        if (r->streaming && r->sink.end) {
            bloc_error e;
            bloc_error_clear(&e);
            int rc = r->sink.end(r->sink.ctx, r, &e);
            if (rc != BLOC_OK && r->err.code == BLOC_OK)
                r->err = e;
        }
    }
    return r->err.code;
}

int result_status(const result *r)
{
    return r->err.code;
}

const bloc_error *result_error(const result *r)
{
    return &r->err;
}

void result_note(result *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **n = realloc(r->notes, (r->nnotes + 1) * sizeof *n);
    if (!n)
        return;
    r->notes = n;
    if ((n[r->nnotes] = util_strdup(buf)))
        r->nnotes++;
}

size_t result_nnotes(const result *r)
{
    return r->nnotes;
}

const char *result_note_at(const result *r, size_t i)
{
    return i < r->nnotes ? r->notes[i] : NULL;
}

size_t result_ncols(const result *r)
{
    return r->ncols;
}

const result_col *result_cols(const result *r)
{
    return r->cols;
}

long long result_nrows(const result *r)
{
    return r->nrows;
}

const result_value *result_cell(const result *r, size_t row, size_t col)
{
    if (r->streaming || col >= r->ncols || row >= (size_t)r->nrows)
        return NULL;
    return &r->cells[row * r->ncols + col];
}

int result_col_index(const result *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (strcmp(r->cols[i].name, name) == 0)
            return (int)i;
    return -1;
}
