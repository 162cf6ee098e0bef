/*
 * cli/cmd_ingest — `bloc ingest SOURCE ...`: load data files into the store
 * and report, per file, rows read, inserted, duplicate, skipped, rejected.
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "core/util.h"
#include "ingest/events.h"
#include "ingest/gdelt.h"
#include "ingest/quarantine.h"
#include "ingest/unga.h"

/* The options every ingest shares, at the end of each help text. */
#define INGEST_OPTIONS_HELP                                                       \
    "  --quarantine FILE  append rejected rows (file,line,reason,row) to FILE and\n" \
    "                     load the good ones; exit status 1 if any were rejected\n"  \
    "  --quiet            no progress line\n"                                        \
    "  --format FMT       summary as table (default), csv or json\n"                 \
    "  --db PATH          store (default $BLOC_DB or bloc.db)\n"

/* Say how many rows were rejected and where they went; the exit status. */
static int report_rejected(const cli_ctx *ctx, long long rejected, const char *qpath)
{
    if (!rejected)
        return 0;
    fprintf(ctx->errout, "%s: %lld rows rejected, written to %s\n", ctx->prog, rejected, qpath);
    return 1;
}

static const char *const help =
    "usage: bloc ingest unga|gdelt|events ...\n\n"
    "  unga    UN General Assembly roll-call votes\n"
    "  gdelt   GDELT 1.0 / 2.0 event exports\n"
    "  events  events in bloc's own CSV or JSON Lines format\n\n"
    "Run bloc ingest SOURCE --help for each one's options.\n";

static const char *const help_unga =
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
    INGEST_OPTIONS_HELP;

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
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help_unga, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
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
        fprintf(ctx->errout, "%s: nothing was stored (the ingest was rolled back)\n", ctx->prog);
        goto done;
    }
    static const char *const cols[] = {"file", "kind", "rows", "inserted", "duplicates",
                                       "skipped", "rejected"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 7);
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
    rc = report_rejected(ctx, rejected, qpath);
done:
    registry_free(r);
    store_close(s);
    return rc;
}

static const char *const help_gdelt =
    "usage: bloc ingest gdelt (--countries LIST | --all) [options] FILE...\n\n"
    "Load GDELT event exports: 1.0 historical (57 tab-separated columns), 1.0\n"
    "daily (58, with SOURCEURL) and 2.0 (61), detected per file from its first\n"
    "row. FILE may be plain, compressed (gzip, bzip2, xz) or a .zip such as\n"
    "GDELT's YYYYMMDD.export.CSV.zip, read as a stream; '-' is standard input.\n"
    "Columns and rules: docs/formats.md; the events table: docs/data-model.md.\n\n"
    "Each event is stored once per (source, GLOBALEVENTID): re-ingesting a file\n"
    "or an overlapping one changes nothing. Work is committed in batches with a\n"
    "checkpoint, so an interrupted ingest resumes where it stopped when run\n"
    "again (named files only). Bad rows (column count, numbers, dates, codes,\n"
    "invalid UTF-8) go to --quarantine with file:line and the reason; without\n"
    "it the first bad row stops the file and what this run stored from it is\n"
    "removed again.\n\n"
    "Options:\n"
    "  --countries LIST   keep events with an actor in LIST (countries and groups,\n"
    "                     comma-separated, e.g. crink or RUS,CHN,IRN,PRK; group\n"
    "                     members count from the dates they joined)\n"
    "  --all              keep every event\n"
    "  --batch N          lines per committed batch (default 100000)\n"
    "  -j, --jobs N       files read and parsed at once (default: the number of\n"
    "                     cores); rows are stored in file order, so the store ends\n"
    "                     the same as with -j 1\n"
    INGEST_OPTIONS_HELP;

/* Canonical text of a country filter, the key of its checkpoints:
 * sorted codes, each with its membership dates when limited. */
char *cli_filter_scope(const store_member *m, size_t n)
{
    size_t cap = 16 + n * 32, off = 0;
    char *s = malloc(cap);
    const store_member **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!s || !sorted) {
        free(s);
        free(sorted);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        for (; j > 0 && strcmp(sorted[j - 1]->code, m[i].code) > 0; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = &m[i];
    }
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        off += (size_t)snprintf(s + off, cap - off, "%s%s", i ? "," : "", sorted[i]->code);
        if (sorted[i]->joined || sorted[i]->left)
            off += (size_t)snprintf(s + off, cap - off, "@%d-%d", sorted[i]->joined,
                                    sorted[i]->left);
    }
    free(sorted);
    return s;
}

static int ingest_gdelt(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"countries", required_argument, NULL, 'c'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"quarantine", required_argument, NULL, 'q'},
                                         {"batch", required_argument, NULL, 'b'},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"quiet", no_argument, NULL, 'Q'},
                                         CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    gdelt_ingest_opts o = {.progress = 1, .jobs = cli_jobs_default()};
    const char *countries = NULL;
    int all = 0, opt, rc = 0;
    int code = 0;
    while ((opt = cli_getopt_short(ctx, argc, argv, "j:", opts, help_gdelt, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'c':
            countries = optarg;
            break;
        case 'a':
            all = 1;
            break;
        case 'q':
            o.quarantine_path = optarg;
            break;
        case 'b': {
            char *end;
            o.batch_rows = strtol(optarg, &end, 10);
            if (*end || o.batch_rows < 1)
                return cli_usage(ctx, "ingest gdelt", "--batch needs a whole number >= 1");
            break;
        }
        case 'j':
            if ((code = cli_parse_jobs(ctx, "ingest gdelt", optarg, &o.jobs)) != 0)
                return code;
            break;
        case 'Q':
            o.progress = 0;
            break;
        default:
            return cli_usage(ctx, "ingest gdelt", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage(ctx, "ingest gdelt", "name at least one FILE (or - for stdin)");
    if (!countries == !all)
        return cli_usage(ctx, "ingest gdelt", "give exactly one of --countries LIST and --all");

    store *s = NULL;
    registry *r = NULL;
    cameo_tables *cameo = NULL;
    gdelt_ingest *g = NULL;
    store_member *members = NULL;
    size_t nmembers = 0;
    char *scope = NULL;
    gdelt_file_stats *stats = calloc((size_t)(argc - optind), sizeof *stats);
    size_t nstats = 0;
    bloc_error err;
    bloc_error_clear(&err);
    if (!stats) {
        rc = cli_fail(ctx, &(bloc_error){.code = BLOC_ENOMEM, .msg = "out of memory"});
        goto done;
    }
    if (cli_open(ctx, &s, &r, &err) != BLOC_OK ||
        cameo_load(ctx->datadir, &cameo, &err) != BLOC_OK ||
        (countries && registry_parse_list(r, countries, &members, &nmembers, &err) != BLOC_OK)) {
        rc = cli_fail(ctx, &err);
        goto done;
    }
    scope = countries ? cli_filter_scope(members, nmembers) : util_strdup("all");
    o.countries = countries ? members : NULL;
    o.ncountries = nmembers;
    o.scope = scope;
    if (!scope || (o.quarantine_path &&
                   quarantine_open(o.quarantine_path, &o.quarantine, &err) != BLOC_OK) ||
        gdelt_begin(&g, s, r, cameo, &o, &err) != BLOC_OK) {
        if (!scope)
            bloc_fail(&err, BLOC_ENOMEM, "out of memory");
        rc = cli_fail(ctx, &err);
        goto done;
    }
    if (gdelt_ingest_files(g, (const char *const *)argv + optind, (size_t)(argc - optind), stats,
                           &nstats, &err) != BLOC_OK) {
        rc = cli_fail(ctx, &err);
        fprintf(ctx->errout, "%s: nothing from %s was stored (its rows were rolled back)%s\n",
                ctx->prog, argv[optind + (int)nstats], nstats ? "; the files before it were stored" : "");
    }
    if (o.quarantine && quarantine_close(o.quarantine, o.quarantine_path, &err) != BLOC_OK) {
        o.quarantine = NULL;
        rc = cli_fail(ctx, &err);
    }
    o.quarantine = NULL;
    static const char *const cols[] = {"file", "layout", "rows", "inserted", "duplicates",
                                       "filtered", "rejected", "note"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 8);
    long long rejected = 0;
    for (size_t i = 0; i < nstats; i++) {
        const gdelt_file_stats *f = &stats[i];
        char note[96] = "";
        if (f->already_done)
            snprintf(note, sizeof note, "ingested before with the same filter");
        else if (f->resumed_at)
            snprintf(note, sizeof note, "resumed after line %ld", f->resumed_at);
        out_str(t, f->path);
        out_str(t, f->layout);
        out_int(t, f->rows);
        out_int(t, f->inserted);
        out_int(t, f->duplicates);
        out_int(t, f->filtered);
        out_int(t, f->rejected);
        out_str(t, note);
        rejected += f->rejected;
    }
    out_end(t);
    if (rc == 0)
        rc = report_rejected(ctx, rejected, o.quarantine_path);
    int fired = 0, wrc = nstats ? cli_watch_run(ctx, s, r, NULL, ctx->errout, &fired) : 0;
    if (rc == 0)
        rc = wrc;
done:
    if (o.quarantine)
        quarantine_close(o.quarantine, o.quarantine_path, NULL);
    gdelt_end(g);
    free(scope);
    free(members);
    free(stats);
    cameo_free(cameo);
    registry_free(r);
    store_close(s);
    return rc;
}

static const char *const help_events =
    "usage: bloc ingest events [options] FILE...\n\n"
    "Load events in bloc's own format: CSV with a header row, or JSON Lines\n"
    "(one object a line; files named .jsonl, .ndjson or .json, optionally\n"
    ".gz). Fields (docs/formats.md): id, date (YYYY-MM-DD) and event_code\n"
    "(CAMEO, 2-4 digits) are required; source, date_added, actor1_country,\n"
    "actor1_code, actor1_name, actor1_type, the same for actor2, goldstein,\n"
    "quad_class, mentions, sources, articles, tone, geo_country, geo_adm1, lat,\n"
    "lon, url and domain are optional. Countries may be codes, names or\n"
    "aliases. A missing goldstein, quad_class or domain is derived from the\n"
    "CAMEO code as for GDELT. An event is stored once per (source, id).\n\n"
    "Each file is one transaction. A bad record stops the file (nothing of it\n"
    "is stored) unless --quarantine is given.\n\n"
    "Options:\n"
    "  --source NAME      source of records without one (default bloc)\n"
    "  --as csv|jsonl     format, instead of guessing from the file name\n"
    INGEST_OPTIONS_HELP;

static int ingest_events(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {{"source", required_argument, NULL, 's'},
                                         {"as", required_argument, NULL, 'A'},
                                         {"quarantine", required_argument, NULL, 'q'},
                                         {"quiet", no_argument, NULL, 'Q'},
                                         CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    events_ingest_opts o = {.progress = 1};
    const char *qpath = NULL;
    int opt, rc = 0;
    int code = 0;
    while ((opt = cli_getopt(ctx, argc, argv, opts, help_events, &code)) != CLI_DONE) {
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 's':
            o.source = optarg;
            break;
        case 'A':
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "jsonl") != 0)
                return cli_usage(ctx, "ingest events", "--as takes csv or jsonl");
            o.as = optarg;
            break;
        case 'q':
            qpath = optarg;
            break;
        case 'Q':
            o.progress = 0;
            break;
        default:
            return cli_usage(ctx, "ingest events", "unknown option");
        }
    }
    if (optind >= argc)
        return cli_usage(ctx, "ingest events", "name at least one FILE");
    store *s = NULL;
    registry *r = NULL;
    cameo_tables *cameo = NULL;
    size_t nfiles = (size_t)(argc - optind), done = 0;
    events_file_stats *stats = calloc(nfiles, sizeof *stats);
    bloc_error err;
    bloc_error_clear(&err);
    if (!stats || cli_open(ctx, &s, &r, &err) != BLOC_OK ||
        cameo_load(ctx->datadir, &cameo, &err) != BLOC_OK ||
        (qpath && quarantine_open(qpath, &o.quarantine, &err) != BLOC_OK)) {
        if (!stats)
            bloc_fail(&err, BLOC_ENOMEM, "out of memory");
        rc = cli_fail(ctx, &err);
        goto out;
    }
    for (; done < nfiles; done++)
        if (events_ingest_file(s, r, cameo, &o, argv[optind + (int)done], &stats[done], &err) !=
            BLOC_OK) {
            rc = cli_fail(ctx, &err);
            fprintf(ctx->errout, "%s: nothing from %s was stored (the file was rolled back)%s\n",
                    ctx->prog, argv[optind + (int)done],
                    done ? "; the files before it were stored" : "");
            break;
        }
    if (o.quarantine && quarantine_close(o.quarantine, qpath, &err) != BLOC_OK && rc == 0)
        rc = cli_fail(ctx, &err);
    o.quarantine = NULL;
    static const char *const cols[] = {"file", "format", "rows", "inserted", "duplicates",
                                       "rejected"};
    out_table *t = out_begin(ctx->out, ctx->format, cols, 6);
    long long rejected = 0;
    for (size_t i = 0; i < done; i++) {
        out_str(t, stats[i].path);
        out_str(t, stats[i].format);
        out_int(t, stats[i].rows);
        out_int(t, stats[i].inserted);
        out_int(t, stats[i].duplicates);
        out_int(t, stats[i].rejected);
        rejected += stats[i].rejected;
    }
    out_end(t);
    if (rc == 0)
        rc = report_rejected(ctx, rejected, qpath);
    int fired = 0, wrc = done ? cli_watch_run(ctx, s, r, NULL, ctx->errout, &fired) : 0;
    if (rc == 0)
        rc = wrc;
out:
    if (o.quarantine)
        quarantine_close(o.quarantine, qpath, NULL);
    free(stats);
    cameo_free(cameo);
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
    if (strcmp(argv[1], "gdelt") == 0)
        return ingest_gdelt(ctx, argc - 1, argv + 1);
    if (strcmp(argv[1], "events") == 0)
        return ingest_events(ctx, argc - 1, argv + 1);
    return cli_usage(ctx, "ingest", "unknown source '%s' (available: unga, gdelt, events)",
                     argv[1]);
}
