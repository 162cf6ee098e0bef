/*
 * ingest/quarantine — rejected-row files (see quarantine.h).
 */
#include "ingest/quarantine.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

int quarantine_open(const char *path, FILE **out, bloc_error *err)
{
    FILE *f = fopen(path, "a");
    if (!f)
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot open quarantine file: %s",
                            strerror(errno));
    if (ftell(f) == 0)
        fputs("file,line,reason,row\n", f);
    *out = f;
    return BLOC_OK;
}

static void write_head(FILE *q, const char *where, long line, const char *reason)
{
    csv_write_field(q, where, ',');
    fprintf(q, ",%ld,", line);
    csv_write_field(q, reason, ',');
    fputc(',', q);
}

char *quarantine_record_text(const csv_reader *r)
{
    char *buf = NULL;
    size_t cap = 0;
    if (csv_record_text(r, &buf, &cap) < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

void quarantine_record(FILE *q, const char *where, long line, const char *reason,
                       const char *record)
{
    write_head(q, where, line, reason);
    csv_write_field(q, record ? record : "", ',');
    fputc('\n', q);
}

void quarantine_row(FILE *q, const csv_reader *r, const char *reason)
{
    /* the row as one field: re-encoded into a buffer first */
    char *buf = quarantine_record_text(r);
    quarantine_record(q, csv_path(r), csv_line(r), reason, buf);
    free(buf);
}

void quarantine_text(FILE *q, const char *where, long line, const char *reason,
                     const char *raw, size_t len)
{
    write_head(q, where, line, reason);
    /* always quoted, byte for byte (a NUL or invalid UTF-8 is kept) */
    fputc('"', q);
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '"')
            fputc('"', q);
        fputc(raw[i], q);
    }
    fputs("\"\n", q);
}

int quarantine_close(FILE *q, const char *path, bloc_error *err)
{
    if (!q)
        return BLOC_OK;
    int bad = fflush(q) != 0 || ferror(q) || fsync(fileno(q)) != 0;
    bad |= fclose(q) != 0;
    if (bad)
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot write quarantine file: %s",
                            strerror(errno));
    return BLOC_OK;
}

int quarantine_copy(FILE *spool, FILE *q, const char *path, bloc_error *err)
{
    char buf[1 << 14];
    size_t n;
    if (!spool || !q)
        return BLOC_OK;
    rewind(spool);
    while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
        if (fwrite(buf, 1, n, q) != n)
            return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot write quarantine file: %s",
                                strerror(errno));
    if (fflush(q) != 0 || ferror(spool))
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot write quarantine file: %s",
                            strerror(errno));
    return BLOC_OK;
}
