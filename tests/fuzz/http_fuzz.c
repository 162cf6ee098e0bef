/*
 * tests/fuzz/http_fuzz — libFuzzer target for the server's request
 * handling short of running a query: the input is what a client sends;
 * serve/gate judges its request line; a line that passes has its query
 * split and percent-decoded as libmicrohttpd does (MHD_http_unescape),
 * each parameter judged by serve_param_problem, and the parameters parsed
 * and checked by every endpoint's option table (serve_api_check). Checked:
 * a refusal always says why with a 4xx or 5xx status; no parameter that
 * passes holds a NUL, bad UTF-8 or more than the bound; an error reply is
 * JSON whose message is valid UTF-8, with a 4xx status or the 404 of an
 * unknown endpoint.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/util.h"
#include "serve/api.h"
#include "serve/gate.h"

enum { MAX_VALUE = 256, MAX_PARAMS = 24 };

static void check_reply(const serve_reply *r)
{
    if (r->status < 400 || r->status > 599 || !r->body)
        abort();
    json_error_t je;
    json_t *j = json_loadb(r->body, r->len, 0, &je);
    const char *msg = j ? json_string_value(json_object_get(j, "error")) : NULL;
    if (!msg || !util_utf8_valid(msg, strlen(msg)))
        abort();
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gate_limits l = {.max_target = 2048, .max_params = MAX_PARAMS, .max_pending = 1,
                     .max_per_client = 1, .line_ms = 1};
    int more;
    const char *why;
    int status = gate_check_line((const char *)data, size, 1, &l, &more, &why);
    if (status) {
        if (!why || status < 400 || status > 599)
            abort();
        return 0;
    }
    if (more)
        abort(); /* with nothing more to come there is a verdict */
    /* the target: from the first space to the next */
    const char *sp = memchr(data, ' ', size);
    const char *end = sp ? memchr(sp + 1, ' ', size - (size_t)(sp + 1 - (const char *)data)) : NULL;
    if (!sp || !end)
        abort(); /* a line that passed has METHOD SP TARGET SP VERSION */
    size_t tlen = (size_t)(end - sp - 1);
    char *target = malloc(tlen + 1);
    if (!target)
        return 0;
    memcpy(target, sp + 1, tlen);
    target[tlen] = '\0';
    char *q = strchr(target, '?');
    const char *name = strncmp(target, "/api/", 5) == 0 ? target + 5 : "stats";
    serve_param p[MAX_PARAMS];
    size_t n = 0;
    int refused = 0;
    if (q) {
        *q++ = '\0';
        for (char *tok = strtok(q, "&;"); tok && n < MAX_PARAMS && !refused; tok = strtok(NULL, "&;")) {
            char *eq = strchr(tok, '=');
            if (eq)
                *eq++ = '\0';
            size_t klen = MHD_http_unescape(tok), vlen = eq ? MHD_http_unescape(eq) : 0;
            const char *bad = serve_param_problem(tok, klen, eq ? eq : "", vlen, MAX_VALUE);
            if (bad) {
                refused = 1;
                continue;
            }
            if (strlen(eq ? eq : "") != vlen || vlen > MAX_VALUE || !util_utf8_valid(eq ? eq : "", vlen))
                abort(); /* what passes is clean */
            p[n++] = (serve_param){tok, eq ? eq : ""};
        }
    }
    if (!refused) {
        static const bloc_config cfg = {"/nonexistent/bloc.db", BLOC_DATADIR, BLOC_ISODIR_DEFAULT,
                                        BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
        serve_api A = {&cfg, NULL, 1000, 1000, 1 << 20};
        const char *const *names = serve_api_names();
        for (size_t i = 0; names[i]; i++) {
            serve_reply r = {0};
            if (serve_api_check(&A, names[i], p, n, &r) != 0)
                check_reply(&r);
            free(r.body);
        }
        serve_reply r = {0};
        if (serve_api_check(&A, name, p, n, &r) != 0)
            check_reply(&r);
        free(r.body);
    }
    free(target);
    return 0;
}
