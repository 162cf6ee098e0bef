/*
 * core/strmap — open-addressing string map (see strmap.h).
 */
#include "core/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct strmap {
    char **keys;
    long *vals;
    size_t cap; /* power of two */
    size_t len;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

strmap *strmap_new(void)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
        strmap_free(m);
        return NULL;
    }
    return m;
}

void strmap_free(strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->keys && i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m);
}

static size_t slot(char *const *keys, size_t cap, const char *key)
{
    size_t i = (size_t)hash(key) & (cap - 1);
    while (keys[i] && strcmp(keys[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

int strmap_get(const strmap *m, const char *key, long *val)
{
    size_t i = slot(m->keys, m->cap, key);
    if (!m->keys[i])
        return 0;
    *val = m->vals[i];
    return 1;
}

static int rehash(strmap *m)
{
    size_t cap = m->cap * 2;
    char **keys = calloc(cap, sizeof *keys);
    long *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = slot(keys, cap, m->keys[i]);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int strmap_put(strmap *m, const char *key, long val)
{
    if ((m->len + 1) * 2 > m->cap && rehash(m) != 0)
        return -1;
    size_t i = slot(m->keys, m->cap, key);
    if (!m->keys[i]) {
        if (!(m->keys[i] = util_strdup(key)))
            return -1;
        m->len++;
    }
    m->vals[i] = val;
    return 0;
}

size_t strmap_size(const strmap *m) { return m->len; }
