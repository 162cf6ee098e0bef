/*
 * check/claims — the claims of an article, each tied to its sentence and
 * the bytes it came from, in four kinds:
 *   quantity  a share, count or amount between states over a span ("83%
 *             of China's arms imports", "2.5 million ammunition rounds");
 *   event     who did what to whom, when (the coder's events, grouped by
 *             verb: "China, Iran, and Russia have held joint naval
 *             exercises ... in March 2024");
 *   relation  a formal tie ("North Korea is China's sole military ally");
 *   trend     a group or dyad coming closer or keeping apart, with its
 *             words of change, domains and split date ("increasingly
 *             acting in unison", "before 2022 ... a powerful catalyst").
 * Built on the coder (actors, events), coder/extract (quantities, dates,
 * keywords) and rules over the sentence's tokens kept here, each rule
 * with a test case in tests/cases/check/. Precision first: a sentence
 * whose structure a rule does not recognise gives no claim of its kind;
 * questions and conditionals give none.
 */
#ifndef BLOC_CHECK_CLAIMS_H
#define BLOC_CHECK_CLAIMS_H

#include <stddef.h>

#include "check/article.h"
#include "coder/coder.h"
#include "coder/extract.h"
#include "core/error.h"
#include "registry/registry.h"

enum claim_kind { CLAIM_QUANTITY = 0, CLAIM_EVENT, CLAIM_RELATION, CLAIM_TREND };
enum { CLAIM_MAX_ACTORS = 8 };

typedef struct claim {
    int kind;                 /* enum claim_kind */
    size_t sentence;          /* index into the article's sentences */
    size_t off, len;          /* the words that make the claim (bytes) */
    char actors[CLAIM_MAX_ACTORS][4]; /* the states it names, in order */
    size_t nactors;
    char source[4], target[4]; /* who to whom: supplier, recipient; the ally and the one allied */
    char what[24];            /* quantity: share, count, money; event: the CAMEO code;
                               * relation: ally, sole ally, diplomatic relations;
                               * trend: closer, apart */
    double value;             /* quantity: the figure (a share as a fraction) */
    int approx;               /* "roughly", "some", "more than" ... */
    char unit[48];            /* quantity */
    char weapon[48];          /* the first weapon keyword of the sentence */
    char major[48];           /* the first that is not ammunition (what SIPRI counts) */
    char domains[48];         /* military, economic, diplomatic, technology (comma-separated; "" all) */
    int arms;                 /* quantity: a share of arms imports or exports */
    int from, to;             /* the span spoken of (YYYYMMDD; 0 none) */
    int precision;            /* enum extract_precision of from */
    int split;                /* trend: the date compared around (0: none given) */
    int group_from_context;   /* trend: the states come from an earlier sentence */
    char hedge[16];           /* event: "alleged", "could" ...; "" */
    char words[64];           /* trend: the words of change, as written */
    char text[240];           /* the claim stated plainly */
} claim;

typedef struct claim_tables {
    const coder *c;
    const coder_opts *o;
    const extract_keywords *kw;
    const registry *r;
} claim_tables;

/* The claims of every prose sentence of a, dated doc_date (YYYYMMDD), in
 * the order of the text. *out malloc'd (caller frees). */
int claims_extract(const claim_tables *t, const article *a, int doc_date, claim **out, size_t *n,
                   bloc_error *err);

/* Is a unit or keyword ammunition ("rounds", "artillery shells"), which
 * SIPRI does not cover? */
int claim_ammunition(const char *s);

/* "quantity", "event", "relation", "trend" */
const char *claim_kind_name(int kind);

#endif
