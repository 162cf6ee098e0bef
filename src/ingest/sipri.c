/*
 * ingest/sipri — SIPRI's register and TIV-table exports into the arms
 * tables (see sipri.h).
 */
#include "ingest/sipri.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strmap.h"
#include "core/util.h"
#include "ingest/quarantine.h"
#include "io/csv.h"
#include "io/gz.h"
#include "metrics/arms.h"

#define DELIVERIES_HEADER                                                                    \
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"     \
    "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"     \
    "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"           \
    "TIV delivery values,Local production"
#define CLASSIC_HEADER                                                                       \
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"                \
    "Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,"             \
    "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons"
enum { DELIVERIES_FIELDS = 17, CLASSIC_FIELDS = 16, PREAMBLE_MAX = 40, ROW_FIELDS = 128 };
enum { MAX_YEARS = 200 };

/* ---- the non-state actors (data/registry/sipri_actors.csv) ------------- */

typedef struct actor {
    char *name, *code;
} actor;

typedef struct actors {
    actor *a;
    size_t n, cap;
} actors;

static void actors_free(actors *A)
{
    for (size_t i = 0; i < A->n; i++) {
        free(A->a[i].name);
        free(A->a[i].code);
    }
    free(A->a);
}

/* Read the table and record it in the store (inside the load's
 * transaction: the codes the rows name are there with them). */
static int actors_load(actors *A, store *s, const char *datadir, bloc_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/registry/sipri_actors.csv", datadir);
    csv_reader *r = NULL;
    int rc = csv_open_table(&r, path, ',', "name,code,kind,based_in,note", err), got;
    while (rc == BLOC_OK && (rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        const char *code = csv_field(r, 1);
        if (csv_nfields(r) != 5 || strncmp(code, "X-", 2) != 0 || !*csv_field(r, 0) ||
            !*csv_field(r, 2)) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r),
                              "expected a SIPRI name, an X- code, a kind, a state and a note");
            break;
        }
        if (util_grow((void **)&A->a, &A->cap, A->n + 1, sizeof *A->a) != 0 ||
            !(A->a[A->n].name = strdup(csv_field(r, 0))) ||
            !(A->a[A->n].code = strdup(code))) {
            if (A->n < A->cap && A->a)
                free(A->a[A->n].name);
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        A->n++;
        rc = store_arms_actor_put(s, code, csv_field(r, 0), csv_field(r, 2), csv_field(r, 3), err);
    }
    csv_close(r);
    return rc;
}

/* ---- the encoding: UTF-8, or Windows-1252 ------------------------------ */

/* Is the whole file UTF-8? One pass over its bytes, a sequence cut by the
 * end of a buffer carried to the next. */
static int file_is_utf8(const char *path, int *utf8, bloc_error *err)
{
    gz_stream *g = NULL;
    char buf[65536 + 4];
    size_t carry = 0;
    long got;
    int rc = gz_open(&g, path, err);
    if (rc != BLOC_OK)
        return rc;
    *utf8 = 1;
    while ((got = gz_read(g, buf + carry, sizeof buf - 4 - carry, path, 0, err)) > 0) {
        size_t len = carry + (size_t)got, cut = len;
        /* hold back a lead byte whose sequence the buffer cuts */
        for (size_t k = 1; k <= 3 && k <= len; k++) {
            unsigned char c = (unsigned char)buf[len - k];
            if ((c & 0xC0) == 0x80)
                continue;
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (need > k)
                cut = len - k;
            break;
        }
        if (!util_utf8_valid(buf, cut)) {
            *utf8 = 0;
            break;
        }
        carry = len - cut;
        memmove(buf, buf + cut, carry);
    }
    if (got < 0)
        rc = err->code;
    else if (*utf8 && carry)
        *utf8 = 0; /* the file ends inside a sequence */
    gz_close(g);
    return rc;
}

/* ---- a record, its fields converted and kept -------------------------- */

typedef struct row {
    char *buf;               /* the fields, each NUL-terminated */
    size_t len, cap;
    size_t off[ROW_FIELDS];
    size_t n;
    long line;
    char *raw;               /* the record as read, for the quarantine (kept for a short
                                record the next one may complete; NULL otherwise) */
} row;

static const char *row_field(const row *w, size_t i)
{
    return i < w->n ? w->buf + w->off[i] : "";
}

static int row_append(row *w, const char *s, size_t len)
{
    if (util_grow((void **)&w->buf, &w->cap, w->len + len + 1, 1) != 0)
        return -1;
    memcpy(w->buf + w->len, s, len);
    w->len += len;
    w->buf[w->len++] = '\0';
    return 0;
}

/* Field text into the row, converted from Windows-1252 when cd is open. */
static int row_add(row *w, iconv_t cd, const char *s, size_t len)
{
    if (w->n == ROW_FIELDS)
        return -1;
    w->off[w->n++] = w->len;
    if (cd == (iconv_t)-1)
        return row_append(w, s, len);
    /* each byte becomes at most three bytes of UTF-8 */
    if (util_grow((void **)&w->buf, &w->cap, w->len + 3 * len + 1, 1) != 0)
        return -1;
    char *in = (char *)s, *out = w->buf + w->len;
    size_t inleft = len, outleft = 3 * len;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1)
        return -2; /* a byte Windows-1252 leaves undefined */
    w->len = (size_t)(out - w->buf);
    w->buf[w->len++] = '\0';
    return 0;
}

/* The current record of r into w; -1 out of memory or too many fields,
 * -2 a byte that is no character. */
static int row_take(row *w, const csv_reader *r, iconv_t cd)
{
    w->len = w->n = 0;
    w->line = csv_line(r);
    free(w->raw);
    w->raw = NULL; /* made when needed: a rejected or a short record */
    for (size_t i = 0; i < csv_nfields(r); i++) {
        int k = row_add(w, cd, csv_field(r, i), csv_field_len(r, i));
        if (k != 0)
            return k;
    }
    return 0;
}

/* What text may not hold: for UTF-8 input csv_bad_field's rules (a NUL
 * byte, bytes that are not UTF-8, an over-long field); for Windows-1252
 * input the same but the encoding, which the conversion settled. */
static int row_bad(const csv_reader *r, iconv_t cd, char *why, size_t n)
{
    if (cd == (iconv_t)-1)
        return csv_bad_field(r, why, n) >= 0;
    for (size_t i = 0; i < csv_nfields(r); i++) {
        if (memchr(csv_field(r, i), '\0', csv_field_len(r, i)))
            return snprintf(why, n, "field %zu holds a NUL byte", i + 1), 1;
        if (csv_field_len(r, i) > CSV_MAX_FIELD)
            return snprintf(why, n, "field %zu is longer than %d bytes", i + 1, CSV_MAX_FIELD), 1;
    }
    return 0;
}

/* The bounds on text a register row may store (docs/formats.md): names
 * and short fields 512 bytes, comments 4096. The name of the first field
 * over its bound, or NULL. */
static const char *over_long(const char *const *f, const char *const *names, const int *limit, int n)
{
    for (int i = 0; i < n; i++)
        if (limit[i] && strlen(f[i]) > (size_t)limit[i])
            return names[i];
    return NULL;
}

static void row_free(row *w)
{
    free(w->buf);
    free(w->raw);
}

/* ---- field parsers ------------------------------------------------------ */

/* A copy of s without trailing spaces (SIPRI writes "0 " in its tables). */
static const char *trimmed(const char *s, char *tmp, size_t n)
{
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        len--;
    if (len >= n)
        return s;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return tmp;
}

/* A TIV (millions): a non-negative decimal, or empty (NaN). */
static int parse_tiv(const char *s, double *v)
{
    char tmp[64];
    s = trimmed(s, tmp, sizeof tmp);
    if (!*s) {
        *v = NAN;
        return 0;
    }
    return util_parse_double(s, 0, 1e9, v);
}

/* A number of items: a non-negative integer, or empty (-1). */
static int parse_count(const char *s, long long *v)
{
    char tmp[32];
    s = trimmed(s, tmp, sizeof tmp);
    if (!*s) {
        *v = -1;
        return 0;
    }
    return util_parse_ll(s, 0, 100000000, v);
}

static int parse_year(const char *s, int *y)
{
    long long v;
    char tmp[16];
    if (util_parse_ll(trimmed(s, tmp, sizeof tmp), 1900, 2100, &v) != 0)
        return -1;
    *y = (int)v;
    return 0;
}

/* "Yes" / "No" (the register's "is estimate" and "Local production"). */
static int parse_yes_no(const char *s, int *v)
{
    if (strcmp(s, "Yes") == 0)
        *v = 1;
    else if (strcmp(s, "No") == 0)
        *v = 0;
    else
        return -1;
    return 0;
}

/* The classic register's flag column: '?' uncertain, empty certain. */
static int parse_flag(const char *s, int *v)
{
    if (strcmp(s, "?") == 0)
        *v = 1;
    else if (!*s)
        *v = 0;
    else
        return -1;
    return 0;
}

/* "2016; 2017; 2018" into years (ascending, distinct); the count, or -1. */
static int parse_years(const char *s, int *years, int max)
{
    int n = 0;
    while (*s) {
        char *end;
        while (*s == ' ')
            s++;
        if (!isdigit((unsigned char)*s))
            return -1;
        long y = strtol(s, &end, 10);
        if (end - s != 4 || y < 1900 || y > 2100 || n == max || (n && y <= years[n - 1]))
            return -1;
        years[n++] = (int)y;
        s = end;
        while (*s == ' ')
            s++;
        if (*s == ';')
            s++;
        else if (*s)
            return -1;
    }
    return n;
}

int sipri_generated_day(const char *text)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int d, y, used = 0;
    char mon[4];
    if (sscanf(text, "%2d %3s %4d%n", &d, mon, &y, &used) != 3 || d < 1 || d > 31 ||
        y < 1990 || y > 2100 || (text[used] && text[used] != ' '))
        return 0;
    for (int m = 0; m < 12; m++)
        if (strcmp(mon, months[m]) == 0) {
            char iso[40];
            int day;
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m + 1, d);
            return util_parse_date(iso, 0, &day, NULL) == BLOC_OK ? day : 0;
        }
    return 0;
}

/* ---- the load ----------------------------------------------------------- */

enum { K_NONE, K_DELIVERIES, K_CLASSIC, K_IMPORTS, K_EXPORTS };
static const char *const layouts[] = {"", STORE_ARMS_DELIVERIES, STORE_ARMS_CLASSIC,
                                      STORE_ARMS_IMPORTS, STORE_ARMS_EXPORTS};

typedef struct load {
    int kind;                /* K_*: the layout */
    store *s;
    const registry *reg;
    const sipri_ingest_opts *o;
    sipri_ingest_result *res;
    actors A;
    strmap *names;           /* "name\tyear" -> index into codes, -1 unknown */
    const char **codes;
    size_t ncodes, capcodes;
    FILE *spool;
    long long source_id;
    int years[MAX_YEARS];    /* TIV tables: the year of each column, 0 none */
    size_t nyears;
    strmap *classic_keys;
} load;

/* The code of a SIPRI name in year (0: any): a non-state actor's, or the
 * registry's; NULL when neither knows it. */
static const char *resolve(load *L, const char *name, int year, int *nonstate)
{
    char key[600];
    long idx;
    snprintf(key, sizeof key, "%s\t%d", name, year);
    *nonstate = 0;
    if (strmap_get(L->names, key, &idx)) {
        *nonstate = idx >= 0 && strncmp(L->codes[idx], "X-", 2) == 0;
        return idx >= 0 ? L->codes[idx] : NULL;
    }
    const char *code = NULL;
    for (size_t i = 0; i < L->A.n && !code; i++)
        if (strcmp(L->A.a[i].name, name) == 0)
            code = L->A.a[i].code;
    if (!code) {
        const store_country *c = registry_by_name(L->reg, name, year ? year * 10000 + 701 : 0);
        if (!c && year)
            c = registry_by_name(L->reg, name, 0);
        code = c ? c->code : NULL;
    }
    idx = -1;
    if (code && util_grow((void **)&L->codes, &L->capcodes, L->ncodes + 1, sizeof *L->codes) == 0) {
        L->codes[L->ncodes] = code;
        idx = (long)L->ncodes++;
    }
    if (strmap_put(L->names, key, idx) != 0)
        return NULL;
    *nonstate = code && strncmp(code, "X-", 2) == 0;
    return code;
}

/* Both names of a row resolved, or why not. */
static int resolve_pair(load *L, const char *supplier, const char *recipient, int year,
                        const char **sc, const char **rc, char *why, size_t n)
{
    int ns1, ns2;
    *sc = resolve(L, supplier, year, &ns1);
    *rc = resolve(L, recipient, year, &ns2);
    const char *bad = !*sc ? supplier : !*rc ? recipient : NULL;
    if (bad)
        return snprintf(why, n, "'%s' is neither a state in the registry nor a non-state actor in"
                                " data/registry/sipri_actors.csv", bad), -1;
    if (ns1 || ns2)
        L->res->nonstate++;
    return 0;
}

/* A deal-year into the store; a conflict is the row's error. */
static int put_delivery(load *L, store_arms_delivery *d, char *why, size_t n, bloc_error *err)
{
    int result, rc;
    d->layout = L->res->layout;
    d->day = L->res->day;
    d->source_id = L->source_id;
    if ((rc = store_arms_delivery_put(L->s, d, &result, err)) != BLOC_OK)
        return rc;
    if (result == STORE_CONFLICT)
        return snprintf(why, n, "deal %s, %d: the release of %d holds it with other figures",
                        d->deal, d->year, L->res->day), -1;
    if (result == STORE_INSERTED)
        L->res->inserted++;
    else
        L->res->duplicates++;
    if (d->tiv_estimate)
        L->res->estimates++;
    return BLOC_OK;
}

/* The per-delivery register: a deal-year per row. */
static int deliveries_row(load *L, const row *w, char *why, size_t n, bloc_error *err)
{
    static const char *const names[DELIVERIES_FIELDS] = {
        "SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description",
        "Armament category", "Order date", "Order date is estimate", "Numbers delivered",
        "Numbers delivered is estimate", "Delivery year", "Delivery year is estimate", "Status",
        "SIPRI estimate", "TIV deal unit", "TIV delivery values", "Local production"};
    store_arms_delivery d = {0};
    long long id;
    int bad = -1;
    if (w->n != DELIVERIES_FIELDS)
        return snprintf(why, n, "%zu fields, not %d", w->n, DELIVERIES_FIELDS), -1;
    const char *f[DELIVERIES_FIELDS];
    for (int i = 0; i < DELIVERIES_FIELDS; i++)
        f[i] = row_field(w, (size_t)i);
    static const int limit[DELIVERIES_FIELDS] = {0, 512, 512, 512, 512, 512, 0, 0, 0, 0, 0, 0, 512};
    const char *big = over_long(f, names, limit, DELIVERIES_FIELDS);
    if (big)
        return snprintf(why, n, "%s is longer than 512 bytes", big), -1;
    if (util_parse_ll(f[0], 1, 999999999, &id) != 0)
        bad = 0;
    else if (!*f[1] || !*f[2])
        bad = !*f[1] ? 1 : 2;
    else if (parse_year(f[6], &d.order_year) != 0)
        bad = 6;
    else if (parse_yes_no(f[7], &d.order_uncertain) != 0)
        bad = 7;
    else if (parse_count(f[8], &d.delivered) != 0)
        bad = 8;
    else if (parse_yes_no(f[9], &d.delivered_uncertain) != 0)
        bad = 9;
    else if (parse_year(f[10], &d.year) != 0)
        bad = 10;
    else if (parse_yes_no(f[11], &d.year_uncertain) != 0)
        bad = 11;
    else if (parse_tiv(f[13], &d.tiv_unit_new) != 0)
        bad = 13;
    else if (parse_tiv(f[14], &d.tiv_unit) != 0)
        bad = 14;
    else if (parse_tiv(f[15], &d.tiv) != 0)
        bad = 15;
    else if (parse_yes_no(f[16], &d.local_production) != 0)
        bad = 16;
    if (bad >= 0)
        return snprintf(why, n, "%s: '%.80s' is not %s", names[bad], f[bad],
                        bad == 0 ? "a deal number" : bad <= 2 ? "a name" :
                        bad == 6 || bad == 10 ? "a year" :
                        bad == 8 ? "a number of items (or empty)" :
                        bad >= 13 && bad <= 15 ? "a TIV (a non-negative number, or empty)" :
                        "Yes or No"), -1;
    if (d.year < L->res->first_year || d.year > L->res->last_year)
        return snprintf(why, n, "delivery year %d is outside the export's year range %d-%d", d.year,
                        L->res->first_year, L->res->last_year), -1;
    if (resolve_pair(L, f[1], f[2], d.year, &d.supplier, &d.recipient, why, n) != 0)
        return -1;
    char years[8];
    snprintf(years, sizeof years, "%d", d.year);
    d.deal = f[0];
    d.supplier_name = f[1];
    d.recipient_name = f[2];
    d.designation = f[3];
    d.description = f[4];
    d.category = f[5];
    d.status = f[12];
    d.comments = "";
    d.years = years;
    d.ordered = -1;
    d.tiv_order = d.tiv_deal = NAN;
    d.source_line = w->line;
    return put_delivery(L, &d, why, n, err);
}

/* The classic register: a deal per row, spread over its delivery years. */
static int classic_row(load *L, const row *w, char *why, size_t n, bloc_error *err)
{
    static const char *const names[CLASSIC_FIELDS] = {
        "Recipient", "Supplier", "Year of order", "the flag of Year of order", "Number ordered",
        "the flag of Number ordered", "Weapon designation", "Weapon description",
        "Number delivered", "the flag of Number delivered", "Year(s) of delivery", "status",
        "Comments", "SIPRI TIV per unit", "SIPRI TIV for total order",
        "SIPRI TIV of delivered weapons"};
    store_arms_delivery d = {0};
    int years[64], ny = 0, bad = -1;
    if (w->n != CLASSIC_FIELDS)
        return snprintf(why, n, "%zu fields, not %d", w->n, CLASSIC_FIELDS), -1;
    const char *f[CLASSIC_FIELDS];
    for (int i = 0; i < CLASSIC_FIELDS; i++)
        f[i] = row_field(w, (size_t)i);
    static const int limit[CLASSIC_FIELDS] = {512, 512, 0, 0, 0, 0, 512, 512, 0, 0, 512, 512, 4096};
    const char *big = over_long(f, names, limit, CLASSIC_FIELDS);
    if (big)
        return snprintf(why, n, "%s is longer than %d bytes", big,
                        strcmp(big, "Comments") == 0 ? 4096 : 512), -1;
    if (!*f[0] || !*f[1])
        bad = !*f[0] ? 0 : 1;
    else if (parse_year(f[2], &d.order_year) != 0)
        bad = 2;
    else if (parse_flag(f[3], &d.order_uncertain) != 0)
        bad = 3;
    else if (parse_count(f[4], &d.ordered) != 0)
        bad = 4;
    else if (parse_flag(f[5], &d.ordered_uncertain) != 0)
        bad = 5;
    else if (!*f[6])
        bad = 6;
    else if (parse_count(f[8], &d.delivered) != 0)
        bad = 8;
    else if (parse_flag(f[9], &d.delivered_uncertain) != 0)
        bad = 9;
    else if (*f[10] && (ny = parse_years(f[10], years, 64)) <= 0)
        bad = 10;
    else if (parse_tiv(f[13], &d.tiv_unit) != 0)
        bad = 13;
    else if (parse_tiv(f[14], &d.tiv_order) != 0)
        bad = 14;
    else if (parse_tiv(f[15], &d.tiv_deal) != 0)
        bad = 15;
    if (bad >= 0)
        return snprintf(why, n, "%s: '%.80s' is not %s", names[bad], f[bad],
                        bad <= 1 || bad == 6 ? "a name" : bad == 2 ? "a year" :
                        bad == 3 || bad == 5 || bad == 9 ? "'?' or empty" :
                        bad == 4 || bad == 8 ? "a number of items (or empty)" :
                        bad == 10 ? "a list of years ('2016; 2017')" :
                        "a TIV (a non-negative number, or empty)"), -1;
    if (!ny) { /* an order with nothing delivered yet: no deal-year to count */
        L->res->undelivered++;
        return 0;
    }
    for (int k = 0; k < ny; k++)
        if (years[k] < L->res->first_year || years[k] > L->res->last_year)
            return snprintf(why, n, "delivery year %d is outside the export's year range %d-%d",
                            years[k], L->res->first_year, L->res->last_year), -1;
    if (resolve_pair(L, f[1], f[0], years[0], &d.supplier, &d.recipient, why, n) != 0)
        return -1;
    /* a deal has no number in this layout: recipient, supplier, order
     * year and designation, with an ordinal when the file repeats them */
    char deal[704], base[680];
    long seen = 0;
    snprintf(base, sizeof base, "%s|%s|%d|%s", d.recipient, d.supplier, d.order_year, f[6]);
    if (strmap_get(L->classic_keys, base, &seen))
        snprintf(deal, sizeof deal, "%s#%ld", base, (seen + 1) % 1000000);
    else
        snprintf(deal, sizeof deal, "%s", base);
    if (strmap_put(L->classic_keys, base, seen + 1) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    d.deal = deal;
    d.supplier_name = f[1];
    d.recipient_name = f[0];
    d.designation = f[6];
    d.description = f[7];
    d.status = f[11];
    d.comments = f[12];
    d.category = "";
    d.years = f[10];
    d.tiv_unit_new = NAN;
    d.local_production = -1;
    d.year_uncertain = 0;
    d.source_line = w->line;
    for (int k = 0; k < ny; k++) {
        d.year = years[k];
        d.tiv = isnan(d.tiv_deal) ? NAN : d.tiv_deal / ny;
        d.tiv_estimate = ny > 1;
        int rc = put_delivery(L, &d, why, n, err);
        if (rc != BLOC_OK)
            return rc;
    }
    return 0;
}

/* A TIV table: a cell per year with a figure (empty: none identified). */
static int table_row(load *L, const row *w, char *why, size_t n, bloc_error *err)
{
    const char *name = row_field(w, 0);
    if (w->n < L->nyears)
        return snprintf(why, n, "%zu fields, not %zu", w->n, L->nyears), -1;
    if (strncmp(name, "Total world ", 12) == 0) {
        L->res->totals++;
        return 0;
    }
    int ns;
    const char *code = resolve(L, name, 0, &ns);
    if (!code)
        return snprintf(why, n, "'%s' is neither a state in the registry nor a non-state actor in"
                                " data/registry/sipri_actors.csv", name), -1;
    if (ns)
        L->res->nonstate++;
    double v[MAX_YEARS];
    for (size_t j = 1; j < L->nyears; j++)
        if (L->years[j] && parse_tiv(row_field(w, j), &v[j]) != 0)
            return snprintf(why, n, "%d: '%.40s' is not a TIV (a non-negative number, or empty)",
                            L->years[j], row_field(w, j)), -1;
    for (size_t j = 1; j < L->nyears; j++) {
        if (!L->years[j] || isnan(v[j]))
            continue;
        store_arms_cell c = {.layout = L->res->layout, .country = code, .name = name,
                             .day = L->res->day, .year = L->years[j], .tiv = v[j],
                             .source_id = L->source_id, .source_line = w->line};
        int result, rc = store_arms_cell_put(L->s, &c, &result, err);
        if (rc != BLOC_OK)
            return rc;
        if (result == STORE_CONFLICT)
            return snprintf(why, n, "%s, %d: the release of %d holds another figure", name,
                            c.year, L->res->day), -1;
        if (result == STORE_INSERTED)
            L->res->inserted++;
        else
            L->res->duplicates++;
    }
    return 0;
}

/* The header of a TIV table: its label, then a column per year, then
 * totals and percentages. */
static int table_header(load *L, const row *w)
{
    const char *label = row_field(w, 0);
    if (strcmp(label, "Recipient") != 0 && strcmp(label, "Exports by") != 0)
        return 0;
    int y;
    if (w->n < 2 || w->n > MAX_YEARS || parse_year(row_field(w, 1), &y) != 0)
        return 0;
    L->nyears = w->n;
    L->years[0] = 0;
    L->res->first_year = L->res->last_year = 0;
    for (size_t j = 1; j < w->n; j++) {
        const char *h = row_field(w, j);
        L->years[j] = strlen(h) == 4 && parse_year(h, &y) == 0 ? y : 0;
        if (L->years[j]) {
            if (!L->res->first_year)
                L->res->first_year = y;
            L->res->last_year = y;
        }
    }
    L->kind = strcmp(label, "Recipient") == 0 ? K_IMPORTS : K_EXPORTS;
    return 1;
}

/* The record joined back into one row when r's fields, after the last of
 * w (a comment SIPRI broke at a line break), make exactly want fields. */
static int try_join(row *w, const csv_reader *r, iconv_t cd, size_t want)
{
    size_t n2 = csv_nfields(r);
    char why[128];
    if (w->n >= want || w->n + n2 - 1 != want || row_bad(r, cd, why, sizeof why))
        return 0;
    /* the first field continues w's last: rebuild it joined by a space */
    const char *last = row_field(w, w->n - 1);
    size_t lastlen = strlen(last);
    char *joined = malloc(lastlen + 1 + csv_field_len(r, 0) * 3 + 1);
    if (!joined)
        return -1;
    memcpy(joined, last, lastlen + 1);
    w->len = w->off[--w->n];
    row tmp = {0};
    int k = row_add(&tmp, cd, csv_field(r, 0), csv_field_len(r, 0));
    if (k == 0 && *tmp.buf)
        snprintf(joined + lastlen, 1 + strlen(tmp.buf) + 1, " %s", tmp.buf);
    if (k == 0)
        k = row_add(w, (iconv_t)-1, joined, strlen(joined));
    for (size_t i = 1; k == 0 && i < n2; i++)
        k = row_add(w, cd, csv_field(r, i), csv_field_len(r, i));
    free(joined);
    row_free(&tmp);
    char *raw = quarantine_record_text(r);
    if (k == 0 && raw && w->raw) {
        size_t a = strlen(w->raw), b = strlen(raw);
        char *both = realloc(w->raw, a + b + 2);
        if (both) {
            both[a] = '\n';
            memcpy(both + a + 1, raw, b + 1);
            w->raw = both;
        } else {
            k = -1;
        }
    }
    free(raw);
    return k == 0 ? 1 : -1;
}

/* A row bloc cannot read: the load's error, or a line of the quarantine. */
static int reject(load *L, const row *w, const csv_reader *r, const char *why, bloc_error *err)
{
    if (!L->spool)
        return bloc_fail_at(err, BLOC_EINPUT, L->o->path, w->line, "%s", why);
    /* w's text, or r's when r is still on w's record */
    char *raw = w->raw ? NULL : quarantine_record_text(r);
    if (!w->raw && !raw)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    quarantine_record(L->spool, L->o->path, w->line, why, w->raw ? w->raw : raw);
    free(raw);
    L->res->rejected++;
    return BLOC_OK;
}

static int data_row(load *L, row *w, const csv_reader *r, bloc_error *err)
{
    char why[512];
    int k;
    L->res->rows++;
    if (L->kind == K_DELIVERIES)
        k = deliveries_row(L, w, why, sizeof why, err);
    else if (L->kind == K_CLASSIC)
        k = classic_row(L, w, why, sizeof why, err);
    else
        k = table_row(L, w, why, sizeof why, err);
    if (k > 0)
        return k; /* the store failed */
    return k < 0 ? reject(L, w, r, why, err) : BLOC_OK;
}

/* Fold a preamble line into the result: the release and the years. */
static void preamble_line(load *L, const row *w)
{
    char text[1024];
    size_t o = 0;
    for (size_t i = 0; i < w->n && o < sizeof text; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s%s", i ? "," : "", row_field(w, i));
    const char *p;
    if (strncmp(text, "Data generated: ", 16) == 0) {
        snprintf(L->res->generated, sizeof L->res->generated, "%.63s", text + 16);
        L->res->day = sipri_generated_day(text + 16);
    } else if ((p = strstr(text, "year range '"))) {
        int a, b;
        if (sscanf(p, "year range '%4d' to '%4d'", &a, &b) == 2 && a <= b) {
            L->res->first_year = a;
            L->res->last_year = b;
        }
    }
}

/* The deal-years of a release (layout, day) that a scope list covers,
 * keyed "deal\tyear" with a digest of their figures. */
typedef struct digest_ctx {
    strmap *m;
    const char *const *scopes_a; /* both releases' file scopes: a row counts when */
    size_t na;                   /* one file of each covers it */
    const char *const *scopes_b;
    size_t nb;
    int from, to;
    strmap *other;               /* when set: compare instead of collect */
    long long added, revised, matched;
    int oom;
} digest_ctx;

static int covered_by(const char *const *scopes, size_t n, const char *sup, const char *rec)
{
    for (size_t i = 0; i < n; i++)
        if (arms_scope_covers(scopes[i], sup, rec))
            return 1;
    return 0;
}

static long figures_digest(const store_arms_delivery *d)
{
    char text[2048];
    snprintf(text, sizeof text, "%s|%s|%s|%lld|%.6g|%.6g|%s|%d", d->supplier, d->recipient,
             d->designation, d->delivered, isnan(d->tiv) ? -1.0 : d->tiv,
             isnan(d->tiv_deal) ? -1.0 : d->tiv_deal, d->status, d->year_uncertain);
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (long)(h & 0x7fffffffffffffffull);
}

static int digest_row(void *ctx, const store_arms_delivery *d, const char *path)
{
    digest_ctx *c = ctx;
    (void)path;
    if (d->year < c->from || d->year > c->to ||
        !covered_by(c->scopes_a, c->na, d->supplier, d->recipient) ||
        !covered_by(c->scopes_b, c->nb, d->supplier, d->recipient))
        return 0;
    char key[800];
    snprintf(key, sizeof key, "%s\t%d", d->deal, d->year);
    long sig = figures_digest(d), had;
    if (!c->other) {
        if (strmap_put(c->m, key, sig) != 0)
            return c->oom = 1;
        return 0;
    }
    if (!strmap_get(c->other, key, &had))
        c->added++;
    else if (had != sig)
        c->revised++, c->matched++;
    else
        c->matched++;
    return 0;
}

typedef struct scopes {
    char **s;
    size_t n, cap;
    int day, newer, first, last;
    int want_day; /* collect this release's files; 0: find the newest older than below */
    int below;
} scopes;

static int scope_of(void *ctx, const store_arms_file *f)
{
    scopes *S = ctx;
    if (f->day > S->below && S->below) {
        if (!S->newer || f->day > S->newer)
            S->newer = f->day;
        return 0;
    }
    if (!S->want_day && f->day < S->below)
        S->want_day = f->day; /* files come newest first */
    if (f->day != S->want_day)
        return 0;
    if (util_grow((void **)&S->s, &S->cap, S->n + 1, sizeof *S->s) != 0 || !(S->s[S->n] = strdup(f->scope)))
        return 1;
    S->n++;
    if (!S->first || f->first_year < S->first)
        S->first = f->first_year;
    if (f->last_year > S->last)
        S->last = f->last_year;
    return 0;
}

static void scopes_free(scopes *S)
{
    for (size_t i = 0; i < S->n; i++)
        free(S->s[i]);
    free(S->s);
}

/* The release against the one before it of its layout. */
static int compare_release(load *L, bloc_error *err)
{
    scopes cur = {.want_day = L->res->day, .below = L->res->day},
           old = {.below = L->res->day};
    digest_ctx c = {0};
    int rc;
    if ((rc = store_arms_files_scan(L->s, L->res->layout, scope_of, &cur, err)) != BLOC_OK ||
        (rc = store_arms_files_scan(L->s, L->res->layout, scope_of, &old, err)) != BLOC_OK)
        goto done;
    L->res->newer_day = cur.newer;
    if (!old.want_day || !old.n)
        goto done;
    L->res->previous_day = old.want_day;
    c = (digest_ctx){.m = strmap_new(), .scopes_a = (const char *const *)cur.s, .na = cur.n,
                     .scopes_b = (const char *const *)old.s, .nb = old.n,
                     .from = cur.first > old.first ? cur.first : old.first,
                     .to = cur.last < old.last ? cur.last : old.last};
    if (!c.m) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    store_arms_query q = {.layout = L->res->layout, .day = old.want_day};
    if ((rc = store_arms_deliveries_scan(L->s, &q, digest_row, &c, err)) != BLOC_OK)
        goto done;
    c.other = c.m;
    q.day = L->res->day;
    if (!c.oom && (rc = store_arms_deliveries_scan(L->s, &q, digest_row, &c, err)) != BLOC_OK)
        goto done;
    if (c.oom) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    L->res->added = c.added;
    L->res->revised = c.revised;
    L->res->removed = (long long)strmap_size(c.m) - c.matched;
done:
    strmap_free(c.m);
    scopes_free(&cur);
    scopes_free(&old);
    return rc;
}

/* Read to the header: the preamble's lines, then the layout. */
static int read_preamble(load *L, csv_reader *r, row *w, iconv_t cd, bloc_error *err)
{
    int got, rc;
    for (int k = 0; k < PREAMBLE_MAX; k++) {
        if ((rc = csv_next(r, &got, err)) != BLOC_OK)
            return rc;
        if (!got)
            break;
        if (row_take(w, r, cd) != 0)
            return bloc_fail_at(err, BLOC_EINPUT, L->o->path, csv_line(r),
                                "a line of SIPRI's preamble bloc cannot read");
        char header[4096];
        size_t o = 0;
        for (size_t i = 0; i < w->n && o < sizeof header; i++)
            o += (size_t)snprintf(header + o, sizeof header - o, "%s%s", i ? "," : "", row_field(w, i));
        if (strcmp(header, DELIVERIES_HEADER) == 0)
            L->kind = K_DELIVERIES;
        else if (strcmp(header, CLASSIC_HEADER) == 0)
            L->kind = K_CLASSIC;
        else if (!table_header(L, w)) {
            preamble_line(L, w);
            continue;
        }
        L->res->layout = layouts[L->kind];
        if (!L->res->day)
            return bloc_fail_at(err, BLOC_EINPUT, L->o->path, w->line,
                                "no \"Data generated: DD Mon YYYY\" line above the header:"
                                " bloc cannot tell which SIPRI release this is");
        if (!L->res->first_year)
            return bloc_fail_at(err, BLOC_EINPUT, L->o->path, w->line,
                                "no \"year range 'YYYY' to 'YYYY'\" in SIPRI's preamble:"
                                " bloc cannot tell which years the export covers");
        return BLOC_OK;
    }
    return bloc_fail_at(err, BLOC_EINPUT, L->o->path, csv_line(r) ? csv_line(r) : 1,
                        "no SIPRI header in the first %d lines: expected the per-delivery register"
                        " (\"SIPRI AT Database ID,Supplier,...\"), the classic trade register"
                        " (\"Recipient,Supplier,Year of order,...\") or a TIV table (\"Recipient,1990,...\""
                        " or \"Exports by,1990,...\")", PREAMBLE_MAX);
}

/* The data records, a record SIPRI broke onto two lines joined. */
static int read_rows(load *L, csv_reader *r, row *w, iconv_t cd, bloc_error *err)
{
    size_t want = L->kind == K_DELIVERIES ? DELIVERIES_FIELDS
                  : L->kind == K_CLASSIC  ? CLASSIC_FIELDS
                                                          : L->nyears;
    int got, rc, pending = 0;
    char why[256];
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        if (pending) {
            int j = try_join(w, r, cd, want);
            if (j < 0)
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
            pending = 0;
            if (j > 0) {
                L->res->joined++;
                if ((rc = data_row(L, w, r, err)) != BLOC_OK)
                    return rc;
                continue;
            }
            if ((rc = data_row(L, w, r, err)) != BLOC_OK) /* the short record, as it is (its text kept) */
                return rc;
        }
        int k = row_take(w, r, cd);
        if (k == -1)
            return bloc_fail_at(err, BLOC_EINPUT, L->o->path, csv_line(r),
                                "more than %d fields (or out of memory)", ROW_FIELDS);
        if (k == -2 || row_bad(r, cd, why, sizeof why)) {
            if (k == -2)
                snprintf(why, sizeof why, "a byte that is no Windows-1252 character");
            L->res->rows++;
            if ((rc = reject(L, w, r, why, err)) != BLOC_OK)
                return rc;
            continue;
        }
        if (w->n < want && L->kind <= K_CLASSIC) {
            pending = 1; /* perhaps the first part of a broken record: keep its text */
            if (!(w->raw = quarantine_record_text(r)))
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
            continue;
        }
        if ((rc = data_row(L, w, r, err)) != BLOC_OK)
            return rc;
    }
    if (rc == BLOC_OK && pending)
        rc = data_row(L, w, r, err);
    return rc;
}

int sipri_ingest(store *s, const registry *reg, const sipri_ingest_opts *o,
                 sipri_ingest_result *res, bloc_error *err)
{
    load L = {.s = s, .reg = reg, .o = o, .res = res};
    csv_reader *r = NULL;
    row w = {0};
    iconv_t cd = (iconv_t)-1;
    char sha[UTIL_DIGEST_MAX];
    struct stat sb;
    int rc, utf8, in_txn = 0;
    memset(res, 0, sizeof *res);
    res->encoding = "UTF-8";
    if (strcmp(o->path, "-") == 0)
        return bloc_fail(err, BLOC_EINPUT, "ingest sipri reads a file, not standard input"
                                           " (its encoding is told by a pass over the file)");
    if ((rc = util_not_directory(o->path, err)) != BLOC_OK ||
        (rc = file_is_utf8(o->path, &utf8, err)) != BLOC_OK ||
        (rc = util_file_digest(o->path, o->sha256, sha, err)) != BLOC_OK ||
        (rc = csv_open(&r, o->path, ',', err)) != BLOC_OK)
        goto done;
    if (!utf8) {
        /* iconv (glibc) does the conversion: SIPRI's bytes 0x80-0x9f are
         * Windows quotes and dashes, which plain Latin-1 would make control
         * characters */
        if ((cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
            rc = bloc_fail(err, BLOC_EIO, "cannot convert from Windows-1252: %s", strerror(errno));
            goto done;
        }
        res->encoding = "Windows-1252";
    }
    if (!(L.names = strmap_new()) || !(L.classic_keys = strmap_new())) {
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = read_preamble(&L, r, &w, cd, err)) != BLOC_OK)
        goto done;
    if (o->quarantine && !(L.spool = tmpfile())) {
        rc = bloc_fail(err, BLOC_EIO, "cannot create a temporary file for rejected rows");
        goto done;
    }
    if ((rc = store_begin_bulk(s, err)) != BLOC_OK)
        goto done;
    in_txn = 1;
    char kind[32];
    snprintf(kind, sizeof kind, "sipri-%s", res->layout);
    if ((rc = actors_load(&L.A, s, o->datadir, err)) != BLOC_OK ||
        (rc = store_source_id(s, sha, o->path, kind, stat(o->path, &sb) == 0 ? sb.st_size : 0,
                              &L.source_id, err)) != BLOC_OK ||
        (rc = store_source_set_release(s, L.source_id, res->day, err)) != BLOC_OK)
        goto done;
    /* a table lists every state SIPRI has a figure for */
    const char *scope = res->scope = o->scope && L.kind <= K_CLASSIC ? o->scope : "all";
    store_arms_file f = {.layout = res->layout, .generated = res->generated, .scope = scope,
                         .day = res->day, .first_year = res->first_year,
                         .last_year = res->last_year, .source_id = L.source_id};
    int result;
    if ((rc = store_arms_file_put(s, &f, &result, err)) != BLOC_OK ||
        (rc = read_rows(&L, r, &w, cd, err)) != BLOC_OK ||
        (rc = store_coverage_put(s, L.source_id, scope, kind, res->first_year * 10000 + 101,
                                 res->last_year * 10000 + 1231, err)) != BLOC_OK)
        goto done;
    if (L.kind <= K_CLASSIC &&
        (rc = compare_release(&L, err)) != BLOC_OK)
        goto done;
    if ((rc = store_commit(s, err)) == BLOC_OK) {
        in_txn = 0;
        if (L.spool)
            rc = quarantine_copy(L.spool, o->quarantine, "quarantine", err);
    }
done:
    if (in_txn)
        store_rollback(s);
    if (L.spool)
        fclose(L.spool);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    csv_close(r);
    row_free(&w);
    actors_free(&L.A);
    strmap_free(L.names);
    strmap_free(L.classic_keys);
    free(L.codes);
    return rc;
}
