/*
 * report — writes bloc's HTML report: one self-contained file made from the
 * template web/report.html with the styles (web/report.css), the report's
 * data as JSON, the vendored chart library (web/vendor/echarts.min.js) and
 * the rendering code (web/report.js) inlined at its <!--bloc:...--> markers,
 * so it opens from file:// with no network; and the dashboard page of bloc
 * serve the same way, and the page of bloc check. The report's data
 * document is built by report/build, the check page's by
 * report/check_page; this file owns the assembly only.
 */
#ifndef BLOC_REPORT_REPORT_H
#define BLOC_REPORT_REPORT_H

#include <jansson.h>

#include <stdio.h>

#include "core/error.h"
#include "core/result.h"

/* Write the report for doc to path (through a temporary file renamed into
 * place: a failed write leaves no partial report). webdir holds the
 * template and scripts. */
int report_write_html(const char *webdir, const json_t *doc, const char *path, bloc_error *err);

/* The dashboard of bloc serve (web/dashboard.html with the same styles,
 * the chart library and web/dashboard.js inlined) as one buffer; *page is
 * caller-owned (free). */
int report_dashboard_page(const char *webdir, char **page, size_t *len, bloc_error *err);

/* bloc check's page (web/check.html with the same styles, the chart
 * library and web/check.js inlined) for doc, written to out. */
int report_check_html(const char *webdir, const json_t *doc, FILE *out, bloc_error *err);

/* The page's document: the article text[0..len) named path (the bytes
 * the check call read, dated date), the check call's kept result res and
 * the command line. *doc a new reference. */
int report_check_doc(const char *path, const char *text, size_t len, const char *date, const char *command,
                     const result *res, json_t **doc, bloc_error *err);

#endif
