/**
 * The Vega-Lite schema that `.plot.*` specs declare (`VEGA_LITE_SCHEMA` in the protocol) is the major
 * version the extension bundles: a spec that declares another major makes Vega-Lite log a warning.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { repoDir } from "./support/lab-server.cjs";

const require = createRequire(join(repoDir, "labextension", "package.json"));

test("plots declare the Vega-Lite major version the extension bundles", () => {
  const { VEGA_LITE_SCHEMA } = require("@streamz-ts/protocol");
  const pinned = JSON.parse(readFileSync(join(repoDir, "labextension", "package.json"), "utf8")).dependencies["vega-lite"];
  // vega-lite's exports map hides its package.json: read it where the package resolves to
  const main = require.resolve("vega-lite");
  const installed = JSON.parse(
    readFileSync(
      join(main.slice(0, main.lastIndexOf("/node_modules/vega-lite/") + "/node_modules/vega-lite/".length), "package.json"),
      "utf8",
    ),
  ).version;
  assert.equal(installed, pinned, "the installed vega-lite is the pinned one");
  assert.equal(VEGA_LITE_SCHEMA, `https://vega.github.io/schema/vega-lite/v${pinned.split(".")[0]}.json`);
});
