/**
 * Zero or more values standing where one element was: what `filter` (none or the element) and
 * `flatten` (the items) leave inside a future. `gather()` emits the items one by one, in order.
 */
export class Many<T = unknown> {
  constructor(readonly items: readonly T[]) {}
}

const ignore = (): void => undefined;

/**
 * What flows between the operators of a cluster stream: the eventual result of one element, computed
 * on the pool. Operators chain new work onto it without waiting; `gather()` waits, in emission order.
 */
export class Future<T = unknown> {
  /** Settles with the element's value (or a {@link Many}); rejects with the `StreamError` of the operator that failed. */
  readonly promise: Promise<T | Many<T>>;

  /**
   * @param key - the element's key after `scatter({ key })`, carried by every future derived from it
   *   (what a keyed `accumulate` partitions by).
   */
  constructor(
    promise: Promise<T | Many<T>>,
    readonly key?: string | number,
  ) {
    this.promise = promise;
    // A failure is reported where the future is gathered; a branch that never gathers has nobody to tell,
    // and must not crash the kernel with an unhandled rejection.
    promise.catch(ignore);
  }

  /** A future already holding `x` (what `scatter` makes of each element). */
  static of<T>(x: T, key?: string | number): Future<T> {
    return new Future<T>(Promise.resolve(x), key);
  }

  /** `x` itself when it is a future, else a future holding it (elements that joined from a local stream). */
  static from<T>(x: unknown): Future<T> {
    return x instanceof Future ? (x as Future<T>) : Future.of(x as T);
  }

  /** One future of the array of values of `xs` (each a future or a plain value). */
  static all(xs: readonly unknown[]): Future<unknown[]> {
    return new Future(Promise.all(xs.map((x) => (x instanceof Future ? x.promise : x))));
  }
}

/** The items a resolved value stands for: those of a {@link Many}, else the value alone. */
export function itemsOf<T>(v: T | Many<T>): readonly T[] {
  return v instanceof Many ? v.items : [v];
}
