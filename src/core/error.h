/*
 * core/error — the one error idiom of bloc.
 *
 * Every function that can fail returns an int status (BLOC_OK = 0) and fills
 * a caller-provided struct bloc_error with a human-readable message and, where
 * the failure is tied to input, the file and line (or field/offset) it came
 * from. Callers test the status, never parse the message. The CLI maps the
 * status to an exit code with bloc_exit_code().
 */
#ifndef BLOC_CORE_ERROR_H
#define BLOC_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum bloc_status {
    BLOC_OK = 0,
    BLOC_EINPUT = 1,    /* malformed or unknown input: exit 1 */
    BLOC_EUSAGE = 2,    /* bad command-line usage: exit 2 */
    BLOC_EIO = 3,       /* file system or stream failure */
    BLOC_ESTORE = 4,    /* database failure */
    BLOC_ENOMEM = 5,
    BLOC_ENOTFOUND = 6, /* a name, group or record that does not exist */
    BLOC_EDEADLINE = 7, /* interrupted: the work ran past its time limit */
    BLOC_ELIMIT = 8,    /* the answer would exceed a size bound */
    BLOC_ECONFLICT = 9  /* another transaction conflicted with this one (a
                           PostgreSQL deadlock or serialization failure): it
                           was rolled back and may simply be run again */
};

typedef struct bloc_error {
    int code;
    char msg[768];
    char file[512]; /* input file the error is about, "" when none */
    long line;      /* 1-based line in that file, 0 when none */
} bloc_error;

void bloc_error_clear(bloc_error *err);

/* Fill err (may be NULL) and return code. */
int bloc_fail(bloc_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, tied to file:line. */
int bloc_fail_at(bloc_error *err, int code, const char *file, long line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

int bloc_vfail_at(bloc_error *err, int code, const char *file, long line,
                  const char *fmt, va_list ap);

/* Write "bloc: file:line: message" to stderr (or to f). */
void bloc_error_print(const bloc_error *err, const char *prog);
void bloc_error_fprint(FILE *f, const bloc_error *err, const char *prog);

/* The same line (no newline) into buf. */
void bloc_error_format(char *buf, size_t n, const bloc_error *err, const char *prog);
/* Process exit code for a status: 0 ok, 2 usage, 1 everything else. */
int bloc_exit_code(int status);

#endif
