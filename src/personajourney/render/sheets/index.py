"""The wall pack's index page (``index.html.j2``): the workspace, its score, and one row per
artefact of the pack, grouped by kind: its title, a chip per format (HTML · SVG · PDF…) and
the number of findings it shows."""

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
class FormatLink:
    """One file of an artefact: its format's label (``PDF``), link (relative, or empty when
    refused) and path."""

    label: str
    href: str
    path: str


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One artefact of the pack: its title, link (relative, or empty when refused), kind.

    ``href`` and ``path`` are those of its first file (the HTML page when there is one);
    ``formats`` links every file of the artefact; ``findings`` says how many findings it
    shows (empty when not known)."""

    title: str
    href: str
    path: str
    kind: str
    formats: tuple[FormatLink, ...] = ()
    findings: str = ""


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


def _link(rel: str) -> tuple[str, str]:
    """``(href, path text)`` of a file of the pack: no link unless safe and relative."""
    path_text = _text_of(rel, 500)
    href = safe_url(path_text) or ""
    if href.startswith("/") or ":" in href.split("/", 1)[0]:
        href = ""
    return _scrub(href), path_text


def index_context(
    entries: Iterable[tuple[str, str, str] | tuple[str, str, str, int | None]],
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> IndexContext:
    """The context of ``index.html.j2``; ``entries`` are ``(title, relative path, kind)``,
    optionally with the number of findings the artefact shows as a fourth item.

    The files of one artefact (same title, same path but for the suffix) make one row, with
    a chip per format, the HTML page first. Paths are links only when
    :func:`~personajourney.render.escape.safe_url` accepts them and they are relative (no
    scheme, no leading ``/``); others are listed without a link.
    """
    paper = _resolve_page(page, "A4")
    st = _style(theme)
    loc = ws.locale
    rows: dict[tuple[str, str, str], tuple[str, str, list[FormatLink], int | None]] = {}
    for entry in entries:
        title, rel, kind = entry[0], entry[1], entry[2]
        count = entry[3] if len(entry) > 3 else None
        kind_key = _text_of(kind, 40).lower() or "data"
        stem, dot, suffix = rel.rpartition(".")
        if not dot or "/" in suffix:
            stem, suffix = rel, ""
        href, path_text = _link(rel)
        row = rows.setdefault((kind_key, stem, title), (kind_key, title, [], count))
        label = _text_of(suffix, 10).upper() or path_text
        row[2].append(FormatLink(label, href, path_text))
    sections: dict[str, list[IndexEntry]] = {}
    for kind_key, title, links, count in rows.values():
        links.sort(key=lambda link: link.label != "HTML")  # the page first, then as given
        first = links[0]
        findings = "" if count is None else i18n.counted("finding", count, loc)
        sections.setdefault(kind_key, []).append(
            IndexEntry(
                _text_of(title, 300) or first.path,
                first.href,
                first.path,
                kind_key,
                tuple(links),
                findings,
            )
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
    entries: Iterable[tuple[str, str, str] | tuple[str, str, str, int | None]],
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The wall pack's index: the workspace, its score, and a link to every artefact.

    ``entries`` are ``(title, relative path, kind)``, e.g. ``("HR-Hanna", "cards/hr-hanna.pdf",
    "card")``, optionally with the number of findings the artefact shows; known kinds (card,
    wall, poster, heatmap, report, diagram, data) get headings in the workspace's language.
    """
    context = index_context(entries, ws, report, page=page, theme=theme)
    return _render("index.html.j2", context, template_dirs)
