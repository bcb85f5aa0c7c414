"""streamz.dataframe on pandas, the peer of bench/src/dataframe.ts: the same two workloads over
1,000 frames of 1,000 rows {name: one of 5 strings, x: float, y: int}. Prints JSON
{"filter_sum": rows_per_s, "groupby_mean": rows_per_s} (medians of 3 runs)."""
import json
import statistics
import time

import numpy as np
import pandas as pd
from streamz import Stream
from streamz.dataframe import DataFrame

FRAMES, ROWS = 1000, 1000
names = np.array(["Alice", "Bob", "Charlie", "Dan", "Edith"])
rng = np.random.default_rng(0)
frames = [pd.DataFrame({"name": names[rng.integers(0, 5, ROWS)], "x": rng.random(ROWS) * 2 - 1,
                        "y": rng.integers(0, 100, ROWS)}) for _ in range(FRAMES)]


def rate(build):
    times = []
    for _ in range(3):
        source = Stream()
        sdf = DataFrame(source, example=frames[0].iloc[:0])
        build(sdf).stream.sink(lambda x: None)
        t0 = time.perf_counter()
        for f in frames:
            source.emit(f)
        times.append(time.perf_counter() - t0)
    return FRAMES * ROWS / statistics.median(times)


print(json.dumps({
    "filter_sum": rate(lambda sdf: sdf[sdf.x > 0].x.sum()),
    "groupby_mean": rate(lambda sdf: sdf.groupby("name").x.mean()),
}))
