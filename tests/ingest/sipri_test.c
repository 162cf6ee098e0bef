/* tests/ingest/sipri_test — the SIPRI reader, table-driven: each case in
 * tests/cases/sipri/ (README there) is an input of one layout with the
 * load's expected counts and the exact rows it must store. Also the
 * release date parser and the coverage rule of metrics/arms. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/sipri.h"
#include "metrics/arms.h"
#include "test.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif
#define CASES "tests/cases/sipri"

/* What SIPRI writes above the data, per layout (the real preambles,
 * shortened). */
static const char *head_of(const char *layout)
{
    if (strcmp(layout, "deliveries") == 0)
        return "Transfers of major conventional arms from All countries to All countries. Deals with"
               " deliveries or orders made for year range '1990' to '2023' \n"
               "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
               "Data generated: 13 Apr 2024 3:44:54 PM\n"
               "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
               "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
               "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
               "TIV delivery values,Local production\n";
    if (strcmp(layout, "classic") == 0)
        return "Transfers of major conventional arms from All countries  to All countries . Deals with"
               " deliveries or orders made for year range '1950' to '2024' \n"
               "Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
               "Data generated: 13 Oct 2024 2:20:11 PM\n"
               "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,"
               "Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,"
               "SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n";
    if (strcmp(layout, "imports") == 0 || strcmp(layout, "exports") == 0)
        return strcmp(layout, "imports") == 0
                   ? "Volume of transfers of major arms\nSource: SIPRI Arms Transfers Database (c) SIPRI.\n"
                     "Data generated: 13 Apr 2024 3:53:58 PM\n\n"
                     "Recipient,2020,2021,2022,2020-2022,Percentage,Sum total years,Percentage of total\n"
                   : "Volume of transfers of major arms\nSource: SIPRI Arms Transfers Database (c) SIPRI.\n"
                     "Data generated: 13 Apr 2024 3:54:15 PM\n\n"
                     "Exports by,2020,2021,2022,2020-2022,Percentage,Sum total years,Percentage of total\n";
    return "";
}

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void add(text *t, const char *s)
{
    size_t len = strlen(s);
    if (t->n + len + 1 > t->cap) {
        t->cap = (t->n + len + 1) * 2;
        t->s = realloc(t->s, t->cap);
    }
    memcpy(t->s + t->n, s, len + 1);
    t->n += len;
}

static int collect_delivery(void *ctx, const store_arms_delivery *d, const char *path)
{
    char line[1024], tiv[32];
    (void)path;
    if (isnan(d->tiv))
        snprintf(tiv, sizeof tiv, "NA");
    else
        snprintf(tiv, sizeof tiv, "%.2f", d->tiv);
    snprintf(line, sizeof line, "%s|%d|%s|%s|%s|%d\n", d->deal, d->year, d->supplier, d->recipient,
             tiv, d->tiv_estimate);
    add(ctx, line);
    return 0;
}

static int collect_cell(void *ctx, const store_arms_cell *c)
{
    char line[256];
    snprintf(line, sizeof line, "%s|%d|%.2f\n", c->country, c->year, c->tiv);
    add(ctx, line);
    return 0;
}

static long long result_field(const sipri_ingest_result *r, const char *name, int *known)
{
    *known = 1;
    const struct {
        const char *name;
        long long v;
    } f[] = {{"rows", r->rows},           {"inserted", r->inserted}, {"duplicates", r->duplicates},
             {"rejected", r->rejected},   {"joined", r->joined},     {"nonstate", r->nonstate},
             {"estimates", r->estimates}, {"undelivered", r->undelivered},
             {"release", r->day},         {"first_year", r->first_year}, {"last_year", r->last_year}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(f[i].name, name) == 0)
            return f[i].v;
    *known = 0;
    return 0;
}

/* Run one case file; the number of failed expectations. */
static int run_case(const char *name, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", CASES, name);
    /* read as bytes: an input may hold a NUL */
    FILE *cf = fopen(path, "rb");
    if (!cf) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    char *body = malloc(1 << 16);
    size_t size = fread(body, 1, (1 << 16) - 1, cf);
    fclose(cf);
    body[size] = '\0';
    char *input = strstr(body, "\ninput\n"); /* the head holds no NUL */
    if (!input) {
        fprintf(stderr, "%s: no input line\n", path);
        free(body);
        return 1;
    }
    *input = '\0';
    input += 7;
    size_t input_len = size - (size_t)(input - body);
    char *head = strdup(body); /* the expectations, kept for the second pass */
    char layout[32] = "", scope[256] = "";
    text want_rows = {0}, want_cells = {0};
    int failures = 0, quarantine = 0;
    for (char *save = NULL, *l = strtok_r(body, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (strncmp(l, "layout ", 7) == 0)
            snprintf(layout, sizeof layout, "%s", l + 7);
        else if (strncmp(l, "scope ", 6) == 0)
            snprintf(scope, sizeof scope, "%s", l + 6);
        else if (strncmp(l, "stored ", 7) == 0)
            add(&want_rows, l + 7), add(&want_rows, "\n");
        else if (strncmp(l, "cell ", 5) == 0)
            add(&want_cells, l + 5), add(&want_cells, "\n");
        else if (strncmp(l, "quarantined ", 12) == 0)
            quarantine = 1;
    }
    /* the input file: the layout's head, then the bytes as they are */
    char file[600];
    snprintf(file, sizeof file, "%s/%s.csv", dir, name);
    FILE *f = fopen(file, "wb");
    fputs(head_of(layout), f);
    fwrite(input, 1, input_len, f);
    fclose(f);

    store *s = NULL;
    registry *reg = NULL;
    bloc_error err;
    registry_paths p = {BLOC_DATADIR, "/usr/share/iso-codes/json"};
    int rebuilt;
    if (store_open(&s, ":memory:", STORE_READWRITE, &err) != BLOC_OK ||
        registry_sync(s, &p, &rebuilt, &err) != BLOC_OK || registry_load(s, &reg, &err) != BLOC_OK) {
        fprintf(stderr, "%s: setup: %s\n", name, err.msg);
        exit(1);
    }
    FILE *q = quarantine ? tmpfile() : NULL;
    sipri_ingest_opts o = {.path = file, .datadir = BLOC_DATADIR, .scope = scope[0] ? scope : NULL,
                           .quarantine = q};
    sipri_ingest_result res;
    memset(&err, 0, sizeof err);
    int rc = sipri_ingest(s, reg, &o, &res, &err);
    char qtext[4096] = "";
    if (q) {
        rewind(q);
        qtext[fread(qtext, 1, sizeof qtext - 1, q)] = '\0';
        fclose(q);
    }
    /* the expectations, again from the top of the case */
    char where[1400];
    snprintf(where, sizeof where, "%s:%ld: %s", err.file, err.line, err.msg);
    for (char *save = NULL, *l = strtok_r(head, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (strncmp(l, "expect ", 7) == 0) {
            char field[32];
            const char *v = l + 7 + strcspn(l + 7, " ");
            snprintf(field, sizeof field, "%.*s", (int)strcspn(l + 7, " "), l + 7);
            v += *v == ' ';
            int known;
            long long got = result_field(&res, field, &known);
            int ok;
            if (strcmp(field, "rc") == 0)
                ok = rc == atoi(v), got = rc;
            else if (strcmp(field, "error") == 0)
                ok = rc != BLOC_OK && strstr(where, v) != NULL;
            else if (strcmp(field, "encoding") == 0)
                ok = rc == BLOC_OK && strcmp(res.encoding, v) == 0;
            else
                ok = known && got == atoll(v);
            if (!ok) {
                fprintf(stderr, "%s: %s: wanted %s, got %lld (message: %s)\n", name, field, v, got, err.msg);
                failures++;
            }
        } else if (strncmp(l, "quarantined ", 12) == 0 && !strstr(qtext, l + 12)) {
            fprintf(stderr, "%s: quarantine lacks '%s': %s\n", name, l + 12, qtext);
            failures++;
        }
    }
    text got_rows = {0}, got_cells = {0};
    add(&got_rows, "");
    add(&got_cells, "");
    add(&want_rows, "");
    add(&want_cells, "");
    static const char *const layouts[] = {STORE_ARMS_DELIVERIES, STORE_ARMS_CLASSIC};
    for (int i = 0; i < 2; i++) {
        store_arms_query aq = {.layout = layouts[i], .day = i ? 20241013 : 20240413};
        if (store_arms_deliveries_scan(s, &aq, collect_delivery, &got_rows, &err) != BLOC_OK)
            failures++;
    }
    if (store_arms_cells_scan(s, STORE_ARMS_IMPORTS, 20240413, NULL, collect_cell, &got_cells, &err) != BLOC_OK ||
        store_arms_cells_scan(s, STORE_ARMS_EXPORTS, 20240413, NULL, collect_cell, &got_cells, &err) != BLOC_OK)
        failures++;
    if (strcmp(got_rows.s, want_rows.s) != 0) {
        fprintf(stderr, "%s: stored deal-years\n--- wanted\n%s--- got\n%s", name, want_rows.s, got_rows.s);
        failures++;
    }
    if (strcmp(got_cells.s, want_cells.s) != 0) {
        fprintf(stderr, "%s: stored cells\n--- wanted\n%s--- got\n%s", name, want_cells.s, got_cells.s);
        failures++;
    }
    free(got_rows.s);
    free(got_cells.s);
    free(want_rows.s);
    free(want_cells.s);
    free(body);
    free(head);
    registry_free(reg);
    store_close(s);
    unlink(file);
    return failures;
}

static void cases(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    DIR *d = opendir(CASES);
    assert_non_null(d);
    int n = 0, failures = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".case") == 0) {
            failures += run_case(e->d_name, dir);
            n++;
        }
    }
    closedir(d);
    rmdir(dir);
    free(dir);
    assert_true(n >= 15);
    assert_int_equal(failures, 0);
}

static void generated_day(void **state)
{
    (void)state;
    assert_int_equal(sipri_generated_day("13 Apr 2024 3:44:54 PM"), 20240413);
    assert_int_equal(sipri_generated_day("1 Mar 2023"), 20230301);
    assert_int_equal(sipri_generated_day("31 Feb 2024 1:00:00 AM"), 0);
    assert_int_equal(sipri_generated_day("13 April 2024"), 0);
    assert_int_equal(sipri_generated_day("2024-04-13"), 0);
    assert_int_equal(sipri_generated_day(""), 0);
}

static void scope_rule(void **state)
{
    (void)state;
    const char *codes[] = {"RUS", "CHN", "RUS", "IRN"};
    char scope[64];
    assert_int_equal(arms_scope_text("recipients", codes, 4, scope, sizeof scope), 0);
    assert_string_equal(scope, "recipients:CHN,IRN,RUS");
    assert_int_equal(arms_scope_text("among", codes, 4, scope, 10), -1);
    assert_true(arms_scope_covers("all", NULL, "PAK"));
    assert_true(arms_scope_covers("recipients:CHN,IRN,RUS", NULL, "CHN"));
    assert_true(arms_scope_covers("recipients:CHN,IRN,RUS", "FRA", "RUS"));
    assert_false(arms_scope_covers("recipients:CHN,IRN,RUS", "CHN", "PAK"));
    assert_false(arms_scope_covers("recipients:CHN,IRN,RUS", NULL, "CH"));
    assert_true(arms_scope_covers("among:CHN,RUS", "RUS", "CHN"));
    assert_false(arms_scope_covers("among:CHN,RUS", "FRA", "CHN"));
    assert_false(arms_scope_covers("among:CHN,RUS", NULL, "CHN"));
    assert_false(arms_scope_covers("something else", NULL, "CHN"));
}

int test_sipri(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cases),
        cmocka_unit_test(generated_day),
        cmocka_unit_test(scope_rule),
    };
    return cmocka_run_group_tests_name("ingest/sipri", tests, NULL, NULL);
}
