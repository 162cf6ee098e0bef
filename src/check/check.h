/*
 * check — `check ARTICLE`: an article's claims tested against the data,
 * as a library call. Reads the article (check/article), finds its claims
 * (check/claims) and tests each with the measure that fits (check/
 * verify); a row per claim: where it is (sentence, character offsets),
 * what it says, the channel tested, the figure claimed and the one found,
 * the verdict and why, the evidence, and the commands that reproduce it.
 */
#ifndef BLOC_CHECK_CHECK_H
#define BLOC_CHECK_CHECK_H

#include "api/call.h"

typedef struct check_req {
    const char *article;  /* a path, or "-" */
    int date;             /* the article's date (YYYYMMDD; default today) */
    double tolerance;     /* percentage points within which a share is close (default 5) */
    /* the article's bytes when the client holds them already (the page
     * reads standard input once for the claims and the page); NULL: read
     * article */
    const char *text;
    size_t text_len;
} check_req;
extern const bloc_call check_call;

/* The most an article may hold. */
enum { CHECK_MAX_BYTES = 4 << 20 };

#endif
