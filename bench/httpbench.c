/*
 * bench/httpbench — the HTTP load of bench/serve.sh, in C so that the
 * client costs little next to the server it measures (libcurl easy handles,
 * one per thread, connections kept alive).
 *
 *   httpbench latency BASE N PATH...
 *       N requests one after another; "requests p50_ms p99_ms errors"
 *   httpbench load BASE CLIENTS SECONDS PATH...
 *       CLIENTS threads loop for SECONDS; "requests rps p50_ms p99_ms errors"
 *   httpbench mixed BASE HEAVY_CLIENTS HEAVY_PATH N PATH...
 *       HEAVY_CLIENTS threads loop HEAVY_PATH while N requests of PATH... go
 *       one after another; "requests p50_ms p99_ms errors heavy_done heavy_status"
 *   httpbench slow HOST PORT NSLOW NPROBE PATH
 *       NSLOW connections, each from its own loopback address (127.0.1.x),
 *       send a request line and a header and never finish; then NPROBE
 *       probes of PATH with a 10 s limit each; "held answered probes"
 *
 * Not part of bloc: built only by make bench.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
    (void)p, (void)arg;
    return size * n;
}

/* One GET on handle c; the HTTP status (0 on a transport error). */
static long get(CURL *c, const char *url, long timeout_s)
{
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *ms, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(ms, n, sizeof *ms, by_value);
    size_t k = (size_t)(p * (double)(n - 1) + 0.5);
    return ms[k];
}

typedef struct worker {
    const char *base;
    char **paths;
    int npaths;
    double until;     /* loop until this time (load) */
    volatile int *stop; /* or until *stop (heavy) */
    double *ms;
    size_t n, cap;
    long errors, last_status;
    int id;
} worker;

static void record(worker *w, double ms)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 1024;
        w->ms = realloc(w->ms, w->cap * sizeof *w->ms);
    }
    w->ms[w->n++] = ms;
}

static void *loop(void *arg)
{
    worker *w = arg;
    CURL *c = curl_easy_init();
    char url[2048];
    for (long k = w->id; (w->stop ? !*w->stop : now() < w->until); k++) {
        snprintf(url, sizeof url, "%s%s", w->base, w->paths[k % w->npaths]);
        double t0 = now();
        long st = get(c, url, 120);
        w->last_status = st;
        if (st != 200)
            w->errors++;
        record(w, (now() - t0) * 1e3);
    }
    curl_easy_cleanup(c);
    return NULL;
}

/* N requests one after another. */
static void sequence(const char *base, char **paths, int npaths, long n, worker *w)
{
    CURL *c = curl_easy_init();
    char url[2048];
    for (long k = 0; k < n; k++) {
        snprintf(url, sizeof url, "%s%s", base, paths[k % npaths]);
        double t0 = now();
        if (get(c, url, 120) != 200)
            w->errors++;
        record(w, (now() - t0) * 1e3);
    }
    curl_easy_cleanup(c);
}

static int latency(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    worker w = {0};
    sequence(argv[2], argv + 4, argc - 4, atol(argv[3]), &w);
    printf("%zu %.3f %.3f %ld\n", w.n, pct(w.ms, w.n, 0.5), pct(w.ms, w.n, 0.99), w.errors);
    return 0;
}

static int load(int argc, char **argv)
{
    if (argc < 6)
        return 2;
    int clients = atoi(argv[3]);
    double secs = atof(argv[4]), t0 = now();
    worker *w = calloc((size_t)clients, sizeof *w);
    pthread_t *t = calloc((size_t)clients, sizeof *t);
    for (int i = 0; i < clients; i++) {
        w[i] = (worker){.base = argv[2], .paths = argv + 5, .npaths = argc - 5, .until = t0 + secs, .id = i};
        pthread_create(&t[i], NULL, loop, &w[i]);
    }
    worker all = {0};
    for (int i = 0; i < clients; i++) {
        pthread_join(t[i], NULL);
        for (size_t k = 0; k < w[i].n; k++)
            record(&all, w[i].ms[k]);
        all.errors += w[i].errors;
        free(w[i].ms);
    }
    double el = now() - t0;
    printf("%zu %.1f %.3f %.3f %ld\n", all.n, (double)all.n / el, pct(all.ms, all.n, 0.5),
           pct(all.ms, all.n, 0.99), all.errors);
    free(all.ms);
    free(w);
    free(t);
    return 0;
}

static int mixed(int argc, char **argv)
{
    if (argc < 7)
        return 2;
    int heavy = atoi(argv[3]);
    char *hpath[] = {argv[4]};
    volatile int stop = 0;
    worker *h = calloc((size_t)heavy, sizeof *h);
    pthread_t *t = calloc((size_t)heavy, sizeof *t);
    for (int i = 0; i < heavy; i++) {
        h[i] = (worker){.base = argv[2], .paths = hpath, .npaths = 1, .stop = &stop, .id = i};
        pthread_create(&t[i], NULL, loop, &h[i]);
    }
    usleep(300000); /* the heavy requests under way */
    worker w = {0};
    sequence(argv[2], argv + 6, argc - 6, atol(argv[5]), &w);
    stop = 1;
    long done = 0, status = 0;
    for (int i = 0; i < heavy; i++) {
        pthread_join(t[i], NULL);
        done += (long)h[i].n;
        status = h[i].last_status;
        free(h[i].ms);
    }
    printf("%zu %.3f %.3f %ld %ld %ld\n", w.n, pct(w.ms, w.n, 0.5), pct(w.ms, w.n, 0.99), w.errors,
           done, status);
    free(w.ms);
    free(h);
    free(t);
    return 0;
}

static int slow(int argc, char **argv)
{
    if (argc < 7)
        return 2;
    const char *host = argv[2];
    int port = atoi(argv[3]), nslow = atoi(argv[4]), nprobe = atoi(argv[5]), held = 0;
    int *fds = calloc((size_t)nslow, sizeof *fds);
    for (int i = 0; i < nslow; i++) {
        char src[32];
        snprintf(src, sizeof src, "127.0.1.%d", 1 + i % 250);
        struct sockaddr_in a = {.sin_family = AF_INET}, to = {.sin_family = AF_INET};
        inet_pton(AF_INET, src, &a.sin_addr);
        inet_pton(AF_INET, host, &to.sin_addr);
        to.sin_port = htons((uint16_t)port);
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        const char *part = "GET /api/stats HTTP/1.1\r\nHost: slow\r\n";
        if (fds[i] >= 0 && bind(fds[i], (struct sockaddr *)&a, sizeof a) == 0 &&
            connect(fds[i], (struct sockaddr *)&to, sizeof to) == 0 &&
            write(fds[i], part, strlen(part)) > 0)
            held++;
    }
    usleep(200000);
    CURL *c = curl_easy_init();
    char url[1024];
    int answered = 0;
    snprintf(url, sizeof url, "http://%s:%d%s", host, port, argv[6]);
    for (int k = 0; k < nprobe; k++) {
        curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
        answered += get(c, url, 10) == 200;
    }
    curl_easy_cleanup(c);
    printf("%d %d %d\n", held, answered, nprobe);
    for (int i = 0; i < nslow; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
    return 0;
}

int main(int argc, char **argv)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = 2;
    if (argc >= 2 && strcmp(argv[1], "latency") == 0)
        rc = latency(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "load") == 0)
        rc = load(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "mixed") == 0)
        rc = mixed(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "slow") == 0)
        rc = slow(argc, argv);
    if (rc == 2)
        fprintf(stderr, "usage: httpbench latency|load|mixed|slow ... (see bench/httpbench.c)\n");
    curl_global_cleanup();
    return rc;
}
