/*
 * coder/pos — is this word a verb here? A fast part-of-speech layer for
 * the event coder: a lexicon of the classes an English word can take
 * (noun, verb, adjective, adverb) with how often each sense was tagged in
 * the SemCor corpus, read from WordNet's index files (Debian's
 * wordnet-base) with WordNet's own morphology (its exception lists and
 * suffix rules), and a tagger that settles the words that can be both
 * noun and verb from their neighbours ("the attack", "air strikes" are
 * nouns; "Russia attacks Ukraine", "has struck", "to target" are verbs).
 * Closed-class words (determiners, prepositions, auxiliaries, pronouns)
 * are listed here. No statistical model is trained: the rules are few and
 * each is written out in pos.c, and docs/coder.md gives what they cost and
 * gain, measured on the development records' parses.
 */
#ifndef BLOC_CODER_POS_H
#define BLOC_CODER_POS_H

#include <stddef.h>

#include "coder/text.h"
#include "core/error.h"

typedef struct pos_lexicon pos_lexicon;

typedef enum pos_tag {
    POS_OTHER = 0, /* a word the lexicon does not know, lower case */
    POS_NOUN,
    POS_VERB,
    POS_ADJ,
    POS_ADV,
    POS_NAME,      /* a capitalised word inside the sentence, or an actor */
    POS_DET,       /* the, a, its, their, this, every ... */
    POS_PREP,      /* of, in, on, by, against ... (not "to") */
    POS_TO,
    POS_AUX,       /* be, have, do in any form */
    POS_MODAL,     /* will, would, can, could, may, might, shall, should, must */
    POS_PRON,      /* he, she, it, they, we, who ... */
    POS_CONJ,      /* and, or, but, nor */
    POS_NEG,       /* not, n't, never */
    POS_NUM,
    POS_POSS,      /* the possessive 's */
    POS_PUNCT
} pos_tag;

/* WordNet's dict folder (index.noun, index.verb, index.adj, index.adv,
 * noun.exc, verb.exc): *out is the lexicon (free with pos_free). A folder
 * without them is BLOC_EIO naming the file and the Debian package. */
int pos_load(pos_lexicon **out, const char *dir, bloc_error *err);
void pos_free(pos_lexicon *p);
/* Lemmas read, of every class. */
size_t pos_size(const pos_lexicon *p);

/* Tags of the n tokens of a sentence (t, offsets into text): tags[i] for
 * t[i]. name[i] != 0 marks a token the caller knows is part of a name (an
 * actor the dictionaries matched); name may be NULL. */
void pos_tag_sentence(const pos_lexicon *p, const char *text, const text_token *t, size_t n,
                      const char *name, unsigned char *tags);

/* Can a token tagged tag be coded as a verb: a verb, an auxiliary (a
 * dictionary may list "have"), or a word the lexicon does not know. */
int pos_may_be_verb(int tag);

const char *pos_tag_name(int tag);

#endif
