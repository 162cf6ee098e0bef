/*
 * coder/extract — quantities, keywords and dates of a sentence (see
 * extract.h). Rules over upper-cased tokens; every rule names the words it
 * needs, so a sentence without them costs one pass of table look-ups.
 */
#include "coder/extract.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"

enum { KW_MAX_WORDS = 6 };

typedef struct kw_entry {
    char *words[KW_MAX_WORDS];
    size_t n;
    char term[48], category[24], domain[16];
} kw_entry;

struct extract_keywords {
    kw_entry *e;
    size_t n, cap;
    strmap *first;      /* first word (as written in the file) -> bucket */
    size_t **bucket;    /* entry indices per first word */
    size_t *nbucket, nb, capb, capnb;
};

/* ---- keyword dictionary ------------------------------------------------ */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_keyword(extract_keywords *k, const char *phrase, const char *cat, const char *dom)
{
    kw_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.term, sizeof e.term, "%s", phrase);
    snprintf(e.category, sizeof e.category, "%s", cat);
    snprintf(e.domain, sizeof e.domain, "%s", dom);
    const char *p = phrase;
    while (*p && e.n < KW_MAX_WORDS) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (!w)
            break;
        char *word = malloc(w + 1);
        if (!word)
            return -1;
        for (size_t i = 0; i < w; i++)
            word[i] = (char)toupper((unsigned char)p[i]);
        word[w] = '\0';
        e.words[e.n++] = word;
        p += w;
    }
    if (!e.n)
        return 0;
    /* the same phrase again: the later file wins */
    long b;
    if (strmap_get(k->first, e.words[0], &b))
        for (size_t j = 0; j < k->nbucket[b]; j++) {
            kw_entry *old = &k->e[k->bucket[b][j]];
            if (strcmp(old->term, e.term) == 0) {
                for (size_t w = 0; w < e.n; w++)
                    free(e.words[w]);
                snprintf(old->category, sizeof old->category, "%s", cat);
                snprintf(old->domain, sizeof old->domain, "%s", dom);
                return 0;
            }
        }
    if (util_grow((void **)&k->e, &k->cap, k->n + 1, sizeof *k->e) != 0)
        goto oom;
    if (!strmap_get(k->first, e.words[0], &b)) {
        if (util_grow((void **)&k->bucket, &k->capb, k->nb + 1, sizeof *k->bucket) != 0 ||
            util_grow((void **)&k->nbucket, &k->capnb, k->nb + 1, sizeof *k->nbucket) != 0)
            goto oom;
        b = (long)k->nb++;
        k->bucket[b] = NULL;
        k->nbucket[b] = 0;
        if (strmap_put(k->first, e.words[0], b) != 0)
            goto oom;
    }
    size_t *nb = realloc(k->bucket[b], (k->nbucket[b] + 1) * sizeof *nb);
    if (!nb)
        goto oom;
    k->bucket[b] = nb;
    nb[k->nbucket[b]++] = k->n;
    k->e[k->n++] = e;
    return 0;
oom:
    for (size_t w = 0; w < e.n; w++)
        free(e.words[w]);
    return -1;
}

static int fill_keywords(extract_keywords *k, const char *const *paths, size_t npaths,
                         bloc_error *err)
{
    int rc = BLOC_OK;
    for (size_t f = 0; f < npaths && rc == BLOC_OK; f++) {
        FILE *in = fopen(paths[f], "r");
        char line[512];
        long no = 0;
        if (!in) {
            rc = bloc_fail_at(err, BLOC_EIO, paths[f], 0, "cannot open");
            break;
        }
        while (rc == BLOC_OK && fgets(line, sizeof line, in)) {
            no++;
            line[strcspn(line, "\r\n")] = '\0';
            if (!line[0] || line[0] == '#')
                continue;
            char *cat = strchr(line, '\t'), *dom = cat ? strchr(cat + 1, '\t') : NULL;
            if (!cat || !dom || strchr(dom + 1, '\t')) {
                rc = bloc_fail_at(err, BLOC_EINPUT, paths[f], no,
                                  "want phrase<TAB>category<TAB>domain");
                break;
            }
            *cat++ = '\0';
            *dom++ = '\0';
            if (add_keyword(k, util_trim(line), util_trim(cat), util_trim(dom)) != 0)
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
        fclose(in);
    }
    return rc;
}

void extract_keywords_free(extract_keywords *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        for (size_t w = 0; w < k->e[i].n; w++)
            free(k->e[i].words[w]);
    for (size_t b = 0; b < k->nb; b++)
        free(k->bucket[b]);
    free(k->bucket);
    free(k->nbucket);
    free(k->e);
    strmap_free(k->first);
    free(k);
}

/* One issue entry: "n:" and "v:" marks dropped (a "v:" word also in its
 * -ed/-ing forms, doubled consonant or not), "+" read both as a hyphen
 * and as a space. Each form becomes its own phrase. */
static int add_issue(extract_keywords *k, const char *phrase, const char *code, const char *cat)
{
    char plain[256] = "", verb[64] = "";
    size_t o = 0;
    for (const char *p = phrase; *p && o < sizeof plain - 1;) {
        if ((p[0] == 'n' || p[0] == 'v') && p[1] == ':' && (p == phrase || p[-1] == ' ' || p[-1] == '+')) {
            if (p[0] == 'v' && !verb[0])
                snprintf(verb, sizeof verb, "%.*s", (int)strcspn(p + 2, " +"), p + 2);
            p += 2;
            continue;
        }
        plain[o++] = *p++;
    }
    plain[o] = '\0';
    char forms[16][300]; /* 1 + 6 verb forms, then each with "+" read two ways */
    size_t nf = 0;
    snprintf(forms[nf++], sizeof forms[0], "%s", plain);
    if (verb[0]) {
        static const char *const suffix[] = {"ed", "d", "ing", "s"};
        size_t vl = strlen(verb);
        char *at = strstr(plain, verb);
        for (size_t i = 0; at && i < 4; i++)
            snprintf(forms[nf++], sizeof forms[0], "%.*s%s%s%s", (int)(at - plain), plain, verb,
                     suffix[i], at + vl);
        if (at && vl > 2) /* kidnapped, kidnapping */
            for (size_t i = 0; i < 3; i += 2)
                snprintf(forms[nf++], sizeof forms[0], "%.*s%s%c%s%s", (int)(at - plain), plain,
                         verb, verb[vl - 1], suffix[i], at + vl);
    }
    for (size_t f = 0, n = nf; f < n; f++) {
        if (!strchr(forms[f], '+') || nf == 16)
            continue;
        memcpy(forms[nf], forms[f], sizeof forms[0]);
        for (char *c = forms[f]; *c; c++)
            if (*c == '+')
                *c = '-';
        for (char *c = forms[nf]; *c; c++)
            if (*c == '+')
                *c = ' ';
        nf++;
    }
    for (size_t f = 0; f < nf; f++)
        if (add_keyword(k, forms[f], code, cat) != 0)
            return -1;
    return 0;
}

/* Phoenix issue files in the dictionary folders: "<ISSUE CATEGORY=...>"
 * blocks of "phrase [CODE]" lines (no code: the category's own), "~phrase"
 * lines that match nothing so that what they cover is not an issue. */
static int load_issue_file(extract_keywords *k, const char *path, bloc_error *err)
{
    FILE *in = fopen(path, "r");
    char line[512], cat[64] = "";
    long no = 0;
    if (!in)
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot open");
    int rc = BLOC_OK;
    while (rc == BLOC_OK && fgets(line, sizeof line, in)) {
        no++;
        char *l = util_trim(line);
        if (!*l || *l == '#')
            continue;
        if (strncmp(l, "<ISSUE", 6) == 0) {
            const char *c = strstr(l, "CATEGORY=\"");
            if (!c) {
                rc = bloc_fail_at(err, BLOC_EINPUT, path, no, "an <ISSUE> without CATEGORY=\"...\"");
                break;
            }
            snprintf(cat, sizeof cat, "%.*s", (int)strcspn(c + 10, "\""), c + 10);
            continue;
        }
        if (strncmp(l, "</ISSUE", 7) == 0) {
            cat[0] = '\0';
            continue;
        }
        if (!cat[0]) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, no, "an entry outside an <ISSUE> block");
            break;
        }
        char code[64];
        snprintf(code, sizeof code, "%s", cat);
        char *lb = strchr(l, '[');
        if (lb) {
            snprintf(code, sizeof code, "%.*s", (int)strcspn(lb + 1, "]"), lb + 1);
            *lb = '\0';
            l = util_trim(l);
        }
        int exclude = *l == '~';
        if (add_issue(k, l + exclude, exclude ? "" : code, exclude ? "" : cat) != 0)
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    fclose(in);
    return rc;
}

static int fill_issues(extract_keywords *k, const char *const *dirs, size_t ndirs,
                       bloc_error *err)
{
    int rc = BLOC_OK;
    for (size_t d = 0; d < ndirs && rc == BLOC_OK; d++) {
        DIR *dir = opendir(dirs[d]);
        struct dirent *e;
        if (!dir)
            continue; /* coder_load has said so */
        char **names = NULL;
        size_t n = 0, cap = 0;
        while ((e = readdir(dir)))
            if ((strstr(e->d_name, "Issue") || strstr(e->d_name, ".issues.")) && strstr(e->d_name, ".txt") &&
                util_grow((void **)&names, &cap, n + 1, sizeof *names) == 0)
                names[n++] = util_strdup(e->d_name);
        closedir(dir);
        if (n)
            qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = 0; i < n; i++) {
            char path[1200];
            snprintf(path, sizeof path, "%s/%s", dirs[d], names[i]);
            if (rc == BLOC_OK)
                rc = load_issue_file(k, path, err);
            free(names[i]);
        }
        free(names);
    }
    return rc;
}

/* A new table filled by fill from items; *out caller-owned. */
typedef int (*fill_fn)(extract_keywords *k, const char *const *items, size_t n, bloc_error *err);
static int new_table(extract_keywords **out, fill_fn fill, const char *const *items, size_t n,
                     bloc_error *err)
{
    extract_keywords *k = calloc(1, sizeof *k);
    *out = NULL;
    if (!k || !(k->first = strmap_new())) {
        free(k);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    int rc = fill(k, items, n, err);
    if (rc != BLOC_OK) {
        extract_keywords_free(k);
        return rc;
    }
    *out = k;
    return BLOC_OK;
}

int extract_keywords_load(extract_keywords **out, const char *const *paths, size_t npaths,
                          bloc_error *err)
{
    return new_table(out, fill_keywords, paths, npaths, err);
}

int extract_issues_load(extract_keywords **out, const char *const *dirs, size_t ndirs,
                        bloc_error *err)
{
    return new_table(out, fill_issues, dirs, ndirs, err);
}

size_t extract_keywords_count(const extract_keywords *k)
{
    return k ? k->n : 0;
}

/* A token is the dictionary word or a plural of it: DRONE ~ DRONES,
 * MISSILE ~ MISSILES, BOX ~ BOXES, DUMMY ~ DUMMIES. */
static int word_match(const char *dict, const char *tok)
{
    size_t d = strlen(dict), t = strlen(tok);
    if (strncmp(dict, tok, d) == 0)
        return t == d || (t == d + 1 && tok[d] == 'S') ||
               (t == d + 2 && tok[d] == 'E' && tok[d + 1] == 'S');
    return d > 1 && dict[d - 1] == 'Y' && t == d + 2 && strncmp(dict, tok, d - 1) == 0 &&
           strcmp(tok + d - 1, "IES") == 0;
}

/* The singular forms a token may have: itself, without S, ES or IES->Y. */
static size_t singulars(const char *tok, char forms[4][TEXT_MAX_TOKEN])
{
    size_t t = strlen(tok), n = 0;
    snprintf(forms[n++], TEXT_MAX_TOKEN, "%s", tok);
    if (t > 3 && tok[t - 1] == 'S' && tok[t - 2] != 'S') {
        snprintf(forms[n++], TEXT_MAX_TOKEN, "%.*s", (int)(t - 1), tok);
        if (tok[t - 2] == 'E')
            snprintf(forms[n++], TEXT_MAX_TOKEN, "%.*s", (int)(t - 2), tok);
        if (t > 4 && strcmp(tok + t - 3, "IES") == 0)
            snprintf(forms[n++], TEXT_MAX_TOKEN, "%.*sY", (int)(t - 3), tok);
    }
    return n;
}

static void find_keywords(const extract_keywords *k, const text_token *tok, size_t ntok,
                          extract_keyword *found, size_t *nfound, int by_code)
{
    for (size_t i = 0; k && i < ntok && *nfound < EXTRACT_MAX_KEYWORDS;) {
        char forms[4][TEXT_MAX_TOKEN];
        size_t nf = singulars(tok[i].word, forms), best_len = 0;
        const kw_entry *best = NULL;
        for (size_t f = 0; f < nf; f++) {
            long b;
            if (!strmap_get(k->first, forms[f], &b))
                continue;
            for (size_t j = 0; j < k->nbucket[b]; j++) {
                const kw_entry *e = &k->e[k->bucket[b][j]];
                size_t w = 0;
                while (w < e->n && i + w < ntok && word_match(e->words[w], tok[i + w].word))
                    w++;
                if (w == e->n && e->n > best_len) {
                    best = e;
                    best_len = e->n;
                }
            }
        }
        if (!best) {
            i++;
            continue;
        }
        int seen = !best->category[0]; /* an exclusion: covers, reports nothing */
        for (size_t j = 0; j < *nfound; j++)
            seen |= by_code ? strcmp(found[j].category, best->category) == 0
                            : strcmp(found[j].term, best->term) == 0;
        if (!seen) {
            extract_keyword *x = &found[(*nfound)++];
            snprintf(x->term, sizeof x->term, "%s", best->term);
            snprintf(x->category, sizeof x->category, "%s", best->category);
            snprintf(x->domain, sizeof x->domain, "%s", best->domain);
            x->off = tok[i].off;
            x->len = tok[i + best_len - 1].off + tok[i + best_len - 1].len - tok[i].off;
        }
        i += best_len;
    }
}

/* ---- shared word tables -------------------------------------------------- */

static int in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
            return 1;
    return 0;
}

static int index_in(const char *w, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return i;
    return -1;
}

static const char *const months_full[] = {"JANUARY", "FEBRUARY", "MARCH",     "APRIL",
                                          "MAY",     "JUNE",     "JULY",      "AUGUST",
                                          "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", NULL};
static const char *const months_abbr[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
                                          "AUG", "SEP", "OCT", "NOV", "DEC", NULL};
static const char *const weekdays[] = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                                       "FRIDAY", "SATURDAY", "SUNDAY", NULL};

/* 1..12 for a month name written with a capital ("March", "Sept"), else 0:
 * "may" and "march" in lower case are a verb. */
static int month_of(const char *text, const text_token *t)
{
    if (!isupper((unsigned char)text[t->off]))
        return 0;
    int m = index_in(t->word, months_full);
    if (m < 0)
        m = index_in(t->word, months_abbr);
    if (m < 0 && strcmp(t->word, "SEPT") == 0)
        m = 8;
    return m + 1;
}

static const char *const small_numbers[] = {
    "ZERO",    "ONE",     "TWO",       "THREE",    "FOUR",     "FIVE",    "SIX",
    "SEVEN",   "EIGHT",   "NINE",      "TEN",      "ELEVEN",   "TWELVE",  "THIRTEEN",
    "FOURTEEN", "FIFTEEN", "SIXTEEN",  "SEVENTEEN", "EIGHTEEN", "NINETEEN", NULL};
static const char *const tens[] = {"TWENTY", "THIRTY", "FORTY", "FIFTY",
                                   "SIXTY",  "SEVENTY", "EIGHTY", "NINETY", NULL};

/* A number written in words: "three", "twenty-five", "a dozen"; -1 if not. */
static double word_number(const char *w)
{
    int i = index_in(w, small_numbers);
    if (i >= 0)
        return i;
    if (strcmp(w, "DOZEN") == 0)
        return 12;
    char head[TEXT_MAX_TOKEN];
    snprintf(head, sizeof head, "%s", w);
    char *dash = strchr(head, '-');
    if (dash)
        *dash = '\0';
    int t = index_in(head, tens);
    if (t < 0)
        return -1;
    int unit = dash ? index_in(dash + 1, small_numbers) : 0;
    if (unit < 0 || unit > 9)
        return -1;
    return (t + 2) * 10 + unit;
}

static int all_digits(const char *s)
{
    return *s && strspn(s, "0123456789") == strlen(s);
}

/* ---- quantities ---------------------------------------------------------- */

static double scale_of(const char *w)
{
    static const char *const names[] = {"HUNDRED", "THOUSAND", "MILLION", "MN", "BILLION",
                                        "BN",      "BLN",      "TRILLION", NULL};
    static const double factor[] = {1e2, 1e3, 1e6, 1e6, 1e9, 1e9, 1e9, 1e12};
    int i = index_in(w, names);
    return i < 0 ? 0 : factor[i];
}

static const char *currency_word(const char *w)
{
    static const char *const words[] = {"DOLLARS", "DOLLAR", "USD", "EUROS", "EURO", "EUR",
                                        "YUAN", "RENMINBI", "CNY", "ROUBLES", "RUBLES", "ROUBLE",
                                        "RUBLE", "RUB", "RIALS", "RIAL", NULL};
    static const char *const code[] = {"USD", "USD", "USD", "EUR", "EUR", "EUR", "CNY", "CNY",
                                       "CNY", "RUB", "RUB", "RUB", "RUB", "RUB", "IRR", "IRR"};
    int i = index_in(w, words);
    return i < 0 ? NULL : code[i];
}

static const char *currency_symbol(const char *w)
{
    return strcmp(w, "$") == 0 ? "USD" : strcmp(w, "€") == 0 ? "EUR" : strcmp(w, "£") == 0 ? "GBP" : NULL;
}

static const char *const unit_stop[] = {
    "THE", "A", "AN", "OF", "TO", "FROM", "IN", "ON", "AT", "BY", "FOR", "WITH", "AND", "OR",
    "BUT", "AS", "THAN", "THAT", "WHICH", "WHO", "WAS", "WERE", "IS", "ARE", "BE", "BEEN", "HAS",
    "HAVE", "HAD", "WILL", "WOULD", "COULD", "SHOULD", "MAY", "MIGHT", "CAN", "SAID", "SAYS",
    "SAY", "ACCORDING", "INTO", "OVER", "UNDER", "ABOUT", "SINCE", "AFTER", "BEFORE", "DURING",
    "LAST", "THIS", "NEXT", "ITS", "THEIR", "HIS", "HER", "PER", "EACH", "WHILE", "AGO", "NOT",
    "ALSO", "ALREADY", "REPORTEDLY", "YEAR", "YEARS", "DAYS", "MONTHS", "WEEKS", NULL};

/* Units whose "of" phrase belongs to them: "rounds of ammunition". */
static const char *const of_units[] = {"ROUNDS", "TONNES", "TONS", "BARRELS", "UNITS", "PIECES",
                                       "SHIPMENTS", "CONTAINERS", "BATCHES", "CUBIC", "METRIC",
                                       "CARGOES", "BATTALIONS", "BRIGADES", NULL};

static int is_word(const text_token *t)
{
    return isalpha((unsigned char)t->word[0]) || (unsigned char)t->word[0] >= 0x80;
}

static int adjacent(const text_token *a, const text_token *b)
{
    return a->off + a->len == b->off;
}

static size_t unit_words(const char *text, const text_token *tok, size_t ntok, size_t j,
                         char *unit, size_t unitsz)
{
    size_t start = j, n = 0;
    while (j < ntok && n < 3 && is_word(&tok[j]) && !in_list(tok[j].word, unit_stop) &&
           !month_of(text, &tok[j])) {
        size_t wl = strlen(tok[j].word);
        if (n > 0 && wl > 3 && strcmp(tok[j].word + wl - 2, "ED") == 0)
            break; /* "1,000 troops arrived": the verb is not the unit */
        j++;
        n++;
    }
    if (n && j + 1 < ntok && strcmp(tok[j].word, "OF") == 0 && in_list(tok[j - 1].word, of_units) &&
        is_word(&tok[j + 1]) && !in_list(tok[j + 1].word, unit_stop))
        j += 2;
    if (j > start)
        snprintf(unit, unitsz, "%.*s", (int)(tok[j - 1].off + tok[j - 1].len - tok[start].off),
                 text + tok[start].off);
    return j;
}

/* Approximation words just before position i: "roughly", "more than". */
static size_t approx_before(const text_token *tok, size_t i)
{
    static const char *const one[] = {"ABOUT", "ROUGHLY", "APPROXIMATELY", "AROUND", "NEARLY",
                                      "ALMOST", "SOME", "OVER", "ESTIMATED", "ABOVE", "UNDER",
                                      "APPROX", NULL};
    static const char *const two[][2] = {{"MORE", "THAN"}, {"LESS", "THAN"}, {"FEWER", "THAN"},
                                         {"UP", "TO"},     {"AT", "LEAST"},  {"AS", "MANY"}};
    if (i >= 2)
        for (size_t k = 0; k < sizeof two / sizeof two[0]; k++)
            if (strcmp(tok[i - 2].word, two[k][0]) == 0 && strcmp(tok[i - 1].word, two[k][1]) == 0)
                return 2;
    if (i >= 3 && strcmp(tok[i - 3].word, "AS") == 0 && strcmp(tok[i - 2].word, "MANY") == 0 &&
        strcmp(tok[i - 1].word, "AS") == 0)
        return 3;
    return i >= 1 && in_list(tok[i - 1].word, one) ? 1 : 0;
}

/* Read one quantity whose number starts at token i; the index after it,
 * or i when there is none. */
static size_t quantity_at(const char *text, const text_token *tok, size_t ntok, size_t i,
                          extract_quantity *q)
{
    size_t j = i, first = i;
    double value = NAN, scale = 1;
    int magnitude_only = 0, words = 0;
    const char *currency = NULL;
    memset(q, 0, sizeof *q);
    if (currency_symbol(tok[j].word) && j + 1 < ntok) {
        currency = currency_symbol(tok[j].word);
        j++;
    }
    const char *w = tok[j].word;
    if (isdigit((unsigned char)w[0])) {
        char *end;
        value = strtod(w, &end);
        if (*end) { /* "2.5M", "300BN", "15K" */
            double s = strcmp(end, "K") == 0 ? 1e3 : strcmp(end, "M") == 0 ? 1e6 : scale_of(end);
            if (s == 0)
                return i;
            scale = s;
        }
        int plain = !*end;
        j++;
        /* "1,000,000": comma groups of three digits, written tight */
        while (plain && j + 1 < ntok && strcmp(tok[j].word, ",") == 0 &&
               adjacent(&tok[j - 1], &tok[j]) && adjacent(&tok[j], &tok[j + 1]) &&
               strlen(tok[j + 1].word) == 3 && all_digits(tok[j + 1].word)) {
            value = value * 1000 + atof(tok[j + 1].word);
            j += 2;
        }
    } else if (j + 2 < ntok && strcmp(w, "A") == 0 && strcmp(tok[j + 1].word, "DOZEN") == 0) {
        value = 12;
        j += 2;
        words = 1;
    } else if (word_number(w) >= 0) {
        value = word_number(w);
        j++;
        words = 1;
    } else if (index_in(w, (const char *const[]){"DOZENS", "HUNDREDS", "THOUSANDS", "MILLIONS",
                                                  "BILLIONS", "TENS", NULL}) >= 0 &&
               j + 1 < ntok && strcmp(tok[j + 1].word, "OF") == 0) {
        magnitude_only = 1;
        j += 2;
    } else {
        return i;
    }
    if (!magnitude_only)
        while (j < ntok && scale_of(tok[j].word) > 0) { /* "two million", "1.2 billion" */
            scale *= scale_of(tok[j].word);
            j++;
        }
    int percent = 0;
    if (j < ntok && strcmp(tok[j].word, "%") == 0) {
        percent = 1;
        j++;
    } else if (j < ntok && strcmp(tok[j].word, "PERCENT") == 0) {
        percent = 1;
        j++;
    } else if (j + 1 < ntok && strcmp(tok[j].word, "PER") == 0 && strcmp(tok[j + 1].word, "CENT") == 0) {
        percent = 1;
        j += 2;
    }
    size_t num_end = j;
    char unit[48] = "";
    if (percent) {
        snprintf(unit, sizeof unit, "%%");
    } else if (currency) {
        snprintf(unit, sizeof unit, "%s", currency);
    } else if (j < ntok && currency_word(tok[j].word)) {
        snprintf(unit, sizeof unit, "%s", currency_word(tok[j].word));
        j++;
    } else {
        j = unit_words(text, tok, ntok, j, unit, sizeof unit);
    }
    /* what is a date, not a quantity: "in 2022", "March 3", "3 March" */
    int year_like = !words && !currency && !percent && scale == 1 && num_end == i + 1 &&
                    strlen(tok[i].word) == 4 && all_digits(tok[i].word) && value >= 1800 &&
                    value <= 2100;
    int by_month = (i > 0 && month_of(text, &tok[i - 1])) ||
                   (num_end < ntok && month_of(text, &tok[num_end]));
    if (year_like || (by_month && !percent && !currency))
        return num_end;
    if (words && !unit[0] && scale == 1)
        return num_end; /* "one of them", "the two sides": not a count */
    size_t ap = approx_before(tok, first);
    first -= ap;
    q->approx = ap > 0 || magnitude_only;
    q->value = magnitude_only ? NAN : value * scale;
    snprintf(q->unit, sizeof q->unit, "%s", unit);
    q->off = tok[first].off;
    size_t last = j > num_end ? j - 1 : num_end - 1;
    q->len = tok[last].off + tok[last].len - q->off;
    snprintf(q->text, sizeof q->text, "%.*s", (int)(q->len < 95 ? q->len : 95), text + q->off);
    return j > i ? j : i + 1;
}

static void find_quantities(const char *text, const text_token *tok, size_t ntok,
                            extract_facts *out)
{
    for (size_t i = 0; i < ntok && out->nq < EXTRACT_MAX_QUANTITIES;) {
        extract_quantity q;
        size_t next = quantity_at(text, tok, ntok, i, &q);
        if (next > i && q.len) {
            out->q[out->nq++] = q;
            i = next;
        } else {
            i = next > i ? next : i + 1;
        }
    }
}

/* ---- dates --------------------------------------------------------------- */

static int add_months(int date, int months)
{
    int y = date / 10000, m = date / 100 % 100 - 1 + months;
    y += m >= 0 ? m / 12 : (m - 11) / 12;
    m = ((m % 12) + 12) % 12;
    return y * 10000 + (m + 1) * 100 + 1;
}

static int set_date(extract_date *d, int date, int precision, const text_token *a,
                    const text_token *b)
{
    if (!util_date_valid(date))
        return 0;
    d->date = date;
    d->precision = precision;
    d->off = a->off;
    d->len = b->off + b->len - a->off;
    return 1;
}

static int unit_of(const char *w)
{
    static const char *const u[] = {"DAY", "DAYS", "WEEK", "WEEKS", "MONTH", "MONTHS", "YEAR", "YEARS", NULL};
    int i = index_in(w, u);
    return i < 0 ? -1 : i / 2; /* 0 day, 1 week, 2 month, 3 year */
}

/* date of a period shifted by n units from the document's */
static int shifted(int doc, int unit, int n, int *precision)
{
    switch (unit) {
    case 0: *precision = EXTRACT_DAY; return util_days_date(util_date_days(doc) + n);
    case 1: {
        int d = util_days_date(util_date_days(doc) + 7L * n);
        *precision = EXTRACT_WEEK;
        return util_days_date(util_date_days(d) - util_weekday(d));
    }
    case 2: *precision = EXTRACT_MONTH; return add_months(doc, n);
    default: *precision = EXTRACT_YEAR; return (doc / 10000 + n) * 10000 + 101;
    }
}

static const char *const month_context[] = {"IN",   "ON",    "SINCE", "BY",  "UNTIL", "DURING",
                                            "EARLY", "LATE", "MID",   "OF",  "FROM",  "LAST",
                                            "NEXT",  "THIS", "BEFORE", "AFTER", "THROUGH", NULL};

static int date_at(const char *text, const text_token *tok, size_t ntok, size_t i, int doc,
                   extract_date *d)
{
    const char *w = tok[i].word;
    int y = doc / 10000, p = 0;
    /* 2022-03-01 */
    if (strlen(w) == 10 && w[4] == '-' && w[7] == '-') {
        char buf[11];
        memcpy(buf, w, 4);
        memcpy(buf + 4, w + 5, 2);
        memcpy(buf + 6, w + 8, 2);
        buf[8] = '\0';
        if (all_digits(buf))
            return set_date(d, atoi(buf), EXTRACT_DAY, &tok[i], &tok[i]);
    }
    if (strcmp(w, "YESTERDAY") == 0)
        return set_date(d, util_days_date(util_date_days(doc) - 1), EXTRACT_DAY, &tok[i], &tok[i]);
    if (strcmp(w, "TODAY") == 0 || strcmp(w, "TONIGHT") == 0)
        return set_date(d, doc, EXTRACT_DAY, &tok[i], &tok[i]);
    if (strcmp(w, "TOMORROW") == 0)
        return set_date(d, util_days_date(util_date_days(doc) + 1), EXTRACT_DAY, &tok[i], &tok[i]);
    /* last / this / next + week, month, year, weekday or month name */
    int dir = strcmp(w, "LAST") == 0 ? -1 : strcmp(w, "NEXT") == 0 ? 1 : strcmp(w, "THIS") == 0 ? 0 : 9;
    if (dir != 9 && i + 1 < ntok) {
        const text_token *n = &tok[i + 1];
        int u = unit_of(n->word), wd = index_in(n->word, weekdays), m = month_of(text, n);
        if (u >= 0 && strcmp(n->word + strlen(n->word) - 1, "S") != 0) {
            int date = shifted(doc, u, dir, &p);
            return set_date(d, date, p, &tok[i], n);
        }
        if (wd >= 0) {
            /* days back to the latest such day, ahead to the next one;
             * "last" and "next" never mean the document's own day */
            long z = util_date_days(doc);
            int back = (util_weekday(doc) - wd + 7) % 7, ahead = (7 - back) % 7;
            if (dir < 0 && !back)
                back = 7;
            long day = dir > 0 ? z + (ahead ? ahead : 7) : z - back;
            return set_date(d, util_days_date(day), EXTRACT_DAY, &tok[i], n);
        }
        if (m) {
            int dm = doc / 100 % 100;
            int year = dir < 0 ? (m < dm ? y : y - 1) : dir > 0 ? (m > dm ? y : y + 1) : y;
            return set_date(d, year * 10000 + m * 100 + 1, EXTRACT_MONTH, &tok[i], n);
        }
    }
    /* three weeks ago, a year ago */
    if (i + 2 < ntok && strcmp(tok[i + 2].word, "AGO") == 0 && unit_of(tok[i + 1].word) >= 0) {
        double n = all_digits(w) ? atof(w)
                   : (strcmp(w, "A") == 0 || strcmp(w, "AN") == 0) ? 1 : word_number(w);
        if (n >= 0 && n < 1000) {
            int date = shifted(doc, unit_of(tok[i + 1].word), -(int)n, &p);
            return set_date(d, date, p, &tok[i], &tok[i + 2]);
        }
    }
    /* (on) Monday: the latest such day on or before the document's */
    int wd = index_in(w, weekdays);
    if (wd >= 0 && isupper((unsigned char)text[tok[i].off])) {
        long z = util_date_days(doc) - (util_weekday(doc) - wd + 7) % 7;
        size_t a = i > 0 && strcmp(tok[i - 1].word, "ON") == 0 ? i - 1 : i;
        return set_date(d, util_days_date(z), EXTRACT_DAY, &tok[a], &tok[i]);
    }
    /* March 3(, 2022) | 3 March (2022) | March 2022 | in March */
    int m = month_of(text, &tok[i]);
    size_t first = i, last = i;
    int day = 0, year = 0;
    if (!m && all_digits(w) && strlen(w) <= 2 && i + 1 < ntok && (m = month_of(text, &tok[i + 1]))) {
        day = atoi(w);
        last = i + 1;
    } else if (m && i + 1 < ntok && all_digits(tok[i + 1].word) && strlen(tok[i + 1].word) <= 2) {
        day = atoi(tok[i + 1].word);
        last = i + 1;
    }
    if (m) {
        size_t k = last + 1;
        if (k < ntok && strcmp(tok[k].word, ",") == 0)
            k++;
        if (k < ntok && strlen(tok[k].word) == 4 && all_digits(tok[k].word)) {
            year = atoi(tok[k].word);
            last = k;
        }
        int context = i > 0 && in_list(tok[i - 1].word, month_context);
        if (!day && !year && !context)
            return 0;
        if (context && !day)
            first = i - 1;
        if (!year) { /* the latest such date not long after the document's */
            year = y;
            int cand = year * 10000 + m * 100 + (day ? day : 1);
            if (util_date_days(cand) > util_date_days(doc) + (day ? 31 : 0) &&
                !(i > 0 && strcmp(tok[i - 1].word, "NEXT") == 0))
                year--;
        }
        return set_date(d, year * 10000 + m * 100 + (day ? day : 1), day ? EXTRACT_DAY : EXTRACT_MONTH,
                        &tok[first], &tok[last]);
    }
    /* in 2019, since 2014; a span of years: from 2018 to 2022, between
     * 2018 and 2022, from 2018 through 2022 (both ends kept) */
    if (strlen(w) == 4 && all_digits(w) && atoi(w) >= 1800 && atoi(w) <= 2100 && i > 0 &&
        (in_list(tok[i - 1].word, month_context) || strcmp(tok[i - 1].word, "BETWEEN") == 0)) {
        int from = atoi(w), span = strcmp(tok[i - 1].word, "FROM") == 0 || strcmp(tok[i - 1].word, "BETWEEN") == 0;
        if (span && i + 2 < ntok && strlen(tok[i + 2].word) == 4 && all_digits(tok[i + 2].word) &&
            (strcmp(tok[i + 1].word, "TO") == 0 || strcmp(tok[i + 1].word, "AND") == 0 ||
             strcmp(tok[i + 1].word, "THROUGH") == 0 || strcmp(tok[i + 1].word, "UNTIL") == 0) &&
            atoi(tok[i + 2].word) > from && atoi(tok[i + 2].word) <= 2100 &&
            set_date(d, from * 10000 + 101, EXTRACT_YEAR, &tok[i - 1], &tok[i + 2])) {
            d->until = atoi(tok[i + 2].word) * 10000 + 1231;
            return 1;
        }
        if (strcmp(tok[i - 1].word, "BETWEEN") == 0)
            return 0;
        return set_date(d, from * 10000 + 101, EXTRACT_YEAR, &tok[i - 1], &tok[i]);
    }
    return 0;
}

void extract_sentence(const extract_keywords *kw, const extract_keywords *issues, const char *text,
                      const text_token *tok, size_t ntok, int doc_date, extract_facts *out)
{
    memset(out, 0, sizeof *out);
    find_keywords(kw, tok, ntok, out->k, &out->nk, 0);
    find_keywords(issues, tok, ntok, out->issue, &out->nissue, 1);
    find_quantities(text, tok, ntok, out);
    for (size_t i = 0; util_date_valid(doc_date) && i < ntok; i++)
        if (date_at(text, tok, ntok, i, doc_date, &out->when))
            break;
}

const char *extract_precision_name(int precision)
{
    static const char *const names[] = {"", "day", "week", "month", "year"};
    return precision >= 0 && precision <= EXTRACT_YEAR ? names[precision] : "";
}
