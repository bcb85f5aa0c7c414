import { below, StreamError, type Pending } from "@streamz-ts/core";
import { ClusterNode, defineClusterOp, type ShipOptions } from "./cluster-stream";
import { Future, Many } from "./future";
import { shipFunction, type ShippedFn } from "./ship";
import type { Op } from "./task";

type OneOp = Exclude<Op, "accumulate">;

/**
 * Node behind `map`, `starmap` and `filter` on a cluster stream: chains a task onto each future without
 * waiting for it. A failure of this node's function rejects the new future with a `StreamError` naming
 * this node; failures from above pass through unchanged, so the error always names where it happened.
 */
export class ClusterMapNode extends ClusterNode<unknown> {
  private readonly fn: ShippedFn;

  constructor(
    upstream: ClusterNode<any>,
    private readonly op: OneOp,
    fn: unknown,
    options: ShipOptions<unknown> = {},
  ) {
    super({ ...below(upstream, options), pool: upstream.pool, singular: upstream.singular && op !== "filter", keyed: upstream.keyed });
    this.fn = shipFunction(op, fn, options.args);
    this.attach(upstream);
  }
  override get kind(): string {
    return this.op;
  }
  protected override detail(): string | undefined {
    const m = /^\w+\((.*)\)$/.exec(this.fn.label);
    return m?.[1];
  }
  override update(x: unknown): Pending {
    const input = Future.from(x);
    return this._emit(
      new Future(
        input.promise.then((v) => this.apply(v)),
        input.key,
      ),
    );
  }
  private apply(v: unknown): Promise<unknown> {
    if (v instanceof Many) return Promise.all(v.items.map((item) => this.one(item))).then((rs) => this.keep(v.items, rs));
    return this.one(v).then((r) => (this.op === "filter" ? (r ? v : new Many([])) : r));
  }
  private one(item: unknown): Promise<unknown> {
    let p: Promise<unknown>;
    try {
      p = this.pool.submit(this.op, this.fn, item);
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.catch((e: unknown) => {
      throw new StreamError(this, item, e);
    });
  }
  private keep(items: readonly unknown[], results: unknown[]): Many {
    if (this.op !== "filter") return new Many(results);
    return new Many(items.filter((_, i) => results[i]));
  }
}

defineClusterOp("map", function map(this: ClusterNode<any>, fn: unknown, options?: ShipOptions<unknown>) {
  return new ClusterMapNode(this, "map", fn, options);
});
defineClusterOp("starmap", function starmap(this: ClusterNode<any>, fn: unknown, options?: ShipOptions<unknown>) {
  return new ClusterMapNode(this, "starmap", fn, options);
});
defineClusterOp("filter", function filter(this: ClusterNode<any>, predicate?: unknown, options?: ShipOptions<unknown>) {
  // No predicate keeps the truthy elements, as locally; it still runs on the pool so order is kept.
  return new ClusterMapNode(this, "filter", predicate ?? ((x: unknown) => x), options);
});
