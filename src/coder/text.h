/*
 * coder/text — sentences and tokens of English text for the event coder:
 * splits text into sentences (., ! or ? with any closing quotes or
 * parenthesis after it, straight or typographic, followed by space and a
 * capital or the end, not after common abbreviations), and sentences into
 * tokens:
 * words upper-cased (Unicode-aware, through utf8proc) with their byte
 * offsets in the text, a possessive "'S" as its own token, punctuation as
 * one-character tokens. Invalid UTF-8 is refused, never guessed at.
 */
#ifndef BLOC_CODER_TEXT_H
#define BLOC_CODER_TEXT_H

#include <stddef.h>

#include "core/error.h"

enum { TEXT_MAX_TOKEN = 128 };

typedef struct text_token {
    char word[TEXT_MAX_TOKEN]; /* upper-cased; truncated past TEXT_MAX_TOKEN - 1 bytes */
    size_t off, len;           /* bytes in the source text */
} text_token;

typedef struct text_span {
    size_t off, len;
} text_span;

/* Sentences of text[0..len): *out is malloc'd (caller frees). Invalid
 * UTF-8 is BLOC_EINPUT naming the byte offset. */
int text_sentences(const char *text, size_t len, text_span **out, size_t *n, bloc_error *err);

/* Tokens of text[off..off+len): *out is malloc'd (caller frees); offsets
 * are into text. */
int text_tokens(const char *text, size_t off, size_t len, text_token **out, size_t *n,
                bloc_error *err);

#endif
