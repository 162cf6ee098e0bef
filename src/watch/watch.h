/*
 * watch — rules that flag when a dyad or group leaves its normal range,
 * and the alerts they raise. Library calls: `watch add|list|rm|test` (the
 * rules) and `alerts` (what fired), and watch_run, which every load runs
 * when rules exist: each rule is evaluated on the latest events
 * (watch/eval), a new alert is recorded once per rule and window, handed
 * to the caller as a JSON line, appended to a JSON Lines file and posted
 * to the rule's webhook (feed). Nothing here prints.
 */
#ifndef BLOC_WATCH_WATCH_H
#define BLOC_WATCH_WATCH_H

#include "api/call.h"
#include "store/store.h"

enum { WATCH_ADD, WATCH_LIST, WATCH_RM, WATCH_TEST };

typedef struct watch_req {
    const char *sub;         /* add, list, rm or test */
    const char *name;
    int kind;                /* WATCH_*, set by the check */
    store_rule rule;         /* add: the rule as given */
    const char *dyad, *group, *webhook;
    int measure;             /* 0 volume, 1 netcoop, 2 goldstein */
} watch_req;
extern const bloc_call watch_call;

typedef struct alerts_req {
    const char *since;       /* ISO date (checked), NULL = all */
    const char *rule;
} alerts_req;
extern const bloc_call watch_alerts;

/* What watch_run reports as it goes: each new alert as one JSON line, and
 * problems that do not stop the run (a file that cannot be appended to, a
 * webhook that failed). */
typedef struct watch_report {
    void (*alert)(void *ctx, const char *json_line);
    void (*warning)(void *ctx, const bloc_error *err);
    void *ctx;
    FILE *log;   /* the webhook's retries, one line each (NULL = quiet) */
    int fired;   /* alerts recorded by the run */
    int failed;  /* rules that could not be evaluated (each a warning) */
} watch_report;

/* Evaluate every rule of the store on its latest events; new alerts are
 * recorded, reported, appended to alerts_path (NULL: the store's path +
 * ".alerts.jsonl") and posted to their webhooks, counted in
 * report->fired. A rule that fails is a warning (report->failed); the
 * others still run. Fails only when the rules cannot be read. */
int watch_run(store *s, const registry *reg, const char *db_path, const char *alerts_path,
              watch_report *report, bloc_error *err);

#endif
