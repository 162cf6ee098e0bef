/*
 * io/gz — strict gzip streams (see gz.h).
 */
#include "io/gz.h"

#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <zlib.h>

enum { GZ_CHUNK = 1 << 16 };

struct gz_stream {
    FILE *f;
    unsigned char *in;
    size_t in_len;       /* bytes held in in[] (from in_pos on) */
    size_t in_pos;
    int eof;             /* the file has no more bytes */
    int compressed;
    int in_member;       /* inside a gzip member */
    long long raw;       /* bytes read from the file */
    long long members_end; /* file offset where the last finished member ended */
    z_stream z;
    int z_ready;
};

/* Refill in[] keeping the unread bytes; 0 bytes read sets eof. */
static int refill(gz_stream *g)
{
    if (g->in_pos > 0) {
        memmove(g->in, g->in + g->in_pos, g->in_len - g->in_pos);
        g->in_len -= g->in_pos;
        g->in_pos = 0;
    }
    size_t got = fread(g->in + g->in_len, 1, GZ_CHUNK - g->in_len, g->f);
    if (got == 0 && ferror(g->f))
        return -1;
    if (got == 0)
        g->eof = 1;
    g->in_len += got;
    g->raw += (long long)got;
    return 0;
}

/* What a file's first bytes say it is, when that is an archive or a
 * compression this reader does not unpack (libarchive does, in io/lines,
 * for line-oriented inputs; a CSV's quoted fields may span lines). */
static const char *archive_kind(const unsigned char *b, size_t n)
{
    if (n >= 4 && memcmp(b, "PK\3\4", 4) == 0)
        return "zip archive";
    if (n >= 4 && (memcmp(b, "PK\5\6", 4) == 0 || memcmp(b, "PK\7\10", 4) == 0))
        return "zip archive";
    if (n >= 3 && memcmp(b, "BZh", 3) == 0)
        return "bzip2-compressed file";
    if (n >= 6 && memcmp(b, "\xfd" "7zXZ\0", 6) == 0)
        return "xz-compressed file";
    if (n >= 6 && memcmp(b, "7z\xbc\xaf\x27\x1c", 6) == 0)
        return "7-Zip archive";
    return NULL;
}

/* What a file's name says it is, among those same kinds. */
static const char *named_kind(const char *path)
{
    static const struct { const char *ext, *kind; } names[] = {
        {".zip", "zip archive"}, {".bz2", "bzip2-compressed file"},
        {".xz", "xz-compressed file"}, {".7z", "7-Zip archive"}, {".gz", "gzip-compressed file"},
    };
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t e = strlen(names[i].ext);
        if (len > e && strcasecmp(path + len - e, names[i].ext) == 0)
            return names[i].kind;
    }
    return NULL;
}

int gz_open(gz_stream **out, const char *path, bloc_error *err)
{
    *out = NULL;
    int rc = util_not_directory(path, err);
    if (rc != BLOC_OK)
        return rc;
    gz_stream *g = calloc(1, sizeof *g);
    if (!g || !(g->in = malloc(GZ_CHUNK))) {
        free(g);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    int is_stdin = strcmp(path, "-") == 0;
    g->f = is_stdin ? fdopen(dup(STDIN_FILENO), "rb") : fopen(path, "rb");
    if (!g->f) {
        int e = errno;
        gz_close(g);
        return bloc_fail_at(err, BLOC_EIO, is_stdin ? "<stdin>" : path, 0, "cannot open: %s",
                            e ? strerror(e) : "out of memory");
    }
    while (g->in_len < 6 && !g->eof)
        if (refill(g) != 0) {
            gz_close(g);
            return bloc_fail_at(err, BLOC_EIO, is_stdin ? "<stdin>" : path, 0, "cannot read: %s",
                                strerror(errno));
        }
    g->compressed = g->in_len >= 2 && g->in[0] == 0x1f && g->in[1] == 0x8b;
    const char *other = archive_kind(g->in, g->in_len);
    const char *named = named_kind(path);
    if (!g->compressed && (other || named)) {
        gz_close(g);
        if (other)
            return bloc_fail_at(err, BLOC_EINPUT, path, 0,
                                "is a %s, not a CSV file or gzip-compressed CSV "
                                "(unpack it and give the .csv)", other);
        return bloc_fail_at(err, BLOC_EINPUT, path, 0,
                            "is named as a %s but its first bytes are not one's; "
                            "a CSV file, plain or gzip-compressed, is read here", named);
    }
    if (g->compressed) {
        if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
            gz_close(g);
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        g->z_ready = 1;
    }
    *out = g;
    return BLOC_OK;
}

static long plain_read(gz_stream *g, unsigned char *buf, size_t n)
{
    if (g->in_pos < g->in_len) { /* the bytes looked at by gz_open */
        size_t k = g->in_len - g->in_pos < n ? g->in_len - g->in_pos : n;
        memcpy(buf, g->in + g->in_pos, k);
        g->in_pos += k;
        return (long)k;
    }
    size_t got = fread(buf, 1, n, g->f);
    g->raw += (long long)got;
    return got == 0 && ferror(g->f) ? -1 : (long)got;
}

long gz_read(gz_stream *g, void *buf, size_t n, const char *where, long line, bloc_error *err)
{
    if (!g->compressed) {
        long got = plain_read(g, buf, n);
        if (got < 0)
            bloc_fail_at(err, BLOC_EIO, where, line, "read failed: %s", strerror(errno));
        return got;
    }
    g->z.next_out = buf;
    g->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
    for (;;) {
        if (g->in_pos == g->in_len || (!g->in_member && g->in_len - g->in_pos < 2 && !g->eof)) {
            if (!g->eof && refill(g) != 0) {
                bloc_fail_at(err, BLOC_EIO, where, line, "read failed: %s", strerror(errno));
                return -1;
            }
            if (g->in_pos == g->in_len && g->eof) {
                if (g->in_member) {
                    bloc_fail_at(err, BLOC_EINPUT, where, line,
                                 "read failed (truncated compressed file): the gzip stream ends early");
                    return -1;
                }
                return (long)(n - g->z.avail_out);
            }
        }
        if (!g->in_member) { /* a member boundary: another member, or the end */
            if (g->in_len - g->in_pos < 2 || g->in[g->in_pos] != 0x1f || g->in[g->in_pos + 1] != 0x8b) {
                bloc_fail_at(err, BLOC_EINPUT, where, line,
                             "data after the end of the compressed stream (from byte %lld), not"
                             " another gzip member", g->members_end);
                return -1;
            }
            inflateReset(&g->z);
            g->in_member = 1;
        }
        g->z.next_in = g->in + g->in_pos;
        g->z.avail_in = (uInt)(g->in_len - g->in_pos);
        int zr = inflate(&g->z, Z_NO_FLUSH);
        size_t used = (g->in_len - g->in_pos) - g->z.avail_in;
        g->in_pos += used;
        if (zr == Z_STREAM_END) {
            g->in_member = 0;
            g->members_end = g->raw - (long long)(g->in_len - g->in_pos);
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            bloc_fail_at(err, BLOC_EINPUT, where, line, "read failed (corrupt compressed data): %s",
                         g->z.msg ? g->z.msg : "inflate error");
            return -1;
        }
        if (g->z.avail_out == 0 || (zr == Z_STREAM_END && g->z.avail_out < n))
            return (long)(n - g->z.avail_out);
    }
}

long long gz_raw_bytes(const gz_stream *g)
{
    return g->raw;
}

int gz_compressed(const gz_stream *g)
{
    return g->compressed;
}

void gz_close(gz_stream *g)
{
    if (!g)
        return;
    if (g->z_ready)
        inflateEnd(&g->z);
    if (g->f)
        fclose(g->f);
    free(g->in);
    free(g);
}
