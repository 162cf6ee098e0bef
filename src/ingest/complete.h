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

#endif
