import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { RedisServer } from "../src/redis-server";
import { startWorkerProcess, stopProcess } from "../src/worker-process";
import { collect, fileAppears } from "./helpers";

describe("Redis backend under faults (real processes)", () => {
  it("a worker SIGKILLed mid-task: its task is retried by another worker; nothing lost or duplicated, in order", async () => {
    const redis = await RedisServer.start();
    const dir = mkdtempSync(join(tmpdir(), "streamz-kill-"));
    const workers: ChildProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess(redis.url, ["--queue", "kill", "--lock-ms", "1500"]));
      const source = new Stream<number>();
      const out = collect(
        source
          .scatter({ redis: redis.url, queue: "kill", maxBatch: 1 })
          .map(
            (x: number, a: { dir: string; victim: number }) => {
              const fs = require("node:fs");
              fs.appendFileSync(`${a.dir}/runs`, `${x} ${process.pid}\n`);
              if (x === a.victim && !fs.existsSync(`${a.dir}/victim`)) {
                fs.writeFileSync(`${a.dir}/victim`, String(process.pid));
                const end = Date.now() + 60_000; // hold the job until the test kills this process
                while (Date.now() < end);
              }
              return x * x;
            },
            { args: { dir, victim: 7 } },
          )
          .buffer(6)
          .gather(),
      );
      const victimStarted = fileAppears(dir, "victim");
      const xs = Array.from({ length: 30 }, (_, i) => i);
      const emitting = (async () => {
        for (const x of xs) await source.emit(x);
      })();
      await victimStarted;
      const pid = Number(readFileSync(join(dir, "victim"), "utf8"));
      const victim = workers.find((w) => w.pid === pid)!;
      assert.ok(victim, "the victim is one of our workers");
      await stopProcess(victim, "SIGKILL");
      await emitting;
      await out.reached(xs.length);
      assert.deepEqual(
        out.list,
        xs.map((x) => x * x),
      );
      const runs = readFileSync(join(dir, "runs"), "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(" "));
      const victimRuns = runs.filter(([x]) => x === "7");
      assert.equal(victimRuns.length, 2, "element 7 ran twice: on the killed worker, then on the other");
      assert.notEqual(victimRuns[1]![1], String(pid));
      source.destroy();
    } finally {
      for (const w of workers) await stopProcess(w, "SIGKILL");
      await redis.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Redis restarted mid-run: the stream resumes and every element arrives once, in order", async () => {
    const redis = await RedisServer.start();
    const worker = await startWorkerProcess(redis.url, ["--queue", "restart"]);
    try {
      const source = new Stream<number>();
      const out = collect(
        source
          .scatter({ redis: redis.url, queue: "restart" })
          .map((x: number) => x + 1000)
          .buffer(4)
          .gather(),
      );
      const xs = Array.from({ length: 40 }, (_, i) => i);
      for (const x of xs.slice(0, 20)) await source.emit(x);
      await out.reached(10);
      await redis.stop();
      const emitting = (async () => {
        for (const x of xs.slice(20)) await source.emit(x);
      })();
      await redis.restart();
      await emitting;
      await out.reached(xs.length);
      assert.deepEqual(
        out.list,
        xs.map((x) => x + 1000),
      );
      source.destroy();
    } finally {
      await stopProcess(worker, "SIGKILL");
      await redis.destroy();
    }
  });
});
