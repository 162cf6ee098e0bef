/*
 * core/progress — throttled stderr progress line (see progress.h).
 */
#include "core/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, const char *label, long long total_bytes, int enabled)
{
    p->enabled = enabled && isatty(STDERR_FILENO);
    p->label = label;
    p->total_bytes = total_bytes;
    p->start = p->last = p->enabled ? now() : 0;
}

void progress_update(progress *p, long long bytes, long long rows)
{
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    double el = t - p->start;
    double mbs = el > 0 ? (double)bytes / 1e6 / el : 0;
    if (p->total_bytes > 0 && bytes > 0) {
        double frac = (double)bytes / (double)p->total_bytes;
        double eta = frac > 0 ? el / frac - el : 0;
        fprintf(stderr, "\r%s: %lld rows, %.1f MB/s, %3.0f%%, ETA %.0fs   ", p->label, rows, mbs,
                frac * 100, eta);
    } else {
        fprintf(stderr, "\r%s: %lld rows, %.1f MB/s   ", p->label, rows, mbs);
    }
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r\033[K");
}
