/*
 * ingest/sipri — SIPRI Arms Transfers Database exports, in the layouts a
 * user downloads from SIPRI's site, into the store's arms tables:
 *   - the per-delivery register (one row per deal and delivery year, the
 *     year's TIV);
 *   - the classic trade register (one row per deal: '?' flags in the
 *     unnamed columns, "Year(s) of delivery" lists, the delivered TIV the
 *     deal's total — bloc spreads it evenly over the listed years and
 *     marks each share an estimate);
 *   - the TIV tables by recipient and by supplier (a column per year).
 * The layout is told by the header; SIPRI's preamble above it is read:
 * "Data generated: 13 Apr 2024 ..." is the release (its day), the
 * register's "year range '1990' to '2023'" the years it covers. A file
 * that is not UTF-8 is read as Windows-1252 (SIPRI's exports are Latin-1
 * with Windows quotes), detected per file by a pass over its bytes. A
 * record SIPRI broke onto two lines (a comment with a line break) is
 * joined when the two parts make one record of the layout. Names go
 * through the registry, or data/registry/sipri_actors.csv for the
 * non-state actors SIPRI marks with '*' (armed groups), '**'
 * (international organisations) and the unknown suppliers or recipients:
 * each keeps a code of its own, never a state's. A row bloc cannot read
 * stops the load with file:line and the reason, or goes to the quarantine.
 * One file is one transaction; a re-load changes nothing. A release is
 * compared with the one before it of the same layout: deal-years added,
 * removed and revised where both cover them.
 */
#ifndef BLOC_INGEST_SIPRI_H
#define BLOC_INGEST_SIPRI_H

#include <stdio.h>

#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct sipri_ingest_opts {
    const char *path;
    const char *datadir;   /* data/: registry/sipri_actors.csv */
    const char *scope;     /* what the file covers (metrics/arms.h); NULL: "all" */
    FILE *quarantine;      /* NULL: a bad row stops the load */
    int sha256;            /* identify the file by SHA-256, not XXH3-128 (util_file_digest) */
} sipri_ingest_opts;

typedef struct sipri_ingest_result {
    const char *layout;      /* STORE_ARMS_* */
    char generated[64];      /* SIPRI's stamp, as written */
    int day;                 /* the release: YYYYMMDD */
    int first_year, last_year;
    const char *encoding;    /* "UTF-8" or "Windows-1252" */
    const char *scope;       /* what the file was recorded to cover (opts' scope, or "all") */
    long long rows;          /* data records read */
    long long inserted;      /* deal-years or cells stored */
    long long duplicates;    /* held already with the same figures (a re-load) */
    long long rejected;      /* quarantined */
    long long joined;        /* records rejoined from two lines */
    long long nonstate;      /* rows naming a non-state actor */
    long long estimates;     /* deal-years whose TIV bloc spread from a deal's total */
    long long totals;        /* TIV tables: the world total rows (not stored) */
    long long undelivered;   /* classic: orders with no delivery year yet (not stored) */
    int previous_day;        /* the release compared with; 0: none */
    long long added, removed, revised; /* deal-years against previous_day */
    int newer_day;           /* a newer release of the layout is stored already; 0: none */
} sipri_ingest_result;

int sipri_ingest(store *s, const registry *reg, const sipri_ingest_opts *o,
                 sipri_ingest_result *res, bloc_error *err);

/* The day of SIPRI's "Data generated: 13 Apr 2024 3:53:58 PM" text
 * (after the label): YYYYMMDD, or 0 when it is not such a date. */
int sipri_generated_day(const char *text);

#endif
