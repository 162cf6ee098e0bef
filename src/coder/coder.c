/*
 * coder — dictionaries and shallow coding (see coder.h). The dictionary
 * formats are PETRARCH's (Open Event Data Alliance): phrases with "_"
 * between words, codes in brackets, "+" synonyms, "&" synonym sets, "- ...
 * * ..." verb patterns. Phrases are hashed by their first word (strmap), so
 * matching a sentence looks up each token once instead of scanning.
 */
#include "coder/coder.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/text.h"
#include "core/strmap.h"
#include "core/util.h"

enum kind { K_ACTOR, K_AGENT, K_VERB, K_DISCARD, K_NKINDS };
enum { MAX_WORDS = 12, MAX_DATED = 6, MAX_PAT_WORDS = 6 };

typedef struct phrase {
    char *words[MAX_WORDS];
    size_t n;
    int kind, payload;
    int nocode;     /* a verb form marked [---]: it codes only through a pattern */
    char own[8], own_recip[8]; /* a verb form's own code, "HELP [070]" in AID's [060] block
                                * ("" = the block's) */
    char head[24];  /* a verb form: the dictionary verb it is a form of ("RATIFY") */
    int generated;  /* an inflection the coder made ("RESTORED"), not written in a dictionary */
} phrase;

typedef struct bucket { /* the phrases that start with one word */
    size_t *idx;
    size_t n, cap;
} bucket;

typedef struct dated {
    char code[32];
    int from, until; /* YYYYMMDD, 0 = open */
} dated;

typedef struct actor {
    dated d[MAX_DATED];
    size_t n;
    char name[64];
} actor;

typedef struct pattern {
    char *pre[MAX_PAT_WORDS], *post[MAX_PAT_WORDS];
    size_t npre, npost;
    char code[8];
    char recip[8]; /* "[042:043]": what the target does to the source ("" = nothing) */
    char owner[24]; /* the verb of its block it was written for: "- * &TREATY [057] # RATIFY" */
    int compound;   /* "%" before the verb: the pattern needs a compound subject */
    size_t target_slot; /* "+" after the verb: 1 + the post words before it (0: none) */
} pattern;

typedef struct verb {
    char code[8];    /* "" = codes nothing */
    char recip[8];   /* the reciprocal code, "[042:043]": the target's event toward the source */
    char name[64];
    size_t first_pattern, npatterns;
} verb;

typedef struct agent_code {
    char code[16];
    int prefix; /* "[NGO~]": the code goes before the actor's */
} agent_code;

typedef struct subst {
    char name[32];     /* "!PERSON!" */
    char members[512]; /* "MAN, MEN, WOMAN, WOMEN, PERSON" */
} subst;

typedef struct synset {
    char name[48];
    char **words; /* first words of members */
    size_t n, cap;
} synset;

struct coder {
    phrase *ph;
    size_t nph, capph;
    strmap *first[K_NKINDS]; /* first word -> index into buckets */
    bucket *buckets[K_NKINDS];
    size_t nbuckets[K_NKINDS], capbuckets[K_NKINDS];
    actor *actors;
    size_t nactors, capactors;
    agent_code *agents;
    size_t nagents, capagents;
    subst *subs; /* an agents file's substitution sets (!PERSON!) */
    size_t nsubs, capsubs;
    verb *verbs;
    size_t nverbs, capverbs;
    pattern *pats;
    size_t npats, cappats;
    synset *syn;
    size_t nsyn, capsyn;
    strmap *members; /* "&SET WORD" -> 1, for each synonym set's members (after loading) */
    int form_nocode; /* while loading: the verb forms being added are [---] */
    char form_code[8], form_recip[8]; /* while loading: their own code, if any */
    char form_head[24]; /* while loading: the dictionary verb whose forms are being added */
    char comment_word[24]; /* while loading: the first word of the line's comment, upper case */
};

static char *dupw(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
        for (char *q = p; *q; q++)
            *q = (char)toupper((unsigned char)*q);
    }
    return p;
}

/* Split a dictionary phrase ("ISRAELI_TROOPS", "PRESIDENT HOSNI MUBARAK")
 * into words. */
static size_t split_phrase(const char *s, char **words, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        while (*s == '_' || *s == ' ' || *s == '\t')
            s++;
        size_t k = strcspn(s, "_ \t");
        if (!k)
            break;
        /* a possessive inside a phrase: "IRAN'S" -> IRAN 'S */
        if (k > 2 && s[k - 2] == '\'' && (s[k - 1] == 'S' || s[k - 1] == 's') && n + 1 < max) {
            words[n++] = dupw(s, k - 2);
            words[n++] = dupw(s + k - 2, 2);
        } else {
            words[n++] = dupw(s, k);
        }
        s += k;
    }
    return n;
}

static int add_phrase(coder *c, const char *text, int kind, int payload)
{
    phrase p = {.kind = kind, .payload = payload, .nocode = kind == K_VERB && c->form_nocode};
    if (kind == K_VERB) {
        snprintf(p.head, sizeof p.head, "%s", c->form_head);
        snprintf(p.own, sizeof p.own, "%s", c->form_code);
        snprintf(p.own_recip, sizeof p.own_recip, "%s", c->form_recip);
    }
    p.n = split_phrase(text, p.words, MAX_WORDS);
    if (!p.n)
        return 0;
    for (size_t i = 0; i < p.n; i++)
        if (!p.words[i])
            return -1;
    if (util_grow((void **)&c->ph, &c->capph, c->nph + 1, sizeof *c->ph) != 0)
        return -1;
    size_t idx = c->nph++;
    c->ph[idx] = p;
    long li;
    if (!strmap_get(c->first[kind], p.words[0], &li)) {
        if (util_grow((void **)&c->buckets[kind], &c->capbuckets[kind], c->nbuckets[kind] + 1,
                      sizeof *c->buckets[kind]) != 0)
            return -1;
        li = (long)c->nbuckets[kind]++;
        memset(&c->buckets[kind][li], 0, sizeof c->buckets[kind][li]);
        if (strmap_put(c->first[kind], p.words[0], li) != 0)
            return -1;
    }
    bucket *b = &c->buckets[kind][li];
    if (util_grow((void **)&b->idx, &b->cap, b->n + 1, sizeof *b->idx) != 0)
        return -1;
    b->idx[b->n++] = idx;
    return 0;
}

static int yymmdd(const char *s)
{
    int v = atoi(s);
    size_t n = strspn(s, "0123456789");
    if (n == 6)
        v += (v / 10000 > 30 ? 19000000 : 20000000);
    return n == 6 || n == 8 ? v : 0;
}

/* "[CODE]", "[CODE >950601]", "[CODE < 950601]", "[CODE 19950601 - 19990815]" */
static int parse_dated(const char *s, dated *d)
{
    memset(d, 0, sizeof *d);
    const char *lb = strchr(s, '['), *rb = lb ? strchr(lb, ']') : NULL;
    if (!lb || !rb)
        return -1;
    char buf[128];
    size_t k = (size_t)(rb - lb - 1) < sizeof buf - 1 ? (size_t)(rb - lb - 1) : sizeof buf - 1;
    memcpy(buf, lb + 1, k);
    buf[k] = '\0';
    char *p = util_trim(buf);
    size_t cl = strcspn(p, " \t<>");
    snprintf(d->code, sizeof d->code, "%.*s", (int)(cl < 31 ? cl : 31), p);
    p += cl;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '<')
        d->until = yymmdd(util_trim(p + 1));
    else if (*p == '>')
        d->from = yymmdd(util_trim(p + 1));
    else if (isdigit((unsigned char)*p)) {
        d->from = yymmdd(p);
        const char *dash = strchr(p, '-');
        if (dash)
            d->until = yymmdd(util_trim((char *)dash + 1));
    }
    return 0;
}

/* Read a dictionary file line by line, comments removed. */
typedef int (*line_fn)(coder *c, char *line, void *state);
static int read_lines(coder *c, const char *path, line_fn fn, void *state, bloc_error *err)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int in_comment = 0;
    long no = 0;
    if (!f)
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot open");
    while (fgets(line, sizeof line, f)) {
        no++;
        if (in_comment) {
            if (strstr(line, "-->"))
                in_comment = 0;
            continue;
        }
        char *lt = strstr(line, "<!--");
        if (lt) {
            if (!strstr(lt, "-->"))
                in_comment = 1;
            *lt = '\0';
        }
        char *hash = strchr(line, '#');
        c->comment_word[0] = '\0';
        if (hash) { /* its first word is kept: "# RATIFY" names a pattern's verb */
            *hash = '\0';
            const char *w = hash + 1 + strspn(hash + 1, " \t");
            size_t wl = strcspn(w, " \t\r\n");
            snprintf(c->comment_word, sizeof c->comment_word, "%.*s", (int)(wl < 23 ? wl : 23), w);
            for (char *q = c->comment_word; *q; q++)
                *q = (char)toupper((unsigned char)*q);
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (fn(c, line, state) != 0) {
            fclose(f);
            return bloc_fail_at(err, BLOC_ENOMEM, path, no, "out of memory");
        }
    }
    fclose(f);
    return BLOC_OK;
}

static int actor_line(coder *c, char *line, void *state)
{
    long *cur = state;
    char *t = util_trim(line);
    if (!*t || strchr(t, '=') )
        return 0;
    if (*t == '[') { /* a dated code for the current actor */
        if (*cur >= 0 && c->actors[*cur].n < MAX_DATED &&
            parse_dated(t, &c->actors[*cur].d[c->actors[*cur].n]) == 0)
            c->actors[*cur].n++;
        return 0;
    }
    char name[512];
    int synonym = *t == '+';
    snprintf(name, sizeof name, "%.*s", (int)strcspn(t + synonym, "[{"), t + synonym);
    util_trim(name);
    if (!synonym) {
        if (util_grow((void **)&c->actors, &c->capactors, c->nactors + 1, sizeof *c->actors) != 0)
            return -1;
        *cur = (long)c->nactors++;
        actor *a = &c->actors[*cur];
        memset(a, 0, sizeof *a);
        snprintf(a->name, sizeof a->name, "%.63s", name);
        for (const char *b = strchr(t, '['); b && a->n < MAX_DATED; b = strchr(b + 1, '['))
            if (parse_dated(b, &a->d[a->n]) == 0)
                a->n++;
    }
    return *cur >= 0 ? add_phrase(c, name, K_ACTOR, (int)*cur) : 0;
}

/* "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON": a substitution set of an
 * agents file; a line naming it stands for one line per member. */
static int subst_define(coder *c, const char *t)
{
    const char *eq = strchr(t, '='), *close = strchr(t + 1, '!');
    if (!eq || !close || close > eq)
        return 0; /* not a definition */
    if (util_grow((void **)&c->subs, &c->capsubs, c->nsubs + 1, sizeof *c->subs) != 0)
        return -1;
    subst *x = &c->subs[c->nsubs++];
    snprintf(x->name, sizeof x->name, "%.*s", (int)(close - t + 1), t);
    snprintf(x->members, sizeof x->members, "%s", eq + 1);
    return 0;
}

static int agent_line(coder *c, char *line, void *state);

/* A line naming a set ("!MINIST! FOR_AGRICULTURE [~GOVAGR]",
 * "CONGRESS!PERSON! [~LEG]"), read once per member with the member in
 * its place. A set not defined leaves the line out. */
static int subst_expand(coder *c, const char *t, const char *bang, void *state)
{
    const char *close = strchr(bang + 1, '!');
    for (size_t s = 0; close && s < c->nsubs; s++) {
        size_t nl = (size_t)(close - bang + 1);
        if (strlen(c->subs[s].name) != nl || strncmp(c->subs[s].name, bang, nl) != 0)
            continue;
        char members[sizeof c->subs[s].members];
        snprintf(members, sizeof members, "%s", c->subs[s].members);
        char *save = NULL;
        for (char *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
            if (strchr(m, '!'))
                continue; /* a set inside a set: no endless expansion */
            char one[1024];
            snprintf(one, sizeof one, "%.*s%s%s", (int)(bang - t), t, util_trim(m), close + 1);
            if (agent_line(c, one, state) != 0)
                return -1;
        }
        return 0;
    }
    return 0;
}

static int agent_line(coder *c, char *line, void *state)
{
    char *t = util_trim(line);
    if (*t == '!' && strchr(t, '='))
        return subst_define(c, t);
    char *bang = strchr(t, '!');
    if (bang)
        return subst_expand(c, t, bang, state);
    char *b = strchr(t, '[');
    if (!*t || !b)
        return 0;
    /* "[~GOV]" follows the actor's code, "[NGO~]" goes before it */
    char inside[32];
    snprintf(inside, sizeof inside, "%.*s", (int)strcspn(b + 1, "]"), b + 1);
    char *code = util_trim(inside);
    size_t cl = strlen(code);
    int prefix = cl > 1 && code[cl - 1] == '~';
    if (!prefix && code[0] != '~')
        return 0;
    if (prefix)
        code[cl - 1] = '\0';
    else
        code++;
    if (util_grow((void **)&c->agents, &c->capagents, c->nagents + 1, sizeof *c->agents) != 0)
        return -1;
    snprintf(c->agents[c->nagents].code, sizeof c->agents[c->nagents].code, "%s", util_trim(code));
    c->agents[c->nagents].prefix = prefix;
    int id = (int)c->nagents++;
    char name[512];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(t + (*t == '+'), "[{"), t + (*t == '+'));
    if (add_phrase(c, util_trim(name), K_AGENT, id) != 0)
        return -1;
    char *plural = strchr(t, '{'); /* {PLURAL} forms */
    if (plural && plural < b) {
        snprintf(name, sizeof name, "%.*s", (int)strcspn(plural + 1, "}"), plural + 1);
        if (*util_trim(name) && add_phrase(c, name, K_AGENT, id) != 0)
            return -1;
        return 0;
    }
    /* no plural given: the regular one, as PETRARCH makes it ("SOLDIER"
     * -> "SOLDIERS", "PARTY" -> "PARTIES", "BOSS" -> "BOSSES") */
    snprintf(name, sizeof name, "%.*s", (int)strcspn(t + (*t == '+'), "[{"), t + (*t == '+'));
    char *w = util_trim(name);
    size_t len = strlen(w);
    while (len && (w[len - 1] == '_' || w[len - 1] == ' '))
        w[--len] = '\0';
    if (len < 2 || len + 3 >= sizeof name)
        return 0;
    char last = w[len - 1], before = w[len - 2];
    if (last == 'Y' && !strchr("AEIOU", before))
        snprintf(w + len - 1, sizeof name - (size_t)(w - name) - len + 1, "IES");
    else if (strchr("SXZ", last) || (last == 'H' && strchr("CS", before)))
        snprintf(w + len, sizeof name - (size_t)(w - name) - len, "ES");
    else
        snprintf(w + len, sizeof name - (size_t)(w - name) - len, "S");
    return add_phrase(c, w, K_AGENT, id);
}

static int discard_line(coder *c, char *line, void *state)
{
    (void)state;
    char *t = util_trim(line);
    if (*t == '+')
        t++;
    return *t ? add_phrase(c, t, K_DISCARD, 0) : 0;
}

typedef struct verb_state {
    long block;    /* current verb block */
    long syn;      /* synset being filled, -1 none */
} verb_state;

static void code_of(const char *b, char *out)
{
    out[0] = '\0';
    if (!b)
        return;
    const char *p = b + 1;
    size_t k = strcspn(p, ":]?"), digits = strspn(p, "0123456789");
    /* CAMEO's 2 to 4 digits; PETRARCH2's validation set also marks which
     * of a verb's patterns fired with a letter ("174K") */
    if (k >= 2 && k <= 4 && (digits >= k || (k == 4 && digits == 3 && p[3] >= 'A' && p[3] <= 'Z')))
        snprintf(out, 8, "%.*s", (int)k, p);
}

/* The reciprocal code of "[042:043]" (PETRARCH's notation: the source's
 * code, then the target's toward the source): "043"; "" without one. */
static void recip_of(const char *b, char *out)
{
    out[0] = '\0';
    const char *colon = b ? strchr(b, ':') : NULL, *close = b ? strchr(b, ']') : NULL;
    if (!colon || !close || colon > close)
        return;
    code_of(colon, out);
}

/* Regular inflections and a few irregular ones, so a dictionary verb
 * matches "restores", "restored", "restoring". */
static int add_verb_forms(coder *c, const char *phrase_text, int id)
{
    static const char *const irregular[][4] = {
        {"SAY", "SAID", NULL, NULL},      {"MEET", "MET", NULL, NULL},
        {"LEAVE", "LEFT", NULL, NULL},    {"GIVE", "GAVE", "GIVEN", NULL},
        {"TAKE", "TOOK", "TAKEN", NULL},  {"HOLD", "HELD", NULL, NULL},
        {"SEND", "SENT", NULL, NULL},     {"SEEK", "SOUGHT", NULL, NULL},
        {"SELL", "SOLD", NULL, NULL},     {"BUY", "BOUGHT", NULL, NULL},
        {"FIGHT", "FOUGHT", NULL, NULL},  {"SHOOT", "SHOT", NULL, NULL},
        {"BRING", "BROUGHT", NULL, NULL}, {"WIN", "WON", NULL, NULL},
        {"LEAD", "LED", NULL, NULL},      {"STRIKE", "STRUCK", NULL, NULL},
        {"BEGIN", "BEGAN", "BEGUN", NULL}, {"SPEAK", "SPOKE", "SPOKEN", NULL},
        {"FLEE", "FLED", NULL, NULL},     {"KEEP", "KEPT", NULL, NULL},
        {"GO", "WENT", "GONE", "GOES"},   {"DO", "DID", "DONE", "DOES"}};
    char words[512];
    snprintf(words, sizeof words, "%s", phrase_text);
    size_t first = strcspn(words, "_ ");
    char head[64], rest[448];
    snprintf(head, sizeof head, "%.*s", (int)(first < 63 ? first : 63), words);
    snprintf(rest, sizeof rest, "%s", words + first);
    for (char *q = head; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    size_t n = strlen(head);
    if (!n)
        return 0;
    char forms[10][80];
    size_t nf = 0;
    snprintf(forms[nf++], 80, "%s", head);
    if (n > 1 && head[n - 1] == 'Y' && !strchr("AEIOU", head[n - 2])) {
        snprintf(forms[nf++], 80, "%.*sIES", (int)(n - 1), head);
        snprintf(forms[nf++], 80, "%.*sIED", (int)(n - 1), head);
    } else if (head[n - 1] == 'E') {
        snprintf(forms[nf++], 80, "%sS", head);
        snprintf(forms[nf++], 80, "%sD", head);
    } else {
        snprintf(forms[nf++], 80, "%s%s", head, strchr("SXZH", head[n - 1]) ? "ES" : "S");
        snprintf(forms[nf++], 80, "%sED", head);
        if (n >= 3 && !strchr("AEIOUWXY", head[n - 1]) && strchr("AEIOU", head[n - 2]) &&
            !strchr("AEIOU", head[n - 3]))
            snprintf(forms[nf++], 80, "%s%cED", head, head[n - 1]);
    }
    snprintf(forms[nf++], 80, "%.*sING", (int)(head[n - 1] == 'E' && n > 2 ? n - 1 : n), head);
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
        if (strcmp(irregular[i][0], head) == 0)
            for (int k = 1; k < 4 && irregular[i][k]; k++)
                snprintf(forms[nf++], 80, "%s", irregular[i][k]);
    for (size_t i = 0; i < nf; i++) {
        char full[1024];
        snprintf(full, sizeof full, "%.79s%.400s", forms[i], rest);
        if (add_phrase(c, full, K_VERB, id) != 0)
            return -1;
        c->ph[c->nph - 1].generated = i > 0; /* forms[0] is the word as written */
    }
    return 0;
}

static int verb_line(coder *c, char *line, void *state)
{
    verb_state *vs = state;
    char *t = util_trim(line);
    if (!*t)
        return 0;
    if (strncmp(t, "---", 3) == 0) { /* --- VERB [code] --- */
        vs->syn = -1;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(t + 3, "["), t + 3);
        util_trim(name);
        if (util_grow((void **)&c->verbs, &c->capverbs, c->nverbs + 1, sizeof *c->verbs) != 0)
            return -1;
        verb *v = &c->verbs[c->nverbs];
        memset(v, 0, sizeof *v);
        snprintf(v->name, sizeof v->name, "%.63s", name);
        code_of(strchr(t, '['), v->code);
        recip_of(strchr(t, '['), v->recip);
        v->first_pattern = c->npats;
        vs->block = (long)c->nverbs++;
        return 0;
    }
    if (*t == '&') { /* a synonym set: its members follow as +lines */
        if (util_grow((void **)&c->syn, &c->capsyn, c->nsyn + 1, sizeof *c->syn) != 0)
            return -1;
        synset *s = &c->syn[c->nsyn];
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%.*s", (int)strcspn(t, " \t"), t);
        vs->syn = (long)c->nsyn++;
        return 0;
    }
    if (*t == '+' && vs->syn >= 0) {
        synset *s = &c->syn[vs->syn];
        char *w[MAX_WORDS];
        size_t k = split_phrase(t + 1, w, MAX_WORDS);
        for (size_t i = 1; i < k; i++)
            free(w[i]);
        if (k && util_grow((void **)&s->words, &s->cap, s->n + 1, sizeof *s->words) == 0)
            s->words[s->n++] = w[0];
        else if (k)
            free(w[0]);
        return 0;
    }
    vs->syn = -1;
    if (vs->block < 0)
        return 0;
    verb *v = &c->verbs[vs->block];
    if (*t == '-') { /* - pre * post [code] */
        if (util_grow((void **)&c->pats, &c->cappats, c->npats + 1, sizeof *c->pats) != 0)
            return -1;
        pattern *p = &c->pats[c->npats];
        memset(p, 0, sizeof *p);
        code_of(strchr(t, '['), p->code);
        recip_of(strchr(t, '['), p->recip);
        if (!p->code[0] && !strstr(t, "[---]"))
            return 0; /* an unusable code */
        snprintf(p->owner, sizeof p->owner, "%s", c->comment_word); /* "# RATIFY" */
        char body[512];
        snprintf(body, sizeof body, "%.*s", (int)strcspn(t + 1, "["), t + 1);
        for (char *q = body; *q; q++) /* PETRARCH2 groups phrases with {} and () */
            if (*q == '{' || *q == '}' || *q == '(' || *q == ')')
                *q = ' ';
        char *words[2 * MAX_PAT_WORDS];
        size_t nw = split_phrase(body, words, 2 * MAX_PAT_WORDS);
        int after = 0, ok = 1;
        for (size_t i = 0; i < nw; i++) {
            if (!strcmp(words[i], "*"))
                after = 1;
            else if (!strcmp(words[i], "%") && !after)
                p->compound = 1; /* "- % * [030:030]": a compound subject */
            else if (!strcmp(words[i], "+") && after && !p->target_slot)
                p->target_slot = p->npost + 1; /* "- * IFTAR IN ^ + [045]": the target comes here */
            else if (!strcmp(words[i], "$") || !strcmp(words[i], "+") || !strcmp(words[i], "%"))
                ; /* actor slots: the coder finds actors on its own */
            else if (after && p->npost < MAX_PAT_WORDS)
                p->post[p->npost++] = words[i], words[i] = NULL;
            else if (!after && p->npre < MAX_PAT_WORDS)
                p->pre[p->npre++] = words[i], words[i] = NULL;
            else
                ok = 0;
            free(words[i]);
        }
        if (!ok || !after || (p->npre + p->npost + (size_t)p->compound) == 0) {
            for (size_t i = 0; i < p->npre; i++)
                free(p->pre[i]);
            for (size_t i = 0; i < p->npost; i++)
                free(p->post[i]);
            return 0;
        }
        c->npats++;
        v->npatterns = c->npats - v->first_pattern;
        return 0;
    }
    /* a verb form of the block, perhaps with its forms: PUT {PUTS PUTTING} */
    char name[512];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(t + (*t == '+'), "[{"), t + (*t == '+'));
    util_trim(name);
    if (strchr(name, '+') || !*name)
        return 0;
    /* "HOLD {HOLDS HOLDING HELD} [---]": these forms code nothing of their
     * own ("held" is not "detained"), only through the block's patterns
     * ("held * joint exercises") */
    c->form_nocode = strstr(t, "[---]") != NULL;
    code_of(strchr(t, '['), c->form_code);
    recip_of(strchr(t, '['), c->form_recip);
    snprintf(c->form_head, sizeof c->form_head, "%.*s", (int)strcspn(name, "_ "), name);
    for (char *q = c->form_head; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    const char *brace = strchr(t, '{');
    int rc = 0;
    if (brace) {
        char forms[512];
        snprintf(forms, sizeof forms, "%.*s", (int)strcspn(brace + 1, "}"), brace + 1);
        for (char *save = NULL, *f = strtok_r(forms, " \t", &save); f && rc == 0; f = strtok_r(NULL, " \t", &save))
            rc = add_phrase(c, f, K_VERB, (int)vs->block);
    }
    if (rc == 0)
        rc = add_verb_forms(c, name, (int)vs->block);
    c->form_nocode = 0;
    c->form_code[0] = c->form_recip[0] = '\0';
    return rc;
}

/* Is w one of the NULL-ended list? */
static int in_words(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return 1;
    return 0;
}

/* A word of mutual action within the clause after position from. */
static int mutual_after(const text_token *t, size_t n, size_t from)
{
    static const char *const words[] = {"JOINT", "TIES", "RELATIONS", "TOGETHER", "EACH",
                                        "AGREEMENT", "TREATY", "PACT", "ALLIANCE", "DRILLS",
                                        "EXERCISES", "MUTUAL", "BILATERAL", NULL};
    for (size_t q = from; q < n && q < from + 8; q++) {
        if (!strcmp(t[q].word, ".") || !strcmp(t[q].word, ";"))
            break;
        if (in_words(t[q].word, words))
            return 1;
    }
    return 0;
}

/* A verb whose compound subject acts on itself: "the Philippines and
 * France agree that ...", "China and India clashed". */
static int mutual_verb(const char *w)
{
    static const char *const stems[] = {"AGREE", "MEET", "MET", "NEGOTIAT", "CLASH", "COOPERAT", "TALK", NULL};
    for (size_t k = 0; stems[k]; k++)
        if (!strncmp(w, stems[k], strlen(stems[k])))
            return 1;
    return 0;
}

/* A word after which a verb form is a noun: "the attack", "its
 * support", "2.5 million shells", "artillery shells". */
static int before_noun(const char *w)
{
    /* determiners, numbers, weapons, and prepositions and adjectives a
     * noun follows ("in talks", "joint patrols", "new sanctions"); not
     * OF or BY, which a gerund follows ("accused of providing") */
    static const char *const words[] = {"THE", "A", "AN", "ITS", "THEIR", "HIS", "HER", "OUR",
                                        "HUNDRED", "THOUSAND", "MILLION", "BILLION", "ARTILLERY",
                                        "MISSILE", "ROCKET", "TANK", "MORTAR", "IN", "ON", "FOR",
                                        "WITH", "DURING", "AGAINST", "AMID", "NEW", "FRESH",
                                        "FURTHER", "JOINT", "THESE", "THOSE", "SUCH", NULL};
    return (w[0] >= '0' && w[0] <= '9') || in_words(w, words);
}

static size_t match(const coder *c, int kind, const text_token *t, size_t n, size_t i, int *payload);

/* The codes of an actor of several, "FRO/BIL/SAM": how many, and the k-th
 * (an agent the mention carries, "FRO/BIL/SAMGOV", goes with each). */
static size_t code_parts(const char *code)
{
    size_t n = 1;
    for (const char *p = code; *p; p++)
        n += *p == '/';
    return n;
}

static void code_part(const char *code, size_t k, char out[32])
{
    const char *p = code;
    for (size_t i = 0; i < k && p; i++)
        p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL;
    size_t len = p ? strcspn(p, "/") : 0;
    snprintf(out, 32, "%.*s", (int)len, p ? p : "");
    if (k + 1 == code_parts(code) || !strchr(code, '/'))
        return;
    /* the agent after the last part belongs to every part */
    const char *last = strrchr(code, '/') + 1;
    if (strlen(last) > 3)
        snprintf(out + strlen(out), 32 - strlen(out), "%s", last + 3);
}

/* Token j, or the first of the determiner and adjectives right before it
 * (not before lo): "a Ukrainian protestor", "the evil awful Gondor".
 * Without the part-of-speech layer (tags NULL), j. */
static size_t before_modifiers(const unsigned char *tags, size_t j, size_t lo)
{
    while (tags && j > lo && (tags[j - 1] == POS_DET || tags[j - 1] == POS_ADJ))
        j--;
    return j;
}

/* Do the tokens from end (just after one list member) to next (the
 * next member) join a list: "and", ",", or — in a list that has a comma
 * before (comma_before: "China, Iran, and Russia") — the Oxford comma's
 * ", and" (not "A and B, and C and D": two lists). */
static int joined(const text_token *t, const unsigned char *tags, size_t end, size_t next, int comma_before)
{
    /* "and the evil awful Gondor": a determiner and adjectives before the
     * next member */
    next = before_modifiers(tags, next, end + 1);
    if (end + 1 == next)
        return !strcmp(t[end].word, "AND") || !strcmp(t[end].word, ",");
    return comma_before && end + 2 == next && !strcmp(t[end].word, ",") && !strcmp(t[end + 1].word, "AND");
}

/* An actor's name that is part of a place's: "the Gulf of Oman", "the
 * Sea of Japan", "the Taiwan Strait", "the West Philippine Sea", "the
 * Korean Peninsula". A place is where something happens, not who does
 * it. */
static int is_place(const text_token *t, size_t n, size_t i, size_t k)
{
    static const char *const after[] = {"STRAIT", "STRAITS", "SEA", "PENINSULA", "GULF", "BAY",
                                        "CHANNEL", NULL};
    static const char *const before[] = {"GULF", "SEA", "STRAIT", "STRAITS", "BAY", NULL};
    for (int w = 0; after[w] && i + k < n; w++)
        if (!strcmp(t[i + k].word, after[w]))
            return 1;
    for (int w = 0; before[w] && i >= 2; w++)
        if (!strcmp(t[i - 1].word, "OF") && !strcmp(t[i - 2].word, before[w]))
            return 1;
    return 0;
}

/* Does a clause's verb start at token j (after an auxiliary, perhaps)? */
static int clause_after(const coder *c, const text_token *t, size_t n, size_t j)
{
    static const char *const aux[] = {"HAS", "HAVE", "HAD", "WILL", "WOULD", "IS", "WAS", "WERE",
                                      "ARE", "HAD", "DID", "CAN", "COULD", NULL};
    int payload;
    for (int k = 0; aux[k] && j < n; k++)
        if (!strcmp(t[j].word, aux[k])) {
            j++;
            break;
        }
    return j < n && match(c, K_VERB, t, n, j, &payload) > 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Does "by" come right before token j, perhaps with a determiner and
 * adjectives between ("by a Ukrainian protestor")? */
static int after_by(const text_token *t, const unsigned char *tags, size_t j)
{
    j = before_modifiers(tags, j, 0);
    return j > 0 && !strcmp(t[j - 1].word, "BY");
}

/* Has the verb at byte verb_off coded (source, target, code) already,
 * among the n events? (A compound acting on itself and a reciprocal code
 * can give the same event twice.) */
static int has_event(const coder_event *e, size_t n, size_t verb_off, const char *source,
                     const char *target, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].verb_off == verb_off && !strcmp(e[i].source, source) && !strcmp(e[i].target, target) &&
            !strcmp(e[i].code, code))
            return 1;
    return 0;
}

/* Does a finite verb start at token j ("heads", "said", "has", "will";
 * not a participle, "killing")? */
static int opens_clause(const text_token *t, const unsigned char *tags, size_t j)
{
    return (tags[j] == POS_VERB && !ends_with(t[j].word, "ING")) || tags[j] == POS_AUX ||
           tags[j] == POS_MODAL;
}

/* Does a clause of its own open among tokens [from, to): a relative
 * word ("where she faces", "a group that has seized"; not "hopes that
 * Osgiliath could", whose subject is the verb's target), a participle
 * after a comma (", expanding its campaign"), or, unless a pattern has
 * taken the words after the verb (by_pattern), an infinitive ("pledged to
 * expel leaders of ...") or a verb with its own auxiliary ("has
 * seized")? An actor after it belongs to that clause. */
static int clause_between(const text_token *t, const unsigned char *tags, size_t from, size_t to,
                          int by_pattern)
{
    static const char *const relative[] = {"WHICH", "WHO", "WHOM", "WHERE", "WHILE", NULL};
    for (size_t q = from; q < to; q++) {
        if (in_words(t[q].word, relative))
            return 1;
        if (!strcmp(t[q].word, "THAT") && q + 1 < to &&
            (tags[q + 1] == POS_VERB || tags[q + 1] == POS_AUX || tags[q + 1] == POS_MODAL))
            return 1;
        /* "said he would not give permission to Russia": a pronoun and
         * its verb */
        if (tags[q] == POS_PRON && q + 1 < to && strcmp(t[q].word, "THAT") != 0 &&
            opens_clause(t, tags, q + 1))
            return 1;
        if (tags[q] != POS_VERB || q == from)
            continue;
        if (tags[q - 1] == POS_PUNCT && !strcmp(t[q - 1].word, ",") &&
            (ends_with(t[q].word, "ING") || ends_with(t[q].word, "ED")))
            return 1;
        if (!by_pattern && (tags[q - 1] == POS_TO || tags[q - 1] == POS_AUX || tags[q - 1] == POS_MODAL))
            return 1;
    }
    return 0;
}

/* A relative pronoun in [from, to) that does not follow from right away
 * (after a comma, perhaps): the clause it opens has its own subject. One
 * that does follow ("a partner in Russia that can divert ...") makes the
 * actor the subject of the relative clause's verb only: a verb after that
 * one (", allowing Beijing more room") is not the actor's. */
static int relative_between(const text_token *t, const unsigned char *tags, size_t from, size_t to)
{
    for (size_t q = from; q < to; q++)
        if (!strcmp(t[q].word, "THAT") || !strcmp(t[q].word, "WHICH") || !strcmp(t[q].word, "WHO")) {
            if (q > from + (from < to && !strcmp(t[from].word, ",")))
                return 1;
            for (size_t v = q + 1; v < to; v++)
                if (tags[v] == POS_VERB)
                    return 1;
            return 0;
        }
    return 0;
}

/* "&NAME WORD": the key of a synonym set's member in c->members */
static int member_key(const char *set, const char *word, char *buf, size_t size)
{
    size_t a = strlen(set), b = strlen(word);
    if (a + b + 2 > size)
        return 0;
    memcpy(buf, set, a); /* not snprintf: this is the pattern matcher's inner loop */
    buf[a] = ' ';
    memcpy(buf + a + 1, word, b + 1);
    return 1;
}

static int word_matches(const coder *c, const char *pat, const char *word)
{
    if (pat[0] != '&')
        return strcmp(pat, word) == 0;
    char key[48 + TEXT_MAX_TOKEN + 2];
    long v;
    if (member_key(pat, word, key, sizeof key) && strmap_get(c->members, key, &v))
        return 1;
    /* the dictionaries write contractions as TreeBank splits them ("DID
     * N'T", "WO N'T", "CA N'T"); the tokenizer keeps "DIDN'T" whole */
    size_t wl = strlen(word);
    if (wl > 3 && !strcmp(word + wl - 3, "N'T") && wl - 3 < TEXT_MAX_TOKEN) {
        char stem[TEXT_MAX_TOKEN];
        snprintf(stem, sizeof stem, "%.*s", (int)(wl - 3), word);
        return member_key(pat, stem, key, sizeof key) && strmap_get(c->members, key, &v);
    }
    return 0;
}

/* Does a pattern name a negation before the verb ("NOT * POSITION",
 * "&NEGATVAUXVRB * OVER EFFORTS")? */
static int negating_pattern(const pattern *pt)
{
    for (size_t w = 0; w < pt->npre; w++)
        if (!strcmp(pt->pre[w], "NOT") || !strcmp(pt->pre[w], "N'T") || !strncmp(pt->pre[w], "&NEG", 4))
            return 1;
    return 0;
}

int coder_load(coder **out, const char *const *dirs, size_t ndirs, bloc_error *err)
{
    coder *c = calloc(1, sizeof *c);
    int rc = BLOC_OK;
    *out = NULL;
    if (!c)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (int k = 0; k < K_NKINDS; k++)
        if (!(c->first[k] = strmap_new())) {
            coder_free(c);
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
    for (size_t d = 0; d < ndirs && rc == BLOC_OK; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir) {
            rc = bloc_fail_at(err, BLOC_EIO, dirs[d], 0, "cannot open the dictionary folder");
            break;
        }
        /* a fixed order: actors, agents, discards, verbs */
        struct dirent *de;
        char names[64][256];
        size_t nn = 0;
        while ((de = readdir(dir)) && nn < 64)
            if (ends_with(de->d_name, ".txt"))
                snprintf(names[nn++], 256, "%s", de->d_name);
        closedir(dir);
        for (int pass = 0; pass < 4 && rc == BLOC_OK; pass++)
            for (size_t i = 0; i < nn && rc == BLOC_OK; i++) {
                char path[1300];
                snprintf(path, sizeof path, "%s/%s", dirs[d], names[i]);
                long cur = -1;
                verb_state vs = {-1, -1};
                if (pass == 0 && strstr(names[i], "actors"))
                    rc = read_lines(c, path, actor_line, &cur, err);
                else if (pass == 1 && strstr(names[i], "agents"))
                    rc = read_lines(c, path, agent_line, NULL, err);
                else if (pass == 2 && strstr(names[i], "discards"))
                    rc = read_lines(c, path, discard_line, NULL, err);
                else if (pass == 3 && (strstr(names[i], "verbs") || !strncmp(names[i], "CAMEO", 5)))
                    rc = read_lines(c, path, verb_line, &vs, err);
            }
    }
    /* the synonym sets as one hash of members: a pattern's "&SET" is
     * then one look-up per word, not a scan of every set */
    if (rc == BLOC_OK && !(c->members = strmap_new()))
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t s = 0; rc == BLOC_OK && s < c->nsyn; s++)
        for (size_t k = 0; k < c->syn[s].n && rc == BLOC_OK; k++) {
            char key[48 + TEXT_MAX_TOKEN + 2];
            long v;
            if (member_key(c->syn[s].name, c->syn[s].words[k], key, sizeof key) &&
                !strmap_get(c->members, key, &v) && strmap_put(c->members, key, 1) != 0)
                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        }
    if (rc != BLOC_OK) {
        coder_free(c);
        return rc;
    }
    *out = c;
    return BLOC_OK;
}

void coder_free(coder *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nph; i++)
        for (size_t k = 0; k < c->ph[i].n; k++)
            free(c->ph[i].words[k]);
    free(c->ph);
    for (int k = 0; k < K_NKINDS; k++) {
        for (size_t i = 0; i < c->nbuckets[k]; i++)
            free(c->buckets[k][i].idx);
        free(c->buckets[k]);
        strmap_free(c->first[k]);
    }
    for (size_t i = 0; i < c->npats; i++) {
        for (size_t k = 0; k < c->pats[i].npre; k++)
            free(c->pats[i].pre[k]);
        for (size_t k = 0; k < c->pats[i].npost; k++)
            free(c->pats[i].post[k]);
    }
    for (size_t i = 0; i < c->nsyn; i++) {
        for (size_t k = 0; k < c->syn[i].n; k++)
            free(c->syn[i].words[k]);
        free(c->syn[i].words);
    }
    free(c->syn);
    strmap_free(c->members);
    free(c->pats);
    free(c->actors);
    free(c->agents);
    free(c->subs);
    free(c->verbs);
    free(c);
}

void coder_counts(const coder *c, size_t counts[5])
{
    memset(counts, 0, 5 * sizeof *counts);
    for (size_t i = 0; i < c->nph; i++)
        counts[c->ph[i].kind]++;
    counts[4] = c->npats;
}

/* Longest phrase of kind starting at token i: its length, 0 = none. */
static size_t match(const coder *c, int kind, const text_token *t, size_t n, size_t i, int *payload)
{
    long li;
    size_t best = 0;
    int best_generated = 0;
    if (!strmap_get(c->first[kind], t[i].word, &li))
        return 0;
    const bucket *b = &c->buckets[kind][li];
    for (size_t k = 0; k < b->n; k++) {
        const phrase *p = &c->ph[b->idx[k]];
        /* the longest; of two as long, a form the dictionary writes out
         * over one the coder inflected ("LEFT [032:033]" over LEAVE's) */
        if (p->n < best || (p->n == best && (p->generated || !best_generated)) || i + p->n > n)
            continue;
        size_t j = 1;
        while (j < p->n && strcmp(p->words[j], t[i + j].word) == 0)
            j++;
        if (j == p->n) {
            best = p->n;
            best_generated = p->generated;
            *payload = p->payload;
        }
    }
    return best;
}

/* The first dated code whose span holds the date; an undated code only when
 * none does, wherever it is written ("SAM_GAMGEE [HOB]" before its dated
 * roles is the default, as in PETRARCH). */
static const char *actor_code(const actor *a, int date)
{
    const char *fallback = NULL;
    for (size_t i = 0; i < a->n; i++) {
        if (!a->d[i].from && !a->d[i].until) {
            if (!fallback)
                fallback = a->d[i].code;
        } else if ((!a->d[i].from || date >= a->d[i].from) && (!a->d[i].until || date <= a->d[i].until))
            return a->d[i].code;
    }
    return fallback;
}


typedef struct mention {
    size_t first, n;  /* tokens */
    int goods;        /* a country's name before its weapons ("North Korean artillery
                       * shells"): a source perhaps, never a target */
    char code[32];
    char why[96];
} mention;


/* Weapons and goods a country's adjective may name: "North Korean
 * artillery shells", "Iranian drones", "Russian oil". */
static int is_goods(const char *w)
{
    static const char *const words[] = {"ARTILLERY", "SHELLS", "MISSILES", "MISSILE", "DRONES", "DRONE",
                                        "WEAPONS", "ARMS", "AMMUNITION", "ROCKETS", "TANKS", "JETS",
                                        "OIL", "GAS", "GRAIN", "GOODS", "EXPORTS", "IMPORTS", NULL};
    return in_words(w, words);
}

/* Is there a verb (a form the tagger calls one, not an actor's word)
 * among the tokens before end? */
static int verb_before(const unsigned char *tags, const char *is_actor, size_t end)
{
    for (size_t q = 0; q < end; q++)
        if (tags[q] == POS_VERB && !is_actor[q])
            return 1;
    return 0;
}

/* Does the clause before token i open with "there" and a form of "be"
 * ("There were", "there have been")? */
static int existential_before(const text_token *t, size_t i)
{
    static const char *const be[] = {"IS", "ARE", "WAS", "WERE", "HAVE", "HAS", "HAD", NULL};
    for (size_t q = i; q-- > 0;) {
        if (!strcmp(t[q].word, ",") || !strcmp(t[q].word, ";"))
            return 0;
        if (!strcmp(t[q].word, "THERE"))
            return q + 1 < i && in_words(t[q + 1].word, be);
    }
    return 0;
}

/* Is the mention x followed by a name of no actor ("the Beijing
 * Olympics"), which it qualifies? (Not a common noun: "Calenardhon
 * leaders" are the state's people.) */
static int qualifies_name(const unsigned char *tags, const char *is_actor, size_t n, const mention *x)
{
    size_t after = x->first + x->n;
    return tags && after < n && !is_actor[after] && tags[after] == POS_NAME;
}

/* A common noun, no actor's word, among the tokens [from, to)? */
static int noun_between(const unsigned char *tags, const char *is_actor, size_t from, size_t to)
{
    for (size_t q = from; q < to; q++)
        if (tags[q] == POS_NOUN && !is_actor[q])
            return 1;
    return 0;
}

/* A preposition, conjunction or determiner: no part of a name or title. */
static int function_word(const char *w)
{
    static const char *const words[] = {"WITH", "OF", "IN", "ON", "AT", "BY", "FOR", "FROM", "TO", "AND",
                                        "OR", "THE", "A", "AN", "INTO", "AGAINST", "AS", NULL};
    return in_words(w, words);
}

/* Actor mentions of the n tokens t, in order (m has room for n), and
 * is_actor[i] = 1 for the tokens they cover: an actor phrase, optionally
 * followed by an agent ("Israeli troops"). Returns how many. */
static size_t find_mentions(const coder *c, const text_token *t, size_t n, int date, mention *m,
                            char *is_actor)
{
    size_t nm = 0;
    int payload;
    for (size_t i = 0; i < n;) {
        size_t start = i;
        const agent_code *pre = NULL, *of = NULL;
        size_t k = match(c, K_ACTOR, t, n, i, &payload);
        int ag;
        size_t ak = k ? 0 : match(c, K_AGENT, t, n, i, &ag);
        if (ak) {
            /* an agent before its actor: "an MSF Arnor diplomat" (a
             * prefix code, NGOARNGOV) or "lawmakers in Fornost", "the
             * ambassadors of Arnor" (FORLEG, ARNGOV) */
            size_t j = i + ak;
            if (!c->agents[ag].prefix && j + 1 < n &&
                (!strcmp(t[j].word, "OF") || !strcmp(t[j].word, "IN") || !strcmp(t[j].word, "FROM")))
                j += 1 + !strcmp(t[j + 1].word, "THE");
            if (j > i + ak || c->agents[ag].prefix) {
                k = match(c, K_ACTOR, t, n, j, &payload);
                if (k) {
                    *(c->agents[ag].prefix ? &pre : &of) = &c->agents[ag];
                    i = j;
                }
            }
        }
        if (k) {
            const char *code = actor_code(&c->actors[payload], date);
            if (!code || !strcmp(code, "---") || is_place(t, n, i, k)) {
                i += k;
                continue;
            }
            int country = strlen(code) == 3; /* one state, which an agent may qualify */
            if (!country)
                start = i, pre = of = NULL;
            mention *x = &m[nm++];
            x->first = start;
            x->n = i + k - start;
            snprintf(x->code, sizeof x->code, "%s%s", pre ? pre->code : "", code);
            snprintf(x->why, sizeof x->why, "actor %s", c->actors[payload].name);
            size_t j = i + k;
            if (j < n && !strcmp(t[j].word, "'S"))
                j++;
            while (!of && j < n && t[j].word[0] >= 'A' && t[j].word[0] <= 'Z' && !function_word(t[j].word) &&
                   !match(c, K_AGENT, t, n, j, &payload) && !match(c, K_VERB, t, n, j, &payload) &&
                   j < i + k + 4 && country && !match(c, K_ACTOR, t, n, j, &payload))
                j++; /* adjectives and names between the actor and an agent ("Dagolath's
                      * first Deputy Prime Minister"; not "Iran with fighter jets") */
            ak = !of && country && j < n ? match(c, K_AGENT, t, n, j, &ag) : 0;
            if (ak && !c->agents[ag].prefix) {
                size_t cl = strlen(x->code);
                snprintf(x->code + cl, sizeof x->code - cl, "%s", c->agents[ag].code); /* GOVFRM whole */
                x->n = j + ak - x->first;
            }
            if (of)
                snprintf(x->code + strlen(x->code), sizeof x->code - strlen(x->code), "%s", of->code);
            x->goods = country && i + k < n && is_goods(t[i + k].word);
            for (size_t q = x->first; q < x->first + x->n; q++)
                is_actor[q] = 1;
            i = x->first + x->n;
            /* "the ambassadors of Arnor, Osgiliath and Gondor": the agent
             * goes with each state of the list */
            while (of && i + 1 < n && (!strcmp(t[i].word, ",") || !strcmp(t[i].word, "AND"))) {
                size_t q = i + 1 + (!strcmp(t[i].word, ",") && !strcmp(t[i + 1].word, "AND"));
                q += q < n && !strcmp(t[q].word, "THE");
                size_t qk = q < n ? match(c, K_ACTOR, t, n, q, &payload) : 0;
                const char *qc = qk ? actor_code(&c->actors[payload], date) : NULL;
                if (!qc || strlen(qc) != 3 || is_place(t, n, q, qk))
                    break;
                mention *y = &m[nm++];
                *y = (mention){.first = q, .n = qk};
                snprintf(y->code, sizeof y->code, "%s%s", qc, of->code);
                snprintf(y->why, sizeof y->why, "actor %s", c->actors[payload].name);
                for (size_t r = q; r < q + qk; r++)
                    is_actor[r] = 1;
                i = q + qk;
            }
            continue;
        }
        i++;
    }
    /* "Bree Prime Minister Romendacil", "Russian President Vladimir
     * Putin": a title and a name of one country side by side are one
     * actor, with the more specific code */
    size_t w = 0;
    for (size_t k = 0; k < nm; k++) {
        mention *prev = w ? &m[w - 1] : NULL;
        if (prev && prev->first + prev->n == m[k].first && !strchr(prev->code, '/') &&
            !strchr(m[k].code, '/') && strncmp(prev->code, m[k].code, 3) == 0) {
            if (strlen(m[k].code) > strlen(prev->code)) {
                snprintf(prev->code, sizeof prev->code, "%s", m[k].code);
                snprintf(prev->why, sizeof prev->why, "%s", m[k].why);
            }
            prev->n = m[k].first + m[k].n - prev->first;
            continue;
        }
        m[w++] = m[k];
    }
    return w;
}

/* A new, zeroed event at the end of *out (capacity *cap); NULL when the
 * list cannot grow. Pointers into the list are stale after a push. */
static coder_event *push_event(coder_event **out, size_t *nout, size_t *cap)
{
    if (util_grow((void **)out, cap, *nout + 1, sizeof **out) != 0)
        return NULL;
    coder_event *e = &(*out)[(*nout)++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Two actors joined right before the verb at i ("the Philippines and
 * France agree"): what a pattern's "%" asks for. */
static int compound_at(const text_token *t, const unsigned char *tags, const mention *m, size_t nm, size_t i)
{
    for (size_t k = nm; k >= 2; k--)
        if (m[k - 1].first < i) {
            size_t end = m[k - 1].first + m[k - 1].n;
            if (end + 2 < i && !strcmp(t[end].word, "(") && !strcmp(t[end + 2].word, ")"))
                end += 3; /* "the European Union (EU) agree" */
            return (end == i || (end + 1 == i && tags && (tags[end] == POS_AUX || tags[end] == POS_MODAL))) &&
                   joined(t, tags, m[k - 2].first + m[k - 2].n, m[k - 1].first, 0);
        }
    return 0;
}

/* A sentence as the coder reads it: its tokens, the actor mentions among
 * them and, with a tagger, their parts of speech (the setup coding and the
 * verb-form listing share). */
typedef struct sentence {
    text_token *t;
    size_t n, nm;
    mention *m;
    char *is_actor;
    unsigned char *tags; /* NULL without a tagger */
} sentence;

static void sentence_free(sentence *s)
{
    free(s->tags);
    free(s->is_actor);
    free(s->m);
    free(s->t);
    *s = (sentence){0};
}

/* The mentions and tags of s's tokens (s->t, s->n set). The part-of-speech
 * layer: a verb form the tagger calls a noun or a name ("the attack", "air
 * strikes", "Islamic State") is not a verb. */
static int sentence_mark(const coder *c, const coder_opts *o, const char *text, int date, sentence *s,
                         bloc_error *err)
{
    s->is_actor = calloc(s->n + 1, 1);
    s->m = calloc(s->n + 1, sizeof *s->m);
    s->tags = o->pos ? malloc(s->n + 1) : NULL;
    if (!s->m || !s->is_actor || (o->pos && !s->tags))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    s->nm = find_mentions(c, s->t, s->n, date, s->m, s->is_actor);
    if (s->tags)
        pos_tag_sentence(o->pos, text, s->t, s->n, s->is_actor, s->tags);
    return BLOC_OK;
}

int coder_sentence(const coder *c, const coder_opts *o, const char *text, size_t off, size_t len,
                   int date, coder_event **out, size_t *nout, int *discarded, bloc_error *err)
{
    sentence S = {0};
    size_t cap = 0;
    int rc = text_tokens(text, off, len, &S.t, &S.n, err);
    *out = NULL;
    *nout = 0;
    *discarded = 0;
    if (rc != BLOC_OK)
        return rc;
    int payload;
    for (size_t i = 0; i < S.n; i++)
        if (match(c, K_DISCARD, S.t, S.n, i, &payload)) {
            *discarded = 1;
            sentence_free(&S);
            return BLOC_OK;
        }
    if ((rc = sentence_mark(c, o, text, date, &S, err)) != BLOC_OK) {
        sentence_free(&S);
        return rc;
    }
    const text_token *t = S.t;
    const size_t n = S.n, nm = S.nm;
    mention *m = S.m;
    const char *is_actor = S.is_actor;
    const unsigned char *tags = S.tags;
    /* verbs, in order; each codes with the actors around it */
    size_t last_verb_end = 0, alleged_until = 0; /* verbs before alleged_until are alleged, */
    size_t alleged_src = (size_t)-1;              /* and done by this mention */
    size_t negated_at = (size_t)-1;               /* the last negated verb */
    size_t last_src[4], last_ns = 0;              /* the subject of the last coded verb */
    int have_verb = 0;
    for (size_t i = 0; i < n && rc == BLOC_OK; i++) {
        int vid;
        size_t vk = is_actor[i] ? 0 : match(c, K_VERB, t, n, i, &vid);
        if (!vk || (tags && !pos_may_be_verb(tags[i])))
            continue;
        /* "according to", and a noun right after a coded verb's object
         * ("supplied artillery shells") are not verbs here */
        if (!strcmp(t[i].word, "ACCORDING") ||
            (have_verb && i < last_verb_end + 3 && i > last_verb_end) || (i > 0 && before_noun(t[i - 1].word)))
            continue;
        /* negation right before the verb codes nothing; nor does an
         * infinitive a negated verb governs ("would not give permission to
         * Russia to help Israel"), up to the end of its clause */
        int negated = 0;
        for (size_t q = i >= 3 ? i - 3 : 0; q < i; q++)
            negated |= !strcmp(t[q].word, "NOT") || !strncmp(t[q].word, "AVOID", 5) || /* "avoid being associated" */
                       ends_with(t[q].word, "N'T") ||
                       ends_with(t[q].word, "N\xe2\x80\x99T") || !strcmp(t[q].word, "NEVER");
        if (!negated && negated_at != (size_t)-1 && i > 0 && !strcmp(t[i - 1].word, "TO")) {
            negated = 1;
            for (size_t q = negated_at; q < i && negated; q++)
                negated = strcmp(t[q].word, ",") && strcmp(t[q].word, ";") && strcmp(t[q].word, "AND") &&
                          strcmp(t[q].word, "BUT");
        }
        if (negated)
            negated_at = i;
        /* the same words may open several verb blocks (HELD: hold a meeting,
         * hold prisoners): take the block whose pattern fits best */
        const bucket *bk = NULL;
        long li;
        if (strmap_get(c->first[K_VERB], t[i].word, &li))
            bk = &c->buckets[K_VERB][li];
        const verb *v = &c->verbs[vid];
        char code[8], recip[8];
        snprintf(code, sizeof code, "%s", v->code);
        snprintf(recip, sizeof recip, "%s", v->recip);
        size_t best_words = 0;
        int best_own = 0;     /* the best pattern was written for this verb */
        size_t target_from = 0; /* the best pattern's "+": the target is the first actor from here */
        int best_negates = 0; /* ... and names the negation ("&NEGATVAUXVRB * OVER EFFORTS") */
        int compound_before = -1; /* found when a pattern asks (compound_at) */
        /* the last-loaded phrase of these words: its [---] and its own code
         * count (a later dictionary overrides: bloc's FACE over Phoenix's) */
        const phrase *last_form = NULL;
        for (size_t cand = 0; bk && cand < bk->n; cand++) {
            const phrase *ph = &c->ph[bk->idx[cand]];
            if (ph->n != vk)
                continue;
            size_t j = 1;
            while (j < ph->n && !strcmp(ph->words[j], t[i + j].word))
                j++;
            if (j != ph->n)
                continue;
            last_form = ph;
            const verb *cv = &c->verbs[ph->payload];
            for (size_t p = 0; p < cv->npatterns; p++) {
                const pattern *pt = &c->pats[cv->first_pattern + p];
                if (pt->compound && compound_before < 0)
                    compound_before = compound_at(t, tags, m, nm, i);
                if (pt->compound && !compound_before)
                    continue;
                /* the verb its comment names ("# RATIFY"): this one (own),
                 * another of the block (foreign), or none given */
                int own = pt->owner[0] && ph->head[0] && !strcmp(pt->owner, ph->head);
                int foreign = pt->owner[0] && ph->head[0] && !own;
                /* a pattern that codes nothing silences only the verb it was
                 * written for ("- * &AIRCRAFT [---] # FIGHT" is no reason
                 * to leave "attacked Ukraine with a drone" uncoded) */
                if (!pt->code[0] && foreign)
                    continue;
                size_t pos = i + vk, ok = 1, slot = pt->target_slot == 1 ? pos : 0;
                for (size_t w = 0; w < pt->npost && ok; w++) {
                    size_t limit = pos + 6;
                    /* "^" is any one word, right here */
                    while (pos < n && pos < limit && strcmp(pt->post[w], "^") != 0 &&
                           !word_matches(c, pt->post[w], t[pos].word))
                        pos++;
                    ok = pos < n && pos < limit;
                    pos++;
                    if (pt->target_slot == w + 2)
                        slot = pos;
                }
                size_t back = i;
                for (size_t w = pt->npre; w > 0 && ok; w--) {
                    size_t limit = back > 4 ? back - 4 : 0;
                    while (back > limit && !word_matches(c, pt->pre[w - 1], t[back - 1].word))
                        back--;
                    ok = back > limit || (back > 0 && word_matches(c, pt->pre[w - 1], t[back - 1].word));
                    if (back)
                        back--;
                }
                /* of patterns as long, the one written for this verb
                 * ("- * &TREATY [057] # RATIFY" for "ratified") */
                size_t words = pt->npre + pt->npost + (size_t)pt->compound;
                if (ok && (words > best_words || (words == best_words && own && !best_own))) {
                    best_words = words;
                    best_own = own;
                    target_from = slot;
                    best_negates = negating_pattern(pt);
                    snprintf(code, sizeof code, "%s", pt->code);
                    /* the reciprocal is the owner verb's: "clash with" is
                     * mutual, "attacked Ukraine with a drone" is not */
                    snprintf(recip, sizeof recip, "%s", foreign ? "" : pt->recip);
                    v = cv;
                }
            }
        }
        if (!best_words && last_form && last_form->own[0]) {
            /* no pattern fits: the form's own code over its block's */
            snprintf(code, sizeof code, "%s", last_form->own);
            snprintf(recip, sizeof recip, "%s", last_form->own_recip);
        }
        if (!best_words && last_form && last_form->nocode)
            code[0] = '\0'; /* a [---] form with no pattern that fits */
        if (!code[0])
            continue;
        if (negated && !best_negates)
            continue; /* (a pattern that names the negation codes it: its code says so) */
        /* modal ("could supply") and conditional ("if ... attacks")
         * phrasing: the event is coded and marked */
        const char *hedge = "";
        static const char *const modals[] = {"COULD", "WOULD", "MIGHT", "MAY", "SHOULD", "MUST", "CAN", NULL};
        for (size_t q = i >= 3 ? i - 3 : 0; q < i && !*hedge; q++)
            for (size_t w = 0; modals[w]; w++)
                if (!strcmp(t[q].word, modals[w]))
                    hedge = modals[w];
        for (size_t q = 0; q < i && !*hedge; q++)
            if (!strcmp(t[q].word, "IF") || !strcmp(t[q].word, "UNLESS"))
                hedge = t[q].word;
        /* sources: the actor mentions right before the verb (a compound
         * "X and Y" gives both); targets: those after it */
        size_t src[4], tgt[4], ns = 0, ntg = 0;
        /* "X condemned an attack by Y and promised aid to Z": a verb
         * right after "and" shares the subject of the verb before it */
        int conjoined = tags && last_ns && i > 0 && !strcmp(t[i - 1].word, "AND") && tags[i] == POS_VERB &&
                        !ends_with(t[i].word, "ING");
        if (conjoined) {
            memcpy(src, last_src, sizeof src);
            ns = last_ns;
        }
        int unrealized = 0;
        for (size_t k = conjoined ? 0 : nm; k > 0 && ns < 4; k--) {
            const mention *x = &m[k - 1];
            if (x->first >= i)
                continue;
            /* "Obama wants Putin to attack Switzerland", "Congress is
             * asking Obama to help Iran": an infinitive whose subject is
             * the object of a verb before it is wanted, asked or allowed,
             * not done; no event (a headline's "Russia to supply Iran",
             * with no verb before, is coded) */
            if (!ns && tags && i >= 2 && !strcmp(t[i - 1].word, "TO") && x->first + x->n + 1 == i &&
                verb_before(tags, is_actor, x->first)) {
                unrealized = 1;
                break;
            }
            /* "made his remarks in Doha at the start of a trip aimed at":
             * an actor after a preposition, with a common noun between it
             * and the verb, names a place; the verb's subject is that
             * noun, no actor. Nor is the object of another verb's
             * preposition the subject ("the civilians imprisoned for
             * acting against Moscow were released") */
            if (!ns && tags && x->first >= 1 && tags[x->first - 1] == POS_PREP &&
                strcmp(t[x->first - 1].word, "BY") != 0 && strcmp(t[x->first - 1].word, "OF") != 0 &&
                (noun_between(tags, is_actor, x->first + x->n, i) ||
                 (x->first >= 2 && tags[x->first - 2] == POS_VERB && !is_actor[x->first - 2])))
                break; /* (not "hundreds of UN troops withdrew": a part of them) */
            /* "the militant group that has seized": the relative clause's
             * subject is the noun before "that", not an actor further back
             * ("Hamas, which fired" keeps Hamas) */
            if (!ns && tags && relative_between(t, tags, x->first + x->n, i))
                break;
            if (ns && !joined(t, tags, x->first + x->n, m[src[ns - 1]].first,
                              x->first > 0 && !strcmp(t[x->first - 1].word, ",")))
                break;
            /* "the US commander in Iraq, ..., held talks": an actor in a
             * prepositional phrase after another names where the first is,
             * and the first is the subject */
            if (!ns && tags && k >= 2 && x->first >= 1 && tags[x->first - 1] == POS_PREP &&
                strcmp(t[x->first - 1].word, "BY") != 0 &&
                m[k - 2].first + m[k - 2].n + 1 == x->first)
                continue;
            src[ns++] = k - 1;
        }
        if (unrealized)
            continue;
        for (size_t k = 0; k < nm && ntg < 4; k++) {
            const mention *x = &m[k];
            if (x->first <= i || x->first < target_from)
                continue;
            /* precision first: an actor after another verb is that verb's
             * ("said on Monday, expanding its campaign against ... Iraq";
             * "a group that has seized parts of Iraq"), not this one's */
            if (!ntg && tags && clause_between(t, tags, i + vk, x->first, best_words > 0))
                break;
            if (x->goods && !after_by(t, tags, x->first))
                continue; /* "used North Korean artillery shells in Ukraine": not North Korea
                           * (but "attacked by a Russian drone": Russia) */
            /* "comes a day before Sarkozy heads to Beijing", "..., Reuters
             * reports": an actor with a verb of its own right after it is
             * that verb's subject, not this verb's object; so is one after
             * a bare comma ("issued warrants for two Brazilian men, a
             * senior Guyanese police officer said"), where "and" would
             * have joined a list ("believes Dagolath and Osgiliath can") */
            size_t after = x->first + x->n; /* "Calenardhon crowds burned": a noun between */
            if (after + 1 < n && tags && tags[after] == POS_NOUN)
                after++;
            size_t lead = before_modifiers(tags, x->first, 0);
            int after_comma = lead > 0 && !strcmp(t[lead - 1].word, ",");
            if (tags && (!ntg || after_comma) && after < n && opens_clause(t, tags, after) &&
                !(x->first > 0 && !strcmp(t[x->first - 1].word, "THAT")))
                break; /* (but "alleged that France was aware" accuses France, as in PETRARCH2) */
            const mention *prev = ntg ? &m[tgt[ntg - 1]] : NULL;
            if (ntg && !joined(t, tags, prev->first + prev->n, x->first,
                               ntg >= 2 && !strcmp(t[prev->first - 1].word, ",")))
                break;
            tgt[ntg++] = k;
        }
        /* the passive: "X was attacked by Y" */
        int passive = i > 0 && (!strcmp(t[i - 1].word, "WAS") || !strcmp(t[i - 1].word, "WERE") ||
                                !strcmp(t[i - 1].word, "BEEN") || !strcmp(t[i - 1].word, "BEING") ||
                                !strcmp(t[i - 1].word, "IS") || !strcmp(t[i - 1].word, "ARE"));
        /* "There were 10 Russian soldiers killed in Ukraine": a
         * participle after the noun of an existential "there" is passive */
        if (!passive && i >= 3 && ends_with(t[i].word, "ED") && (is_actor[i - 1] || (tags && tags[i - 1] == POS_NOUN)))
            passive = existential_before(t, i);
        int by_agent = passive && ntg && after_by(t, tags, m[tgt[0]].first);
        /* "an agreement forced on the Gulf state by Saudi Arabia": a
         * participle after a common noun with its agent after "by" is a
         * passive whose patient is that noun, no actor: nothing to code */
        if (tags && !passive && ntg && i > 0 && tags[i - 1] == POS_NOUN && ends_with(t[i].word, "ED") &&
            after_by(t, tags, m[tgt[0]].first))
            continue;
        size_t subject = ns ? src[0] : (size_t)-1; /* the passive's subject: who is accused */
        if (by_agent) {
            size_t tmp[4], nt = ntg;
            memcpy(tmp, tgt, sizeof tmp);
            memcpy(tgt, src, sizeof tgt);
            ntg = ns;
            memcpy(src, tmp, sizeof src);
            ns = nt;
        }
        /* "Gondor and Osgiliath have renewed ties", "China, Iran and Russia
         * held joint naval drills": a compound source with no target and a
         * word of mutual action after the verb acts on itself, one event
         * per ordered pair */
        /* "Russia said Ukraine attacked Poland": after a verb of saying
         * (CAMEO 01x), an actor followed by a verb of its own (perhaps
         * after an auxiliary) is the subject of the reported clause, not
         * the target; the saying codes nothing, the clause's verb codes
         * with its own actors */
        if (ntg && !passive && code[0] == '0' && code[1] == '1' &&
            clause_after(c, t, n, m[tgt[0]].first + m[tgt[0]].n))
            continue;
        /* "Iran has been accused of providing drones to Russia": an
         * accusation (CAMEO 11x) in the passive with no accuser named is
         * no event of its own; what it alleges ("providing ... to
         * Russia", its subject the accused) is coded, marked alleged */
        if (passive && code[0] == '1' && code[1] == '1' && subject != (size_t)-1) {
            /* "was accused (by Y) of VERBing ... Z": the act's subject is
             * the accused */
            alleged_until = i + vk + 5;
            alleged_src = subject;
            if (!by_agent)
                continue;
        } else if (!passive && code[0] == '1' && code[1] == '1' && ntg &&
                   m[tgt[0]].first + m[tgt[0]].n < n && !strcmp(t[m[tgt[0]].first + m[tgt[0]].n].word, "OF")) {
            /* "Ukraine accused Iran of providing drones to Russia": the
             * accusation is an event; what it alleges is Iran's, alleged */
            alleged_until = m[tgt[0]].first + m[tgt[0]].n + 3;
            alleged_src = tgt[0];
        } else if (i < alleged_until && alleged_src != (size_t)-1) {
            if (!*hedge)
                hedge = "ALLEGED";
            src[0] = alleged_src;
            ns = 1;
        }
        /* "Russian soldiers were killed in Ukraine": a passive's subject
         * is what the act was done to, and with no agent after "by" the
         * doer is unknown; an actor after another preposition is a place */
        if (passive && !by_agent)
            ntg = 0;
        if (ns >= 2 && !ntg && (mutual_after(t, n, i + vk) || mutual_verb(t[i].word))) {
            memcpy(tgt, src, sizeof tgt);
            ntg = ns;
        }
        if (o->require_dyad && (!ns || !ntg))
            continue;
        for (size_t a = 0; a < ns; a++)
            for (size_t b = 0; b < (ntg ? ntg : 1); b++)
                /* an actor of several ("THE_SHIRE [FRO/BIL/SAM]"): an event for each */
                for (size_t ps = 0; ps < code_parts(m[src[a]].code); ps++)
                    for (size_t pt = 0; pt < (ntg ? code_parts(m[tgt[b]].code) : 1); pt++) {
                        const mention *sa = &m[src[a]], *tb = ntg ? &m[tgt[b]] : NULL;
                        char scode[32], tcode[32] = "";
                        code_part(sa->code, ps, scode);
                        if (tb)
                            code_part(tb->code, pt, tcode);
                        if ((tb && !strcmp(scode, tcode)) || has_event(*out, *nout, t[i].off, scode, tcode, code))
                            continue;
                        coder_event *e = push_event(out, nout, &cap);
                        if (!e) {
                            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                            break;
                        }
                        snprintf(e->source, sizeof e->source, "%s", scode);
                        snprintf(e->target, sizeof e->target, "%s", tcode);
                        snprintf(e->code, sizeof e->code, "%s", code);
                        e->src_off = t[sa->first].off;
                        e->src_len = t[sa->first + sa->n - 1].off + t[sa->first + sa->n - 1].len - e->src_off;
                        e->verb_off = t[i].off;
                        e->verb_len = t[i + vk - 1].off + t[i + vk - 1].len - e->verb_off;
                        if (tb) {
                            e->tgt_off = t[tb->first].off;
                            e->tgt_len = t[tb->first + tb->n - 1].off + t[tb->first + tb->n - 1].len - e->tgt_off;
                        }
                        snprintf(e->hedge, sizeof e->hedge, "%.7s", hedge);
                        for (char *h = e->hedge; *h; h++)
                            *h = (char)tolower((unsigned char)*h);
                        snprintf(e->why, sizeof e->why, "%.90s; verb %.40s%s; %.90s", sa->why, v->name,
                                 best_words ? " (pattern)" : "", tb ? tb->why : "no target");
                        /* "[042:043]": the target's event toward the source
                         * too ("X arrived in Gondor": Gondor hosts X), once;
                         * not from a target that only qualifies a name ("to
                         * attend the Beijing Olympics": no host named) */
                        if (tb && recip[0] && !qualifies_name(tags, is_actor, n, tb) &&
                            !has_event(*out, *nout, t[i].off, tcode, scode, recip)) {
                            coder_event *r = push_event(out, nout, &cap);
                            if (!r) {
                                rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                                break;
                            }
                            e = r - 1; /* the list may have moved */
                            *r = *e;
                            snprintf(r->source, sizeof r->source, "%s", tcode);
                            snprintf(r->target, sizeof r->target, "%s", scode);
                            snprintf(r->code, sizeof r->code, "%s", recip);
                            r->src_off = e->tgt_off;
                            r->src_len = e->tgt_len;
                            r->tgt_off = e->src_off;
                            r->tgt_len = e->src_len;
                            size_t wl = strlen(r->why);
                            snprintf(r->why + wl, sizeof r->why - wl, " (reciprocal)");
                        }
                    }
        have_verb = 1;
        if (ns && !passive) {
            memcpy(last_src, src, sizeof last_src);
            last_ns = ns;
        }
        last_verb_end = i + vk - 1;
        i += vk - 1;
    }
    sentence_free(&S);
    if (rc != BLOC_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
    }
    return rc;
}

int coder_verb_forms(const coder *c, const coder_opts *o, const char *text, size_t off, size_t len,
                     int date, coder_verb_form **out, size_t *nout, bloc_error *err)
{
    sentence S = {0};
    *out = NULL;
    *nout = 0;
    int rc = text_tokens(text, off, len, &S.t, &S.n, err);
    if (rc == BLOC_OK && !(*out = calloc(S.n + 1, sizeof **out)))
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK)
        rc = sentence_mark(c, o, text, date, &S, err);
    for (size_t i = 0; rc == BLOC_OK && i < S.n; i++) {
        int vid;
        if (S.is_actor[i] || !match(c, K_VERB, S.t, S.n, i, &vid))
            continue;
        coder_verb_form *f = &(*out)[(*nout)++];
        f->off = S.t[i].off;
        f->len = S.t[i].len;
        f->tag = S.tags ? S.tags[i] : POS_VERB;
    }
    if (rc != BLOC_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
    }
    sentence_free(&S);
    return rc;
}

int coder_mentions(const coder *c, const char *text, size_t off, size_t len, int date,
                   coder_mention **out, size_t *nout, bloc_error *err)
{
    sentence S = {0};
    coder_opts o = {.require_dyad = 0};
    *out = NULL;
    *nout = 0;
    int rc = text_tokens(text, off, len, &S.t, &S.n, err);
    if (rc == BLOC_OK)
        rc = sentence_mark(c, &o, text, date, &S, err);
    if (rc == BLOC_OK && !(*out = calloc(S.nm + 1, sizeof **out)))
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    for (size_t k = 0; rc == BLOC_OK && k < S.nm; k++) {
        const mention *m = &S.m[k];
        coder_mention *x = &(*out)[(*nout)++];
        snprintf(x->code, sizeof x->code, "%s", m->code);
        x->off = S.t[m->first].off;
        const text_token *last = &S.t[m->first + m->n - 1];
        x->len = last->off + last->len - x->off;
        /* "China's" and "China's military" (an agent after the 's) alike */
        x->possessive = m->first + m->n < S.n && !strcmp(S.t[m->first + m->n].word, "'S");
        for (size_t q = m->first + 1; q < m->first + m->n; q++)
            x->possessive |= !strcmp(S.t[q].word, "'S");
        x->goods = m->goods;
    }
    if (rc != BLOC_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
    }
    sentence_free(&S);
    return rc;
}
