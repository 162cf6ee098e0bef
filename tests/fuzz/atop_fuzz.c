/*
 * tests/fuzz/atop_fuzz — libFuzzer target for the ATOP dyad-year reader:
 * the input is written to a file and loaded as `bloc ingest atop
 * --quarantine` does, into one store kept for the run (later inputs meet
 * earlier dyad-years). Checked: a load either fails with a message and
 * stores nothing, or accounts for every row (stored, the other order, the
 * same again, a state the registry lacks, or quarantined) and stores
 * exactly the new dyad-years it counted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/session.h"
#include "ingest/atop.h"
#include "registry/registry.h"
#include "store/store.h"
#include "fuzz_store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static char path[96];

static void remove_file(void)
{
    unlink(path);
}

static long long stored(store *s)
{
    int first, last;
    long long n = 0;
    bloc_error err;
    if (store_alliance_years(s, &first, &last, &n, &err) != BLOC_OK)
        abort();
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static store *s;
    static registry *reg;
    bloc_error err;
    if (!s) {
        snprintf(path, sizeof path, "/tmp/bloc-atop-fuzz-%ld.csv", (long)getpid());
        fuzz_store_open("atop_fuzz", &s, &reg);
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    /* the header is given, so the fuzzer works on the rows */
    fputs("ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n", f);
    fwrite(data, 1, size, f);
    fclose(f);
    atop_ingest_opts o = {.path = path, .datadir = BLOC_DATADIR, .quarantine = tmpfile()};
    if (!o.quarantine)
        abort();
    atop_ingest_result res;
    long long before = stored(s);
    int rc = atop_ingest(s, reg, &o, &res, &err);
    long long after = stored(s);
    if (rc != BLOC_OK && (!err.msg[0] || after != before))
        abort(); /* a failed load says why and stores nothing */
    if (rc == BLOC_OK &&
        (res.inserted + res.mirrored + res.duplicates + res.unknown + res.rejected != res.rows ||
         after - before != res.inserted))
        abort(); /* every row accounted for; exactly the new dyad-years stored */
    fclose(o.quarantine);
    return 0;
}
