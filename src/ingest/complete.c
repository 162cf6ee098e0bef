/*
 * ingest/complete — derived event fields (see complete.h).
 */
#include "ingest/complete.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int ingest_check_lengths(const store_event *e, char *reason, size_t rsz)
{
    const struct { const char *name, *text; size_t max; } fields[] = {
        {"url", e->url, INGEST_MAX_URL},
        {"actor1 name", e->actor[0].name, INGEST_MAX_NAME},
        {"actor2 name", e->actor[1].name, INGEST_MAX_NAME},
        {"actor1 code", e->actor[0].code, INGEST_MAX_CODE},
        {"actor2 code", e->actor[1].code, INGEST_MAX_CODE},
        {"actor1 known group", e->actor[0].known_group, INGEST_MAX_CODE},
        {"actor2 known group", e->actor[1].known_group, INGEST_MAX_CODE},
        {"actor1 type", e->actor[0].type[0], INGEST_MAX_CODE},
        {"actor1 type 2", e->actor[0].type[1], INGEST_MAX_CODE},
        {"actor1 type 3", e->actor[0].type[2], INGEST_MAX_CODE},
        {"actor2 type", e->actor[1].type[0], INGEST_MAX_CODE},
        {"actor2 type 2", e->actor[1].type[1], INGEST_MAX_CODE},
        {"actor2 type 3", e->actor[1].type[2], INGEST_MAX_CODE},
        {"geo ADM1", e->geo_adm1, INGEST_MAX_CODE},
        {"date added", e->date_added, INGEST_MAX_CODE},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        size_t n = fields[i].text ? strlen(fields[i].text) : 0;
        if (n > fields[i].max) {
            snprintf(reason, rsz, "%s: %zu bytes, longer than the %zu allowed", fields[i].name, n,
                     fields[i].max);
            return -1;
        }
    }
    return 0;
}

void ingest_complete_event(const cameo_tables *t, store_event *e)
{
    e->goldstein_origin = CAMEO_GS_DATA;
    if (isnan(e->goldstein)) {
        double w;
        e->goldstein_origin = cameo_goldstein(t, e->event_code, &w);
        if (e->goldstein_origin != CAMEO_GS_NONE)
            e->goldstein = w;
    }
    if (!e->quad_class)
        e->quad_class = cameo_quad_class(e->event_code);
    if (!e->domain || !*e->domain) {
        const char *types[6];
        for (int a = 0; a < 2; a++)
            for (int k = 0; k < 3; k++)
                types[a * 3 + k] = e->actor[a].type[k];
        e->domain = cameo_domain_name(cameo_domain_of(t, e->event_code, types, 6));
    }
}
