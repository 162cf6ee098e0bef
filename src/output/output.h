/*
 * output — the writers every client shares: a result printed as an aligned
 * text table, CSV, JSON or JSON Lines.
 *
 * A writer is a result_sink: CSV and JSON are streamed to the file as rows
 * finish (memory stays flat for million-row outputs); the aligned table is
 * buffered to size its columns. Missing values print as NA in text and CSV
 * and null in JSON, so R and pandas read them as missing. JSON is one
 * object: {"columns": [names], "rows": [objects keyed by column name],
 * "notes": [what the call says about its answer: no data, thin periods]},
 * written with jansson, so an empty answer still says why; JSON Lines the
 * row objects alone, one per line, for streams and `jq -c` (its notes go
 * to stderr). The CLI writes to stdout,
 * the server to a buffer bounded in size and time, the report turns kept
 * results into the same JSON values (out_json_rows): one writer, so the
 * three never disagree.
 */
#ifndef BLOC_OUTPUT_OUTPUT_H
#define BLOC_OUTPUT_OUTPUT_H

#include <stdio.h>

#include <jansson.h>

#include "core/result.h"

typedef enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_JSONL } out_format;

/* Parse "table", "csv", "json" or "jsonl"; -1 when unknown. */
int out_parse_format(const char *s);

typedef struct out_writer out_writer;

/* A writer to f (borrowed) in fmt; NULL when out of memory. Free with
 * out_writer_free after the result it served is finished. */
out_writer *out_writer_new(FILE *f, out_format fmt);
/* Bounds: refuse the result (BLOC_ELIMIT) once more than max_bytes are
 * written (0 = no bound), or (BLOC_EDEADLINE) when a row comes after the
 * monotonic time deadline (util_now; 0 = none). */
void out_writer_limit(out_writer *w, long long max_bytes, double deadline);
/* The sink that feeds this writer (for result_new_stream). */
result_sink out_writer_sink(out_writer *w);
/* Data rows written. */
long long out_writer_rows(const out_writer *w);
void out_writer_free(out_writer *w);

/* Write a kept result (result_new) to f in fmt. */
int out_write_result(FILE *f, out_format fmt, const result *r, bloc_error *err);

/* One cell as the JSON format writes it (new reference). */
json_t *out_json_cell(const result_value *v);
/* A kept result's rows as the array under "rows" in the JSON format (new
 * reference; NULL when out of memory). */
json_t *out_json_rows(const result *r);

#endif
