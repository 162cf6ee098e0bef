#!/usr/bin/env bash
# CLI basics: help, usage errors, exit codes, country look-ups, groups.
. "$(dirname "$0")/lib.sh"

for c in country group ingest unga stats events codes dyad pairs stance network friction changes assess index report serve watch alerts follow code; do
  expect_rc "bloc $c --help exits 0" 0 $BLOC $c --help
  expect_out "bloc $c --help prints usage" "^usage: bloc"
done
expect_rc "no command is a usage error" 2 $BLOC
expect_rc "unknown command exits 2" 2 $BLOC frobnicate
expect_rc "unknown option exits 2" 2 $BLOC country --bogus RUS
expect_rc "bad --format exits 2" 2 $BLOC country --format xml RUS
expect_rc "unga without subcommand args exits 2" 2 $BLOC unga dyad RUS
expect_rc "bad --by exits 2" 2 $BLOC unga dyad RUS CHN --by fortnight
expect_rc "bad --since exits 2" 2 $BLOC unga dyad RUS CHN --since 2019-13

expect_rc "country DPRK" 0 $BLOC country DPRK
expect_out "DPRK is PRK" "^code: +PRK"
expect_rc "country with global --db" 0 $BLOC --db "$T/other.db" country "Iran (Islamic Republic of)" --format csv
expect_out "UN-style Iran name resolves" "^IRN,IR,364,Iran,"
expect_rc "several queries as CSV" 0 $BLOC country RU 408 cow:2 "Russian Federation" --format csv
[ "$(tail -n +2 "$T/out" | cut -d, -f1 | tr '\n' ' ')" = "RUS PRK USA RUS " ] \
  && pass "RU, 408, cow:2, Russian Federation" || failed "RU, 408, cow:2, Russian Federation" "$out"
expect_rc "USSR resolves to the historical state" 0 $BLOC country USSR
expect_out "USSR succeeded by Russia" "^successor: +RUS"
expect_rc "unknown country exits 1" 1 $BLOC country Rusia
expect_err "unknown country suggests" "did you mean: Russian Federation"
expect_rc "country --list json" 0 $BLOC country --list --format json
n=$(grep -c '"code"' "$T/out")
[ "$n" -gt 250 ] && pass "registry lists $n states" || failed "registry size" "$n"

expect_rc "group list" 0 $BLOC group list --format csv
expect_out "crink is built in" "^crink,4,yes,"
expect_out "nato is built in" "^nato,32,yes,"
expect_rc "group show nato --on 2022-06-01" 0 $BLOC group show nato --on 2022-06-01 --format csv
grep -q "^nato,FIN" "$T/out" && failed "Finland not yet in NATO in mid-2022" "$out" || pass "Finland not yet in NATO in mid-2022"
expect_rc "group show nato --on 2024-06-01" 0 $BLOC group show nato --on 2024-06-01 --format csv
expect_out "Finland in NATO in 2024" "^nato,FIN,Finland,2023-04-04,NA"
# a store path that does not exist: look-ups work, nothing else does, and
# nothing is created (issue 15, case 7: a typo once made an empty store)
[ "$BACKEND" = postgresql ] || {
  [ ! -e "$BLOC_DB" ] && pass "look-ups did not create the store" || failed "look-ups created $BLOC_DB"
  expect_rc "a reading command refuses a missing store" 1 $BLOC unga dyad RUS CHN --db "$T/typo.db"
  expect_err "and says so" "no bloc store at $T/typo.db"
  [ ! -e "$T/typo.db" ] && pass "no empty store at the typo" || failed "typo.db was created"
  expect_rc "group add needs a store" 1 $BLOC group add quad USA,JPN
  expect_rc "migrate --to makes an empty store" 0 $BLOC migrate --to "$BLOC_DB"
  expect_out "at the current schema" "schema"
}
expect_rc "group add" 0 $BLOC group add quad USA,JPN India Australia --description "The Quad"
expect_rc "group show quad" 0 $BLOC group show quad --format csv
[ "$(tail -n +2 "$T/out" | cut -d, -f2 | sort | tr '\n' ' ')" = "AUS IND JPN USA " ] \
  && pass "quad members" || failed "quad members" "$out"
expect_rc "group add with a taken name exits 1" 1 $BLOC group add quad USA
expect_rc "group add with unknown member exits 1" 1 $BLOC group add bad USA,Atlantis
expect_rc "group named like a state is refused" 2 $BLOC group add Russia USA
expect_rc "a group inside a group list" 0 $BLOC group add axis crink,BLR --from 2022
expect_rc "group show axis" 0 $BLOC group show axis --format csv
[ "$(tail -n +2 "$T/out" | wc -l)" = 5 ] && pass "crink + BLR = 5" || failed "crink + BLR = 5" "$out"
expect_rc "rm built-in group exits 1" 1 $BLOC group rm nato
expect_rc "rm user group" 0 $BLOC group rm quad
expect_rc "rm missing group exits 1" 1 $BLOC group rm quad
expect_clean "no sanitizer reports"
