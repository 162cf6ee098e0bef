/*
 * core/progress — a one-line progress display on stderr for long work
 * (rows, MB/s, percent and ETA when the total is known). It draws only when
 * stderr is a terminal and never more than five times a second; otherwise
 * every call is a no-op, so batch runs and CI logs stay quiet.
 */
#ifndef BLOC_CORE_PROGRESS_H
#define BLOC_CORE_PROGRESS_H

typedef struct progress {
    int enabled;
    const char *label;
    long long total_bytes; /* 0 = unknown */
    double start, last;
} progress;

/* enabled: the caller's wish (e.g. not --quiet); the terminal test is added. */
void progress_start(progress *p, const char *label, long long total_bytes, int enabled);
void progress_update(progress *p, long long bytes, long long rows);
void progress_end(progress *p);

#endif
