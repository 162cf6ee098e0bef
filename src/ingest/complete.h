/*
 * ingest/complete — the fields every ingest derives the same way once an
 * event's own fields are read: a missing Goldstein score filled from the
 * CAMEO weights (and where it came from), a missing quad class from the
 * root code, and the domain from data/cameo/domains.csv. One place, so
 * GDELT rows, bloc's own events and coded text are tagged alike.
 */
#ifndef BLOC_INGEST_COMPLETE_H
#define BLOC_INGEST_COMPLETE_H

#include "cameo/cameo.h"
#include "store/store.h"

/* Fill e->goldstein (when NaN) with goldstein_origin, e->quad_class (when
 * 0) and e->domain (when NULL or ""). Strings set are static. */
void ingest_complete_event(const cameo_tables *t, store_event *e);

/* The longest text each event field may hold, in bytes (docs/formats.md
 * lists them): a row over a limit is rejected (quarantined), never stored
 * whole or cut. */
enum {
    INGEST_MAX_URL = 4096,   /* source URL */
    INGEST_MAX_NAME = 512,   /* an actor's name */
    INGEST_MAX_CODE = 64,    /* actor codes and types, ADM1 and other codes */
};

/* 0 when every text field of e is within its limit; else -1 with the
 * field, its length and the limit in reason. */
int ingest_check_lengths(const store_event *e, char *reason, size_t rsz);

#endif
