"""Render one artefact: ``render_card``, ``render_journey``… return text or bytes.

Text formats (``html``, ``svg`` for template artefacts, ``dot``) are made in this process
and are deterministic. Engine formats (``png``, ``pdf``, and ``svg`` of Graphviz diagrams)
run in worker processes (see :mod:`personajourney.render.engines`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ..checks.report import Report
from ..checks.runner import run_checks
from ..i18n import LOCALES
from ..models.entities import Channel, Motive, Persona
from ..models.workspace import Workspace, default_channels
from .engines import EnginePool, Job, shared_pool
from .paper import Orientation, Page, page
from .theme import DEFAULT_THEME, Theme

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

Kind = Literal["card", "committee", "journey", "poster", "heatmap", "report"]
KINDS: tuple[str, ...] = ("card", "committee", "journey", "poster", "heatmap", "report")

#: Formats each kind can be rendered to.
FORMATS: dict[str, tuple[str, ...]] = {
    "card": ("html", "svg", "pdf", "png"),
    "committee": ("svg", "png", "pdf", "html", "dot"),
    "journey": ("svg", "png", "pdf", "html", "dot"),
    "poster": ("html", "svg", "pdf", "png"),
    "heatmap": ("html", "svg", "pdf", "png"),
    "report": ("html", "svg", "pdf", "png"),
}

#: Default paper per kind: (name, orientation).
DEFAULT_PAPER: dict[str, tuple[str, Orientation]] = {
    "card": ("A4", "portrait"),
    "committee": ("A3", "landscape"),
    "journey": ("A2", "landscape"),
    "poster": ("A2", "landscape"),
    "heatmap": ("A3", "landscape"),
    "report": ("A4", "portrait"),
}


#: Lowest and highest PNG resolution accepted (a higher one makes images of gigabytes).
DPI_RANGE = (10, 1200)


@dataclass(frozen=True)
class Options:
    """How to render: paper, theme, templates, locale, print marks, PNG resolution.

    Attributes:
        paper: ``A4`` … ``A0``, ``letter`` or ``tabloid``; the kind's default when ``None``
            (cards A4, committee maps and heatmaps A3, journeys and posters A2).
        orientation: ``portrait`` or ``landscape``; the kind's default when ``None``.
        theme: Colours and fonts.
        template_dirs: Folders searched before the packaged templates: a ``card.html.j2``
            there replaces the packaged one.
        locale: ``en`` or ``fi`` for labels; the workspace's when ``None``.
        bleed: Millimetres of bleed on each side (0–20), for a print shop.
        crop_marks: Print crop marks.
        dpi: Resolution of PNG output (10–1200).

    Raises:
        ValueError: for an unknown paper, orientation or locale, or a bleed or dpi out of
            range.
    """

    paper: str | None = None
    orientation: Orientation | None = None
    theme: Theme = DEFAULT_THEME
    template_dirs: tuple[str, ...] = ()
    locale: str | None = None
    bleed: float = 0.0
    crop_marks: bool = False
    dpi: int = 150

    def __post_init__(self) -> None:
        if self.locale is not None and self.locale not in LOCALES:
            raise ValueError(f"unknown locale {self.locale!r}; use one of {', '.join(LOCALES)}")
        low, high = DPI_RANGE
        if not low <= self.dpi <= high:
            raise ValueError(f"dpi must be between {low} and {high}, got {self.dpi}")
        if isinstance(self.template_dirs, str):
            raise TypeError("template_dirs takes a sequence of folders, not one string")
        # Checks the paper name, orientation and bleed.
        self.page_for("card")

    def page_for(self, kind: str) -> Page:
        name, orientation = DEFAULT_PAPER[kind]
        if self.paper is not None:
            name = self.paper
            orientation = self.orientation or orientation
        elif self.orientation is not None:
            orientation = self.orientation
        return page(name, orientation, bleed=self.bleed, crop_marks=self.crop_marks)


def _templates() -> Any:
    """The template module, loaded on first use (it brings Jinja2)."""
    import importlib

    return importlib.import_module("personajourney.render.html")


def _localised(ws: Workspace, locale: str | None) -> Workspace:
    if locale is None or locale == ws.locale:
        return ws
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; use one of {', '.join(LOCALES)}")
    copy = ws.model_copy(update={"locale": locale})
    copy._locations = ws._locations
    copy._root = ws._root
    return copy


def _workspace_for(persona: Persona) -> Workspace:
    """A workspace around a lone persona, so it can be drawn without its model."""
    channels = {c.id: c for c in default_channels()}
    for channel_id in [*persona.channel_ids, *persona.avoided_channel_ids]:
        channels.setdefault(channel_id, Channel(id=channel_id))
    motives = [Motive(id=link.motive_id, name=link.motive_id) for link in persona.motives]
    unique = list({m.id: m for m in motives}.values())
    return Workspace(
        name=persona.name, personas=[persona], channels=list(channels.values()), motives=unique
    )


def _unknown(kind: str, wanted: str | None, existing: Iterable[str]) -> ValueError:
    """``no persona 'hr-hana' in the workspace; did you mean 'hr-hanna'?``"""
    ids = list(existing)
    if wanted is None:
        return ValueError(f"the workspace has no {kind}")
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ValueError(f"no {kind} {wanted!r} in the workspace{hint}")


def _not_for(kind: str, **given: str | None) -> None:
    """Refuse selections that mean nothing for ``kind`` rather than ignore them."""
    used = {
        "card": {"target"},
        "committee": {"target", "stage_id"},
        "journey": {"persona_id", "member_id"},
        "poster": {"persona_id"},
        "heatmap": set(),
        "report": set(),
    }[kind]
    for name, value in given.items():
        if value is not None and name not in used:
            raise ValueError(f"{name} does not apply to a {kind}")


def _text_or_engine(
    kind: str,
    fmt: str,
    ws: Workspace,
    options: Options,
    pool: EnginePool | None,
    *,
    html: str | None = None,
    svg: str | None = None,
    dot: str | None = None,
    title: str = "",
) -> str | bytes:
    templates = _templates()

    engines = pool or shared_pool()
    assets = ws.root
    if dot is not None:
        if fmt == "dot":
            return dot
        if fmt == "png":
            return engines.run(Job("graphviz", dot, "png", dpi=options.dpi, name=title))
        graph_svg = engines.run(Job("graphviz", dot, "svg", name=title)).decode("utf-8")
        if fmt == "svg":
            return graph_svg
        wrapped: str = templates.page_html(
            title,
            graph_svg,
            page=options.page_for(kind),
            theme=options.theme,
            template_dirs=options.template_dirs,
            locale=ws.locale,
        )
        if fmt == "html":
            return wrapped
        return engines.run(Job("weasyprint", wrapped, fmt, assets=assets, name=title))
    if fmt == "html" and html is not None:
        return html
    if fmt == "svg" and svg is not None:
        return svg
    if fmt in ("pdf", "png") and html is not None:
        return engines.run(Job("weasyprint", html, fmt, assets=assets, dpi=options.dpi, name=title))
    raise ValueError(f"{kind} cannot be rendered as {fmt!r}; use one of {FORMATS[kind]}")


def _committee_title(ws: Workspace, committee_id: str, stage_id: str | None = None) -> str:
    """The title of a committee map: the committee's name, and the stage's label."""
    name = str(ws.get("committee", committee_id).name)
    if stage_id is None:
        return name
    return f"{name} — {ws.label_of(ws.get('stage', stage_id))}"


def _journey_title(
    ws: Workspace, *, persona_id: str | None = None, member_id: str | None = None
) -> str:
    """The title of a journey diagram, in the workspace's language."""
    templates = _templates()
    if persona_id is not None:
        name = ws.get("persona", persona_id).name
    elif member_id is not None:
        name = ws.get("member", member_id).name
    else:
        return str(templates.ui_text("journey-map", ws.locale))
    return str(templates.ui_text("journey-of", ws.locale, name=name))


def _check(kind: str, fmt: str) -> None:
    if fmt not in FORMATS[kind]:
        raise ValueError(f"{kind} cannot be rendered as {fmt!r}; use one of {FORMATS[kind]}")


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
    from . import dot as graphs

    templates = _templates()

    if kind not in FORMATS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    _check(kind, format)
    _not_for(kind, target=target, stage_id=stage_id, persona_id=persona_id, member_id=member_id)
    options = options or Options()
    ws = _localised(ws, options.locale)
    if report is None:
        report = run_checks(ws)
    personas = [p.id for p in ws.personas]
    if persona_id is not None and persona_id not in personas:
        raise _unknown("persona", persona_id, personas)
    theme = options.theme
    dirs = options.template_dirs
    sheet = options.page_for(kind)
    if kind == "card":
        persona = target or (personas[0] if personas else None)
        if persona is None or persona not in personas:
            raise _unknown("persona", persona, personas)
        html = (
            templates.card_html(
                ws, persona, page=sheet, theme=theme, template_dirs=dirs, report=report
            )
            if format != "svg"
            else None
        )
        svg = (
            templates.card_svg(
                ws, persona, page=sheet, theme=theme, template_dirs=dirs, report=report
            )
            if format == "svg"
            else None
        )
        name = ws.get("persona", persona).name
        return _text_or_engine(kind, format, ws, options, pool, html=html, svg=svg, title=name)
    if kind == "committee":
        committees = [c.id for c in ws.committees]
        committee = target or (committees[0] if committees else None)
        if committee is None or committee not in committees:
            raise _unknown("committee", committee, committees)
        if stage_id is not None and stage_id not in ws.stage_ids():
            raise _unknown("stage", stage_id, ws.stage_ids())
        dot = graphs.committee_dot(ws, committee, stage_id=stage_id, report=report, theme=theme)
        title = _committee_title(ws, committee, stage_id)
        return _text_or_engine(kind, format, ws, options, pool, dot=dot, title=title)
    if kind == "journey":
        members = [m.id for _, m in ws.members()]
        if member_id is not None and member_id not in members:
            raise _unknown("member", member_id, members)
        dot = graphs.journey_dot(
            ws, report=report, persona_id=persona_id, member_id=member_id, theme=theme
        )
        title = _journey_title(ws, persona_id=persona_id, member_id=member_id)
        return _text_or_engine(kind, format, ws, options, pool, dot=dot, title=title)
    builders = {
        "poster": (templates.poster_html, templates.poster_svg),
        "heatmap": (templates.heatmap_html, templates.heatmap_svg),
        "report": (templates.report_html, templates.report_svg),
    }
    make_html, make_svg = builders[kind]
    extra: dict[str, Any] = {"persona_id": persona_id} if kind == "poster" else {}
    html = (
        make_html(ws, report, page=sheet, theme=theme, template_dirs=dirs, **extra)
        if format != "svg"
        else None
    )
    svg = (
        make_svg(ws, report, page=sheet, theme=theme, template_dirs=dirs, **extra)
        if format == "svg"
        else None
    )
    return _text_or_engine(kind, format, ws, options, pool, html=html, svg=svg, title=kind)


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
        ws = workspace if workspace is not None else _workspace_for(persona)
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
