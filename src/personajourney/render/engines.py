"""Rendering engines in worker processes: Graphviz (pygraphviz) and WeasyPrint.

The two engines cannot share a process (each brings its own Pango; whichever loads second
hangs or crashes), and some Graphviz inputs crash or run for minutes. So every engine call
runs in a *spawned* worker process that has loaded exactly one engine, with a time limit and
a memory limit. A worker that crashes or times out is replaced; the caller gets a
:class:`RenderError` for that job, and the other jobs of the batch go on. Workers also give
the parallelism a multi-core machine has (pygraphviz holds the GIL during layout).

Example:
    >>> from personajourney.render.engines import EnginePool, Job
    >>> with EnginePool(workers=1) as pool:  # doctest: +SKIP
    ...     svg = pool.run(Job("graphviz", "digraph { a -> b }", "svg"))
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import RenderError

__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "EnginePool", "Job", "RenderError"]

Engine = Literal["graphviz", "weasyprint"]
DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 3072


@dataclass(frozen=True)
class Job:
    """One engine call.

    Attributes:
        engine: ``graphviz`` (``source`` is DOT) or ``weasyprint`` (``source`` is HTML).
        source: The text to render.
        format: ``svg``, ``png`` or ``pdf`` (WeasyPrint: ``pdf`` or ``png``).
        assets: For WeasyPrint, the only folder files may be read from (images); ``None``
            allows nothing but ``data:`` URIs.
        dpi: Resolution of PNG output.
        name: What the job makes, for messages.
    """

    engine: Engine
    source: str
    format: str
    assets: str | None = None
    dpi: int = 150
    name: str = ""


# -- worker side -------------------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    try:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform dependent
        pass


def _graphviz(job: Job) -> bytes:
    import pygraphviz

    graph = pygraphviz.AGraph(string=job.source)
    if job.format == "png":
        graph.graph_attr["dpi"] = str(job.dpi)
    data = graph.draw(format=job.format, prog="dot")
    return bytes(data)


_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
MAX_ASSET_BYTES = 20 * 1024 * 1024


def _fetcher(assets: str | None) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and files inside ``assets`` only.

    Everything else — other files, symlinks leading out, ``..``, devices such as
    ``/dev/zero``, http(s), ftp — is refused, so a hostile model cannot make the PDF embed a
    local file or make requests.
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(assets).resolve() if assets else None

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and root is not None:
                target = Path(unquote(urlsplit(url).path)).resolve()
                if (
                    target.is_relative_to(root)
                    and target.is_file()
                    and target.suffix.lower() in _MIME
                    and target.stat().st_size <= MAX_ASSET_BYTES
                ):
                    body = target.read_bytes()
                    mime = _MIME[target.suffix.lower()]
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise ValueError(f"blocked resource: {url[:80]}")

    return SafeFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def _weasyprint(job: Job) -> bytes:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    base = Path(job.assets).resolve().as_uri() + "/" if job.assets else None
    document = weasyprint.HTML(string=job.source, base_url=base, url_fetcher=_fetcher(job.assets))
    pdf = document.write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf without target always returns bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    if job.format == "pdf":
        return bytes(pdf)
    if job.format == "png":
        return _pdf_to_png(bytes(pdf), job.dpi)
    raise ValueError(f"WeasyPrint cannot make {job.format!r}")


def _pdf_to_png(pdf: bytes, dpi: int) -> bytes:
    """First page of a PDF as PNG (pypdfium2)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()


_HANDLERS: dict[str, Callable[[Job], bytes]] = {"graphviz": _graphviz, "weasyprint": _weasyprint}


def _send(stream: Any, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("!Q", len(data)))
    stream.write(data)
    stream.flush()


def _recv(stream: Any) -> Any:
    header = _read_exactly(stream, 8)
    (size,) = struct.unpack("!Q", header)
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: Any, size: int) -> bytes:
    chunks = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError("worker closed the pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the worker
    """Ask the kernel to kill this worker when the process that started it dies, however it
    dies (``kill -9`` included); a Python thread could not, since an engine holds the GIL
    for a whole layout. Linux only (``prctl``); elsewhere a worker ends at the end of its
    current job, when it reads end-of-file from the parent's pipe."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def serve(engine: str, memory_mb: int, parent: int = 0) -> None:  # pragma: no cover - worker
    """Worker main loop: load one engine, then answer jobs on stdin/stdout until EOF.

    Run as ``python -m personajourney.render.engines ENGINE MEMORY_MB [PARENT_PID]``. The
    protocol uses the original stdout; anything an engine prints goes to stderr instead.
    """
    if parent:
        _die_with_parent(parent)
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    protocol_in = sys.stdin.buffer
    _limit_memory(memory_mb)
    handler = _HANDLERS[engine]
    try:
        # Load the engine up front so the first job's time limit is about the job.
        __import__("pygraphviz" if engine == "graphviz" else "weasyprint")
    except Exception as exc:
        _send(protocol_out, ("fatal", f"cannot load {engine}: {type(exc).__name__}: {exc}"))
        return
    _send(protocol_out, ("ready", os.getpid()))
    while True:
        try:
            job = _recv(protocol_in)
        except EOFError:
            return
        if job is None:
            return
        try:
            _send(protocol_out, ("ok", handler(job)))
        except MemoryError:
            _send(protocol_out, ("error", "ran out of memory"))
        except Exception as exc:
            _send(protocol_out, ("error", f"{type(exc).__name__}: {exc}"))


# -- parent side -------------------------------------------------------------------------------


class _Worker:
    """One worker process: a fresh interpreter (not a fork) that loads one engine."""

    def __init__(self, engine: str, memory_mb: int, start_timeout: float) -> None:
        self.engine = engine
        env = dict(os.environ)
        env.setdefault("PYTHONUNBUFFERED", "1")
        debug = bool(os.environ.get("PERSONAJOURNEY_DEBUG_WORKERS"))
        command = [sys.executable, "-m", "personajourney.render.engines", engine]
        self.process = subprocess.Popen(
            [*command, str(memory_mb), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            env=env,
            close_fds=True,
            # A session of its own: Ctrl-C in the terminal reaches the command, which then
            # stops its workers, rather than killing workers under a command still running.
            start_new_session=True,
        )
        try:
            status, detail = self._wait(start_timeout, "start")
        except RenderError:
            self.kill()
            raise
        if status != "ready":
            self.kill()
            raise RenderError(str(detail))

    def _wait(self, timeout: float, what: str) -> tuple[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            raise RenderError(f"the {self.engine} worker did not {what} within {timeout:g} s")
        try:
            status, payload = _recv(self.process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self.process.wait(timeout=5)
            signal = f" (signal {-code})" if code is not None and code < 0 else ""
            raise RenderError(f"the {self.engine} engine crashed{signal}") from None
        return str(status), payload

    def run(self, job: Job, timeout: float) -> bytes:
        label = job.name or job.engine
        assert self.process.stdin is not None
        try:
            _send(self.process.stdin, job)
        except (BrokenPipeError, OSError):
            self.kill()
            raise RenderError(f"{label}: the {self.engine} worker is gone") from None
        try:
            status, payload = self._wait(timeout, "finish")
        except RenderError as exc:
            self.kill()
            message = str(exc).replace("did not finish within", "took longer than")
            raise RenderError(f"{label}: {message}") from None
        if status == "ok":
            return bytes(payload)
        raise RenderError(f"{label}: {self.engine} failed: {payload}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


@dataclass
class _Lane:
    """The workers of one engine, and the queue of jobs waiting for them."""

    engine: str
    size: int
    jobs: queue.Queue[tuple[Job, Future[bytes]] | None] = field(default_factory=queue.Queue)
    threads: list[threading.Thread] = field(default_factory=list)
    workers: set[_Worker] = field(default_factory=set)
    """Live worker processes, so that :meth:`EnginePool.terminate` can kill them at once."""


class EnginePool:
    """Worker processes for the rendering engines, started on first use.

    Args:
        workers: Processes per engine (default: the number of CPUs, at most 4).
        timeout: Seconds one job may take before its worker is killed.
        memory_mb: Address-space limit of each worker.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        self.workers = max(1, workers or min(os.cpu_count() or 1, 4))
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._lanes: dict[str, _Lane] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._terminated = False

    def __enter__(self) -> EnginePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        else:  # an error or an interrupt: nobody waits for the running jobs
            self.terminate()

    def _lane(self, engine: str) -> _Lane:
        with self._lock:
            if self._closed:
                raise RenderError("the engine pool is closed")
            lane = self._lanes.get(engine)
            if lane is None:
                lane = _Lane(engine, self.workers)
                for index in range(lane.size):
                    thread = threading.Thread(
                        target=self._drive,
                        args=(lane,),
                        daemon=True,
                        name=f"personajourney-{engine}-{index}",
                    )
                    thread.start()
                    lane.threads.append(thread)
                self._lanes[engine] = lane
            return lane

    def _drive(self, lane: _Lane) -> None:
        worker: _Worker | None = None
        try:
            while True:
                item = lane.jobs.get()
                if item is None:
                    return
                job, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if worker is None or not worker.alive():
                        if worker is not None:
                            lane.workers.discard(worker)
                        worker = _Worker(lane.engine, self.memory_mb, start_timeout=60)
                        lane.workers.add(worker)
                        if self._closed and self._terminated:
                            worker.kill()
                    future.set_result(worker.run(job, self.timeout))
                except RenderError as exc:
                    if worker is not None and not worker.alive():
                        lane.workers.discard(worker)
                        worker = None
                    future.set_exception(exc)
                except BaseException as exc:
                    future.set_exception(RenderError(f"{job.name}: {exc}"))
        finally:
            if worker is not None:
                worker.stop()
                lane.workers.discard(worker)

    def submit(self, job: Job) -> Future[bytes]:
        """Queue a job; the future gives its bytes or raises :class:`RenderError`."""
        if job.engine not in _HANDLERS:
            raise ValueError(f"unknown engine {job.engine!r}")
        future: Future[bytes] = Future()
        self._lane(job.engine).jobs.put((job, future))
        return future

    def run(self, job: Job) -> bytes:
        """Run one job and wait for it."""
        return self.submit(job).result()

    def map(self, jobs: Iterable[Job]) -> Iterator[bytes | RenderError]:
        """Run jobs in parallel; yield each result (or its error) in the order given."""
        futures = [self.submit(job) for job in jobs]
        for future in futures:
            try:
                yield future.result()
            except RenderError as exc:
                yield exc

    def close(self) -> None:
        """Stop every worker (waits for running jobs)."""
        with self._lock:
            self._closed = True
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for lane in lanes:
            for _ in lane.threads:
                lane.jobs.put(None)
        deadline = time.monotonic() + self.timeout + 10
        for lane in lanes:
            for thread in lane.threads:
                thread.join(timeout=max(0.1, deadline - time.monotonic()))

    def terminate(self) -> None:
        """Stop at once: cancel the jobs not started and kill every worker, running jobs
        included (their futures fail with :class:`RenderError`). For an interrupt (Ctrl-C,
        SIGTERM) or an error, when no one waits for the results."""
        with self._lock:
            self._closed = True
            self._terminated = True
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for lane in lanes:
            while True:
                try:
                    item = lane.jobs.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[1].cancel()
            for _ in lane.threads:
                lane.jobs.put(None)
            for worker in list(lane.workers):
                worker.kill()
        for lane in lanes:
            for thread in lane.threads:
                thread.join(timeout=1.0)


_shared: EnginePool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> EnginePool:
    """A process-wide pool for one-off renders (``render_card`` and friends)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared._closed:
            _shared = EnginePool()
            import atexit

            # At exit nobody waits for results any more: stop the workers at once rather
            # than let an interrupted command wait for the jobs it had started.
            atexit.register(_shared.terminate)
        return _shared


if __name__ == "__main__":  # pragma: no cover - the worker process
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
