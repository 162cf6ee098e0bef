/*
 * tests/fuzz/events_fuzz — libFuzzer target for bloc's own event format:
 * the input is written to a file and loaded as `bloc ingest events
 * --quarantine` does, as CSV when its first byte is not '{' and as JSON
 * Lines when it is, into one store kept for the whole run (later inputs
 * meet earlier events: duplicates). Checked: a load either fails with a
 * message or accounts for every record (inserted + duplicates + rejected
 * = rows), and without a quarantine a file with a rejected record stores
 * nothing of itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/session.h"
#include "cameo/cameo.h"
#include "ingest/events.h"
#include "registry/registry.h"
#include "store/store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static char path_csv[96], path_jsonl[96];

static void remove_files(void)
{
    unlink(path_csv);
    unlink(path_jsonl);
}

static int add_count(void *ctx, const char *key, long long n)
{
    (void)key;
    *(long long *)ctx += n;
    return 0;
}

static long long events_in(store *s)
{
    long long n = 0;
    bloc_error err;
    if (store_events_count_by(s, "source", add_count, &n, &err) != BLOC_OK)
        abort();
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static store *s;
    static registry *reg;
    static cameo_tables *cameo;
    bloc_error err;
    if (!s) {
        registry_paths paths = {BLOC_DATADIR, BLOC_ISODIR_DEFAULT};
        int rebuilt;
        snprintf(path_csv, sizeof path_csv, "/tmp/bloc-events-fuzz-%ld.csv", (long)getpid());
        snprintf(path_jsonl, sizeof path_jsonl, "/tmp/bloc-events-fuzz-%ld.jsonl", (long)getpid());
        if (store_open(&s, ":memory:", STORE_READWRITE, &err) != BLOC_OK ||
            registry_sync(s, &paths, &rebuilt, &err) != BLOC_OK ||
            registry_load(s, &reg, &err) != BLOC_OK || cameo_load(BLOC_DATADIR, &cameo, &err) != BLOC_OK) {
            fprintf(stderr, "events_fuzz: %s\n", err.msg);
            abort();
        }
        atexit(remove_files);
    }
    const char *path = size && data[0] == '{' ? path_jsonl : path_csv;
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    /* twice: with a quarantine (every record accounted for), then without
     * (all of the file or nothing) */
    for (int strict = 0; strict < 2; strict++) {
        events_ingest_opts o = {.quarantine = strict ? NULL : tmpfile()};
        if (!strict && !o.quarantine)
            abort();
        events_file_stats st;
        memset(&st, 0, sizeof st);
        long long before = events_in(s);
        int rc = events_ingest_file(s, reg, cameo, &o, path, &st, &err);
        long long after = events_in(s);
        if (rc != BLOC_OK && !err.msg[0])
            abort(); /* a failed load says why */
        if (rc == BLOC_OK && (st.inserted + st.duplicates + st.rejected != st.rows ||
                              after - before != st.inserted))
            abort(); /* every record accounted for, and stored as counted */
        if (rc == BLOC_OK && strict && st.rejected)
            abort(); /* without a quarantine a bad record stops the file */
        if (rc != BLOC_OK && after != before)
            abort(); /* a refused file leaves nothing behind */
        if (o.quarantine)
            fclose(o.quarantine);
    }
    return 0;
}
