#!/usr/bin/env bash
# `npm run bench`: builds, then runs every benchmark in bench/src (one process each) and prints their tables.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >/dev/null
for f in bench/dist/src/*.js; do
  echo
  node "$f"
done
