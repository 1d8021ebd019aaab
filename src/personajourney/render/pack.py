"""The wall pack: every artefact of a workspace, in every format, in one folder.

``build_pack`` checks the workspace, then writes an ``index.html`` that links a persona card
per persona, a wall sheet of all cards, a committee map per committee (overall and per stage,
since influence shifts during a purchase), the journey diagram (overall and per persona), the
journey-map poster, the coverage heatmap and the check report — each as HTML, SVG and PDF,
and PNG on request. Engine work runs in parallel worker processes; an artefact that fails is
reported and the rest are still written. Files are written atomically and never outside the
chosen folder.

Layout of the folder (``<id>`` are the model's ids, which cannot contain ``/``; fixed names
sit where no id-derived name can, so no two artefacts share a file)::

    index.html
    cards/<persona>.{html,svg,pdf,png}
    wall.{html,pdf,png}                          (with more than one persona)
    committees/<committee>.{html,svg,pdf,png,dot}
    committee-stages/<committee>/<stage>.{…}     (stages the committee takes part in)
    journey.{html,svg,pdf,png,dot}
    journeys/<persona>.{…}
    poster.{html,svg,pdf,png}
    heatmap.{…}
    report.{…}
    .personajourney-manifest.json                what this build wrote

The folder is the pack's own: ``build_pack`` records every file it writes in
``.personajourney-manifest.json`` (path and SHA-256) and, on the next build into the same
folder, removes the files of the earlier build that the model no longer has (the card of a
persona that was deleted). It removes only a file the manifest lists, that lies inside the
folder (no ``..``, no link), and whose content is still what the build wrote, so a user's own
file in the folder, or one they edited, is never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.report import Report
from ..io.files import write_atomic
from ..models.workspace import Workspace
from . import artefacts
from .api import Options
from .artefacts import ARTEFACTS, Request, Selection
from .engines import DEFAULT_TIMEOUT, Engine, EnginePool, Job, RenderError, shared_pool

__all__ = [
    "LOCK_NAME",
    "MANIFEST_NAME",
    "Artefact",
    "PackResult",
    "build_pack",
    "lock_holder",
    "plan",
    "read_manifest",
    "write_inside",
]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Artefact:
    """One thing the pack contains, and the formats it is written in."""

    kind: str
    title: str
    stem: str
    """Path inside the pack without suffix, e.g. ``cards/hr-hanna``."""
    formats: tuple[str, ...]
    target: str | None = None
    stage_id: str | None = None
    persona_id: str | None = None
    member_id: str | None = None

    @property
    def selection(self) -> Selection:
        """Which one of its kind it is."""
        return Selection(self.target, self.stage_id, self.persona_id, self.member_id)


@dataclass
class PackResult:
    """What :func:`build_pack` wrote, what failed, and the check report."""

    out_dir: Path
    report: Report
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    removed: list[Path] = field(default_factory=list)
    """Files of an earlier build into the folder that the model no longer has."""

    @property
    def ok(self) -> bool:
        return not self.failed


#: Formats of the wall sheet (deprecated: read ``artefacts.kind("wall").formats``).
WALL_FORMATS = artefacts.kind("wall").formats

#: Heading of each kind in ``index.html`` (deprecated: read ``artefacts.kind(k).heading``).
INDEX_KIND = {row.name: row.heading for row in ARTEFACTS}

#: Every format the pack can write.
PACK_FORMATS = ("html", "svg", "pdf", "png", "dot")


def plan(
    ws: Workspace, *, formats: Iterable[str] = ("html", "svg", "pdf"), png: bool = False
) -> list[Artefact]:
    """The artefacts of a workspace's wall pack, in a stable order.

    Each artefact keeps the asked formats it can be made in (``dot`` only for diagrams, no
    ``svg`` for the wall sheet); one left with none is left out. ``formats`` may also be
    one comma-separated string. Titles are in the
    workspace's language.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> for artefact in plan(ws, formats=["html", "dot"])[:3]:
        ...     print(artefact.stem, artefact.formats)
        cards/hr-hanna ('html',)
        journey ('html', 'dot')
        journeys/hr-hanna ('html', 'dot')

    Raises:
        ValueError: for a format other than html, svg, pdf, png and dot.
    """
    if isinstance(formats, str):  # "html,pdf" rather than ["html", "pdf"]
        formats = formats.split(",")
    asked = [f.strip().lower() for f in formats if f.strip()]
    wanted = tuple(dict.fromkeys([*asked, *(["png"] if png else [])]))
    unknown = [f for f in wanted if f not in PACK_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; use html, svg, pdf, png or dot")
    items: list[Artefact] = []
    taken: set[str] = set()
    for row in ARTEFACTS:
        chosen = tuple(f for f in wanted if f in row.formats)
        if not chosen:
            continue
        for stem, selection in row.instances(ws):
            # Ids differ in case only (or a file system ignores case): keep both files.
            unique, n = stem, 1
            while unique.casefold() in taken:
                n += 1
                unique = f"{stem}~{n}"
            taken.add(unique.casefold())
            title = row.title(ws, selection)
            items.append(Artefact(row.name, title, unique, chosen, **selection.given()))
    return items


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise RenderError(f"refusing to write outside the output folder: {relative}")
    return target


def write_inside(root: Path, relative: str, data: str | bytes) -> Path:
    """Write ``data`` to ``root/relative`` atomically (a temporary file and a rename).

    Refuses a path that leads outside ``root``, also through a symbolic link. A new file
    gets the usual permissions (umask applied), a replaced one keeps its own.

    Raises:
        RenderError: for a path that leads outside ``root``.
        OSError: when the file cannot be written.
    """
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target = _inside(root, relative)  # again: a folder made meanwhile may be a link
    write_atomic(target, data)
    return target


_write = write_inside  # the old private name, for one release

#: The lock file a build holds in its output folder while it writes.
LOCK_NAME = ".personajourney.lock"


def lock_holder(out_dir: str | os.PathLike[str]) -> int | None:
    """The process id of a build writing into ``out_dir`` now (0 when it cannot be read),
    or ``None`` when a build would start at once.

    Example:
        >>> lock_holder("a folder nobody builds into") is None
        True
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: builds take no lock
        return None
    try:
        fd = os.open(Path(out_dir) / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@contextlib.contextmanager
def _folder_lock(root: Path) -> Iterator[None]:
    """Hold ``root`` for one build: wait while another build (any process) holds it.

    An exclusive ``flock`` on ``root/.personajourney.lock``, which holds the holder's process
    id. The kernel releases it when the holder ends, however it ends (``kill -9`` included),
    so a lock is never stale. The holder removes the file before it lets go; a build that
    was waiting on the removed file then finds it gone (or made anew) and takes the lock
    again, on the file that is there.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    path = root / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        fd = os.open(path, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                current = None
            if current is not None and os.path.samestat(os.fstat(fd), current):
                break
        except BaseException:  # an interrupt while waiting
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def build_pack(
    ws: Workspace,
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = ("html", "svg", "pdf"),
    png: bool = False,
    options: Options | None = None,
    workers: int | None = None,
    timeout: float | None = None,
    report: Report | None = None,
    progress: Progress | None = None,
    pool: EnginePool | None = None,
) -> PackResult:
    """Write the wall pack of ``ws`` into ``out_dir`` (created if missing).

    Args:
        ws: The workspace.
        out_dir: The folder to write to; nothing is written outside it.
        formats: Formats to write (html, svg, pdf, png, dot); each artefact is written in
            those it can be made in (see :func:`plan`).
        png: Also write PNG images.
        options: Paper, theme, templates, locale, bleed, crop marks, PNG resolution.
        workers: Engine processes per engine; with ``workers`` or ``timeout`` the pack gets
            its own pool, else it uses ``pool`` or the process-wide one.
        timeout: Seconds one engine job may take.
        report: Check results to draw (run, in the rendering locale, when omitted).
        progress: Called as ``progress(done, total, path)`` after each file.
        pool: Engine workers to use.

    Returns:
        What was written (``index.html`` last), what failed and why, and the report. An
        artefact that fails is left out of the index; the others are still written.

    One build at a time writes into a folder: a build holds a lock on ``out_dir`` (the file
    ``.personajourney.lock`` in it, there only while the build runs) and a second build
    into the same folder, from any process, waits until the first has finished, so two
    packs are never mixed. :func:`lock_holder` tells whether a build would wait.

    Raises:
        OSError: if ``out_dir`` cannot be created.
        ValueError: for an unknown format or bad options.

    Example:
        >>> import personajourney as pj
        >>> result = pj.build_pack(pj.load("examples/b2b-software"), "wall")  # doctest: +SKIP
        >>> result.ok, len(result.written)  # doctest: +SKIP
        (True, 52)
    """
    started = time.perf_counter()
    options = options or Options()
    ws, report = options.prepare(ws, report)
    items = plan(ws, formats=formats, png=png)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    result = PackResult(root.resolve(), report)
    own_pool = pool is None and (workers is not None or timeout is not None)
    if pool is not None:
        engines = pool
    elif own_pool:
        engines = EnginePool(workers, timeout=timeout or DEFAULT_TIMEOUT)
    else:
        engines = shared_pool()
    total = sum(len(item.formats) for item in items) + 1
    writer = _Writer(ws, report, options, engines, result, total, progress)
    try:
        with _folder_lock(result.out_dir):
            previous = read_manifest(result.out_dir)
            writer.write(items)
            stems = {artefact.stem for artefact in plan(ws, formats=PACK_FORMATS)}
            _settle(result, previous, writer.digests, stems)
    except BaseException:  # an error or an interrupt: stop the engines at once
        if own_pool:
            engines.terminate()
        raise
    if own_pool:
        engines.close()
    result.seconds = time.perf_counter() - started
    return result


class _Writer:
    """Writes one pack: text now, engine work queued, then the engines' files, index last.

    The engines' workers start first, while the text is made. Jobs go to them as soon as
    their text is ready, and each worker takes the costliest job waiting (see
    :func:`_cost`), so the pack does not end with one long job alone. A page asked for as
    PDF and PNG is one job: laid out once, the PNG is the PDF's first page. A diagram's
    page (and its PDF) is made as soon as Graphviz returns its SVG. Files are saved, and
    failures listed, in the plan's order whatever order the jobs end in.
    """

    def __init__(
        self,
        ws: Workspace,
        report: Report,
        options: Options,
        engines: EnginePool,
        result: PackResult,
        total: int,
        progress: Progress | None,
    ) -> None:
        self.ws, self.report, self.options, self.engines = ws, report, options, engines
        self.result, self.total, self.progress = result, total, progress
        self.done = 0
        self.digests: dict[str, str] = {}
        """SHA-256 of each file written, by its path in the folder."""
        self.pending: list[tuple[str, Future[bytes]]] = []
        self.diagrams: list[tuple[Artefact, Future[bytes]]] = []
        self.pages: dict[Future[bytes], tuple[str, str, Future[bytes] | None] | Exception] = {}
        """A diagram's SVG, its page and that page's PDF job (or why it failed), by the
        future of its SVG."""

    def write(self, items: list[Artefact]) -> None:
        self.start_engines(items)
        for item in items:
            try:
                self.start(item)
            except (RenderError, ValueError, KeyError, OSError, LookupError) as exc:
                for fmt in item.formats:
                    self.fail(f"{item.stem}.{fmt}", exc)
            except Exception as exc:  # a template error (a user's template…): this item only
                for fmt in item.formats:
                    self.fail(f"{item.stem}.{fmt}", RenderError(f"{type(exc).__name__}: {exc}"))
        self.make_pages()
        for item, future in self.diagrams:
            self.finish_diagram(item, future)
        for relative, job_future in self.pending:
            try:
                data = job_future.result()
            except RenderError as exc:
                self.fail(relative, exc)
                continue
            self.save(relative, data)
        self.write_index(items)

    def start_engines(self, items: list[Artefact]) -> None:
        """Start the workers of the engines this pack needs, before its text is made."""
        needed: list[Engine] = []
        diagrams = [i for i in items if artefacts.kind(i.kind).source == "dot"]
        sheets = [i for i in items if artefacts.kind(i.kind).source != "dot"]
        if any({"pdf", "png"} & set(i.formats) for i in sheets) or any(
            "pdf" in i.formats for i in diagrams
        ):
            needed.append("weasyprint")
        if any({"svg", "html", "pdf", "png"} & set(i.formats) for i in diagrams):
            needed.append("graphviz")
        with contextlib.suppress(RenderError):  # a closed pool: each job says so
            self.engines.start(*needed)

    # -- progress and files ----------------------------------------------------------------

    def tick(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)

    def save(self, relative: str, data: str | bytes) -> None:
        try:
            self.result.written.append(write_inside(self.result.out_dir, relative, data))
            raw = data.encode("utf-8") if isinstance(data, str) else data
            self.digests[relative] = hashlib.sha256(raw).hexdigest()
        except (RenderError, OSError) as exc:
            message = str(exc) if isinstance(exc, RenderError) else f"cannot write: {exc}"
            self.result.failed.append((relative, message))
        self.tick(relative)

    def fail(self, relative: str, error: Exception) -> None:
        self.result.failed.append((relative, str(error)))
        self.tick(relative)

    def later(self, relatives: dict[str, str], job: Job, cost: float) -> None:
        """Queue ``job``; ``relatives`` names the file of each of its formats."""
        try:
            futures = self.engines.submit_all(job, priority=cost)
        except RenderError as exc:
            for relative in relatives.values():
                self.fail(relative, exc)
            return
        for fmt, relative in relatives.items():
            self.pending.append((relative, futures.get(fmt, futures[job.format])))

    # -- artefacts -------------------------------------------------------------------------

    def start(self, item: Artefact) -> None:
        """Write what is text now; queue what the engines make."""
        row = artefacts.kind(item.kind)
        wanted = frozenset({"html", *(["svg"] if "svg" in item.formats else [])})
        req = Request(self.ws, item.selection, self.report, self.options, wanted)
        sources = row.make(req)
        if sources.dot is not None:
            self.start_diagram(item, sources.dot)
            return
        html = sources.html or ""
        if "html" in item.formats:
            self.save(f"{item.stem}.html", html)
        if "svg" in item.formats:
            self.save(f"{item.stem}.svg", sources.svg or "")
        engine_formats = [fmt for fmt in ("pdf", "png") if fmt in item.formats]
        if engine_formats:
            first, *also = engine_formats
            job = Job(
                "weasyprint",
                html,
                first,
                assets=self.ws.assets,
                dpi=self.options.dpi,
                name=item.stem,
                also=tuple(also),
            )
            page = self.options.page_for(item.kind)
            dpi = self.options.dpi if "png" in engine_formats else 0
            cost = _cost(html, page.width, page.height, dpi)
            self.later({fmt: f"{item.stem}.{fmt}" for fmt in engine_formats}, job, cost)

    def start_diagram(self, item: Artefact, source: str) -> None:
        if "dot" in item.formats:
            self.save(f"{item.stem}.dot", source)
        if {"svg", "html", "pdf"} & set(item.formats):
            # First in the Graphviz queue: the page and its PDF wait for this SVG.
            job = Job("graphviz", source, "svg", name=item.stem)
            future = self.engines.submit(job, priority=_FIRST)
            self.diagrams.append((item, future))
        if "png" in item.formats:
            job = Job("graphviz", source, "png", dpi=self.options.dpi, name=item.stem)
            self.later({"png": f"{item.stem}.png"}, job, len(source) / _BYTES_PER_SECOND)

    def make_pages(self) -> None:
        """Each diagram's page around its SVG, and that page's PDF job, as the SVGs come."""
        waiting = list(self.diagrams)
        while waiting:
            done, _ = wait([future for _, future in waiting], return_when=FIRST_COMPLETED)
            for item, future in waiting:
                if future in done:
                    self.pages[future] = self.make_page(item, future)
            waiting = [(item, future) for item, future in waiting if future not in done]

    def make_page(
        self, item: Artefact, future: Future[bytes]
    ) -> tuple[str, str, Future[bytes] | None] | Exception:
        from . import html

        options = self.options
        try:
            graph_svg = future.result().decode("utf-8")
            wrapped = html.page_html(
                item.title,
                graph_svg,
                page=options.page_for(item.kind),
                theme=options.theme,
                template_dirs=options.template_dirs,
                locale=self.ws.locale,
            )
        except Exception as exc:
            return exc if isinstance(exc, RenderError) else RenderError(f"{exc}")
        pdf: Future[bytes] | None = None
        if "pdf" in item.formats:
            job = Job("weasyprint", wrapped, "pdf", assets=self.ws.assets, name=item.stem)
            page = options.page_for(item.kind)
            try:
                pdf = self.engines.submit(job, priority=_cost(wrapped, page.width, page.height))
            except RenderError as exc:
                pdf = Future()
                pdf.set_exception(exc)
        return graph_svg, wrapped, pdf

    def finish_diagram(self, item: Artefact, future: Future[bytes]) -> None:
        """Save the diagram's SVG and page, and list its PDF with the files to wait for."""
        made = self.pages[future]
        if isinstance(made, Exception):
            for fmt in ("svg", "html", "pdf"):
                if fmt in item.formats:
                    self.fail(f"{item.stem}.{fmt}", made)
            return
        graph_svg, wrapped, pdf = made
        if "svg" in item.formats:
            self.save(f"{item.stem}.svg", graph_svg)
        if "html" in item.formats:
            self.save(f"{item.stem}.html", wrapped)
        if pdf is not None:
            self.pending.append((f"{item.stem}.pdf", pdf))

    def write_index(self, items: list[Artefact]) -> None:
        """``index.html``: every file written, under its kind's heading."""
        from . import html

        failed = {path for path, _ in self.result.failed}
        entries = [
            (
                item.title,
                f"{item.stem}.{fmt}",
                artefacts.kind(item.kind).heading,
                _findings_on(self.ws, self.report, item),
            )
            for item in items
            for fmt in item.formats
            if f"{item.stem}.{fmt}" not in failed
        ]
        options = self.options
        index = html.index_html(
            entries,
            self.ws,
            self.report,
            theme=options.theme,
            template_dirs=options.template_dirs,
        )
        self.save("index.html", index)


def _findings_on(ws: Workspace, report: Report, item: Artefact) -> int:
    """How many findings ``item`` is about: those of its persona (a card, a persona's
    journey), of any persona (the wall), of its committee and members (a committee map);
    every finding for an artefact of the whole workspace."""
    if item.kind == "card" or (item.kind == "journey" and item.persona_id):
        key = f"persona:{item.target or item.persona_id}"
        return sum(key in f.nodes for f in report.findings)
    if item.kind == "journey" and item.member_id:
        key = f"member:{item.member_id}"
        return sum(key in f.nodes for f in report.findings)
    if item.kind == "wall":
        keys = {f"persona:{p.id}" for p in ws.personas}
        return sum(bool(keys.intersection(f.nodes)) for f in report.findings)
    if item.kind == "committee":
        keys = {f"committee:{item.target}"}
        keys.update(f"member:{m.id}" for c, m in ws.members() if c.id == item.target)
        return sum(bool(keys.intersection(f.nodes)) for f in report.findings)
    return len(report.findings)


#: Priority of a job others wait for (a diagram's SVG): before every estimated cost.
_FIRST = 1e9
#: Rough engine speeds on this kind of machine, only to order the jobs, costliest first.
_BYTES_PER_SECOND = 100_000
_PIXELS_PER_SECOND = 20_000_000


def _cost(source: str, width_mm: float, height_mm: float, dpi: int = 0) -> float:
    """Estimated seconds of an engine job: its text, and the pixels of a PNG (0 ``dpi``:
    none). Only the order matters: the wall and the poster as PNG first, a card last."""
    pixels = (width_mm / 25.4 * dpi) * (height_mm / 25.4 * dpi)
    return 0.3 + len(source) / _BYTES_PER_SECOND + pixels / _PIXELS_PER_SECOND


#: The file in the output folder that lists what the last build wrote.
MANIFEST_NAME = ".personajourney-manifest.json"


def read_manifest(out_dir: str | os.PathLike[str]) -> dict[str, str]:
    """What the last build into ``out_dir`` wrote: SHA-256 by path in the folder.

    A missing, unreadable or malformed manifest lists nothing (so nothing is removed);
    entries that are not a plain relative path inside the folder are dropped.

    Example:
        >>> read_manifest("a folder with no pack")
        {}
    """
    path = Path(out_dir) / MANIFEST_NAME
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        name: digest
        for name, digest in files.items()
        if isinstance(name, str) and isinstance(digest, str) and _plain(name)
    }


def _plain(relative: str) -> bool:
    """A relative POSIX path of plain names: no ``..``, ``.``, empty part, ``\\`` or NUL."""
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return False
    return all(part not in ("", ".", "..") for part in relative.split("/"))


def _owned(root: Path, relative: str, digest: str) -> Path | None:
    """The file ``relative`` names if the pack may remove it: inside ``root`` through no
    link, a regular file, with the content the build wrote. Else ``None``."""
    if not _plain(relative) or relative == MANIFEST_NAME:
        return None
    current = root
    for part in relative.split("/"):
        current = current / part
        if current.is_symlink():
            return None
    try:
        if not current.resolve().is_relative_to(root) or not current.is_file():
            return None
        with open(current, "rb") as file:
            found = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
    return current if found == digest else None


def _settle(
    result: PackResult, previous: dict[str, str], digests: dict[str, str], stems: set[str]
) -> None:
    """Remove what the last build wrote and the model no longer has; record this build.

    ``stems`` are the model's artefacts (paths without suffix). A file of an artefact the
    model still has is kept, in any format, also one not asked for this time (a build of
    HTML only keeps the PDFs) or one that failed, and stays in the manifest.
    """
    root = result.out_dir
    record = dict(digests)
    for relative, digest in sorted(previous.items()):
        if relative in record:
            continue
        if relative == "index.html" or relative.rpartition(".")[0] in stems:
            record[relative] = digest  # not made this time: the earlier file stays
            continue
        path = _owned(root, relative, digest)
        if path is None:
            continue
        try:
            path.unlink()
        except OSError:
            record[relative] = digest
            continue
        result.removed.append(path)
        parent = path.parent
        while parent != root and parent.is_relative_to(root):
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent
    text = json.dumps({"version": 1, "files": dict(sorted(record.items()))}, indent=1)
    try:
        write_inside(root, MANIFEST_NAME, text + "\n")
    except (RenderError, OSError) as exc:
        result.failed.append((MANIFEST_NAME, str(exc)))
