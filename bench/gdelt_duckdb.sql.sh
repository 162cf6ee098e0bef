#!/usr/bin/env bash
# Print the SQL a DuckDB user would write to load a GDELT 2.0 export (the
# codebook's 61 columns, read as text by read_csv, no quoting): mode "all"
# into a table keyed by GLOBALEVENTID (a unique key, as bloc's), mode
# "crink" only the events with Russia, China, Iran or North Korea as either
# actor. The last statement counts the rows kept.
# usage: gdelt_duckdb.sql.sh FILE all|crink
cols=$(bash "$(dirname "$0")/gdelt_import.sql.sh" "$1" | head -1 | sed -e 's/^CREATE TABLE events.//' -e 's/..$//' -e 's/ TEXT//g')
spec=""
for c in ${cols//,/ }; do spec="$spec${spec:+, }'$c': 'VARCHAR'"; done
src="read_csv('$1', delim = '\t', header = false, quote = '', escape = '', columns = {$spec})"
if [ "$2" = all ]; then
  echo "CREATE TABLE events($(echo "$cols" | sed 's/,/ VARCHAR,/g; s/GLOBALEVENTID VARCHAR/GLOBALEVENTID BIGINT PRIMARY KEY/') VARCHAR);"
  echo "INSERT INTO events SELECT * REPLACE (GLOBALEVENTID::BIGINT AS GLOBALEVENTID) FROM $src;"
else
  echo "CREATE TABLE events AS SELECT * FROM $src"
  echo " WHERE Actor1CountryCode IN ('RUS','CHN','IRN','PRK') OR Actor2CountryCode IN ('RUS','CHN','IRN','PRK');"
fi
echo "SELECT count(*) FROM events;"
