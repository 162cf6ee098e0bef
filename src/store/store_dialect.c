/*
 * store/store_dialect — SQLite's dialect rewritten for PostgreSQL: the
 * store's SQL is written once, for SQLite (?N parameters, ifnull,
 * group_concat, "a IS NOT b", "WHERE 1", "? IS NULL", SQLite's "now"), and
 * this turns it into what PostgreSQL runs. libpq has no SQLite-dialect
 * statement, so the translation is ours; it covers only what the store's
 * own SQL uses, and the store's tests run every statement on both.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* A word of SQL at p (case-insensitive), followed by a non-word byte. */
static int word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(p, w, n) == 0 && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* Rewrite SQLite SQL for PostgreSQL; *nparams is the highest parameter.
 * Caller frees the result. */
char *store_pg_dialect(const char *sql, int *nparams)
{
    size_t n = strlen(sql), o = 0, cap = n * 2 + 256;
    char *out = malloc(cap);
    int maxp = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        if (o + 128 > cap) { /* room for the longest rewrite (STORE_NOW_PG) */
            char *p = realloc(out, cap *= 2);
            if (!p) {
                free(out);
                return NULL;
            }
            out = p;
        }
        char c = sql[i];
        int word_start = i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_');
        if (c == '\'') { /* a literal, copied whole */
            do {
                out[o++] = sql[i++];
                if (o + 4 > cap) {
                    char *p = realloc(out, cap *= 2);
                    if (!p) {
                        free(out);
                        return NULL;
                    }
                    out = p;
                }
            } while (i < n && sql[i] != '\'');
            if (i < n)
                out[o++] = sql[i++];
            continue;
        }
        if (c == '?') {
            int k = 0;
            i++;
            while (i < n && isdigit((unsigned char)sql[i]))
                k = k * 10 + (sql[i++] - '0');
            if (!k)
                k = maxp + 1; /* a bare ? takes the next number, as in SQLite */
            if (k > maxp)
                maxp = k;
            /* "? IS NULL" gives PostgreSQL no type to infer: the store's
             * optional filters are all text */
            o += (size_t)snprintf(out + o, cap - o, "$%d%s", k,
                                  strncasecmp(sql + i, " IS NULL", 8) == 0 ? "::text" : "");
            continue;
        }
        if (word_start && strncmp(sql + i, STORE_NOW_SQLITE, strlen(STORE_NOW_SQLITE)) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "%s", STORE_NOW_PG);
            i += strlen(STORE_NOW_SQLITE);
            continue;
        }
        if (word_start && word_at(sql + i, "ifnull")) {
            o += (size_t)snprintf(out + o, cap - o, "coalesce");
            i += 6;
            continue;
        }
        if (word_start && word_at(sql + i, "group_concat")) {
            o += (size_t)snprintf(out + o, cap - o, "string_agg");
            i += 12;
            continue;
        }
        if (word_start && word_at(sql + i, "is") && strncasecmp(sql + i + 2, " not ", 5) == 0 &&
            !word_at(sql + i + 7, "null")) { /* SQLite's null-safe "a IS NOT b" */
            o += (size_t)snprintf(out + o, cap - o, "IS DISTINCT FROM ");
            i += 7;
            continue;
        }
        if (word_start && word_at(sql + i, "WHERE") && strncmp(sql + i + 5, " 1", 2) == 0 &&
            !isalnum((unsigned char)sql[i + 7])) { /* a condition must be boolean there */
            o += (size_t)snprintf(out + o, cap - o, "WHERE true");
            i += 7;
            continue;
        }
        if (word_start && strncasecmp(sql + i, "AS INTEGER)", 11) == 0) {
            o += (size_t)snprintf(out + o, cap - o, "AS BIGINT)");
            i += 11;
            continue;
        }
        out[o++] = sql[i++];
    }
    out[o] = '\0';
    *nparams = maxp;
    return out;
}
