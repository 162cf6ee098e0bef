/*
 * cameo — the CAMEO and GDELT lookup tables bloc reads from data/: event
 * codes with their descriptions (data/cameo/CAMEO.eventcodes.csv), GDELT's
 * Goldstein weights (CAMEO.goldsteinscale.txt), the rules that give every
 * event a domain (data/cameo/domains.csv), the actor codes for regions,
 * actor types and known groups (data/cameo/actor_codes.csv; CAMEO country
 * codes are in the country registry) and the FIPS 10-4 country codes
 * GDELT uses for places (data/registry/fips.csv). It owns the rules only;
 * events and stores are other modules' business. Event codes are strings
 * ("0874" is not 874): internally each valid code of 2-4 digits maps to a
 * dense key, so the per-row lookups of an ingest are array reads.
 */
#ifndef BLOC_CAMEO_CAMEO_H
#define BLOC_CAMEO_CAMEO_H

#include <stddef.h>

#include "core/error.h"

/* The domains an event can have, in this order (index = enum value). */
enum cameo_domain {
    CAMEO_MILITARY, CAMEO_ECONOMIC, CAMEO_DIPLOMATIC, CAMEO_TECHNOLOGY,
    CAMEO_HUMANITARIAN, CAMEO_OTHER, CAMEO_NDOMAINS
};

/* How an event's Goldstein score was obtained. */
enum cameo_goldstein_origin {
    CAMEO_GS_DATA = 0,   /* given in the input */
    CAMEO_GS_TABLE = 1,  /* filled from the weight of its own code */
    CAMEO_GS_PARENT = 2, /* the code has no weight: the weight of its nearest
                            listed parent code (e.g. 1951 -> 195) */
    CAMEO_GS_NONE = 3    /* no weight anywhere: left missing */
};

typedef struct cameo_tables cameo_tables;

/* Load the tables under datadir. *out is caller-owned: cameo_free. A bad
 * row is BLOC_EINPUT naming file:line. */
int cameo_load(const char *datadir, cameo_tables **out, bloc_error *err);
void cameo_free(cameo_tables *t);

/* SHA-256 over the five files, to record which rules tagged an ingest. */
const char *cameo_fingerprint(const cameo_tables *t);

/* Dense key of a CAMEO event code of 2-4 digits, or -1. */
int cameo_key(const char *code);

/* Description of a code, NULL when the codebook lacks it. */
const char *cameo_describe(const cameo_tables *t, const char *code);

/* Goldstein weight for code: sets *w and returns CAMEO_GS_TABLE or
 * CAMEO_GS_PARENT, or CAMEO_GS_NONE (w untouched). */
int cameo_goldstein(const cameo_tables *t, const char *code, double *w);

/* Domain of an event by its code and the type codes of its actors (any
 * number, "" entries ignored): the first rule of domains.csv whose code
 * prefix and actor-type condition both match; CAMEO_OTHER when none does
 * or the code is not valid. */
int cameo_domain_of(const cameo_tables *t, const char *code, const char *const *types,
                    size_t ntypes);

const char *cameo_domain_name(int domain);
/* Domain by name, -1 when unknown. */
int cameo_domain_parse(const char *name);

/* Quad class (1 verbal cooperation .. 4 material conflict) of a code from
 * its root, 0 when invalid. */
int cameo_quad_class(const char *code);

/* Description of a three-letter CAMEO actor code that is a region, an
 * actor type or a known group; *kind (may be NULL) gets "region", "type"
 * or "knowngroup". NULL when unknown (countries: see the registry). */
const char *cameo_actor_describe(const cameo_tables *t, const char *code, const char **kind);

/* One entry of the tables, for listing them. */
typedef struct cameo_code_info {
    const char *code;
    const char *kind;        /* "event", "region", "type" or "knowngroup" */
    const char *description;
    double goldstein;        /* events: the weight (NaN when none) */
    int goldstein_origin;    /* events: CAMEO_GS_TABLE, _PARENT or _NONE */
    int domain;              /* events: the domain with no actor types; -1 */
} cameo_code_info;

/* Call cb for every event code (in code order) and actor code (in file
 * order); a non-zero return stops. */
typedef int (*cameo_code_cb)(void *ctx, const cameo_code_info *c);
void cameo_each(const cameo_tables *t, cameo_code_cb cb, void *ctx);

/* bloc country code of a FIPS 10-4 code ("RS" -> "RUS"), NULL when unknown. */
const char *cameo_fips_country(const cameo_tables *t, const char *fips);

#endif
