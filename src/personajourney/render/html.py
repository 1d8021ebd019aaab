"""HTML and template SVG for the wall: persona cards, journey posters, coverage heatmaps,
check reports, the wall pack's index, and printable pages around engine-made SVG.

Text first, engines second: every function here returns text (HTML or SVG) — the same
bytes for the same model — and never runs an engine. Turn HTML into PDF or PNG with
:class:`~personajourney.render.engines.EnginePool`::

    >>> import personajourney as pj
    >>> from personajourney.render import html
    >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
    >>> page = html.card_html(ws, "hr-hanna")
    >>> page.startswith("<!DOCTYPE html>") and "HR-Hanna" in page
    True

Artefacts, the packaged template each uses, and the context object it renders (the one
template variable, ``c``):

====================  =====================================  ==================
function              template                               context
====================  =====================================  ==================
``card_html``         ``card.html.j2`` (one card per page)   :class:`CardsContext`
``card_svg``          ``card.svg.j2``                        :class:`CardsContext`
``wall_sheet_html``   ``wall.html.j2``                       :class:`WallContext`
``poster_html/_svg``  ``poster.html.j2`` / ``poster.svg.j2``  :class:`PosterContext`
``heatmap_html/_svg`` ``heatmap.html.j2`` / ``.svg.j2``      :class:`HeatmapContext`
``report_html/_svg``  ``report.html.j2`` / ``.svg.j2``       :class:`ReportContext`
``index_html``        ``index.html.j2``                      :class:`IndexContext`
``page_html``         ``page.html.j2``                       :class:`PageContext`
====================  =====================================  ==================

Each ``*_context`` function builds its context without rendering, for tests and for user
templates. A context holds the model data it shows, cleaned (``card.persona``,
``poster.stages``…), for templates that lay things out themselves, and — for the fixed-size
artefacts — a :class:`Scene`: the packaged layout, computed here in millimetres with the
built-in font metrics of :mod:`~personajourney.render.svgtext`. The HTML templates draw a
scene's shapes as one inline SVG layer and its texts as absolutely positioned HTML elements
on top (selectable, searchable text in the PDF); the SVG templates draw the very same scene,
so HTML and SVG look alike. Font sizes are chosen so everything fits the page: long content
makes the type smaller, then lists are shortened (``+ 3 more``); nothing overflows.

Safety (see ``docs/design/security.md``): one Jinja2 environment, built by
:func:`environment`, with autoescaping on for every template whatever its name,
``StrictUndefined``, and a finalizer that removes control characters, bidirectional
overrides and lone surrogates from every value printed. URLs pass the ``url`` filter
(http, https, mailto and relative only). Model text is never marked safe; the only
``Markup`` values are numbers and colours computed here, the theme's validated font stacks,
and engine-made SVG after :func:`sanitize_svg`. Photos are read only from inside the
workspace folder (:mod:`~personajourney.render.assets`) and embedded as ``data:`` URIs, so
the HTML fetches nothing.
"""

from __future__ import annotations

import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from markupsafe import Markup

from ..models.labels import label
from .assets import Portrait
from .assets import portrait as make_portrait
from .escape import clean, safe_url
from .escape import xml as escape_xml
from .paper import Page
from .paper import page as make_page
from .svgtext import fit, text_width
from .theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ..checks.report import Report
    from ..models.entities import Persona, Touchpoint
    from ..models.workspace import Workspace

__all__ = [
    "CardsContext",
    "HeatmapContext",
    "IndexContext",
    "PageContext",
    "PosterContext",
    "ReportContext",
    "Scene",
    "Shape",
    "Text",
    "WallContext",
    "card_context",
    "card_html",
    "card_svg",
    "environment",
    "heatmap_context",
    "heatmap_html",
    "heatmap_svg",
    "index_context",
    "index_html",
    "page_context",
    "page_html",
    "poster_context",
    "poster_html",
    "poster_svg",
    "report_context",
    "report_html",
    "report_svg",
    "sanitize_svg",
    "ui_text",
    "wall_context",
    "wall_sheet_html",
]

# -- user-interface strings ---------------------------------------------------------------------

_UI: dict[str, tuple[str, str]] = {
    # key -> (English, Finnish)
    "buyer-persona": ("Buyer persona", "Ostajapersoona"),
    "buyer-personas": ("Buyer personas", "Ostajapersoonat"),
    "goals": ("Goals", "Tavoitteet"),
    "dreams": ("Dreams", "Unelmat"),
    "problems": ("Problems", "Ongelmat"),
    "ways_of_working": ("Ways of working", "Toimintatavat"),
    "questions": ("Questions", "Kysymykset"),
    "objections": ("Objections", "Vastaväitteet"),
    "motives": ("Motives", "Motiivit"),
    "channels": ("Channels", "Kanavat"),
    "uses": ("Uses", "Käyttää"),
    "avoids": ("Avoids", "Välttää"),
    "values": ("Values", "Arvot"),
    "roles": ("Buying roles", "Ostoroolit"),
    "responsibility": ("Responsibility", "Vastuualue"),
    "journey-coverage": ("Touchpoints per stage", "Kohtaamiset vaiheittain"),
    "source": ("Source", "Lähde"),
    "more": ("+ {n} more", "+ {n} muuta"),
    "journey-map": ("Customer journey map", "Asiakaspolku"),
    "journey-of": ("Journey of {name}", "Asiakaspolku: {name}"),
    "lane-questions": ("Goals and questions", "Tavoitteet ja kysymykset"),
    "lane-touchpoints": ("Touchpoints", "Kohtaamiset"),
    "lane-channels": ("Channels", "Kanavat"),
    "lane-owner": ("Owner", "Vastuutiimi"),
    "lane-thoughts": ("Thoughts", "Ajatukset"),
    "lane-emotion": ("Emotion", "Tunnetila"),
    "lane-pains": ("Pain points", "Kipupisteet"),
    "lane-opportunities": ("Opportunities", "Mahdollisuudet"),
    "lane-gaps": ("Gaps found", "Havaitut aukot"),
    "entry": ("entry point", "aloituskohta"),
    "handoff": ("Agreed hand-off", "Sovittu luovutus"),
    "decision": ("Decision", "Päätös"),
    "no-data": ("no data", "ei tietoa"),
    "no-touchpoints": ("no touchpoint", "ei kohtaamista"),
    "no-stages": ("The workspace has no stages.", "Työtilassa ei ole vaiheita."),
    "score": ("Score", "Pisteet"),
    "check-score": ("Gap-check score", "Aukkotarkistuksen pisteet"),
    "unplaced": (
        "{n} further findings concern no single stage: see the check report.",
        "{n} muuta havaintoa ei kohdistu yhteen vaiheeseen: katso tarkistusraportti.",
    ),
    "coverage": ("Coverage", "Kattavuus"),
    "coverage-persona": ("Stage × persona", "Vaihe × persoona"),
    "coverage-member": ("Stage × committee member", "Vaihe × ostoryhmän jäsen"),
    "covered": ("Stages", "Vaiheet"),
    "not-reached": ("not reached", "ei tavoiteta"),
    "not-involved": ("not involved", "ei mukana"),
    "legend-count": ("number = touchpoints that reach them", "luku = tavoittavat kohtaamiset"),
    "legend-influence": ("shade = influence in the stage", "sävy = vaikutusvalta vaiheessa"),
    "no-rows": ("Nothing to show.", "Ei näytettävää."),
    "check-report": ("Check report", "Tarkistusraportti"),
    "heading-error": ("Errors", "Virheet"),
    "heading-warning": ("Warnings", "Varoitukset"),
    "heading-info": ("Info", "Huomiot"),
    "no-gaps": ("no gaps found", "ei aukkoja"),
    "findings": ("Findings", "Havainnot"),
    "no-findings": (
        "No findings: every check passed.",
        "Ei havaintoja: kaikki tarkistukset menivät läpi.",
    ),
    "where": ("Where", "Missä"),
    "hint": ("Fix", "Korjaus"),
    "rules-run": ("{n} rules run", "{n} sääntöä ajettu"),
    "wall-pack": ("Wall pack", "Seinäpaketti"),
    "contents": ("Contents", "Sisältö"),
    "part-persona": ("Personas reached", "Persoonat tavoitettu"),
    "part-member": ("Committee reached", "Ostoryhmä tavoitettu"),
    "part-motives": ("Motives addressed", "Motiiveihin vastattu"),
    "part-flow": ("Journey flows", "Polku etenee"),
    "kind-card": ("Persona cards", "Persoonakortit"),
    "kind-wall": ("Wall sheets", "Seinäarkit"),
    "kind-poster": ("Journey posters", "Asiakaspolkujulisteet"),
    "kind-heatmap": ("Coverage", "Kattavuus"),
    "kind-report": ("Check report", "Tarkistusraportti"),
    "kind-diagram": ("Diagrams", "Kaaviot"),
    "kind-data": ("Data", "Tiedot"),
    "offering": ("Offering", "Tarjooma"),
    "page-size": ("Printed on {size}", "Tulostuskoko {size}"),
}

# Counts: (English singular, English plural, Finnish singular, Finnish partitive plural).
_COUNTED: dict[str, tuple[str, str, str, str]] = {
    "error": ("error", "errors", "virhe", "virhettä"),
    "warning": ("warning", "warnings", "varoitus", "varoitusta"),
    "info": ("info", "info", "huomio", "huomiota"),
    "finding": ("finding", "findings", "havainto", "havaintoa"),
}


def _counted(key: str, n: int, locale: str) -> str:
    """``3 warnings`` / ``3 varoitusta``: a number and a noun in the right form."""
    en1, en2, fi1, fi2 = _COUNTED[key]
    if locale == "fi":
        return f"{n} {fi1 if n == 1 else fi2}"
    return f"{n} {en1 if n == 1 else en2}"


def ui_text(key: str, locale: str = "en", **values: object) -> str:
    """A user-interface string in ``locale`` (``en`` or ``fi``), with ``{name}`` filled in.

    Example:
        >>> ui_text("more", "fi", n=3)
        '+ 3 muuta'
    """
    entry = _UI.get(key)
    if entry is None:
        return key
    text = entry[1] if locale == "fi" else entry[0]
    return text.format(**values) if values else text


def _number(value: float, digits: int, locale: str) -> str:
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if locale == "fi" else text


# -- the Jinja2 environment ---------------------------------------------------------------------

_SURROGATES = re.compile("[\ud800-\udfff]")


def _scrub(value: str, limit: int = 10**9) -> str:
    """Model text made safe to print: no control characters, bidi overrides or surrogates."""
    return _SURROGATES.sub("", clean(value, limit))


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ … }}``: text is scrubbed, ``None`` prints as nothing."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _scrub(value)
    return value


def _xml_filter(value: object) -> Markup:
    """``xml``: escaped text for HTML and XML, control characters removed."""
    return Markup(_SURROGATES.sub("", escape_xml(value)))


def _url_filter(value: object) -> str:
    """``url``: the URL if it is http(s), mailto or relative; empty otherwise."""
    return _scrub(safe_url(value) or "")


def _label_filter(key: object, vocabulary: str, locale: str = "en") -> str:
    """``label``: built-in label of ``key`` in ``vocabulary`` (``role``, ``stage``…)."""
    return label(vocabulary, str(key), locale)


def _n_filter(value: float) -> str:
    """``n``: a coordinate with at most two decimals (``12.5``, ``0``)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mm_filter(value: float) -> str:
    """``mm``: a length in millimetres for CSS."""
    return _n_filter(value) + "mm"


def _template_folders(template_dirs: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    return tuple(str(Path(folder)) for folder in template_dirs)


def _build_environment(folders: tuple[str, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if folders:
        loaders.append(jinja2.FileSystemLoader(list(folders)))
    loaders.append(jinja2.PackageLoader("personajourney.render", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # On for every template: select_autoescape() misses names such as card.html.j2.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        xml=_xml_filter, url=_url_filter, label=_label_filter, n=_n_filter, mm=_mm_filter
    )
    return env


def environment(template_dirs: Iterable[str | os.PathLike[str]] = ()) -> jinja2.Environment:
    """The Jinja2 environment every artefact is rendered with.

    Templates are looked up in ``template_dirs`` first, in order, then in the packaged
    templates, so a user's ``card.html.j2`` replaces the packaged one. Autoescaping is on
    for every template, undefined names are errors, and every printed value is scrubbed of
    control characters. Filters: ``xml`` (escape), ``url`` (safe URL or empty), ``label``
    (``{{ role|label("role", c.locale) }}``), ``n`` and ``mm`` (numbers).

    Example:
        >>> env = environment()
        >>> env.from_string("{{ x }}").render(x='<b onclick="a">\\x00')
        '&lt;b onclick=&#34;a&#34;&gt;'
    """
    return _build_environment(_template_folders(template_dirs))


@lru_cache(maxsize=8)
def _cached_environment(folders: tuple[str, ...]) -> jinja2.Environment:
    return _build_environment(folders)


def _render(name: str, context: object, template_dirs: Iterable[str | os.PathLike[str]]) -> str:
    env = _cached_environment(_template_folders(template_dirs))
    return env.get_template(name).render(c=context)


# -- theme for templates ------------------------------------------------------------------------

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\-]{1,200}$")
_WARNING = "#b7791f"
_LOGO_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def _colour(value: object, fallback: str) -> str:
    text = str(value)
    return text.lower() if _COLOUR.match(text) else fallback


def _mix(a: str, b: str, t: float) -> str:
    """Colour ``a`` moved towards ``b`` by ``t`` (0–1)."""
    t = min(1.0, max(0.0, t))
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


@dataclass(frozen=True, slots=True)
class Style:
    """The theme as templates use it: colours as ``#rrggbb``, fonts as CSS font stacks."""

    font: Markup
    heading_font: Markup
    background: str
    surface: str
    text: str
    muted: str
    line: str
    accent: str
    good: str
    bad: str
    warning: str
    info: str
    logo: str = ""
    """The theme's logo as a ``data:`` URI (re-encoded by :mod:`.assets`), or ``""``."""

    def severity(self, level: str) -> str:
        return {"error": self.bad, "warning": self.warning}.get(level, self.info)


def _style(theme: Theme) -> Style:
    base = DEFAULT_THEME

    def font(value: str, fallback: str) -> Markup:
        # Validated against the theme's pattern (no <, >, &, ;, braces): safe in <style>.
        return Markup(value if _FONT.match(value) else fallback)

    return Style(
        font=font(theme.font, base.font),
        heading_font=font(theme.heading_font, base.heading_font),
        background=_colour(theme.background, base.background),
        surface=_colour(theme.surface, base.surface),
        text=_colour(theme.text, base.text),
        muted=_colour(theme.muted, base.muted),
        line=_colour(theme.line, base.line),
        accent=_colour(theme.accent, base.accent),
        good=_colour(theme.good, base.good),
        bad=_colour(theme.bad, base.bad),
        warning=_WARNING,
        info=_colour(theme.accent, base.accent),
        logo=theme.logo_uri if theme.logo_uri.startswith(_LOGO_PREFIXES) else "",
    )


@dataclass(frozen=True, slots=True)
class PageBox:
    """The printed page: trimmed size in mm, bleed, crop marks, and the CSS ``size``."""

    name: str
    width: float
    height: float
    bleed: float
    crop_marks: bool
    css_size: str
    orientation: str


def _page_box(page: Page) -> PageBox:
    return PageBox(
        page.name,
        page.width,
        page.height,
        page.bleed,
        page.crop_marks,
        page.css_size,
        page.orientation,
    )


# -- scenes: the packaged layout ----------------------------------------------------------------

#: Line box height over font size for body text; and the font's ascent and content height
#: (DejaVu Sans: ascent 0.928 em, descent 0.236 em), to put SVG baselines where CSS puts them.
LEADING = 1.32
_ASCENT = 0.928
_CONTENT = 1.164
#: Lines are wrapped at this share of the box width, so a browser never needs more lines.
_SAFE_WIDTH = 0.965

_TAGS = frozenset({"p", "h1", "h2", "h3", "li", "span", "div", "blockquote", "strong"})


@dataclass(frozen=True, slots=True)
class Text:
    """A block of text in a scene: top-left corner, width, size and leading in mm.

    ``lines`` is the text wrapped to fit ``w`` with the built-in font metrics; ``text`` is
    the same lines joined by newlines, which HTML keeps (``white-space: pre-line``), so
    HTML and SVG break lines at the same places. Text cut to fit ends in an ellipsis.
    """

    text: str
    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    size: float
    leading: float
    colour: str
    bold: bool = False
    italic: bool = False
    align: Literal["start", "middle", "end"] = "start"
    tag: str = "p"
    cls: str = ""
    id: str = ""

    @property
    def h(self) -> float:
        return len(self.lines) * self.leading

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def anchor_x(self) -> float:
        return {"start": self.x, "middle": self.x + self.w / 2, "end": self.x + self.w}[self.align]

    @property
    def rows(self) -> tuple[tuple[str, float, float], ...]:
        """``(line, x, baseline y)`` for each line, placed as CSS would place it."""
        offset = (self.leading - _CONTENT * self.size) / 2 + _ASCENT * self.size
        return tuple(
            (line, self.anchor_x, self.y + i * self.leading + offset)
            for i, line in enumerate(self.lines)
        )

    @property
    def css(self) -> Markup:
        """Inline CSS placing the HTML element (numbers and colours only)."""
        parts = [
            f"left:{_mm_filter(self.x)}",
            f"top:{_mm_filter(self.y)}",
            f"width:{_mm_filter(self.w)}",
            f"height:{_mm_filter(self.h + 0.01)}",
            f"font-size:{_mm_filter(self.size)}",
            f"line-height:{_mm_filter(self.leading)}",
            f"color:{_colour(self.colour, '#000000')}",
        ]
        if self.bold:
            parts.append("font-weight:700")
        if self.italic:
            parts.append("font-style:italic")
        if self.align != "start":
            parts.append("text-align:" + {"middle": "center", "end": "right"}[self.align])
        return Markup(";".join(parts))

    @property
    def svg_attrs(self) -> Markup:
        """SVG presentation attributes (numbers and colours only)."""
        parts = [f'font-size="{_n_filter(self.size)}"', f'fill="{_colour(self.colour, "#000000")}"']
        if self.bold:
            parts.append('font-weight="700"')
        if self.italic:
            parts.append('font-style="italic"')
        if self.align != "start":
            parts.append(f'text-anchor="{self.align}"')
        return Markup(" ".join(parts))


@dataclass(frozen=True, slots=True)
class Shape:
    """A graphic in a scene: ``rect``, ``line``, ``circle``, ``path`` or ``image``.

    ``attrs`` are the SVG attributes, computed here from numbers and colours (and, for a
    portrait, a ``data:`` URI made by :mod:`~personajourney.render.assets`).
    """

    tag: Literal["rect", "line", "circle", "path", "image"]
    attrs: tuple[tuple[str, str], ...]


def _attrs(**values: object) -> tuple[tuple[str, str], ...]:
    out = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        name = key.rstrip("_").replace("_", "-")
        text = _n_filter(value) if isinstance(value, float | int) else str(value)
        out.append((name, text))
    return tuple(out)


def rect(
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: str = "none",
    stroke: str | None = None,
    width: float | None = None,
    radius: float | None = None,
    dash: str | None = None,
    opacity: float | None = None,
) -> Shape:
    return Shape(
        "rect",
        _attrs(
            x=x,
            y=y,
            width=max(0.0, w),
            height=max(0.0, h),
            rx=radius,
            fill=fill,
            stroke=stroke,
            stroke_width=width if stroke else None,
            stroke_dasharray=dash,
            opacity=opacity,
        ),
    )


def line(
    x1: float, y1: float, x2: float, y2: float, colour: str, width: float, dash: str | None = None
) -> Shape:
    return Shape(
        "line",
        _attrs(
            x1=x1,
            y1=y1,
            x2=x2,
            y2=y2,
            stroke=colour,
            stroke_width=width,
            stroke_dasharray=dash,
            stroke_linecap="round",
        ),
    )


def circle(
    cx: float,
    cy: float,
    r: float,
    *,
    fill: str,
    stroke: str | None = None,
    width: float | None = None,
    opacity: float | None = None,
) -> Shape:
    return Shape(
        "circle",
        _attrs(
            cx=cx,
            cy=cy,
            r=r,
            fill=fill,
            stroke=stroke,
            stroke_width=width if stroke else None,
            opacity=opacity,
        ),
    )


def path(d: str, *, stroke: str, width: float, fill: str = "none") -> Shape:
    return Shape(
        "path",
        _attrs(
            d=d,
            fill=fill,
            stroke=stroke,
            stroke_width=width,
            stroke_linejoin="round",
            stroke_linecap="round",
        ),
    )


@dataclass(frozen=True, slots=True)
class Group:
    """Shapes and texts that belong together, with an element id derived from node keys."""

    id: str = ""
    cls: str = ""
    tag: str = "div"
    shapes: tuple[Shape, ...] = ()
    texts: tuple[Text, ...] = ()
    groups: tuple[Group, ...] = ()

    def all_shapes(self) -> Iterator[Shape]:
        yield from self.shapes
        for group in self.groups:
            yield from group.all_shapes()


@dataclass(frozen=True, slots=True)
class Clip:
    """A circular clip path (for a round portrait)."""

    id: str
    cx: float
    cy: float
    r: float


@dataclass(frozen=True, slots=True)
class Scene:
    """A laid-out artefact: a ``width`` × ``height`` mm box of groups, at ``x``, ``y`` on its
    sheet. ``hatch`` is the colour of the hatching that marks empty cells."""

    id: str
    width: float
    height: float
    groups: tuple[Group, ...]
    x: float = 0.0
    y: float = 0.0
    hatch: str = "#d2493c"
    clips: tuple[Clip, ...] = ()
    title: str = ""

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def hatch_fill(self) -> str:
        return f"url(#{self.hatch_id})"


def _with_logo(scene: Scene, st: Style, margin: float) -> Scene:
    """``scene`` with the theme's logo, small, in the top-right corner of its top margin.

    The logo sits in a box ``0.5 × margin`` high and three times as wide, right-aligned; it
    does not move anything else. Without a logo the scene is returned unchanged.
    """
    if not st.logo:
        return scene
    h = 0.5 * margin
    w = 3 * h
    image = Shape(
        "image",
        _attrs(
            x=scene.width - 0.5 * margin - w,
            y=0.25 * margin,
            width=w,
            height=h,
            href=st.logo,
            preserveAspectRatio="xMaxYMid meet",
        ),
    )
    group = Group(f"{scene.id}-logo", "logo", "div", (image,))
    return replace(scene, groups=(*scene.groups, group))


class _Pen:
    """Makes :class:`Text` blocks in one scene's style: wraps, cuts and measures."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def text(
        self,
        value: str,
        x: float,
        y: float,
        w: float,
        size: float,
        *,
        colour: str | None = None,
        leading: float = LEADING,
        bold: bool = False,
        italic: bool = False,
        max_lines: int | None = None,
        align: Literal["start", "middle", "end"] = "start",
        tag: str = "p",
        cls: str = "",
        id: str = "",
    ) -> Text:
        lines, _ = fit(value, max(0.0, w) * _SAFE_WIDTH, size, bold=bold, max_lines=max_lines)
        return Text(
            text="\n".join(lines),
            lines=tuple(lines),
            x=x,
            y=y,
            w=max(0.0, w),
            size=size,
            leading=size * leading,
            colour=colour or self.style.text,
            bold=bold,
            italic=italic,
            align=align,
            tag=tag if tag in _TAGS else "p",
            cls=cls,
            id=id,
        )


@dataclass(frozen=True, slots=True)
class _ChipSpec:
    label: str
    fill: str
    colour: str
    stroke: str | None = None
    struck: bool = False
    dot: str | None = None


def _chips(
    pen: _Pen,
    specs: Sequence[_ChipSpec],
    x: float,
    y: float,
    w: float,
    size: float,
    *,
    max_rows: int = 4,
    bold: bool = False,
) -> tuple[list[Shape], list[Text], float]:
    """Lay out pill-shaped chips left to right, wrapping; returns shapes, texts and bottom."""
    shapes: list[Shape] = []
    texts: list[Text] = []
    height = size * 1.75
    pad = size * 0.62
    gap = size * 0.45
    dot = size * 0.62
    cx, cy = x, y
    rows = 1
    bottom = y
    for spec in specs:
        room = w - 2 * pad - (dot + pad * 0.6 if spec.dot else 0)
        caption = pen.text(spec.label, 0, 0, room / _SAFE_WIDTH, size, max_lines=1, bold=bold)
        inner = text_width(caption.lines[0] if caption.lines else "", size, bold=bold)
        chip_w = inner / _SAFE_WIDTH + 2 * pad + (dot + pad * 0.6 if spec.dot else 0)
        if cx > x and cx + chip_w > x + w + 1e-6:
            rows += 1
            if rows > max_rows:
                break
            cx = x
            cy += height + gap
        shapes.append(
            rect(
                cx,
                cy,
                chip_w,
                height,
                fill=spec.fill,
                stroke=spec.stroke,
                width=size * 0.09,
                radius=height / 2,
            )
        )
        tx = cx + pad
        if spec.dot:
            shapes.append(circle(cx + pad + dot / 2, cy + height / 2, dot / 2, fill=spec.dot))
            tx += dot + pad * 0.6
        text = pen.text(
            caption.text,
            tx,
            cy + (height - size * 1.25) / 2,
            chip_w - (tx - cx) - pad * 0.5,
            size,
            colour=spec.colour,
            leading=1.25,
            max_lines=1,
            bold=bold,
            tag="span",
        )
        # The measured caption always fits; keep its lines so SVG and HTML agree.
        texts.append(_replace_lines(text, caption))
        if spec.struck:
            shapes.append(
                line(
                    tx - pad * 0.2,
                    cy + height / 2,
                    tx + inner + pad * 0.2,
                    cy + height / 2,
                    spec.colour,
                    size * 0.08,
                )
            )
        cx += chip_w + gap
        bottom = cy + height
    return shapes, texts, bottom


def _replace_lines(text: Text, source: Text) -> Text:
    return Text(
        text=source.text,
        lines=source.lines,
        x=text.x,
        y=text.y,
        w=text.w,
        size=text.size,
        leading=text.leading,
        colour=text.colour,
        bold=text.bold,
        italic=text.italic,
        align=text.align,
        tag=text.tag,
        cls=text.cls,
        id=text.id,
    )


_CODE_SPAN = re.compile(r"`([^`\n]*)`")


def _prose(message: str) -> str:
    """A finding message for print: Markdown code spans (`hr-hanna`) become quoted text."""
    return _CODE_SPAN.sub("\u2018\\1\u2019", message)


def _search(
    build: Callable[[float, int], tuple[Any, bool]],
    low: float,
    high: float,
    levels: int,
) -> Any:
    """The layout at the largest base size in ``[low, high]`` that fits, trying level 0
    (everything shown) first and shortening lists at each further level."""
    for level in range(levels):
        result, fits = build(high, level)
        if fits:
            return result
        result, fits = build(low, level)
        if not fits:
            if level == levels - 1:
                return result
            continue
        lo, hi = low, high
        best = result
        for _ in range(12):
            mid = (lo + hi) / 2
            candidate, ok = build(mid, level)
            if ok:
                lo, best = mid, candidate
            else:
                hi = mid
        return best
    raise AssertionError("unreachable")  # pragma: no cover


def _text_of(value: object, limit: int) -> str:
    """Model text for display: scrubbed, whitespace-trimmed, at most ``limit`` characters."""
    return _scrub("" if value is None else str(value), limit).strip()


def _texts(values: Iterable[object], limit: int, count: int = 50) -> list[str]:
    out = []
    for value in values:
        text = _text_of(value, limit)
        if text:
            out.append(text)
        if len(out) >= count:
            break
    return out


def _dom(prefix: str, key: str) -> str:
    """An element id from a kind prefix and a model id (ids are ``[A-Za-z0-9_.-]``)."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}"


def _chip_width(label_text: str, size: float, *, bold: bool = False, dot: bool = False) -> float:
    pad = size * 0.62
    extra = size * 0.62 + pad * 0.6 if dot else 0.0
    return text_width(label_text, size, bold=bold) / _SAFE_WIDTH + 2 * pad + extra


def _hatch(st: Style) -> str:
    """Colour of the hatching that marks empty cells: a light tint of ``bad``."""
    return _mix(st.bad, st.background, 0.45)


def _upper(text: str) -> str:
    return text.upper()


# -- persona cards ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MotiveView:
    """One motive of a persona: its name, strength 0–1 and that strength as text."""

    id: str
    name: str
    kind: str
    strength: float
    strength_text: str


@dataclass(frozen=True, slots=True)
class StageCount:
    """How many touchpoints reach a persona in one stage (from the report's coverage)."""

    id: str
    label: str
    count: int
    colour: str


@dataclass(frozen=True, slots=True)
class Section:
    """A titled list on a card (goals, dreams, problems…)."""

    key: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonaView:
    """A persona as a card shows it: cleaned text, labels in the workspace's locale.

    Attributes:
        roles: ``(label, colour)`` per buying role.
        provenance: ``asserted``, ``researched`` or ``measured``; ``provenance_label`` in the
            locale, ``source`` what the claim rests on.
        sections: goals, dreams, problems, ways of working, questions, objections (empty
            ones included, with no items).
        journey: touchpoints per stage, when a report was given (else empty).
        portrait: the photo as a ``data:`` URI, or initials and a colour.
    """

    id: str
    name: str
    quote: str
    responsibility: str
    roles: tuple[tuple[str, str], ...]
    provenance: str
    provenance_label: str
    source: str
    sections: tuple[Section, ...]
    motives: tuple[MotiveView, ...]
    channels: tuple[str, ...]
    avoided: tuple[str, ...]
    values: tuple[str, ...]
    journey: tuple[StageCount, ...]
    portrait: Portrait
    workspace: str


@dataclass(frozen=True, slots=True)
class Card:
    """A persona card: the persona's content and its laid-out scene."""

    persona: PersonaView
    scene: Scene
    base: float
    """Base font size chosen to fit, in mm."""
    used: float = 0.0
    """Bottom of the content, in mm from the card's top."""
    level: int = 0
    """How much lists were shortened to fit (0: not at all)."""


@dataclass(frozen=True, slots=True)
class CardsContext:
    """Context of ``card.html.j2`` and ``card.svg.j2``: cards, one per page."""

    title: str
    locale: str
    workspace: str
    page: PageBox
    style: Style
    cards: tuple[Card, ...]


_SECTION_KEYS = ("goals", "dreams", "problems", "ways_of_working", "questions", "objections")


def _team_colour(ws: Workspace, theme: Theme, st: Style, team_id: str | None) -> str:
    order = [t.id for t in ws.teams]
    return _colour(theme.team_colour(team_id, order), st.muted)


def _persona_view(
    ws: Workspace, persona: Persona, theme: Theme, st: Style, report: Report | None
) -> PersonaView:
    loc = ws.locale
    name = _text_of(persona.name, 160) or persona.id
    motive_names = {m.id: m for m in ws.motives}
    motives = []
    for link in persona.motives:
        motive = motive_names.get(link.motive_id)
        motives.append(
            MotiveView(
                link.motive_id,
                _text_of(motive.name if motive else link.motive_id, 200),
                motive.kind.value if motive else "other",
                float(link.strength),
                _number(link.strength, 1, loc),
            )
        )
    channels = {c.id: c for c in ws.channels}

    def channel_labels(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(_text_of(ws.label_of(channels[i]) if i in channels else i, 80) for i in ids)

    journey: list[StageCount] = []
    if report is not None:
        try:
            for stage in ws.stages:
                cell = report.coverage.cell("persona", persona.id, stage.id)
                journey.append(
                    StageCount(
                        stage.id,
                        _text_of(ws.label_of(stage), 80),
                        cell.touchpoints,
                        _team_colour(ws, theme, st, stage.owner_id),
                    )
                )
        except KeyError:
            journey = []
    kind = persona.provenance.kind.value
    return PersonaView(
        id=persona.id,
        name=name,
        quote=_text_of(persona.quote, 600),
        responsibility=_text_of(persona.responsibility, 200),
        roles=tuple(
            (label("role", r.value, loc), _colour(theme.role_colour(r.value), st.muted))
            for r in persona.roles
        ),
        provenance=kind,
        provenance_label=label("provenance", kind, loc),
        source=_text_of(persona.provenance.source, 300),
        sections=tuple(
            Section(key, ui_text(key, loc), tuple(_texts(getattr(persona, key), 500)))
            for key in _SECTION_KEYS
        ),
        motives=tuple(motives),
        channels=channel_labels(persona.channel_ids),
        avoided=channel_labels(persona.avoided_channel_ids),
        values=tuple(_texts(persona.values, 80)),
        journey=tuple(journey),
        portrait=make_portrait(
            ws.root, persona.photo, key=persona.id, name=name, palette=list(theme.palette)
        ),
        workspace=_text_of(ws.name, 200),
    )


def _provenance_chip(v: PersonaView, st: Style) -> _ChipSpec:
    caption = v.provenance_label.upper()
    if v.provenance == "measured":
        return _ChipSpec(caption, st.good, st.background)
    if v.provenance == "researched":
        return _ChipSpec(caption, st.accent, st.background)
    return _ChipSpec(caption, st.background, st.muted, stroke=st.muted)


def _card_layout(
    v: PersonaView,
    w: float,
    h: float,
    st: Style,
    f: float,
    level: int,
    *,
    locale: str,
    framed: bool = False,
    x: float = 0.0,
    y: float = 0.0,
    spread: float = 0.0,
) -> tuple[Card, bool]:
    pen = _Pen(st)
    items_max = (8, 5, 3, 2, 1)[level]
    item_lines = (None, 6, 4, 3, 2)[level]
    quote_max = (6, 4, 3, 2, 2)[level]
    motive_max = (6, 5, 4, 3, 2)[level]
    mw = min(w, h)
    pad = 0.068 * mw
    iw = w - 2 * pad
    pid = v.id
    groups: list[Group] = []
    clips: list[Clip] = []
    if framed:
        groups.append(
            Group(shapes=(rect(0, 0, w, h, fill=st.background, stroke=st.line, width=0.3),))
        )

    # Header: portrait, eyebrow and provenance badge, name, responsibility, roles.
    d = min(max(9.5 * f, 0.12 * mw), 0.2 * mw)
    gap = max(1.8 * f, 0.035 * mw)
    tx = pad + d + gap
    tw = w - pad - tx
    badge = _provenance_chip(v, st)
    badge_size = 0.62 * f
    badge_w = _chip_width(badge.label, badge_size, bold=True)

    def header(top: float) -> tuple[list[Shape], list[Text], float]:
        shapes: list[Shape] = []
        texts: list[Text] = []
        eyebrow = pen.text(
            _upper(ui_text("buyer-persona", locale)),
            tx,
            top,
            tw - badge_w - f,
            0.68 * f,
            colour=st.muted,
            bold=True,
            leading=1.5,
            max_lines=1,
        )
        texts.append(eyebrow)
        s, t, _ = _chips(
            pen,
            [badge],
            w - pad - badge_w,
            top + (eyebrow.h - badge_size * 1.75) / 2,
            badge_w + 0.01,
            badge_size,
            bold=True,
            max_rows=1,
        )
        shapes += s
        texts += t
        name = pen.text(
            v.name,
            tx,
            eyebrow.bottom + 0.3 * f,
            tw,
            2.1 * f,
            bold=True,
            leading=1.12,
            max_lines=3,
            tag="h1",
            id=_dom("name", pid),
        )
        texts.append(name)
        bottom = name.bottom
        if v.responsibility:
            resp = pen.text(
                v.responsibility, tx, bottom + 0.35 * f, tw, 1.0 * f, colour=st.muted, max_lines=2
            )
            texts.append(resp)
            bottom = resp.bottom
        if v.roles:
            specs = [
                _ChipSpec(lab, _mix(col, st.background, 0.86), col, dot=col) for lab, col in v.roles
            ]
            s, t, bottom = _chips(pen, specs, tx, bottom + 0.8 * f, tw, 0.7 * f, max_rows=2)
            shapes += s
            texts += t
        return shapes, texts, bottom

    _, _, text_h = header(0.0)
    head_h = max(d, text_h)
    shapes, texts, _ = header(pad + max(0.0, (d - text_h) / 2))
    cx, cy, r = pad + d / 2, pad + (head_h - d) / 2 + d / 2, d / 2
    portrait_shapes: list[Shape] = []
    portrait_texts: list[Text] = []
    if v.portrait.kind == "photo":
        clip_id = _dom("clip", pid)
        clips.append(Clip(clip_id, cx, cy, r))
        portrait_shapes.append(circle(cx, cy, r, fill=st.surface))
        portrait_shapes.append(
            Shape(
                "image",
                _attrs(
                    x=cx - r,
                    y=cy - r,
                    width=d,
                    height=d,
                    href=v.portrait.uri,
                    preserveAspectRatio="xMidYMid slice",
                    clip_path=f"url(#{clip_id})",
                ),
            )
        )
        portrait_shapes.append(circle(cx, cy, r, fill="none", stroke=st.line, width=0.02 * d))
    else:
        colour = _colour(v.portrait.colour, st.accent)
        portrait_shapes.append(circle(cx, cy, r, fill=colour))
        size = 0.36 * d
        portrait_texts.append(
            pen.text(
                v.portrait.initials,
                cx - r,
                cy - size * 0.6,
                d,
                size,
                colour="#ffffff",
                bold=True,
                leading=1.2,
                align="middle",
                max_lines=1,
                tag="span",
            )
        )
    groups.append(
        Group(
            _dom("portrait", pid), "portrait", "div", tuple(portrait_shapes), tuple(portrait_texts)
        )
    )
    groups.append(Group(_dom("header", pid), "header", "header", tuple(shapes), tuple(texts)))
    y_cursor = pad + head_h

    # Quote.
    if v.quote:
        top = y_cursor + 2.0 * f + spread
        qsize = 1.18 * f
        mark = pen.text(
            "“",
            pad - 0.1 * f,
            top - 0.55 * f,
            3 * f,
            3.4 * f,
            colour=st.accent,
            bold=True,
            leading=1.0,
            max_lines=1,
            tag="span",
        )
        quote = pen.text(
            v.quote,
            pad + 2.4 * f,
            top,
            iw - 2.4 * f,
            qsize,
            italic=True,
            leading=1.4,
            max_lines=quote_max,
            tag="blockquote",
        )
        groups.append(Group(_dom("quote", pid), "quote", "figure", (), (mark, quote)))
        y_cursor = quote.bottom

    # Sections, in a grid of two (portrait) or three (landscape) columns.
    cols = 3 if w > h * 1.15 else 2
    cg = 0.045 * mw
    colw = (iw - (cols - 1) * cg) / cols
    y_cursor += 2.2 * f + spread
    filled = [s for s in v.sections if s.items]

    def section_head(
        key: str, title: str, sx: float, sy: float, cw: float
    ) -> tuple[list[Shape], Text]:
        rule = line(sx, sy, sx + cw, sy, st.text, 0.1 * f)
        head = pen.text(
            _upper(title),
            sx,
            sy + 0.55 * f,
            cw,
            0.68 * f,
            colour=st.accent,
            bold=True,
            leading=1.3,
            max_lines=1,
            tag="h2",
        )
        return [rule], head

    def list_section(section: Section, sx: float, sy: float, cw: float) -> tuple[Group, float]:
        shapes, head = section_head(section.key, section.title, sx, sy, cw)
        items: list[Text] = []
        iy = head.bottom + 0.5 * f
        size = 0.92 * f
        lead = 1.34
        for item in section.items[:items_max]:
            text = pen.text(
                item,
                sx + 1.15 * f,
                iy,
                cw - 1.15 * f,
                size,
                leading=lead,
                max_lines=item_lines,
                tag="li",
            )
            shapes.append(circle(sx + 0.38 * f, iy + size * lead / 2, 0.17 * f, fill=st.accent))
            items.append(text)
            iy = text.bottom + 0.42 * f
        extra = len(section.items) - items_max
        if extra > 0:
            more = pen.text(
                ui_text("more", locale, n=extra),
                sx + 1.15 * f,
                iy,
                cw - 1.15 * f,
                0.8 * f,
                colour=st.muted,
                max_lines=1,
                tag="li",
            )
            items.append(more)
            iy = more.bottom + 0.42 * f
        body = Group(tag="ul", texts=tuple(items))
        return Group(
            _dom(section.key, pid), "section", "section", tuple(shapes), (head,), (body,)
        ), iy - 0.42 * f

    for start in range(0, len(filled), cols):
        row_bottom = y_cursor
        for i, section in enumerate(filled[start : start + cols]):
            group, bottom = list_section(section, pad + i * (colw + cg), y_cursor, colw)
            groups.append(group)
            row_bottom = max(row_bottom, bottom)
        y_cursor = row_bottom + 1.9 * f + spread

    # Motives with strength bars; channels used and avoided; values.
    band_bottom = y_cursor - 1.9 * f - spread
    columns = [pad + i * (colw + cg) for i in range(cols)]
    if v.motives:
        sx = columns[0]
        shapes, head = section_head("motives", ui_text("motives", locale), sx, y_cursor, colw)
        texts = [head]
        my = head.bottom + 0.55 * f
        for motive in v.motives[:motive_max]:
            name = pen.text(motive.name, sx, my, colw - 3.4 * f, 0.84 * f, max_lines=2, tag="p")
            value = pen.text(
                motive.strength_text,
                sx + colw - 3.2 * f,
                my,
                3.2 * f,
                0.76 * f,
                colour=st.muted,
                align="end",
                max_lines=1,
                tag="span",
            )
            by = name.bottom + 0.25 * f
            bar_h = 0.42 * f
            shapes.append(rect(sx, by, colw, bar_h, fill=st.line, radius=bar_h / 2))
            shapes.append(
                rect(
                    sx,
                    by,
                    colw * max(0.0, min(1.0, motive.strength)),
                    bar_h,
                    fill=st.accent,
                    radius=bar_h / 2,
                )
            )
            texts += [name, value]
            my = by + bar_h + 0.75 * f
        extra = len(v.motives) - motive_max
        if extra > 0:
            more = pen.text(
                ui_text("more", locale, n=extra),
                sx,
                my,
                colw,
                0.8 * f,
                colour=st.muted,
                max_lines=1,
            )
            texts.append(more)
            my = more.bottom + 0.75 * f
        groups.append(
            Group(_dom("motives", pid), "motives", "section", tuple(shapes), tuple(texts))
        )
        band_bottom = max(band_bottom, my - 0.75 * f)
    channel_col = 1 if cols > 1 and v.motives else 0
    cx0 = columns[channel_col]
    cy0 = y_cursor
    if v.channels or v.avoided:
        shapes, head = section_head("channels", ui_text("channels", locale), cx0, cy0, colw)
        texts = [head]
        cyy = head.bottom + 0.5 * f
        for caption, names, struck in (
            (ui_text("uses", locale), v.channels, False),
            (ui_text("avoids", locale), v.avoided, True),
        ):
            if not names:
                continue
            sub = pen.text(caption, cx0, cyy, colw, 0.7 * f, colour=st.muted, max_lines=1)
            texts.append(sub)
            specs = [
                _ChipSpec(n, st.surface, st.text)
                if not struck
                else _ChipSpec(
                    n, st.background, st.bad, stroke=_mix(st.bad, st.background, 0.5), struck=True
                )
                for n in names
            ]
            s, t, bottom = _chips(pen, specs, cx0, sub.bottom + 0.3 * f, colw, 0.74 * f, max_rows=3)
            shapes += s
            texts += t
            cyy = bottom + 0.7 * f
        groups.append(
            Group(_dom("channels", pid), "channels", "section", tuple(shapes), tuple(texts))
        )
        cy0 = cyy - 0.7 * f + 1.9 * f
        band_bottom = max(band_bottom, cyy - 0.7 * f)
    if v.values:
        vcol = min(cols - 1, channel_col + 1) if cols == 3 else channel_col
        vx = columns[vcol]
        vy = y_cursor if (cols == 3 and vcol != channel_col) else cy0
        if cols == 3 and vcol == channel_col:
            vy = cy0
        shapes, head = section_head("values", ui_text("values", locale), vx, vy, colw)
        specs = [_ChipSpec(n, st.background, st.text, stroke=st.line) for n in v.values]
        s, t, bottom = _chips(pen, specs, vx, head.bottom + 0.5 * f, colw, 0.74 * f, max_rows=3)
        groups.append(
            Group(_dom("values", pid), "values", "section", tuple(shapes + s), (head, *t))
        )
        band_bottom = max(band_bottom, bottom)
    y_cursor = band_bottom

    # Touchpoints per stage, when a report was given.
    if v.journey:
        top = y_cursor + 1.9 * f + spread
        shapes, head = section_head("journey", ui_text("journey-coverage", locale), pad, top, iw)
        texts = [head]
        n = len(v.journey)
        gap_j = 0.5 * f
        cell_w = (iw - (n - 1) * gap_j) / n
        cell_top = head.bottom + 0.5 * f
        labels = [
            pen.text(s.label, 0, 0, cell_w - 0.8 * f, 0.6 * f, max_lines=3, leading=1.2)
            for s in v.journey
        ]
        label_h = max(t.h for t in labels)
        cell_h = label_h + 2.6 * f
        for k, stage in enumerate(v.journey):
            sx = pad + k * (cell_w + gap_j)
            covered = stage.count > 0
            shapes.append(
                rect(
                    sx,
                    cell_top,
                    cell_w,
                    cell_h,
                    fill=_mix(st.accent, st.background, 0.9)
                    if covered
                    else "url(#" + _dom("persona", pid) + "-hatch)",
                    stroke=None if covered else _mix(st.bad, st.background, 0.3),
                    width=0.08 * f,
                    radius=0.3 * f,
                )
            )
            shapes.append(rect(sx, cell_top, cell_w, 0.3 * f, fill=stage.colour))
            texts.append(
                pen.text(
                    labels[k].text,
                    sx + 0.4 * f,
                    cell_top + 0.6 * f,
                    cell_w - 0.8 * f,
                    0.6 * f,
                    colour=st.muted,
                    max_lines=3,
                    leading=1.2,
                )
            )
            texts.append(
                pen.text(
                    str(stage.count),
                    sx + 0.4 * f,
                    cell_top + 0.6 * f + label_h + 0.25 * f,
                    cell_w - 0.8 * f,
                    1.25 * f,
                    colour=st.accent if covered else st.bad,
                    bold=True,
                    leading=1.2,
                    max_lines=1,
                )
            )
        groups.append(
            Group(_dom("journey", pid), "journey", "section", tuple(shapes), tuple(texts))
        )
        y_cursor = cell_top + cell_h

    # Footer: the workspace, and what the persona rests on.
    fsize = 0.64 * f
    fy = h - pad * 0.5 - fsize * 0.65
    footer = [
        pen.text(
            v.workspace,
            pad,
            fy,
            iw * 0.5,
            fsize,
            colour=st.muted,
            max_lines=1,
            leading=1.3,
            tag="span",
        )
    ]
    if v.source:
        footer.append(
            pen.text(
                f"{ui_text('source', locale)}: {v.source}",
                pad + iw * 0.52,
                fy,
                iw * 0.48,
                fsize,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                align="end",
                tag="span",
            )
        )
    groups.append(Group(_dom("footer", pid), "footer", "footer", (), tuple(footer)))
    fits = y_cursor <= h - pad
    scene = Scene(
        _dom("persona", pid),
        w,
        h,
        tuple(groups),
        x=x,
        y=y,
        hatch=_hatch(st),
        clips=tuple(clips),
        title=v.name,
    )
    scene = _with_logo(scene, st, pad)
    return Card(v, scene, f, y_cursor, level), fits


def _fit_card(
    v: PersonaView,
    w: float,
    h: float,
    st: Style,
    locale: str,
    *,
    framed: bool = False,
    x: float = 0.0,
    y: float = 0.0,
    at_most: float | None = None,
) -> Card:
    """The card at the largest type that fits (no larger than ``at_most`` mm), with any
    space left spread between its blocks."""
    mw = min(w, h)

    def build(f: float, level: int, spread: float = 0.0) -> tuple[Card, bool]:
        return _card_layout(
            v, w, h, st, f, level, locale=locale, framed=framed, x=x, y=y, spread=spread
        )

    high = 0.0195 * mw if at_most is None else min(at_most, 0.0195 * mw)
    card: Card = _search(build, min(0.0075 * mw, high), high, 5)
    room = h - 0.068 * mw - card.used
    gaps = 2 + math.ceil(sum(1 for s in v.sections if s.items) / (3 if w > h * 1.15 else 2))
    gaps += 1 if v.journey else 0
    if room > 0.5 and gaps:
        card = build(card.base, card.level, min(room / gaps, 1.6 * card.base))[0]
    return card


def _resolve_page(
    page: Page | str | None,
    default: str,
    orientation: Literal["portrait", "landscape"] | None = None,
) -> Page:
    if isinstance(page, Page):
        return page
    return make_page(page or default, orientation)


def card_context(
    ws: Workspace,
    persona_ids: str | Sequence[str] | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    report: Report | None = None,
) -> CardsContext:
    """The context of the card templates: one laid-out card per persona (all when ``None``).

    Raises:
        KeyError: for an unknown persona id.
    """
    paper = _resolve_page(page, "A4")
    st = _style(theme)
    if persona_ids is None:
        ids = [p.id for p in ws.personas]
    elif isinstance(persona_ids, str):
        ids = [persona_ids]
    else:
        ids = list(persona_ids)
    cards = []
    for pid in ids:
        persona = ws.get("persona", pid)
        view = _persona_view(ws, persona, theme, st, report)
        cards.append(_fit_card(view, paper.width, paper.height, st, ws.locale))
    title = cards[0].persona.name if len(cards) == 1 else ui_text("buyer-personas", ws.locale)
    return CardsContext(
        title, ws.locale, _text_of(ws.name, 200), _page_box(paper), st, tuple(cards)
    )


def card_html(
    ws: Workspace,
    persona_id: str | Sequence[str] | None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    report: Report | None = None,
) -> str:
    """A persona card as a printable HTML page (A4 portrait unless ``page`` says otherwise).

    The card shows the portrait (the persona's photo from inside the workspace folder, or
    initials), name, quote, buying roles, responsibility, goals, dreams, problems, ways of
    working, questions, objections, motives with strength bars, channels used and avoided,
    values and the provenance badge; with ``report``, touchpoints per stage as well.

    ``persona_id`` may also be a list of ids (or ``None`` for every persona): one card per
    page.

    Raises:
        KeyError: for an unknown persona id.
    """
    context = card_context(ws, persona_id, page=page, theme=theme, report=report)
    return _render("card.html.j2", context, template_dirs)


def card_svg(
    ws: Workspace,
    persona_id: str | Sequence[str] | None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    report: Report | None = None,
) -> str:
    """The persona card of :func:`card_html` as a standalone SVG, sized like the page."""
    context = card_context(ws, persona_id, page=page, theme=theme, report=report)
    return _render("card.svg.j2", context, template_dirs)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One wall sheet: its header and the cards placed on it."""

    header: Scene
    cards: tuple[Card, ...]


@dataclass(frozen=True, slots=True)
class WallContext:
    """Context of ``wall.html.j2``: persona cards, several per big sheet."""

    title: str
    locale: str
    workspace: str
    page: PageBox
    style: Style
    sheets: tuple[Sheet, ...]


def _grid(count: int, width: float, height: float, gap: float) -> tuple[int, int, float, float]:
    """Columns, rows, card width and height that give ``count`` cards the most room.

    Cards are A-series portrait or landscape (whichever is bigger), and may grow up to 12 %
    taller than that to use the sheet's height.
    """
    best = (1, count, 0.0, 0.0)
    best_area = -1.0
    for aspect in (math.sqrt(2), 1 / math.sqrt(2)):
        for cols in range(1, count + 1):
            rows = math.ceil(count / cols)
            cell_w = (width - (cols - 1) * gap) / cols
            cell_h = (height - (rows - 1) * gap) / rows
            card_w = min(cell_w, cell_h / aspect)
            card_h = min(cell_h, card_w * aspect * 1.12)
            if card_w * card_h > best_area * 1.02:
                best = (cols, rows, card_w, card_h)
                best_area = card_w * card_h
    return best


def wall_context(
    ws: Workspace,
    persona_ids: Sequence[str] | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    report: Report | None = None,
    per_sheet: int = 9,
) -> WallContext:
    """The context of ``wall.html.j2``: up to ``per_sheet`` cards on each sheet (A1)."""
    paper = _resolve_page(page, "A1")
    st = _style(theme)
    pen = _Pen(st)
    ids = [p.id for p in ws.personas] if persona_ids is None else list(persona_ids)
    views = [_persona_view(ws, ws.get("persona", pid), theme, st, report) for pid in ids]
    W, H = paper.width, paper.height
    mw = min(W, H)
    margin = 0.045 * mw
    size = 0.022 * mw
    eyebrow = pen.text(
        _upper(ui_text("buyer-personas", ws.locale)),
        margin,
        margin,
        W - 2 * margin,
        0.4 * size,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = pen.text(
        _text_of(ws.name, 200),
        margin,
        eyebrow.bottom + 0.1 * size,
        W - 2 * margin,
        size,
        bold=True,
        max_lines=1,
        leading=1.2,
        tag="h1",
    )
    rule = line(
        margin,
        title.bottom + 0.5 * size,
        W - margin,
        title.bottom + 0.5 * size,
        st.text,
        0.08 * size,
    )
    top = title.bottom + 1.3 * size
    gap = 0.025 * mw
    chunk = max(1, per_sheet)
    sheets = []
    for number, start in enumerate(range(0, max(1, len(views)), chunk), start=1):
        header = Scene(
            f"sheet-{number}",
            W,
            H,
            (Group(f"sheet-{number}-title", "title", "header", (rule,), (eyebrow, title)),),
            hatch=_hatch(st),
        )
        group = views[start : start + chunk]
        cards = []
        if group:
            area_h = H - margin - top
            cols, rows, card_w, card_h = _grid(len(group), W - 2 * margin, area_h, gap)
            used_w = cols * card_w + (cols - 1) * gap
            used_h = rows * card_h + (rows - 1) * gap
            x0 = margin + (W - 2 * margin - used_w) / 2
            y0 = top + (area_h - used_h) / 2
            # One type size for the whole sheet: the largest that fits every card.
            size = min(_fit_card(v, card_w, card_h, st, ws.locale).base for v in group)
            for k, view in enumerate(group):
                row, col = divmod(k, cols)
                cards.append(
                    _fit_card(
                        view,
                        card_w,
                        card_h,
                        st,
                        ws.locale,
                        framed=True,
                        x=x0 + col * (card_w + gap),
                        y=y0 + row * (card_h + gap),
                        at_most=size,
                    )
                )
        sheets.append(Sheet(header, tuple(cards)))
    return WallContext(
        ui_text("buyer-personas", ws.locale),
        ws.locale,
        _text_of(ws.name, 200),
        _page_box(paper),
        st,
        tuple(sheets),
    )


def wall_sheet_html(
    ws: Workspace,
    persona_ids: Sequence[str] | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    report: Report | None = None,
    per_sheet: int = 9,
) -> str:
    """Several persona cards on one big sheet (A1 portrait by default; A0 works too).

    More than ``per_sheet`` personas continue on further sheets (pages).
    """
    context = wall_context(
        ws, persona_ids, page=page, theme=theme, report=report, per_sheet=per_sheet
    )
    return _render("wall.html.j2", context, template_dirs)


# -- journey poster -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding as artefacts show it."""

    code: str
    name: str
    severity: str
    severity_label: str
    colour: str
    message: str
    location: str
    hint: str
    nodes: tuple[str, ...]
    url: str
    id: str


@dataclass(frozen=True, slots=True)
class TouchpointView:
    """A touchpoint on the poster."""

    id: str
    name: str
    channel: str
    owner: str
    owner_colour: str
    kpi: str
    entry: bool
    emotion: int | None


@dataclass(frozen=True, slots=True)
class StageView:
    """One stage column of the poster, with the content of every lane."""

    id: str
    number: int
    label: str
    description: str
    owner: str
    owner_colour: str
    decision: bool
    questions: tuple[str, ...]
    touchpoints: tuple[TouchpointView, ...]
    channels: tuple[str, ...]
    other_owners: tuple[tuple[str, str], ...]
    handoffs: tuple[str, ...]
    thoughts: tuple[str, ...]
    pains: tuple[str, ...]
    opportunities: tuple[str, ...]
    emotions: tuple[int, ...]
    findings: tuple[FindingView, ...]

    @property
    def emotion_mean(self) -> float | None:
        return sum(self.emotions) / len(self.emotions) if self.emotions else None


@dataclass(frozen=True, slots=True)
class PosterContext:
    """Context of ``poster.html.j2`` and ``poster.svg.j2``: the journey as a matrix.

    Attributes:
        stages: the columns, in journey order.
        lanes: ``(key, label)`` of the lanes shown, top to bottom (``questions``,
            ``touchpoints``, ``channels``, ``owner``, ``thoughts``, ``emotion``, ``pains``,
            ``opportunities``, ``gaps``); lanes empty in every stage are left out.
        unplaced: findings that concern no single stage.
        scene: the packaged layout.
    """

    title: str
    eyebrow: str
    subtitle: str
    locale: str
    workspace: str
    persona: str
    page: PageBox
    style: Style
    stages: tuple[StageView, ...]
    lanes: tuple[tuple[str, str], ...]
    score: str
    counts: tuple[tuple[str, str, int, str], ...]
    unplaced: tuple[FindingView, ...]
    scene: Scene
    base: float


def _finding_views(ws: Workspace, report: Report | None, st: Style) -> list[FindingView]:
    if report is None:
        return []
    out = []
    for index, finding in enumerate(report.findings):
        level = finding.severity.value
        out.append(
            FindingView(
                code=_text_of(finding.code, 20),
                name=_text_of(finding.name, 80),
                severity=level,
                severity_label=label("severity", level, ws.locale),
                colour=st.severity(level),
                message=_text_of(_prose(finding.message), 600),
                location=_text_of(finding.location, 300),
                hint=_text_of(finding.hint, 400),
                nodes=tuple(str(n) for n in finding.nodes),
                url=_scrub(safe_url(finding.url) or "", 500),
                id=f"finding-{index + 1}",
            )
        )
    return out


def _reaches(tp: Touchpoint, persona_id: str, member_personas: dict[str, str | None]) -> bool:
    if persona_id in tp.persona_ids:
        return True
    return any(member_personas.get(m) == persona_id for m in tp.member_ids)


def _stage_views(
    ws: Workspace,
    theme: Theme,
    st: Style,
    findings: Sequence[FindingView],
    persona_id: str | None,
) -> tuple[list[StageView], list[FindingView]]:
    loc = ws.locale
    channels = {c.id: c for c in ws.channels}
    teams = {t.id: t for t in ws.teams}
    member_personas = {m.id: m.persona_id for _, m in ws.members()}
    tps = [
        tp
        for tp in ws.touchpoints
        if persona_id is None or _reaches(tp, persona_id, member_personas)
    ]
    tp_stage = {tp.id: tp.stage_id for tp in tps}
    all_tp_stage = {tp.id: tp.stage_id for tp in ws.touchpoints}

    def team_label(team_id: str | None) -> str:
        if team_id is None:
            return ""
        team = teams.get(team_id)
        return _text_of(ws.label_of(team) if team else team_id, 80)

    # Findings go to every stage they name, directly or through a touchpoint.
    placed: dict[str, list[FindingView]] = {s.id: [] for s in ws.stages}
    unplaced: list[FindingView] = []
    for finding in findings:
        kinds = [n.split(":", 1) for n in finding.nodes if ":" in n]
        if persona_id is not None:
            foreign = [
                k
                for k in kinds
                if (k[0] == "persona" and k[1] != persona_id)
                or (k[0] == "member" and member_personas.get(k[1]) != persona_id)
            ]
            if foreign and not any(k == ["persona", persona_id] for k in kinds):
                continue
        stages = []
        for kind, key in kinds:
            stage_id = key if kind == "stage" else None
            if kind == "touchpoint":
                stage_id = all_tp_stage.get(key)
            if stage_id in placed and stage_id not in stages:
                stages.append(stage_id)
        for stage_id in stages:
            placed[stage_id].append(finding)
        if not stages:
            unplaced.append(finding)

    views = []
    for number, stage in enumerate(ws.stages, start=1):
        in_stage = [tp for tp in tps if tp.stage_id == stage.id]
        owner_id = stage.owner_id
        touchpoints = []
        chans: list[str] = []
        others: list[tuple[str, str]] = []
        for tp in in_stage:
            channel = channels.get(tp.channel_id) if tp.channel_id else None
            channel_label = _text_of(ws.label_of(channel), 80) if channel else ""
            if channel_label and channel_label not in chans:
                chans.append(channel_label)
            tp_owner = tp.owner_id or owner_id
            if tp.owner_id and tp.owner_id != owner_id:
                entry = (team_label(tp.owner_id), _team_colour(ws, theme, st, tp.owner_id))
                if entry not in others:
                    others.append(entry)
            touchpoints.append(
                TouchpointView(
                    id=tp.id,
                    name=_text_of(tp.name, 300),
                    channel=channel_label,
                    owner=team_label(tp_owner),
                    owner_colour=_team_colour(ws, theme, st, tp_owner),
                    kpi=_text_of(tp.kpi, 300),
                    entry=tp.entry,
                    emotion=tp.emotion,
                )
            )
        handoffs = []
        for tr in ws.transitions:
            if tr.handoff and tp_stage.get(tr.to_id) == stage.id and tr.from_id in tp_stage:
                text = _text_of(tr.label, 200)
                handoffs.append(text or ui_text("handoff", loc))
        views.append(
            StageView(
                id=stage.id,
                number=number,
                label=_text_of(ws.label_of(stage), 120),
                description=_text_of(stage.description, 400),
                owner=team_label(owner_id),
                owner_colour=_team_colour(ws, theme, st, owner_id),
                decision=stage.decision,
                questions=tuple(
                    dict.fromkeys(q for tp in in_stage for q in _texts(tp.questions, 300))
                ),
                touchpoints=tuple(touchpoints),
                channels=tuple(chans),
                other_owners=tuple(others),
                handoffs=tuple(handoffs),
                thoughts=tuple(t for tp in in_stage for t in _texts(tp.thoughts, 300)),
                pains=tuple(t for tp in in_stage for t in _texts(tp.pain_points, 300)),
                opportunities=tuple(t for tp in in_stage for t in _texts(tp.opportunities, 300)),
                emotions=tuple(tp.emotion for tp in in_stage if tp.emotion is not None),
                findings=tuple(placed[stage.id]),
            )
        )
    return views, unplaced


_LANES = (
    "questions",
    "touchpoints",
    "channels",
    "owner",
    "thoughts",
    "emotion",
    "pains",
    "opportunities",
    "gaps",
)


def _lanes(
    stages: Sequence[StageView], report: Report | None, locale: str
) -> list[tuple[str, str]]:
    present = {
        "questions": any(s.description or s.questions for s in stages),
        "touchpoints": True,
        "channels": any(s.channels for s in stages),
        "owner": True,
        "thoughts": any(s.thoughts for s in stages),
        "emotion": any(s.emotions for s in stages),
        "pains": any(s.pains for s in stages),
        "opportunities": any(s.opportunities for s in stages),
        "gaps": report is not None,
    }
    return [(key, ui_text("lane-" + key, locale)) for key in _LANES if present[key]]


def _smooth(points: Sequence[tuple[float, float]], low: float, high: float) -> str:
    """An SVG path through ``points``: Catmull-Rom turned into cubic Béziers, kept between
    ``low`` and ``high`` (y)."""
    if not points:
        return ""
    n = _n_filter
    d = f"M {n(points[0][0])} {n(points[0][1])}"
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, min(high, max(low, p1[1] + (p2[1] - p0[1]) / 6)))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, min(high, max(low, p2[1] - (p3[1] - p1[1]) / 6)))
        d += f" C {n(c1[0])} {n(c1[1])}, {n(c2[0])} {n(c2[1])}, {n(p2[0])} {n(p2[1])}"
    return d


def _signed(value: float, locale: str) -> str:
    text = _number(abs(value), 1, locale).replace(",0", "").replace(".0", "")
    if value > 0.05:
        return "+" + text
    if value < -0.05:
        return "−" + text
    return "0"


def _poster_layout(
    ctx: dict[str, Any],
    W: float,
    H: float,
    st: Style,
    f: float,
    level: int,
    extra: float = 0.0,
) -> tuple[tuple[Scene, float], bool]:
    pen = _Pen(st)
    loc: str = ctx["locale"]
    stages: list[StageView] = ctx["stages"]
    lanes: list[tuple[str, str]] = ctx["lanes"]
    items_max = (6, 4, 3, 2, 1)[level]
    item_lines = (5, 4, 3, 2, 2)[level]
    mw = min(W, H)
    m = 0.032 * mw
    iw = W - 2 * m
    groups: list[Group] = []

    # Header: eyebrow, title, subtitle, team legend; score and counts on the right.
    right_w = iw * 0.3
    left_w = iw - right_w - 2 * f
    eyebrow = pen.text(
        _upper(ctx["eyebrow"]),
        m,
        m,
        left_w,
        0.78 * f,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = pen.text(
        ctx["title"],
        m,
        eyebrow.bottom + 0.2 * f,
        left_w,
        2.5 * f,
        bold=True,
        leading=1.12,
        max_lines=2,
        tag="h1",
        id="poster-heading",
    )
    texts = [eyebrow, title]
    bottom = title.bottom
    if ctx["subtitle"]:
        sub = pen.text(
            ctx["subtitle"],
            m,
            bottom + 0.4 * f,
            left_w * 0.85,
            1.0 * f,
            colour=st.muted,
            max_lines=2,
        )
        texts.append(sub)
        bottom = sub.bottom
    shapes: list[Shape] = []
    if ctx["teams"]:
        specs = [
            _ChipSpec(name, st.background, st.text, stroke=st.line, dot=colour)
            for name, colour in ctx["teams"]
        ]
        s, t, bottom = _chips(pen, specs, m, bottom + 0.9 * f, left_w, 0.72 * f, max_rows=1)
        shapes += s
        texts += t
    groups.append(Group("poster-header", "header", "header", tuple(shapes), tuple(texts)))
    right_x = W - m - right_w
    score_texts = []
    score_shapes: list[Shape] = []
    rb = m
    if ctx["score"]:
        cap = pen.text(
            _upper(ui_text("check-score", loc)),
            right_x,
            m,
            right_w,
            0.72 * f,
            colour=st.muted,
            bold=True,
            align="end",
            max_lines=1,
            leading=1.4,
        )
        big = pen.text(
            ctx["score"],
            right_x,
            cap.bottom,
            right_w,
            3.0 * f,
            bold=True,
            align="end",
            max_lines=1,
            leading=1.1,
            colour=st.text,
        )
        score_texts += [cap, big]
        rb = big.bottom
    if ctx["counts"]:
        specs = [
            _ChipSpec(
                _counted(level, count, loc), st.background, st.text, stroke=st.line, dot=colour
            )
            for level, _, count, colour in ctx["counts"]
        ]
        total = sum(_chip_width(s.label, 0.72 * f, dot=True) for s in specs) + 0.45 * 0.72 * f * (
            len(specs) - 1
        )
        s, t, rb = _chips(
            pen, specs, W - m - total, rb + 0.5 * f, total + 0.01, 0.72 * f, max_rows=1
        )
        score_shapes += s
        score_texts += t
    groups.append(Group("poster-score", "score", "div", tuple(score_shapes), tuple(score_texts)))
    y = max(bottom, rb) + 1.8 * f

    # Footer line.
    fsize = 0.76 * f
    footer_y = H - m - fsize * 1.3
    foot = []
    if ctx["unplaced"]:
        foot.append(
            pen.text(
                ui_text("unplaced", loc, n=len(ctx["unplaced"])),
                m,
                footer_y,
                iw * 0.6,
                fsize,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
            )
        )
    foot.append(
        pen.text(
            ctx["workspace"],
            m + iw * 0.6,
            footer_y,
            iw * 0.4,
            fsize,
            colour=st.muted,
            max_lines=1,
            leading=1.3,
            align="end",
        )
    )
    groups.append(Group("poster-footer", "footer", "footer", (), tuple(foot)))
    limit = footer_y - 1.2 * f

    n = len(stages)
    if n == 0:
        groups.append(
            Group(
                "poster-empty",
                "",
                "div",
                (),
                (pen.text(ui_text("no-stages", loc), m, y, iw, 1.2 * f, colour=st.muted),),
            )
        )
        scene = Scene("poster", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"])
        scene = _with_logo(scene, st, m)
        return (scene, y), True

    lw = max(0.085 * iw, 7.5 * f)
    gutter = max(0.9 * f, 0.004 * iw)
    cw = (iw - lw - n * gutter) / n
    xs = [m + lw + gutter + k * (cw + gutter) for k in range(n)]

    # Stage headers.
    head_groups = []
    head_bottom = y
    for k, stage in enumerate(stages):
        x = xs[k]
        band = rect(x, y, cw, 0.5 * f, fill=stage.owner_colour, radius=0.25 * f)
        num = pen.text(
            f"{stage.number:02d}",
            x,
            y + 0.95 * f,
            cw,
            0.72 * f,
            colour=st.muted,
            bold=True,
            max_lines=1,
            leading=1.3,
            tag="span",
        )
        texts = [num]
        if stage.decision:
            texts.append(
                pen.text(
                    "◆ " + _upper(ui_text("decision", loc)),
                    x,
                    y + 0.95 * f,
                    cw,
                    0.62 * f,
                    colour=st.accent,
                    bold=True,
                    max_lines=1,
                    leading=1.5,
                    align="end",
                    tag="span",
                )
            )
        name = pen.text(
            stage.label,
            x,
            num.bottom + 0.15 * f,
            cw,
            1.1 * f,
            bold=True,
            leading=1.18,
            max_lines=3,
            tag="h2",
        )
        texts.append(name)
        head_groups.append(Group(_dom("stage", stage.id), "stage", "div", (band,), tuple(texts)))
        head_bottom = max(head_bottom, name.bottom)
    groups.append(Group("stages", "stages", "div", (), (), tuple(head_groups)))
    y = head_bottom + 0.9 * f
    groups.append(Group(shapes=(line(m, y, W - m, y, st.text, 0.12 * f),)))

    pad_t = 0.85 * f
    pad_b = 0.85 * f
    body = 0.82 * f

    def bullets(
        items: Sequence[str],
        x: float,
        top: float,
        colour: str,
        mark: str = "dot",
        italic: bool = False,
    ) -> tuple[list[Shape], list[Text], float]:
        shapes: list[Shape] = []
        texts: list[Text] = []
        yy = top
        for item in items[:items_max]:
            if mark == "quote":
                t = pen.text(
                    item,
                    x + 0.9 * f,
                    yy,
                    cw - 0.9 * f,
                    body,
                    italic=True,
                    max_lines=item_lines,
                    tag="p",
                    colour=st.text,
                )
                shapes.append(
                    line(
                        x + 0.2 * f,
                        yy + 0.15 * f,
                        x + 0.2 * f,
                        t.bottom - 0.15 * f,
                        colour,
                        0.16 * f,
                    )
                )
            elif mark == "q":
                t = pen.text(
                    item, x + 1.0 * f, yy, cw - 1.0 * f, body, max_lines=item_lines, tag="p"
                )
                texts.append(
                    pen.text(
                        "?", x, yy, 1.0 * f, body, bold=True, colour=colour, max_lines=1, tag="span"
                    )
                )
            else:
                t = pen.text(
                    item,
                    x + 0.95 * f,
                    yy,
                    cw - 0.95 * f,
                    body,
                    italic=italic,
                    max_lines=item_lines,
                    tag="p",
                )
                shapes.append(circle(x + 0.3 * f, yy + t.leading / 2, 0.2 * f, fill=colour))
            texts.append(t)
            yy = t.bottom + 0.45 * f
        if len(items) > items_max:
            more = pen.text(
                ui_text("more", loc, n=len(items) - items_max),
                x + 0.95 * f,
                yy,
                cw - 0.95 * f,
                0.72 * f,
                colour=st.muted,
                max_lines=1,
            )
            texts.append(more)
            yy = more.bottom + 0.45 * f
        return shapes, texts, yy - 0.45 * f

    def cell(key: str, stage: StageView, x: float, top: float) -> tuple[list[Group], float]:
        shapes: list[Shape] = []
        texts: list[Text] = []
        subgroups: list[Group] = []
        bottom = top
        if key == "questions":
            yy = top
            if stage.description:
                d = pen.text(
                    stage.description, x, yy, cw, body, colour=st.muted, max_lines=item_lines + 1
                )
                texts.append(d)
                yy = d.bottom + 0.5 * f
            s, t, bottom = bullets(stage.questions, x, yy, st.accent, mark="q")
            shapes += s
            texts += t
            bottom = max(bottom, yy - 0.5 * f if not stage.questions else bottom)
        elif key == "touchpoints":
            yy = top
            if not stage.touchpoints:
                box_h = 2.4 * f
                shapes.append(
                    rect(
                        x,
                        yy,
                        cw,
                        box_h,
                        fill="url(#poster-hatch)",
                        stroke=_mix(st.bad, st.background, 0.3),
                        width=0.08 * f,
                        radius=0.4 * f,
                    )
                )
                texts.append(
                    pen.text(
                        ui_text("no-touchpoints", loc),
                        x + 0.6 * f,
                        yy + (box_h - 1.3 * 0.8 * f) / 2,
                        cw - 1.2 * f,
                        0.8 * f,
                        colour=st.bad,
                        bold=True,
                        leading=1.3,
                        max_lines=1,
                        align="middle",
                    )
                )
                bottom = yy + box_h
            for tp in stage.touchpoints[:items_max]:
                inner_x = x + 1.1 * f
                inner_w = cw - 1.7 * f
                name = pen.text(
                    tp.name,
                    inner_x,
                    yy + 0.55 * f,
                    inner_w,
                    0.84 * f,
                    bold=True,
                    leading=1.22,
                    max_lines=3,
                    tag="h3",
                )
                meta_bits = [
                    b for b in (tp.channel, ui_text("entry", loc) if tp.entry else "") if b
                ]
                tt = [name]
                ty = name.bottom
                if meta_bits:
                    meta = pen.text(
                        " · ".join(meta_bits),
                        inner_x,
                        ty + 0.15 * f,
                        inner_w,
                        0.68 * f,
                        colour=st.muted,
                        max_lines=1,
                        leading=1.3,
                    )
                    tt.append(meta)
                    ty = meta.bottom
                if tp.kpi and level < 3:
                    kpi = pen.text(
                        "KPI: " + tp.kpi,
                        inner_x,
                        ty + 0.15 * f,
                        inner_w,
                        0.66 * f,
                        colour=st.muted,
                        italic=True,
                        max_lines=2,
                        leading=1.3,
                    )
                    tt.append(kpi)
                    ty = kpi.bottom
                box_h = ty + 0.55 * f - yy
                ss = [
                    rect(x, yy, cw, box_h, fill=st.surface, radius=0.45 * f),
                    rect(x, yy, 0.42 * f, box_h, fill=tp.owner_colour, radius=0.2 * f),
                ]
                subgroups.append(
                    Group(_dom("tp", tp.id), "touchpoint", "article", tuple(ss), tuple(tt))
                )
                yy += box_h + 0.5 * f
                bottom = yy - 0.5 * f
            if len(stage.touchpoints) > items_max:
                more = pen.text(
                    ui_text("more", loc, n=len(stage.touchpoints) - items_max),
                    x,
                    yy,
                    cw,
                    0.72 * f,
                    colour=st.muted,
                    max_lines=1,
                )
                texts.append(more)
                bottom = more.bottom
        elif key == "channels":
            specs = [_ChipSpec(c, st.background, st.text, stroke=st.line) for c in stage.channels]
            if specs:
                s, t, bottom = _chips(pen, specs, x, top, cw, 0.72 * f, max_rows=3)
                shapes += s
                texts += t
        elif key == "owner":
            specs = []
            if stage.owner:
                specs.append(
                    _ChipSpec(
                        stage.owner,
                        _mix(stage.owner_colour, st.background, 0.84),
                        st.text,
                        dot=stage.owner_colour,
                    )
                )
            specs += [
                _ChipSpec(lab, st.background, st.text, stroke=st.line, dot=col)
                for lab, col in stage.other_owners
            ]
            yy = top
            if specs:
                s, t, bottom = _chips(pen, specs, x, top, cw, 0.74 * f, max_rows=3)
                shapes += s
                texts += t
                yy = bottom + 0.5 * f
            for text in stage.handoffs[:items_max]:
                h = pen.text(
                    "⇄ " + text, x, yy, cw, 0.7 * f, colour=st.muted, max_lines=3, leading=1.3
                )
                texts.append(h)
                yy = h.bottom + 0.3 * f
                bottom = h.bottom
        elif key == "thoughts":
            s, t, bottom = bullets(
                [f"“{q}”" for q in stage.thoughts],
                x,
                top,
                _mix(st.accent, st.background, 0.5),
                mark="quote",
            )
            shapes += s
            texts += t
        elif key == "pains":
            s, t, bottom = bullets(stage.pains, x, top, st.bad)
            shapes += s
            texts += t
        elif key == "opportunities":
            s, t, bottom = bullets(stage.opportunities, x, top, st.good)
            shapes += s
            texts += t
        elif key == "gaps":
            yy = top
            if not stage.findings:
                ok = pen.text(
                    "✓ " + ui_text("no-gaps", loc),
                    x,
                    yy,
                    cw,
                    0.72 * f,
                    colour=st.good,
                    max_lines=2,
                    leading=1.3,
                )
                texts.append(ok)
                bottom = ok.bottom
            for finding in stage.findings[:items_max]:
                chip_size = 0.66 * f
                s, t, cb = _chips(
                    pen,
                    [_ChipSpec(finding.code, finding.colour, "#ffffff")],
                    x,
                    yy,
                    cw,
                    chip_size,
                    bold=True,
                    max_rows=1,
                )
                msg = pen.text(
                    _prose(finding.message),
                    x,
                    cb + 0.25 * f,
                    cw,
                    0.74 * f,
                    max_lines=item_lines,
                    leading=1.3,
                )
                subgroups.append(
                    Group(
                        _dom("gap", f"{finding.id}-{stage.id}"), "gap", "div", tuple(s), (*t, msg)
                    )
                )
                yy = msg.bottom + 0.6 * f
                bottom = msg.bottom
            if len(stage.findings) > items_max:
                more = pen.text(
                    ui_text("more", loc, n=len(stage.findings) - items_max),
                    x,
                    yy,
                    cw,
                    0.72 * f,
                    colour=st.muted,
                    max_lines=1,
                )
                texts.append(more)
                bottom = more.bottom
        group = Group(
            _dom("cell-" + key, stage.id),
            "cell",
            "div",
            tuple(shapes),
            tuple(texts),
            tuple(subgroups),
        )
        return [group], bottom

    lane_groups: list[Group] = []
    for key, caption in lanes:
        top = y + pad_t
        label_text = pen.text(
            _upper(caption),
            m,
            top,
            lw - 0.5 * f,
            0.7 * f,
            bold=True,
            colour=st.text,
            max_lines=3,
            leading=1.3,
            tag="h2",
        )
        lane_shapes: list[Shape] = []
        lane_texts = [label_text]
        cells: list[Group] = []
        bottom = label_text.bottom
        if key == "emotion":
            height = 6.5 * f + extra * 1.5
            low, high = top + 0.6 * f, top + height - 0.6 * f

            def ey(v: float, low: float = low, high: float = high) -> float:
                return low + (2 - v) / 4 * (high - low)

            for v, dash in (
                (2, None),
                (0, f"{_n_filter(0.5 * f)} {_n_filter(0.4 * f)}"),
                (-2, None),
            ):
                lane_shapes.append(line(xs[0], ey(v), xs[-1] + cw, ey(v), st.line, 0.08 * f, dash))
                lane_texts.append(
                    pen.text(
                        {2: "+2", 0: "0", -2: "−2"}[v],
                        m + lw - 3 * f,
                        ey(v) - 0.45 * f,
                        2.6 * f,
                        0.6 * f,
                        colour=st.muted,
                        align="end",
                        max_lines=1,
                        leading=1.5,
                        tag="span",
                    )
                )
            runs: list[list[tuple[float, float]]] = [[]]
            dots: list[Shape] = []
            marks: list[Text] = []
            for k, stage in enumerate(stages):
                centre = xs[k] + cw / 2
                mean = stage.emotion_mean
                if mean is None:
                    if runs[-1]:
                        runs.append([])
                    marks.append(
                        pen.text(
                            ui_text("no-data", loc),
                            xs[k],
                            ey(0) - 1.3 * f,
                            cw,
                            0.62 * f,
                            colour=st.muted,
                            italic=True,
                            align="middle",
                            max_lines=1,
                            leading=1.3,
                            tag="span",
                        )
                    )
                    continue
                count = len(stage.emotions)
                step = min(cw * 0.7 / max(1, count), 1.6 * f)
                for i, value in enumerate(stage.emotions):
                    dx = (i - (count - 1) / 2) * step
                    colour = st.good if value > 0 else st.bad if value < 0 else st.muted
                    dots.append(circle(centre + dx, ey(value), 0.32 * f, fill=colour, opacity=0.55))
                runs[-1].append((centre, ey(mean)))
                # The value goes above the marker and the dots, or below them at the top.
                above = min(ey(mean) - 0.55 * f, min(ey(v) for v in stage.emotions) - 0.32 * f)
                below = max(ey(mean) + 0.55 * f, max(ey(v) for v in stage.emotions) + 0.32 * f)
                label_h = 0.7 * f * 1.3
                label_y = above - label_h - 0.1 * f
                if label_y < top:
                    label_y = below + 0.1 * f
                marks.append(
                    pen.text(
                        _signed(mean, loc),
                        centre - 3 * f,
                        label_y,
                        6 * f,
                        0.7 * f,
                        colour=st.text,
                        bold=True,
                        align="middle",
                        max_lines=1,
                        leading=1.3,
                        tag="span",
                    )
                )
            curve = [
                path(_smooth(run, low, high), stroke=st.accent, width=0.3 * f)
                for run in runs
                if len(run) > 1
            ]
            points = [
                circle(px, py, 0.55 * f, fill=st.background, stroke=st.accent, width=0.22 * f)
                for run in runs
                for px, py in run
            ]
            cells.append(
                Group("emotion-curve", "emotion", "div", tuple(curve + dots + points), tuple(marks))
            )
            bottom = top + height
        else:
            for k, stage in enumerate(stages):
                made, cell_bottom = cell(key, stage, xs[k], top)
                cells += made
                bottom = max(bottom, cell_bottom)
        lane_bottom = bottom + pad_b + extra
        lane_shapes.append(line(m, lane_bottom, W - m, lane_bottom, st.line, 0.08 * f))
        lane_groups.append(
            Group(
                "lane-" + key,
                "lane",
                "section",
                tuple(lane_shapes),
                tuple(lane_texts),
                tuple(cells),
            )
        )
        y = lane_bottom
    groups += lane_groups
    scene = Scene("poster", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"])
    scene = _with_logo(scene, st, m)
    return (scene, y), y <= limit


def poster_context(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    persona_id: str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> PosterContext:
    """The context of the poster templates (A2 landscape unless ``page`` says otherwise).

    Raises:
        KeyError: for an unknown ``persona_id``.
    """
    paper = _resolve_page(
        page, "A2", "landscape" if page is None or isinstance(page, str) else None
    )
    st = _style(theme)
    loc = ws.locale
    persona = ws.get("persona", persona_id) if persona_id is not None else None
    findings = _finding_views(ws, report, st)
    stages, unplaced = _stage_views(ws, theme, st, findings, persona_id)
    lanes = _lanes(stages, report, loc)
    persona_name = _text_of(persona.name, 160) if persona is not None else ""
    workspace = _text_of(ws.name, 200)
    if persona is not None:
        title = ui_text("journey-of", loc, name=persona_name)
        subtitle = _text_of(persona.quote, 300)
    else:
        title = workspace
        subtitle = _text_of(ws.offering, 400)
    used_teams: list[str | None] = []
    for stage in ws.stages:
        if stage.owner_id not in used_teams:
            used_teams.append(stage.owner_id)
    for tp in ws.touchpoints:
        if tp.owner_id and tp.owner_id not in used_teams:
            used_teams.append(tp.owner_id)
    teams_by_id = {t.id: t for t in ws.teams}
    teams = [
        (_text_of(ws.label_of(teams_by_id[t]), 80), _team_colour(ws, theme, st, t))
        for t in used_teams
        if t is not None and t in teams_by_id
    ]
    score = ""
    counts: list[tuple[str, str, int, str]] = []
    if report is not None:
        score = "–" if report.score is None else f"{report.score}/100"
        counts = [
            (level, label("severity", level, loc), report.counts.get(level, 0), st.severity(level))
            for level in ("error", "warning", "info")
        ]
    ctx: dict[str, Any] = {
        "locale": loc,
        "stages": stages,
        "lanes": lanes,
        "eyebrow": ui_text("journey-map", loc),
        "title": title,
        "subtitle": subtitle,
        "teams": teams,
        "score": score,
        "counts": counts,
        "unplaced": unplaced,
        "workspace": workspace if persona is not None else "",
    }
    W, H = paper.width, paper.height

    def build(f: float, level: int) -> tuple[tuple[Scene, float, float, int], bool]:
        (scene, used), fits = _poster_layout(ctx, W, H, st, f, level)
        return (scene, used, f, level), fits

    high = 0.0078 * W * (1.0 if W >= H else 1.25)
    scene, used, f, level = _search(build, 0.4 * high, high, 5)
    mw = min(W, H)
    limit = H - 0.032 * mw - 0.76 * f * 1.3 - 1.2 * f
    room = limit - used
    if room > 0.5 and lanes:
        (scene, _), _ = _poster_layout(
            ctx, W, H, st, f, level, extra=min(room / (len(lanes) + 0.5), 6 * f)
        )
    return PosterContext(
        title=title,
        eyebrow=ctx["eyebrow"],
        subtitle=subtitle,
        locale=loc,
        workspace=workspace,
        persona=persona_name,
        page=_page_box(paper),
        style=st,
        stages=tuple(stages),
        lanes=tuple(lanes),
        score=score,
        counts=tuple(counts),
        unplaced=tuple(unplaced),
        scene=scene,
        base=f,
    )


def poster_html(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    persona_id: str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The journey-map poster as a printable HTML page (A2 landscape by default).

    Columns are the stages (label, number, owner team's colour); lanes are goals and
    questions, touchpoints, channels, owner team and hand-offs, thoughts, the emotion curve
    (each touchpoint's score as a dot, the stage average joined by a smooth line), pain
    points, opportunities, and the gaps the checks found in each stage (with ``report``).
    With ``persona_id``, only that persona's touchpoints and findings are shown.
    """
    context = poster_context(ws, report, page=page, persona_id=persona_id, theme=theme)
    return _render("poster.html.j2", context, template_dirs)


def poster_svg(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    persona_id: str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The poster of :func:`poster_html` as a standalone SVG, sized like the page."""
    context = poster_context(ws, report, page=page, persona_id=persona_id, theme=theme)
    return _render("poster.svg.j2", context, template_dirs)


# -- coverage heatmap ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One stage of one persona or member: touchpoints that reach them, and their weight
    (1 for personas; a member's influence in the stage, 0 where not involved)."""

    stage: str
    count: int
    weight: float
    weight_text: str

    @property
    def active(self) -> bool:
        return self.weight > 0

    @property
    def covered(self) -> bool:
        return self.count > 0


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One persona or committee member across the stages."""

    kind: str
    id: str
    name: str
    detail: str
    group: str
    cells: tuple[HeatCell, ...]

    @property
    def covered(self) -> int:
        return sum(1 for c in self.cells if c.active and c.covered)

    @property
    def total(self) -> int:
        return sum(1 for c in self.cells if c.active)


@dataclass(frozen=True, slots=True)
class StageHead:
    """A stage as a column head: id, label and owner team colour."""

    id: str
    label: str
    colour: str


@dataclass(frozen=True, slots=True)
class HeatmapContext:
    """Context of ``heatmap.html.j2`` and ``heatmap.svg.j2``: stage × persona and stage ×
    member coverage, from the report's :class:`~personajourney.checks.report.Coverage`."""

    title: str
    eyebrow: str
    locale: str
    workspace: str
    page: PageBox
    style: Style
    stages: tuple[StageHead, ...]
    personas: tuple[HeatRow, ...]
    members: tuple[HeatRow, ...]
    scene: Scene
    base: float


def _heat_rows(ws: Workspace, report: Report) -> tuple[list[HeatRow], list[HeatRow]]:
    loc = ws.locale
    index = {(c.kind, c.id, c.stage): c for c in report.coverage.cells}
    stage_ids = [s.id for s in ws.stages]

    def cells(kind: str, key: str) -> tuple[HeatCell, ...]:
        out = []
        for stage in stage_ids:
            cell = index.get((kind, key, stage))
            count = cell.touchpoints if cell else 0
            weight = float(cell.weight) if cell else (1.0 if kind == "persona" else 0.0)
            out.append(HeatCell(stage, count, weight, _number(weight, 1, loc)))
        return tuple(out)

    personas = [
        HeatRow(
            "persona",
            p.id,
            _text_of(p.name, 160) or p.id,
            ", ".join(label("role", r.value, loc) for r in p.roles),
            "",
            cells("persona", p.id),
        )
        for p in ws.personas
    ]
    members = []
    for committee, member in ws.members():
        detail = _text_of(member.title, 120)
        roles = ", ".join(label("role", r.value, loc) for r in member.roles)
        members.append(
            HeatRow(
                "member",
                member.id,
                _text_of(member.name, 160) or member.id,
                " · ".join(x for x in (detail, roles) if x),
                _text_of(committee.name, 160),
                cells("member", member.id),
            )
        )
    return personas, members


def _heat_fill(st: Style, cell: HeatCell, kind: str) -> tuple[str, str]:
    """Fill and text colour of a covered, active cell."""
    if kind == "persona":
        t = 0.22 + 0.2 * min(cell.count, 3)
    else:
        t = 0.15 + 0.72 * max(0.0, min(1.0, cell.weight))
    fill = _mix(st.background, st.accent, t)
    return fill, ("#ffffff" if t >= 0.55 else st.text)


def _heatmap_layout(
    ctx: dict[str, Any], W: float, H: float, st: Style, f: float, level: int, extra: float = 0.0
) -> tuple[tuple[Scene, float], bool]:
    pen = _Pen(st)
    loc: str = ctx["locale"]
    stages: list[StageHead] = ctx["stages"]
    mw = min(W, H)
    m = 0.04 * mw
    iw = W - 2 * m
    groups: list[Group] = []
    row_cap = (10_000, 40, 24, 14, 8)[level]

    portrait = W < H
    head_w = iw if portrait else iw * 0.55
    eyebrow = pen.text(
        _upper(ctx["eyebrow"]),
        m,
        m,
        head_w,
        0.78 * f,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = pen.text(
        ctx["title"],
        m,
        eyebrow.bottom + 0.2 * f,
        head_w,
        2.2 * f,
        bold=True,
        leading=1.12,
        max_lines=2,
        tag="h1",
        id="heatmap-heading",
    )
    groups.append(Group("heatmap-header", "header", "header", (), (eyebrow, title)))

    # Legend, on the right of the header.
    lx = m if portrait else m + iw * 0.58
    lwid = iw if portrait else iw * 0.42
    sw = 2.2 * f
    sh = 1.5 * f
    legend_shapes: list[Shape] = []
    legend_texts: list[Text] = []
    ly = title.bottom + 1.2 * f if portrait else m
    entries: list[tuple[str, str, str]] = [
        ("url(#heatmap-hatch)", "0", ui_text("not-reached", loc)),
        (_heat_fill(st, HeatCell("", 1, 1, ""), "persona")[0], "1", ""),
        (_heat_fill(st, HeatCell("", 2, 1, ""), "persona")[0], "2", ""),
        (_heat_fill(st, HeatCell("", 3, 1, ""), "persona")[0], "3+", ui_text("legend-count", loc)),
    ]
    x = lx
    for fill, caption, text in entries:
        legend_shapes.append(
            rect(
                x,
                ly,
                sw,
                sh,
                fill=fill,
                radius=0.2 * f,
                stroke=_mix(st.bad, st.background, 0.3) if caption == "0" else None,
                width=0.06 * f,
            )
        )
        legend_texts.append(
            pen.text(
                caption,
                x,
                ly + (sh - 0.72 * f * 1.3) / 2,
                sw,
                0.72 * f,
                bold=True,
                colour=st.bad if caption == "0" else ("#ffffff" if caption == "3+" else st.text),
                align="middle",
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
        x += sw + 0.3 * f
        if text:
            t = pen.text(
                text,
                x + 0.3 * f,
                ly + (sh - 0.7 * f * 1.3) / 2,
                lx + lwid - x,
                0.7 * f,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                tag="span",
            )
            legend_texts.append(t)
            x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
    if ctx["members"]:
        ly += sh + 0.6 * f
        x = lx
        for weight in (0.3, 0.6, 0.9):
            fill, colour = _heat_fill(st, HeatCell("", 1, weight, ""), "member")
            legend_shapes.append(rect(x, ly, sw, sh, fill=fill, radius=0.2 * f))
            legend_texts.append(
                pen.text(
                    _number(weight, 1, loc),
                    x,
                    ly + (sh - 0.66 * f * 1.3) / 2,
                    sw,
                    0.66 * f,
                    colour=colour,
                    align="middle",
                    max_lines=1,
                    leading=1.3,
                    tag="span",
                )
            )
            x += sw + 0.3 * f
        t = pen.text(
            ui_text("legend-influence", loc),
            x + 0.3 * f,
            ly + (sh - 0.7 * f * 1.3) / 2,
            lx + lwid - x - 0.3 * f,
            0.7 * f,
            colour=st.muted,
            max_lines=1,
            leading=1.3,
            tag="span",
        )
        legend_texts.append(t)
        x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
        legend_shapes.append(rect(x, ly, sw, sh, fill=st.surface, radius=0.2 * f))
        legend_texts.append(
            pen.text(
                "·",
                x,
                ly + (sh - 0.9 * f * 1.3) / 2,
                sw,
                0.9 * f,
                colour=st.muted,
                bold=True,
                align="middle",
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
        legend_texts.append(
            pen.text(
                ui_text("not-involved", loc),
                x + sw + 0.6 * f,
                ly + (sh - 0.7 * f * 1.3) / 2,
                max(0.0, lx + lwid - x - sw - 0.6 * f),
                0.7 * f,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
    groups.append(
        Group("heatmap-legend", "legend", "div", tuple(legend_shapes), tuple(legend_texts))
    )
    y = max(title.bottom, ly + sh) + 2.0 * f

    n = len(stages)
    if n == 0:
        groups.append(
            Group(
                "heatmap-empty",
                "",
                "div",
                (),
                (pen.text(ui_text("no-stages", loc), m, y, iw, 1.2 * f, colour=st.muted),),
            )
        )
        return (
            _with_logo(
                Scene("heatmap", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"]),
                st,
                m,
            ),
            y,
        ), True
    lw = 0.24 * iw
    sumw = max(0.06 * iw, 5 * f)
    gap = 0.3 * f
    cw = (iw - lw - sumw - (n + 1) * gap) / n
    xs = [m + lw + gap + k * (cw + gap) for k in range(n)]
    sx = xs[-1] + cw + gap

    # Column heads.
    heads = []
    head_bottom = y
    for k, stage in enumerate(stages):
        band = rect(xs[k], y, cw, 0.4 * f, fill=stage.colour, radius=0.2 * f)
        name = pen.text(
            stage.label,
            xs[k],
            y + 0.8 * f,
            cw,
            0.76 * f,
            bold=True,
            max_lines=3,
            leading=1.22,
            tag="h3",
        )
        heads.append(Group(_dom("col", stage.id), "stage", "div", (band,), (name,)))
        head_bottom = max(head_bottom, name.bottom)
    cov = pen.text(
        ui_text("covered", loc),
        sx,
        y + 0.8 * f,
        sumw,
        0.76 * f,
        bold=True,
        max_lines=2,
        leading=1.22,
        align="end",
        tag="h3",
    )
    groups.append(Group("columns", "columns", "div", (), (cov,), tuple(heads)))
    y = head_bottom + 0.8 * f

    def block(kind: str, caption: str, rows: Sequence[HeatRow], top: float) -> tuple[Group, float]:
        shapes: list[Shape] = [line(m, top, W - m, top, st.text, 0.1 * f)]
        texts = [
            pen.text(
                _upper(caption),
                m,
                top + 0.6 * f,
                iw,
                0.8 * f,
                colour=st.accent,
                bold=True,
                max_lines=1,
                leading=1.3,
                tag="h2",
            )
        ]
        yy = texts[0].bottom + 0.6 * f
        row_groups: list[Group] = []
        current = None
        for row in rows[:row_cap]:
            if row.group and row.group != current:
                current = row.group
                g = pen.text(
                    row.group,
                    m,
                    yy + 0.3 * f,
                    iw,
                    0.78 * f,
                    bold=True,
                    colour=st.muted,
                    max_lines=1,
                    leading=1.3,
                    tag="h3",
                )
                texts.append(g)
                yy = g.bottom + 0.3 * f
            name = pen.text(
                row.name,
                m,
                0,
                lw - 1.0 * f,
                0.86 * f,
                bold=True,
                max_lines=2,
                leading=1.2,
                tag="h3",
            )
            label_h = name.h
            detail = None
            if row.detail:
                detail = pen.text(
                    row.detail,
                    m,
                    0,
                    lw - 1.0 * f,
                    0.66 * f,
                    colour=st.muted,
                    max_lines=1,
                    leading=1.3,
                )
                label_h += 0.1 * f + detail.h
            rh = max(2.9 * f, label_h + 0.5 * f) + extra
            top = yy + max(0.0, (rh - 0.4 * f - label_h) / 2)
            name = pen.text(
                row.name,
                m,
                top,
                lw - 1.0 * f,
                0.86 * f,
                bold=True,
                max_lines=2,
                leading=1.2,
                tag="h3",
            )
            row_texts = [name]
            if detail is not None:
                row_texts.append(
                    pen.text(
                        row.detail,
                        m,
                        name.bottom + 0.1 * f,
                        lw - 1.0 * f,
                        0.66 * f,
                        colour=st.muted,
                        max_lines=1,
                        leading=1.3,
                    )
                )
            row_shapes: list[Shape] = []
            cell_groups = []
            for k, cell in enumerate(row.cells):
                cx, cy, ch = xs[k], yy, rh - 0.4 * f
                cell_shapes: list[Shape] = []
                cell_texts: list[Text] = []
                big = min(1.1 * f, ch * 0.5)
                if not cell.active:
                    cell_shapes.append(rect(cx, cy, cw, ch, fill=st.surface, radius=0.3 * f))
                    cell_texts.append(
                        pen.text(
                            "·",
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=st.muted,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                elif not cell.covered:
                    cell_shapes.append(
                        rect(
                            cx,
                            cy,
                            cw,
                            ch,
                            fill="url(#heatmap-hatch)",
                            stroke=_mix(st.bad, st.background, 0.3),
                            width=0.07 * f,
                            radius=0.3 * f,
                        )
                    )
                    cell_texts.append(
                        pen.text(
                            "0",
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=st.bad,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                else:
                    fill, colour = _heat_fill(st, cell, kind)
                    cell_shapes.append(rect(cx, cy, cw, ch, fill=fill, radius=0.3 * f))
                    cell_texts.append(
                        pen.text(
                            str(cell.count),
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=colour,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                if kind == "member" and cell.active:
                    small = 0.56 * f
                    cell_texts.append(
                        pen.text(
                            cell.weight_text,
                            cx,
                            cy + ch - small * 1.25 - 0.15 * f,
                            cw - 0.4 * f,
                            small,
                            colour=st.bad if not cell.covered else _heat_fill(st, cell, kind)[1],
                            align="end",
                            max_lines=1,
                            leading=1.25,
                            tag="span",
                        )
                    )
                cell_groups.append(
                    Group(
                        f"cell-{kind}-{_dom('', row.id)[1:]}-s{k}",
                        "cell",
                        "div",
                        tuple(cell_shapes),
                        tuple(cell_texts),
                    )
                )
            ratio = pen.text(
                f"{row.covered}/{row.total}",
                sx,
                yy + (rh - 0.4 * f - 0.95 * f * 1.25) / 2,
                sumw,
                0.95 * f,
                bold=True,
                colour=st.text if row.covered == row.total else st.bad,
                align="end",
                max_lines=1,
                leading=1.25,
                tag="span",
            )
            row_texts.append(ratio)
            row_groups.append(
                Group(
                    _dom("row-" + kind, row.id),
                    "row",
                    "div",
                    tuple(row_shapes),
                    tuple(row_texts),
                    tuple(cell_groups),
                )
            )
            yy += rh
        hidden = len(rows) - row_cap
        if hidden > 0:
            more = pen.text(
                ui_text("more", loc, n=hidden), m, yy, lw, 0.76 * f, colour=st.muted, max_lines=1
            )
            texts.append(more)
            yy = more.bottom + 0.4 * f
        return Group(
            "matrix-" + kind, "matrix", "section", tuple(shapes), tuple(texts), tuple(row_groups)
        ), yy

    if ctx["personas"]:
        group, y = block("persona", ui_text("coverage-persona", loc), ctx["personas"], y)
        groups.append(group)
        y += 1.6 * f
    if ctx["members"]:
        group, y = block("member", ui_text("coverage-member", loc), ctx["members"], y)
        groups.append(group)
        y += 1.6 * f
    if not ctx["personas"] and not ctx["members"]:
        groups.append(
            Group(
                "heatmap-empty",
                "",
                "div",
                (),
                (pen.text(ui_text("no-rows", loc), m, y, iw, 1.0 * f, colour=st.muted),),
            )
        )
    fsize = 0.72 * f
    footer_y = H - m - fsize * 1.3
    foot = pen.text(
        ctx["workspace"],
        m,
        footer_y,
        iw,
        fsize,
        colour=st.muted,
        max_lines=1,
        leading=1.3,
        align="end",
    )
    groups.append(Group("heatmap-footer", "footer", "footer", (), (foot,)))
    scene = Scene("heatmap", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"])
    scene = _with_logo(scene, st, m)
    return (scene, y), y <= footer_y - 0.6 * f


def heatmap_context(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> HeatmapContext:
    """The context of the heatmap templates (A3 landscape unless ``page`` says otherwise);
    runs the checks when no ``report`` is given."""
    if report is None:
        from ..checks import run_checks

        report = run_checks(ws)
    paper = _resolve_page(
        page, "A3", "landscape" if page is None or isinstance(page, str) else None
    )
    st = _style(theme)
    loc = ws.locale
    stages = [
        StageHead(s.id, _text_of(ws.label_of(s), 120), _team_colour(ws, theme, st, s.owner_id))
        for s in ws.stages
    ]
    personas, members = _heat_rows(ws, report)
    workspace = _text_of(ws.name, 200)
    ctx: dict[str, Any] = {
        "locale": loc,
        "stages": stages,
        "personas": personas,
        "members": members,
        "eyebrow": ui_text("coverage", loc),
        "title": workspace,
        "workspace": "",
    }
    W, H = paper.width, paper.height

    def build(f: float, level: int) -> tuple[tuple[Scene, float, float, int], bool]:
        (scene, used), fits = _heatmap_layout(ctx, W, H, st, f, level)
        return (scene, f, used, level), fits

    high = 0.0095 * max(W, H)
    scene, f, used, level = _search(build, 0.35 * high, high, 5)
    rows = len(personas) + len(members)
    room = H - 0.04 * min(W, H) - 0.72 * f * 1.3 - 0.6 * f - used
    if rows and room > 0.5:
        (scene, _), _ = _heatmap_layout(ctx, W, H, st, f, level, min(room / rows, 1.6 * f))
    return HeatmapContext(
        title=workspace,
        eyebrow=ctx["eyebrow"],
        locale=loc,
        workspace=workspace,
        page=_page_box(paper),
        style=st,
        stages=tuple(stages),
        personas=tuple(personas),
        members=tuple(members),
        scene=scene,
        base=f,
    )


def heatmap_html(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The coverage heatmap as a printable HTML page (A3 landscape by default).

    Two matrices share the stage columns: stage × persona (shade and number: touchpoints
    that reach the persona) and stage × committee member, grouped by committee (shade: the
    member's influence in the stage; number: touchpoints). Cells nothing reaches are
    hatched with a red ``0``; stages a member takes no part in show ``·``. The last column
    counts covered stages.
    """
    context = heatmap_context(ws, report, page=page, theme=theme)
    return _render("heatmap.html.j2", context, template_dirs)


def heatmap_svg(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The heatmap of :func:`heatmap_html` as a standalone SVG, sized like the page."""
    context = heatmap_context(ws, report, page=page, theme=theme)
    return _render("heatmap.svg.j2", context, template_dirs)


# -- check report -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    """The findings of one severity."""

    level: str
    label: str
    colour: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One component of the score (0–1) with its label and its value as a percentage."""

    key: str
    label: str
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Context of ``report.html.j2`` (flowing, any number of pages) and ``report.svg.j2``
    (one tall image): summary, score and its parts, findings grouped by severity."""

    title: str
    eyebrow: str
    locale: str
    workspace: str
    page: PageBox
    style: Style
    score: str
    parts: tuple[ScorePart, ...]
    counts: tuple[tuple[str, str, int, str], ...]
    summary: str
    rules_run: str
    groups: tuple[SeverityGroup, ...]
    no_findings: str
    labels: dict[str, str]
    scene: Scene


def _report_scene(
    ctx: dict[str, Any], groups: Sequence[SeverityGroup], st: Style, W: float
) -> Scene:
    pen = _Pen(st)
    loc: str = ctx["locale"]
    f = 0.0165 * W
    m = 0.07 * W
    iw = W - 2 * m
    out: list[Group] = []
    eyebrow = pen.text(
        _upper(ctx["eyebrow"]),
        m,
        m,
        iw * 0.7,
        0.72 * f,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = pen.text(
        ctx["workspace"],
        m,
        eyebrow.bottom + 0.2 * f,
        iw * 0.7,
        1.9 * f,
        bold=True,
        leading=1.15,
        max_lines=3,
        tag="h1",
        id="report-heading",
    )
    summary = pen.text(
        ctx["summary"], m, title.bottom + 0.4 * f, iw * 0.7, 0.9 * f, colour=st.muted, max_lines=2
    )
    cap = pen.text(
        _upper(ui_text("check-score", loc)),
        m + iw * 0.7,
        m,
        iw * 0.3,
        0.66 * f,
        colour=st.muted,
        bold=True,
        max_lines=1,
        align="end",
        leading=1.4,
    )
    big = pen.text(
        ctx["score"],
        m + iw * 0.7,
        cap.bottom,
        iw * 0.3,
        2.6 * f,
        bold=True,
        max_lines=1,
        align="end",
        leading=1.1,
    )
    out.append(Group("report-header", "header", "header", (), (eyebrow, title, summary, cap, big)))
    y = max(summary.bottom, big.bottom) + 1.2 * f
    shapes: list[Shape] = []
    texts: list[Text] = []
    parts: Sequence[ScorePart] = ctx["parts"]
    if parts:
        colw = (iw - (len(parts) - 1) * 1.2 * f) / len(parts)
        for k, part in enumerate(parts):
            x = m + k * (colw + 1.2 * f)
            name = pen.text(
                part.label, x, y, colw - 3 * f, 0.72 * f, colour=st.muted, max_lines=1, leading=1.3
            )
            value = pen.text(
                part.text,
                x + colw - 3 * f,
                y,
                3 * f,
                0.72 * f,
                bold=True,
                max_lines=1,
                leading=1.3,
                align="end",
            )
            shapes.append(
                rect(x, name.bottom + 0.25 * f, colw, 0.4 * f, fill=st.line, radius=0.2 * f)
            )
            shapes.append(
                rect(
                    x,
                    name.bottom + 0.25 * f,
                    colw * part.value,
                    0.4 * f,
                    fill=st.accent,
                    radius=0.2 * f,
                )
            )
            texts += [name, value]
        y += 0.72 * f * 1.3 + 0.65 * f + 1.2 * f
    out.append(Group("report-score", "score", "div", tuple(shapes), tuple(texts)))
    if not groups:
        out.append(
            Group(
                "report-clean",
                "",
                "p",
                (),
                (pen.text(ctx["no_findings"], m, y + f, iw, f, colour=st.good, bold=True),),
            )
        )
        y += 3 * f
    for group in groups:
        rule = line(m, y, W - m, y, st.text, 0.1 * f)
        head = pen.text(
            f"{group.label} ({len(group.findings)})",
            m,
            y + 0.6 * f,
            iw,
            1.1 * f,
            bold=True,
            colour=group.colour,
            max_lines=1,
            leading=1.3,
            tag="h2",
        )
        y = head.bottom + 0.8 * f
        items = []
        code_w = 5.2 * f
        for finding in group.findings:
            s, t, _ = _chips(
                pen,
                [_ChipSpec(finding.code, finding.colour, "#ffffff")],
                m,
                y,
                code_w,
                0.7 * f,
                bold=True,
                max_rows=1,
            )
            tx = m + code_w + 0.6 * f
            tw = iw - code_w - 0.6 * f
            name = pen.text(
                finding.name,
                tx,
                y,
                tw,
                0.74 * f,
                colour=st.muted,
                bold=True,
                max_lines=1,
                leading=1.5,
            )
            message = pen.text(
                _prose(finding.message),
                tx,
                name.bottom + 0.1 * f,
                tw,
                0.9 * f,
                max_lines=6,
                tag="h3",
            )
            rows = [*t, name, message]
            bottom = message.bottom
            if finding.location:
                where = pen.text(
                    f"{ui_text('where', loc)}: {finding.location}",
                    tx,
                    bottom + 0.25 * f,
                    tw,
                    0.72 * f,
                    colour=st.muted,
                    max_lines=2,
                )
                rows.append(where)
                bottom = where.bottom
            if finding.hint:
                hint = pen.text(
                    f"{ui_text('hint', loc)}: {finding.hint}",
                    tx,
                    bottom + 0.25 * f,
                    tw,
                    0.8 * f,
                    colour=st.text,
                    italic=True,
                    max_lines=4,
                )
                rows.append(hint)
                bottom = hint.bottom
            items.append(Group(finding.id, "finding", "article", tuple(s), tuple(rows)))
            y = bottom + 1.1 * f
        out.append(
            Group(
                _dom("severity", group.level), "severity", "section", (rule,), (head,), tuple(items)
            )
        )
        y += 0.4 * f
    height = y + m * 0.6
    scene = Scene("report", W, height, tuple(out), hatch=_hatch(st), title=ctx["title"])
    return _with_logo(scene, st, m)


def report_context(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> ReportContext:
    """The context of the report templates (A4 portrait unless ``page`` says otherwise);
    runs the checks when no ``report`` is given."""
    if report is None:
        from ..checks import run_checks

        report = run_checks(ws)
    paper = _resolve_page(page, "A4")
    st = _style(theme)
    loc = ws.locale
    findings = _finding_views(ws, report, st)
    groups = []
    for level in ("error", "warning", "info"):
        chosen = tuple(f for f in findings if f.severity == level)
        if chosen:
            groups.append(
                SeverityGroup(level, ui_text("heading-" + level, loc), st.severity(level), chosen)
            )
    parts = tuple(
        ScorePart(
            key,
            ui_text("part-" + key, loc),
            max(0.0, min(1.0, float(value))),
            f"{round(100 * float(value))} %" if loc == "fi" else f"{round(100 * float(value))}%",
        )
        for key, value in sorted(
            report.score_parts.items(),
            key=lambda kv: (
                ["persona", "member", "motives", "flow"].index(kv[0])
                if kv[0] in ("persona", "member", "motives", "flow")
                else 9
            ),
        )
    )
    counts = tuple(
        (level, label("severity", level, loc), report.counts.get(level, 0), st.severity(level))
        for level in ("error", "warning", "info")
    )
    summary = ", ".join(_counted(level, n, loc) for level, _, n, _ in counts)
    summary = f"{_counted('finding', len(findings), loc)}: {summary}"
    workspace = _text_of(ws.name, 200)
    score = "–" if report.score is None else f"{report.score}/100"
    rules_run = ui_text("rules-run", loc, n=len(report.rules_run))
    ctx: dict[str, Any] = {
        "locale": loc,
        "eyebrow": ui_text("check-report", loc),
        "title": f"{ui_text('check-report', loc)}: {workspace}",
        "workspace": workspace,
        "summary": f"{summary} · {rules_run}",
        "score": score,
        "parts": parts,
        "no_findings": ui_text("no-findings", loc),
    }
    scene = _report_scene(ctx, groups, st, paper.width)
    return ReportContext(
        title=ctx["title"],
        eyebrow=ctx["eyebrow"],
        locale=loc,
        workspace=workspace,
        page=_page_box(paper),
        style=st,
        score=score,
        parts=parts,
        counts=counts,
        summary=summary,
        rules_run=rules_run,
        groups=tuple(groups),
        no_findings=ctx["no_findings"],
        labels={
            "where": ui_text("where", loc),
            "hint": ui_text("hint", loc),
            "score": ui_text("check-score", loc),
        },
        scene=scene,
    )


def report_html(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The check report as printable HTML (A4 portrait; as many pages as it needs).

    A summary (counts by severity, rules run), the score and its parts as bars, and the
    findings grouped by severity, each with its code, rule name, message, ``file:line``
    and fix hint; page numbers in the footer.
    """
    context = report_context(ws, report, page=page, theme=theme)
    return _render("report.html.j2", context, template_dirs)


def report_svg(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The check report as one standalone SVG as wide as the page and as tall as needed."""
    context = report_context(ws, report, page=page, theme=theme)
    return _render("report.svg.j2", context, template_dirs)


# -- the wall pack's index ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One artefact of the pack: its title, link (relative, or empty when refused), kind."""

    title: str
    href: str
    path: str
    kind: str


@dataclass(frozen=True, slots=True)
class IndexSection:
    """The entries of one kind, under a heading."""

    kind: str
    heading: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True, slots=True)
class IndexContext:
    """Context of ``index.html.j2``: the wall pack's contents, grouped by kind."""

    title: str
    eyebrow: str
    locale: str
    workspace: str
    offering: str
    page: PageBox
    style: Style
    score: str
    summary: str
    sections: tuple[IndexSection, ...]
    personas: tuple[str, ...]
    labels: dict[str, str]


def index_context(
    entries: Iterable[tuple[str, str, str]],
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> IndexContext:
    """The context of ``index.html.j2``; ``entries`` are ``(title, relative path, kind)``.

    Paths are links only when :func:`~personajourney.render.escape.safe_url` accepts them
    and they are relative (no scheme, no leading ``/``); others are listed without a link.
    """
    paper = _resolve_page(page, "A4")
    st = _style(theme)
    loc = ws.locale
    sections: dict[str, list[IndexEntry]] = {}
    for title, rel, kind in entries:
        path_text = _text_of(rel, 500)
        href = safe_url(path_text) or ""
        if href.startswith("/") or ":" in href.split("/", 1)[0]:
            href = ""
        kind_key = _text_of(kind, 40).lower() or "data"
        sections.setdefault(kind_key, []).append(
            IndexEntry(_text_of(title, 300) or path_text, _scrub(href), path_text, kind_key)
        )
    score = ""
    summary = ""
    if report is not None:
        score = "–" if report.score is None else f"{report.score}/100"
        summary = ", ".join(
            _counted(level, report.counts.get(level, 0), loc)
            for level in ("error", "warning", "info")
        )
    return IndexContext(
        title=f"{ui_text('wall-pack', loc)}: {_text_of(ws.name, 200)}",
        eyebrow=ui_text("wall-pack", loc),
        locale=loc,
        workspace=_text_of(ws.name, 200),
        offering=_text_of(ws.offering, 600),
        page=_page_box(paper),
        style=st,
        score=score,
        summary=summary,
        sections=tuple(
            IndexSection(
                kind,
                ui_text("kind-" + kind, loc) if "kind-" + kind in _UI else kind.capitalize(),
                tuple(items),
            )
            for kind, items in sections.items()
        ),
        personas=tuple(_text_of(p.name, 160) for p in ws.personas),
        labels={
            "score": ui_text("check-score", loc),
            "findings": ui_text("findings", loc),
            "personas": ui_text("buyer-personas", loc),
        },
    )


def index_html(
    entries: Iterable[tuple[str, str, str]],
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The wall pack's index: the workspace, its score, and a link to every artefact.

    ``entries`` are ``(title, relative path, kind)``, e.g. ``("HR-Hanna", "cards/hr-hanna.pdf",
    "card")``; known kinds (card, wall, poster, heatmap, report, diagram, data) get headings
    in the workspace's language.
    """
    context = index_context(entries, ws, report, page=page, theme=theme)
    return _render("index.html.j2", context, template_dirs)


# -- a printable page around engine-made SVG ----------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_DROP_ELEMENTS = frozenset(
    {
        "script",
        "foreignObject",
        "iframe",
        "object",
        "embed",
        "style",
        "image",
        "feImage",
        "animate",
        "animateMotion",
        "animateTransform",
        "set",
        "handler",
        "listener",
        "audio",
        "video",
    }
)
_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>|<!--.*?-->", re.S)
_EMPTY_SVG = f'<svg xmlns="{_SVG_NS}" viewBox="0 0 1 1"></svg>'


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _write_element(element: ET.Element, out: list[str], root: bool) -> None:
    ns, tag = _local(element.tag)
    if ns not in ("", _SVG_NS) or tag in _DROP_ELEMENTS:
        if element.tail:
            out.append(escape_xml(element.tail, 10**9))
        return
    attrs: list[str] = []
    if root:
        attrs.append(f'xmlns="{_SVG_NS}"')
        attrs.append(f'xmlns:xlink="{_XLINK_NS}"')
    for name, value in element.attrib.items():
        ans, local = _local(name)
        if ans == _XLINK_NS and local == "href":
            local = "xlink:href"
        elif ans == _XML_NS and local in ("space", "lang"):
            local = "xml:" + local
        elif ans:
            continue
        lower = local.lower()
        if lower.startswith("on") or (root and lower in ("width", "height")):
            continue
        if lower == "style" and re.search(r"url\(|@import|expression|javascript", value, re.I):
            continue
        external = lower in ("href", "xlink:href") and not value.startswith("#")
        if external and safe_url(value) is None:
            continue
        attrs.append(f'{local}="{escape_xml(value, 10**9)}"')
    if root:
        attrs.append('width="100%"')
        attrs.append('height="100%"')
        if "preserveAspectRatio" not in element.attrib:
            attrs.append('preserveAspectRatio="xMidYMid meet"')
    out.append(f"<{tag}{(' ' + ' '.join(attrs)) if attrs else ''}>")
    if element.text:
        out.append(escape_xml(element.text, 10**9))
    for child in element:
        _write_element(child, out, False)
    out.append(f"</{tag}>")
    if element.tail and not root:
        out.append(escape_xml(element.tail, 10**9))


def _length(value: str | None) -> float | None:
    if not value:
        return None
    match = re.match(r"^\s*([0-9.]+)\s*(pt|px|mm|cm|in)?\s*$", value)
    if not match:
        return None
    number = float(match.group(1))
    return (
        number
        * {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}[
            match.group(2) or "px"
        ]
    )


def sanitize_svg(text: str) -> Markup:
    """Engine-made SVG (Graphviz) made safe to inline into HTML, scaled to its box.

    The XML declaration, doctype and comments are removed (comments can carry node ids);
    documents declaring entities are refused. Scripts, ``foreignObject``, styles,
    animations and elements of other namespaces are dropped, as are ``on*`` attributes,
    links other than http(s), mailto, relative or ``#fragment``, and images (a Graphviz
    image would point at a local file). The root gets ``width="100%" height="100%"`` and
    keeps (or gains) its ``viewBox``, so it scales to the box it is put in.

    Returns an empty SVG for text that is not well-formed SVG.
    """
    source = _scrub(str(text))
    if "<!ENTITY" in source.upper():
        return Markup(_EMPTY_SVG)
    source = _PROLOGUE.sub("", source)
    try:
        root = ET.fromstring(source)
    except ET.ParseError:
        return Markup(_EMPTY_SVG)
    if _local(root.tag) != (_SVG_NS, "svg") and _local(root.tag) != ("", "svg"):
        return Markup(_EMPTY_SVG)
    if "viewBox" not in root.attrib:
        width, height = _length(root.get("width")), _length(root.get("height"))
        if width and height:
            root.set("viewBox", f"0 0 {_n_filter(width)} {_n_filter(height)}")
    out: list[str] = []
    _write_element(root, out, True)
    return Markup("".join(out))


@dataclass(frozen=True, slots=True)
class PageContext:
    """Context of ``page.html.j2``: a title and an SVG (already sanitised) to fit the page.

    ``box_*`` is the area the SVG is scaled into, in mm.
    """

    title: str
    locale: str
    page: PageBox
    style: Style
    svg: Markup
    margin: float
    box_width: float
    box_height: float
    title_size: float


def page_context(
    title: str,
    inner_svg_text: str,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    locale: str = "en",
) -> PageContext:
    """The context of ``page.html.j2`` (A4 landscape unless ``page`` says otherwise)."""
    paper = _resolve_page(
        page, "A4", "landscape" if page is None or isinstance(page, str) else None
    )
    mw = min(paper.width, paper.height)
    margin = 0.06 * mw
    title_size = 0.03 * mw
    head = title_size * 1.3 + 0.5 * title_size
    return PageContext(
        title=_text_of(title, 300),
        locale="fi" if locale == "fi" else "en",
        page=_page_box(paper),
        style=_style(theme),
        svg=sanitize_svg(inner_svg_text),
        margin=margin,
        box_width=paper.width - 2 * margin,
        box_height=paper.height - 2 * margin - head,
        title_size=title_size,
    )


def page_html(
    title: str,
    inner_svg_text: str,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    locale: str = "en",
) -> str:
    """An engine-made SVG (a Graphviz diagram…) as a printable page: a title, and the SVG
    inline, sanitised by :func:`sanitize_svg`, scaled to fill the rest of the page."""
    context = page_context(title, inner_svg_text, page=page, theme=theme, locale=locale)
    return _render("page.html.j2", context, template_dirs)
