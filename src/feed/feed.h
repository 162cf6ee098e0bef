/*
 * feed — fetching GDELT's published files over HTTP with libcurl: the
 * update lists (lastupdate.txt, masterfilelist.txt: "SIZE MD5 URL" lines)
 * and the export zips, downloaded a few at a time, each checked against
 * the size and MD5 the list gives before anyone may ingest it. Faults are
 * expected: timeouts, HTTP errors, short or corrupt downloads are retried
 * with exponential backoff and jitter, then reported per file; nothing
 * that failed its check is left where it could be mistaken for good.
 * Also posts JSON to webhooks (alerts), with the same retries.
 */
#ifndef BLOC_FEED_FEED_H
#define BLOC_FEED_FEED_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

typedef struct feed_opts {
    long timeout_s;     /* per transfer (default 60) */
    int retries;        /* extra attempts after the first (default 3) */
    double backoff_s;   /* first wait; doubles each time, plus up to 100% jitter (default 1) */
    int parallel;       /* downloads at once (default 4) */
    FILE *log;          /* what happens, one line each (NULL = quiet) */
} feed_opts;

typedef struct feed_entry {
    long long size;
    char md5[33];
    char url[1024];
    long long stamp;    /* YYYYMMDDHHMMSS from the file name, 0 if none */
} feed_entry;

/* GET url into a malloc'd, NUL-terminated buffer (at most 64 MiB), with
 * retries. Caller frees *body. */
int feed_get(const char *url, const feed_opts *o, char **body, size_t *len, bloc_error *err);

/* The export files of a list, in list order; from/to (YYYYMMDD, 0 = open)
 * keep files stamped within those days. *out caller-owned. A malformed
 * line is BLOC_EINPUT with its line number. */
int feed_parse_list(const char *text, const char *name, int from, int to, feed_entry **out,
                    size_t *n, bloc_error *err);

/* Download e[0..n) into dir, at most o->parallel at once, each checked for
 * HTTP 200, size and MD5; a file that fails every attempt gets status[i] !=
 * BLOC_OK and a reason in why[i], and no file is left for it. On success
 * path[i] is the downloaded file. Returns BLOC_OK unless dir is unusable. */
int feed_download(const feed_entry *e, size_t n, const char *dir, const feed_opts *o,
                  int *status, char (*why)[256], char (*path)[1200], bloc_error *err);

/* POST a JSON body to url, with retries; BLOC_OK on a 2xx answer. */
int feed_post_json(const char *url, const char *json, const feed_opts *o, bloc_error *err);

#endif
