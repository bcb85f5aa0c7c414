/**
 * scatter / gather: what a pool costs per element and how it scales, for both backends, beside the
 * streamz.dask figures measured on this kind of machine (../shared/notes/baselines.md: a local Dask
 * cluster of 2 worker processes). Measured here, in this run:
 * - trivial map `x + 1`: throughput with `.buffer(64)` (its inverse is the per-element overhead), and
 *   emit-to-gather latency (p50, p95) of elements sent one at a time;
 * - a CPU-bound map of about 1 ms (a fixed amount of arithmetic, calibrated in this process; not a
 *   timed spin, which would "scale" even on a busy core): elements/s on 1 and 2 threads (or worker
 *   processes), and the speed-up over 1;
 * - a keyed running sum (`scatter({ key }).accumulate`) over 1e6 elements and 10,000 keys on 1 and 2
 *   workers, against the same fold unscattered (./cluster-keyed).
 *
 * Options: `--only trivial,scaling,keyed` (default: all), `--keyed-n 1000000` (threads),
 * `--keyed-redis-n 100000` (Redis), `--keys 10000`, `--scaling-n 3000` (elements per CPU-bound run).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import type { ScatterOptions } from "@streamz-ts/cluster";
import { RedisServer } from "@streamz-ts/cluster/dist/src/redis-server";
import { startWorkerProcess, stopProcess } from "@streamz-ts/cluster/dist/src/worker-process";
import { CpuWatch } from "./cluster-cpu";
import { KEYED_HEADER, keyedRow } from "./cluster-keyed";
import { fmtRate, printTable } from "./lib/measure";

const { values: cli } = parseArgs({
  options: {
    only: { type: "string", default: "trivial,scaling,keyed" },
    "keyed-n": { type: "string", default: "1000000" },
    "keyed-redis-n": { type: "string", default: "100000" },
    keys: { type: "string", default: "10000" },
    // Elements per CPU-bound run (about 1 ms each): 600 (0.3-0.6 s a run) read 1.15x-2.46x for the same
    // Redis code in four runs of one quiet minute; several seconds a run keep start-up out of the figure.
    "scaling-n": { type: "string", default: "3000" },
  },
});
const SCALING_N = Number(cli["scaling-n"]);
const only = new Set(cli.only.split(","));

/** streamz.dask on a local 2-process cluster, from baselines.md (best of the measured ranges, in its favour). */
const DASK = { throughput: 224, latencyMs: 10.6, latencyNote: "10.6 ms mean (serial; 23–58 ms with buffer)" };

/** About 1 ms of arithmetic per element: `args.n` rounds of an LCG. */
function work(x: number, a: { n: number }): number {
  let s = x | 0;
  for (let i = 0; i < a.n; i++) s = (Math.imul(s, 1103515245) + 12345) | 0;
  return s;
}

/** Rounds of `work` for about 1 ms: the fastest of several trials, the least disturbed by other load. */
function calibrate(): number {
  const n = 200_000;
  let best = Infinity;
  for (let trial = 0; trial < 7; trial++) {
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) work(k, { n });
    best = Math.min(best, (performance.now() - t0) / 10);
  }
  return Math.round(n / best);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Elements/s through `scatter(opts).map(fn).buffer(inFlight).gather()`, emitting `n` with back pressure;
 * `cpu` watches the measured run.
 */
async function throughput(
  opts: ScatterOptions,
  fn: (x: number, a: any) => number,
  args: unknown,
  n: number,
  inFlight = 64,
  cpu?: CpuWatch,
): Promise<number> {
  const source = new Stream<number>();
  let got = 0;
  let target = 0;
  let done: () => void = () => undefined;
  source
    .scatter(opts)
    .map(fn as (x: number, a: unknown) => number, { args })
    .buffer(inFlight)
    .gather()
    .sink(() => {
      if (++got === target) done();
    });
  const run = async (k: number): Promise<void> => {
    target = got + k;
    const finished = new Promise<void>((r) => (done = r));
    for (let i = 0; i < k; i++) {
      const r = source.emit(i);
      if (r) await r;
    }
    await finished;
  };
  await run(Math.min(200, n)); // warm-up: workers started, the function compiled and optimised
  cpu?.start();
  const t0 = performance.now();
  await run(n);
  const s = (performance.now() - t0) / 1000;
  cpu?.stop();
  source.destroy();
  return n / s;
}

/**
 * What the machine itself gives right now: `count` elements of the same work split over `w` raw
 * worker threads with no pool and no messages per element. The ceiling for any pool's speed-up.
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

/** Emit-to-gather latency in ms of `n` elements sent one at a time (each awaited). */
async function latency(opts: ScatterOptions, n: number): Promise<number[]> {
  const source = new Stream<number>();
  const out = source
    .scatter(opts)
    .map((x: number) => x + 1)
    .gather();
  let t0 = 0;
  const times: number[] = [];
  out.sink(() => void times.push(performance.now() - t0));
  for (let i = 0; i < 50; i++) await source.emit(i);
  times.length = 0;
  for (let i = 0; i < n; i++) {
    t0 = performance.now();
    await source.emit(i);
  }
  source.destroy();
  return times;
}

async function main(): Promise<void> {
  const n1ms = calibrate();
  const rows: (string | number)[][] = [];
  const scaling: (string | number)[][] = [];
  const keyed: (string | number)[][] = [];
  const notes: string[] = [];
  const inc = (x: number) => x + 1;
  const keys = Number(cli.keys);

  // --- worker threads -------------------------------------------------------------------------------
  if (only.has("trivial")) {
    const thr = await throughput({ threads: 2 }, inc, undefined, 20_000);
    const lat = await latency({ threads: 2 }, 500);
    rows.push([
      "threads (piscina), 2",
      fmtRate(thr),
      (1e6 / thr).toFixed(1),
      percentile(lat, 50).toFixed(2),
      percentile(lat, 95).toFixed(2),
      `${(thr / DASK.throughput).toFixed(0)}x`,
      `1/${(DASK.latencyMs / percentile(lat, 50)).toFixed(0)}`,
    ]);
  }
  const local = (() => {
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) work(i, { n: n1ms });
    return 300 / ((performance.now() - t0) / 1000);
  })();
  if (only.has("scaling")) {
    const raw1 = await rawThreads(1, n1ms, SCALING_N);
    const raw2 = await rawThreads(2, n1ms, SCALING_N);
    scaling.push([
      "raw worker_threads, no pool (what the box gives now)",
      fmtRate(local),
      fmtRate(raw1),
      fmtRate(raw2),
      `${(raw2 / raw1).toFixed(2)}x`,
      `${(raw2 / local).toFixed(2)}x`,
    ]);
    const t1 = await throughput({ threads: 1 }, work, { n: n1ms }, SCALING_N);
    const t2 = await throughput({ threads: 2 }, work, { n: n1ms }, SCALING_N);
    scaling.push([
      "threads (piscina)",
      fmtRate(local),
      fmtRate(t1),
      fmtRate(t2),
      `${(t2 / t1).toFixed(2)}x`,
      `${(t2 / local).toFixed(2)}x`,
    ]);
  }
  if (only.has("keyed")) keyed.push(await keyedRow("threads", Number(cli["keyed-n"]), keys, { threads: 1 }, { threads: 2 }));

  // --- Redis streams --------------------------------------------------------------------------------
  const redis = await RedisServer.start();
  try {
    const w1 = await startWorkerProcess(redis.url, ["--queue", "bench"]);
    const workers = [w1];
    const opts = { redis: redis.url, queue: "bench" };
    if (only.has("trivial")) {
      const rThr = await throughput(opts, inc, undefined, 20_000);
      const rLat = await latency(opts, 300);
      rows.push([
        "Redis streams, 1 worker process",
        fmtRate(rThr),
        (1e6 / rThr).toFixed(1),
        percentile(rLat, 50).toFixed(2),
        percentile(rLat, 95).toFixed(2),
        `${(rThr / DASK.throughput).toFixed(0)}x`,
        `1/${(DASK.latencyMs / percentile(rLat, 50)).toFixed(0)}`,
      ]);
      // A job's round trip is milliseconds, so throughput is elements in flight / round trip: with more in flight, more per job.
      const rWide = await throughput(opts, inc, undefined, 20_000, 256);
      rows.push([
        "Redis streams, 1 worker process, buffer(256)",
        fmtRate(rWide),
        (1e6 / rWide).toFixed(1),
        "–",
        "–",
        `${(rWide / DASK.throughput).toFixed(0)}x`,
        "–",
      ]);
    }
    const second = async (): Promise<void> => {
      if (workers.length < 2) workers.push(await startWorkerProcess(redis.url, ["--queue", "bench"]));
    };
    if (only.has("scaling")) {
      const cpu = new CpuWatch(() => [redis.pid ?? NaN, ...workers.map((w) => w.pid ?? NaN)]);
      // As many elements as the thread rows: a run of 2 workers lasts ~0.3 s, so the last batches' tail weighs little.
      const r1 = await throughput(opts, work, { n: n1ms }, SCALING_N, 64, cpu);
      notes.push(`Redis, 1 worker: ${cpu.describe(SCALING_N)}.`);
      await second();
      const r2 = await throughput(opts, work, { n: n1ms }, SCALING_N, 64, cpu);
      notes.push(`Redis, 2 workers: ${cpu.describe(SCALING_N)}.`);
      scaling.push([
        "Redis streams (worker processes)",
        fmtRate(local),
        fmtRate(r1),
        fmtRate(r2),
        `${(r2 / r1).toFixed(2)}x`,
        `${(r2 / local).toFixed(2)}x`,
      ]);
    }
    if (only.has("keyed")) {
      if (workers.length > 1) await stopProcess(workers.pop()!);
      keyed.push(await keyedRow("Redis streams (worker processes)", Number(cli["keyed-redis-n"]), keys, opts, opts, second));
    }
    for (const w of workers) await stopProcess(w);
  } finally {
    await redis.destroy();
  }
  rows.push([
    "streamz.dask, local cluster of 2 processes (baselines.md)",
    DASK.throughput,
    (1e6 / DASK.throughput).toFixed(0),
    DASK.latencyNote,
    "–",
    "1x",
    "1",
  ]);

  if (only.has("trivial")) {
    printTable(
      "cluster: trivial map `x + 1`, scatter -> map -> buffer(64) -> gather",
      [
        "backend",
        "elements/s",
        "µs per element",
        "latency p50 ms",
        "latency p95 ms",
        "throughput vs streamz.dask",
        "latency vs streamz.dask",
      ],
      rows,
    );
  }
  if (only.has("scaling")) {
    printTable(
      `cluster: CPU-bound map (~1 ms of arithmetic per element), elements/s`,
      ["backend", "local, no pool", "1 worker", "2 workers", "speed-up 2 vs 1", "2 workers vs local"],
      scaling,
    );
    for (const note of notes) console.log(`\n${note}`);
  }
  if (only.has("keyed")) {
    printTable(
      "cluster: keyed running sum, scatter({ key }) -> map -> accumulate -> buffer(1024) -> gather, elements/s",
      KEYED_HEADER,
      keyed,
    );
  }
  console.log(
    `\nMust hold (thread backend): >= 10x streamz.dask throughput, <= 1/10 its latency, 2-thread speed-up >= 1.7x. ` +
      `Redis backend (issue 15): >= 100x streamz.dask throughput (${fmtRate(100 * DASK.throughput)}) at buffer(64), 2-worker speed-up >= 1.8x. ` +
      `This box has 2 cores shared with other work (load average ${loadavg()[0]!.toFixed(1)} at the end): compare the pool's speed-up with the raw row of the same run.`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
