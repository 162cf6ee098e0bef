/*
 * cli/cmd_code — `bloc code`: English text to events with the coder
 * module (events) and coder/extract (the sentence's date, quantities and
 * keywords), on -j N threads with the output in input order, optionally
 * stored; and `bloc code --eval` to score it against gold records
 * (precision, recall and F1 on (source, target, code) triples).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

#include <jansson.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "coder/coder.h"
#include "coder/extract.h"
#include "ingest/complete.h"
#include "coder/text.h"
#include "core/util.h"
#include "io/lines.h"

static const char *const help =
    "usage: bloc code [FILE... | -] [--jsonl] [--date YYYY-MM-DD] [--dict DIR]...\n"
    "                 [--paragraphs] [--keywords FILE]... [--explain] [--store]\n"
    "                 [--no-hedged] [-j N]\n"
    "                 [--format table|csv|json|jsonl]\n"
    "       bloc code --eval GOLD.jsonl [--dict DIR]... [--min-f1 X]\n\n"
    "Code English news text into events (who did what to whom): sentences are\n"
    "split and tokenized, actors and verbs found with PETRARCH-format dictionaries\n"
    "(--dict DIR, repeatable; later ones override; default: the Phoenix\n"
    "dictionaries in data/coder/phoenix; --eval: the validation world's in\n"
    "data/coder/validate), the actor before a verb is the source\n"
    "and the one after it the target (swapped in the passive), compounds give one\n"
    "event per pair, negated verbs and discard phrases code nothing. Input: plain\n"
    "text (a file is one document, dated --date, default today) or JSON Lines\n"
    "documents {\"id\",\"date\",\"url\",\"text\"} (--jsonl or a .jsonl name). With\n"
    "--paragraphs each blank-line separated paragraph of plain text is a document\n"
    "(id FILE:LINE of its first line).\n\n"
    "Each event gives its document, sentence, date, the byte offsets of source,\n"
    "verb and target, its domain, Goldstein score and quad class (from the CAMEO\n"
    "tables in data/cameo), and what its sentence says besides:\n"
    "  date            the day, week, month or year a date phrase names (\"on\n"
    "                  Monday\", \"last year\", \"in March\", \"three weeks ago\",\n"
    "                  \"June 19, 2024\"), resolved against the document's date\n"
    "                  (doc_date); the first of a week, month or year, with\n"
    "                  date_precision saying which; the document's date if none\n"
    "  quantities      \"~2500000 ammunition rounds; 83 %\" (~ = approximate)\n"
    "  keywords        weapons, exercises and technology named (data/coder/\n"
    "                  keywords.txt; --keywords FILE adds or overrides entries);\n"
    "                  a generic code (consult, cooperate) about weapons takes\n"
    "                  the keyword's domain\n"
    "  issues          the issues of the Phoenix issue dictionary (*Issue*.txt in\n"
    "                  the --dict folders): \"SANCTIONS (SANCTIONS); WMD (WMD)\"\n"
    "  hedge           \"could\", \"may\", \"if\" ...: the verb is modal or\n"
    "                  conditional (--no-hedged leaves such events out)\n"
    "With --explain the dictionary entries that matched. --store also puts the\n"
    "events in the store (source coder, id DOC:SENTENCE:N, idempotent; actor\n"
    "countries from the codes' first three letters; Goldstein and quad class from\n"
    "the CAMEO tables; offsets, matched entries, quantities, keywords and the date\n"
    "phrase in the event's detail JSON). -j N codes N documents at a time\n"
    "(default: the number of cores); the output is the same as with -j 1.\n\n"
    "--eval scores the coder on gold records {\"id\",\"date\",\"text\",\"expected\":\n"
    "[{\"source\",\"target\",\"code\"}]} (noevents: nothing expected; records with\n"
    "\"scored\": false are left out): per record right or wrong (the multiset of\n"
    "triples), then precision, recall and F1, for full codes and root codes (first\n"
    "two digits). --min-f1 X exits 1 when F1 falls below X.\n";

/* One document to code and what coding it gave. code_document fills it
 * (on any thread); emit_document writes it out on the main thread in input
 * order, so -j N prints and stores exactly what -j 1 does. */
typedef struct coded_event {
    size_t sentence, k; /* 1-based */
    coder_event e;
    size_t facts;       /* index into the document's facts */
} coded_event;

typedef struct doc_job {
    char *id, *url, *text; /* owned */
    size_t len;
    int date;              /* the document's, YYYYMMDD */
    long line;             /* input line of the document */
    long long source_id;
    coded_event *ev;
    size_t nev, capev;
    extract_facts *facts;
    size_t nfacts, capfacts;
    long long sentences, discarded;
    char *warn;            /* warnings, one per line, printed in order */
    size_t warnlen;
    int rc;
    bloc_error err;
    int ready;             /* the batch this document heads is coded */
    struct doc_job *next;  /* the next document of its batch */
} doc_job;

typedef struct code_run {
    cli_ctx *ctx;
    coder *c;
    extract_keywords *kw, *issues;
    coder_opts o;
    out_table *t;
    int explain, no_hedged;
    long long events, sentences, discarded, stored, duplicates, hedged;
    registry *r;
    cameo_tables *cameo;
    store *s;               /* --store */
} code_run;

static void doc_free(doc_job *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->url);
    free(d->text);
    free(d->ev);
    free(d->facts);
    free(d->warn);
    free(d);
}

/* Code every sentence of d. Reads only the coder and keyword tables, so
 * any number of threads may run it at once. */
static void code_document(const code_run *R, doc_job *d)
{
    text_span *s = NULL;
    size_t ns = 0;
    FILE *warn = open_memstream(&d->warn, &d->warnlen);
    bloc_error_clear(&d->err);
    d->rc = text_sentences(d->text, d->len, &s, &ns, &d->err);
    for (size_t i = 0; d->rc == BLOC_OK && i < ns; i++) {
        coder_event *e = NULL;
        size_t ne = 0;
        int discarded = 0;
        d->sentences++;
        if (s[i].len > 65536) { /* not a sentence: a table, a dump, junk */
            if (warn)
                fprintf(warn, "%s: sentence %zu is longer than 64 KiB, skipped\n", d->id, i + 1);
            d->discarded++;
            continue;
        }
        if ((d->rc = coder_sentence(R->c, &R->o, d->text, s[i].off, s[i].len, d->date, &e, &ne,
                                    &discarded, &d->err)) != BLOC_OK)
            break;
        d->discarded += discarded;
        if (ne) { /* the sentence's quantities, keywords and date */
            text_token *tok = NULL;
            size_t nt = 0;
            if (util_grow((void **)&d->facts, &d->capfacts, d->nfacts + 1, sizeof *d->facts) != 0 ||
                util_grow((void **)&d->ev, &d->capev, d->nev + ne, sizeof *d->ev) != 0 ||
                (d->rc = text_tokens(d->text, s[i].off, s[i].len, &tok, &nt, &d->err)) != BLOC_OK) {
                if (d->rc == BLOC_OK)
                    d->rc = bloc_fail(&d->err, BLOC_ENOMEM, "out of memory");
                free(e);
                break;
            }
            extract_sentence(R->kw, R->issues, d->text, tok, nt, d->date, &d->facts[d->nfacts]);
            free(tok);
            for (size_t k = 0; k < ne; k++)
                d->ev[d->nev++] = (coded_event){i + 1, k + 1, e[k], d->nfacts};
            d->nfacts++;
        }
        free(e);
    }
    free(s);
    if (warn)
        fclose(warn);
}

/* An actor code (RUSGOV, PRKMIL) as a store actor: its first three letters
 * are the country when the registry knows them, the rest its types. */
static void to_actor(const code_run *R, const char *code, store_actor *a, char types[3][4])
{
    char cc[4];
    memset(a, 0, sizeof *a);
    a->code = code;
    snprintf(cc, sizeof cc, "%.3s", code);
    const store_country *c = R->r ? registry_by_code(R->r, cc) : NULL; /* NULL without --store */
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
static char *detail_json(const doc_job *d, const coded_event *c, const extract_facts *f)
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
    json_t *j = json_pack("{s:s,s:I,s:s,s:[I,I],s:[I,I],s:[I,I],s:s,s:s%,s:s,s:o,s:o,s:o,s:s}", "doc", d->id,
                          "sentence", (json_int_t)c->sentence, "doc_date", doc_date, "source",
                          (json_int_t)c->e.src_off, (json_int_t)c->e.src_len, "verb",
                          (json_int_t)c->e.verb_off, (json_int_t)c->e.verb_len, "target",
                          (json_int_t)c->e.tgt_off, (json_int_t)c->e.tgt_len, "matched", c->e.why,
                          "date_phrase", d->text + f->when.off, f->when.len, "date_precision",
                          extract_precision_name(f->when.precision), "quantities", q, "keywords", k,
                          "issues", is, "hedge", c->e.hedge);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

/* Write one coded document out, and store its events with --store. */
static int emit_document(code_run *R, doc_job *d, bloc_error *err)
{
    if (d->warn && d->warnlen)
        for (char *w = d->warn, *nl; *w; w = nl + 1) {
            nl = strchr(w, '\n');
            fprintf(R->ctx->errout, "%s code: %.*s\n", R->ctx->prog, (int)(nl - w), w);
        }
    R->sentences += d->sentences;
    R->discarded += d->discarded;
    if (d->rc != BLOC_OK) {
        *err = d->err;
        return d->rc;
    }
    for (size_t i = 0; i < d->nev; i++) {
        const coded_event *c = &d->ev[i];
        const extract_facts *f = &d->facts[c->facts];
        if (c->e.hedge[0] && R->no_hedged) {
            R->hedged++;
            continue;
        }
        char types[2][3][4], id[600], base[4], root[3], phrase[64], q[512], k[512], is[512];
        store_event ev;
        memset(&ev, 0, sizeof ev);
        ev.source = "coder";
        snprintf(id, sizeof id, "%.500s:%zu:%zu", d->id, c->sentence, c->k);
        ev.source_event_id = id;
        ev.date = f->when.precision ? f->when.date : d->date;
        to_actor(R, c->e.source, &ev.actor[0], types[0]);
        to_actor(R, c->e.target, &ev.actor[1], types[1]);
        ev.is_root = -1;
        ev.event_code = c->e.code;
        snprintf(base, sizeof base, "%.3s", c->e.code);
        snprintf(root, sizeof root, "%.2s", c->e.code);
        ev.base_code = base;
        ev.root_code = root;
        ev.goldstein = ev.tone = ev.geo_lat = ev.geo_lon = NAN;
        ev.mentions = ev.sources = ev.articles = -1;
        ev.url = d->url;
        ev.file_id = d->source_id;
        ev.line = d->line;
        ingest_complete_event(R->cameo, &ev);
        /* a generic code (consult, cooperate) about weapons is military,
         * about microchips technology: the sentence's first keyword says */
        int dom = cameo_domain_parse(ev.domain);
        for (size_t j = 0; j < f->nk && (dom == CAMEO_DIPLOMATIC || dom == CAMEO_OTHER); j++) {
            int kd = cameo_domain_parse(f->k[j].domain);
            if (kd >= 0 && kd != CAMEO_OTHER) {
                ev.domain = cameo_domain_name(kd);
                break;
            }
        }
        snprintf(phrase, sizeof phrase, "%.*s", (int)(f->when.len < 63 ? f->when.len : 63),
                 d->text + f->when.off);
        facts_text(f, q, sizeof q, k, sizeof k, is, sizeof is);
        out_str(R->t, d->id);
        out_int(R->t, (long long)c->sentence);
        out_date(R->t, ev.date);
        out_str(R->t, c->e.source);
        out_str(R->t, c->e.target);
        out_str(R->t, c->e.code);
        out_int(R->t, (long long)c->e.src_off);
        out_int(R->t, (long long)c->e.src_len);
        out_int(R->t, (long long)c->e.verb_off);
        out_int(R->t, (long long)c->e.verb_len);
        out_int(R->t, (long long)c->e.tgt_off);
        out_int(R->t, (long long)c->e.tgt_len);
        out_str(R->t, ev.domain);
        out_num(R->t, ev.goldstein, 1);
        if (ev.quad_class)
            out_int(R->t, ev.quad_class);
        else
            out_na(R->t);
        out_date(R->t, d->date);
        out_str(R->t, f->when.precision ? phrase : "");
        out_str(R->t, extract_precision_name(f->when.precision));
        out_str(R->t, q);
        out_str(R->t, k);
        out_str(R->t, is);
        out_str(R->t, c->e.hedge);
        if (R->explain)
            out_str(R->t, c->e.why);
        R->events++;
        if (!R->s || cameo_key(c->e.code) < 0)
            continue;
        char *detail = detail_json(d, c, f);
        if (!detail)
            return bloc_fail(err, BLOC_ENOMEM, "out of memory");
        ev.detail = detail;
        int result, rc = store_event_put(R->s, &ev, &result, err);
        free(detail);
        if (rc != BLOC_OK)
            return rc;
        if (result != STORE_PENDING) /* pending: counted by the flush */
            *(result == STORE_INSERTED ? &R->stored : &R->duplicates) += 1;
    }
    return BLOC_OK;
}

/* ---- -j N: a ring of document batches, coded by workers, emitted in
 * order. Documents go in batches of POOL_BATCH so that short ones (a
 * sentence each) do not spend their time on locks. */

enum { POOL_BATCH = 32 };

typedef struct code_pool {
    code_run *R;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    doc_job **ring;               /* batch heads */
    size_t cap, head, next, tail; /* emit at head, code at next, add at tail */
    int closing;
    pthread_t *threads;
    int nthreads;
    doc_job *first, *last;        /* the batch being filled (main thread) */
    size_t nfill;
} code_pool;

static void *code_worker(void *arg)
{
    code_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next == p->tail && !p->closing)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->next == p->tail)
            break;
        doc_job *batch = p->ring[p->next++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        for (doc_job *d = batch; d; d = d->next)
            code_document(p->R, d);
        pthread_mutex_lock(&p->mu);
        batch->ready = 1;
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Emit and free a batch; the first error stops the emitting, not the
 * freeing. */
static int emit_batch(code_run *R, doc_job *batch, int rc, bloc_error *err)
{
    while (batch) {
        doc_job *next = batch->next;
        if (rc == BLOC_OK)
            rc = emit_document(R, batch, err);
        doc_free(batch);
        batch = next;
    }
    return rc;
}

/* Emit the coded batches at the head of the ring; with wait_all, until
 * the ring is empty, else until there is room for one more. */
static int pool_drain(code_pool *p, int wait_all, int rc, bloc_error *err)
{
    pthread_mutex_lock(&p->mu);
    while (p->head < p->tail &&
           (wait_all || p->tail - p->head == p->cap || p->ring[p->head % p->cap]->ready)) {
        doc_job *batch = p->ring[p->head % p->cap];
        while (!batch->ready)
            pthread_cond_wait(&p->done, &p->mu);
        p->head++;
        pthread_mutex_unlock(&p->mu);
        rc = emit_batch(p->R, batch, rc, err);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* Hand the batch being filled to the workers. */
static int pool_push(code_pool *p, bloc_error *err)
{
    if (!p->first)
        return BLOC_OK;
    int rc = pool_drain(p, 0, BLOC_OK, err);
    pthread_mutex_lock(&p->mu);
    p->ring[p->tail++ % p->cap] = p->first;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    p->first = p->last = NULL;
    p->nfill = 0;
    return rc;
}

/* Code d now (no pool) or add it to the batch for the workers; owns d
 * either way. */
static int submit(code_run *R, code_pool *p, doc_job *d, bloc_error *err)
{
    if (!p) {
        code_document(R, d);
        return emit_batch(R, d, BLOC_OK, err);
    }
    if (p->last)
        p->last->next = d;
    else
        p->first = d;
    p->last = d;
    return ++p->nfill == POOL_BATCH ? pool_push(p, err) : BLOC_OK;
}

static int pool_start(code_pool *p, code_run *R, int n, bloc_error *err)
{
    memset(p, 0, sizeof *p);
    p->R = R;
    p->cap = 2 * (size_t)n;
    p->ring = calloc(p->cap, sizeof *p->ring);
    p->threads = calloc((size_t)n, sizeof *p->threads);
    if (!p->ring || !p->threads) {
        free(p->ring);
        free(p->threads);
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    for (; p->nthreads < n; p->nthreads++)
        if (pthread_create(&p->threads[p->nthreads], NULL, code_worker, p) != 0)
            break;
    if (!p->nthreads)
        return bloc_fail(err, BLOC_EIO, "cannot start worker threads");
    return BLOC_OK;
}

/* Emit what is left (nothing more after an error), stop the workers, free
 * the pool. */
static int pool_finish(code_pool *p, int rc, bloc_error *err)
{
    if (rc == BLOC_OK)
        rc = pool_push(p, err);
    else
        emit_batch(p->R, p->first, rc, err);
    rc = pool_drain(p, 1, rc, err);
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->ring);
    free(p->threads);
    return rc;
}

static doc_job *new_doc(const char *id, const char *url, const char *text, size_t len, int date,
                        long line, long long source_id)
{
    doc_job *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->id = strdup(id);
    d->url = url ? strdup(url) : NULL;
    d->text = malloc(len + 1);
    if (!d->id || (url && !d->url) || !d->text) {
        doc_free(d);
        return NULL;
    }
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->len = len;
    d->date = date;
    d->line = line;
    d->source_id = source_id;
    return d;
}

static int today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static int parse_doc_date(const char *s, int fallback)
{
    int d = 0;
    if (!s)
        return fallback;
    if (strlen(s) == 8 && strspn(s, "0123456789") == 8 && util_date_valid(atoi(s)))
        return atoi(s);
    return util_parse_date(s, 0, &d, NULL) == BLOC_OK ? d : fallback;
}

/* Score the coder on gold records. */
static int evaluate(code_run *R, const char *path, double min_f1, bloc_error *err)
{
    line_reader *lr = NULL;
    char *line;
    size_t len;
    int got, rc = lines_open(&lr, path, err);
    long long records = 0, right = 0, tp = 0, fp = 0, fn = 0, rtp = 0, rfp = 0, rfn = 0;
    while (rc == BLOC_OK && (rc = lines_next(lr, &line, &len, &got, err)) == BLOC_OK && got) {
        json_error_t je;
        json_t *rec = json_loadb(line, len, 0, &je);
        if (!rec) {
            rc = bloc_fail_at(err, BLOC_EINPUT, lines_where(lr), lines_number(lr), "not JSON: %s",
                              je.text);
            break;
        }
        const char *text = json_string_value(json_object_get(rec, "text"));
        json_t *scored = json_object_get(rec, "scored");
        if (!text || (scored && json_is_false(scored))) {
            json_decref(rec);
            continue;
        }
        int date = parse_doc_date(json_string_value(json_object_get(rec, "date")), today());
        json_t *exp = json_object_get(rec, "expected");
        size_t nexp = json_is_array(exp) ? json_array_size(exp) : 0;
        char (*want)[80] = calloc(nexp + 1, sizeof *want);
        int *used = calloc(nexp + 1, sizeof *used);
        for (size_t i = 0; i < nexp; i++) {
            json_t *x = json_array_get(exp, i);
            const char *so = json_string_value(json_object_get(x, "source")),
                       *ta = json_string_value(json_object_get(x, "target")),
                       *co = json_string_value(json_object_get(x, "code"));
            snprintf(want[i], 80, "%s|%s|%s", so ? so : "", ta ? ta : "", co ? co : "");
        }
        /* code every sentence of the record */
        text_span *sp = NULL;
        size_t ns = 0;
        long long rtp_rec = 0, rfp_rec = 0;
        int ok = text_sentences(text, strlen(text), &sp, &ns, err) == BLOC_OK;
        int *rused = calloc(nexp + 1, sizeof *rused);
        for (size_t s = 0; ok && s < ns; s++) {
            coder_event *e = NULL;
            size_t ne = 0;
            int discarded;
            if (coder_sentence(R->c, &R->o, text, sp[s].off, sp[s].len, date, &e, &ne, &discarded,
                               err) != BLOC_OK)
                break;
            for (size_t k = 0; k < ne; k++) {
                char got_t[80];
                snprintf(got_t, sizeof got_t, "%s|%s|%s", e[k].source, e[k].target, e[k].code);
                size_t j = 0;
                while (j < nexp && (used[j] || strcmp(want[j], got_t) != 0))
                    j++;
                if (j < nexp) {
                    used[j] = 1;
                    tp++;
                } else {
                    fp++;
                    rfp_rec++;
                }
                /* root codes: the first two digits of the codes */
                size_t r = 0;
                for (; r < nexp; r++) {
                    char a[80];
                    snprintf(a, sizeof a, "%s", want[r]);
                    char *bar = strrchr(a, '|');
                    if (!rused[r] && bar && strncmp(a, got_t, (size_t)(bar - a) + 3) == 0)
                        break;
                }
                if (r < nexp) {
                    rused[r] = 1;
                    rtp_rec++;
                }
            }
            free(e);
        }
        long long miss = 0;
        for (size_t j = 0; j < nexp; j++)
            miss += !used[j];
        fn += miss;
        rtp += rtp_rec;
        rfp += (long long)0;
        rfn += (long long)nexp - rtp_rec;
        right += miss == 0 && rfp_rec == 0;
        records++;
        free(sp);
        free(want);
        free(used);
        free(rused);
        json_decref(rec);
    }
    lines_close(lr);
    if (rc != BLOC_OK)
        return rc;
    rfp = fp + tp - rtp; /* coded events whose root matched nothing */
    double p = tp + fp ? (double)tp / (double)(tp + fp) : 0, r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    double rp = rtp + rfp ? (double)rtp / (double)(rtp + rfp) : 0,
           rr = rtp + rfn ? (double)rtp / (double)(rtp + rfn) : 0;
    double rf1 = rp + rr > 0 ? 2 * rp * rr / (rp + rr) : 0;
    static const char *const cols[] = {"records", "right", "right_share", "precision", "recall",
                                       "f1", "root_precision", "root_recall", "root_f1"};
    out_table *t = out_begin(R->ctx->out, R->ctx->format, cols, 9);
    out_int(t, records);
    out_int(t, right);
    out_num(t, records ? (double)right / (double)records : 0, 4);
    out_num(t, p, 4);
    out_num(t, r, 4);
    out_num(t, f1, 4);
    out_num(t, rp, 4);
    out_num(t, rr, 4);
    out_num(t, rf1, 4);
    out_end(t);
    if (min_f1 > 0 && f1 + 5e-5 < min_f1) { /* the baseline is kept to 4 decimals */
        fprintf(R->ctx->errout, "%s code: F1 %.4f is below the required %.4f\n", R->ctx->prog, f1,
                min_f1);
        return BLOC_EINPUT;
    }
    return BLOC_OK;
}

/* Hand over the plain text gathered in doc[0..*dlen) as one document:
 * named by its file, or with --paragraphs FILE:LINE of its first line. */
static int flush_text(code_run *R, code_pool *pp, const char *file, int paragraphs, long line,
                      const char *doc, size_t *dlen, int date, long long source_id, bloc_error *err)
{
    char id[1100];
    snprintf(id, sizeof id, "%s:%ld", file, line);
    doc_job *job = new_doc(paragraphs ? id : file, NULL, doc, *dlen, date, line, source_id);
    *dlen = 0;
    if (!job)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    return submit(R, pp, job, err);
}

int cmd_code(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"jsonl", no_argument, NULL, 'L'},      {"date", required_argument, NULL, 'd'},
        {"dict", required_argument, NULL, 'D'}, {"explain", no_argument, NULL, 'x'},
        {"eval", required_argument, NULL, 'e'}, {"min-f1", required_argument, NULL, 'm'},
        {"store", no_argument, NULL, 'S'},      {"keywords", required_argument, NULL, 'K'},
        {"jobs", required_argument, NULL, 'j'}, {"no-hedged", no_argument, NULL, 'H'},
        {"paragraphs", no_argument, NULL, 'P'},
        CLI_COMMON_OPTIONS,
        {NULL, 0, NULL, 0}};
    const char *dicts[16], *kwfiles[16], *eval = NULL;
    size_t ndicts = 0, nkw = 0;
    int jsonl = 0, paragraphs = 0, date = today(), opt, code = 0, do_store = 0,
        jobs = cli_jobs_default();
    double min_f1 = 0;
    bloc_error err;
    bloc_error_clear(&err);
    code_run R = {.ctx = ctx, .o = {.require_dyad = 1}};
    while ((opt = cli_getopt_short(ctx, argc, argv, "j:", opts, help, &code)) != CLI_DONE) {
        char *end;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'L': jsonl = 1; break;
        case 'd':
            if (util_parse_date(optarg, 0, &date, &err) != BLOC_OK)
                return cli_usage(ctx, "code", "%s", err.msg);
            break;
        case 'D':
            if (ndicts == 16)
                return cli_usage(ctx, "code", "at most 16 --dict folders");
            dicts[ndicts++] = optarg;
            break;
        case 'K':
            if (nkw == 15)
                return cli_usage(ctx, "code", "at most 15 --keywords files");
            kwfiles[1 + nkw++] = optarg;
            break;
        case 'j':
            if ((code = cli_parse_jobs(ctx, "code", optarg, &jobs)) != 0)
                return code;
            break;
        case 'x': R.explain = 1; break;
        case 'S': do_store = 1; break;
        case 'H': R.no_hedged = 1; break;
        case 'P': paragraphs = 1; break;
        case 'e': eval = optarg; break;
        case 'm':
            min_f1 = strtod(optarg, &end);
            if (*end || min_f1 < 0 || min_f1 > 1)
                return cli_usage(ctx, "code", "--min-f1 takes 0..1");
            break;
        default: return cli_usage(ctx, "code", "unknown option");
        }
    }
    char def[1100], defkw[1100];
    /* the development records are set in the validation world */
    snprintf(def, sizeof def, "%s/coder/%s", ctx->datadir, eval ? "validate" : "phoenix");
    snprintf(defkw, sizeof defkw, "%s/coder/keywords.txt", ctx->datadir);
    kwfiles[0] = defkw;
    if (!ndicts)
        dicts[ndicts++] = def;
    if (coder_load(&R.c, dicts, ndicts, &err) != BLOC_OK)
        return cli_fail(ctx, &err);
    int rc = 0;
    if (eval) {
        if (evaluate(&R, eval, min_f1, &err) != BLOC_OK)
            rc = err.code ? cli_fail(ctx, &err) : 1;
        coder_free(R.c);
        return rc;
    }
    static const char *const cols[] = {"doc", "sentence", "date", "source", "target", "code",
                                       "source_off", "source_len", "verb_off", "verb_len",
                                       "target_off", "target_len", "domain", "goldstein",
                                       "quad_class", "doc_date",
                                       "date_phrase", "date_precision", "quantities",
                                       "keywords", "issues", "hedge", "why"};
    code_pool pool, *pp = NULL;
    if (extract_keywords_load(&R.kw, kwfiles, 1 + nkw, &err) != BLOC_OK ||
        extract_issues_load(&R.issues, dicts, ndicts, &err) != BLOC_OK ||
        cameo_load(ctx->datadir, &R.cameo, &err) != BLOC_OK ||
        (do_store && (cli_open(ctx, &R.s, &R.r, &err) != BLOC_OK ||
                      store_begin_bulk(R.s, &err) != BLOC_OK)) ||
        (jobs > 1 && pool_start(&pool, &R, jobs, &err) != BLOC_OK)) {
        rc = cli_fail(ctx, &err);
        goto finish;
    }
    if (jobs > 1)
        pp = &pool;
    R.t = out_begin(ctx->out, ctx->format, cols, R.explain ? 23 : 22);
    const char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : (char **)stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    for (int f = 0; f < nfiles && rc == 0; f++) {
        line_reader *lr = NULL;
        char *line;
        size_t len;
        int got;
        long long source_id = 0;
        int as_jsonl = jsonl || (strlen(files[f]) > 6 && !strcmp(files[f] + strlen(files[f]) - 6, ".jsonl"));
        if (lines_open(&lr, files[f], &err) != BLOC_OK) {
            rc = cli_fail(ctx, &err);
            break;
        }
        if (R.s) { /* provenance: the input file, by its checksum */
            char sha[96];
            if (strcmp(files[f], "-") == 0)
                snprintf(sha, sizeof sha, "stdin:%lld:%ld", (long long)time(NULL), (long)getpid());
            if ((strcmp(files[f], "-") != 0 && util_sha256_file(files[f], sha, &err) != BLOC_OK) ||
                store_source_id(R.s, sha, files[f], "text", 0, &source_id, &err) != BLOC_OK) {
                rc = cli_fail(ctx, &err);
                lines_close(lr);
                break;
            }
        }
        char *doc = NULL;
        size_t dlen = 0, dcap = 0;
        long dline = 1; /* the first line of the text being gathered */
        while (rc == 0 && lines_next(lr, &line, &len, &got, &err) == BLOC_OK && got) {
            if (!as_jsonl) {
                int blank = strspn(line, " \t\r") == len;
                if (paragraphs && blank) { /* a paragraph ends: it is a document */
                    if (dlen && flush_text(&R, pp, files[f], 1, dline, doc, &dlen, date, source_id, &err) != BLOC_OK)
                        rc = cli_fail(ctx, &err);
                    dline = lines_number(lr) + 1;
                    continue;
                }
                if (util_grow((void **)&doc, &dcap, dlen + len + 2, 1) != 0) {
                    rc = cli_fail(ctx, (bloc_fail(&err, BLOC_ENOMEM, "out of memory"), &err));
                    break;
                }
                memcpy(doc + dlen, line, len);
                dlen += len;
                doc[dlen++] = '\n';
                continue;
            }
            json_error_t je;
            json_t *d = json_loadb(line, len, 0, &je);
            const char *text = d ? json_string_value(json_object_get(d, "text")) : NULL;
            if (!text) {
                fprintf(ctx->errout, "%s code: %s:%ld: skipped: %s\n", ctx->prog, lines_where(lr),
                        lines_number(lr), d ? "no \"text\"" : je.text);
                json_decref(d);
                continue;
            }
            const char *id = json_string_value(json_object_get(d, "id"));
            char idbuf[64];
            snprintf(idbuf, sizeof idbuf, "%s:%ld", files[f], lines_number(lr));
            doc_job *job = new_doc(id ? id : idbuf, json_string_value(json_object_get(d, "url")), text,
                                   json_string_length(json_object_get(d, "text")),
                                   parse_doc_date(json_string_value(json_object_get(d, "date")), date),
                                   lines_number(lr), source_id);
            json_decref(d);
            if (!job || submit(&R, pp, job, &err) != BLOC_OK)
                rc = cli_fail(ctx, job ? &err : (bloc_fail(&err, BLOC_ENOMEM, "out of memory"), &err));
        }
        if (rc == 0 && dlen &&
            flush_text(&R, pp, files[f], paragraphs, paragraphs ? dline : 1, doc, &dlen, date,
                       source_id, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        free(doc);
        if (err.code && rc == 0)
            rc = cli_fail(ctx, &err);
        lines_close(lr);
    }
    if (pp && pool_finish(pp, rc == 0 ? BLOC_OK : BLOC_EINPUT, &err) != BLOC_OK && rc == 0)
        rc = cli_fail(ctx, &err);
    pp = NULL;
    out_end(R.t);
    if (R.s) {
        long long ins = 0, dup = 0;
        if (rc == 0 && store_events_flush(R.s, &ins, &dup, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        R.stored += ins;
        R.duplicates += dup;
        if (rc == 0 && store_commit(R.s, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        if (rc != 0)
            store_rollback(R.s);
        else
            fprintf(ctx->errout, "%s code: stored %lld events (%lld already there) as source coder\n",
                    ctx->prog, R.stored, R.duplicates);
    }
    fprintf(ctx->errout, "%s code: %lld sentences, %lld events, %lld discarded", ctx->prog,
            R.sentences, R.events, R.discarded);
    if (R.no_hedged)
        fprintf(ctx->errout, ", %lld hedged left out", R.hedged);
    fputc('\n', ctx->errout);
finish:
    if (pp)
        pool_finish(pp, BLOC_EINPUT, &err);
    cameo_free(R.cameo);
    registry_free(R.r);
    store_close(R.s);
    extract_keywords_free(R.kw);
    extract_keywords_free(R.issues);
    coder_free(R.c);
    return rc;
}
