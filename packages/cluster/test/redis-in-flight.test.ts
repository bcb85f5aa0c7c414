import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InFlightTuner } from "../src/redis-in-flight";

describe("jobs in flight on Redis follow the work's weight (InFlightTuner)", () => {
  it("starts at two jobs per worker thread, at least 2", () => {
    const t = new InFlightTuner();
    assert.equal(t.slots(1, 64, 64), 2);
    assert.equal(t.slots(3, 64, 64), 6);
    assert.equal(t.slots(0, 64, 64), 2);
  });

  it("light work (the round trip dominates): one job per thread, unless the elements about fill more full jobs", () => {
    const t = new InFlightTuner();
    let changes = 0;
    for (let i = 0; i < 20; i++) if (t.observe(0.05, 3)) changes++;
    assert.equal(changes, 1, "it switched once");
    assert.equal(t.slots(1, 66, 64), 1, "buffer(64), one worker thread: one job of 64");
    assert.equal(t.slots(2, 66, 64), 2, "one per thread");
    assert.equal(t.slots(1, 258, 64), 2, "buffer(256): full jobs of 64, up to two per thread");
    assert.equal(t.slots(2, 1000, 64), 4);
  });

  it("heavy work (it dominates the round trip, a job also waiting for the one before it): back to two per thread", () => {
    const t = new InFlightTuner();
    for (let i = 0; i < 20; i++) t.observe(0.05, 3);
    assert.equal(t.slots(2, 64, 64), 2);
    for (let i = 0; i < 20; i++) t.observe(16, 34); // 2 jobs per thread... measured while at one: 16 of 34 ms
    assert.equal(t.slots(2, 64, 64), 4);
    for (let i = 0; i < 20; i++) t.observe(16, 34); // at two per thread: 2 x 16 of 34 ms, still heavy
    assert.equal(t.slots(2, 64, 64), 4, "no flapping");
  });

  it("heavy work on a busy machine that runs some workers: one job per thread, twice the size", () => {
    const t = new InFlightTuner();
    for (let i = 0; i < 20; i++) t.observe(16.4, 34); // two per thread: 2 x 16.4 ms of work in a 34 ms round trip
    assert.equal(t.slots(2, 66, 64), 4, "spare CPU: two per thread, each thread always has its next job");
    assert.equal(t.machine(0.05, true), true, "under 10% idle: busy");
    assert.equal(t.slots(2, 66, 64), 2, "buffer(64), two threads: two jobs of 32");
    assert.equal(t.slots(2, 258, 64), 4, "buffer(256): full jobs of 64, up to two per thread");
    for (let i = 0; i < 20; i++) t.observe(32.8, 36); // one per thread: 32.8 ms of work in 36 ms
    assert.equal(t.machine(0.2, true), false, "a little more idle (the threads wait a round trip per job): still busy");
    assert.equal(t.slots(2, 66, 64), 2, "no flapping");
    assert.equal(t.machine(0.4, true), true, "idle again");
    assert.equal(t.slots(2, 66, 64), 4);
  });

  it("keeps two per thread when the workers run elsewhere, the work is not heavy, or the machine's load is unknown", () => {
    const t = new InFlightTuner();
    for (let i = 0; i < 20; i++) t.observe(16.4, 34);
    assert.equal(t.machine(0.05, false), false, "busy, but no worker on this machine");
    assert.equal(t.slots(2, 66, 64), 4);
    assert.equal(t.machine(NaN, true), false, "no reading");
    assert.equal(t.slots(2, 66, 64), 4);
    const medium = new InFlightTuner();
    for (let i = 0; i < 20; i++) medium.observe(10, 34); // 2 x 10 of 34 ms: one per thread would idle 40% of the time
    medium.machine(0.05, true);
    assert.equal(medium.slots(2, 66, 64), 4);
  });

  it("ignores jobs that report no time (keyed batches, a timed-out run)", () => {
    const t = new InFlightTuner();
    for (let i = 0; i < 20; i++) assert.equal(t.observe(NaN, 3), false);
    assert.equal(t.slots(1, 64, 64), 2);
  });
});
