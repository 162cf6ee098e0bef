#!/usr/bin/env bash
# Benchmark (not a test): GDELT 2.0 ingest on synthetic rows from
# bench/gen-gdelt, in one run, warm page cache, same file for every tool;
# bloc and sqlite3 runs are the better of two (pandas runs once).
#  (a) full load (bloc --all) vs sqlite3 .import into a 61-column table with
#      the same indexes created first, and vs pandas read_csv + to_sql;
#      also shown: .import with the indexes created after, as an expert would.
#      DuckDB (bench/duckdb-get; 1 and 2 threads) loads the same file into a
#      table keyed by the event id (bench/gdelt_duckdb.sql.sh).
#  (b) filtered load (--countries crink keeps ~5%) vs wc -l on the file and
#      vs DuckDB keeping the same rows; the same with one file read by two
#      threads (-j 2); a file of only the kept rows (the store's share);
#      a narrow filter (--countries PRK) with -j 1 and -j 2.
#  (c) the same rows as 100 files, -j 1 against -j 2 (files read ahead).
#  (d) those 100 files zipped, as GDELT ships them, against unzip -p.
#  Peak memory (max RSS) of the full load at 1M and 5M rows.
# BENCH_ROWS (default 1000000), BENCH_LARGE (default 5000000, 0 = skip),
# BENCH_PANDAS=0 skips pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${BENCH_ROWS:-1000000}
DUCK=$(bench/duckdb-get)
L=${BENCH_LARGE:-5000000}

# best of two runs (the faster one, and its peak memory), each into a fresh
# database: DB NAME CMD... (the command writes DB)
best2() {
  local db=$1 name=$2 t1 m1 t2 m2
  shift 2
  rm -f "$db" "$db"-*; sync
  read -r t1 m1 < <(measure "$name" "$@")
  rm -f "$db" "$db"-*; sync
  read -r t2 m2 < <(measure "$name" "$@")
  if [ "$(echo "$t1 < $t2" | bc)" = 1 ]; then echo "$t1 $m1"; else echo "$t2 $m2"; fi
}

bench/gen-gdelt "$N" >"$W/events.CSV"
mb=$(( $(stat -c %s "$W/events.CSV") / 1048576 ))
cat "$W/events.CSV" >/dev/null # warm the page cache for every tool alike
sync

read -r tb mbk < <(best2 "$W/bloc.db" bloc ./bloc --db "$W/bloc.db" ingest gdelt --all --quiet "$W/events.CSV")
bash bench/gdelt_import.sql.sh "$W/events.CSV" >"$W/import.sql"
read -r ts msk < <(best2 "$W/sqlite.db" sqlite sh -c "sqlite3 '$W/sqlite.db' < '$W/import.sql'")
grep -v "^CREATE.*INDEX" "$W/import.sql" >"$W/import_late.sql"
grep "^CREATE.*INDEX" "$W/import.sql" >>"$W/import_late.sql"
read -r tl mlk < <(best2 "$W/late.db" sqlite_late sh -c "sqlite3 '$W/late.db' < '$W/import_late.sql'")
nb=$(sqlite3 "$W/bloc.db" "select count(*) from events")
ns=$(sqlite3 "$W/sqlite.db" "select count(*) from events")
if [ "${BENCH_PANDAS:-1}" != 0 ]; then
  read -r tp mpk < <(measure pandas $PY bench/gdelt_pandas.py "$W/events.CSV" "$W/pandas.db")
  np=$(cat "$W/pandas.out")
fi
read -r tf mfk < <(best2 "$W/filter.db" filter ./bloc --db "$W/filter.db" ingest gdelt --countries crink --quiet -j 1 "$W/events.CSV")
kept=$(sqlite3 "$W/filter.db" "select count(*) from events")
# the same file read by two threads in segments (-j 2), the same rows kept
read -r tf2 mf2k < <(best2 "$W/filter2.db" filter2 ./bloc --db "$W/filter2.db" ingest gdelt --countries crink --quiet -j 2 "$W/events.CSV")
a=$(sqlite3 "$W/filter.db" "select count(*), sum(id * length(source_event_id)), sum(line) from events")
b=$(sqlite3 "$W/filter2.db" "select count(*), sum(id * length(source_event_id)), sum(line) from events")
[ "$a" = "$b" ] || { echo "bench/gdelt.sh: -j 2 kept $b, -j 1 $a" >&2; exit 1; }
# the store's share: a file of only the kept rows, loaded alike
sqlite3 "$W/filter.db" "select source_event_id from events" >"$W/kept.ids"
awk -F'\t' 'NR == FNR {k[$1]; next} $1 in k' "$W/kept.ids" "$W/events.CSV" >"$W/kept.CSV"
read -r tk _ < <(best2 "$W/kept.db" kept ./bloc --db "$W/kept.db" ingest gdelt --countries crink --quiet "$W/kept.CSV")
# a narrow filter (North Korea, ~0.2% kept): the reading is the work
read -r tn1 _ < <(best2 "$W/prk1.db" prk1 ./bloc --db "$W/prk1.db" ingest gdelt --countries PRK --quiet -j 1 "$W/events.CSV")
read -r tn2 _ < <(best2 "$W/prk2.db" prk2 ./bloc --db "$W/prk2.db" ingest gdelt --countries PRK --quiet -j 2 "$W/events.CSV")
nprk=$(sqlite3 "$W/prk2.db" "select count(*) from events")
read -r tw mwk < <(measure wc wc -l "$W/events.CSV")
for mode in all crink; do
  bash bench/gdelt_duckdb.sql.sh "$W/events.CSV" $mode >"$W/duck_$mode.sql"
  for t in 1 2; do
    read -r "td_${mode}_$t" "md_${mode}_$t" < <(best2 "$W/d.duckdb" "duck_${mode}_$t" \
      "$DUCK/duckdb_run" "$W/d.duckdb" $t "$W/duck_$mode.sql")
  done
done
nd=$(cat "$W/duck_all_2.out")
kd=$(cat "$W/duck_crink_2.out")
read -r th mhk < <(measure sha sha256sum "$W/events.CSV")

printf 'gdelt: %d synthetic GDELT 2.0 rows (%d MB), warm cache\n' "$N" "$mb"
printf ' (a) full load with the same indexes (unique id; dyad+date and actor2+date, both\n'
printf '     partial: rows with an actor country; date)\n'
printf '  bloc ingest --all          %6.2f s  peak %4d MB  %d events\n' "$tb" $((mbk / 1024)) "$nb"
printf '  sqlite3 .import            %6.2f s  peak %4d MB  %d rows   ratio %.2fx (target >= 2x)\n' \
  "$ts" $((msk / 1024)) "$ns" "$(ratio "$ts" "$tb")"
printf '  sqlite3 .import, index after %4.2f s  peak %4d MB           ratio %.2fx\n' \
  "$tl" $((mlk / 1024)) "$(ratio "$tl" "$tb")"
printf '  DuckDB, 1 thread           %6.2f s  peak %4d MB           ratio %.2fx\n' \
  "$td_all_1" $((md_all_1 / 1024)) "$(ratio "$td_all_1" "$tb")"
printf '  DuckDB, 2 threads          %6.2f s  peak %4d MB  %d rows   ratio %.2fx (target >= 2x)\n' \
  "$td_all_2" $((md_all_2 / 1024)) "$nd" "$(ratio "$td_all_2" "$tb")"
if [ "${BENCH_PANDAS:-1}" != 0 ]; then
  printf '  pandas read_csv + to_sql   %6.2f s  peak %4d MB  %d rows   ratio %.2fx\n' \
    "$tp" $((mpk / 1024)) "$np" "$(ratio "$tp" "$tb")"
fi
printf ' (b) filtered load, --countries crink\n'
printf '  bloc ingest --countries -j 1 %4.2f s  peak %4d MB  kept %d (%.1f%%)\n' "$tf" $((mfk / 1024)) \
  "$kept" "$(echo "100 * $kept / $N" | bc -l)"
printf '  wc -l                      %6.2f s               ratio bloc/wc %.1fx (target <= 3x)\n' \
  "$tw" "$(ratio "$tf" "$tw")"
printf '  DuckDB, 1 / 2 threads      %6.2f / %.2f s  kept %d   ratio %.2fx / %.2fx\n' "$td_crink_1" \
  "$td_crink_2" "$kd" "$(ratio "$td_crink_1" "$tf")" "$(ratio "$td_crink_2" "$tf")"
printf '  bloc -j 2 (one file, two reader threads) %.2f s  peak %d MB  ratio bloc/wc %.1fx\n' "$tf2" \
  $((mf2k / 1024)) "$(ratio "$tf2" "$tw")"
printf '  bloc on a file of only the %d kept rows %.2f s (the store\x27s share)\n' "$kept" "$tk"
printf '  --countries PRK (kept %d): -j 1 %.2f s, -j 2 %.2f s  ratio %.2fx; bloc/wc %.1fx\n' "$nprk" \
  "$tn1" "$tn2" "$(ratio "$tn1" "$tn2")" "$(ratio "$tn2" "$tw")"
printf '  for scale: sha256sum %.2f s (bloc hashes every input for provenance)\n' "$th"
rm -f "$W"/*.db "$W"/*.db-* "$W/kept.CSV" "$W/kept.ids"

# (c) many files (GDELT 2.0 comes as 96 files a day): the same rows split
# into 100 files, read one at a time (-j 1) and with the next file read
# ahead (-j 2, this machine's cores); the stores are compared
mkdir -p "$W/files"
split -n l/100 -d -a 3 --additional-suffix=.export.CSV "$W/events.CSV" "$W/files/f"
for mode in "--all" "--countries crink"; do
  # shellcheck disable=SC2086
  read -r tj1 _ < <(best2 "$W/j1.db" j1 ./bloc --db "$W/j1.db" ingest gdelt $mode --quiet -j 1 "$W"/files/f*.CSV)
  # shellcheck disable=SC2086
  read -r tj2 _ < <(best2 "$W/j2.db" j2 ./bloc --db "$W/j2.db" ingest gdelt $mode --quiet -j 2 "$W"/files/f*.CSV)
  a=$(sqlite3 "$W/j1.db" "select count(*), sum(id * length(source_event_id)) from events")
  b=$(sqlite3 "$W/j2.db" "select count(*), sum(id * length(source_event_id)) from events")
  [ "$a" = "$b" ] || { echo "bench/gdelt.sh: -j 2 stored $b, -j 1 $a" >&2; exit 1; }
  printf ' (c) 100 files, %-17s -j 1 %5.2f s, -j 2 %5.2f s  ratio %.2fx (same store)\n' "$mode" "$tj1" "$tj2" \
    "$(ratio "$tj1" "$tj2")"
  rm -f "$W"/j?.db*
done
# (d) the same 100 files zipped, as GDELT publishes them and `follow` gets
# them (one .CSV entry per .zip): bloc reads each entry as a stream
# (libarchive over zlib); `unzip -p` of the same files to /dev/null is the
# floor, the inflating alone
for f in "$W"/files/f*.CSV; do (cd "$W/files" && zip -q -j "$f.zip" "$(basename "$f")" && rm "$f"); done
zmb=$(( $(cat "$W"/files/*.zip | wc -c) / 1048576 ))
read -r tu _ < <(measure unzip sh -c "for z in '$W'/files/*.zip; do unzip -p \"\$z\"; done >/dev/null")
read -r tu2 _ < <(measure unzip sh -c "for z in '$W'/files/*.zip; do unzip -p \"\$z\"; done >/dev/null")
[ "$(echo "$tu2 < $tu" | bc)" = 1 ] && tu=$tu2
for mode in "--all" "--countries crink"; do
  # shellcheck disable=SC2086
  read -r tz _ < <(best2 "$W/z.db" zip ./bloc --db "$W/z.db" ingest gdelt $mode --quiet -j 2 "$W"/files/f*.zip)
  printf ' (d) 100 zip files (%d MB), %-17s -j 2 %5.2f s; unzip -p alone %.2f s: bloc/unzip %.1fx\n' \
    "$zmb" "$mode" "$tz" "$tu" "$(ratio "$tz" "$tu")"
  rm -f "$W"/z.db*
done
rm -rf "$W/files"

if [ "$L" != 0 ]; then
  bench/gen-gdelt "$L" >"$W/large.CSV"
  rm -f "$W/events.CSV"
  read -r tL mL < <(measure large ./bloc --db "$W/large.db" ingest gdelt --all --quiet "$W/large.CSV")
  printf ' peak memory of the full load: %d MB at %d rows, %d MB at %d rows (%.2f s)\n' \
    $((mbk / 1024)) "$N" $((mL / 1024)) "$L" "$tL"
fi
