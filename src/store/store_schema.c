/*
 * store/store_schema — the SQLite schema. It is versioned with PRAGMA
 * user_version: migrations[i] moves a store from version i to i + 1, each
 * inside one transaction, so an old store is brought forward on open and a
 * failed migration leaves it as it was. All dates are ISO text
 * (YYYY-MM-DD). PostgreSQL's schema is made from this one's catalogue
 * (store_migrate.c).
 */
#include <stdio.h>

#include "store/store_internal.h"

static const char *const migrations[] = {
    /* 0 -> 1: registry, groups, provenance, UN General Assembly votes */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE countries("
    "  code TEXT PRIMARY KEY, iso2 TEXT, iso_numeric TEXT, name TEXT NOT NULL,"
    "  official_name TEXT, cow_code INTEGER, cow_abbr TEXT, cameo TEXT,"
    "  valid_from TEXT, valid_until TEXT, successor TEXT, historical INTEGER NOT NULL,"
    "  note TEXT);"
    "CREATE TABLE country_aliases("
    "  norm TEXT NOT NULL, alias TEXT NOT NULL,"
    "  code TEXT NOT NULL REFERENCES countries(code) ON DELETE CASCADE,"
    "  valid_from TEXT, valid_until TEXT);"
    "CREATE INDEX country_aliases_norm ON country_aliases(norm);"
    "CREATE TABLE groups(name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '',"
    "  builtin INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE group_members("
    "  group_name TEXT NOT NULL REFERENCES groups(name) ON DELETE CASCADE,"
    "  code TEXT NOT NULL REFERENCES countries(code),"
    "  joined TEXT, left_on TEXT);"
    "CREATE INDEX group_members_group ON group_members(group_name);"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
    "  path TEXT NOT NULL, kind TEXT NOT NULL, bytes INTEGER NOT NULL,"
    "  first_ingested TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE unga_rollcalls("
    "  rcid INTEGER PRIMARY KEY, session INTEGER NOT NULL, date TEXT NOT NULL,"
    "  important INTEGER, amend INTEGER, para INTEGER, unres TEXT, short TEXT, descr TEXT,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL);"
    "CREATE INDEX unga_rollcalls_date ON unga_rollcalls(date);"
    "CREATE INDEX unga_rollcalls_unres ON unga_rollcalls(unres);"
    "CREATE TABLE unga_votes("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  country TEXT NOT NULL REFERENCES countries(code),"
    "  vote INTEGER NOT NULL CHECK (vote IN (1, 2, 3)),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, country)) WITHOUT ROWID;"
    "CREATE INDEX unga_votes_country ON unga_votes(country, rcid);"
    "CREATE TABLE unga_issue_names(code TEXT PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE unga_issues("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  issue TEXT NOT NULL REFERENCES unga_issue_names(code),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, issue)) WITHOUT ROWID;",
    /* 1 -> 2: events (GDELT and bloc's own format) and ingest checkpoints;
     * see docs/data-model.md */
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_event_id NOT NULL,"
    "  date TEXT NOT NULL, date_added TEXT,"
    "  actor1_code TEXT, actor1_name TEXT, actor1_country TEXT, actor1_cameo_country TEXT,"
    "  actor1_known_group TEXT, actor1_type1 TEXT, actor1_type2 TEXT, actor1_type3 TEXT,"
    "  actor2_code TEXT, actor2_name TEXT, actor2_country TEXT, actor2_cameo_country TEXT,"
    "  actor2_known_group TEXT, actor2_type1 TEXT, actor2_type2 TEXT, actor2_type3 TEXT,"
    "  is_root INTEGER, event_code TEXT NOT NULL, base_code TEXT, root_code TEXT NOT NULL,"
    "  quad_class INTEGER, goldstein REAL, goldstein_origin INTEGER NOT NULL,"
    "  mentions INTEGER, sources INTEGER, articles INTEGER, tone REAL,"
    "  geo_country TEXT, geo_fips TEXT, geo_adm1 TEXT, geo_lat REAL, geo_lon REAL,"
    "  url TEXT, domain TEXT NOT NULL,"
    "  file_id INTEGER NOT NULL REFERENCES sources(id), line INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX events_source_id ON events(source, source_event_id);"
    STORE_EVENTS_INDEXES
    "CREATE TABLE ingest_checkpoints("
    "  source_id INTEGER NOT NULL REFERENCES sources(id), scope TEXT NOT NULL,"
    "  line INTEGER NOT NULL, rows INTEGER NOT NULL, inserted INTEGER NOT NULL,"
    "  duplicates INTEGER NOT NULL, filtered INTEGER NOT NULL, rejected INTEGER NOT NULL,"
    "  done INTEGER NOT NULL,"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  PRIMARY KEY (source_id, scope));",
    /* 2 -> 3: daily event summary for the analytics (docs/data-model.md),
     * kept in step with events by store_event_summary_refresh; deleting or
     * changing a summarised event marks it for a full rebuild */
    "CREATE TABLE event_summary("
    "  actor1 TEXT NOT NULL, actor2 TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL,"
    "  quad_class INTEGER NOT NULL, events INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    "  goldstein_sum REAL NOT NULL, goldstein_n INTEGER NOT NULL,"
    "  goldstein_msum REAL NOT NULL, goldstein_mn INTEGER NOT NULL,"
    "  PRIMARY KEY (actor1, actor2, day, domain, quad_class)) WITHOUT ROWID;"
    "CREATE INDEX event_summary_actor2 ON event_summary(actor2, day);"
    "INSERT INTO meta(key, value) VALUES('event_summary_max_id', '0');"
    "CREATE TRIGGER events_summary_delete AFTER DELETE ON events"
    "  WHEN old.id <= CAST((SELECT value FROM meta WHERE key='event_summary_max_id') AS INTEGER)"
    "  BEGIN UPDATE meta SET value='0' WHERE key='event_summary_max_id'; END;"
    "CREATE TRIGGER events_summary_update AFTER UPDATE ON events"
    "  WHEN old.id <= CAST((SELECT value FROM meta WHERE key='event_summary_max_id') AS INTEGER)"
    "  BEGIN UPDATE meta SET value='0' WHERE key='event_summary_max_id'; END;",
    /* 3 -> 4: per-state daily volumes (the salience denominators), kept
     * with event_summary under the same watermark; rebuilt from scratch */
    "CREATE TABLE event_actor_summary("
    "  actor TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL, quad_class INTEGER NOT NULL,"
    "  events INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    "  goldstein_sum REAL NOT NULL, goldstein_n INTEGER NOT NULL,"
    "  goldstein_msum REAL NOT NULL, goldstein_mn INTEGER NOT NULL,"
    "  PRIMARY KEY (actor, day, domain, quad_class)) WITHOUT ROWID;"
    "UPDATE meta SET value='0' WHERE key='event_summary_max_id';",
    /* 4 -> 5: the feed's files, watch rules and their alerts */
    "CREATE TABLE follow_files("
    "  url TEXT PRIMARY KEY, size INTEGER NOT NULL, md5 TEXT NOT NULL, status TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL, last_error TEXT, source_id INTEGER REFERENCES sources(id),"
    "  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE watch_rules("
    "  name TEXT PRIMARY KEY, dyad TEXT, grp TEXT, domain TEXT, measure TEXT NOT NULL,"
    "  window_days INTEGER NOT NULL, z REAL, above REAL, below REAL, webhook TEXT,"
    "  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE alerts("
    "  id INTEGER PRIMARY KEY, rule TEXT NOT NULL, window_from TEXT NOT NULL,"
    "  window_to TEXT NOT NULL, value REAL, baseline REAL, sd REAL, low REAL, high REAL,"
    "  z REAL, events INTEGER NOT NULL, evidence TEXT NOT NULL,"
    "  fired TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
    "  UNIQUE (rule, window_to));",
    /* 5 -> 6: what a source adds to an event beyond the common columns */
    "ALTER TABLE events ADD COLUMN detail TEXT;",
    /* 6 -> 7: the vote check as a range. SQLite evaluates CHECK (x IN (..))
     * by building a temporary B-tree for every row inserted, which was a
     * quarter of a UN vote ingest; the rebuilt table holds the same rows. */
    "CREATE TABLE unga_votes_v7("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid),"
    "  country TEXT NOT NULL REFERENCES countries(code),"
    "  vote INTEGER NOT NULL CHECK (vote BETWEEN 1 AND 3),"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, country)) WITHOUT ROWID;"
    "INSERT INTO unga_votes_v7 SELECT rcid, country, vote, source_id, source_line FROM unga_votes;"
    "DROP TABLE unga_votes;"
    "ALTER TABLE unga_votes_v7 RENAME TO unga_votes;"
    "CREATE INDEX unga_votes_country ON unga_votes(country, rcid);",
    /* 7 -> 8: what each input covers (docs/data-model.md): the days an
     * event file spans, under the filter it was loaded with. A store loaded
     * before records none: each file's is taken from its events, the span
     * of their dates, under the scope of its checkpoint ('all' without) */
    "CREATE TABLE coverage("
    "  source_id INTEGER NOT NULL REFERENCES sources(id), scope TEXT NOT NULL,"
    "  kind TEXT NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL,"
    "  PRIMARY KEY (source_id, scope));"
    "INSERT INTO coverage(source_id, scope, kind, first_day, last_day)"
    "  SELECT e.file_id, coalesce((SELECT min(c.scope) FROM ingest_checkpoints c"
    "   WHERE c.source_id = e.file_id), 'all'), 'events', min(e.date), max(e.date)"
    "  FROM events e GROUP BY e.file_id;",
    /* 8 -> 9: UN vote releases that correct each other (docs/data-model.md):
     * each input's release date (a stored one from the newest roll call it
     * holds votes or roll calls on), the votes a newer release changed or
     * removed, the label of an emergency special session (ES-11) read
     * from the resolution symbols (Voeten's "ESS/1/126", "A/RES/ES-10/19"),
     * and the number an input gave a roll call bloc had to renumber (a
     * release that reuses an rcid for another day's vote) */
    "ALTER TABLE sources ADD COLUMN release TEXT;"
    "UPDATE sources SET release = (SELECT max(r.date) FROM unga_rollcalls r WHERE r.source_id = sources.id)"
    "  WHERE kind IN ('rollcalls', 'undl');"
    "UPDATE sources SET release = (SELECT max(r.date) FROM unga_votes v"
    "  JOIN unga_rollcalls r ON r.rcid = v.rcid WHERE v.source_id = sources.id) WHERE kind = 'votes';"
    "ALTER TABLE unga_rollcalls ADD COLUMN session_label TEXT;"
    "ALTER TABLE unga_rollcalls ADD COLUMN orig_rcid INTEGER;"
    "CREATE INDEX unga_rollcalls_orig ON unga_rollcalls(orig_rcid) WHERE orig_rcid IS NOT NULL;"
    "UPDATE unga_rollcalls SET session_label = CASE"
    "  WHEN unres LIKE 'ESS/%/%' THEN 'ES-' || substr(unres, 5, instr(substr(unres, 5), '/') - 1)"
    "  WHEN unres LIKE 'A/RES/ES-%/%' THEN substr(unres, 7, instr(substr(unres, 7), '/') - 1)"
    "  END;"
    "CREATE TABLE unga_vote_corrections("
    "  rcid INTEGER NOT NULL REFERENCES unga_rollcalls(rcid), country TEXT NOT NULL,"
    "  old_vote INTEGER NOT NULL CHECK (old_vote BETWEEN 0 AND 3),"
    "  old_source_id INTEGER NOT NULL REFERENCES sources(id), old_source_line INTEGER NOT NULL,"
    "  new_vote INTEGER NOT NULL CHECK (new_vote BETWEEN 0 AND 3),"
    "  new_source_id INTEGER NOT NULL REFERENCES sources(id), new_source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (rcid, country, old_source_id, new_source_id)) WITHOUT ROWID;",
    /* 9 -> 10: formal alliances (ATOP dyad-years): each unordered dyad
     * once (a < b), each of the five obligations as who owes it: 0 none,
     * 1 a to b, 2 b to a, 3 both ways (ATOP's directed rows ORed), with
     * the file and line of the first row */
    "CREATE TABLE alliance_years("
    "  a TEXT NOT NULL REFERENCES countries(code), b TEXT NOT NULL REFERENCES countries(code),"
    "  year INTEGER NOT NULL, defense INTEGER NOT NULL, offense INTEGER NOT NULL,"
    "  neutral INTEGER NOT NULL, nonagg INTEGER NOT NULL, consul INTEGER NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  CHECK (a < b AND defense BETWEEN 0 AND 3 AND offense BETWEEN 0 AND 3"
    "   AND neutral BETWEEN 0 AND 3 AND nonagg BETWEEN 0 AND 3 AND consul BETWEEN 0 AND 3),"
    "  PRIMARY KEY (a, b, year)) WITHOUT ROWID;"
    "CREATE INDEX alliance_years_b ON alliance_years(b, year);",
    /* 10 -> 11: arms transfers (SIPRI). A release is a layout and the day
     * of SIPRI's "Data generated" stamp; each file of it says what it
     * covers (scope: "all", "recipients:CHN,IRN" or "among:CHN,RUS": the
     * deliveries it holds completely). Deliveries are deal-years (the
     * classic register's deal spread over its years, tiv_estimate = 1);
     * a TIV of NULL is SIPRI's empty field (none recorded), 0 its "under
     * 0.5". Suppliers and recipients are registry codes or the codes of
     * non-state actors (arms_actors). */
    "CREATE TABLE arms_actors(code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
    "  based_in TEXT);"
    "CREATE TABLE arms_files("
    "  layout TEXT NOT NULL, day INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  generated TEXT NOT NULL, first_year INTEGER NOT NULL, last_year INTEGER NOT NULL,"
    "  scope TEXT NOT NULL, PRIMARY KEY (layout, day, source_id));"
    "CREATE TABLE arms_deliveries("
    "  layout TEXT NOT NULL, day INTEGER NOT NULL, deal TEXT NOT NULL, year INTEGER NOT NULL,"
    "  supplier TEXT NOT NULL, recipient TEXT NOT NULL,"
    "  supplier_name TEXT NOT NULL, recipient_name TEXT NOT NULL,"
    "  designation TEXT NOT NULL, description TEXT NOT NULL, category TEXT NOT NULL,"
    "  status TEXT NOT NULL, comments TEXT NOT NULL, years TEXT NOT NULL,"
    "  order_year INTEGER, order_uncertain INTEGER NOT NULL,"
    "  ordered INTEGER, ordered_uncertain INTEGER NOT NULL,"
    "  delivered INTEGER, delivered_uncertain INTEGER NOT NULL, year_uncertain INTEGER NOT NULL,"
    "  tiv_unit_new REAL, tiv_unit REAL, tiv_order REAL, tiv_deal REAL, tiv REAL,"
    "  tiv_estimate INTEGER NOT NULL, local_production INTEGER,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (layout, day, deal, year)) WITHOUT ROWID;"
    "CREATE INDEX arms_deliveries_recipient ON arms_deliveries(layout, day, recipient, year);"
    "CREATE TABLE arms_tiv("
    "  layout TEXT NOT NULL, day INTEGER NOT NULL, country TEXT NOT NULL, name TEXT NOT NULL,"
    "  year INTEGER NOT NULL, tiv REAL NOT NULL,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id), source_line INTEGER NOT NULL,"
    "  PRIMARY KEY (layout, day, country, year)) WITHOUT ROWID;",
    /* 11 -> 12: the monthly roll-up of event_summary (day = the month's
     * first day), kept under the same watermark: the analytics read it for
     * the months a request takes whole (11x fewer rows than the daily
     * summary on GDELT); rebuilt with the daily summary */
    "CREATE TABLE event_summary_month("
    "  actor1 TEXT NOT NULL, actor2 TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL,"
    "  quad_class INTEGER NOT NULL, events INTEGER NOT NULL, mentions INTEGER NOT NULL,"
    "  goldstein_sum REAL NOT NULL, goldstein_n INTEGER NOT NULL,"
    "  goldstein_msum REAL NOT NULL, goldstein_mn INTEGER NOT NULL,"
    "  PRIMARY KEY (actor1, actor2, day, domain, quad_class)) WITHOUT ROWID;"
    "UPDATE meta SET value='0' WHERE key='event_summary_max_id';",
    /* 12 -> 13: the UN votes a roll call to a row (store_ballots.c): a
     * position per state, the votes one character each, their provenance
     * 18 digits each in a table of their own (a scan of the votes reads
     * 1.4 MB, not 26); unga_votes becomes a view with the same columns.
     * store_ballots_migrate packs the rows and drops the old table. The
     * characters are checked where the rows are read (a GLOB check here
     * read every character of every row written: 15 % of a load). */
    "CREATE TABLE unga_slots(slot INTEGER PRIMARY KEY,"
    "  country TEXT NOT NULL UNIQUE REFERENCES countries(code));"
    "CREATE TABLE unga_ballots("
    "  rcid INTEGER PRIMARY KEY REFERENCES unga_rollcalls(rcid),"
    "  nvotes INTEGER NOT NULL CHECK (nvotes > 0), votes TEXT NOT NULL);"
    "CREATE TABLE unga_provenance("
    "  rcid INTEGER PRIMARY KEY REFERENCES unga_ballots(rcid),"
    "  provenance TEXT NOT NULL, sources TEXT NOT NULL);",
};

/* A step a migration's SQL cannot take, run after it in its transaction. */
static int (*const migration_steps[])(store *s, bloc_error *err) = {
    [12] = store_ballots_migrate,
};

int store_schema_migrate(store *s, bloc_error *err)
{
    int version = store_schema_version(s);
    int target = (int)(sizeof migrations / sizeof migrations[0]);
    if (version > target)
        return bloc_fail(err, BLOC_ESTORE,
                         "store %s has schema version %d, newer than this bloc (%d)",
                         s->path, version, target);
    for (; version < target; version++) {
        int rc;
        char pragma[64];
        if ((rc = store_exec(s, "BEGIN IMMEDIATE", err)) != BLOC_OK)
            return rc;
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version + 1);
        int step = (size_t)version < sizeof migration_steps / sizeof migration_steps[0] &&
                   migration_steps[version];
        if ((rc = store_exec(s, migrations[version], err)) != BLOC_OK ||
            (step && (rc = migration_steps[version](s, err)) != BLOC_OK) ||
            (rc = store_exec(s, pragma, err)) != BLOC_OK ||
            (rc = store_exec(s, "COMMIT", err)) != BLOC_OK) {
            store_exec(s, "ROLLBACK", NULL);
            return rc;
        }
    }
    return BLOC_OK;
}
