/*
 * analysis/alliances — `alliances LIST [--year Y]`: the formal alliance
 * obligations (ATOP: defence, offence, neutrality, non-aggression,
 * consultation) between the members of a group in one year, each pair
 * listed (a pair without a tie shows "no": ATOP lists every alliance of
 * the state system in the years it covers), and each member's defence
 * pacts with states outside the group. Each obligation says who owes it:
 * "mutual", "A to B" (one way), or "no". A year the data do not cover is
 * "no data", never a row of noes.
 */
#ifndef BLOC_ANALYSIS_ALLIANCES_H
#define BLOC_ANALYSIS_ALLIANCES_H

#include "api/call.h"

typedef struct alliances_req {
    const char *group;
    int year;      /* 0: the last year the data cover */
} alliances_req;
extern const bloc_call analysis_alliances;

#endif
