"""The pandas way to the job bench/sipri.sh times: from a SIPRI per-delivery
register (SIPRI's preamble above the header), each supplier's TIV, share,
deal-years and deals in every recipient's imports, written as CSV."""
import sys

import pandas as pd

path, out_path = sys.argv[1:3]
d = pd.read_csv(path, skiprows=11, encoding="latin-1")
g = d.groupby(["Recipient", "Supplier"]).agg(tiv=("TIV delivery values", "sum"),
                                              deliveries=("TIV delivery values", "size"),
                                              deals=("SIPRI AT Database ID", "nunique")).reset_index()
g["share"] = g["tiv"] / g.groupby("Recipient")["tiv"].transform("sum")
g.to_csv(out_path, index=False, float_format="%.4f")
print(len(g), file=sys.stderr)
