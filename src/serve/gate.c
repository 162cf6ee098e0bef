/*
 * serve/gate — the listening socket and the request-line check (see
 * gate.h). The check peeks (MSG_PEEK), so a connection that passes reaches
 * libmicrohttpd with every byte its client sent.
 */
#include "serve/gate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

enum {
    GATE_PEEK_MAX = 16384,   /* most bytes looked at (the request line fits) */
    GATE_LINE_SLACK = 32,    /* method, spaces and version around the target */
    GATE_DRAIN_BYTES = 1 << 18,
    GATE_THREAD_STACK = 1 << 17,
};

struct serve_gate {
    int fd;                 /* listening socket */
    int stop_pipe[2];       /* written by gate_stop */
    int port;
    gate_limits l;
    gate_pass_fn pass;
    void *ctx;
    FILE *log;
    pthread_t acceptor;
    int acceptor_started;
    pthread_mutex_t mu;
    pthread_cond_t idle;
    unsigned pending;       /* connections being looked at */
    uint32_t *from;         /* their client addresses (IPv4), pending of max_pending */
};

/* ---- the verdict ---------------------------------------------------------- */

static int is_target_byte(unsigned char c)
{
    return c > 0x20 && c < 0x7f;
}

int gate_check_line(const char *buf, size_t n, int complete, const gate_limits *l,
                    int *need_more, const char **why)
{
    const char *end = memchr(buf, '\n', n);
    size_t len = end ? (size_t)(end - buf) : n;
    size_t max_line = l->max_target + GATE_LINE_SLACK;
    *need_more = 0;
    *why = NULL;
    if (end && len > 0 && buf[len - 1] == '\r')
        len--;
    /* the method: 1-16 capital letters, then one space */
    size_t m = 0;
    while (m < len && m < 17 && buf[m] >= 'A' && buf[m] <= 'Z')
        m++;
    if ((m < len && buf[m] != ' ') || m > 16 || (m == 0 && len > 0)) {
        *why = "malformed request line: it must be METHOD /path HTTP/1.1";
        return 400;
    }
    /* the bytes so far are all target bytes, up to the version */
    for (size_t i = m + 1; i < len; i++)
        if (!is_target_byte((unsigned char)buf[i]) && buf[i] != ' ') {
            *why = "malformed request line: a control or non-ASCII byte (the target must be "
                   "percent-encoded)";
            return 400;
        }
    if (!end) {
        if (len > max_line) {
            *why = "request line too long";
            return 414;
        }
        if (!complete) {
            *need_more = 1;
            return 0;
        }
        *why = "no complete request line in time";
        return 408;
    }
    const char *target = buf + m + 1;
    const char *sp = m < len ? memchr(target, ' ', len - m - 1) : NULL;
    if (!sp || buf[m + 1] != '/') {
        *why = "malformed request line: it must be METHOD /path HTTP/1.1";
        return 400;
    }
    size_t tlen = (size_t)(sp - target);
    const char *version = sp + 1;
    size_t vlen = (size_t)(buf + len - version);
    int http = vlen >= 5 && memcmp(version, "HTTP/", 5) == 0 && !memchr(version, ' ', vlen);
    if (vlen != 8 || (memcmp(version, "HTTP/1.1", 8) != 0 && memcmp(version, "HTTP/1.0", 8) != 0)) {
        *why = http
                   ? "HTTP version not supported (1.0 and 1.1 are)"
                   : "malformed request line: it must be METHOD /path HTTP/1.1";
        return http ? 505 : 400;
    }
    if (tlen > l->max_target) {
        *why = "URL too long";
        return 414;
    }
    const char *q = memchr(target, '?', tlen);
    if (q) {
        size_t params = 1;
        for (const char *p = q + 1; p < target + tlen; p++)
            params += *p == '&' || *p == ';';
        if (params > l->max_params) {
            *why = "too many parameters";
            return 400;
        }
    }
    return 0;
}

/* ---- answering a refused connection --------------------------------------- */

static const char *status_text(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* Answer and close. What the client sent is read and dropped first (up to
 * a bound, briefly): closing a socket with unread input sends a reset,
 * which can destroy the answer before the client reads it. */
static void refuse(serve_gate *g, int fd, int status, const char *why)
{
    json_t *j = json_pack("{s:s, s:i}", "error", why, "status", status);
    char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    char head[256];
    int hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                      "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
                      status, status_text(status), body ? strlen(body) : 0);
    write_all(fd, head, (size_t)hn);
    if (body)
        write_all(fd, body, strlen(body));
    shutdown(fd, SHUT_WR);
    struct timeval tv = {0, 200000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char sink[4096];
    size_t drained = 0;
    double until = now_s() + 1.0;
    ssize_t r;
    while (drained < GATE_DRAIN_BYTES && now_s() < until && (r = recv(fd, sink, sizeof sink, 0)) > 0)
        drained += (size_t)r;
    close(fd);
    if (g->log) {
        char when[32];
        time_t t = time(NULL);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
        fprintf(g->log, "%s - (refused at the request line: %s) %d %zu\n", when, why, status,
                body ? strlen(body) : 0);
        fflush(g->log);
    }
    free(body);
}

/* ---- one connection -------------------------------------------------------- */

typedef struct pending_conn {
    serve_gate *g;
    int fd;
    struct sockaddr_storage addr;
    socklen_t len;
} pending_conn;

/* Count a connection from addr in, unless the gate is full or that
 * address has its share being looked at already: 0, or the reason. */
static const char *add_pending(serve_gate *g, uint32_t addr)
{
    const char *why = NULL;
    pthread_mutex_lock(&g->mu);
    unsigned same = 0;
    for (unsigned i = 0; i < g->pending; i++)
        same += g->from[i] == addr;
    if (g->pending >= g->l.max_pending)
        why = "too many connections at once";
    else if (same >= g->l.max_per_client)
        why = "too many connections from this address at once";
    else
        g->from[g->pending++] = addr;
    pthread_mutex_unlock(&g->mu);
    return why;
}

static void done_pending(serve_gate *g, uint32_t addr)
{
    pthread_mutex_lock(&g->mu);
    for (unsigned i = 0; i < g->pending; i++)
        if (g->from[i] == addr) {
            g->from[i] = g->from[g->pending - 1];
            break;
        }
    g->pending--;
    pthread_cond_broadcast(&g->idle);
    pthread_mutex_unlock(&g->mu);
}

static uint32_t client_addr(const pending_conn *c)
{
    return c->addr.ss_family == AF_INET ? ((const struct sockaddr_in *)&c->addr)->sin_addr.s_addr
                                        : 0;
}

static void *look(void *arg)
{
    pending_conn *c = arg;
    serve_gate *g = c->g;
    char buf[GATE_PEEK_MAX];
    size_t cap = g->l.max_target + GATE_LINE_SLACK + 2;
    if (cap > sizeof buf)
        cap = sizeof buf;
    double until = now_s() + g->l.line_ms / 1000.0;
    ssize_t last = -1;
    for (;;) {
        double left = until - now_s();
        struct pollfd p = {c->fd, POLLIN, 0};
        int pr = left > 0 ? poll(&p, 1, (int)(left * 1000) + 1) : 0;
        if (pr < 0 && errno == EINTR)
            continue;
        int timed_out = pr == 0;
        ssize_t n = timed_out ? (last < 0 ? 0 : last) : recv(c->fd, buf, cap, MSG_PEEK);
        if (!timed_out && n <= 0) { /* the client left (or the socket failed) */
            close(c->fd);
            break;
        }
        int more;
        const char *why;
        int status = gate_check_line(buf, (size_t)n, timed_out || (size_t)n == cap, &g->l, &more,
                                     &why);
        if (status) {
            refuse(g, c->fd, status, why);
            break;
        }
        if (!more) {
            g->pass(g->ctx, c->fd, (struct sockaddr *)&c->addr, c->len);
            break;
        }
        if (n == last) { /* nothing new: poll would return at once */
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        last = n;
    }
    uint32_t addr = client_addr(c);
    free(c);
    done_pending(g, addr);
    return NULL;
}

static void *acceptor(void *arg)
{
    serve_gate *g = arg;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, GATE_THREAD_STACK);
    for (;;) {
        struct pollfd p[2] = {{g->fd, POLLIN, 0}, {g->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        if (!(p[0].revents & POLLIN))
            continue;
        pending_conn *c = calloc(1, sizeof *c);
        if (!c)
            continue;
        c->g = g;
        c->len = sizeof c->addr;
        c->fd = accept(g->fd, (struct sockaddr *)&c->addr, &c->len);
        if (c->fd < 0) {
            free(c);
            continue;
        }
        pthread_t t;
        uint32_t addr = client_addr(c);
        const char *full = add_pending(g, addr);
        if (full) {
            refuse(g, c->fd, 503, full);
            free(c);
        } else if (pthread_create(&t, &attr, look, c) != 0) {
            refuse(g, c->fd, 503, "cannot take another connection now");
            free(c);
            done_pending(g, addr);
        }
    }
    pthread_attr_destroy(&attr);
    return NULL;
}

/* ---- start and stop ---------------------------------------------------------- */

int gate_start(serve_gate **out, const char *address, int port, const gate_limits *l,
               gate_pass_fn pass, void *ctx, FILE *log, bloc_error *err)
{
    struct sockaddr_in addr;
    *out = NULL;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, address, &addr.sin_addr) != 1)
        return bloc_fail(err, BLOC_EUSAGE, "--bind needs an IPv4 address, not '%s'", address);
    serve_gate *g = calloc(1, sizeof *g);
    if (!g)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    g->l = *l;
    g->pass = pass;
    g->ctx = ctx;
    g->log = log;
    g->stop_pipe[0] = g->stop_pipe[1] = -1;
    g->fd = -1;
    if (!(g->from = calloc(l->max_pending ? l->max_pending : 1, sizeof *g->from))) {
        free(g);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->idle, NULL);
    int one = 1;
    g->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (g->fd < 0 || setsockopt(g->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(g->fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(g->fd, 128) != 0 || pipe(g->stop_pipe) != 0) {
        int e = errno;
        gate_stop(g);
        return bloc_fail(err, BLOC_EIO, "cannot listen on %s:%d: %s", address, port, strerror(e));
    }
    struct sockaddr_in got;
    socklen_t glen = sizeof got;
    g->port = getsockname(g->fd, (struct sockaddr *)&got, &glen) == 0 ? ntohs(got.sin_port) : port;
    if (pthread_create(&g->acceptor, NULL, acceptor, g) != 0) {
        gate_stop(g);
        return bloc_fail(err, BLOC_ENOMEM, "cannot start the accept thread");
    }
    g->acceptor_started = 1;
    *out = g;
    return BLOC_OK;
}

int gate_port(const serve_gate *g)
{
    return g->port;
}

void gate_stop(serve_gate *g)
{
    if (!g)
        return;
    if (g->acceptor_started) {
        ssize_t w = write(g->stop_pipe[1], "x", 1);
        (void)w;
        pthread_join(g->acceptor, NULL);
    }
    pthread_mutex_lock(&g->mu);
    while (g->pending > 0)
        pthread_cond_wait(&g->idle, &g->mu);
    pthread_mutex_unlock(&g->mu);
    if (g->fd >= 0)
        close(g->fd);
    for (int i = 0; i < 2; i++)
        if (g->stop_pipe[i] >= 0)
            close(g->stop_pipe[i]);
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->idle);
    free(g->from);
    free(g);
}
