/*
 * ingest/unga — UN General Assembly roll calls, votes and issue tags
 * (see unga.h and docs/formats.md).
 */
#include "ingest/unga.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/progress.h"
#include "core/strmap.h"
#include "core/util.h"
#include "ingest/quarantine.h"
#include "io/csv.h"

enum { MAX_COLS = 24 };

/* A resolved (name, code) pair and the date window in which it holds. */
typedef struct resolved {
    const store_country *c;
    int from, until;
} resolved;

/* The release of a source, remembered (few sources meet in one load). */
typedef struct release_of {
    long long source_id;
    int release;
} release_of;

typedef struct rc_date {
    long long rcid;
    int date;
} rc_date;

typedef struct ingest {
    store *s;
    const registry *reg;
    const unga_ingest_opts *o;
    FILE *spool;              /* rejected rows until commit */
    FILE *changes;            /* corrections until commit (CSV rows) */
    int release;              /* of the votes file being read */
    int rc_last_date;         /* the newest roll call of the roll-call file read */
    release_of known[16];
    size_t nknown;
    strmap *removed;          /* "rcid\x1fcode" -> release of the newer input that removed it */
    int cov_first, cov_last;  /* the roll calls the votes file being read covers */
    csv_reader *r;
    unga_file_stats *st;
    long long source_id;
    int col[MAX_COLS];        /* column index per wanted name, -1 = absent */
    strmap *names;            /* "name\x1fcode" -> index into cache */
    resolved *cache;
    size_t ncache, capcache;
    char *row_text;           /* the current row as CSV, for staging */
    size_t row_cap;
    strmap *undl;             /* undl_id -> rcid */
    long long last_rcid;      /* roll call of the previous vote row */
    int last_date;
    rc_date *dates;           /* every stored roll call's date, by rcid */
    size_t ndates, capdates;
    int dates_read;           /* since the file began */
    progress prog;
    long long total_bytes;
} ingest;

int unga_parse_vote(const char *s, int *vote)
{
    static const struct {
        const char *text;
        int vote;
    } map[] = {{"yes", 1}, {"y", 1},          {"1", 1},   {"abstain", 2},     {"abstention", 2},
               {"a", 2},   {"2", 2},          {"no", 3},  {"n", 3},           {"3", 3},
               {"", 0},    {"x", 0},          {"8", 0},   {"9", 0},           {"absent", 0},
               {"non-voting", 0}, {"not a member", 0}, {"na", 0}};
    char buf[32];
    if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0 || strcmp(s, "abstain") == 0) {
        *vote = s[0] == 'y' ? 1 : s[0] == 'a' ? 2 : 3; /* Voeten's words, every row of the long table */
        return 1;
    }
    if (s[0] >= '1' && s[0] <= '9' && (!s[1] || (s[1] == '.' && s[2] == '0' && !s[3]))) {
        /* the codebook's digits, the common case of a matrix's cells */
        int d = s[0] - '0';
        *vote = d <= 3 ? d : 0;
        return d <= 3 ? 1 : d == 8 || d == 9 ? 0 : -1;
    }
    size_t n = strlen(s);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    util_trim(buf);
    n = strlen(buf);
    if (n == 3 && isdigit((unsigned char)buf[0]) && buf[1] == '.' && buf[2] == '0')
        buf[1] = '\0'; /* "1.0": a later release's matrix written by a float-minded tool */
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (util_streq_nocase(buf, map[i].text)) {
            *vote = map[i].vote;
            return map[i].vote ? 1 : 0;
        }
    return -1;
}

/* Refuse the current row: quarantine it, or fail the ingest. */
static int reject(ingest *g, bloc_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int reject(ingest *g, bloc_error *err, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (!g->spool)
        return bloc_fail_at(err, BLOC_EINPUT, csv_path(g->r), csv_line(g->r), "%s", reason);
    quarantine_row(g->spool, g->r, reason);
    g->st->rejected++;
    return BLOC_OK;
}

static const char *col(const ingest *g, int which)
{
    return g->col[which] < 0 ? "" : csv_field(g->r, (size_t)g->col[which]);
}

static int parse_ll(const char *s, long long *out)
{
    char *end;
    if (!*s)
        return -1;
    long long x = 0; /* plain digits, every rcid of a file: without strtoll */
    size_t k = 0;
    for (; k < 18 && s[k] >= '0' && s[k] <= '9'; k++)
        x = x * 10 + (s[k] - '0');
    if (!s[k]) {
        *out = x;
        return 0;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* 0/1 flag, empty or NA = -1 (unknown); -2 = invalid */
static int parse_flag(const char *s)
{
    if (!*s || strcmp(s, "NA") == 0)
        return -1;
    if (strcmp(s, "0") == 0)
        return 0;
    if (strcmp(s, "1") == 0)
        return 1;
    return -2;
}

/* Open one input: record its checksum as a source, read and map its
 * header. names[] lists the wanted columns, required ones first. */
static int open_input(ingest *g, const char *path, const char *kind, const char *const *names,
                      size_t nnames, size_t nrequired, unga_file_stats *st, bloc_error *err)
{
    char sha[UTIL_DIGEST_MAX];
    int rc, got;
    struct stat sb;
    memset(st, 0, sizeof *st);
    snprintf(st->path, sizeof st->path, "%s", path);
    snprintf(st->kind, sizeof st->kind, "%s", kind);
    g->st = st;
    if (strcmp(path, "-") == 0)
        return bloc_fail(err, BLOC_EUSAGE, "UN vote files must be named files, not standard input");
    if ((rc = util_file_digest(path, g->o->sha256, sha, err)) != BLOC_OK ||
        (rc = store_source_id(g->s, sha, path, kind, stat(path, &sb) == 0 ? sb.st_size : 0,
                              &g->source_id, err)) != BLOC_OK)
        return rc;
    g->total_bytes = stat(path, &sb) == 0 ? sb.st_size : 0;
    st->release = g->release;
    if ((rc = store_source_set_release(g->s, g->source_id, g->release, err)) != BLOC_OK ||
        (rc = csv_open(&g->r, path, ',', err)) != BLOC_OK)
        return rc;
    if ((rc = csv_next(g->r, &got, err)) != BLOC_OK)
        return rc;
    if (!got)
        return bloc_fail_at(err, BLOC_EINPUT, path, 1, "empty file: expected a header row");
    for (size_t i = 0; i < nnames; i++) {
        g->col[i] = -1;
        for (size_t j = 0; j < csv_nfields(g->r); j++) {
            char h[64];
            snprintf(h, sizeof h, "%s", csv_field(g->r, j));
            if (util_streq_nocase(util_trim(h), names[i]))
                g->col[i] = (int)j;
        }
        if (i < nrequired && g->col[i] < 0) {
            char need[256] = "";
            for (size_t k = 0, off = 0; k < nrequired && off < sizeof need; k++)
                off += (size_t)snprintf(need + off, sizeof need - off, "%s%s", k ? ", " : "", names[k]);
            return bloc_fail_at(err, BLOC_EINPUT, path, 1, "bad header: no '%s' column (a %s file needs: %s)",
                                names[i], kind, need);
        }
    }
    progress_start(&g->prog, kind, g->total_bytes, g->o->progress);
    return BLOC_OK;
}

/* A vote-bearing input covers the days of its roll calls, every state. */
static void cover(ingest *g, int date)
{
    if (date && (!g->cov_first || date < g->cov_first))
        g->cov_first = date;
    if (date > g->cov_last)
        g->cov_last = date;
}

static int record_coverage(ingest *g, int rc, bloc_error *err)
{
    if (rc == BLOC_OK && g->cov_first)
        rc = store_coverage_put(g->s, g->source_id, "all", "unga", g->cov_first, g->cov_last, err);
    g->cov_first = g->cov_last = 0;
    return rc;
}

static void close_input(ingest *g)
{
    progress_end(&g->prog);
    csv_close(g->r);
    g->r = NULL;
}

/* Next data row; checks field count and UTF-8 (rejecting bad rows). Sets
 * *got = 0 at the end of the file; *bad = 1 when the row was rejected. */
static int next_row(ingest *g, size_t ncols, int *got, int *bad, bloc_error *err)
{
    int rc = csv_next(g->r, got, err);
    *bad = 0;
    if (rc != BLOC_OK || !*got)
        return rc;
    g->st->rows++;
    if ((g->st->rows & 0x3fff) == 0)
        progress_update(&g->prog, csv_bytes_read(g->r), g->st->rows);
    *bad = 1;
    if (csv_nfields(g->r) != ncols)
        return reject(g, err, "expected %zu fields as in the header, found %zu", ncols,
                      csv_nfields(g->r));
    char why[96];
    if (csv_bad_field(g->r, why, sizeof why) >= 0)
        return reject(g, err, "%s", why);
    *bad = 0;
    return BLOC_OK;
}

/* Country for a (name, alpha-2/alpha-3) pair on date, cached by window. */
static const store_country *country_on(ingest *g, const char *name, const char *code, int date)
{
    char key[256];
    long idx = -1;
    size_t nl = strlen(name), cl = strlen(code); /* by hand: it runs for every vote */
    int cacheable = nl + cl + 2 <= sizeof key; /* longer than any registered name if not */
    if (cacheable) {
        memcpy(key, name, nl);
        key[nl] = '\x1f';
        memcpy(key + nl + 1, code, cl);
        key[nl + 1 + cl] = '\0';
    }
    if (cacheable && strmap_get(g->names, key, &idx)) {
        resolved *c = &g->cache[idx];
        if ((c->from == 0 || date >= c->from) && (c->until == 0 || date <= c->until))
            return c->c;
    } else {
        idx = -1;
    }
    int from = 0, until = 0;
    const store_country *c = NULL;
    if (strlen(code) == 3) { /* UN Digital Library: alpha-3 */
        c = registry_by_code(g->reg, code);
        if (c)
            from = until = 0;
        else
            c = registry_lookup_dated(g->reg, name, NULL, date, &from, &until);
    } else {
        c = registry_lookup_dated(g->reg, name, code, date, &from, &until);
    }
    if (!c || !cacheable)
        return c;
    if (idx < 0) {
        if (g->ncache == g->capcache) {
            size_t cap = g->capcache ? g->capcache * 2 : 64;
            resolved *p = realloc(g->cache, cap * sizeof *p);
            if (!p)
                return c;
            g->cache = p;
            g->capcache = cap;
        }
        idx = (long)g->ncache++;
        if (strmap_put(g->names, key, idx) != 0)
            return c;
    }
    g->cache[idx] = (resolved){c, from, until};
    return c;
}

static void count(unga_file_stats *st, int result)
{
    if (result == STORE_INSERTED)
        st->inserted++;
    else if (result == STORE_DUPLICATE)
        st->duplicates++;
}

int unga_session_of(int date)
{
    int y = date / 10000, m = (date / 100) % 100;
    return y <= 1946 ? 1 : y - 1946 + (m >= 9);
}

/* The release of a stored vote's source. */
static int source_release(ingest *g, long long id, int *release, bloc_error *err)
{
    for (size_t i = 0; i < g->nknown; i++)
        if (g->known[i].source_id == id) {
            *release = g->known[i].release;
            return BLOC_OK;
        }
    int rc = store_source_release(g->s, id, release, err);
    if (rc == BLOC_OK && g->nknown < sizeof g->known / sizeof g->known[0])
        g->known[g->nknown++] = (release_of){id, *release};
    return rc;
}

static const char *vote_name(int v)
{
    static const char *const names[] = {"absent", "yes", "abstain", "no"};
    return v >= 0 && v <= 3 ? names[v] : "?";
}

/* One correction into the changes spool: rcid, country, both votes, both
 * file:lines, and whether the newer value is this file's (applied). */
static void change_row(ingest *g, long long rcid, const char *code, int old_vote, const char *old_where,
                       int new_vote, const char *new_where, int applied)
{
    if (!g->changes)
        return;
    fprintf(g->changes, "%lld,%s,%s,%s,", rcid, code, vote_name(old_vote), vote_name(new_vote));
    csv_write_field(g->changes, old_where, ',');
    fputc(',', g->changes);
    csv_write_field(g->changes, new_where, ',');
    fprintf(g->changes, ",%s\n", applied ? "yes" : "no");
}

/* This file's vote (0: it records none) meets a different stored one
 * from source stored_source at stored_where (stored_line): the newer
 * release wins and the correction is kept; within one release, or within
 * the file itself, it is an error (or quarantined). line is the row of
 * this file, raw its text (NULL: the current row). */
static int settle(ingest *g, long long rcid, const char *code, int vote, int stored_vote,
                  long long stored_source, long stored_line, const char *stored_where, long line,
                  const char *raw, bloc_error *err)
{
    int theirs = 0, rc;
    char here[600];
    snprintf(here, sizeof here, "%s:%ld", csv_path(g->r), line);
    if (stored_source != g->source_id && stored_source != 0 &&
        (rc = source_release(g, stored_source, &theirs, err)) != BLOC_OK)
        return rc;
    if (stored_source == g->source_id || stored_source == 0 || theirs == g->release) {
        char reason[800];
        snprintf(reason, sizeof reason,
                 "vote of %s on roll call %lld (%s) conflicts with the stored vote %d from %s%s", code,
                 rcid, vote_name(vote), stored_vote, stored_where,
                 stored_source == g->source_id || stored_source == 0 ? " (the same file)"
                                                                     : " (the same release)");
        if (!g->spool)
            return bloc_fail_at(err, BLOC_EINPUT, csv_path(g->r), line, "%s", reason);
        char *text = raw ? NULL : quarantine_record_text(g->r);
        quarantine_record(g->spool, csv_path(g->r), line, reason, raw ? raw : text ? text : "");
        free(text);
        g->st->rejected++;
        return BLOC_OK;
    }
    int newer = g->release > theirs;
    store_vote_correction c = newer ? (store_vote_correction){rcid, code, stored_vote, stored_source,
                                                              stored_line, vote, g->source_id, line}
                                    : (store_vote_correction){rcid, code, vote, g->source_id, line,
                                                              stored_vote, stored_source, stored_line};
    if ((rc = store_unga_correct_vote(g->s, &c, newer, err)) != BLOC_OK)
        return rc;
    if (newer)
        change_row(g, rcid, code, stored_vote, stored_where, vote, here, 1);
    else
        change_row(g, rcid, code, vote, here, stored_vote, stored_where, 0);
    if (!newer)
        g->st->older++;
    else if (vote)
        g->st->updated++;
    else
        g->st->removed++;
    return BLOC_OK;
}

/* A cell that records the state absent (8, X) on a roll call: a stored
 * vote from an older release is a correction; else nothing to do. */
static int put_absent(ingest *g, long long rcid, const store_country *c, bloc_error *err)
{
    store_vote v;
    int rc = store_unga_get_vote(g->s, rcid, c->code, &v, err);
    g->st->skipped++;
    if (rc != BLOC_OK || !v.vote)
        return rc;
    return settle(g, rcid, c->code, 0, v.vote, v.source_id, v.source_line, v.where, csv_line(g->r),
                  NULL, err);
}

/* Every vote a newer release removed, with that release: an older input
 * loaded again must not bring it back. */
static int removed_add(void *ctx, const store_vote_correction *c, const char *old_path,
                       const char *new_path)
{
    ingest *g = ctx;
    char key[48];
    int release;
    bloc_error e;
    (void)old_path, (void)new_path;
    if (c->new_vote != 0)
        return BLOC_OK;
    snprintf(key, sizeof key, "%lld\x1f%s", c->rcid, c->country);
    if (source_release(g, c->new_source_id, &release, &e) != BLOC_OK)
        return BLOC_ESTORE;
    return strmap_put(g->removed, key, release) == 0 ? BLOC_OK : BLOC_ENOMEM;
}

/* A vote of an older release that a newer one removed: recorded, not
 * stored (1); 0 when the vote may go in. */
static int removed_by_newer(ingest *g, long long rcid, const char *code, int vote, bloc_error *err,
                            int *rc)
{
    char key[48];
    long release;
    *rc = BLOC_OK;
    if (!g->removed || strmap_size(g->removed) == 0)
        return 0;
    snprintf(key, sizeof key, "%lld\x1f%s", rcid, code);
    if (!strmap_get(g->removed, key, &release) || release <= g->release)
        return 0;
    /* the newer input's absence is stored as a correction already; this
     * file's value joins it as the older side */
    store_vote_correction c = {rcid, code, vote, g->source_id, csv_line(g->r), 0, 0, 0};
    long long newer = 0;
    if ((*rc = store_unga_removal_source(g->s, rcid, code, &newer, &c.new_source_line, err)) == BLOC_OK &&
        newer) {
        c.new_source_id = newer;
        *rc = store_unga_correct_vote(g->s, &c, 0, err);
    }
    g->st->older++;
    return 1;
}

/* Stage vote (1..3) of state c on roll call rcid; raw: the text a
 * conflict quarantines (NULL: the current row). Counted, and conflicts
 * settled, when the staged votes are flushed (flush_votes). */
static int flush_votes(ingest *g, int rc, bloc_error *err);

static int put_resolved(ingest *g, long long rcid, const store_country *c, int vote, const char *raw,
                        bloc_error *err)
{
    int rc;
    if (removed_by_newer(g, rcid, c->code, vote, err, &rc))
        return rc;
    if (!raw && csv_record_text(g->r, &g->row_text, &g->row_cap) < 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    rc = store_unga_stage_vote(g->s, rcid, c->code, vote, g->source_id, csv_line(g->r),
                               raw ? raw : g->row_text, err);
    return rc == BLOC_OK && store_unga_votes_pending(g->s) ? flush_votes(g, rc, err) : rc;
}

/* Store one vote row whose roll call and date are known. */
static int put_vote(ingest *g, long long rcid, int date, const char *name, const char *code,
                    const char *vtext, bloc_error *err)
{
    int vote;
    int pv = unga_parse_vote(vtext, &vote);
    if (pv < 0)
        return reject(g, err, "unknown vote value '%s' (expected yes, no, abstain, Y, N, A, X or 1/2/3/8/9)",
                      vtext);
    const store_country *c = country_on(g, name, code, date);
    if (!c)
        return reject(g, err, "unknown country '%s' (code '%s')", name, code);
    if (pv == 0) /* "X", "8": absent, a statement about the roll call; "9", "": no vote */
        return util_streq_nocase(vtext, "x") || strcmp(vtext, "8") == 0 || strcmp(vtext, "8.0") == 0
                   ? put_absent(g, rcid, c, err)
                   : (g->st->skipped++, BLOC_OK);
    return put_resolved(g, rcid, c, vote, NULL, err);
}

/* A staged vote that meets another: settled as put_vote settles it. */
static int on_conflict(void *ctx, const store_vote_conflict *c, bloc_error *err)
{
    ingest *g = ctx;
    if (c->existing_source == 0 || c->existing_source == g->source_id) { /* within the file */
        char reason[700];
        snprintf(reason, sizeof reason,
                 "vote of %s on roll call %lld (%s) conflicts with the stored vote %d from %s (the same file)",
                 c->country, c->rcid, vote_name(c->vote), c->existing, c->where);
        if (!g->spool)
            return bloc_fail_at(err, BLOC_EINPUT, csv_path(g->r), c->source_line, "%s", reason);
        quarantine_record(g->spool, csv_path(g->r), c->source_line, reason, c->raw);
        g->st->rejected++;
        return BLOC_OK;
    }
    return settle(g, c->rcid, c->country, c->vote, c->existing, c->existing_source, c->existing_line,
                  c->where, c->source_line, c->raw, err);
}

/* At the end of a votes file, and when many are staged: staged votes go
 * in, conflicts settled, the rest counted. */
static int flush_votes(ingest *g, int rc, bloc_error *err)
{
    long long ins = 0, dup = 0;
    if (rc != BLOC_OK || (rc = store_unga_votes_flush(g->s, on_conflict, g, &ins, &dup, err)) != BLOC_OK)
        return rc;
    g->st->inserted += ins;
    g->st->duplicates += dup;
    return BLOC_OK;
}

enum { RC_RCID, RC_SESSION, RC_DATE, RC_IMPORTANT, RC_UNRES, RC_AMEND, RC_PARA, RC_SHORT, RC_DESCR };

static int ingest_rollcalls(ingest *g, const char *path, unga_file_stats *st, bloc_error *err)
{
    static const char *const names[] = {"rcid", "session", "date", "importantvote", "unres",
                                        "amend", "para", "short", "descr"};
    int rc = open_input(g, path, "rollcalls", names, 9, 3, st, err);
    int got, bad;
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got) {
        long long rcid, session;
        int date, result;
        if (bad)
            continue;
        if (parse_ll(col(g, RC_RCID), &rcid) != 0 || rcid <= 0) {
            rc = reject(g, err, "bad rcid '%s': expected a positive integer", col(g, RC_RCID));
            continue;
        }
        if (parse_ll(col(g, RC_SESSION), &session) != 0 || session <= 0 || session > 999) {
            rc = reject(g, err, "bad session '%s'", col(g, RC_SESSION));
            continue;
        }
        if (strlen(col(g, RC_DATE)) != 10 || util_parse_date(col(g, RC_DATE), 0, &date, NULL) != BLOC_OK) {
            rc = reject(g, err, "bad date '%s': expected YYYY-MM-DD", col(g, RC_DATE));
            continue;
        }
        int important = parse_flag(col(g, RC_IMPORTANT)), amend = parse_flag(col(g, RC_AMEND)),
            para = parse_flag(col(g, RC_PARA));
        if (important == -2 || amend == -2 || para == -2) {
            rc = reject(g, err, "importantvote, amend and para must be 0, 1 or empty");
            continue;
        }
        char label[24];
        store_rollcall r = {rcid, (int)session, date, important, amend, para,
                            col(g, RC_UNRES), col(g, RC_SHORT), col(g, RC_DESCR),
                            g->source_id, csv_line(g->r),
                            store_unga_special_session(col(g, RC_UNRES), label, sizeof label), 0};
        if (date > g->rc_last_date)
            g->rc_last_date = date;
        if ((rc = store_unga_put_rollcall(g->s, &r, &result, err)) != BLOC_OK)
            break;
        if (result == STORE_CONFLICT)
            rc = reject(g, err, "roll call %lld is already stored with another date or resolution",
                        rcid);
        else
            count(st, result);
    }
    close_input(g);
    return rc;
}

/* Date of roll call rcid (cached for runs of rows on the same roll call). */
static int add_date(void *ctx, long long rcid, int date, int session, const char *issues)
{
    ingest *g = ctx;
    (void)session, (void)issues;
    if (util_grow((void **)&g->dates, &g->capdates, g->ndates + 1, sizeof *g->dates) != 0)
        return BLOC_ENOMEM;
    g->dates[g->ndates++] = (rc_date){rcid, date};
    return BLOC_OK;
}

static int cmp_rc_date(const void *a, const void *b)
{
    long long x = ((const rc_date *)a)->rcid, y = ((const rc_date *)b)->rcid;
    return (x > y) - (x < y);
}

/* The date of roll call rcid (0: not stored). The roll calls are read once
 * per file (a votes file is not always in rcid order: Voeten's changes
 * roll call 30,000 times). */
static int rollcall_date(ingest *g, long long rcid, int *date, bloc_error *err)
{
    if (!g->dates_read) {
        g->ndates = 0;
        int rc = store_unga_scan_rollcalls(g->s, NULL, add_date, g, err);
        if (rc == BLOC_ENOMEM)
            return bloc_fail(err, rc, "out of memory reading the roll calls");
        if (rc != BLOC_OK)
            return rc;
        qsort(g->dates, g->ndates, sizeof *g->dates, cmp_rc_date);
        g->dates_read = 1;
    }
    if (rcid != g->last_rcid) {
        rc_date key = {rcid, 0};
        const rc_date *hit = bsearch(&key, g->dates, g->ndates, sizeof key, cmp_rc_date);
        g->last_date = hit ? hit->date : 0;
        g->last_rcid = rcid;
    }
    *date = g->last_date;
    return BLOC_OK;
}

enum { V_RCID, V_VOTE, V_CODE, V_COUNTRY };

static int ingest_votes(ingest *g, const char *path, unga_file_stats *st, bloc_error *err)
{
    static const char *const names[] = {"rcid", "vote", "country_code", "country"};
    int rc = open_input(g, path, "votes", names, 4, 2, st, err);
    int got, bad;
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0;
    if (rc == BLOC_OK && g->col[V_CODE] < 0 && g->col[V_COUNTRY] < 0)
        rc = bloc_fail_at(err, BLOC_EINPUT, path, 1,
                          "bad header: a votes file needs a 'country' or 'country_code' column");
    g->last_rcid = -1;
    g->dates_read = 0;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got) {
        long long rcid;
        int date;
        if (bad)
            continue;
        if (parse_ll(col(g, V_RCID), &rcid) != 0 || rcid <= 0) {
            rc = reject(g, err, "bad rcid '%s': expected a positive integer", col(g, V_RCID));
            continue;
        }
        if ((rc = rollcall_date(g, rcid, &date, err)) != BLOC_OK)
            break;
        if (date == 0) {
            rc = reject(g, err, "unknown roll call %lld (ingest its roll-call file first or with --rollcalls)",
                        rcid);
            continue;
        }
        cover(g, date);
        rc = put_vote(g, rcid, date, col(g, V_COUNTRY), col(g, V_CODE), col(g, V_VOTE), err);
    }
    rc = record_coverage(g, flush_votes(g, rc, err), err);
    close_input(g);
    return rc;
}

enum { I_RCID, I_SHORT, I_ISSUE };

static int ingest_issues(ingest *g, const char *path, unga_file_stats *st, bloc_error *err)
{
    static const char *const names[] = {"rcid", "short_name", "issue"};
    int rc = open_input(g, path, "issues", names, 3, 2, st, err);
    int got, bad;
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0;
    g->last_rcid = -1;
    g->dates_read = 0;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got) {
        long long rcid;
        int date, result;
        const char *code = col(g, I_SHORT);
        if (bad)
            continue;
        if (parse_ll(col(g, I_RCID), &rcid) != 0 || rcid <= 0) {
            rc = reject(g, err, "bad rcid '%s': expected a positive integer", col(g, I_RCID));
            continue;
        }
        if (!*code || strlen(code) > 16) {
            rc = reject(g, err, "bad issue code '%s'", code);
            continue;
        }
        if ((rc = rollcall_date(g, rcid, &date, err)) != BLOC_OK)
            break;
        if (date == 0) {
            rc = reject(g, err, "unknown roll call %lld", rcid);
            continue;
        }
        if ((rc = store_unga_put_issue(g->s, rcid, code, col(g, I_ISSUE), g->source_id,
                                       csv_line(g->r), &result, err)) != BLOC_OK)
            break;
        count(st, result);
    }
    close_input(g);
    return rc;
}

/* Regular session number from a session label: "79" or, for emergency
 * special sessions ("ES-11"), the regular session in progress on the
 * date. */
static int undl_session(const char *label, int date)
{
    long long n;
    if (parse_ll(label, &n) == 0 && n > 0 && n < 1000)
        return (int)n;
    return unga_session_of(date);
}

/* The label of an emergency special session: from the session column
 * ("ES-11"), else from the symbol ("ES-11/1"); NULL for a regular one. */
static const char *special_label(const char *session, const char *res, char *buf, size_t n)
{
    if (strncmp(session, "ES-", 3) == 0 && strlen(session) < n) {
        snprintf(buf, n, "%s", session);
        return buf;
    }
    return store_unga_special_session(res, buf, n);
}

/* A by-name table's symbol as the UN writes it: "68/262" -> "A/RES/68/262". */
static void official_symbol(const char *res, char *buf, size_t n)
{
    if (strncmp(res, "A/", 2) == 0 || strncmp(res, "R/", 2) == 0 || strncmp(res, "ESS/", 4) == 0)
        snprintf(buf, n, "%s", res);
    else
        snprintf(buf, n, "A/RES/%s", res);
}

enum { U_RES, U_DATE, U_NAME, U_VOTE, U_ID, U_CODE, U_SESSION, U_TITLE, U_AGENDA };

/* The roll call of a by-name row: cached by (undl_id or resolution, date),
 * else the stored final vote on the same resolution and day (the Voeten
 * tables may hold it already), else a new one (rcid: the undl_id, or the
 * next of bloc's own numbers). *rcid = 0 when the row was rejected. */
static int byname_rollcall(ingest *g, int date, long long *rcid, bloc_error *err)
{
    char key[300], sym[160], label[24];
    long cached;
    long long id = 0;
    int rc;
    *rcid = 0;
    if (g->col[U_ID] >= 0 && (parse_ll(col(g, U_ID), &id) != 0 || id <= 0))
        return reject(g, err, "bad undl_id '%s': expected a positive integer", col(g, U_ID));
    snprintf(key, sizeof key, "%s\x1f%d", id ? col(g, U_ID) : col(g, U_RES), date);
    if (strmap_get(g->undl, key, &cached)) {
        *rcid = cached;
        return BLOC_OK;
    }
    if (!*col(g, U_RES))
        return reject(g, err, "no resolution symbol");
    if ((rc = store_unga_find_rollcall(g->s, col(g, U_RES), date, rcid, err)) != BLOC_OK)
        return rc;
    if (*rcid == 0) {
        int result;
        if (!id && (rc = store_unga_next_local_rcid(g->s, &id, err)) != BLOC_OK)
            return rc;
        official_symbol(col(g, U_RES), sym, sizeof sym);
        store_rollcall r = {id, undl_session(col(g, U_SESSION), date), date, -1, 0, 0,
                            sym, col(g, U_TITLE), col(g, U_AGENDA), g->source_id, csv_line(g->r),
                            special_label(col(g, U_SESSION), col(g, U_RES), label, sizeof label), 0};
        if ((rc = store_unga_put_rollcall(g->s, &r, &result, err)) != BLOC_OK)
            return rc;
        if (result == STORE_CONFLICT)
            return reject(g, err, "roll call %lld is already stored with another date or resolution", id);
        *rcid = id;
    }
    if (strmap_put(g->undl, key, (long)*rcid) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return BLOC_OK;
}

/* The UN Digital Library export and any by-name table: a row per state
 * and resolution (resolution, date, ms_name, ms_vote; the export adds
 * undl_id, ms_code, session, title, agenda_title). */
static int ingest_byname(ingest *g, const char *path, const char *kind, unga_file_stats *st,
                         bloc_error *err)
{
    static const char *const names[] = {"resolution", "date", "ms_name", "ms_vote", "undl_id",
                                        "ms_code", "session", "title", "agenda_title"};
    int rc = open_input(g, path, kind, names, 9, 4, st, err);
    int got, bad;
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got) {
        long long rcid;
        int date;
        if (bad)
            continue;
        if (strlen(col(g, U_DATE)) != 10 || util_parse_date(col(g, U_DATE), 0, &date, NULL) != BLOC_OK) {
            rc = reject(g, err, "bad date '%s': expected YYYY-MM-DD", col(g, U_DATE));
            continue;
        }
        int vote; /* the state and vote first: a rejected row makes no roll call */
        if (unga_parse_vote(col(g, U_VOTE), &vote) < 0 || !country_on(g, col(g, U_NAME), col(g, U_CODE), date)) {
            rc = put_vote(g, 0, date, col(g, U_NAME), col(g, U_CODE), col(g, U_VOTE), err);
            continue;
        }
        if ((rc = byname_rollcall(g, date, &rcid, err)) != BLOC_OK || rcid == 0)
            continue;
        cover(g, date);
        rc = put_vote(g, rcid, date, col(g, U_NAME), col(g, U_CODE), col(g, U_VOTE), err);
    }
    rc = record_coverage(g, flush_votes(g, rc, err), err);
    close_input(g);
    return rc;
}

/* ---- the wide matrix ---------------------------------------------------- */

/* The issue flags of the wide layout, with the names the long tables give
 * the same areas. */
static const char *const wide_issues[6][2] = {
    {"me", "Palestinian conflict"},          {"nu", "Nuclear weapons and nuclear material"},
    {"di", "Arms control and disarmament"},  {"hr", "Human rights"},
    {"co", "Colonialism"},                   {"ec", "Economic development"}};

enum { WIDE_FIRST_STATE = 8, MAX_STATES = 256 };

/* A state column of the wide matrix: its code, and the code its votes
 * take up to a date (data/registry/unga_wide_codes.csv: Voeten's later
 * release files Yugoslavia's seat under SRB, the long tables under YUG). */
typedef struct wide_col {
    const store_country *c;
    const store_country *before; /* NULL: none */
    int until;
} wide_col;

static int wide_codes(ingest *g, wide_col *cols, size_t n, bloc_error *err)
{
    char path[1024];
    csv_reader *r = NULL;
    int got, rc;
    snprintf(path, sizeof path, "%s/registry/unga_wide_codes.csv", g->o->datadir ? g->o->datadir : "data");
    if ((rc = csv_open(&r, path, ',', err)) != BLOC_OK)
        return rc;
    if ((rc = csv_next(r, &got, err)) == BLOC_OK && got) /* header: column,until,code */
        while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
            int until;
            const store_country *to = csv_nfields(r) == 3 ? registry_by_code(g->reg, csv_field(r, 2)) : NULL;
            if (!to || util_parse_date(csv_field(r, 1), 0, &until, NULL) != BLOC_OK) {
                rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r), "expected column,until (YYYY-MM-DD),code");
                break;
            }
            for (size_t k = 0; k < n; k++)
                if (strcmp(cols[k].c->code, csv_field(r, 0)) == 0) {
                    cols[k].before = to;
                    cols[k].until = until;
                }
        }
    csv_close(r);
    return rc;
}

/* TRUE / FALSE (R's), 1 / 0; empty or NA: unknown (-1); -2 invalid. */
static int parse_bool(const char *s)
{
    if (!*s || strcmp(s, "NA") == 0)
        return -1;
    if (util_streq_nocase(s, "true") || strcmp(s, "1") == 0)
        return 1;
    if (util_streq_nocase(s, "false") || strcmp(s, "0") == 0)
        return 0;
    return -2;
}

/* The votes stored on a roll call the matrix meets again, sorted by code
 * (the store gives them so): compared in memory, cell by cell, instead of
 * an insert attempt and a read per cell. */
typedef struct stored_vote {
    char code[8];
    int vote;
    long long source_id;
    long line;
    int path;               /* index into stored_votes.paths */
} stored_vote;

typedef struct stored_votes {
    stored_vote *v;
    size_t n, cap;
    char paths[4][512];     /* the few inputs a roll call's votes come from */
    int npaths;
} stored_votes;

static int stored_add(void *ctx, const char *code, int vote, long long source_id, const char *path, long line)
{
    stored_votes *sv = ctx;
    int p = 0;
    while (p < sv->npaths && strcmp(sv->paths[p], path) != 0)
        p++;
    if (p == sv->npaths) {
        if (p == 4)
            p = 3; /* more inputs than that on one roll call: the last slot is shared */
        else
            sv->npaths++;
        snprintf(sv->paths[p], sizeof sv->paths[p], "%s", path);
    }
    if (util_grow((void **)&sv->v, &sv->cap, sv->n + 1, sizeof *sv->v) != 0)
        return BLOC_ENOMEM;
    stored_vote *x = &sv->v[sv->n++];
    size_t len = strlen(code);
    memcpy(x->code, code, len < sizeof x->code ? len + 1 : sizeof x->code); /* by hand: one per stored vote */
    x->code[sizeof x->code - 1] = '\0';
    x->vote = vote;
    x->source_id = source_id;
    x->line = line;
    x->path = p;
    return BLOC_OK;
}

static const stored_vote *stored_find(const stored_votes *sv, const char *code)
{
    size_t lo = 0, hi = sv->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sv->v[mid].code, code);
        if (c == 0)
            return &sv->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* What a conflict on one cell quarantines: the cell, not the whole row. */
static const char *cell_raw(ingest *g, long long rcid, const char *column, int cell, char *buf, size_t n)
{
    snprintf(buf, n, "%lld,%s,%s,%d", rcid, csv_field(g->r, 1), column, cell);
    return buf;
}

/* One cell of a roll call stored before (its votes in sv): identical, a
 * correction, or new. */
static int wide_known(ingest *g, long long rcid, const store_country *c, const char *column, int cell,
                      const stored_votes *sv, bloc_error *err)
{
    const stored_vote *x = stored_find(sv, c->code);
    char raw[64], where[600];
    if (cell == 0)
        g->st->skipped++; /* absent: a correction when a vote is stored */
    if (!x && cell == 0)
        return BLOC_OK;
    if (!x)
        return put_resolved(g, rcid, c, cell, cell_raw(g, rcid, column, cell, raw, sizeof raw), err);
    if (x->vote == cell) {
        g->st->duplicates++;
        return BLOC_OK;
    }
    snprintf(where, sizeof where, "%s:%ld", sv->paths[x->path], x->line);
    return settle(g, rcid, c->code, cell, x->vote, x->source_id, x->line, where, csv_line(g->r),
                  cell_raw(g, rcid, column, cell, raw, sizeof raw), err);
}

/* One row of the matrix: every cell checked before anything is stored. */
static int wide_row(ingest *g, const wide_col *cols, size_t nstates, bloc_error *err)
{
    long long rcid;
    int date, result, flags[6], cells[MAX_STATES];
    if (parse_ll(csv_field(g->r, 0), &rcid) != 0 || rcid <= 0)
        return reject(g, err, "bad rcid '%s': expected a positive integer", csv_field(g->r, 0));
    if (strlen(csv_field(g->r, 1)) != 10 || util_parse_date(csv_field(g->r, 1), 0, &date, NULL) != BLOC_OK)
        return reject(g, err, "bad date '%s': expected YYYY-MM-DD", csv_field(g->r, 1));
    for (int k = 0; k < 6; k++)
        if ((flags[k] = parse_bool(csv_field(g->r, 2 + (size_t)k))) == -2)
            return reject(g, err, "field %d (%s): expected TRUE or FALSE, found '%s'", 3 + k,
                          wide_issues[k][0], csv_field(g->r, 2 + (size_t)k));
    for (size_t k = 0; k < nstates; k++) {
        const char *v = csv_field(g->r, WIDE_FIRST_STATE + k);
        int vote, pv = unga_parse_vote(v, &vote);
        if (pv < 0 || (pv == 0 && strcmp(v, "8") && strcmp(v, "8.0") && strcmp(v, "9") && strcmp(v, "9.0") && *v))
            return reject(g, err, "field %zu (%s): bad vote '%s' (expected 1, 2, 3, 8 or 9)",
                          WIDE_FIRST_STATE + k + 1, cols[k].c->code, v);
        cells[k] = pv ? vote : (v[0] == '8' ? 0 : -1); /* 0 absent, -1 not a member or empty */
    }
    /* a release may reuse an rcid for another day's roll call (the 2024
     * matrix numbers four votes of 2023 as 1950s ones): that roll call gets
     * a number of bloc's own, found again by (rcid, date) on a re-load */
    long long renumbered = 0;
    int rc = store_unga_find_renumbered(g->s, rcid, date, &renumbered, err);
    store_rollcall r = {renumbered ? renumbered : rcid, unga_session_of(date), date, -1, -1, -1, NULL,
                        NULL, NULL, g->source_id, csv_line(g->r), NULL, renumbered ? rcid : 0};
    if (rc == BLOC_OK)
        rc = store_unga_put_rollcall(g->s, &r, &result, err);
    if (rc == BLOC_OK && result == STORE_CONFLICT) {
        if ((rc = store_unga_next_local_rcid(g->s, &r.rcid, err)) == BLOC_OK) {
            r.orig_rcid = rcid;
            rc = store_unga_put_rollcall(g->s, &r, &result, err);
        }
        if (rc == BLOC_OK && g->st->renumbered < 8)
            snprintf(g->st->renumbered_text + strlen(g->st->renumbered_text),
                     sizeof g->st->renumbered_text - strlen(g->st->renumbered_text),
                     "%s%lld (%s) as %lld", g->st->renumbered ? ", " : "", rcid, csv_field(g->r, 1), r.rcid);
        g->st->renumbered++;
    }
    if (rc != BLOC_OK)
        return rc;
    rcid = r.rcid;
    cover(g, date);
    for (int k = 0; k < 6; k++)
        if (flags[k] == 1 && (rc = store_unga_put_issue(g->s, rcid, wide_issues[k][0], wide_issues[k][1],
                                                        g->source_id, csv_line(g->r), &result, err)) != BLOC_OK)
            return rc;
    /* a roll call met before: its votes read once (r.rcid was stored already
     * when the insert found it) */
    stored_votes sv = {0};
    int known = result == STORE_DUPLICATE;
    if (known)
        rc = store_unga_scan_rollcall_votes(g->s, rcid, stored_add, &sv, err);
    for (size_t k = 0; k < nstates && rc == BLOC_OK; k++) {
        const store_country *c = cols[k].before && date <= cols[k].until ? cols[k].before : cols[k].c;
        char raw[64];
        if (cells[k] < 0)
            g->st->skipped++;
        else if (known)
            rc = wide_known(g, rcid, c, cols[k].c->code, cells[k], &sv, err);
        else if (cells[k] == 0)
            g->st->skipped++; /* a new roll call: no stored vote to remove */
        else
            rc = put_resolved(g, rcid, c, cells[k], cell_raw(g, rcid, cols[k].c->code, cells[k], raw, sizeof raw), err);
    }
    free(sv.v);
    return rc;
}

static int ingest_wide(ingest *g, const char *path, unga_file_stats *st, bloc_error *err)
{
    static const char *const names[] = {"rcid", "date"};
    wide_col cols[MAX_STATES];
    int rc = open_input(g, path, "wide", names, 2, 2, st, err);
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0, nstates = ncols > WIDE_FIRST_STATE ? ncols - WIDE_FIRST_STATE : 0;
    if (rc == BLOC_OK && nstates > MAX_STATES)
        rc = bloc_fail_at(err, BLOC_EINPUT, path, 1, "%zu state columns: at most %d", nstates, MAX_STATES);
    for (size_t k = 0; rc == BLOC_OK && k < nstates; k++) {
        const char *code = csv_field(g->r, WIDE_FIRST_STATE + k);
        cols[k] = (wide_col){registry_by_code(g->reg, code), NULL, 0};
        if (!cols[k].c)
            rc = bloc_fail_at(err, BLOC_EINPUT, path, 1, "column %zu: '%s' is not a state code the registry knows",
                              WIDE_FIRST_STATE + k + 1, code);
    }
    if (rc == BLOC_OK)
        rc = wide_codes(g, cols, nstates, err);
    int got, bad;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got)
        if (!bad)
            rc = wide_row(g, cols, nstates, err);
    rc = record_coverage(g, flush_votes(g, rc, err), err);
    close_input(g);
    return rc;
}

/* ---- layouts and releases ------------------------------------------------- */

typedef enum layout { LAYOUT_LONG, LAYOUT_UNDL, LAYOUT_BYNAME, LAYOUT_WIDE } layout;

/* The layout of a votes file, from its header. */
static int layout_of(const char *path, layout *out, bloc_error *err)
{
    static const char *const wide[] = {"rcid", "date", "me", "nu", "di", "hr", "co", "ec"};
    csv_reader *r = NULL;
    int got = 0, has_undl = 0, has_name = 0, has_res = 0, is_wide = 1;
    int rc = csv_open(&r, path, ',', err);
    if (rc == BLOC_OK)
        rc = csv_next(r, &got, err);
    for (size_t i = 0; rc == BLOC_OK && got && i < csv_nfields(r); i++) {
        const char *h = csv_field(r, i);
        has_undl |= util_streq_nocase(h, "undl_id");
        has_name |= util_streq_nocase(h, "ms_name");
        has_res |= util_streq_nocase(h, "resolution");
        if (i < 8 && !util_streq_nocase(h, wide[i]))
            is_wide = 0;
    }
    *out = has_undl                           ? LAYOUT_UNDL
           : has_name && has_res              ? LAYOUT_BYNAME
           : is_wide && got && csv_nfields(r) > 8 ? LAYOUT_WIDE
                                              : LAYOUT_LONG;
    csv_close(r);
    return rc;
}

/* The newest date in column name of a file (0 when none parses). */
static int newest_date(const char *path, const char *name, int *out, bloc_error *err)
{
    csv_reader *r = NULL;
    int got = 0, k = -1;
    *out = 0;
    int rc = csv_open(&r, path, ',', err);
    if (rc == BLOC_OK && (rc = csv_next(r, &got, err)) == BLOC_OK && got)
        for (size_t i = 0; i < csv_nfields(r); i++)
            if (util_streq_nocase(csv_field(r, i), name))
                k = (int)i;
    while (rc == BLOC_OK && k >= 0 && (rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        int d;
        if ((size_t)k < csv_nfields(r) && strlen(csv_field(r, (size_t)k)) == 10 &&
            util_parse_date(csv_field(r, (size_t)k), 0, &d, NULL) == BLOC_OK && d > *out)
            *out = d;
    }
    csv_close(r);
    return rc;
}

/* The release of a long votes file loaded without its roll calls: that of
 * the roll calls it votes on (the newest, when they come from several). */
static int votes_release(ingest *g, const char *path, int *out, bloc_error *err)
{
    csv_reader *r = NULL;
    int got = 0, k = -1;
    *out = 0;
    int rc = csv_open(&r, path, ',', err);
    if (rc == BLOC_OK && (rc = csv_next(r, &got, err)) == BLOC_OK && got)
        for (size_t i = 0; i < csv_nfields(r); i++)
            if (util_streq_nocase(csv_field(r, i), "rcid"))
                k = (int)i;
    g->last_rcid = -1;
    while (rc == BLOC_OK && k >= 0 && (rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        long long rcid;
        int d;
        if ((size_t)k < csv_nfields(r) && parse_ll(csv_field(r, (size_t)k), &rcid) == 0 && rcid != g->last_rcid &&
            (rc = store_unga_rollcall_release(g->s, rcid, &d, err)) == BLOC_OK && d > *out)
            *out = d;
        g->last_rcid = (size_t)k < csv_nfields(r) && parse_ll(csv_field(r, (size_t)k), &rcid) == 0 ? rcid : -1;
    }
    g->last_rcid = -1;
    csv_close(r);
    return rc;
}

/* The release the inputs are taken from: as given, else the newest roll
 * call they cover. */
static int find_release(ingest *g, layout l, bloc_error *err)
{
    const unga_ingest_opts *o = g->o;
    if (o->release) {
        g->release = o->release;
        return BLOC_OK;
    }
    /* a file whose release cannot be told (no roll call it names is known)
     * has none: its rows fail on their own */
    return l != LAYOUT_LONG ? newest_date(o->votes, "date", &g->release, err)
           : o->rollcalls   ? newest_date(o->rollcalls, "date", &g->release, err)
                            : votes_release(g, o->votes, &g->release, err);
}

int unga_ingest(store *s, const registry *reg, const unga_ingest_opts *o, unga_ingest_result *res,
                bloc_error *err)
{
    ingest g = {.s = s, .reg = reg, .o = o, .last_rcid = -1};
    int rc;
    layout l;
    memset(res, 0, sizeof *res);
    if (!o->votes)
        return bloc_fail(err, BLOC_EUSAGE, "--votes FILE is required");
    if ((rc = layout_of(o->votes, &l, err)) != BLOC_OK)
        return rc;
    if (l != LAYOUT_LONG && (o->rollcalls || o->issues))
        return bloc_fail(err, BLOC_EUSAGE, "%s holds its own roll calls (%s layout): drop --rollcalls and --issues",
                         o->votes, l == LAYOUT_WIDE ? "wide" : l == LAYOUT_UNDL ? "UN Digital Library" : "by-name");
    g.names = strmap_new();
    g.undl = strmap_new();
    g.removed = strmap_new();
    if (o->quarantine)
        g.spool = tmpfile();
    if (o->changes)
        g.changes = tmpfile();
    if (!g.names || !g.undl || !g.removed || (o->quarantine && !g.spool) || (o->changes && !g.changes)) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory or no temporary file");
        goto done;
    }
    /* every vote's roll call and country is checked before it is staged */
    if ((rc = store_begin_bulk(s, err)) != BLOC_OK)
        goto done;
    if ((rc = find_release(&g, l, err)) != BLOC_OK ||
        (rc = store_unga_scan_corrections(s, 0, removed_add, &g, err)) != BLOC_OK) {
        store_rollback(s);
        goto done;
    }
    if (l == LAYOUT_WIDE) {
        rc = ingest_wide(&g, o->votes, &res->files[res->nfiles++], err);
    } else if (l != LAYOUT_LONG) {
        rc = ingest_byname(&g, o->votes, l == LAYOUT_UNDL ? "undl" : "byname", &res->files[res->nfiles++], err);
    } else {
        if (o->rollcalls)
            rc = ingest_rollcalls(&g, o->rollcalls, &res->files[res->nfiles++], err);
        if (rc == BLOC_OK)
            rc = ingest_votes(&g, o->votes, &res->files[res->nfiles++], err);
        if (rc == BLOC_OK && o->issues)
            rc = ingest_issues(&g, o->issues, &res->files[res->nfiles++], err);
    }
    if (rc == BLOC_OK)
        rc = quarantine_copy(g.spool, o->quarantine, "quarantine", err);
    if (rc == BLOC_OK && g.changes) {
        fputs("rcid,country,old_vote,new_vote,old_source,new_source,applied\n", o->changes);
        rc = quarantine_copy(g.changes, o->changes, "changes file", err);
    }
    if (rc == BLOC_OK)
        rc = store_commit(s, err);
    if (rc != BLOC_OK)
        store_rollback(s);
done:
    if (g.r)
        csv_close(g.r);
    if (g.spool)
        fclose(g.spool);
    if (g.changes)
        fclose(g.changes);
    strmap_free(g.names);
    strmap_free(g.undl);
    strmap_free(g.removed);
    free(g.cache);
    free(g.row_text);
    free(g.dates);
    return rc;
}
