import { cpus } from "node:os";

/** CPU time of all the machine's cores so far (ms): idle, and all of it. */
export interface CpuTimes {
  readonly idle: number;
  readonly total: number;
}

export function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const { times: t } of cpus()) {
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** The machine's idle share (0-1) between two readings; NaN when no CPU time passed (or none is reported). */
export function idleShare(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  return total > 0 ? (after.idle - before.idle) / total : NaN;
}

/**
 * Follows how busy the machine is (all cores, whatever runs on them), one reading at most every
 * `everyMs`: what the Redis pool asks before it keeps extra jobs in flight whose hops would take CPU
 * from workers on the same machine (./redis-in-flight).
 */
export class IdleMeter {
  private last = cpuTimes();
  private at = Date.now();

  constructor(private readonly everyMs = 250) {}

  /** The idle share since the last reading, or undefined when that was less than `everyMs` ago. */
  read(): number | undefined {
    const now = Date.now();
    if (now - this.at < this.everyMs) return undefined;
    const times = cpuTimes();
    const share = idleShare(this.last, times);
    this.last = times;
    this.at = now;
    return share;
  }
}
