"""The table of artefact kinds: one row for each thing the library draws.

A row (:class:`ArtefactKind`) holds every fact about one kind: its name, the formats it can
be rendered in, its default paper, the selections that apply to it (``target``,
``stage_id``, ``persona_id``, ``member_id``), how to check a selection against a workspace,
how to make its text (HTML and template SVG, or Graphviz DOT), its title, where the wall
pack puts it and under which heading the pack's index lists it. :func:`render`, the wall
pack (:func:`~personajourney.render.pack.plan` and
:func:`~personajourney.render.pack.build_pack`), the notebook display and the command line
all read this table, so a new artefact is one row here plus the module that draws it.

Importing this module is cheap: the template module (Jinja2) and the DOT builders load only
when a row makes its text or a title.

Example:
    >>> from personajourney.render.artefacts import KINDS, kind
    >>> KINDS
    ('card', 'committee', 'journey', 'poster', 'heatmap', 'report')
    >>> kind("committee").formats, kind("committee").paper
    (('svg', 'png', 'pdf', 'html', 'dot'), ('A3', 'landscape'))
    >>> sorted(kind("journey").selectors)
    ['member_id', 'persona_id']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

from .. import i18n
from ..i18n import LOCALES
from .paper import Orientation, Page, page
from .theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ..checks.report import Report
    from ..models.workspace import Workspace

__all__ = [
    "ARTEFACTS",
    "DPI_RANGE",
    "KINDS",
    "SELECTORS",
    "ArtefactKind",
    "Options",
    "Request",
    "Selection",
    "Selector",
    "Sources",
    "kind",
    "kinds_with",
    "unknown",
]

Selector = Literal["target", "stage_id", "persona_id", "member_id"]
#: Every selection a kind may take, in the order they are checked and named.
SELECTORS: tuple[Selector, ...] = ("target", "stage_id", "persona_id", "member_id")


@dataclass(frozen=True)
class Selection:
    """Which one of a kind: a persona's card, a committee in one stage, one persona's journey."""

    target: str | None = None
    """The persona id (card) or committee id (committee)."""
    stage_id: str | None = None
    persona_id: str | None = None
    member_id: str | None = None

    def given(self) -> dict[str, str]:
        """The selections that are set, by name."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class Sources:
    """The text an artefact is made of: HTML and template SVG, or Graphviz DOT."""

    html: str | None = None
    svg: str | None = None
    dot: str | None = None


@dataclass(frozen=True)
class Request:
    """What making one artefact needs: the workspace, the selection, checks and options."""

    ws: Workspace
    selection: Selection
    report: Report | None
    """Check results to draw; ``None`` draws none (an entity shown without its workspace)."""
    options: Options
    wanted: frozenset[str] = frozenset({"html"})
    """Which of ``html`` and ``svg`` to make (template kinds; DOT kinds make their DOT)."""
    standalone: bool = False
    """An entity drawn without its workspace, around placeholders: what only the workspace
    knows (who is reached) is drawn as unknown."""


Make = Callable[[Request], Sources]
Title = Callable[["Workspace", Selection], str]
Resolve = Callable[["Workspace", Selection], Selection]
Instances = Callable[["Workspace"], Iterator[tuple[str, Selection]]]


@dataclass(frozen=True)
class ArtefactKind:
    """One kind of artefact and every fact about it."""

    name: str
    formats: tuple[str, ...]
    """Formats it can be rendered in."""
    paper: tuple[str, Orientation]
    """Default paper: name and orientation."""
    selectors: frozenset[Selector]
    """The selections that apply; any other one is refused."""
    source: Literal["template", "dot"]
    """``template``: HTML (and SVG) from templates, PDF and PNG from the HTML;
    ``dot``: Graphviz DOT, then SVG and PNG by Graphviz and HTML around the SVG."""
    make: Make
    title: Title
    """The title, in the workspace's language (index entries, HTML page of a diagram)."""
    heading: str
    """The heading the pack's ``index.html`` lists it under."""
    instances: Instances
    """The pack's files of this kind: (path without suffix, selection), in a stable order."""
    resolve: Resolve = lambda ws, selection: selection
    """Check the ids of a selection against the workspace and fill in defaults."""
    renderable: bool = True
    """False for kinds only the wall pack makes (the wall sheet)."""
    job_title: bool = True
    """Engine jobs made by :func:`~personajourney.render.api.render` (and their error
    messages) are named by the title; by the kind's name when false."""

    def refuse(self, selection: Selection) -> None:
        """Refuse selections that mean nothing for this kind rather than ignore them.

        Raises:
            ValueError: ``stage_id does not apply to a card``.
        """
        for name in selection.given():
            if name not in self.selectors:
                raise ValueError(f"{name} does not apply to a {self.name}")


def unknown(kind: str, wanted: str | None, existing: Iterable[str]) -> ValueError:
    """``no persona 'hr-hana' in the workspace; did you mean 'hr-hanna'?``"""
    ids = list(existing)
    if wanted is None:
        return ValueError(f"the workspace has no {kind}")
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ValueError(f"no {kind} {wanted!r} in the workspace{hint}")


def _ui(key: str, ws: Workspace, **values: object) -> str:
    """A sheet's words (``sheet.<key>``) in the workspace's language."""
    return i18n.text(f"sheet.{key}", ws.locale, **values)


def _checked_persona(ws: Workspace, selection: Selection) -> Selection:
    personas = [p.id for p in ws.personas]
    if selection.persona_id is not None and selection.persona_id not in personas:
        raise unknown("persona", selection.persona_id, personas)
    return selection


# -- card ---------------------------------------------------------------------------------------


def _card_resolve(ws: Workspace, selection: Selection) -> Selection:
    personas = [p.id for p in ws.personas]
    persona = selection.target or (personas[0] if personas else None)
    if persona is None or persona not in personas:
        raise unknown("persona", persona, personas)
    return Selection(target=persona)


def _card_make(req: Request) -> Sources:
    from . import html

    opts, target = req.options, req.selection.target
    sheet = opts.page_for("card")
    made: dict[str, str] = {}
    for fmt, make in (("html", html.card_html), ("svg", html.card_svg)):
        if fmt in req.wanted:
            made[fmt] = make(
                req.ws,
                target,
                page=sheet,
                theme=opts.theme,
                template_dirs=opts.template_dirs,
                report=req.report,
            )
    return Sources(**made)


def _card_title(ws: Workspace, selection: Selection) -> str:
    assert selection.target is not None
    return str(ws.get("persona", selection.target).name)


def _card_instances(ws: Workspace) -> Iterator[tuple[str, Selection]]:
    for persona in ws.personas:
        yield f"cards/{persona.id}", Selection(target=persona.id)


# -- wall sheet (the pack only) -----------------------------------------------------------------


def _wall_make(req: Request) -> Sources:
    from . import html

    opts = req.options
    text = html.wall_sheet_html(
        req.ws,
        [p.id for p in req.ws.personas],
        page=opts.page_for("wall"),
        theme=opts.theme,
        template_dirs=opts.template_dirs,
    )
    return Sources(html=text)


def _wall_instances(ws: Workspace) -> Iterator[tuple[str, Selection]]:
    if len(ws.personas) > 1:
        yield "wall", Selection()


# -- committee map ------------------------------------------------------------------------------


def _committee_resolve(ws: Workspace, selection: Selection) -> Selection:
    committees = [c.id for c in ws.committees]
    committee = selection.target or (committees[0] if committees else None)
    if committee is None or committee not in committees:
        raise unknown("committee", committee, committees)
    if selection.stage_id is not None and selection.stage_id not in ws.stage_ids():
        raise unknown("stage", selection.stage_id, ws.stage_ids())
    return Selection(target=committee, stage_id=selection.stage_id)


def _committee_make(req: Request) -> Sources:
    from . import dot

    sel = req.selection
    assert sel.target is not None
    text = dot.committee_dot(
        req.ws,
        sel.target,
        stage_id=sel.stage_id,
        report=req.report,
        theme=req.options.theme,
        reach_known=not req.standalone,
    )
    return Sources(dot=text)


def _committee_title(ws: Workspace, selection: Selection) -> str:
    """The committee's name, and the stage's label."""
    assert selection.target is not None
    name = str(ws.get("committee", selection.target).name)
    if selection.stage_id is None:
        return name
    return f"{name} — {ws.label_of(ws.get('stage', selection.stage_id))}"


def _committee_instances(ws: Workspace) -> Iterator[tuple[str, Selection]]:
    """Each committee overall, then in each stage it takes part in."""
    for committee in ws.committees:
        yield f"committees/{committee.id}", Selection(target=committee.id)
        for stage in ws.stages:
            if any(m.is_active_in(stage.id) for m in committee.members):
                stem = f"committee-stages/{committee.id}/{stage.id}"
                yield stem, Selection(target=committee.id, stage_id=stage.id)


# -- journey diagram ----------------------------------------------------------------------------


def _journey_resolve(ws: Workspace, selection: Selection) -> Selection:
    _checked_persona(ws, selection)
    members = [m.id for _, m in ws.members()]
    if selection.member_id is not None and selection.member_id not in members:
        raise unknown("member", selection.member_id, members)
    return selection


def _journey_make(req: Request) -> Sources:
    from . import dot

    sel = req.selection
    text = dot.journey_dot(
        req.ws,
        report=req.report,
        persona_id=sel.persona_id,
        member_id=sel.member_id,
        theme=req.options.theme,
    )
    return Sources(dot=text)


def _journey_title(ws: Workspace, selection: Selection) -> str:
    """The whole journey's title, or one persona's or member's."""
    if selection.persona_id is not None:
        name = ws.get("persona", selection.persona_id).name
    elif selection.member_id is not None:
        name = ws.get("member", selection.member_id).name
    else:
        return _ui("journey-diagram", ws)
    return _ui("journey-of", ws, name=name)


def _journey_instances(ws: Workspace) -> Iterator[tuple[str, Selection]]:
    yield "journey", Selection()
    for persona in ws.personas:
        yield f"journeys/{persona.id}", Selection(persona_id=persona.id)


# -- poster, heatmap, report: one sheet of the whole workspace ----------------------------------


def _sheet(
    req: Request,
    name: str,
    make_html: Callable[..., str],
    make_svg: Callable[..., str],
    **extra: str | None,
) -> Sources:
    """A whole-workspace sheet in the wanted formats, on the kind's paper."""
    opts = req.options
    made: dict[str, str] = {}
    for fmt, make in (("html", make_html), ("svg", make_svg)):
        if fmt in req.wanted:
            made[fmt] = make(
                req.ws,
                req.report,
                page=opts.page_for(name),
                theme=opts.theme,
                template_dirs=opts.template_dirs,
                **extra,
            )
    return Sources(**made)


def _poster_make(req: Request) -> Sources:
    from . import html

    persona_id = req.selection.persona_id
    return _sheet(req, "poster", html.poster_html, html.poster_svg, persona_id=persona_id)


def _heatmap_make(req: Request) -> Sources:
    from . import html

    return _sheet(req, "heatmap", html.heatmap_html, html.heatmap_svg)


def _report_make(req: Request) -> Sources:
    from . import html

    return _sheet(req, "report", html.report_html, html.report_svg)


def _titled(key: str) -> Title:
    return lambda ws, selection: _ui(key, ws)


def _once(stem: str) -> Instances:
    def instances(ws: Workspace) -> Iterator[tuple[str, Selection]]:
        yield stem, Selection()

    return instances


_SHEET_FORMATS = ("html", "svg", "pdf", "png")
_DIAGRAM_FORMATS = ("svg", "png", "pdf", "html", "dot")

#: Every kind, in the order of the wall pack (and of :data:`KINDS`).
ARTEFACTS: tuple[ArtefactKind, ...] = (
    ArtefactKind(
        name="card",
        formats=_SHEET_FORMATS,
        paper=("A4", "portrait"),
        selectors=frozenset({"target"}),
        source="template",
        make=_card_make,
        title=_card_title,
        heading="card",
        instances=_card_instances,
        resolve=_card_resolve,
    ),
    ArtefactKind(
        name="wall",
        formats=("html", "pdf", "png"),  # no SVG of its own: it is many cards on big paper
        paper=("A1", "landscape"),
        selectors=frozenset(),
        source="template",
        make=_wall_make,
        title=_titled("buyer-personas"),
        heading="wall",
        instances=_wall_instances,
        renderable=False,
    ),
    ArtefactKind(
        name="committee",
        formats=_DIAGRAM_FORMATS,
        paper=("A3", "landscape"),
        selectors=frozenset({"target", "stage_id"}),
        source="dot",
        make=_committee_make,
        title=_committee_title,
        heading="diagram",
        instances=_committee_instances,
        resolve=_committee_resolve,
    ),
    ArtefactKind(
        name="journey",
        formats=_DIAGRAM_FORMATS,
        paper=("A2", "landscape"),
        selectors=frozenset({"persona_id", "member_id"}),
        source="dot",
        make=_journey_make,
        title=_journey_title,
        heading="diagram",
        instances=_journey_instances,
        resolve=_journey_resolve,
    ),
    ArtefactKind(
        name="poster",
        formats=_SHEET_FORMATS,
        paper=("A2", "landscape"),
        selectors=frozenset({"persona_id"}),
        source="template",
        make=_poster_make,
        title=_titled("journey-poster"),
        heading="poster",
        instances=_once("poster"),
        resolve=_checked_persona,
        job_title=False,
    ),
    ArtefactKind(
        name="heatmap",
        formats=_SHEET_FORMATS,
        paper=("A3", "landscape"),
        selectors=frozenset(),
        source="template",
        make=_heatmap_make,
        title=_titled("coverage"),
        heading="heatmap",
        instances=_once("heatmap"),
        job_title=False,
    ),
    ArtefactKind(
        name="report",
        formats=_SHEET_FORMATS,
        paper=("A4", "portrait"),
        selectors=frozenset(),
        source="template",
        make=_report_make,
        title=_titled("check-report"),
        heading="report",
        instances=_once("report"),
        job_title=False,
    ),
)

_BY_NAME = {row.name: row for row in ARTEFACTS}

#: The kinds :func:`~personajourney.render.api.render` makes, in a stable order.
KINDS: tuple[str, ...] = tuple(row.name for row in ARTEFACTS if row.renderable)


def kind(name: str) -> ArtefactKind:
    """The row of kind ``name`` (``wall`` included).

    Raises:
        ValueError: for an unknown kind, naming the kinds :func:`render` makes.
    """
    row = _BY_NAME.get(name)
    if row is None:
        raise ValueError(f"unknown kind {name!r}; use one of {', '.join(KINDS)}")
    return row


_row = kind  # for methods whose parameter is named ``kind``


def kinds_with(selector: Selector) -> tuple[str, ...]:
    """The renderable kinds a selection applies to: ``kinds_with("persona_id")`` is
    ``("journey", "poster")``."""
    return tuple(row.name for row in ARTEFACTS if row.renderable and selector in row.selectors)


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
        privacy: ``internal``, ``share`` or ``public``: what the output may show of real
            contacts (:mod:`personajourney.privacy`); the workspace's ``privacy`` when
            ``None``.
        assets: Folder persona photos are read from (``photo`` paths are relative to it);
            when ``None``, the workspace folder of a workspace loaded from a folder, and no
            photos for one loaded from a single file (see
            :attr:`~personajourney.Workspace.assets`).

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
    privacy: str | None = None
    assets: str | None = None

    def __post_init__(self) -> None:
        if self.locale is not None and self.locale not in LOCALES:
            raise ValueError(f"unknown locale {self.locale!r}; use one of {', '.join(LOCALES)}")
        low, high = DPI_RANGE
        if not low <= self.dpi <= high:
            raise ValueError(f"dpi must be between {low} and {high}, got {self.dpi}")
        if self.privacy is not None:
            from ..models.vocab import PrivacyProfile

            names = [p.value for p in PrivacyProfile]
            if self.privacy not in names:
                raise ValueError(
                    f"unknown privacy profile {self.privacy!r}; use one of {', '.join(names)}"
                )
        if isinstance(self.template_dirs, str):
            raise TypeError("template_dirs takes a sequence of folders, not one string")
        # Checks the paper name, orientation and bleed.
        self.page_for("card")

    def page_for(self, kind: str) -> Page:
        """The page of ``kind`` (``wall`` too): the kind's default paper unless set here."""
        name, orientation = _row(kind).paper
        if self.paper is not None:
            name = self.paper
            orientation = self.orientation or orientation
        elif self.orientation is not None:
            orientation = self.orientation
        return page(name, orientation, bleed=self.bleed, crop_marks=self.crop_marks)

    def localise(self, ws: Workspace) -> Workspace:
        """``ws`` itself, or a copy in these options' locale (:meth:`Workspace.with_locale`)
        and with their assets folder (:meth:`Workspace.with_assets`)."""
        if self.assets is not None:
            ws = ws.with_assets(self.assets)
        if self.locale is None or self.locale == ws.locale:
            return ws
        return ws.with_locale(self.locale)

    def prepare(self, ws: Workspace, report: Report | None) -> tuple[Workspace, Report]:
        """The workspace and check report an output is made from: in these options'
        locale, under their privacy profile, with the report run when not given.

        Under ``share`` or ``public`` the report is always run again on the redacted
        workspace: one made on the model would name the real contacts.
        """
        from ..checks.runner import run_checks
        from ..privacy import apply

        localised = self.localise(ws)
        redacted = apply(localised, self.privacy)
        if report is None or redacted is not localised:
            report = run_checks(redacted)
        return redacted, report
