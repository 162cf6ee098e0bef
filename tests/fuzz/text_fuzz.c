/*
 * tests/fuzz/text_fuzz — libFuzzer target for the coder's sentence
 * splitter and tokenizer: any bytes either give sentences and tokens whose
 * offsets stay inside the input, or a clear error (invalid UTF-8); the
 * quantities and date read from the tokens stay inside the sentence and the
 * date is a real day.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coder/extract.h"
#include "coder/text.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    text_span *s = NULL;
    size_t ns = 0;
    bloc_error err;
    if (text_sentences((const char *)data, size, &s, &ns, &err) == BLOC_OK) {
        for (size_t i = 0; i < ns; i++) {
            if (s[i].off + s[i].len > size)
                abort();
            text_token *t = NULL;
            size_t nt = 0;
            if (text_tokens((const char *)data, s[i].off, s[i].len, &t, &nt, &err) == BLOC_OK)
                for (size_t k = 0; k < nt; k++)
                    if (t[k].off + t[k].len > s[i].off + s[i].len || strlen(t[k].word) >= TEXT_MAX_TOKEN)
                        abort();
            extract_facts f;
            extract_sentence(NULL, NULL, (const char *)data, t, nt, 20240313, &f);
            for (size_t q = 0; q < f.nq; q++)
                if (f.q[q].off < s[i].off || f.q[q].off + f.q[q].len > s[i].off + s[i].len)
                    abort();
            if (f.when.precision && (!util_date_valid(f.when.date) ||
                                     f.when.off + f.when.len > s[i].off + s[i].len))
                abort();
            free(t);
        }
    } else if (!err.msg[0]) {
        abort();
    }
    free(s);
    return 0;
}
