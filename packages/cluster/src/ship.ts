import { closedOverMessage, kernelNames, type FreeName } from "./ship-advice";

/** acorn-globals has no type declarations of its own; this is the one call we make. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS module
const findGlobals = require("acorn-globals") as (source: string, options?: object) => FreeName[];

/**
 * A user function prepared to travel to a worker: its source text, which the worker compiles once and
 * caches, and the values it receives as its last argument. Built by {@link shipFunction}.
 */
export interface ShippedFn {
  /** An expression that evaluates to the function (e.g. `(x, args) => x * args.k`). */
  readonly source: string;
  /** Passed to the function as its last argument on every call; must survive structured cloning. */
  readonly args: unknown;
  /** For error messages: the operator and the function's name. */
  readonly label: string;
}

/** Thrown when a function cannot run on a pool as written. */
export class ShipError extends TypeError {
  override readonly name = "ShipError";
}

/**
 * Checks that `fn` can run from its source text alone and returns what a worker needs to run it.
 *
 * Why a parse and not a trial run in the worker: a free variable is found at once, on the kernel,
 * when the graph is built, whatever path the function takes at run time and before any element is
 * spent; a trial run would only find the names on the path that one element happened to take. The
 * parse (acorn, through acorn-globals' scope analysis) lists the identifiers no enclosing scope of
 * the function declares; each must be a global every worker has, else the function closed over a
 * kernel variable and fails here with its name.
 *
 * @param op - the operator shipping it, e.g. `map`, for the message.
 * @param fn - the user function.
 * @param args - what to pass as the function's last argument instead of closing over it.
 */
export function shipFunction(op: string, fn: unknown, args?: unknown): ShippedFn {
  if (typeof fn !== "function") throw new TypeError(`${op}: expected a function, got ${typeof fn}`);
  const label = fn.name ? `${op}(${fn.name})` : op;
  const source = expressionOf(label, Function.prototype.toString.call(fn));
  let free: FreeName[];
  try {
    free = findGlobals(source);
  } catch (e) {
    throw new ShipError(`${label}: cannot read the function's source to ship it to a worker (${(e as Error).message})`);
  }
  const closedOver = kernelNames(free);
  if (closedOver.length > 0) throw new ShipError(closedOverMessage(label, op, closedOver));
  try {
    structuredClone(args);
  } catch (e) {
    throw new ShipError(`${label}: its args cannot be sent to a worker (${(e as Error).message})`);
  }
  return { source, args, label };
}

/** Turns `fn.toString()` into an expression a worker can evaluate; rejects what has no real source. */
function expressionOf(label: string, text: string): string {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new ShipError(`${label}: a built-in or bound function has no source text to ship; wrap it, e.g. (x) => Math.sqrt(x)`);
  }
  // A method written in shorthand (`{ f(x) { ... } }.f`) prints as `f(x) { ... }`, which is not an
  // expression; inside an object literal it is, and the worker takes the property's value back out.
  // `new Function` only compiles here (nothing runs), which is how we tell the two apart.
  try {
    new Function(`return (${text});`);
  } catch {
    return `Object.values({ ${text} })[0]`;
  }
  return `(${text})`;
}
