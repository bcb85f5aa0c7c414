import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpuTimes, IdleMeter, idleShare } from "../src/machine-idle";
import { countWorkers, workerName } from "../src/redis-jobs";

describe("how busy the machine is, and which workers share it", () => {
  it("idle share between two readings of all cores' CPU time", () => {
    assert.equal(idleShare({ idle: 1000, total: 4000 }, { idle: 1050, total: 5000 }), 0.05);
    assert.ok(Number.isNaN(idleShare({ idle: 5, total: 10 }, { idle: 5, total: 10 })), "no time passed: unknown");
    const now = cpuTimes();
    assert.ok(now.total >= now.idle && now.idle >= 0, "this machine's cores report their times");
  });

  it("reads at most once per period", () => {
    const meter = new IdleMeter(60_000);
    assert.equal(meter.read(), undefined);
  });

  it("counts the workers' threads of a queue from CLIENT LIST, and those on this machine", () => {
    const line = (name: string, id: number) =>
      `id=${id} addr=127.0.0.1:${4000 + id} laddr=127.0.0.1:6379 fd=8 name=${name} age=1 idle=0 flags=N db=0`;
    const list = [
      line(workerName("q", 2, "box-a"), 1),
      line(workerName("q", 1, "box-b"), 2),
      line("streamz-ts-worker:q:3threads", 3), // a worker from before names held the host
      line(workerName("other", 4, "box-a"), 4),
      line("", 5),
    ].join("\n");
    assert.deepEqual(countWorkers(list, "q", "box-a"), { threads: 6, local: 2 });
    assert.deepEqual(countWorkers(list, "q", "box-b"), { threads: 6, local: 1 });
    assert.deepEqual(countWorkers(list, "q", "box"), { threads: 6, local: 0 }, "a host name is matched whole");
    assert.deepEqual(countWorkers(list, "none", "box-a"), { threads: 0, local: 0 });
  });
});
