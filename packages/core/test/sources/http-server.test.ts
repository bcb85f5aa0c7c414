import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { fromHttpServer } from "../../src/index";
import { collect, gate, portIsFree, until } from "./helpers";

interface Answer {
  status: number;
  body: string;
}

function post(port: number, path: string, body: string | Buffer, method = "POST"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("fromHttpServer: emits POST bodies; answers 200 only once downstream is done", { timeout: 20_000 }, async (t) => {
  const src = fromHttpServer(0, { path: "/in" });
  t.after(() => src.destroy());
  const g = gate();
  let answeredBeforeDone: boolean | undefined;
  let firstAnswered = false;
  const out = collect(src, async (_x, i) => {
    if (i !== 0) return;
    await g.wait;
    // a round trip to the same server on another connection: an early 200 would have arrived by now
    assert.equal((await post(port, "/elsewhere", "")).status, 404);
    answeredBeforeDone = firstAnswered;
  });
  src.start();
  const port = await src.listening;
  assert.equal(src.port, port);
  const first = post(port, "/in?x=1", "first body").then((a) => ((firstAnswered = true), a));
  await out.until(1);
  g.open();
  assert.deepEqual(await first, { status: 200, body: "OK" });
  assert.equal(answeredBeforeDone, false);
  const many = await Promise.all(Array.from({ length: 20 }, (_, i) => post(port, "/in", `body ${i} ✓`)));
  assert.ok(many.every((a) => a.status === 200));
  assert.deepEqual(out.items.slice(1).sort(), Array.from({ length: 20 }, (_, i) => `body ${i} ✓`).sort());
  src.stop();
  await src.finished;
  assert.equal(await portIsFree(port), true);
});

test(
  "fromHttpServer: wrong path, wrong method, oversized and non-UTF-8 bodies get clear answers and are counted",
  { timeout: 20_000 },
  async (t) => {
    const src = fromHttpServer(0, { path: "/in", maxBytes: 10 });
    t.after(() => src.destroy());
    const out = collect(src);
    src.start();
    const port = await src.listening;
    assert.equal((await post(port, "/other", "x")).status, 404);
    assert.equal((await post(port, "/in", "", "GET")).status, 405);
    assert.equal((await post(port, "/in", "x".repeat(11))).status, 413);
    assert.equal((await post(port, "/in", Buffer.from([0xc3, 0x28]))).status, 400);
    assert.equal((await post(port, "/in", "ok")).status, 200);
    assert.deepEqual(out.items, ["ok"]);
    assert.equal(src.drops.oversized, 1);
    assert.equal(src.drops.malformed, 1);
  },
);

test("fromHttpServer: a client that disconnects mid-body is counted; the server goes on", { timeout: 20_000 }, async (t) => {
  const src = fromHttpServer(0);
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const req = request({ host: "127.0.0.1", port, path: "/", method: "POST", headers: { "content-length": "100" }, agent: false });
  req.on("error", () => undefined);
  req.write("only part of it");
  await new Promise<void>((r) => req.once("socket", (s) => s.once("connect", () => r())));
  await until(() => req.socket?.bytesWritten !== undefined && req.socket.bytesWritten > 0);
  req.destroy();
  await until(() => src.drops.truncated === 1);
  assert.equal((await post(port, "/", "whole")).status, 200);
  assert.deepEqual(out.items, ["whole"]);
});

test("fromHttpServer: stop() with a body in flight frees the port at once, then still answers it", { timeout: 20_000 }, async (t) => {
  const src = fromHttpServer(0);
  t.after(() => src.destroy());
  const g = gate();
  const out = collect(src, () => g.wait);
  src.start();
  const port = await src.listening;
  const answer = post(port, "/", "in flight");
  await out.until(1);
  src.stop();
  await until(() => portIsFree(port));
  g.open();
  assert.deepEqual(await answer, { status: 200, body: "OK" });
  await src.finished;
});
