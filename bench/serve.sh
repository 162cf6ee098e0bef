#!/usr/bin/env bash
# Benchmark (not a test): bloc serve under load, on a store of
# BENCH_SERVE_EVENTS (default 1,000,000) synthetic GDELT 2.0 events, with
# bench/httpbench (libcurl, a keep-alive connection per client thread):
#  (1) /api/dyad p50 with nothing else running (one client, one request
#      after another);
#  (2) /api/dyad p50 and p99 while two clients loop a heavy legal request
#      (/api/pairs of five groups by week); target: p99 within 25 times (1);
#  (3) requests per second of /api/dyad with 1 and with 8 clients;
#  (4) probes answered while 100 slow clients, each from its own loopback
#      address, hold connections with unfinished headers; target: all.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${BENCH_SERVE_EVENTS:-1000000}
make -s build/bench/httpbench
H=build/bench/httpbench

bench/gen-gdelt "$N" >"$W/events.CSV"
export BLOC_DB="$W/serve.db"
./bloc ingest gdelt --all --quiet "$W/events.CSV" >/dev/null
rm -f "$W/events.CSV"
serve_start "$BLOC_DB"
port=${URL##*:}
dyad_paths "$G30"
heavy="/api/pairs?group=nato,brics,sco,g7,crink&by=week"
$H latency "$URL" 30 "${dyads[@]}" >/dev/null # warm the page cache

read -r n1 p50 p99 e1 < <($H latency "$URL" 600 "${dyads[@]}")
read -r n2 mp50 mp99 e2 hdone hstatus < <($H mixed "$URL" 2 "$heavy" 300 "${dyads[@]}")
read -r r1 rps1 l1p50 l1p99 le1 < <($H load "$URL" 1 5 "${dyads[@]}")
read -r r8 rps8 l8p50 l8p99 le8 < <($H load "$URL" 8 5 "${dyads[@]}")
read -r held answered probes < <($H slow 127.0.0.1 "$port" 100 20 /api/stats)
read -r hn hp50 hp99 he < <($H latency "$URL" 3 "$heavy")
assess="/api/assess?group=crink&vs=g7"
read -r n3 ap50 ap99 e3 adone astatus < <($H mixed "$URL" 2 "$assess" 300 "${dyads[@]}")
read -r an aap50 aap99 ae < <($H latency "$URL" 3 "$assess")
serve_stop

echo "== bloc serve under load ($N events, $(nproc) cores, $(date -u +%F))"
printf '%-58s %s\n' "(1) /api/dyad idle, 1 client: p50" "$p50 ms ($n1 requests, $e1 errors)"
printf '%-58s %s\n' "(2) heavy: $heavy" "alone $hp50 ms, HTTP $hstatus"
printf '%-58s %s\n' "    /api/dyad while 2 clients loop it: p50" "$mp50 ms"
printf '%-58s %s\n' "                                       p99" "$mp99 ms ($n2 requests, $e2 errors; $hdone heavy done)"
printf '%-58s %s\n' "    p99 / idle p50 (target <= 25)" "$(printf '%.1f' "$(ratio "$mp99" "$p50")")"
printf '%-58s %s\n' "    heavy: $assess" "alone $aap50 ms, HTTP $astatus"
printf '%-58s %s\n' "    /api/dyad while 2 clients loop it: p50" "$ap50 ms"
printf '%-58s %s\n' "                                       p99" "$ap99 ms ($n3 requests, $e3 errors; $adone heavy done)"
printf '%-58s %s\n' "    p99 / idle p50 (target <= 25)" "$(printf '%.1f' "$(ratio "$ap99" "$p50")")"
printf '%-58s %s\n' "(3) /api/dyad, 1 client" "$rps1 req/s (p50 $l1p50 ms, p99 $l1p99 ms, $le1 errors)"
printf '%-58s %s\n' "    /api/dyad, 8 clients" "$rps8 req/s (p50 $l8p50 ms, p99 $l8p99 ms, $le8 errors)"
printf '%-58s %s\n' "(4) probes answered while 100 slow clients hold connections" "$answered of $probes ($held slow connections held)"
