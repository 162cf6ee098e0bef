/* tests/io/csv_test — the streaming CSV reader over plain and gzip input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "io/csv.h"
#include "test.h"

static csv_reader *open_text(const char *text, const char *name, int gz)
{
    char *dir = test_tmpdir();
    char *path = gz ? test_write_gz(dir, name, text) : test_write(dir, name, text);
    csv_reader *r = NULL;
    bloc_error err;
    assert_int_equal(csv_open(&r, path, ',', &err), BLOC_OK);
    free(path);
    free(dir);
    return r;
}

static void next_ok(csv_reader *r, size_t nfields)
{
    int got = 0;
    bloc_error err;
    int rc = csv_next(r, &got, &err);
    if (rc != BLOC_OK)
        fail_msg("csv_next: %s", err.msg);
    assert_int_equal(got, 1);
    assert_int_equal(csv_nfields(r), nfields);
}

static void quoting(void **state)
{
    (void)state;
    /* the roll-call file's hardest row: backslashes are data, "" is a quote */
    const char *text = "\"rcid\",\"descr\"\n"
                       "5,\"THE \\MEMBERS PRESENT AND VOTING\\\\, IN CALC.\\\"\"\"\"\"\n"
                       "6,\"a, b\",\n"
                       "7,\"line one\nline two\"\r\n"
                       "\n"
                       "8,plain\n";
    csv_reader *r = open_text(text, "q.csv", 0);
    next_ok(r, 2);
    assert_string_equal(csv_field(r, 0), "rcid");
    next_ok(r, 2);
    assert_int_equal(csv_line(r), 2);
    assert_string_equal(csv_field(r, 1), "THE \\MEMBERS PRESENT AND VOTING\\\\, IN CALC.\\\"\"");
    next_ok(r, 3); /* trailing comma = empty third field */
    assert_string_equal(csv_field(r, 1), "a, b");
    assert_string_equal(csv_field(r, 2), "");
    assert_int_equal(csv_line(r), 3);
    next_ok(r, 2);
    assert_int_equal(csv_line(r), 4);
    assert_string_equal(csv_field(r, 1), "line one\nline two");
    next_ok(r, 2); /* blank line skipped, line numbers still count it */
    assert_int_equal(csv_line(r), 7);
    assert_string_equal(csv_field(r, 1), "plain");
    assert_string_equal(csv_field(r, 9), ""); /* out of range */
    int got = 1;
    bloc_error err;
    assert_int_equal(csv_next(r, &got, &err), BLOC_OK);
    assert_int_equal(got, 0);
    csv_close(r);
}

static void no_final_newline(void **state)
{
    (void)state;
    csv_reader *r = open_text("a,b\n1,2", "n.csv", 0);
    next_ok(r, 2);
    next_ok(r, 2);
    assert_string_equal(csv_field(r, 1), "2");
    csv_close(r);
    /* a delimiter as the file's last byte: an empty last field, not the
     * one before it again (found by the csv fuzz target) */
    char why[96];
    r = open_text("a,b,\n1,2,", "e.csv", 0);
    next_ok(r, 3);
    next_ok(r, 3);
    assert_string_equal(csv_field(r, 1), "2");
    assert_int_equal(csv_field_len(r, 2), 0);
    assert_string_equal(csv_field(r, 2), "");
    assert_int_equal(csv_bad_field(r, why, sizeof why), -1);
    csv_close(r);
}

static void unterminated_quote(void **state)
{
    (void)state;
    csv_reader *r = open_text("a,b\n1,2\n3,\"never closed\n4,5\n", "u.csv", 0);
    int got;
    bloc_error err;
    next_ok(r, 2);
    next_ok(r, 2);
    assert_int_equal(csv_next(r, &got, &err), BLOC_EINPUT);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "unterminated"));
    assert_non_null(strstr(err.file, "u.csv"));
    csv_close(r);
}

static void junk_after_quote(void **state)
{
    (void)state;
    csv_reader *r = open_text("\"a\"x,b\n", "j.csv", 0);
    int got;
    bloc_error err;
    assert_int_equal(csv_next(r, &got, &err), BLOC_EINPUT);
    assert_int_equal(err.line, 1);
    csv_close(r);
}

static void gzip_stream(void **state)
{
    (void)state;
    /* enough rows to span several 64 KiB buffers */
    size_t n = 20000;
    char *text = malloc(n * 32 + 16);
    size_t off = (size_t)sprintf(text, "id,value\n");
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(text + off, "%zu,\"v%zu, quoted\"\n", i, i);
    csv_reader *r = open_text(text, "big.csv.gz", 1);
    next_ok(r, 2);
    for (size_t i = 0; i < n; i++) {
        next_ok(r, 2);
        assert_int_equal(atol(csv_field(r, 0)), (long)i);
        assert_int_equal(csv_line(r), (long)i + 2);
    }
    csv_close(r);
    free(text);
}

static void truncated_gzip(void **state)
{
    (void)state;
    size_t n = 30000;
    char *text = malloc(n * 40 + 16);
    size_t off = (size_t)sprintf(text, "id,value\n");
    for (size_t i = 0; i < n; i++)
        off += (size_t)sprintf(text + off, "%zu,%zu%zu%zu\n", i, i * 7, i * 13, i * 31);
    char *dir = test_tmpdir();
    char *path = test_write_gz(dir, "t.csv.gz", text);
    /* cut the compressed file in half */
    char *gz = NULL;
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    gz = malloc((size_t)size);
    assert_int_equal(fread(gz, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    f = fopen(path, "wb");
    fwrite(gz, 1, (size_t)size / 2, f);
    fclose(f);
    csv_reader *r = NULL;
    bloc_error err;
    int got = 1, rc;
    assert_int_equal(csv_open(&r, path, ',', &err), BLOC_OK);
    long rows = 0;
    while ((rc = csv_next(r, &got, &err)) == BLOC_OK && got)
        rows++;
    assert_int_equal(rc, BLOC_EINPUT); /* never a silent end of file */
    assert_true(rows > 0 && rows < (long)n);
    assert_non_null(strstr(err.msg, "truncated"));
    csv_close(r);
    free(gz);
    free(text);
    free(path);
    free(dir);
}

/* Fields text may not hold: bad UTF-8, a NUL byte (a C string would cut
 * "y\0es" to "y"), more than CSV_MAX_FIELD bytes; each named with why. */
static void bad_fields(void **state)
{
    (void)state;
    char why[96];
    csv_reader *r = open_text("a,b\nok,bad\xff\n", "b.csv", 0);
    next_ok(r, 2);
    assert_int_equal(csv_bad_field(r, why, sizeof why), -1);
    next_ok(r, 2);
    assert_int_equal(csv_bad_field(r, why, sizeof why), 1);
    assert_string_equal(why, "field 2 is not valid UTF-8");
    csv_close(r);
    /* a NUL inside a field: written by hand, test_write stops at NULs */
    char *dir = test_tmpdir(), path[512];
    snprintf(path, sizeof path, "%s/nul.csv", dir);
    FILE *f = fopen(path, "wb");
    fwrite("rcid,vote\n99001\0junk,y\0es\n", 1, 26, f);
    size_t big = CSV_MAX_FIELD + 1;
    fputs("1,", f);
    for (size_t i = 0; i < big; i++)
        fputc('x', f);
    fputc('\n', f);
    fclose(f);
    bloc_error err;
    assert_int_equal(csv_open(&r, path, ',', &err), BLOC_OK);
    next_ok(r, 2);
    next_ok(r, 2);
    assert_int_equal(csv_bad_field(r, why, sizeof why), 0);
    assert_string_equal(why, "field 1 holds a NUL byte");
    next_ok(r, 2);
    assert_int_equal(csv_bad_field(r, why, sizeof why), 1);
    assert_string_equal(why, "field 2 is longer than 65536 bytes");
    csv_close(r);
    free(dir);
}

static void missing_file(void **state)
{
    (void)state;
    csv_reader *r = NULL;
    bloc_error err;
    assert_int_equal(csv_open(&r, "/nonexistent/x.csv", ',', &err), BLOC_EIO);
    assert_non_null(strstr(err.file, "/nonexistent/x.csv"));
}

static void write_field(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    csv_write_field(m, "plain", ',');
    fputc('|', m);
    csv_write_field(m, "a,b", ',');
    fputc('|', m);
    csv_write_field(m, "say \"hi\"", ',');
    fclose(m);
    assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"");
    free(buf);
}

/* A record written back as one line: fields quoted where they must be, a
 * NUL shown as \0, the buffer reused and grown across records. */
static void record_text(void **state)
{
    (void)state;
    char *dir = test_tmpdir(), path[512];
    snprintf(path, sizeof path, "%s/r.csv", dir);
    static const char data[] = "3,United States,US,yes\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",y\0es\n";
    static const char second[] = "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"y\\0es\"";
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, sizeof data - 1, f);
    fclose(f);
    csv_reader *r = NULL;
    bloc_error err;
    char *buf = NULL;
    size_t cap = 0;
    assert_int_equal(csv_open(&r, path, ',', &err), BLOC_OK);
    next_ok(r, 4);
    assert_int_equal(csv_record_text(r, &buf, &cap), 22);
    assert_string_equal(buf, "3,United States,US,yes");
    next_ok(r, 4);
    assert_int_equal(csv_record_text(r, &buf, &cap), (long)sizeof second - 1);
    assert_memory_equal(buf, second, sizeof second);
    csv_close(r);
    free(buf);
    free(dir);
}

int test_csv(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting),        cmocka_unit_test(no_final_newline),
        cmocka_unit_test(unterminated_quote), cmocka_unit_test(junk_after_quote),
        cmocka_unit_test(gzip_stream),    cmocka_unit_test(truncated_gzip),
        cmocka_unit_test(bad_fields), cmocka_unit_test(missing_file),
        cmocka_unit_test(write_field), cmocka_unit_test(record_text),
    };
    return cmocka_run_group_tests_name("io/csv", tests, NULL, NULL);
}
