#!/usr/bin/env bash
# Print the SQL a sqlite3 user would write to load a GDELT 2.0 export:
# a 61-column table named as in the codebook, the indexes bloc keeps
# (unique event id; dyad + date and actor2 + date, partial like bloc's:
# only rows with an actor country; date), then .import.
# usage: gdelt_import.sql.sh FILE
cols="GLOBALEVENTID SQLDATE MonthYear Year FractionDate"
for a in Actor1 Actor2; do
  cols="$cols ${a}Code ${a}Name ${a}CountryCode ${a}KnownGroupCode ${a}EthnicCode ${a}Religion1Code ${a}Religion2Code ${a}Type1Code ${a}Type2Code ${a}Type3Code"
done
cols="$cols IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone"
for g in Actor1Geo Actor2Geo ActionGeo; do
  cols="$cols ${g}_Type ${g}_FullName ${g}_CountryCode ${g}_ADM1Code ${g}_ADM2Code ${g}_Lat ${g}_Long ${g}_FeatureID"
done
cols="$cols DATEADDED SOURCEURL"
echo "CREATE TABLE events($(echo $cols | sed 's/ / TEXT, /g') TEXT);"
echo "CREATE UNIQUE INDEX events_id ON events(GLOBALEVENTID);"
echo "CREATE INDEX events_dyad ON events(Actor1CountryCode, Actor2CountryCode, SQLDATE) WHERE Actor1CountryCode <> '';"
echo "CREATE INDEX events_actor2 ON events(Actor2CountryCode, SQLDATE) WHERE Actor2CountryCode <> '';"
echo "CREATE INDEX events_date ON events(SQLDATE);"
echo ".mode tabs"
echo ".import $1 events"
