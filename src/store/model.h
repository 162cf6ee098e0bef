/*
 * store/model — the records of bloc's data model, as the store fills them
 * and every module passes them around: states, their aliases and groups;
 * inputs (sources); UN roll calls; events with their actors; ingest
 * checkpoints; the event summary's rows; feed files, watch rules and
 * alerts. Plain C structs: no module needs to know how the store keeps
 * them. Strings marked borrowed point into the caller's or the store's
 * buffers and are valid for the call (or callback) that hands them over.
 */
#ifndef BLOC_STORE_MODEL_H
#define BLOC_STORE_MODEL_H

#include <stddef.h>

typedef struct store_country {
    char code[8];        /* ISO 3166 alpha-3, or a documented bloc code */
    char iso2[4];
    char iso_numeric[4];
    char name[128];      /* short English name */
    char official_name[192];
    int cow_code;        /* Correlates of War state number, 0 = none */
    char cow_abbr[4];
    char cameo[8];       /* CAMEO country code */
    int valid_from;      /* YYYYMMDD, 0 = open */
    int valid_until;     /* YYYYMMDD, 0 = open */
    char successor[16];  /* successor code(s), comma-separated, "" = none */
    int historical;      /* 1 for states that no longer exist */
    char note[256];
} store_country;

typedef struct store_alias {
    char norm[160];      /* normalised alias (util_normalize_name) */
    char alias[160];     /* as written */
    char code[8];
    int valid_from;      /* the alias means code only on these dates, 0 = open */
    int valid_until;
} store_alias;

typedef struct store_member {
    char code[8];
    int joined; /* YYYYMMDD, 0 = open */
    int left;   /* YYYYMMDD, 0 = still a member */
} store_member;

typedef struct store_group {
    char name[64];
    char description[256];
    int builtin;
    store_member *members; /* owned by the group record */
    size_t nmembers;
} store_group;

typedef struct store_source {
    long long id;
    const char *kind, *path, *sha256, *first_ingested; /* valid during the callback */
    long long bytes;
    int release;        /* YYYYMMDD of the release it is taken from; 0 = none */
} store_source;

/* One unordered dyad-year of formal alliance obligations (ATOP): a < b;
 * each obligation says who owes it that year: 0 none, STORE_A_TO_B,
 * STORE_B_TO_A, or both (3: mutual). */
enum { STORE_A_TO_B = 1, STORE_B_TO_A = 2, STORE_MUTUAL = 3 };
typedef struct store_alliance {
    const char *a, *b;
    int year;
    int defense, offense, neutral, nonagg, consul;
    long long source_id;
    long source_line;
} store_alliance;

/* Arms transfers (SIPRI). A release is a layout (STORE_ARMS_*) and the
 * day of SIPRI's "Data generated" stamp (YYYYMMDD). */
#define STORE_ARMS_DELIVERIES "deliveries" /* the per-delivery register */
#define STORE_ARMS_CLASSIC "classic"       /* the classic trade register */
#define STORE_ARMS_IMPORTS "imports"       /* the TIV table by recipient */
#define STORE_ARMS_EXPORTS "exports"       /* the TIV table by supplier */

/* One file of a release, and what it covers: scope "all", or
 * "recipients:A,B" (every delivery to A and B), or "among:A,B" (every
 * delivery between A and B); years first..last. */
typedef struct store_arms_file {
    const char *layout, *generated, *scope, *path; /* path: on reads only */
    int day, first_year, last_year;
    long long source_id;
} store_arms_file;

/* One deal-year. Numbers -1 and TIVs NaN are SIPRI's empty fields; a
 * TIV of 0 is its "under 0.5". */
typedef struct store_arms_delivery {
    const char *layout;
    int day;
    const char *deal;       /* SIPRI's deal id; the classic register's: recipient|supplier|order year|designation[#n] */
    int year;
    const char *supplier, *recipient;           /* codes */
    const char *supplier_name, *recipient_name; /* as SIPRI writes them */
    const char *designation, *description, *category, *status, *comments;
    const char *years;      /* the deal's delivery years ("2018; 2019"; deliveries layout: the year) */
    int order_year;         /* 0 unknown */
    int order_uncertain, ordered_uncertain, delivered_uncertain, year_uncertain;
    long long ordered, delivered;
    double tiv_unit_new;    /* SIPRI's estimate of a new unit's TIV */
    double tiv_unit, tiv_order, tiv_deal; /* per unit, whole order, delivered over the deal */
    double tiv;             /* delivered in this year */
    int tiv_estimate;       /* 1: the deal's delivered TIV spread over its years by bloc */
    int local_production;   /* -1 unknown */
    long long source_id;
    long source_line;
} store_arms_delivery;

/* One cell of a TIV table: a country's imports or exports in a year. */
typedef struct store_arms_cell {
    const char *layout, *country, *name;
    int day, year;
    double tiv;
    long long source_id;
    long source_line;
} store_arms_cell;

typedef struct store_rollcall {
    long long rcid;
    int session;
    int date;          /* YYYYMMDD */
    int important;     /* -1 unknown */
    int amend;         /* -1 unknown */
    int para;          /* -1 unknown */
    const char *unres; /* borrowed strings */
    const char *short_title;
    const char *descr;
    long long source_id;
    long source_line;
    const char *session_label; /* "ES-11" for an emergency special session; NULL: regular */
    long long orig_rcid;       /* renumbered by bloc: the rcid the input gave; 0 = none */
} store_rollcall;

enum store_insert_result {
    STORE_INSERTED = 1, STORE_DUPLICATE = 0, STORE_CONFLICT = -1,
    STORE_PENDING = 2, /* staged: store_events_flush tells inserted from duplicate */
    STORE_UPDATED = 3  /* there already, and this added to it */
};

/* Inside store_begin_bulk on PostgreSQL, UN votes are staged for COPY
 * rather than written a statement at a time: store_unga_votes_staged says
 * so, store_unga_stage_vote stages one (raw: its input row, for the
 * quarantine), and store_unga_votes_flush moves them in, calling cb for
 * each vote that conflicts with a stored one (or one staged before it),
 * in input order, before anything is counted. A conflicting vote is left
 * out; *inserted and *duplicates count the others. */
typedef struct store_vote_conflict {
    long source_line;       /* of the conflicting vote */
    const char *country;
    long long rcid;
    int existing;           /* the vote kept */
    const char *where;      /* its file:line */
    const char *raw;
    int vote;               /* the staged vote */
    long long existing_source; /* the stored vote's source; 0: an earlier staged vote */
    long existing_line;
} store_vote_conflict;

/* A stored vote with its provenance (store_unga_get_vote). */
typedef struct store_vote {
    int vote;               /* 1..3; 0 = none stored */
    long long source_id;
    long source_line;
    char where[600];        /* file:line */
} store_vote;

/* Two releases that disagree on one vote: the older's value and the
 * newer's (0 = the newer records no vote: absent). */
typedef struct store_vote_correction {
    long long rcid;
    const char *country;
    int old_vote;
    long long old_source_id;
    long old_source_line;
    int new_vote;
    long long new_source_id;
    long new_source_line;
} store_vote_correction;

typedef struct store_unga_filter {
    int since;          /* YYYYMMDD, 0 = open */
    int until;          /* YYYYMMDD, 0 = open */
    const char *issue;  /* issue code (e.g. "me"), NULL = all */
    int important_only;
    const char *session; /* "ES-11": that emergency special session; "76": regular
                            session 76 (without the special sessions held in it); NULL = all */
} store_unga_filter;

typedef struct store_unga_counts {
    long long rollcalls, votes, issues, sources;
    int first_date, last_date;
} store_unga_counts;

typedef struct store_actor {
    const char *code;          /* CAMEO actor code as written, e.g. "RUSGOV" */
    const char *name;
    const char *country;       /* bloc country code (ISO alpha-3), NULL = none */
    const char *cameo_country; /* CAMEO country or region code as written */
    const char *known_group;
    const char *type[3];
} store_actor;

/* One event; strings are borrowed, NULL or "" = missing. */
typedef struct store_event {
    const char *source;          /* gdelt1, gdelt2, bloc, coder ... */
    const char *source_event_id;
    int date;                    /* YYYYMMDD */
    const char *date_added;      /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" */
    store_actor actor[2];
    int is_root;                 /* -1 unknown */
    const char *event_code, *base_code, *root_code;
    int quad_class;              /* 0 unknown */
    double goldstein;            /* NaN = missing */
    int goldstein_origin;        /* enum cameo_goldstein_origin */
    long long mentions, sources, articles; /* -1 = missing */
    double tone;                 /* NaN = missing */
    const char *geo_country, *geo_fips, *geo_adm1;
    double geo_lat, geo_lon;     /* NaN = missing */
    const char *url;
    const char *domain;
    long long file_id;           /* sources.id */
    long line;
    const char *detail;          /* JSON with what the source adds (the coder's
                                    offsets, quantities, keywords, date phrase);
                                    NULL for none */
} store_event;

/* Progress of one file's ingest under one scope (the filter it ran
 * with): committed with each batch so a killed ingest resumes. */
typedef struct store_checkpoint {
    long line;  /* input lines (over all entries of an archive) covered by
                   committed work */
    long long rows, inserted, duplicates, filtered, rejected;
    int done;   /* the whole file was read */
} store_checkpoint;

typedef struct store_event_query {
    const char *const *side_a; /* countries; NULL/0 = any */
    size_t nside_a;
    const char *const *side_b; /* with side_a: dyads a-b in either direction */
    size_t nside_b;
    int since, until;          /* YYYYMMDD, 0 = open */
    const char *root;          /* root code, e.g. "19" */
    const char *code_prefix;   /* event code prefix */
    const char *domain;
    const char *source;
    int quad_class;            /* 0 = any */
    int quad_min, quad_max;    /* a range of quad classes (0, 0 = any) */
    int conflict_only;         /* quad classes 3 and 4 only */
    int distinct_actors;       /* the two actors' countries differ */
    int directed;              /* with side_b: actor1 in side_a, actor2 in side_b only */
    long long limit;           /* 0 = no limit */
    int ascending;             /* date order; default newest first */
} store_event_query;

/* One summary row: the events of one (actor1, actor2, day, domain, quad
 * class). Strings valid during the callback only; "" = no country. */
typedef struct store_summary_row {
    const char *actor1, *actor2;
    int day;                   /* YYYYMMDD */
    const char *domain;
    int quad_class;            /* 0 unknown */
    long long events, mentions;
    double goldstein_sum;      /* over events with a score */
    long long goldstein_n;
    double goldstein_msum;     /* sum of goldstein x mentions */
    long long goldstein_mn;    /* mentions of events with a score */
} store_summary_row;

typedef struct store_summary_query {
    const char *const *side_a; /* countries */
    size_t nside_a;
    const char *const *side_b; /* with side_a: rows between the sides */
    size_t nside_b;
    int directed;              /* with side_b: only actor1 in a, actor2 in b */
    int since, until;          /* YYYYMMDD, 0 = open */
    const char *domain;        /* NULL = all */
    int monthly;               /* read the monthly roll-up: one row per month
                                  (day = its first day) holding the sums of
                                  that month's daily rows, for callers that
                                  know the month is wholly theirs */
} store_summary_query;

/* A feed file's state: status "ingested" or "failed"; *found = 0 when the
 * feed has never seen url. */
typedef struct store_feed_file {
    char status[16];
    char md5[40];
    long long size;
    int attempts;
} store_feed_file;

typedef struct store_rule {
    char name[64];
    char dyad[64];      /* "A,B" or "" */
    char group[256];    /* a LIST or "" */
    char domain[16];    /* "" = all */
    char measure[16];   /* volume, netcoop, goldstein */
    int window_days;
    double z;           /* NaN = no z rule */
    double above, below; /* NaN = no absolute threshold */
    char webhook[512];
} store_rule;

typedef struct store_alert {
    long long id;
    const char *rule, *window_from, *window_to, *evidence, *fired; /* borrowed */
    double value, baseline, sd, low, high, z;
    long long events;
} store_alert;

/* What one input covers: the days first..last of kind ("events"), for the
 * countries of scope ("all", or the canonical text of the filter it was
 * loaded with: codes joined by commas, each with @joined-left dates when
 * limited). Strings borrowed. */
typedef struct store_coverage {
    long long source_id;
    const char *path, *kind, *scope;
    int first, last;
    int release;        /* the input's release (UN votes), 0 = none */
} store_coverage;

#endif
