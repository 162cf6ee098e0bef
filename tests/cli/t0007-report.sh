#!/usr/bin/env bash
# bloc report: one self-contained HTML file, rendered in headless Chromium
# (Debian's chromium): no script errors, every chart drawn as SVG, a
# screenshot kept as a test artifact (build/test-logs/report.png); bad
# input writes nothing.
. "$(dirname "$0")/lib.sh"
D=data/unga
expect_rc "ingest UN votes" 0 $BLOC ingest unga --quiet --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz
expect_rc "ingest GDELT samples" 0 $BLOC ingest gdelt --all --quiet data/gdelt/gdelt1-historical-201108-georgia.tsv.gz data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
expect_rc "ingest SIPRI's register" 0 $BLOC ingest sipri --quiet data/sipri/trade-register-deliveries-extract.csv --recipients crink
zcat data/atop/atop5_1_ddyr.csv.gz | awk -F, 'NR == 1 || $3 >= 2010' >"$T/atop.csv"
expect_rc "ingest ATOP from 2010" 0 $BLOC ingest atop --quiet "$T/atop.csv"
expect_rc "write the report" 0 $BLOC report --group crink --vs g7 --split 2012-01-01 -o "$T/report.html"
expect_out "prints its path" "report\.html$"
f="$T/report.html"
size=$(stat -c %s "$f")
[ "$size" -gt 1000000 ] && [ "$size" -lt 4000000 ] && pass "one file of $size bytes (chart library inlined)" || failed "report size" "$size"
grep -Eqi '<(script|link)[^>]+(src|href)=' "$f" && failed "self-contained" "$(grep -Eoi '<(script|link)[^>]+(src|href)=[^>]*' "$f" | head -3)" || pass "self-contained: no external scripts or styles"
grep -q '"assess":"bloc assess crink --vs g7 --split 2012-01-01"' "$f" && pass "each part names its bloc command" || failed "commands recorded" "$(grep -o '"commands":{[^}]*' "$f" | head -c 300)"
BLOC_DB="$BLOC_DB" $BLOC assess crink --vs g7 --split 2012-01-01 --format json >"$T/assess.json"
/usr/bin/python3 - "$f" "$T/assess.json" <<'PY' && pass "the report's assessment equals bloc assess" || failed "assessment in the report" "differs"
import json, re, sys
html = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<script type="application/json" id="bloc-data">(.*?)</script>', html, re.S)
doc = json.loads(m.group(1))
sys.exit(0 if doc['assess'] == json.load(open(sys.argv[2]))['rows'] else 1)
PY
BLOC_DB="$BLOC_DB" $BLOC arms flows crink --by all --format json >"$T/flows.json"
BLOC_DB="$BLOC_DB" $BLOC alliances crink --format json >"$T/alliances.json"
/usr/bin/python3 - "$f" "$T/flows.json" "$T/alliances.json" <<'PY' && pass "the military channel: the arms shares and the alliances equal bloc arms flows and bloc alliances" || failed "military channel in the report" "differs"
import json, re, sys
html = open(sys.argv[1], encoding='utf-8').read()
doc = json.loads(re.search(r'<script type="application/json" id="bloc-data">(.*?)</script>', html, re.S).group(1))
m = doc['military']
ok = m['share'] == json.load(open(sys.argv[2]))['rows'] and m['alliances'] == json.load(open(sys.argv[3]))['rows']
ok = ok and any(r['kind'] == 'inside' for r in m['flows']) and len(m['deals']) == 40
ok = ok and any('SIPRI release of 2024-04-13' in n for n in doc['notes']['arms_flows'])
sys.exit(0 if ok else 1)
PY

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  failed "headless chromium" "chromium is not installed (scripts/deps installs it)"
else
  flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=8000"
  timeout 120 "$browser" $flags --dump-dom "file://$f" >"$T/dom.html" 2>"$T/chromium.err"
  grep -q 'data-done="1"' "$T/dom.html" && pass "the page script ran to the end" || failed "page script" "$(grep -o '<body[^>]*>' "$T/dom.html" | head -1)"
  grep -q 'data-errors="0"' "$T/dom.html" && pass "no script errors" || failed "script errors" "$(grep -o '<body[^>]*>' "$T/dom.html" | head -1)"
  total=$(grep -o 'class="chart[^"]*"' "$T/dom.html" | wc -l)
  drawn=$(grep -o 'class="chart[^"]*"[^>]*data-rendered="1"' "$T/dom.html" | wc -l)
  [ "$total" -ge 9 ] && [ "$drawn" = "$total" ] && pass "all $total charts drawn as SVG" || failed "charts drawn" "$drawn of $total"
  grep -q 'Formal alliances (ATOP 5.1)' "$T/dom.html" && grep -q '<td>CHN</td><td>PRK</td><td>inside</td><td>mutual</td>' "$T/dom.html" &&
    pass "the alliances table is drawn (China-North Korea: a mutual defence pact)" || failed "alliances table" "$(grep -o 'Formal alliances.\{0,400\}' "$T/dom.html" | head -c 500)"
  grep -q 'Uncaught\|SyntaxError' "$T/chromium.err" && failed "console errors" "$(grep 'Uncaught\|SyntaxError' "$T/chromium.err" | head -3)" || pass "no console errors"
  mkdir -p build/test-logs
  timeout 120 "$browser" $flags --window-size=1200,5000 --screenshot="$PWD/build/test-logs/report.png" "file://$f" >/dev/null 2>&1
  [ -s build/test-logs/report.png ] && pass "screenshot saved (build/test-logs/report.png)" || failed "screenshot" "none"
fi

expect_rc "unknown group: bad input" 1 $BLOC report --group crnk --vs g7 -o "$T/bad.html"
[ ! -e "$T/bad.html" ] && pass "no file written" || failed "no file on error" "$(ls -la "$T"/bad.html*)"
ls "$T"/bad.html.tmp* >/dev/null 2>&1 && failed "no temporary left" "$(ls "$T")" || pass "no temporary file left"
expect_rc "report needs -o" 2 $BLOC report --group crink --vs g7
expect_clean "no sanitizer report"
