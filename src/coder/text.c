/*
 * coder/text — sentence splitting and tokens (see text.h). Hand-written:
 * no Debian C library offers an English sentence splitter; utf8proc does
 * the Unicode (decoding, upper case).
 */
#include "coder/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/util.h"

static int is_abbrev(const char *text, size_t end)
{
    /* the word before a period at text[end] */
    static const char *const abbrev[] = {"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt",
                                         "sen", "rep", "gov", "pres", "prof", "jr", "sr", "u.s",
                                         "u.n", "e.g", "i.e", "vs", "no", "jan", "feb", "mar",
                                         "apr", "aug", "sept", "sep", "oct", "nov", "dec"};
    size_t b = end;
    while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '\n' && text[b - 1] != '(')
        b--;
    size_t n = end - b;
    if (n == 1)
        return 1; /* an initial: "George W. Bush" */
    for (size_t i = 0; i < sizeof abbrev / sizeof abbrev[0]; i++)
        if (strlen(abbrev[i]) == n && strncasecmp(text + b, abbrev[i], n) == 0)
            return 1;
    return 0;
}

/* Bytes of the closing mark at text[j] that a sentence's end takes with it
 * (a straight or typographic closing quote, a parenthesis), 0 if none. */
static size_t closing_mark(const char *text, size_t len, size_t j)
{
    if (j >= len)
        return 0;
    if (text[j] == '"' || text[j] == '\'' || text[j] == ')')
        return 1;
    /* U+201D and U+2019, the closing double and single quotes */
    if (j + 2 < len && (unsigned char)text[j] == 0xE2 && (unsigned char)text[j + 1] == 0x80 &&
        ((unsigned char)text[j + 2] == 0x9D || (unsigned char)text[j + 2] == 0x99))
        return 3;
    return 0;
}

int text_sentences(const char *text, size_t len, text_span **out, size_t *n, bloc_error *err)
{
    size_t cap = 0, start = 0;
    *out = NULL;
    *n = 0;
    size_t valid = util_utf8_valid_prefix(text, len);
    if (valid < len)
        return bloc_fail(err, BLOC_EINPUT, "invalid UTF-8 near byte %zu", valid);
    for (size_t i = 0; i <= len; i++) {
        int end = i == len;
        if (!end && (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n')) {
            size_t j = i + 1, q;
            while ((q = closing_mark(text, len, j)) > 0)
                j += q;
            int para = text[i] == '\n' && j < len && text[j] == '\n';
            int boundary = text[i] != '\n' && (j >= len || text[j] == ' ' || text[j] == '\n') &&
                           !(text[i] == '.' && is_abbrev(text, i));
            if (boundary) {
                size_t k = j;
                while (k < len && (text[k] == ' ' || text[k] == '\n'))
                    k++;
                boundary = k >= len || !(text[k] >= 'a' && text[k] <= 'z');
            }
            if (!boundary && !para)
                continue;
            i = j - 1;
            end = 1;
        }
        if (!end)
            continue;
        size_t s = start, e = i == len ? len : i + 1;
        while (s < e && (text[s] == ' ' || text[s] == '\n' || text[s] == '\t' || text[s] == '\r'))
            s++;
        size_t t = e;
        while (t > s && (text[t - 1] == ' ' || text[t - 1] == '\n' || text[t - 1] == '\r'))
            t--;
        if (t > s) {
            if (util_grow((void **)out, &cap, *n + 1, sizeof **out) != 0) {
                free(*out);
                *out = NULL;
                return bloc_fail(err, BLOC_ENOMEM, "out of memory");
            }
            (*out)[(*n)++] = (text_span){s, t - s};
        }
        start = e;
    }
    return BLOC_OK;
}

static int push(text_token **out, size_t *n, size_t *cap, const char *text, size_t off,
                size_t len)
{
    if (util_grow((void **)out, cap, *n + 1, sizeof **out) != 0)
        return -1;
    text_token *t = &(*out)[(*n)++];
    t->off = off;
    t->len = len;
    size_t w = 0;
    for (size_t i = 0; i < len && w + 4 < TEXT_MAX_TOKEN;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + off + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            break;
        w += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)t->word + w);
        i += (size_t)k;
    }
    t->word[w] = '\0';
    return 0;
}

int text_tokens(const char *text, size_t off, size_t len, text_token **out, size_t *n,
                bloc_error *err)
{
    size_t cap = 0, i = off, end = off + len;
    *out = NULL;
    *n = 0;
    while (i < end) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(end - i), &cp);
        if (k <= 0) {
            free(*out);
            *out = NULL;
            return bloc_fail(err, BLOC_EINPUT, "invalid UTF-8 at byte %zu", i);
        }
        utf8proc_category_t c = utf8proc_category(cp);
        int letter = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
        int digit = c == UTF8PROC_CATEGORY_ND;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || c == UTF8PROC_CATEGORY_ZS) {
            i += (size_t)k;
            continue;
        }
        if (letter || digit) { /* a word: letters, digits, inner . - ' */
            size_t s = i;
            while (i < end) {
                utf8proc_ssize_t kk = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                                       (utf8proc_ssize_t)(end - i), &cp);
                if (kk <= 0)
                    break;
                c = utf8proc_category(cp);
                int inner = (cp == '-' || cp == '.' || cp == '\'' || cp == 0x2019) && i + (size_t)kk < end &&
                            ((text[i + (size_t)kk] >= 'A' && text[i + (size_t)kk] <= 'Z') ||
                             (text[i + (size_t)kk] >= 'a' && text[i + (size_t)kk] <= 'z') ||
                             (text[i + (size_t)kk] >= '0' && text[i + (size_t)kk] <= '9'));
                if (!(c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) &&
                    c != UTF8PROC_CATEGORY_ND && !inner)
                    break;
                i += (size_t)kk;
            }
            /* "Dagolath's" -> DAGOLATH 'S; "China’s" (U+2019) too, its 's as 'S */
            size_t wl = i - s;
            int ess = text[i - 1] == 's' || text[i - 1] == 'S';
            if (wl > 2 && ess && text[i - 2] == '\'') {
                if (push(out, n, &cap, text, s, wl - 2) != 0 || push(out, n, &cap, text, i - 2, 2) != 0)
                    goto oom;
            } else if (wl > 4 && ess && memcmp(text + i - 4, "\xE2\x80\x99", 3) == 0) {
                if (push(out, n, &cap, text, s, wl - 4) != 0 || push(out, n, &cap, text, i - 4, 4) != 0)
                    goto oom;
                snprintf((*out)[*n - 1].word, TEXT_MAX_TOKEN, "'S");
            } else if (push(out, n, &cap, text, s, wl) != 0)
                goto oom;
            continue;
        }
        if (push(out, n, &cap, text, i, (size_t)k) != 0) /* punctuation, one token */
            goto oom;
        i += (size_t)k;
    }
    return BLOC_OK;
oom:
    free(*out);
    *out = NULL;
    return bloc_fail(err, BLOC_ENOMEM, "out of memory");
}
