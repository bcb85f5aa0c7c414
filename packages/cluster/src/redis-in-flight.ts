/**
 * How many jobs a Redis pool keeps in flight per worker thread: two when the work dominates a job's
 * round trip (one runs while the next already waits on the worker, so no thread idles for the kernel's
 * turnaround), one when the round trip dominates (light functions: a job's cost is then its hops
 * through Redis and the worker's thread, whatever its size, so half as many jobs of twice the elements
 * double the throughput at the same elements in flight). Measured per job: the time its functions ran
 * on the worker's thread (measured there, so the hops to the thread do not count as work) against its
 * round trip from the kernel, times the jobs per thread (with two, a job also waits for the one before
 * it on its worker). Starts at two; a band between the two thresholds keeps it from flapping.
 *
 * One per thread also for heavy work while the kernel shares a machine whose CPUs are all busy with
 * some of its workers ({@link InFlightTuner.machine}): each job's hops then cost CPU in the kernel,
 * Redis and the worker's own event loop (about 3 ms together per job on the 2-core bench machine)
 * that is taken from the functions, so half the jobs save more than a thread loses waiting one round
 * trip per job (there: 130-180 instead of 220-260 µs of CPU per element beside the functions, see
 * bench/src/cluster-scaling). With spare cores the hops cost the functions nothing, and two per thread
 * keep every thread busy.
 */
export class InFlightTuner {
  private perThread: 1 | 2 = 2;
  /** Moving average of the work's share of a job's round trip, in jobs per thread. */
  private share = 1;
  /** The machine is busy and runs some of the workers: fewer, larger jobs for heavy work. */
  private saturated = false;

  /**
   * Jobs in flight for `threads` worker threads: two per thread (at least 2), or for light work (and
   * heavy work on a busy machine it shares with workers) one per thread, or more while the elements
   * about (`pending`) fill more full jobs of `maxBatch` (up to two per thread).
   */
  slots(threads: number, pending: number, maxBatch: number): number {
    const two = Math.min(MAX_IN_FLIGHT, Math.max(2, 2 * threads));
    if (this.jobsPerThread === 2) return two;
    return Math.min(two, Math.max(1, threads, Math.floor(pending / maxBatch)));
  }

  /** Jobs per thread now: {@link perThread}, or one for heavy work on a busy machine. */
  private get jobsPerThread(): 1 | 2 {
    return this.perThread === 2 && !(this.saturated && this.share > SATURATED_SHARE) ? 2 : 1;
  }

  /**
   * The machine's CPU idle share over the last while (0-1; NaN: unknown) and whether some workers run
   * on it; true when that changed whether it counts as busy (idle under {@link BUSY_IDLE}; again
   * free above {@link FREE_IDLE}: one job per thread leaves the threads idle a little more).
   */
  machine(idle: number, localWorkers: boolean): boolean {
    const next = localWorkers && (idle < BUSY_IDLE ? true : idle > FREE_IDLE ? false : this.saturated);
    if (next === this.saturated) return false;
    this.saturated = next;
    return true;
  }

  /** A job's time on its worker's thread and its round trip (ms); true when the jobs per thread changed. */
  observe(ranMs: number, roundTripMs: number): boolean {
    if (!(ranMs >= 0) || !(roundTripMs > 0)) return false;
    this.share += WEIGHT * (Math.min(1, (ranMs * this.jobsPerThread) / roundTripMs) - this.share);
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
/** A machine with less CPU idle than this (all cores) is busy. */
export const BUSY_IDLE = 0.1;
/** A busy machine is free again above this idle share. */
const FREE_IDLE = 0.3;
/**
 * On a busy machine, heavy work (above this share: one job per thread would leave a thread idle under
 * a quarter of its time, time the machine's other work uses) runs one job per thread.
 */
const SATURATED_SHARE = 0.75;
