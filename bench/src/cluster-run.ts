/**
 * What the cluster benchmarks run: a fixed amount of arithmetic per element (calibrated in this process
 * to about 1 ms; not a timed spin, which would "scale" even on a busy core), and the throughput of
 * `scatter(opts).map(fn).buffer(n).gather()` with back pressure. Shared by ./cluster and
 * ./cluster-scaling.
 */
import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import type { ScatterOptions } from "@streamz-ts/cluster";
import type { CpuWatch } from "./cluster-cpu";

/** About 1 ms of arithmetic per element: `args.n` rounds of an LCG. */
export function work(x: number, a: { n: number }): number {
  let s = x | 0;
  for (let i = 0; i < a.n; i++) s = (Math.imul(s, 1103515245) + 12345) | 0;
  return s;
}

/** Rounds of `work` for about 1 ms: the fastest of several trials, the least disturbed by other load. */
export function calibrate(): number {
  const n = 200_000;
  let best = Infinity;
  for (let trial = 0; trial < 7; trial++) {
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) work(k, { n });
    best = Math.min(best, (performance.now() - t0) / 10);
  }
  return Math.round(n / best);
}

/**
 * Elements/s through `scatter(opts).map(fn).buffer(inFlight).gather()`, emitting `n` with back pressure
 * after a warm-up of 200 (workers started, the function compiled); `cpu` watches the measured run.
 */
export async function throughput(
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
  await run(Math.min(200, n));
  cpu?.start();
  const t0 = performance.now();
  await run(n);
  const s = (performance.now() - t0) / 1000;
  cpu?.stop();
  source.destroy();
  return n / s;
}
