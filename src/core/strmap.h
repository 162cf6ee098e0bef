/*
 * core/strmap — a string -> long hash map (open addressing, FNV-1a).
 *
 * Used where a hot loop maps a text key to an index (country code to matrix
 * row, raw name to resolved code). Written here rather than taken from glib
 * because it is ~80 lines and glib would be a large dependency for one use.
 * Keys are copied; the map owns them.
 */
#ifndef BLOC_CORE_STRMAP_H
#define BLOC_CORE_STRMAP_H

#include <stddef.h>

typedef struct strmap strmap;

/* New empty map; NULL when out of memory. Free with strmap_free. */
strmap *strmap_new(void);
void strmap_free(strmap *m);

/* 1 and *val when key is present, 0 otherwise. */
int strmap_get(const strmap *m, const char *key, long *val);

/* Insert or replace. 0 on success, -1 when out of memory. */
int strmap_put(strmap *m, const char *key, long val);

size_t strmap_size(const strmap *m);

#endif
