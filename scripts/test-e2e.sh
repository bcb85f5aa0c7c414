#!/usr/bin/env bash
# `npm run test:e2e`: only the browser tests (the real JupyterLab in headless Chromium). They also run
# as part of `npm test`. The tests install and build the Lab host themselves when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
mapfile -t files < <(find labextension/test -maxdepth 1 -name '*.test.mjs' | sort)
exec node --test --test-concurrency=1 --test-timeout=600000 "$@" "${files[@]}"
