/**
 * The kernel side of one widget model: its comm, full state and updates (ipywidgets protocol 2.1.0),
 * `request_state`, our custom `pause` / `resume`, and closing. Subclasses say what their state is and
 * what changed; this class decides when to send, through the shared {@link FlushTimer}.
 */
import type { Scheduler, Stream } from "@streamz-ts/core";
import {
  BUFFER_ATTRIBUTES,
  DEFAULT_UPDATE_INTERVAL_MS,
  DISPLAY,
  MODEL_NAMES,
  WIDGET_MODULE,
  WIDGET_MODULE_VERSION,
  WIDGET_PROTOCOL_VERSION,
  WIDGET_TARGET,
  WIDGET_VIEW_MIME,
  widgetViewData,
  type BaseWidgetState,
  type Comm,
  type CommMessage,
  type CustomContent,
  type KernelBridge,
  type MimeBundle,
  type WidgetKind,
} from "@streamz-ts/protocol";
import { FailureWatch } from "./failure-watch";
import { flushTimerFor, type FlushTimer, type Flushable } from "./flush";
import { liveModels } from "./registry";

/** How soon a widget whose last update still waits in the kernel's send queue looks again. */
const BACKLOG_RETRY_MS = 20;

/** Options every widget takes. */
export interface WidgetOptions {
  /** Minimum milliseconds between two updates (default 500). Must be >= 0. */
  interval?: number;
  /** Clock of the rate limit (default: the stream's scheduler, so a `VirtualScheduler` graph is rate-limited in virtual time). */
  scheduler?: Scheduler;
}

/** State split for the wire: JSON attributes, and binary ones cut out as buffers. */
export interface WireState {
  state: Record<string, unknown>;
  buffer_paths: string[][];
  buffers: DataView[];
}

/** A widget model living in the kernel, shown by any number of views. */
export abstract class WidgetModel implements Flushable {
  private openComm: Comm | undefined;
  private readonly interval: number;
  private readonly timer: FlushTimer;
  private lastSentAt = -Infinity;
  /** Whether an update is due (read on the hot path by subclasses, to skip the call to markDirty). */
  protected dirty = false;
  private paused = false;
  private failures: FailureWatch | undefined;

  protected constructor(
    readonly kind: WidgetKind,
    options: WidgetOptions = {},
  ) {
    const interval = options.interval ?? DEFAULT_UPDATE_INTERVAL_MS;
    if (typeof interval !== "number" || !Number.isFinite(interval) || interval < 0) {
      throw new RangeError(`${kind}: interval must be a finite number of milliseconds >= 0, got ${String(interval)}`);
    }
    this.interval = interval;
    this.timer = flushTimerFor(options.scheduler);
  }

  /**
   * Opens the comm with the full state. Subclasses call it last in their constructor, once the fields
   * that `fullState()` reads exist, with the stream they show (its failures go to the view's banner).
   */
  protected open(bridge: KernelBridge, stream?: Stream<any>): void {
    this.resetChanges();
    const { state, buffer_paths, buffers } = this.wire(this.fullState());
    const comm = bridge.openComm(WIDGET_TARGET, { state, buffer_paths }, { version: WIDGET_PROTOCOL_VERSION }, buffers);
    this.openComm = comm;
    this.lastSentAt = this.timer.scheduler.now();
    comm.onMessage((msg) => this.onMessage(msg));
    comm.onClose(() => this.closed());
    this.sendFollowUps();
    liveModels().set(comm.id, this);
    // A failure upstream that no caller receives is shown in the view's banner (and still on stderr).
    if (stream)
      this.failures = new FailureWatch(
        stream,
        (message) => this.sendCustom({ type: "error", message }),
        this.timer.scheduler,
        this.interval,
      );
  }

  /** The comm to the frontend. */
  get comm(): Comm {
    if (!this.openComm) throw new Error(`${this.kind}: the widget was not opened`);
    return this.openComm;
  }

  /** The model id (the comm id), as views refer to it. */
  get id(): string {
    return this.comm.id;
  }

  /** Whether the model is closed (by `close()` or by the frontend). */
  get isClosed(): boolean {
    return this.comm.closed;
  }

  /** The identity keys of this model's state. */
  protected identity(): BaseWidgetState {
    const names = MODEL_NAMES[this.kind];
    return {
      _model_name: names.model,
      _model_module: WIDGET_MODULE,
      _model_module_version: WIDGET_MODULE_VERSION,
      _view_name: names.view,
      _view_module: WIDGET_MODULE,
      _view_module_version: WIDGET_MODULE_VERSION,
      _view_count: null,
    };
  }

  /** The whole state (identity included), as sent on open and on `request_state`. */
  abstract fullState(): Record<string, unknown>;

  /** What changed since the last update was sent, or undefined when nothing did. */
  protected abstract changes(): Record<string, unknown> | undefined;

  /**
   * Called right before a full state is taken to replace the frontend's copy (open, `request_state`,
   * `resume`, control channel), so that the next changes start from that state.
   */
  protected abstract resetChanges(): void;

  /** Text for `text/plain` fallbacks. */
  abstract describe(): string;

  /** Cuts binary attributes (see `BUFFER_ATTRIBUTES`) out of `state`. */
  wire(state: Record<string, unknown>): WireState {
    const out: Record<string, unknown> = { ...state };
    const buffer_paths: string[][] = [];
    const buffers: DataView[] = [];
    for (const key of BUFFER_ATTRIBUTES[this.kind]) {
      const v = out[key];
      if (v instanceof DataView) {
        delete out[key];
        buffer_paths.push([key]);
        buffers.push(v);
      }
    }
    return { state: out, buffer_paths, buffers };
  }

  /** Subclasses call this when a new value arrived: the update goes out on the next allowed tick. */
  protected markDirty(): void {
    if (this.dirty || !this.openComm || this.openComm.closed) return;
    this.dirty = true;
    if (!this.paused) this.timer.schedule(this);
  }

  nextAllowedAt(): number {
    return this.lastSentAt + this.interval;
  }

  flush(now: number): void {
    this.dirty = false;
    if (this.comm.closed || this.paused) return;
    if (this.comm.backlogged) {
      // The previous update has not left the kernel yet: look again shortly and send the newest state
      // then, rather than queueing this one behind it (a slow client must not grow the kernel's queue).
      this.lastSentAt = now - this.interval + BACKLOG_RETRY_MS;
      this.markDirty();
      return;
    }
    const changed = this.changes();
    if (!changed) return;
    this.sendUpdate(changed);
    this.sendFollowUps();
    this.lastSentAt = now;
  }

  /**
   * Makes the next {@link fullState} the base of later updates (for the control channel, whose
   * `update_states` replaces the frontend's copy without going through this model's comm).
   */
  prepareSnapshot(): void {
    this.resetChanges();
  }

  /** Sends the whole state now (after `request_state` and on `resume`). */
  sendFullState(): void {
    this.resetChanges();
    this.dirty = false;
    this.timer.cancel(this);
    this.sendUpdate(this.fullState());
    this.sendFollowUps();
    this.lastSentAt = this.timer.scheduler.now();
  }

  /**
   * issue 17 hook: updates that complete the state or changes just made (a summarised chart's picture
   * cut in pieces, protocol `SUMMARY_MESSAGE_BYTES`), sent right after it; none by default. A state
   * taken for the control channel leaves them unsent (the next call forgets them).
   */
  protected followUps(): Record<string, unknown>[] {
    return [];
  }

  private sendFollowUps(): void {
    for (const state of this.followUps()) this.sendUpdate(state);
  }

  private sendUpdate(state: Record<string, unknown>): void {
    const w = this.wire(state);
    this.comm.send({ method: "update", state: w.state, buffer_paths: w.buffer_paths }, {}, w.buffers);
  }

  /** Sends a custom message to the views. */
  protected sendCustom(content: CustomContent): void {
    this.comm.send({ method: "custom", content });
  }

  private onMessage(msg: CommMessage): void {
    const method = msg.data.method;
    if (method === "request_state") {
      this.sendFullState();
    } else if (method === "custom") {
      const content = msg.data.content as { type?: unknown } | undefined;
      if (content?.type === "pause") {
        this.paused = true;
        this.timer.cancel(this);
      } else if (content?.type === "resume" && this.paused) {
        this.paused = false;
        this.sendFullState();
      } else if (content) {
        this.onCustom(content); // issue 17 hook
      }
    }
    // "update" from a view: our attributes are the kernel's to set; nothing a view sends changes them.
  }

  /** Hook for subclasses: a custom message from a view other than pause and resume (ignored here). */
  protected onCustom(_content: Record<string, unknown>): void {}

  /** The display bundle of a view of this model. */
  [DISPLAY](): MimeBundle {
    return { "text/plain": this.describe(), [WIDGET_VIEW_MIME]: widgetViewData(this.id) };
  }

  /** Closes the model: its views go away and the stream stops feeding it. */
  close(): void {
    this.comm.close();
  }

  private closed(): void {
    this.timer.cancel(this);
    this.failures?.dispose();
    liveModels().delete(this.comm.id);
    this.detach();
  }

  /** Releases what feeds the model (subclasses disconnect their stream). */
  protected abstract detach(): void;
}
