/*
 * feed/follow — passes over GDELT's update lists (see follow.h).
 */
#include "feed/follow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "ingest/gdelt.h"
#include "ingest/load.h"
#include "store/store_pg.h"

static void init(void *req)
{
    follow_req *q = req;
    q->interval = 900;
    q->list_url = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt";
    q->master_url = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt";
    q->timeout = 60;
    q->retries = 3;
    q->parallel = 4;
}

#define FOLLOW_NUMBER(nm, F, lo, hi, hp)                                                        \
    {.type = OPT_INT, .name = nm, .offset = offsetof(follow_req, F), .argname = "N", .help = hp, \
     .min = lo, .max = hi, .bad = "bad number '%s'"}
static const opt_def opts[] = {
    OPTE_LIST("countries", follow_req, countries, "LIST", "keep events with an actor in LIST"),
    OPTE_FLAG("all", 0, follow_req, all, "keep every event"),
    OPTE_FLAG("once", 0, follow_req, once, "one pass, then exit"),
    FOLLOW_NUMBER("interval", interval, 1, 86400, "seconds between passes (default 900)"),
    OPTE_DATE("from", follow_req, from, "backfill from this day"),
    OPTE_DATE_END("to", follow_req, to, "to this day"),
    OPTE_STRING("list-url", 0, follow_req, list_url, "URL", "the update list"),
    OPTE_STRING("master-url", 0, follow_req, master_url, "URL", "the master list (backfills)"),
    OPTE_STRING("spool", 0, follow_req, spool, "DIR", "where downloads wait"),
    FOLLOW_NUMBER("timeout", timeout, 1, 86400, "seconds per download (default 60)"),
    FOLLOW_NUMBER("retries", retries, 0, 86400, "extra attempts per download (default 3)"),
    FOLLOW_NUMBER("parallel", parallel, 1, 16, "downloads at once (default 4)"),
    OPTE_STRING("alerts", 0, follow_req, alerts, "FILE", "the alerts file (default STORE.alerts.jsonl)"),
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    const follow_req *q = req;
    if (!q->countries == !q->all || npos > 0)
        return bloc_usage(err, "give exactly one of --countries LIST and --all");
    if (!q->from != !q->to)
        return bloc_usage(err, "give both --from and --to for a backfill");
    return BLOC_OK;
}

static int no_run(bloc_session *S, const void *req, result *out, bloc_error *err)
{
    (void)S, (void)req, (void)out;
    return bloc_fail(err, BLOC_EUSAGE, "follow runs through follow_begin and follow_pass");
}

const bloc_call follow_call = {"follow", sizeof(follow_req), init, opts, check, no_run};

struct follower {
    store *s;
    gdelt_ingest *g;
    gdelt_ingest_opts go;
    feed_opts fo;
    store_member *members;
    char *scope;
    char spool[1100];
    follow_report rep;
    int failed;
};

static void say(follower *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(follower *f, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (f->rep.say)
        f->rep.say(f->rep.ctx, line);
}

int follow_begin(follower **out, bloc_session *S, const follow_req *q, const follow_report *rep,
                 bloc_error *err)
{
    const registry *r;
    const cameo_tables *cameo;
    size_t nmembers = 0;
    follower *f = calloc(1, sizeof *f);
    if (!f)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    f->rep = *rep;
    f->fo = (feed_opts){.timeout_s = q->timeout, .retries = (int)q->retries, .backoff_s = 1,
                        .parallel = (int)q->parallel, .log = rep->log};
    const char *db = bloc_session_config(S)->db_path;
    if (q->spool)
        snprintf(f->spool, sizeof f->spool, "%s", q->spool);
    else if (store_pg_is_url(db)) /* no file to sit beside */
        snprintf(f->spool, sizeof f->spool, "%s/bloc-follow-%ld.spool",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getuid());
    else
        snprintf(f->spool, sizeof f->spool, "%s.spool", db);
    mkdir(f->spool, 0755);
    int rc;
    bloc_session_allow_create(S); /* following is loading */
    if ((rc = bloc_session_store(S, &f->s, &r, err)) != BLOC_OK ||
        (rc = bloc_session_cameo(S, &cameo, err)) != BLOC_OK ||
        (q->countries && (rc = registry_parse_list(r, q->countries, &f->members, &nmembers, err)) != BLOC_OK))
        goto fail;
    /* the same checkpoint scope as bloc ingest gdelt */
    f->scope = q->countries ? ingest_filter_scope(f->members, nmembers) : util_strdup("all");
    f->go = (gdelt_ingest_opts){.countries = q->countries ? f->members : NULL,
                                .ncountries = nmembers, .scope = f->scope, .progress = 0};
    if (!f->scope) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = gdelt_begin(&f->g, f->s, r, cameo, &f->go, err)) != BLOC_OK)
        goto fail;
    *out = f;
    return BLOC_OK;
fail:
    follow_end(f);
    return rc;
}

void follow_end(follower *f)
{
    if (!f)
        return;
    gdelt_end(f->g);
    free(f->scope);
    free(f->members);
    free(f);
}

int follow_failed(const follower *f)
{
    return f->failed;
}

/* The entries of e not ingested yet (same MD5), in list order. */
static int todo_list(follower *f, const feed_entry *e, size_t n, feed_entry **todo, size_t *nnew,
                     bloc_error *err)
{
    *nnew = 0;
    if (!(*todo = malloc((n + 1) * sizeof **todo)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        store_feed_file sf;
        int found = 0;
        if (store_feed_get(f->s, e[i].url, &sf, &found, err) != BLOC_OK)
            break;
        if (found && strcmp(sf.status, "ingested") == 0 && strcmp(sf.md5, e[i].md5) == 0)
            continue;
        (*todo)[(*nnew)++] = e[i];
    }
    return BLOC_OK;
}

/* Ingest one downloaded file (status: its download's), recording its state. */
static void take(follower *f, const feed_entry *x, int status, const char *why, const char *path)
{
    store_feed_file prev = {0};
    int found = 0;
    bloc_error err;
    gdelt_file_stats st;
    store_feed_get(f->s, x->url, &prev, &found, &err);
    if (status != BLOC_OK) {
        f->failed++;
        say(f, "follow: %s: not ingested: %s", x->url, why);
        store_feed_put(f->s, x->url, x->size, x->md5, "failed", prev.attempts + 1, why, 0, &err);
        return;
    }
    if (gdelt_ingest_file(f->g, path, &st, &err) != BLOC_OK) {
        f->failed++;
        if (f->rep.warning)
            f->rep.warning(f->rep.ctx, &err);
        store_feed_put(f->s, x->url, x->size, x->md5, "failed", prev.attempts + 1, err.msg, 0, &err);
        return;
    }
    say(f, "follow: %s: %lld rows, %lld inserted, %lld duplicates, %lld filtered, %lld rejected",
        x->url, st.rows, st.inserted, st.duplicates, st.filtered, st.rejected);
    store_feed_put(f->s, x->url, x->size, x->md5, "ingested", prev.attempts + 1, NULL, 0, &err);
    unlink(path);
}

int follow_pass(follower *f, const char *url, int from, int to, bloc_error *err)
{
    char *text = NULL;
    size_t len = 0, n = 0, nnew = 0;
    feed_entry *e = NULL, *todo = NULL;
    int rc;
    if ((rc = feed_get(url, &f->fo, &text, &len, err)) != BLOC_OK ||
        (rc = feed_parse_list(text, url, from, to, &e, &n, err)) != BLOC_OK) {
        free(text);
        f->failed++;
        return rc;
    }
    free(text);
    rc = todo_list(f, e, n, &todo, &nnew, err);
    free(e);
    if (rc != BLOC_OK)
        return rc;
    say(f, "follow: %zu new file(s) in %s", nnew, url);
    /* download and ingest in batches of --parallel files */
    size_t batch = (size_t)(f->fo.parallel > 0 ? f->fo.parallel : 4);
    for (size_t off = 0; off < nnew && rc == BLOC_OK; off += batch) {
        size_t k = nnew - off < batch ? nnew - off : batch;
        int status[64];
        char why[64][256], path[64][1200];
        if ((rc = feed_download(todo + off, k, f->spool, &f->fo, status, why, path, err)) != BLOC_OK)
            break;
        for (size_t i = 0; i < k; i++)
            take(f, &todo[off + i], status[i], why[i], path[i]);
    }
    free(todo);
    return rc;
}
