#!/usr/bin/env bash
# bloc follow against a fake GDELT server on loopback (tests/cli/fake_gdelt.py)
# serving an update list and export zips built from the real GDELT rows
# (data/gdelt, turned into the 2.0 layout): a normal cycle, nothing twice,
# resume after a kill, a truncated file, a bad MD5, 500 then success, a slow
# server hitting the timeout, a backfill over the master list. Then watch
# rules on constructed series: a surge fires exactly one alert, a steady
# series none; alerts reach stdout, the JSON Lines file and a webhook.
. "$(dirname "$0")/lib.sh"
S="$T/site"
mkdir -p "$S/gdeltv2"
echo '{}' >"$S/behaviour.json"
/usr/bin/python3 tests/cli/fake_gdelt.py "$S" >"$T/port" 2>"$T/fake.log" &
fake=$!
trap 'kill $fake 2>/dev/null' EXIT
for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$T/port")"

# three 15-minute export files from the real daily rows, GDELT 2.0 layout
mkzip() { # mkzip STAMP FIRST_LINE LAST_LINE ID_OFFSET
  zcat data/gdelt/gdelt1-daily-201305-georgia.tsv.gz | sed -n "$2,$3p" | awk -F'\t' -v off="$4" -v st="$1" 'BEGIN{OFS="\t"} {
    $1 = sprintf("%.0f", $1 + off); n = 0
    for (i = 1; i <= NF; i++) { out[++n] = $i; if (i == 39 || i == 46 || i == 53) out[++n] = "" }
    out[60] = st
    s = out[1]; for (i = 2; i <= n; i++) s = s "\t" out[i]; print s }' >"$T/$1.export.CSV"
  (cd "$T" && zip -q "$S/gdeltv2/$1.export.CSV.zip" "$1.export.CSV")
}
entry() { printf '%s %s %s/gdeltv2/%s.export.CSV.zip\n' "$(stat -c %s "$S/gdeltv2/$1.export.CSV.zip")" "$(md5sum <"$S/gdeltv2/$1.export.CSV.zip" | cut -d' ' -f1)" "$BASE" "$1"; }
mkzip 20130501000000 1 400 2000000000
mkzip 20130501001500 401 800 2000000000
mkzip 20130501003000 801 1200 2000000000
{ entry 20130501000000; entry 20130501001500; } >"$S/gdeltv2/lastupdate.txt"
echo "1000 0123456789abcdef0123456789abcdef $BASE/gdeltv2/20130501000000.mentions.CSV.zip" >>"$S/gdeltv2/lastupdate.txt"
F="$BLOC follow --all --once --list-url $BASE/gdeltv2/lastupdate.txt --timeout 3 --retries 2"

expect_rc "a normal cycle" 0 $F
expect_err "two new files (mentions skipped)" "2 new file\(s\)"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = 800 ] && pass "800 events ingested" || failed "events after one pass" "$n" "$err"
[ "$(sqlite3 "$BLOC_DB" "select count(*) from follow_files where status='ingested'")" = 2 ] && pass "both files recorded as ingested" || failed "feed state" "$(sqlite3 "$BLOC_DB" 'select * from follow_files')"
[ -z "$(ls "$BLOC_DB.spool" 2>/dev/null)" ] && pass "downloads removed once ingested" || failed "spool" "$(ls "$BLOC_DB.spool")"
expect_rc "the same list again" 0 $F
expect_err "nothing new" "0 new file\(s\)"
[ "$(sqlite3 "$BLOC_DB" "select count(*) from events")" = 800 ] && pass "no duplicates" || failed "second pass" "$(sqlite3 "$BLOC_DB" 'select count(*) from events')"

# a truncated download, then a bad MD5: never ingested
entry 20130501003000 >"$S/gdeltv2/lastupdate.txt"
echo '{"truncate": ["/gdeltv2/20130501003000.export.CSV.zip"]}' >"$S/behaviour.json"
expect_rc "truncated download: exit 1" 1 $F
expect_err "says why" "20130501003000.export.CSV.zip: not ingested: .*(size|transfer|closed|partial|Transferred)"
[ "$(sqlite3 "$BLOC_DB" "select count(*) from events")" = 800 ] && pass "nothing from it ingested" || failed "truncated" "$(sqlite3 "$BLOC_DB" 'select count(*) from events')"
[ -z "$(ls "$BLOC_DB.spool" 2>/dev/null)" ] && pass "no partial file left" || failed "partial file" "$(ls "$BLOC_DB.spool")"
echo '{}' >"$S/behaviour.json"
sed -i 's/ [0-9a-f]\{32\} / ffffffffffffffffffffffffffffffff /' "$S/gdeltv2/lastupdate.txt"
expect_rc "bad MD5: exit 1" 1 $F
expect_err "MD5 mismatch named" "MD5 [0-9a-f]{32}, the list says ffffffffffffffffffffffffffffffff"
[ "$(sqlite3 "$BLOC_DB" "select status||':'||attempts from follow_files where url like '%003000.export.CSV.zip'")" = "failed:2" ] && pass "recorded as failed, twice" || failed "failed state" "$(sqlite3 "$BLOC_DB" 'select url,status,attempts,last_error from follow_files')"

# 500 twice, then success
entry 20130501003000 >"$S/gdeltv2/lastupdate.txt"
echo '{"fail": {"/gdeltv2/20130501003000.export.CSV.zip": 2}}' >"$S/behaviour.json"
expect_rc "500, 500, then 200" 0 $F
expect_err "the retries are logged" "HTTP 500"
[ "$(sqlite3 "$BLOC_DB" "select count(*) from events")" = 1200 ] && pass "ingested after the retries" || failed "after 500s" "$(sqlite3 "$BLOC_DB" 'select count(*) from events')" "$err"

# a slow server: the timeout ends the attempt
mkzip 20130501004500 1201 1500 2000000000
entry 20130501004500 >"$S/gdeltv2/lastupdate.txt"
echo '{"slow": ["/gdeltv2/20130501004500.export.CSV.zip"]}' >"$S/behaviour.json"
expect_rc "slow server" 1 $BLOC follow --all --once --list-url "$BASE/gdeltv2/lastupdate.txt" --timeout 1 --retries 0
expect_err "timeout reported" "(Timeout|timed out)"
echo '{}' >"$S/behaviour.json"

# kill during a pass, run again: resumes, nothing lost or doubled
export BLOC_DB="$T/kill.db"
awk -F'\t' 'BEGIN{OFS="\t"} {line[NR]=$0} END {for (k = 0; k < 40; k++) for (i = 1; i <= NR; i++) {
  split(line[i], f, "\t"); f[1] = sprintf("%.0f", f[1] + k * 10000000); s = f[1]; for (j = 2; j <= 61; j++) s = s "\t" f[j]; print s }}' \
  "$T/20130501000000.export.CSV" >"$T/20130502000000.export.CSV"
(cd "$T" && zip -q "$S/gdeltv2/20130502000000.export.CSV.zip" 20130502000000.export.CSV)
entry 20130502000000 >"$S/gdeltv2/lastupdate.txt"
total=$(wc -l <"$T/20130502000000.export.CSV")
$BLOC follow --all --once --list-url "$BASE/gdeltv2/lastupdate.txt" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  c=$(sqlite3 "$BLOC_DB" "select count(*) from events" 2>/dev/null || echo 0)
  [ "${c:-0}" -gt 0 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
expect_rc "run again after the kill" 0 $BLOC follow --all --once --list-url "$BASE/gdeltv2/lastupdate.txt"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = "$total" ] && pass "all $total events, once each" || failed "after kill and resume" "$n of $total"

# backfill over the master list, bounded by day
export BLOC_DB="$T/backfill.db"
{ entry 20130501000000; entry 20130501001500; entry 20130502000000; } >"$S/gdeltv2/masterfilelist.txt"
expect_rc "backfill one day" 0 $BLOC follow --all --from 2013-05-01 --to 2013-05-01 --parallel 2 --master-url "$BASE/gdeltv2/masterfilelist.txt"
[ "$(sqlite3 "$BLOC_DB" "select count(*) from follow_files")" = 2 ] && pass "backfill took the day's two files only" || failed "backfill range" "$(sqlite3 "$BLOC_DB" 'select url from follow_files')"

# following: passes repeat until SIGTERM, which stops it cleanly
: >"$S/gdeltv2/lastupdate.txt" # an empty list is a list with nothing new
$BLOC follow --all --interval 1 --list-url "$BASE/gdeltv2/lastupdate.txt" >/dev/null 2>"$T/follow.err" &
pid=$!
sleep 2.5
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" = 0 ] && grep -q "follow: stopping" "$T/follow.err" && pass "SIGTERM stops the follower cleanly" || failed "follow and SIGTERM" "exit $rc" "$(cat "$T/follow.err")"
[ "$(grep -c "0 new file" "$T/follow.err")" -ge 2 ] && pass "it polled more than once" || failed "repeated passes" "$(cat "$T/follow.err")"

# watch rules on constructed series
export BLOC_DB="$T/watch.db"
awk 'BEGIN {
  print "id,date,event_code,actor1_country,actor2_country,domain"
  n = 0
  for (d = 0; d < 300; d++) {            # 2 military events a day, then a surge
    day = sprintf("%s", strftime("%Y-%m-%d", 1577836800 + d * 86400, 1))
    k = d >= 290 ? 12 : 2
    for (i = 0; i < k; i++) printf "m%d,%s,062,RUS,PRK,\n", ++n, day
    printf "s%d,%s,042,CHN,RUS,\n", ++n, day   # steady: one visit a day
  }
}' >"$T/watch.csv" 2>/dev/null || true
if ! [ -s "$T/watch.csv" ]; then # mawk lacks strftime: dates by hand
  /usr/bin/python3 - "$T/watch.csv" <<'PY'
import datetime, sys
with open(sys.argv[1], "w") as f:
    f.write("id,date,event_code,actor1_country,actor2_country,domain\n")
    n = 0
    for d in range(300):
        day = (datetime.date(2020, 1, 1) + datetime.timedelta(days=d)).isoformat()
        for i in range(12 if d >= 290 else 2):
            n += 1; f.write(f"m{n},{day},062,RUS,PRK,\n")
        n += 1; f.write(f"s{n},{day},042,CHN,RUS,\n")
PY
fi
head -n 200 "$T/watch.csv" >"$T/watch-early.csv"
expect_rc "ingest the quiet months" 0 $BLOC ingest events --quiet "$T/watch-early.csv"
/usr/bin/python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        open(sys.argv[1], "ab").write(body + b"\n")
        self.send_response(204); self.end_headers()
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()' "$T/hook.jsonl" >"$T/hookport" &
hook=$!
trap 'kill $fake $hook 2>/dev/null' EXIT
for _ in $(seq 1 50); do [ -s "$T/hookport" ] && break; sleep 0.1; done
expect_rc "watch add (surge rule, webhook)" 0 $BLOC watch add rus-prk-mil --dyad RUS,PRK --domain military --measure volume --window 7d --z 3 --webhook "http://127.0.0.1:$(cat "$T/hookport")/alert"
expect_rc "watch add (steady rule)" 0 $BLOC watch add chn-rus --dyad China,Russia --measure volume --window 7d --z 3
expect_rc "a duplicate name is refused" 1 $BLOC watch add chn-rus --dyad CHN,RUS
expect_rc "watch list" 0 $BLOC watch list --format csv
expect_out "rules listed" '^rus-prk-mil,"RUS,PRK",,military,volume,7,3.00,NA,NA,http://127.0.0.1:[0-9]+/alert$'
expect_rc "ingest the rest (with the surge)" 0 $BLOC ingest events --quiet "$T/watch.csv"
expect_err "the surge fires" '"alert":"rus-prk-mil","why":"z"'
n=$(grep -c '"alert":' "$T/err")
[ "$n" = 1 ] && pass "exactly one alert" || failed "alerts fired" "$n" "$err"
expect_rc "alerts" 0 $BLOC alerts --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 1 ] && pass "one alert recorded" || failed "alerts recorded" "$out"
expect_out "its window and evidence" "rus-prk-mil,2020-10-2[0-9],2020-10-2[0-9],8[0-9].0000"
grep -q '"alert":"rus-prk-mil"' "$BLOC_DB.alerts.jsonl" && pass "appended to the JSON Lines file" || failed "alerts file" "$(cat "$BLOC_DB.alerts.jsonl" 2>/dev/null)"
for _ in $(seq 1 30); do [ -s "$T/hook.jsonl" ] && break; sleep 0.1; done
grep -q '"alert":"rus-prk-mil"' "$T/hook.jsonl" && pass "posted to the webhook" || failed "webhook" "$(cat "$T/hook.jsonl" 2>/dev/null)"
expect_rc "ingesting again fires nothing new" 0 $BLOC ingest events --quiet "$T/watch.csv"
[ "$(grep -c '"alert":' "$T/err")" = 0 ] && pass "no repeated alert" || failed "repeat alert" "$err"
expect_rc "watch test" 0 $BLOC watch test chn-rus --format csv
expect_out "the steady series does not fire" "^chn-rus,.*,7,[0-9]+,no$"
expect_rc "watch rm" 0 $BLOC watch rm chn-rus
expect_rc "rm again: not found" 1 $BLOC watch rm chn-rus
expect_clean "no sanitizer report"
