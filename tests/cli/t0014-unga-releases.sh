#!/usr/bin/env bash
# UN votes from releases that correct each other (issue 16), on hand-made
# fixtures (tests/cases/unga/README.md has every figure): the long tables,
# then a later release as a wide matrix (one vote changed, one removed as
# absent, a new roll call, an rcid reused for another day, "3.0" cells),
# then a by-name table (a resolution already stored, an emergency special
# session). Counts, corrections and their history, idempotent re-loads, an
# older release loaded after a newer one, errors with file:line.
. "$(dirname "$0")/lib.sh"
C=tests/cases/unga

counts() { $BLOC stats --format csv | grep -E '^unga_(votes|rollcalls|issue_tags),' | tr '\n' ' '; }
field() { # field NAME PATTERN: the named column of the CSV rows of $T/out matching PATTERN
  awk -F, -v c="$1" -v m="$2" 'NR==1 {for (i = 1; i <= NF; i++) if ($i == c) k = i; next} $0 ~ m {print $k}' "$T/out"
}

expect_rc "the long tables" 0 $BLOC ingest unga --rollcalls $C/rollcalls.csv --votes $C/votes.csv --issues $C/issues.csv --format csv
expect_out "their release is the newest roll call" "votes\.csv,votes,15,15,0,0,0,2019-12-02,0,0,0$"

# ---- the later release ------------------------------------------------------
expect_rc "the wide matrix" 0 $BLOC ingest unga --votes $C/wide.csv --changes "$T/changes.csv" --format csv
expect_out "rows, inserted, duplicates, skipped, rejected, release, updated, removed, older" \
  "wide\.csv,wide,6,9,13,7,0,2020-11-01,1,1,0$"
expect_err "the corrections, said" "this release corrected 2 stored votes of an older one \(1 changed, 1 removed as absent\)"
expect_err "the reused rcid, said" "1 roll call reuse an rcid the store holds for another date.*2 \(2020-11-01\) as 900000001"
[ "$(wc -l <"$T/changes.csv")" = 3 ] && pass "the changes file: a header and 2 rows" || failed "changes file" "$(cat "$T/changes.csv")"
grep -q "^3,RUS,no,yes,$C/votes.csv:9,$C/wide.csv:4,yes$" "$T/changes.csv" && pass "rcid 3, RUS: no -> yes, both file:lines" || failed "RUS change" "$(cat "$T/changes.csv")"
grep -q "^4,PRK,no,absent,$C/votes.csv:16,$C/wide.csv:5,yes$" "$T/changes.csv" && pass "rcid 4, PRK: no -> absent" || failed "PRK removal" "$(cat "$T/changes.csv")"

expect_rc "the corrected vote" 0 $BLOC unga votes --rcid 3 --format csv
expect_out "RUS now votes yes, from the wide file" "^3,2019-12-01,,74,R/74/1,RUS,Russian Federation,yes,$C/wide\.csv:4$"
expect_rc "the removed vote" 0 $BLOC unga votes --rcid 4 --format csv
[ "$(grep -c ',PRK,' "$T/out")" = 0 ] && [ "$(($(wc -l <"$T/out") - 1))" = 3 ] && pass "rcid 4: PRK gone, 3 votes left" || failed "rcid 4" "$out"
expect_rc "the history" 0 $BLOC unga votes --history --format csv
expect_out "the older value kept" "^3,RUS,no,$C/votes\.csv:9,yes,$C/wide\.csv:4$"
expect_out "and the removed one" "^4,PRK,no,$C/votes\.csv:16,absent,$C/wide\.csv:5$"
expect_rc "the renumbered roll call" 0 $BLOC unga votes --rcid 900000001 --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 4 ] && pass "900000001: the 4 votes of 2020-11-01" || failed "renumbered" "$out"
expect_rc "stats --coverage" 0 $BLOC stats --coverage --format csv
expect_out "each release's span" "^unga,$C/wide\.csv,all,2018-12-01,2020-11-01,.*,2020-11-01$"

# hand-computed after the corrections (README): 2019 RUS-CHN on rc 3 (yes,
# no) and 4 (yes, yes); 2020 on rc 5 (no, yes) and 900000001 (yes, yes)
expect_rc "dyad RUS CHN" 0 $BLOC unga dyad RUS CHN --min-votes 1 --format csv
expect_out "2019: agree 0.5, S 0, kappa 0" "^2019,all,RUS,CHN,2,0\.5000,0\.0000,0\.0000,no$"
expect_out "2020: agree 0.5, S 0, kappa 0" "^2020,all,RUS,CHN,2,0\.5000,0\.0000,0\.0000,no$"
expect_rc "the new state column" 0 $BLOC unga votes --rcid 5 --format csv
expect_out "SRB after 2006 is Serbia" "^5,2020-10-01,,75,,SRB,Serbia,yes,"
expect_rc "issue flags become tags" 0 $BLOC unga dyad RUS USA --issue me --by all --min-votes 1 --format csv
expect_out "me: rc 5 only" ",me,RUS,USA,1,0\.0000,"

# ---- loading again changes nothing -----------------------------------------
before=$(counts)
expect_rc "the wide matrix again" 0 $BLOC ingest unga --votes $C/wide.csv --format csv
expect_out "all duplicates, nothing corrected" "wide\.csv,wide,6,0,23,7,0,2020-11-01,0,0,0$"
[ "$(counts)" = "$before" ] && pass "the second load changes nothing" || failed "second load" "$before" "$(counts)"
expect_rc "the older release after the newer" 0 $BLOC ingest unga --votes $C/votes.csv --format csv
expect_out "two of its votes are older than the store's" "votes\.csv,votes,15,0,13,0,0,2019-12-02,0,0,2$"
expect_err "said" "2 votes of this file differ from a newer release in the store, which is kept"
[ "$(counts)" = "$before" ] && pass "and change nothing" || failed "older load" "$before" "$(counts)"
expect_rc "RUS on rc 3" 0 $BLOC unga votes --rcid 3 --format csv
expect_out "still yes" ",RUS,Russian Federation,yes,"

# ---- a table by name -------------------------------------------------------
expect_rc "the by-name table" 0 $BLOC ingest unga --votes $C/byname.csv --format csv
expect_out "rows, inserted, duplicates, skipped (X)" "byname\.csv,byname,8,5,2,1,0,2022-03-02,0,0,0$"
expect_rc "R/73/1 is one roll call" 0 $BLOC unga votes --resolution 73/1 --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 5 ] && pass "rcid 1 joined by Congo's vote: 5 votes" || failed "73/1" "$out"
expect_out "Congo by its short name" "^1,2018-12-01,,73,R/73/1,COD,.*,abstain,$C/byname\.csv:4$"
expect_rc "the emergency special session" 0 $BLOC unga votes --resolution A/RES/ES-11/1 --format csv
expect_out "a roll call of its own, labelled ES-11" "^900000002,2022-03-02,ES-11,76,A/RES/ES-11/1,RUS,"
[ "$(($(wc -l <"$T/out") - 1))" = 4 ] && pass "4 votes (the absent state has none)" || failed "ES-11/1 votes" "$out"
expect_rc "--session ES-11" 0 $BLOC unga dyad RUS PRK --session ES-11 --by all --min-votes 1 --format csv
expect_out "RUS and PRK both no" "^2022-03-02\.\.2022-03-02,all,RUS,PRK,1,1\.0000,"
expect_rc "--session 74: the regular session only" 0 $BLOC unga dyad RUS CHN --session 74 --by all --min-votes 1 --format csv
expect_out "rc 3 and 4" ",RUS,CHN,2,0\.5000,"
before=$(counts)
expect_rc "the by-name table again" 0 $BLOC ingest unga --votes $C/byname.csv --format csv
[ "$(counts)" = "$before" ] && pass "changes nothing" || failed "by-name again" "$before" "$(counts)"
expect_rc "a bad --session" 2 $BLOC unga dyad RUS CHN --session ES-x

# ---- bad input: exit 1, file:line, nothing stored ----------------------------
before=$(counts)
printf 'rcid,date,me,nu,di,hr,co,ec,RUS,CHN\n7,2021-01-05,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,1,7\n' >"$T/badcell.csv"
expect_rc "a bad cell" 1 $BLOC ingest unga --votes "$T/badcell.csv"
expect_err "names file:line, field and state" "badcell\.csv:2: field 10 \(CHN\): bad vote '7'"
printf 'rcid,date,me,nu,di,hr,co,ec,RUS,XYZ\n7,2021-01-05,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,1,1\n' >"$T/badcol.csv"
expect_rc "an unknown state column" 1 $BLOC ingest unga --votes "$T/badcol.csv"
expect_err "names the column" "badcol\.csv:1: column 10: 'XYZ' is not a state code"
printf 'rcid,date,me,nu,di,hr,co,ec,RUS,CHN\n8,2021-02-01,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,1,1\n8,2021-02-01,FALSE,FALSE,FALSE,FALSE,FALSE,FALSE,3,1\n' >"$T/twice.csv"
expect_rc "one file that contradicts itself" 1 $BLOC ingest unga --votes "$T/twice.csv"
expect_err "is an error at its line" "twice\.csv:3: vote of RUS on roll call 8 \(no\) conflicts with the stored vote 1 from .*twice\.csv:2 \(the same file\)"
sed 's/^3,"Russia","RU","no"$/3,"Russia","RU","abstain"/' $C/votes.csv >"$T/samerelease.csv"
expect_rc "two files of one release that disagree" 1 $BLOC ingest unga --votes "$T/samerelease.csv" --release 2020-11-01
expect_err "is an error" "samerelease\.csv:9: vote of RUS on roll call 3 \(abstain\) conflicts .*\(the same release\)"
printf 'resolution,date,session,ms_name,ms_vote\nES-11/2,2022-03-24,ES-11,Atlantis,Y\n' >"$T/badname.csv"
expect_rc "an unknown state name" 1 $BLOC ingest unga --votes "$T/badname.csv"
expect_err "names file:line" "badname\.csv:2: unknown country 'Atlantis'"
expect_rc "quarantined instead" 1 $BLOC ingest unga --votes "$T/badname.csv" --quarantine "$T/q.csv"
grep -q "badname.csv,2,unknown country 'Atlantis'" "$T/q.csv" && pass "the row kept in the quarantine" || failed "quarantine" "$(cat "$T/q.csv")"
[ "$(counts)" = "$before" ] && pass "no bad load changed the store" || failed "store changed" "$before" "$(counts)"
expect_clean "no sanitizer report"
