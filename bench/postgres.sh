#!/usr/bin/env bash
# Benchmark (not a test): BENCH_PG_EVENTS (default 10,000,000) synthetic
# GDELT 2.0 events (bench/gen-gdelt), on a throw-away PostgreSQL server:
#  (1) loaded by bloc ingest gdelt into SQLite and into PostgreSQL (COPY into
#      a staging table, then into the partitioned events table), then the
#      daily summaries built by the first analytics command on each;
#  (2) bloc assess crink --vs g7 and bloc serve's /api/dyad (30 dyads, 4
#      clients) on each store, side by side with ratios;
#  (3) bloc migrate: the SQLite store into a second PostgreSQL database and
#      back into a new SQLite store, counts and checksums compared each way.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
failed() { echo "bench/postgres.sh: $1: ${2:-}" >&2; }
. tests/cli/pg.sh
N=${BENCH_PG_EVENTS:-10000000}
pg_start
trap 'pg_stop; rm -rf "$W"' EXIT
psql -X -q "$PG_URL" -c "create database moved" >/dev/null
MOVED="postgresql://bloc@/moved?host=$PG_DIR"
pg_n() { psql -X -q -A -t "$1" -c "select count(*) from events"; }

bench/gen-gdelt "$N" >"$W/events.CSV"
LITE="$W/bloc.db"

# (1) the same load into each store, then the first query builds the summaries
read -r tl ml < <(measure ingest_lite ./bloc --db "$LITE" ingest gdelt --all --quiet "$W/events.CSV")
read -r tls _ < <(measure summary_lite ./bloc --db "$LITE" dyad USA GBR --by all)
./bloc migrate --to "$PG_URL" >/dev/null # an empty store in PostgreSQL
read -r tp mp < <(measure ingest_pg ./bloc --db "$PG_URL" ingest gdelt --all --quiet "$W/events.CSV")
read -r tps _ < <(measure summary_pg ./bloc --db "$PG_URL" dyad USA GBR --by all)
n=$(sqlite3 "$LITE" "select count(*) from events")
[ "$(pg_n "$PG_URL")" = "$n" ] || { echo "bench/postgres.sh: $(pg_n "$PG_URL") events in PostgreSQL, $n in SQLite" >&2; exit 1; }
a=$(sqlite3 "$LITE" "select sum(id * length(source_event_id)), count(distinct date) from events")
b=$(psql -X -q -A -t "$PG_URL" -c "select sum(id * length(source_event_id)), count(distinct date) from events")
[ "$a" = "$b" ] || { echo "bench/postgres.sh: the stores differ: $a vs $b" >&2; exit 1; }
sq_mb=$(( $(stat -c %s "$LITE") / 1048576 ))
pg_mb=$(( $(psql -X -q -A -t "$PG_URL" -c "select pg_database_size(current_database())") / 1048576 ))
parts=$(psql -X -q -A -t "$PG_URL" -c "select count(*) from pg_inherits where inhparent='events'::regclass")

# (2) assess (second run: summaries up to date) and /api/dyad on each
dyad_paths "$G30"
for side in lite pg; do
  db=$LITE
  [ $side = pg ] && db=$PG_URL
  read -r _ _ < <(measure "assess1_$side" ./bloc --db "$db" assess crink --vs g7 --split 2024-02-15)
  read -r ta _ < <(measure "assess_$side" ./bloc --db "$db" assess crink --vs g7 --split 2024-02-15)
  serve_start "$db"
  curl -s --noproxy '*' -o /dev/null "$URL${dyads[0]}"
  read -r dq d50 d99 dbad < <(load "dyad_$side" 600 4 "${dyads[@]}")
  serve_stop
  printf -v "assess_$side" '%s' "$ta"
  printf -v "dyad_$side" '%s %s %s %s' "$dq" "$d50" "$d99" "$dbad"
done
cmp -s "$W/assess_lite.out" "$W/assess_pg.out" || { echo "bench/postgres.sh: assess differs between the stores" >&2; exit 1; }
read -r lq l50 l99 lbad <<<"$dyad_lite"
read -r pq p50 p99 pbad <<<"$dyad_pg"

# (3) migrate there and back
read -r tm mm < <(measure migrate ./bloc migrate --from "$LITE" --to "$MOVED" --format csv)
[ "$(pg_n "$MOVED")" = "$n" ] || { echo "bench/postgres.sh: migrate moved $(pg_n "$MOVED") of $n" >&2; exit 1; }
read -r tb mb < <(measure back ./bloc migrate --from "$MOVED" --to "$W/back.db" --format csv)
[ "$(sqlite3 "$W/back.db" "select count(*) from events")" = "$n" ] || { echo "bench/postgres.sh: back: wrong count" >&2; exit 1; }

printf 'PostgreSQL: %d synthetic GDELT 2.0 events, SQLite | PostgreSQL side by side\n' "$n"
printf ' (1) load (bloc ingest gdelt --all)  SQLite %6.1f s (%6.0f ev/s, peak %d MB, %d MB on disk) | PostgreSQL COPY path %6.1f s (%6.0f ev/s, peak %d MB, %d MB, %d partitions)  ratio %.2fx\n' \
  "$tl" "$(echo "$n / $tl" | bc -l)" $((ml / 1024)) "$sq_mb" "$tp" "$(echo "$n / $tp" | bc -l)" $((mp / 1024)) "$pg_mb" "$parts" "$(ratio "$tp" "$tl")"
printf '     summaries built by the first query  SQLite %6.1f s | PostgreSQL %6.1f s\n' "$tls" "$tps"
printf ' (2) assess crink --vs g7 (same output) SQLite %.2f s | PostgreSQL %.2f s  ratio %.2fx\n' \
  "$assess_lite" "$assess_pg" "$(ratio "$assess_pg" "$assess_lite")"
printf '     /api/dyad, 600 requests, 4 clients  SQLite %.0f req/s p50 %.1f ms p99 %.1f ms (%d errors) | PostgreSQL %.0f req/s p50 %.1f ms p99 %.1f ms (%d errors)  p99 ratio %.2fx\n' \
  "$lq" "$l50" "$l99" "$lbad" "$pq" "$p50" "$p99" "$pbad" "$(ratio "$p99" "$l99")"
printf ' (3) SQLite -> PostgreSQL (bloc migrate, COPY, summaries built there) %6.1f s (%6.0f ev/s), checksums agree\n' \
  "$tm" "$(echo "$n / $tm" | bc -l)"
printf '     PostgreSQL -> new SQLite store (migrate back, COPY out) %6.1f s (%6.0f ev/s), peak %d MB, checksums agree\n' \
  "$tb" "$(echo "$n / $tb" | bc -l)" $((mb / 1024))
