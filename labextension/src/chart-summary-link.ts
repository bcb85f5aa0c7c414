/**
 * A summarised chart view's messages to and from the kernel (protocol range.ts): it tells the kernel
 * the plot's pixel width and height (the kernel cuts its summary for them), and when the user zooms or
 * pans it asks for the visible x range at full resolution, a moment after the last wheel or drag, and
 * hands the answer to the view; the kernel answers again whenever the range's rows change, until the
 * view follows the live edge again (then it says so). Replies to older requests are dropped; nothing
 * is asked while the view is paused.
 *
 * A chart shown in several cells is one model with several views, and each view receives every custom
 * message of the model: a link names its view with an id of its own (protocol range.ts `ViewId`), sends
 * it with each message, and takes only the replies that carry it back (request numbers are per view, so
 * two views' first requests are both number 1). When the view is disposed it says so (`view_gone`), so
 * the kernel no longer cuts its summary for that view's size.
 */
import type { WidgetModel } from "@jupyter-widgets/base";
import type { CustomContent, RangeReply, RangeRequest } from "@streamz-ts/protocol";
import { decodeRows } from "./arrow-rows";
import { RangeCollector } from "./chart-pieces";

/** Quiet time after the last zoom or pan step before the range is asked for. */
const SETTLE_MS = 150;

/** What the view does with a range's rows (`bytes` of all its pieces, `largest` of the largest). */
export type OnRange = (rows: Record<string, unknown>[], reply: RangeReply, bytes: number, largest: number) => void;

/**
 * A new view id. `crypto.randomUUID` exists only in secure contexts (https or localhost), and a
 * JupyterLab served over plain http elsewhere is not one: then 16 random bytes of `getRandomValues`.
 */
export function newViewId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The link of one view. */
export class SummaryLink {
  /** This view's id, sent with each message and echoed by the kernel's replies to it. */
  readonly view = newViewId();
  private asked = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private width = 0;
  private height = 0;
  /** Whether the kernel answers a range for this view (until `forget`). */
  private watching = false;
  /** A range answer may come in pieces (protocol `SUMMARY_MESSAGE_BYTES`): drawn once all came. */
  private readonly pieces = new RangeCollector();

  constructor(
    private readonly model: WidgetModel,
    private readonly onRange: OnRange,
    private readonly paused: () => boolean,
  ) {
    model.on("msg:custom", this.received, this);
  }

  private send(content: CustomContent): void {
    this.model.send(content as never, {});
  }

  /** Tells the kernel the plot's width and height in pixels (again only when one changed). */
  setSize(width: number, height: number): void {
    const w = Math.round(width);
    const h = Math.round(height);
    if (w === this.width && h === this.height) return;
    this.width = w;
    this.height = h;
    this.send({ type: "view_width", width: w, height: h, view: this.view });
  }

  /** The user moved the x domain to `[x0, x1]`: ask for it once they stop. */
  explored(x0: number, x1: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.paused() || !(x0 <= x1)) return;
      const request: RangeRequest = { type: "range", id: ++this.asked, x0, x1, width: this.width, height: this.height, view: this.view };
      this.send(request);
      this.watching = true;
    }, SETTLE_MS);
  }

  /** Drops any pending or answered request (following the live edge again). */
  forget(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.asked++;
    if (this.watching) this.send({ type: "range_clear", view: this.view });
    this.watching = false;
  }

  private received(content: unknown, buffers?: (DataView | ArrayBuffer)[]): void {
    const reply = content as RangeReply | undefined;
    if (reply?.type !== "range_rows" || reply.id !== this.asked) return;
    // another view's answer (an older kernel echoes no view id: then the request number decides)
    if (reply.view !== undefined && reply.view !== this.view) return;
    const decoded = decodeRows(buffers?.[0]);
    const whole = this.pieces.take({ reply, rows: decoded.rows, bytes: decoded.byteLength });
    if (whole) this.onRange(whole.rows, whole.reply, whole.bytes, whole.largest ?? whole.bytes);
  }

  /** The view is gone: the kernel forgets its range and its size. */
  dispose(): void {
    this.forget();
    this.send({ type: "view_gone", view: this.view });
    this.model.off("msg:custom", this.received, this);
  }
}
