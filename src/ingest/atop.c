/*
 * ingest/atop — the ATOP dyad-year table into alliance_years (see atop.h).
 */
#include "ingest/atop.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"
#include "ingest/quarantine.h"
#include "io/csv.h"

#define ATOP_HEADER "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul"

/* A COW number's state over a span of days. */
typedef struct cow_state {
    int cow, from, until; /* YYYYMMDD, 0 = open */
    const char *code;
    int bounded;          /* from or until given: preferred over an open one */
} cow_state;

enum { COW_EXTRA_MAX = 64 };

typedef struct cow_map {
    cow_state *s;
    size_t n, cap;
    char extra[COW_EXTRA_MAX][8]; /* codes read from cow_codes.csv (s[i].code points here) */
    size_t nextra;
} cow_map;

static int add_state(cow_map *m, int cow, int from, int until, const char *code)
{
    if (util_grow((void **)&m->s, &m->cap, m->n + 1, sizeof *m->s) != 0)
        return -1;
    m->s[m->n++] = (cow_state){cow, from, until, code, from || until};
    return 0;
}

/* The registry's numbers, then data/registry/cow_codes.csv. */
static int map_load(cow_map *m, const registry *reg, const char *datadir, bloc_error *err)
{
    for (size_t i = 0; i < reg->ncountries; i++) {
        const store_country *c = &reg->countries[i];
        if (c->cow_code > 0 && add_state(m, c->cow_code, c->valid_from, c->valid_until, c->code) != 0)
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/registry/cow_codes.csv", datadir);
    csv_reader *r = NULL;
    int rc = csv_open_table(&r, path, ',', "cow_code,code,valid_from,valid_until,note", err), got;
    while (rc == BLOC_OK && (rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        long long cow;
        int from = 0, until = 0;
        const char *code = csv_field(r, 1);
        if (util_parse_ll(csv_field(r, 0), 1, 9999, &cow) != 0 || !registry_by_code(reg, code) ||
            util_parse_date(csv_field(r, 2), 0, &from, NULL) != BLOC_OK ||
            util_parse_date(csv_field(r, 3), 1, &until, NULL) != BLOC_OK ||
            m->nextra == COW_EXTRA_MAX) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r),
                              "expected a COW number, a registry code and two dates (at most %d rows)",
                              COW_EXTRA_MAX);
            break;
        }
        snprintf(m->extra[m->nextra], sizeof m->extra[0], "%s", code);
        if (add_state(m, (int)cow, from, until, m->extra[m->nextra++]) != 0)
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    csv_close(r);
    return rc;
}

/* The state a COW number stood for in year (a state that existed on any
 * day of it: South Yemen in 1967): one with dates of its own before an
 * open-ended one (365 in 1991 is the Soviet Union); NULL when the
 * registry has none. */
static const char *state_of(const cow_map *m, int cow, int year)
{
    int first = year * 10000 + 101, last = year * 10000 + 1231;
    const cow_state *best = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const cow_state *c = &m->s[i];
        if (c->cow != cow || (c->from && last < c->from) || (c->until && first > c->until))
            continue;
        if (!best || (c->bounded && !best->bounded))
            best = c;
    }
    return best ? best->code : NULL;
}

static void note_unknown(atop_ingest_result *res, long long cow)
{
    char item[16];
    snprintf(item, sizeof item, "%lld", cow);
    const char *p = res->unknown_codes;
    size_t len = strlen(item);
    for (; (p = strstr(p, item)); p += len) /* listed already */
        if ((p == res->unknown_codes || p[-1] == ',') && (p[len] == ',' || p[len] == '\0'))
            return;
    size_t n = strlen(res->unknown_codes);
    if (n + len + 2 < sizeof res->unknown_codes)
        snprintf(res->unknown_codes + n, sizeof res->unknown_codes - n, "%s%s", n ? "," : "", item);
}

/* One data row into a (a < b); 0, or -1 with the reason. */
static int read_row(const csv_reader *r, const cow_map *m, store_alliance *a, long long cow[2],
                    const char *codes[2], char *why, size_t n)
{
    static const char *const names[] = {"ccode1", "ccode2", "year", "atop_defense",
                                        "atop_offense", "atop_neutral", "atop_nonagg",
                                        "atop_consul"};
    long long v[8];
    if (csv_nfields(r) != 8)
        return snprintf(why, n, "%zu fields, not 8", csv_nfields(r)), -1;
    if (csv_bad_field(r, why, n) >= 0)
        return -1;
    for (int i = 0; i < 8; i++) {
        long long lo = i < 2 ? 1 : i == 2 ? 1800 : 0, hi = i < 2 ? 9999 : i == 2 ? 2100 : 1;
        if (util_parse_ll(csv_field(r, (size_t)i), lo, hi, &v[i]) != 0)
            return snprintf(why, n, "%s: '%s' is not %s", names[i], csv_field(r, (size_t)i),
                            i < 2 ? "a COW state number" : i == 2 ? "a year" : "0 or 1"),
                   -1;
    }
    if (v[0] == v[1])
        return snprintf(why, n, "ccode1 and ccode2 are the same state (%lld)", v[0]), -1;
    cow[0] = v[0];
    cow[1] = v[1];
    codes[0] = state_of(m, (int)v[0], (int)v[2]);
    codes[1] = state_of(m, (int)v[1], (int)v[2]);
    /* a row says what ccode1 owes ccode2: a direction of the unordered pair */
    int swap = codes[0] && codes[1] && strcmp(codes[0], codes[1]) > 0;
    int dir = swap ? STORE_B_TO_A : STORE_A_TO_B;
    *a = (store_alliance){.a = codes[swap], .b = codes[!swap], .year = (int)v[2],
                          .defense = (int)v[3] * dir, .offense = (int)v[4] * dir,
                          .neutral = (int)v[5] * dir, .nonagg = (int)v[6] * dir,
                          .consul = (int)v[7] * dir};
    if (codes[0] && codes[1] && strcmp(codes[0], codes[1]) == 0)
        return snprintf(why, n, "COW %lld and %lld are the same state (%s) in %lld", v[0], v[1],
                        codes[0], v[2]),
               -1;
    return 0;
}

int atop_ingest(store *s, const registry *reg, const atop_ingest_opts *o, atop_ingest_result *res,
                bloc_error *err)
{
    cow_map m;
    memset(&m, 0, sizeof m);
    csv_reader *r = NULL;
    FILE *spool = NULL;
    char sha[UTIL_DIGEST_MAX];
    struct stat sb;
    long long source_id = 0;
    int rc, got, in_txn = 0;
    memset(res, 0, sizeof *res);
    if ((rc = map_load(&m, reg, o->datadir, err)) != BLOC_OK ||
        (rc = util_file_digest(o->path, o->sha256, sha, err)) != BLOC_OK ||
        (rc = csv_open_table(&r, o->path, ',', ATOP_HEADER, err)) != BLOC_OK)
        goto done;
    if (o->quarantine && !(spool = tmpfile())) {
        rc = bloc_fail(err, BLOC_EIO, "cannot create a temporary file for rejected rows");
        goto done;
    }
    if ((rc = store_begin_bulk(s, err)) != BLOC_OK)
        goto done;
    in_txn = 1;
    if ((rc = store_source_id(s, sha, o->path, "atop", stat(o->path, &sb) == 0 ? sb.st_size : 0,
                              &source_id, err)) != BLOC_OK)
        goto done;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        store_alliance a;
        long long cow[2];
        const char *codes[2];
        char why[256];
        int result;
        res->rows++;
        if (read_row(r, &m, &a, cow, codes, why, sizeof why) != 0) {
            if (!spool) {
                rc = bloc_fail_at(err, BLOC_EINPUT, o->path, csv_line(r), "%s", why);
                goto done;
            }
            quarantine_row(spool, r, why);
            res->rejected++;
            continue;
        }
        if (!res->first_year || a.year < res->first_year)
            res->first_year = a.year;
        if (a.year > res->last_year)
            res->last_year = a.year;
        if (!codes[0] || !codes[1]) { /* a state bloc's registry does not have */
            res->unknown++;
            note_unknown(res, codes[0] ? cow[1] : cow[0]);
            continue;
        }
        a.source_id = source_id;
        a.source_line = csv_line(r);
        if ((rc = store_alliance_put(s, &a, &result, err)) != BLOC_OK)
            goto done;
        if (result == STORE_INSERTED)
            res->inserted++;
        else if (result == STORE_UPDATED)
            res->mirrored++;
        else
            res->duplicates++;
    }
    if (rc == BLOC_OK && res->first_year)
        rc = store_coverage_put(s, source_id, "all", "alliances", res->first_year * 10000 + 101,
                                res->last_year * 10000 + 1231, err);
    if (rc == BLOC_OK && (rc = store_commit(s, err)) == BLOC_OK) {
        in_txn = 0;
        if (spool)
            rc = quarantine_copy(spool, o->quarantine, "quarantine", err);
    }
done:
    if (in_txn)
        store_rollback(s);
    if (spool)
        fclose(spool);
    csv_close(r);
    free(m.s);
    return rc;
}
