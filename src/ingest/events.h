/*
 * ingest/events — bloc's own event format, for events that do not come
 * from GDELT: hand-coded events, ICEWS or POLECAT exports after a small
 * conversion, the output of other coders. CSV with a header, or JSON Lines
 * (one object a line), with the same field names; docs/formats.md lists
 * them. Owns the validation of those records and their mapping onto the
 * events table; countries are resolved through the registry (codes, names
 * and aliases), and missing Goldstein scores, quad classes and domains are
 * derived as for GDELT (ingest/complete).
 */
#ifndef BLOC_INGEST_EVENTS_H
#define BLOC_INGEST_EVENTS_H

#include <stdio.h>

#include "cameo/cameo.h"
#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct events_ingest_opts {
    const char *source;  /* source name when a record has none (default "bloc") */
    const char *as;      /* "csv", "jsonl" or NULL: by the file name
                            (.jsonl, .ndjson, .json[.gz] are JSON Lines) */
    FILE *quarantine;    /* NULL: the first bad record stops the file */
    int progress;
    int sha256;            /* identify the file by SHA-256, not XXH3-128 (util_file_digest) */
} events_ingest_opts;

typedef struct events_file_stats {
    char path[512];
    char format[8];      /* csv or jsonl */
    long long rows, inserted, duplicates, rejected;
} events_file_stats;

/* Ingest one file in one transaction: all its good records or nothing. */
int events_ingest_file(store *s, const registry *reg, const cameo_tables *cameo,
                       const events_ingest_opts *o, const char *path, events_file_stats *st,
                       bloc_error *err);

#endif
