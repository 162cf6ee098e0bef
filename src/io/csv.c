/*
 * io/csv — streaming CSV over zlib (see csv.h for the contract).
 */
#include "io/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "io/gz.h"

#define CSV_CHUNK (1u << 16)

struct csv_reader {
    gz_stream *gz;
    char *path;
    char delim;
    unsigned char *in; /* input chunk */
    size_t in_len, in_pos;
    int eof;
    long line;        /* current physical line (1-based) */
    long rec_line;    /* line where the current record started */
    char *rec;        /* unescaped field bytes, each NUL-terminated */
    size_t rec_len, rec_cap;
    size_t *off;      /* start offset of each field in rec */
    size_t *len;      /* length of each field */
    size_t nfields;
};

int csv_open(csv_reader **out, const char *path, char delim, bloc_error *err)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int is_stdin = strcmp(path, "-") == 0;
    r->path = util_strdup(is_stdin ? "<stdin>" : path);
    r->delim = delim;
    r->in = malloc(CSV_CHUNK);
    r->rec_cap = 4096;
    r->rec = malloc(r->rec_cap);
    r->off = malloc(CSV_MAX_FIELDS * sizeof *r->off);
    r->len = malloc(CSV_MAX_FIELDS * sizeof *r->len);
    r->line = 1;
    if (!r->path || !r->in || !r->rec || !r->off || !r->len) {
        csv_close(r);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    int rc = gz_open(&r->gz, path, err);
    if (rc != BLOC_OK) {
        csv_close(r);
        return rc;
    }
    *out = r;
    return BLOC_OK;
}

/* Refill the input chunk. Returns BLOC_OK (r->eof set at end) or an error. */
static int fill(csv_reader *r, bloc_error *err)
{
    long n = gz_read(r->gz, r->in, CSV_CHUNK, r->path, r->line, err);
    if (n < 0)
        return err->code;
    r->in_len = (size_t)n;
    r->in_pos = 0;
    if (n == 0)
        r->eof = 1;
    return BLOC_OK;
}

/* The record buffer grown for one more byte (rec_put's slow path). */
static int rec_grow(csv_reader *r, bloc_error *err)
{
    if (r->rec_cap >= CSV_MAX_RECORD)
        return bloc_fail_at(err, BLOC_EINPUT, r->path, r->rec_line,
                            "record longer than %u bytes", CSV_MAX_RECORD);
    size_t cap = r->rec_cap * 2;
    char *p = realloc(r->rec, cap);
    if (!p)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    r->rec = p;
    r->rec_cap = cap;
    return BLOC_OK;
}

/* Inline: it runs for every byte of the input. */
static inline int rec_put(csv_reader *r, char c, bloc_error *err)
{
    if (r->rec_len + 1 >= r->rec_cap) {
        int rc = rec_grow(r, err);
        if (rc != BLOC_OK)
            return rc;
    }
    r->rec[r->rec_len++] = c;
    return BLOC_OK;
}

static int field_end(csv_reader *r, size_t start, bloc_error *err)
{
    if (r->nfields >= CSV_MAX_FIELDS)
        return bloc_fail_at(err, BLOC_EINPUT, r->path, r->rec_line,
                            "more than %d fields", CSV_MAX_FIELDS);
    r->off[r->nfields] = start;
    r->len[r->nfields] = r->rec_len - start;
    r->nfields++;
    return rec_put(r, '\0', err);
}

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_END };

int csv_next(csv_reader *r, int *got, bloc_error *err)
{
    int rc;
    int st = ST_START;
    size_t fstart = 0;
    int any = 0; /* saw any byte of this record */
    *got = 0;
    r->rec_len = 0;
    r->nfields = 0;
    r->rec_line = r->line;
    for (;;) {
        if (r->in_pos >= r->in_len) {
            if (r->eof || (rc = fill(r, err)) != BLOC_OK || r->eof) {
                if (!r->eof)
                    return rc;
                if (st == ST_QUOTED)
                    return bloc_fail_at(err, BLOC_EINPUT, r->path, r->rec_line,
                                        "unterminated quoted field (file ends inside quotes)");
                if (!any)
                    return BLOC_OK; /* clean end */
                if (st == ST_START) /* "a,b," at the very end: an empty last field */
                    fstart = r->rec_len;
                if ((rc = field_end(r, fstart, err)) != BLOC_OK)
                    return rc;
                *got = 1;
                return BLOC_OK;
            }
        }
        char c = (char)r->in[r->in_pos++];
        switch (st) {
        case ST_START:
            if (c == '\n' && !any) { /* blank line */
                r->line++;
                r->rec_line = r->line;
                continue;
            }
            if (c == '\r' && !any)
                continue;
            any = 1;
            fstart = r->rec_len;
            if (c == '"') {
                st = ST_QUOTED;
                continue;
            }
            if (c == r->delim) {
                if ((rc = field_end(r, fstart, err)) != BLOC_OK)
                    return rc;
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r')
                    continue;
                r->line++;
                if ((rc = field_end(r, fstart, err)) != BLOC_OK)
                    return rc;
                *got = 1;
                return BLOC_OK;
            }
            st = ST_UNQUOTED;
            if ((rc = rec_put(r, c, err)) != BLOC_OK)
                return rc;
            continue;
        case ST_UNQUOTED:
        case ST_QUOTE_END:
            if (c == r->delim) {
                if ((rc = field_end(r, fstart, err)) != BLOC_OK)
                    return rc;
                st = ST_START;
                continue;
            }
            if (c == '\r')
                continue;
            if (c == '\n') {
                r->line++;
                if ((rc = field_end(r, fstart, err)) != BLOC_OK)
                    return rc;
                *got = 1;
                return BLOC_OK;
            }
            if (st == ST_QUOTE_END) {
                if (c == '"') { /* doubled quote inside a quoted field */
                    if ((rc = rec_put(r, '"', err)) != BLOC_OK)
                        return rc;
                    st = ST_QUOTED;
                    continue;
                }
                return bloc_fail_at(err, BLOC_EINPUT, r->path, r->line,
                                    "field %zu: unexpected character '%c' after closing quote",
                                    r->nfields + 1, c);
            }
            if ((rc = rec_put(r, c, err)) != BLOC_OK)
                return rc;
            continue;
        case ST_QUOTED:
            if (c == '"') {
                st = ST_QUOTE_END;
                continue;
            }
            if (c == '\n')
                r->line++;
            if ((rc = rec_put(r, c, err)) != BLOC_OK)
                return rc;
            continue;
        }
    }
}

size_t csv_nfields(const csv_reader *r) { return r->nfields; }

const char *csv_field(const csv_reader *r, size_t i)
{
    return i < r->nfields ? r->rec + r->off[i] : "";
}

size_t csv_field_len(const csv_reader *r, size_t i)
{
    return i < r->nfields ? r->len[i] : 0;
}

long csv_line(const csv_reader *r) { return r->rec_line; }

long csv_bad_field(const csv_reader *r, char *why, size_t n)
{
    /* the common record first, in one pass: ASCII, its only NULs the
     * fields' ends, no field too long; else each field is looked at */
    size_t nul = 0, longest = 0;
    unsigned char high = 0;
    for (size_t i = 0; i < r->rec_len; i++) {
        unsigned char c = (unsigned char)r->rec[i];
        high |= c;
        nul += c == 0;
    }
    for (size_t i = 0; i < r->nfields; i++)
        longest = r->len[i] > longest ? r->len[i] : longest;
    if (high < 0x80 && nul == r->nfields && longest <= CSV_MAX_FIELD)
        return -1;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rec + r->off[i];
        const char *what = memchr(f, '\0', r->len[i])          ? "holds a NUL byte"
                           : r->len[i] > CSV_MAX_FIELD          ? "is longer than 65536 bytes"
                           : !util_utf8_valid(f, r->len[i])     ? "is not valid UTF-8"
                                                                : NULL;
        if (what) {
            snprintf(why, n, "field %zu %s", i + 1, what);
            return (long)i;
        }
    }
    return -1;
}

long long csv_bytes_read(const csv_reader *r)
{
    return r->gz ? gz_raw_bytes(r->gz) : 0;
}

const char *csv_path(const csv_reader *r) { return r->path; }

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    if (r->gz)
        gz_close(r->gz);
    free(r->path);
    free(r->in);
    free(r->rec);
    free(r->off);
    free(r->len);
    free(r);
}

void csv_write_field(FILE *f, const char *s, char delim)
{
    if (!s)
        s = "";
    if (!strchr(s, delim) && !strchr(s, '"') && !strchr(s, '\n') && !strchr(s, '\r')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Room for n more bytes in *buf at len. */
static int text_room(char **buf, size_t *cap, size_t len, size_t n)
{
    if (len + n <= *cap)
        return 0;
    size_t c = (len + n) * 2 + 64;
    char *p = realloc(*buf, c);
    if (!p)
        return -1;
    *buf = p;
    *cap = c;
    return 0;
}

/* A field is quoted when it holds the delimiter, a quote, a line end or a
 * NUL byte; a NUL would end it as a C string, so it is written as the two
 * characters \0 and a quarantined row keeps every byte after it. */
long csv_record_text(const csv_reader *r, char **buf, size_t *cap)
{
    size_t len = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = csv_field(r, i);
        size_t n = csv_field_len(r, i), k;
        for (k = 0; k < n; k++)
            if (s[k] == r->delim || s[k] == '"' || s[k] == '\n' || s[k] == '\r' || s[k] == '\0')
                break;
        int quote = k < n;
        /* at worst every byte doubled, the quotes and the delimiter */
        if (text_room(buf, cap, len, 2 * n + 4) != 0)
            return -1;
        if (i)
            (*buf)[len++] = r->delim;
        if (!quote) {
            memcpy(*buf + len, s, n);
            len += n;
            continue;
        }
        (*buf)[len++] = '"';
        for (k = 0; k < n; k++) {
            if (s[k] == '\0') {
                (*buf)[len++] = '\\';
                (*buf)[len++] = '0';
                continue;
            }
            if (s[k] == '"')
                (*buf)[len++] = '"';
            (*buf)[len++] = s[k];
        }
        (*buf)[len++] = '"';
    }
    if (text_room(buf, cap, len, 1) != 0)
        return -1;
    (*buf)[len] = '\0';
    return (long)len;
}

int csv_open_table(csv_reader **out, const char *path, char delim, const char *header,
                   bloc_error *err)
{
    int got = 0;
    int rc = csv_open(out, path, delim, err);
    if (rc != BLOC_OK)
        return rc;
    if ((rc = csv_next(*out, &got, err)) != BLOC_OK)
        goto fail;
    char seen[512] = "";
    size_t off = 0;
    for (size_t i = 0; got && i < csv_nfields(*out) && off < sizeof seen; i++)
        off += (size_t)snprintf(seen + off, sizeof seen - off, "%s%s", i ? "," : "",
                                csv_field(*out, i));
    if (!got || strcmp(seen, header) != 0) {
        rc = bloc_fail_at(err, BLOC_EINPUT, path, 1, "bad header: expected '%s'", header);
        goto fail;
    }
    return BLOC_OK;
fail:
    csv_close(*out);
    *out = NULL;
    return rc;
}
