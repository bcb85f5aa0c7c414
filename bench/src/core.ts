/**
 * Core engine against its peers, in one process: 1e6 ints through map -> filter -> accumulate -> sink, a
 * 4-way fan-out, a zip of two streams, `await emit` per element, and the first pipeline again once every
 * engine's link classes also serve other graph shapes (as in a notebook with several pipelines). Each engine is driven the same way
 * (push one element at a time from a loop); each engine's figure is the median of 7 samples of 10 passes,
 * taken in interleaved rounds after a warm-up round.
 */
import { execFileSync } from "node:child_process";
import { Stream } from "@streamz-ts/core";
import { Subject, filter, map, scan, zip as rxZip } from "rxjs";
import { createAdapter } from "@most/adapter";
import { filter as mFilter, map as mMap, mergeArray, multicast, runEffects, scan as mScan, tap as mTap, zip as mZip } from "@most/core";
import { newDefaultScheduler } from "@most/scheduler";
import { fmtRate, median, medianMs, medianMsAsync, printTable } from "./lib/measure";

const N = 1_000_000;
const REPS = 5;
const inc = (x: number) => x + 1;
const odd = (x: number) => (x & 1) === 1;
const add = (a: number, x: number) => (a + x) | 0;
let last = 0;
const consume = (x: number) => {
  last = x;
};

// --- the hand-written chain: one object per stage calling the next directly ------------------------
interface Next {
  push(x: number): void;
}
class HMap implements Next {
  constructor(
    private f: (x: number) => number,
    private next: Next,
  ) {}
  push(x: number) {
    this.next.push(this.f(x));
  }
}
class HFilter implements Next {
  constructor(
    private p: (x: number) => boolean,
    private next: Next,
  ) {}
  push(x: number) {
    if (this.p(x)) this.next.push(x);
  }
}
class HScan implements Next {
  private acc = 0;
  constructor(
    private f: (a: number, x: number) => number,
    private next: Next,
  ) {}
  push(x: number) {
    this.acc = this.f(this.acc, x);
    this.next.push(this.acc);
  }
}
class HSink implements Next {
  constructor(private f: (x: number) => void) {}
  push(x: number) {
    this.f(x);
  }
}

function linear(): Record<string, () => void> {
  return {
    "hand-written chain": () => {
      const head = new HMap(inc, new HFilter(odd, new HScan(add, new HSink(consume))));
      for (let i = 0; i < N; i++) head.push(i);
    },
    "streamz-ts": () => {
      const s = new Stream<number>();
      s.map(inc).filter(odd).accumulate(add, { start: 0 }).sink(consume);
      for (let i = 0; i < N; i++) s.emit(i);
    },
    "RxJS 7 (Subject + pipe)": () => {
      const s = new Subject<number>();
      s.pipe(map(inc), filter(odd), scan(add, 0)).subscribe(consume);
      for (let i = 0; i < N; i++) s.next(i);
    },
    "@most/core (adapter)": () => {
      const [induce, events] = createAdapter<number>();
      void runEffects(mTap(consume, mScan(add, 0, mFilter(odd, mMap(inc, events)))), newDefaultScheduler());
      for (let i = 0; i < N; i++) induce(i);
    },
  };
}

function fanout(): Record<string, () => void> {
  return {
    "hand-written chain": () => {
      const branches = [0, 1, 2, 3].map(() => new HMap(inc, new HSink(consume)));
      for (let i = 0; i < N; i++) for (let b = 0; b < 4; b++) branches[b]!.push(i);
    },
    "streamz-ts": () => {
      const s = new Stream<number>();
      for (let b = 0; b < 4; b++) s.map(inc).sink(consume);
      for (let i = 0; i < N; i++) s.emit(i);
    },
    "RxJS 7 (Subject + pipe)": () => {
      const s = new Subject<number>();
      for (let b = 0; b < 4; b++) s.pipe(map(inc)).subscribe(consume);
      for (let i = 0; i < N; i++) s.next(i);
    },
    "@most/core (multicast)": () => {
      const [induce, events] = createAdapter<number>();
      const shared = multicast(events);
      const branches = [0, 1, 2, 3].map(() => mTap(consume, mMap(inc, shared)));
      void runEffects(mergeArray(branches), newDefaultScheduler());
      for (let i = 0; i < N; i++) induce(i);
    },
  };
}

function zip2(): Record<string, () => void> {
  return {
    "hand-written chain": () => {
      // two queues; a pair goes out when both have an element
      const qa: number[] = [];
      const qb: number[] = [];
      const out = (a: number, b: number) => consume(a + b);
      const pushA = (x: number) => (qb.length > 0 ? out(x, qb.shift()!) : qa.push(x));
      const pushB = (x: number) => (qa.length > 0 ? out(qa.shift()!, x) : qb.push(x));
      for (let i = 0; i < N; i++) {
        pushA(i);
        pushB(i);
      }
    },
    "streamz-ts": () => {
      const a = new Stream<number>();
      const b = new Stream<number>();
      a.zip(b).sink((t) => consume(t[0] + t[1]));
      for (let i = 0; i < N; i++) {
        a.emit(i);
        b.emit(i);
      }
    },
    "RxJS 7 (zip)": () => {
      const a = new Subject<number>();
      const b = new Subject<number>();
      rxZip(a, b).subscribe((t) => consume(t[0] + t[1]));
      for (let i = 0; i < N; i++) {
        a.next(i);
        b.next(i);
      }
    },
    "@most/core (zip)": () => {
      const [pushA, a] = createAdapter<number>();
      const [pushB, b] = createAdapter<number>();
      void runEffects(
        mTap(
          consume,
          mZip((x: number, y: number) => x + y, a, b),
        ),
        newDefaultScheduler(),
      );
      for (let i = 0; i < N; i++) {
        pushA(i);
        pushB(i);
      }
    },
  };
}

/**
 * `await` per element on a synchronous graph, ours and the hand-written chain's (the language's floor).
 * Each loop is written out as its own function on purpose: a shared timing helper would give both
 * engines one call site, which V8 then compiles for two kinds of object, slowing both and skewing the
 * comparison (the suites above are written out for the same reason).
 */
async function awaitEmit(): Promise<Record<string, number>> {
  const build = () => {
    const s = new Stream<number>();
    s.map(inc).filter(odd).accumulate(add, { start: 0 }).sink(consume);
    return s;
  };
  const hand = () => new HMap(inc, new HFilter(odd, new HScan(add, new HSink(consume))));
  const plain = medianMs(() => {
    const s = build();
    for (let i = 0; i < N; i++) s.emit(i);
  });
  const awaited = await medianMsAsync(async () => {
    const s = build();
    for (let i = 0; i < N; i++) await s.emit(i);
  });
  const guarded = await medianMsAsync(async () => {
    const s = build();
    for (let i = 0; i < N; i++) {
      const r = s.emit(i);
      if (r) await r;
    }
  });
  const handPlain = medianMs(() => {
    const h = hand();
    for (let i = 0; i < N; i++) h.push(i);
  });
  const handAwaited = await medianMsAsync(async () => {
    const h = hand();
    // push returns undefined: this measures what `await` of a plain value costs
    // eslint-disable-next-line @typescript-eslint/await-thenable -- on purpose, see above
    for (let i = 0; i < N; i++) await h.push(i);
  });
  return { plain, awaited, guarded, handPlain, handAwaited };
}

/**
 * Gives every engine's link classes other graph shapes to serve, as in a notebook that holds more than
 * one pipeline: each map/filter/accumulate/sink class then calls several kinds of next link, which V8
 * can no longer assume from one call site (the suites above each see one shape, the best case for all).
 */
function warmOtherShapes(): void {
  const hand: Next[] = [
    new HMap(inc, new HSink(consume)),
    new HFilter(odd, new HMap(inc, new HSink(consume))),
    new HScan(add, new HFilter(odd, new HSink(consume))),
    new HMap(inc, new HScan(add, new HSink(consume))),
  ];
  const ours = [new Stream<number>(), new Stream<number>(), new Stream<number>(), new Stream<number>()] as const;
  ours[0].map(inc).sink(consume);
  ours[1].filter(odd).map(inc).sink(consume);
  ours[2].accumulate(add, { start: 0 }).filter(odd).sink(consume);
  ours[3].map(inc).accumulate(add, { start: 0 }).sink(consume);
  const rx = [new Subject<number>(), new Subject<number>(), new Subject<number>(), new Subject<number>()] as const;
  rx[0].pipe(map(inc)).subscribe(consume);
  rx[1].pipe(filter(odd), map(inc)).subscribe(consume);
  rx[2].pipe(scan(add, 0), filter(odd)).subscribe(consume);
  rx[3].pipe(map(inc), scan(add, 0)).subscribe(consume);
  const most = [0, 1, 2, 3].map(() => createAdapter<number>());
  const run = (s: Parameters<typeof runEffects>[0]) => void runEffects(s, newDefaultScheduler());
  run(mTap(consume, mMap(inc, most[0]![1])));
  run(mTap(consume, mMap(inc, mFilter(odd, most[1]![1]))));
  run(mTap(consume, mFilter(odd, mScan(add, 0, most[2]![1]))));
  run(mTap(consume, mScan(add, 0, mMap(inc, most[3]![1]))));
  for (let i = 0; i < 100_000; i++) {
    for (const h of hand) h.push(i);
    for (const s of ours) s.emit(i);
    for (const s of rx) s.next(i);
    for (const [induce] of most) induce(i);
  }
}

/** The linear suite again, after {@link warmOtherShapes}: the same code in a program with several graphs. */
const AMONG_OTHERS = "map -> filter -> accumulate -> sink, in a program that also runs other shapes";

type Times = Record<string, number>;
interface ChildResult {
  suites: Record<string, Times>;
  await: Times;
}
const SUITES: [title: string, make: () => Record<string, () => void>][] = [
  ["map -> filter -> accumulate -> sink", linear],
  ["4-way fan-out (map -> sink on each branch)", fanout],
  ["zip of two streams", zip2],
];
const BASELINE = "hand-written chain";

/**
 * Times every engine of a suite in interleaved rounds (one warm-up round, then 7 timed ones), so that
 * drift in the machine's load hits all engines alike; returns each engine's median ms per pass.
 */
function timeSuite(suite: Record<string, () => void>): Times {
  const names = Object.keys(suite);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = -1; round < 7; round++) {
    for (const name of names) {
      // one sample = REPS passes over the 1e6 ints: a single pass of the fastest engines takes ~2 ms,
      // too short to time on a shared machine
      const t0 = performance.now();
      for (let r = 0; r < REPS; r++) suite[name]!();
      if (round >= 0) samples.get(name)!.push((performance.now() - t0) / REPS);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples.get(n)!)]));
}

/** Child: every suite once, printed as JSON. */
async function child(): Promise<void> {
  const suites: Record<string, Times> = {};
  for (const [title, make] of SUITES) suites[title] = timeSuite(make());
  const awaited = await awaitEmit();
  warmOtherShapes();
  suites[AMONG_OTHERS] = timeSuite(linear());
  const result: ChildResult = { suites, await: awaited };
  if (last === -1) console.log("unreachable"); // keeps `last` observable, so the sinks are not dead code
  process.stdout.write(JSON.stringify(result) + "\n");
}

/**
 * Parent: PROCESSES fresh processes, then the tables. V8 compiles the same graph to faster or slower code
 * from one process to the next (seen here: 3.3 vs 4.1 ns per element for our linear pipeline, in
 * separate processes), so the tables give the median over processes and the range of the ratio.
 */
const PROCESSES = 3;
function main(): void {
  const runs: ChildResult[] = [];
  for (let p = 0; p < PROCESSES; p++) {
    const out = execFileSync(process.execPath, [__filename, "child"], { encoding: "utf8", maxBuffer: 1 << 20 });
    runs.push(JSON.parse(out.trim().split("\n").pop()!) as ChildResult);
  }
  console.log(
    `## Core engine (1e6 ints; per process the median of 7 interleaved samples of ${REPS} passes; median of ${PROCESSES} processes; node ${process.version})`,
  );
  for (const title of [...SUITES.map(([t]) => t), AMONG_OTHERS]) {
    const names = Object.keys(runs[0]!.suites[title]!);
    printTable(
      title,
      ["engine", "elements/s", `time vs ${BASELINE} (range over processes)`],
      names.map((n) => {
        const ratios = runs.map((r) => r.suites[title]![n]! / r.suites[title]![BASELINE]!);
        return [n, fmtRate(N / (median(runs.map((r) => r.suites[title]![n]!)) / 1000)), ratioCell(ratios)];
      }),
    );
  }
  const a = (k: string) => runs.map((r) => r.await[k]!);
  const vs = (k: string, base: string) => runs.map((r) => r.await[k]! / r.await[base]!);
  printTable(
    "back pressure on a synchronous graph (map -> filter -> accumulate -> sink)",
    ["loop", "elements/s", "time vs its plain loop (range)"],
    [
      ["streamz-ts: `s.emit(x)`", fmtRate(N / (median(a("plain")) / 1000)), "1.00"],
      ["streamz-ts: `await s.emit(x)`", fmtRate(N / (median(a("awaited")) / 1000)), ratioCell(vs("awaited", "plain"))],
      ["streamz-ts: `const r = s.emit(x); if (r) await r`", fmtRate(N / (median(a("guarded")) / 1000)), ratioCell(vs("guarded", "plain"))],
      ["hand-written chain: `h.push(x)`", fmtRate(N / (median(a("handPlain")) / 1000)), "1.00"],
      [
        "hand-written chain: `await h.push(x)` (what `await` itself costs)",
        fmtRate(N / (median(a("handAwaited")) / 1000)),
        ratioCell(vs("handAwaited", "handPlain")),
      ],
    ],
  );
  console.log(
    "\nPython streamz 0.6.4, same machine kind (../shared/notes/baselines.md): map -> accumulate -> sink 0.10-0.12 M elements/s; with `await emit` 0.09 M/s.",
  );
}

function ratioCell(ratios: number[]): string {
  const s = [...ratios].sort((x, y) => x - y);
  return `${median(s).toFixed(2)} (${s[0]!.toFixed(2)}-${s[s.length - 1]!.toFixed(2)})`;
}

if (process.argv[2] === "child") void child();
else main();
