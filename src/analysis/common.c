/*
 * analysis/common — what several measures load the same way (see
 * analysis.h).
 */
#include "analysis/analysis.h"
#include "core/util.h"

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
    ev_opts oc = bloc_session_ev_opts(S, o);
    return ev_matrix_load(s, g->codes, g->mptr, g->n, &oc, m, err);
}

void analysis_coverage_notes(result *out, const ev_series *d, const char *what)
{
    long covered = ev_series_covered(d), events = 0;
    size_t uncovered = 0;
    for (size_t p = 0; p < d->n; p++) {
        events += (long)d->t[p].events;
        uncovered += d->covered[p] == 0;
    }
    if (d->n == 0) {
        result_note(out, "no data: the event data cover none of that range ('bloc stats --coverage' shows what they cover)");
        return;
    }
    if (covered == 0) {
        char a[16], b[16];
        util_format_date(d->start[0], a, sizeof a);
        util_format_date(d->last[d->n - 1], b, sizeof b);
        result_note(out, "no data: the event data cover no day of %s..%s for %s, so every figure"
                         " is NA ('bloc stats --coverage' shows what they cover)", a, b, what);
        return;
    }
    if (uncovered)
        result_note(out, "%zu of %zu periods have no data (the event data do not cover them):"
                         " their counts are NA, not 0", uncovered, d->n);
    if (covered && events == 0)
        result_note(out, "%s has no events in the %ld covered day%s", what, covered,
                    covered == 1 ? "" : "s");
}
