/*
 * feed — HTTP with libcurl (see feed.h). MD5 through OpenSSL's EVP: GDELT
 * publishes MD5 sums, so MD5 is what can be checked.
 */
#include "feed/feed.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "core/util.h"

enum { MAX_BODY = 64 << 20 };

static void defaults(const feed_opts *o, feed_opts *d)
{
    *d = *o;
    if (d->timeout_s <= 0)
        d->timeout_s = 60;
    if (d->retries < 0)
        d->retries = 0;
    if (d->backoff_s <= 0)
        d->backoff_s = 1;
    if (d->parallel <= 0)
        d->parallel = 4;
}

/* Wait before attempt k (1, 2, ...): backoff 2^(k-1), plus jitter. */
static void backoff(const feed_opts *o, int k, unsigned *seed)
{
    double base = o->backoff_s * (double)(1u << (k - 1 < 10 ? k - 1 : 10));
    double wait = base + base * ((double)rand_r(seed) / RAND_MAX);
    if (o->log)
        fprintf(o->log, "feed: retrying in %.1f s\n", wait);
    struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
    nanosleep(&ts, NULL);
}

static void setup(CURL *c, const char *url, const feed_opts *o)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->timeout_s < 20 ? o->timeout_s : 20L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "bloc/0.1");
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
}

typedef struct membuf {
    char *data;
    size_t len, cap;
    int too_big;
} membuf;

static size_t to_mem(char *p, size_t size, size_t n, void *arg)
{
    membuf *b = arg;
    size_t k = size * n;
    if (b->len + k + 1 > MAX_BODY) {
        b->too_big = 1;
        return 0;
    }
    if (util_grow((void **)&b->data, &b->cap, b->len + k + 1, 1) != 0)
        return 0;
    memcpy(b->data + b->len, p, k);
    b->len += k;
    b->data[b->len] = '\0';
    return k;
}

/* A request with retries: GET, or POST of json when it is not NULL (a
 * webhook). Success is HTTP 200 for a GET, any 2xx for a POST; *b then
 * holds the answer (caller frees b->data). Failed GETs are logged attempt
 * by attempt; the last reason is in why. BLOC_OK, BLOC_EIO after the last
 * attempt, BLOC_ENOMEM when libcurl cannot start. */
static int request(const char *url, const char *json, const feed_opts *opts, membuf *b, char *why,
                   size_t whysz)
{
    feed_opts o;
    defaults(opts, &o);
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    for (int attempt = 0; attempt <= o.retries; attempt++) {
        if (attempt)
            backoff(&o, attempt, &seed);
        CURL *c = curl_easy_init();
        struct curl_slist *h = json ? curl_slist_append(NULL, "Content-Type: application/json") : NULL;
        char cerr[CURL_ERROR_SIZE] = "";
        long code = 0;
        *b = (membuf){0};
        if (!c) {
            curl_slist_free_all(h);
            return BLOC_ENOMEM;
        }
        setup(c, url, &o);
        if (json) {
            curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
        }
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_mem);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
        CURLcode r = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_cleanup(c);
        curl_slist_free_all(h);
        if (r == CURLE_OK && (json ? code >= 200 && code < 300 : code == 200))
            return BLOC_OK;
        free(b->data);
        b->data = NULL;
        if (r != CURLE_OK)
            snprintf(why, whysz, "%s",
                     b->too_big && !json ? "answer over 64 MiB" : cerr[0] ? cerr : curl_easy_strerror(r));
        else
            snprintf(why, whysz, "HTTP %ld", code);
        if (o.log && !json)
            fprintf(o.log, "feed: %s: %s (attempt %d of %d)\n", url, why, attempt + 1, o.retries + 1);
    }
    return BLOC_EIO;
}

int feed_get(const char *url, const feed_opts *opts, char **body, size_t *len, bloc_error *err)
{
    membuf b;
    char why[CURL_ERROR_SIZE + 64] = "";
    *body = NULL;
    *len = 0;
    int rc = request(url, NULL, opts, &b, why, sizeof why);
    if (rc == BLOC_ENOMEM)
        return bloc_fail(err, BLOC_ENOMEM, "cannot start libcurl");
    if (rc != BLOC_OK)
        return bloc_fail(err, BLOC_EIO, "%s: %s", url, why);
    *body = b.data ? b.data : util_strdup(""); /* an empty answer is an empty list */
    *len = b.len;
    return *body ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
}

static long long stamp_of(const char *url) /* -1: digits that are no real time */
{
    const char *base = strrchr(url, '/');
    base = base ? base + 1 : url;
    long long v = 0;
    int digits = 0;
    for (; isdigit((unsigned char)*base) && digits < 14; base++, digits++)
        v = v * 10 + (*base - '0');
    if (digits != 14 && digits != 8)
        return 0;
    if (digits == 8)
        v *= 1000000;
    int day = (int)(v / 1000000), hh = (int)(v / 10000 % 100), mm = (int)(v / 100 % 100),
        ss = (int)(v % 100);
    return util_date_valid(day) && hh < 24 && mm < 60 && ss < 61 ? v : -1;
}

int feed_parse_list(const char *text, const char *name, int from, int to, feed_entry **out,
                    size_t *n, bloc_error *err)
{
    size_t cap = 0;
    long line = 0;
    *out = NULL;
    *n = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char buf[1200];
        line++;
        if (len >= sizeof buf) {
            free(*out);
            *out = NULL;
            return bloc_fail_at(err, BLOC_EINPUT, name, line, "line too long");
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = nl ? nl + 1 : p + len;
        util_trim(buf);
        if (!*buf)
            continue;
        feed_entry e;
        char md5[64], url[1100];
        int end = 0;
        if (sscanf(buf, "%lld %63s %1099s%n", &e.size, md5, url, &end) != 3 || e.size < 0 ||
            buf[end] != '\0' || !isdigit((unsigned char)buf[0]) || strlen(md5) != 32 ||
            strspn(md5, "0123456789abcdefABCDEF") != 32) {
            free(*out);
            *out = NULL;
            return bloc_fail_at(err, BLOC_EINPUT, name, line, "expected SIZE MD5 URL");
        }
        size_t ul = strlen(url);
        int printable = 1;
        for (const char *q = url; *q; q++)
            printable &= *q > 0x20 && *q < 0x7f;
        if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) || !printable ||
            ul >= sizeof e.url) {
            free(*out);
            *out = NULL;
            return bloc_fail_at(err, BLOC_EINPUT, name, line,
                                "the URL must be http:// or https://, printable ASCII, under %zu "
                                "bytes", sizeof e.url);
        }
        if (ul < 15 || strcmp(url + ul - 15, ".export.CSV.zip") != 0)
            continue; /* mentions and GKG files are not events */
        memcpy(e.md5, md5, 32);
        e.md5[32] = '\0';
        for (char *q = e.md5; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        memcpy(e.url, url, ul + 1);
        e.stamp = stamp_of(url);
        if (e.stamp < 0) {
            free(*out);
            *out = NULL;
            return bloc_fail_at(err, BLOC_EINPUT, name, line,
                                "the file name's time is not a real one (YYYYMMDDHHMMSS)");
        }
        int day = (int)(e.stamp / 1000000);
        if ((from && day < from) || (to && day > to))
            continue;
        if (util_grow((void **)out, &cap, *n + 1, sizeof **out) != 0) {
            free(*out);
            *out = NULL;
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        (*out)[(*n)++] = e;
    }
    return BLOC_OK;
}

typedef struct transfer {
    size_t index;
    FILE *f;
    EVP_MD_CTX *md5;
    long long bytes;
    char part[1250];
    char cerr[CURL_ERROR_SIZE];
} transfer;

static size_t to_file(char *p, size_t size, size_t n, void *arg)
{
    transfer *t = arg;
    size_t k = size * n;
    if (fwrite(p, 1, k, t->f) != k)
        return 0; /* a full disk ends the transfer with an error */
    EVP_DigestUpdate(t->md5, p, k);
    t->bytes += (long long)k;
    return k;
}

static void hex(const unsigned char *d, unsigned n, char *out)
{
    for (unsigned i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

/* One attempt over the files with todo[i] set. */
static void attempt_all(const feed_entry *e, size_t n, const char *dir, const feed_opts *o,
                        const int *todo, int *status, char (*why)[256], char (*path)[1200])
{
    CURLM *m = curl_multi_init();
    transfer *ts = calloc(n + 1, sizeof *ts);
    CURL **handles = calloc(n + 1, sizeof *handles);
    size_t next = 0, running_count = 0;
    if (!m || !ts || !handles) {
        for (size_t i = 0; i < n; i++)
            if (todo[i])
                snprintf(why[i], 256, "out of memory");
        goto done;
    }
    for (;;) {
        while (running_count < (size_t)o->parallel && next < n) {
            size_t i = next++;
            if (!todo[i])
                continue;
            transfer *t = &ts[i];
            const char *base = strrchr(e[i].url, '/');
            base = base ? base + 1 : e[i].url;
            t->index = i;
            snprintf(path[i], 1200, "%s/%s", dir, base);
            snprintf(t->part, sizeof t->part, "%s.part", path[i]);
            t->f = fopen(t->part, "wb");
            t->md5 = EVP_MD_CTX_new();
            if (!t->f || !t->md5 || EVP_DigestInit_ex(t->md5, EVP_md5(), NULL) != 1) {
                snprintf(why[i], 256, "cannot write %.200s: %s", t->part, strerror(errno));
                continue;
            }
            CURL *c = curl_easy_init();
            if (!c) {
                snprintf(why[i], 256, "cannot start libcurl");
                continue;
            }
            setup(c, e[i].url, o);
            curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_file);
            curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
            curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t->cerr);
            curl_easy_setopt(c, CURLOPT_PRIVATE, t);
            handles[i] = c;
            curl_multi_add_handle(m, c);
            running_count++;
        }
        if (!running_count)
            break;
        int still = 0;
        curl_multi_perform(m, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            transfer *t;
            long code = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            size_t i = t->index;
            int ok = fclose(t->f) == 0;
            t->f = NULL;
            unsigned char d[EVP_MAX_MD_SIZE];
            unsigned dl = 0;
            char got[33] = "";
            EVP_DigestFinal_ex(t->md5, d, &dl);
            hex(d, dl < 16 ? dl : 16, got);
            if (msg->data.result != CURLE_OK)
                snprintf(why[i], 256, "%s", t->cerr[0] ? t->cerr : curl_easy_strerror(msg->data.result));
            else if (code != 200)
                snprintf(why[i], 256, "HTTP %ld", code);
            else if (!ok)
                snprintf(why[i], 256, "cannot write %.200s", t->part);
            else if (t->bytes != e[i].size)
                snprintf(why[i], 256, "size %lld, the list says %lld (truncated?)", t->bytes,
                         e[i].size);
            else if (strcmp(got, e[i].md5) != 0)
                snprintf(why[i], 256, "MD5 %s, the list says %s", got, e[i].md5);
            else if (rename(t->part, path[i]) != 0)
                snprintf(why[i], 256, "cannot rename %.200s: %s", t->part, strerror(errno));
            else
                status[i] = BLOC_OK;
            if (status[i] != BLOC_OK)
                unlink(t->part); /* nothing unverified stays behind */
            if (o->log)
                fprintf(o->log, "feed: %s: %s\n", e[i].url, status[i] == BLOC_OK ? "ok" : why[i]);
            curl_multi_remove_handle(m, msg->easy_handle);
            curl_easy_cleanup(msg->easy_handle);
            handles[i] = NULL;
            running_count--;
        }
        if (still)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
done:
    for (size_t i = 0; ts && i < n; i++) {
        if (ts[i].f) {
            fclose(ts[i].f);
            unlink(ts[i].part);
        }
        if (ts[i].md5)
            EVP_MD_CTX_free(ts[i].md5);
    }
    free(ts);
    free(handles);
    if (m)
        curl_multi_cleanup(m);
}

int feed_download(const feed_entry *e, size_t n, const char *dir, const feed_opts *opts,
                  int *status, char (*why)[256], char (*path)[1200], bloc_error *err)
{
    feed_opts o;
    defaults(opts, &o);
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    int *todo = calloc(n + 1, sizeof *todo);
    if (!todo)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (access(dir, W_OK) != 0) {
        free(todo);
        return bloc_fail_at(err, BLOC_EIO, dir, 0, "cannot write there: %s", strerror(errno));
    }
    for (size_t i = 0; i < n; i++) {
        status[i] = BLOC_EIO;
        why[i][0] = '\0';
        todo[i] = 1;
    }
    for (int attempt = 0; attempt <= o.retries; attempt++) {
        size_t left = 0;
        for (size_t i = 0; i < n; i++)
            left += todo[i] = status[i] != BLOC_OK;
        if (!left)
            break;
        if (attempt)
            backoff(&o, attempt, &seed);
        attempt_all(e, n, dir, &o, todo, status, why, path);
    }
    free(todo);
    return BLOC_OK;
}

int feed_post_json(const char *url, const char *json, const feed_opts *opts, bloc_error *err)
{
    membuf sink;
    char why[CURL_ERROR_SIZE + 64] = "";
    int rc = request(url, json, opts, &sink, why, sizeof why);
    if (rc == BLOC_ENOMEM)
        return bloc_fail(err, BLOC_ENOMEM, "cannot start libcurl");
    if (rc != BLOC_OK)
        return bloc_fail(err, BLOC_EIO, "webhook %s: %s", url, why);
    free(sink.data);
    return BLOC_OK;
}
