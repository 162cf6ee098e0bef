/*
 * metrics/arms — what a SIPRI file covers, as one rule shared by the
 * loader (which records it) and the arms figures (which need it). A file
 * holds every delivery SIPRI recorded ("all": a whole download), or every
 * delivery to some recipients ("recipients:CHN,IRN"), or every delivery
 * among some states ("among:CHN,RUS"). A figure is computed only from a
 * release whose files cover every delivery it sums; anything else is no
 * data, never a smaller number.
 */
#ifndef BLOC_METRICS_ARMS_H
#define BLOC_METRICS_ARMS_H

#include <stddef.h>

/* Canonical scope text for kind ("recipients" or "among") and codes
 * (sorted, duplicates dropped) into out; -1 when it does not fit. */
int arms_scope_text(const char *kind, const char *const *codes, size_t n, char *out, size_t outsz);

/* Does a file of scope hold every delivery from supplier to recipient?
 * supplier NULL: every delivery to recipient, from anyone. */
int arms_scope_covers(const char *scope, const char *supplier, const char *recipient);

#endif
