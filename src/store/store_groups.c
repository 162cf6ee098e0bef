/*
 * store/store_groups — SQL for groups of states and their dated
 * memberships: the built-in ones (replaced as a whole) and the user's
 * (see store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/store_internal.h"

void store_groups_free(store_group *gs, size_t n)
{
    if (!gs)
        return;
    for (size_t i = 0; i < n; i++)
        free(gs[i].members);
    free(gs);
}

static int insert_group(store *s, const store_group *g, bloc_error *err)
{
    store_q *ig = NULL, *im = NULL;
    int rc = store_prepare(s, &ig, "INSERT INTO groups(name,description,builtin) VALUES(?,?,?)", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(ig, 1, g->name);
    store_q_bind_text(ig, 2, g->description);
    store_q_bind_int64(ig, 3, g->builtin);
    int r = store_q_step(ig);
    if (r == STORE_QCONSTRAINT) {
        rc = bloc_fail(err, BLOC_EINPUT, "a group named '%s' already exists", g->name);
        goto done;
    }
    if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot add group");
        goto done;
    }
    if ((rc = store_prepare(s, &im, "INSERT INTO group_members(group_name,code,joined,left_on)"
                              " VALUES(?,?,?,?)", err)) != BLOC_OK)
        goto done;
    for (size_t i = 0; i < g->nmembers; i++) {
        store_q_reset(im);
        store_q_bind_text(im, 1, g->name);
        store_q_bind_text(im, 2, g->members[i].code);
        store_bind_date(im, 3, g->members[i].joined);
        store_bind_date(im, 4, g->members[i].left);
        if (store_q_step(im) != STORE_DONE) {
            rc = bloc_fail(err, BLOC_EINPUT, "group %s: cannot add member %s: %s", g->name,
                           g->members[i].code, store_errmsg(s));
            goto done;
        }
    }
done:
    store_q_finalize(ig);
    store_q_finalize(im);
    return rc;
}

int store_groups_replace_builtin(store *s, const store_group *gs, size_t n, bloc_error *err)
{
    int rc = store_exec(s, "DELETE FROM groups WHERE builtin=1", err);
    for (size_t i = 0; rc == BLOC_OK && i < n; i++) {
        /* a user group that took a built-in name yields to the built-in one */
        store_q *st = NULL;
        if ((rc = store_prepare(s, &st, "DELETE FROM groups WHERE name=?", err)) != BLOC_OK)
            break;
        store_q_bind_text(st, 1, gs[i].name);
        store_q_step(st);
        store_q_finalize(st);
        rc = insert_group(s, &gs[i], err);
    }
    return rc;
}

int store_group_add(store *s, const store_group *g, bloc_error *err)
{
    int rc = store_begin(s, err);
    if (rc != BLOC_OK)
        return rc;
    if ((rc = insert_group(s, g, err)) != BLOC_OK) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

int store_group_rm(store *s, const char *name, bloc_error *err)
{
    store_q *st = NULL;
    int rc = store_prepare(s, &st, "SELECT builtin FROM groups WHERE name=?", err);
    if (rc != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    int r = store_q_step(st);
    int builtin = r == STORE_ROW ? store_q_int(st, 0) : 0;
    store_q_finalize(st);
    if (r != STORE_ROW)
        return bloc_fail(err, BLOC_ENOTFOUND, "no group named '%s'", name);
    if (builtin)
        return bloc_fail(err, BLOC_EINPUT, "'%s' is a built-in group and cannot be removed", name);
    if ((rc = store_prepare(s, &st, "DELETE FROM groups WHERE name=?", err)) != BLOC_OK)
        return rc;
    store_q_bind_text(st, 1, name);
    if (store_q_step(st) != STORE_DONE)
        rc = store_sqlfail(s, err, "cannot remove group");
    store_q_finalize(st);
    return rc;
}

int store_groups_load(store *s, store_group **out, size_t *n, bloc_error *err)
{
    store_q *st = NULL;
    store_group *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc = store_prepare(s, &st,
                     "SELECT g.name, g.description, g.builtin, m.code, m.joined, m.left_on"
                     " FROM groups g LEFT JOIN group_members m ON m.group_name=g.name"
                     " ORDER BY g.builtin DESC, g.name, m.joined, m.code", err);
    if (rc != BLOC_OK)
        return rc;
    int r;
    size_t mcap = 0;
    while ((r = store_q_step(st)) == STORE_ROW) {
        const char *name = (const char *)store_q_text(st, 0);
        if (cnt == 0 || strcmp(arr[cnt - 1].name, name) != 0) {
            if (util_grow((void **)&arr, &cap, cnt + 1, sizeof *arr) != 0)
                goto oom;
            store_group *g = &arr[cnt++];
            memset(g, 0, sizeof *g);
            store_copy_col(st, 0, g->name, sizeof g->name);
            store_copy_col(st, 1, g->description, sizeof g->description);
            g->builtin = store_q_int(st, 2);
            mcap = 0;
        }
        if (store_q_isnull(st, 3))
            continue;
        store_group *g = &arr[cnt - 1];
        if (util_grow((void **)&g->members, &mcap, g->nmembers + 1, sizeof *g->members) != 0)
            goto oom;
        store_member *m = &g->members[g->nmembers++];
        store_copy_col(st, 3, m->code, sizeof m->code);
        m->joined = store_column_date(st, 4);
        m->left = store_column_date(st, 5);
    }
    if (r != STORE_DONE) {
        rc = store_sqlfail(s, err, "cannot read groups");
        goto fail;
    }
    store_q_finalize(st);
    *out = arr;
    *n = cnt;
    return BLOC_OK;
oom:
    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
fail:
    store_q_finalize(st);
    store_groups_free(arr, cnt);
    return rc;
}
