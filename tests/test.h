/*
 * tests/test.h — shared declarations of the cmocka unit-test groups and
 * small helpers for temporary files. Each tests/<module>/<name>_test.c defines
 * one int test_<module>(void) that runs its group.
 */
#ifndef BLOC_TESTS_TEST_H
#define BLOC_TESTS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

int test_util(void);
int test_strmap(void);
int test_csv(void);
int test_agreement(void);
int test_unga_metrics(void);
int test_store(void);
int test_registry(void);
int test_unga_ingest(void);
int test_output(void);
int test_cameo(void);
int test_gdelt(void);
int test_lines(void);
int test_events_metrics(void);
int test_changes(void);
int test_network(void);
int test_assess(void);
int test_composite(void);
int test_extract(void);
int test_article(void);
int test_opt(void);
int test_result(void);
int test_analysis_cases(void);
int test_serve(void);
int test_gate(void);
int test_report(void);
int test_watch(void);
int test_feed(void);
int test_coder_pool(void);
int test_sipri(void);
int test_pos(void);

/* A fresh temporary directory (caller frees the string; files inside are
 * left for inspection under $TMPDIR). */
char *test_tmpdir(void);
/* Write text to dir/name; returns the malloc'd path. */
char *test_write(const char *dir, const char *name, const char *text);
/* Write text gzip-compressed to dir/name; returns the malloc'd path. */
char *test_write_gz(const char *dir, const char *name, const char *text);
/* Whole file as a malloc'd string. */
char *test_read(const char *path);

#endif
