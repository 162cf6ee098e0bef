/*
 * ingest/complete — derived event fields (see complete.h).
 */
#include "ingest/complete.h"

#include <math.h>

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
