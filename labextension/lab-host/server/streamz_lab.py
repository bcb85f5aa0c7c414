"""Serve the npm-built JupyterLab of lab-host/app with Debian's jupyterlab_server on jupyter_server.

Run it with Debian's Python (/usr/bin/python3), which has python3-jupyterlab-server. Everything the
app needs is named here (static files, schemas, themes, the prebuilt labextensions), so nothing is read
from or written to a global JupyterLab install. Settings and workspaces go under the data directory
given by --StreamzLab.user_dir (the project's .jupyter-local/ when run by scripts/start.sh).

Example:
    /usr/bin/python3 streamz_lab.py --port 8888 --ServerApp.token=abc \
        --StreamzLab.user_dir=.jupyter-local --ServerApp.root_dir=notebooks
"""

import os
import sys

from jupyterlab_server import LabServerApp
from traitlets import Bool, List, Unicode, default

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quiet_events import QuietEventsHandler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.join(os.path.dirname(HERE), "app")


class StreamzLab(LabServerApp):
    """JupyterLab 4 from lab-host/app, served at /lab."""

    name = "lab"
    app_name = "JupyterLab"
    load_other_extensions = False

    user_dir = Unicode(
        os.path.join(os.getcwd(), ".jupyter-local"),
        config=True,
        help="Where user settings and workspaces are kept.",
    )
    labextension_dirs = List(
        Unicode(),
        config=True,
        help="Folders holding prebuilt labextensions (<dir>/<package name>/package.json).",
    )

    expose_app_in_browser = Bool(
        False,
        config=True,
        help="Publish the application as window.jupyterapp (the browser tests use it).",
    )

    default_kernel = Unicode(
        "streamz-ts",
        config=True,
        help="The kernel new notebooks get when it is installed (the server's own default is python3).",
    )

    def initialize_settings(self):
        super().initialize_settings()
        page_config = self.serverapp.web_app.settings.setdefault("page_config_data", {})
        page_config["exposeAppInBrowser"] = self.expose_app_in_browser
        # The server's default kernel is python3, which this Lab does not have: the terminal repeated
        # "Native kernel (python3) is not available" and the page logged "Default kernel not found".
        if self.default_kernel in self.serverapp.kernel_spec_manager.find_kernel_specs():
            self.serverapp.kernel_manager.default_kernel_name = self.default_kernel

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.append((r"/api/events/subscribe", QuietEventsHandler))

    @default("static_dir")
    def _static_dir(self):
        return os.path.join(APP, "static")

    @default("templates_dir")
    def _templates_dir(self):
        return os.path.join(APP, "static")

    @default("schemas_dir")
    def _schemas_dir(self):
        return os.path.join(APP, "schemas")

    @default("themes_dir")
    def _themes_dir(self):
        return os.path.join(APP, "themes")

    @default("app_settings_dir")
    def _app_settings_dir(self):
        return os.path.join(os.path.dirname(HERE), "settings")

    @default("user_settings_dir")
    def _user_settings_dir(self):
        return os.path.join(self.user_dir, "lab", "user-settings")

    @default("workspaces_dir")
    def _workspaces_dir(self):
        return os.path.join(self.user_dir, "lab", "workspaces")

    @default("labextensions_path")
    def _labextensions_path(self):
        # Only the folders we are told about: a system-wide labextension must not sneak into this Lab.
        return list(self.labextension_dirs)

    @default("themes_url")
    def _themes_url(self):
        return "/lab/api/themes"

    @default("tree_url")
    def _tree_url(self):
        return "/lab/tree"

    @default("licenses_url")
    def _licenses_url(self):
        return "/lab/api/licenses/"

    @default("translations_api_url")
    def _translations_api_url(self):
        return "/lab/api/translations/"

    @default("app_version")
    def _app_version(self):
        return "4.6.4"


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": StreamzLab}]


if __name__ == "__main__":
    sys.exit(StreamzLab.launch_instance())
