import { below, StreamError, type Pending } from "@streamz-ts/core";
import { ClusterNode, defineClusterOp, type ClusterAccumulateOptions } from "./cluster-stream";
import { ClusterKeyedAccumulateNode } from "./cluster-keyed-accumulate";
import { Future, itemsOf, Many } from "./future";
import { shipFunction, type ShippedFn } from "./ship";

const UNSET: unique symbol = Symbol("unset");

/**
 * Node behind `accumulate` on a cluster stream. Each step runs on the pool as `fn(state, x, args)` once
 * the previous state and the element are ready: the state is a chain of futures, so the steps run one
 * after another while everything above keeps flowing. A step that throws fails its own element only;
 * the next one continues from the last good state, as the local `accumulate` does.
 */
export class ClusterAccumulateNode extends ClusterNode<unknown> {
  private readonly fn: ShippedFn;
  private readonly returnsState: boolean;
  private state: Promise<unknown>;

  constructor(upstream: ClusterNode<any>, fn: unknown, options: ClusterAccumulateOptions<unknown, unknown> = {}) {
    super({ ...below(upstream, options), pool: upstream.pool, singular: upstream.singular });
    if ((options as { resetStream?: unknown }).resetStream !== undefined) {
      throw new TypeError("accumulate: resetStream is not supported on a cluster stream; gather() first");
    }
    this.fn = shipFunction("accumulate", fn, options.args);
    this.returnsState = options.returnsState === true;
    this.state = Promise.resolve("start" in options ? options.start : UNSET);
    this.attach(upstream);
  }
  override get kind(): string {
    return "accumulate";
  }
  override update(x: unknown): Pending {
    const input = Future.from(x);
    const before = this.state;
    const step = Promise.all([before, input.promise]).then(([s, v]) => this.fold(s, v));
    // The next element starts from this step's state, or from the one before it when this step failed.
    this.state = step.then(
      (r) => r.state,
      () => before,
    );
    const out = step.then((r) => r.out);
    return this._emit(new Future(out));
  }
  private async fold(state: unknown, v: unknown): Promise<{ state: unknown; out: unknown }> {
    const outs: unknown[] = [];
    for (const item of itemsOf(v)) {
      if (state === UNSET) {
        state = item;
        outs.push(item);
        continue;
      }
      let r: unknown;
      try {
        r = await this.pool.submit("accumulate", this.fn, [state, item]);
      } catch (e) {
        throw new StreamError(this, item, e);
      }
      if (this.returnsState) {
        if (!Array.isArray(r) || r.length !== 2) {
          throw new StreamError(this, item, new TypeError("with returnsState the function must return [state, output]"));
        }
        state = r[0];
        outs.push(r[1]);
      } else {
        state = r;
        outs.push(r);
      }
    }
    return { state, out: v instanceof Many ? new Many(outs) : outs[0] };
  }
}

defineClusterOp(
  "accumulate",
  function accumulate(this: ClusterNode<any>, fn: unknown, options?: ClusterAccumulateOptions<unknown, unknown>) {
    return this.keyed ? new ClusterKeyedAccumulateNode(this, fn, options) : new ClusterAccumulateNode(this, fn, options);
  },
);
