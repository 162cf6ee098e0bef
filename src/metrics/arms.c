/*
 * metrics/arms — the coverage rule of SIPRI files (see arms.h).
 */
#include "metrics/arms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int arms_scope_text(const char *kind, const char *const *codes, size_t n, char *out, size_t outsz)
{
    const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    memcpy(sorted, codes, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_code);
    size_t o = (size_t)snprintf(out, outsz, "%s:", kind);
    for (size_t i = 0; i < n && o < outsz; i++)
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0)
            o += (size_t)snprintf(out + o, outsz - o, "%s%s", out[o - 1] == ':' ? "" : ",", sorted[i]);
    free(sorted);
    return o < outsz ? 0 : -1;
}

/* Is code one of the comma-separated list? */
static int listed(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, code, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

int arms_scope_covers(const char *scope, const char *supplier, const char *recipient)
{
    if (strcmp(scope, "all") == 0)
        return 1;
    if (strncmp(scope, "recipients:", 11) == 0)
        return listed(scope + 11, recipient);
    if (strncmp(scope, "among:", 6) == 0)
        return supplier && listed(scope + 6, supplier) && listed(scope + 6, recipient);
    return 0;
}
