import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A `redis-server` child process for tests, benchmarks and demos: 127.0.0.1 on a free port, an
 * append-only file in its own data directory, stopped by pid. SIGTERM makes Redis write the file out
 * before it exits, so a stop and restart keeps every job; `everysec` (not `always`) keeps each write
 * from waiting for the disk.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** Starts one and resolves once it accepts connections (its own "Ready" line, not a timer). */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), "streamz-redis-")));
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server again on the same port and data (after {@link stop}). */
  restart(): Promise<void> {
    if (this.child) return Promise.reject(new Error("redis-server is already running"));
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--daemonize",
        "no",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--protected-mode",
        "yes",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      let seen = "";
      const onData = (chunk: Buffer): void => {
        seen = (seen + chunk.toString()).slice(-4096);
        if (/Ready to accept connections/.test(seen)) {
          child.stdout.off("data", onData);
          child.stdout.resume(); // keep draining its log so it never blocks on a full pipe
          resolve();
        }
      };
      child.stdout.on("data", onData);
      child.once("error", (e) => reject(new Error(`cannot start redis-server (apt-get install redis-server): ${e.message}`)));
      child.once("exit", (code) => {
        if (this.child === child) this.child = undefined;
        reject(new Error(`redis-server exited with code ${code} before it was ready:\n${seen}`));
      });
    });
  }

  /** Stops it by pid (SIGTERM: it writes its append-only file and exits) and resolves when it has exited. */
  stop(): Promise<void> {
    const child = this.child;
    if (child?.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => {
        this.child = undefined;
        resolve();
      });
      process.kill(child.pid!, "SIGTERM");
    });
  }

  /** Stops it and deletes its data directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
