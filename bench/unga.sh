#!/usr/bin/env bash
# Benchmark (not a test): the UN vote jobs, bloc against the tools an expert
# would use instead, on the same files in the same run. Prints wall time,
# peak memory (max RSS) and the ratios.
#  1. ingest the long tables (870,109 votes) and compute percent agreement
#     and S-score for every dyad-year, written as CSV: pandas (Debian's
#     python3-pandas) and DuckDB (bench/duckdb-get; 1 and 2 threads), in
#     interleaved rounds (ROUNDS, default 5; medians);
#  2. the long tables, then the later release (the wide matrix to 2024)
#     merged into them: DuckDB, 1 and 2 threads (bench/sql/unga_merge.sql.in;
#     it drops historical states that iso-codes lacks, which bloc keeps).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
D=data/unga
DUCK=$(bench/duckdb-get)

duck() { # duck NAME THREADS DB SQL.in: a DuckDB run of the SQL with @D@ and @OUT@ filled in
  sed -e "s#@D@#$D#g" -e "s#@OUT@#$W/$1.csv#g" "$4" >"$W/$1.sql"
  measure "$1" "$DUCK/duckdb_run" "$3" "$2" "$W/$1.sql"
}

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Rounds: bloc and DuckDB take turns, ROUNDS times (default 5), and each
# figure is the median of its rounds, so a machine that slows down for a
# while slows both; pandas (tens of seconds) runs once.
ROUNDS=${ROUNDS:-5}

# ---- 1. every dyad-year ------------------------------------------------------
: >"$W/r1"
for r in $(seq "$ROUNDS"); do
  rm -f "$W/b.db" "$W/b.db-wal" "$W/b.db-shm"
  read -r t1 m1 < <(measure ingest ./bloc ingest unga --quiet --db "$W/b.db" \
    --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz --issues $D/un_roll_call_issues.csv.gz)
  read -r t2 m2 < <(measure pairs sh -c "./bloc unga pairs --db '$W/b.db' --by year --format csv > '$W/bloc.csv'")
  read -r td1 md1 < <(duck duck1 1 :memory: bench/sql/unga_dyad_years.sql.in)
  read -r td2 md2 < <(duck duck2 2 :memory: bench/sql/unga_dyad_years.sql.in)
  echo "$t1 $t2 $(echo "$t1 + $t2" | bc -l) $td1 $td2 $(( m1 > m2 ? m1 : m2 )) $md1 $md2" >>"$W/r1"
done
col() { awk -v c="$1" '{print $c}' "$W/r1" | median; }
t1=$(col 1) t2=$(col 2) bloc_t=$(col 3) td1=$(col 4) td2=$(col 5)
bloc_m=$(col 6) md1=$(col 7) md2=$(col 8)
rows_bloc=$(($(wc -l <"$W/bloc.csv") - 1))
read -r tp mp < <(measure pandas $PY bench/unga_pandas.py $D/un_votes.csv.gz $D/un_roll_calls.csv.gz "$W/pandas.csv")
rows_pd=$(($(wc -l <"$W/pandas.csv") - 1))
rows_dd=$(cat "$W/duck2.out")

printf 'unga: every dyad-year (agreement, S-score), ingest included; medians of %d interleaved rounds\n' "$ROUNDS"
printf '  bloc          %6.2f s  peak %4d MB  (ingest %.2f s; dyad-years %.2f s)  %d dyad-years\n' \
  "$bloc_t" $((bloc_m / 1024)) "$t1" "$t2" "$rows_bloc"
printf '  pandas        %6.2f s  peak %4d MB  %d dyad-years (one run)\n' "$tp" $((mp / 1024)) "$rows_pd"
printf '  DuckDB 1 thr  %6.2f s  peak %4d MB\n' "$td1" $((md1 / 1024))
printf '  DuckDB 2 thr  %6.2f s  peak %4d MB  %d dyad-years\n' "$td2" $((md2 / 1024)) "$rows_dd"
printf '  ratio   pandas / bloc = %.1fx, DuckDB (1 thread) / bloc = %.2fx, DuckDB (2 threads) / bloc = %.2fx  (target >= 3x)\n' \
  "$(ratio "$tp" "$bloc_t")" "$(ratio "$td1" "$bloc_t")" "$(ratio "$td2" "$bloc_t")"

# ---- 2. the long tables, then the later release merged in -------------------
read -r tm1 mm1 < <(measure merge1 ./bloc ingest unga --quiet --db "$W/m.db" \
  --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz --issues $D/un_roll_call_issues.csv.gz)
read -r tm2 mm2 < <(measure merge2 ./bloc ingest unga --quiet --db "$W/m.db" --votes $D/un_votes_wide_1946_2024.csv.gz)
merge_t=$(echo "$tm1 + $tm2" | bc -l)
merge_m=$(( mm1 > mm2 ? mm1 : mm2 ))
votes_bloc=$(sqlite3 "$W/m.db" "SELECT count(*) FROM unga_votes")
read -r tdm1 mdm1 < <(duck dmerge1 1 "$W/d1.duckdb" bench/sql/unga_merge.sql.in)
read -r tdm2 mdm2 < <(duck dmerge2 2 "$W/d2.duckdb" bench/sql/unga_merge.sql.in)
printf 'unga: the long tables, then the 2024 release merged in (corrections kept)\n'
printf '  bloc          %6.2f s  peak %4d MB  (long %.2f s; later release %.2f s)  %d votes\n' \
  "$merge_t" $((merge_m / 1024)) "$tm1" "$tm2" "$votes_bloc"
printf '  DuckDB 1 thr  %6.2f s  peak %4d MB\n' "$tdm1" $((mdm1 / 1024))
printf '  DuckDB 2 thr  %6.2f s  peak %4d MB  %d votes (without the historical states)\n' \
  "$tdm2" $((mdm2 / 1024)) "$(cat "$W/dmerge2.out")"
printf '  ratio   DuckDB (2 threads) / bloc = %.2fx\n' "$(ratio "$tdm2" "$merge_t")"
