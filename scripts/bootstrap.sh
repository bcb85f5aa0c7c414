#!/usr/bin/env bash
# Shared first step of `npm start` and `npm test`: npm packages (npm ci when node_modules is missing or
# older than the lock file), Debian packages, then an incremental build of every workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "streamz-ts: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-debian.sh
# The build compiler is TypeScript 5.0.4: tslab compiles notebook cells with 5.0, so the shipped .d.ts
# must be what 5.0 reads (TypeScript 5.9 is there for the lint's type information).
node node_modules/typescript-5.0/bin/tsc -b tsconfig.json
