# bench/lib.sh — what the benchmarks share (sourced): a work folder $W
# removed on exit, and measure/ratio.
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PY=/usr/bin/python3 # Debian's Python, with python3-pandas

# measure NAME CMD...: run CMD (stdout to $W/NAME.out) and print
# "seconds maxrss_kb"; stop the benchmark if it fails.
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err" || {
    cat "$W/$name.err" >&2
    exit 1
  }
  cat "$W/$name.time"
}

# ratio A B: A / B ("inf" when B rounds to 0.00 s, as wc -l on a small file)
ratio() { if [ "$(echo "$2 == 0" | bc)" = 1 ]; then echo inf; else echo "$1 / $2" | bc -l; fi; }

# The 30 countries of the analytics benchmarks (bench/gen-gdelt's most frequent).
G30=USA,GBR,IND,ISR,UKR,FRA,DEU,AUS,CAN,PAK,NGA,JPN,TUR,SYR,AFG,ZAF,PHL,EGY,KOR,BRA,MEX,SAU,IRQ,ITA,ESP,KEN,IDN,POL,GEO,VNM

# serve_start DB: bloc serve on a free loopback port; sets URL and spid.
serve_start() {
  ./bloc serve --port 0 --db "$1" >"$W/serve.out" 2>"$W/serve.log" &
  spid=$!
  for _ in $(seq 1 100); do grep -q listening "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL="http://127.0.0.1:$(sed -n 's#.*:\([0-9]*\)/$#\1#p' "$W/serve.out")"
}
serve_stop() {
  kill -TERM "$spid"
  wait "$spid" || true
}

# dyad_paths LIST: dyads=(...) of /api/dyad monthly series, 30 dyads of LIST.
dyad_paths() {
  local codes
  IFS=, read -r -a codes <<<"$1"
  dyads=()
  for i in $(seq 0 29); do dyads+=("/api/dyad?a=${codes[$i]}&b=${codes[$(((i + 7) % 30))]}&by=month"); done
}

# load NAME REQUESTS CLIENTS PATH...: print "req/s p50_ms p99_ms errors"
load() {
  local name=$1 n=$2 c=$3
  shift 3
  local paths=("$@") cfg="$W/$name.cfg"
  : >"$cfg"
  for i in $(seq 1 "$n"); do
    printf 'url = "%s%s"\noutput = /dev/null\n' "$URL" "${paths[$((i % ${#paths[@]}))]}" >>"$cfg"
  done
  local t0 t1
  t0=$(date +%s.%N)
  curl -s --no-progress-meter --noproxy '*' --parallel --parallel-max "$c" \
    -w '%{http_code} %{time_total}\n' -K "$cfg" >"$W/$name.times"
  t1=$(date +%s.%N)
  local bad p50 p99
  bad=$(awk '$1 != 200' "$W/$name.times" | wc -l)
  awk '{printf "%.3f\n", $2 * 1000}' "$W/$name.times" | sort -n >"$W/$name.sorted"
  p50=$(sed -n "$(( (n + 1) / 2 ))p" "$W/$name.sorted")
  p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$W/$name.sorted")
  printf '%s %s %s %s\n' "$(echo "$n / ($t1 - $t0)" | bc -l)" "$p50" "$p99" "$bad"
}
