/**
 * How streaming frames and series show when they are a notebook cell's value: inside the streamz-ts
 * kernel a live table (as `sdf.plot.table()`: new rows newest first, a whole result in key order; a
 * series as the one-column frame of its values, as streamz shows a streaming Series), a one-line
 * description elsewhere (and in `console.log`).
 */
import { inspect } from "node:util";
import { DISPLAY, kernelBridge, type MimeBundle } from "@streamz-ts/protocol";
import { StreamingDataFrame } from "./dataframe";
import { ColumnFrame } from "./frame";
import { StreamingSeries } from "./series";

/** `StreamingDataFrame(time: timestamp, name: string, ...)`. */
export function describeFrame(sdf: StreamingDataFrame): string {
  return `StreamingDataFrame(${sdf.fields.map((f) => `${f.name}: ${f.dtype}`).join(", ")})`;
}

/** `StreamingSeries(x: float)`. */
export function describeSeries(series: StreamingSeries): string {
  return `StreamingSeries(${series.name}: ${series.dtype})`;
}

function defineHidden(target: object, key: symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: false });
}

defineHidden(StreamingDataFrame.prototype, DISPLAY, function (this: StreamingDataFrame): MimeBundle {
  if (!kernelBridge()) return { "text/plain": describeFrame(this) };
  return this.plot.table()[DISPLAY]();
});
defineHidden(StreamingDataFrame.prototype, inspect.custom, function (this: StreamingDataFrame): string {
  return describeFrame(this);
});
/** A series as the streaming frame of its one column (its name and values, per frame). */
function seriesFrame(series: StreamingSeries): StreamingDataFrame {
  const alone = (f: ColumnFrame) => new ColumnFrame([series.name], [series.expr(f)]);
  return StreamingDataFrame.fromFrames(series.frames.map(alone).label(`${series.name} values`), alone(series.example));
}

defineHidden(StreamingSeries.prototype, DISPLAY, function (this: StreamingSeries): MimeBundle {
  if (!kernelBridge()) return { "text/plain": describeSeries(this) };
  return seriesFrame(this).plot.table()[DISPLAY]();
});
defineHidden(StreamingSeries.prototype, inspect.custom, function (this: StreamingSeries): string {
  return describeSeries(this);
});
