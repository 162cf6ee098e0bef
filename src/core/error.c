/*
 * core/error — fills and prints struct bloc_error (see error.h).
 */
#include "core/error.h"

#include <stdio.h>
#include <string.h>

void bloc_error_clear(bloc_error *err)
{
    if (!err)
        return;
    err->code = BLOC_OK;
    err->msg[0] = '\0';
    err->file[0] = '\0';
    err->line = 0;
}

int bloc_vfail_at(bloc_error *err, int code, const char *file, long line,
                  const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    return code;
}

int bloc_fail(bloc_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bloc_vfail_at(err, code, NULL, 0, fmt, ap);
    va_end(ap);
    return code;
}

int bloc_fail_at(bloc_error *err, int code, const char *file, long line,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bloc_vfail_at(err, code, file, line, fmt, ap);
    va_end(ap);
    return code;
}

void bloc_error_print(const bloc_error *err, const char *prog)
{
    bloc_error_fprint(stderr, err, prog);
}

void bloc_error_fprint(FILE *f, const bloc_error *err, const char *prog)
{
    char buf[1400];
    bloc_error_format(buf, sizeof buf, err, prog);
    fprintf(f, "%s\n", buf);
}

void bloc_error_format(char *buf, size_t n, const bloc_error *err, const char *prog)
{
    const char *p = prog ? prog : "bloc";
    if (err->file[0] && err->line > 0)
        snprintf(buf, n, "%s: %s:%ld: %s", p, err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, n, "%s: %s: %s", p, err->file, err->msg);
    else
        snprintf(buf, n, "%s: %s", p, err->msg[0] ? err->msg : "unknown error");
}

int bloc_exit_code(int status)
{
    if (status == BLOC_OK)
        return 0;
    if (status == BLOC_EUSAGE)
        return 2;
    return 1;
}
