/*
 * report — writes bloc's HTML report: one self-contained file made from the
 * template web/report.html with the styles (web/report.css), the report's
 * data as JSON, the vendored chart library (web/vendor/echarts.min.js) and
 * the rendering code (web/report.js) inlined at its <!--bloc:...--> markers,
 * so it opens from file:// with no network; and the dashboard page of bloc
 * serve the same way. The data document is built by the caller (bloc
 * report); this module owns the assembly only.
 */
#ifndef BLOC_REPORT_REPORT_H
#define BLOC_REPORT_REPORT_H

#include <jansson.h>

#include "core/error.h"

/* Write the report for doc to path (through a temporary file renamed into
 * place: a failed write leaves no partial report). webdir holds the
 * template and scripts. */
int report_write_html(const char *webdir, const json_t *doc, const char *path, bloc_error *err);

/* The dashboard of bloc serve (web/dashboard.html with the same styles,
 * the chart library and web/dashboard.js inlined) as one buffer; *page is
 * caller-owned (free). */
int report_dashboard_page(const char *webdir, char **page, size_t *len, bloc_error *err);

#endif
