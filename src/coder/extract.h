/*
 * coder/extract — the facts analysts want beside a coded event, read from
 * the same sentence: quantities ("roughly 2.5 million ammunition rounds",
 * "83%", "$1.2 billion"), weapon and technology keywords from a dictionary
 * kept in data/coder/keywords.txt ("ballistic missiles", "microchips",
 * "naval drills", each with a category and a domain), and the date the
 * sentence speaks of, resolved against the document's date ("yesterday",
 * "on Monday", "in March", "last year", "three weeks ago", "March 3,
 * 2022"), and the issues of the Phoenix issue dictionaries. Pattern rules
 * over the coder's tokens, written here because no
 * Debian library does English number and relative-date reading for C.
 */
#ifndef BLOC_CODER_EXTRACT_H
#define BLOC_CODER_EXTRACT_H

#include <stddef.h>

#include "coder/text.h"
#include "core/error.h"

typedef struct extract_keywords extract_keywords;

/* Load a keyword file: lines "phrase<TAB>category<TAB>domain" ("#"
 * comments); phrases match case-blind, plurals too ("drone" matches
 * "drones"). Later files override earlier ones for the same phrase.
 * *out caller-owned: extract_keywords_free. */
int extract_keywords_load(extract_keywords **out, const char *const *paths, size_t npaths,
                          bloc_error *err);
void extract_keywords_free(extract_keywords *k);
size_t extract_keywords_count(const extract_keywords *k);

/* Load the issue dictionaries (PETRARCH/Phoenix format, files named
 * *Issue*.txt or *.issues.txt) of the given dictionary folders into a
 * keyword table whose category is the issue code and domain the issue
 * category ("~" exclusions match but report nothing). Folders without
 * such files give an empty table. *out caller-owned. */
int extract_issues_load(extract_keywords **out, const char *const *dirs, size_t ndirs,
                        bloc_error *err);

enum { EXTRACT_MAX_QUANTITIES = 8, EXTRACT_MAX_KEYWORDS = 8 };

typedef struct extract_quantity {
    double value;        /* NaN when only a magnitude is given ("hundreds of") */
    char unit[48];       /* "ammunition rounds", "%", "USD", "" */
    char text[96];       /* as written, from the first word to the unit */
    size_t off, len;     /* bytes in the text */
    int approx;          /* "roughly", "some", "more than", "up to" ... */
} extract_quantity;

typedef struct extract_keyword {
    char term[48];       /* the dictionary phrase */
    char category[24];   /* weapon, exercise, technology, nuclear, energy ... */
    char domain[16];     /* the domain it stands for */
    size_t off, len;
} extract_keyword;

enum extract_precision { EXTRACT_NONE = 0, EXTRACT_DAY, EXTRACT_WEEK, EXTRACT_MONTH, EXTRACT_YEAR };

typedef struct extract_date {
    int date;            /* YYYYMMDD: the day, or the first day of the week, month or year */
    int until;           /* a span's last day ("from 2018 to 2022": 20221231); 0 none */
    int precision;       /* enum extract_precision; EXTRACT_NONE: nothing found */
    size_t off, len;     /* the phrase, bytes in the text */
} extract_date;

typedef struct extract_facts {
    extract_quantity q[EXTRACT_MAX_QUANTITIES];
    size_t nq;
    extract_keyword k[EXTRACT_MAX_KEYWORDS];
    size_t nk;
    extract_keyword issue[EXTRACT_MAX_KEYWORDS]; /* category = issue code,
                                                    domain = issue category */
    size_t nissue;
    extract_date when;
} extract_facts;

/* Read the facts of one sentence from its tokens (text_tokens over the
 * sentence; offsets into text) for a document dated doc_date (YYYYMMDD).
 * kw and issues may be NULL (none). Fills *out; never fails. */
void extract_sentence(const extract_keywords *kw, const extract_keywords *issues, const char *text,
                      const text_token *tok, size_t ntok, int doc_date, extract_facts *out);

/* "day", "week", "month", "year" or "" */
const char *extract_precision_name(int precision);

#endif
