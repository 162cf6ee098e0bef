/*
 * check/article — an article as `bloc check` reads it: plain text or
 * Markdown, in UTF-8, cut into blocks (paragraphs, headings, list items,
 * rules) and the blocks into sentences. Markdown's markup (emphasis, link
 * targets, heading and list markers, rules) is blanked in a copy of the
 * text of the same length, so that every offset into the copy is an
 * offset into the file as written: a claim's place is the place a reader
 * finds it. A heading run into its paragraph on one line (as when an
 * article is pasted flat) ends where its title-case words do. Hand-written:
 * no Debian C library reads Markdown into offsets of the source (cmark's
 * source positions are lines and columns of block starts only).
 */
#ifndef BLOC_CHECK_ARTICLE_H
#define BLOC_CHECK_ARTICLE_H

#include <stddef.h>

#include "core/error.h"

enum article_block { ARTICLE_PROSE = 0, ARTICLE_HEADING, ARTICLE_LINK };

typedef struct article_sentence {
    size_t off, len;   /* bytes, in the text as written */
    int block;         /* enum article_block: claims come from prose only */
} article_sentence;

typedef struct article {
    char *raw;         /* the file's bytes, NUL-terminated */
    char *text;        /* the same length, markup blanked */
    size_t len;
    article_sentence *s;
    size_t ns;
} article;

/* Read text[0..len) (copied). Invalid UTF-8 or a NUL byte is BLOC_EINPUT
 * naming name and the byte offset. *out caller-owned: article_free. */
int article_parse(const char *name, const char *text, size_t len, article **out, bloc_error *err);
/* Read a file ("-": standard input), at most max bytes (a larger one is
 * BLOC_EINPUT). */
int article_read(const char *path, size_t max, article **out, bloc_error *err);
void article_free(article *a);

/* Characters (code points) of a->raw before byte off. */
size_t article_chars(const article *a, size_t off);

#endif
