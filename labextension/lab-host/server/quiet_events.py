"""A silent event bus for JupyterLab 4 on jupyter_server 1.x.

JupyterLab 4 subscribes to the server's event bus at /api/events/subscribe (a WebSocket that
jupyter_server 2 serves). Debian's jupyter_server 1.23 has no event bus, so the Lab retried every few
seconds and the server logged a 404 each time. This handler accepts the subscription (authenticated
like any other API call) and sends nothing: there are no server events to send.
"""

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.zmqhandlers import WebSocketMixin
from tornado import web, websocket


class QuietEventsHandler(WebSocketMixin, websocket.WebSocketHandler, JupyterHandler):
    """Accepts /api/events/subscribe and stays quiet."""

    def set_default_headers(self):
        # JupyterHandler's headers do not apply to a WebSocket upgrade.
        pass

    async def get(self, *args, **kwargs):
        if self.get_current_user() is None:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def on_message(self, message):
        # Clients may emit events; nothing here listens for them.
        pass
