#!/usr/bin/env bash
# Benchmark (not a test): ingest all 870,109 UN votes and compute percent
# agreement and S-score for every dyad-year, written as CSV; bloc against
# pandas (Debian's python3-pandas) on the same files, in the same run.
# Prints wall time, peak memory (max RSS) and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
D=data/unga


# bloc end to end: ingest into a fresh store, then every dyad-year
read -r t1 m1 < <(measure ingest ./bloc ingest unga --quiet --db "$W/b.db" \
  --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz --issues $D/un_roll_call_issues.csv.gz)
read -r t2 m2 < <(measure pairs sh -c "./bloc unga pairs --db '$W/b.db' --by year --format csv > '$W/bloc.csv'")
bloc_t=$(echo "$t1 + $t2" | bc -l)
bloc_m=$(( m1 > m2 ? m1 : m2 ))
rows_bloc=$(($(wc -l <"$W/bloc.csv") - 1))

# pandas: read the same gzip files, same job
read -r tp mp < <(measure pandas $PY bench/unga_pandas.py $D/un_votes.csv.gz $D/un_roll_calls.csv.gz "$W/pandas.csv")
rows_pd=$(($(wc -l <"$W/pandas.csv") - 1))

printf 'unga: every dyad-year (agreement, S-score), ingest included\n'
printf '  bloc    %6.2f s  peak %4d MB  (ingest %.2f s, %.0f MB; dyad-years %.2f s, %.0f MB)  %d dyad-years\n' \
  "$bloc_t" $((bloc_m / 1024)) "$t1" "$(echo "$m1/1024" | bc)" "$t2" "$(echo "$m2/1024" | bc)" "$rows_bloc"
printf '  pandas  %6.2f s  peak %4d MB  %d dyad-years\n' "$tp" $((mp / 1024)) "$rows_pd"
printf '  ratio   pandas / bloc = %.1fx  (target >= 20x; bloc peak target < 300 MB)\n' \
  "$(echo "$tp / $bloc_t" | bc -l)"
