/**
 * The input history of this kernel session, for `history_request` (tail, range, search), so that
 * clients and the conformance suite get real answers. Outputs are kept as their `text/plain` form.
 */

import { compileGlob } from "./glob";

/** One entry: [session, line, input] or, with outputs, [session, line, [input, output]]. */
type Entry = [number, number, string] | [number, number, [string, string | null]];

/** Session number of the running kernel, as history replies name it (we keep no older sessions). */
const SESSION = 1;

/** Executed cells, numbered from 1 like execution counts. */
export class History {
  private readonly inputs: { line: number; input: string; output: string | null }[] = [];

  /** Records a cell that ran with `store_history`. */
  add(line: number, input: string, output: string | null): void {
    this.inputs.push({ line, input, output });
  }

  /** The `history_reply` content for a request's content; unknown access types get an error reply. */
  reply(req: Record<string, unknown>): Record<string, unknown> {
    const withOutput = req.output === true;
    const entry = (e: { line: number; input: string; output: string | null }): Entry =>
      withOutput ? [SESSION, e.line, [e.input, e.output]] : [SESSION, e.line, e.input];
    const n = typeof req.n === "number" && req.n >= 0 ? Math.floor(req.n) : 10;
    switch (req.hist_access_type) {
      case "tail":
        return { status: "ok", history: this.inputs.slice(Math.max(0, this.inputs.length - n)).map(entry) };
      case "range": {
        const session = typeof req.session === "number" ? req.session : 0;
        if (session !== 0 && session !== SESSION) return { status: "ok", history: [] };
        const start = typeof req.start === "number" ? req.start : 1;
        const stop = typeof req.stop === "number" ? req.stop : Infinity;
        return { status: "ok", history: this.inputs.filter((e) => e.line >= start && e.line < stop).map(entry) };
      }
      case "search": {
        const matches = compileGlob(typeof req.pattern === "string" ? req.pattern : "*");
        let found = this.inputs.filter((e) => matches(e.input));
        if (req.unique === true) {
          const seen = new Set<string>();
          found = found
            .reverse()
            .filter((e) => !seen.has(e.input) && seen.add(e.input))
            .reverse();
        }
        return { status: "ok", history: found.slice(Math.max(0, found.length - n)).map(entry) };
      }
      default:
        return { status: "error", ename: "BadRequest", evalue: `hist_access_type must be tail, range or search`, traceback: [] };
    }
  }
}
