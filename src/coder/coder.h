/*
 * coder — turns English sentences into who-did-what-to-whom events with
 * CAMEO-style codes, in the manner of TABARI/PETRARCH but without a full
 * parser: PETRARCH dictionaries (actors with dated codes, agents, verbs
 * with patterns and synonym sets, discards) are loaded into hashed phrase
 * tables; a sentence's actor mentions and verbs are found by longest
 * phrase match; the actor before a verb is the source and the one after it
 * the target (swapped in the passive), compounds ("X and Y") give one event
 * per pair, negated verbs and discard phrases code nothing, modal and
 * conditional verbs ("could supply", "if ... attacks") are marked. Every event
 * keeps the byte offsets of its source, verb and target and the dictionary
 * entries that matched. This is the first version: its scores on the
 * validation records are in README.md.
 */
#ifndef BLOC_CODER_CODER_H
#define BLOC_CODER_CODER_H

#include <stddef.h>

#include "coder/pos.h"
#include "core/error.h"

typedef struct coder coder;

/* Load every dictionary file in dir (*.actors.txt, *.agents.txt,
 * *.verbs.txt or CAMEO*.txt, *.discards.txt); later directories override.
 * *out caller-owned: coder_free. */
int coder_load(coder **out, const char *const *dirs, size_t ndirs, bloc_error *err);
void coder_free(coder *c);

typedef struct coder_event {
    char source[32], target[32], code[8];
    size_t src_off, src_len, verb_off, verb_len, tgt_off, tgt_len; /* bytes in the text */
    char why[256];        /* the dictionary entries that matched */
    char hedge[8];        /* "could", "may", "if" ... before the verb; "" */
} coder_event;

typedef struct coder_opts {
    int require_dyad;     /* both actors needed (default 1) */
    const pos_lexicon *pos; /* verbs only where the tagger says a verb (NULL: every verb form) */
} coder_opts;

/* Code one sentence text[off..off+len) of a document dated date
 * (YYYYMMDD, for dated actor codes). *out is malloc'd (caller frees).
 * *discarded = 1 when a discard phrase skipped it. */
int coder_sentence(const coder *c, const coder_opts *o, const char *text, size_t off, size_t len,
                   int date, coder_event **out, size_t *n, int *discarded, bloc_error *err);

/* The tokens of a sentence the verb dictionaries match (outside actor
 * names), each with the tag the part-of-speech layer gives it (POS_VERB
 * for every one without o->pos): what --eval compares with a parse. *out
 * is malloc'd (caller frees). */
typedef struct coder_verb_form {
    size_t off, len; /* bytes in the text */
    int tag;         /* pos_tag */
} coder_verb_form;
int coder_verb_forms(const coder *c, const coder_opts *o, const char *text, size_t off, size_t len,
                     int date, coder_verb_form **out, size_t *n, bloc_error *err);

/* The actor mentions of a sentence text[off..off+len), in order, as the
 * coder finds them (place names such as "the Gulf of Oman" are not
 * actors): each with its code (a country's first three letters, perhaps
 * an agent after them), its bytes, whether "'s" follows ("China's") and
 * whether goods follow ("North Korean artillery"). *out is malloc'd
 * (caller frees). */
typedef struct coder_mention {
    char code[32];
    size_t off, len;
    int possessive, goods;
} coder_mention;
int coder_mentions(const coder *c, const char *text, size_t off, size_t len, int date,
                   coder_mention **out, size_t *n, bloc_error *err);

/* Sizes of the loaded tables (actor phrases, agent phrases, verb phrases,
 * patterns, discards). */
void coder_counts(const coder *c, size_t counts[5]);

#endif
