/*
 * cli/cmd_follow — `bloc follow`: parses, then runs passes of the feed's
 * follower (feed/follow) once, for a backfill, or every --interval seconds
 * until SIGTERM or SIGINT, evaluating the watch rules after each pass (new
 * alerts printed as JSON lines).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "feed/follow.h"

static const cli_command command = {
    "follow", &follow_call,
    "usage: bloc follow (--countries LIST | --all) [--once] [--interval S]\n"
    "                   [--from DATE --to DATE] [--list-url URL] [--master-url URL]\n"
    "                   [--spool DIR] [--timeout S] [--retries N] [--parallel N]\n"
    "                   [--alerts FILE]\n",
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
    "Exit status 1 when a file failed.\n"};

static void say(void *arg, const char *line)
{
    fprintf(((cli_ctx *)arg)->errout, "%s\n", line);
}

static void warn(void *arg, const bloc_error *err)
{
    cli_ctx *ctx = arg;
    bloc_error_fprint(ctx->errout, err, ctx->prog);
}

/* One pass and the watch rules after it; the exit code. */
static int pass(cli_ctx *ctx, bloc_session *S, follower *f, const follow_req *q, int backfill)
{
    bloc_error err;
    store *s;
    const registry *r;
    int fired = 0;
    if (follow_pass(f, backfill ? q->master_url : q->list_url, backfill ? q->from : 0,
                    backfill ? q->to : 0, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    int rc = bloc_session_store(S, &s, &r, &err) == BLOC_OK
                 ? cli_watch_run(ctx, s, r, q->alerts, ctx->out, &fired)
                 : cli_fail(ctx, &err);
    fflush(ctx->out);
    return rc;
}

/* Passes every interval until a signal. */
static int loop(cli_ctx *ctx, bloc_session *S, follower *f, const follow_req *q)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    if (!q->once)
        pthread_sigmask(SIG_BLOCK, &stop, NULL);
    for (;;) {
        int prc = pass(ctx, S, f, q, 0);
        if (q->once)
            return prc;
        struct timespec wait = {(time_t)q->interval, 0};
        if (sigtimedwait(&stop, NULL, &wait) > 0) {
            fprintf(ctx->errout, "follow: stopping\n");
            return 0;
        }
    }
}

int cmd_follow(cli_ctx *ctx, int argc, char **argv)
{
    follow_req *q = bloc_call_request(&follow_call);
    bloc_session *S = NULL;
    follower *f = NULL;
    bloc_error err;
    follow_report rep = {say, warn, ctx, ctx->errout};
    int rc = 1;
    if (!q || cli_parse(ctx, &command, q, argc, argv, &rc) != 0)
        goto done;
    if (cli_session(ctx, 0, &S, &err) != BLOC_OK || follow_begin(&f, S, q, &rep, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    rc = q->from ? pass(ctx, S, f, q, 1) : loop(ctx, S, f, q);
    if (follow_failed(f) && rc == 0)
        rc = 1;
done:
    follow_end(f);
    bloc_session_close(S);
    free(q);
    return rc;
}
