#!/usr/bin/env bash
# GDELT ingest through the CLI on real GDELT 1.0 rows (data/gdelt): both
# 1.0 layouts, a 2.0 layout and a .zip derived from them, idempotency and
# overlap, the country filter checked against awk, every rejection reason
# with and without quarantine, truncated input, kill-and-resume, stdin,
# and the events query checked against awk.
. "$(dirname "$0")/lib.sh"
H=data/gdelt/gdelt1-historical-201108-georgia.tsv.gz
D=data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
events() { sqlite3 "$BLOC_DB" "select count(*) from events"; }

expect_rc "usage: a filter is required" 2 $BLOC ingest gdelt $H
expect_rc "usage: --countries and --all exclude each other" 2 $BLOC ingest gdelt --all --countries RUS $H
expect_rc "unknown country is bad input" 1 $BLOC ingest gdelt --countries Rusia $H
expect_err "it suggests Russia" "Russia"

expect_rc "ingest both 1.0 layouts" 0 $BLOC ingest gdelt --all --quiet --format csv $H $D
expect_out "historical: 5894 rows, all inserted" "historical-201108-georgia.tsv.gz,gdelt1-historical,5894,5894,0,0,0,"
expect_out "daily: 3268 rows, all inserted" "daily-201305-georgia.tsv.gz,gdelt1-daily,3268,3268,0,0,0,"
expect_clean "no sanitizer report"
n=$(events)
[ "$n" = 9162 ] && pass "store holds 9162 events" || failed "store holds 9162 events" "got $n"

expect_rc "re-ingest" 0 $BLOC ingest gdelt --all --format csv $H
expect_out "re-ingest is recognised" "ingested before with the same filter"
[ "$(events)" = 9162 ] && pass "re-ingest changes nothing" || failed "re-ingest changes nothing" "$(events)"
zcat $H | head -n 3000 >"$T/overlap.tsv"
expect_rc "overlapping file" 0 $BLOC ingest gdelt --all --format csv "$T/overlap.tsv"
expect_out "overlap: 3000 duplicates, none inserted" "overlap.tsv,gdelt1-historical,3000,0,3000,0,0,"

# a file's identity: XXH3-128 by default (as xxhsum -H2 computes it), or
# SHA-256 with --sha256; either way a re-load stores nothing new
want=$(xxhsum -H2 "$H" | cut -d' ' -f1)
[ "$(store_sql "select sha256 from sources where path='$H'")" = "xxh3-128:$want" ] &&
  pass "the source is named by its XXH3-128 digest" || failed "XXH3 identity" "$(store_sql "select sha256 from sources")"
expect_rc "stats --sources" 0 $BLOC stats --sources --format csv
expect_out "stats names the digest" "^id,kind,path,digest,bytes,first_ingested$"
expect_rc "re-ingest identified by SHA-256" 0 $BLOC ingest gdelt --all --sha256 --quiet --format csv $H
expect_out "... nothing new is stored" "historical-201108-georgia.tsv.gz,gdelt1-historical,5894,0,5894,0,0,"
[ "$(store_sql "select sha256 from sources where sha256 not like 'xxh3-128:%'")" = "$(sha256sum $H | cut -d' ' -f1)" ] &&
  pass "--sha256 records the file's SHA-256" || failed "--sha256 identity" "$(store_sql "select sha256 from sources")"
[ "$(events)" = 9162 ] && pass "still 9162 events" || failed "still 9162 events" "$(events)"

# fields survive as written: compare one real row with awk
row=$(zcat $D | awk -F'\t' 'NR==17 {print $1 "|" $27 "|" $31 "|" $32 "|" $58}')
got=$(sqlite3 "$BLOC_DB" "select source_event_id||'|'||event_code||'|'||goldstein||'|'||mentions||'|'||url from events where source_event_id=$(echo "$row" | cut -d'|' -f1)")
want=$(echo "$row" | awk -F'|' '{printf "%s|%s|%.1f|%s|%s", $1, $2, $3, $4, $5}')
[ "$got" = "$want" ] && pass "a real row is stored field for field" || failed "a real row is stored field for field" "got  $got" "want $want"

# a GDELT 2.0 file (61 columns: ADM2 codes, DATEADDED with a time) zipped
zcat $D | head -n 500 | awk -F'\t' 'BEGIN{OFS="\t"} {
  $1 = sprintf("%.0f", $1 + 1000000000); n = 0
  for (i = 1; i <= NF; i++) { out[++n] = $i; if (i == 39 || i == 46 || i == 53) out[++n] = "" }
  out[60] = out[60] "031500"
  s = out[1]; for (i = 2; i <= n; i++) s = s "\t" out[i]; print s }' >"$T/20130501031500.export.CSV"
(cd "$T" && zip -q 20130501031500.export.CSV.zip 20130501031500.export.CSV)
cols=$(awk -F'\t' '{print NF}' "$T/20130501031500.export.CSV" | sort -u)
[ "$cols" = 61 ] && pass "fixture has 61 columns" || failed "fixture has 61 columns" "$cols"
expect_rc "ingest a GDELT 2.0 zip" 0 $BLOC ingest gdelt --all --format csv "$T/20130501031500.export.CSV.zip"
expect_out "2.0 zip: 500 inserted" "CSV.zip,gdelt2,500,500,0,0,0,"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events where source='gdelt2' and date_added like '____-__-__T03:15:00Z'")
[ "$n" = 500 ] && pass "2.0 DATEADDED kept as a timestamp" || failed "2.0 DATEADDED kept as a timestamp" "$n"
expect_rc "events --source gdelt2 names the zip entry" 0 $BLOC events --source gdelt2 --limit 1 --format csv
expect_out "provenance: file and entry" "export\.CSV\.zip,[0-9]+,$"

# the country filter, checked with awk on the raw file
export BLOC_DB="$T/filter.db"
want=$(zcat $H | awk -F'\t' '{a=$8; b=$18; gsub(/ /,"",a); gsub(/ /,"",b)} a=="RUS" || b=="RUS"' | wc -l)
expect_rc "--countries RUS" 0 $BLOC ingest gdelt --countries RUS --format csv $H
expect_out "kept = rows with RUS as an actor ($want)" "gdelt1-historical,5894,$want,0,$((5894 - want)),0,"
want=$(zcat $H | awk -F'\t' '{a=$8; b=$18; gsub(/ /,"",a); gsub(/ /,"",b)}
  a ~ /^(RUS|CHN|IRN|PRK)$/ || b ~ /^(RUS|CHN|IRN|PRK)$/' | wc -l)
expect_rc "--countries crink" 0 $BLOC ingest gdelt --countries crink --format csv $H
expect_out "crink: kept $want in total (RUS rows are duplicates)" "gdelt1-historical,5894,[0-9]+,[0-9]+,$((5894 - want)),0,"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = "$want" ] && pass "store holds the crink rows only" || failed "store holds the crink rows only" "$n vs $want"

# rejections: five good rows and one row per reason
export BLOC_DB="$T/bad.db"
bad="$T/bad.tsv"
zcat $D | head -n 5 >"$bad"
zcat $D | sed -n 6p | cut -f1-56 >>"$bad"                                  # 56 columns
zcat $D | sed -n 7p | awk -F'\t' 'BEGIN{OFS="\t"} {$32="many"} 1' >>"$bad"  # NumMentions
zcat $D | sed -n 8p | awk -F'\t' 'BEGIN{OFS="\t"} {$2="20130231"} 1' >>"$bad" # SQLDATE
zcat $D | sed -n 9p | awk -F'\t' 'BEGIN{OFS="\t"} {$27="4x"} 1' >>"$bad"      # EventCode
zcat $D | sed -n 10p | awk -F'\t' 'BEGIN{OFS="\t"} {$7="BAD\xff"} 1' >>"$bad" # UTF-8
zcat $D | sed -n 11p | awk -F'\t' 'BEGIN{OFS="\t"} {$31="-11"} 1' >>"$bad"    # Goldstein
expect_rc "bad rows without --quarantine stop the file" 1 $BLOC ingest gdelt --all $bad
expect_err "error names file:line and reason" "bad\.tsv:6: 56 columns, expected 58"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = 0 ] && pass "nothing stored after the stop" || failed "nothing stored after the stop" "$n events"
expect_rc "with --quarantine good rows load, exit 1" 1 $BLOC ingest gdelt --all --quarantine "$T/q.csv" --format csv $bad
expect_out "summary: 11 rows, 5 inserted, 6 rejected" "bad\.tsv,gdelt1-daily,11,5,0,0,6,"
expect_err "stderr counts the rejected rows" "6 rows rejected, written to"
q="$T/q.csv"
[ "$(wc -l <"$q")" = 7 ] && pass "quarantine: header and 6 rows" || failed "quarantine: header and 6 rows" "$(cat "$q")"
for want in 'bad.tsv,6,"56 columns' "bad.tsv,7,column 32 (NumMentions)" "bad.tsv,8,column 2 (SQLDATE)" \
            "bad.tsv,9,column 27 (EventCode)" "bad.tsv,10,column 7 (Actor1Name): invalid UTF-8" \
            'bad.tsv,11,"column 31 (GoldsteinScale)'; do
  grep -qF "$want" "$q" && pass "quarantined: $want" || failed "quarantined: $want" "$(cat "$q")"
done
orig=$(zcat $D | sed -n 7p | awk -F'\t' 'BEGIN{OFS="\t"} {$32="many"} 1')
/usr/bin/python3 - "$q" "$orig" <<'PY' && pass "quarantined row is the input row, byte for byte" || failed "quarantined row is the input row" "see $q"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8', errors='surrogateescape')))
sys.exit(0 if any(r[1] == '7' and r[3] == sys.argv[2] for r in rows[1:]) else 1)
PY

# truncated input: an error naming the file, nothing stored
export BLOC_DB="$T/trunc.db"
cp $D "$T/trunc.tsv.gz"
truncate -s $(( $(stat -c %s $D) / 2 )) "$T/trunc.tsv.gz"
expect_rc "truncated gzip is bad input" 1 $BLOC ingest gdelt --all "$T/trunc.tsv.gz"
expect_err "error names the file" "trunc\.tsv\.gz:[0-9]+: .*(truncated|Truncated|damaged|EOF)"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = 0 ] && pass "truncated file leaves nothing" || failed "truncated file leaves nothing" "$n"

# kill an ingest midway, run it again: it resumes and loses nothing
export BLOC_DB="$T/kill.db"
big="$T/big.tsv"
zcat $H | awk -F'\t' 'BEGIN{OFS="\t"} {line[NR]=$0} END {for (k = 0; k < 30; k++) for (i = 1; i <= NR; i++) {
  split(line[i], f, "\t"); s = sprintf("%.0f", f[1] + k * 1000000000); for (j = 2; j <= 57; j++) s = s "\t" f[j]; print s }}' >"$big"
total=$(wc -l <"$big")
$BLOC ingest gdelt --all --batch 2000 --quiet "$big" >"$T/kill.out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  cp=$(sqlite3 "$BLOC_DB" "select line from ingest_checkpoints where done=0" 2>/dev/null)
  [ -n "$cp" ] && [ "$cp" -ge 4000 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
partial=$(sqlite3 "$BLOC_DB" "select count(*) from events")
cpline=$(sqlite3 "$BLOC_DB" "select line from ingest_checkpoints")
if [ "$partial" -gt 0 ] && [ "$partial" -lt "$total" ]; then pass "killed midway: $partial of $total stored"
else failed "killed midway" "partial=$partial total=$total"; fi
# the same resume among other files with files read ahead (-j 3): the
# store ends as with -j 1, ids included
sqlite3 "$BLOC_DB" ".backup '$T/kill-j1.db'"
sqlite3 "$BLOC_DB" ".backup '$T/kill-j3.db'"
for j in 1 3; do
  BLOC_DB="$T/kill-j$j.db" $BLOC ingest gdelt --all --batch 2000 --quiet --format csv -j $j $D "$big" $H \
    >"$T/kill-j$j.out" 2>&1
  sqlite3 "$T/kill-j$j.db" "select * from events order by id" >"$T/kill-j$j.events"
  sqlite3 "$T/kill-j$j.db" "select source_id, scope, line, rows, inserted, duplicates, filtered, rejected, done from ingest_checkpoints order by 1, 2" >"$T/kill-j$j.cp"
done
grep -q "resumed after line $cpline" "$T/kill-j3.out" && pass "-j 3: the killed file resumes after its checkpoint" || failed "-j 3 resume" "$(cat "$T/kill-j3.out")"
expect_same "-j 3: the same summary as -j 1" "$T/kill-j1.out" "$T/kill-j3.out"
expect_same "-j 3: the same events, ids included, as -j 1" "$T/kill-j1.events" "$T/kill-j3.events"
expect_same "-j 3: the same checkpoints as -j 1" "$T/kill-j1.cp" "$T/kill-j3.cp"
expect_rc "run again" 0 $BLOC ingest gdelt --all --batch 2000 --quiet --format csv "$big"
expect_out "it resumes after the checkpoint" "resumed after line $cpline"
expect_out "totals count the whole file" "big\.tsv,gdelt1-historical,$total,$total,0,0,0,"
n=$(sqlite3 "$BLOC_DB" "select count(*) from events")
[ "$n" = "$total" ] && pass "every row stored once after resume" || failed "every row stored once after resume" "$n of $total"
n=$(sqlite3 "$BLOC_DB" "select count(*) from sqlite_master where type='index' and name in ('events_dyad','events_actor2','events_date')")
[ "$n" = 3 ] && pass "secondary indexes exist after the resumed load" || failed "secondary indexes after resume" "$n of 3"
BLOC_DB="$T/clean.db" $BLOC ingest gdelt --all --quiet "$big" >/dev/null
q="select source_event_id, date, event_code, goldstein, domain, line from events order by source_event_id"
sqlite3 "$BLOC_DB" "$q" >"$T/resumed.txt"
sqlite3 "$T/clean.db" "$q" >"$T/clean.txt"
expect_same "resumed store equals an uninterrupted one" "$T/resumed.txt" "$T/clean.txt"

# files read ahead (-j N) store the same as one at a time (-j 1): several
# files, a duplicate, quarantined rows, and a bad file that stops the run
zcat $H | head -n 700 >"$T/h700.tsv"
for j in 1 4; do
  BLOC_DB="$T/j$j.db" $BLOC ingest gdelt --all --quiet --format csv -j $j --quarantine "$T/jq$j.csv" \
    $H "$T/h700.tsv" "$bad" $D >"$T/j$j.out" 2>"$T/j$j.err"
  echo "exit $?" >>"$T/j$j.out"
  sqlite3 "$T/j$j.db" "select * from events order by id" >"$T/j$j.events"
done
[ "$(wc -l <"$T/j1.events")" -gt 9000 ] && pass "-j: the files were stored" || failed "-j: stored" "$(wc -l <"$T/j1.events")"
expect_same "-j 4: the same summary and exit status as -j 1" "$T/j1.out" "$T/j4.out"
expect_same "-j 4: the same events, ids included" "$T/j1.events" "$T/j4.events"
expect_same "-j 4: the same quarantine file" "$T/jq1.csv" "$T/jq4.csv"
for j in 1 4; do
  BLOC_DB="$T/js$j.db" $BLOC ingest gdelt --all --quiet --format csv -j $j "$T/h700.tsv" "$bad" $D \
    >"$T/js$j.out" 2>"$T/js$j.err"
  echo "exit $?" >>"$T/js$j.out"
  sqlite3 "$T/js$j.db" "select * from events order by id" >"$T/js$j.events"
done
grep -q "^exit 1" "$T/js4.out" && grep -q "the files before it were stored" "$T/js4.err" &&
  pass "-j 4: a bad file stops the run, exit 1" || failed "-j 4: stop" "$(cat "$T/js4.out" "$T/js4.err")"
[ "$(wc -l <"$T/js4.events")" = 700 ] && pass "-j 4: only the files before it are stored" || failed "-j 4: stored before" "$(wc -l <"$T/js4.events")"
expect_same "-j 4: the same events as -j 1 after the stop" "$T/js1.events" "$T/js4.events"
expect_rc "-j 0 is a usage error" 2 $BLOC ingest gdelt --all -j 0 $H
expect_clean "no sanitizer report"

# one plain file read by several threads in segments cut at line starts
# (--segment BYTES, -j N) stores what one reader does: rejected rows in
# several segments, a blank line, CRLF line ends, rows filtered out, and
# rows longer than a segment (--segment 100) that span the cuts
seg="$T/seg.tsv"
zcat $D | head -n 1200 | awk -v bad="$bad" 'BEGIN {
    while ((getline l < bad) > 0) if (++k > 5) b[k - 5] = l }
  { if (NR % 7 == 0) printf "%s\r\n", $0; else print }
  NR == 3 { print "" }
  NR % 200 == 0 && NR / 200 <= 6 { print b[NR / 200] }' >"$seg"
segrows=$(grep -c . "$seg")
for run in "1 0" "2 4096" "3 100" "4 1000"; do
  set -- $run
  name="seg-j$1-$2"
  opt=$([ "$2" = 0 ] || echo "--segment $2")
  BLOC_DB="$T/$name.db" $BLOC ingest gdelt --countries AZE,GEO,USA --quiet --format csv -j $1 $opt \
    --quarantine "$T/$name.q" "$seg" >"$T/$name.out" 2>"$T/$name.err"
  echo "exit $?" >>"$T/$name.out"
  cat "$T/$name.err" >>"$T/err"
  sqlite3 "$T/$name.db" "select * from events order by id" >"$T/$name.events"
  sqlite3 "$T/$name.db" "select source_id, scope, line, rows, inserted, duplicates, filtered, rejected, done from ingest_checkpoints order by 1, 2; select * from coverage order by 1, 2" >"$T/$name.cp"
done
grep -q "seg\.tsv,gdelt1-daily,$segrows,[1-9][0-9]*,0,[1-9][0-9]*,5," "$T/seg-j1-0.out" && grep -q "^exit 1" "$T/seg-j1-0.out" &&
  pass "segments: -j 1 reads $segrows rows, some kept, some filtered, 5 rejected, exit 1" ||
  failed "segments: -j 1 summary" "$(cat "$T/seg-j1-0.out" "$T/seg-j1-0.err")"
[ "$(wc -l <"$T/seg-j1-0.q")" = 6 ] && pass "segments: -j 1 quarantines 5 rows (the sixth bad row names no kept country)" || failed "segments: quarantine" "$(cat "$T/seg-j1-0.q")"
for name in seg-j2-4096 seg-j3-100 seg-j4-1000; do
  expect_same "$name: the same summary and exit status as -j 1" "$T/seg-j1-0.out" "$T/$name.out"
  expect_same "$name: the same events, ids and lines included" "$T/seg-j1-0.events" "$T/$name.events"
  expect_same "$name: the same quarantine, line numbers included" "$T/seg-j1-0.q" "$T/$name.q"
  expect_same "$name: the same checkpoint and coverage" "$T/seg-j1-0.cp" "$T/$name.cp"
done
# the line numbers in the quarantine are those of the file: each names the
# line that holds the quarantined row
/usr/bin/python3 - "$T/seg-j3-100.q" "$seg" <<'PY' && pass "segments: each quarantined row is the file's line it names" || failed "segments: quarantined line numbers" "see $T/seg-j3-100.q"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8', errors='surrogateescape')))[1:]
lines = open(sys.argv[2], 'rb').read().split(b'\n')
ok = len(rows) == 5 and sorted(int(r[1]) for r in rows) == [202, 403, 604, 805, 1207]
for r in rows:
    ok = ok and lines[int(r[1]) - 1].rstrip(b'\r') == r[3].encode('utf-8', 'surrogateescape')
sys.exit(0 if ok else 1)
PY
# the same rows whole through libarchive (standard input) and io/gz
cat "$seg" | BLOC_DB="$T/seg-stdin.db" $BLOC ingest gdelt --countries AZE,GEO,USA --quiet -j 2 --segment 100 \
  --quarantine "$T/seg-stdin.q" - >/dev/null 2>>"$T/err"
gzip -c "$seg" >"$T/seg.tsv.gz"
BLOC_DB="$T/seg-gz.db" $BLOC ingest gdelt --countries AZE,GEO,USA --quiet -j 2 --segment 100 \
  --quarantine "$T/seg-gz.q" "$T/seg.tsv.gz" >/dev/null 2>>"$T/err"
for name in seg-stdin seg-gz; do
  sqlite3 "$T/$name.db" "select * from events order by id" >"$T/$name.events"
  expect_same "$name: the same events as the segments" "$T/seg-j3-100.events" "$T/$name.events"
done
# without a quarantine, the first bad row stops the file, named by its line
# in the file, whichever segment holds it; nothing stays stored
first=202
for run in "1 0" "3 100" "2 4096"; do
  set -- $run
  opt=$([ "$2" = 0 ] || echo "--segment $2")
  export BLOC_DB="$T/segstop-j$1.db"
  expect_rc "segments -j $1 $opt: a bad row stops the file, exit 1" 1 $BLOC ingest gdelt --countries AZE,GEO,USA -j $1 $opt "$seg"
  expect_err "segments -j $1 $opt: the error names seg.tsv:$first" "seg\.tsv:$first: 56 columns, expected 58"
  [ "$(events)" = 0 ] && pass "segments -j $1 $opt: nothing stored after the stop" || failed "segments -j $1: nothing stored" "$(events)"
done
# a filtered load killed midway resumes from its checkpoint though its
# readers started in segments: the checkpoint is set back to line 600 and
# the rows after it removed, as a crash after that commit leaves them
zcat $D | head -n 1200 | awk 'NR % 7 == 0 {printf "%s\r\n", $0; next} 1' >"$T/segok.tsv"
BLOC_DB="$T/segok-clean.db" $BLOC ingest gdelt --countries AZE,GEO,USA --quiet -j 1 "$T/segok.tsv" >/dev/null 2>>"$T/err"
export BLOC_DB="$T/segok.db"
$BLOC ingest gdelt --countries AZE,GEO,USA --quiet -j 3 --segment 1000 "$T/segok.tsv" >/dev/null 2>>"$T/err"
sqlite3 "$BLOC_DB" "update ingest_checkpoints set done = 0, line = 600; delete from events where line > 600"
expect_rc "segments: the interrupted filtered load runs again" 0 $BLOC ingest gdelt --countries AZE,GEO,USA -j 3 --segment 1000 --format csv "$T/segok.tsv"
expect_out "segments: it resumes after line 600" "resumed after line 600"
expect_out "segments: no line before it is read again (no duplicates)" "segok\.tsv,gdelt1-daily,[0-9]+,[0-9]+,0,"
sqlite3 "$T/segok-clean.db" "select * from events order by id" >"$T/segok-clean.events"
sqlite3 "$BLOC_DB" "select * from events order by id" >"$T/segok.events"
[ "$(wc -l <"$T/segok.events")" -gt 100 ] && pass "segments: the resumed load stored rows" || failed "segments: resumed rows" "$(wc -l <"$T/segok.events")"
expect_same "segments: the resumed store equals an uninterrupted -j 1 load" "$T/segok-clean.events" "$T/segok.events"
expect_rc "--segment 0 is a usage error" 2 $BLOC ingest gdelt --all --segment 0 "$seg"
expect_clean "segments: no sanitizer report"

# standard input
export BLOC_DB="$T/stdin.db"
zcat $D | $BLOC ingest gdelt --all --format csv - >"$T/out" 2>"$T/err"
grep -q "^-,gdelt1-daily,3268,3268,0,0,0," "$T/out" && pass "stdin: 3268 inserted" || failed "stdin: 3268 inserted" "$(cat "$T/out" "$T/err")"

# queries against awk on the raw rows
export BLOC_DB="$T/test.db"
want=$(zcat $H $D | awk -F'\t' '{a=$8; b=$18; gsub(/ /,"",a); gsub(/ /,"",b)} (a=="RUS" && b=="GEO") || (a=="GEO" && b=="RUS")' | wc -l)
expect_rc "events --dyad RUS,GEO" 0 $BLOC events --dyad RUS,GEO --limit 0 --format csv
n=$(($(wc -l <"$T/out") - 1))
[ "$n" = "$want" ] && pass "dyad RUS-GEO: $want events as awk counts" || failed "dyad RUS-GEO" "$n vs $want"
want=$(zcat $H $D | awk -F'\t' '{a=$8; b=$18; gsub(/ /,"",a); gsub(/ /,"",b)} (a=="RUS" || b=="RUS") && $29=="19" && $2>="20110815" && $2<="20110831"' | wc -l)
expect_rc "events --actor RUS --root 19 --since --until" 0 $BLOC events --actor Russia --root 19 --since 2011-08-15 --until 2011-08-31 --limit 0 --format json
/usr/bin/python3 -c "import json,sys; d=json.load(open('$T/out'))['rows']; sys.exit(0 if len(d)==$want and all(e['root_code']=='19' and e['domain']=='military' for e in d) else 1)" \
  && pass "actor RUS, root 19, late Aug 2011: $want events, all military (JSON)" || failed "actor/root/period query" "$(head -c 300 "$T/out")"
expect_rc "events table output" 0 $BLOC events --dyad RUS,GEO --limit 3
expect_out "table shows descriptions" "^date +actor1 +actor2 +code +description"
[ "$(($(wc -l <"$T/out") - 1))" = 3 ] && pass "--limit 3" || failed "--limit 3" "$out"
expect_rc "bad --domain is usage" 2 $BLOC events --domain cyber
expect_rc "bad --dyad is usage" 2 $BLOC events --dyad RUS
expect_rc "stats" 0 $BLOC stats --format csv
expect_out "stats: events by source" "^events_by_source,gdelt1,9162$"
expect_out "stats: events by source (2.0)" "^events_by_source,gdelt2,500$"
expect_clean "no sanitizer report"

# a missing Goldstein score is filled from the table (own code or parent code)
export BLOC_DB="$T/fill.db"
zcat $D | head -n 2 | awk -F'\t' 'BEGIN{OFS="\t"} NR==1 {$31=""} NR==2 {$27="1951"; $28="195"; $29="19"; $31=""} 1' >"$T/fill.tsv"
expect_rc "ingest rows without Goldstein" 0 $BLOC ingest gdelt --all "$T/fill.tsv"
w036=$(awk -F'\t' '$1=="036" {printf "%.1f", $2}' data/cameo/CAMEO.goldsteinscale.txt)
w195=$(awk -F'\t' '$1=="195" {printf "%.1f", $2}' data/cameo/CAMEO.goldsteinscale.txt)
got=$(sqlite3 "$BLOC_DB" "select event_code||':'||printf('%.1f',goldstein)||':'||goldstein_origin from events order by line" | tr '\n' ' ')
[ "$got" = "036:$w036:1 1951:$w195:2 " ] && pass "Goldstein filled: 036 from its weight, 1951 from 195" || failed "Goldstein fill" "$got"
