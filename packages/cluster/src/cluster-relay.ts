import { Stream, type Pending } from "@streamz-ts/core";
import { ClusterNode, defineClusterOp } from "./cluster-stream";
import { Future, Many } from "./future";
import type { Pool } from "./pool";

/** How a relay turns what a local operator emitted into one future. */
type Shape = "same" | "array" | "window";

/**
 * Puts a local operator to work on a cluster stream. Operators that never look inside elements (zip,
 * partition, buffer, delay, ...) work unchanged on futures; the relay placed after them keeps the result
 * a cluster stream and makes each emitted element one future again: a tuple or window of futures becomes
 * a future of the array ("array"), and a time window also unpacks filtered/flattened futures ("window").
 */
export class ClusterRelayNode extends ClusterNode<unknown> {
  constructor(
    upstream: Stream<any>,
    pool: Pool,
    singular: boolean,
    private readonly shape: Shape,
    private readonly op: string,
    keyed = false,
  ) {
    super({ scheduler: upstream.scheduler, pool, singular, keyed });
    this.attach(upstream);
  }
  override get kind(): string {
    return this.op;
  }
  override update(x: unknown): Pending {
    if (this.shape === "same") return this._emit(Future.from(x));
    const parts = x as unknown[];
    if (this.shape === "array") return this._emit(Future.all(parts));
    const all = Future.all(parts).promise.then((vs) => (vs as unknown[]).flatMap((v) => (v instanceof Many ? v.items : [v])));
    return this._emit(new Future(all));
  }
}

/** Elements joined here must each be one element: count-based operators would miscount filtered futures. */
function requireSingular(op: string, streams: readonly Stream<any>[]): void {
  for (const s of streams) {
    if (s instanceof ClusterNode && !s.singular) {
      throw new TypeError(
        `${op}: on a cluster stream it needs one element per future, but ${s.describe()} comes after filter() or ` +
          `flatten(), whose futures may hold none or several. Put ${op} before them, or gather() first.`,
      );
    }
  }
}

/** Applies the local operator `op` to `self`, then a relay of the given shape. */
function viaLocal(self: ClusterNode<any>, op: string, shape: Shape, joined: readonly Stream<any>[], args: unknown[]): ClusterNode<any> {
  const local = (Stream.prototype as unknown as Record<string, (...a: unknown[]) => Stream<any>>)[op]!.apply(self, args);
  const singular = joined.every((s) => !(s instanceof ClusterNode) || s.singular);
  // Futures passed on as they are keep their keys; a join or a window makes new futures, of no one key.
  const keyed = shape === "same" && joined.every((s) => s instanceof ClusterNode && s.keyed);
  return new ClusterRelayNode(local, self.pool, singular || shape === "window", shape, op, keyed);
}

for (const op of ["zip", "combineLatest", "union"] as const) {
  defineClusterOp(op, function (this: ClusterNode<any>, ...others: unknown[]) {
    const streams: Stream<any>[] = [this as Stream<any>, ...others.filter((o): o is Stream<any> => o instanceof Stream)];
    if (op !== "union") requireSingular(op, streams);
    return viaLocal(this, op, op === "union" ? "same" : "array", streams, others);
  });
}
defineClusterOp("partition", function partition(this: ClusterNode<any>, n: number, options?: { key?: unknown }) {
  requireSingular("partition", [this]);
  if (options?.key !== undefined)
    throw new TypeError("partition: key is not supported on a cluster stream (keys are values on the pool); gather() first");
  return viaLocal(this, "partition", "array", [this], [n, options]);
});
defineClusterOp("slidingWindow", function slidingWindow(this: ClusterNode<any>, ...args: unknown[]) {
  requireSingular("slidingWindow", [this]);
  return viaLocal(this, "slidingWindow", "array", [this], args);
});
defineClusterOp("timedWindow", function timedWindow(this: ClusterNode<any>, ...args: unknown[]) {
  return viaLocal(this, "timedWindow", "window", [this], args);
});
for (const op of ["buffer", "delay", "rateLimit", "latest"] as const) {
  defineClusterOp(op, function (this: ClusterNode<any>, ...args: unknown[]) {
    return viaLocal(this, op, "same", [this], args);
  });
}
