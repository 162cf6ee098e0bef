/*
 * analysis/common — what several measures load the same way (see
 * analysis.h).
 */
#include "analysis/analysis.h"

int analysis_group_matrix(bloc_session *S, const char *list, const ev_opts *o, bloc_set *g,
                          ev_matrix *m, bloc_error *err)
{
    store *s;
    const registry *r;
    int rc;
    if ((rc = bloc_session_store(S, &s, &r, err)) != BLOC_OK ||
        (rc = bloc_set_parse(r, list, g, err)) != BLOC_OK ||
        (rc = bloc_session_events(S, &s, &r, err)) != BLOC_OK)
        return rc;
    return ev_matrix_load(s, g->codes, g->mptr, g->n, o, m, err);
}
