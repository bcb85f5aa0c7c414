import { runInNewContext } from "node:vm";

/**
 * Names a shipped function may use without passing them in: what every worker has. That is the
 * language's built-ins (read from a fresh V8 context, so nothing the kernel's cells defined leaks in),
 * Node's own globals, and `require`, which the worker hands to every shipped function.
 */
const NODE_GLOBALS = [
  "process",
  "Buffer",
  "console",
  "global",
  "globalThis",
  "require",
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "setImmediate",
  "clearImmediate",
  "queueMicrotask",
  "structuredClone",
  "atob",
  "btoa",
  "performance",
  "crypto",
  "fetch",
  "URL",
  "URLSearchParams",
  "TextEncoder",
  "TextDecoder",
  "AbortController",
  "AbortSignal",
  "Event",
  "EventTarget",
  "MessageChannel",
  "MessagePort",
  "MessageEvent",
  "BroadcastChannel",
  "Blob",
  "File",
  "FormData",
  "Headers",
  "Request",
  "Response",
  "WebAssembly",
  "DOMException",
  "CompressionStream",
  "DecompressionStream",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "undefined",
  "NaN",
  "Infinity",
  "arguments",
];

let known: ReadonlySet<string> | undefined;

/** Whether `name` resolves to something in a worker without being passed in. */
export function isWorkerGlobal(name: string): boolean {
  known ??= new Set<string>([...(runInNewContext("Object.getOwnPropertyNames(globalThis)") as string[]), ...NODE_GLOBALS]);
  return known.has(name);
}
