/*
 * io/csv — a streaming RFC 4180 CSV reader over io/gz, and the matching
 * field writer.
 *
 * Reads plain or gzip-compressed files (io/gz detects which; bytes after the
 * compressed stream are an error) or
 * standard input ("-"), a buffer at a time: memory is bounded by the longest
 * record, never by the file. Quoted fields may hold the delimiter, doubled
 * quotes and newlines; each record knows the line it started on so every
 * error can name file:line. A truncated gzip stream, an unterminated quote or
 * an over-long record is an error, never a silent end of file.
 * Why not libcsv: Debian's libcsv does not stream through zlib nor report the
 * starting line of multi-line records; the state machine is 60 lines.
 */
#ifndef BLOC_IO_CSV_H
#define BLOC_IO_CSV_H

#include <stdio.h>
#include <stddef.h>

#include "core/error.h"

#define CSV_MAX_RECORD (16u << 20) /* 16 MiB: a bound on one record */
#define CSV_MAX_FIELDS 4096

typedef struct csv_reader csv_reader;

/* Open path ("-" = stdin) for reading with the given delimiter (',' or
 * '\t'). On success *out is a reader the caller frees with csv_close. */
int csv_open(csv_reader **out, const char *path, char delim, bloc_error *err);

/* Open a data table whose first record must be exactly header (fields
 * joined by commas, e.g. "code,description"). Same ownership as csv_open;
 * a different header is BLOC_EINPUT naming path:1. */
int csv_open_table(csv_reader **out, const char *path, char delim, const char *header,
                   bloc_error *err);

/* Read the next record. Sets *got = 1 and returns BLOC_OK when a record was
 * read, *got = 0 at a clean end of input. Blank lines are skipped. Errors
 * (truncated gzip, unterminated quote, over-long record) return BLOC_EINPUT
 * with file:line; the reader cannot continue after one. */
int csv_next(csv_reader *r, int *got, bloc_error *err);

/* Fields of the current record: valid until the next csv_next. */
size_t csv_nfields(const csv_reader *r);
const char *csv_field(const csv_reader *r, size_t i); /* "" when i is out of range */
size_t csv_field_len(const csv_reader *r, size_t i);

/* Line on which the current record started (1-based). */
long csv_line(const csv_reader *r);

/* The longest field an input may hold (a longer one rejects its row). */
#define CSV_MAX_FIELD 65536
/* Index of the first field of the current record that text may not hold
 * — a NUL byte, bytes that are not UTF-8, more than CSV_MAX_FIELD bytes —
 * with the reason in why (for a reject: "field 3 holds a NUL byte"), or
 * -1 when every field is sound. */
long csv_bad_field(const csv_reader *r, char *why, size_t n);

/* Compressed/raw bytes consumed so far (for progress display). */
long long csv_bytes_read(const csv_reader *r);

/* The path given to csv_open ("-" shown as "<stdin>"). */
const char *csv_path(const csv_reader *r);

void csv_close(csv_reader *r);

/* Write one field to f, quoting it when it holds the delimiter, a quote or a
 * line break. */
void csv_write_field(FILE *f, const char *s, char delim);

/* The current record as one CSV line (re-quoted, no line end) in *buf,
 * grown as needed (capacity *cap; the caller frees it): its length, or -1
 * when out of memory. A buffer kept between calls is reused. */
long csv_record_text(const csv_reader *r, char **buf, size_t *cap);

#endif
