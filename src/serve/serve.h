/*
 * serve — bloc's HTTP server on libmicrohttpd: owns the socket, the request
 * limits (method, URL length, number and size of parameters, response
 * size), the JSON error format, the access log (one line per request) and
 * the dashboard page served from memory (never from the file system, so no
 * path can reach a file). What an /api/ path returns is the caller's
 * business: a callback receives the decoded, checked parameters.
 * The socket is serve/gate's, which answers a request line that is not
 * HTTP (or has too many parameters) before libmicrohttpd sees it. Each
 * connection has its thread; the callback runs on it (bloc's calls keep
 * no shared state; each request gets its own session).
 */
#ifndef BLOC_SERVE_SERVE_H
#define BLOC_SERVE_SERVE_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "core/opt.h"

/* A decoded query parameter (the option parser reads them as they are). */
typedef opt_param serve_param;

typedef struct serve_reply {
    int status;        /* HTTP status */
    char *body;        /* malloc'd; the server frees it */
    size_t len;
} serve_reply;

/* Answer GET /api/<name>: fill r (JSON body). */
typedef void (*serve_api_fn)(void *ctx, const char *name, const serve_param *params, size_t n,
                             serve_reply *r);

typedef struct serve_opts {
    const char *bind;     /* address, default 127.0.0.1 */
    int port;             /* 0 = any free port */
    size_t max_url;       /* longest request line accepted (default 2048) */
    size_t max_params;    /* default 24 */
    size_t max_value;     /* longest parameter value (default 256) */
    size_t max_body;      /* largest response (default 16 MiB) */
    const char *page;     /* the dashboard HTML served at / */
    size_t page_len;
    serve_api_fn api;
    void *api_ctx;
    FILE *log;            /* access log, one line per request */
    unsigned max_connections; /* at once (default 256) */
    unsigned max_per_client;  /* at once from one address (default 32) */
    unsigned idle_timeout_s;  /* an idle connection closes (default 10) */
} serve_opts;

typedef struct serve serve;

/* Start listening. *out is caller-owned: serve_stop. */
int serve_start(serve **out, const serve_opts *o, bloc_error *err);
int serve_port(const serve *s);
void serve_stop(serve *s);

/* Why a decoded query parameter (key and value with their lengths, as
 * decoded: a %00 leaves a NUL inside) is refused, or NULL when it is
 * fine: a name of 1-32 plain characters; a value of at most max_value
 * bytes of UTF-8 text without NUL, control characters, '%', '<' or '>'. */
const char *serve_param_problem(const char *key, size_t key_size, const char *value,
                                size_t value_size, size_t max_value);

/* A JSON error body {"error": msg, "status": status} into r. */
void serve_error(serve_reply *r, int status, const char *msg);

#endif
