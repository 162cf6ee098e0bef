#!/usr/bin/env bash
# bloc serve: the JSON API against a server started here on a free loopback
# port (answers equal the CLI's), every request limit and bad request (a 4xx
# JSON error, never a crash), a query-time limit (503), the dashboard in
# headless Chromium (charts drawn, no script errors, screenshot in
# build/test-logs/dashboard.png), and a clean stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
D=data/unga
expect_rc "ingest UN votes" 0 $BLOC ingest unga --quiet --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz
expect_rc "ingest SIPRI's register" 0 $BLOC ingest sipri --quiet data/sipri/trade-register-deliveries-extract.csv --recipients crink
expect_rc "ingest ATOP (to 2018, from 2010)" 0 sh -c "zcat data/atop/atop5_1_ddyr.csv.gz | awk -F, 'NR == 1 || \$3 >= 2010' >$T/atop.csv && $BLOC ingest atop $T/atop.csv"
expect_rc "ingest GDELT samples" 0 $BLOC ingest gdelt --all --quiet data/gdelt/gdelt1-historical-201108-georgia.tsv.gz data/gdelt/gdelt1-daily-201305-georgia.tsv.gz

start() { # start [options]: a server in the background; sets $pid and $URL
  $BLOC serve --port 0 "$@" >"$T/serve.out" 2>"$T/serve.log" &
  pid=$!
  for _ in $(seq 1 100); do
    grep -q listening "$T/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  URL="http://127.0.0.1:$(sed -n 's#.*:\([0-9]*\)/$#\1#p' "$T/serve.out")"
}
get() { # get PATH [curl options]: sets $code and $body
  local path=$1
  shift
  rm -f "$T/body"
  code=$(curl -s --noproxy '*' -o "$T/body" -w '%{http_code}' "$@" "$URL$path" 2>/dev/null | tail -c 3)
  body=$(cat "$T/body" 2>/dev/null)
}
expect_get() { # expect_get TITLE PATH STATUS [REGEX]
  get "$2"
  if [ "$code" = "$3" ] && { [ -z "${4:-}" ] || printf '%s' "$body" | grep -Eq -- "$4"; }; then pass "$1"
  else failed "$1" "GET $2 -> $code, wanted $3" "body: $(printf '%s' "$body" | head -c 300)"; fi
}
json_ok() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/body" 2>/dev/null; }

start
[ -n "$URL" ] && pass "server listening at $URL" || failed "server start" "$(cat "$T/serve.log")"

expect_get "dyad" "/api/dyad?a=RUS&b=GEO&by=year" 200 '"net_cooperation"'
json_ok && pass "dyad answer is JSON" || failed "dyad JSON" "$body"
$BLOC dyad RUS GEO --by year --format json >"$T/cli.json"
cmp -s "$T/body" "$T/cli.json" && pass "the API answers what the CLI prints" || failed "API = CLI" "$(diff "$T/body" "$T/cli.json" | head -5)"
expect_get "group with rival" "/api/group?group=crink&vs=g7&by=year" 200 '"set":"crink->g7"'
expect_get "events, limited" "/api/events?dyad=RUS,GEO&limit=2&domain=military" 200 '"domain":"military"'
[ "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$T/body")" = 2 ] && pass "limit=2 gives 2 events" || failed "limit" "$body"
expect_get "changes: nothing to search in, said in the answer" "/api/changes?dyad=RUS,USA&by=week" 200 '"rows":\[\],"notes":\["no data to find a change in'
expect_get "assess" "/api/assess?group=crink&vs=g7&split=2012-01-01&reps=99" 200 '"indicator":"UN-vote cohesion"'
expect_get "countries by alias" "/api/countries?q=DPRK" 200 '"code":"PRK"'
expect_get "groups" "/api/groups" 200 '"group":"crink"'
expect_get "one group" "/api/groups?name=nato" 200 '"code":"FIN"'
expect_get "network" "/api/network?group=RUS,GEO,ARM,AZE" 200 '"hub":"yes"'
expect_get "stats" "/api/stats" 200 '"schema_version"'
expect_get "UN votes: a dyad by year" "/api/unga?sub=dyad&a=RUS&b=CHN&since=2015" 200 '"period":"2019","issue":"all","a":"RUS","b":"CHN"'
$BLOC unga dyad RUS CHN --since 2015 --format json >"$T/cli-unga.json"
cmp -s "$T/body" "$T/cli-unga.json" && pass "/api/unga answers what bloc unga prints" || failed "unga API = CLI" "$(diff "$T/body" "$T/cli-unga.json" | head -5)"
expect_get "UN votes: one roll call" "/api/unga?sub=votes&rcid=5309" 200 '"resolution":"R/68/262","code":"AFG"'
expect_get "UN votes: a bad subcommand" "/api/unga?sub=bogus" 400 "unknown subcommand"
expect_get "arms: a share" "/api/arms?sub=share&who=CHN&from=2018&to=2022" 200 '"supplier":"RUS".*"share":0.7879'
$BLOC arms share CHN --from 2018 --to 2022 --format json >"$T/cli-arms.json"
cmp -s "$T/body" "$T/cli-arms.json" && pass "/api/arms answers what bloc arms prints" || failed "arms API = CLI" "$(diff "$T/body" "$T/cli-arms.json" | head -5)"
expect_get "arms: flows" "/api/arms?sub=flows&who=crink&by=all" 200 '"kind":"inside"'
expect_get "arms: deals, limited" "/api/arms?sub=deals&recipient=IRN&limit=3" 200 '"designation"'
[ "$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$T/body")" = 3 ] && pass "limit=3 gives 3 deals" || failed "arms limit" "$body"
expect_get "arms: no data is said" "/api/arms?sub=share&who=PAK" 200 '"rows":\[\],"notes":\[.*no data: the files of this release do not hold every delivery to PAK'
expect_get "arms: a bad subcommand" "/api/arms?sub=bogus" 400 "arms takes share, flows, deals or releases"
expect_get "alliances" "/api/alliances?group=crink&year=2018" 200 '"a":"CHN","b":"PRK","scope":"inside","defense":"mutual"'
expect_get "alerts (none yet)" "/api/alerts" 200 '^\{"columns":\["id",.*"rows":\[\]'
expect_get "dashboard page" "/" 200 'bloc dashboard'

# bad requests: each a JSON error with a 4xx status
expect_get "unknown endpoint" "/api/nope" 404 '"error"'
expect_get "path traversal" "/../../etc/passwd" 404 '"error"'
expect_get "encoded traversal" "/api/%2e%2e/%2e%2e/etc/passwd" 404 '"error"'
expect_get "missing parameter" "/api/dyad?a=RUS" 400 "missing parameter 'b'"
expect_get "unknown parameter" "/api/dyad?a=RUS&b=GEO&evil=1" 400 "unknown parameter"
expect_get "parameter twice" "/api/dyad?a=RUS&a=CHN&b=GEO" 400 "given twice"
expect_get "a value that looks like an option is only a value" "/api/dyad?a=--help&b=GEO" 400 "unknown country .--help."
expect_get "malformed percent-encoding" "/api/dyad?a=RUS&b=%zz" 400 "bad character"
expect_get "control character" "/api/dyad?a=RUS&b=G%01O" 400 "bad character"
expect_get "unknown country" "/api/dyad?a=RUS&b=Rusia" 400 "unknown country"
expect_get "bad domain" "/api/dyad?a=RUS&b=GEO&domain=cyber" 400 "unknown domain"
expect_get "limit too high" "/api/events?actor=RUS&limit=100000" 400 "limit must be"
expect_get "too many bootstrap replicates" "/api/changes?dyad=RUS,GEO&bootstrap=5000" 400 "at most 999"
expect_get "value too long" "/api/dyad?a=RUS&b=$(head -c 400 /dev/zero | tr '\0' 'A')" 400 "too long"
many=$(for i in $(seq 1 30); do printf 'p%d=1&' "$i"; done)
expect_get "too many parameters" "/api/stats?$many" 400 "too many parameters"
get "/api/dyad?a=$(head -c 20000 /dev/zero | tr '\0' 'A')"
[ "$code" = 414 ] && pass "URL too long: 414" || failed "long URL" "$code"
get "/api/stats" -X POST --data 'x=1'
[ "$code" = 405 ] || [ "$code" = 413 ] && pass "POST refused ($code)" || failed "POST" "$code $body"
get "/api/stats" -X DELETE
[ "$code" = 405 ] && pass "DELETE refused" || failed "DELETE" "$code"
expect_get "still serving after all that" "/api/dyad?a=RUS&b=GEO&by=all" 200 '"events"'

# the dashboard in a headless browser
browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  failed "headless chromium" "chromium is not installed (scripts/deps installs it)"
else
  flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=10000"
  timeout 120 "$browser" $flags --dump-dom "$URL/" >"$T/dom.html" 2>"$T/chromium.err"
  grep -q 'data-done="1"' "$T/dom.html" && pass "dashboard loaded its data" || failed "dashboard load" "$(grep -o '<body[^>]*>' "$T/dom.html")" "$(tail -3 "$T/serve.log")"
  grep -q 'data-errors="0"' "$T/dom.html" && pass "no script errors" || failed "dashboard errors" "$(grep -o '<body[^>]*>' "$T/dom.html")"
  drawn=$(grep -o 'class="chart"[^>]*data-rendered="1"' "$T/dom.html" | wc -l)
  [ "$drawn" -ge 4 ] && pass "$drawn charts drawn as SVG (dyad, group, UN votes, arms)" || failed "dashboard charts" "$drawn"
  grep -q 'id="arms-note"[^>]*>[^<]*SIPRI release of 2024-04-13' "$T/dom.html" && pass "dashboard: the arms panel names its release" ||
    failed "arms panel" "$(grep -o 'id="arms-note"[^<]*' "$T/dom.html")"
  grep -q '<td>CHN</td><td>PRK</td><td>inside</td><td>mutual</td>' "$T/dom.html" && pass "dashboard: the alliances panel" ||
    failed "alliances panel" "$(grep -o 'id="alliances-note"[^<]*' "$T/dom.html")"
  grep -q 'id="un-note"[^>]*>Share of roll calls two states voted alike' "$T/dom.html" && pass "dashboard: the UN-vote view" || failed "UN view" "$(grep -o 'id="un-note"[^<]*' "$T/dom.html")"
  # issue 15, case 3: nothing after the default split (2022-02-24): said, and
  # the "no data" rows shown, not dropped
  grep -Eq 'id="assess-headline"[^>]*>Not enough data after 2022-02-24 to judge ([0-9]+) of \1 indicators' "$T/dom.html" \
    && pass "dashboard: not enough data after the split, said" || failed "dashboard headline" "$(grep -o 'id="assess-headline"[^<]*' "$T/dom.html")"
  nd=$(grep -o '<td>no data</td>' "$T/dom.html" | wc -l)
  [ "$nd" -ge 10 ] && pass "dashboard: the $nd no-data rows are shown" || failed "no-data rows" "$nd"
  grep -Eq "\['reps'|reps=" web/dashboard.js && failed "dashboard bootstrap" "$(grep -n reps web/dashboard.js)" \
    || pass "dashboard: the CLI's bootstrap (999 replicates: it sends no reps of its own)"
  mkdir -p build/test-logs
  timeout 120 "$browser" $flags --window-size=1200,2000 --screenshot="$PWD/build/test-logs/dashboard.png" "$URL/" >/dev/null 2>&1
  [ -s build/test-logs/dashboard.png ] && pass "screenshot saved (build/test-logs/dashboard.png)" || failed "dashboard screenshot" "none"
fi
lines=$(grep -c ' GET /api/' "$T/serve.log")
[ "$lines" -ge 20 ] && pass "one access-log line per request ($lines)" || failed "access log" "$(head -3 "$T/serve.log")"

kill -TERM $pid
wait $pid
rc=$?
[ "$rc" = 0 ] && pass "SIGTERM: clean exit" || failed "SIGTERM exit" "exit $rc" "$(tail -5 "$T/serve.log")"
grep -Eq "AddressSanitizer|LeakSanitizer|runtime error" "$T/serve.log" && failed "no sanitizer report from the server" "$(grep -A5 Sanitizer "$T/serve.log" | head -20)" || pass "no sanitizer report from the server"

# a query that outlasts --timeout-ms gets 503, and the server goes on
start --timeout-ms 300
expect_get "query past the time limit" "/api/index?since=1946&until=2019" 503 "interrupted"
expect_get "next request still served" "/api/countries?q=RUS" 200 '"code":"RUS"'
kill -TERM $pid
wait $pid
