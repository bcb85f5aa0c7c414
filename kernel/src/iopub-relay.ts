/**
 * The IO thread's iopub: it owns the socket and sends, in order, the messages the main thread posts
 * and the output that cells print (read from the shared {@link OutputRingReader}, coalesced by a
 * {@link StreamCoalescer} whose timers run on this thread, so printed text goes out on time even while
 * the main thread is busy). A posted message says how many output records were written before it;
 * those are sent first, so output keeps its place before a result, a display or the `idle` status.
 */
import type { OutputRingReader } from "./output-ring";
import { SendQueue, type Sendable } from "./send-queue";
import { StreamCoalescer } from "./stream-coalescer";
import { KernelMessage, logKernel, type Header } from "./wire";

/** A message from the main thread for iopub. */
export interface IopubPost {
  frames: (Uint8Array | string)[];
  /** The main thread's number for it (see {@link IopubRelay}'s `handed`). */
  seq: number;
  /** Output records written before it was posted. */
  records: number;
}

/** How many parent headers are remembered (output of older cells is long sent). */
const PARENTS_KEPT = 64;

/** Sends iopub for the kernel, from the IO thread. */
export class IopubRelay {
  private readonly queue: SendQueue;
  private readonly parents = new Map<number, Header>();
  private readonly output: StreamCoalescer<number>;

  /**
   * @param handed where the number of the last main-thread message handed to the socket is published
   *   (read by the main thread: a widget holds its update while its last message still waits)
   */
  constructor(
    socket: Sendable,
    private readonly key: string,
    private readonly ring: OutputRingReader,
    private readonly handed: Int32Array,
  ) {
    this.queue = new SendQueue(socket, "iopub");
    this.output = new StreamCoalescer<number>((parent, name, text) => this.sendStream(parent, name, text));
  }

  /** Reads printed output as it arrives, until the thread ends. */
  async follow(): Promise<void> {
    for (;;) {
      this.drain(undefined);
      await this.ring.arrival();
    }
  }

  /** A message from the main thread: the output before it, then it. */
  post(msg: IopubPost): void {
    this.drain(msg.records);
    this.output.flush();
    const frames = msg.frames.map((f) => (typeof f === "string" ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
    this.queue.send(frames, () => Atomics.store(this.handed, 0, msg.seq));
  }

  /** Sends what is buffered and waits (at most `timeoutMs`) for the queue to empty. */
  async drained(timeoutMs: number): Promise<void> {
    this.drain(undefined);
    this.output.flush();
    await this.queue.drained(timeoutMs);
  }

  close(): void {
    this.queue.close();
  }

  /** Takes output records: all there are, or until `until` records have been read in all. */
  private drain(until: number | undefined): void {
    while (until === undefined || ((until - this.ring.records) | 0) > 0) {
      const record = this.ring.next();
      if (record === undefined) {
        if (until !== undefined) logKernel(`iopub: ${(until - this.ring.records) | 0} output record(s) missing`);
        return;
      }
      if (record.stream === "parent") {
        this.parents.set(record.parent, JSON.parse(record.text) as Header);
        if (this.parents.size > PARENTS_KEPT) this.parents.delete(this.parents.keys().next().value as number);
      } else {
        this.output.write(record.parent, record.stream, record.text);
      }
    }
  }

  private sendStream(parent: number, name: string, text: string): void {
    const header = this.parents.get(parent);
    const msg = header ? new KernelMessage(header).createReply("stream") : undefined;
    if (!msg) {
      logKernel(`iopub: output of an unknown cell (${parent}) dropped`);
      return;
    }
    msg.identity = [];
    msg.content = { name, text };
    this.queue.send(msg.frames(this.key));
  }
}
