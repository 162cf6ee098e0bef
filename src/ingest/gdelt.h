/*
 * ingest/gdelt — GDELT event exports into the events table.
 *
 * Owns the three GDELT layouts (1.0 historical: 57 tab-separated columns;
 * 1.0 daily: 58, with SOURCEURL; 2.0: 61, with ADM2 codes and a DATEADDED
 * timestamp), detected per file from the column count of its first row;
 * the row parser and its validation rules; mapping CAMEO and FIPS country
 * codes to bloc's codes; filling a missing Goldstein score; the domain tag;
 * the country filter; and the batch/checkpoint protocol that makes a killed
 * ingest resume without loss. Column layouts: docs/formats.md.
 */
#ifndef BLOC_INGEST_GDELT_H
#define BLOC_INGEST_GDELT_H

#include <stdio.h>

#include "cameo/cameo.h"
#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

enum {
    GDELT_V1_HISTORICAL_COLS = 57,
    GDELT_V1_DAILY_COLS = 58,
    GDELT_V2_COLS = 61,
    GDELT_MAX_COLS = 61
};

/* One parsed row: the event's strings point into the line it came from. */
typedef struct gdelt_row {
    store_event ev;
    char date_added[24];
    int ncols;
} gdelt_row;

/* Find the column starts of a line: offsets of each column's first byte
 * in starts[0..n); returns n, the column count (counts past max are still
 * counted but not stored). */
size_t gdelt_columns(const char *line, size_t len, size_t *starts, size_t max);

/* Parse a line of 57, 58 or 61 columns in place (tabs become NULs) into
 * row. Returns 0, or -1 with the reason (e.g. "column 2 (SQLDATE): '2013'
 * is not a date YYYYMMDD"). Country codes are not mapped here. */
int gdelt_parse_row(char *line, size_t len, gdelt_row *row, char *reason, size_t reasonsz);

/* The same, for a line whose columns gdelt_columns already found (n
 * columns, starts[] of at least min(n, GDELT_MAX_COLS) entries). */
int gdelt_parse_split(char *line, size_t len, const size_t *starts, size_t n, gdelt_row *row,
                      char *reason, size_t reasonsz);

/* Name of a layout by its column count ("gdelt1-historical", ...), NULL
 * when n is not a GDELT layout. */
const char *gdelt_layout_name(size_t ncols);

typedef struct gdelt_ingest_opts {
    const store_member *countries; /* keep events with an actor in this set on
                                      its date; NULL = keep all (--all) */
    size_t ncountries;
    const char *located;           /* keep events whose action took place in this FIPS
                                      country (ActionGeo_CountryCode); NULL = anywhere */
    const char *scope;             /* canonical filter text ("all", "CHN,RUS", "geo:GG;all") */
    FILE *quarantine;              /* NULL: the first bad row stops the file */
    const char *quarantine_path;
    long batch_rows;               /* lines per committed batch (checkpoint) */
    int jobs;                      /* files read at once (gdelt_ingest_files), and readers
                                      of one large plain file; <= 1: one */
    long long segment_bytes;       /* such a file is read in segments of about this
                                      size, one reader each; 0 = 8 MiB */
    int progress;
    int sha256;            /* identify the file by SHA-256, not XXH3-128 (util_file_digest) */
} gdelt_ingest_opts;

typedef struct gdelt_file_stats {
    char path[512];
    char layout[24];
    long long rows, inserted, duplicates, filtered, rejected;
    long resumed_at;   /* line a previous, interrupted run had reached; 0 = none */
    int already_done;  /* the file was fully ingested before under this scope */
} gdelt_file_stats;

typedef struct gdelt_ingest gdelt_ingest;

/* Prepare an ingest: lookup tables from the registry and CAMEO tables
 * (both borrowed, must outlive it). *out is caller-owned: gdelt_end. */
int gdelt_begin(gdelt_ingest **out, store *s, const registry *reg, const cameo_tables *cameo,
                const gdelt_ingest_opts *o, bloc_error *err);
void gdelt_end(gdelt_ingest *g);

/* Ingest one file ("-" = standard input; plain, compressed or .zip). On
 * a bad row without quarantine, rows this run stored from the file are
 * removed again and BLOC_EINPUT names file:line. */
int gdelt_ingest_file(gdelt_ingest *g, const char *path, gdelt_file_stats *st, bloc_error *err);

/* Ingest files in order, as gdelt_ingest_file one after the other, with up
 * to o->jobs of them read (hashed, parsed) at once; the store ends the same
 * for any number of jobs. Stops at the first failing file: *ndone files
 * were stored, stats[0..*ndone) filled, and err names the failure. */
int gdelt_ingest_files(gdelt_ingest *g, const char *const *paths, size_t n,
                       gdelt_file_stats *stats, size_t *ndone, bloc_error *err);

/* bloc code for a CAMEO country code (trimmed, e.g. "RUS", "ROM"), NULL
 * for regions and unknown codes. */
const char *gdelt_country(const gdelt_ingest *g, const char *cameo_code);

/* Fill the derived fields of a parsed row: actor countries (CAMEO ->
 * bloc), place country (FIPS -> bloc), a missing Goldstein score, domain. */
void gdelt_enrich(const gdelt_ingest *g, gdelt_row *row);

#endif
