#!/usr/bin/env bash
# `npm run jupyter:install`: for people who already run JupyterLab 4. Builds the prebuilt extension and
# installs it and the `streamz-ts` kernelspec into the user's own Jupyter data directory (user level;
# no system files, no Python package). Their Lab also needs the ipywidgets 8 manager
# (`jupyterlab_widgets`), which ipywidgets 8 installs. JUPYTER_DATA_DIR, when set, is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node node_modules/typescript-5.0/bin/tsc -b labextension kernel
node labextension/scripts/build-prebuilt.mjs
if [ -n "${JUPYTER_DATA_DIR:-}" ]; then
  data="$JUPYTER_DATA_DIR"
elif command -v jupyter >/dev/null 2>&1; then
  data="$(jupyter --data-dir)"
elif [ "$(uname)" = "Darwin" ]; then
  data="$HOME/Library/Jupyter"
else
  data="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter"
fi
bash labextension/scripts/install-into.sh "$data"
echo "streamz-ts: restart JupyterLab, then pick the kernel \"TypeScript (streamz-ts)\"."
echo "streamz-ts: check with \`jupyter labextension list\` (look for @streamz-ts/jupyterlab) and \`jupyter kernelspec list\`."
