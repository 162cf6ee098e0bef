/*
 * core/opt — bloc's option parser: typed option tables, reentrant.
 *
 * A call declares its options once, as a table of typed entries, each with
 * the offset of the request field it fills (git's parse-options, with
 * offsets instead of pointers so one static table serves every request).
 * The same table parses a command line (opt_parse_argv: long options with
 * unique prefixes, --name=value, short options and bundles, "--", options
 * and arguments in any order, as GNU getopt_long) and the parameters of an
 * HTTP request (opt_parse_params: name=value pairs, a value is only ever a
 * value), and prints --help (opt_help). All state lives in the opt_status
 * the caller passes: no globals, so any number of threads may parse at
 * once. Values borrowed from argv or the parameters (strings, lists) must
 * outlive the request.
 */
#ifndef BLOC_CORE_OPT_H
#define BLOC_CORE_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum opt_type {
    OPT_END = 0,  /* ends a table */
    OPT_FLAG,     /* int: set to 1 (or to min when min != 0) */
    OPT_STRING,   /* const char *: any text */
    OPT_LIST,     /* const char *: countries and groups, comma-separated */
    OPT_INT,      /* long long in [min, max] */
    OPT_INT32,    /* int in [min, max] */
    OPT_NUMBER,   /* double in [dmin, dmax] (strict: dmin excluded when OPT_GT_MIN) */
    OPT_DATE,     /* int YYYYMMDD: the first day of YYYY, YYYY-MM or YYYY-MM-DD */
    OPT_DATE_END, /* int YYYYMMDD: its last day */
    OPT_PERIOD,   /* opt_span: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn, first and last day */
    OPT_ENUM,     /* int: the index of the value in values[] */
    OPT_CALLBACK, /* parse(request, value, msg): custom */
    OPT_ARG,      /* a positional argument: const char * */
    OPT_REST      /* every further positional argument: opt_rest */
} opt_type;

/* flags of an entry */
enum {
    OPT_GT_MIN = 1,     /* OPT_NUMBER: the value must exceed dmin */
    OPT_REQUIRED = 2,   /* OPT_ARG: opt_parse_params refuses a request without it */
    OPT_CLI_ONLY = 4,   /* not a parameter of the HTTP API */
    OPT_HIDDEN = 8,     /* left out of --help */
    OPT_NO_ARG = 16     /* OPT_CALLBACK: takes no value (called with NULL) */
};

typedef struct opt_span {
    int since, until; /* YYYYMMDD; 0 = not given */
} opt_span;

typedef struct opt_rest {
    char **v; /* borrowed from argv */
    int n;
} opt_rest;

typedef struct opt_def {
    opt_type type;
    const char *name;     /* long name without "--"; a positional's API parameter */
    char short_name;      /* 0 = none */
    size_t offset;        /* of the field in the request */
    const char *argname;  /* "N", "DATE", "LIST" in --help; a positional's label */
    const char *help;     /* one line for --help; NULL = undocumented there */
    long long min, max;   /* OPT_INT, OPT_INT32 */
    double dmin, dmax;    /* OPT_NUMBER */
    const char *const *values; /* OPT_ENUM: NULL-terminated */
    const char *bad;      /* message for a bad value, may hold one %s (the value) */
    /* OPT_CALLBACK: fill the field from value (NULL with OPT_NO_ARG); 0 when
     * good, else 1 (a bad value) or 2 (a malformed command line) with msg set */
    int (*parse)(void *field, const char *value, char *msg, size_t msgsz);
    unsigned flags;
} opt_def;

/* A table and the request it fills; parsing takes several (a command's
 * own options and the options every command shares). */
typedef struct opt_target {
    const opt_def *defs;
    void *req;
} opt_target;

typedef enum opt_result {
    OPT_OK = 0,
    OPT_SHOW_HELP = 1, /* --help was given */
    OPT_ESYNTAX = 2,   /* unknown or ambiguous option, missing value: getopt's wording */
    OPT_EVALUE = 3     /* a value the option does not take, or a bad parameter */
} opt_result;

typedef struct opt_status {
    opt_result result;
    char msg[512];        /* what is wrong, without the program's name */
    int npos;             /* positional arguments seen */
} opt_status;

/* Parse argv[1..argc) (argv[0] is the command's name, used in getopt-style
 * messages) into the targets (ending with {NULL, NULL}). Returns the
 * status's result. */
int opt_parse_argv(const opt_target *targets, int argc, char **argv, opt_status *st);

typedef struct opt_param {
    const char *key, *value;
} opt_param;

/* Parse request parameters: each key names a long option or a positional
 * of the targets' tables (entries marked OPT_CLI_ONLY are unknown here), at
 * most once; a flag is set by "1" or "true" and left alone by "0" or
 * "false". Returns OPT_OK, OPT_ESYNTAX (an unknown, repeated or missing
 * parameter) or OPT_EVALUE (a value its option does not take), with the
 * message. */
int opt_parse_params(const opt_target *targets, const opt_param *params, size_t n, opt_status *st);

/* Print the option lines of a table for --help: "  --name ARG   help". */
void opt_help(FILE *f, const opt_def *defs);

/* Parse one value as entry d would (for callers that take a value from
 * elsewhere); OPT_OK or OPT_EVALUE with st->msg. */
int opt_parse_value(const opt_def *d, void *req, const char *value, opt_status *st);

/* "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY-Qn" as its first and last day;
 * 0 on success. */
int opt_parse_period(const char *s, opt_span *span);

/* Entry constructors: T is the request type, F its field. */
#define OPTE_FLAG(nm, sh, T, F, hp)                                                              \
    {.type = OPT_FLAG, .name = nm, .short_name = sh, .offset = offsetof(T, F), .help = hp}
#define OPTE_STRING(nm, sh, T, F, arg, hp)                                                       \
    {.type = OPT_STRING, .name = nm, .short_name = sh, .offset = offsetof(T, F), .argname = arg,  \
     .help = hp}
#define OPTE_STRING_CLI(nm, sh, T, F, arg, hp)                                                   \
    {.type = OPT_STRING, .name = nm, .short_name = sh, .offset = offsetof(T, F), .argname = arg,  \
     .help = hp, .flags = OPT_CLI_ONLY}
#define OPTE_LIST(nm, T, F, arg, hp)                                                             \
    {.type = OPT_LIST, .name = nm, .offset = offsetof(T, F), .argname = arg, .help = hp}
#define OPTE_INT(nm, T, F, lo, hi, msg, hp)                                                      \
    {.type = OPT_INT, .name = nm, .offset = offsetof(T, F), .argname = "N", .help = hp,          \
     .min = lo, .max = hi, .bad = msg}
#define OPTE_INT32(nm, T, F, lo, hi, msg, hp)                                                    \
    {.type = OPT_INT32, .name = nm, .offset = offsetof(T, F), .argname = "N", .help = hp,        \
     .min = lo, .max = hi, .bad = msg}
#define OPTE_DATE(nm, T, F, hp)                                                                  \
    {.type = OPT_DATE, .name = nm, .offset = offsetof(T, F), .argname = "DATE", .help = hp}
#define OPTE_DATE_END(nm, T, F, hp)                                                              \
    {.type = OPT_DATE_END, .name = nm, .offset = offsetof(T, F), .argname = "DATE", .help = hp}
#define OPTE_ENUM(nm, T, F, vals, arg, msg, hp)                                                  \
    {.type = OPT_ENUM, .name = nm, .offset = offsetof(T, F), .argname = arg, .help = hp,         \
     .values = vals, .bad = msg}
#define OPTE_ARG(nm, T, F, label)                                                                \
    {.type = OPT_ARG, .name = nm, .offset = offsetof(T, F), .argname = label}
#define OPTE_ARG_REQ(nm, T, F, label)                                                            \
    {.type = OPT_ARG, .name = nm, .offset = offsetof(T, F), .argname = label,                    \
     .flags = OPT_REQUIRED}
#define OPTE_REST(T, F, label)                                                                   \
    {.type = OPT_REST, .offset = offsetof(T, F), .argname = label, .flags = OPT_CLI_ONLY}
#define OPTE_END {.type = OPT_END}

#endif
