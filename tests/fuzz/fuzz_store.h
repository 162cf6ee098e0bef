/*
 * tests/fuzz/fuzz_store — what the loaders' fuzz targets share: the store
 * and registry that live for the fuzzing process (an in-memory SQLite
 * store with bloc's registry: the fuzzer's state, later inputs meeting
 * earlier rows), opened on the first input; a failure aborts with why.
 */
#ifndef BLOC_TESTS_FUZZ_STORE_H
#define BLOC_TESTS_FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>

#include "api/session.h"
#include "registry/registry.h"
#include "store/store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static inline void fuzz_store_open(const char *target, store **s, registry **reg)
{
    registry_paths paths = {BLOC_DATADIR, BLOC_ISODIR_DEFAULT};
    bloc_error err;
    int rebuilt;
    if (store_open(s, ":memory:", STORE_READWRITE, &err) != BLOC_OK ||
        registry_sync(*s, &paths, &rebuilt, &err) != BLOC_OK || registry_load(*s, reg, &err) != BLOC_OK) {
        fprintf(stderr, "%s: %s\n", target, err.msg);
        abort();
    }
}

#endif
