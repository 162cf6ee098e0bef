#!/usr/bin/env bash
# Benchmark (not a test): BENCH_PG_EVENTS (default 10,000,000) synthetic
# GDELT 2.0 events (bench/gen-gdelt) loaded into SQLite (bloc ingest gdelt)
# and from there into PostgreSQL (bloc migrate: COPY, indexes built after
# the load, then counts and checksums of every table compared) and back
# into a new SQLite store (COPY out, the same checks), on a
# throw-away PostgreSQL server; then the same dyad-by-month aggregate read
# from each store by its own client (sqlite3, psql). bloc's analytics
# commands do not run on PostgreSQL yet, so assess and /api/dyad are timed on
# SQLite only (bench/analytics.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
failed() { echo "bench/postgres.sh: $1: ${2:-}" >&2; }
. tests/cli/pg.sh
N=${BENCH_PG_EVENTS:-10000000}
pg_start
trap 'pg_stop; rm -rf "$W"' EXIT

bench/gen-gdelt "$N" >"$W/events.CSV"
export BLOC_DB="$W/bloc.db"
read -r ti mi < <(measure ingest ./bloc ingest gdelt --all --quiet "$W/events.CSV")
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
read -r tm mm < <(measure migrate ./bloc migrate --from "$BLOC_DB" --to "$PG_URL" --format csv)
npg=$(psql -X -q -A -t "$PG_URL" -c "select count(*) from events")
[ "$npg" = "$n" ] || { echo "bench/postgres.sh: $npg events in PostgreSQL, $n in SQLite" >&2; exit 1; }
parts=$(psql -X -q -A -t "$PG_URL" -c "select count(*) from pg_inherits where inhparent='events'::regclass")
sq_mb=$(( $(stat -c %s "$BLOC_DB") / 1048576 ))
pg_mb=$(( $(psql -X -q -A -t "$PG_URL" -c "select pg_database_size(current_database())") / 1048576 ))

read -r tb mb < <(measure back ./bloc migrate --from "$PG_URL" --to "$W/back.db" --format csv)
nb=$(sqlite3 "$W/back.db" "select count(*) from events")
[ "$nb" = "$n" ] || { echo "bench/postgres.sh: $nb events moved back, $n in PostgreSQL" >&2; exit 1; }

q="SELECT substr(date,1,7), count(*), sum(goldstein) FROM events WHERE actor1_country='USA' AND actor2_country='GBR' GROUP BY 1 ORDER BY 1"
read -r tqs _ < <(measure qs sqlite3 "$BLOC_DB" "$q")
read -r tqp _ < <(measure qp psql -X -q -A -t "$PG_URL" -c "${q/substr(date,1,7)/substr(date::text,1,7)}")

printf 'PostgreSQL: %d synthetic GDELT 2.0 events\n' "$n"
printf '  load into SQLite (bloc ingest gdelt)        %6.1f s  %7.0f events/s  %5d MB on disk\n' "$ti" "$(echo "$n / $ti" | bc -l)" "$sq_mb"
printf '  SQLite -> PostgreSQL (bloc migrate, COPY)   %6.1f s  %7.0f events/s  %5d MB on disk, %d partitions, checksums agree\n' \
  "$tm" "$(echo "$n / $tm" | bc -l)" "$pg_mb" "$parts"
printf '  PostgreSQL -> new SQLite store (migrate back, COPY out) %6.1f s  %7.0f events/s  peak %d MB, checksums agree\n' \
  "$tb" "$(echo "$n / $tb" | bc -l)" $((mb / 1024))
printf '  one dyad by month: sqlite3 %.2f s, psql %.2f s (%.2fx)\n' "$tqs" "$tqp" "$(ratio "$tqs" "$tqp")"
