"""``personajourney serve``: the wall pack on a local web server, rebuilt as the YAML changes.

Needs the ``serve`` extra (Starlette, Uvicorn, watchfiles): ``pip install
'personajourney[serve]'``. ``import personajourney`` never loads this package.

- :class:`Rebuilder` loads the model and builds the pack (HTML only by default); a broken
  model keeps the last good pages and records the problems (file, line, message).
- :func:`create_app` is the ASGI app: the pack's files with a reload script added to HTML
  responses, ``/_pj/events`` (Server-Sent Events, one ``build`` event per rebuild) and
  ``/_pj/status`` (JSON).
- :class:`LiveServer` binds loopback, watches the sources with watchfiles and serves with
  Uvicorn.
"""

from __future__ import annotations

from .app import LIVE_SCRIPT_URL, allowed_hosts, create_app
from .rebuild import BuildStatus, Rebuilder
from .server import LOOPBACK, LiveServer, bind, watch

__all__ = [
    "LIVE_SCRIPT_URL",
    "LOOPBACK",
    "BuildStatus",
    "LiveServer",
    "Rebuilder",
    "allowed_hosts",
    "bind",
    "create_app",
    "watch",
]
