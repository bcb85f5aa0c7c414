/**
 * VegaChart: a Vega-Lite spec whose data set `CHART_DATA_NAME` is fed by a stream, in one of three
 * modes: appending events (keeping the last `backlog` rows), replacing a whole state, or upserting rows
 * by key. `stream.chart(spec, { mode, key, backlog })`; the dataframe's `.plot` builds on it.
 */
import type { Stream } from "@streamz-ts/core";
import { CHART_DATA_NAME, DEFAULT_CHART_BACKLOG, SUMMARY_MESSAGE_BYTES, type KernelBridge } from "@streamz-ts/protocol";
import { RowsModel, type RowsOptions } from "./rows-model";
import { columnsOf, type Row } from "./rows";
import { CellsStore, JSON_ROOM, SummaryExchange, SummaryStore, summaryInfo, summaryStoreFor } from "./decimate";

/** Options of {@link VegaChart}. */
export interface ChartOptions extends RowsOptions {
  /**
   * Rows the chart keeps: in `"append"` mode the newest (oldest dropped first), in `"upsert"` mode the
   * most recently updated keys, in `"replace"` mode the last rows of one state; default 1,000.
   */
  backlog?: number;
  /**
   * Send a per-pixel summary instead of every kept row (lines and areas: M4, the first, lowest, highest
   * and last point of each x bucket; points: one point per occupied pixel, per colour), so that a
   * backlog of up to 10 million rows draws as fast as a few thousand; zooming in fetches the range at
   * full resolution. Default: on for line, area and point charts of one x and one y field (points: and
   * at most one nominal colour or shape field) whose backlog is above 10,000 rows
   * (`SUMMARY_AUTO_BACKLOG`); `false` draws every row.
   * @example stream.chart({ mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "v", type: "quantitative" } } }, { backlog: 1e6 })
   */
  summary?: boolean;
}

/**
 * Checks and copies a Vega-Lite spec; names its data set when it has none. Throws a TypeError for a
 * spec that is not a JSON object, or whose data is not the named data set the view feeds.
 */
export function prepareSpec(spec: unknown): Record<string, unknown> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(
      `chart: spec must be a Vega-Lite spec object, got ${spec === null ? "null" : Array.isArray(spec) ? "an array" : typeof spec}`,
    );
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

/**
 * The fields a spec's encodings name (top level and layers), less those its transforms make (`as`).
 * Nested paths (`a.b`) are left out: they read inside a column.
 */
export function specFields(spec: Record<string, unknown>): Set<string> {
  const named = new Set<string>();
  const made = new Set<string>();
  const visit = (view: Record<string, unknown>): void => {
    for (const channel of Object.values((view.encoding as Record<string, unknown> | undefined) ?? {})) {
      for (const def of Array.isArray(channel) ? channel : [channel]) {
        const field = (def as { field?: unknown } | null)?.field;
        if (typeof field === "string" && !/[.[\]]/.test(field)) named.add(field);
      }
    }
    for (const t of (view.transform as Record<string, unknown>[] | undefined) ?? []) {
      for (const v of [t.as, ...((t.aggregate as { as?: unknown }[] | undefined) ?? []).map((a) => a.as)]) {
        for (const name of Array.isArray(v) ? v : [v]) if (typeof name === "string") made.add(name);
      }
    }
    for (const layer of (view.layer as Record<string, unknown>[] | undefined) ?? []) visit(layer);
  };
  visit(spec);
  for (const m of made) named.delete(m);
  return named;
}

/** A live Vega-Lite chart of a stream's rows. */
export class VegaChart<T = unknown> extends RowsModel<T> {
  readonly spec: Record<string, unknown>;
  /** The spec's fields not yet seen in the rows (checked per update until all have been, then never). */
  private unseen: Set<string>;
  private missingSaid = "";
  private warned = false;
  /** issue 17: a summarised chart's exchange with its views (sizes, zoomed ranges). */
  private readonly exchange: SummaryExchange | undefined;
  /** Whether the update being made goes out (then a watched range is answered again after it). */
  private updating = false;

  constructor(stream: Stream<T>, spec: object, bridge: KernelBridge, options: ChartOptions = {}) {
    const prepared = prepareSpec(spec);
    const backlog = options.backlog ?? DEFAULT_CHART_BACKLOG;
    // issue 17 hook: a large line or area chart keeps typed columns and sends their summary
    super("vegaChart", stream, backlog, options, { store: (types) => summaryStoreFor(prepared, { ...options, backlog }, types) });
    this.spec = prepared;
    this.unseen = specFields(this.spec);
    const store = this.store;
    if (store instanceof SummaryStore || store instanceof CellsStore) {
      this.exchange = new SummaryExchange(store, () => this.comm);
      // each message under 64 KB: a whole picture goes in pieces (the full state carries the spec too)
      this.pieceBudget = SUMMARY_MESSAGE_BYTES - JSON_ROOM - JSON.stringify(prepared).length;
    }
    this.start(bridge);
  }

  describe(): string {
    return `VegaChart(${this.stream.describe()}, ${this.store.mode}, backlog=${this.store.capacity})`;
  }

  fullState(): Record<string, unknown> {
    return { ...this.identity(), spec: this.spec, summary: summaryInfo(this.store), ...this.rowsState() };
  }

  /** issue 17 hook: a view's size and range requests, for a summarised chart. */
  protected override onCustom(content: Record<string, unknown>): void {
    try {
      if (this.exchange?.onMessage(content)) this.markDirty();
    } catch (err) {
      this.sendCustom({ type: "error", message: (err as Error).message });
    }
  }

  protected override changes(): Record<string, unknown> | undefined {
    const out = super.changes();
    this.updating = out !== undefined;
    return out;
  }

  /** issue 17 hook: after an update went out, a zoomed view's range is answered again if its rows changed. */
  override flush(now: number): void {
    this.updating = false;
    super.flush(now);
    if (this.updating) this.exchange?.afterUpdate();
    this.updating = false;
  }

  override sendFullState(): void {
    super.sendFullState();
    this.exchange?.afterUpdate();
  }

  /**
   * Says so in the view's banner when the spec names fields the rows do not have (a blank chart with no
   * word why was all a user saw), once per set of missing fields.
   */
  protected override batchExtras(rows: Row[]): Record<string, unknown> {
    const warning = this.store instanceof CellsStore ? this.store.warning : undefined;
    if (warning !== undefined && !this.warned) {
      this.warned = true;
      this.sendCustom({ type: "error", message: warning });
    }
    if (rows.length === 0 || this.unseen.size === 0) return {};
    const have = new Set(columnsOf(rows));
    for (const f of have) this.unseen.delete(f);
    const missing = [...this.unseen];
    const said = missing.join(",");
    if (missing.length > 0 && said !== this.missingSaid) {
      const names = missing.map((f) => `"${f}"`).join(", ");
      this.sendCustom({
        type: "error",
        message: `the chart's spec names ${names}, which the rows do not have (their fields: ${[...have].join(", ")})`,
      });
    }
    this.missingSaid = said;
    return {};
  }
}
