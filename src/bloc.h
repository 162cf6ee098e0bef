/*
 * bloc.h — the library's public surface: what a client (the CLI, the
 * server, the report, a program of yours) may call, and who owns what.
 *
 * A client opens a session on a configuration (api/session.h), fills a
 * request for one of the calls below (each a bloc_call: a typed request
 * struct, its option table, a check and run; api/call.h) and runs it into
 * a result (core/result.h): rows under a column schema, kept or streamed
 * to a writer (output/output.h: table, CSV, JSON, JSON Lines). Calls never
 * print. Every function that can fail returns an int status (BLOC_OK = 0)
 * and fills a bloc_error (core/error.h).
 *
 * The ownership rule, once for the whole library: what a function creates
 * and hands out through an out-pointer (*out, *s, *doc) belongs to the
 * caller, who frees it with the matching _free, _close or _end of its
 * module; everything else a function returns or passes to a callback is
 * borrowed from its owner and valid until the owner changes or frees it
 * (for a callback's arguments: until the callback returns). Requests borrow
 * their strings from the caller, who keeps them alive until the call
 * returns; results copy what they keep.
 *
 * Threads: a session, a result and a writer belong to one thread at a
 * time; any number of sessions may run at once (the server runs one per
 * request on stores from a store_pool).
 */
#ifndef BLOC_H
#define BLOC_H

#include "api/call.h"      /* bloc_call, bloc_set, shared option entries */
#include "api/session.h"   /* bloc_session, bloc_config */
#include "core/error.h"    /* bloc_error, BLOC_* statuses */
#include "core/opt.h"      /* option tables, argv and parameter parsing */
#include "core/result.h"   /* result, result_sink, result_col */
#include "output/output.h" /* writers: table, csv, json, jsonl */

/* measures of alignment */
#include "analysis/analysis.h" /* analysis_dyad, _pairs, _group, _stance, _network,
                                  _friction, _changes, _assess, _index */
#include "analysis/unga.h"     /* analysis_unga */

/* listings and the store */
#include "api/groups.h"   /* api_groups */
#include "api/listings.h" /* api_countries, api_codes, api_stats, api_events, api_migrate */

/* loads, the coder, the feed, watch rules */
#include "coder/code.h"   /* coder_call */
#include "feed/follow.h"  /* follow_begin, follow_pass */
#include "ingest/load.h"  /* ingest_unga_call, ingest_gdelt_call, ingest_events_call */
#include "watch/watch.h"  /* watch_call, watch_alerts, watch_run */

/* the report and the server */
#include "report/build.h" /* report_build */
#include "report/report.h" /* report_write_html, report_dashboard_page */
#include "serve/api.h"    /* serve_api_answer */
#include "serve/serve.h"  /* serve_start */

#endif
