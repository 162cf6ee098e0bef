#!/usr/bin/env bash
# Cross-check on the full bundled data: bloc ingests the real UN votes, and
# the same measures for several dyad-years are computed independently by
# sqlite3 from the raw CSV files (its own .import, plain SQL), then compared;
# then the later release (wide matrix, to June 2024) and the Ukraine
# resolutions by name are loaded as make demo loads them, and dyad-years of
# 2015-2024 are recomputed from those files the same way.
. "$(dirname "$0")/lib.sh"
D=data/unga

expect_rc "ingest all 870,109 votes" 0 $BLOC ingest unga --quiet --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz --issues $D/un_roll_call_issues.csv.gz --format csv
expect_out "every vote inserted" "un_votes\.csv\.gz,votes,870109,870109,0,0,0"

zcat $D/un_votes.csv.gz >"$T/votes.csv"
zcat $D/un_roll_calls.csv.gz >"$T/rc.csv"
sqlite3 "$T/raw.db" <<SQL
.mode csv
.import $T/votes.csv votes
.import $T/rc.csv rc
CREATE INDEX v1 ON votes(rcid, country_code);
SQL

# dyad year: "ISO2-a ISO2-b year ISO3-a ISO3-b"
while read -r a b year A B; do
  sqlite3 -csv "$T/raw.db" >"$T/sql" <<SQL
WITH p AS (
  SELECT CASE x.vote WHEN 'yes' THEN 1 WHEN 'abstain' THEN 2 ELSE 3 END AS x,
         CASE y.vote WHEN 'yes' THEN 1 WHEN 'abstain' THEN 2 ELSE 3 END AS y
  FROM votes x JOIN votes y ON x.rcid = y.rcid JOIN rc ON rc.rcid = x.rcid
  WHERE x.country_code = '$a' AND y.country_code = '$b' AND substr(rc.date, 1, 4) = '$year'),
m AS (SELECT count(*) AS n, avg(x = y) AS po, 1.0 - avg(abs(x - y)) AS s FROM p),
k AS (SELECT v, (SELECT avg(x = v) FROM p) AS pa, (SELECT avg(y = v) FROM p) AS pb
      FROM (SELECT 1 AS v UNION SELECT 2 UNION SELECT 3)),
e AS (SELECT sum(pa * pb) AS pe FROM k)
SELECT n, printf('%.4f', po), printf('%.4f', s),
       CASE WHEN pe < 1 THEN printf('%.4f', (po - pe) / (1 - pe)) ELSE 'NA' END
FROM m, e;
SQL
  run $BLOC unga dyad $A $B --since $year --until $year --format csv
  got=$(tail -n 1 "$T/out" | cut -d, -f5-8)
  want=$(tr -d '"\r' <"$T/sql")
  [ "$got" = "$want" ] && pass "$A-$B $year: bloc $got = SQL $want" \
    || failed "$A-$B $year matches SQL" "bloc: $got" "sql:  $want"
done <<'PAIRS'
RU CN 2015 RUS CHN
RU KP 2019 RUS PRK
IR KP 2005 IRN PRK
US RU 1985 USA RUS
US IL 2019 USA ISR
CN IN 1999 CHN IND
FR GB 1975 FRA GBR
PAIRS

# historical names: the Federal Republic of Germany's votes are Germany's
run $BLOC unga dyad DEU USA --since 1980 --until 1980 --format csv
want=$(sqlite3 "$T/raw.db" "SELECT count(*) FROM votes x JOIN votes y ON x.rcid=y.rcid JOIN rc ON rc.rcid=x.rcid WHERE x.country='Federal Republic of Germany' AND y.country_code='US' AND substr(rc.date,1,4)='1980'")
[ "$(tail -n 1 "$T/out" | cut -d, -f5)" = "$want" ] && pass "FRG votes stored under DEU ($want in 1980)" \
  || failed "FRG votes under DEU" "$out" "want $want"
# the long tables end in January 2020
run $BLOC stats --format csv
expect_out "the long tables end 2020-01-14" "^unga_last_date,,2020-01-14$"

# ---- the later release and the by-name resolutions, as make demo loads them
expect_rc "the later release" 0 $BLOC ingest unga --quiet --votes $D/un_votes_wide_1946_2024.csv.gz --format csv
expect_out "no vote value differs; 110 removed as absent" "un_votes_wide_1946_2024\.csv\.gz,wide,6551,61062,858509,351323,0,2024-06-04,0,110,0$"
expect_rc "the two Ukraine resolutions" 0 $BLOC ingest unga --quiet --votes $D/ukraine-resolutions-2014-2022.csv --format csv
expect_out "ES-11/1 new (181 votes), 68/262 joined (169 duplicates)" "ukraine-resolutions-2014-2022\.csv,byname,386,181,169,36,0,"
zcat $D/un_votes_wide_1946_2024.csv.gz >"$T/wide.csv"
sqlite3 "$T/raw.db" <<SQL
.mode csv
.import $T/wide.csv wide
.import $D/ukraine-resolutions-2014-2022.csv byname
SQL
# "ISO3-a ISO3-b name-a name-b year": the wide matrix's cells (1/2/3; 8 and
# 9 are no vote) and ES-11/1 from the by-name file (68/262 is in the matrix)
while read -r A B na nb year; do
  na=${na//_/ }; nb=${nb//_/ }
  sqlite3 -csv "$T/raw.db" >"$T/sql" <<SQL
WITH p AS (
  SELECT CAST("$A" AS INTEGER) AS x, CAST("$B" AS INTEGER) AS y FROM wide
  WHERE substr(date, 1, 4) = '$year' AND CAST("$A" AS INTEGER) IN (1, 2, 3) AND CAST("$B" AS INTEGER) IN (1, 2, 3)
  UNION ALL
  SELECT CASE a.ms_vote WHEN 'Y' THEN 1 WHEN 'A' THEN 2 ELSE 3 END, CASE b.ms_vote WHEN 'Y' THEN 1 WHEN 'A' THEN 2 ELSE 3 END
  FROM byname a JOIN byname b ON a.resolution = b.resolution
  WHERE a.resolution = 'ES-11/1' AND substr(a.date, 1, 4) = '$year' AND a.ms_name = '$na' AND b.ms_name = '$nb'
    AND a.ms_vote IN ('Y', 'A', 'N') AND b.ms_vote IN ('Y', 'A', 'N')),
m AS (SELECT count(*) AS n, avg(x = y) AS po, 1.0 - avg(abs(x - y)) AS s FROM p),
k AS (SELECT v, (SELECT avg(x = v) FROM p) AS pa, (SELECT avg(y = v) FROM p) AS pb
      FROM (SELECT 1 AS v UNION SELECT 2 UNION SELECT 3)),
e AS (SELECT sum(pa * pb) AS pe FROM k)
SELECT n, printf('%.4f', po), printf('%.4f', s),
       CASE WHEN pe < 1 THEN printf('%.4f', (po - pe) / (1 - pe)) ELSE 'NA' END
FROM m, e;
SQL
  run $BLOC unga dyad $A $B --since $year --until $year --format csv
  got=$(tail -n 1 "$T/out" | cut -d, -f5-8)
  want=$(tr -d '"\r' <"$T/sql")
  [ "$got" = "$want" ] && pass "$A-$B $year (later release): bloc $got = SQL $want" \
    || failed "$A-$B $year matches SQL on the later release" "bloc: $got" "sql:  $want"
done <<'PAIRS'
RUS CHN Russia China 2015
RUS CHN Russia China 2021
RUS PRK Russia North_Korea 2022
CHN PRK China North_Korea 2023
CHN IRN China Iran 2022
USA RUS United_States_of_America Russia 2022
RUS IRN Russia Iran 2024
PAIRS
expect_rc "ES-11/1" 0 $BLOC unga votes --resolution ES-11/1 --format csv
for sv in RUS,no PRK,no CHN,abstain IRN,abstain USA,yes GBR,yes FRA,yes DEU,yes ITA,yes JPN,yes CAN,yes; do
  grep -q ",${sv%,*},[^,]*,${sv#*,}," "$T/out" && pass "ES-11/1: ${sv%,*} ${sv#*,}" || failed "ES-11/1 ${sv%,*}" "$(grep ",${sv%,*}," "$T/out")"
done
[ "$(($(wc -l <"$T/out") - 1))" = 181 ] && pass "ES-11/1: 141 + 5 + 35 votes" || failed "ES-11/1 votes" "$(wc -l <"$T/out")"
expect_rc "68/262" 0 $BLOC unga votes --resolution 68/262 --format csv
[ "$(cut -d, -f1 "$T/out" | tail -n +2 | sort -u)" = 5309 ] && pass "68/262 is one roll call, 5309" || failed "68/262" "$(cut -d, -f1 "$T/out" | sort -u | head)"
before=$($BLOC stats --format csv | grep -E '^unga_(votes|rollcalls),' | tr '\n' ' ')
for f in un_votes_wide_1946_2024.csv.gz ukraine-resolutions-2014-2022.csv; do
  run $BLOC ingest unga --quiet --votes $D/$f
done
run $BLOC ingest unga --quiet --rollcalls $D/un_roll_calls.csv.gz --votes $D/un_votes.csv.gz --issues $D/un_roll_call_issues.csv.gz --format csv
[ "$($BLOC stats --format csv | grep -E '^unga_(votes|rollcalls),' | tr '\n' ' ')" = "$before" ] \
  && pass "a second load of each file changes nothing" || failed "second loads" "$before"
run $BLOC stats --format csv
expect_out "the data now end 2024-06-04" "^unga_last_date,,2024-06-04$"
