/*
 * tests/unit_main — runs every cmocka group; the exit status is the number
 * of failed tests (0 = all passed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "test.h"

char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *p = malloc(strlen(base) + 32);
    sprintf(p, "%s/bloc-test-XXXXXX", base);
    if (!mkdtemp(p)) {
        perror("mkdtemp");
        exit(99);
    }
    return p;
}

char *test_write(const char *dir, const char *name, const char *text)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text)) {
        perror(p);
        exit(99);
    }
    fclose(f);
    return p;
}

char *test_write_gz(const char *dir, const char *name, const char *text)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    gzFile g = gzopen(p, "wb");
    if (!g || gzwrite(g, text, (unsigned)strlen(text)) != (int)strlen(text)) {
        perror(p);
        exit(99);
    }
    gzclose(g);
    return p;
}

char *test_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

int main(void)
{
    int failed = 0;
    failed += test_util();
    failed += test_strmap();
    failed += test_csv();
    failed += test_agreement();
    failed += test_unga_metrics();
    failed += test_output();
    failed += test_store();
    failed += test_registry();
    failed += test_unga_ingest();
    failed += test_cameo();
    failed += test_gdelt();
    failed += test_lines();
    failed += test_events_metrics();
    failed += test_changes();
    failed += test_network();
    failed += test_assess();
    failed += test_composite();
    failed += test_extract();
    failed += test_article();
    failed += test_opt();
    failed += test_result();
    failed += test_analysis_cases();
    failed += test_serve();
    failed += test_gate();
    failed += test_report();
    failed += test_watch();
    failed += test_feed();
    failed += test_coder_pool();
    failed += test_sipri();
    failed += test_pos();
    return failed;
}
