import { mkdtempSync, readFileSync, rmSync, statSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stream } from "@streamz-ts/core";

/** Collects a stream; `reached(n)` settles once `n` elements arrived (an event, not a timer). */
export function collect<T>(stream: Stream<T>): { list: T[]; reached: (n: number) => Promise<void> } {
  const list: T[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  stream.sink((x) => {
    list.push(x);
    waiters = waiters.filter((w) => (list.length >= w.n ? (w.resolve(), false) : true));
  });
  const reached = (n: number): Promise<void> =>
    list.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
  return { list, reached };
}

/** A fresh temporary directory and a way to remove it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `streamz-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The lines of `file` (a log the shipped functions append to), or none when it does not exist. */
export function linesOf(file: string): string[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "");
  } catch {
    return [];
  }
}

/**
 * Resolves when `file` appears in `dir` with some content (file-system events, not a poll): its creation
 * and its first write are two events, and a reader woken by the first would find it empty.
 */
export function fileAppears(dir: string, file: string): Promise<void> {
  return new Promise((resolve) => {
    const w = watch(dir, (_event, name) => {
      if (name === file && sizeOf(join(dir, file)) > 0) {
        w.close();
        resolve();
      }
    });
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
