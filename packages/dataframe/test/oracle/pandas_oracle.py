"""Pandas as the oracle for @streamz-ts/dataframe tests.

Reads {"frames": [{col: [values]}], "dtypes": {col: dtype}, "time": col|null,
"prefix": {name: expr}, "final": {name: expr}} on stdin, or a list of such requests (answered by a
list: one Python start for many random streams). Each `prefix` expression is evaluated on the
concatenation of the first k frames, for every k (what a streaming result must equal after frame
k); each `final` expression once, on all frames. In expressions, `df` is the data and `pd`, `np`
are pandas and numpy. Writes {name: result} as JSON (NaN and pd.NA as null, infinities as "inf"/"-inf").
Values of float columns may come as strings ("inf", "-inf", "-0.0"): JSON has no such numbers.
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd


def plain(x):
    if x is pd.NA:
        return None
    if isinstance(x, pd.DataFrame):
        return {"columns": {str(c): [plain(v) for v in x[c].tolist()] for c in x.columns},
                "index": [plain(v) for v in x.index.tolist()]}
    if isinstance(x, pd.Series):
        return {"index": [plain(v) for v in x.index.tolist()], "values": [plain(v) for v in x.tolist()]}
    if isinstance(x, (np.generic,)):
        x = x.item()
    if isinstance(x, float) and x != x:
        return None
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"  # JSON has no infinities
    if isinstance(x, pd.Timestamp):
        return x.value / 1e6
    return x


def column(values, dtype):
    if dtype.startswith("float"):
        values = [float(v) if isinstance(v, str) else v for v in values]
    return pd.Series(values, dtype=dtype)


def answer(req):
    dtypes = req["dtypes"]
    frames = [pd.DataFrame({c: column(f[c], dtypes[c]) for c in dtypes}) for f in req["frames"]]
    time = req.get("time")

    def data(k):
        df = pd.concat(frames[:k], ignore_index=True)
        if time:
            df.index = pd.to_datetime(df[time], unit="ms")
        return df

    env = {"pd": pd, "np": np}
    out = {}
    for name, expr in req.get("prefix", {}).items():
        out[name] = [plain(eval(expr, dict(env, df=data(k)))) for k in range(1, len(frames) + 1)]
    for name, expr in req.get("final", {}).items():
        out[name] = plain(eval(expr, dict(env, df=data(len(frames)))))
    return out


def main():
    warnings.simplefilter("ignore", FutureWarning)  # pandas 1.5 announcing 2.0's defaults
    req = json.load(sys.stdin)
    json.dump([answer(r) for r in req] if isinstance(req, list) else answer(req), sys.stdout)


main()
