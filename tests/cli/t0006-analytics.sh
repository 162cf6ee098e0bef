#!/usr/bin/env bash
# Event analytics through the CLI on a constructed event set whose answers
# are known by hand: a dyad whose military cooperation quadruples in March
# 2022, a flat dyad, an obvious hub (China), one friction event, a rival
# group, an empty year; aggregates cross-checked against plain SQL; the
# summary kept in step when events are added and deleted.
. "$(dirname "$0")/lib.sh"
q() { store_sql "$1"; }
weight() { awk -F'\t' -v c="$1" '$1==c {printf "%.3f", $2}' data/cameo/CAMEO.goldsteinscale.txt; }
col() { # col NAME: the named column of CSV on stdin, rows joined by spaces
  awk -F, -v c="$1" 'NR==1 {for (i = 1; i <= NF; i++) if ($i == c) k = i; next} {printf "%s ", $k}'
}

ev="$T/events.csv"
awk 'BEGIN {
  print "id,date,event_code,actor1_country,actor2_country"
  n = 0
  for (y = 2020; y <= 2023; y++) for (m = 1; m <= 12; m++) {
    k = (y > 2022 || (y == 2022 && m >= 3)) ? 8 : 2          # RUS-PRK military cooperation
    for (i = 1; i <= k; i++) printf "rp%d,%d-%02d-%02d,062,%s,%s\n", ++n, y, m, i, (i % 2 ? "RUS" : "PRK"), (i % 2 ? "PRK" : "RUS")
    for (i = 1; i <= 5; i++) printf "cr%d,%d-%02d-%02d,042,CHN,RUS\n", ++n, y, m, i + 10   # visits, flat
    for (i = 1; i <= 3; i++) printf "ci%d,%d-%02d-%02d,061,CHN,IRN\n", ++n, y, m, i + 10   # economic
    for (i = 1; i <= 2; i++) printf "cp%d,%d-%02d-%02d,043,PRK,CHN\n", ++n, y, m, i + 10
    if (y >= 2022) {
      for (i = 1; i <= 2; i++) printf "ru%d,%d-%02d-%02d,112,RUS,USA\n", ++n, y, m, i + 20   # accusations
      printf "ur%d,%d-%02d-20,163,USA,RUS\n", ++n, y, m                                     # sanctions
    }
  }
  print "fr1,2023-05-01,111,IRN,RUS"
}' >"$ev"
expect_rc "ingest the constructed events" 0 $BLOC ingest events --quiet "$ev"

expect_rc "dyad RUS PRK military by year" 0 $BLOC dyad RUS PRK --domain military --by year --format csv
got=$(col events <"$T/out")
[ "$got" = "24 24 84 96 " ] && pass "military events per year: 24 24 84 96" || failed "military events per year" "$got"
got=$(col net_cooperation <"$T/out")
[ "$got" = "1.0000 1.0000 1.0000 1.0000 " ] && pass "all cooperative" || failed "net cooperation" "$got"
got=$(col material_coop <"$T/out")
[ "$got" = "24 24 84 96 " ] && pass "062 is material cooperation" || failed "material cooperation" "$got"
expect_rc "dyad RUS PRK by month (all domains)" 0 $BLOC dyad RUS PRK --by month --format csv
sql=$(q "select count(*) from events where (actor1_country='RUS' and actor2_country='PRK') or (actor1_country='PRK' and actor2_country='RUS') group by substr(date,1,7) order by substr(date,1,7)" | tr '\n' ' ')
got=$(col events <"$T/out")
[ "$got" = "$sql" ] && pass "monthly counts equal a SQL GROUP BY on the events" || failed "monthly counts vs SQL" "bloc $got" "sql  $sql"
got=$(awk -F, 'NR==2 {print $16 "," $18}' "$T/out")  # a_events, salience_a in January 2020
[ "$got" = "7,0.2857" ] && pass "RUS volume and salience (2 of 7 RUS events in Jan 2020)" || failed "salience" "$got"

expect_rc "group crink by year" 0 $BLOC group crink --by year --since 2020 --until 2023 --format csv
got=$(grep ',crink,' "$T/out" | cut -d, -f9 | tr '\n' ' ')
[ "$got" = "144 144 204 217 " ] && pass "intra-CRINK events per year" || failed "intra-crink events" "$got"
got=$(grep '^2023,.*,crink,' "$T/out" | cut -d, -f14)
[ "$got" = "0.0046" ] && pass "friction share 2023 = 1/217" || failed "friction share" "$got"
got=$(grep '^2020,.*,crink,' "$T/out" | cut -d, -f15)
[ "$got" = "CHN" ] && pass "the hub in 2020 is China" || failed "hub" "$got"
got=$(grep '^2020,.*,crink,' "$T/out" | cut -d, -f12)
[ "$got" = "1.0000" ] && pass "2020: no conflict inside crink" || failed "2020 net cooperation" "$got"
expect_rc "group crink --vs g7" 0 $BLOC group crink --vs g7 --by all --format csv
got=$(grep ',crink->g7,' "$T/out" | cut -d, -f9,12)
[ "$got" = "48,-1.0000" ] && pass "crink->g7: 48 accusations" || failed "crink->g7" "$got"
got=$(grep ',g7->crink,' "$T/out" | cut -d, -f9,10,11)
[ "$got" = "24,0,24" ] && pass "g7->crink: 24 sanctions, all conflict" || failed "g7->crink" "$got"
expect_rc "a year before the data" 0 $BLOC group crink --since 2019-01-01 --until 2019-12-31 --by quarter --format csv
got=$(grep -c ',crink,all,4,6,NA,NA,NA,NA,NA,NA,NA,NA,0,NA,NA,NA,0$' "$T/out")
[ "$got" = 4 ] && pass "quarters the data do not cover: every count NA, not 0 (covered_days 0)" || failed "uncovered quarters" "$out"
expect_err "and a note says so" "no data: the event data cover no day of 2019-01-01..2019-12-31"
expect_rc "a dyad without events where the data are" 0 $BLOC dyad RUS USA --since 2020-01-01 --until 2021-12-31 --by quarter --format csv
got=$(grep -c '^20[0-9-]*Q[1-4],.*,RUS,USA,all,0,0,0,0,0,NA,NA,0.0,NA,.*,9[0-2]$' "$T/out")
[ "$got" = 8 ] && pass "covered quarters without events: 0 events, NA measures, no division by zero" || failed "empty quarters" "$out"
expect_err "the dyad has no events, said" "RUS-USA has no events in the 731 covered days"

expect_rc "stance crink g7" 0 $BLOC stance crink g7 --by all --format csv
got=$(grep ',RUS,g7,' "$T/out" | cut -d, -f7-12)
[ "$got" = "48,-1.0000,$(weight 112),24,-1.0000,$(weight 163)" ] && pass "RUS stance toward g7: accusations out, sanctions in" || failed "stance" "$got"

expect_rc "network crink --period 2020" 0 $BLOC network crink --period 2020 --format csv
got=$(grep ',yes,' "$T/out" | cut -d, -f2,3,4)
[ "$got" = "CHN,3,120" ] && pass "network: CHN hub, degree 3, strength 120" || failed "network hub" "$out"
expect_rc "network --edges" 0 $BLOC network crink --period 2020 --edges --format csv
expect_out "edge CHN-RUS weighs 60" "^2020-01-01..2020-12-31,(CHN,RUS|RUS,CHN),60,60,0,60$"

expect_rc "friction crink --list" 0 $BLOC friction crink --list --format csv
expect_out "the criticism is listed with its input line" "^2023-05-01,IRN,RUS,111,Criticize or denounce,3,.*events\.csv:[0-9]+$"
[ "$(($(wc -l <"$T/out") - 1))" = 1 ] && pass "only one friction event" || failed "friction list" "$out"

expect_rc "changes in RUS-PRK military events" 0 $BLOC changes --dyad RUS,PRK --domain military --format csv
got=$(awk -F, 'NR==2 {print $4 " " $8 " " $9}' "$T/out")
case "$got" in
  "2022-02 "*|"2022-03 "*|"2022-04 "*) pass "change found at $got (true: 2022-03, 2 -> 8 a month)" ;;
  *) failed "change at 2022-03 +-1" "$out" ;;
esac
[ "$(($(wc -l <"$T/out") - 1))" = 1 ] && pass "exactly one change" || failed "one change" "$out"
expect_rc "no change in a flat dyad" 0 $BLOC changes --dyad CHN,RUS --format csv
[ "$(wc -l <"$T/out")" = 1 ] && pass "flat CHN-RUS: none" || failed "flat dyad" "$out"
expect_err "says so" "no change found"
expect_rc "changes in the group" 0 $BLOC changes --group crink --format csv
expect_out "group series: the same change" ",(2022-02|2022-03|2022-04),"

expect_rc "pairs crink by year" 0 $BLOC pairs crink --by year --format csv
got=$(grep '^2022,' "$T/out" | cut -d, -f4,5,7 | tr '\n' ' ')
[ "$got" = "CHN,IRN,36 CHN,PRK,24 CHN,RUS,60 IRN,PRK,0 IRN,RUS,0 PRK,RUS,84 " ] && pass "pairs: every CRINK dyad in 2022" || failed "pairs 2022" "$got"
expect_rc "pairs --active --directed" 0 $BLOC pairs crink --by all --directed --active --format csv
[ "$(($(wc -l <"$T/out") - 1))" = 6 ] && pass "6 ordered pairs with events" || failed "directed active pairs" "$out"

# the assessment: before/after 2022-02-24 with intervals
expect_rc "assess crink --vs g7" 0 $BLOC assess crink --vs g7 --reps 199 --format csv
got=$(grep '^PRK-RUS,events per month,military,' "$T/out" | cut -d, -f4,5,10)
[ "$got" = "2.0162,8.0315,up" ] && pass "PRK-RUS military: 52 events in 785 days, 176 in 667: 2.02 -> 8.03 a month, up" || failed "PRK-RUS military" "$got"
lohi=$(grep '^PRK-RUS,events per month,military,' "$T/out" | cut -d, -f7,8)
awk -F, -v x="$lohi" 'BEGIN {split(x, a, ","); exit !(a[1] <= 3.9835 && a[2] >= 3.9835 && a[1] > 1)}' \
  && pass "its interval ($lohi) holds the ratio and excludes 1" || failed "PRK-RUS interval" "$lohi"
expect_out "economic volume: no clear change" "^crink,events per month,economic,.*,no clear change,"
expect_out "UN votes: no data, said plainly" "^crink,UN-vote cohesion,all,NA,NA,.*,no data,.*no data before or after 2022-02-24"
expect_out "stance row for crink->g7" "^crink->g7,stance \(net cooperation\),all,-1.0000,-1.0000,"
expect_out "a sentence per row" "events per month military, PRK-RUS: up after 2022-02-24, 2.02 -> 8.03 a month"
expect_rc "assess --evidence" 0 $BLOC assess crink --vs g7 --evidence --limit 1 --format csv
expect_out "evidence names events with source ids and input lines" "^crink,event cohesion,military,after,event,bloc:rp[0-9]+,2023-12-08,(RUS,PRK|PRK,RUS),062,Cooperate militarily,7.4,.*events\.csv:[0-9]+$"
expect_rc "assess without --vs: the group on its own" 0 $BLOC assess crink --format csv
[ "$(grep -c '^crink,UN-vote cohesion,' "$T/out")" = 1 ] && ! grep -q '^g7,\|^"\?crink->\|,stance (net cooperation),' "$T/out" &&
  pass "its indicators only: no rival, no stance" || failed "assess alone" "$(head -c 400 "$T/out")"
expect_rc "assess needs a LIST" 2 $BLOC assess --vs g7
expect_rc "assess rejects --domain" 2 $BLOC assess crink --vs g7 --domain military

# the composite index: z-scores against every dyad with events in 2023
# (net cooperation 1 for four CRINK dyads, -1 for RUS-USA: mean 0.6, sd 0.894)
expect_rc "index 2023" 0 $BLOC index --year 2023 --countries crink --format csv
expect_out "RUS-PRK: z 0.447, index 0.447 from one component, grade C" "^2023,PRK,RUS,0,NA,NA,96,1.0000,0.447,NA,NA,0.447,1,C$"
expect_out "IRN-RUS: one event, below --min-events: no index" "^2023,IRN,RUS,0,NA,NA,1,NA,NA,NA,NA,NA,0,-$"
printf 'un_agreement = 1\nnet_cooperation = -2\n' >"$T/bad.conf"
expect_rc "a negative weight is bad input" 1 $BLOC index --year 2023 --weights "$T/bad.conf"
expect_err "named with file:line" "bad\.conf:2: weight of 'net_cooperation' must be a number >= 0"

# the summary follows the events: new events, then deleted ones
printf 'id,date,event_code,actor1_country,actor2_country\nn1,2023-12-28,062,RUS,PRK\nn2,2023-12-29,062,PRK,RUS\n' >"$T/more.csv"
expect_rc "ingest two more" 0 $BLOC ingest events --quiet "$T/more.csv"
expect_rc "dyad after the new events" 0 $BLOC dyad RUS PRK --domain military --by year --since 2023 --format csv
[ "$(col events <"$T/out")" = "98 " ] && pass "summary picked up 2 new events" || failed "incremental summary" "$out"
q "delete from events where source_event_id in ('rp1','rp2')"
expect_rc "dyad after deleting two" 0 $BLOC dyad RUS PRK --domain military --by year --until 2020 --format csv
[ "$(col events <"$T/out")" = "22 " ] && pass "summary rebuilt after a delete" || failed "summary after delete" "$out"
expect_rc "bad --by" 2 $BLOC group crink --by fortnight
expect_rc "changes needs a series" 2 $BLOC changes --measure events
expect_clean "no sanitizer report"

# a larger, real fixture: the GDELT samples (9,162 events); every dyad-month
# of eight states against a plain SQL GROUP BY over the events table
fresh_store gdelt
expect_rc "ingest the GDELT samples" 0 $BLOC ingest gdelt --all --quiet data/gdelt/gdelt1-historical-201108-georgia.tsv.gz data/gdelt/gdelt1-daily-201305-georgia.tsv.gz
L=RUS,GEO,ARM,AZE,TUR,USA,IRN,UKR
expect_rc "pairs over the samples" 0 $BLOC pairs $L --by month --active --format csv
cut -d, -f1,4,5,7-11 "$T/out" | tail -n +2 |
  awk -F, 'BEGIN{OFS=","} $2 > $3 {t = $2; $2 = $3; $3 = t} 1' | sort >"$T/bloc.txt"  # pairs in name order, as SQL
in_list="'RUS','GEO','ARM','AZE','TUR','USA','IRN','UKR'"
qc() { echo "sum(CASE WHEN quad_class = $1 THEN 1 ELSE 0 END)"; } # SQL both stores speak
store_sql "SELECT substr(date,1,7),
  CASE WHEN actor1_country < actor2_country THEN actor1_country ELSE actor2_country END,
  CASE WHEN actor1_country < actor2_country THEN actor2_country ELSE actor1_country END,
  count(*), $(qc 1), $(qc 2), $(qc 3), $(qc 4) FROM events
  WHERE actor1_country IN ($in_list) AND actor2_country IN ($in_list) AND actor1_country<>actor2_country
  GROUP BY 1,2,3" | tr '|' , | sort >"$T/sql.txt"
expect_same "every dyad-month equals SQL ($(wc -l <"$T/sql.txt") rows)" "$T/bloc.txt" "$T/sql.txt"

# the monthly roll-up: January is whole (read a month at a time), February
# 1-3 are not (read day by day); new events added into a summarised month;
# a member who joins mid-month; a split mid-month. Each against SQL over
# the events.
fresh_store rollup
printf 'id,date,event_code,actor1_country,actor2_country\n' >"$T/jan.csv"
for d in 01 01 02 09 15 15 20 31; do
  printf 'a%s%s,2024-01-%s,062,RUS,PRK\nb%s%s,2024-01-%s,190,CHN,RUS\nc%s%s,2024-01-%s,042,IRN,CHN\n' \
    "$d" "$RANDOM" "$d" "$d" "$RANDOM" "$d" "$d" "$RANDOM" "$d" >>"$T/jan.csv"
done
printf 'f1,2024-02-01,062,PRK,RUS\nf2,2024-02-03,190,RUS,CHN\n' >>"$T/jan.csv"
expect_rc "ingest January and three days of February" 0 $BLOC ingest events --quiet "$T/jan.csv"
monthly_sql() { # $1: extra condition on the events
  store_sql "SELECT substr(date,1,7),
    CASE WHEN actor1_country < actor2_country THEN actor1_country ELSE actor2_country END,
    CASE WHEN actor1_country < actor2_country THEN actor2_country ELSE actor1_country END,
    count(*), $(qc 1), $(qc 2), $(qc 3), $(qc 4) FROM events
    WHERE actor1_country <> actor2_country $1 GROUP BY 1,2,3" | tr '|' , | sort
}
bloc_months() { cut -d, -f1,4,5,7-11 "$T/out" | tail -n +2 |
  awk -F, 'BEGIN{OFS=","} $2 > $3 {t = $2; $2 = $3; $3 = t} 1' | sort; }
expect_rc "pairs by month" 0 $BLOC pairs crink --by month --active --format csv
bloc_months >"$T/bloc.txt"
monthly_sql "" >"$T/sql.txt"
expect_same "whole and partial months equal SQL ($(wc -l <"$T/sql.txt") rows)" "$T/bloc.txt" "$T/sql.txt"
[ "$(q "select count(*) from event_summary_month")" -lt "$(q "select count(*) from event_summary")" ] &&
  pass "the roll-up holds fewer rows than the daily summary" || failed "roll-up rows" "$(q "select count(*) from event_summary_month")"
printf 'id,date,event_code,actor1_country,actor2_country\nm1,2024-01-05,062,RUS,PRK\nm2,2024-01-25,190,CHN,RUS\nm3,2024-01-26,190,PRK,RUS\n' >"$T/more.csv"
expect_rc "three more January events" 0 $BLOC ingest events --quiet "$T/more.csv"
expect_rc "pairs by month after them" 0 $BLOC pairs crink --by month --active --format csv
bloc_months >"$T/bloc.txt"
monthly_sql "" >"$T/sql.txt"
expect_same "the new events are in their month" "$T/bloc.txt" "$T/sql.txt"
expect_rc "China from 2024-01-15" 0 $BLOC group add c15 CHN --from 2024-01-15
expect_rc "a group whose third member joins on 2024-01-15" 0 $BLOC group add late RUS,PRK,c15
expect_rc "pairs of it by month" 0 $BLOC pairs late --by month --active --format csv
bloc_months >"$T/bloc.txt"
monthly_sql "AND actor1_country IN ('RUS','PRK','CHN') AND actor2_country IN ('RUS','PRK','CHN')
  AND (date >= '2024-01-15' OR (actor1_country <> 'CHN' AND actor2_country <> 'CHN'))" >"$T/sql.txt"
expect_same "China's events count from the day it joined" "$T/bloc.txt" "$T/sql.txt"
expect_rc "dyad with a mid-January split" 0 $BLOC dyad RUS PRK --by all --since 2024-01-10 --until 2024-01-31 --format csv
[ "$(col events <"$T/out")" = "$(q "select count(*) from events where date between '2024-01-10' and '2024-01-31' and actor1_country in ('RUS','PRK') and actor2_country in ('RUS','PRK')") " ] &&
  pass "a span that cuts a month is read by day" || failed "span cutting a month" "$(cat "$T/out")"

# the summaries against GROUP BY over the events: 121,600 events on as
# many dyad-days (more than the refresh holds in memory at once, so it
# writes part-way through), events with no second actor, no Goldstein
# score and no mentions. Sums are compared to 1e-6 (x + 0: a sum that
# cancels to -0 in one order of addition and 0 in another is one value)
fresh_store tallies
awk 'BEGIN {
  split("RUS CHN IRN PRK USA GBR FRA DEU IND BRA TUR ISR UKR POL JPN KOR SAU EGY ZAF MEX", c, " ")
  print "id,date,event_code,actor1_country,actor2_country,goldstein,mentions"
  n = 0
  for (d = 0; d < 320; d++) for (i = 1; i <= 20; i++) for (j = 1; j <= 20; j++) if (i != j) {
    day = sprintf("2023-%02d-%02d", 1 + int(d / 28) % 12, 1 + d % 28)
    code = (n % 3 == 0) ? "190" : (n % 3 == 1) ? "042" : "062"
    g = (n % 7 == 0) ? "" : sprintf("%.1f", (n % 21) / 2 - 5)
    m = (n % 5 == 0) ? "" : n % 13
    a2 = (n % 11 == 0) ? "" : c[j]
    printf "t%d,%s,%s,%s,%s,%s,%s\n", n++, day, code, c[i], a2, g, m
  }
}' >"$T/many.csv"
expect_rc "ingest 121,600 events" 0 $BLOC ingest events --quiet "$T/many.csv"
expect_rc "a query brings the summaries up to date" 0 $BLOC dyad RUS CHN --by all
tallies="count(*), sum(coalesce(mentions,0)), (round(coalesce(sum(goldstein),0) * 1000000) + 0), count(goldstein),
  (round(coalesce(sum(goldstein*coalesce(mentions,0)),0) * 1000000) + 0), sum(CASE WHEN goldstein IS NULL THEN 0 ELSE coalesce(mentions,0) END)"
cols="events, mentions, (round(goldstein_sum * 1000000) + 0), goldstein_n, (round(goldstein_msum * 1000000) + 0), goldstein_mn"
q "SELECT actor1, actor2, day, domain, quad_class, $cols FROM event_summary ORDER BY 1,2,3,4,5" >"$T/sum.txt"
q "SELECT coalesce(actor1_country,''), coalesce(actor2_country,''), date, domain, coalesce(quad_class,0), $tallies
  FROM events GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5" >"$T/want.txt"
expect_same "the daily summary is the events' GROUP BY ($(wc -l <"$T/want.txt") rows)" "$T/sum.txt" "$T/want.txt"
q "SELECT actor1, actor2, day, domain, quad_class, $cols FROM event_summary_month ORDER BY 1,2,3,4,5" >"$T/sum.txt"
q "SELECT coalesce(actor1_country,''), coalesce(actor2_country,''), substr(date,1,8)||'01', domain, coalesce(quad_class,0), $tallies
  FROM events GROUP BY 1,2,3,4,5 ORDER BY 1,2,3,4,5" >"$T/want.txt"
expect_same "the monthly roll-up is the events' GROUP BY by month ($(wc -l <"$T/want.txt") rows)" "$T/sum.txt" "$T/want.txt"
q "SELECT actor, day, domain, quad_class, $cols FROM event_actor_summary ORDER BY 1,2,3,4" >"$T/sum.txt"
q "SELECT actor, date, domain, q, count(*), sum(m), (round(coalesce(sum(g),0) * 1000000) + 0), count(g), (round(coalesce(sum(g*m),0) * 1000000) + 0),
  sum(CASE WHEN g IS NULL THEN 0 ELSE m END) FROM (
  SELECT actor1_country AS actor, date, domain, coalesce(quad_class,0) AS q, coalesce(mentions,0) AS m, goldstein AS g
   FROM events WHERE actor1_country IS NOT NULL
  UNION ALL SELECT actor2_country, date, domain, coalesce(quad_class,0), coalesce(mentions,0), goldstein
   FROM events WHERE actor2_country IS NOT NULL AND (actor1_country IS NULL OR actor2_country <> actor1_country)) AS v
  GROUP BY 1,2,3,4 ORDER BY 1,2,3,4" >"$T/want.txt"
expect_same "each state's volumes are the events' GROUP BY ($(wc -l <"$T/want.txt") rows)" "$T/sum.txt" "$T/want.txt"
