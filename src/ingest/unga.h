/*
 * ingest/unga — loads UN General Assembly roll-call votes into the store.
 *
 * Two layouts are read (see docs/formats.md): the Voeten/Strezhnev/Bailey
 * tables as published in the R package `unvotes` (three files: roll calls,
 * votes, issue tags) and the UN Digital Library voting export (one file, a
 * row per member state and resolution). Files may be gzip-compressed. The
 * whole ingest is one transaction: a file-level fault (bad header,
 * truncated gzip) or, without a quarantine file, any bad row rolls it back
 * and leaves the store as it was. With a quarantine file, bad rows are
 * written there with file:line and reason and the good rows load.
 * Re-ingesting the same rows changes nothing.
 */
#ifndef BLOC_INGEST_UNGA_H
#define BLOC_INGEST_UNGA_H

#include <stdio.h>

#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

typedef struct unga_file_stats {
    char path[512];
    char kind[16];           /* rollcalls, votes, issues, undl */
    long long rows;          /* data rows read */
    long long inserted;
    long long duplicates;    /* already in the store, identical */
    long long skipped;       /* absent / non-voting rows: not votes */
    long long rejected;      /* written to the quarantine file */
} unga_file_stats;

typedef struct unga_ingest_opts {
    const char *votes;       /* required */
    const char *rollcalls;   /* Voeten layout: roll-call table (may be NULL when
                              * the roll calls are already in the store) */
    const char *issues;      /* optional issue tags */
    FILE *quarantine;        /* NULL: the first bad row aborts the ingest */
    int progress;            /* draw a progress line when stderr is a tty */
} unga_ingest_opts;

typedef struct unga_ingest_result {
    unga_file_stats files[3];
    size_t nfiles;
} unga_ingest_result;

int unga_ingest(store *s, const registry *reg, const unga_ingest_opts *o,
                unga_ingest_result *res, bloc_error *err);

/* Parse one vote value: "yes"/"no"/"abstain" (any case), Y/N/A, or the
 * codebook numbers 1/2/3. Returns 1 with *vote in {1 yes, 2 abstain, 3 no};
 * 0 for absent / not a member / non-voting ("8", "9", "X", "absent", "");
 * -1 for anything else. */
int unga_parse_vote(const char *s, int *vote);

#endif
