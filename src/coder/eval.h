/*
 * coder/eval — scoring the coder on gold records: JSON Lines {"id",
 * "date", "text", "expected": [{"source","target","code"}]} (records with
 * "scored": false left out), each record right or wrong (the multiset of
 * triples), then precision, recall and F1 for full codes and for root
 * codes (the first two digits). docs/methods.md has the rules.
 */
#ifndef BLOC_CODER_EVAL_H
#define BLOC_CODER_EVAL_H

#include "coder/coder.h"
#include "core/error.h"
#include "core/result.h"

typedef struct coder_score {
    long long records, right;
    long long tp, fp, fn;        /* full codes */
    long long rtp, rfp, rfn;     /* root codes */
    double precision, recall, f1, root_precision, root_recall, root_f1;
} coder_score;

/* Score the records of path; today is the date of records without one. */
int coder_eval(const coder *c, const coder_opts *o, const char *path, int today,
               coder_score *out, bloc_error *err);

/* The score as the one row of --eval's table. */
int coder_score_rows(const coder_score *s, result *out);

#endif
