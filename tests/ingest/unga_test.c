/* tests/ingest/unga_test — UN vote ingest: both layouts, idempotency,
 * rejection reasons, quarantine and all-or-nothing transactions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/unga.h"
#include "test.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static const char *const ROLLCALLS =
    "\"rcid\",\"session\",\"importantvote\",\"date\",\"unres\",\"amend\",\"para\",\"short\",\"descr\"\n"
    "1,73,0,2018-12-20,\"A/RES/73/1\",0,0,\"One\",\"First, with a comma\"\n"
    "2,73,1,2018-12-21,\"A/RES/73/2\",0,0,\"Two\",\"Second\"\n"
    "3,74,,2019-12-10,\"A/RES/74/9\",,,\"Three\",\"Third\"\n";

static const char *const VOTES =
    "\"rcid\",\"country\",\"country_code\",\"vote\"\n"
    "1,\"Russia\",\"RU\",\"yes\"\n"
    "1,\"China\",\"CN\",\"yes\"\n"
    "1,\"United States\",\"US\",\"no\"\n"
    "2,\"Russia\",\"RU\",\"abstain\"\n"
    "2,\"China\",\"CN\",\"yes\"\n"
    "3,\"Yugoslavia\",\"YU\",\"yes\"\n"
    "3,\"North Korea\",\"KP\",\"no\"\n";

static const char *const ISSUES =
    "\"rcid\",\"short_name\",\"issue\"\n"
    "1,\"hr\",\"Human rights\"\n"
    "3,\"nu\",\"Nuclear weapons and nuclear material\"\n";

typedef struct fx {
    char *dir;
    store *s;
    registry *r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/u.db", f->dir);
    bloc_error err;
    registry_paths p = {BLOC_DATADIR, "/usr/share/iso-codes/json"};
    int rebuilt;
    if (store_open(&f->s, path, STORE_READWRITE, &err) != BLOC_OK ||
        registry_sync(f->s, &p, &rebuilt, &err) != BLOC_OK ||
        registry_load(f->s, &f->r, &err) != BLOC_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    registry_free(f->r);
    store_close(f->s);
    free(f->dir);
    free(f);
    return 0;
}

static long long votes_in(fx *f)
{
    store_unga_counts c;
    bloc_error err;
    assert_int_equal(store_unga_counts_get(f->s, &c, &err), BLOC_OK);
    return c.votes;
}

static int run(fx *f, const char *rc, const char *votes, const char *issues, FILE *q,
               unga_ingest_result *res, bloc_error *err)
{
    unga_ingest_opts o = {.votes = votes, .rollcalls = rc, .issues = issues, .quarantine = q};
    return unga_ingest(f->s, f->r, &o, res, err);
}

static void voeten_layout(void **state)
{
    fx *f = *state;
    char *rc = test_write_gz(f->dir, "rc.csv.gz", ROLLCALLS);
    char *v = test_write(f->dir, "v.csv", VOTES);
    char *is = test_write(f->dir, "i.csv", ISSUES);
    unga_ingest_result res;
    bloc_error err;
    assert_int_equal(run(f, rc, v, is, NULL, &res, &err), BLOC_OK);
    assert_int_equal(res.nfiles, 3);
    assert_int_equal(res.files[0].inserted, 3);
    assert_int_equal(res.files[1].rows, 7);
    assert_int_equal(res.files[1].inserted, 7);
    assert_int_equal(res.files[2].inserted, 2);
    assert_int_equal(votes_in(f), 7);
    /* re-ingesting changes nothing */
    assert_int_equal(run(f, rc, v, is, NULL, &res, &err), BLOC_OK);
    assert_int_equal(res.files[1].inserted, 0);
    assert_int_equal(res.files[1].duplicates, 7);
    assert_int_equal(votes_in(f), 7);
    free(rc);
    free(v);
    free(is);
}

/* A bad row without a quarantine file: error names file:line, nothing stored. */
static void expect_rejected(fx *f, const char *votes_text, long line, const char *reason)
{
    char *rc = test_write(f->dir, "rc2.csv", ROLLCALLS);
    char *v = test_write(f->dir, "bad.csv", votes_text);
    unga_ingest_result res;
    bloc_error err;
    long long before = votes_in(f);
    assert_int_equal(run(f, rc, v, NULL, NULL, &res, &err), BLOC_EINPUT);
    if (!strstr(err.msg, reason))
        fail_msg("expected '%s' in '%s'", reason, err.msg);
    assert_int_equal(err.line, line);
    assert_non_null(strstr(err.file, "bad.csv"));
    assert_int_equal(votes_in(f), before);
    free(rc);
    free(v);
}

static void rejections(void **state)
{
    fx *f = *state;
    const char *h = "\"rcid\",\"country\",\"country_code\",\"vote\"\n";
    char buf[512];
    snprintf(buf, sizeof buf, "%s1,\"Russia\",\"RU\",\"yes\"\n1,\"China\",\"CN\",\"maybe\"\n", h);
    expect_rejected(f, buf, 3, "unknown vote value 'maybe'");
    snprintf(buf, sizeof buf, "%s1,\"Atlantis\",\"QQ\",\"yes\"\n", h);
    expect_rejected(f, buf, 2, "unknown country 'Atlantis'");
    snprintf(buf, sizeof buf, "%s99,\"Russia\",\"RU\",\"yes\"\n", h);
    expect_rejected(f, buf, 2, "unknown roll call 99");
    snprintf(buf, sizeof buf, "%sx1,\"Russia\",\"RU\",\"yes\"\n", h);
    expect_rejected(f, buf, 2, "bad rcid");
    snprintf(buf, sizeof buf, "%s1,\"Russia\",\"yes\"\n", h);
    expect_rejected(f, buf, 2, "expected 4 fields");
    snprintf(buf, sizeof buf, "%s1,\"Russ\xffia\",\"RU\",\"yes\"\n", h);
    expect_rejected(f, buf, 2, "not valid UTF-8");
    expect_rejected(f, "\"id\",\"who\",\"how\"\n1,2,3\n", 1, "bad header");
}

static void conflict_is_rejected(void **state)
{
    fx *f = *state;
    char *rc = test_write(f->dir, "rc3.csv", ROLLCALLS);
    char *v1 = test_write(f->dir, "v1.csv", "rcid,country,country_code,vote\n2,Russia,RU,no\n");
    unga_ingest_result res;
    bloc_error err;
    /* store already holds Russia abstaining on roll call 2 (from voeten_layout) */
    assert_int_equal(run(f, rc, v1, NULL, NULL, &res, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "conflicts with the stored vote 2"));
    assert_non_null(strstr(err.msg, "v.csv:5"));
    free(rc);
    free(v1);
}

static void quarantine(void **state)
{
    fx *f = *state;
    char *rc = test_write(f->dir, "rc4.csv", ROLLCALLS);
    char *v = test_write(f->dir, "q.csv",
                         "rcid,country,country_code,vote\n"
                         "3,Japan,JP,yes\n"
                         "3,Atlantis,QQ,yes\n"
                         "3,France,FR,perhaps\n"
                         "3,Germany,DE,abstain\n"
                         "3,Italy,IT,\n");
    char *qpath = NULL;
    size_t qlen = 0;
    FILE *q = open_memstream(&qpath, &qlen);
    unga_ingest_result res;
    bloc_error err;
    long long before = votes_in(f);
    assert_int_equal(run(f, rc, v, NULL, q, &res, &err), BLOC_OK);
    fclose(q);
    assert_int_equal(res.files[1].rows, 5);
    assert_int_equal(res.files[1].inserted, 2);
    assert_int_equal(res.files[1].rejected, 2);
    assert_int_equal(res.files[1].skipped, 1); /* empty vote = did not vote */
    assert_int_equal(votes_in(f), before + 2);
    assert_non_null(strstr(qpath, "q.csv,3,unknown country 'Atlantis'"));
    assert_non_null(strstr(qpath, "q.csv,4,\"unknown vote value 'perhaps'"));
    assert_non_null(strstr(qpath, "\"3,France,FR,perhaps\""));
    free(qpath);
    free(rc);
    free(v);
}

static void truncated_gzip_rolls_back(void **state)
{
    fx *f = *state;
    /* many roll calls, then cut the compressed file short */
    size_t n = 40000;
    char *text = malloc(n * 64 + 128);
    size_t off = (size_t)sprintf(text, "rcid,session,importantvote,date,unres,amend,para,short,descr\n");
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(text + off, "%zu,70,0,2015-12-%02zu,A/RES/70/%zu,0,0,s%zu,d%zu\n",
                               100000 + i, 1 + i % 28, i, i * 7919 % 10007, i * 104729 % 1000003);
    char *gz = test_write_gz(f->dir, "cut.csv.gz", text);
    FILE *fp = fopen(gz, "r+b");
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fclose(fp);
    assert_int_equal(truncate(gz, size / 2), 0);
    char *v = test_write(f->dir, "v0.csv", "rcid,country,country_code,vote\n");
    unga_ingest_result res;
    bloc_error err;
    store_unga_counts before, after;
    assert_int_equal(store_unga_counts_get(f->s, &before, &err), BLOC_OK);
    assert_int_equal(run(f, gz, v, NULL, NULL, &res, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "truncated"));
    assert_int_equal(store_unga_counts_get(f->s, &after, &err), BLOC_OK);
    assert_int_equal(after.rollcalls, before.rollcalls); /* nothing half-written */
    free(text);
    free(gz);
    free(v);
}

static void undl_layout(void **state)
{
    fx *f = *state;
    /* resolution A/RES/74/9 of 2019-12-10 is roll call 3 from the Voeten
     * tables: its votes must join that roll call, not a new one */
    char *v = test_write(f->dir, "undl.csv",
                         "undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,"
                         "meeting,title,agenda_title,subjects,total_yes,total_no,total_abstentions,"
                         "total_non_voting,total_ms,undl_link\n"
                         "4000001,CHN,CHINA,A,2019-12-10,74,A/RES/74/9,A/74/L.1,,A/74/PV.1,\"T\",\"A\",,1,1,1,0,3,x\n"
                         "4000001,KOR,\"KOREA, REPUBLIC OF\",X,2019-12-10,74,A/RES/74/9,A/74/L.1,,A/74/PV.1,\"T\",\"A\",,1,1,1,0,3,x\n"
                         "4100002,RUS,RUSSIAN FEDERATION,N,2022-03-02,ES-11,A/RES/ES-11/1,A/ES-11/L.1,,x,\"Aggression\",\"U\",,141,5,35,12,193,x\n"
                         "4100002,PRK,DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA,N,2022-03-02,ES-11,A/RES/ES-11/1,A/ES-11/L.1,,x,\"Aggression\",\"U\",,141,5,35,12,193,x\n"
                         "4100002,IRN,IRAN (ISLAMIC REPUBLIC OF),A,2022-03-02,ES-11,A/RES/ES-11/1,A/ES-11/L.1,,x,\"Aggression\",\"U\",,141,5,35,12,193,x\n");
    unga_ingest_result res;
    bloc_error err;
    long long before = votes_in(f);
    int date;
    assert_int_equal(run(f, NULL, v, NULL, NULL, &res, &err), BLOC_OK);
    assert_int_equal(res.nfiles, 1);
    assert_string_equal(res.files[0].kind, "undl");
    assert_int_equal(res.files[0].rows, 5);
    assert_int_equal(res.files[0].skipped, 1);      /* X = non-voting */
    assert_int_equal(res.files[0].inserted, 4); /* 4 votes (and one new roll call) */
    assert_int_equal(votes_in(f), before + 4);
    assert_int_equal(store_unga_rollcall_date(f->s, 4000001, &date, &err), BLOC_OK);
    assert_int_equal(date, 0); /* matched roll call 3 instead */
    assert_int_equal(store_unga_rollcall_date(f->s, 4100002, &date, &err), BLOC_OK);
    assert_int_equal(date, 20220302);
    /* the UN layout carries its own roll calls */
    assert_int_equal(run(f, "x.csv", v, NULL, NULL, &res, &err), BLOC_EUSAGE);
    free(v);
}

static void parse_vote(void **state)
{
    (void)state;
    int v;
    assert_int_equal(unga_parse_vote("yes", &v), 1);
    assert_int_equal(v, 1);
    assert_int_equal(unga_parse_vote("ABSTAIN", &v), 1);
    assert_int_equal(v, 2);
    assert_int_equal(unga_parse_vote("N", &v), 1);
    assert_int_equal(v, 3);
    assert_int_equal(unga_parse_vote("3", &v), 1);
    assert_int_equal(v, 3);
    assert_int_equal(unga_parse_vote("8", &v), 0);
    assert_int_equal(unga_parse_vote("X", &v), 0);
    assert_int_equal(unga_parse_vote("", &v), 0);
    assert_int_equal(unga_parse_vote("4", &v), -1);
    assert_int_equal(unga_parse_vote("yess", &v), -1);
}

int test_unga_ingest(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_vote),
        cmocka_unit_test(voeten_layout),
        cmocka_unit_test(rejections),
        cmocka_unit_test(conflict_is_rejected),
        cmocka_unit_test(quarantine),
        cmocka_unit_test(truncated_gzip_rolls_back),
        cmocka_unit_test(undl_layout),
    };
    return cmocka_run_group_tests_name("ingest/unga", tests, setup, teardown);
}
