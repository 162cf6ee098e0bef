#!/usr/bin/env bash
# Benchmark (not a test): SIPRI's per-delivery register, bloc against the
# tools an expert would use instead, on the same file in the same run: a
# register of 1,000,000 synthetic deal-years in SIPRI's layout (SIPRI's
# preamble and header, real SIPRI names of 223 recipients and 119
# suppliers, deterministic), loaded, then every supplier's share of every
# recipient's imports: bloc (ingest sipri + arms share), pandas (Debian's
# python3-pandas) and DuckDB (bench/duckdb-get; 1 and 2 threads). Prints
# wall time, peak memory (max RSS) and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
DUCK=$(bench/duckdb-get)
N=${SIPRI_ROWS:-1000000}
S=data/sipri
F="$W/register.csv"

names() { awk -F, -v h="$2" 'f && NF > 1 && $1 !~ /^Total world/ {print $1} $1 == h {f = 1}' "$1"; }
names $S/tiv-imports-by-recipient-1990-2023.csv Recipient >"$W/recipients"
names $S/tiv-exports-by-supplier-1990-2023.csv "Exports by" >"$W/suppliers"
{ head -n 12 $S/trade-register-deliveries-extract.csv
  awk -v n="$N" 'FILENAME == ARGV[1] {r[nr++] = $0; next} {s[ns++] = $0}
    END {
      split("Aircraft,Missiles,Ships,Armoured vehicles,Sensors,Engines,Artillery,Air defence systems", cat, ",")
      x = 12345
      for (i = 0; i < n; i++) {
        if (i % 3 == 0) { # a new deal: its supplier, recipient, item and first year
          x = (x * 1103515245 + 12345) % 2147483648; rec = r[x % nr]
          x = (x * 1103515245 + 12345) % 2147483648; sup = s[x % ns]
          x = (x * 1103515245 + 12345) % 2147483648; y0 = 1990 + x % 32; c = cat[1 + x % 8]
          x = (x * 1103515245 + 12345) % 2147483648; unit = (x % 5000) / 100 + 0.05
        }
        x = (x * 1103515245 + 12345) % 2147483648; k = 1 + x % 20
        if (rec == sup) continue
        printf "%d,%s,%s,Item-%d,test item,%s,%d,No,%d,Yes,%d,No,New,%.2f,%.2f,%.2f,No\n",
          100000 + int(i / 3), sup, rec, int(i / 3) % 997, c, y0 - 1, k, y0 + i % 3, unit, unit, unit * k
      }
    }' "$W/recipients" "$W/suppliers"; } >"$F"
rows=$(($(wc -l <"$F") - 12))
[ -n "${SIPRI_KEEP:-}" ] && cp "$F" "$SIPRI_KEEP"

read -r t1 m1 < <(measure ingest ./bloc ingest sipri --quiet --db "$W/b.db" "$F")
read -r t2 m2 < <(measure share sh -c "./bloc arms share --db '$W/b.db' --format csv > '$W/bloc.csv'")
bloc_t=$(echo "$t1 + $t2" | bc -l)
bloc_m=$(( m1 > m2 ? m1 : m2 ))
rows_bloc=$(($(wc -l <"$W/bloc.csv") - 1))
read -r tp mp < <(measure pandas $PY bench/sipri_pandas.py "$F" "$W/pandas.csv")
rows_pd=$(($(wc -l <"$W/pandas.csv") - 1))
duck() { # duck NAME THREADS
  sed -e "s#@F@#$F#g" -e "s#@OUT@#$W/$1.csv#g" bench/sql/sipri_shares.sql.in >"$W/$1.sql"
  measure "$1" "$DUCK/duckdb_run" :memory: "$2" "$W/$1.sql"
}
read -r td1 md1 < <(duck duck1 1)
read -r td2 md2 < <(duck duck2 2)
rows_dd=$(cat "$W/duck2.out")
# the same answer: the pairs and the total TIV
sum_bloc=$(awk -F, 'NR > 1 {s += $6} END {printf "%.0f", s}' "$W/bloc.csv")
sum_pd=$(awk -F, 'NR > 1 {s += $3} END {printf "%.0f", s}' "$W/pandas.csv")

printf 'sipri: %d deal-years in SIPRI'"'"'s per-delivery layout, loaded, then every supplier'"'"'s share of every recipient\n' "$rows"
printf '  bloc          %6.2f s  peak %4d MB  (ingest %.2f s; shares %.2f s)  %d pairs, %s TIV\n' \
  "$bloc_t" $((bloc_m / 1024)) "$t1" "$t2" "$rows_bloc" "$sum_bloc"
printf '  pandas        %6.2f s  peak %4d MB  %d pairs, %s TIV\n' "$tp" $((mp / 1024)) "$rows_pd" "$sum_pd"
printf '  DuckDB 1 thr  %6.2f s  peak %4d MB\n' "$td1" $((md1 / 1024))
printf '  DuckDB 2 thr  %6.2f s  peak %4d MB  %d pairs\n' "$td2" $((md2 / 1024)) "$rows_dd"
printf '  ratio   pandas / bloc = %.2fx, DuckDB (2 threads) / bloc = %.2fx\n' \
  "$(ratio "$tp" "$bloc_t")" "$(ratio "$td2" "$bloc_t")"
printf '  (bloc keeps what pandas and DuckDB do not: every deal-year in a store with its file:line, the\n'
printf '   release, names resolved to codes, a re-load that changes nothing; the shares then come from the store)\n'
