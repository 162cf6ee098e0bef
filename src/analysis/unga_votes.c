/*
 * analysis/unga_votes — `unga votes`: the record behind the UN measures.
 * One roll call's votes (--rcid N, or every roll call on --resolution
 * SYMBOL), each with the state, its vote and the file:line it now comes
 * from; or (--history) the votes on which two releases disagree, the older
 * value beside the newer one that is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/unga.h"
#include "core/util.h"
#include "registry/registry.h"

static const char *vote_text(int v)
{
    static const char *const names[] = {"absent", "yes", "abstain", "no"};
    return v >= 0 && v <= 3 ? names[v] : "?";
}

typedef struct votes_run {
    result *out;
    store *s;
    const registry *r;
    long long rcid;
    int date, session;
    char label[24], unres[160];
    long rollcalls;
    bloc_error *err;
} votes_run;

static int vote_row(void *ctx, const char *code, int vote, long long source_id, const char *path, long line)
{
    votes_run *V = ctx;
    (void)source_id;
    char where[700];
    snprintf(where, sizeof where, "%s:%ld", path, line);
    result_int(V->out, V->rcid);
    result_date(V->out, V->date);
    result_str(V->out, V->label); /* "ES-11"; "" for a regular session */
    result_int(V->out, V->session);
    result_str(V->out, V->unres);
    result_str(V->out, code);
    result_str(V->out, registry_name(V->r, code));
    result_str(V->out, vote_text(vote));
    result_str(V->out, where);
    return result_status(V->out) != BLOC_OK;
}

/* One roll call found: its votes. */
static int rollcall_votes(void *ctx, long long rcid, int date, int session, const char *label,
                          const char *unres, const char *title)
{
    votes_run *V = ctx;
    (void)title;
    V->rcid = rcid;
    V->date = date;
    V->session = session;
    snprintf(V->label, sizeof V->label, "%s", label ? label : "");
    snprintf(V->unres, sizeof V->unres, "%s", unres ? unres : "");
    V->rollcalls++;
    return store_unga_scan_rollcall_votes(V->s, rcid, vote_row, V, V->err);
}

static int correction_row(void *ctx, const store_vote_correction *c, const char *old_path,
                          const char *new_path)
{
    votes_run *V = ctx;
    char o[700], n[700];
    snprintf(o, sizeof o, "%s:%ld", old_path, c->old_source_line);
    snprintf(n, sizeof n, "%s:%ld", new_path, c->new_source_line);
    result_int(V->out, c->rcid);
    result_str(V->out, c->country);
    result_str(V->out, vote_text(c->old_vote));
    result_str(V->out, o);
    result_str(V->out, vote_text(c->new_vote));
    result_str(V->out, n);
    return result_status(V->out) != BLOC_OK;
}

static const result_col vote_cols[] = {
    {"rcid", RESULT_INT},      {"date", RESULT_DATE}, {"special_session", RESULT_STR},
    {"session", RESULT_INT},   {"resolution", RESULT_STR}, {"code", RESULT_STR},
    {"name", RESULT_STR},      {"vote", RESULT_STR},  {"source", RESULT_STR}};
static const result_col history_cols[] = {
    {"rcid", RESULT_INT},     {"code", RESULT_STR},       {"older_vote", RESULT_STR},
    {"older_source", RESULT_STR}, {"newer_vote", RESULT_STR}, {"newer_source", RESULT_STR}};

int unga_votes_run(bloc_session *S, const unga_req *q, result *out, bloc_error *err)
{
    votes_run V = {.out = out, .err = err};
    int rc = bloc_session_store(S, &V.s, &V.r, err);
    if (rc != BLOC_OK)
        return rc;
    if (q->history) {
        if ((rc = result_begin(out, history_cols, sizeof history_cols / sizeof history_cols[0])) != BLOC_OK ||
            (rc = store_unga_scan_corrections(V.s, q->rcid, correction_row, &V, err)) != BLOC_OK)
            return rc;
        if (result_nrows(out) == 0)
            result_note(out, "no vote on which two loaded releases disagree%s",
                        q->rcid ? " on this roll call" : "");
        return result_status(out);
    }
    if ((rc = result_begin(out, vote_cols, sizeof vote_cols / sizeof vote_cols[0])) != BLOC_OK)
        return rc;
    if (q->resolution) {
        char key[128];
        store_unga_symbol_key(q->resolution, key, sizeof key);
        rc = store_unga_find_symbol(V.s, key, rollcall_votes, &V, err);
    } else {
        rc = store_unga_rollcall_info(V.s, q->rcid, rollcall_votes, &V, err);
    }
    if (rc == BLOC_OK && V.rollcalls == 0 && q->resolution)
        result_note(out, "no roll call on %s in the store", q->resolution);
    else if (rc == BLOC_OK && V.rollcalls == 0)
        result_note(out, "no roll call %lld in the store", q->rcid);
    else if (rc == BLOC_OK && V.rollcalls > 1)
        result_note(out, "%ld roll calls on %s (the resolution and votes on its parts or amendments)",
                    V.rollcalls, q->resolution);
    return rc == BLOC_OK ? result_status(out) : rc;
}
