/**
 * VegaChart: a Vega-Lite spec whose data set `CHART_DATA_NAME` is fed by a stream, in one of three
 * modes: appending events (keeping the last `backlog` rows), replacing a whole state, or upserting rows
 * by key. `stream.chart(spec, { mode, key, backlog })`; the dataframe's `.plot` builds on it.
 */
import type { Stream } from "@streamz-ts/core";
import { CHART_DATA_NAME, DEFAULT_CHART_BACKLOG, type KernelBridge } from "@streamz-ts/protocol";
import { RowsModel, type RowsOptions } from "./rows-model";

/** Options of {@link VegaChart}. */
export interface ChartOptions extends RowsOptions {
  /**
   * Rows the chart keeps: in `"append"` mode the newest (oldest dropped first), in `"upsert"` mode the
   * most recently updated keys, in `"replace"` mode the last rows of one state; default 1,000.
   */
  backlog?: number;
}

/**
 * Checks and copies a Vega-Lite spec; names its data set when it has none. Throws a TypeError for a
 * spec that is not a JSON object, or whose data is not the named data set the view feeds.
 */
export function prepareSpec(spec: unknown): Record<string, unknown> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`chart: spec must be a Vega-Lite spec object, got ${spec === null ? "null" : Array.isArray(spec) ? "an array" : typeof spec}`);
  }
  let copy: Record<string, unknown>;
  try {
    copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  } catch (err) {
    throw new TypeError(`chart: spec must be JSON (${(err as Error).message})`);
  }
  const data = copy.data as { name?: unknown } | undefined;
  if (data === undefined) {
    copy.data = { name: CHART_DATA_NAME };
  } else if (data === null || typeof data !== "object" || data.name !== CHART_DATA_NAME) {
    throw new TypeError(`chart: spec.data must be absent or {"name": "${CHART_DATA_NAME}"}: the streamed rows go into that data set`);
  }
  return copy;
}

/** A live Vega-Lite chart of a stream's rows. */
export class VegaChart<T = unknown> extends RowsModel<T> {
  readonly spec: Record<string, unknown>;

  constructor(stream: Stream<T>, spec: object, bridge: KernelBridge, options: ChartOptions = {}) {
    super("vegaChart", stream, options.backlog ?? DEFAULT_CHART_BACKLOG, options);
    this.spec = prepareSpec(spec);
    this.start(bridge);
  }

  describe(): string {
    return `VegaChart(${this.stream.describe()}, ${this.store.mode}, backlog=${this.store.capacity})`;
  }

  fullState(): Record<string, unknown> {
    return { ...this.identity(), spec: this.spec, ...this.rowsState() };
  }
}
