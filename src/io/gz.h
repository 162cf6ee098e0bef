/*
 * io/gz — a strict gzip (or plain) byte stream over zlib's inflate.
 *
 * gz_open looks at a file's first bytes: a gzip file is inflated member
 * after member (a second member is data, as gzip(1) reads it), anything
 * else is passed through. Unlike zlib's gz* layer, which ends quietly where
 * a member is followed by something that is not another member, bytes
 * after the last member are an error naming their offset, and so are a
 * truncated member and corrupt data: a damaged file is never read as a
 * shorter good one. Why not gzread: it drops trailing garbage silently
 * (zlib's gz_look), and that is the case this module exists for.
 */
#ifndef BLOC_IO_GZ_H
#define BLOC_IO_GZ_H

#include <stddef.h>

#include "core/error.h"

typedef struct gz_stream gz_stream;

/* Open path ("-" = standard input). *out is the caller's: gz_close. A
 * file that cannot be opened is BLOC_EIO. */
int gz_open(gz_stream **out, const char *path, bloc_error *err);

/* Up to n bytes of data: > 0 read, 0 at the end, -1 on an error (in err,
 * BLOC_EINPUT with where:line for a damaged stream; line is the caller's,
 * for the message). */
long gz_read(gz_stream *g, void *buf, size_t n, const char *where, long line, bloc_error *err);

/* Bytes read from the file so far (compressed, for progress). */
long long gz_raw_bytes(const gz_stream *g);

/* Non-zero when the file is gzip. */
int gz_compressed(const gz_stream *g);

void gz_close(gz_stream *g);

#endif
