/*
 * coder/pos — the part-of-speech layer (see pos.h): WordNet's lemmas and
 * SemCor counts in a hash map, WordNet's morphology ("morphy": exception
 * lists, then suffix rules) to reach a lemma from an inflected form, and a
 * two-pass tagger. Pass one tags what needs no context: punctuation,
 * numbers, closed-class words, names, and words of one class. Pass two
 * settles, left to right, the words that can be verbs and something else,
 * from the tag before (skipping adverbs), the tag after and the form
 * (base, -s, -ed, -ing); when neither decides, SemCor's counts do.
 *
 * Why not a library: the taggers Debian ships are Python or Java programs
 * or models (no C library with an English model), and Link Grammar, the C
 * parser there is, runs at about 60 sentences a second; this layer has to
 * keep the coder above 10,000 a second.
 */
#include "coder/pos.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"

_Static_assert(sizeof(long) >= 8, "the lexicon packs four counts into a long");

enum { CL_N = 1, CL_V = 2, CL_J = 4, CL_R = 8 };
enum form { F_BASE, F_S, F_ED, F_ING };

struct pos_lexicon {
    strmap *lemma;  /* upper-case lemma -> classes | counts (pack()) */
    strmap *verb_exc, *noun_exc; /* irregular form -> the lemma's packed value */
    strmap *closed; /* closed-class word -> pos_tag */
    size_t nlemmas;
};

/* classes in bits 0-3, the SemCor count of class k (0 noun, 1 verb, 2
 * adjective, 3 adverb) in 12 bits from bit 4 + 12k */
static long count_of(long packed, int k)
{
    return (packed >> (4 + 12 * k)) & 0xfff;
}

static long with_count(long packed, int k, long n)
{
    if (n > 0xfff)
        n = 0xfff;
    long cur = count_of(packed, k);
    if (n > cur)
        packed = (packed & ~(0xfffL << (4 + 12 * k))) | (n << (4 + 12 * k));
    return packed | (1L << k);
}

static const struct {
    const char *word;
    int tag;
} closed_words[] = {
    {"THE", POS_DET}, {"A", POS_DET}, {"AN", POS_DET}, {"THIS", POS_DET}, {"THESE", POS_DET},
    {"THOSE", POS_DET}, {"ITS", POS_DET}, {"THEIR", POS_DET}, {"HIS", POS_DET}, {"OUR", POS_DET},
    {"MY", POS_DET}, {"YOUR", POS_DET}, {"EACH", POS_DET}, {"EVERY", POS_DET}, {"SOME", POS_DET},
    {"ANY", POS_DET}, {"NO", POS_DET}, {"ALL", POS_DET}, {"BOTH", POS_DET}, {"ANOTHER", POS_DET},
    {"SEVERAL", POS_DET}, {"MANY", POS_DET}, {"FEW", POS_DET}, {"OTHER", POS_DET}, {"SUCH", POS_DET},
    {"WHOSE", POS_DET}, {"MORE", POS_DET}, {"MOST", POS_DET}, {"OF", POS_PREP}, {"IN", POS_PREP},
    {"ON", POS_PREP}, {"AT", POS_PREP}, {"BY", POS_PREP}, {"FOR", POS_PREP}, {"WITH", POS_PREP},
    {"FROM", POS_PREP}, {"INTO", POS_PREP}, {"ONTO", POS_PREP}, {"OVER", POS_PREP}, {"UNDER", POS_PREP},
    {"AFTER", POS_PREP}, {"BEFORE", POS_PREP}, {"DURING", POS_PREP}, {"AGAINST", POS_PREP},
    {"AMID", POS_PREP}, {"AMONG", POS_PREP}, {"BETWEEN", POS_PREP}, {"THROUGH", POS_PREP},
    {"ACROSS", POS_PREP}, {"ABOUT", POS_PREP}, {"WITHOUT", POS_PREP}, {"WITHIN", POS_PREP},
    {"NEAR", POS_PREP}, {"SINCE", POS_PREP}, {"UNTIL", POS_PREP}, {"TOWARD", POS_PREP},
    {"TOWARDS", POS_PREP}, {"UPON", POS_PREP}, {"VIA", POS_PREP}, {"DESPITE", POS_PREP},
    {"ALONG", POS_PREP}, {"AROUND", POS_PREP}, {"BEYOND", POS_PREP}, {"PER", POS_PREP},
    {"ABOARD", POS_PREP}, {"BEHIND", POS_PREP}, {"BESIDE", POS_PREP}, {"FOLLOWING", POS_PREP},
    {"INCLUDING", POS_PREP}, {"REGARDING", POS_PREP}, {"CONCERNING", POS_PREP}, {"LIKE", POS_PREP},
    {"TO", POS_TO}, {"BE", POS_AUX}, {"IS", POS_AUX}, {"ARE", POS_AUX}, {"WAS", POS_AUX},
    {"WERE", POS_AUX}, {"BEEN", POS_AUX}, {"BEING", POS_AUX}, {"AM", POS_AUX}, {"HAS", POS_AUX},
    {"HAVE", POS_AUX}, {"HAD", POS_AUX}, {"HAVING", POS_AUX}, {"DO", POS_AUX}, {"DOES", POS_AUX},
    {"DID", POS_AUX}, {"WILL", POS_MODAL}, {"WOULD", POS_MODAL}, {"CAN", POS_MODAL},
    {"COULD", POS_MODAL}, {"MAY", POS_MODAL}, {"MIGHT", POS_MODAL}, {"SHALL", POS_MODAL},
    {"SHOULD", POS_MODAL}, {"MUST", POS_MODAL}, {"HE", POS_PRON}, {"SHE", POS_PRON},
    {"IT", POS_PRON}, {"THEY", POS_PRON}, {"WE", POS_PRON}, {"I", POS_PRON}, {"YOU", POS_PRON},
    {"WHO", POS_PRON}, {"WHICH", POS_PRON}, {"THAT", POS_PRON}, {"HIM", POS_PRON},
    {"HER", POS_PRON}, {"THEM", POS_PRON}, {"ME", POS_PRON}, {"ITSELF", POS_PRON},
    {"THEMSELVES", POS_PRON}, {"HIMSELF", POS_PRON}, {"HERSELF", POS_PRON}, {"AND", POS_CONJ},
    {"OR", POS_CONJ}, {"BUT", POS_CONJ}, {"NOR", POS_CONJ}, {"NOT", POS_NEG}, {"N'T", POS_NEG},
    {"NEVER", POS_NEG}, {"NEITHER", POS_NEG}, {"EVEN", POS_ADV}, {"EVER", POS_ADV},
    {"ALSO", POS_ADV}, {"STILL", POS_ADV}, {"ALREADY", POS_ADV}, {"JUST", POS_ADV}, {"ONLY", POS_ADV},
    {"REPORTEDLY", POS_ADV}, {"ALLEGEDLY", POS_ADV}, {"THEN", POS_ADV}, {"NOW", POS_ADV}, {"'S", POS_POSS}, {"ONE", POS_NUM}, {"TWO", POS_NUM}, {"THREE", POS_NUM},
    {"FOUR", POS_NUM}, {"FIVE", POS_NUM}, {"SIX", POS_NUM}, {"SEVEN", POS_NUM}, {"EIGHT", POS_NUM},
    {"NINE", POS_NUM}, {"TEN", POS_NUM}, {"DOZEN", POS_NUM}, {"DOZENS", POS_NUM},
    {"HUNDRED", POS_NUM}, {"HUNDREDS", POS_NUM}, {"THOUSAND", POS_NUM}, {"THOUSANDS", POS_NUM},
    {"MILLION", POS_NUM}, {"MILLIONS", POS_NUM}, {"BILLION", POS_NUM}, {"BILLIONS", POS_NUM},
};

static void upper(char *s)
{
    for (; *s; s++)
        *s = (char)toupper((unsigned char)*s);
}

/* Each line of WordNet's file dir/name to fn (with what it reads); a
 * missing file is BLOC_EIO naming it and the Debian package. */
typedef struct wn_reader {
    pos_lexicon *p;
    strmap *into; /* exception lists: the map filled */
    int k;        /* the class the file is of */
} wn_reader;
typedef int (*wn_line_fn)(const wn_reader *r, char *line, bloc_error *err);

static int read_wordnet(const char *dir, const char *name, wn_line_fn fn, const wn_reader *r,
                        bloc_error *err)
{
    char path[1200], line[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return bloc_fail_at(err, BLOC_EIO, path, 0,
                            "cannot open WordNet's %s (install Debian's wordnet-base, or set BLOC_WORDNET)",
                            name);
    int rc = BLOC_OK;
    while (rc == BLOC_OK && fgets(line, sizeof line, f))
        rc = fn(r, line, err);
    fclose(f);
    return rc;
}

/* index.noun, index.verb ...: "lemma pos synset_cnt p_cnt [ptr...]
 * sense_cnt tagsense_cnt offsets..."; lines of the licence start with
 * two spaces */
static int index_line(const wn_reader *r, char *line, bloc_error *err)
{
    if (line[0] == ' ' || strchr(line, '_'))
        return BLOC_OK; /* the licence; phrases ("air_strike") are not words */
    char *save = NULL, *lemma = strtok_r(line, " \n", &save);
    char *fields[64];
    size_t nf = 0;
    for (char *tok; nf < 64 && (tok = strtok_r(NULL, " \n", &save));)
        fields[nf++] = tok;
    /* fields: pos synset_cnt p_cnt ptr*p_cnt sense_cnt tagsense_cnt */
    if (!lemma || nf < 5)
        return BLOC_OK;
    long pcnt = strtol(fields[2], NULL, 10);
    if (pcnt < 0 || (size_t)(3 + pcnt + 1) >= nf)
        return BLOC_OK;
    long tagged = strtol(fields[3 + pcnt + 1], NULL, 10);
    upper(lemma);
    long cur = 0;
    int had = strmap_get(r->p->lemma, lemma, &cur);
    if (strmap_put(r->p->lemma, lemma, with_count(cur, r->k, tagged + 1)) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    r->p->nlemmas += !had;
    return BLOC_OK;
}

/* noun.exc, verb.exc: "form lemma..." */
static int exc_line(const wn_reader *r, char *line, bloc_error *err)
{
    char *save = NULL, *form = strtok_r(line, " \n", &save), *lemma = strtok_r(NULL, " \n", &save);
    if (!form || !lemma || strchr(form, '_'))
        return BLOC_OK;
    upper(form);
    upper(lemma);
    long packed;
    if (!strmap_get(r->p->lemma, lemma, &packed) || !(packed & (1L << r->k)))
        return BLOC_OK;
    if (strmap_put(r->into, form, with_count(0, r->k, count_of(packed, r->k))) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return BLOC_OK;
}

int pos_load(pos_lexicon **out, const char *dir, bloc_error *err)
{
    static const char *const index[] = {"index.noun", "index.verb", "index.adj", "index.adv"};
    pos_lexicon *p = calloc(1, sizeof *p);
    int rc = BLOC_OK;
    *out = NULL;
    if (!p || !(p->lemma = strmap_new()) || !(p->verb_exc = strmap_new()) ||
        !(p->noun_exc = strmap_new()) || !(p->closed = strmap_new())) {
        pos_free(p);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < sizeof closed_words / sizeof *closed_words && rc == BLOC_OK; i++)
        if (strmap_put(p->closed, closed_words[i].word, closed_words[i].tag) != 0)
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; k < 4 && rc == BLOC_OK; k++)
        rc = read_wordnet(dir, index[k], index_line, &(wn_reader){p, NULL, k}, err);
    if (rc == BLOC_OK)
        rc = read_wordnet(dir, "verb.exc", exc_line, &(wn_reader){p, p->verb_exc, 1}, err);
    if (rc == BLOC_OK)
        rc = read_wordnet(dir, "noun.exc", exc_line, &(wn_reader){p, p->noun_exc, 0}, err);
    if (rc != BLOC_OK) {
        pos_free(p);
        return rc;
    }
    *out = p;
    return BLOC_OK;
}

void pos_free(pos_lexicon *p)
{
    if (!p)
        return;
    strmap_free(p->lemma);
    strmap_free(p->verb_exc);
    strmap_free(p->noun_exc);
    strmap_free(p->closed);
    free(p);
}

size_t pos_size(const pos_lexicon *p)
{
    return p->nlemmas;
}

/* ---- a word's readings ------------------------------------------------- */

typedef struct reading {
    long packed;   /* classes and counts, as the lexicon packs them */
    int vform;     /* the verb reading's form (enum form) */
    int plural;    /* the noun reading is a plural ("forces", "men") */
} reading;

static int lemma_has(const pos_lexicon *p, const char *w, size_t len, const char *add, int k,
                     long *packed)
{
    char buf[TEXT_MAX_TOKEN + 4];
    if (len + strlen(add) >= sizeof buf)
        return 0;
    memcpy(buf, w, len);
    strcpy(buf + len, add);
    return strmap_get(p->lemma, buf, packed) && (*packed & (1L << k));
}

static int ends(const char *w, size_t len, const char *suffix)
{
    size_t s = strlen(suffix);
    return len > s + 1 && memcmp(w + len - s, suffix, s) == 0;
}

/* WordNet's morphy: the word itself, its exception entry, then the
 * suffix rules of its class (wninput(5WN)) */
static reading read_word(const pos_lexicon *p, const char *w)
{
    static const struct {
        const char *suffix, *add;
        int k, form;
    } rules[] = {
        {"IES", "Y", 1, F_S}, {"ES", "E", 1, F_S}, {"ES", "", 1, F_S}, {"S", "", 1, F_S},
        {"ED", "E", 1, F_ED}, {"ED", "", 1, F_ED}, {"ING", "E", 1, F_ING}, {"ING", "", 1, F_ING},
        {"SES", "S", 0, 0}, {"XES", "X", 0, 0}, {"ZES", "Z", 0, 0}, {"CHES", "CH", 0, 0},
        {"SHES", "SH", 0, 0}, {"MEN", "MAN", 0, 0}, {"IES", "Y", 0, 0}, {"S", "", 0, 0},
        {"ER", "", 2, 0}, {"EST", "", 2, 0}, {"ER", "E", 2, 0}, {"EST", "E", 2, 0},
    };
    reading r = {0, F_BASE, 0};
    long packed, e;
    size_t len = strlen(w);
    if (strmap_get(p->lemma, w, &packed))
        r.packed = packed;
    if (strmap_get(p->verb_exc, w, &e)) {
        int is_lemma = (r.packed & CL_V) != 0; /* "found": find's past, and a verb of its own */
        r.packed = with_count(r.packed, 1, count_of(e, 1));
        if (!is_lemma)
            r.vform = ends(w, len, "ING") ? F_ING : ends(w, len, "S") ? F_S : F_ED;
    }
    if (strmap_get(p->noun_exc, w, &e)) {
        r.plural = !(r.packed & CL_N);
        r.packed = with_count(r.packed, 0, count_of(e, 0));
    }
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        int k = rules[i].k;
        if (r.packed & (1L << k) || !ends(w, len, rules[i].suffix))
            continue;
        if (lemma_has(p, w, len - strlen(rules[i].suffix), rules[i].add, k, &packed)) {
            r.packed = with_count(r.packed, k, count_of(packed, k));
            if (k == 1)
                r.vform = rules[i].form;
            r.plural |= k == 0;
        }
    }
    return r;
}

/* ---- the tagger --------------------------------------------------------- */

static int first_pass(const pos_lexicon *p, const char *w, int capital, int initial_capital, int is_name,
                      reading *r)
{
    long tag;
    unsigned char c = (unsigned char)w[0];
    r->packed = 0;
    r->vform = F_BASE;
    r->plural = 0;
    if (strmap_get(p->closed, w, &tag))
        return (int)tag;
    size_t len = strlen(w);
    if ((len > 3 && strcmp(w + len - 3, "N'T") == 0) || (len > 5 && strcmp(w + len - 5, "N\xe2\x80\x99T") == 0))
        return POS_NEG; /* "didn't", "won't", "can’t": one token */
    if (is_name)
        return POS_NAME;
    if (c >= '0' && c <= '9')
        return POS_NUM;
    if (!isalpha(c) && c < 0x80)
        return POS_PUNCT;
    *r = read_word(p, w);
    if (capital)
        return POS_NAME;
    long cls = r->packed & 0xf;
    if (!cls) /* a word the lexicon does not know, capitalised at the start: a name ("Sarkozy") */
        return initial_capital ? POS_NAME : POS_OTHER;
    if (cls == CL_V && r->vform != F_ED && r->vform != F_ING)
        return POS_VERB;
    if (cls & CL_V)
        return -1; /* to settle in context */
    /* noun, adjective or adverb: the most often tagged (ties: noun) */
    int best = -1;
    for (int k = 0; k < 4; k++)
        if (k != 1 && (cls & (1L << k)) && (best < 0 || count_of(r->packed, k) > count_of(r->packed, best)))
            best = k;
    return best == 0 ? POS_NOUN : best == 2 ? POS_ADJ : POS_ADV;
}

/* Verb or not: a word that can be a verb and something else, or a
 * participle that can only be a verb (r), with
 * prev the tag before it (adverbs skipped; -2 at the sentence's start or
 * after a comma), prev_plural whether that word is a plural noun,
 * before_conj the tag before a conjunction before it, and next the
 * first-pass tag after it (next_of: the word after is "of"; next_base:
 * it may be a verb's base form; next_ambiguous: it may be a verb or
 * something else; next_may_verb: it may be a verb). */
static int settle(const reading *r, int prev, int prev_plural, int before_conj, int next, int next_of,
                  int next_base, int next_ambiguous, int next_may_verb)
{
    int f = r->vform;
    int object_next = next == POS_DET || next == POS_NAME || next == POS_PRON || next == POS_NUM;
    if (f == F_ING && next_of)
        return POS_NOUN; /* "the opening of", "the bombing of" */
    if ((r->packed & 0xf) == CL_V) /* a participle and nothing else: "the two exiled
                                    * dissidents", "the ruling party"; else a verb */
        return prev == POS_DET || prev == POS_POSS || prev == POS_NUM || prev == POS_ADJ ? POS_ADJ : POS_VERB;
    switch (prev) {
    case POS_DET: case POS_POSS: case POS_NUM:
        return POS_NOUN; /* "the attack", "Russia's support", "two strikes" */
    case POS_ADJ:
        /* "joint patrols", "new sanctions"; but "a senior official said" */
        return f == F_ED ? POS_VERB : POS_NOUN;
    case POS_PREP:
        return f == F_ING ? POS_VERB : POS_NOUN; /* "of providing"; "in talks" */
    case POS_TO:
        return f == F_BASE ? POS_VERB : POS_NOUN;
    case POS_MODAL: case POS_NEG: case POS_PRON:
        return POS_VERB; /* "will attack", "didn't clash", "they attacked" */
    case POS_AUX:
        /* "has attacked", "is attacking", "did attack"; "have talks" */
        return f == F_ED || f == F_ING || f == F_BASE ? POS_VERB : POS_NOUN;
    case POS_VERB:
        /* the object: "held talks", "supply arms", "issued arrest
         * warrants"; but "began attacking", "got arrested" */
        return f == F_ED || f == F_ING ? POS_VERB : POS_NOUN;
    case POS_CONJ:
        if (before_conj == POS_VERB || before_conj == POS_NOUN)
            return before_conj; /* "attacked and seized"; "talks and visits" */
        break;
    case POS_NAME: case POS_NOUN:
        if (f == F_ED)
            return POS_VERB; /* "the US leader prepared", "men sought" */
        if (f == F_ING) /* "troops killing civilians"; "the museum shooting last week" */
            return object_next || next == POS_NOUN || next == POS_PREP || next == POS_TO ? POS_VERB : POS_NOUN;
        if (object_next)
            return POS_VERB; /* "Russia attacks Ukraine", "forces attack the town" */
        if (f == F_S)        /* "Sarkozy heads to Beijing", "Reuters reports."; "air
                              * strikes", "Syrian forces clash", "China's military
                              * arms imports" */
            return prev == POS_NAME && next != POS_PREP && next != POS_NOUN && !next_ambiguous ? POS_VERB
                                                                                           : POS_NOUN;
        /* a base form after a plural agrees with it ("forces clash");
         * after a singular it is a compound ("air strike", "State target") */
        return prev_plural ? POS_VERB : POS_NOUN;
    case -2:
        if (f == F_ED || f == F_ING)
            return POS_VERB; /* ", killing at least eight", ", jailed a year ago" */
        if (next_may_verb)
            return POS_NOUN; /* a subject: "(that) talks failed" */
        break;
    default:
        break;
    }
    /* nothing decides: the class SemCor tagged more often (ties: verb) */
    long v = count_of(r->packed, 1), other = 0;
    for (int k = 0; k < 4; k++)
        if (k != 1 && count_of(r->packed, k) > other)
            other = count_of(r->packed, k);
    return v >= other ? POS_VERB : POS_NOUN;
}

void pos_tag_sentence(const pos_lexicon *p, const char *text, const text_token *t, size_t n,
                      const char *name, unsigned char *tags)
{
    assert(p && (t || !n) && tags);
    /* a headline in title case says nothing by its capitals */
    size_t words = 0, capitals = 0;
    for (size_t i = 0; i < n; i++)
        if (isalpha((unsigned char)text[t[i].off])) {
            words++;
            capitals += isupper((unsigned char)text[t[i].off]) != 0;
        }
    int title_case = words >= 4 && capitals * 10 > words * 6;
    reading stack[64], *r = n <= 64 ? stack : malloc(n * sizeof *r);
    if (!r) { /* out of memory: nothing is settled, every verb stays a verb */
        memset(tags, POS_OTHER, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        /* (a closed-class word keeps its class capitalised or not:
         * first_pass looks it up before it reads capital) */
        int capital = !title_case && i > 0 && isupper((unsigned char)text[t[i].off]) &&
                      strcmp(t[i - 1].word, "\"") != 0 && strcmp(t[i - 1].word, ":") != 0;
        int initial_capital = i == 0 && isupper((unsigned char)text[t[i].off]);
        int tag = first_pass(p, t[i].word, capital, initial_capital, name && name[i], &r[i]);
        tags[i] = (unsigned char)(tag < 0 ? 0xff : tag);
    }
    for (size_t i = 0; i < n; i++) {
        if (tags[i] != 0xff)
            continue;
        size_t j = i;
        while (j > 0 && tags[j - 1] == POS_ADV)
            j--; /* "has also attacked" */
        /* the start, a comma and "that" open a clause */
        int prev = j == 0 || (tags[j - 1] == POS_PUNCT && !strcmp(t[j - 1].word, ",")) ||
                           !strcmp(t[j - 1].word, "THAT")
                       ? -2
                       : tags[j - 1];
        int before_conj = prev == POS_CONJ && j >= 2 ? tags[j - 2] : POS_OTHER;
        int next = i + 1 < n ? (tags[i + 1] == 0xff ? POS_OTHER : tags[i + 1]) : POS_PUNCT;
        int prev_plural = j > 0 && tags[j - 1] == POS_NOUN && r[j - 1].plural;
        int next_base = i + 1 < n && tags[i + 1] == 0xff && r[i + 1].vform == F_BASE;
        int next_may_verb = i + 1 < n && (tags[i + 1] == 0xff || tags[i + 1] == POS_VERB ||
                                          tags[i + 1] == POS_AUX || tags[i + 1] == POS_MODAL);
        tags[i] = (unsigned char)settle(&r[i], prev, prev_plural, before_conj, next,
                                        i + 1 < n && !strcmp(t[i + 1].word, "OF"), next_base,
                                        i + 1 < n && tags[i + 1] == 0xff, next_may_verb);
    }
    /* right to left: a noun that can be an adjective, before a name, a
     * noun or another adjective, is one ("the evil awful Gondor") */
    for (size_t i = n; i-- > 1;)
        if (tags[i - 1] == POS_NOUN && (r[i - 1].packed & CL_J) &&
            (tags[i] == POS_NAME || tags[i] == POS_NOUN || tags[i] == POS_ADJ))
            tags[i - 1] = POS_ADJ;
    for (size_t i = n; i-- > 1;)
        if (tags[i - 1] == POS_ADV && (r[i - 1].packed & CL_J) && (tags[i] == POS_NAME || tags[i] == POS_NOUN))
            tags[i - 1] = POS_ADJ;
    if (r != stack)
        free(r);
}

int pos_may_be_verb(int tag)
{
    return tag == POS_VERB || tag == POS_AUX || tag == POS_OTHER;
}

const char *pos_tag_name(int tag)
{
    static const char *const names[] = {"other", "noun", "verb", "adj", "adv", "name", "det", "prep", "to",
                                        "aux", "modal", "pron", "conj", "neg", "num", "poss", "punct"};
    return tag >= 0 && tag <= POS_PUNCT ? names[tag] : "?";
}
