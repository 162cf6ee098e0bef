"""The pandas way to the job bench/unga.sh times: every dyad-year's common
votes, percent agreement and S-score from the raw unvotes CSV files, written
as CSV. A per-year self-merge on rcid, as analysts do with unvotes/widyr."""
import sys

import pandas as pd

votes_path, rc_path, out_path = sys.argv[1:4]
votes = pd.read_csv(votes_path, usecols=["rcid", "country", "country_code", "vote"])
rc = pd.read_csv(rc_path, usecols=["rcid", "date"])
votes["x"] = votes["vote"].map({"yes": 1, "abstain": 2, "no": 3})
votes = votes.dropna(subset=["x"])
# country_code is missing for a few historical names: key dyads by name
votes = votes.merge(rc, on="rcid")
votes["year"] = votes["date"].str.slice(0, 4).astype(int)
parts = []
for year, g in votes.groupby("year"):
    g = g[["rcid", "country", "x"]]
    p = g.merge(g, on="rcid", suffixes=("_a", "_b"))
    p = p[p["country_a"] < p["country_b"]]
    p["same"] = (p["x_a"] == p["x_b"]).astype(float)
    p["dist"] = (p["x_a"] - p["x_b"]).abs()
    s = p.groupby(["country_a", "country_b"]).agg(votes=("same", "size"), agree=("same", "mean"),
                                                  dist=("dist", "mean")).reset_index()
    s["s_score"] = 1.0 - s["dist"]
    s.insert(0, "year", year)
    parts.append(s.drop(columns="dist"))
out = pd.concat(parts)
out.to_csv(out_path, index=False, float_format="%.4f")
print(len(out), file=sys.stderr)
