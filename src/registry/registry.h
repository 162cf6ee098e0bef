/*
 * registry — states, their codes and names, and named groups of states.
 *
 * Owns the rules that turn what a user or a data file writes ("DPRK",
 * "Iran (Islamic Republic of)", "RU", "cow:365", "crink") into bloc's
 * country codes (ISO 3166 alpha-3, or a documented bloc code for states ISO
 * lacks). The registry is built from Debian's iso-codes JSON plus the
 * hand-kept tables in data/registry/ (COW and CAMEO codes, historical states
 * and successions, aliases, built-in groups), written into the store by
 * registry_sync and read back by registry_load. It never touches votes or
 * events.
 */
#ifndef BLOC_REGISTRY_REGISTRY_H
#define BLOC_REGISTRY_REGISTRY_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

typedef struct registry {
    store_country *countries; /* sorted by code */
    size_t ncountries;
    store_alias *aliases;     /* sorted by norm */
    size_t naliases;
    store_group *groups;
    size_t ngroups;
} registry;

/* Paths of the registry's inputs. */
typedef struct registry_paths {
    const char *datadir; /* bloc's data/ folder (holds registry/) */
    const char *isodir;  /* iso-codes JSON folder */
} registry_paths;

/* Rebuild the registry and built-in groups in the store when any input file
 * changed since the last sync (checksums kept in meta). Sets *rebuilt. */
int registry_sync(store *s, const registry_paths *p, int *rebuilt, bloc_error *err);

/* Load the registry from the store. *out is caller-owned: registry_free. */
int registry_load(store *s, registry **out, bloc_error *err);
void registry_free(registry *r);

/* Exact code lookup (alpha-3 / bloc code, case-insensitive) or NULL. */
const store_country *registry_by_code(const registry *r, const char *code);

/* ISO alpha-2 lookup valid on date (0 = any; current states preferred). */
const store_country *registry_by_iso2(const registry *r, const char *iso2, int date);

/* Name lookup through the aliases and official names, valid on date
 * (0 = any date). NULL when unknown. */
const store_country *registry_by_name(const registry *r, const char *name, int date);

/* Resolve a data file's (name, ISO alpha-2) pair on a date: the name
 * first (aliases may be date-limited, e.g. "Yugoslavia" means SRB after
 * 2006-06-03), then the code. *from / *until receive the date window in
 * which the same answer holds (0 = open), so callers can cache it. */
const store_country *registry_lookup_dated(const registry *r, const char *name,
                                           const char *iso2, int date, int *from,
                                           int *until);

/* Resolve anything a user may type: alpha-3, alpha-2, numeric, "cow:N",
 * "cameo:XXX", names and aliases. On failure returns BLOC_ENOTFOUND with a
 * message that suggests near matches. */
int registry_resolve(const registry *r, const char *query, const store_country **out,
                     bloc_error *err);

/* Up to max near matches (country display names and group names) for
 * query, best first. Returns the count; pointers borrow from the registry. */
size_t registry_suggest(const registry *r, const char *query, const char **out, size_t max);

/* Group by name (case-insensitive) or NULL. */
const store_group *registry_group(const registry *r, const char *name);

/* Parse a comma-separated list of countries and group names into members
 * (a group contributes its members with their dates; a country is a member
 * at all dates). Duplicates are merged. *out is malloc'd, caller frees. */
int registry_parse_list(const registry *r, const char *list, store_member **out,
                        size_t *n, bloc_error *err);

/* Non-zero when member m belongs on date (YYYYMMDD). */
int registry_member_on(const store_member *m, int date);

/* Display name of a code (the code itself when unknown). */
const char *registry_name(const registry *r, const char *code);

#endif
