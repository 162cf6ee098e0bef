/*
 * check/article — blocks and sentences of a plain-text or Markdown article
 * at the offsets of the file as written (see article.h).
 */
#include "check/article.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/text.h"
#include "core/util.h"

typedef struct block {
    size_t off, end;
    int kind;
    size_t link_bytes;    /* bytes of link text to an anchor of the page ("#...") */
} block;

typedef struct scan {
    article *a;
    block *b;
    size_t nb, cap;
    size_t start;         /* the open block's first byte */
    int kind;
    size_t link_bytes;
    int oom;
} scan;

static int space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Close the open block at end; the next opens at next with kind. */
static void cut(scan *S, size_t end, size_t next, int kind)
{
    if (end > S->start) {
        if (util_grow((void **)&S->b, &S->cap, S->nb + 1, sizeof *S->b) != 0)
            S->oom = 1;
        else
            S->b[S->nb++] = (block){S->start, end, S->kind, S->link_bytes};
    }
    S->start = next;
    S->kind = kind;
    S->link_bytes = 0;
}

static void blank(article *a, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < a->len; i++)
        if (a->text[i] != '\n')
            a->text[i] = ' ';
}

static int function_word(const char *w, size_t n)
{
    static const char *const words[] = {"a", "an", "the", "and", "or", "of", "in", "on", "for",
                                        "to", "with", "at", "by", "from", "is", "vs", "as", "nor"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && strncmp(words[i], w, n) == 0)
            return 1;
    return 0;
}

/* Where a heading that starts at p ends: at its line's end when the line
 * ends soon (Markdown as written), else (an article pasted flat) after a
 * word ending in ? or !, or before the capitalised word that opens the
 * first run of lower-case prose ("... A Growing Concern The military
 * dimension ..." ends before "The"). */
static size_t heading_end(const article *a, size_t p)
{
    const char *t = a->text;
    const char *nl = memchr(t + p, '\n', a->len - p);
    if (nl && (size_t)(nl - t) - p <= 200)
        return (size_t)(nl - t);
    size_t word[32], nw = 0, i = p;
    while (i < a->len && nw < 32) {
        while (i < a->len && space(t[i]))
            i++;
        if (i >= a->len)
            break;
        size_t w = i;
        while (i < a->len && !space(t[i]))
            i++;
        word[nw++] = w;
        char c = t[w], last = t[i - 1];
        if (islower((unsigned char)c) && !function_word(t + w, i - w)) {
            size_t k = nw - 1;
            while (k > 0 && !isupper((unsigned char)t[word[k - 1]]))
                k--;
            return k > 0 ? word[k - 1] : w;
        }
        if (last == '?' || last == '!')
            return i;
    }
    return nl ? (size_t)(nl - t) : a->len;
}

/* A block marker at i (the start of a line, or after white space in an
 * article pasted flat): how long it is, and the kind of block it opens;
 * 0 when none. */
static size_t marker(const article *a, size_t i, int line_start, int *kind)
{
    const char *t = a->text;
    size_t n = a->len, k = i;
    *kind = ARTICLE_PROSE;
    if (t[i] == '#') {
        while (k < n && t[k] == '#' && k - i < 7)
            k++;
        if (k - i <= 6 && k < n && t[k] == ' ') {
            *kind = ARTICLE_HEADING;
            return k - i;
        }
        return 0;
    }
    if (t[i] == '-' || t[i] == '*' || t[i] == '_') {
        while (k < n && t[k] == t[i])
            k++;
        if (k - i >= 3 && (k == n || space(t[k])))
            return k - i; /* a rule */
        if (k - i == 1 && t[i] != '_' && k + 1 < n && t[k] == ' ' && (line_start || t[k + 1] == '['))
            return 2;     /* a list item */
        return 0;
    }
    if (isdigit((unsigned char)t[i])) {
        while (k < n && isdigit((unsigned char)t[k]) && k - i < 4)
            k++;
        if (k + 1 < n && t[k] == '.' && t[k + 1] == ' ' && (line_start || (k + 2 < n && t[k + 2] == '[')))
            return k + 2 - i; /* a numbered item */
    }
    return 0;
}

/* A link at i ("[text](target)"): blanks the brackets and the target,
 * counts the text of links to the page's own anchors; returns the byte
 * after it, or i when none starts here. */
static size_t link_at(scan *S, size_t i)
{
    article *a = S->a;
    const char *t = a->text;
    size_t close = i + 1;
    while (close < a->len && t[close] != ']' && t[close] != '\n' && close - i < 400)
        close++;
    if (close + 1 >= a->len || t[close] != ']' || t[close + 1] != '(')
        return i;
    size_t end = close + 2;
    while (end < a->len && t[end] != ')' && !space(t[end]))
        end++;
    if (end >= a->len || t[end] != ')')
        return i;
    if (t[close + 2] == '#')
        S->link_bytes += close - i - 1;
    blank(a, i, i + 1);
    if (i > 0 && t[i - 1] == '!')
        blank(a, i - 1, i);
    blank(a, close, end + 1);
    return end + 1;
}

static void scan_text(scan *S)
{
    article *a = S->a;
    char *t = a->text;
    size_t heading = 0; /* the end of the heading being read: no block starts inside it */
    for (size_t i = 0; i < a->len;) {
        int line_start = i == 0 || t[i - 1] == '\n';
        int after_space = line_start || space(t[i - 1]);
        int kind;
        size_t m = after_space && i >= heading ? marker(a, i, line_start, &kind) : 0;
        if (m) {
            cut(S, i, i + m, kind);
            blank(a, i, i + m);
            i += m;
            if (kind == ARTICLE_HEADING) {
                size_t e = heading_end(a, i);
                cut(S, e, e, ARTICLE_PROSE);
                heading = e;
            }
            continue;
        }
        if (t[i] == '\n' && i + 1 < a->len && t[i + 1] == '\n' && i >= heading) {
            cut(S, i, i + 1, ARTICLE_PROSE);
            i++;
            continue;
        }
        if (line_start && t[i] == '>') {
            blank(a, i, i + 1);
            i++;
            continue;
        }
        if (t[i] == '[') {
            size_t e = link_at(S, i);
            if (e != i) {
                /* the link's text is read as it is: go on inside it */
                i++;
                continue;
            }
        }
        if ((t[i] == '*' || t[i] == '_') && i + 1 < a->len && t[i + 1] == t[i]) {
            blank(a, i, i + 2);
            i += 2;
            continue;
        }
        if (t[i] == '`' ||
            (t[i] == '*' && ((i + 1 < a->len && !space(t[i + 1])) || (i > 0 && !space(t[i - 1])))))
            blank(a, i, i + 1);
        i++;
    }
    cut(S, a->len, a->len, ARTICLE_PROSE);
}

/* A block that holds little besides the text of links to the page's own
 * anchors is a table of contents entry. */
static int link_block(const article *a, const block *b)
{
    size_t letters = 0;
    for (size_t i = b->off; i < b->end; i++)
        letters += !space(a->text[i]);
    return b->link_bytes && letters <= b->link_bytes + 2;
}

int article_parse(const char *name, const char *text, size_t len, article **out, bloc_error *err)
{
    *out = NULL;
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return bloc_fail(err, BLOC_EINPUT, "%s: byte %zu is NUL: not a text file", name,
                         (size_t)(nul - text));
    size_t valid = util_utf8_valid_prefix(text, len);
    if (valid < len)
        return bloc_fail(err, BLOC_EINPUT, "%s: invalid UTF-8 near byte %zu", name, valid);
    article *a = calloc(1, sizeof *a);
    if (!a || !(a->raw = malloc(len + 1)) || !(a->text = malloc(len + 1))) {
        article_free(a);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    memcpy(a->raw, text, len);
    memcpy(a->text, text, len);
    a->raw[len] = a->text[len] = '\0';
    a->len = len;
    scan S = {.a = a};
    scan_text(&S);
    int rc = S.oom ? bloc_fail(err, BLOC_ENOMEM, "out of memory") : BLOC_OK;
    size_t cap = 0;
    for (size_t k = 0; rc == BLOC_OK && k < S.nb; k++) {
        text_span *sp = NULL;
        size_t ns = 0;
        const block *b = &S.b[k];
        int kind = b->kind == ARTICLE_PROSE && link_block(a, b) ? ARTICLE_LINK : b->kind;
        if ((rc = text_sentences(a->text + b->off, b->end - b->off, &sp, &ns, err)) != BLOC_OK)
            break;
        if (util_grow((void **)&a->s, &cap, a->ns + ns + 1, sizeof *a->s) != 0)
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        for (size_t j = 0; rc == BLOC_OK && j < ns; j++)
            a->s[a->ns++] = (article_sentence){b->off + sp[j].off, sp[j].len, kind};
        free(sp);
    }
    free(S.b);
    if (rc != BLOC_OK) {
        article_free(a);
        return rc;
    }
    *out = a;
    return BLOC_OK;
}

int article_read(const char *path, size_t max, article **out, bloc_error *err)
{
    *out = NULL;
    int stdin_ = strcmp(path, "-") == 0;
    FILE *f = stdin_ ? stdin : fopen(path, "rb");
    if (!f)
        return bloc_fail(err, BLOC_EINPUT, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = BLOC_OK;
    for (;;) {
        if (util_grow((void **)&buf, &cap, n + 65536, 1) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > max) {
            rc = bloc_fail(err, BLOC_EINPUT, "%s: larger than %zu bytes: not an article", path, max);
            break;
        }
        if (got < 65536) {
            if (ferror(f))
                rc = bloc_fail(err, BLOC_EINPUT, "%s: %s", path, strerror(errno));
            break;
        }
    }
    if (!stdin_)
        fclose(f);
    if (rc == BLOC_OK)
        rc = article_parse(path, buf ? buf : "", n, out, err);
    free(buf);
    return rc;
}

void article_free(article *a)
{
    if (!a)
        return;
    free(a->raw);
    free(a->text);
    free(a->s);
    free(a);
}

size_t article_chars(const article *a, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off && i < a->len; i++)
        n += ((unsigned char)a->raw[i] & 0xC0) != 0x80;
    return n;
}
