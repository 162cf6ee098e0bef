/*
 * report — HTML assembly (see report.h).
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whole file as a NUL-terminated string; caller frees. */
static char *slurp(const char *path, size_t *len, bloc_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    if (!f) {
        bloc_fail_at(err, BLOC_EIO, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
            *len = fread(buf, 1, (size_t)n, f);
            buf[*len] = '\0';
            if (*len != (size_t)n) {
                free(buf);
                buf = NULL;
            }
        }
    }
    if (!buf)
        bloc_fail_at(err, BLOC_EIO, path, 0, "cannot read");
    fclose(f);
    return buf;
}

/* slurp of dir/name; the path is left in path (for messages). */
static char *slurp_in(const char *dir, const char *name, char *path, size_t pathsz, size_t *len,
                      bloc_error *err)
{
    snprintf(path, pathsz, "%s/%s", dir, name);
    return slurp(path, len, err);
}

/* Inline a file inside an element; refuse content that would close it. */
static int inline_file(FILE *out, const char *dir, const char *name, const char *open,
                       const char *close, bloc_error *err)
{
    char path[1024];
    size_t len = 0;
    char *text = slurp_in(dir, name, path, sizeof path, &len, err);
    if (!text)
        return err->code;
    int rc = BLOC_OK;
    if (strstr(text, "</script") || strstr(text, "</style"))
        rc = bloc_fail_at(err, BLOC_EINPUT, path, 0,
                          "holds a closing tag that would end the inlined element");
    else {
        fputs(open, out);
        fwrite(text, 1, len, out);
        fputs(close, out);
    }
    free(text);
    return rc;
}

/* Copy the template tpl_name to out, replacing each marker line. */
static int assemble(FILE *out, const char *webdir, const char *tpl_name, const char *js_name,
                    const json_t *doc, bloc_error *err)
{
    char tpl_path[1024];
    size_t len = 0;
    char *tpl = slurp_in(webdir, tpl_name, tpl_path, sizeof tpl_path, &len, err);
    if (!tpl)
        return err->code;
    int rc = BLOC_OK;
    for (char *p = tpl, *next; rc == BLOC_OK && *p; p = next) {
        char *nl = strchr(p, '\n');
        next = nl ? nl + 1 : p + strlen(p);
        size_t n = (size_t)(next - p);
        if (strncmp(p, "<!--bloc:css-->", 15) == 0)
            rc = inline_file(out, webdir, "report.css", "<style>\n", "</style>\n", err);
        else if (strncmp(p, "<!--bloc:lib-->", 15) == 0)
            rc = inline_file(out, webdir, "vendor/echarts.min.js", "<script>\n", "</script>\n", err);
        else if (strncmp(p, "<!--bloc:js-->", 14) == 0)
            rc = inline_file(out, webdir, js_name, "<script>\n", "</script>\n", err);
        else if (strncmp(p, "<!--bloc:data-->", 16) == 0) {
            /* escaped slashes: the JSON can never hold "</script>" */
            fputs("<script type=\"application/json\" id=\"bloc-data\">", out);
            if (doc && json_dumpf(doc, out, JSON_COMPACT | JSON_ESCAPE_SLASH) != 0)
                rc = bloc_fail(err, BLOC_EIO, "cannot write the page's data");
            fputs("</script>\n", out);
        } else
            fwrite(p, 1, n, out);
    }
    free(tpl);
    return rc;
}

int report_write_html(const char *webdir, const json_t *doc, const char *path, bloc_error *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *out = fopen(tmp, "wb");
    if (!out)
        return bloc_fail_at(err, BLOC_EIO, tmp, 0, "cannot create: %s", strerror(errno));
    int rc = assemble(out, webdir, "report.html", "report.js", doc, err);
    if (fflush(out) != 0 || ferror(out))
        rc = rc ? rc : bloc_fail_at(err, BLOC_EIO, tmp, 0, "write failed: %s", strerror(errno));
    if (fclose(out) != 0 && rc == BLOC_OK)
        rc = bloc_fail_at(err, BLOC_EIO, tmp, 0, "write failed: %s", strerror(errno));
    if (rc == BLOC_OK && rename(tmp, path) != 0)
        rc = bloc_fail_at(err, BLOC_EIO, path, 0, "cannot write: %s", strerror(errno));
    if (rc != BLOC_OK)
        unlink(tmp);
    return rc;
}

int report_check_html(const char *webdir, const json_t *doc, FILE *out, bloc_error *err)
{
    int rc = assemble(out, webdir, "check.html", "check.js", doc, err);
    if (rc == BLOC_OK && (fflush(out) != 0 || ferror(out)))
        rc = bloc_fail(err, BLOC_EIO, "cannot write the page: %s", strerror(errno));
    return rc;
}

int report_dashboard_page(const char *webdir, char **page, size_t *len, bloc_error *err)
{
    *page = NULL;
    *len = 0;
    FILE *out = open_memstream(page, len);
    if (!out)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = assemble(out, webdir, "dashboard.html", "dashboard.js", NULL, err);
    if (fclose(out) != 0 && rc == BLOC_OK)
        rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
    if (rc != BLOC_OK) {
        free(*page);
        *page = NULL;
        *len = 0;
    }
    return rc;
}
