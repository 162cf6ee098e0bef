/*
 * registry — builds the country registry from iso-codes and data/registry,
 * keeps it in the store, and resolves what users and data files write.
 * See registry.h for the contract.
 */
#include "registry/registry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/util.h"
#include "io/csv.h"

/* ---- building ------------------------------------------------------------- */

typedef struct builder {
    store_country *cs;
    size_t ncs, capcs;
    store_alias *as;
    size_t nas, capas;
    store_group *gs;
    size_t ngs, capgs;
} builder;

static store_country *find_country(builder *b, const char *code)
{
    for (size_t i = 0; i < b->ncs; i++)
        if (strcmp(b->cs[i].code, code) == 0)
            return &b->cs[i];
    return NULL;
}

static store_country *add_country(builder *b, const char *code)
{
    if (util_grow((void **)&b->cs, &b->capcs, b->ncs + 1, sizeof *b->cs) != 0)
        return NULL;
    store_country *c = &b->cs[b->ncs++];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", code);
    snprintf(c->cameo, sizeof c->cameo, "%s", code);
    return c;
}

static int add_alias(builder *b, const char *alias, const char *code, int from, int until,
                     bloc_error *err)
{
    if (!alias || !*alias)
        return BLOC_OK;
    char *norm = util_normalize_name(alias);
    if (!norm)
        return bloc_fail(err, BLOC_EINPUT, "alias '%s' is not valid UTF-8", alias);
    for (size_t i = 0; i < b->nas; i++) {
        store_alias *a = &b->as[i];
        if (strcmp(a->norm, norm) == 0 && strcmp(a->code, code) == 0 &&
            a->valid_from == from && a->valid_until == until) {
            free(norm);
            return BLOC_OK;
        }
    }
    if (util_grow((void **)&b->as, &b->capas, b->nas + 1, sizeof *b->as) != 0) {
        free(norm);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    store_alias *a = &b->as[b->nas++];
    snprintf(a->norm, sizeof a->norm, "%s", norm);
    snprintf(a->alias, sizeof a->alias, "%s", alias);
    snprintf(a->code, sizeof a->code, "%s", code);
    a->valid_from = from;
    a->valid_until = until;
    free(norm);
    return BLOC_OK;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "Korea, Republic of" -> "Republic of Korea" */
static void reorder_name(const char *name, char *out, size_t n)
{
    const char *comma = strstr(name, ", ");
    out[0] = '\0';
    if (comma)
        snprintf(out, n, "%s %.*s", comma + 2, (int)(comma - name), name);
}

static int load_iso(builder *b, const char *isodir, json_t **former, bloc_error *err)
{
    char path[1024];
    json_error_t jerr;
    snprintf(path, sizeof path, "%s/iso_3166-1.json", isodir);
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        return bloc_fail_at(err, BLOC_EIO, path, jerr.line,
                            "cannot read iso-codes (install Debian's iso-codes package): %s",
                            jerr.text);
    json_t *arr = json_object_get(root, "3166-1");
    size_t i;
    json_t *e;
    int rc = BLOC_OK;
    if (!json_is_array(arr)) {
        rc = bloc_fail_at(err, BLOC_EINPUT, path, 0, "no \"3166-1\" array");
        goto done;
    }
    json_array_foreach(arr, i, e) {
        const char *a3 = jstr(e, "alpha_3"), *a2 = jstr(e, "alpha_2"), *num = jstr(e, "numeric");
        const char *name = jstr(e, "name"), *common = jstr(e, "common_name");
        const char *official = jstr(e, "official_name");
        if (!a3 || !name)
            continue;
        store_country *c = add_country(b, a3);
        if (!c) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            goto done;
        }
        snprintf(c->iso2, sizeof c->iso2, "%s", a2 ? a2 : "");
        snprintf(c->iso_numeric, sizeof c->iso_numeric, "%s", num ? num : "");
        snprintf(c->name, sizeof c->name, "%s", common ? common : name);
        snprintf(c->official_name, sizeof c->official_name, "%s", official ? official : name);
        char re[256];
        reorder_name(name, re, sizeof re);
        if ((rc = add_alias(b, name, a3, 0, 0, err)) != BLOC_OK ||
            (rc = add_alias(b, common, a3, 0, 0, err)) != BLOC_OK ||
            (rc = add_alias(b, official, a3, 0, 0, err)) != BLOC_OK ||
            (rc = add_alias(b, re, a3, 0, 0, err)) != BLOC_OK)
            goto done;
    }
    snprintf(path, sizeof path, "%s/iso_3166-3.json", isodir);
    *former = json_load_file(path, 0, &jerr);
    if (!*former)
        rc = bloc_fail_at(err, BLOC_EIO, path, jerr.line, "cannot read iso-codes: %s", jerr.text);
done:
    json_decref(root);
    return rc;
}

/* A field of the current CSV row as a date (empty = 0). */
static int csv_date(csv_reader *r, size_t i, int as_end, int *out, bloc_error *err)
{
    const char *t = csv_field(r, i);
    *out = 0;
    if (!*t)
        return BLOC_OK;
    if (util_parse_date(t, as_end, out, err) != BLOC_OK)
        return bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r), "field %zu: %s", i + 1,
                            err->msg);
    return BLOC_OK;
}

/* Open a data CSV and check its header is exactly `header`. */
static int open_table(const char *dir, const char *file, const char *header, csv_reader **out,
                      bloc_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/registry/%s", dir, file);
    return csv_open_table(out, path, ',', header, err);
}

static int load_states(builder *b, const char *datadir, json_t *former, bloc_error *err)
{
    csv_reader *r = NULL;
    int rc = open_table(datadir, "states.csv", "code,cow_code,cow_abbr,cameo,valid_from,"
                        "valid_until,successor,name,note", &r, err);
    int got;
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        const char *code = csv_field(r, 0);
        if (csv_nfields(r) != 9 || strlen(code) != 3) {
            rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r),
                              "expected 9 fields and a 3-letter code");
            break;
        }
        store_country *c = find_country(b, code);
        if (!c) {
            if (!*csv_field(r, 7)) {
                rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r),
                                  "%s is not in iso-codes: give its name", code);
                break;
            }
            if (!(c = add_country(b, code))) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                break;
            }
            size_t i;
            json_t *e, *arr = json_object_get(former, "3166-3");
            json_array_foreach(arr, i, e) {
                const char *a3 = jstr(e, "alpha_3");
                if (a3 && strcmp(a3, code) == 0) {
                    snprintf(c->iso2, sizeof c->iso2, "%s", jstr(e, "alpha_2") ? jstr(e, "alpha_2") : "");
                    snprintf(c->iso_numeric, sizeof c->iso_numeric, "%s",
                             jstr(e, "numeric") ? jstr(e, "numeric") : "");
                    snprintf(c->official_name, sizeof c->official_name, "%s", jstr(e, "name"));
                }
            }
        }
        c->cow_code = atoi(csv_field(r, 1));
        snprintf(c->cow_abbr, sizeof c->cow_abbr, "%s", csv_field(r, 2));
        if (*csv_field(r, 3))
            snprintf(c->cameo, sizeof c->cameo, "%s", csv_field(r, 3));
        if ((rc = csv_date(r, 4, 0, &c->valid_from, err)) != BLOC_OK ||
            (rc = csv_date(r, 5, 1, &c->valid_until, err)) != BLOC_OK)
            break;
        c->historical = c->valid_until != 0;
        snprintf(c->successor, sizeof c->successor, "%s", csv_field(r, 6));
        if (*csv_field(r, 7)) {
            snprintf(c->name, sizeof c->name, "%s", csv_field(r, 7));
            if (!c->official_name[0])
                snprintf(c->official_name, sizeof c->official_name, "%s", c->name);
            if ((rc = add_alias(b, c->name, code, 0, 0, err)) != BLOC_OK ||
                (rc = add_alias(b, c->official_name, code, 0, 0, err)) != BLOC_OK)
                break;
        }
        snprintf(c->note, sizeof c->note, "%s", csv_field(r, 8));
    }
    csv_close(r);
    return rc;
}

static int load_aliases(builder *b, const char *datadir, bloc_error *err)
{
    csv_reader *r = NULL;
    int rc = open_table(datadir, "aliases.csv", "alias,code,valid_from,valid_until", &r, err);
    int got;
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        int from, until;
        if (csv_nfields(r) != 4) {
            rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r), "expected 4 fields");
            break;
        }
        if (!find_country(b, csv_field(r, 1))) {
            rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r), "unknown code '%s'",
                              csv_field(r, 1));
            break;
        }
        if ((rc = csv_date(r, 2, 0, &from, err)) != BLOC_OK ||
            (rc = csv_date(r, 3, 1, &until, err)) != BLOC_OK ||
            (rc = add_alias(b, csv_field(r, 0), csv_field(r, 1), from, until, err)) != BLOC_OK)
            break;
    }
    csv_close(r);
    return rc;
}

static int load_groups(builder *b, const char *datadir, bloc_error *err)
{
    csv_reader *r = NULL;
    int rc = open_table(datadir, "groups.csv", "group,description,code,joined,left", &r, err);
    int got;
    size_t mcap = 0;
    if (rc != BLOC_OK)
        return rc;
    while ((rc = csv_next(r, &got, err)) == BLOC_OK && got) {
        const char *name = csv_field(r, 0);
        if (csv_nfields(r) != 5 || !*name) {
            rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r), "expected 5 fields");
            break;
        }
        if (!find_country(b, csv_field(r, 2))) {
            rc = bloc_fail_at(err, BLOC_EINPUT, csv_path(r), csv_line(r), "unknown code '%s'",
                              csv_field(r, 2));
            break;
        }
        if (b->ngs == 0 || strcmp(b->gs[b->ngs - 1].name, name) != 0) {
            if (util_grow((void **)&b->gs, &b->capgs, b->ngs + 1, sizeof *b->gs) != 0) {
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                break;
            }
            store_group *g = &b->gs[b->ngs++];
            memset(g, 0, sizeof *g);
            snprintf(g->name, sizeof g->name, "%s", name);
            snprintf(g->description, sizeof g->description, "%s", csv_field(r, 1));
            g->builtin = 1;
            mcap = 0;
        }
        store_group *g = &b->gs[b->ngs - 1];
        if (util_grow((void **)&g->members, &mcap, g->nmembers + 1, sizeof *g->members) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        store_member *m = &g->members[g->nmembers++];
        snprintf(m->code, sizeof m->code, "%s", csv_field(r, 2));
        if ((rc = csv_date(r, 3, 0, &m->joined, err)) != BLOC_OK ||
            (rc = csv_date(r, 4, 1, &m->left, err)) != BLOC_OK)
            break;
    }
    csv_close(r);
    return rc;
}

static int inputs_fingerprint(const registry_paths *p, char *out, size_t n, bloc_error *err)
{
    static const char *const files[] = {"registry/states.csv", "registry/aliases.csv",
                                        "registry/groups.csv"};
    static const char *const iso[] = {"iso_3166-1.json", "iso_3166-3.json"};
    char path[1024], hex[65];
    size_t off = 0;
    for (size_t i = 0; i < 5; i++) {
        if (i < 3)
            snprintf(path, sizeof path, "%s/%s", p->datadir, files[i]);
        else
            snprintf(path, sizeof path, "%s/%s", p->isodir, iso[i - 3]);
        int rc = util_sha256_file(path, hex, err);
        if (rc != BLOC_OK)
            return rc;
        off += (size_t)snprintf(out + off, n - off, "%.16s", hex);
    }
    return BLOC_OK;
}

int registry_sync(store *s, const registry_paths *p, int *rebuilt, bloc_error *err)
{
    char want[128], have[128];
    int found = 0, rc;
    builder b = {0};
    json_t *former = NULL;
    *rebuilt = 0;
    if ((rc = inputs_fingerprint(p, want, sizeof want, err)) != BLOC_OK ||
        (rc = store_meta_get(s, "registry_inputs", have, sizeof have, &found, err)) != BLOC_OK)
        return rc;
    if (found && strcmp(want, have) == 0)
        return BLOC_OK;
    if ((rc = load_iso(&b, p->isodir, &former, err)) != BLOC_OK ||
        (rc = load_states(&b, p->datadir, former, err)) != BLOC_OK ||
        (rc = load_aliases(&b, p->datadir, err)) != BLOC_OK ||
        (rc = load_groups(&b, p->datadir, err)) != BLOC_OK)
        goto done;
    if ((rc = store_begin(s, err)) != BLOC_OK)
        goto done;
    if ((rc = store_registry_replace(s, b.cs, b.ncs, b.as, b.nas, err)) != BLOC_OK ||
        (rc = store_groups_replace_builtin(s, b.gs, b.ngs, err)) != BLOC_OK ||
        (rc = store_meta_set(s, "registry_inputs", want, err)) != BLOC_OK ||
        (rc = store_commit(s, err)) != BLOC_OK) {
        store_rollback(s);
        goto done;
    }
    *rebuilt = 1;
done:
    json_decref(former);
    free(b.cs);
    free(b.as);
    store_groups_free(b.gs, b.ngs);
    return rc;
}

/* ---- lookups --------------------------------------------------------------- */

static int cmp_country(const void *a, const void *b)
{
    return strcmp(((const store_country *)a)->code, ((const store_country *)b)->code);
}

static int cmp_alias(const void *a, const void *b)
{
    return strcmp(((const store_alias *)a)->norm, ((const store_alias *)b)->norm);
}

int registry_load(store *s, registry **out, bloc_error *err)
{
    registry *r = calloc(1, sizeof *r);
    int rc;
    if (!r)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if ((rc = store_countries_load(s, &r->countries, &r->ncountries, err)) != BLOC_OK ||
        (rc = store_aliases_load(s, &r->aliases, &r->naliases, err)) != BLOC_OK ||
        (rc = store_groups_load(s, &r->groups, &r->ngroups, err)) != BLOC_OK) {
        registry_free(r);
        return rc;
    }
    qsort(r->countries, r->ncountries, sizeof *r->countries, cmp_country);
    qsort(r->aliases, r->naliases, sizeof *r->aliases, cmp_alias);
    *out = r;
    return BLOC_OK;
}

void registry_free(registry *r)
{
    if (!r)
        return;
    free(r->countries);
    free(r->aliases);
    store_groups_free(r->groups, r->ngroups);
    free(r);
}

const store_country *registry_by_code(const registry *r, const char *code)
{
    char up[8];
    size_t n = strlen(code);
    if (n == 0 || n >= sizeof up)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        up[i] = (char)toupper((unsigned char)code[i]);
    store_country key;
    memcpy(key.code, up, n + 1);
    return bsearch(&key, r->countries, r->ncountries, sizeof key, cmp_country);
}

static int valid_on(int from, int until, int date)
{
    if (date == 0)
        return 1;
    return (from == 0 || date >= from) && (until == 0 || date <= until);
}

/* Among candidates, prefer one valid on date; with date 0 prefer current. */
static int better(const store_country *cand, const store_country *best, int date)
{
    if (!best)
        return 1;
    int cv = valid_on(cand->valid_from, cand->valid_until, date);
    int bv = valid_on(best->valid_from, best->valid_until, date);
    if (cv != bv)
        return cv;
    if ((cand->valid_until == 0) != (best->valid_until == 0))
        return cand->valid_until == 0;
    return cand->valid_until > best->valid_until;
}

const store_country *registry_by_iso2(const registry *r, const char *iso2, int date)
{
    const store_country *best = NULL;
    for (size_t i = 0; i < r->ncountries; i++)
        if (r->countries[i].iso2[0] && util_streq_nocase(r->countries[i].iso2, iso2) &&
            better(&r->countries[i], best, date))
            best = &r->countries[i];
    if (best && date && !valid_on(best->valid_from, best->valid_until, date))
        return NULL;
    return best;
}

static const store_country *by_norm(const registry *r, const char *norm, int date,
                                    int *from, int *until)
{
    store_alias key;
    snprintf(key.norm, sizeof key.norm, "%s", norm);
    const store_alias *hit = bsearch(&key, r->aliases, r->naliases, sizeof key, cmp_alias);
    if (!hit)
        return NULL;
    while (hit > r->aliases && strcmp((hit - 1)->norm, norm) == 0)
        hit--;
    /* With a date, the most specific alias valid then wins ("Yugoslavia"
     * means SRB after 2006 although YUG's own name has no dates); without
     * one, the undated meaning wins, then an open-ended one. */
    const store_alias *best = NULL;
    int best_score = -1;
    for (; hit < r->aliases + r->naliases && strcmp(hit->norm, norm) == 0; hit++) {
        if (!valid_on(hit->valid_from, hit->valid_until, date))
            continue;
        int bounds = (hit->valid_from != 0) + (hit->valid_until != 0);
        int score = date ? bounds : (2 - bounds) * 2 + (hit->valid_until == 0);
        if (score > best_score) {
            best = hit;
            best_score = score;
        }
    }
    if (best && from) {
        *from = best->valid_from;
        *until = best->valid_until;
    }
    return best ? registry_by_code(r, best->code) : NULL;
}

const store_country *registry_by_name(const registry *r, const char *name, int date)
{
    char *norm = util_normalize_name(name);
    if (!norm)
        return NULL;
    const store_country *c = by_norm(r, norm, date, NULL, NULL);
    free(norm);
    return c;
}

const store_country *registry_lookup_dated(const registry *r, const char *name,
                                           const char *iso2, int date, int *from, int *until)
{
    const store_country *c = NULL;
    *from = *until = 0;
    if (name && *name) {
        char *norm = util_normalize_name(name);
        if (norm)
            c = by_norm(r, norm, date, from, until);
        free(norm);
    }
    if (!c && iso2 && *iso2 && (c = registry_by_iso2(r, iso2, date)) != NULL) {
        *from = c->valid_from;
        *until = c->valid_until;
    }
    return c;
}

/* How near a candidate's normalised name is to the query's: 0 for a
 * prefix match, else the edit distance; -1 when farther than cap. */
static int near_score(const char *norm, const char *cand, int cap)
{
    if (strncmp(cand, norm, strlen(norm)) == 0)
        return 0; /* prefix */
    if (strlen(cand) < 4)
        return -1; /* abbreviations are too short to be "near" anything */
    int d = util_edit_distance(norm, cand, cap);
    return d > cap ? -1 : d;
}

/* Keep name with score d among the best max of out[0..*n). */
static void keep_best(const char **out, int *score, size_t *n, size_t max, const char *name, int d)
{
    for (size_t j = 0; j < *n; j++)
        if (strcmp(out[j], name) == 0) {
            if (d < score[j])
                score[j] = d;
            return;
        }
    size_t pos = *n < max ? (*n)++ : max;
    if (pos == max) {
        size_t worst = 0;
        for (size_t j = 1; j < *n; j++)
            if (score[j] > score[worst])
                worst = j;
        if (score[worst] <= d)
            return;
        pos = worst;
    }
    out[pos] = name;
    score[pos] = d;
}

size_t registry_suggest(const registry *r, const char *query, const char **out, size_t max)
{
    char *norm = util_normalize_name(query);
    size_t n = 0;
    if (!norm || !*norm || max == 0) {
        free(norm);
        return 0;
    }
    int cap = (int)strlen(norm) / 3 + 1;
    if (cap > 4)
        cap = 4;
    int score[16];
    if (max > 16)
        max = 16;
    for (size_t i = 0; i < r->naliases; i++) {
        int d = near_score(norm, r->aliases[i].norm, cap);
        if (d >= 0)
            keep_best(out, score, &n, max, registry_name(r, r->aliases[i].code), d);
    }
    /* groups too: "crinkk" is nearer the group crink than any country */
    for (size_t i = 0; i < r->ngroups; i++) {
        char *g = util_normalize_name(r->groups[i].name);
        int d = g ? near_score(norm, g, cap) : -1;
        free(g);
        if (d >= 0)
            keep_best(out, score, &n, max, r->groups[i].name, d);
    }
    /* order by score */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && score[j] < score[j - 1]; j--) {
            int t = score[j];
            score[j] = score[j - 1];
            score[j - 1] = t;
            const char *s = out[j];
            out[j] = out[j - 1];
            out[j - 1] = s;
        }
    free(norm);
    return n;
}

int registry_resolve(const registry *r, const char *query, const store_country **out,
                     bloc_error *err)
{
    const store_country *c = NULL;
    size_t n = strlen(query);
    if (strncmp(query, "cow:", 4) == 0 || strncmp(query, "cameo:", 6) == 0) {
        int is_cow = query[1] == 'o';
        const char *v = query + (is_cow ? 4 : 6);
        for (size_t i = 0; i < r->ncountries; i++) {
            const store_country *k = &r->countries[i];
            int hit = is_cow ? (k->cow_code > 0 && k->cow_code == atoi(v))
                             : util_streq_nocase(k->cameo, v);
            if (hit && better(k, c, 0))
                c = k;
        }
    } else if (n == 3 && isdigit((unsigned char)query[0])) {
        for (size_t i = 0; i < r->ncountries; i++)
            if (strcmp(r->countries[i].iso_numeric, query) == 0 && better(&r->countries[i], c, 0))
                c = &r->countries[i];
    } else {
        if (n == 3)
            c = registry_by_code(r, query);
        if (!c && n == 2)
            c = registry_by_iso2(r, query, 0);
        if (!c)
            c = registry_by_name(r, query, 0);
    }
    if (c) {
        *out = c;
        return BLOC_OK;
    }
    const char *sug[3];
    size_t ns = registry_suggest(r, query, sug, 3);
    if (ns == 0)
        return bloc_fail(err, BLOC_ENOTFOUND, "unknown country '%s'", query);
    char buf[400];
    size_t off = 0;
    for (size_t i = 0; i < ns; i++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s", i ? ", " : "", sug[i]);
    return bloc_fail(err, BLOC_ENOTFOUND, "unknown country '%s'; did you mean: %s?", query, buf);
}

const store_group *registry_group(const registry *r, const char *name)
{
    for (size_t i = 0; i < r->ngroups; i++)
        if (util_streq_nocase(r->groups[i].name, name))
            return &r->groups[i];
    return NULL;
}

int registry_member_on(const store_member *m, int date)
{
    return valid_on(m->joined, m->left, date);
}

static int add_member(store_member **arr, size_t *n, size_t *cap, const store_member *m)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*arr)[i].code, m->code) == 0) {
            /* merged: the widest membership wins */
            if (m->joined == 0 || ((*arr)[i].joined && m->joined < (*arr)[i].joined))
                (*arr)[i].joined = m->joined;
            if (m->left == 0 || ((*arr)[i].left && m->left > (*arr)[i].left))
                (*arr)[i].left = m->left;
            return 0;
        }
    if (util_grow((void **)arr, cap, *n + 1, sizeof **arr) != 0)
        return -1;
    (*arr)[(*n)++] = *m;
    return 0;
}

int registry_parse_list(const registry *r, const char *list, store_member **out, size_t *n,
                        bloc_error *err)
{
    store_member *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc = BLOC_OK;
    char *copy = util_strdup(list ? list : "");
    if (!copy)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        util_trim(tok);
        if (!*tok)
            continue;
        const store_group *g = registry_group(r, tok);
        if (g) {
            for (size_t i = 0; i < g->nmembers; i++)
                if (add_member(&arr, &cnt, &cap, &g->members[i]) != 0)
                    goto oom;
            continue;
        }
        const store_country *c;
        if ((rc = registry_resolve(r, tok, &c, err)) != BLOC_OK)
            goto fail;
        store_member m = {0};
        snprintf(m.code, sizeof m.code, "%s", c->code);
        if (add_member(&arr, &cnt, &cap, &m) != 0)
            goto oom;
    }
    if (cnt == 0) {
        rc = bloc_fail(err, BLOC_EUSAGE, "empty country list");
        goto fail;
    }
    free(copy);
    *out = arr;
    *n = cnt;
    return BLOC_OK;
oom:
    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
fail:
    free(copy);
    free(arr);
    return rc;
}

const char *registry_name(const registry *r, const char *code)
{
    const store_country *c = registry_by_code(r, code);
    return c ? c->name : code;
}
