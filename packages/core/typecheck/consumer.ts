// Compiled by test/types.test.ts with TypeScript 5.0 (tslab's version) against the published .d.ts:
// inference through the operators, and the errors a user must get. Not part of the build.
import { fromIterable, registerApi, Stream, type StreamErrorEvent } from "@streamz-ts/core";

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

interface Trade {
  sym: string;
  px: number;
  qty: number;
}
const trades = new Stream<Trade>();

const notional = trades.map((t) => t.px * t.qty);
expectType<Equal<typeof notional, Stream<number>>>();
const syms = trades.pluck("sym");
expectType<Equal<typeof syms, Stream<string>>>();
const pair = trades.pluck(["sym", "qty"]);
expectType<Equal<typeof pair, Stream<[string, number]>>>();
// @ts-expect-error a key the element does not have
trades.pluck("price");

const total = notional.accumulate((acc, x) => acc + x);
expectType<Equal<typeof total, Stream<number>>>();
const count = trades.accumulate((n: number) => n + 1, { start: 0 });
expectType<Equal<typeof count, Stream<number>>>();
const labelled = trades.accumulate((i: number, t: Trade): [number, string] => [i + 1, `${i}:${t.sym}`], { start: 0, returnsState: true });
expectType<Equal<typeof labelled, Stream<string>>>();

const big = trades.filter((t): t is Trade & { qty: 1000 } => t.qty === 1000);
expectType<Equal<typeof big, Stream<Trade & { qty: 1000 }>>>();
const zipped = notional.zip(syms, new Stream<boolean>());
expectType<Equal<typeof zipped, Stream<[number, string, boolean]>>>();
const latest = notional.combineLatest(syms, { emitOn: 0 });
expectType<Equal<typeof latest, Stream<[number, string]>>>();
const merged = notional.union(syms);
expectType<Equal<typeof merged, Stream<number | string>>>();
const windows = notional.slidingWindow(3).map((w) => w.length);
expectType<Equal<typeof windows, Stream<number>>>();
const flat = trades.partition(10).flatten();
expectType<Equal<typeof flat, Stream<Trade>>>();
const timed = trades.rateLimit(10).timedWindow(100).delay(5).buffer(3).latest();
expectType<Equal<typeof timed, Stream<Trade[]>>>();
const out: number[] = notional.sinkToList();
const errors: Stream<StreamErrorEvent> = trades.onError();
// @ts-expect-error map's function must accept the element type
trades.map((x: number) => x);

const src = fromIterable([1, 2, 3]);
const asText: Stream<string> = src.map(String);

declare module "@streamz-ts/core" {
  interface Stream<T> {
    /** An operator added by a user through the extension point. */
    scaled(this: Stream<number>, k: number): Stream<number>;
  }
}
registerApi("scaled", function (this: Stream<number>, k: number) {
  return this.map((x) => x * k);
});
const scaled = notional.scaled(2);
expectType<Equal<typeof scaled, Stream<number>>>();

async function iterate(): Promise<number> {
  let sum = 0;
  for await (const x of notional) sum += x;
  return sum;
}
void [out, errors, asText, iterate];
