import type { Redis } from "ioredis";
import type { JobOutcome } from "./job-outcome";
import { fieldsOf, type StreamEntry } from "./redis-jobs";

/**
 * The kernel side of a pool's results stream: one blocking XREAD at a time on its own connection,
 * each answer settling every job whose result it holds. The position read so far advances only after
 * an answer, so a read that a Redis restart interrupted is sent again from the same place (ioredis
 * resends it on reconnection) and no result is skipped.
 */
export class ResultReader {
  private lastId = "0-0";
  private readonly waiting = new Map<string, JobOutcome>();
  private closed = false;

  constructor(
    private readonly reader: Redis,
    /** For the cross-check of {@link catchUp}, on a connection that is not blocked. */
    private readonly cmd: Redis,
    readonly key: string,
    private readonly warn: (e: Error) => void,
  ) {
    void this.loop();
  }

  /** Waits for `outcome`'s job: call before the job is added, so its result cannot pass unheard. */
  expect(outcome: JobOutcome): void {
    this.waiting.set(outcome.jobId, outcome);
  }

  /** Stops waiting for a job (settled, or not added). */
  forget(outcome: JobOutcome): void {
    this.waiting.delete(outcome.jobId);
  }

  /** Every job still waited for. */
  get pending(): Iterable<JobOutcome> {
    return this.waiting.values();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      let answer: [string, StreamEntry[]][] | null;
      try {
        answer = (await this.reader.call("XREAD", "COUNT", 1000, "BLOCK", 0, "STREAMS", this.key, this.lastId)) as typeof answer;
      } catch (e) {
        if (this.closed) return;
        this.warn(e as Error);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const entries = answer?.[0]?.[1] ?? [];
      for (const entry of entries) this.take(entry);
      if (entries.length > 0) this.lastId = entries[entries.length - 1]![0];
    }
  }

  private take([, flat]: StreamEntry): void {
    const f = fieldsOf(flat);
    const outcome = this.waiting.get(f.job ?? "");
    if (outcome === undefined) return; // a second run's result, or a job given up on
    this.waiting.delete(outcome.jobId);
    outcome.ranMs = Number(f.ran);
    if (f.result !== undefined) outcome.settle({ value: f.result });
    else outcome.settle({ error: new Error(f.error ?? `job ${outcome.jobId}: a result without a value or an error`) });
  }

  /** Reads the results written after the position read so far (without blocking): a job found done may have one not read yet. */
  async catchUp(): Promise<void> {
    const entries = (await this.cmd.call("XRANGE", this.key, `(${this.lastId}`, "+")) as StreamEntry[];
    for (const entry of entries) this.take(entry);
  }

  close(): void {
    this.closed = true;
    this.reader.disconnect();
  }
}
