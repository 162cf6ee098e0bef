/*
 * ingest/atop — formal alliances from the Alliance Treaty Obligations and
 * Provisions project (ATOP 5.1), its dyad-year table: ccode1, ccode2,
 * year and the five obligations (atop_defense, atop_offense,
 * atop_neutral, atop_nonagg, atop_consul, each 0/1). Correlates of War
 * state numbers go through the registry (its cow_code, dated, and
 * data/registry/cow_codes.csv for the numbers of states whose ISO code
 * lived on: West Germany 260, North Yemen 678). The file lists each pair
 * in both orders, a row saying what ccode1 owes ccode2 (they differ for
 * 650 dyad-years of ATOP 5.1: neutrality or offense owed one way): a pair
 * is stored once (a < b), each obligation with who owes it. States the registry does not have (the German and Italian
 * states before unification, 1815-1871) are counted and left out, named
 * in the result; what the load covers is recorded (1815.., years of the
 * file).
 */
#ifndef BLOC_INGEST_ATOP_H
#define BLOC_INGEST_ATOP_H

#include <stdio.h>

#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct atop_ingest_opts {
    const char *path;
    const char *datadir;   /* data/: registry/cow_codes.csv */
    FILE *quarantine;      /* NULL: a bad row stops the load */
    int sha256;            /* identify the file by SHA-256, not XXH3-128 (util_file_digest) */
} atop_ingest_opts;

typedef struct atop_ingest_result {
    long long rows;        /* data rows read */
    long long inserted;    /* dyad-years stored */
    long long mirrored;    /* rows that added the other order's obligations to a stored dyad-year */
    long long duplicates;  /* rows whose obligations were stored already (the other order
                              saying the same, or a re-load) */
    long long unknown;     /* rows with a state the registry does not have */
    long long rejected;    /* quarantined */
    int first_year, last_year;
    char unknown_codes[256]; /* the COW numbers left out, comma-separated */
} atop_ingest_result;

/* One transaction: everything or nothing. */
int atop_ingest(store *s, const registry *reg, const atop_ingest_opts *o, atop_ingest_result *res,
                bloc_error *err);

#endif
