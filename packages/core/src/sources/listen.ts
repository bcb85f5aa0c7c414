import type { Server } from "node:net";

/** A promise whose settling is driven from outside; its rejection is marked handled, callers still see it. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  /** Whether it was resolved or rejected already. */
  settled = false;
  resolve!: (x: T) => void;
  reject!: (e: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = (x) => ((this.settled = true), res(x));
      this.reject = (e) => ((this.settled = true), rej(e));
    });
    // a source whose port is taken must not crash the kernel when nobody awaits `listening`
    this.promise.catch(() => undefined);
  }
}

/** Listens on `host:port` (0 picks a free port) and resolves with the bound port; rejects with a clear error. */
export function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(new Error(`${what}: cannot listen on ${host}:${port}: ${e.message}`, { cause: e }));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const addr = server.address();
      resolve(typeof addr === "object" && addr !== null ? addr.port : port);
    });
  });
}

/** Closes a listening server and resolves once it no longer holds the port. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** Checks a port option: an integer 0..65535 (0 = any free port). */
export function requirePort(what: string, port: unknown): number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${what}: port must be an integer 0..65535 (0 picks a free one), got ${String(port)}`);
  }
  return port;
}
