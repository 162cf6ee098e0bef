/*
 * bench/duckdb_run — runs SQL files with DuckDB's C API, the benchmarks'
 * DuckDB anchor: `duckdb_run DB THREADS FILE...` opens DB (":memory:" or a
 * file), sets the thread count, and runs each file's statements; the last
 * statement's first column of its first row is printed (a count, for the
 * bench to check). DuckDB is not a Debian package: bench/duckdb-get puts
 * libduckdb.so from npm (@duckdb/node-bindings-linux-x64) in
 * bench/.duckdb/, which ships no header, so the few C API calls used are
 * declared here as duckdb.h (1.x) declares them. Never part of bloc.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t idx_t;
typedef enum { DuckDBSuccess = 0, DuckDBError = 1 } duckdb_state;
typedef struct _duckdb_database { void *internal_ptr; } *duckdb_database;
typedef struct _duckdb_connection { void *internal_ptr; } *duckdb_connection;
typedef struct {
    idx_t deprecated_column_count;
    idx_t deprecated_row_count;
    idx_t deprecated_rows_changed;
    void *deprecated_columns;
    char *deprecated_error_message;
    void *internal_data;
} duckdb_result;

duckdb_state duckdb_open(const char *path, duckdb_database *out);
duckdb_state duckdb_connect(duckdb_database db, duckdb_connection *out);
duckdb_state duckdb_query(duckdb_connection con, const char *sql, duckdb_result *out);
const char *duckdb_result_error(duckdb_result *r);
idx_t duckdb_row_count(duckdb_result *r);
idx_t duckdb_column_count(duckdb_result *r);
char *duckdb_value_varchar(duckdb_result *r, idx_t col, idx_t row);
void duckdb_free(void *p);
void duckdb_destroy_result(duckdb_result *r);
void duckdb_disconnect(duckdb_connection *con);
void duckdb_close(duckdb_database *db);

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* Run sql; print the first value of its result with print. */
static int run(duckdb_connection con, const char *sql, const char *what, int print)
{
    duckdb_result r;
    if (duckdb_query(con, sql, &r) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_run: %s: %s\n", what, duckdb_result_error(&r));
        duckdb_destroy_result(&r);
        return 1;
    }
    if (print && duckdb_row_count(&r) > 0 && duckdb_column_count(&r) > 0) {
        char *v = duckdb_value_varchar(&r, 0, 0);
        printf("%s\n", v ? v : "NULL");
        duckdb_free(v);
    }
    duckdb_destroy_result(&r);
    return 0;
}

int main(int argc, char **argv)
{
    duckdb_database db;
    duckdb_connection con;
    char set[64];
    if (argc < 4) {
        fprintf(stderr, "usage: duckdb_run DB THREADS FILE...\n");
        return 2;
    }
    if (duckdb_open(argv[1], &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "duckdb_run: cannot open %s\n", argv[1]);
        return 1;
    }
    snprintf(set, sizeof set, "SET threads = %d", atoi(argv[2]));
    int rc = run(con, set, "threads", 0);
    for (int i = 3; rc == 0 && i < argc; i++) {
        char *sql = slurp(argv[i]);
        if (!sql) {
            fprintf(stderr, "duckdb_run: cannot read %s\n", argv[i]);
            rc = 1;
            break;
        }
        rc = run(con, sql, argv[i], i == argc - 1);
        free(sql);
    }
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return rc;
}
