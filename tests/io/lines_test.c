/* tests/io/lines_test — the libarchive line reader: plain, gzip and zip
 * inputs (zips written here with libarchive), line numbers per entry,
 * CRLF and missing final newlines, lines longer than the first buffer,
 * truncated input and missing files; a plain file cut into segments at
 * line starts (lines_cut) and read segment by segment (lines_open_range)
 * gives the lines the whole does, whatever the segment size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "io/lines.h"
#include "test.h"

/* Read every line of path into one string, "where:line=text\n" each. */
static char *slurp(const char *path, int *status, bloc_error *err)
{
    line_reader *r = NULL;
    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    *status = lines_open(&r, path, err);
    if (*status == BLOC_OK) {
        char *line;
        size_t len;
        int got;
        while ((*status = lines_next(r, &line, &len, &got, err)) == BLOC_OK && got) {
            const char *w = strrchr(lines_where(r), '[');
            fprintf(m, "%s:%ld=%s\n", w ? w : "", lines_number(r), line);
            assert_int_equal(strlen(line), len);
        }
        lines_close(r);
    }
    fclose(m);
    return out;
}

static char *write_zip(const char *dir, const char *name, const char *const *entries,
                       const char *const *texts, size_t n)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, entries[i]);
        archive_entry_set_size(e, (la_int64_t)strlen(texts[i]));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_write_header(a, e);
        archive_write_data(a, texts[i], strlen(texts[i]));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return path;
}

static void plain_gzip_and_line_endings(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    const char *text = "a\tb\r\n\nlast without newline";
    const char *want = ":1=a\tb\n:2=\n:3=last without newline\n";
    bloc_error err;
    int st;
    char *p = test_write(dir, "plain.tsv", text);
    char *got = slurp(p, &st, &err);
    assert_int_equal(st, BLOC_OK);
    assert_string_equal(got, want);
    free(got);
    free(p);
    p = test_write_gz(dir, "z.tsv.gz", text);
    got = slurp(p, &st, &err);
    assert_int_equal(st, BLOC_OK);
    assert_string_equal(got, want);
    free(got);
    free(p);
    p = test_write(dir, "empty", "");
    got = slurp(p, &st, &err);
    assert_int_equal(st, BLOC_OK);
    assert_string_equal(got, "");
    free(got);
    free(p);
    free(dir);
}

static void zip_entries_are_streamed_with_their_names(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    const char *names[] = {"20130501.export.CSV", "20130502.export.CSV"};
    const char *texts[] = {"x1\nx2\n", "y1\ny2"};
    char *p = write_zip(dir, "two.zip", names, texts, 2);
    bloc_error err;
    int st;
    char *got = slurp(p, &st, &err);
    assert_int_equal(st, BLOC_OK);
    assert_string_equal(got, "[20130501.export.CSV]:1=x1\n[20130501.export.CSV]:2=x2\n"
                             "[20130502.export.CSV]:1=y1\n[20130502.export.CSV]:2=y2\n");
    free(got);
    free(p);
    free(dir);
}

static void long_lines_grow_the_buffer(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    size_t n = 3u << 20; /* 3 MiB: past the 1 MiB first buffer */
    char *text = malloc(2 * n + 8);
    memset(text, 'a', n);
    text[n] = '\n';
    memset(text + n + 1, 'b', n);
    strcpy(text + 2 * n + 1, "\nc\n");
    char *p = test_write_gz(dir, "long.gz", text);
    line_reader *r = NULL;
    bloc_error err;
    char *line;
    size_t len;
    int got;
    assert_int_equal(lines_open(&r, p, &err), BLOC_OK);
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_OK);
    assert_true(got && len == n && line[0] == 'a' && line[n - 1] == 'a');
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_OK);
    assert_true(got && len == n && line[0] == 'b' && line[n - 1] == 'b');
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_OK);
    assert_true(got && len == 1 && line[0] == 'c' && lines_number(r) == 3);
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_OK);
    assert_int_equal(got, 0);
    assert_true(lines_bytes(r) > 0);
    lines_close(r);
    free(text);
    free(p);
    free(dir);
}

static void truncated_and_missing_inputs_fail(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    size_t n = 200000;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 50 == 49 ? '\n' : (char)('a' + (i * 7919) % 26);
    text[n] = '\0';
    char *p = test_write_gz(dir, "t.gz", text);
    FILE *f = fopen(p, "r+b");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(p, size / 2), 0);
    bloc_error err;
    bloc_error_clear(&err);
    int st;
    free(slurp(p, &st, &err));
    free(text);
    assert_int_equal(st, BLOC_EINPUT);
    assert_non_null(strstr(err.file, "t.gz"));
    assert_non_null(strstr(err.msg, "truncated"));
    assert_true(err.line >= 1);

    char missing[600];
    snprintf(missing, sizeof missing, "%s/nope.tsv", dir);
    free(slurp(missing, &st, &err));
    assert_int_equal(st, BLOC_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));
    free(p);
    free(dir);
}

/* Read the segments [cuts[i], cuts[i+1]) of path, numbering lines from
 * the file's start as a caller adding the lines before each would. */
static char *slurp_segments(const char *path, const long long *cuts, size_t n)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    long before = 0;
    bloc_error err;
    for (size_t i = 0; i < n; i++) {
        line_reader *r = NULL;
        char *line;
        size_t len;
        int got;
        assert_int_equal(lines_open_range(&r, path, cuts[i], cuts[i + 1] - cuts[i], &err), BLOC_OK);
        while (lines_next(r, &line, &len, &got, &err) == BLOC_OK && got) {
            fprintf(m, ":%ld=%s\n", before + lines_number(r), line);
            assert_int_equal(strlen(line), len);
        }
        assert_int_equal(got, 0);
        assert_true(lines_bytes(r) == cuts[i + 1]); /* all of it was read, no more */
        before += lines_number(r);
        lines_close(r);
    }
    fclose(m);
    return out;
}

static void segments_read_as_the_whole_file(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    /* short and long lines, blank ones, CRLF, one longer than most
     * segments below, and a last line without a newline */
    size_t cap = 1 << 16, at = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 300; i++) {
        int width = i == 150 ? 5000 : (i * 37) % 90;
        for (int k = 0; k < width; k++)
            text[at++] = (char)('a' + (i + k) % 26);
        if (i % 11 == 0)
            text[at++] = '\r';
        text[at++] = '\n';
    }
    strcpy(text + at, "tail");
    at += 4;
    char *p = test_write(dir, "seg.tsv", text);
    bloc_error err;
    int st, plain = -1;
    assert_int_equal(lines_plain(p, &plain, &err), BLOC_OK);
    assert_int_equal(plain, 1);
    char *whole = slurp(p, &st, &err);
    assert_int_equal(st, BLOC_OK);
    const long long sizes[] = {1, 7, 64, 1000, 4999, 6000, (long long)at, (long long)at * 2};
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        long long *cuts = NULL;
        size_t n = 0;
        assert_int_equal(lines_cut(p, (long long)at, sizes[t], &cuts, &n, &err), BLOC_OK);
        assert_true(n >= 1 && cuts[0] == 0 && cuts[n] == (long long)at);
        for (size_t i = 1; i < n; i++) /* increasing, each at a line start */
            assert_true(cuts[i] > cuts[i - 1] && text[cuts[i] - 1] == '\n');
        if (sizes[t] >= (long long)at)
            assert_int_equal(n, 1);
        if (sizes[t] == 64) /* no segment holds more than one line past its size */
            for (size_t i = 0; i < n; i++)
                assert_true(cuts[i + 1] - cuts[i] <= 64 + 5002);
        char *got = slurp_segments(p, cuts, n);
        assert_string_equal(got, whole);
        free(got);
        free(cuts);
    }
    free(whole);
    free(text);
    free(p);
    free(dir);
}

static void only_plain_files_are_cut(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    bloc_error err;
    int plain = -1;
    char *p = test_write_gz(dir, "z.tsv.gz", "a\nb\n");
    assert_int_equal(lines_plain(p, &plain, &err), BLOC_OK);
    assert_int_equal(plain, 0);
    free(p);
    const char *names[] = {"x.CSV"};
    const char *texts[] = {"x1\nx2\n"};
    p = write_zip(dir, "one.zip", names, texts, 1);
    assert_int_equal(lines_plain(p, &plain, &err), BLOC_OK);
    assert_int_equal(plain, 0);
    free(p);
    p = test_write(dir, "empty", "");
    assert_int_equal(lines_plain(p, &plain, &err), BLOC_OK);
    assert_int_equal(plain, 0);
    free(p);
    assert_int_equal(lines_plain("-", &plain, &err), BLOC_OK);
    assert_int_equal(plain, 0);
    assert_int_equal(lines_plain(dir, &plain, &err), BLOC_OK); /* a directory */
    assert_int_equal(plain, 0);
    free(dir);
}

static void a_segment_of_a_file_that_shrank_fails(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *p = test_write(dir, "s.tsv", "one\ntwo\nthree\n");
    line_reader *r = NULL;
    bloc_error err;
    char *line;
    size_t len;
    int got;
    assert_int_equal(lines_open_range(&r, p, 4, 10, &err), BLOC_OK); /* "two\nthree\n" */
    assert_int_equal(truncate(p, 8), 0);
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_OK);
    assert_true(got && strcmp(line, "two") == 0 && lines_number(r) == 1);
    assert_int_equal(lines_next(r, &line, &len, &got, &err), BLOC_EINPUT);
    assert_non_null(strstr(err.msg, "shorter"));
    assert_non_null(strstr(err.file, "s.tsv"));
    assert_int_equal(err.line, 2);
    lines_close(r);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/nope.tsv", dir);
    assert_int_equal(lines_open_range(&r, missing, 0, 10, &err), BLOC_EIO);
    assert_null(r);
    long long *cuts = NULL;
    size_t n = 0;
    assert_int_equal(lines_cut(missing, 100, 10, &cuts, &n, &err), BLOC_EIO);
    assert_null(cuts);
    free(p);
    free(dir);
}

int test_lines(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_gzip_and_line_endings),
        cmocka_unit_test(zip_entries_are_streamed_with_their_names),
        cmocka_unit_test(long_lines_grow_the_buffer),
        cmocka_unit_test(truncated_and_missing_inputs_fail),
        cmocka_unit_test(segments_read_as_the_whole_file),
        cmocka_unit_test(only_plain_files_are_cut),
        cmocka_unit_test(a_segment_of_a_file_that_shrank_fails),
    };
    return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
