/*
 * ingest/events — bloc's own event format (see events.h).
 */
#include "ingest/events.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/progress.h"
#include "core/util.h"
#include "ingest/complete.h"
#include "ingest/quarantine.h"
#include "io/csv.h"
#include "io/lines.h"

enum field {
    F_ID, F_DATE, F_EVENT_CODE, F_SOURCE, F_DATE_ADDED,
    F_A1_COUNTRY, F_A1_CODE, F_A1_NAME, F_A1_TYPE,
    F_A2_COUNTRY, F_A2_CODE, F_A2_NAME, F_A2_TYPE,
    F_GOLDSTEIN, F_QUAD, F_MENTIONS, F_SOURCES, F_ARTICLES, F_TONE,
    F_GEO_COUNTRY, F_GEO_ADM1, F_LAT, F_LON, F_URL, F_DOMAIN, F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "id", "date", "event_code", "source", "date_added",
    "actor1_country", "actor1_code", "actor1_name", "actor1_type",
    "actor2_country", "actor2_code", "actor2_name", "actor2_type",
    "goldstein", "quad_class", "mentions", "sources", "articles", "tone",
    "geo_country", "geo_adm1", "lat", "lon", "url", "domain"};
enum { NREQUIRED = 3 }; /* id, date, event_code */

/* One input record, CSV row or JSON object, read through get(). */
typedef struct record {
    csv_reader *csv;
    int col[F_COUNT];          /* CSV column of each field, -1 = absent */
    json_t *obj;               /* JSON Lines: the current object */
    char num[F_COUNT][40];     /* JSON numbers as text */
} record;

typedef struct run {
    store *s;
    const registry *reg;
    const cameo_tables *cameo;
    const events_ingest_opts *o;
    events_file_stats *st;
    record rec;
    line_reader *lr;           /* JSON Lines */
    char *raw;                 /* the current JSON line as read */
    size_t rawlen;
    FILE *spool;
    long long source_id;
    int first, last;           /* the span of the events' dates: what the file covers */
} run;

static int field_index(const char *name)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strcmp(name, field_names[i]) == 0)
            return i;
    return -1;
}

static const char *get(run *r, int f)
{
    record *rec = &r->rec;
    if (rec->csv)
        return rec->col[f] < 0 ? "" : csv_field(rec->csv, (size_t)rec->col[f]);
    json_t *v = json_object_get(rec->obj, field_names[f]);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(rec->num[f], sizeof rec->num[f], "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(rec->num[f], sizeof rec->num[f], "%.17g", json_real_value(v));
    else
        return ""; /* absent or null (other types are refused before) */
    return rec->num[f];
}

static const char *where(const run *r)
{
    return r->rec.csv ? csv_path(r->rec.csv) : lines_where(r->lr);
}

static long line_no(const run *r)
{
    return r->rec.csv ? csv_line(r->rec.csv) : lines_number(r->lr);
}

static int reject(run *r, bloc_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int reject(run *r, bloc_error *err, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (!r->spool)
        return bloc_fail_at(err, BLOC_EINPUT, where(r), line_no(r), "%s", reason);
    if (r->rec.csv)
        quarantine_row(r->spool, r->rec.csv, reason);
    else
        quarantine_text(r->spool, where(r), line_no(r), reason, r->raw, r->rawlen);
    r->st->rejected++;
    return BLOC_OK;
}

static int valid_source_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("_.-", *s))
            return 0;
    return 1;
}

/* Resolve a country field: "" -> NULL; unknown -> *bad. */
static const char *country(run *r, int f, int *bad)
{
    const char *v = get(r, f);
    const store_country *c = NULL;
    bloc_error ignored;
    *bad = 0;
    if (!*v)
        return NULL;
    if (registry_resolve(r->reg, v, &c, &ignored) != BLOC_OK) {
        *bad = 1;
        return NULL;
    }
    return c->code;
}

/* Validate the current record into e; 0 ok, -1 with reason. */
static int read_event(run *r, store_event *e, char *code_buf, char *reason, size_t rsz)
{
    static const int country_fields[3] = {F_A1_COUNTRY, F_A2_COUNTRY, F_GEO_COUNTRY};
    const char **country_out[3] = {&e->actor[0].country, &e->actor[1].country, &e->geo_country};
    long long v;
    int bad, d;
    memset(e, 0, sizeof *e);
    e->is_root = -1;
    e->goldstein = e->tone = e->geo_lat = e->geo_lon = NAN;
    e->mentions = e->sources = e->articles = -1;
    for (int f = 0; f < NREQUIRED; f++)
        if (!*get(r, f))
            return snprintf(reason, rsz, "%s: missing (required)", field_names[f]), -1;
    e->source_event_id = get(r, F_ID);
    if (strlen(e->source_event_id) > 200)
        return snprintf(reason, rsz, "id: longer than 200 characters"), -1;
    const char *date = get(r, F_DATE);
    if (strlen(date) != 10 || util_parse_date(date, 0, &d, NULL) != BLOC_OK)
        return snprintf(reason, rsz, "date: '%s' is not a date YYYY-MM-DD", date), -1;
    e->date = d;
    const char *code = get(r, F_EVENT_CODE);
    if (cameo_key(code) < 0)
        return snprintf(reason, rsz, "event_code: '%s' is not a CAMEO code of 2-4 digits", code),
               -1;
    snprintf(code_buf, 16, "%s", code);
    e->event_code = code_buf;            /* "0874" */
    snprintf(code_buf + 5, 4, "%.3s", code);
    e->base_code = code_buf + 5;         /* "087" */
    snprintf(code_buf + 9, 3, "%.2s", code);
    e->root_code = code_buf + 9;         /* "08" */
    e->source = *get(r, F_SOURCE) ? get(r, F_SOURCE) : r->o->source ? r->o->source : "bloc";
    if (!valid_source_name(e->source))
        return snprintf(reason, rsz, "source: '%s' must be 1-32 of a-z 0-9 _ . -", e->source), -1;
    e->date_added = get(r, F_DATE_ADDED);
    if (*e->date_added) {
        char day[11];
        snprintf(day, sizeof day, "%s", e->date_added);
        if (strlen(e->date_added) < 10 || util_parse_date(day, 0, &d, NULL) != BLOC_OK)
            return snprintf(reason, rsz, "date_added: '%s' does not start with YYYY-MM-DD",
                            e->date_added), -1;
    }
    for (int i = 0; i < 3; i++) {
        *country_out[i] = country(r, country_fields[i], &bad);
        if (bad)
            return snprintf(reason, rsz, "%s: unknown country '%s'",
                            field_names[country_fields[i]], get(r, country_fields[i])), -1;
    }
    for (int a = 0; a < 2; a++) {
        int base = a ? F_A2_COUNTRY : F_A1_COUNTRY;
        e->actor[a].code = get(r, base + 1);
        e->actor[a].name = get(r, base + 2);
        e->actor[a].type[0] = get(r, base + 3);
        e->actor[a].cameo_country = NULL;
    }
    if (util_parse_double(get(r, F_GOLDSTEIN), -10, 10, &e->goldstein) < 0)
        return snprintf(reason, rsz, "goldstein: '%s' is not a number in [-10, 10]",
                        get(r, F_GOLDSTEIN)), -1;
    if ((bad = util_parse_ll(get(r, F_QUAD), 1, 4, &v)) < 0)
        return snprintf(reason, rsz, "quad_class: '%s' is not 1, 2, 3 or 4", get(r, F_QUAD)), -1;
    e->quad_class = bad ? 0 : (int)v;
    long long *counts[3] = {&e->mentions, &e->sources, &e->articles};
    for (int i = 0; i < 3; i++)
        if (util_parse_ll(get(r, F_MENTIONS + i), 0, LLONG_MAX, counts[i]) < 0)
            return snprintf(reason, rsz, "%s: '%s' is not a whole number >= 0",
                            field_names[F_MENTIONS + i], get(r, F_MENTIONS + i)), -1;
    if (util_parse_double(get(r, F_TONE), -100, 100, &e->tone) < 0)
        return snprintf(reason, rsz, "tone: '%s' is not a number in [-100, 100]",
                        get(r, F_TONE)), -1;
    if (util_parse_double(get(r, F_LAT), -90, 90, &e->geo_lat) < 0 ||
        util_parse_double(get(r, F_LON), -180, 180, &e->geo_lon) < 0)
        return snprintf(reason, rsz, "lat/lon: '%s', '%s' is not a place", get(r, F_LAT),
                        get(r, F_LON)), -1;
    e->geo_adm1 = get(r, F_GEO_ADM1);
    e->url = get(r, F_URL);
    e->domain = get(r, F_DOMAIN);
    if (*e->domain) {
        if (cameo_domain_parse(e->domain) < 0)
            return snprintf(reason, rsz, "domain: '%s' is not military, economic, diplomatic, "
                            "technology, humanitarian or other", e->domain), -1;
        e->domain = cameo_domain_name(cameo_domain_parse(e->domain));
    }
    if (ingest_check_lengths(e, reason, rsz) != 0)
        return -1;
    ingest_complete_event(r->cameo, e);
    return 0;
}

/* Store the current record (already known to be well-formed text). */
static int process(run *r, bloc_error *err)
{
    store_event e;
    char code_buf[16], reason[512];
    if (read_event(r, &e, code_buf, reason, sizeof reason) != 0)
        return reject(r, err, "%s", reason);
    e.file_id = r->source_id;
    e.line = line_no(r);
    if (!r->first || e.date < r->first)
        r->first = e.date;
    if (e.date > r->last)
        r->last = e.date;
    int result, rc = store_event_put(r->s, &e, &result, err);
    if (rc == BLOC_OK && result != STORE_PENDING) /* pending: counted by the flush */
        *(result == STORE_INSERTED ? &r->st->inserted : &r->st->duplicates) += 1;
    return rc;
}

static int read_csv(run *r, progress *p, bloc_error *err)
{
    int got, rc = csv_open(&r->rec.csv, r->st->path, ',', err);
    if (rc != BLOC_OK)
        return rc;
    if ((rc = csv_next(r->rec.csv, &got, err)) != BLOC_OK)
        return rc;
    if (!got)
        return bloc_fail_at(err, BLOC_EINPUT, r->st->path, 1, "empty file: expected a header row");
    size_t ncols = csv_nfields(r->rec.csv);
    for (int f = 0; f < F_COUNT; f++)
        r->rec.col[f] = -1;
    for (size_t j = 0; j < ncols; j++) {
        int f = field_index(csv_field(r->rec.csv, j));
        if (f < 0)
            return bloc_fail_at(err, BLOC_EINPUT, r->st->path, 1,
                                "bad header: unknown column '%s' (docs/formats.md lists the "
                                "fields)", csv_field(r->rec.csv, j));
        if (r->rec.col[f] >= 0)
            return bloc_fail_at(err, BLOC_EINPUT, r->st->path, 1,
                                "bad header: column '%s' appears twice", field_names[f]);
        r->rec.col[f] = (int)j;
    }
    for (int f = 0; f < NREQUIRED; f++)
        if (r->rec.col[f] < 0)
            return bloc_fail_at(err, BLOC_EINPUT, r->st->path, 1,
                                "bad header: no '%s' column (required: id, date, event_code)",
                                field_names[f]);
    while ((rc = csv_next(r->rec.csv, &got, err)) == BLOC_OK && got) {
        r->st->rows++;
        if ((r->st->rows & 4095) == 0)
            progress_update(p, csv_bytes_read(r->rec.csv), r->st->rows);
        char why[96];
        long bad = csv_bad_field(r->rec.csv, why, sizeof why);
        if (csv_nfields(r->rec.csv) != ncols)
            rc = reject(r, err, "expected %zu fields as in the header, found %zu", ncols,
                        csv_nfields(r->rec.csv));
        else if (bad >= 0)
            rc = reject(r, err, "%s", why);
        else
            rc = process(r, err);
        if (rc != BLOC_OK)
            break;
    }
    return rc;
}

static int read_jsonl(run *r, progress *p, bloc_error *err)
{
    int got, rc = lines_open(&r->lr, r->st->path, err);
    char *line;
    size_t len;
    if (rc != BLOC_OK)
        return rc;
    while ((rc = lines_next(r->lr, &line, &len, &got, err)) == BLOC_OK && got) {
        size_t i = 0;
        while (i < len && isspace((unsigned char)line[i]))
            i++;
        if (i == len)
            continue; /* blank line */
        r->st->rows++;
        if ((r->st->rows & 4095) == 0)
            progress_update(p, lines_bytes(r->lr), r->st->rows);
        r->raw = line;
        r->rawlen = len;
        json_error_t jerr;
        json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
        const char *key;
        json_t *val;
        const char *bad = NULL;
        char why[256] = "";
        if (!obj) {
            snprintf(why, sizeof why, "not JSON: %s (column %d)", jerr.text, jerr.column);
        } else if (!json_is_object(obj)) {
            snprintf(why, sizeof why, "expected a JSON object");
        } else {
            json_object_foreach(obj, key, val) {
                if (field_index(key) < 0)
                    bad = "unknown field";
                else if (!json_is_string(val) && !json_is_number(val) && !json_is_null(val))
                    bad = "expected a string, a number or null for field";
                if (bad) {
                    snprintf(why, sizeof why, "%s '%s'", bad, key);
                    break;
                }
            }
        }
        r->rec.obj = obj;
        rc = why[0] ? reject(r, err, "%s", why) : process(r, err);
        json_decref(obj);
        r->rec.obj = NULL;
        if (rc != BLOC_OK)
            break;
    }
    return rc;
}

static int is_jsonl_name(const char *path)
{
    static const char *const ext[] = {".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz",
                                      ".json.gz"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && strcmp(path + n - k, ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int ingest_once(store *s, const registry *reg, const cameo_tables *cameo,
                       const events_ingest_opts *o, const char *path, events_file_stats *st,
                       bloc_error *err);

typedef struct once_args {
    store *s;
    const registry *reg;
    const cameo_tables *cameo;
    const events_ingest_opts *o;
    const char *path;
    events_file_stats *st;
} once_args;

static int ingest_once_txn(void *ctx, bloc_error *err)
{
    once_args *a = ctx;
    return ingest_once(a->s, a->reg, a->cameo, a->o, a->path, a->st, err);
}

/* The file is one transaction; one that another conflicted with was
 * rolled back whole, and is run again (store_retry_conflicts). */
int events_ingest_file(store *s, const registry *reg, const cameo_tables *cameo,
                       const events_ingest_opts *o, const char *path, events_file_stats *st,
                       bloc_error *err)
{
    once_args a = {s, reg, cameo, o, path, st};
    return store_retry_conflicts(ingest_once_txn, &a, err);
}

static int ingest_once(store *s, const registry *reg, const cameo_tables *cameo,
                       const events_ingest_opts *o, const char *path, events_file_stats *st,
                       bloc_error *err)
{
    run r = {.s = s, .reg = reg, .cameo = cameo, .o = o, .st = st};
    char sha[UTIL_DIGEST_MAX];
    struct stat sb;
    int rc, jsonl = o->as ? strcmp(o->as, "jsonl") == 0 : is_jsonl_name(path);
    progress p;
    memset(st, 0, sizeof *st);
    snprintf(st->path, sizeof st->path, "%s", path);
    snprintf(st->format, sizeof st->format, "%s", jsonl ? "jsonl" : "csv");
    if (strcmp(path, "-") == 0)
        return bloc_fail(err, BLOC_EUSAGE, "event files must be named files, not standard input");
    if ((rc = util_file_digest(path, o->sha256, sha, err)) != BLOC_OK)
        return rc;
    if (o->quarantine && !(r.spool = tmpfile()))
        return bloc_fail(err, BLOC_EIO, "cannot create a temporary file for rejected rows");
    if ((rc = store_begin_bulk(s, err)) != BLOC_OK)
        goto done;
    /* the source is recorded inside the transaction: a refused file leaves
     * no trace */
    if ((rc = store_source_id(s, sha, path, jsonl ? "events-jsonl" : "events-csv",
                              stat(path, &sb) == 0 ? sb.st_size : 0, &r.source_id, err)) ==
        BLOC_OK) {
        progress_start(&p, path, stat(path, &sb) == 0 ? sb.st_size : 0, o->progress);
        rc = jsonl ? read_jsonl(&r, &p, err) : read_csv(&r, &p, err);
        progress_end(&p);
    }
    long long ins = 0, dup = 0;
    /* a file of bloc's own format covers the span of its events' dates */
    if (rc == BLOC_OK && r.first)
        rc = store_coverage_put(s, r.source_id, "all", "events", r.first, r.last, err);
    if (rc == BLOC_OK && (rc = store_events_flush(s, &ins, &dup, err)) == BLOC_OK) {
        st->inserted += ins;
        st->duplicates += dup;
    }
    if (rc == BLOC_OK && (rc = store_commit(s, err)) == BLOC_OK)
        rc = quarantine_copy(r.spool, o->quarantine, "quarantine", err);
    else
        store_rollback(s);
done:
    if (r.spool)
        fclose(r.spool);
    csv_close(r.rec.csv);
    lines_close(r.lr);
    return rc;
}
