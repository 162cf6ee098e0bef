/*
 * serve/gate — the server's front door: owns the listening socket and the
 * accept thread, and looks at each connection's request line (peeked, not
 * read) before libmicrohttpd gets the socket. libmicrohttpd 0.9.75 closes a
 * connection without a word when the request line is not HTTP, or when its
 * query has more parameters than its per-connection memory pool can hold
 * (it parses them all before any handler runs); a client then sees a
 * dropped or hanging connection. The gate answers those at once with a
 * JSON 4xx and hands every other connection to libmicrohttpd untouched.
 * gate_check_line is the verdict alone (no I/O), for tests and the fuzzer.
 */
#ifndef BLOC_SERVE_GATE_H
#define BLOC_SERVE_GATE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "core/error.h"

typedef struct gate_limits {
    size_t max_target;    /* longest request target (path and query) */
    size_t max_params;    /* most query parameters */
    unsigned max_pending; /* connections being looked at, at once */
    unsigned max_per_client; /* of those, from one address */
    unsigned line_ms;     /* time a client has to send its request line */
} gate_limits;

/* The verdict on the first n bytes a client sent (complete: the client
 * sent no more within the time allowed, or the buffer is full): 0 when
 * the connection may go on (or more bytes are needed: *why is then NULL
 * and the return 0 with need_more set), else the HTTP status to answer,
 * with the reason in *why (a static string). */
int gate_check_line(const char *buf, size_t n, int complete, const gate_limits *l,
                    int *need_more, const char **why);

/* Called with each connection that passed (it owns fd from then on). */
typedef void (*gate_pass_fn)(void *ctx, int fd, const struct sockaddr *addr, socklen_t len);

typedef struct serve_gate serve_gate;

/* Listen on address:port (port 0: any free one) and start accepting. log
 * (may be NULL) gets one line per connection the gate answered. */
int gate_start(serve_gate **out, const char *address, int port, const gate_limits *l,
               gate_pass_fn pass, void *ctx, FILE *log, bloc_error *err);
int gate_port(const serve_gate *g);
/* Stop accepting and wait for the connections being looked at. */
void gate_stop(serve_gate *g);

#endif
