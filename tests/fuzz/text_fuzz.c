/*
 * tests/fuzz/text_fuzz — libFuzzer target for the coder's sentence
 * splitter and tokenizer: any bytes either give sentences and tokens whose
 * offsets stay inside the input, or a clear error (invalid UTF-8); the
 * quantities and date read from the tokens stay inside the sentence and the
 * date is a real day; events coded with and without the part-of-speech
 * layer stay inside the sentence, and the layer gives every token a tag.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/coder.h"
#include "coder/extract.h"
#include "coder/text.h"
#include "core/util.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static int inside(size_t off, size_t len, const text_span *s)
{
    return off >= s->off && off + len <= s->off + s->len;
}

static void check_events(const coder *c, const pos_lexicon *pos, const char *text, const text_span *s)
{
    coder_opts o = {.require_dyad = 0, .pos = pos};
    coder_event *ev = NULL;
    size_t n = 0;
    int discarded = 0;
    bloc_error err;
    if (coder_sentence(c, &o, text, s->off, s->len, 20240313, &ev, &n, &discarded, &err) != BLOC_OK) {
        if (!err.msg[0])
            abort();
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t cl = strlen(ev[i].code);
        if (cl < 2 || cl > 4 || strspn(ev[i].code, "0123456789") != cl ||
            !inside(ev[i].verb_off, ev[i].verb_len, s) ||
            (ev[i].src_len && !inside(ev[i].src_off, ev[i].src_len, s)) ||
            (ev[i].tgt_len && !inside(ev[i].tgt_off, ev[i].tgt_len, s)))
            abort();
    }
    free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static coder *dict;
    static extract_keywords *kw, *issues;
    static pos_lexicon *pos;
    if (!dict) {
        const char *dirs[] = {BLOC_DATADIR "/coder/phoenix"};
        const char *kwp[] = {BLOC_DATADIR "/coder/keywords.txt"};
        bloc_error err;
        if (coder_load(&dict, dirs, 1, &err) != BLOC_OK ||
            extract_keywords_load(&kw, kwp, 1, &err) != BLOC_OK ||
            extract_issues_load(&issues, dirs, 1, &err) != BLOC_OK || !extract_keywords_count(kw) ||
            !extract_keywords_count(issues)) {
            fprintf(stderr, "text_fuzz: the dictionaries: %s\n", err.msg);
            abort();
        }
        const char *wn = getenv("BLOC_WORDNET");
        if (pos_load(&pos, wn && *wn ? wn : "/usr/share/wordnet", &err) != BLOC_OK) {
            fprintf(stderr, "text_fuzz: WordNet: %s\n", err.msg);
            abort();
        }
    }
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
            extract_sentence(kw, issues, (const char *)data, t, nt, 20240313, &f);
            for (size_t k = 0; k < f.nk; k++)
                if (!inside(f.k[k].off, f.k[k].len, &s[i]))
                    abort();
            for (size_t k = 0; k < f.nissue; k++)
                if (!inside(f.issue[k].off, f.issue[k].len, &s[i]) || !f.issue[k].category[0])
                    abort();
            check_events(dict, NULL, (const char *)data, &s[i]);
            check_events(dict, pos, (const char *)data, &s[i]);
            if (nt) {
                unsigned char *tags = malloc(nt);
                if (!tags)
                    abort();
                pos_tag_sentence(pos, (const char *)data, t, nt, NULL, tags);
                for (size_t k = 0; k < nt; k++)
                    if (tags[k] > POS_PUNCT)
                        abort();
                free(tags);
            }
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
