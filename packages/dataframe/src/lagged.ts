/**
 * Series computed into new frames (the series' column replaced), as the cumulative operations are:
 * those that carry state across frames row by row (`shift`, `diff`, `pctChange`; an expression is evaluated
 * wherever it is used and must not hold state), and `dropna`, which changes the rows.
 */
import type { Column } from "./column";
import { keptRows } from "./dropna";
import type { ColumnFrame } from "./frame";
import { Lag, PctChange, type LagOp } from "./compute/lag";
import { StreamingSeries } from "./series";

/** `series.shift(periods)` or `series.diff(periods)` over every frame so far. */
export function lagged(series: StreamingSeries, op: LagOp | "pctChange", periods: number, pad = true): StreamingSeries {
  const { name, expr } = series;
  const numeric = (c: Column) => {
    if (c.dtype === "string") throw new TypeError(`${op}: series "${name}" holds strings`);
    return c;
  };
  const make = () => (op === "pctChange" ? new PctChange(periods, pad) : new Lag(op, periods));
  const state = make();
  const frames = series.frames.map((f) => f.withColumn(name, state.next(numeric(expr(f))))).label(`${name}.${op}(${periods})`);
  const example = series.example.withColumn(name, make().next(numeric(expr(series.example))));
  return StreamingSeries.ofColumn(frames, example, name);
}

/** `series.dropna()`: the frames' rows where the series has a value, the series as their column. */
export function dropped(series: StreamingSeries): StreamingSeries {
  const { name, expr } = series;
  const drop = (f: ColumnFrame): ColumnFrame => {
    const c = expr(f);
    const g = f.withColumn(name, c);
    const idx = keptRows([c], f.length);
    return idx.length === f.length ? g : g.take(idx);
  };
  return StreamingSeries.ofColumn(series.frames.map(drop).label(`${name}.dropna()`), drop(series.example), name);
}
