/*
 * store/store_unga — SQL for the UN General Assembly tables: roll calls,
 * issue tags and the corrections between releases, each with the file and
 * line it came from; the scans the vote measures read (see store.h). The
 * votes' own rows are store_ballots.c's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

/* The cached statement id, prepared on first use and reset for reuse. */
static const char *const unga_sql[] = {
    [ST_PUT_RC] = "INSERT INTO unga_rollcalls(rcid,session,date,important,amend,para,"
                  "unres,short,descr,source_id,source_line,session_label,orig_rcid)"
                  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(rcid) DO NOTHING",
    [ST_GET_RC] = "SELECT date, ifnull(unres,'') FROM unga_rollcalls WHERE rcid=?",
    [ST_PUT_ISSUE] = "INSERT INTO unga_issues(rcid,issue,source_id,source_line)"
                         " VALUES(?,?,?,?) ON CONFLICT(rcid,issue) DO NOTHING",
    [ST_PUT_ISSUE_NAME] = "INSERT INTO unga_issue_names(code,name) VALUES(?,?)"
                              " ON CONFLICT(code) DO NOTHING",
    [ST_FIND_RC] = "SELECT rcid, unres FROM unga_rollcalls WHERE date=?"
                       " AND ifnull(amend,0)=0 AND ifnull(para,0)=0 AND unres IS NOT NULL",
};

static store_q *cached(store *s, int id, bloc_error *err)
{
    return store_cached(s, id, unga_sql[id], err);
}

static void bind_opt_int(store_q *st, int i, int v)
{
    if (v < 0)
        store_q_bind_null(st, i);
    else
        store_q_bind_int64(st, i, v);
}

int store_unga_put_rollcall(store *s, const store_rollcall *rc_, int *result, bloc_error *err)
{
    store_q *st = cached(s, ST_PUT_RC, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rc_->rcid);
    store_q_bind_int64(st, 2, rc_->session);
    store_bind_date(st, 3, rc_->date);
    bind_opt_int(st, 4, rc_->important);
    bind_opt_int(st, 5, rc_->amend);
    bind_opt_int(st, 6, rc_->para);
    store_bind_text_or_null(st, 7, rc_->unres);
    store_bind_text_or_null(st, 8, rc_->short_title);
    store_bind_text_or_null(st, 9, rc_->descr);
    store_q_bind_int64(st, 10, rc_->source_id);
    store_q_bind_int64(st, 11, rc_->source_line);
    store_bind_text_or_null(st, 12, rc_->session_label);
    if (rc_->orig_rcid)
        store_q_bind_int64(st, 13, rc_->orig_rcid);
    else
        store_q_bind_null(st, 13);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert roll call");
    if (store_changes(s) == 1) {
        *result = STORE_INSERTED;
        return BLOC_OK;
    }
    /* already there: identical when date and resolution agree */
    if (!(st = cached(s, ST_GET_RC, err)))
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rc_->rcid);
    if (store_q_step(st) != STORE_ROW)
        return store_sqlfail(s, err, "cannot read roll call");
    char date[16];
    util_format_date(rc_->date, date, sizeof date);
    const char *d = (const char *)store_q_text(st, 0);
    const char *u = (const char *)store_q_text(st, 1);
    /* a release without symbols (the wide matrix) says nothing about them */
    int same = d && strcmp(d, date) == 0 && u &&
               (!rc_->unres || !*rc_->unres || strcmp(u, rc_->unres) == 0);
    *result = same ? STORE_DUPLICATE : STORE_CONFLICT;
    return BLOC_OK;
}

void store_unga_symbol_key(const char *unres, char *out, size_t n)
{
    static const char *const prefixes[] = {"A/RES/", "RES/", "R/", "A/"};
    char tmp[128];
    size_t k = 0;
    assert(n > 0);
    for (const char *p = unres ? unres : ""; *p && k + 1 < sizeof tmp; p++)
        if (*p != ' ')
            tmp[k++] = (char)toupper((unsigned char)*p);
    tmp[k] = '\0';
    const char *p = tmp;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
            p += strlen(prefixes[i]);
            break;
        }
    if (strncmp(p, "ESS/", 4) == 0)
        snprintf(out, n, "ES-%s", p + 4);
    else
        snprintf(out, n, "%s", p);
}

const char *store_unga_special_session(const char *unres, char *buf, size_t n)
{
    char key[128];
    store_unga_symbol_key(unres, key, sizeof key);
    size_t len = strcspn(key, "/");
    if (strncmp(key, "ES-", 3) != 0 || len <= 3 || !key[len] || len >= n)
        return NULL;
    snprintf(buf, n, "%.*s", (int)len, key);
    return buf;
}

int store_unga_find_rollcall(store *s, const char *unres, int date, long long *rcid,
                             bloc_error *err)
{
    store_q *st = cached(s, ST_FIND_RC, err);
    if (!st)
        return BLOC_ESTORE;
    char want[128], key[128];
    store_unga_symbol_key(unres, want, sizeof want);
    store_bind_date(st, 1, date);
    *rcid = 0;
    int n = 0, r;
    long long found = 0;
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_unga_symbol_key((const char *)store_q_text(st, 1), key, sizeof key);
        if (*want && strcmp(key, want) == 0) {
            found = store_q_int64(st, 0);
            n++;
        }
    }
    if (r != STORE_DONE)
        return store_sqlfail(s, err, "cannot look up roll call");
    if (n == 1)
        *rcid = found;
    return BLOC_OK;
}

int store_unga_find_renumbered(store *s, long long orig, int date, long long *rcid, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT rcid FROM unga_rollcalls WHERE orig_rcid = ? AND date = ?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, orig);
    store_bind_date(st, 2, date);
    int r = store_q_step(st);
    *rcid = r == STORE_ROW ? store_q_int64(st, 0) : 0;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot look up a renumbered roll call");
    store_q_finalize(st);
    return rc;
}

int store_unga_next_local_rcid(store *s, long long *rcid, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT max(rcid) FROM unga_rollcalls WHERE rcid > ?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, STORE_LOCAL_RCID_BASE);
    long long top = store_q_step(st) == STORE_ROW ? store_q_int64(st, 0) : 0;
    store_q_finalize(st);
    *rcid = top > STORE_LOCAL_RCID_BASE ? top + 1 : STORE_LOCAL_RCID_BASE + 1;
    return BLOC_OK;
}

int store_unga_rollcall_release(store *s, long long rcid, int *release, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT s.release FROM unga_rollcalls r JOIN sources s ON s.id = r.source_id"
                                   " WHERE r.rcid = ?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, rcid);
    int r = store_q_step(st);
    *release = r == STORE_ROW ? store_column_date(st, 0) : 0;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read a roll call's release");
    store_q_finalize(st);
    return rc;
}

int store_unga_correct_vote(store *s, const store_vote_correction *c, int apply, bloc_error *err)
{
    assert(c->old_vote != c->new_vote);
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "INSERT INTO unga_vote_corrections(rcid,country,old_vote,old_source_id,"
                           "old_source_line,new_vote,new_source_id,new_source_line) VALUES(?,?,?,?,?,?,?,?)"
                           " ON CONFLICT(rcid,country,old_source_id,new_source_id) DO NOTHING",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, c->rcid);
    store_q_bind_text(st, 2, c->country);
    store_q_bind_int64(st, 3, c->old_vote);
    store_q_bind_int64(st, 4, c->old_source_id);
    store_q_bind_int64(st, 5, c->old_source_line);
    store_q_bind_int64(st, 6, c->new_vote);
    store_q_bind_int64(st, 7, c->new_source_id);
    store_q_bind_int64(st, 8, c->new_source_line);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot record a vote correction");
    store_q_finalize(st);
    if (rc != BLOC_OK || !apply)
        return rc;
    return store_ballot_apply(s, c->rcid, c->country, c->new_vote, c->new_source_id, c->new_source_line, err);
}

int store_unga_removal_source(store *s, long long rcid, const char *code, long long *source, long *line,
                              bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT new_source_id, new_source_line FROM unga_vote_corrections"
                           " WHERE rcid = ? AND country = ? AND new_vote = 0 ORDER BY new_source_id DESC LIMIT 1",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, rcid);
    store_q_bind_text(st, 2, code);
    int r = store_q_step(st);
    *source = r == STORE_ROW ? store_q_int64(st, 0) : 0;
    *line = r == STORE_ROW ? (long)store_q_int64(st, 1) : 0;
    if (r != STORE_ROW && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read vote corrections");
    store_q_finalize(st);
    return rc;
}

int store_unga_scan_corrections(store *s, long long rcid, store_correction_cb cb, void *ctx,
                                bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT c.rcid, c.country, c.old_vote, c.old_source_id, c.old_source_line,"
                           " c.new_vote, c.new_source_id, c.new_source_line, o.path, n.path"
                           " FROM unga_vote_corrections c JOIN sources o ON o.id = c.old_source_id"
                           " JOIN sources n ON n.id = c.new_source_id"
                           " WHERE ?1 = 0 OR c.rcid = ?1 ORDER BY c.rcid, c.country, c.new_source_id",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, rcid);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        store_vote_correction c = {store_q_int64(st, 0), (const char *)store_q_text(st, 1),
                                   store_q_int(st, 2), store_q_int64(st, 3),
                                   (long)store_q_int64(st, 4), store_q_int(st, 5),
                                   store_q_int64(st, 6), (long)store_q_int64(st, 7)};
        if ((rc = cb(ctx, &c, (const char *)store_q_text(st, 8), (const char *)store_q_text(st, 9))) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read vote corrections");
    store_q_finalize(st);
    return rc;
}

int store_unga_rollcall_date(store *s, long long rcid, int *date, bloc_error *err)
{
    store_q *st = cached(s, ST_GET_RC, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    int r = store_q_step(st);
    if (r != STORE_ROW && r != STORE_DONE)
        return store_sqlfail(s, err, "cannot read roll call");
    *date = r == STORE_ROW ? store_column_date(st, 0) : 0;
    return BLOC_OK;
}

/* Roll calls with their label: all whose symbol has key, or one rcid. */
static int rollcall_infos(store *s, const char *key, long long rcid, store_rollcall_info_cb cb,
                          void *ctx, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                           "SELECT rcid, date, session, session_label, ifnull(unres,''), ifnull(short,'')"
                           " FROM unga_rollcalls WHERE (?1 = 0 AND unres IS NOT NULL) OR rcid = ?1"
                           " ORDER BY date, rcid",
                           err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_int64(st, 1, key ? 0 : rcid);
    int r;
    char k[128];
    while ((r = store_q_step(st)) == STORE_ROW) {
        const char *unres = (const char *)store_q_text(st, 4);
        if (key) {
            store_unga_symbol_key(unres, k, sizeof k);
            if (strcmp(k, key) != 0)
                continue;
        }
        if ((rc = cb(ctx, store_q_int64(st, 0), store_column_date(st, 1), store_q_int(st, 2),
                     (const char *)store_q_text(st, 3), unres, (const char *)store_q_text(st, 5))) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read roll calls");
    store_q_finalize(st);
    return rc;
}

int store_unga_find_symbol(store *s, const char *key, store_rollcall_info_cb cb, void *ctx,
                           bloc_error *err)
{
    return rollcall_infos(s, key, 0, cb, ctx, err);
}

int store_unga_rollcall_info(store *s, long long rcid, store_rollcall_info_cb cb, void *ctx,
                             bloc_error *err)
{
    return rollcall_infos(s, NULL, rcid, cb, ctx, err);
}

int store_unga_put_issue(store *s, long long rcid, const char *issue, const char *issue_name,
                         long long source_id, long source_line, int *result, bloc_error *err)
{
    store_q *st = cached(s, ST_PUT_ISSUE_NAME, err);
    if (!st)
        return BLOC_ESTORE;
    store_q_bind_text(st, 1, issue);
    store_q_bind_text(st, 2, issue_name && *issue_name ? issue_name : issue);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert issue name");
    if (!(st = cached(s, ST_PUT_ISSUE, err)))
        return BLOC_ESTORE;
    store_q_bind_int64(st, 1, rcid);
    store_q_bind_text(st, 2, issue);
    store_q_bind_int64(st, 3, source_id);
    store_q_bind_int64(st, 4, source_line);
    if (store_q_step(st) != STORE_DONE)
        return store_sqlfail(s, err, "cannot insert issue");
    *result = store_changes(s) == 1 ? STORE_INSERTED : STORE_DUPLICATE;
    return BLOC_OK;
}

/* WHERE clause for a roll-call filter on alias r; binds start at index 1. */
static void filter_sql(const store_unga_filter *f, char *buf, size_t n)
{
    const char *sess = f && f->session ? f->session : NULL;
    /* the session as numbers only, so nothing but digits reaches the SQL */
    char ss[96] = "";
    if (sess && strncmp(sess, "ES-", 3) == 0)
        snprintf(ss, sizeof ss, " AND r.session_label = 'ES-%d'", atoi(sess + 3));
    else if (sess)
        snprintf(ss, sizeof ss, " AND r.session = %d AND r.session_label IS NULL", atoi(sess));
    snprintf(buf, n, " WHERE (?1 IS NULL OR r.date >= ?1) AND (?2 IS NULL OR r.date <= ?2)"
                     " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM unga_issues i"
                     "      WHERE i.rcid = r.rcid AND i.issue = ?3))%s%s",
             f && f->important_only ? " AND r.important = 1" : "", ss);
}

static void filter_bind(store_q *st, const store_unga_filter *f)
{
    store_bind_date(st, 1, f ? f->since : 0);
    store_bind_date(st, 2, f ? f->until : 0);
    if (f && f->issue)
        store_q_bind_text(st, 3, f->issue);
    else
        store_q_bind_null(st, 3);
}

int store_unga_scan_rollcalls(store *s, const store_unga_filter *f, store_rollcall_cb cb,
                              void *ctx, bloc_error *err)
{
    char where[512], sql[1024];
    store_q *st = NULL;
    filter_sql(f, where, sizeof where);
    snprintf(sql, sizeof sql,
             "SELECT r.rcid, r.date, r.session,"
             " (SELECT group_concat(issue, ',') FROM unga_issues i WHERE i.rcid = r.rcid)"
             " FROM unga_rollcalls r%s ORDER BY r.date, r.rcid", where);
    int rc = store_prepare(s, &st, sql, err);
    if (rc != BLOC_OK)
        return rc;
    filter_bind(st, f);
    int r;
    while ((r = store_q_step(st)) == STORE_ROW) {
        const char *iss = store_q_text(st, 3);
        if ((rc = cb(ctx, store_q_int64(st, 0), store_column_date(st, 1),
                     store_q_int(st, 2), iss ? (const char *)iss : "")) != BLOC_OK)
            break;
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read roll calls");
    store_q_finalize(st);
    return rc;
}

int store_unga_scan_votes(store *s, const store_unga_filter *f, store_ballot_cb cb, void *ctx,
                          bloc_error *err)
{
    char where[512], sql[1024];
    store_q *st = NULL;
    const char *const *pos_code;
    size_t npos;
    int rc = store_ballot_positions(s, &pos_code, &npos, err);
    if (rc != BLOC_OK)
        return rc;
    filter_sql(f, where, sizeof where);
    /* roll calls outer, their rows by primary key: a sequential read */
    snprintf(sql, sizeof sql, "SELECT b.rcid, b.votes FROM unga_rollcalls r"
                              " CROSS JOIN unga_ballots b%s AND b.rcid = r.rcid", where);
    if ((rc = store_prepare(s, &st, sql, err)) != BLOC_OK)
        return rc;
    filter_bind(st, f);
    int r;
    while (rc == BLOC_OK && (r = store_q_step(st)) == STORE_ROW) {
        long long rcid = store_q_int64(st, 0);
        const char *votes = store_q_text(st, 1);
        size_t n = strlen(votes);
        if (n > npos || strspn(votes, "0123") != n)
            rc = bloc_fail(err, BLOC_ESTORE, "unga_ballots: the row of roll call %lld is malformed", rcid);
        else
            rc = cb(ctx, rcid, votes, n, pos_code);
    }
    if (rc == BLOC_OK && r != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot read votes");
    store_q_finalize(st);
    return rc;
}

int store_unga_counts_get(store *s, store_unga_counts *c, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st,
                     "SELECT (SELECT count(*) FROM unga_rollcalls), (SELECT coalesce(sum(nvotes), 0) FROM unga_ballots),"
                     " (SELECT count(*) FROM unga_issues), (SELECT count(*) FROM sources),"
                     " (SELECT min(date) FROM unga_rollcalls), (SELECT max(date) FROM unga_rollcalls)",
                     err);
    if (rc != BLOC_OK)
        return rc;
    if (store_q_step(st) == STORE_ROW) {
        c->rollcalls = store_q_int64(st, 0);
        c->votes = store_q_int64(st, 1);
        c->issues = store_q_int64(st, 2);
        c->sources = store_q_int64(st, 3);
        c->first_date = store_column_date(st, 4);
        c->last_date = store_column_date(st, 5);
    } else {
        rc = store_sqlfail(s, err, "cannot count");
    }
    store_q_finalize(st);
    return rc;
}

int store_unga_issue_list(store *s, char ***codes, char ***names, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    size_t cnt = 0, cap = 0, cap2 = 0;
    char **c = NULL, **nm = NULL;
    int rc = store_prepare(s, &st, "SELECT code, name FROM unga_issue_names ORDER BY code", err);
    if (rc != BLOC_OK)
        return rc;
    while (store_q_step(st) == STORE_ROW) {
        if (util_grow((void **)&c, &cap, cnt + 1, sizeof *c) != 0 ||
            util_grow((void **)&nm, &cap2, cnt + 1, sizeof *nm) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
            break;
        }
        c[cnt] = util_strdup((const char *)store_q_text(st, 0));
        nm[cnt] = util_strdup((const char *)store_q_text(st, 1));
        cnt++;
    }
    store_q_finalize(st);
    *codes = c;
    *names = nm;
    *n = cnt;
    return rc;
}
