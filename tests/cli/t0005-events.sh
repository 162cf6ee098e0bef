#!/usr/bin/env bash
# bloc's own event format (CSV and JSON Lines) through the CLI: hand-made
# fixtures in tests/cases/events, derived fields checked against the CAMEO
# tables, idempotency, every rejection reason, quarantine and rollback.
. "$(dirname "$0")/lib.sh"
C=tests/cases/events
weight() { awk -F'\t' -v c="$1" '$1==c {printf "%.1f", $2}' data/cameo/CAMEO.goldsteinscale.txt; }
q() { store_sql "$1"; }

expect_rc "ingest CSV and JSON Lines" 0 $BLOC ingest events --format csv $C/hand.csv $C/hand.jsonl
expect_out "CSV: 5 inserted" "hand\.csv,csv,5,5,0,0"
expect_out "JSONL: 3 inserted (blank line skipped)" "hand\.jsonl,jsonl,3,3,0,0"
expect_clean "no sanitizer report"
got=$(q "select actor1_country||'-'||actor2_country from events where source_event_id in ('e1','e3','j2') order by 1" | tr '\n' ' ')
[ "$got" = "RUS-PRK RUS-PRK RUS-PRK " ] && pass "names and aliases resolve (Russia, DPRK, Russian Federation, North Korea)" || failed "country names resolve" "$got"
# the score as %.1f by awk: the backends print a real each their own way
g1() { q "select goldstein, goldstein_origin, domain, quad_class from events where source_event_id='$1'" |
  awk -F'|' '{printf "%.1f", $1; for (i = 2; i <= NF; i++) printf ":%s", $i; print ""}'; }
got=$(g1 e2)
[ "$got" = "$(weight 062):1:military:2" ] && pass "062 gets its weight, military, quad 2" || failed "062 derived fields" "$got"
got=$(g1 e4 | cut -d: -f1,2)
[ "$got" = "$(weight 195):2" ] && pass "1951 gets the weight of 195" || failed "1951 parent weight" "$got"
got=$(g1 e3 | cut -d: -f1,2)
[ "$got" = "1.9:0" ] && pass "a given Goldstein score is kept" || failed "given goldstein kept" "$got"
got=$(q "select domain from events where source_event_id='e5'")
[ "$got" = technology ] && pass "a given domain is kept" || failed "given domain kept" "$got"
got=$(q "select source from events where source_event_id='j1'")
[ "$got" = icews ] && pass "a record's own source is kept" || failed "record source" "$got"
got=$(q "select geo_lat||','||geo_lon from events where source_event_id='j2'")
[ "$got" = "43.1,131.9" ] && pass "JSON numbers are read" || failed "JSON numbers" "$got"

expect_rc "re-ingest" 0 $BLOC ingest events --format csv $C/hand.csv
expect_out "re-ingest: all duplicates" "hand\.csv,csv,5,0,5,0"
expect_rc "events --dyad RUS,PRK" 0 $BLOC events --dyad Russia,DPRK --limit 0 --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 5 ] && pass "5 RUS-PRK events" || failed "5 RUS-PRK events" "$out"
expect_rc "events --source icews" 0 $BLOC events --source icews --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 1 ] && pass "1 icews event" || failed "1 icews event" "$out"

fresh_store bad
expect_rc "bad CSV without quarantine stops" 1 $BLOC ingest events $C/bad.csv
expect_err "names file:line and reason" "bad\.csv:3: id: missing \(required\)"
[ "$(q 'select count(*) from events')" = 0 ] && pass "nothing stored" || failed "nothing stored" "$(q 'select count(*) from events')"
[ "$(q 'select count(*) from sources')" = 0 ] && pass "no source recorded for a refused file" || failed "no source recorded" "$(q 'select * from sources')"
expect_rc "bad CSV with quarantine" 1 $BLOC ingest events --quarantine "$T/q.csv" --format csv $C/bad.csv
expect_out "2 inserted, 7 rejected" "bad\.csv,csv,9,2,0,7"
for want in "bad.csv,3,id: missing" "bad.csv,4,date: '2024-02-30' is not a date" "bad.csv,5,event_code: '57a'" \
            "bad.csv,6,actor1_country: unknown country 'Rusia'" "bad.csv,7,\"goldstein: '12' is not a number in [-10, 10]\"" \
            "bad.csv,8,\"quad_class: '5' is not 1, 2, 3 or 4\"" 'bad.csv,9,"expected 7 fields as in the header, found 4'; do
  grep -qF "$want" "$T/q.csv" && pass "quarantined: $want" || failed "quarantined: $want" "$(cat "$T/q.csv")"
done
expect_rc "bad JSON Lines with quarantine" 1 $BLOC ingest events --quarantine "$T/q2.csv" --format csv $C/bad.jsonl
expect_out "5 rejected; ok1 is a duplicate of the CSV's (bloc, ok1)" "bad\.jsonl,jsonl,6,0,1,5"
for want in "bad.jsonl,2,unknown field 'colour'" "bad.jsonl,3,\"expected a string, a number or null for field 'event_code'\"" \
            "bad.jsonl,4,not JSON" "bad.jsonl,5,expected a JSON object" "bad.jsonl,6,source: 'Bad Source'"; do
  grep -qF "$want" "$T/q2.csv" && pass "quarantined: $want" || failed "quarantined: $want" "$(cat "$T/q2.csv")"
done
printf 'id,date,code\nx,2024-01-01,057\n' >"$T/hdr.csv"
expect_rc "unknown column is a bad header" 1 $BLOC ingest events "$T/hdr.csv"
expect_err "header error names the column" "hdr\.csv:1: bad header: unknown column 'code'"
printf 'id,date,actor1_country\nx,2024-01-01,RUS\n' >"$T/hdr2.csv"
expect_rc "missing required column" 1 $BLOC ingest events "$T/hdr2.csv"
expect_err "names the missing column" "no 'event_code' column"
expect_rc "--as xml is usage" 2 $BLOC ingest events --as xml $C/hand.csv
expect_clean "no sanitizer report"

# the CAMEO tables behind the derived fields
expect_rc "codes 0874" 0 $BLOC codes 0874 --format csv
expect_out "0874 is a military retreat" "^0874,event,Retreat or surrender militarily,$(awk -F'\t' '$1=="0874" {printf "%.1f", $2}' data/cameo/CAMEO.goldsteinscale.txt),own,military$"
expect_rc "codes 1951" 0 $BLOC codes 1951 --format csv
expect_out "1951 takes its parent's weight" "^1951,event,.*,parent,military$"
expect_rc "codes --kind knowngroup atlantic" 0 $BLOC codes --kind knowngroup atlantic --format csv
expect_out "NATO's known-group code" "^NAT,knowngroup,North Atlantic Treaty Organization"
expect_rc "codes with no match exits 1" 1 $BLOC codes zzzz
expect_rc "codes --kind bad is usage" 2 $BLOC codes --kind army
