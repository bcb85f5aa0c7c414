#!/usr/bin/env node
// Runs tasks for scatter({ redis }) graphs: see `streamz-ts-worker --help`.
require("../dist/src/worker-cli.js")
  .main(process.argv.slice(2))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
