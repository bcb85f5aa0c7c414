/**
 * StreamOutput: the latest value of a stream, as text or HTML. What a stream shows as when it is the
 * last expression of a cell or passed to `display()`.
 */
import { inspect } from "node:util";
import { Stream } from "@streamz-ts/core";
import { DISPLAY, isDisplayable, type KernelBridge, type StreamOutputState } from "@streamz-ts/protocol";
import { WidgetFeed } from "./feed";
import { WidgetModel, type WidgetOptions } from "./model";

/** Longest text sent for one value; longer forms are cut (a view shows one value, not a dump). */
const MAX_TEXT = 10_000;

type Rendered = Pick<StreamOutputState, "text" | "html" | "error">;

/** Live view of a stream's latest value. Values are formatted only when an update is sent. */
export class StreamOutput<T = unknown> extends WidgetModel {
  private latest: unknown = undefined;
  private received = 0;
  private sentCount = 0;
  private readonly feed: WidgetFeed<T>;

  /** Opens the model on `bridge` and starts following `stream`. */
  constructor(readonly stream: Stream<T>, bridge: KernelBridge, options: WidgetOptions = {}) {
    super("streamOutput", { scheduler: stream.scheduler, ...options });
    this.open(bridge);
    this.feed = new WidgetFeed(stream, this, "output");
  }

  /** How many values arrived since the widget was created. */
  get count(): number {
    return this.received;
  }

  /** Hot path: remember the value; formatting waits for the flush. */
  accept(x: T): void {
    this.latest = x;
    this.received++;
    if (!this.dirty) this.markDirty();
  }

  describe(): string {
    return `StreamOutput(${this.stream.describe()})`;
  }

  fullState(): Record<string, unknown> {
    const s: StreamOutputState = { ...this.identity(), name: this.stream.describe(), count: this.received, ...this.render() };
    return s as unknown as Record<string, unknown>;
  }

  protected changes(): Record<string, unknown> | undefined {
    if (this.received === this.sentCount) return undefined;
    this.sentCount = this.received;
    const shown = this.render();
    if (shown.error !== null) this.sendCustom({ type: "error", message: shown.error });
    return { count: this.received, ...shown };
  }

  protected resetChanges(): void {
    this.sentCount = this.received;
  }

  /** Formats the latest value; a value whose formatting throws is reported in `error`. */
  private render(): Rendered {
    if (this.received === 0) return { text: "", html: null, error: null };
    const v = this.latest;
    try {
      const text = typeof v === "string" ? v : inspect(v, { depth: 3, maxArrayLength: 50, breakLength: 100 });
      let html: string | null = null;
      if (isDisplayable(v) && !(v instanceof Stream) && !(v instanceof WidgetModel)) {
        const h = v[DISPLAY]()["text/html"];
        if (typeof h === "string") html = h;
      }
      return { text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + "…" : text, html, error: null };
    } catch (err) {
      return { text: "", html: null, error: `cannot show the value: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  protected detach(): void {
    this.feed.destroy();
  }
}
