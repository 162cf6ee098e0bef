/*
 * store — bloc's store, SQLite or PostgreSQL; the only module that holds SQL.
 *
 * Owns the database (default the file bloc.db; a postgresql:// URL selects
 * PostgreSQL), its schema and forward migrations (PRAGMA user_version; on
 * PostgreSQL the schema version in bloc_meta), WAL mode and foreign keys,
 * and every statement bloc runs: the country registry and groups, ingest
 * provenance (sources), the UN General Assembly tables, events, summaries,
 * feed state and watch rules. Each statement is written once (store_q runs
 * it on either backend). Other modules pass and receive plain C records
 * (store/model.h); they never see a database handle or know which backend
 * is behind it.
 *
 * The files, by layer (each calls only those below it):
 *   store_open.c      the handle's life: open (choosing the backend), close, pool
 *   store_migrate.c   a store copied between SQLite and PostgreSQL
 *   store_registry.c, store_groups.c, store_sources.c, store_unga.c,
 *   store_events.c, store_summary.c, store_watch.c    one table family each
 *   store_sqlite.c (+ store_schema.c), store_pg.c (+ store_dialect.c)
 *                     the backends, behind the interface in store_internal.h
 *   store_handle.c    statements, transactions, deadlines, errors, meta
 */
#ifndef BLOC_STORE_STORE_H
#define BLOC_STORE_STORE_H

#include <stddef.h>

#include "core/error.h"
#include "store/model.h"

#define STORE_SCHEMA_VERSION 13

typedef struct store store;

enum store_mode { STORE_READWRITE = 0, STORE_READONLY = 1 };

/* Open (creating and migrating when read-write) the store at path.
 * On success *out is owned by the caller: free with store_close. */
int store_open(store **out, const char *path, int mode, bloc_error *err);
void store_close(store *s);

/* A bounded pool of open stores on one path (bloc serve): at most size
 * handles are opened, on demand; store_pool_take waits for a free one, and
 * store_close on a taken handle gives it back (a transaction left open is
 * rolled back, the deadline cleared). The pool and its handles are the
 * pool's; free it after every handle is back. Thread-safe. */
typedef struct store_pool store_pool;
int store_pool_new(store_pool **out, const char *path, int mode, size_t size, bloc_error *err);
int store_pool_take(store_pool *p, store **s, bloc_error *err);
void store_pool_free(store_pool *p);
const char *store_path(const store *s);
int store_readonly(const store *s);

/* Interrupt any statement still running ms milliseconds from now (the
 * statement fails with "interrupted"); ms <= 0 removes the limit. Bounds
 * the time of a query from a server request. */
void store_set_deadline(store *s, int ms);
int store_schema_version(store *s);

/* Transactions: one at a time (no nesting). */
int store_begin(store *s, bloc_error *err);
int store_commit(store *s, bloc_error *err);
/* A bulk-load transaction: foreign-key enforcement is off until commit or
 * rollback, so the caller must check every reference itself (the UN vote
 * ingest resolves each roll call and country before it inserts). */
int store_begin_bulk(store *s, bloc_error *err);
void store_rollback(store *s);
/* Run fn — one whole transaction, rolled back on failure — and again,
 * after a growing pause, up to five times while it fails with
 * BLOC_ECONFLICT (on PostgreSQL: a deadlock with the lingering transaction
 * of a load that was killed, whose server process has not yet seen its
 * client go). */
typedef int (*store_txn_fn)(void *ctx, bloc_error *err);
int store_retry_conflicts(store_txn_fn fn, void *ctx, bloc_error *err);

int store_meta_get(store *s, const char *key, char *buf, size_t bufsz,
                   int *found, bloc_error *err);
int store_meta_set(store *s, const char *key, const char *value,
                   bloc_error *err);

/* ---- country registry ------------------------------------------------ */

/* Replace the whole registry (countries + aliases) in one transaction. */
int store_registry_replace(store *s, const store_country *cs, size_t ncs,
                           const store_alias *as, size_t nas, bloc_error *err);

/* Load registry rows. *out arrays are malloc'd; the caller frees them. */
int store_countries_load(store *s, store_country **out, size_t *n,
                         bloc_error *err);
int store_aliases_load(store *s, store_alias **out, size_t *n,
                       bloc_error *err);

/* ---- groups ------------------------------------------------------------ */

void store_groups_free(store_group *gs, size_t n);

/* Replace all built-in groups (user groups are kept). */
int store_groups_replace_builtin(store *s, const store_group *gs, size_t n,
                                 bloc_error *err);
/* Add a user group; BLOC_EINPUT when the name is taken. */
int store_group_add(store *s, const store_group *g, bloc_error *err);
/* Remove a user group; BLOC_ENOTFOUND when absent, BLOC_EINPUT for a
 * built-in one. */
int store_group_rm(store *s, const char *name, bloc_error *err);
/* All groups with members; *out is caller-owned (store_groups_free). */
int store_groups_load(store *s, store_group **out, size_t *n, bloc_error *err);

/* ---- sources (provenance) ---------------------------------------------- */

/* Id of the source with this checksum, adding it when new. */
int store_source_id(store *s, const char *sha256, const char *path,
                    const char *kind, long long bytes, long long *id,
                    bloc_error *err);
/* The release (YYYYMMDD) an input is taken from: set by the UN vote loads,
 * 0 when none is recorded. */
int store_source_set_release(store *s, long long id, int release, bloc_error *err);
int store_source_release(store *s, long long id, int *release, bloc_error *err);

typedef int (*store_source_cb)(void *ctx, const store_source *src);
/* Every recorded input, in the order first ingested. */
int store_sources_scan(store *s, store_source_cb cb, void *ctx, bloc_error *err);
/* Forget source id and its checkpoint under scope when a failed load of
 * it leaves nothing else behind (no events, votes, coverage, followed
 * file or other checkpoint refers to it), so the store is as it was
 * before the load recorded it; otherwise only that checkpoint goes. */
int store_source_forget_unused(store *s, long long id, const char *scope, bloc_error *err);

/* ---- UN General Assembly ---------------------------------------------- */

/* Insert a roll call; *result says inserted / identical duplicate /
 * conflicting (same rcid, different date or resolution). */
int store_unga_put_rollcall(store *s, const store_rollcall *rc, int *result,
                            bloc_error *err);
/* rcid of the final vote on resolution unres on date (amend = para = 0),
 * or 0 when there is none or more than one. Symbols compare by
 * store_unga_symbol_key: "R/68/262", "A/RES/68/262" and "68/262" are one. */
int store_unga_find_rollcall(store *s, const char *unres, int date,
                             long long *rcid, bloc_error *err);
/* The next rcid of bloc's own numbering, for roll calls no release has
 * numbered (a by-name table's new resolution): above 900,000,000, clear of
 * Voeten's numbers and the UN Digital Library's. */
#define STORE_LOCAL_RCID_BASE 900000000LL
int store_unga_next_local_rcid(store *s, long long *rcid, bloc_error *err);
/* The roll call bloc renumbered from (orig, date); *rcid = 0 when none. */
int store_unga_find_renumbered(store *s, long long orig, int date, long long *rcid, bloc_error *err);
/* The release of the input roll call rcid came from (0: none known). */
int store_unga_rollcall_release(store *s, long long rcid, int *release, bloc_error *err);
/* Date (YYYYMMDD) of roll call rcid, 0 when it is not in the store. */
int store_unga_rollcall_date(store *s, long long rcid, int *date, bloc_error *err);
/* A resolution symbol without the prefixes the sources use ("A/RES/",
 * "R/", "A/"), Voeten's "ESS/n/" as "ES-n/", blanks dropped: "68/262",
 * "ES-11/1". */
void store_unga_symbol_key(const char *unres, char *out, size_t n);
/* The session label of a symbol: "ES-11" for "ES-11/1", NULL for a
 * regular session's. */
const char *store_unga_special_session(const char *unres, char *buf, size_t n);

/* UN votes are stored a roll call to a row (store_ballots.c). A load
 * stages them (vote: 1 yes, 2 abstain, 3 no; raw: the text a conflict
 * quarantines) inside a bulk transaction, and a flush merges them into the
 * stored rows: the first staged vote of a roll call and country goes in
 * unless one is stored; a later one that differs from the stored or the
 * first staged vote is passed to cb, in staging order, after every row is
 * written; the rest are counted as duplicates. store_unga_votes_pending
 * is non-zero when enough are staged that the load should flush. */
typedef int (*store_vote_conflict_cb)(void *ctx, const store_vote_conflict *c, bloc_error *err);
int store_unga_stage_vote(store *s, long long rcid, const char *code, int vote,
                          long long source_id, long source_line, const char *raw,
                          bloc_error *err);
size_t store_unga_votes_pending(const store *s);
int store_unga_votes_flush(store *s, store_vote_conflict_cb cb, void *ctx, long long *inserted,
                           long long *duplicates, bloc_error *err);
/* The vote stored for (rcid, code): v->vote 0 when there is none. */
int store_unga_get_vote(store *s, long long rcid, const char *code, store_vote *v, bloc_error *err);
/* Record a correction between releases (idempotent); apply = 1 puts the
 * newer value in the stored votes (new_vote 0 removes the vote). */
int store_unga_correct_vote(store *s, const store_vote_correction *c, int apply, bloc_error *err);
/* The newest input that removed (rcid, code) as absent, and its line;
 * *source = 0 when none did. */
int store_unga_removal_source(store *s, long long rcid, const char *code, long long *source, long *line,
                              bloc_error *err);
/* Corrections on roll call rcid (0: all), in (rcid, country) order; paths
 * of both sides given. */
typedef int (*store_correction_cb)(void *ctx, const store_vote_correction *c, const char *old_path,
                                   const char *new_path);
int store_unga_scan_corrections(store *s, long long rcid, store_correction_cb cb, void *ctx,
                                bloc_error *err);
/* The votes of one roll call with their provenance, by country. */
typedef int (*store_rollcall_vote_cb)(void *ctx, const char *code, int vote, long long source_id,
                                      const char *path, long line);
int store_unga_scan_rollcall_votes(store *s, long long rcid, store_rollcall_vote_cb cb, void *ctx,
                                   bloc_error *err);
/* Roll calls whose symbol has key (store_unga_symbol_key), oldest first:
 * rcid, date, session, label, unres, short title. */
typedef int (*store_rollcall_info_cb)(void *ctx, long long rcid, int date, int session,
                                      const char *label, const char *unres, const char *title);
int store_unga_find_symbol(store *s, const char *key, store_rollcall_info_cb cb, void *ctx,
                           bloc_error *err);
int store_unga_rollcall_info(store *s, long long rcid, store_rollcall_info_cb cb, void *ctx,
                             bloc_error *err);
int store_unga_put_issue(store *s, long long rcid, const char *issue,
                         const char *issue_name, long long source_id,
                         long source_line, int *result, bloc_error *err);

/* Roll calls matching f, in (date, rcid) order. */
typedef int (*store_rollcall_cb)(void *ctx, long long rcid, int date,
                                 int session, const char *issues);
int store_unga_scan_rollcalls(store *s, const store_unga_filter *f,
                              store_rollcall_cb cb, void *ctx, bloc_error *err);
/* The votes on roll calls matching f, a roll call at a time: votes[p] is
 * the vote ('0' none, '1' yes, '2' abstain, '3' no) of the state codes[p]
 * (p < n); codes live for the call. */
typedef int (*store_ballot_cb)(void *ctx, long long rcid, const char *votes, size_t n,
                               const char *const *codes);
int store_unga_scan_votes(store *s, const store_unga_filter *f, store_ballot_cb cb, void *ctx,
                          bloc_error *err);

int store_unga_counts_get(store *s, store_unga_counts *c, bloc_error *err);

/* Issue areas present: codes and names, caller frees both arrays and
 * each string. */
int store_unga_issue_list(store *s, char ***codes, char ***names, size_t *n,
                          bloc_error *err);

/* ---- events ------------------------------------------------------------ */

/* Insert an event; *result is STORE_INSERTED or STORE_DUPLICATE (same
 * source and source event id already stored: it is left unchanged). */
int store_event_put(store *s, const store_event *e, int *result, bloc_error *err);

/* Insert n events in order, as store_event_put each would (ids in their
 * order, the ones already stored or earlier among them left unchanged),
 * adding to *inserted and *duplicates the ones decided now; on PostgreSQL
 * they are staged and store_events_flush counts them. The events are only
 * read during the call. */
int store_events_put(store *s, const store_event *const *ev, size_t n, long long *inserted,
                     long long *duplicates, bloc_error *err);

/* On PostgreSQL store_event_put stages the event (COPY into a temporary
 * table, *result STORE_PENDING) and this moves the staged events into the
 * events table: new ones get the next ids in the order they were put, the
 * ones already stored (same source and id, or earlier in the same batch)
 * are left out. *inserted and *duplicates count them. Call it before the
 * transaction's commit or checkpoint. On SQLite nothing is staged: 0, 0. */
int store_events_flush(store *s, long long *inserted, long long *duplicates, bloc_error *err);

int store_checkpoint_get(store *s, long long source_id, const char *scope,
                         store_checkpoint *cp, int *found, bloc_error *err);
int store_checkpoint_put(store *s, long long source_id, const char *scope,
                         const store_checkpoint *cp, bloc_error *err);
/* Largest event row id (0 when empty): taken before an ingest so that
 * store_events_undo can remove exactly what the ingest added. */
int store_events_max_id(store *s, long long *id, bloc_error *err);
/* Drop (on = 0) or build (on = 1, a no-op when they exist) the secondary
 * indexes of the events table. Building them once after a large load is
 * several times cheaper than updating them row by row. */
int store_events_indexes(store *s, int on, bloc_error *err);

/* Delete the events of file_id with row id > after_id: undoes an ingest
 * that stopped on a bad row. */
int store_events_undo(store *s, long long file_id, long long after_id, bloc_error *err);

/* Call cb for each matching event (strings valid during the call only);
 * a non-zero return from cb stops the scan. Event rows carry the path
 * of their file in *path. */
typedef int (*store_event_cb)(void *ctx, const store_event *e, const char *path);
int store_events_scan(store *s, const store_event_query *q, store_event_cb cb, void *ctx,
                      bloc_error *err);

/* Event counts grouped by "source", "year" or "domain". */
typedef int (*store_count_cb)(void *ctx, const char *key, long long n);
int store_events_count_by(store *s, const char *what, store_count_cb cb, void *ctx,
                          bloc_error *err);

/* ---- alliances (ATOP dyad-years) ---------------------------------------- */

/* Add one directed row's obligations to its dyad-year (ORed into what is
 * stored): *result STORE_INSERTED for a new dyad-year, STORE_DUPLICATE
 * when it held them already (a re-load), STORE_UPDATED when they added a
 * direction (the file's other order of the pair). */
int store_alliance_put(store *s, const store_alliance *a, int *result, bloc_error *err);
/* Every stored dyad-year of year with a or b among codes[0..n), a < b. */
typedef int (*store_alliance_cb)(void *ctx, const store_alliance *a);
int store_alliances_scan(store *s, int year, const char *const *codes, size_t n,
                         store_alliance_cb cb, void *ctx, bloc_error *err);
/* The first and last year any alliance is stored for (0, 0: none), and
 * how many dyad-years are stored (n may be NULL). */
int store_alliance_years(store *s, int *first, int *last, long long *n, bloc_error *err);

/* ---- arms transfers (SIPRI) ------------------------------------------- */

int store_arms_actor_put(store *s, const char *code, const char *name, const char *kind,
                         const char *based_in, bloc_error *err);
/* Name and kind of a non-state actor's code; *found 0 when it is none. */
int store_arms_actor(store *s, const char *code, char *name, size_t namesz, char *kind,
                     size_t kindsz, int *found, bloc_error *err);
/* Record a file of a release: *result STORE_INSERTED, or STORE_DUPLICATE
 * when this file was recorded for it already. */
int store_arms_file_put(store *s, const store_arms_file *f, int *result, bloc_error *err);
/* The files of layout (NULL: every layout), newest release first. */
typedef int (*store_arms_file_cb)(void *ctx, const store_arms_file *f);
int store_arms_files_scan(store *s, const char *layout, store_arms_file_cb cb, void *ctx,
                          bloc_error *err);
/* Store a deal-year: *result STORE_INSERTED, STORE_DUPLICATE when the
 * release holds it with the same figures, STORE_CONFLICT when it holds
 * it with others (nothing written). */
int store_arms_delivery_put(store *s, const store_arms_delivery *d, int *result, bloc_error *err);
/* Deal-years of one release (layout, day) in years from..to (0: open),
 * ordered by year, recipient, supplier, deal; codes filters are applied
 * by the caller. Strings are valid during the callback. */
typedef struct store_arms_query {
    const char *layout;
    int day, from, to;
    const char *recipient, *supplier; /* one code each, or NULL */
    int unordered;                    /* any order will do (no sort) */
} store_arms_query;
typedef int (*store_arms_delivery_cb)(void *ctx, const store_arms_delivery *d, const char *path);
int store_arms_deliveries_scan(store *s, const store_arms_query *q, store_arms_delivery_cb cb,
                               void *ctx, bloc_error *err);
/* A TIV-table cell: results as for store_arms_delivery_put. */
int store_arms_cell_put(store *s, const store_arms_cell *c, int *result, bloc_error *err);
typedef int (*store_arms_cell_cb)(void *ctx, const store_arms_cell *c);
/* The cells of one release (layout, day), by country then year;
 * country NULL: every country. */
int store_arms_cells_scan(store *s, const char *layout, int day, const char *country,
                          store_arms_cell_cb cb, void *ctx, bloc_error *err);

/* Rows of the arms tables: deal-years, TIV-table cells, release files. */
int store_arms_counts(store *s, long long *deliveries, long long *cells, long long *files,
                      bloc_error *err);

/* ---- coverage: what each input covers ---------------------------------- */

/* Record what source_id (loaded under scope: "all", or the filter's
 * canonical text) covers: the days first..last (YYYYMMDD) of kind
 * ("events"). Replaces what was recorded for that source and scope. */
int store_coverage_put(store *s, long long source_id, const char *scope, const char *kind,
                       int first, int last, bloc_error *err);
/* Every recorded span of kind (NULL = all), oldest first. */
typedef int (*store_coverage_cb)(void *ctx, const store_coverage *c);
int store_coverage_scan(store *s, const char *kind, store_coverage_cb cb, void *ctx,
                        bloc_error *err);

/* ---- event summary (analytics) ---------------------------------------- */

/* Bring the daily event summary up to date with the events table: the
 * events added since the last refresh are aggregated into it; after a
 * delete or update of summarised events it is rebuilt from scratch. */
int store_event_summary_refresh(store *s, bloc_error *err);

/* Summary rows matching q, in key order (actor1, actor2, day, domain,
 * quad class): with both sides, rows between them (either direction
 * unless directed); with side_a only, rows where either actor is in side_a
 * (each row once). q->monthly reads the monthly roll-up instead of the
 * daily rows; since and until then select whole months by their first
 * day. */
typedef int (*store_summary_cb)(void *ctx, const store_summary_row *r);
int store_event_summary_scan(store *s, const store_summary_query *q, store_summary_cb cb,
                             void *ctx, bloc_error *err);

/* The daily volume of one state: every event with it as either actor (an
 * event between it and itself once), as summary rows with actor1 = the
 * state and actor2 = "". In day order. */
int store_actor_summary_scan(store *s, const char *actor, int since, int until,
                             const char *domain, store_summary_cb cb, void *ctx,
                             bloc_error *err);

/* First and last event day in the summary (0 when empty). */
int store_event_summary_span(store *s, int *first, int *last, bloc_error *err);

/* ---- feed, watch rules, alerts ----------------------------------------- */

int store_feed_get(store *s, const char *url, store_feed_file *f, int *found, bloc_error *err);
int store_feed_put(store *s, const char *url, long long size, const char *md5,
                   const char *status, int attempts, const char *error, long long source_id,
                   bloc_error *err);

/* BLOC_EINPUT when the name is taken. */
int store_rule_add(store *s, const store_rule *r, bloc_error *err);
/* BLOC_ENOTFOUND when there is no such rule. */
int store_rule_rm(store *s, const char *name, bloc_error *err);
/* All rules (caller frees *out). */
int store_rules_load(store *s, store_rule **out, size_t *n, bloc_error *err);

/* Record an alert; *result STORE_INSERTED, or STORE_DUPLICATE when the rule
 * already fired for the same window. */
int store_alert_put(store *s, const store_alert *a, int *result, bloc_error *err);
typedef int (*store_alert_cb)(void *ctx, const store_alert *a);
/* Alerts fired on or after since (ISO date or time, NULL = all), oldest first. */
int store_alerts_scan(store *s, const char *since, const char *rule, store_alert_cb cb, void *ctx,
                      bloc_error *err);

#endif
