/** What a job ended with: its encoded result, or why it failed. */
export type Settled = { readonly value: string } | { readonly error: Error };

/**
 * The end of one Redis job, as the kernel's results reader (./redis-results) reports it: settled once,
 * by the first result that names the job (a job run twice, after its worker was thought dead, writes
 * two; the second finds nobody waiting).
 */
export class JobOutcome {
  private settled: Settled | undefined;
  private wake: (() => void) | undefined;
  /** How long the job ran on its worker (ms), as the worker reported it with the result. */
  ranMs = NaN;

  constructor(
    readonly jobId: string,
    /** The job's entry in the jobs stream, once added. */
    public entryId = "",
  ) {}

  get done(): boolean {
    return this.settled !== undefined;
  }

  /** Ends the wait with `outcome` (the first one counts). */
  settle(outcome: Settled): void {
    if (this.settled !== undefined) return;
    this.settled = outcome;
    this.wake?.();
  }

  /**
   * The job's result once it came; `undefined` if none came within `ms` (then the caller asks Redis
   * where the job is: a result lost with a Redis restart must not leave the batch waiting forever).
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
