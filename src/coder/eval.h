/*
 * coder/eval — scoring the coder on gold records: JSON Lines {"id",
 * "date", "text", "dictionaries", "expected": [{"source","target","code"}]}
 * (records with "scored": false left out), each coded with the
 * dictionaries it names ("phoenix", "validate"). Each record is right or
 * wrong (the multiset of triples); then precision, recall and F1 for full
 * codes, for root codes (the first two digits) and at country level
 * (the first three letters of each actor and the root code, as alignment
 * measures aggregate); the sign-error rate (coded events whose country
 * pair matches a gold event's, on the other side of cooperation and
 * conflict from every gold event of that pair); and a confusion table of
 * quad classes. docs/methods.md has the rules.
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
    long long ctp, cfp, cfn;     /* country + root */
    long long sign_pairs;        /* coded events whose country pair a gold event has */
    long long sign_errors;       /* of those, on the other side of every such gold event */
    long long quad[5][5];        /* [gold quad][coded quad]; 0: none (missed or spurious) */
    long long verb_forms;        /* verb forms found in a record's parse ("parse") */
    long long verb_forms_verbs;  /* of those, verbs in the parse (VB*, AUX*) */
    long long verb_forms_right;  /* of those, where the part-of-speech layer agrees */
    double precision, recall, f1, root_precision, root_recall, root_f1;
    double country_precision, country_recall, country_f1, sign_error_rate;
} coder_score;

/* The coder for a record's dictionaries (its "dictionaries" field, NULL
 * when it names none); NULL with err filled when there is none. */
typedef const coder *(*coder_pick_fn)(void *ctx, const char *dictionaries, bloc_error *err);

/* Score the records of path; today is the date of records without one. */
int coder_eval(coder_pick_fn pick, void *ctx, const coder_opts *o, const char *path, int today,
               coder_score *out, bloc_error *err);

/* The quad class of a CAMEO code by its root: 1 verbal cooperation
 * (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4
 * material conflict (14-20); 0 for anything else. */
int coder_quad_of(const char *code);

/* The score as the one row of --eval's table, or (by_quad) the
 * confusion table of quad classes. */
int coder_score_rows(const coder_score *s, result *out);
int coder_quad_rows(const coder_score *s, result *out);

#endif
