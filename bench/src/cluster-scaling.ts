/**
 * The CPU-bound scaling rows of ./cluster: elements/s of a ~1 ms map on 1 and 2 workers, for raw
 * worker_threads (no pool, no messages: what the machine gives), piscina threads and Redis worker
 * processes. The 1- and 2-worker runs alternate in rounds (1, 2, then 2, 1, ...), every backend in every
 * round, so a change of load on this shared machine hits both sides of a ratio alike; each row gives the
 * median of the rounds' ratios and their range, and the load average is printed with each round.
 *
 * The Redis rows run at each of `redisInFlight` (the pipeline's `buffer(n)`): with 64 in flight a 2-worker
 * run has two jobs of 32, one per worker, and each worker waits one round trip between its jobs (the next
 * job's elements are freed only by the results, in order); with 256, two jobs of 64 per worker, the next
 * already held while one runs. The Redis rows use three worker processes started once: one serves the 1-worker runs' queue, two the
 * 2-worker runs' queue (an idle worker blocks in Redis and costs no CPU), so no run waits for a process
 * to start or stop.
 */
import { loadavg } from "node:os";
import { Worker } from "node:worker_threads";
import type { ScatterOptions } from "@streamz-ts/cluster";
import { RedisServer } from "@streamz-ts/cluster/dist/src/redis-server";
import { startWorkerProcess, stopProcess } from "@streamz-ts/cluster/dist/src/worker-process";
import { CpuWatch, describeCpu, type CpuFigures } from "./cluster-cpu";
import { throughput, work } from "./cluster-run";
import { fmtRate, median } from "./lib/measure";

export const SCALING_HEADER = [
  "backend",
  "local, no pool",
  "1 worker (median)",
  "2 workers (median)",
  "speed-up 2 vs 1: median of rounds (min-max)",
  "2 workers vs local",
];

export interface ScalingOptions {
  /** Elements per run. */
  n: number;
  rounds: number;
  /** The `buffer(n)` of each Redis row: elements in flight. */
  redisInFlight: readonly number[];
  /** `work` rounds for ~1 ms. */
  n1ms: number;
  /** Elements/s of `work` in this process, no pool. */
  local: number;
  /** Which of `raw`, `threads`, `redis` to run. */
  backends: ReadonlySet<string>;
}

/**
 * `count` elements of `work` split over `w` raw worker threads with no pool and no messages per element:
 * the ceiling for any pool's speed-up.
 */
async function rawThreads(w: number, n: number, count: number): Promise<number> {
  const code = `const { parentPort, workerData: d } = require("node:worker_threads");
    ${work.toString()}
    for (let i = 0; i < d.k; i++) work(i, { n: d.n });
    parentPort.postMessage(0);`;
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: w },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(code, { eval: true, workerData: { n, k: Math.round(count / w) } });
          worker.once("message", () => resolve());
          worker.once("error", reject);
        }),
    ),
  );
  return count / ((performance.now() - t0) / 1000);
}

interface Pairs {
  one: number[];
  two: number[];
  cpu: { one: CpuFigures[]; two: CpuFigures[] };
}

/** Runs the rounds; returns the table rows and notes (the load average of each round, the CPU per element of the Redis runs). */
export async function scaling(o: ScalingOptions): Promise<{ rows: (string | number)[][]; notes: string[] }> {
  const loads: string[] = [loadavg()[0]!.toFixed(1)];
  const results = new Map<string, Pairs>();
  const pairs = (name: string): Pairs => {
    let p = results.get(name);
    if (p === undefined) results.set(name, (p = { one: [], two: [], cpu: { one: [], two: [] } }));
    return p;
  };
  const redis = o.backends.has("redis") ? await RedisServer.start() : undefined;
  const workers =
    redis === undefined ? [] : await Promise.all(["one", "two", "two"].map((q) => startWorkerProcess(redis.url, ["--queue", q])));
  try {
    const args = { n: o.n1ms };
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const);
      for (const w of order) {
        const side = w === 1 ? "one" : "two";
        if (o.backends.has("raw")) pairs("raw")[side].push(await rawThreads(w, o.n1ms, o.n));
        if (o.backends.has("threads")) pairs("threads")[side].push(await throughput({ threads: w }, work, args, o.n));
        if (redis !== undefined) {
          const mine = w === 1 ? workers.slice(0, 1) : workers.slice(1);
          for (const inFlight of o.redisInFlight) {
            const cpu = new CpuWatch(() => [redis.pid ?? NaN, ...mine.map((c) => c.pid ?? NaN)]);
            const opts: ScatterOptions = { redis: redis.url, queue: side };
            const p = pairs(`redis@${inFlight}`);
            p[side].push(await throughput(opts, work, args, o.n, inFlight, cpu));
            p.cpu[side].push(cpu.figures(o.n));
          }
        }
      }
      loads.push(loadavg()[0]!.toFixed(1));
    }
  } finally {
    for (const w of workers) await stopProcess(w);
    await redis?.destroy();
  }
  const names: Record<string, string> = {
    raw: "raw worker_threads, no pool (what the box gives now)",
    threads: "threads (piscina), buffer(64)",
  };
  const nameOf = (key: string): string => names[key] ?? `Redis streams (worker processes), buffer(${key.slice("redis@".length)})`;
  const rows = [...results].map(([name, p]) => {
    const ratios = p.two.map((two, i) => two / p.one[i]!);
    const range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
    return [
      nameOf(name),
      fmtRate(o.local),
      fmtRate(median(p.one)),
      fmtRate(median(p.two)),
      `${median(ratios).toFixed(2)}x (${range})`,
      `${(median(p.two) / o.local).toFixed(2)}x`,
    ];
  });
  const notes = [
    `${o.rounds} rounds of ${o.n} elements per run; load average (1 min) at the start and after each round: ${loads.join(", ")}.`,
  ];
  for (const [name, p] of results)
    notes.push(`${name}: speed-up by round ${p.two.map((two, i) => (two / p.one[i]!).toFixed(2)).join(", ")}.`);
  for (const inFlight of o.redisInFlight) {
    const cpu = results.get(`redis@${inFlight}`)?.cpu;
    if (cpu === undefined) continue;
    notes.push(`Redis, buffer(${inFlight}), 1 worker (medians over rounds): ${describeCpu(medianFigures(cpu.one))}.`);
    notes.push(`Redis, buffer(${inFlight}), 2 workers (medians over rounds): ${describeCpu(medianFigures(cpu.two))}.`);
  }
  return { rows, notes };
}

/** Each figure's median over the runs. */
function medianFigures(fs: CpuFigures[]): CpuFigures {
  const at = (pick: (f: CpuFigures) => number[]): number[] => pick(fs[0]!).map((_, i) => median(fs.map((f) => pick(f)[i]!)));
  return {
    kernel: median(fs.map((f) => f.kernel)),
    redis: median(fs.map((f) => f.redis)),
    workers: at((f) => f.workers),
    busy: at((f) => f.busy),
  };
}
