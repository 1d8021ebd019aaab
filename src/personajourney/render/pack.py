"""The wall pack: every artefact of a workspace, in every format, in one folder.

``build_pack`` checks the workspace, then writes an ``index.html`` that links a persona card
per persona, a wall sheet of all cards, a committee map per committee (overall and per stage,
since influence shifts during a purchase), the journey diagram (overall and per persona), the
journey-map poster, the coverage heatmap and the check report — each as HTML, SVG and PDF,
and PNG on request. Engine work runs in parallel worker processes; an artefact that fails is
reported and the rest are still written. Files are written atomically and never outside the
chosen folder.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.report import Report, run_checks
from ..models.workspace import Workspace
from .api import Options, _localised
from .engines import EnginePool, Job, RenderError

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


def plan(
    ws: Workspace, *, formats: Iterable[str] = ("html", "svg", "pdf"), png: bool = False
) -> list[Artefact]:
    """The artefacts of a workspace's wall pack, in a stable order."""
    wanted = tuple(dict.fromkeys([*formats, *(["png"] if png else [])]))
    items: list[Artefact] = []
    for persona in ws.personas:
        items.append(
            Artefact("card", persona.name, f"cards/{persona.id}", wanted, target=persona.id)
        )
    if len(ws.personas) > 1:
        items.append(
            Artefact(
                "wall",
                "Persona wall",
                "cards/wall",
                tuple(f for f in wanted if f in ("html", "pdf")),
            )
        )
    for committee in ws.committees:
        items.append(
            Artefact(
                "committee",
                committee.name,
                f"committees/{committee.id}",
                wanted,
                target=committee.id,
            )
        )
        for stage in ws.stages:
            if any(m.is_active_in(stage.id) for m in committee.members):
                items.append(
                    Artefact(
                        "committee",
                        f"{committee.name} — {ws.label_of(stage)}",
                        f"committees/{committee.id}--{stage.id}",
                        wanted,
                        target=committee.id,
                        stage_id=stage.id,
                    )
                )
    items.append(Artefact("journey", "Journey", "journey/journey", wanted))
    for persona in ws.personas:
        items.append(
            Artefact(
                "journey",
                f"Journey — {persona.name}",
                f"journey/{persona.id}",
                wanted,
                persona_id=persona.id,
            )
        )
    items.append(Artefact("poster", "Journey map", "poster", wanted))
    items.append(Artefact("heatmap", "Coverage", "heatmap", wanted))
    items.append(Artefact("report", "Check report", "report", wanted))
    return items


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise RenderError(f"refusing to write outside the output folder: {relative}")
    return target


def _write(root: Path, relative: str, data: str | bytes) -> Path:
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def build_pack(
    ws: Workspace,
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = ("html", "svg", "pdf"),
    png: bool = False,
    options: Options | None = None,
    workers: int | None = None,
    report: Report | None = None,
    progress: Progress | None = None,
    pool: EnginePool | None = None,
) -> PackResult:
    """Write the wall pack of ``ws`` into ``out_dir`` (created if missing).

    Example:
        >>> import personajourney as pj
        >>> from personajourney.render.pack import build_pack
        >>> result = build_pack(pj.load("examples/b2b-software"), "wall")  # doctest: +SKIP
        >>> result.ok, len(result.written)  # doctest: +SKIP
        (True, 61)
    """
    from . import dot as graphs
    from .api import _templates

    templates = _templates()

    started = time.perf_counter()
    options = options or Options()
    ws = _localised(ws, options.locale)
    report = report or run_checks(ws)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    result = PackResult(root, report)
    items = plan(ws, formats=formats, png=png)
    theme, dirs = options.theme, options.template_dirs
    total = sum(len(item.formats) for item in items) + 1
    done = 0

    def tick(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, label)

    def save(relative: str, data: str | bytes) -> None:
        result.written.append(_write(root, relative, data))
        tick(relative)

    def fail(relative: str, error: Exception) -> None:
        result.failed.append((relative, str(error)))
        tick(relative)

    own_pool = pool is None
    engines = pool or EnginePool(workers, timeout=options.extra.get("timeout", 120.0))
    pending: list[tuple[str, Future[bytes]]] = []
    diagrams: list[tuple[Artefact, Future[bytes]]] = []
    assets = ws.root
    try:
        for item in items:
            sheet = options.page_for("card" if item.kind == "wall" else item.kind)
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
                        pending.append(
                            (
                                f"{item.stem}.png",
                                engines.submit(
                                    Job("graphviz", source, "png", dpi=options.dpi, name=item.stem)
                                ),
                            )
                        )
                    if {"svg", "html", "pdf"} & set(item.formats):
                        diagrams.append(
                            (item, engines.submit(Job("graphviz", source, "svg", name=item.stem)))
                        )
                    continue
                if item.kind == "card":
                    assert item.target is not None
                    html = templates.card_html(
                        ws, item.target, page=sheet, theme=theme, template_dirs=dirs, report=report
                    )
                    svg = templates.card_svg(
                        ws, item.target, page=sheet, theme=theme, template_dirs=dirs, report=report
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
                    svg = ""
                else:
                    make_html, make_svg = {
                        "poster": (templates.poster_html, templates.poster_svg),
                        "heatmap": (templates.heatmap_html, templates.heatmap_svg),
                        "report": (templates.report_html, templates.report_svg),
                    }[item.kind]
                    html = make_html(ws, report, page=sheet, theme=theme, template_dirs=dirs)
                    svg = make_svg(ws, report, page=sheet, theme=theme, template_dirs=dirs)
                if "html" in item.formats:
                    save(f"{item.stem}.html", html)
                if "svg" in item.formats and svg:
                    save(f"{item.stem}.svg", svg)
                for fmt in ("pdf", "png"):
                    if fmt in item.formats:
                        pending.append(
                            (
                                f"{item.stem}.{fmt}",
                                engines.submit(
                                    Job(
                                        "weasyprint",
                                        html,
                                        fmt,
                                        assets=assets,
                                        dpi=options.dpi,
                                        name=item.stem,
                                    )
                                ),
                            )
                        )
            except (RenderError, ValueError, KeyError) as exc:
                for fmt in item.formats:
                    fail(f"{item.stem}.{fmt}", exc)
        for item, future in diagrams:
            sheet = options.page_for(item.kind)
            try:
                graph_svg = future.result().decode("utf-8")
            except RenderError as exc:
                for fmt in ("svg", "html", "pdf"):
                    if fmt in item.formats:
                        fail(f"{item.stem}.{fmt}", exc)
                continue
            if "svg" in item.formats:
                save(f"{item.stem}.svg", graph_svg)
            wrapped = templates.page_html(item.title, graph_svg, page=sheet, theme=theme)
            if "html" in item.formats:
                save(f"{item.stem}.html", wrapped)
            if "pdf" in item.formats:
                pending.append(
                    (
                        f"{item.stem}.pdf",
                        engines.submit(
                            Job("weasyprint", wrapped, "pdf", assets=assets, name=item.stem)
                        ),
                    )
                )
        for relative, future in pending:
            try:
                save(relative, future.result())
            except RenderError as exc:
                fail(relative, exc)
        failed = {path for path, _ in result.failed}
        entries = []
        for item in items:
            for fmt in item.formats:
                relative = f"{item.stem}.{fmt}"
                if relative not in failed and (item.kind != "wall" or fmt != "svg"):
                    entries.append((item.title, relative, item.kind))
        save(
            "index.html", templates.index_html(entries, ws, report, theme=theme, template_dirs=dirs)
        )
    finally:
        if own_pool:
            engines.close()
    result.seconds = time.perf_counter() - started
    return result
