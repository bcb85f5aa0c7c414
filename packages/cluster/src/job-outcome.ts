import type { EventEmitter } from "node:events";
import type { QueueEvents } from "bullmq";

/** What a job ended with: its return value, or why it failed. */
type Settled = { readonly value: string } | { readonly error: Error };

/**
 * The end of one BullMQ job, as the queue's event stream reports it. Listening starts before the job
 * is added, and the pool's {@link QueueEvents} reads the stream from before its first job, so the event
 * cannot pass unheard: unlike BullMQ's `job.waitUntilFinished`, no extra round trip asks Redis whether
 * the job finished already (one command fewer per batch on the kernel's side and in Redis).
 */
export class JobOutcome {
  private settled: Settled | undefined;
  private wake: (() => void) | undefined;
  private readonly completed: string;
  private readonly failed: string;
  /** The events, untyped: BullMQ's typings know only the plain event names, not `completed:<id>`. */
  private readonly events: EventEmitter;

  constructor(
    events: QueueEvents,
    readonly jobId: string,
  ) {
    this.events = events; // a QueueEvents is an EventEmitter
    this.completed = `completed:${jobId}`;
    this.failed = `failed:${jobId}`;
    this.events.on(this.completed, this.onCompleted);
    this.events.on(this.failed, this.onFailed);
  }

  private readonly onCompleted = (args: { returnvalue: unknown }): void => this.settle({ value: args.returnvalue as string });
  private readonly onFailed = (args: { failedReason: string }): void => this.settle({ error: new Error(args.failedReason) });

  /** Ends the wait with `outcome` (the first one counts) and stops listening. */
  settle(outcome: Settled): void {
    if (this.settled !== undefined) return;
    this.settled = outcome;
    this.stop();
    this.wake?.();
  }

  /** Stops listening (the job was not added, or its result was read some other way). */
  stop(): void {
    this.events.off(this.completed, this.onCompleted);
    this.events.off(this.failed, this.onFailed);
  }

  /**
   * The job's return value once its event came; `undefined` if none came within `ms` (then the caller
   * asks Redis itself: a notification lost in a Redis restart must not leave the batch waiting forever).
   * Rejects with the job's failure.
   */
  async within(ms: number): Promise<string | undefined> {
    if (this.settled === undefined) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
    const s = this.settled;
    if (s === undefined) return undefined;
    if ("error" in s) throw s.error;
    return s.value;
  }
}
