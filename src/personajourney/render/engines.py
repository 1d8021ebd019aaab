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

import collections
import contextlib
import hashlib
import itertools
import math
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
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
        also: Further formats made from the same layout: WeasyPrint ``png`` beside ``pdf``
            (the first page of that very PDF), so a page asked for in both is laid out once.
            :meth:`EnginePool.submit_all` gives a future per format.
    """

    engine: Engine
    source: str
    format: str
    assets: str | None = None
    dpi: int = 150
    name: str = ""
    also: tuple[str, ...] = ()

    @property
    def formats(self) -> tuple[str, ...]:
        """Every format the job makes: ``format``, then ``also``."""
        return tuple(dict.fromkeys((self.format, *self.also)))


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

    from .metadata import clean_png, clean_svg

    graph = pygraphviz.AGraph(string=job.source)
    if job.format == "png":
        graph.graph_attr["dpi"] = str(job.dpi)
    data = bytes(graph.draw(format=job.format, prog="dot"))
    if job.format == "png":
        return clean_png(data)
    if job.format == "svg":
        return clean_svg(data.decode("utf-8")).encode("utf-8")
    return data


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
    return _weasyprint_all(job)[job.format]


def _weasyprint_all(job: Job) -> dict[str, bytes]:
    """Lay the page out once and make every format of ``job`` from that one layout."""
    import logging

    import weasyprint

    from .metadata import pdf_finisher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    base = Path(job.assets).resolve().as_uri() + "/" if job.assets else None
    document = weasyprint.HTML(string=job.source, base_url=base, url_fetcher=_fetcher(job.assets))
    unknown = [f for f in job.formats if f not in ("pdf", "png")]
    if unknown:
        raise ValueError(f"WeasyPrint cannot make {unknown[0]!r}")
    pdf = document.write_pdf(finisher=pdf_finisher())
    if pdf is None:  # pragma: no cover - write_pdf without target always returns bytes
        raise RuntimeError("WeasyPrint returned no PDF")
    made = {"pdf": bytes(pdf)}
    if "png" in job.formats:
        made["png"] = _pdf_to_png(made["pdf"], job.dpi)
    return {fmt: made[fmt] for fmt in job.formats}


def _pdf_to_png(pdf: bytes, dpi: int) -> bytes:
    """First page of a PDF as PNG (pypdfium2)."""
    import io

    import pypdfium2

    from .metadata import clean_png

    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return clean_png(out.getvalue())
    finally:
        document.close()


def _graphviz_all(job: Job) -> dict[str, bytes]:
    return {fmt: _graphviz(Job("graphviz", job.source, fmt, dpi=job.dpi)) for fmt in job.formats}


_HANDLERS: dict[str, Callable[[Job], dict[str, bytes]]] = {
    "graphviz": _graphviz_all,
    "weasyprint": _weasyprint_all,
}


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
        return self.run_all(job, timeout)[job.format]

    def run_all(self, job: Job, timeout: float) -> dict[str, bytes]:
        """Every format of ``job`` (:attr:`Job.formats`), by format."""
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
            return {str(fmt): bytes(data) for fmt, data in payload.items()}
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


_Futures = dict[str, "Future[bytes]"]
_START = -math.inf  # sorts before every job: start a worker now
_STOP = math.inf  # sorts after every job: the driver thread ends
#: A queued job: (-priority, order, job, a future per format); ``job`` is ``None`` to stop a
#: driver thread, and sorts after every job.
_Item = tuple[float, int, Job | None, _Futures]


@dataclass
class _Lane:
    """The workers of one engine, and the queue of jobs waiting for them: highest priority
    first, jobs of the same priority in the order they came."""

    engine: str
    size: int
    jobs: queue.PriorityQueue[_Item] = field(default_factory=queue.PriorityQueue)
    threads: list[threading.Thread] = field(default_factory=list)
    workers: set[_Worker] = field(default_factory=set)
    """Live worker processes, so that :meth:`EnginePool.terminate` can kill them at once."""


class _ResultCache:
    """Results of Graphviz jobs by the job's content, least recently used dropped first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.hits = 0
        self._used = 0
        self._items: collections.OrderedDict[str, dict[str, bytes]] = collections.OrderedDict()
        self._lock = threading.Lock()

    def takes(self, job: Job) -> bool:
        return self.capacity > 0 and job.engine == "graphviz"

    @staticmethod
    def _key(job: Job) -> str:
        text = "\0".join((job.engine, job.format, ",".join(job.also), str(job.dpi), job.source))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, job: Job) -> dict[str, bytes] | None:
        if not self.takes(job):
            return None
        key = self._key(job)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return found

    def put(self, job: Job, result: Mapping[str, bytes]) -> None:
        """Keep what ``job`` made (called before its futures are resolved, so that a caller
        that waits for one and asks again finds it)."""
        if self.takes(job):
            self._put(self._key(job), dict(result))

    def _put(self, key: str, result: dict[str, bytes]) -> None:
        size = sum(len(v) for v in result.values())
        if size > self.capacity:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = result
            self._used += size
            while self._used > self.capacity:
                _, dropped = self._items.popitem(last=False)
                self._used -= sum(len(v) for v in dropped.values())


class EnginePool:
    """Worker processes for the rendering engines, started on first use.

    Args:
        workers: Processes per engine (default: the number of CPUs, at most 4).
        timeout: Seconds one job may take before its worker is killed.
        memory_mb: Address-space limit of each worker.
        cache_mb: Keep the results of up to this many megabytes of Graphviz jobs, and answer
            a job seen before from them without running it (0, the default: no cache). The
            live preview uses it, so that an edit lays out again only the diagrams whose DOT
            changed. Only Graphviz is cached: its output depends on the DOT text alone,
            while a WeasyPrint page may read files that change under the same name.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        cache_mb: float = 0,
    ) -> None:
        self.workers = max(1, workers or min(os.cpu_count() or 1, 4))
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._cache = _ResultCache(int(cache_mb * 1024 * 1024))
        self._lanes: dict[str, _Lane] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._terminated = False
        self._order = itertools.count()

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

    def _start_worker(self, lane: _Lane) -> _Worker:
        worker = _Worker(lane.engine, self.memory_mb, start_timeout=60)
        lane.workers.add(worker)
        if self._closed and self._terminated:
            worker.kill()
        return worker

    def _drive(self, lane: _Lane) -> None:
        worker: _Worker | None = None
        try:
            while True:
                key, _, job, futures = lane.jobs.get()
                if job is None and key == _START:
                    if worker is None or not worker.alive():
                        if worker is not None:
                            lane.workers.discard(worker)
                        # A worker that cannot start now is tried again by the first job,
                        # which then fails with the reason.
                        with contextlib.suppress(RenderError):
                            worker = None
                            worker = self._start_worker(lane)
                    continue
                if job is None:
                    return
                running = {
                    fmt: future
                    for fmt, future in futures.items()
                    if future.set_running_or_notify_cancel()
                }
                if not running:
                    continue
                try:
                    if worker is None or not worker.alive():
                        if worker is not None:
                            lane.workers.discard(worker)
                        worker = self._start_worker(lane)
                    made = worker.run_all(job, self.timeout)
                    self._cache.put(job, made)
                    for fmt, future in running.items():
                        future.set_result(made[fmt])
                except RenderError as exc:
                    if worker is not None and not worker.alive():
                        lane.workers.discard(worker)
                        worker = None
                    for future in running.values():
                        future.set_exception(exc)
                except BaseException as exc:
                    for future in running.values():
                        future.set_exception(RenderError(f"{job.name}: {exc}"))
        finally:
            if worker is not None:
                worker.stop()
                lane.workers.discard(worker)

    def start(self, *engines: Engine) -> None:
        """Start the workers of ``engines`` now, in the background, so that their start-up
        (a second or two for WeasyPrint, which each worker loads) overlaps the caller's own
        work instead of delaying the first job. Workers already running are kept."""
        for engine in engines:
            if engine not in _HANDLERS:
                raise ValueError(f"unknown engine {engine!r}")
            lane = self._lane(engine)
            for _ in range(lane.size):
                lane.jobs.put((_START, next(self._order), None, {}))

    def submit(self, job: Job, *, priority: float = 0.0) -> Future[bytes]:
        """Queue a job; the future gives its bytes or raises :class:`RenderError`.

        Jobs waiting for a worker of the same engine start highest ``priority`` first, jobs
        of equal priority in the order they came. The wall pack gives each job its
        estimated cost, so that a batch ends with small jobs filling the last gaps rather
        than with one long job alone, and a job others wait for the highest.
        """
        return self.submit_all(job, priority=priority)[job.format]

    def submit_all(self, job: Job, *, priority: float = 0.0) -> dict[str, Future[bytes]]:
        """Queue a job that makes several formats (:attr:`Job.also`): a future per format."""
        if job.engine not in _HANDLERS:
            raise ValueError(f"unknown engine {job.engine!r}")
        futures: _Futures = {fmt: Future() for fmt in job.formats}
        cached = self._cache.get(job)
        if cached is not None:
            for fmt, future in futures.items():
                future.set_result(cached[fmt])
            return futures
        self._lane(job.engine).jobs.put((-priority, next(self._order), job, futures))
        return futures

    @property
    def cache_hits(self) -> int:
        """Jobs answered from the cache so far."""
        return self._cache.hits

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
        """Stop every worker (waits for running and queued jobs)."""
        with self._lock:
            self._closed = True
            lanes = list(self._lanes.values())
            self._lanes.clear()
        for lane in lanes:
            for _ in lane.threads:
                lane.jobs.put((_STOP, next(self._order), None, {}))
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
                    _, _, _, futures = lane.jobs.get_nowait()
                except queue.Empty:
                    break
                for future in futures.values():
                    future.cancel()
            for _ in lane.threads:
                lane.jobs.put((_STOP, next(self._order), None, {}))
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
