/*
 * cli/cmd_ingest — `bloc ingest SOURCE ...`: load data files into the store
 * and report, per file, rows read, inserted, duplicate, skipped, rejected.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/quarantine.h"
#include "ingest/unga.h"

static const char *const help =
    "usage: bloc ingest unga --votes FILE [--rollcalls FILE] [--issues FILE]\n"
    "                        [--quarantine FILE] [--quiet]\n\n"
    "Load UN General Assembly roll-call votes (.csv or .csv.gz). Two layouts:\n"
    "  * Voeten/Strezhnev/Bailey as in the R package unvotes: --rollcalls\n"
    "    (rcid, session, importantvote, date, unres, amend, para, short, descr),\n"
    "    --votes (rcid, country, country_code, vote) and optional --issues\n"
    "    (rcid, short_name, issue). Roll calls load before votes.\n"
    "  * the UN Digital Library voting export (undl_id, ms_code, ms_name,\n"
    "    ms_vote, date, session, resolution, ...): --votes only.\n"
    "See docs/formats.md for every column. Re-ingesting changes nothing.\n\n"
    "The whole ingest is one transaction. A bad file (header, truncated gzip)\n"
    "or, without --quarantine, any bad row (unknown vote value or country,\n"
    "bad number or date, wrong field count, invalid UTF-8) stops it with\n"
    "file:line and the reason, and the store stays as it was.\n\n"
    "Options:\n"
    "  --quarantine FILE  append rejected rows (file,line,reason,row) to FILE\n"
    "                     and load the good rows; exit status 1 if any were rejected\n"
    "  --quiet            no progress line\n"
    "  --format FMT       summary as table (default), csv or json\n"
    "  --db PATH          store (default $BLOC_DB or bloc.db)\n";

static int ingest_unga(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"votes", required_argument, NULL, 'v'},
                                         {"rollcalls", required_argument, NULL, 'r'},
                                         {"issues", required_argument, NULL, 'i'},
                                         {"quarantine", required_argument, NULL, 'q'},
                                         {"quiet", no_argument, NULL, 'Q'},
                                         CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    unga_ingest_opts o = {.progress = 1};
    const char *qpath = NULL;
    int opt, rc = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int h = cli_common_option(ctx, opt, optarg);
        if (h < 0)
            return 2;
        if (h)
            continue;
        switch (opt) {
        case OPT_HELP:
            fputs(help, stdout);
            return 0;
        case 'v':
            o.votes = optarg;
            break;
        case 'r':
            o.rollcalls = optarg;
            break;
        case 'i':
            o.issues = optarg;
            break;
        case 'q':
            qpath = optarg;
            break;
        case 'Q':
            o.progress = 0;
            break;
        default:
            return cli_usage(ctx, "ingest unga", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage(ctx, "ingest unga", "unexpected argument '%s'", argv[optind]);
    if (!o.votes)
        return cli_usage(ctx, "ingest unga", "--votes FILE is required");

    store *s = NULL;
    registry *r = NULL;
    bloc_error err;
    unga_ingest_result res;
    bloc_error_clear(&err);
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    if (qpath && quarantine_open(qpath, &o.quarantine, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    int st = unga_ingest(s, r, &o, &res, &err);
    if (o.quarantine && quarantine_close(o.quarantine, qpath, st == BLOC_OK ? &err : NULL) != BLOC_OK &&
        st == BLOC_OK)
        st = err.code;
    if (st != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        fprintf(stderr, "%s: nothing was stored (the ingest was rolled back)\n", ctx->prog);
        goto done;
    }
    static const char *const cols[] = {"file", "kind", "rows", "inserted", "duplicates",
                                       "skipped", "rejected"};
    out_table *t = out_begin(stdout, ctx->format, cols, 7);
    long long rejected = 0;
    for (size_t i = 0; i < res.nfiles; i++) {
        const unga_file_stats *f = &res.files[i];
        out_str(t, f->path);
        out_str(t, f->kind);
        out_int(t, f->rows);
        out_int(t, f->inserted);
        out_int(t, f->duplicates);
        out_int(t, f->skipped);
        out_int(t, f->rejected);
        rejected += f->rejected;
    }
    out_end(t);
    if (rejected) {
        fprintf(stderr, "%s: %lld rows rejected, written to %s\n", ctx->prog, rejected, qpath);
        rc = 1;
    }
done:
    registry_free(r);
    store_close(s);
    return rc;
}

int cmd_ingest(cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "unga") == 0)
        return ingest_unga(ctx, argc - 1, argv + 1);
    return cli_usage(ctx, "ingest", "unknown source '%s' (available: unga)", argv[1]);
}
