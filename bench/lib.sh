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

ratio() { echo "$1 / $2" | bc -l; }
