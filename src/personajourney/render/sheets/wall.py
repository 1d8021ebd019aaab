"""The wall sheet: several persona cards on one big sheet (``wall.html.j2``).

It reuses the card's view and fit (:mod:`.card`): :func:`_grid` chooses how the cards are
placed, :func:`wall_context` builds :class:`WallContext` and :func:`wall_sheet_html` renders
it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ... import i18n
from .. import interactive
from ..jinja import _render
from ..paper import Page
from ..scene import Group, Scene, _Pen, _text_of, _upper, line
from ..style import PageBox, Style, _hatch, _page_box, _resolve_page, _style
from ..theme import DEFAULT_THEME, Theme
from .card import Card, PersonaView, _fit_card, _persona_view

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


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
    data: str = ""
    """The page's JSON block for the screen (``interactive.page_data``, markup-safe)."""


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


def _wall_title(ws: Workspace, st: Style, W: float, mw: float) -> tuple[Group, float]:
    """The title every sheet carries (an eyebrow, the workspace, a rule; ``id`` to be set
    per sheet), and the top of the area under it."""
    pen = _Pen(st)
    margin = 0.045 * mw
    size = 0.022 * mw
    eyebrow = pen.text(
        _upper(i18n.text("sheet.buyer-personas", ws.locale)),
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
    return Group("", "title", "header", (rule,), (eyebrow, title)), title.bottom + 1.3 * size


def _place_cards(
    views: Sequence[PersonaView], st: Style, locale: str, W: float, H: float, top: float
) -> list[Card]:
    """The cards of one sheet on the grid that gives them the most room, centred under
    ``top``, all at one type size: the largest that fits every card."""
    mw = min(W, H)
    margin = 0.045 * mw
    gap = 0.025 * mw
    area_h = H - margin - top
    cols, rows, card_w, card_h = _grid(len(views), W - 2 * margin, area_h, gap)
    used_w = cols * card_w + (cols - 1) * gap
    used_h = rows * card_h + (rows - 1) * gap
    x0 = margin + (W - 2 * margin - used_w) / 2
    y0 = top + (area_h - used_h) / 2
    size = min(_fit_card(v, card_w, card_h, st, locale).base for v in views)
    cards = []
    for k, view in enumerate(views):
        row, col = divmod(k, cols)
        cards.append(
            _fit_card(
                view,
                card_w,
                card_h,
                st,
                locale,
                framed=True,
                x=x0 + col * (card_w + gap),
                y=y0 + row * (card_h + gap),
                at_most=size,
            )
        )
    return cards


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
    ids = [p.id for p in ws.personas] if persona_ids is None else list(persona_ids)
    views = [_persona_view(ws, ws.get("persona", pid), theme, st, report) for pid in ids]
    W, H = paper.width, paper.height
    title, top = _wall_title(ws, st, W, min(W, H))
    chunk = max(1, per_sheet)
    sheets = []
    for number, start in enumerate(range(0, max(1, len(views)), chunk), start=1):
        heading = replace(title, id=f"sheet-{number}-title")
        header = Scene(f"sheet-{number}", W, H, (heading,), hatch=_hatch(st))
        group = views[start : start + chunk]
        cards = _place_cards(group, st, ws.locale, W, H, top) if group else []
        sheets.append(Sheet(header, tuple(cards)))
    return WallContext(
        i18n.text("sheet.buyer-personas", ws.locale),
        ws.locale,
        _text_of(ws.name, 200),
        _page_box(paper),
        st,
        tuple(sheets),
        interactive.page_data(ws, report, personas=True),
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
