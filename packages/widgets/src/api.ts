/**
 * What users call: `stream.chart(spec, {backlog})`, `stream.table({rows})`, `display(x)`, and a
 * `Stream` shown as a live {@link StreamOutput} when it is a cell's last value. Widgets need the
 * streamz-ts kernel (its comm channel); outside it they throw an error that says so.
 */
import { inspect } from "node:util";
import { registerApi, Stream } from "@streamz-ts/core";
import { DISPLAY, isDisplayable, kernelBridge, type KernelBridge, type MimeBundle } from "@streamz-ts/protocol";
import { VegaChart, type ChartOptions } from "./chart";
import type { WidgetOptions } from "./model";
import { StreamOutput } from "./output";
import { LiveTable, type TableOptions } from "./table";

declare module "@streamz-ts/core" {
  interface Stream<T> {
    /**
     * A live Vega-Lite chart of this stream's rows. Plain values become rows `{index, value}`; objects
     * are rows; arrays and Arrow tables hold several rows. `mode` says what an element does: `"append"`
     * its rows (default; the last `backlog` rows are kept, default 1,000), `"replace"` the content (an
     * element is a whole state, e.g. a group-by result), or `"upsert"` rows by `key` (the latest row per
     * key wins; `backlog` keys are kept).
     * @example `source.map((x) => ({ t: Date.now(), y: x })).chart({ mark: "line", encoding: { x: { field: "t", type: "temporal" }, y: { field: "y", type: "quantitative" } } }, { backlog: 500 })`
     * @example `latestPerSensor.chart({ mark: "bar", encoding: { x: { field: "id" }, y: { field: "v", type: "quantitative" } } }, { mode: "upsert", key: "id" })`
     */
    chart(spec: object, options?: ChartOptions): VegaChart<T>;
    /**
     * A live table of this stream's latest rows (default 20). By default an array element (a frame or
     * window) replaces the content and a single row is appended, newest first; `mode`, `key` and
     * `order` choose otherwise (as for {@link Stream.chart}).
     * @example `source.slidingWindow(10).table({ rows: 10 })`
     * @example `readings.table({ mode: "upsert", key: "sensor", order: "key" })`
     */
    table(options?: TableOptions): LiveTable<T>;
    /**
     * A live view of this stream's latest value. A stream that is a cell's last value shows this way.
     * @example `source.map(inc).output({ interval: 250 })`
     */
    output(options?: WidgetOptions): StreamOutput<T>;
    /** The display bundle: a new live {@link StreamOutput} inside the kernel, text elsewhere. */
    [DISPLAY](): MimeBundle;
  }
}

/** The kernel bridge, or an error naming what needs it. */
export function requireKernel(what: string): KernelBridge {
  const bridge = kernelBridge();
  if (!bridge) throw new Error(`${what} needs the streamz-ts Jupyter kernel (its comm channel); here there is none`);
  return bridge;
}

registerApi("chart", function (this: Stream<unknown>, spec: object, options?: ChartOptions) {
  return new VegaChart(this, spec, requireKernel("stream.chart()"), options);
});

registerApi("table", function (this: Stream<unknown>, options?: TableOptions) {
  return new LiveTable(this, requireKernel("stream.table()"), options);
});

registerApi("output", function (this: Stream<unknown>, options?: WidgetOptions) {
  return new StreamOutput(this, requireKernel("stream.output()"), options);
});

Object.defineProperty(Stream.prototype, DISPLAY, {
  configurable: true,
  writable: true,
  enumerable: false,
  value: function (this: Stream<unknown>): MimeBundle {
    const bridge = kernelBridge();
    if (!bridge) return { "text/plain": `Stream(${this.describe()})` };
    return new StreamOutput(this, bridge)[DISPLAY]();
  },
});

/**
 * Shows `value` in the running cell's output: a stream as a live output, a widget as a view of it,
 * anything with a display form in that form, anything else as text.
 * @example `display(source.map(inc)); display(chart);`
 */
export function display(value: unknown): void {
  const bridge = requireKernel("display()");
  const bundle: MimeBundle = isDisplayable(value) ? value[DISPLAY]() : { "text/plain": inspect(value) };
  bridge.displayData(bundle);
}
