/**
 * StreamOutput: the latest value of a stream, as text or HTML, or as a live table when it is a whole
 * frame (a danfojs DataFrame, an Arrow table: see `frame-output.ts`). What a stream shows as when it
 * is the last expression of a cell or passed to `display()`.
 */
import { inspect } from "node:util";
import { Stream, below, type Pending } from "@streamz-ts/core";
import { DISPLAY, isDisplayable, type KernelBridge, type StreamOutputState } from "@streamz-ts/protocol";
import { FrameTable, frameSummary } from "./frame-output";
import { isWholeFrame } from "./frames";
import { WidgetModel, type WidgetOptions } from "./model";

/** Longest text sent for one value; longer forms are cut (a view shows one value, not a dump). */
const MAX_TEXT = 10_000;

type Rendered = Pick<StreamOutputState, "text" | "html" | "error" | "child">;

/**
 * The sink behind a StreamOutput: it keeps the latest value itself, so an element costs one call and
 * two field writes; the model is told only when the first value after an update arrives.
 */
class LatestFeed<T> extends Stream<never> {
  lastValue: T | undefined = undefined;
  seen = 0;
  /** Set once the model has been told that a value is waiting; cleared by the model when it sends. */
  told = false;

  constructor(
    upstream: Stream<T>,
    private readonly tell: () => void,
  ) {
    super(below(upstream, undefined));
    this.attach(upstream);
  }

  override get kind(): string {
    return "widget";
  }

  protected override detail(): string {
    return "output";
  }

  override update(x: unknown): Pending {
    this.lastValue = x as T;
    this.seen++;
    if (!this.told) {
      this.told = true;
      this.tell();
    }
    return undefined;
  }
}

/** Options of a StreamOutput. */
export interface StreamOutputOptions extends WidgetOptions {
  /** Whether the caption counts the values (default true; false where each value is a drawing). */
  countShown?: boolean;
}

/** Live view of a stream's latest value. Values are formatted only when an update is sent. */
export class StreamOutput<T = unknown> extends WidgetModel {
  private sentCount = 0;
  private readonly feed: LatestFeed<T>;
  /** The table showing the latest value while it is a frame (made for the first frame). */
  private frames: FrameTable | undefined;
  /** The `child` the view was last sent. */
  private child: string | null = null;

  /** Opens the model on `bridge` and starts following `stream`. */
  constructor(
    readonly stream: Stream<T>,
    private readonly bridge: KernelBridge,
    private readonly options: StreamOutputOptions = {},
  ) {
    super("streamOutput", { scheduler: stream.scheduler, ...options });
    this.open(bridge, this.stream);
    this.feed = new LatestFeed(stream, () => this.markDirty());
  }

  /** How many values arrived since the widget was created. */
  get count(): number {
    return this.received;
  }

  private get received(): number {
    return this.feed?.seen ?? 0;
  }

  describe(): string {
    return `StreamOutput(${this.stream.describe()})`;
  }

  fullState(): Record<string, unknown> {
    const s: StreamOutputState = { ...this.identity(), name: this.stream.describe(), count: this.received, ...this.render() };
    if (this.options.countShown === false) s.count_shown = false;
    return s as unknown as Record<string, unknown>;
  }

  protected changes(): Record<string, unknown> | undefined {
    this.feed.told = false;
    if (this.received === this.sentCount) return undefined;
    this.sentCount = this.received;
    const v = this.feed.lastValue;
    if (isWholeFrame(v)) {
      this.frames ??= new FrameTable(this.bridge, this.options.scheduler ?? this.stream.scheduler, this.options.interval);
      this.frames.show(v);
      this.child = this.frames.ref;
    } else {
      this.child = null;
    }
    const shown = this.render();
    if (shown.error !== null) this.sendCustom({ type: "error", message: shown.error });
    return { count: this.received, ...shown };
  }

  protected resetChanges(): void {
    if (this.feed) this.feed.told = false;
    this.sentCount = this.received;
  }

  /** Formats the latest value; a value whose formatting throws is reported in `error`. */
  private render(): Rendered {
    if (this.received === 0) return { text: "", html: null, error: null, child: null };
    const v = this.feed.lastValue;
    const child = this.child;
    if (child !== null && isWholeFrame(v)) return { text: frameSummary(v), html: null, error: null, child };
    try {
      const text = typeof v === "string" ? v : inspect(v, { depth: 3, maxArrayLength: 50, breakLength: 100 });
      let html: string | null = null;
      if (isDisplayable(v) && !(v instanceof Stream) && !(v instanceof WidgetModel)) {
        const h = v[DISPLAY]()["text/html"];
        if (typeof h === "string") html = h;
      }
      return { text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text, html, error: null, child: null };
    } catch (err) {
      return { text: "", html: null, error: `cannot show the value: ${err instanceof Error ? err.message : String(err)}`, child: null };
    }
  }

  protected detach(): void {
    this.feed.destroy();
    this.frames?.close();
  }
}
