#!/usr/bin/env bash
# Benchmark (not a test): sentences per second of bloc code with the
# Phoenix dictionaries (the default), loaded once, on one core (-j 1) and on
# every core (-j N, output identical): the 188 development records' texts
# repeated to about 100,000 sentences (JSON Lines), output discarded; and
# peak memory at a tenth of the input, to show it flat. PETRARCH2 cannot be
# installed here (Python 2 and pip are not Debian packages); its
# documentation gives about 250 sentences/s with a parse supplied.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
for i in $(seq 1 540); do cat data/coder/dev.jsonl; done >"$W/big.jsonl"
head -n 10000 "$W/big.jsonl" >"$W/small.jsonl"
cores=$(nproc)
read -r tb mb < <(measure big ./bloc code -j 1 --format csv "$W/big.jsonl")
read -r ts ms < <(measure small ./bloc code -j 1 --format csv "$W/small.jsonl")
read -r tj mj < <(measure bigj ./bloc code -j "$cores" --format csv "$W/big.jsonl")
cmp -s "$W/big.out" "$W/bigj.out" || { echo "coder: -j $cores output differs from -j 1" >&2; exit 1; }
n=$(sed -n 's/.*code: \([0-9]*\) sentences.*/\1/p' "$W/big.err")
printf 'coder: %d sentences (the development records x 540), Phoenix dictionaries\n' "$n"
printf '  bloc code -j 1  %.2f s  %.0f sentences/s  peak %d MB (%d MB at a tenth of the input) (target >= 10,000/s)\n' \
  "$tb" "$(echo "$n / $tb" | bc -l)" $((mb / 1024)) $((ms / 1024))
printf '  bloc code -j %d  %.2f s  %.0f sentences/s  peak %d MB  (%.2fx -j 1, same output)\n' \
  "$cores" "$tj" "$(echo "$n / $tj" | bc -l)" $((mj / 1024)) "$(ratio "$tb" "$tj")"
