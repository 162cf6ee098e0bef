/*
 * cli/output — tables printed as aligned text, CSV or JSON.
 *
 * A command declares its columns, then adds cells row by row. CSV and JSON
 * are streamed to the output as rows complete (memory stays flat for
 * million-row outputs); the aligned table is buffered to size its columns.
 * Missing values (NaN, or out_na) print as NA in text and CSV and null in
 * JSON, so R and pandas read them as missing. JSON is an array of objects
 * keyed by column name, written with jansson; JSON Lines (jsonl) the same
 * objects one per line, for streams and `jq -c`.
 */
#ifndef BLOC_CLI_OUTPUT_H
#define BLOC_CLI_OUTPUT_H

#include <stdio.h>

typedef enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_JSONL } out_format;

typedef struct out_table out_table;

/* Parse "table", "csv", "json" or "jsonl"; -1 when unknown. */
int out_parse_format(const char *s);

/* New table writing to f. The column names are copied. Caller frees with
 * out_end, which also finishes the output. */
out_table *out_begin(FILE *f, out_format fmt, const char *const *cols, size_t ncols);

void out_str(out_table *t, const char *s);
void out_int(out_table *t, long long v);
void out_num(out_table *t, double v, int decimals); /* NaN -> missing */
void out_na(out_table *t);
void out_date(out_table *t, int yyyymmdd); /* 0 -> missing */

/* Finish (print a buffered table, close the JSON array) and free t.
 * Returns the number of data rows written. */
long long out_end(out_table *t);

#endif
