/*
 * tests/fuzz/csv_fuzz — libFuzzer target for the CSV reader and the name
 * normaliser: the input is written to a file (the reader streams files,
 * possibly gzip'd) and read to the end; every field is validated as UTF-8
 * and, when valid, normalised as a country name would be.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/bloc-csv-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    csv_reader *r = NULL;
    bloc_error err;
    int got = 0;
    if (csv_open(&r, path, size && data[0] == '\t' ? '\t' : ',', &err) == BLOC_OK) {
        while (csv_next(r, &got, &err) == BLOC_OK && got) {
            char why[96];
            long bad = csv_bad_field(r, why, sizeof why);
            for (size_t i = 0; i < csv_nfields(r); i++) {
                const char *f = csv_field(r, i);
                int nul = strlen(f) != csv_field_len(r, i);
                if (nul && (bad < 0 || (size_t)bad > i))
                    abort(); /* a field with a NUL byte is always flagged (this one or an earlier) */
                if (!nul && util_utf8_valid(f, csv_field_len(r, i))) {
                    char *n = util_normalize_name(f);
                    free(n);
                }
            }
            if (bad >= 0 && !why[0])
                abort(); /* a flagged field always says why */
        }
        csv_close(r);
    }
    unlink(path);
    return 0;
}
