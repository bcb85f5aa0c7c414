/**
 * The Lab server as a newcomer meets it: new notebooks get the streamz-ts kernel (the server's own
 * default, python3, does not exist here), and JupyterLab 4's event-bus subscription is accepted instead
 * of failing with a 404 every few seconds (jupyter_server 1.x has no event bus).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import support from "./support/lab-server.cjs";

const { prepareLab, startLab } = support;

describe("the Lab server", () => {
  let lab;
  before(async () => {
    prepareLab();
    lab = await startLab({ notebooks: [] });
  });
  after(async () => lab?.stop());

  it("makes streamz-ts the default kernel", async () => {
    const res = await fetch(`${lab.url}/api/kernelspecs`, { headers: { Authorization: `token ${lab.token}` } });
    const specs = await res.json();
    assert.equal(specs.default, "streamz-ts");
    assert.ok(specs.kernelspecs["streamz-ts"], "the kernelspec is installed");
  });

  it("accepts the event-bus subscription for a user with the token, and refuses it without", async () => {
    const open = (query) =>
      new Promise((resolve) => {
        const ws = new WebSocket(`${lab.url.replace("http", "ws")}/api/events/subscribe${query}`);
        ws.on("open", () => {
          ws.close();
          resolve("open");
        });
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode));
        ws.on("error", () => resolve("error"));
      });
    assert.equal(await open(`?token=${lab.token}`), "open");
    assert.equal(await open(""), 403);
    assert.ok(!/404 GET \/api\/events\/subscribe/.test(lab.log()), "no 404 for the event bus in the server log");
  });
});
