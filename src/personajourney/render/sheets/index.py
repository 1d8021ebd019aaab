"""The wall pack's index page (``index.html.j2``): the workspace, its score, and a link to
every artefact of the pack, grouped by kind."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import i18n
from ..escape import safe_url
from ..jinja import _render, _scrub
from ..paper import Page
from ..scene import _text_of
from ..style import PageBox, Style, _page_box, _resolve_page, _style
from ..theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


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
            i18n.counted(level, report.counts.get(level, 0), loc)
            for level in ("error", "warning", "info")
        )
    return IndexContext(
        title=f"{i18n.text('sheet.wall-pack', loc)}: {_text_of(ws.name, 200)}",
        eyebrow=i18n.text("sheet.wall-pack", loc),
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
                i18n.text(f"sheet.kind-{kind}", loc)
                if i18n.has_text(f"sheet.kind-{kind}")
                else kind.capitalize(),
                tuple(items),
            )
            for kind, items in sections.items()
        ),
        personas=tuple(_text_of(p.name, 160) for p in ws.personas),
        labels={
            "score": i18n.text("sheet.check-score", loc),
            "findings": i18n.text("sheet.findings", loc),
            "personas": i18n.text("sheet.buyer-personas", loc),
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
