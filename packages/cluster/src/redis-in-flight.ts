/**
 * How many jobs a Redis pool keeps in flight per worker thread: two when the work dominates a job's
 * round trip (one runs while the next already waits on the worker, so no thread idles for the kernel's
 * turnaround), one when the round trip dominates (light functions: a job's cost is then its hops
 * through Redis and the worker's thread, whatever its size, so half as many jobs of twice the elements
 * double the throughput at the same elements in flight). Measured per job: the time its functions ran
 * on the worker's thread (measured there, so the hops to the thread do not count as work) against its
 * round trip from the kernel, times the jobs per thread (with two, a job also waits for the one before
 * it on its worker). Starts at two; a band between the two thresholds keeps it from flapping.
 */
export class InFlightTuner {
  private perThread: 1 | 2 = 2;
  /** Moving average of the work's share of a job's round trip, in jobs per thread. */
  private share = 1;

  /**
   * Jobs in flight for `threads` worker threads: two per thread (at least 2), or for light work one per
   * thread, or more while the elements about (`pending`) fill more full jobs of `maxBatch` (up to two per thread).
   */
  slots(threads: number, pending: number, maxBatch: number): number {
    const two = Math.min(MAX_IN_FLIGHT, Math.max(2, 2 * threads));
    if (this.perThread === 2) return two;
    return Math.min(two, Math.max(1, threads, Math.floor(pending / maxBatch)));
  }

  /** A job's time on its worker's thread and its round trip (ms); true when the jobs per thread changed. */
  observe(ranMs: number, roundTripMs: number): boolean {
    if (!(ranMs >= 0) || !(roundTripMs > 0)) return false;
    this.share += WEIGHT * (Math.min(1, (ranMs * this.perThread) / roundTripMs) - this.share);
    const next = this.share < LIGHT ? 1 : this.share > HEAVY ? 2 : this.perThread;
    if (next === this.perThread) return false;
    this.perThread = next;
    return true;
  }
}

/** Most jobs in flight, whatever the workers. */
export const MAX_IN_FLIGHT = 64;
const WEIGHT = 0.2;
/** Below this share the work is light: one job per thread. */
const LIGHT = 0.2;
/** Above this share the work dominates: two jobs per thread. */
const HEAVY = 0.35;
