/*
 * api/listings — what the store and bloc's tables hold, as library calls:
 * countries (the registry), CAMEO codes, the store's counts and inputs,
 * and stored events; and moving a store between SQLite and PostgreSQL. Requests and bloc_calls as in api/call.h.
 */
#ifndef BLOC_API_LISTINGS_H
#define BLOC_API_LISTINGS_H

#include "api/call.h"
#include "store/store.h"

typedef struct countries_req {
    opt_rest queries;  /* codes, names, aliases */
    const char *q;     /* the API's one query (q=) */
    int list;          /* every state */
} countries_req;
extern const bloc_call api_countries;
/* A registry record as the country call's row (its column order). */
void api_country_row(result *out, const store_country *c);

typedef struct codes_req {
    const char *query;
    int kind;          /* -1 = any, else the index into event, region, type, knowngroup */
} codes_req;
extern const bloc_call api_codes;

typedef struct stats_req {
    int sources;       /* the recorded inputs instead of the counts */
    int coverage;      /* what each input covers instead */
    int consistency;   /* --check: the data checked against each other instead */
} stats_req;
extern const bloc_call api_stats;

typedef struct events_req {
    const char *dyad, *actor;
    store_event_query q;
    int full;          /* every column (else the main ones, as the CLI's table) */
} events_req;
extern const bloc_call api_events;

typedef struct migrate_req {
    const char *from, *to;
} migrate_req;
extern const bloc_call api_migrate;

#endif
