/*
 * cli/cmd_follow — `bloc follow`: keep the store in step with GDELT 2.0.
 * Each pass fetches the update list (or, with --from/--to, the master list
 * for those days), downloads the export zips not yet ingested (a few at a
 * time, each checked against the list's size and MD5 by the feed module),
 * ingests them in list order with the country filter, records each file's
 * state in the store, then evaluates the watch rules. A restart resumes:
 * ingested files are skipped, a half-ingested one continues from its
 * checkpoint. Without --once it sleeps --interval seconds between passes
 * until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"
#include "feed/feed.h"
#include "ingest/gdelt.h"
#include "store/store_pg.h"

static const char *const help =
    "usage: bloc follow (--countries LIST | --all) [--once] [--interval S]\n"
    "                   [--from DATE --to DATE] [--list-url URL] [--master-url URL]\n"
    "                   [--spool DIR] [--timeout S] [--retries N] [--parallel N]\n"
    "                   [--alerts FILE]\n\n"
    "Follow GDELT 2.0: fetch the update list (default\n"
    "http://data.gdeltproject.org/gdeltv2/lastupdate.txt), download each new\n"
    "export zip, check its size and MD5 against the list, ingest it with the\n"
    "country filter (as bloc ingest gdelt), then evaluate the watch rules (new\n"
    "alerts are printed as JSON lines). A file that fails its check is never\n"
    "ingested: it is retried with backoff (--retries, default 3) and recorded as\n"
    "failed. State lives in the store, so a restart resumes with no gap and no\n"
    "duplicate. --once does one pass (for cron or a systemd timer); otherwise\n"
    "passes repeat every --interval seconds (default 900) until SIGTERM.\n"
    "--from/--to backfill the days between (YYYY-MM-DD) from the master file list\n"
    "(default http://data.gdeltproject.org/gdeltv2/masterfilelist.txt), then exit.\n"
    "Downloads go to --spool (default STORE.spool/; for a PostgreSQL store\n"
    "$TMPDIR/bloc-follow-UID.spool) and are removed once ingested.\n"
    "Exit status 1 when a file failed.\n"
    "  --parallel N   downloads at once (default 4)   --timeout S  per download (60)\n"
    "  --db PATH\n";

typedef struct follow {
    cli_ctx *ctx;
    store *s;
    registry *r;
    cameo_tables *cameo;
    gdelt_ingest *g;
    gdelt_ingest_opts go;
    feed_opts fo;
    const char *spool, *alerts;
    int failed;
} follow;

/* One pass over a list's entries. */
static int pass(follow *F, const char *list_url, int from, int to)
{
    char *text = NULL;
    size_t len = 0;
    feed_entry *e = NULL;
    size_t n = 0, nnew = 0;
    bloc_error err;
    bloc_error_clear(&err);
    if (feed_get(list_url, &F->fo, &text, &len, &err) != BLOC_OK ||
        feed_parse_list(text, list_url, from, to, &e, &n, &err) != BLOC_OK) {
        free(text);
        F->failed++;
        return cli_fail(F->ctx, &err);
    }
    free(text);
    /* the files not ingested yet, in list order */
    feed_entry *todo = malloc((n + 1) * sizeof *todo);
    for (size_t i = 0; todo && i < n; i++) {
        store_feed_file f;
        int found = 0;
        if (store_feed_get(F->s, e[i].url, &f, &found, &err) != BLOC_OK)
            break;
        if (found && strcmp(f.status, "ingested") == 0 && strcmp(f.md5, e[i].md5) == 0)
            continue;
        todo[nnew++] = e[i];
    }
    free(e);
    if (!todo)
        return cli_fail(F->ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
    fprintf(F->ctx->errout, "follow: %zu new file(s) in %s\n", nnew, list_url);
    /* download and ingest in batches of --parallel files */
    size_t batch = (size_t)(F->fo.parallel > 0 ? F->fo.parallel : 4);
    int rc = 0;
    for (size_t off = 0; off < nnew && rc == 0; off += batch) {
        size_t k = nnew - off < batch ? nnew - off : batch;
        int status[64];
        char why[64][256], path[64][1200];
        if (feed_download(todo + off, k, F->spool, &F->fo, status, why, path, &err) != BLOC_OK) {
            rc = cli_fail(F->ctx, &err);
            break;
        }
        for (size_t i = 0; i < k; i++) {
            const feed_entry *x = &todo[off + i];
            store_feed_file prev;
            int found = 0;
            store_feed_get(F->s, x->url, &prev, &found, &err);
            if (status[i] != BLOC_OK) {
                F->failed++;
                fprintf(F->ctx->errout, "follow: %s: not ingested: %s\n", x->url, why[i]);
                store_feed_put(F->s, x->url, x->size, x->md5, "failed", prev.attempts + 1, why[i],
                               0, &err);
                continue;
            }
            gdelt_file_stats st;
            if (gdelt_ingest_file(F->g, path[i], &st, &err) != BLOC_OK) {
                F->failed++;
                bloc_error_fprint(F->ctx->errout, &err, F->ctx->prog);
                store_feed_put(F->s, x->url, x->size, x->md5, "failed", prev.attempts + 1,
                               err.msg, 0, &err);
            } else {
                fprintf(F->ctx->errout,
                        "follow: %s: %lld rows, %lld inserted, %lld duplicates, %lld filtered, "
                        "%lld rejected\n",
                        x->url, st.rows, st.inserted, st.duplicates, st.filtered, st.rejected);
                store_feed_put(F->s, x->url, x->size, x->md5, "ingested", prev.attempts + 1,
                               NULL, 0, &err);
                unlink(path[i]);
            }
        }
    }
    free(todo);
    int fired = 0;
    if (rc == 0)
        rc = cli_watch_run(F->ctx, F->s, F->r, F->alerts, F->ctx->out, &fired);
    fflush(F->ctx->out);
    return rc;
}

int cmd_follow(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"countries", required_argument, NULL, 'c'}, {"all", no_argument, NULL, 'a'},
        {"once", no_argument, NULL, 'o'},            {"interval", required_argument, NULL, 'i'},
        {"from", required_argument, NULL, 'f'},      {"to", required_argument, NULL, 't'},
        {"list-url", required_argument, NULL, 'L'},  {"master-url", required_argument, NULL, 'M'},
        {"spool", required_argument, NULL, 's'},     {"timeout", required_argument, NULL, 'T'},
        {"retries", required_argument, NULL, 'R'},   {"parallel", required_argument, NULL, 'P'},
        {"alerts", required_argument, NULL, 'A'},    CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    follow F = {.ctx = ctx, .fo = {.timeout_s = 60, .retries = 3, .backoff_s = 1, .parallel = 4,
                                   .log = NULL}};
    const char *countries = NULL, *list_url = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt",
               *master_url = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt";
    int all = 0, once = 0, from = 0, to = 0, opt, code = 0;
    long interval = 900;
    char spool[1100] = "";
    bloc_error err;
    bloc_error_clear(&err);
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        long v;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'c': countries = optarg; break;
        case 'a': all = 1; break;
        case 'o': once = 1; break;
        case 'f':
        case 't':
            if (util_parse_date(optarg, opt == 't', opt == 'f' ? &from : &to, &err) != BLOC_OK)
                return cli_usage(ctx, "follow", "%s", err.msg);
            break;
        case 'L': list_url = optarg; break;
        case 'M': master_url = optarg; break;
        case 's': snprintf(spool, sizeof spool, "%s", optarg); break;
        case 'A': F.alerts = optarg; break;
        case 'i':
        case 'T':
        case 'R':
        case 'P':
            v = strtol(optarg, &end, 10);
            if (*end || v < (opt == 'R' ? 0 : 1) || v > (opt == 'P' ? 16 : 86400))
                return cli_usage(ctx, "follow", "bad number '%s'", optarg);
            if (opt == 'i')
                interval = v;
            else if (opt == 'T')
                F.fo.timeout_s = v;
            else if (opt == 'R')
                F.fo.retries = (int)v;
            else
                F.fo.parallel = (int)v;
            break;
        default:
            return cli_usage(ctx, "follow", "unknown option");
        }
    }
    if (!countries == !all || optind < argc)
        return cli_usage(ctx, "follow", "give exactly one of --countries LIST and --all");
    if (!from != !to)
        return cli_usage(ctx, "follow", "give both --from and --to for a backfill");
    if (!spool[0] && store_pg_is_url(ctx->db_path)) /* no file to sit beside */
        snprintf(spool, sizeof spool, "%s/bloc-follow-%ld.spool",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getuid());
    else if (!spool[0])
        snprintf(spool, sizeof spool, "%s.spool", ctx->db_path);
    mkdir(spool, 0755);
    F.spool = spool;
    F.fo.log = ctx->errout;
    store_member *members = NULL;
    size_t nmembers = 0;
    int rc = 0;
    char *scope = NULL;
    if (cli_open(ctx, &F.s, &F.r, &err) != BLOC_OK || cameo_load(ctx->datadir, &F.cameo, &err) != BLOC_OK ||
        (countries && registry_parse_list(F.r, countries, &members, &nmembers, &err) != BLOC_OK)) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    /* the same checkpoint scope as bloc ingest gdelt */
    scope = countries ? cli_filter_scope(members, nmembers) : util_strdup("all");
    F.go = (gdelt_ingest_opts){.countries = countries ? members : NULL, .ncountries = nmembers,
                               .scope = scope, .progress = 0};
    if (gdelt_begin(&F.g, F.s, F.r, F.cameo, &F.go, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (from) {
        rc = pass(&F, master_url, from, to);
        goto done;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    if (!once)
        pthread_sigmask(SIG_BLOCK, &stop, NULL);
    for (;;) {
        int prc = pass(&F, list_url, 0, 0);
        if (prc && once)
            rc = prc;
        if (once)
            break;
        struct timespec wait = {interval, 0};
        if (sigtimedwait(&stop, NULL, &wait) > 0) {
            fprintf(ctx->errout, "follow: stopping\n");
            break;
        }
    }
done:
    if (F.failed && rc == 0)
        rc = 1;
    gdelt_end(F.g);
    free(scope);
    free(members);
    cameo_free(F.cameo);
    registry_free(F.r);
    store_close(F.s);
    return rc;
}
