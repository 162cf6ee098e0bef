/*
 * api/session — what one client conversation with the library holds: the
 * configuration (store path, data folders), and, opened on first use, the
 * store, its country registry, the CAMEO tables and an up-to-date event
 * summary. The CLI opens one session per command, the report one for all
 * its parts, the server one per request on a store taken from its pool.
 * A session is used by one thread at a time; sessions share nothing.
 */
#ifndef BLOC_API_SESSION_H
#define BLOC_API_SESSION_H

#include "cameo/cameo.h"
#include "metrics/events.h"
#include "core/error.h"
#include "registry/registry.h"
#include "store/store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif
#ifndef BLOC_WEBDIR
#define BLOC_WEBDIR "web"
#endif
#define BLOC_ISODIR_DEFAULT "/usr/share/iso-codes/json"
#define BLOC_WORDNET_DEFAULT "/usr/share/wordnet"

typedef struct bloc_config {
    const char *db_path;  /* a file, or a postgresql:// URL */
    const char *datadir;  /* bloc's data/ folder */
    const char *isodir;   /* Debian's iso-codes JSON */
    const char *webdir;   /* the report's and dashboard's web/ folder */
    const char *wordnetdir; /* WordNet's dict folder, for the coder (NULL: Debian's) */
} bloc_config;

typedef struct bloc_session bloc_session;

/* A session on cfg (borrowed: it must outlive the session). Nothing is
 * opened until a call needs it. readonly: the store is opened read-only
 * and the registry is read as stored (not synced with data/). With pool,
 * the store is taken from it (and given back by bloc_session_close);
 * deadline_ms > 0 bounds the time of every statement the session runs. */
int bloc_session_new(bloc_session **out, const bloc_config *cfg, int readonly,
                     store_pool *pool, int deadline_ms, bloc_error *err);
void bloc_session_close(bloc_session *S);

const bloc_config *bloc_session_config(const bloc_session *S);
/* The monotonic time (util_now) past which work must stop; 0 = none. */
double bloc_session_deadline(const bloc_session *S);
/* BLOC_EDEADLINE (with its message) once the deadline has passed. */
int bloc_session_check_deadline(const bloc_session *S, bloc_error *err);
/* The most memory one working table of a call may take (the server's
 * bound per request; 0, the default, is none): a call that would need
 * more fails with BLOC_ELIMIT before it reads anything. */
void bloc_session_set_budget(bloc_session *S, size_t bytes);

/* Progress of long work: fn is called with what is being done (a table,
 * a file) as it starts; the CLI draws it at a terminal. */
void bloc_session_set_progress(bloc_session *S, void (*fn)(void *ctx, const char *what), void *ctx);
void bloc_session_progress(bloc_session *S, const char *what);

/* The store and registry (opened, synced and loaded on first use); both
 * stay the session's. A SQLite store that does not exist is an error
 * (BLOC_EINPUT, "no bloc store at PATH") unless the call creates stores
 * (bloc_session_allow_create: the loads and migrate) or only looks names
 * up (bloc_session_lookup). */
int bloc_session_store(bloc_session *S, store **s, const registry **r, bloc_error *err);
/* Calls that make a store where there is none (ingest, migrate --to) say
 * so before their first bloc_session_store. */
void bloc_session_allow_create(bloc_session *S);
/* The registry alone (country and code lookups): without a store file, the
 * bundled registry in an in-memory store, so a lookup never creates one. */
int bloc_session_lookup(bloc_session *S, const registry **r, bloc_error *err);
/* The same, with the event summary brought up to date first (once) and
 * the coverage of the event data loaded. */
int bloc_session_events(bloc_session *S, store **s, const registry **r, bloc_error *err);
/* The event options o with the session's coverage (after
 * bloc_session_events): what the measures use, so that a period without
 * data is missing, not zero. */
ev_opts bloc_session_ev_opts(const bloc_session *S, const ev_opts *o);
/* The CAMEO tables of cfg->datadir (loaded on first use). */
int bloc_session_cameo(bloc_session *S, const cameo_tables **c, bloc_error *err);

#endif
