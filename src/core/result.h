/*
 * core/result — what every library call answers: rows under a column
 * schema, with typed cells, and notes for the reader.
 *
 * A call declares its columns once (result_begin), then adds cells row by
 * row (result_str, result_int, result_num, result_date, result_na); it
 * never prints. Its client decides where the rows go: result_new keeps
 * them (the report reads them back, tests compare them), result_new_stream
 * hands each finished row to a sink (an output writer to stdout or to a
 * bounded buffer) and forgets it, so a listing of a million rows never sits
 * in memory. A sink that refuses a row (a size bound, a deadline) makes the
 * result fail: further cells are dropped and result_status tells the call,
 * which stops and returns that status.
 *
 * Ownership: strings given to result_str are copied; a result owns its
 * copies and everything it keeps, and result_free releases them.
 */
#ifndef BLOC_CORE_RESULT_H
#define BLOC_CORE_RESULT_H

#include <stddef.h>

#include "core/error.h"

typedef enum result_type {
    RESULT_NA = 0, /* a missing value (cells only) */
    RESULT_STR,
    RESULT_INT,
    RESULT_NUM,    /* a double printed with a fixed number of decimals */
    RESULT_DATE,   /* YYYYMMDD, printed YYYY-MM-DD */
    RESULT_ANY     /* a column whose cells differ in type (schema only) */
} result_type;

typedef struct result_col {
    const char *name;
    result_type type;
} result_col;

typedef struct result_value {
    result_type type;
    int decimals;   /* RESULT_NUM */
    union {
        const char *s;
        long long i;
        double d;
        int date;
    } v;
} result_value;

typedef struct result result;

/* Where a streaming result's rows go. begin gets the schema, row each
 * finished row (cells valid during the call only), end the close with the
 * result itself (for its notes); a non-zero status from any refuses the
 * result (a bloc_status, with the message in err). */
typedef struct result_sink {
    int (*begin)(void *ctx, const result_col *cols, size_t ncols, bloc_error *err);
    int (*row)(void *ctx, const result_value *cells, size_t ncols, bloc_error *err);
    int (*end)(void *ctx, const result *r, bloc_error *err);
    void *ctx;
} result_sink;

/* A result that keeps its rows, or one that streams them to sink (copied;
 * sink->ctx must outlive the result). NULL when out of memory. */
result *result_new(void);
result *result_new_stream(const result_sink *sink);
void result_free(result *r);

/* Declare the columns (copied). Once per result. */
int result_begin(result *r, const result_col *cols, size_t ncols);
/* Same with names only: every column RESULT_ANY. */
int result_begin_names(result *r, const char *const *names, size_t ncols);
int result_begun(const result *r);

void result_str(result *r, const char *s);       /* NULL = "" */
void result_int(result *r, long long v);
void result_num(result *r, double v, int decimals); /* NaN, inf -> missing */
void result_na(result *r);
void result_date(result *r, int yyyymmdd);       /* 0 -> missing */

/* Finish: a streaming result's sink gets end (once; later calls do
 * nothing). Returns result_status. */
int result_finish(result *r);

/* BLOC_OK, or the status that made the result fail (with its message). */
int result_status(const result *r);
const bloc_error *result_error(const result *r);

/* Notes for the reader (printed to stderr by the CLI): one per call. */
void result_note(result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t result_nnotes(const result *r);
const char *result_note_at(const result *r, size_t i);

/* Schema and kept rows. */
size_t result_ncols(const result *r);
const result_col *result_cols(const result *r);
long long result_nrows(const result *r); /* rows finished so far (streamed too) */
/* Kept rows only (result_new): cell (row, col), or NULL out of range. */
const result_value *result_cell(const result *r, size_t row, size_t col);
/* Column index by name, -1 when absent. */
int result_col_index(const result *r, const char *name);

#endif
