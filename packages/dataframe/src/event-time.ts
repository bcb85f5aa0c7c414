/**
 * Event-time windows of a streaming frame (`sdf.eventWindow({ size: "10s", allowedLateness: "2s" })`):
 * rows go to windows by the time in their timestamp column, whatever order they arrive in; a window's
 * result is emitted once the watermark passes its end; late rows go to a side stream; an optional
 * early firing emits provisional results on the stream's clock. The rules are in
 * compute/event-windows.ts and the README.
 */
import { both, below, Stream, type Pending, type TimerHandle } from "@streamz-ts/core";
import { Aggregations } from "./aggregations";
import type { AggSpecMap } from "./agg-spec";
import type { Column, NumericColumn } from "./column";
import { EventWindowState, type OpenWindow, type WindowShape } from "./compute/event-windows";
import type { AggName } from "./compute/moments";
import { StreamingDataFrame } from "./dataframe";
import { parseDuration } from "./duration";
import { ColumnFrame } from "./frame";
import { GroupBy, type SeriesGroupBy, type GroupKey } from "./groupby";
import type { SpreadOptions } from "./series";

/** Options of `eventWindow`: `size` (and `slide`) for tumbling or hopping windows, or `gap` for sessions. Durations: ms or "10s". */
export interface EventWindowOptions {
  /** Window length: tumbling windows of this size, or hopping ones with `slide`. */
  size?: number | string;
  /** Hop between window starts (default `size`: tumbling); windows overlap when it is smaller. */
  slide?: number | string;
  /** Session windows: rows less than `gap` apart (in event time) share a window. */
  gap?: number | string;
  /** The timestamp column; default the frame's first timestamp column. */
  on?: string;
  /** How far behind the largest time seen the watermark stays (default 0): how late a row may be. */
  allowedLateness?: number | string;
  /** Also emit provisional results of open windows that changed, every this often (stream's clock). */
  earlyFiring?: number | string;
  /** Open windows allowed at once (default 10,000); more throws, naming the operator. */
  maxOpenWindows?: number;
  /** Rows the open windows may hold (default 1,000,000; a hopping window's row counts once per window); more throws. */
  maxRows?: number;
}

/** The columns an event window adds in front of a window's rows and results. */
export const WINDOW_COLUMNS = ["window_start", "window_end", "final"] as const;

type Event = { window: ColumnFrame } | { late: ColumnFrame } | { watermark: number };

const ms = (v: number | string, what: string, name: string): number => {
  const x = typeof v === "number" ? v : parseDuration(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${what}: ${name} must be a positive duration, got ${JSON.stringify(v)}`);
  return x;
};

/** Node behind {@link EventWindow}: folds frames into the window state; fires by watermark and by timer. */
class EventWindowNode extends Stream<Event> {
  private timer: TimerHandle | undefined;

  constructor(
    upstream: Stream<ColumnFrame>,
    private readonly state: EventWindowState,
    private readonly on: string,
    private readonly rows: (w: OpenWindow, final: boolean) => ColumnFrame,
    private readonly early: number | undefined,
    what: string,
  ) {
    super(below(upstream, { name: what }));
    this.attach(upstream);
  }
  override get kind(): string {
    return "eventWindow";
  }
  override update(x: unknown): Pending {
    const f = x as ColumnFrame;
    const { late, fired } = this.state.add(f, (f.column(this.on) as NumericColumn).values);
    let r: Pending = late.length > 0 ? this._emit({ late }) : undefined;
    r = both(r, this._emit({ watermark: this.state.watermark }));
    for (const w of fired) r = both(r, this._emit({ window: this.rows(w, true) }));
    this.arm();
    return r;
  }
  /** Fires every open window (the input has ended). */
  flush(): Pending {
    let r: Pending = undefined;
    for (const w of this.state.flush()) r = both(r, this._emit({ window: this.rows(w, true) }));
    return r;
  }
  /** Early firing: a timer only while windows are open, so an idle stream holds none. */
  private arm(): void {
    if (this.early === undefined || this.timer !== undefined || this.state.openWindows === 0 || this.isDestroyed) return;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      for (const w of this.state.changed()) void this.emitDetached({ window: this.rows(w, false) }); // failures are reported, never rejected
      this.arm();
    }, this.early);
  }
  protected override teardown(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * `sdf.eventWindow(options)`: windows over event time. `windows` is each emitted window's rows,
 * `late` the late rows, `watermark` the watermark after each frame; `groupby`, `get` and the
 * aggregations give one result per emitted window, with `window_start`, `window_end` (timestamps)
 * and `final` (false for an early firing's provisional result) in front.
 * @example
 * ```ts
 * const w = sdf.eventWindow({ size: "10s", allowedLateness: "2s" });
 * w.groupby("name").get("x").mean().plot.bar("name", "x");   // each window's means, as it completes
 * w.late.plot.scatter("time", "x");                          // the rows that came too late
 * ```
 */
export class EventWindow extends Aggregations<StreamingDataFrame> {
  /** Each emitted window's rows (in arrival order), with the window columns in front: a frame per window. */
  readonly windows: StreamingDataFrame;
  /** Rows that came too late for every window they belong to (and rows without a time), as they arrive. */
  readonly late: StreamingDataFrame;
  /** The watermark (epoch ms; -Infinity before any time) after each frame. */
  readonly watermark: Stream<number>;
  private readonly node: EventWindowNode;
  private readonly what: string;

  constructor(
    readonly sdf: StreamingDataFrame,
    options: EventWindowOptions,
  ) {
    super();
    const what = (this.what = `eventWindow(${Object.entries(options)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(", ")})`);
    const shape = shapeOf(options, what);
    const on = options.on ?? sdf.example.fields.find((f) => f.dtype === "timestamp")?.name;
    if (on === undefined)
      throw new Error(
        `${what} needs a time column: the frame has no timestamp column (columns: ${sdf.example.names.join(", ")}); pass { on: "<column>" }`,
      );
    const dtype = sdf.example.column(on).dtype;
    if (dtype === "string" || dtype === "bool") throw new TypeError(`${what}: column "${on}" holds ${dtype}s, not times`);
    for (const c of WINDOW_COLUMNS)
      if (sdf.example.has(c)) throw new Error(`${what}: the frame has a column "${c}", which the windows add; rename it first`);
    const lateness =
      options.allowedLateness === undefined
        ? 0
        : typeof options.allowedLateness === "number"
          ? options.allowedLateness
          : parseDuration(options.allowedLateness);
    if (!(lateness >= 0)) throw new RangeError(`${what}: allowedLateness must be >= 0`);
    const early = options.earlyFiring === undefined ? undefined : ms(options.earlyFiring, what, "earlyFiring");
    const state = new EventWindowState(
      shape,
      lateness,
      { maxOpen: options.maxOpenWindows ?? 10_000, maxRows: options.maxRows ?? 1_000_000 },
      what,
    );
    const empty = sdf.example.slice(0, 0);
    const rows = (w: OpenWindow, final: boolean): ColumnFrame =>
      windowFrame(w.parts.length === 0 ? empty : ColumnFrame.concat(empty, w.parts), w.start, w.end, final);
    this.node = new EventWindowNode(sdf.frames, state, on, rows, early, what);
    const pick = <K extends "window" | "late">(k: K) => this.node.filter((e) => k in e).map((e) => (e as Record<K, ColumnFrame>)[k]);
    this.windows = StreamingDataFrame.fromFrames(pick("window").label(`${what} windows`), windowFrame(empty, 0, 0, true));
    this.late = StreamingDataFrame.fromFrames(pick("late").label(`${what} late rows`), sdf.example);
    this.watermark = this.node
      .filter((e) => "watermark" in e)
      .map((e) => ("watermark" in e ? e.watermark : NaN)) // (always the first: the filter let only those through)
      .label(`${what} watermark`);
  }

  /**
   * The group-by of each emitted window's rows: the window columns, the keys, then the results.
   * @example `sdf.eventWindow({ size: "1m" }).groupby("name").get("x").sum()`
   */
  groupby(keys: GroupKey | readonly GroupKey[]): GroupBy {
    return this.grouped(Array.isArray(keys) ? keys : [keys as GroupKey]);
  }

  /** Columns to aggregate per window. @example `w.get("x").mean()` */
  get(columns: string | readonly string[]): SeriesGroupBy {
    return this.grouped([]).get(columns);
  }

  /** Every numeric column aggregated per window, or the aggregations `spec` names. @example `w.agg({ x: ["min", "max"] })` */
  override agg(agg: AggName | AggSpecMap, options?: SpreadOptions): StreamingDataFrame {
    return this.grouped([]).agg(agg, options);
  }

  /** Rows per window. @example `sdf.eventWindow({ gap: "30s" }).size()` // rows per session */
  size(): StreamingDataFrame {
    return this.grouped([]).size();
  }

  /** Emits every open window as final (when the input has ended); a later row for one of them is late. @example `await source.finished; w.flush();` */
  flush(): Pending {
    return this.node.flush();
  }

  private grouped(keys: readonly GroupKey[]): GroupBy {
    // each result belongs to one window: views append them (rather than show only the latest)
    const rows = {
      frames: this.windows.frames,
      perFrame: true,
      what: `${this.what}.`,
      leading: WINDOW_COLUMNS,
      seriesFrames: this.sdf.frames,
      append: true,
    };
    return new GroupBy(this.windows, keys, rows);
  }
}

function shapeOf(o: EventWindowOptions, what: string): WindowShape {
  if (o.gap !== undefined) {
    if (o.size !== undefined || o.slide !== undefined) throw new Error(`${what}: give either gap (sessions) or size (and slide), not both`);
    return { gap: ms(o.gap, what, "gap") };
  }
  if (o.size === undefined) throw new Error(`${what}: needs size (tumbling or hopping windows) or gap (sessions)`);
  const size = ms(o.size, what, "size");
  const slide = o.slide === undefined ? size : ms(o.slide, what, "slide");
  if (slide > size) throw new RangeError(`${what}: slide (${slide} ms) larger than size (${size} ms) would leave rows in no window`);
  return { size, slide };
}

/** `rows` with the window columns in front. */
function windowFrame(rows: ColumnFrame, start: number, end: number, final: boolean): ColumnFrame {
  const n = rows.length;
  const cols: Column[] = [
    { dtype: "timestamp", values: new Float64Array(n).fill(start) },
    { dtype: "timestamp", values: new Float64Array(n).fill(end) },
    { dtype: "bool", values: new Uint8Array(n).fill(final ? 1 : 0) },
    ...rows.columns,
  ];
  return new ColumnFrame([...WINDOW_COLUMNS, ...rows.names], cols);
}
