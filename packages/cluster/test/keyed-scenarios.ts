/**
 * Keyed scatter scenarios both backends run (`keyed.test.ts` on threads, `redis-keyed.test.ts` on
 * Redis): a running sum per user, compared with the same fold done in the kernel without a pool.
 */
import assert from "node:assert/strict";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { collect, linesOf } from "./helpers";

type ScatterOptions = NonNullable<Parameters<Stream<Sale>["scatter"]>[0]>;

export interface Sale {
  readonly i: number;
  readonly user: string;
  readonly amount: number;
}

export interface Total {
  readonly i: number;
  readonly user: string;
  readonly total: number;
  readonly count: number;
}

/** `n` sales over `users` users, in a fixed, uneven order (some users far more often than others). */
export function sales(n: number, users: number): Sale[] {
  return Array.from({ length: n }, (_, i) => ({ i, user: `u${(i * i + 3 * i) % users}`, amount: (i % 7) + 1 }));
}

/** What the pipeline must give: each sale with its user's running total and count, in emission order. */
export function expectedTotals(xs: readonly Sale[], skip: ReadonlySet<number> = new Set()): Total[] {
  const by = new Map<string, { total: number; count: number }>();
  const out: Total[] = [];
  for (const x of xs) {
    if (skip.has(x.i)) continue;
    const s = by.get(x.user) ?? { total: 0, count: 0 };
    const next = { total: s.total + x.amount, count: s.count + 1 };
    by.set(x.user, next);
    out.push({ i: x.i, user: x.user, ...next });
  }
  return out;
}

/**
 * The per-user step, run on the pool. It logs `i pid` for every run; at the element `a.victim`, the
 * first time only, its worker dies: `exit` ends the thread at once, `hold` blocks until the test
 * kills the process (SIGKILL), after writing the pid to `a.marker`.
 */
export function runningTotal(
  s: { total: number; count: number },
  x: Sale,
  a: { log: string; marker: string; victim: number; how: "exit" | "hold" },
): [{ total: number; count: number }, Total] {
  const fs = require("node:fs");
  fs.appendFileSync(a.log, `${x.i} ${process.pid}\n`);
  if (x.i === a.victim && !fs.existsSync(a.marker)) {
    fs.writeFileSync(a.marker, String(process.pid));
    if (a.how === "exit") process.exit(1);
    const end = Date.now() + 60_000;
    while (Date.now() < end);
  }
  const next = { total: s.total + x.amount, count: s.count + 1 };
  return [next, { i: x.i, user: x.user, ...next }];
}

/**
 * 600 sales over 40 users through `scatter({ key: user }).map(...).accumulate(runningTotal).gather()`;
 * `kill` is called once the victim's worker is stuck in it (for `hold`) and must end that worker.
 * Every output equals the kernel's own fold: none lost, none duplicated, each user's in order, each
 * sale counted once in its user's state. Returns the logged runs (`[i, pid]`).
 */
export async function expectKeyedFold(
  scatter: ScatterOptions,
  files: { log: string; marker: string },
  how: "exit" | "hold",
  onEnd: (f: () => void) => void,
  kill?: () => Promise<void>,
): Promise<string[][]> {
  const xs = sales(600, 40);
  const victim = 333;
  const source = new Stream<Sale>();
  onEnd(() => source.destroy());
  const out = collect(
    source
      .scatter({ ...scatter, key: (x) => x.user })
      .map((x: Sale) => ({ ...x, amount: x.amount })) // a stateless step first: keys ride along
      .accumulate(runningTotal, { start: { total: 0, count: 0 }, returnsState: true, args: { ...files, victim, how } })
      .buffer(32)
      .gather(),
  );
  const emitting = (async () => {
    for (const x of xs) await source.emit(x);
  })();
  if (kill) await kill();
  await emitting;
  await out.reached(xs.length);
  assert.deepEqual(out.list, expectedTotals(xs));
  const runs = linesOf(files.log).map((l) => l.split(" "));
  assert.ok(runs.filter(([i]) => i === String(victim)).length >= 2, "the victim's batch ran again after its worker died");
  return runs;
}
