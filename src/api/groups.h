/*
 * api/groups — the call that lists, shows, adds and removes groups of
 * states (`group list|show|add|rm`).
 */
#ifndef BLOC_API_GROUPS_H
#define BLOC_API_GROUPS_H

#include "api/call.h"

enum { GROUPS_LIST, GROUPS_SHOW, GROUPS_ADD, GROUPS_RM };

typedef struct groups_req {
    const char *sub;          /* list, show, add or rm */
    const char *name;
    opt_rest members;         /* add: MEMBER... */
    const char *description;
    const char *from_text, *until_text, *on_text;
    int from, until, on;      /* set by the check */
    int kind;                 /* GROUPS_*, set by the check */
} groups_req;
extern const bloc_call api_groups;

#endif
