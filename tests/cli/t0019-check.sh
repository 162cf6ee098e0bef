#!/usr/bin/env bash
# t0019-check — `bloc check`: claims of each kind found in hand-written
# sentences and each verdict given (tests/cases/check/claims.md against
# claims.expected), the article (data/articles/axis-of-upheaval.md, dated
# 2025-06-01) against article.expected, with the bundled UN votes, SIPRI
# and ATOP extracts loaded; offsets that point at the claim's words; the
# commands printed reproduce the figures; "no data" on a store without a
# source; bad input is exit 1 naming the file and byte, usage exit 2.
. "$(dirname "$0")/lib.sh"
C=tests/cases/check
A=data/articles/axis-of-upheaval.md
U=data/unga
S=data/sipri
# cols FILE COLS...: those columns of a CSV, as CSV
cols() { /usr/bin/python3 - "$@" <<'PY'
import csv, sys
w = csv.writer(sys.stdout, lineterminator='\n')
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
w.writerow(sys.argv[2:])
for r in rows:
    w.writerow([r[c] for c in sys.argv[2:]])
PY
}

expect_rc "usage: no article" 2 $BLOC check
expect_err "usage names the argument" "ARTICLE"
expect_rc "a missing file is bad input" 1 $BLOC check "$T/none.md"
expect_err "the error names the file" "none.md"
printf 'Russia and China \xff met.\n' >"$T/bad.md"
expect_rc "invalid UTF-8 is bad input" 1 $BLOC check "$T/bad.md"
expect_err "the error names the byte" "bad.md: invalid UTF-8 near byte 17"

# a store with the UN votes only: the arms and alliance claims are no data
fresh_store unonly
expect_rc "UN votes into a store" 0 $BLOC ingest unga --quiet --rollcalls $U/un_roll_calls.csv.gz \
  --votes $U/un_votes.csv.gz --issues $U/un_roll_call_issues.csv.gz
expect_rc "UN votes: the later release" 0 $BLOC ingest unga --quiet --votes $U/un_votes_wide_1946_2024.csv.gz
expect_rc "UN votes: the Ukraine resolutions by name" 0 $BLOC ingest unga --quiet --votes $U/ukraine-resolutions-2014-2022.csv
expect_rc "check without SIPRI or ATOP" 0 $BLOC check $C/claims.md --date 2025-06-01 --format csv
cols "$T/out" sentence kind verdict >"$T/nodata.csv"
grep -q '^2,quantity,no data$' "$T/nodata.csv" && grep -q '^7,relation,no data$' "$T/nodata.csv" &&
  pass "a share and an alliance without their sources are no data, not contradicted" ||
  failed "no data without sources" "$(cat "$T/nodata.csv")"

expect_rc "ATOP" 0 $BLOC ingest atop --quiet data/atop/atop5_1_ddyr.csv.gz
expect_rc "SIPRI: the per-delivery register" 0 $BLOC ingest sipri $S/trade-register-deliveries-extract.csv \
  --recipients crink --quiet
expect_rc "SIPRI: the classic register" 0 $BLOC ingest sipri $S/trade-register-classic-extract.csv --among crink --quiet

expect_rc "check the hand-written claims" 0 $BLOC check $C/claims.md --date 2025-06-01 --format csv
cp "$T/out" "$T/claims.csv"
expect_clean "no sanitizer report"
cols "$T/claims.csv" sentence kind claim verdict >"$T/got.csv"
expect_same "each kind of claim and each verdict, as worked out by hand" $C/claims.expected "$T/got.csv"
expect_err "the summary counts the verdicts" "14 claims: 3 supported, 1 close, 2 partly, 3 contradicted, 4 not testable, 1 no data"

# the offsets point at the claim's words, in characters of the file
/usr/bin/python3 - "$T/claims.csv" $C/claims.md >"$T/offsets" <<'PY'
import csv, sys
text = open(sys.argv[2], encoding='utf-8').read()
for r in csv.DictReader(open(sys.argv[1], newline='')):
    print(r['sentence'], r['kind'], text[int(r['start']):int(r['end'])])
PY
grep -qx '2 quantity 78.8%' "$T/offsets" && grep -qx '7 relation North Korea is China.s sole military ally' "$T/offsets" &&
  grep -qx '13 trend increasingly' "$T/offsets" && pass "start and end point at the claim's words" ||
  failed "offsets" "$(cat "$T/offsets")"

# the commands printed reproduce the figures
cmd=$(cols "$T/claims.csv" sentence command | awk -F, '$1 == 3 {print $2}')
[ "$cmd" = "bloc arms share CHN --from 2018 --to 2022" ] && pass "the share's command is printed" ||
  failed "share command" "$cmd"
run $BLOC arms share CHN --from 2018 --to 2022 --format csv
share=$(cols "$T/out" supplier share | awk -F, '$1 == "RUS" {printf "%.1f", $2 * 100}')
cols "$T/claims.csv" sentence found >"$T/found.csv"
grep -q "^3,.*78.8 %.*2024-04-13" "$T/found.csv" && [ "$share" = 78.8 ] &&
  pass "the command gives the figure found (78.8 %, release of 2024-04-13)" || failed "share reproduced" "$share"
run $BLOC alliances CHN --format csv
[ "$(cols "$T/out" a b defense | tail -n +2)" = "CHN,PRK,mutual" ] &&
  pass "the alliance command gives China's only defence pact (North Korea)" || failed "alliance reproduced" "$out"

# the article
expect_rc "check the article" 0 $BLOC check $A --date 2025-06-01 --format csv
cp "$T/out" "$T/article.csv"
cols "$T/article.csv" sentence kind claim claimed found verdict >"$T/got.csv"
expect_same "the article's claims and verdicts" $C/article.expected "$T/got.csv"
expect_rc "json" 0 $BLOC check $A --date 2025-06-01 --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["rows"]; assert len(d) > 10 and all("verdict" in r for r in d)' \
  "$T/out" && pass "json rows" || failed "json" "$(head -c 300 "$T/out")"
expect_rc "standard input" 0 $BLOC check - --date 2025-06-01 --format csv <$C/claims.md
cols "$T/out" sentence kind claim verdict >"$T/stdin.csv"
expect_same "standard input reads as the file" $C/claims.expected "$T/stdin.csv"

# the page: the article with every claim marked, drawn in headless Chromium
expect_rc "html" 0 $BLOC check $A --date 2025-06-01 --format html
cp "$T/out" "$T/check.html"
grep -q '<script type="application/json" id="bloc-data">' "$T/check.html" && ! grep -q '<script src=' "$T/check.html" &&
  pass "one self-contained page (data and scripts inlined)" || failed "self-contained" "$(head -c 300 "$T/check.html")"
n=$(($(wc -l <"$T/article.csv") - 1))
browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  failed "headless chromium" "chromium is not installed (scripts/deps installs it)"
else
  flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=8000"
  timeout 120 "$browser" $flags --dump-dom "file://$T/check.html" >"$T/dom.html" 2>"$T/chromium.err"
  body=$(grep -o '<body[^>]*>' "$T/dom.html" | head -1)
  case $body in *'data-done="1"'*'') pass "the page script ran to the end" ;; *) failed "page script" "$body" ;; esac
  case $body in *'data-errors="0"'*) pass "no script errors" ;; *) failed "script errors" "$body" ;; esac
  case $body in *'data-charts="1"'*) pass "the verdict chart is drawn as SVG" ;; *) failed "chart" "$body" ;; esac
  marks=$(grep -o '<mark class="claim [^"]*"' "$T/dom.html" | wc -l)
  refs=$(grep -o '<sup class="claim-ref">' "$T/dom.html" | wc -l)
  [ "$refs" = "$n" ] && [ "$marks" -ge 1 ] && [ "$marks" -le "$n" ] &&
    pass "each of the $n claims has its place in the article ($marks marks)" || failed "marks" "$marks marks, $refs refs, $n claims"
  grep -q '<mark class="claim v-close" id="mark-[0-9]*" title="close: RUS supplies 83% of CHN.s arms imports, 2018-2022">83%</mark>' "$T/dom.html" &&
    pass "the 83 % is marked in place, in the colour of its verdict" || failed "the 83 % mark" "$(grep -o '<mark[^>]*>83%</mark>' "$T/dom.html")"
  grep -q '<div class="cmd" title="reproduces this figure">bloc arms share CHN --from 2018 --to 2022</div>' "$T/dom.html" &&
    pass "the commands that reproduce a verdict are shown" || failed "commands" ""
  grep -q 'Uncaught\|SyntaxError' "$T/chromium.err" && failed "console errors" "$(grep 'Uncaught\|SyntaxError' "$T/chromium.err" | head -3)" || pass "no console errors"
fi
expect_rc "html from standard input (read once, for the claims and the page)" 0 $BLOC check - --date 2025-06-01 --format html <$C/claims.md
/usr/bin/python3 - "$T/out" <<'PY' && pass "the page holds the article read and its 14 claims" || failed "html from stdin" "$(head -c 300 "$T/out")"
import json, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<script type="application/json" id="bloc-data">(.*?)</script>', page, re.S)
d = json.loads(m.group(1))
assert d['article']['path'] == '-' and 'drifting apart' in d['article']['text'] and len(d['claims']) == 14
PY
