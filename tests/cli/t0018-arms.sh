#!/usr/bin/env bash
# t0018-arms — SIPRI arms transfers (data/sipri): every layout loads with
# every name resolved; figures are recomputed here with awk over SIPRI's own
# CSV (China's imports 2018-2022: 5,552 in the table, Russia 78.8 %);
# coverage makes "no data", never 0; a newer release replaces an older one
# for queries, reporting deal-years added, removed and revised; Windows-1252
# input, the wrapped record, '?' flags, empty versus 0 TIV; bad rows are
# errors with file:line or quarantined.
. "$(dirname "$0")/lib.sh"
D=data/sipri
DEL=$D/trade-register-deliveries-extract.csv
CLA=$D/trade-register-classic-extract.csv
IMP=$D/tiv-imports-by-recipient-1990-2023.csv
EXP=$D/tiv-exports-by-supplier-1990-2023.csv
# col NAME: the column's number in the last run's CSV output
field() { /usr/bin/python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(r[0][sys.argv[2]])' "$T/out" "$1"; }
# awk over the per-delivery register: its data rows (after the header)
reg() { awk -F, 'f {print} /^SIPRI AT Database ID,/ {f = 1}' "$DEL"; }
crink='^(China|Russia|Iran|North Korea)$'

expect_rc "ingest the per-delivery register (an extract: every delivery to CRINK)" 0 \
  $BLOC ingest sipri "$DEL" --recipients crink --format csv
rows=$(reg | wc -l)
[ "$(field rows)" = "$rows" ] && [ "$(field inserted)" = "$rows" ] &&
  pass "every row read and stored ($rows)" || failed "rows" "$out"
[ "$(field release)" = 2024-04-13 ] && pass "the release is read from SIPRI's preamble (Data generated: 13 Apr 2024)" ||
  failed "release" "$out"
[ "$(field scope)" = "recipients:CHN,IRN,PRK,RUS" ] && pass "the coverage declared is recorded" || failed "scope" "$out"
ns=$(reg | awk -F, '$2 ~ /^unknown|\*$/ || $3 ~ /^unknown|\*$/' | wc -l)
[ "$(field nonstate)" = "$ns" ] && pass "rows naming non-state actors counted ($ns)" || failed "nonstate" "$out"
[ "$(store_sql "SELECT count(*) FROM arms_deliveries WHERE supplier = 'X-UNKNOWN-SUPPLIER' AND supplier_name = 'unknown supplier(s)'")" = "$ns" ] &&
  pass "'unknown supplier(s)' keeps a code of its own, not a state's" || failed "unknown supplier code" ""

expect_rc "re-load" 0 $BLOC ingest sipri "$DEL" --recipients crink --format csv
[ "$(field inserted)" = 0 ] && [ "$(field duplicates)" = "$rows" ] && pass "a re-load changes nothing" || failed "re-load" "$out"

expect_rc "the other layouts" 0 $BLOC ingest sipri "$CLA" --among crink --format csv
[ "$(field joined)" = 1 ] && pass "the record SIPRI broke onto two lines is joined" || failed "joined" "$out"
[ "$(field rejected)" = 0 ] && pass "every classic record read" || failed "classic rejected" "$out"
expect_rc "the TIV tables" 0 $BLOC ingest sipri "$IMP" "$EXP" --format csv
[ "$(awk -F, 'NR > 1 {print $2}' "$T/out" | tr '\n' ' ')" = "imports exports " ] && pass "both tables told by their header" ||
  failed "tables" "$out"

# every name in the four files resolves: nothing was rejected above, and
# each distinct SIPRI name maps to one code
n_names=$(store_sql "SELECT count(DISTINCT name) FROM (SELECT supplier_name AS name FROM arms_deliveries
  UNION SELECT recipient_name FROM arms_deliveries UNION SELECT name FROM arms_tiv) x")
n_pairs=$(store_sql "SELECT count(*) FROM (SELECT DISTINCT supplier_name, supplier FROM arms_deliveries
  UNION SELECT DISTINCT recipient_name, recipient FROM arms_deliveries UNION SELECT DISTINCT name, country FROM arms_tiv) x")
[ "$n_names" -gt 200 ] && [ "$n_names" = "$n_pairs" ] && pass "all $n_names SIPRI names resolve, each to one code" ||
  failed "names" "$n_names names, $n_pairs name-code pairs"
for p in "Hezbollah (Lebanon)*|X-HEZBOLLAH" "Houthi rebels (Yemen)*|X-HOUTHIS" "United Nations**|X-UN" \
  "Soviet Union|SUN" "North Korea|PRK" "Turkiye|TUR" "Viet Nam|VNM" "United States|USA" "East Germany (GDR)|DDR"; do
  [ "$(store_sql "SELECT DISTINCT name || '|' || country FROM arms_tiv WHERE name = '${p%%|*}'")" = "$p" ] &&
    pass "$p" || failed "name $p" "$(store_sql "SELECT DISTINCT name, country FROM arms_tiv WHERE name = '${p%%|*}'")"
done

# Russia's share of China's imports 2018-2022, against awk over the CSV
expect_rc "arms share CHN 2018-2022" 0 $BLOC arms share CHN --from 2018 --to 2022 --format csv
reg | awk -F, '$3 == "China" && $11 >= 2018 && $11 <= 2022 {t[$2] += $16; n[$2]++}
  END {for (s in t) printf "%s|%.2f|%d\n", s, t[s], n[s]}' | sort >"$T/awk-share"
awk -F, 'NR > 1 {printf "%s|%.2f|%d\n", $3, $6, $8}' "$T/out" | sort >"$T/bloc-share"
expect_same "each supplier's TIV and deliveries as awk sums them" "$T/awk-share" "$T/bloc-share"
[ "$(awk -F, '$2 == "RUS" {print $7}' "$T/out")" = 0.7879 ] && pass "Russia: 78.8 % (release of 13 Apr 2024)" || failed "share" "$out"
expect_err "the release is named" 'SIPRI release of 2024-04-13'
expect_err "the total is said" "CHN's imports 2018-2022: 5551.55 TIV"
table=$(awk -F, '/^Recipient,/ {for (i = 1; i <= NF; i++) c[$i] = i} $1 == "China" {print $c["2018"] + $c["2019"] + $c["2020"] + $c["2021"] + $c["2022"]}' "$IMP")
[ "$table" = 5552 ] && pass "the recipient table says 5,552 for the same years" || failed "table" "$table"
awk -F, 'NR > 1 {s += $7} END {exit !(s > 0.999 && s < 1.001)}' "$T/out" && pass "shares add up to 1" || failed "shares sum" "$out"
expect_out "columns include supplier, tiv, share, release" '^recipient,supplier,supplier_name,from,to,tiv,share,deliveries,deals,unknown_tiv,estimate,release,layout$'
expect_rc "--evidence" 0 $BLOC arms share CHN --from 2018 --to 2022 --evidence --format csv
[ "$(($(wc -l <"$T/out") - 1))" = "$(awk -F'|' '{n += $3} END {print n}' "$T/awk-share")" ] &&
  pass "the evidence is exactly the deal-years counted" || failed "evidence rows" "$(wc -l <"$T/out")"
expect_out "with file:line" "trade-register-deliveries-extract.csv:[0-9]+$"

expect_rc "arms share for every recipient" 0 $BLOC arms share --from 2018 --to 2022 --format csv
covered=$(reg | awk -F, -v c="$crink" '$3 ~ c && $11 >= 2018 && $11 <= 2022 {print $3}' | sort -u | wc -l)
[ "$(awk -F, 'NR > 1 {print $1}' "$T/out" | sort -u | wc -l)" = "$covered" ] && ! awk -F, 'NR > 1 {print $1}' "$T/out" | grep -vqE '^(CHN|IRN|PRK|RUS)$' &&
  pass "only the $covered CRINK recipients with imports get shares" || failed "every recipient" "$(awk -F, 'NR > 1 {print $1}' "$T/out" | sort -u)"
others=$(reg | awk -F, -v c="$crink" '$3 !~ c && $11 >= 2018 && $11 <= 2022 {print $3}' | sort -u | wc -l)
expect_err "the others are said to be no data" "$others recipients? the files of this release do not hold every delivery to"
[ "$(awk -F, '$1 == "CHN" && $2 == "RUS" {print $6 "," $7}' "$T/out")" = "4374.25,0.7879" ] && pass "the same figure for China" || failed "CHN in all" "$out"

expect_rc "a recipient the files do not cover" 0 $BLOC arms share PAK --from 2018 --to 2022 --format csv
expect_err "is no data, with why" "no data: the files of this release do not hold every delivery to PAK"
[ "$(wc -l <"$T/out")" = 1 ] && pass "and no rows (not a share of 0)" || failed "PAK rows" "$out"
expect_rc "years outside the release" 0 $BLOC arms share CHN --from 1980 --to 1985 --format csv
expect_err "are no data" "no data: the release covers 1990-2023, not 1980-1985"

# flows inside CRINK: the per-delivery release covers them and the imports
# from outside; awk sums the same
expect_rc "arms flows crink --by all" 0 $BLOC arms flows crink --by all --format csv
inside=$(reg | awk -F, -v c="$crink" '$2 ~ c && $3 ~ c {s += $16} END {printf "%.2f", s}')
outside=$(reg | awk -F, -v c="$crink" '$2 !~ c && $3 ~ c {s += $16} END {printf "%.2f", s}')
[ "$(awk -F, '$2 == "inside" {print $5}' "$T/out")" = "$inside" ] && pass "inside CRINK 1990-2023: $inside TIV" || failed "inside" "$out"
[ "$(awk -F, '$2 == "outside" {print $5}' "$T/out")" = "$outside" ] && pass "from outside: $outside TIV" || failed "outside" "$out"
[ "$(awk -F, '$2 == "flow"' "$T/out" | wc -l)" = 12 ] && pass "every directed pair listed (12)" || failed "pairs" "$out"
[ "$(awk -F, '$2 == "flow" && $3 == "IRN" && $4 == "PRK" {print $5 "," $7}' "$T/out")" = "0.00,0" ] &&
  pass "a covered pair without deliveries is 0 with 0 deliveries" || failed "IRN->PRK" "$out"
expect_rc "the classic release, by --release" 0 $BLOC arms flows crink --by all --release 2024-10-13 --format csv
[ "$(awk -F, '$2 == "outside" {print $5}' "$T/out")" = NA ] && pass "imports from outside are NA where the files hold only deals among members" ||
  failed "outside NA" "$out"
expect_err "the classic spread is said to be an estimate" "spreads it evenly over them, so a year's figure is an estimate"
cla_inside=$(awk -F, -v c="$crink" 'f && $1 ~ c && $2 ~ c && $11 != "" {s += $16} /^Recipient,Supplier,/ {f = 1} END {printf "%.2f", s}' "$CLA")
[ "$(awk -F, '$2 == "inside" {print $5}' "$T/out")" = "$cla_inside" ] && pass "inside CRINK from the classic deals: $cla_inside TIV" ||
  failed "classic inside" "$out"

expect_rc "arms deals" 0 $BLOC arms deals --supplier RUS --recipient CHN --from 2018 --to 2022 --format csv
[ "$(($(wc -l <"$T/out") - 1))" = "$(awk -F'|' '$1 == "Russia" {print $3}' "$T/awk-share")" ] && pass "the deals behind Russia's figure" || failed "deals" "$out"
expect_out "columns include designation" '^release,layout,deal,year,supplier,recipient,supplier_name,recipient_name,designation,'
expect_rc "arms deals by category" 0 $BLOC arms deals --recipient CHN --category Aircraft --from 2018 --to 2022 --format csv
[ "$(awk -F, 'NR > 1 && $11 != "Aircraft"' "$T/out" | wc -l)" = 0 ] && [ "$(wc -l <"$T/out")" -gt 1 ] && pass "--category" || failed "category" "$out"
expect_rc "the wrapped record, joined" 0 $BLOC arms deals --release 2024-10-13 --recipient THA --format csv
[ "$(awk -F, 'NR > 1' "$T/out" | wc -l)" = 2 ] && pass "Thailand's BTR-3 deal: two deal-years (2010; 2012)" || failed "wrapped" "$out"
expect_out "its TIV (3.25) spread over them, marked an estimate" ',1\.63,yes,|,1\.62,yes,'
expect_out "the comment kept whole" 'redesign for other engines'
expect_rc "'?' flags" 0 $BLOC arms deals --release 2024-10-13 --supplier RUS --recipient CHN --from 2018 --to 2019 --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)["rows"]; r=[x for x in d if x["designation"]=="9M96"]; assert r and "order year" in r[0]["uncertain"] and "number ordered" in r[0]["uncertain"]' <"$T/out" &&
  pass "the classic register's '?' flags are kept (9M96: order year, number ordered)" || failed "flags" "$(head -c 400 "$T/out")"

expect_rc "stats --check" 0 $BLOC stats --check --format csv
[ "$(awk -F, 'NR > 1 && $NF == "ok"' "$T/out" | wc -l)" = 4 ] && pass "the register agrees with the TIV table for the 4 recipients it covers" ||
  failed "check" "$out"
expect_rc "arms releases" 0 $BLOC arms releases --format csv
[ "$(wc -l <"$T/out")" = 5 ] && pass "four releases listed" || failed "releases" "$out"

# the military channel in assess: arms between members, the share of their
# imports they supply each other, alliance ties; awk recomputes the figures
zcat data/atop/atop5_1_ddyr.csv.gz | awk -F, 'NR == 1 || $3 >= 2000' >"$T/atop.csv"
expect_rc "ingest ATOP from 2000" 0 $BLOC ingest atop "$T/atop.csv" --quiet
expect_rc "assess crink --vs g7, split 2014-03-01" 0 $BLOC assess crink --vs g7 --split 2014-03-01 --format csv
ind() { /usr/bin/python3 -c 'import csv,sys; r=[x for x in csv.DictReader(open(sys.argv[1])) if x["set"]==sys.argv[2] and x["indicator"]==sys.argv[3]]; print(",".join(r[0][k] for k in sys.argv[4:]))' "$T/out" "$@"; }
per_year() { reg | awk -F, -v c="$crink" -v a="$1" -v b="$2" '$2 ~ c && $3 ~ c && $11 >= a && $11 <= b {s += $16} END {printf "%.4f", s / (b - a + 1)}'; }
[ "$(ind crink "arms inside" before after)" = "$(per_year 2004 2013),$(per_year 2014 2023)" ] &&
  pass "arms inside CRINK: TIV a year 2004-2013 and 2014-2023 as awk sums them" || failed "arms inside" "$(ind crink "arms inside" before after) vs $(per_year 2004 2013),$(per_year 2014 2023)"
share_of() { reg | awk -F, -v c="$crink" -v a="$1" -v b="$2" '$3 ~ c && $11 >= a && $11 <= b {all += $16; if ($2 ~ c) in_ += $16} END {printf "%.4f", in_ / all}'; }
[ "$(ind crink "arms imports from members" before after)" = "$(share_of 2004 2013),$(share_of 2014 2023)" ] &&
  pass "the share of CRINK's imports from members, before and after" || failed "arms share" "$(ind crink "arms imports from members" before after)"
[ "$(ind crink "arms inside" direction)" = down ] && pass "arms inside CRINK: down after 2014 (the interval excludes no change)" || failed "direction" "$(ind crink "arms inside" direction reason)"
[ "$(ind g7 "arms inside" direction)" = "no data" ] && pass "the G7's arms are no data: the extract holds deliveries to CRINK only" || failed "g7 arms" "$(ind g7 "arms inside" direction)"
ties=$(awk -F, 'function m(x) {return x == 365 || x == 710 || x == 630 || x == 731}
  NR > 1 && m($1) && m($2) && $1 < $2 && $3 >= 2004 && $3 <= 2013 && ($4 + $5 + $6 + $7 + $8) > 0 {n++} END {printf "%.4f", n / 60}' "$T/atop.csv")
[ "$(ind crink "alliance ties" before n_before)" = "$ties,60" ] && pass "alliance ties inside CRINK 2004-2013: $ties of 60 pair-years, as awk counts" ||
  failed "alliance ties" "$(ind crink "alliance ties" before n_before) vs $ties"
expect_rc "assess with the split of 2022" 0 $BLOC assess crink --vs g7 --split 2022-02-24 --format csv
[ "$(ind crink "arms inside" direction reason)" = "insufficient data,10 and 2 years resampled; an interval needs at least 5 on each side" ] &&
  pass "two SIPRI years after 2022 carry no direction" || failed "2022 arms" "$(ind crink "arms inside" direction reason)"
[ "$(ind crink "alliance ties" direction)" = "no data" ] && pass "alliance ties after 2022: no data (ATOP ends in 2018)" || failed "ATOP after 2018" "$(ind crink "alliance ties" direction)"
expect_rc "assess --evidence" 0 $BLOC assess crink --vs g7 --split 2014-03-01 --evidence --limit 0 --format csv
n_ev=$(awk -F, '$2 == "arms inside" && $4 == "before"' "$T/out" | wc -l)
n_awk=$(reg | awk -F, -v c="$crink" '$2 ~ c && $3 ~ c && $11 >= 2004 && $11 <= 2013' | wc -l)
[ "$n_ev" = "$n_awk" ] && pass "the evidence of arms inside is exactly the $n_awk deal-years counted" || failed "evidence" "$n_ev vs $n_awk"

expect_rc "index fills its arms column" 0 $BLOC index --year 2020 --format csv
both=$(reg | awk -F, '$11 == 2020 && (($2 == "China" && $3 == "Russia") || ($2 == "Russia" && $3 == "China")) {s += $16} END {printf "%.2f", s}')
[ "$(awk -F, '$2 == "CHN" && $3 == "RUS" {print $10}' "$T/out")" = "$both" ] && pass "CHN-RUS 2020: $both TIV both ways" || failed "index arms" "$out"
[ "$(awk -F, '$2 == "CHN" && $3 == "FRA" {print $10 "," $11}' "$T/out")" = "NA,NA" ] &&
  pass "CHN-FRA: NA (the extract holds France's deliveries to China, not China's to France)" || failed "index coverage" "$(grep FRA "$T/out")"
[ "$(awk -F, '$2 == "IRN" && $3 == "RUS" {print $10}' "$T/out")" != NA ] && pass "IRN-RUS: covered both ways" || failed "index IRN-RUS" "$(grep IRN "$T/out")"
expect_err "the release is named" "arms: TIV both ways \(SIPRI release of 2024-04-13\)"

# a newer release replaces an older one for queries, reporting the changes
fresh_store releases
head -n 11 "$DEL" | sed 's/^Data generated: 13 Apr 2024.*/Data generated: 14 Mar 2023 10:00:00 AM/' >"$T/old.csv"
{ echo "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production"
  reg | awk -F, -v OFS=, '$1 == 54640 {next} $1 == 34676 && $11 == 2002 {$16 = 99} {print}'
  echo "999999,Russia,China,Test,test,Other,2000,No,1,No,2000,No,New,1,1,1,No"; } >>"$T/old.csv"
added=$(reg | awk -F, '$1 == 54640' | wc -l)
expect_rc "the older release" 0 $BLOC ingest sipri "$T/old.csv" --recipients crink --format csv
expect_rc "the newer release" 0 $BLOC ingest sipri "$DEL" --recipients crink --format csv
[ "$(field previous)" = 2023-03-14 ] && [ "$(field added)" = "$added" ] && [ "$(field removed)" = 1 ] && [ "$(field revised)" = 1 ] &&
  pass "against the release before it: $added deal-years added, 1 removed, 1 revised" || failed "diff" "$out"
expect_rc "share uses the newest" 0 $BLOC arms share IRN --from 2002 --to 2002 --format csv
[ "$(awk -F, '$2 == "BLR" {print $6}' "$T/out")" = 15.60 ] && pass "the newest release's figure" || failed "newest" "$out"
expect_rc "--release the older" 0 $BLOC arms share IRN --from 2002 --to 2002 --release 2023-03-14 --format csv
[ "$(awk -F, '$2 == "BLR" {print $6 "," $12}' "$T/out")" = "99.00,2023-03-14" ] && pass "--release gives the older figure, named" || failed "older" "$out"
expect_rc "re-load of the newer" 0 $BLOC ingest sipri "$DEL" --recipients crink --format csv
[ "$(field inserted)" = 0 ] && [ "$(field revised)" = 1 ] && pass "a re-load changes nothing and reports the same" || failed "re-load diff" "$out"
expect_rc "loading the older one again" 0 $BLOC ingest sipri "$T/old.csv" --recipients crink
expect_err "says a newer release is used" "a newer deliveries release \(20240413\) is stored"

# Windows-1252, empty versus 0 TIV
fresh_store encoding
{ head -n 12 "$DEL"
  printf '1,France,C\364te d\222Ivoire,Test-1,patrol craft,Ships,2019,No,2,No,2020,No,New,1,1,,No\n'
  printf '2,France,C\364te d\222Ivoire,Test-2,radar,Sensors,2019,No,1,No,2020,No,New,0.2,0.2,0,No\n'
  printf '3,France,C\364te d\222Ivoire,Test-3,radar,Sensors,2019,No,1,No,2020,No,New,3,3,3,No\n'; } >"$T/latin1.csv"
expect_rc "a Windows-1252 file" 0 $BLOC ingest sipri "$T/latin1.csv" --format csv
[ "$(field encoding)" = Windows-1252 ] && pass "its encoding is detected" || failed "encoding" "$out"
[ "$(store_sql "SELECT DISTINCT recipient || '|' || recipient_name FROM arms_deliveries")" = "CIV|Côte d’Ivoire" ] &&
  pass "names converted to UTF-8 (the Windows quote too) and resolved" || failed "conversion" "$(store_sql "SELECT recipient, recipient_name FROM arms_deliveries")"
expect_rc "empty vs 0" 0 $BLOC arms deals --format csv
[ "$(awk -F, 'NR > 1 {print $9 "=" $15}' "$T/out" | sort | tr '\n' ' ')" = "Test-1=NA Test-2=0.00 Test-3=3.00 " ] &&
  pass "an empty TIV stays empty (NA), a 0 stays 0" || failed "empty vs 0" "$out"
expect_rc "a share with an unknown TIV" 0 $BLOC arms share CIV --format csv
[ "$(field tiv),$(field deliveries),$(field unknown_tiv)" = "3.00,3,1" ] && pass "counted as a delivery, not as TIV" || failed "unknown tiv" "$out"
expect_err "and said" "1 deal-year with no TIV"

# bad input: file:line and the reason, nothing stored
fresh_store bad
sed '/^Data generated/d' "$DEL" >"$T/norelease.csv"
expect_rc "no Data generated line" 1 $BLOC ingest sipri "$T/norelease.csv"
expect_err "names file:line and why" "norelease.csv:11: no \"Data generated: DD Mon YYYY\" line above the header"
{ head -n 13 "$DEL"; reg | sed -n 2p | awk -F, -v OFS=, '{$16 = "abc"; print}'; } >"$T/badtiv.csv"
expect_rc "a TIV that is not a number" 1 $BLOC ingest sipri "$T/badtiv.csv"
expect_err "names file:line and the field" "badtiv.csv:14: TIV delivery values: 'abc' is not a TIV"
[ "$(store_sql "SELECT count(*) FROM arms_deliveries")" = 0 ] && pass "nothing stored" || failed "stored after a bad row" ""
{ head -n 13 "$DEL"; reg | sed -n 2p | sed 's/,Belarus,/,Ruritania,/'; } >"$T/badname.csv"
expect_rc "an unknown name" 1 $BLOC ingest sipri "$T/badname.csv"
expect_err "is named" "badname.csv:14: 'Ruritania' is neither a state in the registry nor a non-state actor"
expect_rc "with --quarantine" 1 $BLOC ingest sipri "$T/badname.csv" --quarantine "$T/q.csv"
grep -q "badname.csv,14,.*Ruritania" "$T/q.csv" && pass "the bad row quarantined" || failed "quarantine" "$(cat "$T/q.csv")"
[ "$(store_sql "SELECT count(*) FROM arms_deliveries")" = 1 ] && pass "the good row stored" || failed "good row" ""
printf 'Recipient,Supplier\nChina,Russia\n' >"$T/nohdr.csv"
expect_rc "no SIPRI header" 1 $BLOC ingest sipri "$T/nohdr.csv"
expect_err "says which layouts" "no SIPRI header in the first 40 lines: expected the per-delivery register"
{ head -n 13 "$DEL"; reg | sed -n 3p | awk -F, -v OFS=, '{$11 = 1989; print}'; } >"$T/year.csv"
expect_rc "a delivery outside the export's years" 1 $BLOC ingest sipri "$T/year.csv"
expect_err "is an error" "delivery year 1989 is outside the export's year range 1990-2023"
expect_rc "two files, the second bad" 1 $BLOC ingest sipri "$DEL" "$T/badtiv.csv" --recipients crink
expect_err "says what was kept" "nothing from .*badtiv.csv was stored \(the file was rolled back\); the files before it were stored"
expect_clean "no sanitizer report"
