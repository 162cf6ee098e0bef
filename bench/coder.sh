#!/usr/bin/env bash
# Benchmark (not a test): sentences per second of bloc code on one core,
# dictionaries loaded once: the 188 development records' texts repeated to
# about 100,000 sentences (JSON Lines), output discarded; and peak memory at
# a tenth of the input, to show it flat. PETRARCH2 cannot be installed here
# (Python 2 and pip are not Debian packages); its documentation gives about
# 250 sentences/s with a parse supplied.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
for i in $(seq 1 540); do cat data/coder/dev.jsonl; done >"$W/big.jsonl"
head -n 10000 "$W/big.jsonl" >"$W/small.jsonl"
read -r tb mb < <(measure big ./bloc code --format csv "$W/big.jsonl")
read -r ts ms < <(measure small ./bloc code --format csv "$W/small.jsonl")
n=$(sed -n 's/.*code: \([0-9]*\) sentences.*/\1/p' "$W/big.err")
printf 'coder: %d sentences (the development records x 540), one core\n' "$n"
printf '  bloc code  %.2f s  %.0f sentences/s  peak %d MB (%d MB at a tenth of the input) (target >= 10,000/s)\n' \
  "$tb" "$(echo "$n / $tb" | bc -l)" $((mb / 1024)) $((ms / 1024))
