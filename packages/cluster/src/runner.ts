import { createRequire } from "node:module";
import { join } from "node:path";
import { runKeyedBatch } from "./keyed-runner";
import { errorInfo, type Batch, type BatchResult } from "./task";

/**
 * Runs batches on a worker (a thread of the pool or a `streamz-ts-worker` process). Functions arrive
 * as source text and are compiled once per worker; they get `require` (resolving from the worker's
 * working directory, like the kernel's cells) and nothing else from this module.
 */

type AnyFn = (...a: unknown[]) => unknown;

const MAX_CACHED = 256;
const compiled = new Map<string, AnyFn | Error>();
const userRequire = createRequire(join(process.cwd(), "[streamz-ts worker]"));

function compile(source: string): AnyFn | Error {
  let fn = compiled.get(source);
  if (fn !== undefined) return fn;
  try {
    const made = new Function("require", `return ${source};`)(userRequire) as unknown;
    fn = typeof made === "function" ? (made as AnyFn) : new TypeError(`the shipped source is not a function: ${source.slice(0, 60)}`);
  } catch (e) {
    fn = e instanceof Error ? e : new Error(String(e));
  }
  if (compiled.size >= MAX_CACHED) compiled.clear(); // a notebook that keeps redefining functions must not grow this forever
  compiled.set(source, fn);
  return fn;
}

function call(fn: AnyFn, op: Batch["op"], item: unknown, args: unknown): unknown {
  switch (op) {
    case "map":
      return fn(item, args);
    case "filter":
      return fn(item, args);
    case "starmap":
      if (!Array.isArray(item)) throw new TypeError(`starmap: the element is not an array of arguments`);
      return fn(...item, args);
    case "accumulate": {
      const [state, x] = item as [unknown, unknown];
      return fn(state, x, args);
    }
    case "keyed-accumulate":
      throw new TypeError("keyed-accumulate runs whole batches (runKeyedBatch)");
  }
}

/**
 * Applies the batch's function to each item; a throw fails that item only. Awaits async functions.
 * `starting(i)` is told before item `i` runs (the thread reports it, so its deadline can be watched).
 */
export async function runBatch(batch: Batch, starting?: (i: number) => void): Promise<BatchResult> {
  const fn = compile(batch.source);
  if (batch.op === "keyed-accumulate") return runKeyedBatch(batch, fn, starting);
  const values: unknown[] = new Array(batch.items.length);
  const errors: BatchResult["errors"] = [];
  for (let i = 0; i < batch.items.length; i++) {
    starting?.(i);
    try {
      if (fn instanceof Error) throw fn;
      let v = call(fn, batch.op, batch.items[i], batch.args);
      if (v instanceof Promise) v = await v;
      values[i] = batch.op === "filter" ? Boolean(v) : v;
    } catch (e) {
      errors.push([i, errorInfo(e)]);
    }
  }
  return { values, errors };
}
