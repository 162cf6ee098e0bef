/*
 * ingest/load — the loads as library calls: `ingest unga`, `ingest gdelt`,
 * `ingest events`, `ingest atop` and `ingest sipri`. Each opens the quarantine file when asked, runs the
 * module's ingest (ingest/unga, ingest/gdelt, ingest/events) on the
 * session's store and answers one row per file read (rows, inserted,
 * duplicates, rejected ...). Rows rejected into the quarantine make the
 * call fail with BLOC_EINPUT after the good ones are stored ("N rows
 * rejected, written to FILE"); a file that stops the load is named in a
 * note, with what was kept.
 */
#ifndef BLOC_INGEST_LOAD_H
#define BLOC_INGEST_LOAD_H

#include "api/call.h"
#include "store/store.h"

typedef struct ingest_unga_req {
    const char *votes, *rollcalls, *issues, *quarantine, *changes;
    int release;  /* YYYYMMDD, 0: the newest roll call of the input */
    int quiet, sha256;
} ingest_unga_req;
extern const bloc_call ingest_unga_call;

typedef struct ingest_gdelt_req {
    opt_rest files;
    const char *countries, *quarantine, *located;
    int all, quiet, jobs, sha256;
    long long batch, segment;
} ingest_gdelt_req;
extern const bloc_call ingest_gdelt_call;

typedef struct ingest_events_req {
    opt_rest files;
    const char *source, *quarantine;
    int as;    /* -1: by the file name; 0 csv, 1 jsonl */
    int quiet, sha256;
} ingest_events_req;
extern const bloc_call ingest_events_call;

typedef struct ingest_atop_req {
    const char *file, *quarantine;
    int quiet, sha256;
} ingest_atop_req;
extern const bloc_call ingest_atop_call;

typedef struct ingest_sipri_req {
    opt_rest files;
    const char *recipients, *among, *quarantine;
    int quiet, sha256;
} ingest_sipri_req;
extern const bloc_call ingest_sipri_call;

/* Canonical text of a country filter, the key of GDELT checkpoints:
 * sorted codes, each with its membership dates when limited. malloc'd;
 * caller frees. */
char *ingest_filter_scope(const store_member *m, size_t n);

/* -j N: 1..256. */
int ingest_parse_jobs(void *field, const char *value, char *msg, size_t msgsz);

#endif
