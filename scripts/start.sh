#!/usr/bin/env bash
# `npm start`: from a fresh clone to a running JupyterLab on 127.0.0.1 with notebooks/ open.
#  1. bootstrap: npm packages, Debian packages (python3-jupyterlab-server, ...), `tsc -b`;
#  2. the Lab: install labextension/lab-host when missing, build the extension and the Lab when changed;
#  3. install the extension and the `streamz-ts` kernelspec into .jupyter-local/ (project-local: the
#     user's own Jupyter config and data are not touched);
#  4. serve with Debian's jupyterlab_server and print the URL with its token.
# Environment: PORT (default: first free from 8888), STREAMZ_TS_TOKEN (default: kept in .jupyter-local/token).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
started=$(date +%s)
bash scripts/bootstrap.sh
bash labextension/scripts/prepare-lab.sh

local_dir="$repo/.jupyter-local"
export JUPYTER_CONFIG_DIR="$local_dir/config" JUPYTER_DATA_DIR="$local_dir/data" JUPYTER_RUNTIME_DIR="$local_dir/runtime"
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR"
bash labextension/scripts/install-into.sh "$JUPYTER_DATA_DIR"

if [ -z "${STREAMZ_TS_TOKEN:-}" ]; then
  [ -s "$local_dir/token" ] || /usr/bin/python3 -c 'import secrets; print(secrets.token_hex(24))' > "$local_dir/token"
  STREAMZ_TS_TOKEN="$(cat "$local_dir/token")"
fi
port="${PORT:-$(/usr/bin/python3 - <<'PY'
import socket
for port in range(8888, 8988):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
)}"
root_flag=()
[ "$(id -u)" -eq 0 ] && root_flag=(--allow-root)

demo="demo.ipynb"
[ -f "notebooks/$demo" ] || demo="$(cd notebooks && ls ./*.ipynb 2>/dev/null | head -1 | sed 's|^\./||')"
url="http://127.0.0.1:$port/lab/tree/${demo}?token=$STREAMZ_TS_TOKEN"
echo
echo "streamz-ts: setup took $(( $(date +%s) - started )) s; JupyterLab is starting at:"
echo
echo "    $url"
echo
echo "streamz-ts: notebooks/ is the root; Ctrl+C stops the server and its kernels."
exec /usr/bin/python3 labextension/lab-host/server/streamz_lab.py \
  --ip 127.0.0.1 --port "$port" --no-browser "${root_flag[@]}" \
  --ServerApp.token="$STREAMZ_TS_TOKEN" --ServerApp.root_dir="$repo/notebooks" \
  --ServerApp.port_retries=0 \
  --StreamzLab.user_dir="$local_dir" --StreamzLab.labextension_dirs="$JUPYTER_DATA_DIR/labextensions"
