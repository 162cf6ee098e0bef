/*
 * core/util — small helpers shared by every module: calendar dates as
 * integers, file checksums (OpenSSL's SHA-256), UTF-8 validation and name
 * normalisation (utf8proc), edit distance for "did you mean" suggestions.
 * No I/O beyond reading a file to hash it; no global state.
 */
#ifndef BLOC_CORE_UTIL_H
#define BLOC_CORE_UTIL_H

#include <stddef.h>

#include "core/error.h"

/* Dates are kept as integers YYYYMMDD (e.g. 20220224) in memory and as
 * ISO text "YYYY-MM-DD" in the store. */

/* Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD". When as_end is non-zero a partial
 * date means the last day of that year/month, otherwise the first day.
 * Returns BLOC_OK or BLOC_EINPUT (message names the text). */
int util_parse_date(const char *s, int as_end, int *yyyymmdd, bloc_error *err);

/* Days since 1970-01-01 of a YYYYMMDD date, and the date of such a day
 * number (proleptic Gregorian, any year). */
long util_date_days(int yyyymmdd);
int util_days_date(long days);
/* Day of the week of a YYYYMMDD date: 0 Monday .. 6 Sunday. */
int util_weekday(int yyyymmdd);

/* Non-zero when yyyymmdd is a real calendar day. */
int util_date_valid(int yyyymmdd);
/* Today's date in UTC, YYYYMMDD. */
int util_today(void);

/* Format yyyymmdd as "YYYY-MM-DD" into buf (at least 11 bytes). */
void util_format_date(int yyyymmdd, char *buf, size_t bufsz);

/* Write v with `decimals` digits after the point into buf (cap bytes,
 * at least 32), exactly as snprintf(buf, cap, "%.*f") would; returns the
 * length snprintf would return. */
size_t util_format_fixed(char *buf, size_t cap, double v, int decimals);

/* Write v in decimal into buf (at least 24 bytes); returns the length. */
size_t util_format_int(char *buf, long long v);

/* SHA-256 of a file's raw bytes as 64 lowercase hex digits + NUL. */
/* An input named on the command line must not be a directory (whose read
 * would fail with a bare "Is a directory"): the error names the path. */
int util_not_directory(const char *path, bloc_error *err);
int util_sha256_file(const char *path, char out_hex[65], bloc_error *err);

/* The identity of a file's bytes, for provenance and resume: with sha256
 * 0, "xxh3-128:" and the 32 hex digits of XXH3's 128-bit hash (libxxhash;
 * not cryptographic, and about 6x faster than OpenSSL's SHA-256 with the
 * CPU's SHA instructions, 25x faster than without: a load of a large file
 * no longer waits on it); with sha256 1, the 64 hex digits of SHA-256,
 * what every load recorded before (`--sha256`). */
#define UTIL_DIGEST_MAX 80
int util_file_digest(const char *path, int sha256, char out[UTIL_DIGEST_MAX], bloc_error *err);

/* Parse a whole decimal number (optional '-') in [lo, hi]. Returns 0 with
 * *v set, 1 for an empty string (*v untouched), -1 for anything else. */
int util_parse_ll(const char *s, long long lo, long long hi, long long *v);

/* Parse a plain decimal number ("-3.5", "2", "1e3"; not " 5", "0x5",
 * "inf" or "nan") in [lo, hi]; same returns as util_parse_ll. */
int util_parse_double(const char *s, double lo, double hi, double *v);

/* SHA-256 of a buffer as 64 lowercase hex digits + NUL. */
void util_sha256_buf(const void *data, size_t len, char out_hex[65]);

/* Non-zero when s[0..len) is valid UTF-8. */
int util_utf8_valid(const char *s, size_t len);
/* Bytes of the longest valid UTF-8 prefix of s[0..len): len when all of it
 * is valid, else the offset of the first byte that begins no valid
 * character (what an error message names). */
size_t util_utf8_valid_prefix(const char *s, size_t len);
/* Bytes of the one UTF-8 character s starts with (1-4), 0 when s starts
 * with a byte that begins no valid character (or is empty). */
size_t util_utf8_prefix(const char *s);

/* Normalise a place name for matching: Unicode case fold, strip accents,
 * "&" -> "and", apostrophes and dots removed, any other punctuation -> space,
 * runs of spaces collapsed, trimmed, a leading "the " dropped. Returns a malloc'd string the caller
 * frees, or NULL on invalid UTF-8 / out of memory. */
char *util_normalize_name(const char *s);

/* Levenshtein distance between two byte strings, capped: returns cap+1 as
 * soon as the distance must exceed cap. Hand-written because no Debian C
 * library offers string edit distance; it serves only suggestions. */
int util_edit_distance(const char *a, const char *b, int cap);

/* Grow the array *arr of elements of size sz so it holds at least need
 * elements, doubling its capacity *cap. 0 on success, -1 out of memory
 * (*arr is then unchanged and still owned by the caller). */
int util_grow(void **arr, size_t *cap, size_t need, size_t sz);

/* malloc'd copy of s (NULL stays NULL); caller frees. */
char *util_strdup(const char *s);
/* "s" unless n is 1: "%lld event%s", n, util_plural(n). */
const char *util_plural(long long n);

/* Cores online (1..256): the default number of jobs. */
int util_cores(void);
/* Seconds on the monotonic clock (for deadlines and timings). */
double util_now(void);
/* Trim ASCII white space at both ends, in place; returns s. */
char *util_trim(char *s);

/* Case-insensitive ASCII equality. */
int util_streq_nocase(const char *a, const char *b);

#endif
