"""Run the live server: bind, build, watch, serve, and stop cleanly."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

import uvicorn
import watchfiles

from .app import create_app
from .rebuild import BuildStatus, Rebuilder

__all__ = ["LOOPBACK", "LiveServer", "bind", "watch"]

LOOPBACK = "127.0.0.1"

#: watchfiles: yield a batch after this many ms without a new change (at most ``DEBOUNCE_MS``).
STEP_MS = 30
DEBOUNCE_MS = 400


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (``port`` 0: any free one).

    Raises:
        OSError: if the address is taken or not this machine's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def watch(
    rebuilder: Rebuilder,
    stop: threading.Event,
    on_build: Callable[[BuildStatus], None] | None = None,
) -> None:
    """Rebuild after each batch of changes the rebuilder cares about, until ``stop`` is set."""
    for changes in watchfiles.watch(
        *rebuilder.watched(),
        watch_filter=lambda _change, path: rebuilder.concerns(path),
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        yield_on_timeout=False,
        raise_interrupt=False,
    ):
        if changes:
            status = rebuilder.rebuild()
            if on_build is not None:
                on_build(status)


class LiveServer:
    """The pack of ``rebuilder`` served over HTTP, rebuilt as its sources change.

    Args:
        rebuilder: Builds the pack (call :meth:`Rebuilder.rebuild` once before serving).
        sock: A bound socket (:func:`bind`).
        host: The address it is bound to (for the Host check).
        on_build: Called after each rebuild the watcher starts (for the terminal).
    """

    def __init__(
        self,
        rebuilder: Rebuilder,
        sock: socket.socket,
        *,
        host: str = LOOPBACK,
        on_build: Callable[[BuildStatus], None] | None = None,
    ) -> None:
        self.rebuilder = rebuilder
        self.sock = sock
        self.port: int = sock.getsockname()[1]
        self.stop_watching = threading.Event()
        config = uvicorn.Config(
            create_app(rebuilder, port=self.port, host=host, stopping=self._stopping),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            server_header=False,
        )
        self.server = uvicorn.Server(config)
        self.host = host
        self.on_build = on_build

    def _stopping(self) -> bool:
        return bool(self.server.should_exit)

    @property
    def url(self) -> str:
        """The index's address (a loopback one when bound to every interface)."""
        host = LOOPBACK if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://[{host}]:{self.port}/" if ":" in host else f"http://{host}:{self.port}/"

    def run(self, ready: Callable[[], None] | None = None) -> None:
        """Watch and serve until :meth:`stop` or Ctrl-C; then stop the watcher."""
        watcher = threading.Thread(
            target=watch,
            args=(self.rebuilder, self.stop_watching, self.on_build),
            name="personajourney-watch",
            daemon=True,
        )
        watcher.start()
        try:
            if ready is not None:
                ready()
            self.server.run(sockets=[self.sock])
        finally:
            self.stop_watching.set()
            watcher.join(timeout=5)
            self.sock.close()

    def stop(self) -> None:
        """Ask the server to stop (from another thread)."""
        self.server.should_exit = True
        self.stop_watching.set()
