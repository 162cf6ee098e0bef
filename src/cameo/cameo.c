/*
 * cameo — loading and querying the CAMEO/GDELT lookup tables (see cameo.h).
 */
#include "cameo/cameo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "io/csv.h"

enum { NKEYS = 100 + 1000 + 10000, MAX_RULES = 64, MAX_RULE_TYPES = 16, NACTOR_KEYS = 26 * 26 * 26,
       MAX_ACTOR_CODES = 1024 };

static const char *const actor_kinds[] = {"region", "type", "knowngroup"};

typedef struct actor_code {
    char code[4];
    int kind;            /* index into actor_kinds */
    char *description;   /* owned */
} actor_code;

typedef struct rule {
    int domain;
    char types[MAX_RULE_TYPES][4]; /* actor type codes; none = any actor */
    size_t ntypes;
} rule;

struct cameo_tables {
    char *descr[NKEYS];        /* owned strings, NULL = not in the codebook */
    double weight[NKEYS];      /* NaN = no Goldstein weight */
    uint64_t matches[NKEYS];   /* bit i: rule i's code prefix matches this code */
    rule rules[MAX_RULES];
    size_t nrules;
    char fips[26 * 26][8];     /* "" = unknown */
    actor_code actors[MAX_ACTOR_CODES];
    size_t nactors;
    short actor_index[NACTOR_KEYS]; /* code -> 1 + index into actors, 0 = none */
    char fingerprint[65];
};

static const char *const domain_names[CAMEO_NDOMAINS] = {
    "military", "economic", "diplomatic", "technology", "humanitarian", "other"};

const char *cameo_domain_name(int domain)
{
    return domain >= 0 && domain < CAMEO_NDOMAINS ? domain_names[domain] : "other";
}

int cameo_domain_parse(const char *name)
{
    for (int i = 0; i < CAMEO_NDOMAINS; i++)
        if (util_streq_nocase(name, domain_names[i]))
            return i;
    return -1;
}

int cameo_key(const char *code)
{
    int v = 0;
    size_t n = 0;
    for (; code[n]; n++) {
        if (n >= 4 || code[n] < '0' || code[n] > '9')
            return -1;
        v = v * 10 + (code[n] - '0');
    }
    switch (n) {
    case 2: return v;
    case 3: return 100 + v;
    case 4: return 1100 + v;
    default: return -1;
    }
}

/* The code string of a key (inverse of cameo_key). */
static void key_code(int key, char out[6])
{
    int digits = key < 100 ? 2 : key < 1100 ? 3 : 4;
    int v = key < 100 ? key : key < 1100 ? key - 100 : key - 1100;
    out[digits] = '\0';
    for (int i = digits - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

int cameo_quad_class(const char *code)
{
    if (cameo_key(code) < 0)
        return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (root >= 1 && root <= 5)
        return 1;
    if (root >= 6 && root <= 8)
        return 2;
    if (root >= 9 && root <= 13)
        return 3;
    if (root >= 14 && root <= 20)
        return 4;
    return 0;
}

static int load_codes(cameo_tables *t, const char *path, bloc_error *err)
{
    csv_reader *r = NULL;
    int got, rc = csv_open_table(&r, path, ',', "code,description", err);
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        int key = csv_nfields(r) == 2 ? cameo_key(csv_field(r, 0)) : -1;
        if (key < 0 || t->descr[key]) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r),
                              key < 0 ? "expected a 2-4 digit code and a description"
                                      : "code listed twice");
            break;
        }
        if (!(t->descr[key] = util_strdup(csv_field(r, 1)))) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
    }
    csv_close(r);
    return rc;
}

static int load_weights(cameo_tables *t, const char *path, bloc_error *err)
{
    csv_reader *r = NULL;
    int got, rc = csv_open_table(&r, path, '\t', "CAMEOEVENTCODE,GOLDSTEINSCALE", err);
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        int key = csv_nfields(r) == 2 ? cameo_key(csv_field(r, 0)) : -1;
        char *end;
        errno = 0;
        double w = key < 0 ? NAN : strtod(csv_field(r, 1), &end);
        if (key < 0 || errno || *end || !(w >= -10 && w <= 10)) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r),
                              "expected a 2-4 digit code and a weight in [-10, 10]");
            break;
        }
        t->weight[key] = w;
    }
    csv_close(r);
    return rc;
}

/* Split s at spaces into at most max tokens of at most width-1 bytes. */
static int split_words(const char *s, char *buf, size_t width, size_t max, size_t *n)
{
    *n = 0;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " ");
        if (!len)
            break;
        if (*n == max || len >= width)
            return -1;
        memcpy(buf + *n * width, s, len);
        buf[*n * width + len] = '\0';
        (*n)++;
        s += len;
    }
    return 0;
}

static int load_rules(cameo_tables *t, const char *path, bloc_error *err)
{
    csv_reader *r = NULL;
    char codes[128][6];
    int got, rc = csv_open_table(&r, path, ',', "domain,codes,actor_types,why", err);
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        size_t ncodes = 0;
        const char *why = NULL;
        int domain = csv_nfields(r) == 4 ? cameo_domain_parse(csv_field(r, 0)) : -1;
        rule *ru = &t->rules[t->nrules];
        if (t->nrules == MAX_RULES)
            why = "too many rules (at most 64)";
        else if (domain < 0)
            why = "expected 4 fields and a domain (military, economic, diplomatic, "
                  "technology, humanitarian, other)";
        else if (split_words(csv_field(r, 1), &codes[0][0], 6, 128, &ncodes) != 0 || !ncodes)
            why = "codes: expected 1 to 128 CAMEO codes separated by spaces";
        else if (split_words(csv_field(r, 2), &ru->types[0][0], 4, MAX_RULE_TYPES,
                             &ru->ntypes) != 0)
            why = "actor_types: expected up to 16 three-letter CAMEO type codes";
        for (size_t i = 0; !why && i < ncodes; i++)
            if (cameo_key(codes[i]) < 0)
                why = "codes: each code must have 2 to 4 digits";
        if (why) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r), "%s", why);
            break;
        }
        ru->domain = domain;
        /* mark every possible code that starts with one of the prefixes */
        for (int key = 0; key < NKEYS; key++) {
            char code[6];
            key_code(key, code);
            for (size_t i = 0; i < ncodes; i++)
                if (strncmp(code, codes[i], strlen(codes[i])) == 0) {
                    t->matches[key] |= UINT64_C(1) << t->nrules;
                    break;
                }
        }
        t->nrules++;
    }
    csv_close(r);
    return rc;
}

static int actor_key(const char *c)
{
    if (!c || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' ||
        c[3])
        return -1;
    return (c[0] - 'A') * 676 + (c[1] - 'A') * 26 + (c[2] - 'A');
}

static int load_actor_codes(cameo_tables *t, const char *path, bloc_error *err)
{
    csv_reader *r = NULL;
    int got, rc = csv_open_table(&r, path, ',', "code,kind,description", err);
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        int key = csv_nfields(r) == 3 ? actor_key(csv_field(r, 0)) : -1, kind = -1;
        for (int k = 0; k < 3 && key >= 0; k++)
            if (strcmp(csv_field(r, 1), actor_kinds[k]) == 0)
                kind = k;
        const char *why = key < 0 || kind < 0 ? "expected a three-letter code, a kind (region, "
                                                "type or knowngroup) and a description"
                          : t->actor_index[key]         ? "code listed twice"
                          : t->nactors == MAX_ACTOR_CODES ? "too many codes"
                                                          : NULL;
        if (why) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r), "%s", why);
            break;
        }
        actor_code *a = &t->actors[t->nactors];
        snprintf(a->code, sizeof a->code, "%s", csv_field(r, 0));
        a->kind = kind;
        if (!(a->description = util_strdup(csv_field(r, 2)))) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        t->actor_index[key] = (short)++t->nactors;
    }
    csv_close(r);
    return rc;
}

const char *cameo_actor_describe(const cameo_tables *t, const char *code, const char **kind)
{
    int key = actor_key(code);
    if (key < 0 || !t->actor_index[key])
        return NULL;
    const actor_code *a = &t->actors[t->actor_index[key] - 1];
    if (kind)
        *kind = actor_kinds[a->kind];
    return a->description;
}

void cameo_each(const cameo_tables *t, cameo_code_cb cb, void *ctx)
{
    /* event codes in code order: "01", "010", "011" ... as strings sort */
    char codes[NKEYS][6];
    int order[NKEYS], n = 0;
    for (int k = 0; k < NKEYS; k++)
        if (t->descr[k]) {
            key_code(k, codes[n]);
            order[n++] = k;
        }
    for (int i = 1; i < n; i++) /* insertion sort: ~300 codes */
        for (int j = i; j > 0 && strcmp(codes[j - 1], codes[j]) > 0; j--) {
            char tmp[6];
            int tk = order[j];
            memcpy(tmp, codes[j], 6);
            memcpy(codes[j], codes[j - 1], 6);
            memcpy(codes[j - 1], tmp, 6);
            order[j] = order[j - 1];
            order[j - 1] = tk;
        }
    for (int i = 0; i < n; i++) {
        cameo_code_info c = {.code = codes[i], .kind = "event", .description = t->descr[order[i]],
                             .goldstein = NAN};
        c.goldstein_origin = cameo_goldstein(t, codes[i], &c.goldstein);
        c.domain = cameo_domain_of(t, codes[i], NULL, 0);
        if (cb(ctx, &c))
            return;
    }
    for (size_t i = 0; i < t->nactors; i++) {
        cameo_code_info c = {.code = t->actors[i].code, .kind = actor_kinds[t->actors[i].kind],
                             .description = t->actors[i].description, .goldstein = NAN,
                             .goldstein_origin = CAMEO_GS_NONE, .domain = -1};
        if (cb(ctx, &c))
            return;
    }
}

static int load_fips(cameo_tables *t, const char *path, bloc_error *err)
{
    csv_reader *r = NULL;
    int got, rc = csv_open_table(&r, path, ',', "fips,code", err);
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        const char *f = csv_field(r, 0), *code = csv_field(r, 1);
        if (csv_nfields(r) != 2 || strlen(f) != 2 || !isupper((unsigned char)f[0]) ||
            !isupper((unsigned char)f[1]) || strlen(code) != 3) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, csv_line(r),
                              "expected a two-letter FIPS code and a three-letter bloc code");
            break;
        }
        snprintf(t->fips[(f[0] - 'A') * 26 + (f[1] - 'A')], 8, "%s", code);
    }
    csv_close(r);
    return rc;
}

int cameo_load(const char *datadir, cameo_tables **out, bloc_error *err)
{
    static const char *const files[] = {"cameo/CAMEO.eventcodes.csv",
                                        "cameo/CAMEO.goldsteinscale.txt", "cameo/domains.csv",
                                        "cameo/actor_codes.csv", "registry/fips.csv"};
    int (*const loaders[])(cameo_tables *, const char *, bloc_error *) = {
        load_codes, load_weights, load_rules, load_actor_codes, load_fips};
    enum { NFILES = sizeof files / sizeof files[0] };
    char hashes[NFILES * 64 + 1] = "";
    int rc = BLOC_OK;
    *out = NULL;
    cameo_tables *t = calloc(1, sizeof *t);
    if (!t)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; k < NKEYS; k++)
        t->weight[k] = NAN;
    for (size_t i = 0; i < NFILES && rc == BLOC_OK; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", datadir, files[i]);
        if ((rc = loaders[i](t, path, err)) == BLOC_OK)
            rc = util_sha256_file(path, hashes + 64 * i, err);
    }
    if (rc != BLOC_OK) {
        cameo_free(t);
        return rc;
    }
    util_sha256_buf(hashes, strlen(hashes), t->fingerprint);
    *out = t;
    return BLOC_OK;
}

void cameo_free(cameo_tables *t)
{
    if (!t)
        return;
    for (int k = 0; k < NKEYS; k++)
        free(t->descr[k]);
    for (size_t i = 0; i < t->nactors; i++)
        free(t->actors[i].description);
    free(t);
}

const char *cameo_fingerprint(const cameo_tables *t)
{
    return t->fingerprint;
}

const char *cameo_describe(const cameo_tables *t, const char *code)
{
    int key = cameo_key(code);
    return key < 0 ? NULL : t->descr[key];
}

int cameo_goldstein(const cameo_tables *t, const char *code, double *w)
{
    int key = cameo_key(code);
    if (key < 0)
        return CAMEO_GS_NONE;
    if (!isnan(t->weight[key])) {
        *w = t->weight[key];
        return CAMEO_GS_TABLE;
    }
    /* nearest listed parent: "1951" -> "195" -> "19" */
    char parent[6];
    snprintf(parent, sizeof parent, "%s", code);
    for (size_t n = strlen(parent) - 1; n >= 2; n--) {
        parent[n] = '\0';
        key = cameo_key(parent);
        if (!isnan(t->weight[key])) {
            *w = t->weight[key];
            return CAMEO_GS_PARENT;
        }
    }
    return CAMEO_GS_NONE;
}

int cameo_domain_of(const cameo_tables *t, const char *code, const char *const *types,
                    size_t ntypes)
{
    int key = cameo_key(code);
    if (key < 0)
        return CAMEO_OTHER;
    for (uint64_t m = t->matches[key]; m; m &= m - 1) {
        const rule *ru = &t->rules[__builtin_ctzll(m)];
        if (!ru->ntypes)
            return ru->domain;
        for (size_t i = 0; i < ntypes; i++)
            for (size_t j = 0; types[i] && types[i][0] && j < ru->ntypes; j++)
                if (strcmp(types[i], ru->types[j]) == 0)
                    return ru->domain;
    }
    return CAMEO_OTHER;
}

const char *cameo_fips_country(const cameo_tables *t, const char *fips)
{
    if (!fips || !isupper((unsigned char)fips[0]) || !isupper((unsigned char)fips[1]) || fips[2])
        return NULL;
    const char *c = t->fips[(fips[0] - 'A') * 26 + (fips[1] - 'A')];
    return *c ? c : NULL;
}
