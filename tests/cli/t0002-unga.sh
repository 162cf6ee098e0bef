#!/usr/bin/env bash
# UN votes through the CLI: ingest, idempotency, hand-computed measures,
# every bad-input case (exit 1, file:line, store unchanged), quarantine.
. "$(dirname "$0")/lib.sh"
C=tests/cases/unga

counts() { $BLOC stats --format csv | grep -E '^unga_(votes|rollcalls|issue_tags),' | tr '\n' ' '; }

expect_rc "ingest fixtures" 0 $BLOC ingest unga --rollcalls $C/rollcalls.csv --votes $C/votes.csv --issues $C/issues.csv --format csv
expect_out "15 votes inserted" "votes\.csv,votes,15,15,0,0,0"
before=$(counts)
expect_rc "re-ingest" 0 $BLOC ingest unga --rollcalls $C/rollcalls.csv --votes $C/votes.csv --issues $C/issues.csv --format csv
expect_out "re-ingest finds 15 duplicates" "votes\.csv,votes,15,0,15,0,0"
[ "$(counts)" = "$before" ] && pass "re-ingest changes nothing" || failed "re-ingest changes nothing" "$before" "$(counts)"
gzip -c $C/votes.csv >"$T/votes.csv.gz"
expect_rc "gzip votes accepted" 0 $BLOC ingest unga --votes "$T/votes.csv.gz" --format csv
expect_out "gzip votes all duplicates" "votes,15,0,15,0,0"

expect_rc "dyad RUS CHN by year" 0 $BLOC unga dyad Russia "People's Republic of China" --format csv
expect_same "dyad matches the hand computation" $C/dyad-rus-chn.expected "$T/out"
expect_rc "group crink over everything" 0 $BLOC unga group crink --by all --format csv
expect_same "cohesion matches the hand computation" $C/group-crink-all.expected "$T/out"
expect_rc "issue filter" 0 $BLOC unga dyad RUS CHN --by all --issue hr --format csv
expect_out "hr: rc 1 and 3, both agree" "^2018-12-01\.\.2019-12-01,hr,RUS,CHN,2,1\.0000,1\.0000,1\.0000,yes$"
expect_rc "issue each" 0 $BLOC unga dyad RUS CHN --by all --issue each --format csv
[ "$(tail -n +2 "$T/out" | cut -d, -f2 | tr '\n' ' ')" = "hr nu " ] && pass "one row per issue" || failed "one row per issue" "$out"
expect_rc "unknown issue exits 1" 1 $BLOC unga dyad RUS CHN --issue zz
expect_err "unknown issue lists the known ones" "in the store: hr, nu"
expect_rc "important votes only" 0 $BLOC unga dyad RUS CHN --by all --important --format csv
expect_out "rc 2 only: yes vs abstain" ",RUS,CHN,1,0\.0000,0\.0000,0\.0000,yes$"
expect_rc "versus" 0 $BLOC unga versus RUS,CHN USA --by year --format csv
expect_out "between RUS,CHN and USA in 2019" "^2019,all,\"RUS,CHN~USA\",2,2,2,4,0\.5000,0\.0000,"
expect_rc "top" 0 $BLOC unga top RUS --since 2018 --min-votes 1 --format csv
expect_out "China ranks first with Russia" "^[^,]*,all,1,CHN,China,4,0\.7500"
expect_rc "pairs" 0 $BLOC unga pairs --by all --format json
n=$(grep -c '"a":' "$T/out")
[ "$n" = 6 ] && pass "6 dyads among 4 voting states" || failed "pairs count" "$n"
expect_rc "no votes in the period" 0 $BLOC unga dyad RUS CHN --since 2000 --until 2001 --format csv
[ "$(wc -l <"$T/out")" = 1 ] && pass "empty period prints the header only" || failed "empty period" "$out"
expect_rc "a state with no votes gives NA, not a crash" 0 $BLOC unga dyad RUS IRN --format csv
expect_out "IRN has no votes" "^2018,all,RUS,IRN,0,NA,NA,NA,yes$"

# bad input: exit 1, file:line and reason, store unchanged
before=$(counts)
bad() { # TITLE FILE-CONTENT PATTERN
  printf '%b' "$2" >"$T/bad.csv"
  expect_rc "$1: exit 1" 1 $BLOC ingest unga --votes "$T/bad.csv"
  expect_err "$1: names file:line and reason" "$3"
  [ "$(counts)" = "$before" ] && pass "$1: store unchanged" || failed "$1: store unchanged" "$(counts)"
}
H='"rcid","country","country_code","vote"\n'
bad "bad header" '"id","who","code","how"\n1,a,b,c\n' 'bad\.csv:1: bad header'
bad "unknown vote value" "${H}1,\"Japan\",\"JP\",\"yes\"\n1,\"China\",\"CN\",\"maybe\"\n" "bad\.csv:3: unknown vote value 'maybe'"
bad "unknown country" "${H}1,\"Japan\",\"JP\",\"yes\"\n1,\"Atlantis\",\"QQ\",\"no\"\n" "bad\.csv:3: unknown country 'Atlantis'"
bad "unknown roll call" "${H}77,\"Japan\",\"JP\",\"yes\"\n" "bad\.csv:2: unknown roll call 77"
bad "conflicting vote" "${H}1,\"Japan\",\"JP\",\"yes\"\n1,\"Russia\",\"RU\",\"no\"\n" "bad\.csv:3: vote of RUS on roll call 1 \\(no\\) conflicts"
bad "unterminated quote" "${H}1,\"Japan,JP,yes\n" "bad\.csv:2: unterminated quoted field"
seq 1 200000 | sed 's/.*/4,"Japan","JP","yes"/' | (printf '%b' "$H"; cat) | gzip >"$T/trunc.csv.gz"
truncate -s 2000 "$T/trunc.csv.gz"
expect_rc "truncated gzip: exit 1" 1 $BLOC ingest unga --votes "$T/trunc.csv.gz"
expect_err "truncated gzip: reason" "trunc\.csv\.gz:[0-9]+: read failed \(truncated compressed file\)"
[ "$(counts)" = "$before" ] && pass "truncated gzip: store unchanged" || failed "truncated gzip: store unchanged" "$(counts)"

# quarantine: good rows in, bad rows kept with reasons
printf '%b' "${H}4,\"Japan\",\"JP\",\"yes\"\n4,\"Atlantis\",\"QQ\",\"no\"\n4,\"France\",\"FR\",\"perhaps\"\n4,\"Italy\",\"IT\",\"abstain\"\n" >"$T/mixed.csv"
expect_rc "quarantine: exit 1 when rows were rejected" 1 $BLOC ingest unga --votes "$T/mixed.csv" --quarantine "$T/q.csv" --format csv
expect_out "quarantine: 2 in, 2 rejected" "mixed\.csv,votes,4,2,0,0,2"
expect_err "quarantine: says where" "2 rows rejected, written to"
run cat "$T/q.csv"
expect_out "quarantine header" "^file,line,reason,row$"
expect_out "quarantine names line 3" "mixed\.csv,3,unknown country 'Atlantis'"
expect_out "quarantine keeps the row" "\"4,Atlantis,QQ,no\""
run $BLOC unga dyad JPN ITA --by all --format csv
expect_out "quarantined ingest kept the good rows" ",JPN,ITA,1,0\.0000,0\.0000,0\.0000,yes$"
