import type { StreamOptions } from "../stream";
import { Source } from "./source";

/**
 * Emits the items of an iterable (or async iterable) once started, awaiting back pressure between
 * items. streamz: `Stream.from_iterable`.
 * @example
 * ```ts
 * const s = fromIterable([1, 2, 3]);
 * const out = s.map((x) => x * 10).sinkToList();
 * s.start(); await s.finished; // out: [10, 20, 30]
 * ```
 */
export function fromIterable<T>(items: Iterable<T> | AsyncIterable<T>, options?: StreamOptions): IterableSource<T> {
  return new IterableSource(items, options);
}

/** Node behind {@link fromIterable}. */
export class IterableSource<T> extends Source<T> {
  constructor(
    private readonly items: Iterable<T> | AsyncIterable<T>,
    options?: StreamOptions,
  ) {
    super(options);
    if (
      items == null ||
      (typeof (items as Iterable<T>)[Symbol.iterator] !== "function" &&
        typeof (items as AsyncIterable<T>)[Symbol.asyncIterator] !== "function")
    ) {
      throw new TypeError("fromIterable: expected an iterable or async iterable");
    }
  }
  override get kind(): string {
    return "fromIterable";
  }
  protected async run(): Promise<void> {
    if (Symbol.asyncIterator in this.items) {
      for await (const x of this.items) {
        if (!this.running) return;
        const r = this.emitDetached(x);
        if (r !== undefined) await r;
      }
      return;
    }
    for (const x of this.items) {
      if (!this.running) return;
      const r = this.emitDetached(x);
      if (r !== undefined) await r;
    }
  }
}
