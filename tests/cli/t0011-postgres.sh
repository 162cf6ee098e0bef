#!/usr/bin/env bash
# bloc migrate: a SQLite store (UN votes, GDELT rows, bloc events, coded
# text with its JSON detail, a watch rule) copied into a throw-away
# PostgreSQL server; counts and contents compared by an independent
# reader (psql against sqlite3), events in monthly partitions, a second
# run changes nothing, new rows follow, a PostgreSQL table holding rows the
# store lacks stops the move with nothing written; the move back into a
# new SQLite store (same rows, types and answers, summaries rebuilt,
# idempotent, rolled back when the store holds rows PostgreSQL lacks);
# bad URLs are errors.
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
expect_out "votes: a row per roll call" "^unga_ballots,$(q 'select count(*) from unga_ballots'),"
got=$(pg_sql "select count(*) || ':' || sum(source_line) from unga_votes")
want=$(q "select count(*) || ':' || sum(source_line) from unga_votes")
[ "$got" = "$want" ] && pass "the votes view reads the same in PostgreSQL" || failed "votes view" "$got vs $want"
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
[ "$got" = 2 ] && pass "schema version recorded" || failed "schema version" "$got"

expect_rc "migrate again" 0 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL" --format csv
got=$(pg_sql "select count(*) from events")
[ "$got" = "$n_events" ] && pass "a second run doubles nothing" || failed "second run" "$got"

run $BLOC ingest gdelt --all data/gdelt/gdelt1-historical-201108-georgia.tsv.gz
n2=$(q "select count(*) from events")
expect_rc "migrate after more ingest" 0 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL" --format csv
got=$(pg_sql "select count(*) from events")
[ "$got" = "$n2" ] && [ "$n2" -gt "$n_events" ] && pass "the new events follow ($n2)" || failed "new events" "$got vs $n2"

# every reading command answers the same from PostgreSQL as from SQLite
# (the summaries were built there by migrate)
for cmd in "stats" "events --dyad RUS,GEO --limit 5" "events --actor GEO --root 19 --code 19 --since 2011-08-10 --limit 3" \
  "dyad GEO RUS --by month" "dyad GEO RUS --by year --domain military" "group crink --vs g7 --by year" \
  "assess crink --vs g7" "pairs GEO,RUS,USA --by year" "network crink" "friction crink" "changes --dyad GEO,RUS" \
  "stance RUS" "index" "unga dyad USA RUS" "unga group crink" "unga versus crink g7" "unga pairs" \
  "country DPRK" "group list" "watch list" "watch test pk"; do
  # shellcheck disable=SC2086
  a=$($BLOC $cmd --format csv 2>&1 | grep -v '^store,')
  # shellcheck disable=SC2086
  b=$($BLOC --db "$PG_URL" $cmd --format csv 2>&1 | grep -v '^store,')
  [ "$(echo "$a" | wc -l)" -gt 1 ] && [ "$a" = "$b" ] && pass "on PostgreSQL: bloc $cmd answers the same" ||
    failed "on PostgreSQL: $cmd" "$(diff <(echo "$a") <(echo "$b") | head -6)"
done
got=$(pg_sql "select count(*) from event_summary")
want=$(q "select count(*) from event_summary")
[ "$got" -gt 0 ] && [ "$got" = "$want" ] && pass "the summaries were built in PostgreSQL ($got rows)" || failed "PostgreSQL summaries" "$got vs $want"
expect_rc "report from PostgreSQL" 0 $BLOC --db "$PG_URL" report --group crink --vs g7 -o "$T/pg.html"
grep -q '"set":"crink","indicator":"event cohesion"' "$T/pg.html" && pass "the report holds the assessment" || failed "PostgreSQL report" "$(head -c 300 "$T/pg.html")"

# bloc serve on PostgreSQL: the same answers as the CLI on SQLite, over a
# bounded pool of connections kept open between requests
$BLOC --db "$PG_URL" serve --port 0 >"$T/serve.out" 2>"$T/serve.log" &
spid=$!
for _ in $(seq 1 100); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$(sed -n 's#.*:\([0-9]*\)/$#\1#p' "$T/serve.out")"
for i in $(seq 1 12); do curl -s --noproxy '*' -o "$T/dyad.json" "$URL/api/dyad?a=GEO&b=RUS&by=month"; done
$BLOC dyad GEO RUS --by month --format json >"$T/dyad-cli.json"
expect_same "serve on PostgreSQL: /api/dyad equals the CLI on SQLite" "$T/dyad-cli.json" "$T/dyad.json"
curl -s --noproxy '*' -o "$T/assess.json" "$URL/api/assess?group=crink&vs=g7"
$BLOC assess crink --vs g7 --format json >"$T/assess-cli.json"
expect_same "serve on PostgreSQL: /api/assess equals the CLI" "$T/assess-cli.json" "$T/assess.json"
got=$(pg_sql "select count(*) from pg_stat_activity where datname = 'postgres' and backend_type = 'client backend' and pid <> pg_backend_pid()")
[ "$got" -ge 1 ] && [ "$got" -le 4 ] && pass "13 requests through $got kept connection(s) (pool of at most 4)" || failed "serve connections" "$got"
kill -TERM $spid
wait $spid 2>/dev/null

# back into SQLite: a new store with the same rows, values of the same
# types, the same answers, summaries rebuilt, ingest still idempotent
R="$T/back.db"
expect_rc "migrate back into a new store" 0 $BLOC migrate --from "$PG_URL" --to "$R" --format csv
expect_err "back: counts and checksums agree" "into SQLite; counts and checksums agree"
expect_out "back: every event" "^events,$n2,$n2,[0-9a-f]{64},0$"
for tbl in events unga_votes unga_rollcalls unga_issues sources watch_rules countries group_members ingest_checkpoints; do
  a=$(sqlite3 "$BLOC_DB" "select * from $tbl order by 1, 2, 3")
  b=$(sqlite3 "$R" "select * from $tbl order by 1, 2, 3")
  [ -n "$a" ] && [ "$a" = "$b" ] && pass "back: $tbl the same" || failed "back: $tbl" "$(diff <(echo "$a") <(echo "$b") | head -4)"
done
a=$(sqlite3 "$BLOC_DB" "select typeof(source_event_id), typeof(date), typeof(goldstein), count(*) from events group by 1, 2, 3")
b=$(sqlite3 "$R" "select typeof(source_event_id), typeof(date), typeof(goldstein), count(*) from events group by 1, 2, 3")
[ "$a" = "$b" ] && pass "back: values keep their SQLite types" || failed "back: types" "$a vs $b"
got=$(sqlite3 "$R" "select value from meta where key='event_summary_max_id'")
[ "$got" = 0 ] && pass "back: summaries left to rebuild" || failed "back: summary watermark" "$got"
for cmd in "dyad GEO RUS --by month" "unga dyad USA RUS" "stats"; do
  # shellcheck disable=SC2086
  a=$($BLOC --db "$BLOC_DB" $cmd --format csv | grep -v '^store,')
  # shellcheck disable=SC2086
  b=$($BLOC --db "$R" $cmd --format csv | grep -v '^store,')
  [ "$(echo "$a" | wc -l)" -gt 1 ] && [ "$a" = "$b" ] && pass "back: bloc $cmd answers the same" || failed "back: $cmd" "$(diff <(echo "$a") <(echo "$b") | head -6)"
done
expect_rc "back: re-ingest a moved file" 0 $BLOC --db "$R" ingest gdelt --all data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
got=$(sqlite3 "$R" "select count(*) from events")
[ "$got" = "$n2" ] && pass "back: it adds nothing" || failed "back: re-ingest" "$got vs $n2"
expect_rc "migrate back again" 0 $BLOC migrate --from "$PG_URL" --to "$R" --format csv
got=$(sqlite3 "$R" "select count(*) from events")
[ "$got" = "$n2" ] && pass "back again doubles nothing" || failed "back again" "$got"
sqlite3 "$R" "update events set goldstein = 9.5 where id = 1"
printf 'id,date,event_code,actor1_country,actor2_country\nonly-here,2024-06-18,057,Russia,Iran\n' >"$T/here.csv"
expect_rc "a row in the store that PostgreSQL lacks" 0 $BLOC --db "$R" ingest events "$T/here.csv"
expect_rc "back into a store with rows PostgreSQL lacks" 1 $BLOC migrate --from "$PG_URL" --to "$R"
expect_err "back: says which table differs" "(coverage|events) differs after the copy.*nothing was written"
got=$(sqlite3 "$R" "select goldstein from events where id = 1")
[ "$got" = 9.5 ] && pass "back: and the store is as it was" || failed "back: rollback" "$got"
pg_sql "create database nobloc" >/dev/null
expect_rc "back from a database bloc never wrote" 1 $BLOC migrate --from "postgresql://bloc@/nobloc?host=$PG_DIR" --to "$T/never.db"
expect_err "says it holds no bloc store" "holds no bloc store"
[ ! -e "$T/never.db" ] && pass "and creates no store" || failed "stray store" "$(ls -la "$T/never.db")"
expect_rc "both sides SQLite" 2 $BLOC migrate --from "$BLOC_DB" --to "$T/other.db"

# small writes work on PostgreSQL
expect_rc "group add on PostgreSQL" 0 $BLOC --db "$PG_URL" group add mine RUS,IRN
expect_rc "and show" 0 $BLOC --db "$PG_URL" group show mine --format csv
expect_out "its members" "^mine,IRN,"
expect_rc "a taken name" 1 $BLOC --db "$PG_URL" group add mine RUS
expect_err "is refused" "already exists"
expect_rc "group rm on PostgreSQL" 0 $BLOC --db "$PG_URL" group rm mine
got=$(pg_sql "select count(*) from groups where name='mine'")
[ "$got" = 0 ] && pass "removed there" || failed "group rm" "$got"

# loading straight into PostgreSQL (COPY into staging, then into events):
# the same events with the same ids as the same loads into SQLite
pg_sql "create database fresh" >/dev/null
F="postgresql://bloc@/fresh?host=$PG_DIR"
expect_rc "an empty store made in PostgreSQL" 0 $BLOC migrate --to "$F"
printf 'id,date,event_code,actor1_country,actor2_country\nlate1,2024-06-19,057,Russia,North Korea\n' >"$T/one.csv"
zcat data/gdelt/gdelt1-historical-201108-georgia.tsv.gz | head -n 3000 >"$T/overlap.tsv"
for side in lite pg; do
  db="$T/lite.db"
  [ $side = pg ] && db=$F
  expect_rc "ingest gdelt into $side" 0 $BLOC --db "$db" ingest gdelt --all --quiet --format csv \
    data/gdelt/gdelt1-daily-201305-georgia.tsv.gz data/gdelt/gdelt1-historical-201108-georgia.tsv.gz "$T/overlap.tsv"
  cp "$T/out" "$T/ingest-$side.out"
  expect_rc "ingest events there" 0 $BLOC --db "$db" ingest events --quiet "$T/one.csv"
  expect_rc "ingest UN votes there" 0 $BLOC --db "$db" ingest unga --quiet --format csv --rollcalls $U/rollcalls.csv \
    --votes $U/votes.csv --issues $U/issues.csv
  cp "$T/out" "$T/unga-$side.out"
  expect_rc "and again (nothing new)" 0 $BLOC --db "$db" ingest unga --quiet --format csv --rollcalls $U/rollcalls.csv \
    --votes $U/votes.csv --issues $U/issues.csv
  cp "$T/out" "$T/unga2-$side.out"
  expect_rc "code into it" 0 $BLOC --db "$db" code --store "$T/d.jsonl"
done
expect_same "the same ingest summary (rows, inserted, duplicates)" "$T/ingest-lite.out" "$T/ingest-pg.out"
expect_same "the same UN vote ingest summary" "$T/unga-lite.out" "$T/unga-pg.out"
expect_same "the same summary again (all duplicates)" "$T/unga2-lite.out" "$T/unga2-pg.out"
grep -q "votes,15,0,15" "$T/unga2-pg.out" && pass "re-ingested votes are duplicates" || failed "unga again" "$(cat "$T/unga2-pg.out")"
a=$(sqlite3 "$T/lite.db" "select rcid, country, vote, source_line from unga_votes order by 1, 2")
b=$(psql -X -q -A -t "$F" -c "select rcid, country, vote, source_line from unga_votes order by 1, 2")
[ -n "$a" ] && [ "$a" = "$b" ] && pass "the same UN votes in both stores" || failed "votes PostgreSQL vs SQLite" "$(diff <(echo "$a") <(echo "$b") | head -4)"
printf '"rcid","country","country_code","vote"\n1,"Russia","RU","no"\n' >"$T/conflict.csv"
expect_rc "a conflicting vote into PostgreSQL" 1 $BLOC --db "$F" ingest unga --votes "$T/conflict.csv"
expect_err "names the stored vote's file and line" "conflict.csv:2: .*conflicts with the stored vote 1 from .*votes.csv:2"
cols="id, source, source_event_id, date, actor1_country, actor2_country, event_code, mentions, domain, file_id, line, detail"
a=$(sqlite3 "$T/lite.db" "select $cols, cast(goldstein * 1000 as integer), cast(tone * 1000 as integer) from events order by id")
b=$(psql -X -q -A -t "$F" -c "select $cols, trunc(goldstein * 1000)::bigint, trunc(tone * 1000)::bigint from events order by id")
[ "$(echo "$a" | wc -l)" -gt 9000 ] && [ "$a" = "$b" ] && pass "the same events and ids in both stores" || failed "events PostgreSQL vs SQLite" "$(diff <(echo "$a") <(echo "$b") | head -4)"
a=$($BLOC --db "$T/lite.db" dyad GEO RUS --by month --format csv)
b=$($BLOC --db "$F" dyad GEO RUS --by month --format csv)
[ "$a" = "$b" ] && pass "and the same dyad series from them" || failed "dyad after ingest" "$(diff <(echo "$a") <(echo "$b") | head -4)"
expect_rc "re-ingest into PostgreSQL" 0 $BLOC --db "$F" ingest gdelt --all --format csv data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
expect_out "is recognised" "ingested before with the same filter"

# bloc follow into PostgreSQL, from a fake GDELT server on loopback
S="$T/site"
mkdir -p "$S/gdeltv2"
echo '{}' >"$S/behaviour.json"
/usr/bin/python3 tests/cli/fake_gdelt.py "$S" >"$T/port" 2>"$T/fake.log" &
fake=$!
for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$T/port")"
zcat data/gdelt/gdelt1-daily-201305-georgia.tsv.gz | sed -n 1,300p | awk -F'\t' 'BEGIN{OFS="\t"} {
  $1 = sprintf("%.0f", $1 + 3000000000); n = 0
  for (i = 1; i <= NF; i++) { out[++n] = $i; if (i == 39 || i == 46 || i == 53) out[++n] = "" }
  out[60] = "20130501000000"; s = out[1]; for (i = 2; i <= n; i++) s = s "\t" out[i]; print s }' >"$T/20130501000000.export.CSV"
(cd "$T" && zip -q "$S/gdeltv2/20130501000000.export.CSV.zip" 20130501000000.export.CSV)
z="$S/gdeltv2/20130501000000.export.CSV.zip"
printf '%s %s %s/gdeltv2/20130501000000.export.CSV.zip\n' "$(stat -c %s "$z")" "$(md5sum <"$z" | cut -d' ' -f1)" "$BASE" >"$S/gdeltv2/lastupdate.txt"
before=$(psql -X -q -A -t "$F" -c "select count(*) from events")
expect_rc "follow into PostgreSQL" 0 $BLOC --db "$F" follow --all --once --list-url "$BASE/gdeltv2/lastupdate.txt" --timeout 3 --retries 1
got=$(( $(psql -X -q -A -t "$F" -c "select count(*) from events") - before ))
[ "$got" = 300 ] && pass "its 300 events arrive" || failed "follow into PostgreSQL" "$got" "$err"
expect_rc "follow again" 0 $BLOC --db "$F" follow --all --once --list-url "$BASE/gdeltv2/lastupdate.txt" --timeout 3 --retries 1
expect_err "nothing new" "0 new file"
kill $fake 2>/dev/null

# a killed load into PostgreSQL resumes: nothing lost, nothing doubled
big="$T/big.tsv"
zcat data/gdelt/gdelt1-historical-201108-georgia.tsv.gz | awk -F'\t' 'BEGIN{OFS="\t"} {line[NR]=$0} END {for (k = 1; k < 13; k++) for (i = 1; i <= NR; i++) {
  split(line[i], f, "\t"); s = sprintf("%.0f", f[1] + k * 1000000000); for (j = 2; j <= 57; j++) s = s "\t" f[j]; print s }}' >"$big"
total=$(wc -l <"$big")
before=$(psql -X -q -A -t "$F" -c "select count(*) from events")
$BLOC --db "$F" ingest gdelt --all --batch 2000 --quiet "$big" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  cp=$(psql -X -q -A -t "$F" -c "select line from ingest_checkpoints c join sources s on s.id = c.source_id where s.path = '$big' and done = 0" 2>/dev/null)
  [ -n "$cp" ] && [ "$cp" -ge 6000 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
partial=$(( $(psql -X -q -A -t "$F" -c "select count(*) from events") - before ))
[ "$partial" -gt 0 ] && [ "$partial" -lt "$total" ] && pass "killed midway: $partial of $total stored" || failed "killed midway (PostgreSQL)" "partial=$partial total=$total"
expect_rc "run again" 0 $BLOC --db "$F" ingest gdelt --all --batch 2000 --quiet --format csv "$big"
expect_out "it resumes after the checkpoint" "resumed after line [0-9]+"
expect_out "totals count the whole file" "big\.tsv,gdelt1-historical,$total,$total,0,0,0,"
got=$(psql -X -q -A -t "$F" -c "select count(*) - $before, count(distinct id), max(id) - min(id) + 1 - count(*) from events")
[ "$got" = "$total|$(( before + total ))|0" ] && pass "every row once, ids without gaps" || failed "after resume" "$got (want $total|$(( before + total ))|0)"
expect_rc "a database bloc never wrote" 1 $BLOC --db "postgresql://bloc@/nobloc?host=$PG_DIR" stats
expect_err "is named as such" "holds no bloc store"

pg_sql "insert into events (id, source, source_event_id, date, event_code, root_code, goldstein_origin, domain, file_id, line) values (999999999, 'stray', 'x', '2011-08-02', '010', '01', 0, 'other', 1, 1)" >/dev/null
printf 'id,date,event_code,actor1_country,actor2_country\nlate1,2024-06-19,057,Russia,North Korea\n' >"$T/late.csv"
run $BLOC ingest events "$T/late.csv"
expect_rc "a PostgreSQL table with rows the store lacks" 1 $BLOC migrate --from "$BLOC_DB" --to "$PG_URL"
expect_err "says which table differs" "events differs after the copy.*nothing was written"
got=$(pg_sql "select count(*) from events where source_event_id='late1'")
[ "$got" = 0 ] && pass "and nothing was written" || failed "rollback" "$got"

expect_rc "a server that is not there" 1 $BLOC migrate --from "$BLOC_DB" --to "postgresql://bloc@/postgres?host=$T/nowhere"
expect_err "cannot connect" "cannot connect to PostgreSQL"
[ ! -e "postgresql:" ] && [ -z "$(ls -d postgresql* 2>/dev/null)" ] && pass "no file named after the URL" || failed "stray file" "$(ls -d postgresql*)"
expect_clean "no sanitizer report"
