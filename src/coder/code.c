/*
 * coder/code — the `code` call (see code.h): inputs read into documents,
 * coded by the pool, emitted in order as rows and stored events.
 */
#include "coder/code.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cameo/cameo.h"
#include "coder/eval.h"
#include "coder/pool.h"
#include "core/util.h"
#include "ingest/complete.h"
#include "ingest/load.h"
#include "io/lines.h"

static void init(void *req)
{
    code_req *q = req;
    q->date = util_today();
    q->jobs = util_cores();
    q->max_sign_errors = -1;
}

static int add_dict(void *field, const char *value, char *msg, size_t msgsz)
{
    code_paths *p = field;
    if (p->n == 16) {
        snprintf(msg, msgsz, "at most 16 --dict folders");
        return 1;
    }
    p->v[p->n++] = value;
    return 0;
}

static int add_keywords(void *field, const char *value, char *msg, size_t msgsz)
{
    code_paths *p = field;
    if (p->n == 15) {
        snprintf(msg, msgsz, "at most 15 --keywords files");
        return 1;
    }
    p->v[p->n++] = value;
    return 0;
}

static const opt_def opts[] = {
    OPTE_REST(code_req, files, "FILE"),
    OPTE_FLAG("jsonl", 0, code_req, jsonl, "JSON Lines documents {\"id\",\"date\",\"url\",\"text\"}"),
    OPTE_DATE("date", code_req, date, "the documents' date (default today)"),
    {.type = OPT_CALLBACK, .name = "dict", .offset = offsetof(code_req, dicts), .argname = "DIR",
     .help = "PETRARCH-format dictionaries (repeatable; later ones override)", .parse = add_dict},
    OPTE_FLAG("explain", 0, code_req, explain, "the dictionary entries that matched"),
    OPTE_STRING("eval", 0, code_req, eval, "GOLD.jsonl", "score the coder on gold records"),
    {.type = OPT_NUMBER, .name = "min-f1", .offset = offsetof(code_req, min_f1), .argname = "X",
     .help = "--eval: fail when F1 falls below X", .dmin = 0, .dmax = 1, .bad = "--min-f1 takes 0..1"},
    {.type = OPT_NUMBER, .name = "max-sign-errors", .offset = offsetof(code_req, max_sign_errors),
     .argname = "X", .help = "--eval: fail when the sign-error rate is above X", .dmin = 0, .dmax = 1,
     .bad = "--max-sign-errors takes 0..1"},
    OPTE_FLAG("by-quad", 0, code_req, by_quad, "--eval: the confusion table of quad classes instead"),
    OPTE_FLAG("store", 0, code_req, store, "put the events in the store too (source coder)"),
    {.type = OPT_CALLBACK, .name = "keywords", .offset = offsetof(code_req, keywords),
     .argname = "FILE", .help = "weapon, exercise and technology keywords (adds or overrides)",
     .parse = add_keywords},
    {.type = OPT_CALLBACK, .name = "jobs", .short_name = 'j', .offset = offsetof(code_req, jobs),
     .argname = "N", .help = "documents coded at once (default: the number of cores)",
     .parse = ingest_parse_jobs},
    OPTE_FLAG("no-hedged", 0, code_req, no_hedged, "leave out modal and conditional events"),
    OPTE_FLAG("no-pos", 0, code_req, no_pos,
              "no part-of-speech layer: every verb form is a verb, noun or not"),
    OPTE_FLAG("paragraphs", 0, code_req, paragraphs, "each paragraph of plain text is a document"),
    OPTE_END};

typedef struct code_run {
    const code_req *q;
    result *out;
    coder *c;
    extract_keywords *kw, *issues;
    coder_opts o;
    pos_lexicon *pos;       /* the part-of-speech layer (o.pos), unless --no-pos */
    const registry *r;
    const cameo_tables *cameo;
    store *s;               /* store = 1 */
    coder_pool *pool;
    long long events, sentences, discarded, stored, duplicates, hedged;
    struct span {           /* store = 1: the days each input's documents cover */
        long long source_id;
        int first, last;
    } *spans;
    size_t nspans, capspans;
} code_run;

/* An actor code (RUSGOV, PRKMIL) as a store actor: its first three letters
 * are the country when the registry knows them, the rest its types. */
static void to_actor(const code_run *R, const char *code, store_actor *a, char types[3][4])
{
    char cc[4];
    memset(a, 0, sizeof *a);
    a->code = code;
    snprintf(cc, sizeof cc, "%.3s", code);
    const store_country *c = R->r ? registry_by_code(R->r, cc) : NULL; /* NULL without store */
    a->country = c ? c->code : NULL;
    for (int k = 0; k < 3; k++) {
        size_t off = 3 + 3 * (size_t)k;
        snprintf(types[k], 4, "%.3s", strlen(code) > off ? code + off : "");
        a->type[k] = types[k];
    }
}
/* "~2500000 ammunition rounds; 83 %", "drone (weapon); chip (technology)"
 * and "WMD (WMD); SANCTIONS (SANCTIONS)" */
static void facts_text(const extract_facts *f, char *q, size_t qn, char *k, size_t kn, char *is,
                       size_t isn)
{
    size_t o = 0;
    q[0] = k[0] = '\0';
    for (size_t i = 0; i < f->nq && o < qn; i++) {
        char v[32];
        if (isnan(f->q[i].value))
            snprintf(v, sizeof v, "?");
        else
            snprintf(v, sizeof v, "%.15g", f->q[i].value);
        o += (size_t)snprintf(q + o, qn - o, "%s%s%s%s%s", i ? "; " : "", f->q[i].approx ? "~" : "",
                              v, f->q[i].unit[0] ? " " : "", f->q[i].unit);
    }
    o = 0;
    for (size_t i = 0; i < f->nk && o < kn; i++)
        o += (size_t)snprintf(k + o, kn - o, "%s%s (%s)", i ? "; " : "", f->k[i].term,
                              f->k[i].category);
    o = 0;
    is[0] = '\0';
    for (size_t i = 0; i < f->nissue && o < isn; i++)
        o += (size_t)snprintf(is + o, isn - o, "%s%s (%s)", i ? "; " : "", f->issue[i].category,
                              f->issue[i].domain);
}

/* The event's own JSON detail for the store: where it came from in the
 * text and what else the sentence said. Caller frees. */
static char *detail_json(const coder_doc *d, const coded_event *c, const extract_facts *f)
{
    char doc_date[16];
    util_format_date(d->date, doc_date, sizeof doc_date);
    json_t *q = json_array(), *k = json_array(), *is = json_array();
    for (size_t i = 0; i < f->nq; i++)
        json_array_append_new(q, json_pack("{s:o,s:s,s:s,s:b,s:I,s:I}", "value",
                                           isnan(f->q[i].value) ? json_null() : json_real(f->q[i].value),
                                           "unit", f->q[i].unit, "text", f->q[i].text, "approx",
                                           f->q[i].approx, "off", (json_int_t)f->q[i].off, "len",
                                           (json_int_t)f->q[i].len));
    for (size_t i = 0; i < f->nk; i++)
        json_array_append_new(k, json_pack("{s:s,s:s,s:s,s:I,s:I}", "term", f->k[i].term, "category",
                                           f->k[i].category, "domain", f->k[i].domain, "off",
                                           (json_int_t)f->k[i].off, "len", (json_int_t)f->k[i].len));
    for (size_t i = 0; i < f->nissue; i++)
        json_array_append_new(is, json_pack("{s:s,s:s,s:s,s:I,s:I}", "code", f->issue[i].category,
                                            "category", f->issue[i].domain, "matched", f->issue[i].term,
                                            "off", (json_int_t)f->issue[i].off, "len",
                                            (json_int_t)f->issue[i].len));
    char until[16] = "";
    if (f->when.until)
        util_format_date(f->when.until, until, sizeof until);
    json_t *j = json_pack("{s:s,s:I,s:s,s:[I,I],s:[I,I],s:[I,I],s:s,s:s%,s:s,s:s,s:o,s:o,s:o,s:s}", "doc", d->id,
                          "sentence", (json_int_t)c->sentence, "doc_date", doc_date, "source",
                          (json_int_t)c->e.src_off, (json_int_t)c->e.src_len, "verb",
                          (json_int_t)c->e.verb_off, (json_int_t)c->e.verb_len, "target",
                          (json_int_t)c->e.tgt_off, (json_int_t)c->e.tgt_len, "matched", c->e.why,
                          "date_phrase", d->text + f->when.off, f->when.len, "date_precision",
                          extract_precision_name(f->when.precision), "date_until", until,
                          "quantities", q, "keywords", k,
                          "issues", is, "hedge", c->e.hedge);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

/* The store event of a coded event (strings in the buffers given). */
static void to_store_event(const code_run *R, const coder_doc *d, const coded_event *c,
                           const extract_facts *f, store_event *ev, char types[2][3][4],
                           char *id, size_t idsz, char base[4], char root[3])
{
    memset(ev, 0, sizeof *ev);
    ev->source = "coder";
    snprintf(id, idsz, "%.500s:%zu:%zu", d->id, c->sentence, c->k);
    ev->source_event_id = id;
    ev->date = f->when.precision ? f->when.date : d->date;
    to_actor(R, c->e.source, &ev->actor[0], types[0]);
    to_actor(R, c->e.target, &ev->actor[1], types[1]);
    ev->is_root = -1;
    ev->event_code = c->e.code;
    snprintf(base, 4, "%.3s", c->e.code);
    snprintf(root, 3, "%.2s", c->e.code);
    ev->base_code = base;
    ev->root_code = root;
    ev->goldstein = ev->tone = ev->geo_lat = ev->geo_lon = NAN;
    ev->mentions = ev->sources = ev->articles = -1;
    ev->url = d->url;
    ev->file_id = d->source_id;
    ev->line = d->line;
    ingest_complete_event(R->cameo, ev);
    /* a generic code (consult, cooperate) about weapons is military, about
     * microchips technology: the sentence's first keyword says */
    int dom = cameo_domain_parse(ev->domain);
    for (size_t j = 0; j < f->nk && (dom == CAMEO_DIPLOMATIC || dom == CAMEO_OTHER); j++) {
        int kd = cameo_domain_parse(f->k[j].domain);
        if (kd >= 0 && kd != CAMEO_OTHER) {
            ev->domain = cameo_domain_name(kd);
            break;
        }
    }
}

static void event_row(code_run *R, const coder_doc *d, const coded_event *c,
                      const extract_facts *f, const store_event *ev)
{
    char phrase[64], q[512], k[512], is[512];
    result *out = R->out;
    snprintf(phrase, sizeof phrase, "%.*s", (int)(f->when.len < 63 ? f->when.len : 63),
             d->text + f->when.off);
    facts_text(f, q, sizeof q, k, sizeof k, is, sizeof is);
    result_str(out, d->id);
    result_int(out, (long long)c->sentence);
    result_date(out, ev->date);
    result_str(out, c->e.source);
    result_str(out, c->e.target);
    result_str(out, c->e.code);
    result_int(out, (long long)c->e.src_off);
    result_int(out, (long long)c->e.src_len);
    result_int(out, (long long)c->e.verb_off);
    result_int(out, (long long)c->e.verb_len);
    result_int(out, (long long)c->e.tgt_off);
    result_int(out, (long long)c->e.tgt_len);
    result_str(out, ev->domain);
    result_num(out, ev->goldstein, 1);
    if (ev->quad_class)
        result_int(out, ev->quad_class);
    else
        result_na(out);
    result_date(out, d->date);
    result_str(out, f->when.precision ? phrase : "");
    result_str(out, extract_precision_name(f->when.precision));
    result_date(out, f->when.until); /* 0: no span, NA */
    result_str(out, q);
    result_str(out, k);
    result_str(out, is);
    result_str(out, c->e.hedge);
    if (R->q->explain)
        result_str(out, c->e.why);
}

/* Store one event (store = 1). */
static int store_one(code_run *R, const coder_doc *d, const coded_event *c,
                     const extract_facts *f, store_event *ev, bloc_error *err)
{
    char *detail = detail_json(d, c, f);
    if (!detail)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    ev->detail = detail;
    int kind, rc = store_event_put(R->s, ev, &kind, err);
    free(detail);
    if (rc == BLOC_OK && kind != STORE_PENDING) /* pending: counted by the flush */
        *(kind == STORE_INSERTED ? &R->stored : &R->duplicates) += 1;
    return rc;
}

/* The input source_id covers day too. */
static int covers(code_run *R, long long source_id, int day)
{
    for (size_t i = 0; i < R->nspans; i++)
        if (R->spans[i].source_id == source_id) {
            if (day < R->spans[i].first)
                R->spans[i].first = day;
            if (day > R->spans[i].last)
                R->spans[i].last = day;
            return 0;
        }
    if (util_grow((void **)&R->spans, &R->capspans, R->nspans + 1, sizeof *R->spans) != 0)
        return -1;
    R->spans[R->nspans++] = (struct span){source_id, day, day};
    return 0;
}

/* One coded document out, in input order: its warnings, rows, events. */
static int emit(void *arg, coder_doc *d, bloc_error *err)
{
    code_run *R = arg;
    for (char *w = d->warn, *nl; w && d->warnlen && *w; w = nl + 1) {
        nl = strchr(w, '\n');
        result_note(R->out, "%.*s", (int)(nl - w), w);
    }
    R->sentences += d->sentences;
    R->discarded += d->discarded;
    if (R->s && covers(R, d->source_id, d->date) != 0)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (d->rc != BLOC_OK) {
        *err = d->err;
        return d->rc;
    }
    for (size_t i = 0; i < d->nev; i++) {
        const coded_event *c = &d->ev[i];
        const extract_facts *f = &d->facts[c->facts];
        if (c->e.hedge[0] && R->q->no_hedged) {
            R->hedged++;
            continue;
        }
        char types[2][3][4], id[600], base[4], root[3];
        store_event ev;
        to_store_event(R, d, c, f, &ev, types, id, sizeof id, base, root);
        event_row(R, d, c, f, &ev);
        R->events++;
        int rc = R->s && cameo_key(c->e.code) >= 0 ? store_one(R, d, c, f, &ev, err) : BLOC_OK;
        if (rc != BLOC_OK)
            return rc;
    }
    return result_status(R->out);
}

/* The plain text gathered in doc[0..*dlen) as one document: named by its
 * file, or with paragraphs FILE:LINE of its first line. */
static int flush_text(code_run *R, const char *file, long line, const char *doc, size_t *dlen,
                      long long source_id, bloc_error *err)
{
    char id[1100];
    snprintf(id, sizeof id, "%s:%ld", file, line);
    coder_doc *job = coder_doc_new(R->q->paragraphs ? id : file, NULL, doc, *dlen, R->q->date,
                                   line, source_id);
    *dlen = 0;
    if (!job)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return coder_pool_submit(R->pool, job, err);
}

/* One JSON Lines document (a line without "text" is skipped, with a note). */
static int json_doc(code_run *R, line_reader *lr, const char *file, const char *line, size_t len,
                    long long source_id, bloc_error *err)
{
    json_error_t je;
    json_t *d = json_loadb(line, len, 0, &je);
    const char *text = d ? json_string_value(json_object_get(d, "text")) : NULL;
    if (!text) {
        result_note(R->out, "%s:%ld: skipped: %s", lines_where(lr), lines_number(lr),
                    d ? "no \"text\"" : je.text);
        json_decref(d);
        return BLOC_OK;
    }
    const char *id = json_string_value(json_object_get(d, "id"));
    char idbuf[64];
    snprintf(idbuf, sizeof idbuf, "%s:%ld", file, lines_number(lr));
    coder_doc *job = coder_doc_new(id ? id : idbuf, json_string_value(json_object_get(d, "url")),
                                   text, json_string_length(json_object_get(d, "text")),
                                   coder_doc_date(json_string_value(json_object_get(d, "date")), R->q->date),
                                   lines_number(lr), source_id);
    json_decref(d);
    return job ? coder_pool_submit(R->pool, job, err) : bloc_fail(err, BLOC_ENOMEM, "out of memory");
}

/* Provenance of an input with store = 1: the file, by its checksum. */
static int input_source(code_run *R, const char *file, long long *source_id, bloc_error *err)
{
    char sha[96];
    *source_id = 0;
    if (!R->s)
        return BLOC_OK;
    if (strcmp(file, "-") == 0)
        snprintf(sha, sizeof sha, "stdin:%lld:%ld", (long long)time(NULL), (long)getpid());
    else if (util_sha256_file(file, sha, err) != BLOC_OK)
        return err->code;
    return store_source_id(R->s, sha, file, "text", 0, source_id, err);
}

/* Read one input into documents. */
static int code_file(code_run *R, const char *file, bloc_error *err)
{
    line_reader *lr = NULL;
    char *line, *doc = NULL;
    size_t len, dlen = 0, dcap = 0;
    long dline = 1; /* the first line of the text being gathered */
    long long source_id;
    int got, rc, as_jsonl = R->q->jsonl || (strlen(file) > 6 && !strcmp(file + strlen(file) - 6, ".jsonl"));
    if ((rc = lines_open(&lr, file, err)) != BLOC_OK)
        return rc;

    if ((rc = input_source(R, file, &source_id, err)) != BLOC_OK)
        goto done;
    while (rc == BLOC_OK && (rc = lines_next(lr, &line, &len, &got, err)) == BLOC_OK && got) {
        if (as_jsonl) {
            rc = json_doc(R, lr, file, line, len, source_id, err);
        } else if (R->q->paragraphs && strspn(line, " \t\r") == len) { /* a paragraph ends */
            if (dlen)
                rc = flush_text(R, file, dline, doc, &dlen, source_id, err);
            dline = lines_number(lr) + 1;
        } else if (util_grow((void **)&doc, &dcap, dlen + len + 2, 1) != 0) {
            rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
        } else {
            memcpy(doc + dlen, line, len);
            dlen += len;
            doc[dlen++] = '\n';
        }
    }
    if (rc == BLOC_OK && dlen)
        rc = flush_text(R, file, R->q->paragraphs ? dline : 1, doc, &dlen, source_id, err);

done:
    free(doc);
    lines_close(lr);
    return rc;
}

static const result_col cols[] = {
    {"doc", RESULT_STR}, {"sentence", RESULT_INT}, {"date", RESULT_DATE}, {"source", RESULT_STR},
    {"target", RESULT_STR}, {"code", RESULT_STR}, {"source_off", RESULT_INT},
    {"source_len", RESULT_INT}, {"verb_off", RESULT_INT}, {"verb_len", RESULT_INT},
    {"target_off", RESULT_INT}, {"target_len", RESULT_INT}, {"domain", RESULT_STR},
    {"goldstein", RESULT_NUM}, {"quad_class", RESULT_INT}, {"doc_date", RESULT_DATE},
    {"date_phrase", RESULT_STR}, {"date_precision", RESULT_STR}, {"date_until", RESULT_DATE},
    {"quantities", RESULT_STR},
    {"keywords", RESULT_STR}, {"issues", RESULT_STR}, {"hedge", RESULT_STR}, {"why", RESULT_STR}};

/* Code every input; with store = 1 in one bulk transaction. */
static int code_all(bloc_session *S, code_run *R, const char *const *dicts, size_t ndicts,
                    bloc_error *err)
{
    const code_req *q = R->q;
    char defkw[1100];
    const char *kwfiles[16];
    int rc;
    snprintf(defkw, sizeof defkw, "%s/coder/keywords.txt", bloc_session_config(S)->datadir);
    kwfiles[0] = defkw;
    for (int i = 0; i < q->keywords.n; i++)
        kwfiles[1 + i] = q->keywords.v[i];
    if (q->store) /* --store loads the coded events: it may make the store */
        bloc_session_allow_create(S);
    if ((rc = extract_keywords_load(&R->kw, kwfiles, 1 + (size_t)q->keywords.n, err)) != BLOC_OK ||
        (rc = extract_issues_load(&R->issues, dicts, ndicts, err)) != BLOC_OK ||
        (rc = bloc_session_cameo(S, &R->cameo, err)) != BLOC_OK ||
        (q->store && ((rc = bloc_session_store(S, &R->s, &R->r, err)) != BLOC_OK ||
                      (rc = store_begin_bulk(R->s, err)) != BLOC_OK)))
        return rc;
    coder_tables t = {R->c, &R->o, R->kw, R->issues};
    if ((rc = coder_pool_new(&R->pool, &t, q->jobs, emit, R, err)) != BLOC_OK ||
        (rc = result_begin(R->out, cols, sizeof cols / sizeof cols[0] - !q->explain) /* why: with --explain */) != BLOC_OK)
        return coder_pool_finish(R->pool, rc == BLOC_OK ? BLOC_EINPUT : rc, err), rc;
    static char *const stdin_only[] = {"-"};
    char *const *files = q->files.n ? q->files.v : stdin_only;
    for (int f = 0; f < (q->files.n ? q->files.n : 1) && rc == BLOC_OK; f++)
        rc = code_file(R, files[f], err);
    int prc = coder_pool_finish(R->pool, rc, err);
    return rc != BLOC_OK ? rc : prc;
}

/* store = 1: the staged events in, committed; or all rolled back. */
static int store_end(code_run *R, int rc, bloc_error *err)
{
    long long ins = 0, dup = 0;
    /* the coded documents cover the span of their days, for every country */
    for (size_t i = 0; rc == BLOC_OK && i < R->nspans; i++)
        rc = store_coverage_put(R->s, R->spans[i].source_id, "all", "events", R->spans[i].first,
                                R->spans[i].last, err);
    if (rc == BLOC_OK && (rc = store_events_flush(R->s, &ins, &dup, err)) == BLOC_OK)
        rc = store_commit(R->s, err);
    if (rc != BLOC_OK) {
        store_rollback(R->s);
        return rc;
    }
    R->stored += ins;
    R->duplicates += dup;
    result_note(R->out, "stored %lld event%s (%lld already there) as source coder", R->stored,
                util_plural(R->stored), R->duplicates);
    return BLOC_OK;
}

/* --eval's coders: the --dict folders for every record, or the
 * dictionaries each record names (data/coder/NAME), loaded once each. */
typedef struct eval_pick {
    const code_req *q;
    const char *datadir;
    const coder *given;        /* from --dict */
    char names[4][32];
    coder *loaded[4];
    size_t n;
} eval_pick;

static const coder *pick_coder(void *ctx, const char *dictionaries, bloc_error *err)
{
    eval_pick *P = ctx;
    if (P->given)
        return P->given;
    const char *name = dictionaries ? dictionaries : "validate"; /* PETRARCH2's records */
    for (size_t i = 0; i < P->n; i++)
        if (strcmp(P->names[i], name) == 0)
            return P->loaded[i];
    char dir[1100], extra[1100];
    snprintf(dir, sizeof dir, "%s/coder/%s", P->datadir, name);
    snprintf(extra, sizeof extra, "%s/coder/bloc", P->datadir);
    /* Phoenix comes with bloc's additions (data/coder/bloc), as by default */
    const char *dicts[2] = {dir, extra};
    if (P->n == 4 || strlen(name) >= sizeof P->names[0] || strchr(name, '/') || name[0] == '.') {
        bloc_fail(err, BLOC_EINPUT, "a record names the dictionaries '%s': not a folder of data/coder", name);
        return NULL;
    }
    if (coder_load(&P->loaded[P->n], dicts, strcmp(name, "phoenix") == 0 ? 2 : 1, err) != BLOC_OK)
        return NULL;
    snprintf(P->names[P->n], sizeof P->names[0], "%s", name);
    return P->loaded[P->n++];
}

static int run_eval(bloc_session *S, code_run *R, const code_req *q, result *out, bloc_error *err)
{
    eval_pick P = {.q = q, .datadir = bloc_session_config(S)->datadir, .given = R->c};
    coder_score sc;
    int rc = coder_eval(pick_coder, &P, &R->o, q->eval, util_today(), &sc, err);
    if (rc == BLOC_OK)
        rc = q->by_quad ? coder_quad_rows(&sc, out) : coder_score_rows(&sc, out);
    if (rc == BLOC_OK && q->min_f1 > 0 && sc.f1 + 5e-5 < q->min_f1) /* the baseline is kept to 4 decimals */
        rc = bloc_fail(err, BLOC_EINPUT, "F1 %.4f is below the required %.4f", sc.f1, q->min_f1);
    if (rc == BLOC_OK && q->max_sign_errors >= 0 && sc.sign_error_rate > q->max_sign_errors + 5e-5)
        rc = bloc_fail(err, BLOC_EINPUT, "the sign-error rate %.4f is above the allowed %.4f",
                       sc.sign_error_rate, q->max_sign_errors);
    for (size_t i = 0; i < P.n; i++)
        coder_free(P.loaded[i]);
    return rc;
}

static int run(bloc_session *S, const void *request, result *out, bloc_error *err)
{
    const code_req *q = request;
    code_run R = {.q = q, .out = out, .o = {.require_dyad = 1}};
    const char *dicts[16];
    size_t ndicts = 0;
    char def[1100], def_extra[1100];
    snprintf(def, sizeof def, "%s/coder/phoenix", bloc_session_config(S)->datadir);
    snprintf(def_extra, sizeof def_extra, "%s/coder/bloc", bloc_session_config(S)->datadir);
    for (int i = 0; i < q->dicts.n; i++)
        dicts[ndicts++] = q->dicts.v[i];
    int rc = BLOC_OK;
    if (!q->no_pos) {
        const char *wn = bloc_session_config(S)->wordnetdir;
        if ((rc = pos_load(&R.pos, wn ? wn : BLOC_WORDNET_DEFAULT, err)) != BLOC_OK)
            return rc;
        R.o.pos = R.pos;
    }
    if (q->eval) {
        /* --dict for every record, or each record's own dictionaries */
        if (ndicts && (rc = coder_load(&R.c, dicts, ndicts, err)) != BLOC_OK) {
            pos_free(R.pos);
            return rc;
        }
        rc = run_eval(S, &R, q, out, err);
        coder_free(R.c);
        pos_free(R.pos);
        return rc;
    }
    if (!ndicts) {
        dicts[ndicts++] = def;
        dicts[ndicts++] = def_extra;
    }
    if ((rc = coder_load(&R.c, dicts, ndicts, err)) == BLOC_OK) {
        rc = code_all(S, &R, dicts, ndicts, err);
        if (R.s)
            rc = store_end(&R, rc, err);
        char hedged[64] = "";
        if (q->no_hedged)
            snprintf(hedged, sizeof hedged, ", %lld hedged left out", R.hedged);
        if (result_begun(out))
            result_note(out, "%lld sentence%s, %lld event%s, %lld discarded%s", R.sentences,
                        util_plural(R.sentences), R.events, util_plural(R.events), R.discarded, hedged);
    }
    extract_keywords_free(R.kw);
    extract_keywords_free(R.issues);
    coder_free(R.c);
    pos_free(R.pos);
    free(R.spans);
    return rc;
}

const bloc_call coder_call = {"code", sizeof(code_req), init, opts, NULL, run};
