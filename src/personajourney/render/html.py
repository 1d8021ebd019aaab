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

This module is a façade: the code lives in :mod:`~personajourney.render.jinja` (the
environment), :mod:`~personajourney.render.style` (theme and page),
:mod:`~personajourney.render.scene` (layout primitives) and one module per artefact under
:mod:`personajourney.render.sheets`; the words are in :mod:`personajourney.i18n`. Every name
importable from here before the split still is.
"""

from __future__ import annotations

from .jinja import environment
from .scene import LEADING as LEADING
from .scene import Clip as Clip
from .scene import Group as Group
from .scene import Scene, Shape, Text
from .scene import circle as circle
from .scene import line as line
from .scene import path as path
from .scene import rect as rect
from .sheets._findings import FindingView as FindingView
from .sheets.card import Card as Card
from .sheets.card import CardsContext, card_context, card_html, card_svg
from .sheets.card import MotiveView as MotiveView
from .sheets.card import PersonaView as PersonaView
from .sheets.card import Section as Section
from .sheets.card import StageCount as StageCount
from .sheets.heatmap import HeatCell as HeatCell
from .sheets.heatmap import HeatmapContext, heatmap_context, heatmap_html, heatmap_svg
from .sheets.heatmap import HeatRow as HeatRow
from .sheets.heatmap import StageHead as StageHead
from .sheets.index import IndexContext, index_context, index_html
from .sheets.index import IndexEntry as IndexEntry
from .sheets.index import IndexSection as IndexSection
from .sheets.page import PageContext, page_context, page_html, sanitize_svg
from .sheets.poster import PosterContext, poster_context, poster_html, poster_svg
from .sheets.poster import StageView as StageView
from .sheets.poster import TouchpointView as TouchpointView
from .sheets.report import ReportContext, report_context, report_html, report_svg
from .sheets.report import ScorePart as ScorePart
from .sheets.report import SeverityGroup as SeverityGroup
from .sheets.wall import Sheet as Sheet
from .sheets.wall import WallContext, wall_context, wall_sheet_html
from .style import PageBox as PageBox
from .style import Style as Style

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


def ui_text(key: str, locale: str = "en", **values: object) -> str:
    """Deprecated: use ``personajourney.i18n.text("sheet.<key>", locale, **values)``.

    Kept for one release. A key the catalogue does not have gives the key back, as before.

    Example:
        >>> ui_text("more", "fi", n=3)
        '+ 3 muuta'
    """
    from .. import i18n

    name = f"sheet.{key.replace('_', '-')}"
    return i18n.text(name, locale, **values) if i18n.has_text(name) else key
