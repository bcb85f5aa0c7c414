import { Stream } from "./stream";

/**
 * Adds an operator as a method of every `Stream`: the typed counterpart of streamz's `register_api`.
 * Declare the method's type by augmenting the `Stream` interface, then register the implementation.
 *
 * @example
 * ```ts
 * declare module "@streamz-ts/core" {
 *   interface Stream<T> { double(this: Stream<number>): Stream<number> }
 * }
 * registerApi("double", function (this: Stream<number>) { return this.map((x) => 2 * x); });
 * ```
 */
export function registerApi(name: string, impl: (this: Stream<any>, ...args: any[]) => unknown): void {
  if (typeof impl !== "function") throw new TypeError(`registerApi("${name}"): the implementation must be a function`);
  if (builtins.has(name) || (name in Stream.prototype && !registered.has(name))) {
    throw new Error(`registerApi("${name}"): Stream already has a built-in member of that name`);
  }
  registered.add(name); // re-registering one's own method is allowed: notebook cells get re-run
  define(name, impl);
}

/** Names added by {@link registerApi}, which may be registered again. */
const registered = new Set<string>();
/** Operators of this package, which {@link registerApi} may not replace. */
const builtins = new Set<string>();

/** Adds one of this package's own operators (internal: not exported from the package index). */
export function registerBuiltin(name: string, impl: (this: Stream<any>, ...args: any[]) => unknown): void {
  builtins.add(name);
  define(name, impl);
}

function define(name: string, impl: (this: Stream<any>, ...args: any[]) => unknown): void {
  Object.defineProperty(Stream.prototype, name, { value: impl, writable: true, configurable: true });
}
