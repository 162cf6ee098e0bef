/*
 * tests/fuzz/article_fuzz — libFuzzer target for `bloc check`'s article
 * reader (check/article): any bytes either give blocks and sentences whose
 * offsets stay inside the input, a blanked copy of the same length that
 * differs from the input only by spaces, and character offsets that never
 * exceed the byte offsets, or a clear error (invalid UTF-8, a NUL byte).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    article *a = NULL;
    bloc_error err;
    if (article_parse("fuzz", (const char *)data, size, &a, &err) != BLOC_OK) {
        if (!err.msg[0] || a)
            abort();
        return 0;
    }
    if (a->len != size || memcmp(a->raw, data, size) != 0)
        abort();
    size_t last = 0;
    for (size_t i = 0; i < a->ns; i++) {
        const article_sentence *s = &a->s[i];
        if (s->off < last || s->off + s->len > size || s->len == 0 || s->block < ARTICLE_PROSE ||
            s->block > ARTICLE_LINK)
            abort();
        last = s->off + s->len;
        if (article_chars(a, last) > last)
            abort();
    }
    for (size_t i = 0; i < size; i++)
        if (a->text[i] != a->raw[i] && a->text[i] != ' ')
            abort();
    article_free(a);
    return 0;
}
