/*
 * coder/code — `code`: English text to events as a library call. Reads
 * plain text (a file is one document, or each paragraph with paragraphs)
 * or JSON Lines documents, codes them on N threads (coder/pool) with the
 * rows in input order, each event with its offsets, domain, Goldstein
 * score, quad class and what its sentence says besides (coder/extract);
 * with store the events go into the store too (source coder, idempotent).
 * With eval it scores the coder on gold records instead (coder/eval).
 */
#ifndef BLOC_CODER_CODE_H
#define BLOC_CODER_CODE_H

#include "api/call.h"

typedef struct code_paths {
    const char *v[16];
    int n;
} code_paths;

typedef struct code_req {
    opt_rest files;       /* none: standard input */
    int jsonl, paragraphs, explain, store, no_hedged, jobs;
    int no_pos;           /* --no-pos: every verb form is a verb (no part-of-speech layer) */
    int date;             /* the documents' date (default today) */
    code_paths dicts, keywords;
    const char *eval;
    double min_f1, max_sign_errors; /* --eval floors; max_sign_errors < 0: none */
    int by_quad;                    /* --eval: the confusion table of quad classes */
} code_req;
extern const bloc_call coder_call;

#endif
