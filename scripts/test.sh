#!/usr/bin/env bash
# `npm test`: set up what is missing, build, then run every test file of every workspace in one
# `node --test` run, so the run ends with one summary. Test files are compiled to <workspace>/dist/test/
# (*.test.js) or written as plain <workspace>/test/*.test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The Lab host and the prebuilt extension, built once here: browser tests run two at a time and each
# copies prebuilt/ when it starts a Lab, so none may rebuild it while another copies it.
bash labextension/scripts/prepare-lab.sh
mapfile -t files < <(find packages kernel labextension -path '*/node_modules' -prune -o \
  \( -path '*/dist/test/*.test.js' -o -path '*/test/*.test.mjs' \) -print 2>/dev/null | sort)
echo "streamz-ts: ${#files[@]} test files"
# --test-timeout bounds each test file as a whole too: a browser test file (one Lab, several tests) took
# over 10 minutes beside another browser test on a 2-core machine. Tests that wait set their own limits.
exec node --test --test-concurrency=2 --test-timeout=1200000 "$@" "${files[@]}"
