/*
 * serve/api — the JSON API as a client of the library: a table maps each
 * /api/<name> to its library call; a request's parameters are parsed by
 * the call's own option table (a value is only ever a value), bounded
 * (rows listed, bootstrap repetitions), run on a session from the store
 * pool with a deadline, and written by the same JSON writer as the CLI's,
 * into a buffer bounded in size. Errors map to HTTP statuses by their
 * code, never by their text. Any number of requests run at once.
 */
#ifndef BLOC_SERVE_API_H
#define BLOC_SERVE_API_H

#include "api/call.h"
#include "api/session.h"
#include "serve/serve.h"

typedef struct serve_api {
    const bloc_config *cfg;   /* borrowed */
    store_pool *pool;         /* read-only stores, shared by the requests */
    int timeout_ms;           /* a request's deadline */
    long long max_rows;       /* most rows a request may list */
    long long max_bytes;      /* largest answer */
} serve_api;

/* `serve`'s own settings (parsing only: the CLI runs the server). */
typedef struct serve_req {
    long long port;
    const char *bind;
    long long timeout_ms, max_rows, max_connections, max_per_client, pool;
} serve_req;
extern const bloc_call serve_call;

/* The serve_api_fn of the server: ctx is a serve_api. Thread-safe. */
void serve_api_answer(void *ctx, const char *name, const serve_param *p, size_t n, serve_reply *r);

/* The parameters of a request for endpoint name parsed and checked as
 * serve_api_answer does, without running it: 0, or -1 with the error
 * reply in r (the caller frees r->body). For the fuzzer and tests. */
int serve_api_check(const serve_api *A, const char *name, const serve_param *p, size_t n,
                    serve_reply *r);

/* The endpoints, NULL-terminated: for docs and tests. */
const char *const *serve_api_names(void);

#endif
