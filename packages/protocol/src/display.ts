/**
 * The display contract between cell values and the kernel. A value that has a method under
 * {@link DISPLAY} is shown by calling it: the method returns a MIME bundle (`{"text/plain": ...,
 * "image/svg+xml": ...}`) that the kernel sends as the cell's result. `Symbol.for` makes the key the same
 * in every copy of this package, so cell code, the core and the kernel agree without importing each other.
 */
export const DISPLAY: unique symbol = Symbol.for("streamz-ts.display");

/** A Jupyter MIME bundle: MIME type to data (strings or JSON-able values). */
export type MimeBundle = Record<string, unknown>;

/** A value that knows how to show itself in a notebook. */
export interface Displayable {
  [DISPLAY](): MimeBundle;
}

/** Whether `x` implements the {@link DISPLAY} contract. */
export function isDisplayable(x: unknown): x is Displayable {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as Record<symbol, unknown>)[DISPLAY] === "function";
}
