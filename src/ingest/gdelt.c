/*
 * ingest/gdelt — GDELT 1.0/2.0 event exports (see gdelt.h).
 */
#include "ingest/gdelt.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/progress.h"
#include "core/util.h"
#include "ingest/complete.h"
#include "ingest/quarantine.h"
#include "io/lines.h"

enum { NCAMEO_KEYS = 26 * 26 * 26, DEFAULT_BATCH = 100000 };

/* A file this large (and larger than the events already stored, at about
 * 300 bytes a GDELT row) is loaded without the secondary indexes, which
 * are built once at its end (store_events_indexes). */
#define DEFER_INDEX_BYTES (32LL << 20)

struct gdelt_ingest {
    store *s;
    const registry *reg;
    const cameo_tables *cameo;
    const gdelt_ingest_opts *o;
    const char *country[NCAMEO_KEYS]; /* CAMEO country code -> bloc code */
    int member[NCAMEO_KEYS];          /* CAMEO country code -> index in o->countries, -1 */
};

/* Names of the first 35 columns (shared by all layouts), for messages. */
static const char *const head_names[35] = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone"};

const char *gdelt_layout_name(size_t ncols)
{
    switch (ncols) {
    case GDELT_V1_HISTORICAL_COLS: return "gdelt1-historical";
    case GDELT_V1_DAILY_COLS: return "gdelt1-daily";
    case GDELT_V2_COLS: return "gdelt2";
    default: return NULL;
    }
}

size_t gdelt_columns(const char *line, size_t len, size_t *starts, size_t max)
{
    /* The hottest loop of an ingest (every line, filtered or not): tabs
     * are found 16 bytes at a time with SSE2 (part of every x86-64 CPU),
     * which is about three times faster than a memchr per column. */
    size_t n = 1, i = 0;
    if (max)
        starts[0] = 0;
#if defined(__SSE2__)
    const __m128i tab = _mm_set1_epi8('\t');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab));
        for (; m; m &= m - 1, n++)
            if (n < max)
                starts[n] = i + (size_t)__builtin_ctz(m) + 1;
    }
#endif
    for (; i < len; i++)
        if (line[i] == '\t') {
            if (n < max)
                starts[n] = i + 1;
            n++;
        }
    return n;
}

/* Format a rejection reason about column i (0-based) named name. */
static int why(char *reason, size_t rsz, size_t i, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int why(char *reason, size_t rsz, size_t i, const char *name, const char *fmt, ...)
{
    va_list ap;
    int off = snprintf(reason, rsz, "column %zu (%s): ", i + 1, name);
    va_start(ap, fmt);
    if (off >= 0 && (size_t)off < rsz)
        vsnprintf(reason + off, rsz - (size_t)off, fmt, ap);
    va_end(ap);
    return -1;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[n] == '\0';
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Trim ASCII spaces around a field in place (" AZE" -> "AZE"). */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

int gdelt_parse_row(char *line, size_t len, gdelt_row *row, char *reason, size_t rsz)
{
    size_t st[GDELT_MAX_COLS];
    size_t n = gdelt_columns(line, len, st, GDELT_MAX_COLS);
    return gdelt_parse_split(line, len, st, n, row, reason, rsz);
}

int gdelt_parse_split(char *line, size_t len, const size_t *st, size_t n, gdelt_row *row,
                      char *reason, size_t rsz)
{
    char *f[GDELT_MAX_COLS];
    memset(row, 0, sizeof *row);
    if (memchr(line, '\0', len)) {
        snprintf(reason, rsz, "the row holds a NUL byte");
        return -1;
    }
    if (!gdelt_layout_name(n)) {
        snprintf(reason, rsz, "%zu columns: not a GDELT layout (57, 58 or 61 tab-separated)", n);
        return -1;
    }
    line[len] = '\0';
    for (size_t i = 0; i < n; i++) {
        f[i] = line + st[i];
        if (i + 1 < n)
            line[st[i + 1] - 1] = '\0';
    }
    for (size_t i = 0; i < n; i++) {
        size_t flen = (i + 1 < n ? st[i + 1] - 1 : len) - st[i];
        if (!util_utf8_valid(f[i], flen))
            return why(reason, rsz, i, i < 35 ? head_names[i] : "geography/source",
                       "invalid UTF-8");
    }
    row->ncols = (int)n;
    store_event *e = &row->ev;
    long long v;
    int gw = n == GDELT_V2_COLS ? 8 : 7; /* fields per geography block */
    size_t ag = 35 + 2 * (size_t)gw;     /* ActionGeo block */
    size_t added = 35 + 3 * (size_t)gw;  /* DATEADDED */

    e->source = n == GDELT_V2_COLS ? "gdelt2" : "gdelt1";
    if (util_parse_ll(f[0], 0, LLONG_MAX, &v) != 0)
        return why(reason, rsz, 0, head_names[0], "'%s' is not a whole number", f[0]);
    e->source_event_id = f[0];
    if (!all_digits(f[1], 8) || !util_date_valid(digits_value(f[1], 8)))
        return why(reason, rsz, 1, head_names[1], "'%s' is not a date YYYYMMDD", f[1]);
    e->date = digits_value(f[1], 8);
    for (int a = 0; a < 2; a++) {
        size_t b = 5 + 10 * (size_t)a;
        store_actor *ac = &e->actor[a];
        ac->code = trim(f[b]);
        ac->name = f[b + 1];
        ac->cameo_country = trim(f[b + 2]);
        ac->known_group = trim(f[b + 3]);
        for (int t = 0; t < 3; t++)
            ac->type[t] = trim(f[b + 7 + (size_t)t]);
    }
    e->is_root = -1;
    if (*f[25]) {
        if (strcmp(f[25], "0") != 0 && strcmp(f[25], "1") != 0)
            return why(reason, rsz, 25, head_names[25], "'%s' is not 0 or 1", f[25]);
        e->is_root = f[25][0] - '0';
    }
    if (cameo_key(f[26]) < 0)
        return why(reason, rsz, 26, head_names[26], "'%s' is not a CAMEO code of 2-4 digits",
                   f[26]);
    if (*f[27] && (cameo_key(f[27]) < 0 || strlen(f[27]) > 3 || strncmp(f[26], f[27], strlen(f[27])) != 0))
        return why(reason, rsz, 27, head_names[27], "'%s' is not the base of event code '%s'",
                   f[27], f[26]);
    if (strlen(f[28]) != 2 || strncmp(f[26], f[28], 2) != 0)
        return why(reason, rsz, 28, head_names[28], "'%s' is not the root of event code '%s'",
                   f[28], f[26]);
    e->event_code = f[26];
    e->base_code = f[27];
    e->root_code = f[28];
    if (util_parse_ll(f[29], 1, 4, &v) != 0)
        return why(reason, rsz, 29, head_names[29], "'%s' is not 1, 2, 3 or 4", f[29]);
    e->quad_class = (int)v;
    e->goldstein = NAN;
    if (util_parse_double(f[30], -10, 10, &e->goldstein) < 0)
        return why(reason, rsz, 30, head_names[30], "'%s' is not a number in [-10, 10]", f[30]);
    long long *counts[3] = {&e->mentions, &e->sources, &e->articles};
    for (size_t i = 0; i < 3; i++) {
        *counts[i] = -1;
        if (util_parse_ll(f[31 + i], 0, LLONG_MAX, counts[i]) < 0)
            return why(reason, rsz, 31 + i, head_names[31 + i],
                       "'%s' is not a whole number >= 0", f[31 + i]);
    }
    e->tone = NAN;
    if (util_parse_double(f[34], -100, 100, &e->tone) < 0)
        return why(reason, rsz, 34, head_names[34], "'%s' is not a number in [-100, 100]", f[34]);
    e->geo_fips = trim(f[ag + 2]);
    e->geo_adm1 = trim(f[ag + 3]);
    size_t lat = ag + (size_t)gw - 3;
    e->geo_lat = e->geo_lon = NAN;
    if (util_parse_double(f[lat], -90, 90, &e->geo_lat) < 0)
        return why(reason, rsz, lat, "ActionGeo_Lat", "'%s' is not a latitude", f[lat]);
    if (util_parse_double(f[lat + 1], -180, 180, &e->geo_lon) < 0)
        return why(reason, rsz, lat + 1, "ActionGeo_Long", "'%s' is not a longitude",
                   f[lat + 1]);
    const char *d = f[added];
    if (n == GDELT_V2_COLS) {
        if (!all_digits(d, 14) || !util_date_valid(digits_value(d, 8)) ||
            digits_value(d + 8, 2) > 23 || digits_value(d + 10, 2) > 59 ||
            digits_value(d + 12, 2) > 60)
            return why(reason, rsz, added, "DATEADDED", "'%s' is not a time YYYYMMDDHHMMSS", d);
        /* YYYY-MM-DDTHH:MM:SSZ from YYYYMMDDHHMMSS (by hand: once a row) */
        static const signed char from[20] = {0, 1, 2, 3, -'-', 4, 5, -'-', 6, 7,
                                             -'T', 8, 9, -':', 10, 11, -':', 12, 13, -'Z'};
        for (int k = 0; k < 20; k++)
            row->date_added[k] = from[k] >= 0 ? d[from[k]] : (char)-from[k];
        row->date_added[20] = '\0';
    } else {
        if (!all_digits(d, 8) || !util_date_valid(digits_value(d, 8)))
            return why(reason, rsz, added, "DATEADDED", "'%s' is not a date YYYYMMDD", d);
        util_format_date(digits_value(d, 8), row->date_added, sizeof row->date_added);
    }
    e->date_added = row->date_added;
    e->url = n > added + 1 ? f[added + 1] : "";
    return ingest_check_lengths(e, reason, rsz);
}

/* ---- lookups ---------------------------------------------------------------- */

static int cameo_country_key(const char *c)
{
    if (!c || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' ||
        c[3])
        return -1;
    return (c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A');
}

const char *gdelt_country(const gdelt_ingest *g, const char *cameo_code)
{
    int k = cameo_country_key(cameo_code);
    return k < 0 ? NULL : g->country[k];
}

void gdelt_enrich(const gdelt_ingest *g, gdelt_row *row)
{
    store_event *e = &row->ev;
    for (int a = 0; a < 2; a++)
        e->actor[a].country = gdelt_country(g, e->actor[a].cameo_country);
    e->geo_country = cameo_fips_country(g->cameo, e->geo_fips);
    e->domain = NULL;
    ingest_complete_event(g->cameo, e);
}

int gdelt_begin(gdelt_ingest **out, store *s, const registry *reg, const cameo_tables *cameo,
                const gdelt_ingest_opts *o, bloc_error *err)
{
    gdelt_ingest *g = calloc(1, sizeof *g);
    if (!g)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    g->s = s;
    g->reg = reg;
    g->cameo = cameo;
    g->o = o;
    for (int k = 0; k < NCAMEO_KEYS; k++)
        g->member[k] = -1;
    /* current states first, so a CAMEO code shared with a former state
     * (none today, but the table is editable) maps to the living one */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < reg->ncountries; i++) {
            const store_country *c = &reg->countries[i];
            int k = cameo_country_key(c->cameo[0] ? c->cameo : c->code);
            if (k >= 0 && !g->country[k] && c->historical == pass)
                g->country[k] = c->code;
        }
    for (size_t m = 0; o->countries && m < o->ncountries; m++) {
        const store_country *c = registry_by_code(reg, o->countries[m].code);
        int k = c ? cameo_country_key(c->cameo[0] ? c->cameo : c->code) : -1;
        if (k >= 0)
            g->member[k] = (int)m;
    }
    *out = g;
    return BLOC_OK;
}

void gdelt_end(gdelt_ingest *g)
{
    free(g);
}

/* ---- one file ------------------------------------------------------------------ */

/* Is the field at column i of a raw (unsplit) line a member country on
 * date? starts[] are the column offsets. */
static int field_member(const gdelt_ingest *g, const char *line, const size_t *starts, size_t i,
                        int date)
{
    const char *p = line + starts[i];
    size_t n = starts[i + 1] - 1 - starts[i];
    while (n && *p == ' ')
        p++, n--;
    while (n && p[n - 1] == ' ')
        n--;
    if (n != 3)
        return 0;
    char code[4] = {p[0], p[1], p[2], '\0'};
    int k = cameo_country_key(code);
    int m = k < 0 ? -1 : g->member[k];
    return m >= 0 && registry_member_on(&g->o->countries[m], date);
}

/* The raw SQLDATE of an unsplit line, 0 when it is not 8 digits. */
static int raw_date(const char *line, const size_t *starts)
{
    const char *p = line + starts[1];
    if (starts[2] - starts[1] != 9)
        return 0;
    for (int i = 0; i < 8; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    return digits_value(p, 8);
}

/* The day a row tells the file covers (0 when it tells none): GDELT 1.0's
 * historical backfile is organised by event date (SQLDATE); the daily 1.0
 * files and the 2.0 15-minute files by the time GDELT collected them
 * (DATEADDED, YYYYMMDD or YYYYMMDDHHMMSS), whatever date the events carry. */
static int coverage_day(const char *line, const size_t *starts, size_t n)
{
    if (n == GDELT_V1_HISTORICAL_COLS)
        return raw_date(line, starts);
    size_t added = n == GDELT_V2_COLS ? 59 : 56;
    const char *p = line + starts[added];
    for (int i = 0; i < 8; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    int d = digits_value(p, 8);
    return util_date_valid(d) ? d : 0;
}

/*
 * One file is read by several threads. A hasher thread computes the file's
 * identity (its digest); reader threads split, check, filter, parse and
 * enrich lines into chunks; the calling thread waits for the identity, then
 * stores the chunks in file order and commits batches with their
 * checkpoints. Chunks go round between each reader and the calling thread
 * (NCHUNKS a reader), so memory stays bounded whatever the file's size.
 * Only the calling thread touches the store and the quarantine; only a
 * reader touches its line reader while it runs.
 *
 * A large plain file (lines_plain) read with jobs > 1 by a filtered load
 * (a full load waits on the store, not on reading) is cut at line ends
 * into segments (lines_cut) that the readers take in turn: reader r reads
 * segments r, r + nscans, ... Line numbers count from each segment's start
 * in the reader; the calling thread, taking segments in order, adds the
 * lines before. The layout is that of the file's first GDELT row, found
 * before the readers start, so each segment checks rows against it as one
 * reader would. Any other plain file (small, jobs = 1, a resumed load) is
 * one segment, read whole with read(2); compressed input, an archive and
 * standard input have one reader over libarchive or io/gz. The store ends
 * the same either way.
 *
 * With jobs > 1 the readers of the next jobs - 1 files start before their
 * turn (each stops when its chunks are full), assuming the file is new to
 * the store. When its turn comes and the store says it was ingested before,
 * its readers are stopped; when it says an earlier run was interrupted, one
 * reader starts again from the top to skip the committed lines.
 */
enum { NCHUNKS = 3, CHUNK_ITEMS = 8192, CHUNK_ARENA = 4 << 20, MAX_SCANS = 4 };

/* Segment size when the caller gives none (gdelt_ingest_opts.segment_bytes). */
#define DEFAULT_SEGMENT (8LL << 20)

enum item_kind { ITEM_ROW, ITEM_REJECT };

typedef struct item {
    int kind;
    long line;         /* line number within its entry (its segment, in a reader) */
    gdelt_row row;     /* ITEM_ROW: strings point into the chunk's arena */
    const char *raw;   /* ITEM_REJECT: the line as read, its reason and where */
    size_t rawlen;
    const char *reason, *where;
} item;

typedef struct block { /* arena memory: a chunk's lines, parsed in place */
    struct block *next;
    size_t used, cap;
    char data[];
} block;

typedef struct chunk {
    item *items;
    size_t nitems, maxitems;
    block *arena;
    long long rows, filtered; /* lines of this chunk: rows read, filtered out */
    int cov_first, cov_last;  /* the days its rows cover (coverage_day), 0 = none */
    long last;                /* line counter at its end (from its segment's start) */
    long long bytes;          /* input bytes consumed at its end */
    size_t layout;            /* the reader's layout at its end, 0 = none yet */
    int seg_end;              /* the last chunk of its segment */
    int eof;                  /* the last chunk of the file, or a read error */
    int status;               /* a read error ends the file */
    bloc_error error;
} chunk;

static void cover(chunk *c, int day)
{
    if (!day)
        return;
    if (!c->cov_first || day < c->cov_first)
        c->cov_first = day;
    if (day > c->cov_last)
        c->cov_last = day;
}

struct file_run;

typedef struct scan {         /* one reader thread and its chunks */
    struct file_run *fr;
    size_t first;             /* it reads segments first, first + nscans, ... */
    size_t seg;               /* the one it reads now */
    pthread_t thread;
    int running;
    line_reader *lr;          /* the current segment's reader */
    size_t layout;            /* column count of the file's rows, 0 until seen */
    long last;                /* line counter within the segment */
    chunk chunks[NCHUNKS];
    chunk *free_q[NCHUNKS], *full_q[NCHUNKS];
    size_t nfree, nfull, full_head;
} scan;

typedef struct file_run {
    gdelt_ingest *g;
    gdelt_file_stats *st;
    const char *path;         /* borrowed */
    long long size;           /* of a regular file, 0 when unknown */
    FILE *spool;
    long long source_id;
    /* set by the hasher (ready = 1) */
    char sha[96];
    int ready, ready_rc;
    bloc_error ready_err;
    pthread_t hasher;
    int hashing;
    /* set before the readers start, read-only while they run */
    long long *cuts;          /* segment starts, cuts[nsegs] = size */
    size_t nsegs;             /* >= 1 */
    size_t layout;            /* with nsegs > 1: the layout of the first row */
    long skip_to;             /* resume: lines up to here are committed */
    size_t nscans, maxitems;
    scan scans[MAX_SCANS];
    pthread_mutex_t mu;       /* guards ready, the scans' queues and stop */
    pthread_cond_t cv;
    int stop;                 /* the consumer gave up: the readers end */
    int cov_first, cov_last;  /* the days the file covers so far (consumer side) */
    const store_event **events; /* a chunk's rows, as the consumer stores them */
} file_run;

/* Room for n bytes in the chunk's arena (a new block when full). */
static char *arena_alloc(chunk *c, size_t n)
{
    block *b = c->arena;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > CHUNK_ARENA ? n : CHUNK_ARENA;
        block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        c->arena = b = nb;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

/* n bytes of s and a NUL in the chunk's arena. */
static char *arena_copy(chunk *c, const char *s, size_t n)
{
    char *p = arena_alloc(c, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static char *arena_strdup(chunk *c, const char *s)
{
    return arena_copy(c, s, strlen(s));
}

static void chunk_reset(chunk *c)
{
    /* keep one block for reuse, free the overflow */
    while (c->arena && c->arena->next) {
        block *b = c->arena;
        c->arena = b->next;
        free(b);
    }
    if (c->arena)
        c->arena->used = 0;
    c->nitems = 0;
    c->rows = c->filtered = 0;
    c->cov_first = c->cov_last = 0;
    c->seg_end = c->eof = 0;
    c->status = BLOC_OK;
}

static void chunk_free(chunk *c)
{
    while (c->arena) {
        block *b = c->arena;
        c->arena = b->next;
        free(b);
    }
    free(c->items);
    c->items = NULL;
}

/* Add a rejected line to the chunk (line, reason and place copied). */
static int add_reject(scan *sc, chunk *c, const char *line, size_t len, const char *reason)
{
    item *it = &c->items[c->nitems];
    it->kind = ITEM_REJECT;
    it->line = lines_number(sc->lr);
    it->raw = arena_copy(c, line, len);
    it->rawlen = len;
    it->reason = arena_strdup(c, reason);
    it->where = arena_strdup(c, lines_where(sc->lr));
    if (!it->raw || !it->reason || !it->where)
        return -1;
    c->nitems++;
    return 0;
}

/* Split a line into its columns (their count returned); the first row of
 * a GDELT layout sets the scan's layout, and a row of that layout adds its
 * day to what the chunk covers. */
static size_t scan_columns(scan *sc, chunk *c, const char *line, size_t len, size_t *starts)
{
    size_t n = gdelt_columns(line, len, starts, GDELT_MAX_COLS);
    if (!sc->layout && gdelt_layout_name(n))
        sc->layout = n;
    if (n == sc->layout)
        cover(c, coverage_day(line, starts, n));
    return n;
}

/* Classify one line as read into the chunk: a line that is kept (a row
 * or a reject) is copied into the chunk's arena, a filtered one is not. */
static int read_line(scan *sc, chunk *c, const char *line, size_t len)
{
    gdelt_ingest *g = sc->fr->g;
    size_t starts[GDELT_MAX_COLS];
    char reason[640];
    size_t n = scan_columns(sc, c, line, len, starts);
    if (n != sc->layout) {
        if (sc->layout)
            snprintf(reason, sizeof reason,
                     "%zu columns, expected %zu (%s layout, from the first row)", n, sc->layout,
                     gdelt_layout_name(sc->layout));
        else
            snprintf(reason, sizeof reason,
                     "%zu columns: not a GDELT layout (57, 58 or 61 tab-separated)", n);
        return add_reject(sc, c, line, len, reason);
    }
    if (g->o->countries) {
        int date = raw_date(line, starts);
        /* a row with a bad date is not filtered: the parser rejects it */
        if (date && !field_member(g, line, starts, 7, date) &&
            !field_member(g, line, starts, 17, date)) {
            c->filtered++;
            return 0;
        }
    }
    item *it = &c->items[c->nitems];
    char *copy = arena_copy(c, line, len); /* parsed in place */
    if (!copy)
        return -1;
    if (gdelt_parse_split(copy, len, starts, n, &it->row, reason, sizeof reason) != 0)
        return add_reject(sc, c, line, len, reason); /* the line as read */
    gdelt_enrich(g, &it->row);
    if (g->o->located && (!it->row.ev.geo_fips || strcmp(it->row.ev.geo_fips, g->o->located) != 0)) {
        c->filtered++;
        return 0;
    }
    if (g->o->countries) { /* a date-limited member may have passed the raw test */
        int keep = 0;
        for (int a = 0; a < 2 && !keep; a++) {
            int k = cameo_country_key(it->row.ev.actor[a].cameo_country);
            int m = k < 0 ? -1 : g->member[k];
            keep = m >= 0 && registry_member_on(&g->o->countries[m], it->row.ev.date);
        }
        if (!keep) {
            c->filtered++;
            return 0;
        }
    }
    it->kind = ITEM_ROW;
    it->line = lines_number(sc->lr);
    c->nitems++;
    return 0;
}

/* Open the reader of the scan's segment: its bytes of a plain file, else
 * the whole input through libarchive; a segment after the first checks
 * rows against the file's layout from the start. */
static int open_segment(scan *sc, bloc_error *err)
{
    file_run *fr = sc->fr;
    sc->last = 0;
    if (!fr->cuts)
        return lines_open(&sc->lr, fr->path, err);
    sc->layout = sc->seg > 0 ? fr->layout : 0;
    return lines_open_range(&sc->lr, fr->path, fr->cuts[sc->seg],
                            fr->cuts[sc->seg + 1] - fr->cuts[sc->seg], err);
}

/* Fill a chunk from the scan's segment: until it holds maxitems items, the
 * arena passes its first block, or the segment ends. */
static void fill_chunk(scan *sc, chunk *c)
{
    file_run *fr = sc->fr;
    char *line;
    size_t len;
    int got;
    chunk_reset(c);
    if (!sc->lr && (c->status = open_segment(sc, &c->error)) != BLOC_OK)
        c->seg_end = c->eof = 1;
    while (!c->eof && c->nitems < c->maxitems && (!c->arena || !c->arena->next)) {
        int rc = lines_next(sc->lr, &line, &len, &got, &c->error);
        if (rc != BLOC_OK || !got) {
            c->status = rc;
            c->seg_end = 1;
            c->eof = rc != BLOC_OK || sc->seg + 1 == fr->nsegs;
            c->bytes = lines_bytes(sc->lr);
            lines_close(sc->lr);
            sc->lr = NULL;
            break;
        }
        sc->last++;
        if (sc->last <= fr->skip_to) { /* committed by an earlier run */
            size_t starts[GDELT_MAX_COLS];
            scan_columns(sc, c, line, len, starts); /* what it covers counts still */
            continue;
        }
        if (len == 0)
            continue; /* blank lines hold no row */
        c->rows++;
        if (read_line(sc, c, line, len) != 0) {
            c->status = bloc_fail(&c->error, BLOC_ENOMEM, "out of memory");
            c->seg_end = c->eof = 1;
            break;
        }
    }
    c->last = sc->last;
    if (sc->lr)
        c->bytes = lines_bytes(sc->lr);
    c->layout = sc->layout;
}

static void *hasher_main(void *arg)
{
    file_run *fr = arg;
    bloc_error e;
    bloc_error_clear(&e);
    int rc = util_file_digest(fr->path, fr->g->o->sha256, fr->sha, &e);
    pthread_mutex_lock(&fr->mu);
    fr->ready = 1;
    fr->ready_rc = rc;
    fr->ready_err = e;
    pthread_cond_broadcast(&fr->cv);
    pthread_mutex_unlock(&fr->mu);
    return NULL;
}

static void *reader_main(void *arg)
{
    scan *sc = arg;
    file_run *fr = sc->fr;
    for (sc->seg = sc->first; sc->seg < fr->nsegs; sc->seg += fr->nscans) {
        chunk *c;
        do {
            pthread_mutex_lock(&fr->mu);
            while (!sc->nfree && !fr->stop)
                pthread_cond_wait(&fr->cv, &fr->mu);
            if (fr->stop) {
                pthread_mutex_unlock(&fr->mu);
                return NULL;
            }
            c = sc->free_q[--sc->nfree];
            pthread_mutex_unlock(&fr->mu);
            fill_chunk(sc, c);
            pthread_mutex_lock(&fr->mu);
            sc->full_q[(sc->full_head + sc->nfull++) % NCHUNKS] = c;
            pthread_cond_broadcast(&fr->cv);
            pthread_mutex_unlock(&fr->mu);
            if (c->eof)
                return NULL;
        } while (!c->seg_end);
    }
    return NULL;
}

static chunk *take_full(file_run *fr, scan *sc)
{
    pthread_mutex_lock(&fr->mu);
    while (!sc->nfull)
        pthread_cond_wait(&fr->cv, &fr->mu);
    chunk *c = sc->full_q[sc->full_head];
    sc->full_head = (sc->full_head + 1) % NCHUNKS;
    sc->nfull--;
    pthread_mutex_unlock(&fr->mu);
    return c;
}

static void give_free(file_run *fr, scan *sc, chunk *c)
{
    pthread_mutex_lock(&fr->mu);
    sc->free_q[sc->nfree++] = c;
    pthread_cond_broadcast(&fr->cv);
    pthread_mutex_unlock(&fr->mu);
}

/* Line numbers of a chunk from its segment's start to the file's: base
 * lines come before the segment. */
static void rebase(chunk *c, long base)
{
    for (size_t i = 0; base && i < c->nitems; i++)
        c->items[i].line += base;
    c->last += base;
    if (c->status != BLOC_OK && c->error.line > 0)
        c->error.line += base;
}

/* Store a chunk's items in order: its rejects to the quarantine, its rows
 * in one call. */
static int store_chunk(file_run *fr, chunk *c, bloc_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nitems; i++) {
        item *it = &c->items[i];
        if (it->kind == ITEM_REJECT) {
            if (!fr->spool)
                return bloc_fail_at(err, BLOC_EINPUT, it->where, it->line, "%s", it->reason);
            quarantine_text(fr->spool, it->where, it->line, it->reason, it->raw, it->rawlen);
            fr->st->rejected++;
            continue;
        }
        it->row.ev.file_id = fr->source_id;
        it->row.ev.line = it->line;
        fr->events[n++] = &it->row.ev;
    }
    int rc = store_events_put(fr->g->s, fr->events, n, &fr->st->inserted, &fr->st->duplicates,
                              err);
    if (rc != BLOC_OK)
        return rc;
    fr->st->rows += c->rows;
    fr->st->filtered += c->filtered;
    return BLOC_OK;
}

static void counts_to_checkpoint(const gdelt_file_stats *st, long line, int done,
                                 store_checkpoint *cp)
{
    cp->line = line;
    cp->rows = st->rows;
    cp->inserted = st->inserted;
    cp->duplicates = st->duplicates;
    cp->filtered = st->filtered;
    cp->rejected = st->rejected;
    cp->done = done;
}

/* Commit the batch up to line with its checkpoint, hand the quarantined
 * rows to the quarantine file and start the next batch unless done. */
static int commit_batch(file_run *fr, long line, int done, bloc_error *err)
{
    gdelt_ingest *g = fr->g;
    store_checkpoint cp;
    long long ins, dup;
    int rc;
    if ((rc = store_events_flush(g->s, &ins, &dup, err)) != BLOC_OK)
        return rc;
    fr->st->inserted += ins;
    fr->st->duplicates += dup;
    counts_to_checkpoint(fr->st, line, done, &cp);
    /* the file read through: what it covers, with its last batch */
    if (done && fr->cov_first &&
        (rc = store_coverage_put(g->s, fr->source_id, g->o->scope, "events", fr->cov_first,
                                 fr->cov_last, err)) != BLOC_OK)
        return rc;
    if ((rc = store_checkpoint_put(g->s, fr->source_id, g->o->scope, &cp, err)) != BLOC_OK ||
        (rc = store_commit(g->s, err)) != BLOC_OK)
        return rc;
    if (fr->spool) {
        if ((rc = quarantine_copy(fr->spool, g->o->quarantine, g->o->quarantine_path, err)) !=
            BLOC_OK)
            return rc;
        rewind(fr->spool);
        if (ftruncate(fileno(fr->spool), 0) != 0)
            return bloc_fail(err, BLOC_EIO, "cannot reset the quarantine spool");
    }
    return done ? BLOC_OK : store_begin_bulk(g->s, err);
}

/* Identify the input as a source: its digest for a named file (from the
 * hasher); a one-off identity for standard input (it cannot be resumed). */
static int identify(file_run *fr, bloc_error *err)
{
    char sha[96];
    int stdin_ = strcmp(fr->path, "-") == 0;
    if (stdin_)
        snprintf(sha, sizeof sha, "stdin:%lld:%ld", (long long)time(NULL), (long)getpid());
    else
        snprintf(sha, sizeof sha, "%s", fr->sha);
    return store_source_id(fr->g->s, sha, stdin_ ? "<stdin>" : fr->path, "gdelt",
                           stdin_ ? 0 : fr->size, &fr->source_id, err);
}

/* A file's run, nothing started yet. NULL when out of memory. */
static file_run *run_new(gdelt_ingest *g, const char *path)
{
    long batch = g->o->batch_rows > 0 ? g->o->batch_rows : DEFAULT_BATCH;
    file_run *fr = calloc(1, sizeof *fr);
    if (!fr)
        return NULL;
    fr->g = g;
    fr->path = path;
    fr->nsegs = 1;
    pthread_mutex_init(&fr->mu, NULL);
    pthread_cond_init(&fr->cv, NULL);
    fr->maxitems = batch < CHUNK_ITEMS ? (size_t)batch : CHUNK_ITEMS;
    if (!(fr->events = malloc(fr->maxitems * sizeof *fr->events))) {
        pthread_mutex_destroy(&fr->mu);
        pthread_cond_destroy(&fr->cv);
        free(fr);
        return NULL;
    }
    return fr;
}

/* The first row's layout in the first segment (0: none there). */
static int first_layout(file_run *fr, size_t *layout, bloc_error *err)
{
    line_reader *lr;
    char *line;
    size_t len, starts[GDELT_MAX_COLS];
    int got, rc = lines_open_range(&lr, fr->path, 0, fr->cuts[1], err);
    *layout = 0;
    while (rc == BLOC_OK && !*layout &&
           (rc = lines_next(lr, &line, &len, &got, err)) == BLOC_OK && got) {
        size_t n = gdelt_columns(line, len, starts, GDELT_MAX_COLS);
        if (gdelt_layout_name(n))
            *layout = n;
    }
    lines_close(lr);
    return rc;
}

/* The run reads its plain file whole with read(2) (one segment): libarchive
 * would copy every byte once more from its own buffer. */
static void whole_file(file_run *fr)
{
    free(fr->cuts);
    fr->nsegs = fr->nscans = 1;
    if ((fr->cuts = malloc(2 * sizeof *fr->cuts)) != NULL) {
        fr->cuts[0] = 0;
        fr->cuts[1] = fr->size;
    }
}

/* How the run reads its file: in segments, with up to jobs readers, when
 * it is plain and large and the load filters its rows; whole with read(2)
 * when it is plain; else through libarchive. A failure to look is left to
 * the reader, which names it. */
static void plan_segments(file_run *fr)
{
    const gdelt_ingest_opts *o = fr->g->o;
    long long seg = o->segment_bytes > 0 ? o->segment_bytes : DEFAULT_SEGMENT;
    size_t jobs = o->jobs > 1 ? (size_t)o->jobs : 1;
    struct stat sb;
    int plain = 0;
    bloc_error ignored;
    fr->size = strcmp(fr->path, "-") != 0 && stat(fr->path, &sb) == 0 && S_ISREG(sb.st_mode)
                   ? (long long)sb.st_size
                   : 0;
    fr->nsegs = fr->nscans = 1;
    if (fr->size == 0 || lines_plain(fr->path, &plain, &ignored) != BLOC_OK || !plain)
        return;
    /* a load that keeps every row waits on the one store writer, not on
     * reading: a second reader there measured 3-5% slower, 15 MB more */
    int filtered = o->countries != NULL || o->located != NULL;
    if (jobs < 2 || !filtered || fr->size < 2 * seg ||
        lines_cut(fr->path, fr->size, seg, &fr->cuts, &fr->nsegs, &ignored) != BLOC_OK ||
        fr->nsegs < 2 || first_layout(fr, &fr->layout, &ignored) != BLOC_OK || !fr->layout) {
        whole_file(fr);
        return;
    }
    fr->nscans = jobs < MAX_SCANS ? jobs : MAX_SCANS;
    if (fr->nscans > fr->nsegs)
        fr->nscans = fr->nsegs;
}

/* Stop the readers (if running) and wait for them. */
static void run_stop(file_run *fr)
{
    pthread_mutex_lock(&fr->mu);
    fr->stop = 1;
    pthread_cond_broadcast(&fr->cv);
    pthread_mutex_unlock(&fr->mu);
    for (size_t i = 0; i < MAX_SCANS; i++) {
        scan *sc = &fr->scans[i];
        if (sc->running)
            pthread_join(sc->thread, NULL);
        sc->running = 0;
        lines_close(sc->lr);
        sc->lr = NULL;
    }
}

/* Start the readers (with empty queues and their chunks free). */
static int run_readers(file_run *fr, bloc_error *err)
{
    fr->stop = 0;
    for (size_t i = 0; i < fr->nscans; i++) {
        scan *sc = &fr->scans[i];
        sc->fr = fr;
        sc->first = i;
        sc->layout = 0;
        sc->nfree = sc->nfull = sc->full_head = 0;
        for (size_t k = 0; k < NCHUNKS; k++) {
            chunk *c = &sc->chunks[k];
            c->maxitems = fr->maxitems;
            if (!c->items && !(c->items = malloc(fr->maxitems * sizeof *c->items))) {
                run_stop(fr);
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
            }
            sc->free_q[sc->nfree++] = c;
        }
        if (pthread_create(&sc->thread, NULL, reader_main, sc) != 0) {
            run_stop(fr);
            return bloc_fail(err, BLOC_ENOMEM, "cannot start a reader thread");
        }
        sc->running = 1;
    }
    return BLOC_OK;
}

/* Start the run: its hasher (a named file, when hash) and its readers. */
static int run_launch(file_run *fr, int hash, bloc_error *err)
{
    plan_segments(fr);
    fr->ready = !hash || strcmp(fr->path, "-") == 0;
    fr->ready_rc = BLOC_OK;
    if (!fr->ready) {
        if (pthread_create(&fr->hasher, NULL, hasher_main, fr) != 0)
            return bloc_fail(err, BLOC_ENOMEM, "cannot start the hasher thread");
        fr->hashing = 1;
    }
    return run_readers(fr, err);
}

/* Wait until the hasher has identified the file; its error if any. */
static int run_ready(file_run *fr, bloc_error *err)
{
    pthread_mutex_lock(&fr->mu);
    while (!fr->ready)
        pthread_cond_wait(&fr->cv, &fr->mu);
    pthread_mutex_unlock(&fr->mu);
    if (fr->hashing) {
        pthread_join(fr->hasher, NULL);
        fr->hashing = 0;
    }
    if (fr->ready_rc != BLOC_OK)
        *err = fr->ready_err;
    return fr->ready_rc;
}

/* Read the file again from its first line, with one reader, to skip what
 * a checkpoint says is committed. */
static int run_rewind(file_run *fr, long skip_to, bloc_error *err)
{
    run_stop(fr);
    fr->skip_to = skip_to;
    if (fr->cuts)
        whole_file(fr);
    return run_readers(fr, err);
}

static void run_free(file_run *fr)
{
    if (!fr)
        return;
    run_stop(fr);
    if (fr->hashing)
        pthread_join(fr->hasher, NULL);
    if (fr->spool)
        fclose(fr->spool);
    for (size_t i = 0; i < MAX_SCANS; i++)
        for (size_t k = 0; k < NCHUNKS; k++)
            chunk_free(&fr->scans[i].chunks[k]);
    free(fr->cuts);
    free(fr->events);
    pthread_mutex_destroy(&fr->mu);
    pthread_cond_destroy(&fr->cv);
    free(fr);
}

/* Store what the running readers read, segment after segment, committing
 * batches. */
static int pump(file_run *fr, long batch, int defer, bloc_error *err)
{
    long long since_commit = 0;
    long base = 0;      /* lines before the current segment */
    size_t seg = 0;
    int rc = BLOC_OK, eof = 0;
    progress prog;
    progress_start(&prog, fr->st->path, fr->size, fr->g->o->progress);
    while (!eof) {
        scan *sc = &fr->scans[seg % fr->nscans];
        chunk *c = take_full(fr, sc);
        rebase(c, base);
        if (c->seg_end) {
            base = c->last;
            seg++;
        }
        eof = c->eof;
        if (c->cov_first && (!fr->cov_first || c->cov_first < fr->cov_first))
            fr->cov_first = c->cov_first;
        if (c->cov_last > fr->cov_last)
            fr->cov_last = c->cov_last;
        if ((rc = store_chunk(fr, c, err)) == BLOC_OK && c->status != BLOC_OK) {
            *err = c->error;
            rc = c->status;
        }
        since_commit += c->rows;
        if (rc == BLOC_OK && !eof && since_commit >= batch) {
            since_commit = 0;
            rc = commit_batch(fr, c->last, 0, err);
        }
        if (rc == BLOC_OK && eof) {
            if (c->layout)
                snprintf(fr->st->layout, sizeof fr->st->layout, "%s",
                         gdelt_layout_name(c->layout));
            if (defer)
                rc = store_events_indexes(fr->g->s, 1, err);
            if (rc == BLOC_OK)
                rc = commit_batch(fr, c->last, 1, err);
        }
        progress_update(&prog, c->bytes, fr->st->rows);
        give_free(fr, sc, c);
        if (rc != BLOC_OK)
            break;
    }
    progress_end(&prog);
    run_stop(fr);
    return rc;
}

/* Ingest the file of a run that was launched (hashing). */
static int ingest_run(file_run *fr, gdelt_file_stats *st, bloc_error *err)
{
    gdelt_ingest *g = fr->g;
    store_checkpoint before;
    long long max_id = 0;
    int rc, found = 0, in_txn = 0;
    long batch = g->o->batch_rows > 0 ? g->o->batch_rows : DEFAULT_BATCH;
    fr->st = st;
    memset(st, 0, sizeof *st);
    snprintf(st->path, sizeof st->path, "%s", fr->path);
    snprintf(st->layout, sizeof st->layout, "-");
    if ((rc = run_ready(fr, err)) != BLOC_OK || (rc = identify(fr, err)) != BLOC_OK ||
        (rc = store_checkpoint_get(g->s, fr->source_id, g->o->scope, &before, &found, err)) !=
            BLOC_OK ||
        (rc = store_events_max_id(g->s, &max_id, err)) != BLOC_OK)
        return rc;
    if (found && before.done) {
        st->already_done = 1;
        return BLOC_OK;
    }
    if (found) { /* resume: counts continue from the checkpoint */
        st->resumed_at = before.line;
        st->rows = before.rows;
        st->inserted = before.inserted;
        st->duplicates = before.duplicates;
        st->filtered = before.filtered;
        st->rejected = before.rejected;
        if ((rc = run_rewind(fr, before.line, err)) != BLOC_OK)
            return rc;
    }
    if (g->o->quarantine && !(fr->spool = tmpfile())) {
        rc = bloc_fail(err, BLOC_EIO, "cannot create a temporary file for rejected rows");
        goto done;
    }
    if ((rc = store_begin_bulk(g->s, err)) != BLOC_OK)
        goto done;
    in_txn = 1;
    long long size = fr->size;
    int defer = g->o->countries == NULL && size >= DEFER_INDEX_BYTES && size / 300 > max_id;
    /* indexes dropped by an earlier run that was killed come back here */
    if ((rc = store_events_indexes(g->s, !defer, err)) != BLOC_OK)
        goto done;
    rc = pump(fr, batch, defer, err);
    in_txn = rc != BLOC_OK;
done:
    if (rc != BLOC_OK) {
        /* undo what this run stored from the file, back to the checkpoint
         * it started from: the store is as it was before the command */
        bloc_error undo_err;
        run_stop(fr);
        if (in_txn)
            store_rollback(g->s);
        if (store_begin(g->s, &undo_err) == BLOC_OK) {
            int u = store_events_undo(g->s, fr->source_id, max_id, &undo_err);
            if (u == BLOC_OK)
                u = store_events_indexes(g->s, 1, &undo_err);
            if (u == BLOC_OK) /* a file new to the store is forgotten again */
                u = found ? store_checkpoint_put(g->s, fr->source_id, g->o->scope, &before,
                                                 &undo_err)
                          : store_source_forget_unused(g->s, fr->source_id, g->o->scope,
                                                       &undo_err);
            if (u == BLOC_OK)
                store_commit(g->s, &undo_err);
            else
                store_rollback(g->s);
        }
    }
    return rc;
}

int gdelt_ingest_files(gdelt_ingest *g, const char *const *paths, size_t n,
                       gdelt_file_stats *stats, size_t *ndone, bloc_error *err)
{
    size_t jobs = g->o->jobs > 0 ? (size_t)g->o->jobs : 1;
    file_run **runs = calloc(n + 1, sizeof *runs);
    int rc = BLOC_OK;
    *ndone = 0;
    if (!runs)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t k = 0; k < n && rc == BLOC_OK; k++) {
        /* this file and the next jobs - 1 are being read */
        for (size_t j = k; j < n && j < k + jobs && rc == BLOC_OK; j++) {
            if (runs[j])
                continue;
            if (!(runs[j] = run_new(g, paths[j])))
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            else
                rc = run_launch(runs[j], 1, err);
        }
        if (rc == BLOC_OK)
            rc = ingest_run(runs[k], &stats[k], err);
        run_free(runs[k]);
        runs[k] = NULL;
        if (rc == BLOC_OK)
            (*ndone)++;
    }
    for (size_t j = 0; j < n; j++) /* read ahead of a file that failed */
        run_free(runs[j]);
    free(runs);
    return rc;
}

int gdelt_ingest_file(gdelt_ingest *g, const char *path, gdelt_file_stats *st, bloc_error *err)
{
    size_t done;
    return gdelt_ingest_files(g, &path, 1, st, &done, err);
}
