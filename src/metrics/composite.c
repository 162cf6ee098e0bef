/*
 * metrics/composite — z-scores, weights and grades of the composite index
 * (see composite.h).
 */
#include "metrics/composite.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

int cx_weights_load(const char *path, cx_weights *w, bloc_error *err)
{
    static const char *const names[CX_NCOMPONENTS] = {"un_agreement", "net_cooperation", "arms"};
    char line[512];
    long no = 0;
    for (int k = 0; k < CX_NCOMPONENTS; k++)
        w->w[k] = 1;
    FILE *f = fopen(path, "r");
    if (!f)
        return bloc_fail_at(err, BLOC_EIO, path, 0, "cannot open: %s", strerror(errno));
    int rc = BLOC_OK;
    while (fgets(line, sizeof line, f)) {
        no++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(line, '=');
        util_trim(line);
        if (!*line)
            continue;
        if (!eq) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, no, "expected name = number");
            break;
        }
        *eq = '\0';
        char *name = util_trim(line), *val = util_trim(eq + 1), *end;
        int k = -1;
        for (int i = 0; i < CX_NCOMPONENTS; i++)
            if (strcmp(name, names[i]) == 0)
                k = i;
        errno = 0;
        double v = strtod(val, &end);
        if (k < 0 || !*val || *end || errno || !(v >= 0)) {
            rc = bloc_fail_at(err, BLOC_EINPUT, path, no,
                              k < 0 ? "unknown component '%s' (un_agreement, net_cooperation, arms)"
                                    : "weight of '%s' must be a number >= 0",
                              name);
            break;
        }
        w->w[k] = v;
    }
    fclose(f);
    return rc;
}

void cx_zscores(const double *v, const int *present, size_t n, double *z)
{
    double s = 0, s2 = 0, m = 0;
    for (size_t i = 0; i < n; i++)
        if (present[i]) {
            s += v[i];
            m++;
        }
    double mean = m > 0 ? s / m : NAN;
    for (size_t i = 0; i < n; i++)
        if (present[i])
            s2 += (v[i] - mean) * (v[i] - mean);
    double sd = m > 1 ? sqrt(s2 / (m - 1)) : NAN;
    for (size_t i = 0; i < n; i++)
        z[i] = present[i] && sd > 0 ? (v[i] - mean) / sd : NAN;
}

double cx_combine(const double z[CX_NCOMPONENTS], const cx_weights *w, int *used)
{
    double s = 0, ws = 0;
    *used = 0;
    for (int k = 0; k < CX_NCOMPONENTS; k++)
        if (isfinite(z[k]) && w->w[k] > 0) {
            s += w->w[k] * z[k];
            ws += w->w[k];
            (*used)++;
        }
    return ws > 0 ? s / ws : NAN;
}

char cx_grade(double votes, double events, int un_used, int events_used)
{
    double n = un_used && events_used ? (votes < events ? votes : events)
               : un_used             ? votes
               : events_used         ? events
                                     : 0;
    char g = n >= 100 ? 'A' : n >= 30 ? 'B' : n >= 10 ? 'C' : 'D';
    if (un_used + events_used < 2 && g < 'C')
        g = 'C';
    return g;
}
