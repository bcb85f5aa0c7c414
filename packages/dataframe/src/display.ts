/**
 * How streaming frames show when they are a notebook cell's value: a live table of the latest frame
 * inside the streamz-ts kernel, a one-line description elsewhere (and in `console.log`).
 */
import { inspect } from "node:util";
import { DISPLAY, kernelBridge, type MimeBundle } from "@streamz-ts/protocol";
import { StreamingDataFrame } from "./dataframe";
import { StreamingSeries } from "./series";

/** `StreamingDataFrame(time: timestamp, name: string, ...)`. */
export function describeFrame(sdf: StreamingDataFrame): string {
  return `StreamingDataFrame(${sdf.fields.map((f) => `${f.name}: ${f.dtype}`).join(", ")})`;
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
defineHidden(StreamingSeries.prototype, inspect.custom, function (this: StreamingSeries): string {
  return `StreamingSeries(${this.name}: ${this.dtype})`;
});
