"""The same aggregation in pandas: monthly series of every dyad of a group
from a GDELT 2.0 export (read with only the columns needed), undirected,
with events per quad class and mean Goldstein.
usage: analytics_pandas.py FILE CODES(comma-separated) OUT.csv"""
import csv
import sys

import numpy as np
import pandas as pd

codes = set(sys.argv[2].split(","))
df = pd.read_csv(sys.argv[1], sep="\t", header=None, usecols=[1, 7, 17, 29, 30],
                 names=["date", "a1", "a2", "quad", "goldstein"],
                 dtype={"date": np.int64, "a1": str, "a2": str, "quad": np.int64,
                        "goldstein": np.float64},
                 quoting=csv.QUOTE_NONE, keep_default_na=False, na_values={"goldstein": [""]})
df = df[df.a1.isin(codes) & df.a2.isin(codes) & (df.a1 != df.a2)]
df = df.assign(month=df.date // 100, a=np.where(df.a1 < df.a2, df.a1, df.a2),
               b=np.where(df.a1 < df.a2, df.a2, df.a1))
for q in (1, 2, 3, 4):
    df["q%d" % q] = (df.quad == q).astype(np.int64)
out = df.groupby(["month", "a", "b"]).agg(events=("quad", "size"), q1=("q1", "sum"),
                                          q2=("q2", "sum"), q3=("q3", "sum"), q4=("q4", "sum"),
                                          goldstein=("goldstein", "mean")).reset_index()
out["net_cooperation"] = (out.q1 + out.q2 - out.q3 - out.q4) / (out.q1 + out.q2 + out.q3 + out.q4)
out.to_csv(sys.argv[3], index=False)
