#!/usr/bin/env bash
# Makes the JupyterLab of this repo ready to serve: installs the lab-host npm project when missing or
# stale (its own package-lock.json, kept apart from the root install), builds the prebuilt extension and
# the Lab frontend when their sources changed. Each step is skipped when already done, so a re-run with
# nothing changed takes about a second. Needs `npx tsc -b` to have run (scripts/bootstrap.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
host=lab-host
if [ ! -d "$host/node_modules" ] || [ "$host/package-lock.json" -nt "$host/node_modules/.package-lock.json" ]; then
  echo "streamz-ts: installing the JupyterLab host (npm install in labextension/lab-host from its lock file, about 1-2 minutes the first time)"
  # `npm install --no-save` rather than `npm ci`: it installs exactly the versions of the lock file too,
  # but does not fail on the optional per-platform rspack binaries the lock cannot list (the registry
  # this project uses has only the Linux ones). It leaves package.json and the lock file as they are.
  npm install --prefix "$host" --no-save --no-audit --no-fund --loglevel=error
fi
node scripts/build-prebuilt.mjs
node "$host/build.js"
