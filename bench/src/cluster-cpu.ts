/**
 * Where the CPU of a Redis run goes: the kernel (this process), redis-server and each worker process,
 * read from /proc (Linux; elsewhere the figures read "n/a"). A worker whose CPU is well below the wall
 * time while the machine is quiet waits for work: the pool does not keep it busy.
 */
import { readFileSync } from "node:fs";

/** CPU ms (user + system) a process has used so far, or NaN when /proc cannot tell. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU used by the kernel, redis-server and the workers between {@link start} and {@link stop}. */
export class CpuWatch {
  private t0 = 0;
  private self0: NodeJS.CpuUsage = process.cpuUsage();
  private others0: number[] = [];
  private wallMs = 0;
  private selfMs = 0;
  private othersMs: number[] = [];

  /** @param others - redis-server's pid, then the workers' */
  constructor(private readonly others: () => number[]) {}

  start(): void {
    this.others0 = this.others().map(cpuMsOf);
    this.self0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  stop(): void {
    this.wallMs = performance.now() - this.t0;
    const self = process.cpuUsage(this.self0);
    this.selfMs = (self.user + self.system) / 1000;
    this.othersMs = this.others().map((pid, i) => cpuMsOf(pid) - (this.others0[i] ?? NaN));
  }

  /** CPU µs per element of the last watched run (NaN where /proc could not tell), and each worker's CPU share of the wall time. */
  figures(elements: number): CpuFigures {
    const us = (ms: number): number => (ms * 1000) / elements;
    const [redis = NaN, ...workers] = this.othersMs;
    return { kernel: us(this.selfMs), redis: us(redis), workers: workers.map(us), busy: workers.map((ms) => ms / this.wallMs) };
  }

  /** E.g. `CPU per element: kernel 80 µs, redis 40 µs, workers 1100/1090 µs; workers busy 96%/95% of the time`. */
  describe(elements: number): string {
    return describeCpu(this.figures(elements));
  }
}

/** Where the CPU of one run went, per element (µs); `busy`: each worker's CPU time over the wall time. */
export interface CpuFigures {
  kernel: number;
  redis: number;
  workers: number[];
  busy: number[];
}

/** The figures as one line of text ("n/a" where /proc could not tell). */
export function describeCpu(f: CpuFigures): string {
  const us = (x: number): string => (Number.isNaN(x) ? "n/a" : x.toFixed(0));
  const busy = f.busy.map((b) => (Number.isNaN(b) ? "n/a" : `${(100 * b).toFixed(0)}%`));
  return (
    `CPU per element: kernel ${us(f.kernel)} µs, redis-server ${us(f.redis)} µs, workers ${f.workers.map(us).join(" + ")} µs; ` +
    `workers on CPU ${busy.join("/")} of the wall time`
  );
}
