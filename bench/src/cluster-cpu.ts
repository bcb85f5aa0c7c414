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

  /** E.g. `CPU per element: kernel 80 µs, redis 40 µs, workers 1100/1090 µs; workers busy 96%/95% of the time`. */
  describe(elements: number): string {
    const us = (ms: number): string => (Number.isNaN(ms) ? "n/a" : ((ms * 1000) / elements).toFixed(0));
    const [redis = NaN, ...workers] = this.othersMs;
    const busy = workers.map((ms) => (Number.isNaN(ms) ? "n/a" : `${((100 * ms) / this.wallMs).toFixed(0)}%`));
    return (
      `CPU per element: kernel ${us(this.selfMs)} µs, redis-server ${us(redis)} µs, workers ${workers.map(us).join(" + ")} µs; ` +
      `workers on CPU ${busy.join("/")} of the wall time`
    );
  }
}
