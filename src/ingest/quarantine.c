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

void quarantine_row(FILE *q, const csv_reader *r, const char *reason)
{
    char line[32];
    snprintf(line, sizeof line, "%ld", csv_line(r));
    csv_write_field(q, csv_path(r), ',');
    fputc(',', q);
    fputs(line, q);
    fputc(',', q);
    csv_write_field(q, reason, ',');
    fputc(',', q);
    /* the row as one field: re-encode it into a buffer first */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (m) {
        csv_write_record(m, r);
        fclose(m);
        csv_write_field(q, buf, ',');
    }
    free(buf);
    fputc('\n', q);
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
