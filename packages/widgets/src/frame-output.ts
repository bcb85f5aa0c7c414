/**
 * A stream whose latest value is a whole frame (a danfojs DataFrame, an Arrow table) shows that frame
 * as a live table, as streamz shows a stream of pandas frames: the StreamOutput opens a LiveTable in
 * `"replace"` mode (each frame the whole state, in its own column types) and refers to it as its
 * `child`. The table is fed the latest frame when the output sends an update, so the stream's hot
 * path stays the output's (one field write per element): nothing is converted for frames never shown.
 */
import { Stream, type Scheduler } from "@streamz-ts/core";
import { DEFAULT_FRAME_ROWS, modelRef, type KernelBridge } from "@streamz-ts/protocol";
import { frameRows, isDanfoFrame, type WholeFrame } from "./frames";
import { LiveTable } from "./table";

/** The live table of a StreamOutput whose values are frames. */
export class FrameTable {
  /** Where the output hands its latest frame (a source of the table, not connected to the user's graph). */
  private readonly frames: Stream<WholeFrame>;
  private readonly table: LiveTable<WholeFrame>;

  constructor(
    bridge: KernelBridge,
    private readonly scheduler: Scheduler,
    interval: number | undefined,
  ) {
    this.frames = new Stream<WholeFrame>({ scheduler, name: "latest frame" });
    this.table = new LiveTable(this.frames, bridge, { mode: "replace", order: "arrival", rows: DEFAULT_FRAME_ROWS, interval, scheduler });
  }

  /** The reference the output's `child` carries. */
  get ref(): string {
    return modelRef(this.table.id);
  }

  /** Shows `frame` now (the output's own rate limit already spaced it from the previous one). */
  show(frame: WholeFrame): void {
    this.frames.emit(frame);
    this.table.flush(this.scheduler.now());
  }

  /** Closes the table (with the output). */
  close(): void {
    if (!this.table.isClosed) this.table.close();
  }
}

/** The text form of a frame shown as a table: what a saved notebook's plain text and `console.log` read. */
export function frameSummary(frame: WholeFrame): string {
  const columns = isDanfoFrame(frame) ? frame.columns : frame.schema.fields.map((f) => f.name);
  const rows = frameRows(frame);
  return `${isDanfoFrame(frame) ? "DataFrame" : "Arrow table"}: ${rows} row${rows === 1 ? "" : "s"} x ${columns.length} column${columns.length === 1 ? "" : "s"} (${columns.join(", ")})`;
}
