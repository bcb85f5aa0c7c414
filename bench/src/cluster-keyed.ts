/**
 * Scale-out by key: a running sum per key (`scatter({ key }).accumulate(...)`) on 1 and 2 workers,
 * against the same fold in the kernel with no pool (one `accumulate` over a `Map` of sums). Every run
 * checks its last totals against the kernel's, so a fast wrong answer cannot pass as a figure.
 */
import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import type { ScatterOptions } from "@streamz-ts/cluster";
import { fmtRate } from "./lib/measure";

interface Sale {
  readonly user: string;
  readonly amount: number;
}

/** `n` sales over `keys` users, spread by a multiplicative step (every key comes back about every `keys` sales). */
function sales(n: number, keys: number): Sale[] {
  return Array.from({ length: n }, (_, i) => ({ user: `u${(i * 7919) % keys}`, amount: i % 5 }));
}

/** The kernel's own totals after all sales, to check each pooled run against. */
function finalTotals(xs: readonly Sale[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x.user, (m.get(x.user) ?? 0) + x.amount);
  return m;
}

/** Elements/s of the fold in the kernel, no pool: the same pipeline unscattered. */
async function local(xs: readonly Sale[]): Promise<number> {
  const source = new Stream<Sale>();
  let last = 0;
  source
    .accumulate(
      (m: Map<string, number>, x: Sale) => {
        const t = (m.get(x.user) ?? 0) + x.amount;
        m.set(x.user, t);
        return [m, t] as const;
      },
      { start: new Map<string, number>(), returnsState: true },
    )
    .sink((t) => void (last = t));
  const t0 = performance.now();
  for (const x of xs) {
    const r = source.emit(x);
    if (r) await r;
  }
  const s = (performance.now() - t0) / 1000;
  source.destroy();
  if (last !== finalTotals(xs).get(xs.at(-1)!.user)) throw new Error("local fold: wrong last total");
  return xs.length / s;
}

/** Elements/s of `scatter({ ...opts, key }).accumulate(sum).buffer(1024).gather()`; throws on a wrong total. */
async function pooled(xs: readonly Sale[], opts: ScatterOptions): Promise<number> {
  const source = new Stream<Sale>();
  const want = finalTotals(xs);
  const seen = new Map<string, number>();
  let got = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  source
    .scatter({ ...opts, key: (x: Sale) => x.user })
    .map((x: Sale) => x) // a stateless step, as real pipelines have: keys ride along
    .accumulate((s: number, x: Sale) => s + x.amount, { start: 0 })
    .buffer(1024)
    .gather()
    .sink((t) => {
      seen.set(xs[got]!.user, t);
      if (++got === xs.length) done();
    });
  const t0 = performance.now();
  for (const x of xs) {
    const r = source.emit(x);
    if (r) await r;
  }
  await finished;
  const s = (performance.now() - t0) / 1000;
  source.destroy();
  for (const [k, v] of want)
    if (seen.get(k) !== v) throw new Error(`keyed fold on ${JSON.stringify(opts)}: key ${k} ended at ${seen.get(k)}, expected ${v}`);
  return xs.length / s;
}

/** One table row per backend: local, 1 worker, 2 workers, speed-ups. `start2` adds the second worker (Redis). */
export async function keyedRow(
  label: string,
  n: number,
  keys: number,
  opts1: ScatterOptions,
  opts2: ScatterOptions,
  start2?: () => Promise<unknown>,
): Promise<(string | number)[]> {
  const xs = sales(n, keys);
  const base = await local(xs);
  await pooled(sales(Math.min(n, 5_000), keys), opts1); // warm-up: workers started, the function compiled
  const one = await pooled(xs, opts1);
  if (start2) await start2();
  const two = await pooled(xs, opts2);
  return [
    label,
    n.toLocaleString("en"),
    keys.toLocaleString("en"),
    fmtRate(base),
    fmtRate(one),
    fmtRate(two),
    `${(two / one).toFixed(2)}x`,
    `${(two / base).toFixed(2)}x`,
  ];
}

export const KEYED_HEADER = [
  "backend",
  "elements",
  "keys",
  "unscattered (kernel)",
  "1 worker",
  "2 workers",
  "speed-up 2 vs 1",
  "2 workers vs unscattered",
];
