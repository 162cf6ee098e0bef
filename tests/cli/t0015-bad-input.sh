#!/usr/bin/env bash
# t0015-bad-input — the bad-input table: one file per case in
# tests/cases/bad-input/ (see its README.md for the keys). A load case
# runs its command against a store holding the fixtures, expects the exit
# code and the message on stderr, and checks the store is exactly as it
# was (nothing half-written); with "quarantine:" it runs again with
# --quarantine and finds the line there. An HTTP case asks a running
# server (curl for a URL, tests/cli/rawhttp.py for bytes curl would not
# send) and expects the status and the body, within 3 seconds.
. "$(dirname "$0")/lib.sh"
case $BLOC in /*) ;; *) BLOC=$PWD/$BLOC ;; esac   # the cases run in their own folders
CASES=$PWD/tests/cases
DATA=$PWD/data
export CASES DATA

# the store every case starts from: UN fixtures and the GDELT samples
fresh_store base
"$BLOC" ingest unga --rollcalls "$CASES/unga/rollcalls.csv" --votes "$CASES/unga/votes.csv" >/dev/null 2>"$T/setup.err" ||
  failed "fixtures load" "$(cat "$T/setup.err")"
"$BLOC" ingest gdelt --all "$DATA"/gdelt/gdelt1-*.tsv.gz >/dev/null 2>>"$T/setup.err" ||
  failed "GDELT sample loads" "$(cat "$T/setup.err")"
digest() {
  store_sql "SELECT (SELECT count(*) FROM events) || ':' || (SELECT count(*) FROM unga_votes) || ':' ||
                    (SELECT count(*) FROM unga_rollcalls) || ':' || (SELECT count(*) FROM sources) || ':' ||
                    (SELECT coalesce(sum(length(url)), 0) FROM events) || ':' ||
                    (SELECT count(*) FROM arms_deliveries) || ':' || (SELECT count(*) FROM arms_tiv) || ':' ||
                    (SELECT count(*) FROM arms_files) || ':' || (SELECT count(*) FROM alliance_years)"
}

# field KEY FILE: the values of KEY lines (one per line)
field() { sed -n "s/^$1: //p" "$2"; }

port=$((20000 + RANDOM % 20000))
"$BLOC" serve --port "$port" >"$T/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api/stats" && break; sleep 0.1; done

ncases=0
# sql CHECK: the SQL of a "stored" line; FILE_EVENTS is the number of
# events stored from the case's input file
sql() {
  local q=${1% = *} f="(SELECT count(*) FROM events WHERE file_id IN (SELECT id FROM sources WHERE path = '$IN'))"
  q=${q//FILE_EVENTS/$f}
  case $q in SELECT*) echo "$q" ;; *) echo "SELECT $q" ;; esac
}

for c in "$CASES"/bad-input/*.case; do
  name=$(basename "$c" .case)
  ncases=$((ncases + 1))
  want_status=$(field status "$c")
  if [ -n "$(field http "$c")$(field raw "$c")" ]; then
    if [ -n "$(field http "$c")" ]; then
      code=$(curl -s -m 3 -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port$(field http "$c")")
    else
      bytes=$(eval "printf '%s' \"$(field raw "$c")\"")
      /usr/bin/python3 tests/cli/rawhttp.py "$port" "$bytes" 3 >"$T/resp"
      code=$(head -c 12 "$T/resp" | sed -n 's/^HTTP\/1\.1 \([0-9]*\)/\1/p')
      sed '1,/^\r*$/d' "$T/resp" >"$T/body"
    fi
    if [ "$code" = "$want_status" ]; then pass "$name: HTTP $code"
    else failed "$name: HTTP $want_status" "got '${code:-no answer}'" "$(head -c 300 "$T/body")"; fi
    pat=$(field body "$c")
    if grep -Eq -- "$pat" "$T/body"; then pass "$name: the body says /$pat/"
    else failed "$name: the body says /$pat/" "$(head -c 300 "$T/body")"; fi
    nopat=$(field nobody "$c")
    if [ -n "$nopat" ]; then
      if grep -Fq -- "$nopat" "$T/body"; then failed "$name: the body has no '$nopat'" "$(head -c 300 "$T/body")"
      else pass "$name: the body has no '$nopat'"; fi
    fi
    continue
  fi
  # a load case: its own folder and a copy of the base store
  work="$T/case-$name"
  mkdir -p "$work"
  IN="$work/$(field file "$c")"
  Q="$work/quarantine.csv"
  export IN Q
  if [ "$BACKEND" = sqlite ]; then cp "$T/base.db" "$work/store.db"; export BLOC_DB="$work/store.db"; fi
  if [ -n "$(field text "$c")" ]; then printf '%b' "$(field text "$c")" >"$IN"; fi
  if [ -n "$(field make "$c")" ]; then (cd "$work" && eval "$(field make "$c")") || failed "$name: its input is made" "$(field make "$c")"; fi
  before=$(digest)
  cmd=$(field run "$c")
  (cd "$work" && eval "\"$BLOC\" $cmd") >"$T/out" 2>"$T/err"
  rc=$?
  want=$(field exit "$c")
  if [ "$rc" = "$want" ]; then pass "$name: exit $rc"; else failed "$name: exit $want" "exit $rc" "$(head -c 400 "$T/err")"; fi
  pat=$(field stderr "$c")
  if [ -n "$pat" ]; then expect_err "$name: says /$pat/" "$pat"; fi
  pat=$(field stdout "$c")
  if [ -n "$pat" ]; then expect_out "$name: prints /$pat/" "$pat"; fi
  expect_clean "$name: no sanitizer report"
  if [ "$want" != 0 ]; then
    after=$(digest)
    if [ "$before" = "$after" ]; then pass "$name: the store is as it was"
    else failed "$name: the store is as it was" "before $before, after $after"; fi
  fi
  while IFS= read -r check; do
    [ -n "$check" ] || continue
    got=$(store_sql "$(sql "$check")")
    if [ "$got" = "${check##* = }" ]; then pass "$name: $check"; else failed "$name: $check" "got $got"; fi
  done < <(field stored "$c")
  pat=$(field quarantine "$c")
  if [ -n "$pat" ]; then
    (cd "$work" && eval "\"$BLOC\" $cmd --quarantine \"$Q\"") >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" = 1 ]; then pass "$name: with --quarantine, exit 1 (rows were rejected)"
    else failed "$name: with --quarantine, exit 1" "exit $rc" "$(head -c 400 "$T/err")"; fi
    expect_err "$name: says where the rejected rows went" "rejected, written to"
    if grep -Eq -- "$pat" "$Q" 2>/dev/null; then pass "$name: quarantined as /$pat/"
    else failed "$name: quarantined as /$pat/" "$(head -c 400 "$Q" 2>/dev/null)"; fi
    while IFS= read -r check; do
      [ -n "$check" ] || continue
      got=$(store_sql "$(sql "$check")")
      if [ "$got" = "${check##* = }" ]; then pass "$name: after the quarantined load, $check"
      else failed "$name: after the quarantined load, $check" "got $got" "$(sql "$check")" "$(store_sql "SELECT id, path FROM sources")"; fi
    done < <(field stored-after-quarantine "$c")
  fi
done
[ "$ncases" -ge 30 ] && pass "the table has $ncases cases" || failed "the table has at least 30 cases" "$ncases"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
if grep -Eq "AddressSanitizer|runtime error|LeakSanitizer" "$T/serve.log"; then failed "no sanitizer report from the server" "$(head -20 "$T/serve.log")"
else pass "no sanitizer report from the server"; fi
