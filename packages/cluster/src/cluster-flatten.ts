import { below, StreamError, type Pending, type StreamOptions } from "@streamz-ts/core";
import { ClusterNode, defineClusterOp } from "./cluster-stream";
import { Future, itemsOf, Many } from "./future";

/**
 * Node behind `flatten` on a cluster stream. It restructures only (no task is sent): the future of an
 * array becomes a future of its items, which later operators process one by one and `gather()` emits
 * one by one, in order.
 */
export class ClusterFlattenNode extends ClusterNode<unknown> {
  constructor(upstream: ClusterNode<any>, options?: StreamOptions) {
    super({ ...below(upstream, options), pool: upstream.pool, singular: false, keyed: upstream.keyed });
    this.attach(upstream);
  }
  override get kind(): string {
    return "flatten";
  }
  override update(x: unknown): Pending {
    const input = Future.from(x);
    const out = input.promise.then((v) => {
      const items: unknown[] = [];
      for (const part of itemsOf(v)) {
        if (part === null || typeof (part as Iterable<unknown>)[Symbol.iterator] !== "function") {
          throw new StreamError(this, part, new TypeError("the element is not iterable"));
        }
        for (const item of part as Iterable<unknown>) items.push(item);
      }
      return new Many(items);
    });
    return this._emit(new Future(out, input.key));
  }
}

defineClusterOp("flatten", function flatten(this: ClusterNode<any>, options?: StreamOptions) {
  return new ClusterFlattenNode(this, options);
});
