/*
 * feed/follow — following GDELT 2.0 as a library call: a request (the
 * filter, the list and master URLs, the spool, the download settings), and
 * one pass over a list (follow_pass): the files not ingested yet are
 * downloaded a few at a time, checked (feed), ingested with the country
 * filter under the same checkpoint scope as `ingest gdelt`, and their state
 * recorded in the store, so a restart resumes with no gap and no
 * duplicate. What happens is told through a report callback; the caller
 * decides how often passes run (the CLI: once, or every interval until a
 * signal) and runs the watch rules after each.
 */
#ifndef BLOC_FEED_FOLLOW_H
#define BLOC_FEED_FOLLOW_H

#include "api/call.h"
#include "feed/feed.h"

typedef struct follow_req {
    const char *countries;
    int all, once;
    long long interval;   /* seconds between passes */
    int from, to;         /* a backfill's days (YYYYMMDD) */
    const char *list_url, *master_url, *spool, *alerts;
    long long timeout, retries, parallel;
} follow_req;
extern const bloc_call follow_call; /* parsing only: its run is follow_pass */

typedef struct follow_report {
    void (*say)(void *ctx, const char *line);            /* one line of news */
    void (*warning)(void *ctx, const bloc_error *err);   /* a file that failed */
    void *ctx;
    FILE *log;                                          /* downloads' retries */
} follow_report;

typedef struct follower follower;

/* Ready to follow q on the session's store (spool made, filter resolved).
 * *out is caller-owned: follow_end. */
int follow_begin(follower **out, bloc_session *S, const follow_req *q, const follow_report *rep,
                 bloc_error *err);
/* One pass over the list at url (from/to: the days kept, 0 = all). Files
 * that fail are reported and counted (follow_failed); the pass fails only
 * when the list cannot be read or the downloads cannot start. */
int follow_pass(follower *f, const char *url, int from, int to, bloc_error *err);
int follow_failed(const follower *f);
void follow_end(follower *f);

#endif
