#!/usr/bin/env bash
# t0016-crash — kill -9 at random points during every load, then run it
# again: the store must end exactly as one uninterrupted run leaves it
# (same rows, none twice) and pass its integrity check. The kill points
# are drawn from a seed (BLOC_CRASH_SEED, printed, in every failure) over
# the time an uninterrupted run took; BLOC_CRASH_TRIALS bounds the trials
# per load (default 4); BLOC_CRASH_ONLY (a shell pattern) picks loads by
# name. Loads: ingest unga in each layout (long, wide, by
# name, UN Digital Library), ingest events (CSV, JSON Lines), code --store,
# ingest sipri (its four layouts) and ingest atop,
# follow (while it downloads and while it loads), migrate into PostgreSQL
# and back (when a server is given: BLOC_TEST_PG).
. "$(dirname "$0")/lib.sh"
seed=${BLOC_CRASH_SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
TRIALS=${BLOC_CRASH_TRIALS:-4}
echo "# crash seed $seed (BLOC_CRASH_SEED=$seed reruns these kill points)"
n_trials=0
n_midway=0

now_ms() { date +%s%3N; }
integrity() {
  case $BLOC_DB in
  postgresql://*) echo ok ;;
  *) sqlite3 "$BLOC_DB" "PRAGMA integrity_check" 2>&1 | head -3 ;;
  esac
}

# crash_trials NAME PREP CMD PRINT: PREP makes the starting store (it sets
# BLOC_DB), CMD is the load (a shell command line), PRINT a query whose
# rows say what the store holds.
crash_trials() {
  local name=$1 prep=$2 cmd=$3 print=$4 t0 t1 dur ref i delay pid alive rc got
  case $name in ${BLOC_CRASH_ONLY:-*}) ;; *) return ;; esac
  eval "$prep"
  t0=$(now_ms)
  eval "$cmd" >"$T/crash.out" 2>&1
  rc=$?
  t1=$(now_ms)
  dur=$((t1 - t0))
  if [ "$rc" != 0 ]; then failed "$name: the uninterrupted load (seed $seed)" "exit $rc" "$(tail -5 "$T/crash.out")"; return; fi
  store_sql "$print" >"$T/crash-ref"
  ref=$(md5sum <"$T/crash-ref")
  [ -s "$T/crash-ref" ] || { failed "$name: the uninterrupted load stores something" "nothing"; return; }
  for i in $(seq "$TRIALS"); do
    eval "$prep"
    delay=$(( RANDOM % (dur > 20 ? dur : 20) ))
    eval "$cmd" >"$T/crash.out" 2>&1 &
    pid=$!
    sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
    alive=0
    kill -0 "$pid" 2>/dev/null && alive=1
    pkill -9 -P "$pid" 2>/dev/null
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n_trials=$((n_trials + 1))
    n_midway=$((n_midway + alive))
    eval "$cmd" >"$T/crash.out" 2>&1
    rc=$?
    got=$(store_sql "$print" | tee "$T/crash-got" | md5sum)
    if [ "$rc" = 0 ] && [ "$got" = "$ref" ] && [ "$(integrity)" = ok ]; then
      pass "$name: killed at ${delay} ms of ~${dur}$([ $alive = 1 ] || echo ' (it had finished)'), run again: the same store"
    else
      failed "$name: killed at ${delay} ms (seed $seed, trial $i), run again: the same store" \
        "exit $rc; integrity: $(integrity)" "$(diff "$T/crash-ref" "$T/crash-got" | head -4)" "$(head -c 1500 "$T/crash.out")"
    fi
  done
}

fresh() { fresh_store "crash_$1_$RANDOM"; }

# ---- the UN vote loads -------------------------------------------------------
D=$PWD/data/unga
zcat "$D/un_votes.csv.gz" | head -n 150001 >"$T/votes.csv"
zcat "$D/un_votes_wide_1946_2024.csv.gz" | head -n 1200 >"$T/wide.csv"
votes_print="SELECT rcid, country, vote FROM unga_votes ORDER BY rcid, country"
rc_print="SELECT count(*), sum(rcid) FROM unga_rollcalls"
crash_trials "unga long" "fresh long" \
  "$BLOC ingest unga --rollcalls $D/un_roll_calls.csv.gz --votes $T/votes.csv --issues $D/un_roll_call_issues.csv.gz --quiet" \
  "$votes_print"
crash_trials "unga wide" "fresh wide" "$BLOC ingest unga --votes $T/wide.csv --quiet" "$votes_print"
crash_trials "unga by name" "fresh byname; $BLOC ingest unga --votes $T/wide.csv --quiet >/dev/null 2>&1" \
  "$BLOC ingest unga --votes $D/ukraine-resolutions-2014-2022.csv --quiet" "$votes_print"
# the UN Digital Library layout, made from the long votes and their roll calls
/usr/bin/python3 - "$D/un_roll_calls.csv.gz" "$T/votes.csv" "$T/undl.csv" <<'PY'
import csv, gzip, sys
rc = {r['rcid']: r for r in csv.DictReader(gzip.open(sys.argv[1], 'rt'))}
code = {'yes': 'Y', 'no': 'N', 'abstain': 'A'}
out = csv.writer(open(sys.argv[3], 'w', newline=''))
out.writerow('undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,'
             'meeting,title,agenda_title,subjects,total_yes,total_no,total_abstentions,'
             'total_non_voting,total_ms,undl_link'.split(','))
first = {}  # one roll call per resolution and day, as the Library lists them
for r in rc.values():
    if r['unres'] and r['amend'] == '0' and r['para'] == '0':
        first.setdefault((r['unres'], r['date']), r['rcid'])
for n, v in enumerate(csv.DictReader(open(sys.argv[2]))):
    r = rc.get(v['rcid'])
    if not r or first.get((r['unres'], r['date'])) != v['rcid'] or n > 60000:
        continue
    out.writerow([5000000 + int(v['rcid']), v['country_code'], v['country'], code.get(v['vote'], 'X'), r['date'],
                  r['session'], r['unres'], '', '', '', r['short'], '', '', 0, 0, 0, 0, 0, ''])
PY
crash_trials "unga UN Digital Library" "fresh undl" "$BLOC ingest unga --votes $T/undl.csv --quiet" "$votes_print"
crash_trials "unga roll calls" "fresh rcs" \
  "$BLOC ingest unga --rollcalls $D/un_roll_calls.csv.gz --votes $T/votes.csv --quiet" "$rc_print"

# ---- bloc's own events -----------------------------------------------------------
ev_print="SELECT source, source_event_id, date, event_code, actor1_country, actor2_country FROM events ORDER BY 1, 2"
awk 'NR == 1 {print; next} {for (k = 0; k < 4000; k++) {split($0, f, ","); f[1] = f[1] "-" k; s = f[1]; for (j = 2; j <= length(f); j++) s = s "," f[j]; print s}}' \
  tests/cases/events/hand.csv >"$T/events.csv"
/usr/bin/python3 -c '
import json, sys
src = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for k in range(20000):
        for e in src:
            e = dict(e, id="%s-%d" % (e["id"], k)); out.write(json.dumps(e) + "\n")' tests/cases/events/hand.jsonl "$T/events.jsonl"
crash_trials "events CSV" "fresh evcsv" "$BLOC ingest events $T/events.csv --quiet" "$ev_print"
crash_trials "events JSON Lines" "fresh evjsonl" "$BLOC ingest events $T/events.jsonl --quiet" "$ev_print"

# ---- coded text into the store -------------------------------------------------
/usr/bin/python3 -c '
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "w") as out:
    for k in range(24):
        for d in docs:
            out.write(json.dumps(dict(d, id="%s-%d" % (d.get("id", "d"), k))) + "\n")' data/coder/real_news_dev.jsonl "$T/docs.jsonl"
crash_trials "code --store" "fresh code" "$BLOC code $T/docs.jsonl --store --format csv" "$ev_print"

# ---- the military channel: SIPRI's layouts, ATOP ------------------------------
# a register of 8 times the extract's deliveries (new deal numbers), then
# the classic register and both TIV tables: four files, four transactions
SD=$PWD/data/sipri
awk -F, -v OFS=, 'f {for (k = 0; k < 8; k++) {$1 = $1 % 1000000 + k * 1000000; print}; next} {print} /^SIPRI AT Database ID,/ {f = 1}' \
  "$SD/trade-register-deliveries-extract.csv" >"$T/sipri-big.csv"
sipri_print="SELECT * FROM (SELECT layout, day, deal, year, supplier, recipient, tiv FROM arms_deliveries UNION ALL SELECT layout, day, country, year, name, '', tiv FROM arms_tiv) x ORDER BY 1, 2, 3, 4"
crash_trials "sipri (four layouts)" "fresh sipri" \
  "$BLOC ingest sipri $T/sipri-big.csv $SD/trade-register-classic-extract.csv $SD/tiv-imports-by-recipient-1990-2023.csv $SD/tiv-exports-by-supplier-1990-2023.csv --recipients crink" \
  "$sipri_print"
zcat data/atop/atop5_1_ddyr.csv.gz | head -n 20001 >"$T/atop.csv"
crash_trials "atop" "fresh atop" "$BLOC ingest atop $T/atop.csv --quiet" \
  "SELECT a, b, year, defense, offense, neutral, nonagg, consul FROM alliance_years ORDER BY 1, 2, 3"

# ---- follow: killed while downloading and while loading ------------------------
S="$T/site"
mkdir -p "$S/gdeltv2"
echo '{}' >"$S/behaviour.json"
/usr/bin/python3 tests/cli/fake_gdelt.py "$S" >"$T/port" 2>"$T/fake.log" &
fake=$!
trap 'kill $fake 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 50); do [ -s "$T/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$T/port")"
: >"$S/gdeltv2/lastupdate.txt"
for h in 00 01 02; do
  st=20130502${h}0000
  zcat data/gdelt/gdelt1-daily-201305-georgia.tsv.gz | awk -F'\t' -v off="$h" -v st="$st" 'BEGIN{OFS="\t"} {
    for (k = 0; k < 6; k++) { n = 0
      for (i = 1; i <= NF; i++) { v = $i; if (i == 1) v = sprintf("%.0f", $1 + (off * 10 + k) * 100000000); out[++n] = v; if (i == 39 || i == 46 || i == 53) out[++n] = "" }
      out[60] = st; s = out[1]; for (i = 2; i <= 61; i++) s = s "\t" out[i]; print s } }' >"$T/$st.export.CSV"
  (cd "$T" && zip -q "$S/gdeltv2/$st.export.CSV.zip" "$st.export.CSV")
  f="$S/gdeltv2/$st.export.CSV.zip"
  echo "$(stat -c %s "$f") $(md5sum "$f" | cut -d' ' -f1) $BASE/gdeltv2/$st.export.CSV.zip" >>"$S/gdeltv2/lastupdate.txt"
done
gd_print="SELECT source, source_event_id FROM events ORDER BY 1, 2"
crash_trials "follow (loading)" "fresh follow" "$BLOC follow --all --once --list-url $BASE/gdeltv2/lastupdate.txt" "$gd_print"
# a slow server: each file takes a while to arrive, so kills land mid-download
echo '{"trickle": 0.05}' >"$S/behaviour.json"
crash_trials "follow (downloading)" "fresh followdl" "$BLOC follow --all --once --list-url $BASE/gdeltv2/lastupdate.txt" "$gd_print"
echo '{}' >"$S/behaviour.json"

# ---- migrate, both ways -----------------------------------------------------------
if [ -n "${BLOC_TEST_PG:-}" ] && [ "$BACKEND" = sqlite ]; then
  src="$T/migrate-src.db"
  BLOC_DB=$src $BLOC ingest unga --rollcalls "$D/un_roll_calls.csv.gz" --votes "$T/votes.csv" --quiet >/dev/null 2>&1
  BLOC_DB=$src $BLOC ingest gdelt --all data/gdelt/*.tsv.gz --quiet >/dev/null 2>&1
  mig_print="SELECT (SELECT count(*) FROM unga_votes) || ':' || (SELECT count(*) FROM events) || ':' || (SELECT sum(rcid) FROM unga_votes)"
  pgdb() { BACKEND=postgresql fresh_store "crash_mig_$RANDOM"; }
  crash_trials "migrate into PostgreSQL" "pgdb" "$BLOC migrate --from $src --to \$BLOC_DB" "$mig_print"
  pg_src=$BLOC_DB
  back() { export BLOC_DB="$T/back-$RANDOM.db"; }
  crash_trials "migrate back into SQLite" "back" "$BLOC migrate --from $pg_src --to \$BLOC_DB" "$mig_print"
fi

echo "# $n_trials kills, $n_midway of them while the load was running"
[ "$n_midway" -gt 0 ] && pass "kills landed while loads ran ($n_midway of $n_trials)" ||
  failed "kills landed while loads ran (seed $seed)" "all $n_trials loads had finished before their kill"
