#!/usr/bin/env bash
# Installs the prebuilt extension and the `streamz-ts` kernelspec into one Jupyter data directory:
#   <data>/labextensions/@streamz-ts/jupyterlab/   (what `jupyter labextension list` finds)
#   <data>/kernels/streamz-ts/kernel.json
# Usage: install-into.sh DATA_DIR. Build first (prepare-lab.sh, or build-prebuilt.mjs alone).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 JUPYTER_DATA_DIR" >&2; exit 2; }
data="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(dirname "$here")"
[ -f "$here/prebuilt/package.json" ] || { echo "streamz-ts: labextension/prebuilt is missing; build it first" >&2; exit 1; }
target="$data/labextensions/@streamz-ts/jupyterlab"
# A copy, not a link: the installed extension must not change under a running Lab when we rebuild.
rm -rf "$target.tmp" && mkdir -p "$(dirname "$target")"
cp -r "$here/prebuilt" "$target.tmp"
rm -rf "$target" && mv "$target.tmp" "$target"
# --no-extension: the extension was copied just above, from this clone's fresh build.
JUPYTER_DATA_DIR="$data" node "$repo/kernel/bin/install-kernelspec.js" --no-extension >/dev/null
echo "streamz-ts: extension and kernelspec installed in $data"
