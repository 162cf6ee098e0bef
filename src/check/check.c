/*
 * check — the `check` call: an article's claims and their verdicts (see
 * check.h).
 */
#include "check/check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/article.h"
#include "check/claims.h"
#include "check/verify.h"
#include "coder/pos.h"
#include "core/util.h"

static void init(void *req)
{
    check_req *q = req;
    q->date = util_today();
    q->tolerance = 5;
}

static const opt_def opts[] = {
    OPTE_ARG_REQ("article", check_req, article, "ARTICLE"),
    OPTE_DATE("date", check_req, date, "the article's date (default today): dates in it are read against it"),
    {.type = OPT_NUMBER, .name = "tolerance", .offset = offsetof(check_req, tolerance), .argname = "X",
     .help = "a share within X percentage points is close (default 5)", .dmin = 0, .dmax = 100,
     .bad = "--tolerance takes 0..100 (percentage points)"},
    OPTE_END};

static int check(void *req, int npos, bloc_error *err)
{
    (void)req;
    return npos == 1 ? BLOC_OK : bloc_usage(err, "name one ARTICLE (a file, or - for standard input)");
}

static const result_col cols[] = {
    {"sentence", RESULT_INT}, {"start", RESULT_INT},    {"end", RESULT_INT},      {"kind", RESULT_STR},
    {"quote", RESULT_STR},    {"claim", RESULT_STR},    {"channel", RESULT_STR},  {"claimed", RESULT_STR},
    {"found", RESULT_STR},    {"verdict", RESULT_STR},  {"reason", RESULT_STR},   {"evidence", RESULT_STR},
    {"command", RESULT_STR}};

/* What the claims are read with: the coder's default dictionaries, its
 * part-of-speech layer and keywords, loaded as `bloc code` loads them. */
typedef struct readers {
    coder *c;
    pos_lexicon *pos;
    extract_keywords *kw;
    coder_opts o;
} readers;

static int readers_load(bloc_session *S, readers *R, bloc_error *err)
{
    const bloc_config *cfg = bloc_session_config(S);
    char phoenix[1100], extra[1100], kw[1100];
    snprintf(phoenix, sizeof phoenix, "%s/coder/phoenix", cfg->datadir);
    snprintf(extra, sizeof extra, "%s/coder/bloc", cfg->datadir);
    snprintf(kw, sizeof kw, "%s/coder/keywords.txt", cfg->datadir);
    const char *dicts[2] = {phoenix, extra}, *kws[1] = {kw};
    int rc;
    if ((rc = pos_load(&R->pos, cfg->wordnetdir ? cfg->wordnetdir : BLOC_WORDNET_DEFAULT, err)) != BLOC_OK ||
        (rc = coder_load(&R->c, dicts, 2, err)) != BLOC_OK ||
        (rc = extract_keywords_load(&R->kw, kws, 1, err)) != BLOC_OK)
        return rc;
    R->o = (coder_opts){.require_dyad = 1, .pos = R->pos};
    return BLOC_OK;
}

static void readers_free(readers *R)
{
    coder_free(R->c);
    pos_free(R->pos);
    extract_keywords_free(R->kw);
}

static void claim_row(result *out, const article *a, const claim *c, const verify_answer *v)
{
    const article_sentence *s = &a->s[c->sentence];
    char quote[400];
    snprintf(quote, sizeof quote, "%.*s", (int)(s->len < 399 ? s->len : 399), a->raw + s->off);
    result_int(out, (long long)c->sentence + 1);
    result_int(out, (long long)article_chars(a, c->off));
    result_int(out, (long long)article_chars(a, c->off + c->len));
    result_str(out, claim_kind_name(c->kind));
    result_str(out, quote);
    result_str(out, c->text[0] ? c->text : v->claimed);
    result_str(out, v->channel);
    result_str(out, v->claimed);
    result_str(out, v->found[0] ? v->found : NULL);
    result_str(out, v->verdict);
    result_str(out, v->reason);
    result_str(out, v->evidence[0] ? v->evidence : NULL);
    result_str(out, v->command[0] ? v->command : NULL);
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const check_req *q = request;
    article *a = NULL;
    readers R = {0};
    claim *c = NULL;
    size_t n = 0;
    store *s;
    const registry *reg;
    verify_cache *cache = verify_cache_new();
    int rc = cache ? BLOC_OK : bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (rc == BLOC_OK)
        rc = q->text ? article_parse(q->article, q->text, q->text_len, &a, err)
                     : article_read(q->article, CHECK_MAX_BYTES, &a, err);
    if (rc != BLOC_OK ||
        (rc = bloc_session_store(S, &s, &reg, err)) != BLOC_OK || (rc = readers_load(S, &R, err)) != BLOC_OK)
        goto done;
    claim_tables t = {R.c, &R.o, R.kw, reg};
    if ((rc = claims_extract(&t, a, q->date, &c, &n, err)) != BLOC_OK ||
        (rc = result_begin(out, cols, sizeof cols / sizeof cols[0])) != BLOC_OK)
        goto done;
    verify_opts vo = {.doc_date = q->date, .tolerance = q->tolerance};
    long verdicts[6] = {0};
    static const char *const names[] = {"supported", "close", "partly", "contradicted", "not testable", "no data"};
    for (size_t i = 0; i < n && rc == BLOC_OK; i++) {
        verify_answer v;
        if ((rc = verify_claim(S, cache, &vo, &c[i], &v, err)) != BLOC_OK)
            break;
        for (int k = 0; k < 6; k++)
            verdicts[k] += !strcmp(v.verdict, names[k]);
        claim_row(out, a, &c[i], &v);
        rc = result_status(out);
    }
    if (rc == BLOC_OK)
        result_note(out, "%zu sentences, %zu claim%s: %ld supported, %ld close, %ld partly, %ld contradicted, "
                         "%ld not testable, %ld no data",
                    a->ns, n, util_plural((long long)n), verdicts[0], verdicts[1], verdicts[2], verdicts[3],
                    verdicts[4], verdicts[5]);
done:
    free(c);
    readers_free(&R);
    article_free(a);
    verify_cache_free(cache);
    return rc;
}

const bloc_call check_call = {"check", sizeof(check_req), init, opts, check, run};
