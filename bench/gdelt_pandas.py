"""What a pandas user writes to load a GDELT 2.0 export into SQLite:
read_csv (tab-separated, no header, every column as text) and to_sql,
then the same indexes bloc keeps. usage: gdelt_pandas.py FILE DB"""
import csv
import sqlite3
import sys

import pandas as pd

cols = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
for a in ("Actor1", "Actor2"):
    cols += [a + s for s in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                             "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                             "Type3Code")]
cols += ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
         "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
for g in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
    cols += [g + s for s in ("_Type", "_FullName", "_CountryCode", "_ADM1Code", "_ADM2Code",
                             "_Lat", "_Long", "_FeatureID")]
cols += ["DATEADDED", "SOURCEURL"]

df = pd.read_csv(sys.argv[1], sep="\t", header=None, names=cols, dtype=str,
                 quoting=csv.QUOTE_NONE, keep_default_na=False)
con = sqlite3.connect(sys.argv[2])
con.execute("CREATE TABLE events(%s)" % ", ".join(c + " TEXT" for c in cols))
con.execute("CREATE UNIQUE INDEX events_id ON events(GLOBALEVENTID)")
con.execute("CREATE INDEX events_dyad ON events(Actor1CountryCode, Actor2CountryCode, SQLDATE)"
            " WHERE Actor1CountryCode <> ''")
con.execute("CREATE INDEX events_actor2 ON events(Actor2CountryCode, SQLDATE)"
            " WHERE Actor2CountryCode <> ''")
con.execute("CREATE INDEX events_date ON events(SQLDATE)")
df.to_sql("events", con, if_exists="append", index=False, chunksize=100000)
con.commit()
print(con.execute("SELECT count(*) FROM events").fetchone()[0])
