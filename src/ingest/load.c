/*
 * ingest/load — `ingest unga|gdelt|events` as library calls (see load.h).
 */
#include "ingest/load.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ingest/events.h"
#include "ingest/gdelt.h"
#include "ingest/quarantine.h"
#include "ingest/atop.h"
#include "ingest/sipri.h"
#include "metrics/arms.h"
#include "ingest/unga.h"

#define QUARANTINE_OPTS(T)                                                                      \
    OPTE_STRING("quarantine", 0, T, quarantine, "FILE",                                        \
                "append rejected rows (file,line,reason,row) to FILE and load the good ones;\n" \
                "exit status 1 if any were rejected"),                                         \
        OPTE_FLAG("quiet", 0, T, quiet, "no progress line"),                                   \
        OPTE_FLAG("sha256", 0, T, sha256,                                                        \
                  "identify each file by its SHA-256 (as bloc did before) instead of\n"        \
                  "its XXH3-128 digest, which is quicker and not cryptographic")

int ingest_parse_jobs(void *field, const char *value, char *msg, size_t msgsz)
{
    long long v;
    if (util_parse_ll(value, 1, 256, &v) != 0) {
        snprintf(msg, msgsz, "-j takes 1..256");
        return 1;
    }
    *(int *)field = (int)v;
    return 0;
}

/* Rows rejected into the quarantine: the load stored the others, and says
 * where the rejected went. */
static int rejected_rows(long long rejected, const char *qpath, bloc_error *err)
{
    if (!rejected)
        return BLOC_OK;
    return bloc_fail(err, BLOC_EINPUT, "%lld row%s rejected, written to %s", rejected,
                     util_plural(rejected), qpath);
}

/* Close the quarantine file of a load (when open); its failure is the
 * load's when the load itself went well. */
static int close_quarantine(FILE *q, const char *path, int rc, bloc_error *err)
{
    bloc_error qerr;
    if (q && quarantine_close(q, path, &qerr) != BLOC_OK && rc == BLOC_OK) {
        *err = qerr;
        return qerr.code;
    }
    return rc;
}

/* The rows of a load are in: rows rejected make it fail (after the good
 * ones are stored). */
static int load_done(result *out, int rc, long long rejected, const char *qpath, bloc_error *err)
{
    if (rc == BLOC_OK && (rc = result_status(out)) == BLOC_OK)
        rc = rejected_rows(rejected, qpath, err);
    return rc;
}

/* The store a load writes (created when new) and, when asked, its
 * quarantine file opened (*q NULL otherwise; the caller closes it). */
static int open_load(bloc_session *S, const char *qpath, store **s, const registry **r, FILE **q,
                     bloc_error *err)
{
    int rc;
    *q = NULL;
    bloc_session_allow_create(S);
    if ((rc = bloc_session_store(S, s, r, err)) != BLOC_OK ||
        (qpath && (rc = quarantine_open(qpath, q, err)) != BLOC_OK))
        return rc;
    return BLOC_OK;
}

/* ---- UN votes ---------------------------------------------------------- */

static const opt_def unga_opts[] = {
    OPTE_STRING("votes", 0, ingest_unga_req, votes, "FILE",
                "the votes (required): Voeten's long table, the wide matrix, the UN Digital\n"
                "Library export or a by-name table (resolution, date, ms_name, ms_vote)"),
    OPTE_STRING("rollcalls", 0, ingest_unga_req, rollcalls, "FILE", "the roll calls (Voeten layout)"),
    OPTE_STRING("issues", 0, ingest_unga_req, issues, "FILE", "the issue tags (Voeten layout)"),
    OPTE_DATE("release", ingest_unga_req, release,
              "the release the files are taken from (default: the date of their newest roll\n"
              "call); where two releases disagree on a vote, the newer one's is kept"),
    OPTE_STRING_CLI("changes", 0, ingest_unga_req, changes, "FILE",
                    "list every vote this load corrects or finds corrected (CSV)"),
    QUARANTINE_OPTS(ingest_unga_req),
    OPTE_END};

static int unga_check(void *req, int npos, bloc_error *err)
{
    (void)npos;
    return ((ingest_unga_req *)req)->votes ? BLOC_OK : bloc_usage(err, "--votes FILE is required");
}

static const result_col unga_cols[] = {
    {"file", RESULT_STR}, {"kind", RESULT_STR}, {"rows", RESULT_INT}, {"inserted", RESULT_INT},
    {"duplicates", RESULT_INT}, {"skipped", RESULT_INT}, {"rejected", RESULT_INT},
    {"release", RESULT_DATE}, {"updated", RESULT_INT}, {"removed", RESULT_INT},
    {"older", RESULT_INT}};

static int unga_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const ingest_unga_req *q = request;
    unga_ingest_opts o = {.votes = q->votes, .rollcalls = q->rollcalls, .issues = q->issues,
                          .release = q->release, .datadir = bloc_session_config(S)->datadir,
                          .progress = !q->quiet, .sha256 = q->sha256};
    unga_ingest_result res;
    store *s;
    const registry *r;
    int rc;
    if ((rc = open_load(S, q->quarantine, &s, &r, &o.quarantine, err)) != BLOC_OK)
        return rc;
    if (q->changes && !(o.changes = fopen(q->changes, "w"))) {
        if (o.quarantine)
            fclose(o.quarantine);
        return bloc_fail(err, BLOC_EIO, "cannot write %s", q->changes);
    }
    rc = unga_ingest(s, r, &o, &res, err);
    if (o.changes && fclose(o.changes) != 0 && rc == BLOC_OK)
        rc = bloc_fail(err, BLOC_EIO, "cannot write %s", q->changes);
    if (o.quarantine && quarantine_close(o.quarantine, q->quarantine, rc == BLOC_OK ? err : NULL) != BLOC_OK &&
        rc == BLOC_OK)
        rc = err->code;
    if (rc != BLOC_OK) {
        result_note(out, "nothing was stored (the ingest was rolled back)");
        return rc;
    }
    long long rejected = 0, updated = 0, removed = 0, older = 0;
    if ((rc = result_begin(out, unga_cols, 11)) != BLOC_OK)
        return rc;
    for (size_t i = 0; i < res.nfiles; i++) {
        const unga_file_stats *f = &res.files[i];
        result_str(out, f->path);
        result_str(out, f->kind);
        result_int(out, f->rows);
        result_int(out, f->inserted);
        result_int(out, f->duplicates);
        result_int(out, f->skipped);
        result_int(out, f->rejected);
        result_date(out, f->release);
        result_int(out, f->updated);
        result_int(out, f->removed);
        result_int(out, f->older);
        rejected += f->rejected;
        updated += f->updated;
        removed += f->removed;
        older += f->older;
    }
    if (updated || removed)
        result_note(out, "this release corrected %lld stored vote%s of an older one (%lld changed, %lld"
                         " removed as absent); the older values are kept (bloc unga votes --history)%s%s",
                    updated + removed, util_plural(updated + removed), updated, removed,
                    q->changes ? "; listed in " : "", q->changes ? q->changes : "");
    for (size_t i = 0; i < res.nfiles; i++)
        if (res.files[i].renumbered)
            result_note(out, "%s: %lld roll call%s reuse an rcid the store holds for another date, stored under"
                             " bloc's own numbers: %s%s", res.files[i].path, res.files[i].renumbered,
                        util_plural(res.files[i].renumbered), res.files[i].renumbered_text,
                        res.files[i].renumbered > 8 ? ", ..." : "");
    if (older)
        result_note(out, "%lld vote%s of this file differ from a newer release in the store, which is"
                         " kept (bloc unga votes --history)", older, util_plural(older));
    return rejected_rows(rejected, q->quarantine, err);
}

const bloc_call ingest_unga_call = {"ingest unga", sizeof(ingest_unga_req), NULL, unga_opts,
                                    unga_check, unga_run};

/* ---- GDELT ------------------------------------------------------------- */

char *ingest_filter_scope(const store_member *m, size_t n)
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

static void gdelt_init(void *req)
{
    ((ingest_gdelt_req *)req)->jobs = util_cores();
}

static const opt_def gdelt_opts[] = {
    OPTE_REST(ingest_gdelt_req, files, "FILE"),
    OPTE_LIST("countries", ingest_gdelt_req, countries, "LIST",
              "keep events with an actor in LIST (countries and groups, comma-separated,\n"
              "e.g. crink or RUS,CHN,IRN,PRK; group members count from the dates they joined)"),
    OPTE_FLAG("all", 0, ingest_gdelt_req, all, "keep every event"),
    OPTE_STRING("located", 0, ingest_gdelt_req, located, "FIPS",
                "keep only events that took place in this country (GDELT's ActionGeo\n"
                "FIPS 10-4 code, e.g. GG for Georgia): a regional extract. Its coverage\n"
                "is recorded as such, so measures of a dyad or group do not read it as\n"
                "all of their events"),
    QUARANTINE_OPTS(ingest_gdelt_req),
    OPTE_INT("batch", ingest_gdelt_req, batch, 1, 1000000000000LL,
             "--batch needs a whole number >= 1", "lines per committed batch (default 100000)"),
    {.type = OPT_CALLBACK, .name = "jobs", .short_name = 'j', .offset = offsetof(ingest_gdelt_req, jobs),
     .argname = "N", .parse = ingest_parse_jobs,
     .help = "files read and parsed at once, and (with --countries or --located)\n"
             "threads reading one large plain file in segments (default: the number\n"
             "of cores); rows are stored in file order: the store ends as with -j 1"},
    OPTE_INT("segment", ingest_gdelt_req, segment, 1, 1LL << 40, "--segment needs a whole number >= 1",
             "bytes of a plain file one thread reads at a time, cut at a line end\n"
             "(default 8388608); a file under two segments is read by one thread"),
    OPTE_END};

static int gdelt_check(void *req, int npos, bloc_error *err)
{
    const ingest_gdelt_req *q = req;
    (void)npos;
    if (q->files.n == 0)
        return bloc_usage(err, "name at least one FILE (or - for stdin)");
    if (!q->countries == !q->all)
        return bloc_usage(err, "give exactly one of --countries LIST and --all");
    if (q->located && !(strlen(q->located) == 2 && isupper((unsigned char)q->located[0]) &&
                        isupper((unsigned char)q->located[1])))
        return bloc_usage(err, "--located needs a two-letter FIPS 10-4 country code (e.g. GG)");
    return BLOC_OK;
}

static const result_col gdelt_cols[] = {
    {"file", RESULT_STR}, {"layout", RESULT_STR}, {"rows", RESULT_INT}, {"inserted", RESULT_INT},
    {"duplicates", RESULT_INT}, {"filtered", RESULT_INT}, {"rejected", RESULT_INT},
    {"note", RESULT_STR}};

static long long gdelt_rows(result *out, const gdelt_file_stats *stats, size_t n)
{
    long long rejected = 0;
    if (result_begin(out, gdelt_cols, 8) != BLOC_OK)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const gdelt_file_stats *f = &stats[i];
        char note[96] = "";
        if (f->already_done)
            snprintf(note, sizeof note, "ingested before with the same filter");
        else if (f->resumed_at)
            snprintf(note, sizeof note, "resumed after line %ld", f->resumed_at);
        result_str(out, f->path);
        result_str(out, f->layout);
        result_int(out, f->rows);
        result_int(out, f->inserted);
        result_int(out, f->duplicates);
        result_int(out, f->filtered);
        result_int(out, f->rejected);
        result_str(out, note);
        rejected += f->rejected;
    }
    return rejected;
}

/* Load the files; *nstats counts those done (stats filled). */
static int gdelt_load(bloc_session *S, const ingest_gdelt_req *q, gdelt_ingest_opts *o,
                      gdelt_file_stats *stats, size_t *nstats, result *out, bloc_error *err)
{
    store *s;
    const registry *r;
    const cameo_tables *cameo;
    gdelt_ingest *g = NULL;
    store_member *members = NULL;
    size_t nmembers = 0;
    char *scope = NULL;
    int rc;
    bloc_session_allow_create(S);
    if ((rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (rc = bloc_session_cameo(S, &cameo, err)) != BLOC_OK ||
        (q->countries && (rc = registry_parse_list(r, q->countries, &members, &nmembers, err)) != BLOC_OK))
        goto done;
    scope = q->countries ? ingest_filter_scope(members, nmembers) : util_strdup("all");
    if (scope && q->located) { /* "geo:GG;all": checkpoints and coverage keep both filters */
        char *both = malloc(strlen(scope) + 8);
        if (both)
            sprintf(both, "geo:%s;%s", q->located, scope);
        free(scope);
        scope = both;
    }
    o->countries = q->countries ? members : NULL;
    o->ncountries = nmembers;
    o->located = q->located;
    o->scope = scope;
    if (!scope) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if ((o->quarantine_path && (rc = quarantine_open(o->quarantine_path, &o->quarantine, err)) != BLOC_OK) ||
        (rc = gdelt_begin(&g, s, r, cameo, o, err)) != BLOC_OK)
        goto done;
    rc = gdelt_ingest_files(g, (const char *const *)q->files.v, (size_t)q->files.n, stats, nstats, err);
    if (rc != BLOC_OK)
        result_note(out, "nothing from %s was stored (its rows were rolled back)%s",
                    q->files.v[*nstats], *nstats ? "; the files before it were stored" : "");
done:
    gdelt_end(g);
    free(scope);
    free(members);
    return rc;
}

static int gdelt_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const ingest_gdelt_req *q = request;
    gdelt_ingest_opts o = {.progress = !q->quiet, .sha256 = q->sha256, .jobs = q->jobs, .batch_rows = q->batch,
                           .segment_bytes = q->segment, .quarantine_path = q->quarantine};
    gdelt_file_stats *stats = calloc((size_t)q->files.n + 1, sizeof *stats);
    size_t nstats = 0;
    if (!stats)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = gdelt_load(S, q, &o, stats, &nstats, out, err);
    rc = close_quarantine(o.quarantine, o.quarantine_path, rc, err);
    long long rejected = gdelt_rows(out, stats, nstats);
    free(stats);
    return load_done(out, rc, rejected, q->quarantine, err);
}

const bloc_call ingest_gdelt_call = {"ingest gdelt", sizeof(ingest_gdelt_req), gdelt_init,
                                     gdelt_opts, gdelt_check, gdelt_run};

/* ---- bloc's own events ------------------------------------------------- */

static const char *const formats[] = {"csv", "jsonl", NULL};

static void events_init(void *req)
{
    ((ingest_events_req *)req)->as = -1; /* by the file name */
}

static const opt_def events_opts[] = {
    OPTE_REST(ingest_events_req, files, "FILE"),
    OPTE_STRING("source", 0, ingest_events_req, source, "NAME",
                "source of records without one (default bloc)"),
    OPTE_ENUM("as", ingest_events_req, as, formats, "csv|jsonl", "--as takes csv or jsonl",
              "format, instead of guessing from the file name"),
    QUARANTINE_OPTS(ingest_events_req),
    OPTE_END};

static int events_check(void *req, int npos, bloc_error *err)
{
    (void)npos;
    return ((ingest_events_req *)req)->files.n ? BLOC_OK : bloc_usage(err, "name at least one FILE");
}

static const result_col events_cols[] = {
    {"file", RESULT_STR}, {"format", RESULT_STR}, {"rows", RESULT_INT}, {"inserted", RESULT_INT},
    {"duplicates", RESULT_INT}, {"rejected", RESULT_INT}};

static int events_load(bloc_session *S, const ingest_events_req *q, events_ingest_opts *o,
                       events_file_stats *stats, size_t *done, result *out, bloc_error *err)
{
    store *s;
    const registry *r;
    const cameo_tables *cameo;
    int rc;
    if ((rc = bloc_session_cameo(S, &cameo, err)) != BLOC_OK ||
        (rc = open_load(S, q->quarantine, &s, &r, &o->quarantine, err)) != BLOC_OK)
        return rc;
    for (; *done < (size_t)q->files.n; (*done)++)
        if ((rc = events_ingest_file(s, r, cameo, o, q->files.v[*done], &stats[*done], err)) != BLOC_OK) {
            result_note(out, "nothing from %s was stored (the file was rolled back)%s",
                        q->files.v[*done], *done ? "; the files before it were stored" : "");
            break;
        }
    return rc;
}

static int events_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const ingest_events_req *q = request;
    events_ingest_opts o = {.progress = !q->quiet, .sha256 = q->sha256, .source = q->source,
                            .as = q->as >= 0 ? formats[q->as] : NULL};
    events_file_stats *stats = calloc((size_t)q->files.n + 1, sizeof *stats);
    size_t done = 0;
    if (!stats)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = events_load(S, q, &o, stats, &done, out, err);
    rc = close_quarantine(o.quarantine, q->quarantine, rc, err);
    long long rejected = 0;
    if (result_begin(out, events_cols, 6) == BLOC_OK)
        for (size_t i = 0; i < done; i++) {
            result_str(out, stats[i].path);
            result_str(out, stats[i].format);
            result_int(out, stats[i].rows);
            result_int(out, stats[i].inserted);
            result_int(out, stats[i].duplicates);
            result_int(out, stats[i].rejected);
            rejected += stats[i].rejected;
        }
    free(stats);
    return load_done(out, rc, rejected, q->quarantine, err);
}

const bloc_call ingest_events_call = {"ingest events", sizeof(ingest_events_req), events_init,
                                      events_opts, events_check, events_run};

/* ---- ATOP alliances ------------------------------------------------------ */

static const opt_def atop_opts[] = {
    OPTE_ARG_REQ("file", ingest_atop_req, file, "FILE"),
    QUARANTINE_OPTS(ingest_atop_req),
    OPTE_END};

static const result_col atop_cols[] = {
    {"file", RESULT_STR}, {"rows", RESULT_INT}, {"inserted", RESULT_INT},
    {"mirrored", RESULT_INT}, {"duplicates", RESULT_INT}, {"unknown_states", RESULT_INT},
    {"rejected", RESULT_INT},
    {"first_year", RESULT_INT}, {"last_year", RESULT_INT}};

/* One ATOP or SIPRI file is one transaction: run again on a conflict. */
typedef struct atop_args {
    store *s;
    const registry *r;
    const atop_ingest_opts *o;
    atop_ingest_result *res;
} atop_args;

static int atop_txn(void *ctx, bloc_error *err)
{
    atop_args *a = ctx;
    return atop_ingest(a->s, a->r, a->o, a->res, err);
}

static int atop_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const ingest_atop_req *q = request;
    atop_ingest_opts o = {.path = q->file, .sha256 = q->sha256, .datadir = bloc_session_config(S)->datadir};
    atop_ingest_result res;
    store *s;
    const registry *r;
    int rc;
    if ((rc = open_load(S, q->quarantine, &s, &r, &o.quarantine, err)) != BLOC_OK)
        return rc;
    atop_args a = {s, r, &o, &res};
    rc = close_quarantine(o.quarantine, q->quarantine, store_retry_conflicts(atop_txn, &a, err), err);
    if (rc != BLOC_OK) {
        result_note(out, "nothing was stored (the ingest was rolled back)");
        return rc;
    }
    if ((rc = result_begin(out, atop_cols, sizeof atop_cols / sizeof atop_cols[0])) != BLOC_OK)
        return rc;
    result_str(out, q->file);
    result_int(out, res.rows);
    result_int(out, res.inserted);
    result_int(out, res.mirrored);
    result_int(out, res.duplicates);
    result_int(out, res.unknown);
    result_int(out, res.rejected);
    result_int(out, res.first_year);
    result_int(out, res.last_year);
    if (res.unknown)
        result_note(out, "%lld row%s name a state bloc's registry does not have (COW %s: states that"
                         " ceased to exist before 1946, such as the German and Italian states before"
                         " unification); they are counted here and not stored",
                    res.unknown, util_plural(res.unknown), res.unknown_codes);
    return rejected_rows(res.rejected, q->quarantine, err);
}

const bloc_call ingest_atop_call = {"ingest atop", sizeof(ingest_atop_req), NULL, atop_opts, NULL,
                                    atop_run};

/* ---- SIPRI arms transfers ----------------------------------------------- */

static const opt_def sipri_opts[] = {
    OPTE_STRING("recipients", 0, ingest_sipri_req, recipients, "LIST",
                "the files hold every delivery to these recipients (an extract); without it\n"
                "or --among a register is taken as SIPRI's whole database"),
    OPTE_STRING("among", 0, ingest_sipri_req, among, "LIST",
                "the files hold every delivery between these states"),
    QUARANTINE_OPTS(ingest_sipri_req),
    OPTE_REST(ingest_sipri_req, files, "FILE..."),
    OPTE_END};

static int sipri_check(void *req, int npos, bloc_error *err)
{
    const ingest_sipri_req *q = req;
    (void)npos;
    if (!q->files.n)
        return bloc_usage(err, "name at least one SIPRI export");
    return q->recipients && q->among ? bloc_usage(err, "give --recipients or --among, not both")
                                     : BLOC_OK;
}

static const result_col sipri_cols[] = {
    {"file", RESULT_STR},      {"layout", RESULT_STR},      {"release", RESULT_DATE},
    {"scope", RESULT_STR},     {"encoding", RESULT_STR},    {"first_year", RESULT_INT},
    {"last_year", RESULT_INT}, {"rows", RESULT_INT},        {"inserted", RESULT_INT},
    {"duplicates", RESULT_INT}, {"rejected", RESULT_INT},   {"joined", RESULT_INT},
    {"nonstate", RESULT_INT},  {"estimates", RESULT_INT},   {"previous", RESULT_DATE},
    {"added", RESULT_INT},     {"removed", RESULT_INT},     {"revised", RESULT_INT}};

/* --recipients / --among as a scope text (metrics/arms.h). */
static int sipri_scope(const registry *r, const ingest_sipri_req *q, char *out, size_t n,
                       bloc_error *err)
{
    const char *list = q->recipients ? q->recipients : q->among;
    bloc_set set = {0};
    int rc = bloc_set_parse(r, list, &set, err);
    if (rc == BLOC_OK &&
        arms_scope_text(q->recipients ? "recipients" : "among", set.codes, set.n, out, n) != 0)
        rc = bloc_fail(err, BLOC_EUSAGE, "too many states in '%s'", list);
    bloc_set_free(&set);
    return rc;
}

static void sipri_row(result *out, const char *path, const sipri_ingest_result *x)
{
    result_str(out, path);
    result_str(out, x->layout);
    result_date(out, x->day);
    result_str(out, x->scope);
    result_str(out, x->encoding);
    result_int(out, x->first_year);
    result_int(out, x->last_year);
    const long long n[] = {x->rows, x->inserted, x->duplicates, x->rejected, x->joined,
                           x->nonstate, x->estimates};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        result_int(out, n[i]);
    result_date(out, x->previous_day);
    if (x->previous_day) {
        result_int(out, x->added);
        result_int(out, x->removed);
        result_int(out, x->revised);
    } else {
        result_na(out);
        result_na(out);
        result_na(out);
    }
}

typedef struct sipri_args {
    store *s;
    const registry *r;
    const sipri_ingest_opts *o;
    sipri_ingest_result *res;
} sipri_args;

static int sipri_txn(void *ctx, bloc_error *err)
{
    sipri_args *a = ctx;
    return sipri_ingest(a->s, a->r, a->o, a->res, err);
}

static int sipri_run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const ingest_sipri_req *q = request;
    sipri_ingest_opts o = {.datadir = bloc_session_config(S)->datadir, .sha256 = q->sha256};
    char scope[4096] = "all";
    store *s;
    const registry *r;
    long long rejected = 0;
    int rc;
    if ((rc = open_load(S, q->quarantine, &s, &r, &o.quarantine, err)) != BLOC_OK)
        return rc;
    if ((q->recipients || q->among) && (rc = sipri_scope(r, q, scope, sizeof scope, err)) != BLOC_OK)
        return close_quarantine(o.quarantine, q->quarantine, rc, err);
    o.scope = scope;
    rc = result_begin(out, sipri_cols, sizeof sipri_cols / sizeof sipri_cols[0]);
    for (int i = 0; rc == BLOC_OK && i < q->files.n; i++) {
        sipri_ingest_result x;
        o.path = q->files.v[i];
        sipri_args a = {s, r, &o, &x};
        if ((rc = store_retry_conflicts(sipri_txn, &a, err)) != BLOC_OK) {
            result_note(out, "nothing from %s was stored (the file was rolled back)%s", o.path,
                        i ? "; the files before it were stored" : "");
            break;
        }
        sipri_row(out, o.path, &x);
        rejected += x.rejected;
        if (x.newer_day)
            result_note(out, "%s: a newer %s release (%d) is stored; figures use it unless --release says"
                             " otherwise", o.path, x.layout, x.newer_day);
        if (x.undelivered)
            result_note(out, "%s: %lld order%s with no delivery yet (no deal-year to store)", o.path,
                        x.undelivered, util_plural(x.undelivered));
        if (x.totals)
            result_note(out, "%s: the world total row is not stored (bloc sums the countries)", o.path);
    }
    rc = close_quarantine(o.quarantine, q->quarantine, rc, err);
    return load_done(out, rc, rejected, q->quarantine, err);
}

const bloc_call ingest_sipri_call = {"ingest sipri", sizeof(ingest_sipri_req), NULL, sipri_opts,
                                     sipri_check, sipri_run};
