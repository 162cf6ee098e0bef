/*
 * cli/cmd_code — `bloc code`: English text to events with the coder
 * module, and `bloc code --eval` to score it against gold records
 * (precision, recall and F1 on (source, target, code) triples).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cameo/cameo.h"
#include "cli/cli.h"
#include "coder/coder.h"
#include "ingest/complete.h"
#include "coder/text.h"
#include "core/util.h"
#include "io/lines.h"

static const char *const help =
    "usage: bloc code [FILE... | -] [--jsonl] [--date YYYY-MM-DD] [--dict DIR]...\n"
    "                 [--explain] [--store] [--format table|csv|json]\n"
    "       bloc code --eval GOLD.jsonl [--dict DIR]... [--min-f1 X]\n\n"
    "Code English news text into events (who did what to whom): sentences are\n"
    "split and tokenized, actors and verbs found with PETRARCH-format dictionaries\n"
    "(--dict DIR, repeatable; later ones override; default: the Phoenix\n"
    "dictionaries in data/coder/phoenix; --eval: the validation world's in\n"
    "data/coder/validate), the actor before a verb is the source\n"
    "and the one after it the target (swapped in the passive), compounds give one\n"
    "event per pair, negated verbs and discard phrases code nothing. Input: plain\n"
    "text (a file is one document, dated --date, default today) or JSON Lines\n"
    "documents {\"id\",\"date\",\"url\",\"text\"} (--jsonl or a .jsonl name). Each event\n"
    "gives its document, sentence, the byte offsets of source, verb and target,\n"
    "and with --explain the dictionary entries that matched. --store also puts the\n"
    "events in the store (source coder, id DOC:SENTENCE:N, idempotent; actor\n"
    "countries from the codes' first three letters; Goldstein, quad class and\n"
    "domain from the CAMEO tables).\n\n"
    "--eval scores the coder on gold records {\"id\",\"date\",\"text\",\"expected\":\n"
    "[{\"source\",\"target\",\"code\"}]} (noevents: nothing expected; records with\n"
    "\"scored\": false are left out): per record right or wrong (the multiset of\n"
    "triples), then precision, recall and F1, for full codes and root codes (first\n"
    "two digits). --min-f1 X exits 1 when F1 falls below X.\n";

typedef struct code_run {
    cli_ctx *ctx;
    coder *c;
    coder_opts o;
    out_table *t;
    int explain;
    long long events, sentences, discarded, stored, duplicates;
    /* --store */
    store *s;
    registry *r;
    cameo_tables *cameo;
    long long source_id;
    long line;            /* input line of the document */
    const char *url;
} code_run;

/* An actor code (RUSGOV, PRKMIL) as a store actor: its first three letters
 * are the country when the registry knows them, the rest its types. */
static void to_actor(const code_run *R, const char *code, store_actor *a, char types[3][4])
{
    char cc[4];
    memset(a, 0, sizeof *a);
    a->code = code;
    snprintf(cc, sizeof cc, "%.3s", code);
    const store_country *c = registry_by_code(R->r, cc);
    a->country = c ? c->code : NULL;
    a->cameo_country = NULL;
    for (int k = 0; k < 3; k++) {
        size_t off = 3 + 3 * (size_t)k;
        snprintf(types[k], 4, "%.3s", strlen(code) > off ? code + off : "");
        a->type[k] = types[k];
    }
}

static int store_coded(code_run *R, const char *doc, size_t sentence, size_t k, int date,
                       const coder_event *e, bloc_error *err)
{
    char id[600], types[2][3][4];
    snprintf(id, sizeof id, "%.500s:%zu:%zu", doc, sentence, k);
    store_event ev;
    memset(&ev, 0, sizeof ev);
    ev.source = "coder";
    ev.source_event_id = id;
    ev.date = date;
    to_actor(R, e->source, &ev.actor[0], types[0]);
    to_actor(R, e->target, &ev.actor[1], types[1]);
    ev.is_root = -1;
    ev.event_code = e->code;
    char base[4], root[3];
    snprintf(base, sizeof base, "%.3s", e->code);
    snprintf(root, sizeof root, "%.2s", e->code);
    ev.base_code = base;
    ev.root_code = root;
    ev.goldstein = ev.tone = ev.geo_lat = ev.geo_lon = NAN;
    ev.mentions = ev.sources = ev.articles = -1;
    ev.url = R->url;
    ev.file_id = R->source_id;
    ev.line = R->line;
    ingest_complete_event(R->cameo, &ev);
    int result, rc = store_event_put(R->s, &ev, &result, err);
    if (rc == BLOC_OK)
        *(result == STORE_INSERTED ? &R->stored : &R->duplicates) += 1;
    return rc;
}

static int code_doc(code_run *R, const char *id, int date, const char *text, size_t len,
                    bloc_error *err)
{
    text_span *s = NULL;
    size_t ns = 0;
    int rc = text_sentences(text, len, &s, &ns, err);
    for (size_t i = 0; rc == BLOC_OK && i < ns; i++) {
        coder_event *e = NULL;
        size_t ne = 0;
        int discarded = 0;
        R->sentences++;
        if (s[i].len > 65536) { /* not a sentence: a table, a dump, junk */
            fprintf(R->ctx->errout, "%s code: %s: sentence %zu is longer than 64 KiB, skipped\n",
                    R->ctx->prog, id, i + 1);
            R->discarded++;
            continue;
        }
        if ((rc = coder_sentence(R->c, &R->o, text, s[i].off, s[i].len, date, &e, &ne, &discarded,
                                 err)) != BLOC_OK)
            break;
        R->discarded += discarded;
        for (size_t k = 0; k < ne; k++) {
            out_str(R->t, id);
            out_int(R->t, (long long)i + 1);
            out_date(R->t, date);
            out_str(R->t, e[k].source);
            out_str(R->t, e[k].target);
            out_str(R->t, e[k].code);
            out_int(R->t, (long long)e[k].src_off);
            out_int(R->t, (long long)e[k].src_len);
            out_int(R->t, (long long)e[k].verb_off);
            out_int(R->t, (long long)e[k].verb_len);
            out_int(R->t, (long long)e[k].tgt_off);
            out_int(R->t, (long long)e[k].tgt_len);
            if (R->explain)
                out_str(R->t, e[k].why);
            R->events++;
            if (R->s && cameo_key(e[k].code) >= 0 &&
                (rc = store_coded(R, id, i + 1, k + 1, date, &e[k], err)) != BLOC_OK)
                break;
        }
        free(e);
    }
    free(s);
    return rc;
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

int cmd_code(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        {"jsonl", no_argument, NULL, 'j'},      {"date", required_argument, NULL, 'd'},
        {"dict", required_argument, NULL, 'D'}, {"explain", no_argument, NULL, 'x'},
        {"eval", required_argument, NULL, 'e'}, {"min-f1", required_argument, NULL, 'm'},
        {"store", no_argument, NULL, 'S'},
        CLI_COMMON_OPTIONS,                     {NULL, 0, NULL, 0}};
    const char *dicts[16], *eval = NULL;
    size_t ndicts = 0;
    int jsonl = 0, date = today(), opt, code = 0, do_store = 0;
    double min_f1 = 0;
    bloc_error err;
    bloc_error_clear(&err);
    while ((opt = cli_getopt(ctx, argc, argv, opts, help, &code)) != CLI_DONE) {
        char *end;
        if (opt == CLI_EXIT)
            return code;
        switch (opt) {
        case 'j': jsonl = 1; break;
        case 'd':
            if (util_parse_date(optarg, 0, &date, &err) != BLOC_OK)
                return cli_usage(ctx, "code", "%s", err.msg);
            break;
        case 'D':
            if (ndicts == 16)
                return cli_usage(ctx, "code", "at most 16 --dict folders");
            dicts[ndicts++] = optarg;
            break;
        case 'x': break;
        case 'S': do_store = 1; break;
        case 'e': eval = optarg; break;
        case 'm':
            min_f1 = strtod(optarg, &end);
            if (*end || min_f1 < 0 || min_f1 > 1)
                return cli_usage(ctx, "code", "--min-f1 takes 0..1");
            break;
        default: return cli_usage(ctx, "code", "unknown option");
        }
    }
    code_run R = {.ctx = ctx, .o = {.require_dyad = 1}};
    for (int i = 1; i < argc; i++)
        R.explain |= strcmp(argv[i], "--explain") == 0;
    char def[1100];
    /* the development records are set in the validation world */
    snprintf(def, sizeof def, "%s/coder/%s", ctx->datadir, eval ? "validate" : "phoenix");
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
                                       "target_off", "target_len", "why"};
    if (do_store && (cli_open(ctx, &R.s, &R.r, &err) != BLOC_OK ||
                     cameo_load(ctx->datadir, &R.cameo, &err) != BLOC_OK ||
                     store_begin_bulk(R.s, &err) != BLOC_OK)) {
        rc = cli_fail(ctx, &err);
        goto finish;
    }
    R.t = out_begin(ctx->out, ctx->format, cols, R.explain ? 13 : 12);
    const char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : (char **)stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    for (int f = 0; f < nfiles && rc == 0; f++) {
        line_reader *lr = NULL;
        char *line;
        size_t len;
        int got;
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
                store_source_id(R.s, sha, files[f], "text", 0, &R.source_id, &err) != BLOC_OK) {
                rc = cli_fail(ctx, &err);
                lines_close(lr);
                break;
            }
        }
        char *doc = NULL;
        size_t dlen = 0;
        FILE *m = as_jsonl ? NULL : open_memstream(&doc, &dlen);
        while (rc == 0 && lines_next(lr, &line, &len, &got, &err) == BLOC_OK && got) {
            if (!as_jsonl) {
                fwrite(line, 1, len, m);
                fputc('\n', m);
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
            R.url = json_string_value(json_object_get(d, "url"));
            R.line = lines_number(lr);
            char idbuf[64];
            snprintf(idbuf, sizeof idbuf, "%s:%ld", files[f], lines_number(lr));
            if (code_doc(&R, id ? id : idbuf, parse_doc_date(json_string_value(json_object_get(d, "date")), date),
                         text, strlen(text), &err) != BLOC_OK)
                rc = cli_fail(ctx, &err);
            json_decref(d);
        }
        if (m) {
            fclose(m);
            R.url = NULL;
            R.line = 1;
            if (rc == 0 && doc && code_doc(&R, files[f], date, doc, dlen, &err) != BLOC_OK)
                rc = cli_fail(ctx, &err);
            free(doc);
        }
        if (err.code && rc == 0)
            rc = cli_fail(ctx, &err);
        lines_close(lr);
    }
    out_end(R.t);
    if (R.s) {
        if (rc == 0 && store_commit(R.s, &err) != BLOC_OK)
            rc = cli_fail(ctx, &err);
        if (rc != 0)
            store_rollback(R.s);
        else
            fprintf(ctx->errout, "%s code: stored %lld events (%lld already there) as source coder\n",
                    ctx->prog, R.stored, R.duplicates);
    }
    fprintf(ctx->errout, "%s code: %lld sentences, %lld events, %lld discarded\n", ctx->prog,
            R.sentences, R.events, R.discarded);
finish:
    cameo_free(R.cameo);
    registry_free(R.r);
    store_close(R.s);
    coder_free(R.c);
    return rc;
}
