#!/usr/bin/env bash
# t0017-alliances — ATOP 5.1 alliances (data/atop): the load counts every
# row once (stored, the other order, re-load, states the registry lacks),
# each unordered dyad-year is stored once, as awk counts them over the
# file; the article's claim is answerable (2018: China's only defence pact
# is with North Korea; Russia and China share non-aggression and
# consultation, no defence pact); a one-sided obligation stays one-sided;
# a year past the data is no data; bad rows are errors with file:line.
. "$(dirname "$0")/lib.sh"
F=data/atop/atop5_1_ddyr.csv.gz

expect_rc "ingest atop" 0 $BLOC ingest atop "$F" --format csv
rows=$(echo "$out" | awk -F, 'NR == 2 {print $2}')
ins=$(echo "$out" | awk -F, 'NR == 2 {print $3}')
mir=$(echo "$out" | awk -F, 'NR == 2 {print $4}')
dup=$(echo "$out" | awk -F, 'NR == 2 {print $5}')
unk=$(echo "$out" | awk -F, 'NR == 2 {print $6}')
total=$(zcat "$F" | tail -n +2 | wc -l)
[ "$rows" = "$total" ] && pass "every row read ($total)" || failed "rows read" "$rows of $total"
[ $((ins + mir + dup + unk)) = "$rows" ] && pass "every row accounted for: $ins stored, $mir the other order, $dup the same again, $unk unknown states" ||
  failed "rows accounted for" "$ins + $mir + $dup + $unk != $rows"
left=$(echo "$err" | sed -n 's/.*(COW \([0-9,]*\):.*/\1/p')
[ -n "$left" ] && pass "the note names the states left out ($left)" || failed "note on unknown states" "$err"
# awk: unordered dyad-years per year from 1946 (every state since is in the
# registry); 1990 is left out: West and unified Germany are both DEU that
# year (North Yemen and Yemen both YEM), so their ties are one row each;
# so is 1993: ATOP still lists Czechoslovakia (315), which the registry
# ends on 1992-12-31, and those rows are among the unknown ones
zcat "$F" | awk -F, 'NR > 1 && $3 >= 1946 && $3 != 1990 && $3 != 1993 {k = ($1 < $2) ? $1 "," $2 "," $3 : $2 "," $1 "," $3; if (!(k in seen)) n[$3]++; seen[k] = 1}
  END {for (y in n) print y "|" n[y]}' | sort >"$T/awk-years"
store_sql "SELECT year, count(*) FROM alliance_years WHERE year >= 1946 AND year NOT IN (1990, 1993) GROUP BY year ORDER BY year" >"$T/bloc-years"
expect_same "each unordered dyad-year once, 1946-2018 year by year (but 1990, 1993), as awk counts them" "$T/awk-years" "$T/bloc-years"
want=$(store_sql "SELECT count(*) FROM alliance_years")
# one-sided rows: the two orders differ
one=$(zcat "$F" | awk -F, 'NR > 1 {k = ($1 < $2) ? $1 "," $2 "," $3 : $2 "," $1 "," $3; v = $4 $5 $6 $7 $8; if (k in s && s[k] != v) n++; s[k] = v} END {print n}')
[ "$one" -gt 0 ] && pass "the file has $one dyad-years whose orders differ" || failed "one-sided dyad-years in the file" "$one"

expect_rc "re-load" 0 $BLOC ingest atop "$F" --format csv
[ "$(echo "$out" | awk -F, 'NR == 2 {print $3 + $4}')" = 0 ] && pass "a re-load stores nothing new" || failed "re-load" "$out"
[ "$(store_sql "SELECT count(*) FROM alliance_years")" = "$want" ] && pass "a re-load leaves the same dyad-years" || failed "re-load count" ""

expect_rc "alliances CHN (default year)" 0 $BLOC alliances CHN --format csv
expect_err "the default year is said" "year 2018: the last year"
[ "$(echo "$out" | awk -F, '$4 == "outside" && $5 != "no"' | cut -d, -f2,3)" = "CHN,PRK" ] &&
  pass "2018: China's only defence pact is with North Korea" || failed "China's defence pacts" "$out"
expect_rc "alliances RUS,CHN 2018" 0 $BLOC alliances RUS,CHN --year 2018 --format csv
expect_out "Russia-China 2018: non-aggression and consultation, no defence pact" '^2018,CHN,RUS,inside,no,no,no,mutual,mutual,'
expect_rc "alliances GTM,HND 1907" 0 $BLOC alliances GTM,HND --year 1907 --format csv
expect_out "a one-sided obligation stays one-sided (Honduras owes Guatemala neutrality)" '^1907,GTM,HND,inside,no,no,HND to GTM,mutual,no,'
expect_rc "crink pairs without a tie are listed as no" 0 $BLOC alliances crink --year 2018 --format csv
[ "$(echo "$out" | grep -c ',inside,')" = 6 ] && pass "all 6 CRINK pairs listed" || failed "CRINK pairs" "$out"
expect_out "Iran and North Korea: no tie" '^2018,IRN,PRK,inside,no,no,no,no,no,'
expect_rc "a year past the data" 0 $BLOC alliances crink --year 2020 --format csv
expect_err "is no data, with the span" "no data: the alliance data \(ATOP 5.1\) cover 1815-2018, not 2020"
[ "$(echo "$out" | wc -l)" = 1 ] && pass "and no rows" || failed "rows for 2020" "$out"
expect_rc "JSON" 0 $BLOC alliances CHN --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["rows"][0]["b"] == "PRK"' <"$T/out" && pass "JSON rows" || failed "JSON" "$out"

# bad rows: file:line and the reason, nothing stored
fresh_store bad
printf 'ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n710,731,2018,1,0,0,1,0\n710,731,2018,2,0,0,1,0\n' >"$T/bad.csv"
expect_rc "an obligation that is not 0 or 1" 1 $BLOC ingest atop "$T/bad.csv"
expect_err "names file:line and the field" "bad.csv:3: atop_defense: '2' is not 0 or 1"
[ "$(store_sql "SELECT count(*) FROM alliance_years")" = 0 ] && pass "nothing stored" || failed "stored after a bad row" ""
expect_rc "with --quarantine" 1 $BLOC ingest atop "$T/bad.csv" --quarantine "$T/q.csv"
grep -q "bad.csv,3,.*atop_defense" "$T/q.csv" && pass "the bad row quarantined" || failed "quarantine" "$(cat "$T/q.csv")"
[ "$(store_sql "SELECT count(*) FROM alliance_years")" = 1 ] && pass "the good row stored" || failed "good row" ""
printf 'ccode1,ccode2,year\n1,2,3\n' >"$T/hdr.csv"
expect_rc "another header" 1 $BLOC ingest atop "$T/hdr.csv"
expect_err "says which header" "bad header: expected 'ccode1,ccode2,year,atop_defense"
expect_clean "no sanitizer report"
