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
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.report import Report
from ..checks.runner import run_checks
from ..io.files import write_atomic
from ..models.workspace import Workspace
from .api import FORMATS, Options, _committee_title, _journey_title, _localised, _templates
from .engines import DEFAULT_TIMEOUT, EnginePool, Job, RenderError, shared_pool

__all__ = ["Artefact", "PackResult", "build_pack", "plan"]

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


@dataclass
class PackResult:
    """What :func:`build_pack` wrote, what failed, and the check report."""

    out_dir: Path
    report: Report
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


#: Formats of the wall sheet (it has no SVG of its own: it is many cards on big paper).
WALL_FORMATS = ("html", "pdf", "png")

#: Heading of each kind in ``index.html``.
INDEX_KIND = {
    "card": "card",
    "wall": "wall",
    "committee": "diagram",
    "journey": "diagram",
    "poster": "poster",
    "heatmap": "heatmap",
    "report": "report",
}


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
    templates = _templates()
    if isinstance(formats, str):  # "html,pdf" rather than ["html", "pdf"]
        formats = formats.split(",")
    asked = [f.strip().lower() for f in formats if f.strip()]
    wanted = tuple(dict.fromkeys([*asked, *(["png"] if png else [])]))
    unknown = [f for f in wanted if f not in ("html", "svg", "pdf", "png", "dot")]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; use html, svg, pdf, png or dot")
    loc = ws.locale
    items: list[Artefact] = []
    taken: set[str] = set()

    def add(kind: str, title: str, stem: str, **ids: str) -> None:
        allowed = WALL_FORMATS if kind == "wall" else FORMATS[kind]
        chosen = tuple(f for f in wanted if f in allowed)
        if not chosen:
            return
        # Ids differ in case only (or a file system ignores case): keep both files.
        unique, n = stem, 1
        while unique.casefold() in taken:
            n += 1
            unique = f"{stem}~{n}"
        taken.add(unique.casefold())
        items.append(Artefact(kind, title, unique, chosen, **ids))

    for persona in ws.personas:
        add("card", persona.name, f"cards/{persona.id}", target=persona.id)
    if len(ws.personas) > 1:
        add("wall", templates.ui_text("buyer-personas", loc), "wall")
    for committee in ws.committees:
        add(
            "committee",
            _committee_title(ws, committee.id),
            f"committees/{committee.id}",
            target=committee.id,
        )
        for stage in ws.stages:
            if any(m.is_active_in(stage.id) for m in committee.members):
                add(
                    "committee",
                    _committee_title(ws, committee.id, stage.id),
                    f"committee-stages/{committee.id}/{stage.id}",
                    target=committee.id,
                    stage_id=stage.id,
                )
    add("journey", _journey_title(ws), "journey")
    for persona in ws.personas:
        add(
            "journey",
            _journey_title(ws, persona_id=persona.id),
            f"journeys/{persona.id}",
            persona_id=persona.id,
        )
    add("poster", templates.ui_text("journey-map", loc), "poster")
    add("heatmap", templates.ui_text("coverage", loc), "heatmap")
    add("report", templates.ui_text("check-report", loc), "report")
    return items


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise RenderError(f"refusing to write outside the output folder: {relative}")
    return target


def _write(root: Path, relative: str, data: str | bytes) -> Path:
    """Write ``data`` to ``root/relative`` atomically (a temporary file and a rename).

    Refuses a path that leads outside ``root``, also through a symbolic link. A new file
    gets the usual permissions (umask applied), a replaced one keeps its own.
    """
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target = _inside(root, relative)  # again: a folder made meanwhile may be a link
    write_atomic(target, data)
    return target


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

    Raises:
        OSError: if ``out_dir`` cannot be created.
        ValueError: for an unknown format or bad options.

    Example:
        >>> import personajourney as pj
        >>> result = pj.build_pack(pj.load("examples/b2b-software"), "wall")  # doctest: +SKIP
        >>> result.ok, len(result.written)  # doctest: +SKIP
        (True, 52)
    """
    from . import dot as graphs

    templates = _templates()

    started = time.perf_counter()
    options = options or Options()
    ws = _localised(ws, options.locale)
    if report is None:
        report = run_checks(ws)
    items = plan(ws, formats=formats, png=png)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    result = PackResult(root, report)
    theme, dirs, loc = options.theme, options.template_dirs, ws.locale
    total = sum(len(item.formats) for item in items) + 1
    done = 0

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, label)

    def save(relative: str, data: str | bytes) -> None:
        try:
            result.written.append(_write(root, relative, data))
        except (RenderError, OSError) as exc:
            message = str(exc) if isinstance(exc, RenderError) else f"cannot write: {exc}"
            result.failed.append((relative, message))
        tick(relative)

    def fail(relative: str, error: Exception) -> None:
        result.failed.append((relative, str(error)))
        tick(relative)

    def later(relative: str, job: Job) -> None:
        try:
            pending.append((relative, engines.submit(job)))
        except RenderError as exc:
            fail(relative, exc)

    own_pool = pool is None and (workers is not None or timeout is not None)
    if pool is not None:
        engines = pool
    elif own_pool:
        engines = EnginePool(workers, timeout=timeout or DEFAULT_TIMEOUT)
    else:
        engines = shared_pool()
    pending: list[tuple[str, Future[bytes]]] = []
    diagrams: list[tuple[Artefact, Future[bytes]]] = []
    assets = ws.root
    try:
        for item in items:
            try:
                if item.kind in ("committee", "journey"):
                    if item.kind == "committee":
                        assert item.target is not None
                        source = graphs.committee_dot(
                            ws, item.target, stage_id=item.stage_id, report=report, theme=theme
                        )
                    else:
                        source = graphs.journey_dot(
                            ws, report=report, persona_id=item.persona_id, theme=theme
                        )
                    if "dot" in item.formats:
                        save(f"{item.stem}.dot", source)
                    if "png" in item.formats:
                        later(
                            f"{item.stem}.png",
                            Job("graphviz", source, "png", dpi=options.dpi, name=item.stem),
                        )
                    if {"svg", "html", "pdf"} & set(item.formats):
                        diagrams.append(
                            (item, engines.submit(Job("graphviz", source, "svg", name=item.stem)))
                        )
                    continue
                svg = ""
                if item.kind == "card":
                    assert item.target is not None
                    sheet = options.page_for("card")
                    html = templates.card_html(
                        ws, item.target, page=sheet, theme=theme, template_dirs=dirs, report=report
                    )
                    if "svg" in item.formats:
                        svg = templates.card_svg(
                            ws,
                            item.target,
                            page=sheet,
                            theme=theme,
                            template_dirs=dirs,
                            report=report,
                        )
                elif item.kind == "wall":
                    from .paper import page as make_page

                    wall_sheet = make_page(
                        options.paper or "A1",
                        options.orientation or "landscape",
                        bleed=options.bleed,
                        crop_marks=options.crop_marks,
                    )
                    html = templates.wall_sheet_html(
                        ws,
                        [p.id for p in ws.personas],
                        page=wall_sheet,
                        theme=theme,
                        template_dirs=dirs,
                    )
                else:
                    sheet = options.page_for(item.kind)
                    make_html, make_svg = {
                        "poster": (templates.poster_html, templates.poster_svg),
                        "heatmap": (templates.heatmap_html, templates.heatmap_svg),
                        "report": (templates.report_html, templates.report_svg),
                    }[item.kind]
                    html = make_html(ws, report, page=sheet, theme=theme, template_dirs=dirs)
                    if "svg" in item.formats:
                        svg = make_svg(ws, report, page=sheet, theme=theme, template_dirs=dirs)
                if "html" in item.formats:
                    save(f"{item.stem}.html", html)
                if "svg" in item.formats:
                    save(f"{item.stem}.svg", svg)
                for fmt in ("pdf", "png"):
                    if fmt in item.formats:
                        later(
                            f"{item.stem}.{fmt}",
                            Job(
                                "weasyprint",
                                html,
                                fmt,
                                assets=assets,
                                dpi=options.dpi,
                                name=item.stem,
                            ),
                        )
            except (RenderError, ValueError, KeyError, OSError, LookupError) as exc:
                for fmt in item.formats:
                    fail(f"{item.stem}.{fmt}", exc)
            except Exception as exc:  # a template error (a user's template…): this item only
                for fmt in item.formats:
                    fail(f"{item.stem}.{fmt}", RenderError(f"{type(exc).__name__}: {exc}"))
        for item, future in diagrams:
            wanted = [f for f in ("svg", "html", "pdf") if f in item.formats]
            try:
                graph_svg = future.result().decode("utf-8")
                wrapped = templates.page_html(
                    item.title,
                    graph_svg,
                    page=options.page_for(item.kind),
                    theme=theme,
                    template_dirs=dirs,
                    locale=loc,
                )
            except Exception as exc:
                error = exc if isinstance(exc, RenderError) else RenderError(f"{exc}")
                for fmt in wanted:
                    fail(f"{item.stem}.{fmt}", error)
                continue
            if "svg" in item.formats:
                save(f"{item.stem}.svg", graph_svg)
            if "html" in item.formats:
                save(f"{item.stem}.html", wrapped)
            if "pdf" in item.formats:
                later(
                    f"{item.stem}.pdf",
                    Job("weasyprint", wrapped, "pdf", assets=assets, name=item.stem),
                )
        for relative, job_future in pending:
            try:
                data = job_future.result()
            except RenderError as exc:
                fail(relative, exc)
                continue
            save(relative, data)
        failed = {path for path, _ in result.failed}
        entries = [
            (item.title, f"{item.stem}.{fmt}", INDEX_KIND[item.kind])
            for item in items
            for fmt in item.formats
            if f"{item.stem}.{fmt}" not in failed
        ]
        save(
            "index.html", templates.index_html(entries, ws, report, theme=theme, template_dirs=dirs)
        )
    finally:
        if own_pool:
            engines.close()
    result.seconds = time.perf_counter() - started
    return result
