/*
 * ingest/quarantine — where every ingest puts the rows it rejects.
 *
 * A quarantine file is CSV with the header file,line,reason,row: the input
 * file and line, why the row was refused, and the row itself re-encoded as
 * one CSV field, so nothing rejected is ever lost and a fixed row can be
 * cut out and re-ingested.
 */
#ifndef BLOC_INGEST_QUARANTINE_H
#define BLOC_INGEST_QUARANTINE_H

#include <stdio.h>

#include "core/error.h"
#include "io/csv.h"

/* Open path for appending (creating it with a header when new or empty).
 * *out is owned by the caller: quarantine_close. */
int quarantine_open(const char *path, FILE **out, bloc_error *err);

/* Record the current row of r with a reason. */
void quarantine_row(FILE *q, const csv_reader *r, const char *reason);

/* The current row of r as CSV text, as quarantine_row records it (NULL
 * when out of memory; the caller frees it), and the record of such a text
 * read earlier from where:line. */
char *quarantine_record_text(const csv_reader *r);
void quarantine_record(FILE *q, const char *where, long line, const char *reason,
                       const char *record);

/* Record a raw input line (len bytes, written as they are) from where:line. */
void quarantine_text(FILE *q, const char *where, long line, const char *reason,
                     const char *raw, size_t len);

/* Rows are first written to a spool (tmpfile) and copied to the real
 * quarantine file only when the ingest commits, so a rolled-back ingest
 * leaves no rows behind. Copy spool to q; BLOC_EIO on a write failure. */
int quarantine_copy(FILE *spool, FILE *q, const char *path, bloc_error *err);

/* Flush and close; BLOC_EIO when anything failed to reach the file. */
int quarantine_close(FILE *q, const char *path, bloc_error *err);

#endif
