import { below, StreamError, type Pending } from "@streamz-ts/core";
import { ClusterNode, type ClusterAccumulateOptions } from "./cluster-stream";
import { Future } from "./future";
import { KeyedDispatcher } from "./keyed-dispatch";
import { shipFunction } from "./ship";

/**
 * Node behind `accumulate` below `scatter({ key })`: one state per key, folded on the pool (see
 * {@link KeyedDispatcher} for how keys are partitioned and where their states live). Each element's
 * output future keeps its key, so a second keyed `accumulate` can follow. A step that throws fails its
 * own element only; its key goes on from its last good state, as the local `accumulate` does.
 */
export class ClusterKeyedAccumulateNode extends ClusterNode<unknown> {
  private readonly dispatcher: KeyedDispatcher;
  private readonly fnName: string;

  constructor(upstream: ClusterNode<any>, fn: unknown, options: ClusterAccumulateOptions<unknown, unknown> = {}) {
    super({ ...below(upstream, options), pool: upstream.pool, singular: upstream.singular, keyed: true });
    if ((options as { resetStream?: unknown }).resetStream !== undefined) {
      throw new TypeError("accumulate: resetStream is not supported on a cluster stream; gather() first");
    }
    // `start` travels with every batch, like args: checking them together names both in the error.
    const shipped = shipFunction("accumulate", fn, { start: options.start, args: options.args });
    const settings = { ...("start" in options ? { start: { value: options.start } } : {}), returnsState: options.returnsState === true };
    this.fnName = typeof fn === "function" ? fn.name : "";
    this.dispatcher = new KeyedDispatcher(
      this.pool.keyed,
      { ...shipped, args: options.args },
      settings,
      (item, cause) => new StreamError(this, item, cause),
      () => this.describe(),
    );
    this.attach(upstream);
  }
  override get kind(): string {
    return "accumulate";
  }
  protected override detail(): string {
    return this.fnName ? `${this.fnName}, by key` : "by key";
  }
  override update(x: unknown): Pending {
    const input = Future.from(x);
    if (input.key === undefined) {
      return this.fail(new TypeError("the element has no key (it did not come from scatter({ key }) through map, filter or flatten)"), x);
    }
    return this._emit(new Future(this.dispatcher.submit(input.key, input.promise), input.key));
  }
  protected override teardown(): void {
    this.dispatcher.close();
  }
}
