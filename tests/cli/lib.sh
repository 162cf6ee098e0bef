# tests/cli/lib.sh — helpers for black-box CLI tests (sourced).
# Each check prints "ok - TITLE" or "not ok - TITLE" with the evidence.
# $BLOC is the binary under test; every test file gets a fresh $T folder.
set -u
BLOC=${BLOC:-build/san/bloc}
T=$(mktemp -d "${TMPDIR:-/tmp}/bloc-cli-XXXXXX")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
SHARED=${SHARED:-../shared}

pass() { echo "ok - $1"; }
failed() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# BLOC_TEST_BACKEND=postgresql (tests/run-tests, with BLOC_TEST_PG the URL of
# a throw-away server's postgres database): the store is a new PostgreSQL
# database, made a bloc store by bloc migrate --to, instead of a file.
# store_sql SQL queries the store either way ("|"-separated rows).
# fresh_store NAME: BLOC_DB becomes a new, empty store of the backend.
BACKEND=${BLOC_TEST_BACKEND:-sqlite}
fresh_store() {
  if [ "$BACKEND" != postgresql ]; then
    export BLOC_DB="$T/$1.db"
    return
  fi
  local db
  db="t_$(basename "$T" | tr 'A-Z-' 'a-z_')_$1"
  export BLOC_DB="${BLOC_TEST_PG/\/postgres\?//$db?}"
  psql -X -q "$BLOC_TEST_PG" -c "CREATE DATABASE $db" >/dev/null 2>"$T/createdb.err" ||
    failed "test database $db" "$(cat "$T/createdb.err")"
  "$BLOC" migrate --to "$BLOC_DB" >/dev/null 2>"$T/migrate.err" ||
    failed "an empty bloc store in $db" "$(cat "$T/migrate.err")"
}
fresh_store test
store_sql() {
  case $BLOC_DB in
  postgresql://*) psql -X -q -A -t -v ON_ERROR_STOP=1 "$BLOC_DB" -c "$1" ;;
  *) sqlite3 "$BLOC_DB" "$1" ;;
  esac
}

# run CMD...: sets $out, $err, $rc
run() {
  "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}

# expect_rc TITLE CODE CMD...
expect_rc() {
  local title=$1 code=$2
  shift 2
  run "$@"
  if [ "$rc" = "$code" ]; then pass "$title"; else failed "$title" "exit $rc, wanted $code" "stderr: $err"; fi
}

# expect_out TITLE PATTERN (extended regex on the last run's stdout)
expect_out() {
  if grep -Eq -- "$2" "$T/out"; then pass "$1"; else failed "$1" "stdout lacks /$2/" "stdout: $(head -c 600 "$T/out")"; fi
}

expect_err() {
  if grep -Eq -- "$2" "$T/err"; then pass "$1"; else failed "$1" "stderr lacks /$2/" "stderr: $(head -c 600 "$T/err")"; fi
}

# expect_same TITLE FILE-A FILE-B
expect_same() {
  if diff -u "$2" "$3" >"$T/diff"; then pass "$1"; else failed "$1" "$(head -n 30 "$T/diff")"; fi
}

# no sanitizer report may appear in any stderr
expect_clean() {
  if grep -Eq "AddressSanitizer|runtime error|LeakSanitizer" "$T/err"; then
    failed "$1" "$(head -n 20 "$T/err")"
  else pass "$1"; fi
}
