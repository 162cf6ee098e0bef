/*
 * analysis/arms — arms transfers (SIPRI) as figures, one call with four
 * kinds:
 *   share [LIST]      each supplier's TIV and share of a recipient's
 *                     imports over a span of years (each recipient of
 *                     LIST, or every recipient);
 *   flows LIST        directed TIV between the members of LIST by year
 *                     (or over the span), and the group's imports from
 *                     inside against those from outside;
 *   deals             the deal-years behind any figure, with file:line;
 *   releases          the SIPRI releases stored and what each file covers.
 * Figures come from one release of a register (the newest per-delivery
 * register unless --release names another; the classic register when no
 * per-delivery one is stored), and only where its files hold every
 * delivery the figure sums (metrics/arms.h): otherwise the answer is "no
 * data", never a smaller number. A TIV SIPRI left empty is not counted
 * as 0 (unknown_tiv says how many); TIV spread from a classic deal's total
 * is marked an estimate. Each figure names the release and carries the
 * counts behind it; --evidence lists exactly the deal-years counted.
 */
#ifndef BLOC_ANALYSIS_ARMS_H
#define BLOC_ANALYSIS_ARMS_H

#include "api/call.h"

enum { ARMS_SHARE, ARMS_FLOWS, ARMS_DEALS, ARMS_RELEASES };

typedef struct arms_req {
    const char *sub;       /* share, flows, deals or releases */
    const char *arg;       /* share: RECIPIENT; flows: LIST */
    int kind;              /* ARMS_*, set by the check */
    int from, to;          /* years; 0: the release's */
    const char *release;   /* YYYY-MM-DD: SIPRI's "Data generated" day; NULL: the newest */
    int by;                /* flows: 0 year, 1 all */
    const char *suppliers, *recipients, *category; /* deals */
    int evidence;
    long long limit;       /* deals: rows at most; 0 all */
} arms_req;
extern const bloc_call analysis_arms;

/* A group's arms by year, for `assess`: from the newest register release
 * that covers the members' deliveries best, the TIV among the members
 * (directed pairs, inside) and of their imports from anyone, per year
 * first..last of the release, with the deal-years behind each. What the
 * release does not cover is flagged (inside_covered, imports_covered: 0
 * means those figures are no data). day = 0: no register is stored. fn,
 * when given, gets each deal-year counted (inside: between members);
 * non-zero stops. Membership dates are not applied (SIPRI is by year). */
enum { ARMS_MAX_YEARS = 100 };
typedef struct arms_years {
    int day;                 /* the release */
    char layout[16];
    int first, last;
    int inside_covered, imports_covered;
    double inside[ARMS_MAX_YEARS], imports[ARMS_MAX_YEARS];
    long long n_inside[ARMS_MAX_YEARS], n_imports[ARMS_MAX_YEARS];
} arms_years;
typedef int (*arms_delivery_fn)(void *ctx, const store_arms_delivery *d, const char *path, int inside);
int arms_group_years(store *s, const char *const *codes, size_t n, arms_years *y,
                     arms_delivery_fn fn, void *ctx, bloc_error *err);

/* The register release a year's figures come from (the newest whose
 * years hold it), as a handle: *out NULL when none does. What its files
 * cover, its day, and its deal-years of years from..to. */
typedef struct arms_release arms_release;
int arms_release_for_year(store *s, int year, arms_release **out, bloc_error *err);
int arms_release_covers(const arms_release *R, const char *supplier, const char *recipient);
int arms_release_day(const arms_release *R);
int arms_release_scan(store *s, const arms_release *R, int from, int to, store_arms_delivery_cb cb,
                      void *ctx, bloc_error *err);
void arms_release_free(arms_release *R);

/* The consistency check `stats --check` runs: for each SIPRI release with
 * both a TIV table by recipient and a per-delivery register, each
 * recipient the register covers, its yearly sums against the table's
 * cells (within the table's rounding to whole TIV). A row per
 * recipient: verdict "ok" or "differs". */
int arms_check(store *s, result *out, bloc_error *err);

#endif
