/* tests/serve/serve_test — the JSON API as a client of the library: an
 * endpoint answers exactly what its call writes with the JSON writer,
 * errors map to statuses by code; and the server over HTTP on loopback:
 * eight clients get correct answers while another runs heavy requests, and
 * slow clients that never finish their headers (from another loopback
 * address) are bounded per address and do not hold up anyone else. Bounded
 * in count and time; no timings are asserted. */
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include "bloc.h"
#include "test.h"

static char *db;
static bloc_config cfg;
static store_pool *pool;
static serve_api api;
static serve *srv;

static int setup(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    db = malloc(strlen(dir) + 16);
    sprintf(db, "%s/s.db", dir);
    free(dir);
    cfg = (bloc_config){db, BLOC_DATADIR, BLOC_ISODIR_DEFAULT, BLOC_WEBDIR, BLOC_WORDNET_DEFAULT};
    char *files[] = {"tests/cases/analysis/events.csv"};
    ingest_events_req ev = {.files = {files, 1}, .quiet = 1};
    bloc_session *S = NULL;
    bloc_error err;
    result *res = result_new();
    if (bloc_session_new(&S, &cfg, 0, NULL, 0, &err) != BLOC_OK ||
        ingest_events_call.run(S, &ev, res, &err) != BLOC_OK ||
        bloc_session_events(S, NULL, NULL, &err) != BLOC_OK)
        fail_msg("fixture: %s", err.msg);
    result_free(res);
    bloc_session_close(S);
    if (store_pool_new(&pool, db, STORE_READONLY, 4, &err) != BLOC_OK)
        fail_msg("pool: %s", err.msg);
    api = (serve_api){&cfg, pool, 5000, 1000, 1 << 20};
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    serve_stop(srv);
    store_pool_free(pool);
    curl_global_cleanup();
    free(db);
    return 0;
}

static serve_reply ask(const serve_api *a, const char *name, const opt_param *p, size_t n)
{
    serve_reply r = {0};
    serve_api_answer((void *)a, name, p, n, &r);
    return r;
}

/* What the call writes with the JSON writer, for the same request. */
static char *json_of(const bloc_call *c, int argc, char **argv)
{
    void *req = bloc_call_request(c);
    opt_target t[] = {{c->opts, req}, {NULL, NULL}};
    opt_status st;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    out_writer *w = out_writer_new(m, OUT_JSON);
    result_sink sink = out_writer_sink(w);
    result *res = result_new_stream(&sink);
    bloc_session *S = NULL;
    bloc_error err;
    assert_int_equal(opt_parse_argv(t, argc, argv, &st), OPT_OK);
    assert_int_equal(bloc_call_check(c, req, st.npos, NULL, &err), BLOC_OK);
    assert_int_equal(bloc_session_new(&S, &cfg, 1, NULL, 0, &err), BLOC_OK);
    assert_int_equal(c->run(S, req, res, &err), BLOC_OK);
    result_finish(res);
    result_free(res);
    out_writer_free(w);
    bloc_session_close(S);
    fclose(m);
    free(req);
    return buf;
}

static void same_json_as_the_call(void **state)
{
    (void)state;
    opt_param p[] = {{"a", "RUS"}, {"b", "PRK"}, {"by", "month"}};
    serve_reply r = ask(&api, "dyad", p, 3);
    char *argv[] = {"dyad", "RUS", "PRK", "--by", "month"};
    char *want = json_of(&analysis_dyad, 5, argv);
    assert_int_equal(r.status, 200);
    assert_non_null(r.body);
    assert_string_equal(r.body, want);
    free(want);
    free(r.body);
    /* a value that looks like an option is a value: an unknown state */
    opt_param q[] = {{"a", "--help"}, {"b", "PRK"}};
    r = ask(&api, "dyad", q, 2);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "unknown country '--help'"));
    free(r.body);
}

static void statuses_by_code(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        opt_param p[3];
        size_t n;
        int status;
        const char *says;
    } cases[] = {
        {"nosuch", {{0}}, 0, 404, "no such endpoint"},
        {"dyad", {{"a", "RUS"}}, 1, 400, "missing parameter 'b'"},
        {"dyad", {{"a", "RUS"}, {"b", "PRK"}, {"zzz", "1"}}, 3, 400, "unknown parameter: 'zzz'"},
        {"dyad", {{"a", "RUS"}, {"b", "PRK"}, {"by", "fortnight"}}, 3, 400, "bloc dyad: --by takes"},
        {"dyad", {{"a", "RUS"}, {"b", "Narnia"}}, 2, 400, "unknown country 'Narnia'"},
        {"events", {{"limit", "100000"}}, 1, 400, "limit must be 1..1000"},
        {"assess", {{"group", "crink"}, {"vs", "g7"}, {"reps", "5000"}}, 3, 400, "at most 999"},
        {"index", {{"weights", "/etc/passwd"}}, 1, 400, "unknown parameter: 'weights'"},
        {"groups", {{"sub", "rm"}, {"name", "crink"}}, 2, 400, "unknown parameter: 'sub'"},
        {"groups", {{"name", "nosuch"}}, 1, 400, "no group named 'nosuch'"},
        {"events", {{"dyad", "RUS,PRK"}, {"limit", "2"}}, 2, 200, "\"source_event_id\":\"a6\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        serve_reply r = ask(&api, cases[i].name, cases[i].p, cases[i].n);
        if (r.status != cases[i].status || !r.body || !strstr(r.body, cases[i].says))
            fail_msg("/api/%s case %zu: %d %s (wanted %d and '%s')", cases[i].name, i, r.status,
                     r.body ? r.body : "(no body)", cases[i].status, cases[i].says);
        free(r.body);
    }
    /* an answer past the size bound is refused as it is written: 413 */
    serve_api small = api;
    small.max_bytes = 200;
    opt_param p[] = {{"dyad", "RUS,PRK"}};
    serve_reply r = ask(&small, "events", p, 1);
    assert_int_equal(r.status, 413);
    free(r.body);
}

/* ---- over HTTP ---- */

typedef struct fetch {
    char *data;
    size_t len;
} fetch;

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    fetch *f = arg;
    char *d = realloc(f->data, f->len + size * n + 1);
    if (!d)
        return 0;
    memcpy(d + f->len, p, size * n);
    f->len += size * n;
    d[f->len] = '\0';
    f->data = d;
    return size * n;
}

/* GET url; the status, the body into *body (malloc'd). */
static long get(const char *url, char **body)
{
    CURL *c = curl_easy_init();
    fetch f = {0};
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    *body = f.data;
    return status;
}

static int port;
static char *expected[4];
static const char *const dyads[4][2] = {{"RUS", "PRK"}, {"RUS", "CHN"}, {"PRK", "CHN"}, {"CHN", "RUS"}};

typedef struct client {
    int id, right, wrong, heavy;
} client;

static void *client_loop(void *arg)
{
    client *c = arg;
    for (int k = 0; k < 12; k++) {
        char url[256], *body = NULL;
        int d = (c->id + k) % 4;
        if (c->heavy)
            snprintf(url, sizeof url, "http://127.0.0.1:%d/api/pairs?group=nato,brics,sco,g7,crink&by=week", port);
        else
            snprintf(url, sizeof url, "http://127.0.0.1:%d/api/dyad?a=%s&b=%s", port, dyads[d][0], dyads[d][1]);
        long st = get(url, &body);
        if (c->heavy ? (st == 200 || st == 503 || st == 413) : (st == 200 && body && !strcmp(body, expected[d])))
            c->right++;
        else
            c->wrong++;
        free(body);
    }
    return NULL;
}

static void start(unsigned per_client)
{
    bloc_error err;
    serve_stop(srv);
    srv = NULL;
    serve_opts so = {.port = 0, .bind = "127.0.0.1", .page = "<html></html>", .page_len = 13,
                     .api = serve_api_answer, .api_ctx = &api, .max_per_client = per_client,
                     .idle_timeout_s = 5};
    if (serve_start(&srv, &so, &err) != BLOC_OK)
        fail_msg("serve_start: %s", err.msg);
    port = serve_port(srv);
}

static void parallel_clients(void **state)
{
    (void)state;
    start(32);
    for (int d = 0; d < 4; d++) {
        char *argv[] = {"dyad", (char *)dyads[d][0], (char *)dyads[d][1]};
        expected[d] = json_of(&analysis_dyad, 3, argv);
    }
    client cl[9];
    pthread_t t[9];
    for (int i = 0; i < 9; i++) {
        cl[i] = (client){.id = i, .heavy = i == 8};
        pthread_create(&t[i], NULL, client_loop, &cl[i]);
    }
    int right = 0, wrong = 0;
    for (int i = 0; i < 9; i++) {
        pthread_join(t[i], NULL);
        if (i < 8) {
            right += cl[i].right;
            wrong += cl[i].wrong;
        }
    }
    assert_int_equal(wrong, 0);
    assert_int_equal(right, 8 * 12);
    assert_int_equal(cl[8].wrong, 0);
    for (int d = 0; d < 4; d++)
        free(expected[d]);
}

/* A connection from src that sends a request line and a header, and never
 * the end of the headers. */
static int slow_client(const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET}, to = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &a.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    to.sin_port = htons((uint16_t)port);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    const char *part = "GET /api/stats HTTP/1.1\r\nHost: slow\r\n";
    if (write(fd, part, strlen(part)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* How many of fds[0..n) the server refuses within about two seconds:
 * closes (read gives 0 or an error) or answers 503 (the gate's answer when
 * an address has its share of connections being looked at). */
static int closed_by_server(const int *fds, int n)
{
    int closed[64] = {0}, count = 0;
    for (int round = 0; round < 20 && count < n; round++) {
        struct pollfd p[64];
        for (int i = 0; i < n; i++)
            p[i] = (struct pollfd){closed[i] ? -1 : fds[i], POLLIN, 0};
        if (poll(p, (nfds_t)n, 100) <= 0)
            continue;
        for (int i = 0; i < n; i++) {
            char c[64];
            ssize_t got;
            if (!closed[i] && (p[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                ((got = read(fds[i], c, sizeof c)) <= 0 ||
                 (got >= 12 && memcmp(c, "HTTP/1.1 503", 12) == 0)))
                closed[i] = 1, count++;
        }
    }
    return count;
}

static void slow_clients_do_not_block(void **state)
{
    (void)state;
    enum { SLOW = 20, PER_CLIENT = 8 };
    start(PER_CLIENT);
    int fds[SLOW], held = 0;
    for (int i = 0; i < SLOW; i++)
        held += (fds[i] = slow_client("127.0.0.2")) >= 0;
    if (held == 0) {
        skip(); /* no second loopback address in this sandbox */
        return;
    }
    assert_int_equal(held, SLOW);
    /* probes from another address are all answered while they wait */
    for (int k = 0; k < 10; k++) {
        char url[128], *body = NULL;
        snprintf(url, sizeof url, "http://127.0.0.1:%d/api/stats", port);
        assert_int_equal(get(url, &body), 200);
        assert_non_null(strstr(body, "schema_version"));
        free(body);
    }
    /* beyond the per-address bound the server closes them at once */
    int refused = closed_by_server(fds, SLOW);
    assert_true(refused >= SLOW - PER_CLIENT);
    assert_true(refused < SLOW); /* the others are held until they go idle */
    for (int i = 0; i < SLOW; i++)
        close(fds[i]);
}

int test_serve(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(same_json_as_the_call),
                                       cmocka_unit_test(statuses_by_code),
                                       cmocka_unit_test(parallel_clients),
                                       cmocka_unit_test(slow_clients_do_not_block)};
    return cmocka_run_group_tests_name("serve", tests, setup, teardown);
}
