/*
 * check/claims — quantity, event, relation and trend claims from an
 * article's sentences (see claims.h).
 */
#include "check/claims.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/text.h"
#include "core/util.h"

const char *claim_kind_name(int kind)
{
    static const char *const names[] = {"quantity", "event", "relation", "trend"};
    return kind >= 0 && kind <= CLAIM_TREND ? names[kind] : "";
}

int claim_ammunition(const char *s)
{
    static const char *const words[] = {"ammunition", "round", "shell", "bullet", "cartridge", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strstr(s, words[i]))
            return 1;
    return 0;
}

/* One sentence as the rules read it. */
typedef struct reading {
    const claim_tables *T;
    const article *a;
    size_t si;
    const article_sentence *s;
    text_token *t;
    size_t nt;
    coder_mention *m;         /* state mentions only */
    size_t nm;
    coder_event *e;
    size_t ne;
    extract_facts f;
    int doc_date;
} reading;

typedef struct claims {
    claim *c;
    size_t n, cap;
    char context[CLAIM_MAX_ACTORS][4]; /* the last three or more states named together */
    size_t ncontext;
    int oom;
} claims;

static int word_in(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

static int has_word(const reading *R, const char *const *list)
{
    for (size_t i = 0; i < R->nt; i++)
        if (word_in(R->t[i].word, list))
            return 1;
    return 0;
}

/* The token at byte off, or nt. */
static size_t token_at(const reading *R, size_t off)
{
    for (size_t i = 0; i < R->nt; i++)
        if (R->t[i].off >= off)
            return i;
    return R->nt;
}

static claim *push(claims *C, const reading *R, int kind, size_t off, size_t len)
{
    if (util_grow((void **)&C->c, &C->cap, C->n + 1, sizeof *C->c) != 0) {
        C->oom = 1;
        return NULL;
    }
    claim *c = &C->c[C->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->sentence = R->si;
    c->off = off;
    c->len = len;
    c->value = NAN;
    for (size_t k = 0; k < R->f.nk; k++)
        if (!strcmp(R->f.k[k].category, "weapon")) {
            if (!c->weapon[0])
                snprintf(c->weapon, sizeof c->weapon, "%s", R->f.k[k].term);
            if (!c->major[0] && !claim_ammunition(R->f.k[k].term))
                snprintf(c->major, sizeof c->major, "%s", R->f.k[k].term);
        }
    if (R->f.when.precision) {
        c->from = R->f.when.date;
        c->to = R->f.when.until;
        c->precision = R->f.when.precision;
    }
    return c;
}

static void add_actor(claim *c, const char *code)
{
    for (size_t i = 0; i < c->nactors; i++)
        if (!strcmp(c->actors[i], code))
            return;
    if (c->nactors < CLAIM_MAX_ACTORS)
        snprintf(c->actors[c->nactors++], 4, "%.3s", code);
}

static void all_actors(claim *c, const reading *R)
{
    for (size_t i = 0; i < R->nm; i++)
        add_actor(c, R->m[i].code);
}

static void domains_of(const reading *R, char *out, size_t n)
{
    static const struct {
        const char *word, *domain;
    } map[] = {{"MILITARY", "military"},       {"DEFENCE", "military"},     {"DEFENSE", "military"},
               {"ECONOMIC", "economic"},       {"TRADE", "economic"},       {"FINANCIAL", "economic"},
               {"DIPLOMATIC", "diplomatic"},   {"POLITICAL", "diplomatic"}, {"TECHNOLOGICAL", "technology"},
               {"TECHNOLOGY", "technology"}};
    out[0] = '\0';
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        for (size_t i = 0; i < R->nt; i++)
            if (!strcmp(R->t[i].word, map[k].word) && !strstr(out, map[k].domain)) {
                size_t l = strlen(out);
                snprintf(out + l, n - l, "%s%s", l ? "," : "", map[k].domain);
                break;
            }
}

/* ---- quantities ----------------------------------------------------------- */

static int duration_unit(const char *u)
{
    static const char *const units[] = {"year", "years", "month", "months", "day", "days", "week",
                                        "weeks", "times", "percent of the vote", NULL};
    return word_in(u, units) || strstr(u, "year") != NULL;
}

static int money_unit(const char *u)
{
    return !strcmp(u, "USD") || !strcmp(u, "EUR") || !strcmp(u, "dollars") || strstr(u, "rouble") ||
           strstr(u, "yuan") || strstr(u, "dollar");
}

/* "83% of China's military arms imports": the recipient is the state
 * named with 's after the figure, the supplier the state named before it
 * ("exports": the other way round). */
static void share_claim(claims *C, const reading *R, const extract_quantity *q)
{
    static const char *const imports[] = {"IMPORTS", "IMPORT", "PURCHASES", "SUPPLIES", NULL};
    static const char *const exports[] = {"EXPORTS", "EXPORT", "SALES", NULL};
    static const char *const arms[] = {"ARMS", "WEAPONS", "MILITARY", "WEAPON", NULL};
    int imp = has_word(R, imports), exp = has_word(R, exports);
    const coder_mention *owner = NULL, *other = NULL;
    for (size_t i = 0; i < R->nm; i++) {
        if (R->m[i].off > q->off && R->m[i].possessive && !owner)
            owner = &R->m[i];
        else if (R->m[i].off < q->off)
            other = &R->m[i];
    }
    if ((!imp && !exp) || !owner || !other || !strncmp(owner->code, other->code, 3))
        return;
    claim *c = push(C, R, CLAIM_QUANTITY, q->off, q->len);
    if (!c)
        return;
    snprintf(c->what, sizeof c->what, "share");
    c->value = q->value / 100.0;
    c->approx = q->approx;
    snprintf(c->unit, sizeof c->unit, "%%");
    const coder_mention *sup = imp ? other : owner, *rec = imp ? owner : other;
    snprintf(c->source, sizeof c->source, "%.3s", sup->code);
    snprintf(c->target, sizeof c->target, "%.3s", rec->code);
    add_actor(c, c->source);
    add_actor(c, c->target);
    c->arms = has_word(R, arms) || c->weapon[0];
    snprintf(c->domains, sizeof c->domains, "%s", c->arms ? "military" : "economic");
    char span[40] = "";
    if (c->to)
        snprintf(span, sizeof span, ", %d-%d", c->from / 10000, c->to / 10000);
    else if (c->from)
        snprintf(span, sizeof span, ", %d", c->from / 10000);
    snprintf(c->text, sizeof c->text, "%s supplies %g%% of %s's %simports%s", c->source, q->value,
             c->target, c->arms ? "arms " : "", span);
}

/* "North Korea has supplied Russia with roughly 2.5 million ammunition
 * rounds": who gives to whom from the sentence's aid or supply event, or
 * the order the states are named in. */
static void count_claim(claims *C, const reading *R, const extract_quantity *q)
{
    const char *src = NULL, *tgt = NULL;
    for (size_t k = 0; k < R->ne && !src; k++)
        if (!strncmp(R->e[k].code, "07", 2) || !strncmp(R->e[k].code, "06", 2)) {
            src = R->e[k].source;
            tgt = R->e[k].target;
        }
    if (!src || !strncmp(src, tgt, 3))
        return; /* a figure nobody gives anybody: not a claim between states */
    claim *c = push(C, R, CLAIM_QUANTITY, q->off, q->len);
    if (!c)
        return;
    int money = money_unit(q->unit);
    snprintf(c->what, sizeof c->what, "%s", money ? "money" : "count");
    c->value = q->value;
    c->approx = q->approx;
    snprintf(c->unit, sizeof c->unit, "%s", q->unit);
    snprintf(c->source, sizeof c->source, "%.3s", src);
    snprintf(c->target, sizeof c->target, "%.3s", tgt);
    add_actor(c, c->source);
    add_actor(c, c->target);
    domains_of(R, c->domains, sizeof c->domains);
    snprintf(c->text, sizeof c->text, "%s to %s: %s", c->source, c->target, q->text);
}

static void quantity_claims(claims *C, const reading *R)
{
    for (size_t k = 0; k < R->f.nq; k++) {
        const extract_quantity *q = &R->f.q[k];
        if (isnan(q->value) || duration_unit(q->unit))
            continue;
        if (!strcmp(q->unit, "%"))
            share_claim(C, R, q);
        else if (q->unit[0])
            count_claim(C, R, q);
    }
}

/* ---- relations ------------------------------------------------------------ */

/* "X is Y's (sole|only|closest) (military|treaty) ally"; "X and Y have
 * had diplomatic relations". */
static void relation_claims(claims *C, const reading *R)
{
    static const char *const sole[] = {"SOLE", "ONLY", NULL};
    for (size_t i = 0; i < R->nt; i++) {
        if (strcmp(R->t[i].word, "ALLY") != 0)
            continue;
        const coder_mention *y = NULL, *x = NULL;
        size_t yi = 0;
        for (size_t k = 0; k < R->nm; k++) {
            size_t ti = token_at(R, R->m[k].off + R->m[k].len);
            if (R->m[k].possessive && ti <= i && i - ti <= 5) {
                y = &R->m[k];
                yi = token_at(R, R->m[k].off);
            }
        }
        if (!y || yi < 2 || (strcmp(R->t[yi - 1].word, "IS") && strcmp(R->t[yi - 1].word, "REMAINS")))
            continue;
        for (size_t k = 0; k < R->nm; k++)
            if (R->m[k].off < R->t[yi - 1].off && token_at(R, R->m[k].off + R->m[k].len) == yi - 1)
                x = &R->m[k];
        if (!x || !strncmp(x->code, y->code, 3))
            continue;
        int only = 0;
        for (size_t j = yi; j < i; j++)
            only |= word_in(R->t[j].word, sole);
        claim *c = push(C, R, CLAIM_RELATION, x->off, R->t[i].off + R->t[i].len - x->off);
        if (!c)
            return;
        snprintf(c->what, sizeof c->what, "%s", only ? "sole ally" : "ally");
        snprintf(c->source, sizeof c->source, "%.3s", x->code);
        snprintf(c->target, sizeof c->target, "%.3s", y->code);
        add_actor(c, c->source);
        add_actor(c, c->target);
        snprintf(c->domains, sizeof c->domains, "military");
        snprintf(c->text, sizeof c->text, "%s is %s's %s", c->source, c->target,
                 only ? "only ally (defence pact)" : "ally (defence pact)");
        return;
    }
    for (size_t i = 0; i + 1 < R->nt; i++)
        if (!strcmp(R->t[i].word, "DIPLOMATIC") && !strcmp(R->t[i + 1].word, "RELATIONS") && R->nm >= 2) {
            claim *c = push(C, R, CLAIM_RELATION, R->t[i].off, R->t[i + 1].off + R->t[i + 1].len - R->t[i].off);
            if (!c)
                return;
            snprintf(c->what, sizeof c->what, "diplomatic relations");
            all_actors(c, R);
            snprintf(c->domains, sizeof c->domains, "diplomatic");
            snprintf(c->text, sizeof c->text, "diplomatic relations between %s", c->actors[0]);
            for (size_t k = 1; k < c->nactors; k++) {
                size_t l = strlen(c->text);
                snprintf(c->text + l, sizeof c->text - l, "%s%s", k + 1 == c->nactors ? " and " : ", ",
                         c->actors[k]);
            }
            return;
        }
}

/* ---- events --------------------------------------------------------------- */

/* The coder's events of the sentence, one claim per verb: the states on
 * either side, the code, the hedge. Events a quantity claim of the same
 * sentence already states (its supplier to its recipient) are left to it. */
static void event_claims(claims *C, const reading *R, size_t first_claim)
{
    for (size_t k = 0; k < R->ne; k++) {
        const coder_event *e = &R->e[k];
        int done = 0;
        for (size_t j = first_claim; j < C->n && !done; j++)
            done = (C->c[j].kind == CLAIM_QUANTITY && !strncmp(C->c[j].source, e->source, 3) &&
                     !strncmp(C->c[j].target, e->target, 3)) ||
                   (C->c[j].kind == CLAIM_EVENT && C->c[j].off == e->verb_off);
        if (done)
            continue;
        claim *c = push(C, R, CLAIM_EVENT, e->verb_off, e->verb_len);
        if (!c)
            return;
        snprintf(c->what, sizeof c->what, "%s", e->code);
        snprintf(c->hedge, sizeof c->hedge, "%s", e->hedge);
        snprintf(c->source, sizeof c->source, "%.3s", e->source);
        snprintf(c->target, sizeof c->target, "%.3s", e->target);
        for (size_t j = k; j < R->ne; j++)
            if (R->e[j].verb_off == e->verb_off && !strcmp(R->e[j].code, e->code)) {
                add_actor(c, R->e[j].source);
                add_actor(c, R->e[j].target);
            }
        domains_of(R, c->domains, sizeof c->domains);
    }
}

/* ---- trends --------------------------------------------------------------- */

/* apart: 1 a change that parts them ("drifting"), 2 a distance kept
 * (a level, not a change) */
static const struct change_word {
    const char *word;
    int apart;
} change_words[] = {{"INCREASINGLY", 0}, {"DEEPENING", 0},   {"DEEPENED", 0},      {"DEEPEN", 0},
                    {"GROWING", 0},      {"ACCELERATING", 0}, {"ACCELERATED", 0},   {"BURGEONING", 0},
                    {"CATALYST", 0},     {"STRENGTHENING", 0}, {"CLOSER", 0},       {"CONVERGENCE", 0},
                    {"DISTANCE", 2},     {"DRIFTING", 1},     {"COOLING", 1},      {"ESTRANGED", 1}};

/* The date a trend's sentence compares around: Russia's full-scale
 * invasion of Ukraine when it names the invasion (or 2022 beside
 * "before", "since" or "after"); "since YEAR" otherwise. */
static int split_of(const reading *R)
{
    int invasion = 0, y2022 = 0, since = 0;
    for (size_t i = 0; i < R->nt; i++) {
        const char *w = R->t[i].word;
        invasion |= !strcmp(w, "INVASION");
        if (!strcmp(w, "2022") && i > 0 &&
            (!strcmp(R->t[i - 1].word, "BEFORE") || !strcmp(R->t[i - 1].word, "SINCE") ||
             !strcmp(R->t[i - 1].word, "AFTER") || !strcmp(R->t[i - 1].word, "THE")))
            y2022 = 1;
        if (!strcmp(w, "SINCE") && i + 1 < R->nt && strlen(R->t[i + 1].word) == 4 &&
            R->t[i + 1].word[0] >= '1' && R->t[i + 1].word[0] <= '2')
            since = atoi(R->t[i + 1].word);
    }
    if (invasion || y2022)
        return 20220224;
    return since >= 1946 && since <= 2100 ? since * 10000 + 101 : 0;
}

/* The states a sentence lists together ("China, Iran, North Korea, and
 * Russia"): the longest run of mentions with only commas, "and" or dashes
 * between them. A state named elsewhere in the sentence ("to undercut
 * U.S. interests") is not of the group. */
static void listed_group(const reading *R, claim *g)
{
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < R->nm;) {
        size_t j = i + 1;
        while (j < R->nm) {
            size_t a = token_at(R, R->m[j - 1].off + R->m[j - 1].len), b = token_at(R, R->m[j].off);
            int joined = b >= a && b - a <= 2;
            for (size_t k = a; joined && k < b; k++)
                joined = !strcmp(R->t[k].word, ",") || !strcmp(R->t[k].word, "AND") ||
                         !strcmp(R->t[k].word, "\xE2\x80\x94") || !strcmp(R->t[k].word, "-");
            if (!joined)
                break;
            j++;
        }
        if (j - i > best_n) {
            best = i;
            best_n = j - i;
        }
        i = j;
    }
    for (size_t k = best; best_n >= 2 && k < best + best_n; k++)
        add_actor(g, R->m[k].code);
}

/* "China ... seeks to maintain a degree of strategic distance ... from
 * North Korea and Iran": the state before the word, and those after
 * "from"; source names the one keeping its distance. */
static void distance_group(const reading *R, size_t at, claim *g)
{
    const coder_mention *subject = NULL;
    for (size_t i = 0; i < R->nm; i++)
        if (token_at(R, R->m[i].off) < at)
            subject = &R->m[i];
    size_t from = at;
    while (from < R->nt && strcmp(R->t[from].word, "FROM") != 0)
        from++;
    if (!subject || from == R->nt)
        return;
    add_actor(g, subject->code);
    snprintf(g->source, sizeof g->source, "%.3s", subject->code);
    for (size_t i = 0; i < R->nm; i++)
        if (R->m[i].off > R->t[from].off)
            add_actor(g, R->m[i].code);
    if (g->nactors < 2)
        g->nactors = 0;
}

static void trend_claims(claims *C, const reading *R)
{
    static const char *const hedges[] = {"COULD", "MIGHT", "WOULD", "IF", "MAY", "UNLESS", NULL};
    static const char *const anaphora[] = {"THIS", "THESE", "THEIR", "SUCH", "THEY", NULL};
    static const char *const group_nouns[] = {"NATIONS", "STATES", "POWERS", "COUNTRIES", "GROUPING", "AXIS", NULL};
    const char *last = R->a->raw + R->s->off + R->s->len - 1;
    if (*last == '?' || has_word(R, hedges))
        return;
    size_t at = R->nt;
    int apart = 0;
    char words[64] = "";
    for (size_t i = 0; i < R->nt; i++)
        for (size_t k = 0; k < sizeof change_words / sizeof change_words[0]; k++)
            if (!strcmp(R->t[i].word, change_words[k].word)) {
                if (at == R->nt) {
                    at = i;
                    apart = change_words[k].apart;
                }
                size_t l = strlen(words);
                if (l + R->t[i].len + 3 < sizeof words)
                    snprintf(words + l, sizeof words - l, "%s%.*s", l ? ", " : "", (int)R->t[i].len,
                             R->a->raw + R->t[i].off);
            }
    if (at == R->nt)
        return;
    claim c0 = {0};
    int context = R->nt && word_in(R->t[0].word, anaphora);
    if (apart == 2)
        distance_group(R, at, &c0);
    else if (!context)
        listed_group(R, &c0);
    if (c0.nactors < 2) {
        if (C->ncontext < 2 || (!context && !has_word(R, group_nouns)))
            return;
        c0.nactors = 0;
        for (size_t i = 0; i < C->ncontext; i++)
            add_actor(&c0, C->context[i]);
        context = 1;
    }
    claim *c = push(C, R, CLAIM_TREND, R->t[at].off, R->t[at].len);
    if (!c)
        return;
    memcpy(c->actors, c0.actors, sizeof c->actors);
    c->nactors = c0.nactors;
    memcpy(c->source, c0.source, sizeof c->source);
    c->group_from_context = context;
    snprintf(c->what, sizeof c->what, "%s", apart == 2 ? "distance" : apart ? "apart" : "closer");
    snprintf(c->words, sizeof c->words, "%s", words);
    domains_of(R, c->domains, sizeof c->domains);
    c->split = split_of(R);
    char who[48] = "";
    for (size_t i = 0; i < c->nactors; i++) {
        size_t l = strlen(who);
        snprintf(who + l, sizeof who - l, "%s%s", i ? "," : "", c->actors[i]);
    }
    char split[40] = "";
    if (c->split)
        snprintf(split, sizeof split, " since %04d-%02d-%02d", c->split / 10000, c->split / 100 % 100,
                 c->split % 100);
    if (apart == 2 && c->source[0]) {
        assert(strncmp(who, c->source, 3) == 0 && who[3] == ','); /* distance_group puts it first */
        snprintf(c->text, sizeof c->text, "%s keeps its distance from %s%s%s%s", c->source, who + 4,
                 c->domains[0] ? " (" : "", c->domains, c->domains[0] ? ")" : "");
    } else
        snprintf(c->text, sizeof c->text, "%s %s%s%s%s", who, apart ? "grow apart" : "come closer",
                 c->domains[0] ? " (" : "", c->domains, c->domains[0] ? ")" : "");
    size_t l = strlen(c->text);
    snprintf(c->text + l, sizeof c->text - l, "%s", split);
}

/* ---- one sentence ----------------------------------------------------------- */

static int read_sentence(reading *R, bloc_error *err)
{
    const claim_tables *T = R->T;
    coder_mention *m = NULL;
    size_t nm = 0;
    int discarded = 0, rc;
    if ((rc = text_tokens(R->a->text, R->s->off, R->s->len, &R->t, &R->nt, err)) != BLOC_OK ||
        (rc = coder_mentions(T->c, R->a->text, R->s->off, R->s->len, R->doc_date, &m, &nm, err)) != BLOC_OK ||
        (rc = coder_sentence(T->c, T->o, R->a->text, R->s->off, R->s->len, R->doc_date, &R->e, &R->ne,
                             &discarded, err)) != BLOC_OK) {
        free(m);
        return rc;
    }
    /* states only: a mention whose first three letters are a state's code */
    R->m = m;
    for (size_t i = 0; i < nm; i++) {
        char code[4];
        snprintf(code, sizeof code, "%.3s", m[i].code);
        const store_country *k = registry_by_code(T->r, code);
        if (k && strlen(m[i].code) >= 3)
            R->m[R->nm++] = m[i];
    }
    size_t w = 0;
    for (size_t k = 0; k < R->ne; k++) {
        char a[4], b[4];
        snprintf(a, sizeof a, "%.3s", R->e[k].source);
        snprintf(b, sizeof b, "%.3s", R->e[k].target);
        if (registry_by_code(T->r, a) && registry_by_code(T->r, b) && strcmp(a, b) != 0)
            R->e[w++] = R->e[k];
    }
    R->ne = w;
    extract_sentence(T->kw, NULL, R->a->text, R->t, R->nt, R->doc_date, &R->f);
    return BLOC_OK;
}

int claims_extract(const claim_tables *t, const article *a, int doc_date, claim **out, size_t *n,
                   bloc_error *err)
{
    claims C = {0};
    int rc = BLOC_OK;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < a->ns && rc == BLOC_OK; i++) {
        if (a->s[i].block != ARTICLE_PROSE || a->s[i].len > 65536)
            continue;
        reading R = {.T = t, .a = a, .si = i, .s = &a->s[i], .doc_date = doc_date};
        if ((rc = read_sentence(&R, err)) == BLOC_OK) {
            size_t first = C.n;
            quantity_claims(&C, &R);
            relation_claims(&C, &R);
            event_claims(&C, &R, first);
            trend_claims(&C, &R);
            if (C.oom)
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            /* the states named together, for "this", "these", "their" */
            claim names = {0};
            listed_group(&R, &names);
            if (names.nactors >= 3) {
                memcpy(C.context, names.actors, sizeof C.context);
                C.ncontext = names.nactors;
            }
        }
        free(R.t);
        free(R.m);
        free(R.e);
    }
    if (rc != BLOC_OK) {
        free(C.c);
        return rc;
    }
    *out = C.c;
    *n = C.n;
    return BLOC_OK;
}
