/*
 * tests/fuzz/gdelt_fuzz — libFuzzer target for the GDELT row parser and
 * the CAMEO lookups it feeds: each input line is counted, parsed in place
 * and, when it parses, its codes are looked up (description, Goldstein
 * weight, domain, quad class, FIPS place) as an ingest would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cameo/cameo.h"
#include "ingest/gdelt.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the tables are read once per process: the fuzzer's state, not bloc's */
    static cameo_tables *tables;
    if (!tables) {
        bloc_error err;
        if (cameo_load(BLOC_DATADIR, &tables, &err) != BLOC_OK) {
            fprintf(stderr, "gdelt_fuzz: %s\n", err.msg);
            abort();
        }
    }
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *p = buf, *end = buf + size;
    while (p <= end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t starts[GDELT_MAX_COLS];
        (void)gdelt_columns(p, len, starts, GDELT_MAX_COLS);
        p[len] = '\0';
        gdelt_row row;
        char reason[256];
        if (gdelt_parse_row(p, len, &row, reason, sizeof reason) == 0) {
            const store_event *e = &row.ev;
            const char *types[6] = {e->actor[0].type[0], e->actor[0].type[1], e->actor[0].type[2],
                                    e->actor[1].type[0], e->actor[1].type[1], e->actor[1].type[2]};
            double w;
            (void)cameo_describe(tables, e->event_code);
            (void)cameo_goldstein(tables, e->event_code, &w);
            (void)cameo_domain_of(tables, e->event_code, types, 6);
            (void)cameo_quad_class(e->event_code);
            (void)cameo_fips_country(tables, e->geo_fips);
            if (strlen(e->date_added) < 10 || strlen(e->source_event_id) == 0)
                abort(); /* a parsed row always has these */
        } else if (!reason[0]) {
            abort(); /* a rejection always says why */
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    free(buf);
    return 0;
}
