/*
 * tests/fuzz/dict_fuzz — libFuzzer target for loading coder dictionaries
 * (PETRARCH/Phoenix actors, agents, verbs, discards and issues, and
 * bloc's keyword files): the first byte picks the kind, the rest is the
 * file. Checked: a load either fails with a message naming the file or
 * gives tables that code a sentence without error; the keyword table
 * holds no more phrases than the file has lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coder/coder.h"
#include "coder/extract.h"
#include "coder/text.h"

static char dir[64];
static const char *const kinds[] = {"fuzz.actors.txt", "fuzz.agents.txt", "fuzz.verbs.txt",
                                    "fuzz.discards.txt", "fuzz.issues.txt", "keywords.txt"};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

static void remove_dir(void)
{
    char p[128];
    for (size_t i = 0; i < NKINDS; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, kinds[i]);
        unlink(p);
    }
    rmdir(dir);
}

static const char sentence[] =
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday "
    "and signed an agreement on military cooperation.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/bloc-dict-fuzz-%ld", (long)getpid());
        if (mkdir(dir, 0700) != 0)
            abort();
        atexit(remove_dir);
    }
    if (size == 0)
        return 0;
    size_t kind = data[0] % NKINDS;
    char path[128];
    for (size_t i = 0; i < NKINDS; i++) { /* one file in the folder at a time */
        snprintf(path, sizeof path, "%s/%s", dir, kinds[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s", dir, kinds[kind]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    bloc_error err;
    const char *dirs[] = {dir};
    if (kind == NKINDS - 1) {
        extract_keywords *k = NULL;
        const char *paths[] = {path};
        if (extract_keywords_load(&k, paths, 1, &err) != BLOC_OK) {
            if (!err.msg[0])
                abort();
            return 0;
        }
        size_t lines = 1;
        for (size_t i = 1; i < size; i++)
            lines += data[i] == '\n';
        if (extract_keywords_count(k) > lines)
            abort();
        extract_keywords_free(k);
        return 0;
    }
    if (kind == 4) {
        extract_keywords *k = NULL;
        if (extract_issues_load(&k, dirs, 1, &err) != BLOC_OK) {
            if (!err.msg[0])
                abort();
            return 0;
        }
        extract_keywords_free(k);
        return 0;
    }
    coder *c = NULL;
    if (coder_load(&c, dirs, 1, &err) != BLOC_OK) {
        if (!err.msg[0])
            abort();
        return 0;
    }
    text_span *s = NULL;
    size_t ns = 0;
    if (text_sentences(sentence, sizeof sentence - 1, &s, &ns, &err) != BLOC_OK)
        abort();
    for (size_t i = 0; i < ns; i++) {
        coder_opts o = {.require_dyad = 0};
        coder_event *ev = NULL;
        size_t n = 0;
        int discarded;
        if (coder_sentence(c, &o, sentence, s[i].off, s[i].len, 20240101, &ev, &n, &discarded, &err) !=
                BLOC_OK &&
            !err.msg[0])
            abort();
        free(ev);
    }
    free(s);
    coder_free(c);
    return 0;
}
