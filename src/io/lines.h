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

/*
 * Segments of one plain file, for reading it with several threads. A file
 * is plain when it is a regular file that is neither compressed nor an
 * archive (libarchive reads it as one raw, unfiltered entry), so its lines
 * are its bytes; *plain = 0 for anything else, stdin included.
 */
int lines_plain(const char *path, int *plain, bloc_error *err);

/* Cut a plain file of size bytes into segments of about seg bytes, each
 * starting at a line start: cuts[0] = 0 < cuts[1] < ... < cuts[*n] = size
 * (*n >= 1 segments; *n = 1 when size <= seg). A line longer than seg
 * spans the cuts it would cross. *cuts is caller-owned: free. */
int lines_cut(const char *path, long long size, long long seg, long long **cuts, size_t *n,
              bloc_error *err);

/* Open the bytes [offset, offset + len) of a plain file, a segment from
 * lines_cut, as one entry: its line numbers count from 1 at offset, and
 * lines_bytes counts from offset. */
int lines_open_range(line_reader **out, const char *path, long long offset, long long len,
                     bloc_error *err);

#endif
