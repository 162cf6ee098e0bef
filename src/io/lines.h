/*
 * io/lines — a streaming line reader over libarchive, for inputs that are
 * one record a line (GDELT exports, JSON Lines).
 *
 * Reads plain files, compressed files (gzip, bzip2, xz: libarchive's
 * filters) and archives (a GDELT .CSV.zip) straight from the stream, entry
 * after entry, with no temporary files; "-" is standard input. Memory is a
 * buffer bounded by the longest line (LINES_MAX_LINE). Lines are handed out
 * in place and may be modified by the caller until the next call; the final
 * newline (and a carriage return before it) is removed. Every line knows
 * its number within its entry, so errors can name file:line.
 */
#ifndef BLOC_IO_LINES_H
#define BLOC_IO_LINES_H

#include <stddef.h>

#include "core/error.h"

#define LINES_MAX_LINE (16u << 20)

typedef struct line_reader line_reader;

/* Open path ("-" = stdin). *out is caller-owned: lines_close. */
int lines_open(line_reader **out, const char *path, bloc_error *err);

/* Next line: *got = 1 with *line (NUL-terminated, writable) and *len, or
 * *got = 0 at the end of the last entry. A read error (truncated or corrupt
 * compressed data, an over-long line) is BLOC_EINPUT naming where:line. */
int lines_next(line_reader *r, char **line, size_t *len, int *got, bloc_error *err);

/* 1-based number of the current line within its entry. */
long lines_number(const line_reader *r);

/* Where the current line comes from: the path, or "path[entry]" for an
 * entry of an archive; "<stdin>" for standard input. */
const char *lines_where(const line_reader *r);

/* Raw (compressed) bytes consumed so far, and the input's size (0 when
 * unknown, as for a pipe): for progress display. */
long long lines_bytes(const line_reader *r);
long long lines_size(const line_reader *r);

void lines_close(line_reader *r);

#endif
