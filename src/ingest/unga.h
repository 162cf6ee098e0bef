/*
 * ingest/unga — loads UN General Assembly roll-call votes into the store.
 *
 * Four layouts are read, told apart by their headers (docs/formats.md):
 * the Voeten/Strezhnev/Bailey tables as published in the R package
 * `unvotes` (three files: roll calls, votes, issue tags); the same data
 * set's wide matrix (a row per roll call, a column per state, issue flags);
 * the UN Digital Library voting export; and any by-name table (resolution,
 * date, state name, vote). Files may be gzip-compressed. The whole ingest
 * is one transaction: a file-level fault (bad header, truncated gzip) or,
 * without a quarantine file, any bad row rolls it back and leaves the store
 * as it was. With a quarantine file, bad rows are written there with
 * file:line and reason and the good rows load. Re-ingesting the same rows
 * changes nothing.
 *
 * Releases: every votes input is taken from a release (its date: --release,
 * else the newest roll call it covers). A vote that differs from a stored
 * one is a correction when the two come from different releases: the newer
 * release's value is kept (a newer "absent" removes the vote), the older's
 * is kept in unga_vote_corrections, and both are counted and, with a
 * changes file, listed. Within one release a differing vote is an error.
 */
#ifndef BLOC_INGEST_UNGA_H
#define BLOC_INGEST_UNGA_H

#include <stdio.h>

#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct unga_file_stats {
    char path[512];
    char kind[16];           /* rollcalls, votes, issues, undl, wide, byname */
    int release;             /* YYYYMMDD: the release the file is taken from */
    long long rows;          /* data rows read */
    long long inserted;
    long long duplicates;    /* already in the store, identical */
    long long skipped;       /* absent / non-voting rows or cells: not votes */
    long long rejected;      /* written to the quarantine file */
    long long updated;       /* stored votes of an older release this one changed */
    long long removed;       /* ... and removed (this release records no vote) */
    long long older;         /* votes of this file a newer stored release corrects (not applied) */
    long long renumbered;    /* roll calls whose rcid the store holds for another date */
    char renumbered_text[256]; /* the first of them: "411 (2023-12-04) as 900000003" */
} unga_file_stats;

typedef struct unga_ingest_opts {
    const char *votes;       /* required */
    const char *rollcalls;   /* Voeten layout: roll-call table (may be NULL when
                              * the roll calls are already in the store) */
    const char *issues;      /* optional issue tags */
    FILE *quarantine;        /* NULL: the first bad row aborts the ingest */
    FILE *changes;           /* NULL, or where the corrections are listed (CSV) */
    int release;             /* YYYYMMDD; 0: the newest roll call the input covers */
    const char *datadir;     /* data/: registry/unga_wide_codes.csv */
    int progress;            /* draw a progress line when stderr is a tty */
    int sha256;            /* identify the file by SHA-256, not XXH3-128 (util_file_digest) */
} unga_ingest_opts;

typedef struct unga_ingest_result {
    unga_file_stats files[3];
    size_t nfiles;
} unga_ingest_result;

int unga_ingest(store *s, const registry *reg, const unga_ingest_opts *o,
                unga_ingest_result *res, bloc_error *err);

/* The regular session in progress on date (YYYYMMDD): the first ran
 * through 1946; session N opens in September of 1945 + N. */
int unga_session_of(int date);

/* Parse one vote value: "yes"/"no"/"abstain" (any case), Y/N/A, or the
 * codebook numbers 1/2/3 (also written "1.0"). Returns 1 with *vote in
 * {1 yes, 2 abstain, 3 no}; 0 for absent / not a member / non-voting ("8",
 * "9", "X", "absent", ""); -1 for anything else. */
int unga_parse_vote(const char *s, int *vote);

#endif
