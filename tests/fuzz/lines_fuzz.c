/*
 * tests/fuzz/lines_fuzz — libFuzzer target for the line reader (io/lines:
 * libarchive for zip, bzip2, xz and tar; io/gz for gzip): the input is
 * written to a file and read to its end. Seeds are small archives of each
 * kind, whole and truncated. Checked: reading ends in lines or an error
 * with a message; line numbers only grow; the bytes read never exceed
 * what a line reader may hold; a plain input (no archive signature) gives
 * back exactly its lines; and a file lines_plain calls plain, cut into
 * segments (lines_cut, a segment size from the first byte) and read
 * segment by segment (lines_open_range), gives the lines read whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/lines.h"

static char path[96];

/* Every line of the reader, each followed by a NUL, appended to *out. */
static int read_all(line_reader *r, FILE *out)
{
    bloc_error err;
    char *line;
    size_t len;
    int got;
    int rc;
    while ((rc = lines_next(r, &line, &len, &got, &err)) == BLOC_OK && got)
        fwrite(line, 1, len + 1, out);
    return rc;
}

/* The plain file read in segments gives what it gives read whole. */
static void check_segments(const uint8_t *data, size_t size)
{
    bloc_error err;
    int plain = 0;
    if (lines_plain(path, &plain, &err) != BLOC_OK || !plain)
        return;
    long long seg = size ? 1 + data[0] % 64 : 1, *cuts = NULL;
    size_t n = 0, wlen = 0, slen = 0;
    char *whole = NULL, *segs = NULL;
    FILE *w = open_memstream(&whole, &wlen), *s = open_memstream(&segs, &slen);
    line_reader *r = NULL;
    int rc = lines_open(&r, path, &err);
    if (rc == BLOC_OK)
        rc = read_all(r, w);
    lines_close(r);
    if (lines_cut(path, (long long)size, seg, &cuts, &n, &err) != BLOC_OK)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (cuts[i + 1] <= cuts[i] || (i > 0 && data[cuts[i] - 1] != '\n'))
            abort();
        if (lines_open_range(&r, path, cuts[i], cuts[i + 1] - cuts[i], &err) != BLOC_OK)
            abort();
        int src = read_all(r, s);
        lines_close(r);
        if (src != rc && rc == BLOC_OK)
            abort(); /* a segment failed where the whole did not */
    }
    fclose(w);
    fclose(s);
    if (rc == BLOC_OK && (wlen != slen || memcmp(whole, segs, wlen) != 0))
        abort();
    free(whole);
    free(segs);
    free(cuts);
}

static void remove_file(void)
{
    unlink(path);
}

/* Starts with a signature libarchive or io/gz would unpack. */
static int packed(const uint8_t *d, size_t n)
{
    static const char *const sigs[] = {"\x1f\x8b", "PK", "BZh", "\xfd" "7zXZ", "7z\xbc\xaf",
                                       "\x5d\x00\x00", "ustar"};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        size_t k = strlen(sigs[i]) ? strlen(sigs[i]) : 1;
        if (n >= k && memcmp(d, sigs[i], k) == 0)
            return 1;
    }
    return n > 262; /* tar and others are recognised deeper in */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/bloc-lines-fuzz-%ld", (long)getpid());
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    line_reader *r = NULL;
    bloc_error err;
    if (lines_open(&r, path, &err) != BLOC_OK) {
        if (!err.msg[0])
            abort();
        return 0;
    }
    int plain = !packed(data, size);
    size_t at = 0;     /* where the next line of a plain input starts */
    long last = 0;
    for (;;) {
        char *line;
        size_t len;
        int got = 0;
        if (lines_next(r, &line, &len, &got, &err) != BLOC_OK) {
            if (!err.msg[0])
                abort();
            break;
        }
        if (!got)
            break;
        long no = lines_number(r);
        if (no <= last && no != 1)
            abort(); /* numbers grow (a new archive entry starts again at 1) */
        last = no;
        if (plain) { /* the same bytes as the input, line by line */
            if (at + len > size || memcmp(data + at, line, len) != 0)
                abort();
            at += len;
            if (at < size && data[at] == '\r')
                at++;
            if (at < size && data[at] == '\n')
                at++;
        }
    }
    lines_close(r);
    check_segments(data, size);
    return 0;
}
