#!/usr/bin/env bash
# `npm run test:unit`: the fast inner loop (seconds, not minutes). Builds, then runs the tests that start
# nothing: the protocol, the core's operators, the widgets' models and stores, and the extension's pure
# modules. Left to `npm test` (the whole suite): tests that start processes (the kernel, Chromium, Redis,
# workers, Python oracles such as pandas and streamz, the TypeScript 5.0 type check, the allocation probe).
set -euo pipefail
cd "$(dirname "$0")/.."
# The build compiler is TypeScript 5.0.4: tslab compiles notebook cells with 5.0, so the shipped .d.ts
# must be what 5.0 reads (TypeScript 5.9 is there for the lint's type information).
node node_modules/typescript-5.0/bin/tsc -b tsconfig.json
mapfile -t files < <(ls packages/protocol/dist/test/*.test.js packages/core/dist/test/*.test.js \
  packages/widgets/dist/test/*.test.js labextension/test/unit/*.test.mjs 2>/dev/null \
  | grep -vE '/(allocation|oracle|types|import)\.test\.js$' | sort)
echo "streamz-ts: ${#files[@]} unit test files"
exec node --test "$@" "${files[@]}"
