"""Render one artefact: ``render_card``, ``render_journey``… return text or bytes.

Text formats (``html``, ``svg`` for template artefacts, ``dot``) are made in this process
and are deterministic. Engine formats (``png``, ``pdf``, and ``svg`` of Graphviz diagrams)
run in worker processes (see :mod:`personajourney.render.engines`).
"""

from __future__ import annotations

from ..checks.report import Report
from ..models.entities import Persona
from ..models.workspace import Workspace
from . import artefacts
from .artefacts import ArtefactKind, Options, Request, Selection, Sources
from .engines import EnginePool, Job, shared_pool
from .paper import Orientation
from .standalone import persona_workspace

__all__ = [
    "FORMATS",
    "KINDS",
    "Options",
    "render",
    "render_card",
    "render_committee",
    "render_heatmap",
    "render_journey",
    "render_poster",
    "render_report",
]

#: The kinds :func:`render` makes (from :mod:`~personajourney.render.artefacts`).
KINDS: tuple[str, ...] = artefacts.KINDS

#: Formats each kind can be rendered to.
FORMATS: dict[str, tuple[str, ...]] = {name: artefacts.kind(name).formats for name in KINDS}

#: Default paper per kind: (name, orientation).
DEFAULT_PAPER: dict[str, tuple[str, Orientation]] = {
    name: artefacts.kind(name).paper for name in KINDS
}


def _text_or_engine(
    row: ArtefactKind,
    fmt: str,
    req: Request,
    sources: Sources,
    pool: EnginePool | None,
    title: str,
) -> str | bytes:
    """The artefact in ``fmt``: its text as made, or what an engine makes of it."""
    engines = pool or shared_pool()
    options, assets = req.options, req.ws.assets
    if sources.dot is not None:
        return _diagram(row, fmt, req, sources.dot, engines, title)
    if fmt == "html" and sources.html is not None:
        return sources.html
    if fmt == "svg" and sources.svg is not None:
        return sources.svg
    if fmt in ("pdf", "png") and sources.html is not None:
        job = Job("weasyprint", sources.html, fmt, assets=assets, dpi=options.dpi, name=title)
        return engines.run(job)
    raise ValueError(f"{row.name} cannot be rendered as {fmt!r}; use one of {row.formats}")


def _diagram(
    row: ArtefactKind, fmt: str, req: Request, dot: str, engines: EnginePool, title: str
) -> str | bytes:
    """A Graphviz diagram as DOT, PNG, SVG, or an HTML page around the SVG (and its PDF)."""
    from . import html

    options = req.options
    if fmt == "dot":
        return dot
    if fmt == "png":
        return engines.run(Job("graphviz", dot, "png", dpi=options.dpi, name=title))
    graph_svg = engines.run(Job("graphviz", dot, "svg", name=title)).decode("utf-8")
    if fmt == "svg":
        return graph_svg
    wrapped = html.page_html(
        row.title(req.ws, req.selection),
        graph_svg,
        page=options.page_for(row.name),
        theme=options.theme,
        template_dirs=options.template_dirs,
        locale=req.ws.locale,
    )
    if fmt == "html":
        return wrapped
    return engines.run(Job("weasyprint", wrapped, fmt, assets=req.ws.assets, name=title))


def _renderable(kind: str, fmt: str) -> ArtefactKind:
    """The row of ``kind``, if it can be rendered in ``fmt``."""
    row = artefacts.kind(kind) if kind in KINDS else None
    if row is None:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if fmt not in row.formats:
        raise ValueError(f"{kind} cannot be rendered as {fmt!r}; use one of {row.formats}")
    return row


def render(
    kind: str,
    ws: Workspace,
    *,
    format: str,
    target: str | None = None,
    stage_id: str | None = None,
    persona_id: str | None = None,
    member_id: str | None = None,
    report: Report | None = None,
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """Render one artefact of a workspace.

    Args:
        kind: ``card``, ``committee``, ``journey``, ``poster``, ``heatmap`` or ``report``.
        ws: The workspace.
        format: One of :data:`FORMATS` for the kind.
        target: The persona id (card) or committee id (committee); the first when omitted.
        stage_id: For committee maps: influence and activity in this stage.
        persona_id: Filter a journey diagram or poster to one persona.
        member_id: Filter a journey diagram to one committee member.
        report: Check results to draw on the artefact (run when omitted).
        options: Paper, theme, templates, locale, bleed and crop marks.
        pool: Engine workers to use (a shared pool when omitted).

    Returns:
        ``str`` for html, svg (template artefacts and Graphviz SVG) and dot; ``bytes`` for
        png and pdf.

    Raises:
        ValueError: for an unknown kind, format or id (naming the closest ids), or a
            selection that does not apply to the kind (``stage_id`` for a card…).
        RenderError: when an engine fails (crash, time or memory limit).
    """
    row = _renderable(kind, format)
    selection = Selection(target, stage_id, persona_id, member_id)
    row.refuse(selection)
    options = options or Options()
    ws, report = options.prepare(ws, report)
    selection = row.resolve(ws, selection)
    wanted = frozenset({"svg"} if format == "svg" else {"html"})
    req = Request(ws, selection, report, options, wanted)
    sources = row.make(req)
    title = row.title(ws, selection) if row.job_title else row.name
    return _text_or_engine(row, format, req, sources, pool, title)


def render_card(
    persona: Persona | Workspace,
    persona_id: str | None = None,
    *,
    workspace: Workspace | None = None,
    format: str = "html",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """A persona card: ``str`` for html and svg, ``bytes`` for pdf and png.

    Pass a :class:`Persona` (optionally with the ``workspace`` it belongs to, for motive and
    channel names), or a workspace and a persona id (the first persona when omitted).

    Example:
        >>> import personajourney as pj
        >>> svg = pj.render_card(pj.Persona(id="hr-hanna", name="HR-Hanna"), format="svg")
        >>> "<svg" in svg and "HR-Hanna" in svg
        True
        >>> pdf = pj.render_card(ws, "hr-hanna", format="pdf")  # doctest: +SKIP
    """
    target: str | None
    if isinstance(persona, Persona):
        ws = workspace if workspace is not None else persona_workspace(persona)
        target = persona.id
    else:
        ws, target = persona, persona_id
    return render("card", ws, format=format, target=target, options=options, pool=pool)


def render_committee(
    ws: Workspace,
    committee_id: str | None = None,
    *,
    stage_id: str | None = None,
    format: str = "svg",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """A committee map (members by influence and role, introductions, reach).

    The first committee when ``committee_id`` is omitted; with ``stage_id``, influence and
    activity in that stage. ``str`` for svg, html and dot, ``bytes`` for pdf and png.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.load("examples/b2b-software")  # doctest: +SKIP
        >>> svg = pj.render_committee(ws, stage_id="purchase-decision")  # doctest: +SKIP
    """
    return render(
        "committee",
        ws,
        format=format,
        target=committee_id,
        stage_id=stage_id,
        options=options,
        pool=pool,
    )


def render_journey(
    ws: Workspace,
    *,
    persona_id: str | None = None,
    member_id: str | None = None,
    format: str = "svg",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """The journey diagram, overall or for one persona or member.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> pj.render_journey(ws, format="dot").startswith("digraph")
        True
    """
    return render(
        "journey",
        ws,
        format=format,
        persona_id=persona_id,
        member_id=member_id,
        options=options,
        pool=pool,
    )


def render_poster(
    ws: Workspace,
    *,
    persona_id: str | None = None,
    format: str = "html",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """The journey-map poster (stages × lanes, emotion curve, gaps), A2 landscape by default.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> pj.render_poster(ws).startswith("<!DOCTYPE html>")
        True
    """
    return render("poster", ws, format=format, persona_id=persona_id, options=options, pool=pool)


def render_heatmap(
    ws: Workspace,
    *,
    format: str = "svg",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """The coverage heatmap: stage × persona and stage × member.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> "HR-Hanna" in pj.render_heatmap(ws)
        True
    """
    return render("heatmap", ws, format=format, options=options, pool=pool)


def render_report(
    ws: Workspace,
    *,
    report: Report | None = None,
    format: str = "html",
    options: Options | None = None,
    pool: EnginePool | None = None,
) -> str | bytes:
    """The check report as a printable page (``report`` is run when omitted).

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> "P001" in pj.render_report(ws)
        True
    """
    return render("report", ws, format=format, report=report, options=options, pool=pool)
