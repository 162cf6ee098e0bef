#!/usr/bin/env bash
# bloc migrate: a SQLite store (UN votes, GDELT rows, bloc events, coded
# text with its JSON detail, a watch rule) copied into a throw-away
# PostgreSQL server; counts and contents compared by an independent
# reader (psql against sqlite3), events in monthly partitions, a second
# run changes nothing, new rows follow, a PostgreSQL table holding rows the
# store lacks stops the move with nothing written; bad URLs are errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
pg_start || exit 0
q() { sqlite3 "$BLOC_DB" "$1"; }

U=tests/cases/unga
expect_rc "a store to move" 0 $BLOC ingest unga --rollcalls $U/rollcalls.csv --votes $U/votes.csv --issues $U/issues.csv
run $BLOC ingest gdelt --all data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
run $BLOC ingest events tests/cases/events/hand.csv
printf '{"id":"d1","date":"2024-03-13","text":"North Korea shipped roughly 2.5 million artillery shells to Russia last year."}\n' >"$T/d.jsonl"
run $BLOC code --store "$T/d.jsonl"
expect_rc "a watch rule" 0 $BLOC watch add pk --dyad RUS,PRK --measure netcoop --window 30
n_events=$(q "select count(*) from events")
[ "$n_events" -gt 500 ] && pass "the store holds $n_events events" || failed "store" "$n_events"

expect_rc "migrate" 0 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL" --format csv
expect_err "counts and checksums agree" "counts and checksums agree"
expect_out "events: rows on both sides" "^events,$n_events,$n_events,[0-9a-f]{64},[1-9][0-9]*$"
expect_out "votes" "^unga_votes,$(q 'select count(*) from unga_votes'),"
got=$(pg_sql "select count(*) from events")
[ "$got" = "$n_events" ] && pass "psql counts the events" || failed "psql count" "$got"
a=$(q "select source||'|'||source_event_id||'|'||date||'|'||event_code||'|'||ifnull(actor1_country,'')||'|'||ifnull(detail,'')||'|'||ifnull(url,'') from events order by id")
b=$(pg_sql "select source||'|'||source_event_id||'|'||date||'|'||event_code||'|'||coalesce(actor1_country,'')||'|'||coalesce(detail,'')||'|'||coalesce(url,'') from events order by id")
[ "$a" = "$b" ] && pass "the same events, read back independently" || failed "contents" "$(diff <(echo "$a") <(echo "$b") | head -4)"
got=$(pg_sql "select count(*) from pg_inherits where inhparent = 'events'::regclass")
want=$(( $(q "select count(distinct substr(date,1,7)) from events") + 1 ))
[ "$got" = "$want" ] && pass "one partition per month and a default ($got)" || failed "partitions" "$got, wanted $want"
got=$(pg_sql "select count(*) from events_default")
[ "$got" = 0 ] && pass "nothing in the default partition" || failed "default partition" "$got"
got=$(pg_sql "select name||':'||measure from watch_rules")
[ "$got" = "pk:netcoop" ] && pass "the watch rule moved" || failed "watch rule" "$got"
got=$(pg_sql "select value from bloc_meta where key='pg_schema_version'")
[ "$got" = 1 ] && pass "schema version recorded" || failed "schema version" "$got"

expect_rc "migrate again" 0 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL" --format csv
got=$(pg_sql "select count(*) from events")
[ "$got" = "$n_events" ] && pass "a second run doubles nothing" || failed "second run" "$got"

run $BLOC ingest gdelt --all data/gdelt/gdelt1-historical-201108-georgia.tsv.gz
n2=$(q "select count(*) from events")
expect_rc "migrate after more ingest" 0 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL" --format csv
got=$(pg_sql "select count(*) from events")
[ "$got" = "$n2" ] && [ "$n2" -gt "$n_events" ] && pass "the new events follow ($n2)" || failed "new events" "$got vs $n2"

pg_sql "insert into events (id, source, source_event_id, date, event_code, root_code, goldstein_origin, domain, file_id, line) values (999999999, 'stray', 'x', '2011-08-02', '010', '01', 0, 'other', 1, 1)" >/dev/null
printf 'id,date,event_code,actor1_country,actor2_country\nlate1,2024-06-19,057,Russia,North Korea\n' >"$T/late.csv"
run $BLOC ingest events "$T/late.csv"
expect_rc "a PostgreSQL table with rows the store lacks" 1 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL"
expect_err "says which table differs" "events differs after the copy.*nothing was written"
got=$(pg_sql "select count(*) from events where source_event_id='late1'")
[ "$got" = 0 ] && pass "and nothing was written" || failed "rollback" "$got"

expect_rc "a server that is not there" 1 $BLOC migrate --from "$BLOC_DB" --to "postgresql://bloc@/postgres?host=$T/nowhere"
expect_err "cannot connect" "cannot connect to PostgreSQL"
expect_rc "--to must be PostgreSQL" 2 $BLOC migrate --from "$BLOC_DB" --to "$T/other.db"
expect_rc "other commands on a PostgreSQL URL" 1 $BLOC --db "$PG_URL" stats
expect_err "say they run on SQLite only so far" "SQLite store only so far"
[ ! -e "postgresql:" ] && [ -z "$(ls -d postgresql* 2>/dev/null)" ] && pass "no file named after the URL" || failed "stray file" "$(ls -d postgresql*)"
expect_clean "no sanitizer report"
