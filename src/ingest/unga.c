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

typedef struct ingest {
    store *s;
    const registry *reg;
    const unga_ingest_opts *o;
    FILE *spool;              /* rejected rows until commit */
    csv_reader *r;
    unga_file_stats *st;
    long long source_id;
    int col[MAX_COLS];        /* column index per wanted name, -1 = absent */
    strmap *names;            /* "name\x1fcode" -> index into cache */
    resolved *cache;
    size_t ncache, capcache;
    strmap *undl;             /* undl_id -> rcid */
    long long last_rcid;      /* roll call of the previous vote row */
    int last_date;
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
    size_t n = strlen(s);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    util_trim(buf);
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
    char sha[65];
    int rc, got;
    struct stat sb;
    memset(st, 0, sizeof *st);
    snprintf(st->path, sizeof st->path, "%s", path);
    snprintf(st->kind, sizeof st->kind, "%s", kind);
    g->st = st;
    if (strcmp(path, "-") == 0)
        return bloc_fail(err, BLOC_EUSAGE, "UN vote files must be named files, not standard input");
    if ((rc = util_sha256_file(path, sha, err)) != BLOC_OK ||
        (rc = store_source_id(g->s, sha, path, kind, stat(path, &sb) == 0 ? sb.st_size : 0,
                              &g->source_id, err)) != BLOC_OK)
        return rc;
    g->total_bytes = stat(path, &sb) == 0 ? sb.st_size : 0;
    if ((rc = csv_open(&g->r, path, ',', err)) != BLOC_OK)
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
        if (i < nrequired && g->col[i] < 0)
            return bloc_fail_at(err, BLOC_EINPUT, path, 1,
                                "bad header: no '%s' column (a %s file needs: %s%s%s%s%s)",
                                names[i], kind, names[0], nrequired > 1 ? ", " : "",
                                nrequired > 1 ? names[1] : "", nrequired > 2 ? ", " : "",
                                nrequired > 2 ? names[2] : "");
    }
    progress_start(&g->prog, kind, g->total_bytes, g->o->progress);
    return BLOC_OK;
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
    long f = csv_bad_utf8_field(g->r);
    if (f >= 0)
        return reject(g, err, "field %ld is not valid UTF-8", f + 1);
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

/* Store one vote row whose roll call and date are known. */
static int put_vote(ingest *g, long long rcid, int date, const char *name, const char *code,
                    const char *vtext, bloc_error *err)
{
    int vote, result, existing = 0;
    char where[600];
    int pv = unga_parse_vote(vtext, &vote);
    if (pv < 0)
        return reject(g, err, "unknown vote value '%s' (expected yes, no, abstain, Y, N, A, X or 1/2/3/8/9)",
                      vtext);
    const store_country *c = country_on(g, name, code, date);
    if (!c)
        return reject(g, err, "unknown country '%s' (code '%s')", name, code);
    if (pv == 0) {
        g->st->skipped++;
        return BLOC_OK;
    }
    if (store_unga_votes_staged(g->s)) { /* PostgreSQL: counted by flush_votes */
        char *raw = quarantine_record_text(g->r);
        int rc = raw ? store_unga_stage_vote(g->s, rcid, c->code, vote, g->source_id,
                                             csv_line(g->r), raw, err)
                     : bloc_fail(err, BLOC_ENOMEM, "out of memory");
        free(raw);
        return rc;
    }
    int rc = store_unga_put_vote(g->s, rcid, c->code, vote, g->source_id, csv_line(g->r), &result,
                                 &existing, where, sizeof where, err);
    if (rc != BLOC_OK)
        return rc;
    if (result == STORE_CONFLICT)
        return reject(g, err, "vote of %s on roll call %lld conflicts with the stored vote %d from %s",
                      c->code, rcid, existing, where);
    count(g->st, result);
    return BLOC_OK;
}

/* A staged vote that meets another: rejected as put_vote would have. */
static int on_conflict(void *ctx, const store_vote_conflict *c, bloc_error *err)
{
    ingest *g = ctx;
    char reason[700];
    snprintf(reason, sizeof reason, "vote of %s on roll call %lld conflicts with the stored vote %d from %s",
             c->country, c->rcid, c->existing, c->where);
    if (!g->spool)
        return bloc_fail_at(err, BLOC_EINPUT, csv_path(g->r), c->source_line, "%s", reason);
    quarantine_record(g->spool, csv_path(g->r), c->source_line, reason, c->raw);
    g->st->rejected++;
    return BLOC_OK;
}

/* At the end of a votes file: staged votes go in (PostgreSQL; nothing to do
 * on SQLite), conflicts rejected, the rest counted. */
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
        store_rollcall r = {rcid, (int)session, date, important, amend, para,
                            col(g, RC_UNRES), col(g, RC_SHORT), col(g, RC_DESCR),
                            g->source_id, csv_line(g->r)};
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
static int rollcall_date(ingest *g, long long rcid, int *date, bloc_error *err)
{
    if (rcid != g->last_rcid) {
        int rc = store_unga_rollcall_date(g->s, rcid, &g->last_date, err);
        if (rc != BLOC_OK)
            return rc;
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
        rc = put_vote(g, rcid, date, col(g, V_COUNTRY), col(g, V_CODE), col(g, V_VOTE), err);
    }
    rc = flush_votes(g, rc, err);
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

/* Regular session number from a UN Digital Library session label: "79"
 * or, for emergency special sessions ("ES-11"), the regular session in
 * progress on the date (session N opens in September of 1945 + N). */
static int undl_session(const char *label, int date)
{
    long long n;
    if (parse_ll(label, &n) == 0 && n > 0 && n < 1000)
        return (int)n;
    int y = date / 10000, m = (date / 100) % 100;
    return m >= 9 ? y - 1945 : y - 1946;
}

enum { U_ID, U_CODE, U_VOTE, U_DATE, U_SESSION, U_RES, U_NAME, U_TITLE, U_AGENDA };

static int ingest_undl(ingest *g, const char *path, unga_file_stats *st, bloc_error *err)
{
    static const char *const names[] = {"undl_id", "ms_code", "ms_vote", "date", "session",
                                        "resolution", "ms_name", "title", "agenda_title"};
    int rc = open_input(g, path, "undl", names, 9, 6, st, err);
    int got, bad;
    size_t ncols = rc == BLOC_OK ? csv_nfields(g->r) : 0;
    while (rc == BLOC_OK && (rc = next_row(g, ncols, &got, &bad, err)) == BLOC_OK && got) {
        long long id, rcid;
        int date;
        long cached;
        if (bad)
            continue;
        if (parse_ll(col(g, U_ID), &id) != 0 || id <= 0) {
            rc = reject(g, err, "bad undl_id '%s': expected a positive integer", col(g, U_ID));
            continue;
        }
        if (strlen(col(g, U_DATE)) != 10 || util_parse_date(col(g, U_DATE), 0, &date, NULL) != BLOC_OK) {
            rc = reject(g, err, "bad date '%s': expected YYYY-MM-DD", col(g, U_DATE));
            continue;
        }
        if (!strmap_get(g->undl, col(g, U_ID), &cached)) {
            /* The same resolution may already be stored from the Voeten
             * tables: its final vote (not an amendment or paragraph vote)
             * on the same day is the same roll call. */
            if ((rc = store_unga_find_rollcall(g->s, col(g, U_RES), date, &rcid, err)) != BLOC_OK)
                break;
            if (rcid == 0) {
                int result;
                rcid = id;
                store_rollcall r = {rcid, undl_session(col(g, U_SESSION), date), date, -1, 0, 0,
                                    col(g, U_RES), col(g, U_TITLE), col(g, U_AGENDA),
                                    g->source_id, csv_line(g->r)};
                if ((rc = store_unga_put_rollcall(g->s, &r, &result, err)) != BLOC_OK)
                    break;
                if (result == STORE_CONFLICT) {
                    rc = reject(g, err, "roll call %lld (undl_id) is already stored with another date "
                                "or resolution", rcid);
                    continue;
                }
                count(st, result);
            }
            if (strmap_put(g->undl, col(g, U_ID), (long)rcid) != 0) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                break;
            }
            cached = (long)rcid;
        }
        rc = put_vote(g, cached, date, col(g, U_NAME), col(g, U_CODE), col(g, U_VOTE), err);
    }
    rc = flush_votes(g, rc, err);
    close_input(g);
    return rc;
}

/* Peek at a file's header: 1 for the UN Digital Library layout. */
static int is_undl(const char *path, bloc_error *err, int *undl)
{
    csv_reader *r = NULL;
    int got = 0;
    int rc = csv_open(&r, path, ',', err);
    if (rc == BLOC_OK)
        rc = csv_next(r, &got, err);
    *undl = 0;
    for (size_t i = 0; rc == BLOC_OK && got && i < csv_nfields(r); i++)
        if (util_streq_nocase(csv_field(r, i), "undl_id"))
            *undl = 1;
    csv_close(r);
    return rc;
}

int unga_ingest(store *s, const registry *reg, const unga_ingest_opts *o, unga_ingest_result *res,
                bloc_error *err)
{
    ingest g = {.s = s, .reg = reg, .o = o, .last_rcid = -1};
    int rc, undl = 0;
    memset(res, 0, sizeof *res);
    if (!o->votes)
        return bloc_fail(err, BLOC_EUSAGE, "--votes FILE is required");
    if ((rc = is_undl(o->votes, err, &undl)) != BLOC_OK)
        return rc;
    if (undl && (o->rollcalls || o->issues))
        return bloc_fail(err, BLOC_EUSAGE,
                         "%s is a UN Digital Library export, which holds its own roll calls: "
                         "drop --rollcalls and --issues", o->votes);
    g.names = strmap_new();
    g.undl = strmap_new();
    if (o->quarantine)
        g.spool = tmpfile();
    if (!g.names || !g.undl || (o->quarantine && !g.spool)) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory or no temporary file");
        goto done;
    }
    /* every vote's roll call and country is checked before its insert */
    int deferred = 0;
    if ((rc = store_begin_bulk(s, err)) != BLOC_OK)
        goto done;
    if ((rc = store_unga_votes_index_defer(s, &deferred, err)) != BLOC_OK) {
        store_rollback(s);
        goto done;
    }
    if (undl) {
        rc = ingest_undl(&g, o->votes, &res->files[res->nfiles++], err);
    } else {
        if (o->rollcalls)
            rc = ingest_rollcalls(&g, o->rollcalls, &res->files[res->nfiles++], err);
        if (rc == BLOC_OK)
            rc = ingest_votes(&g, o->votes, &res->files[res->nfiles++], err);
        if (rc == BLOC_OK && o->issues)
            rc = ingest_issues(&g, o->issues, &res->files[res->nfiles++], err);
    }
    if (rc == BLOC_OK && deferred)
        rc = store_unga_votes_index_restore(s, err);
    if (rc == BLOC_OK)
        rc = quarantine_copy(g.spool, o->quarantine, "quarantine", err);
    if (rc == BLOC_OK)
        rc = store_commit(s, err);
    if (rc != BLOC_OK)
        store_rollback(s);
done:
    if (g.r)
        csv_close(g.r);
    if (g.spool)
        fclose(g.spool);
    strmap_free(g.names);
    strmap_free(g.undl);
    free(g.cache);
    return rc;
}
