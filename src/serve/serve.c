/*
 * serve — HTTP on libmicrohttpd (see serve.h).
 */
#include "serve/serve.h"
#include "serve/gate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/util.h"

struct serve {
    struct MHD_Daemon *d;
    serve_gate *gate;  /* the listening socket; hands connections to d */
    serve_opts o;
};

enum { MAX_PARAMS_HARD = 64 };

void serve_error(serve_reply *r, int status, const char *msg)
{
    /* a message may quote what a client sent: bytes that are not UTF-8
     * (which jansson refuses) are shown as '?' */
    char safe[2048];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)msg; *p && n + 1 < sizeof safe;) {
        size_t k = util_utf8_prefix((const char *)p);
        if (k == 0) {
            safe[n++] = '?';
            p++;
            continue;
        }
        if (n + k >= sizeof safe)
            break;
        memcpy(safe + n, p, k);
        n += k;
        p += k;
    }
    safe[n] = '\0';
    json_t *j = json_pack("{s:s, s:i}", "error", safe, "status", status);
    free(r->body);
    r->body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    r->len = r->body ? strlen(r->body) : 0;
    r->status = status;
    json_decref(j);
}

typedef struct collect {
    serve_param p[MAX_PARAMS_HARD];
    size_t n, max_n, max_value;
    const char *bad; /* why the parameters were refused, NULL = fine */
} collect;

/* Parameter values: printable ASCII or UTF-8 letters, no control
 * characters and no '%' (left by a malformed percent-encoding). */
static int value_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '%' || *p == '<' || *p == '>')
            return 0;
    return 1;
}

/* Decoded keys and values come with their lengths: a %00 would otherwise
 * end a value early ("RUS%00junk" read as RUS). */
const char *serve_param_problem(const char *key, size_t key_size, const char *value,
                                size_t value_size, size_t max_value)
{
    if (!key || !*key || key_size > 32 || strlen(key) != key_size || !value_ok(key))
        return "bad parameter name";
    if (value && value_size > max_value)
        return "parameter value too long";
    if (value && strlen(value) != value_size)
        return "a parameter value holds a NUL byte (%00)";
    if (value && !util_utf8_valid(value, value_size))
        return "a parameter value is not valid UTF-8 (percent-encode UTF-8 bytes)";
    if (value && !value_ok(value))
        return "bad character in a parameter value (control character, '%', '<' or '>')";
    return NULL;
}

static enum MHD_Result on_param(void *arg, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    collect *c = arg;
    (void)kind;
    if (c->bad)
        return MHD_NO;
    if (c->n >= c->max_n || c->n >= MAX_PARAMS_HARD)
        c->bad = "too many parameters";
    else if (!(c->bad = serve_param_problem(key, key_size, value, value_size, c->max_value))) {
        c->p[c->n].key = key;
        c->p[c->n].value = value ? value : "";
        c->n++;
        return MHD_YES;
    }
    return MHD_NO;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static enum MHD_Result queue(struct MHD_Connection *conn, int status, const char *type,
                             const char *body, size_t len, int copy)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, (void *)body, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result r = MHD_queue_response(conn, (unsigned int)status, resp);
    MHD_destroy_response(resp);
    return r;
}

static void access_log(const serve *s, const char *method, const char *url, int status,
                       size_t bytes, double ms)
{
    if (!s->o.log)
        return;
    char when[32];
    time_t t = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    fprintf(s->o.log, "%s %s %.200s %d %zu %.1fms\n", when, method, url, status, bytes, ms);
    fflush(s->o.log);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    serve *s = cls;
    (void)version;
    (void)upload;
    double t0 = now_ms();
    serve_reply r = {0};
    const char *type = "application/json";
    enum MHD_Result ret;
    if (!*con_cls) { /* first call for this request: headers only */
        *con_cls = (void *)1;
        if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
            return MHD_YES;
        /* refuse other methods before reading any body */
        serve_error(&r, 405, "only GET is served");
        ret = queue(conn, r.status, type, r.body, r.len, 1);
        access_log(s, method, url, r.status, r.len, now_ms() - t0);
        free(r.body);
        return ret;
    }
    if (*upload_size) { /* a GET with a body: drop it, refuse at the end */
        *upload_size = 0;
        *con_cls = (void *)2;
        return MHD_YES;
    }
    if (*con_cls == (void *)2) {
        serve_error(&r, 413, "request bodies are not accepted");
    } else if (strlen(url) > s->o.max_url) {
        serve_error(&r, 414, "URL too long");
    } else if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0) {
        access_log(s, method, url, 200, s->o.page_len, now_ms() - t0);
        return queue(conn, 200, "text/html; charset=utf-8", s->o.page, s->o.page_len, 0);
    } else if (strncmp(url, "/api/", 5) == 0 && url[5]) {
        const char *name = url + 5;
        int ok = 1;
        for (const char *p = name; *p; p++)
            ok &= islower((unsigned char)*p) != 0;
        collect c = {.max_n = s->o.max_params, .max_value = s->o.max_value};
        MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, on_param, &c);
        if (!ok || strlen(name) > 32)
            serve_error(&r, 404, "no such endpoint");
        else if (c.bad)
            serve_error(&r, 400, c.bad);
        else
            s->o.api(s->o.api_ctx, name, c.p, c.n, &r);
        if (r.body && r.len > s->o.max_body)
            serve_error(&r, 413, "the result is too large: narrow the query (dates, countries, limit)");
        if (!r.body)
            serve_error(&r, 500, "no response");
    } else {
        serve_error(&r, 404, "not found: the dashboard is at / and the API under /api/");
    }
    ret = queue(conn, r.status, type, r.body, r.len, 1);
    access_log(s, method, url, r.status, r.len, now_ms() - t0);
    free(r.body);
    return ret;
}

/* A connection the gate let through. */
static void take_connection(void *ctx, int fd, const struct sockaddr *addr, socklen_t len)
{
    serve *s = ctx;
    MHD_add_connection(s->d, fd, addr, len); /* closes fd when it cannot take it */
}

int serve_start(serve **out, const serve_opts *o, bloc_error *err)
{
    serve *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    s->o = *o;
    if (!s->o.max_url)
        s->o.max_url = 2048;
    if (!s->o.max_params)
        s->o.max_params = 24;
    if (!s->o.max_value)
        s->o.max_value = 256;
    if (!s->o.max_body)
        s->o.max_body = 16u << 20;
    if (!s->o.max_connections)
        s->o.max_connections = 256;
    if (!s->o.max_per_client)
        s->o.max_per_client = 32;
    if (!s->o.idle_timeout_s)
        s->o.idle_timeout_s = 10;
    /* a thread per connection (1 MiB of stack each); the request line and
     * headers must fit in 64 KiB; connections are bounded in all and per
     * client address, and close when idle. The socket is the gate's. */
    s->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                                MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC | MHD_USE_ERROR_LOG,
                            0, NULL, NULL, handle, s, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                            (size_t)65536, MHD_OPTION_CONNECTION_TIMEOUT, s->o.idle_timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, s->o.max_connections,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->o.max_per_client,
                            MHD_OPTION_THREAD_STACK_SIZE, (size_t)1 << 20, MHD_OPTION_END);
    if (!s->d) {
        free(s);
        return bloc_fail(err, BLOC_EIO, "cannot start the HTTP server");
    }
    gate_limits gl = {s->o.max_url, s->o.max_params, s->o.max_connections, s->o.max_per_client,
                      5000};
    int rc = gate_start(&s->gate, o->bind ? o->bind : "127.0.0.1", o->port, &gl, take_connection,
                        s, s->o.log, err);
    if (rc != BLOC_OK) {
        serve_stop(s);
        return rc;
    }
    *out = s;
    return BLOC_OK;
}

int serve_port(const serve *s)
{
    return gate_port(s->gate);
}

void serve_stop(serve *s)
{
    if (!s)
        return;
    gate_stop(s->gate);
    if (s->d)
        MHD_stop_daemon(s->d);
    free(s);
}
