/*
 * store/store_ballots — the UN votes packed a roll call to a row (schema
 * 13; docs/data-model.md). unga_slots gives every state that has voted a
 * fixed position (1, 2, ...); unga_ballots holds one row per roll call:
 * its votes as one character per position ('0' none, '1' yes, '2' abstain,
 * '3' no); unga_provenance beside it their provenance as 18 digits per
 * position (the source id in 8, the line in 10) and the sources it names
 * (",4,9,", for the check that a source is unused). Apart, because a scan
 * of the votes then reads 1.4 MB instead of the 26 the two make. SQL readers keep the relation unga_votes with its
 * old columns: a view that unpacks the rows. Fixed-width text rather than
 * a binary vector so that the view is plain SQL on both backends and the
 * sqlite3 shell reads it with no extension.
 *
 * This file owns the layout: the position map, the rows' encoding, the
 * staged load and its conflict check, the point reads and corrections,
 * the scans the measures read, and the migration from a row per vote. A
 * load stages its votes in memory and merges them into the stored rows at
 * each flush: 6,203 row writes for Voeten's 870,109 votes instead of one
 * B-tree insert per vote, which was 62 % of a UN ingest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"
#include "store/store_internal.h"

enum {
    PROV_WIDTH = 18,          /* provenance digits per position */
    SOURCE_DIGITS = 8,
    LINE_DIGITS = 10,
    STAGE_FLUSH_VOTES = 1 << 18 /* store_unga_votes_pending's advice */
};
#define SOURCE_LIMIT 100000000LL   /* 10^8 */
#define LINE_LIMIT 10000000000LL   /* 10^10 */

typedef struct staged_vote {
    long long rcid, source_id;
    long line;
    size_t raw;   /* offset of its text in raw */
    size_t pos;   /* 1-based position */
    int vote;
} staged_vote;

struct store_ballots {
    unsigned long txn; /* the transaction (store.txn) the state belongs to */
    int loaded;       /* the positions read in this bulk transaction */
    strmap *pos_of;   /* code -> position */
    char **code;      /* position - 1 -> code */
    size_t npos, cap_pos;
    staged_vote *st;  /* staged since the last flush, in staging order */
    size_t nst, cap_st;
    char *raw;
    size_t nraw, cap_raw;
};

/* One roll call's row, decoded: votes and prov as stored (n positions). */
typedef struct ballot {
    char *votes, *prov;
    size_t n, cap;
    int stored;
    long long last_source; /* the source whose digits are in source_text */
    char source_text[8];
} ballot;

static const char *const ballot_sql[] = {
    [ST_GET_BALLOT] = "SELECT b.votes, p.provenance FROM unga_ballots b"
                      " JOIN unga_provenance p ON p.rcid = b.rcid WHERE b.rcid = ?",
    [ST_RC_KNOWN] = "SELECT count(*) FROM unga_rollcalls WHERE rcid = ?",
    [ST_PUT_BALLOT] = "INSERT INTO unga_ballots(rcid, nvotes, votes) VALUES(?,?,?)"
                      " ON CONFLICT(rcid) DO UPDATE SET nvotes = excluded.nvotes, votes = excluded.votes",
    [ST_PUT_PROVENANCE] = "INSERT INTO unga_provenance(rcid, provenance, sources) VALUES(?,?,?)"
                          " ON CONFLICT(rcid) DO UPDATE SET provenance = excluded.provenance,"
                          " sources = excluded.sources",
};

/* ---- the position map ---- */

static void positions_clear(store_ballots *b)
{
    for (size_t i = 0; i < b->npos; i++)
        free(b->code[i]);
    b->npos = 0;
    strmap_free(b->pos_of);
    b->pos_of = NULL;
    b->loaded = 0;
}

static void staged_clear(store_ballots *b)
{
    b->nst = b->nraw = 0;
}

/* The handle's state, dropped when its transaction has ended: staged
 * votes go with a rollback, and the positions are read again (another
 * writer may have added some since). */
static int handle(store *s, store_ballots **out, bloc_error *err)
{
    if (!s->ballots && !(s->ballots = calloc(1, sizeof *s->ballots)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (s->ballots->txn != s->txn) {
        staged_clear(s->ballots);
        positions_clear(s->ballots);
        s->ballots->txn = s->txn;
    }
    *out = s->ballots;
    return BLOC_OK;
}

static int position_add(store_ballots *b, const char *code, size_t pos, bloc_error *err)
{
    char *c = util_strdup(code);
    if (!c || util_grow((void **)&b->code, &b->cap_pos, b->npos + 1, sizeof *b->code) != 0 ||
        strmap_put(b->pos_of, code, (long)pos) != 0) {
        free(c);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    b->code[b->npos++] = c;
    return BLOC_OK;
}

/* The positions as stored: 1..n without a gap. Kept through a bulk
 * transaction (the load that adds them); every other call reads the ones
 * added since (another writer's). Positions are only ever appended, so a
 * code read earlier in the transaction stays valid: a scan's callback may
 * call the store again. */
static int positions_load(store *s, store_ballots **out, bloc_error *err)
{
    store_ballots *b = NULL;
    int rc = handle(s, &b, err);
    if (rc != BLOC_OK || (b->loaded && s->bulk)) {
        *out = b;
        return rc;
    }
    if (!b->pos_of && !(b->pos_of = strmap_new()))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    store_q *st = NULL;
    if ((rc = store_prepare(s, &st, "SELECT slot, country FROM unga_slots WHERE slot > ? ORDER BY slot", err)) !=
        BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, (long long)b->npos);
    int r;
    while (rc == BLOC_OK && (r = store_q_step(st)) == STORE_ROW) {
        long long pos = store_q_int64(st, 0);
        if (pos != (long long)b->npos + 1)
            rc = bloc_fail(err, BLOC_ESTORE, "unga_slots: position %lld where %zu was expected", pos,
                           b->npos + 1);
        else
            rc = position_add(b, (const char *)store_q_text(st, 1), (size_t)pos, err);
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the vote positions");
    store_q_finalize(st);
    if (rc != BLOC_OK) {
        positions_clear(b);
        return rc;
    }
    b->loaded = 1;
    *out = b;
    return BLOC_OK;
}

/* The position of code: 0 when it has none and create is 0; a new one
 * (stored) when create is 1. */
static int position_of(store *s, const char *code, int create, size_t *pos, bloc_error *err)
{
    store_ballots *b;
    long p;
    int rc = positions_load(s, &b, err);
    *pos = 0;
    if (rc != BLOC_OK)
        return rc;
    if (strmap_get(b->pos_of, code, &p)) {
        *pos = (size_t)p;
        return BLOC_OK;
    }
    if (!create)
        return BLOC_OK;
    /* checked here: a bulk load on SQLite runs without foreign keys */
    store_q *st = NULL;
    if ((rc = store_prepare(s, &st, "SELECT count(*) FROM countries WHERE code = ?", err)) != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, code);
    int known = store_q_step(st) == STORE_ROW && store_q_int(st, 0) == 1;
    store_q_finalize(st);
    if (!known)
        return bloc_fail(err, BLOC_ESTORE, "a vote of '%s', which is not a country of the registry", code);
    if ((rc = store_prepare(s, &st, "INSERT INTO unga_slots(slot, country) VALUES(?, ?)", err)) != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, (long long)b->npos + 1);
    store_q_bind_text(st, 2, code);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot add a vote position");
    store_q_finalize(st);
    if (rc == BLOC_OK && (rc = position_add(b, code, b->npos + 1, err)) == BLOC_OK)
        *pos = b->npos;
    return rc;
}

int store_ballot_positions(store *s, const char *const **codes, size_t *n, bloc_error *err)
{
    store_ballots *b;
    int rc = positions_load(s, &b, err);
    *codes = rc == BLOC_OK ? (const char *const *)b->code : NULL;
    *n = rc == BLOC_OK ? b->npos : 0;
    return rc;
}

/* ---- a row ---- */

static int ballot_widen(ballot *v, size_t n, bloc_error *err)
{
    if (n <= v->n)
        return BLOC_OK;
    if (n > v->cap) {
        size_t cap = n + 16;
        char *a = realloc(v->votes, cap), *p = a ? realloc(v->prov, cap * PROV_WIDTH) : NULL;
        if (a)
            v->votes = a;
        if (!p)
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        v->prov = p;
        v->cap = cap;
    }
    memset(v->votes + v->n, '0', n - v->n);
    memset(v->prov + v->n * PROV_WIDTH, '0', (n - v->n) * PROV_WIDTH);
    v->n = n;
    return BLOC_OK;
}

static void ballot_free(ballot *v)
{
    free(v->votes);
    free(v->prov);
    *v = (ballot){0};
}

/* Digits as a number (the row's text was checked when it was read). */
static long long digits(const char *p, int n)
{
    long long x = 0;
    for (int i = 0; i < n; i++)
        x = x * 10 + (p[i] - '0');
    return x;
}

/* The vote at pos (0: none) and its provenance. */
static int ballot_get(const ballot *v, size_t pos, long long *source, long *line)
{
    assert(pos >= 1);
    if (pos > v->n || v->votes[pos - 1] == '0') {
        *source = 0;
        *line = 0;
        return 0;
    }
    const char *p = v->prov + (pos - 1) * PROV_WIDTH;
    *source = digits(p, SOURCE_DIGITS);
    *line = (long)digits(p + SOURCE_DIGITS, LINE_DIGITS);
    return v->votes[pos - 1] - '0';
}

/* n digits of x, zero-padded, two at a time (a load writes 18 per vote). */
static void put_digits(char *p, int n, long long x)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536"
                                "373839404142434445464748495051525354555657585960616263646566676869707172"
                                "737475767778798081828384858687888990919293949596979899";
    for (; n >= 2; n -= 2, x /= 100)
        memcpy(p + n - 2, pairs + 2 * (x % 100), 2);
    if (n)
        p[0] = (char)('0' + x % 10);
}

/* Set pos (widened already) to vote (0 clears it) from source:line. */
static void ballot_set(ballot *v, size_t pos, int vote, long long source, long line)
{
    assert(pos >= 1 && pos <= v->n && vote >= 0 && vote <= 3);
    if (!vote)
        source = line = 0;
    assert(source >= 0 && source < SOURCE_LIMIT && line >= 0 && line < LINE_LIMIT);
    char *p = v->prov + (pos - 1) * PROV_WIDTH;
    if (source != v->last_source || !v->source_text[0]) { /* a load names one source */
        put_digits(v->source_text, SOURCE_DIGITS, source);
        v->last_source = source;
    }
    memcpy(p, v->source_text, SOURCE_DIGITS);
    put_digits(p + SOURCE_DIGITS, LINE_DIGITS, line);
    v->votes[pos - 1] = (char)('0' + vote);
}

static int ballot_read(store *s, long long rcid, ballot *v, bloc_error *err)
{
    store_q *st = store_cached(s, ST_GET_BALLOT, ballot_sql[ST_GET_BALLOT], err);
    v->n = 0;
    v->stored = 0;
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    int r = store_q_step(st), rc = BLOC_OK;
    if (r == STORE_ROW) {
        const char *votes = store_q_text(st, 0), *prov = store_q_text(st, 1);
        size_t n = strlen(votes);
        if (strlen(prov) != n * PROV_WIDTH || strspn(votes, "0123") != n ||
            strspn(prov, "0123456789") != n * PROV_WIDTH)
            rc = bloc_fail(err, BLOC_ESTORE, "unga_ballots: the row of roll call %lld is malformed", rcid);
        else if ((rc = ballot_widen(v, n, err)) == BLOC_OK) {
            memcpy(v->votes, votes, n);
            memcpy(v->prov, prov, n * PROV_WIDTH);
            v->stored = 1;
        }
    } else if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read a roll call's votes");
    }
    store_q_reset(st);
    return rc;
}

/* The row's sources as ",id,id," (each once), so that a source's use is
 * one exact LIKE; a row names a few (a release and its corrections). */
static int row_sources(const ballot *v, char **out, size_t *cap, bloc_error *err)
{
    long long ids[64];
    size_t n = 0, len = 0;
    for (size_t p = 1; p <= v->n; p++) {
        size_t k = 0;
        if (v->votes[p - 1] == '0')
            continue;
        long long src = digits(v->prov + (p - 1) * PROV_WIDTH, SOURCE_DIGITS);
        while (k < n && ids[k] != src)
            k++;
        if (k == n && n < sizeof ids / sizeof ids[0])
            ids[n++] = src;
        else if (k == n)
            return bloc_fail(err, BLOC_ESTORE, "a roll call's votes name more than %zu sources", n);
    }
    if (util_grow((void **)out, cap, n * 21 + 2, 1) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    (*out)[len++] = ',';
    for (size_t k = 0; k < n; k++) {
        len += util_format_int(*out + len, ids[k]);
        (*out)[len++] = ',';
    }
    (*out)[len] = '\0';
    return BLOC_OK;
}

/* Store the row (none when it holds no vote). */
static int ballot_write(store *s, long long rcid, const ballot *v, bloc_error *err)
{
    long long nvotes = 0;
    for (size_t i = 0; i < v->n; i++)
        nvotes += v->votes[i] != '0';
    if (!nvotes) {
        if (!v->stored)
            return BLOC_OK;
        static const char *const gone[] = {"DELETE FROM unga_provenance WHERE rcid = ?",
                                           "DELETE FROM unga_ballots WHERE rcid = ?"};
        int rc = BLOC_OK;
        for (int i = 0; i < 2 && rc == BLOC_OK; i++) {
            store_q *st = NULL;
            if ((rc = store_prepare(s, &st, gone[i], err)) != BLOC_OK)
                return rc;
            store_q_bind_int64(st, 1, rcid);
            if (store_q_step(st) != STORE_DONE)
                rc = store_sqlfail(s, err, "cannot remove a roll call's votes");
            store_q_finalize(st);
        }
        return rc;
    }
    char *sources = NULL;
    size_t cap = 0;
    int rc = row_sources(v, &sources, &cap, err);
    store_q *st = rc == BLOC_OK ? store_cached(s, ST_PUT_BALLOT, ballot_sql[ST_PUT_BALLOT], err) : NULL;
    if (st) {
        store_q_bind_int64(st, 1, rcid);
        store_q_bind_int64(st, 2, nvotes);
        store_q_bind_textn(st, 3, v->votes, v->n, 0);
        rc = store_q_step(st) == STORE_DONE ? BLOC_OK : store_sqlfail(s, err, "cannot store a roll call's votes");
        store_q_reset(st);
    } else if (rc == BLOC_OK) {
        rc = BLOC_ESTORE;
    }
    st = rc == BLOC_OK ? store_cached(s, ST_PUT_PROVENANCE, ballot_sql[ST_PUT_PROVENANCE], err) : NULL;
    if (st) {
        store_q_bind_int64(st, 1, rcid);
        store_q_bind_textn(st, 2, v->prov, v->n * PROV_WIDTH, 0);
        store_q_bind_text(st, 3, sources);
        rc = store_q_step(st) == STORE_DONE ? BLOC_OK : store_sqlfail(s, err, "cannot store a roll call's votes");
        store_q_reset(st);
    } else if (rc == BLOC_OK) {
        rc = BLOC_ESTORE;
    }
    free(sources);
    return rc;
}

/* The path of a source, for file:line (cached: a flush meets a few). */
typedef struct path_cache {
    long long id;
    char path[512];
} path_cache;

static int source_path(store *s, path_cache *c, long long id, bloc_error *err)
{
    if (c->id == id && id)
        return BLOC_OK;
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT path FROM sources WHERE id = ?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, id);
    int r = store_q_step(st);
    if (r == STORE_ROW)
        store_copy_col(st, 0, c->path, sizeof c->path);
    else if (r == STORE_DONE)
        snprintf(c->path, sizeof c->path, "source %lld", id);
    else
        rc = store_sqlfail(s, err, "cannot read a source");
    store_q_finalize(st);
    c->id = rc == BLOC_OK ? id : 0;
    return rc;
}

/* ---- the staged load ---- */

size_t store_unga_votes_pending(const store *s)
{
    const store_ballots *b = s->ballots;
    return b && b->txn == s->txn && b->nst >= STAGE_FLUSH_VOTES ? b->nst : 0;
}

int store_unga_stage_vote(store *s, long long rcid, const char *code, int vote, long long source_id,
                          long source_line, const char *raw, bloc_error *err)
{
    assert(s->bulk && vote >= 1 && vote <= 3);
    if (source_id < 0 || source_id >= SOURCE_LIMIT || source_line < 0 || source_line >= LINE_LIMIT)
        return bloc_fail(err, BLOC_ESTORE, "source %lld line %ld does not fit the vote layout",
                         source_id, source_line);
    size_t pos, len = strlen(raw);
    int rc = position_of(s, code, 1, &pos, err);
    if (rc != BLOC_OK)
        return rc;
    store_ballots *b = s->ballots;
    if (util_grow((void **)&b->st, &b->cap_st, b->nst + 1, sizeof *b->st) != 0 ||
        util_grow((void **)&b->raw, &b->cap_raw, b->nraw + len + 1, 1) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory staging votes");
    memcpy(b->raw + b->nraw, raw, len + 1);
    b->st[b->nst++] = (staged_vote){rcid, source_id, source_line, b->nraw, pos, vote};
    b->nraw += len + 1;
    return BLOC_OK;
}

/* A run of staged votes on one roll call: a file holds its votes in such
 * runs (Voeten's long table: 30,000 of them for 870,109 votes). */
typedef struct vote_run {
    long long rcid;
    size_t start, len;
} vote_run;

static int cmp_run(const void *pa, const void *pb)
{
    const vote_run *a = pa, *b = pb;
    if (a->rcid != b->rcid)
        return a->rcid < b->rcid ? -1 : 1;
    return (a->start > b->start) - (a->start < b->start);
}

/* The staged votes' indices in roll-call order, each roll call's in
 * staging order: the runs sorted, not every vote. */
static int staged_order(const store_ballots *b, size_t **out, bloc_error *err)
{
    size_t nruns = 0, k = 0;
    for (size_t i = 0; i < b->nst; i++)
        nruns += i == 0 || b->st[i].rcid != b->st[i - 1].rcid;
    vote_run *runs = malloc((nruns + 1) * sizeof *runs);
    size_t *order = malloc((b->nst + 1) * sizeof *order);
    if (!runs || !order) {
        free(runs);
        free(order);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < b->nst; i++)
        if (i == 0 || b->st[i].rcid != b->st[i - 1].rcid)
            runs[k++] = (vote_run){b->st[i].rcid, i, 1};
        else
            runs[k - 1].len++;
    qsort(runs, nruns, sizeof *runs, cmp_run);
    k = 0;
    for (size_t r = 0; r < nruns; r++)
        for (size_t i = 0; i < runs[r].len; i++)
            order[k++] = runs[r].start + i;
    free(runs);
    *out = order;
    return BLOC_OK;
}

/* *known = 1 when roll call rcid is stored. */
static int rollcall_stored(store *s, long long rcid, int *known, bloc_error *err)
{
    store_q *st = store_cached(s, ST_RC_KNOWN, ballot_sql[ST_RC_KNOWN], err);
    int rc = BLOC_OK;
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    if (store_q_step(st) == STORE_ROW)
        *known = store_q_int(st, 0) == 1;
    else
        rc = store_sqlfail(s, err, "cannot read a roll call");
    store_q_reset(st);
    return rc;
}

/* A staged vote that met another: which, and what it met. */
typedef struct met {
    size_t i;               /* into the staged votes */
    int existing;
    long long source;       /* the stored vote's; 0: an earlier staged one */
    long long where_source; /* whose path "where" names */
    long line;
} met;

static int cmp_met(const void *pa, const void *pb)
{
    const met *a = pa, *b = pb;
    return (a->i > b->i) - (a->i < b->i);
}

/* Each roll call's staged votes merged into its row: the first staged
 * vote of a position goes in unless one is stored; a later one that
 * differs (from the stored or the first staged) is a conflict, reported
 * after every row is written, in staging order. */
static int merge_staged(store *s, const size_t *order, met **out, size_t *nmet, long long *inserted,
                        long long *duplicates, bloc_error *err)
{
    store_ballots *b = s->ballots;
    ballot v = {0};
    unsigned char *fresh = calloc(b->npos + 1, 1); /* staged in this roll call */
    size_t cap = 0;
    int rc = fresh ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
#define STAGED(k) (&b->st[order ? order[k] : (k)])
    for (size_t i = 0; i < b->nst && rc == BLOC_OK;) {
        long long rcid = STAGED(i)->rcid;
        size_t end = i, changed = 0;
        while (end < b->nst && STAGED(end)->rcid == rcid)
            end++;
        int date = 1;
        if ((rc = ballot_read(s, rcid, &v, err)) != BLOC_OK ||
            (!v.stored && (rc = rollcall_stored(s, rcid, &date, err)) != BLOC_OK) ||
            (rc = ballot_widen(&v, b->npos, err)) != BLOC_OK)
            break;
        if (!date) { /* checked here for the same reason as the countries */
            rc = bloc_fail(err, BLOC_ESTORE, "votes on roll call %lld, which is not stored", rcid);
            break;
        }
        for (size_t k = i; k < end && rc == BLOC_OK; k++) {
            const staged_vote *g = STAGED(k);
            long long src;
            long line;
            int have = ballot_get(&v, g->pos, &src, &line);
            if (!have) {
                ballot_set(&v, g->pos, g->vote, g->source_id, g->line);
                fresh[g->pos] = 1;
                changed++;
            } else if (have == g->vote) {
                ++*duplicates;
            } else if (util_grow((void **)out, &cap, *nmet + 1, sizeof **out) != 0) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            } else {
                (*out)[(*nmet)++] = (met){(size_t)(g - b->st), have, fresh[g->pos] ? 0 : src, src, line};
            }
        }
        for (size_t k = i; k < end; k++)
            fresh[STAGED(k)->pos] = 0;
        *inserted += (long long)changed;
        if (rc == BLOC_OK && changed)
            rc = ballot_write(s, rcid, &v, err);
        i = end;
    }
#undef STAGED
    free(fresh);
    ballot_free(&v);
    return rc;
}

int store_unga_votes_flush(store *s, store_vote_conflict_cb cb, void *ctx, long long *inserted,
                           long long *duplicates, bloc_error *err)
{
    store_ballots *b;
    met *m = NULL;
    size_t nm = 0;
    *inserted = *duplicates = 0;
    /* through handle: votes staged in a transaction that has ended since
     * (a load that failed) went with it */
    int rc0 = handle(s, &b, err);
    if (rc0 != BLOC_OK || !b->nst)
        return rc0;
    int sorted = 1, rc = BLOC_OK;
    size_t *order = NULL;
    for (size_t i = 1; i < b->nst && sorted; i++)
        sorted = b->st[i - 1].rcid <= b->st[i].rcid;
    if (!sorted)
        rc = staged_order(b, &order, err);
    if (rc == BLOC_OK)
        rc = merge_staged(s, order, &m, &nm, inserted, duplicates, err);
    free(order);
    if (rc == BLOC_OK && nm)
        qsort(m, nm, sizeof *m, cmp_met);
    path_cache pc = {0};
    for (size_t k = 0; k < nm && rc == BLOC_OK; k++) {
        const staged_vote *g = &b->st[m[k].i];
        char where[600];
        if ((rc = source_path(s, &pc, m[k].where_source, err)) != BLOC_OK)
            break;
        snprintf(where, sizeof where, "%s:%ld", pc.path, m[k].line);
        store_vote_conflict c = {g->line, b->code[g->pos - 1], g->rcid, m[k].existing, where,
                                 b->raw + g->raw, g->vote, m[k].source, m[k].line};
        rc = cb(ctx, &c, err);
    }
    free(m);
    staged_clear(b);
    return rc;
}

/* ---- point reads and corrections ---- */

int store_unga_get_vote(store *s, long long rcid, const char *code, store_vote *out, bloc_error *err)
{
    ballot v = {0};
    size_t pos;
    memset(out, 0, sizeof *out);
    int rc = position_of(s, code, 0, &pos, err);
    if (rc == BLOC_OK && pos && (rc = ballot_read(s, rcid, &v, err)) == BLOC_OK &&
        (out->vote = ballot_get(&v, pos, &out->source_id, &out->source_line))) {
        path_cache pc = {0};
        if ((rc = source_path(s, &pc, out->source_id, err)) == BLOC_OK)
            snprintf(out->where, sizeof out->where, "%s:%ld", pc.path, out->source_line);
    }
    ballot_free(&v);
    return rc;
}

/* The newer value of a correction into the row: changed, or removed. */
int store_ballot_apply(store *s, long long rcid, const char *code, int vote, long long source_id,
                       long line, bloc_error *err)
{
    ballot v = {0};
    size_t pos;
    int rc = position_of(s, code, vote != 0, &pos, err);
    if (rc != BLOC_OK || !pos)
        return rc;
    if ((rc = ballot_read(s, rcid, &v, err)) == BLOC_OK && (rc = ballot_widen(&v, s->ballots->npos, err)) == BLOC_OK) {
        ballot_set(&v, pos, vote, source_id, line);
        rc = ballot_write(s, rcid, &v, err);
    }
    ballot_free(&v);
    return rc;
}

typedef struct listed {
    const char *code;
    int vote;
    long long source;
    long line;
} listed;

static int cmp_listed(const void *a, const void *b)
{
    return strcmp(((const listed *)a)->code, ((const listed *)b)->code);
}

int store_unga_scan_rollcall_votes(store *s, long long rcid, store_rollcall_vote_cb cb, void *ctx,
                                   bloc_error *err)
{
    store_ballots *b;
    ballot v = {0};
    listed *l = NULL;
    size_t n = 0;
    int rc = positions_load(s, &b, err);
    if (rc == BLOC_OK)
        rc = ballot_read(s, rcid, &v, err);
    if (rc == BLOC_OK && v.n > b->npos)
        rc = bloc_fail(err, BLOC_ESTORE, "unga_ballots: roll call %lld has more positions than unga_slots", rcid);
    if (rc == BLOC_OK && v.n && !(l = malloc(v.n * sizeof *l)))
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t p = 1; rc == BLOC_OK && p <= v.n; p++) {
        listed x = {b->code[p - 1], 0, 0, 0};
        if ((x.vote = ballot_get(&v, p, &x.source, &x.line)))
            l[n++] = x;
    }
    if (n)
        qsort(l, n, sizeof *l, cmp_listed);
    path_cache pc = {0};
    for (size_t i = 0; i < n && rc == BLOC_OK; i++)
        if ((rc = source_path(s, &pc, l[i].source, err)) == BLOC_OK)
            rc = cb(ctx, l[i].code, l[i].vote, l[i].source, pc.path, l[i].line);
    free(l);
    ballot_free(&v);
    return rc;
}

/* ---- the store handle ---- */

void store_ballots_free(store *s)
{
    if (!s->ballots)
        return;
    positions_clear(s->ballots);
    free(s->ballots->code);
    free(s->ballots->st);
    free(s->ballots->raw);
    free(s->ballots);
    s->ballots = NULL;
}

/* ---- schema 12 -> 13 ---- */

int store_ballots_migrate(store *s, bloc_error *err)
{
    store_q *st = NULL;
    ballot v = {0};
    long long rcid = -1;
    int rc = store_exec(s,
                        "INSERT INTO unga_slots(slot, country) SELECT row_number() OVER (ORDER BY country),"
                        " country FROM (SELECT DISTINCT country FROM unga_votes)",
                        err);
    if (rc == BLOC_OK)
        rc = store_prepare(s, &st,
                           "SELECT v.rcid, s.slot, v.vote, v.source_id, v.source_line FROM unga_votes v"
                           " JOIN unga_slots s ON s.country = v.country ORDER BY v.rcid",
                           err);
    store_ballots *b = NULL;
    if (rc == BLOC_OK)
        rc = positions_load(s, &b, err);
    int r = STORE_DONE;
    while (rc == BLOC_OK && (r = store_q_step(st)) == STORE_ROW) {
        long long id = store_q_int64(st, 0), src = store_q_int64(st, 3), line = store_q_int64(st, 4);
        if (id != rcid && rcid >= 0 && (rc = ballot_write(s, rcid, &v, err)) != BLOC_OK)
            break;
        if (id != rcid) {
            v.n = 0;
            v.stored = 0;
            rcid = id;
            if ((rc = ballot_widen(&v, b->npos, err)) != BLOC_OK)
                break;
        }
        if (src < 0 || src >= SOURCE_LIMIT || line < 0 || line >= LINE_LIMIT)
            rc = bloc_fail(err, BLOC_ESTORE, "vote of roll call %lld: source %lld line %lld does not fit"
                           " the packed layout", id, src, line);
        else
            ballot_set(&v, (size_t)store_q_int64(st, 1), store_q_int(st, 2), src, (long)line);
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read the votes to pack");
    store_q_finalize(st);
    if (rc == BLOC_OK && rcid >= 0)
        rc = ballot_write(s, rcid, &v, err);
    ballot_free(&v);
    if (rc == BLOC_OK)
        rc = store_exec(s, "DROP TABLE unga_votes;" STORE_UNGA_VOTES_VIEW, err);
    if (s->ballots)
        positions_clear(s->ballots);
    return rc;
}
