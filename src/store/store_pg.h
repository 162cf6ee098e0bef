/*
 * store/store_pg — PostgreSQL as bloc's second store, through libpq: the
 * PostgreSQL schema (every table of the SQLite store, made from SQLite's
 * own catalogue; events partitioned by month; text in the C collation; the
 * same indexes, unique keys and defaults), `bloc migrate` both ways (COPY,
 * one transaction, every table's row count and checksum compared before
 * the commit), and the handle's PostgreSQL side for store.c: connecting,
 * schema checks, and loading events through a COPY staging table.
 */
#ifndef BLOC_STORE_STORE_PG_H
#define BLOC_STORE_STORE_PG_H

#include <stddef.h>

#include "core/error.h"

/* Non-zero when db names a PostgreSQL database (postgresql:// or
 * postgres:// URL, or a libpq "key=value" string with dbname=). */
int store_pg_is_url(const char *db);

enum { STORE_PG_MAX_TABLES = 32 };

typedef struct store_pg_table_report {
    char name[64];
    long long rows;          /* in the SQLite store */
    long long rows_pg;       /* in PostgreSQL after the copy */
    char sha256[65];         /* of the rows, in primary-key order, both sides */
    int partitions;          /* events: monthly partitions used */
} store_pg_table_report;

typedef struct store_pg_report {
    store_pg_table_report t[STORE_PG_MAX_TABLES];
    size_t n;
    int schema_version;      /* of the PostgreSQL schema */
} store_pg_report;

/* Copy the SQLite store at sqlite_path into the PostgreSQL database url,
 * creating or updating its schema: rows with a primary key are inserted or
 * updated to match, tables without one replaced. One transaction: it
 * commits only when every table's count and checksum agree on both sides;
 * on any error nothing is written. progress (may be NULL) is called with
 * each table's name as it starts. */
int store_pg_migrate_from_sqlite(const char *sqlite_path, const char *url, store_pg_report *rep,
                                 void (*progress)(void *ctx, const char *table), void *pctx,
                                 bloc_error *err);

/* Copy a PostgreSQL database written by store_pg_migrate_from_sqlite back
 * into the SQLite store at sqlite_path (created when missing): the tables
 * both sides have, columns both have, read with COPY ... TO STDOUT in one
 * snapshot; rows with a key inserted or brought up to date, tables without
 * one replaced. One SQLite transaction, committed only when every table's
 * count and checksum agree; the event summaries are rebuilt on first use.
 * rep->t[i].rows is the SQLite side, rows_pg PostgreSQL's. */
int store_pg_migrate_to_sqlite(const char *url, const char *sqlite_path, store_pg_report *rep,
                               void (*progress)(void *ctx, const char *table), void *pctx,
                               bloc_error *err);

#endif
