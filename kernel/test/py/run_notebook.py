"""Executes one notebook with nbclient against the streamz-ts kernel (in the notebook's directory).

Prints facts: ok, or the failing cell's error; plus the outputs' types per code cell. The node test
(kernel/test/notebooks.test.ts) fails on any failing cell.
"""
import os
import sys
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from harness import emit

path = sys.argv[1]
facts = {"path": path}
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="streamz-ts", timeout=120, startup_timeout=60,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
try:
    client.execute()
    facts["ok"] = True
except CellExecutionError as err:
    facts["ok"] = False
    facts["error"] = str(err)[-4000:]
except Exception:
    facts["ok"] = False
    facts["error"] = traceback.format_exc()[-4000:]
facts["cells"] = [[o.get("output_type") for o in c.get("outputs", [])] for c in nb.cells if c.cell_type == "code"]
# The last state of each live view, as the client saw it when the notebook ended (what a reader sees).
facts["views"] = [{"model": st.get("_model_name"), "text": st.get("text"), "total_rows": st.get("total_rows")}
                  for st in client.widget_state.values()]
emit(facts)
