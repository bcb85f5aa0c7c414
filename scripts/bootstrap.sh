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
npx tsc -b tsconfig.json
