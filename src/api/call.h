/*
 * api/call — the shape every library call shares, so that clients can run
 * any call the same way: a typed request (a struct, filled from defaults
 * by init and from the call's option table by the CLI or the server), a
 * check of the request as a whole, and run, which answers into a result.
 * A call never prints. Also the pieces requests have in common: sets of
 * states (a LIST argument resolved), dyads ("A,B") and the options of the
 * event analytics.
 */
#ifndef BLOC_API_CALL_H
#define BLOC_API_CALL_H

#include <stddef.h>

#include "api/session.h"
#include "core/error.h"
#include "core/opt.h"
#include "core/result.h"
#include "metrics/events.h"

typedef struct bloc_call {
    const char *name;      /* the CLI command and the API endpoint */
    size_t req_size;       /* sizeof the request */
    void (*init)(void *req);            /* defaults; NULL: all zero */
    const opt_def *opts;                /* options and positionals */
    /* the request as a whole, after parsing (npos: positionals given):
     * BLOC_EUSAGE with a message when it cannot run; NULL: any request
     * whose positionals fit the table */
    int (*check)(void *req, int npos, bloc_error *err);
    int (*run)(bloc_session *S, const void *req, result *out, bloc_error *err);
} bloc_call;

/* A request for call c filled with its defaults; caller frees (free). */
void *bloc_call_request(const bloc_call *c);
/* c's check, then the default one: no more positionals than the table
 * has ("unexpected argument 'X'", extra naming the first one too many). */
int bloc_call_check(const bloc_call *c, void *req, int npos, const char *extra, bloc_error *err);
/* Run call c on the request its command line parses into (args: the
 * words after "bloc", args[0] the command's name, NULL-terminated; they
 * must outlive res, which may borrow them) into res; line (may be NULL)
 * gets "bloc ARGS..." with every word as given, so that the command shown
 * beside a figure is exactly the one that produced it. A command line the
 * table refuses is BLOC_EUSAGE naming it. */
int bloc_call_line(bloc_session *S, const bloc_call *c, const char *const *args, result *res,
                   char *line, size_t linesz, bloc_error *err);

/* Positional entries in c's table. */
int bloc_call_npositional(const bloc_call *c);

/* A LIST argument (countries and groups) resolved: its members with their
 * dates, and parallel arrays of codes and member pointers. */
typedef struct bloc_set {
    const char *label;           /* the argument as given */
    store_member *members;       /* owned */
    size_t n;
    const char **codes;          /* owned array; strings in members */
    const store_member **mptr;   /* owned array; into members */
} bloc_set;
int bloc_set_parse(const registry *r, const char *list, bloc_set *set, bloc_error *err);
void bloc_set_free(bloc_set *set);

/* Split "A,B" at its only comma: *a is a malloc'd copy of A (caller
 * frees), *b points into s. -1 (nothing allocated) unless exactly one comma
 * separates two non-empty names. */
int bloc_split_pair(const char *s, char **a, const char **b);

/* The options of the event analytics, as entries of a request of type T
 * whose ev_opts field is F: --by, --since, --until, --domain, --weight. */
extern const char *const bloc_ev_by_names[];
extern const char *const bloc_weight_names[];
int bloc_parse_domain(void *field, const char *value, char *msg, size_t msgsz);
#define BLOC_EV_BY(T, F)                                                                        \
    {.type = OPT_ENUM, .name = "by", .offset = offsetof(T, F.by), .argname = "P",                  \
     .help = "week (ISO, by its Monday), month, quarter, year or all", .values = bloc_ev_by_names, \
     .bad = "--by takes week, month, quarter, year or all"}
#define BLOC_EV_RANGE(T, F)                                                                     \
    {.type = OPT_DATE, .name = "since", .offset = offsetof(T, F.since), .argname = "D",           \
     .help = "from this date (YYYY, YYYY-MM or YYYY-MM-DD)"},                                  \
        {.type = OPT_DATE_END, .name = "until", .offset = offsetof(T, F.until), .argname = "D",   \
         .help = "to this date"}
#define BLOC_EV_DOMAIN(T, F)                                                                    \
    {.type = OPT_CALLBACK, .name = "domain", .offset = offsetof(T, F.domain), .argname = "D",     \
     .help = "military, economic, diplomatic, technology, humanitarian or other",              \
     .parse = bloc_parse_domain}
#define BLOC_EV_WEIGHT(T, F)                                                                    \
    {.type = OPT_ENUM, .name = "weight", .offset = offsetof(T, F.by_mentions),                   \
     .argname = "events|mentions", .help = "mentions: count each event by its mentions",       \
     .values = bloc_weight_names, .bad = "--weight takes events or mentions"}
#define BLOC_EV_OPTIONS(T, F)                                                                   \
    BLOC_EV_BY(T, F), BLOC_EV_RANGE(T, F), BLOC_EV_DOMAIN(T, F), BLOC_EV_WEIGHT(T, F)

/* The error behind a call's failing status rc: err as the call filled it,
 * or, when the call returned the status of its result (a sink refused a
 * row: a size bound, a deadline), the result's own. */
const bloc_error *bloc_call_error(const result *res, int rc, const bloc_error *err);

/* A usage error of a request: BLOC_EUSAGE with the message. */
int bloc_usage(bloc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
