/*
 * watch/eval — watch-rule evaluation (see eval.h).
 */
#include "watch/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/coverage.h"
#include "metrics/events.h"

int watch_rule_codes(const registry *reg, const store_rule *rule, store_member **members,
                     const char ***codes, size_t *n, int *is_dyad, bloc_error *err)
{
    int rc = registry_parse_list(reg, rule->dyad[0] ? rule->dyad : rule->group, members, n, err);
    *is_dyad = rule->dyad[0] != 0;
    if (rc != BLOC_OK)
        return rc;
    if (*is_dyad && *n != 2) {
        free(*members);
        *members = NULL;
        return bloc_fail(err, BLOC_EINPUT, "rule %s: a dyad needs two different states", rule->name);
    }
    if (!(*codes = malloc((*n + 1) * sizeof **codes))) {
        free(*members);
        *members = NULL;
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < *n; i++)
        (*codes)[i] = (*members)[i].code;
    return BLOC_OK;
}

typedef struct windows {
    long end_days;
    int width;
    int is_dyad;
    ev_tally t[WATCH_MAX_WINDOWS + 1];
} windows;

static int add_row(void *arg, const store_summary_row *r)
{
    windows *w = arg;
    if (!w->is_dyad && strcmp(r->actor1, r->actor2) == 0)
        return 0; /* a member's own domestic events are not the group's */
    long back = w->end_days - ev_days(r->day);
    if (back < 0)
        return 0;
    long k = back / w->width;
    if (k <= WATCH_MAX_WINDOWS)
        ev_tally_add(&w->t[k], r, 0);
    return 0;
}

/* The rule's measure over a window of width days of which covered are
 * covered: missing (NaN) with no covered day; a volume is scaled to the
 * whole window (events per covered day x width), so a window the data half
 * cover does not read as a drop. */
static double measure_of(const char *measure, const ev_tally *t, long covered, int width)
{
    if (covered <= 0)
        return NAN;
    if (strcmp(measure, "volume") == 0)
        return t->events * (double)width / (double)covered;
    if (strcmp(measure, "netcoop") == 0)
        return ev_net_cooperation(t);
    return ev_goldstein_mean(t);
}

int watch_evaluate(store *s, const registry *reg, const store_rule *rule, int end,
                   watch_eval *out, bloc_error *err)
{
    store_member *members = NULL;
    const char **codes = NULL;
    size_t n = 0;
    int is_dyad = 0, first = 0, last = 0;
    windows *w = calloc(1, sizeof *w);
    ev_coverage *cov = NULL;
    cov_days days = {0};
    memset(out, 0, sizeof *out);
    out->value = out->baseline = out->sd = out->low = out->high = out->z = NAN;
    if (!w)
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    int rc = watch_rule_codes(reg, rule, &members, &codes, &n, &is_dyad, err);
    if (rc == BLOC_OK)
        rc = store_event_summary_span(s, &first, &last, err);
    if (rc != BLOC_OK)
        goto done;
    w->width = rule->window_days > 0 ? rule->window_days : 30;
    w->is_dyad = is_dyad;
    w->end_days = ev_days(end);
    out->window_to = end;
    out->window_from = ev_add_days(end, -(w->width - 1));
    int since = ev_add_days(end, -(w->width * (WATCH_MAX_WINDOWS + 1) - 1));
    store_summary_query q = {.side_a = codes, .nside_a = n, .side_b = codes, .nside_b = n,
                             .since = since, .until = end,
                             .domain = rule->domain[0] ? rule->domain : NULL};
    if ((rc = store_event_summary_scan(s, &q, add_row, w, err)) != BLOC_OK ||
        (rc = ev_coverage_load(s, "events", &cov, err)) != BLOC_OK ||
        (rc = ev_coverage_days(cov, codes, n, since, end, &days, err)) != BLOC_OK)
        goto done;
    out->events = (long long)w->t[0].events;
    out->value = measure_of(rule->measure, &w->t[0], cov_days_count(&days, out->window_from, end),
                            w->width);
    /* the baseline: earlier windows that lie inside the data */
    double sum = 0, sum2 = 0, m = 0;
    for (int k = 1; k <= WATCH_MAX_WINDOWS; k++) {
        int wstart = ev_add_days(end, -(w->width * (k + 1) - 1));
        if (first && wstart < first)
            break;
        int wend = ev_add_days(end, -(w->width * k));
        double v = measure_of(rule->measure, &w->t[k], cov_days_count(&days, wstart, wend), w->width);
        if (isnan(v)) /* no data, or no classified event: not part of the baseline */
            continue;
        sum += v;
        sum2 += v * v;
        m++;
    }
    out->windows = (int)m;
    if (m >= 1)
        out->baseline = sum / m;
    if (m >= 2)
        out->sd = sqrt(fmax(0, (sum2 - sum * sum / m) / (m - 1)));
    if (!isnan(rule->z) && m >= WATCH_MIN_BASELINE && !isnan(out->value)) {
        out->low = out->baseline - rule->z * out->sd;
        out->high = out->baseline + rule->z * out->sd;
        if (out->sd > 0)
            out->z = (out->value - out->baseline) / out->sd;
        if ((out->sd > 0 && fabs(out->z) >= rule->z) ||
            (out->sd == 0 && fabs(out->value - out->baseline) > 1e-9)) {
            out->fired = 1;
            out->why = "z";
        }
    }
    if (!out->fired && !isnan(rule->above) && !isnan(out->value) && out->value > rule->above) {
        out->fired = 1;
        out->why = "above";
    }
    if (!out->fired && !isnan(rule->below) && !isnan(out->value) && out->value < rule->below) {
        out->fired = 1;
        out->why = "below";
    }
done:
    cov_days_free(&days);
    ev_coverage_free(cov);
    free(members);
    free(codes);
    free(w);
    return rc;
}
