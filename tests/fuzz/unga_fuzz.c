/*
 * tests/fuzz/unga_fuzz — libFuzzer target for the UN vote loads: the input
 * is written to a file and loaded as `bloc ingest unga --votes` does, with
 * a quarantine, into one store kept for the whole run (so later inputs meet
 * the roll calls, votes and releases of earlier ones: corrections, removals,
 * renumbered roll calls). A form feed splits the input into a roll-call
 * file, a votes file and an issue file (the long layout); otherwise the
 * header picks the layout (long votes, wide matrix, UN Digital Library, by
 * name). Checked: a load either fails with a message or accounts for every
 * row it read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/session.h"
#include "ingest/unga.h"
#include "registry/registry.h"
#include "store/store.h"
#include "fuzz_store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static char dir[64];

/* The scratch folder goes with the process. */
static void remove_dir(void)
{
    static const char *const names[] = {"rollcalls.csv", "votes.csv", "issues.csv"};
    char p[128];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static void put_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the store and registry live for the process: the fuzzer's state */
    static store *s;
    static registry *reg;
    bloc_error err;
    if (!s) {
        snprintf(dir, sizeof dir, "/tmp/bloc-unga-fuzz-%ld", (long)getpid());
        if (mkdir(dir, 0700) != 0)
            abort();
        fuzz_store_open("unga_fuzz", &s, &reg);
        atexit(remove_dir);
    }
    char rc_path[96], votes[96], issues[96];
    snprintf(rc_path, sizeof rc_path, "%s/rollcalls.csv", dir);
    snprintf(votes, sizeof votes, "%s/votes.csv", dir);
    snprintf(issues, sizeof issues, "%s/issues.csv", dir);
    const uint8_t *ff1 = memchr(data, '\f', size), *ff2 = ff1 ? memchr(ff1 + 1, '\f', size - (size_t)(ff1 + 1 - data)) : NULL;
    unga_ingest_opts o = {.votes = votes, .datadir = BLOC_DATADIR, .quarantine = tmpfile()};
    if (!o.quarantine)
        abort();
    if (ff1) {
        put_file(rc_path, data, (size_t)(ff1 - data));
        const uint8_t *v = ff1 + 1, *vend = ff2 ? ff2 : data + size;
        put_file(votes, v, (size_t)(vend - v));
        o.rollcalls = rc_path;
        if (ff2) {
            put_file(issues, ff2 + 1, size - (size_t)(ff2 + 1 - data));
            o.issues = issues;
        }
    } else {
        put_file(votes, data, size);
    }
    unga_ingest_result res;
    int rc = unga_ingest(s, reg, &o, &res, &err);
    if (rc != BLOC_OK && !err.msg[0])
        abort(); /* a failed load always says why */
    for (size_t i = 0; rc == BLOC_OK && i < res.nfiles; i++) {
        const unga_file_stats *f = &res.files[i];
        long long accounted = f->inserted + f->duplicates + f->skipped + f->rejected + f->updated + f->older;
        /* a long votes file or a by-name table: one vote per row, each one
         * counted (an absent cell that is also a correction, twice) */
        if ((strcmp(f->kind, "votes") == 0 || strcmp(f->kind, "byname") == 0 || strcmp(f->kind, "undl") == 0) &&
            (accounted < f->rows || f->inserted + f->duplicates + f->updated > f->rows))
            abort();
        if (f->removed > f->skipped)
            abort(); /* a removal is an absent cell, counted as skipped too */
    }
    fclose(o.quarantine);
    return 0;
}
