/**
 * Results over a bounded set of rows seen so far, re-emitted after each frame as whole results (views
 * replace them): `tail(n)`, the newest n rows; `nlargest` / `nsmallest(n, column)`, the n rows with the
 * largest / smallest values, ties to the earlier row (pandas' keep="first"), then rows missing the
 * value, earliest first, when fewer than n have one (as pandas).
 * The state is at most n rows.
 */
import { StreamingDataFrame } from "./dataframe";
import { ColumnFrame } from "./frame";

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}(${n}): n must be a whole number >= 0`);
}

/** `sdf.tail(n)`: the newest `n` rows so far, after each frame. */
export function tailRows(sdf: StreamingDataFrame, n: number): StreamingDataFrame {
  checkCount("tail", n);
  const make = () => {
    let kept = sdf.example.slice(0, 0);
    return (f: ColumnFrame): ColumnFrame => {
      const all = f.length >= n ? f : ColumnFrame.concat(kept, [kept, f]);
      kept = all.slice(Math.max(0, all.length - n));
      return kept;
    };
  };
  return StreamingDataFrame.fromFrames(sdf.frames.map(make()).label(`tail(${n})`), make()(sdf.example.slice(0, 0)), { key: [] });
}

/** `sdf.nlargest(n, column)` (`largest`) or `sdf.nsmallest(n, column)`, after each frame, best first. */
export function extremeRows(sdf: StreamingDataFrame, n: number, column: string, largest: boolean): StreamingDataFrame {
  const what = largest ? "nlargest" : "nsmallest";
  checkCount(what, n);
  if (sdf.example.column(column).dtype === "string") throw new TypeError(`${what}(${n}, "${column}"): column "${column}" holds strings`);
  const make = () => {
    let kept = sdf.example.slice(0, 0);
    return (f: ColumnFrame): ColumnFrame => {
      const all = ColumnFrame.concat(kept, [kept, f]); // kept rows first: they win ties
      const values = (all.column(column) as { values: ArrayLike<number> }).values;
      const rows: number[] = [];
      const missing: number[] = [];
      for (let i = 0; i < values.length; i++) (values[i] === values[i] ? rows : missing).push(i);
      rows.sort(largest ? (a, b) => values[b]! - values[a]! : (a, b) => values[a]! - values[b]!); // stable
      kept = all.take(Int32Array.from(rows.concat(missing).slice(0, n)));
      return kept;
    };
  };
  return StreamingDataFrame.fromFrames(sdf.frames.map(make()).label(`${what}(${n}, ${column})`), make()(sdf.example.slice(0, 0)), {
    key: [],
  });
}
