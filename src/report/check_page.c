/*
 * report/check_page — the document of `bloc check --format html`: the
 * article as written (its text, its sentences with their character
 * offsets and kinds of block) and the claims as the check call answered
 * them (the same rows as csv and json), for web/check.js to mark in
 * place. The page is assembled by report (report_check_html).
 */
#include <stdlib.h>

#include "check/article.h"
#include "output/output.h"
#include "report/report.h"

int report_check_doc(const char *path, const char *text, size_t len, const char *date, const char *command,
                     const result *res, json_t **doc, bloc_error *err)
{
    static const char *const blocks[] = {"prose", "heading", "link"};
    article *a = NULL;
    *doc = NULL;
    int rc = article_parse(path, text, len, &a, err);
    if (rc != BLOC_OK)
        return rc;
    json_t *d = json_object(), *art = json_object(), *sent = json_array(), *rows = out_json_rows(res),
           *notes = json_array();
    /* the page shows the blanked copy: the markup's places are spaces */
    json_t *shown = json_stringn(a->text, a->len);
    if (!d || !art || !sent || !rows || !notes || !shown) {
        json_decref(d), json_decref(art), json_decref(sent), json_decref(rows), json_decref(notes), json_decref(shown);
        article_free(a);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < a->ns; i++)
        json_array_append_new(sent, json_pack("{s:I,s:I,s:s}", "start", (json_int_t)article_chars(a, a->s[i].off),
                                              "end", (json_int_t)article_chars(a, a->s[i].off + a->s[i].len),
                                              "block", blocks[a->s[i].block]));
    for (size_t i = 0; i < result_nnotes(res); i++)
        json_array_append_new(notes, json_string(result_note_at(res, i)));
    json_object_set_new(art, "path", json_string(path));
    json_object_set_new(art, "date", json_string(date));
    json_object_set_new(art, "text", shown);
    json_object_set_new(art, "sentences", sent);
    json_object_set_new(d, "article", art);
    json_object_set_new(d, "claims", rows);
    json_object_set_new(d, "notes", notes);
    json_object_set_new(d, "command", json_string(command));
    article_free(a);
    *doc = d;
    return BLOC_OK;
}
