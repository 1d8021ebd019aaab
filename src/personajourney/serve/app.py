"""The ASGI application: the pack's files, the live-reload events and the build status.

Safe on a shared network: it serves only files inside the output folder (no ``..``, no link
that leads out), answers only requests whose Host header names this machine's loopback
address and port (a page of another site cannot reach it by DNS rebinding), and sends no
CORS headers. The reload script is added to the HTML *responses*, never to the files.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import mimetypes
from collections.abc import AsyncIterator, Callable
from importlib.resources import files
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..render.interactive import allow_script, sha256_source
from .rebuild import Rebuilder

__all__ = ["LIVE_SCRIPT_URL", "allowed_hosts", "create_app"]

#: Where the reload script is served (same origin). The pages' policy allows scripts by hash
#: only: the script is added with its ``integrity`` hash, and each HTML response's policy
#: names that hash and lets the page connect to its own origin (the event stream).
LIVE_SCRIPT_URL = "/_pj/live.js"
_LIVE_SCRIPT = (files(__package__) / "live.js").read_bytes()
_LIVE_HASH = sha256_source(_LIVE_SCRIPT)
_TAG = f'<script src="{LIVE_SCRIPT_URL}" integrity="{_LIVE_HASH}" defer></script>'.encode()

#: Seconds between two looks at the build generation, and between keep-alive comments.
POLL_SECONDS = 0.05
PING_SECONDS = 15.0

#: What ``/`` shows before the first good build (the model was broken from the start).
_WAITING = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    b"<title>personajourney serve</title>\n</head>\n<body>\n"
    b"<p>No wall yet: the model does not load. Save a fixed file and it appears here.</p>\n"
    b"</body>\n</html>\n"
)

_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def allowed_hosts(port: int, host: str = "127.0.0.1") -> frozenset[str]:
    """Host headers the server answers: the loopback names with ``port``, and ``host``'s."""
    names = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
    if host not in ("0.0.0.0", "::", ""):
        names.add(f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
    return frozenset(names)


def _ip_literal(host_header: str) -> bool:
    """``192.168.1.5:8000`` or ``[fe80::1]:8000``: an address, not a name DNS could rebind."""
    name = host_header.rpartition(":")[0]
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


class HostGuard:
    """Refuses (421) a request whose Host header is not one of ``hosts``.

    With ``any_address`` (the server was bound to all interfaces with ``--host``) a Host that
    is an IP address with the right port is accepted too: DNS rebinding needs a name.
    """

    def __init__(self, app: ASGIApp, hosts: frozenset[str], port: int, any_address: bool) -> None:
        self.app, self.hosts, self.port, self.any_address = app, hosts, port, any_address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
            host = host.lower()
            accepted = host in self.hosts or (
                self.any_address and host.endswith(f":{self.port}") and _ip_literal(host)
            )
            if not accepted:
                refusal = PlainTextResponse("misdirected request: unknown Host", status_code=421)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _inject(page: bytes) -> bytes:
    """``page`` with the reload script before ``</head>`` (or at the end), allowed by its
    policy."""
    page = allow_script(page, _LIVE_HASH)
    lower = page.lower()
    for mark in (b"</head>", b"</body>"):
        at = lower.rfind(mark)
        if at >= 0:
            return page[:at] + _TAG + page[at:]
    return page + _TAG


def _inside(root: Path, url_path: str) -> Path | None:
    """The file ``url_path`` names inside ``root``, or ``None`` if it is not one."""
    parts = PurePosixPath(url_path).parts
    parts = parts[1:] if parts and parts[0].startswith("/") else parts
    if any(
        part.startswith("/") or part in ("..", ".") or "\\" in part or "\x00" in part
        for part in parts
    ):
        return None
    target = root.joinpath(*parts)
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if resolved.is_dir():
        resolved = (resolved / "index.html").resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def create_app(
    rebuilder: Rebuilder,
    *,
    port: int,
    host: str = "127.0.0.1",
    stopping: Callable[[], bool] = lambda: False,
) -> ASGIApp:
    """The server's ASGI app for the pack ``rebuilder`` builds.

    Args:
        rebuilder: Builds the pack and knows the latest status.
        port: The port the server listens on (part of the accepted Host headers).
        host: The address it is bound to.
        stopping: Tells the event streams to end (the server is shutting down).
    """
    root = rebuilder.out_dir.resolve()
    script = _LIVE_SCRIPT

    async def live_js(request: Request) -> Response:
        return Response(script, media_type="text/javascript", headers=_NO_STORE)

    async def status(request: Request) -> Response:
        return JSONResponse(rebuilder.status.as_json(), headers=_NO_STORE)

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[str]:
            seen = rebuilder.generation
            yield f"retry: 1000\nevent: hello\ndata: {seen}\n\n"
            quiet = 0.0
            while not stopping():
                current = rebuilder.status
                if current.generation != seen:
                    seen = current.generation
                    data = json.dumps({"generation": seen, "ok": current.ok})
                    yield f"event: build\ndata: {data}\n\n"
                    quiet = 0.0
                elif quiet >= PING_SECONDS:
                    yield ": ping\n\n"
                    quiet = 0.0
                await asyncio.sleep(POLL_SECONDS)
                quiet += POLL_SECONDS

        return StreamingResponse(stream(), media_type="text/event-stream", headers=_NO_STORE)

    async def page(request: Request) -> Response:
        found = _inside(root, request.url.path)
        if found is None and request.url.path == "/" and not (root / "index.html").exists():
            return Response(_inject(_WAITING), media_type="text/html", headers=_NO_STORE)
        if found is None:
            return PlainTextResponse("not found", status_code=404, headers=_NO_STORE)
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return Response(_inject(found.read_bytes()), media_type=kind, headers=_NO_STORE)
        return FileResponse(found, media_type=kind, headers=_NO_STORE)

    app = Starlette(
        routes=[
            Route(LIVE_SCRIPT_URL, live_js),
            Route("/_pj/status", status),
            Route("/_pj/events", events),
            Route("/{path:path}", page, methods=["GET", "HEAD"]),
        ]
    )
    any_address = host in ("0.0.0.0", "::", "")
    return HostGuard(app, allowed_hosts(port, host), port, any_address)
