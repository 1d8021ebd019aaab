"""The persona card: one persona on one page (``card.html.j2``, ``card.svg.j2``).

:class:`PersonaView` is a persona cleaned for print; :func:`_card_layout` lays a card out at
one base font size and :func:`_fit_card` chooses the largest size that fits; the wall sheet
reuses both. :func:`card_context` builds :class:`CardsContext`, which :func:`card_html` and
:func:`card_svg` render.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import i18n
from ...graph.index import WorkspaceIndex
from ...i18n import label
from .. import interactive
from ..assets import Portrait
from ..assets import portrait as make_portrait
from ..jinja import _render
from ..paper import Page
from ..scene import (
    Clip,
    Group,
    Scene,
    Shape,
    Text,
    _attrs,
    _Block,
    _chip_width,
    _chips,
    _ChipSpec,
    _dom,
    _Pen,
    _text_of,
    _texts,
    _upper,
    _with_logo,
    circle,
    fit,
    line,
    rect,
)
from ..style import (
    PageBox,
    Style,
    _colour,
    _hatch,
    _mix,
    _page_box,
    _resolve_page,
    _style,
    _team_colour,
)
from ..theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.entities import Persona
    from ...models.workspace import Workspace


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
    involved: bool = True
    """False in a stage the persona takes no part in (see ``Persona.active_stage_ids``)."""


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
    excluded: str = ""
    """``excluded: <reason>`` in the locale when every segment of the persona is excluded
    (the persona is not to be targeted), else empty."""


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
    data: str = ""
    """The page's JSON block for the screen (``interactive.page_data``, markup-safe)."""


_SECTION_KEYS = ("goals", "dreams", "problems", "ways_of_working", "questions", "objections")


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
                i18n.decimal(link.strength, 1, loc),
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
                        cell.weight > 0,
                    )
                )
        except KeyError:
            journey = []
    kind = persona.provenance.kind.value
    excluded = ""
    reasons = WorkspaceIndex(ws).excluded_personas
    if persona.id in reasons:
        reason = _text_of(reasons[persona.id], 300)
        excluded = (
            i18n.text("sheet.excluded-because", loc, reason=reason)
            if reason
            else i18n.text("sheet.excluded", loc)
        )
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
            Section(
                key,
                i18n.text(f"sheet.{key.replace('_', '-')}", loc),
                tuple(_texts(getattr(persona, key), 500)),
            )
            for key in _SECTION_KEYS
        ),
        motives=tuple(motives),
        channels=channel_labels(persona.channel_ids),
        avoided=channel_labels(persona.avoided_channel_ids),
        values=tuple(_texts(persona.values, 80)),
        journey=tuple(journey),
        portrait=make_portrait(
            ws.assets, persona.photo, key=persona.id, name=name, palette=list(theme.palette)
        ),
        workspace=_text_of(ws.name, 200),
        excluded=excluded,
    )


def _provenance_chip(v: PersonaView, st: Style) -> _ChipSpec:
    caption = v.provenance_label.upper()
    if v.provenance == "measured":
        return _ChipSpec(caption, st.good, st.background)
    if v.provenance == "researched":
        return _ChipSpec(caption, st.accent, st.background)
    return _ChipSpec(caption, st.background, st.muted, stroke=st.muted)


@dataclass(frozen=True, slots=True)
class _CardFrame:
    """One try at laying a card out: the persona, the card's size, the base font size ``f``
    (mm), how much lists are shortened (``level``), the ``spread`` added between blocks,
    the padding and the grid of ``cols`` columns ``colw`` wide, ``cg`` apart."""

    pen: _Pen
    st: Style
    v: PersonaView
    loc: str
    w: float
    h: float
    f: float
    level: int
    spread: float
    mw: float
    pad: float
    iw: float
    cols: int
    cg: float
    colw: float

    @property
    def items_max(self) -> int:
        return (8, 5, 3, 2, 1)[self.level]

    @property
    def item_lines(self) -> int | None:
        return (None, 6, 4, 3, 2)[self.level]

    @property
    def quote_max(self) -> int:
        return (6, 4, 3, 2, 2)[self.level]

    @property
    def motive_max(self) -> int:
        return (6, 5, 4, 3, 2)[self.level]

    @property
    def columns(self) -> list[float]:
        """The left edge of each column."""
        return [self.pad + i * (self.colw + self.cg) for i in range(self.cols)]


def _card_frame(
    v: PersonaView, w: float, h: float, st: Style, f: float, level: int, loc: str, spread: float
) -> _CardFrame:
    mw = min(w, h)
    pad = 0.068 * mw
    iw = w - 2 * pad
    cols = 3 if w > h * 1.15 else 2
    cg = 0.045 * mw
    colw = (iw - (cols - 1) * cg) / cols
    return _CardFrame(_Pen(st), st, v, loc, w, h, f, level, spread, mw, pad, iw, cols, cg, colw)


def _more_items(fr: _CardFrame, hidden: int, x: float, y: float, w: float, tag: str = "p") -> Text:
    """``+ 3 more`` under a shortened list."""
    return fr.pen.text(
        i18n.text("sheet.more", fr.loc, n=hidden),
        x,
        y,
        w,
        0.8 * fr.f,
        colour=fr.st.muted,
        max_lines=1,
        tag=tag,
    )


# -- the header: portrait, eyebrow and provenance badge, name, responsibility, roles


def _header_texts(
    fr: _CardFrame, tx: float, tw: float, badge: _ChipSpec, badge_w: float, top: float
) -> _Block:
    """The header's texts and chips right of the portrait, from ``top``; and their bottom."""
    pen, st, f, v = fr.pen, fr.st, fr.f, fr.v
    badge_size = 0.62 * f
    eyebrow = pen.text(
        _upper(i18n.text("sheet.buyer-persona", fr.loc)),
        tx,
        top,
        tw - badge_w - f,
        0.68 * f,
        colour=st.muted,
        bold=True,
        leading=1.5,
        max_lines=1,
    )
    out = _Block(0.0, texts=[eyebrow])
    s, t, _ = _chips(
        pen,
        [badge],
        fr.w - fr.pad - badge_w,
        top + (eyebrow.h - badge_size * 1.75) / 2,
        badge_w + 0.01,
        badge_size,
        bold=True,
        max_rows=1,
    )
    out.shapes += s
    out.texts += t
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
        id=_dom("name", v.id),
    )
    out.texts.append(name)
    out.bottom = name.bottom
    if v.responsibility:
        resp = pen.text(
            v.responsibility, tx, out.bottom + 0.35 * f, tw, 1.0 * f, colour=st.muted, max_lines=2
        )
        out.texts.append(resp)
        out.bottom = resp.bottom
    if v.excluded:
        mark = pen.text(
            v.excluded,
            tx,
            out.bottom + 0.35 * f,
            tw,
            0.8 * f,
            colour=st.bad,
            bold=True,
            max_lines=2,
            id=_dom("excluded", v.id),
        )
        out.texts.append(mark)
        out.bottom = mark.bottom
    if v.roles:
        specs = [
            _ChipSpec(lab, _mix(col, st.background, 0.86), col, dot=col) for lab, col in v.roles
        ]
        s, t, out.bottom = _chips(pen, specs, tx, out.bottom + 0.8 * f, tw, 0.7 * f, max_rows=2)
        out.shapes += s
        out.texts += t
    return out


def _portrait(fr: _CardFrame, cx: float, cy: float, d: float) -> tuple[Group, list[Clip]]:
    """The persona's photo in a circle of diameter ``d`` (clipped), or initials on a colour."""
    v, st = fr.v, fr.st
    r = d / 2
    clips: list[Clip] = []
    shapes: list[Shape] = []
    texts: list[Text] = []
    if v.portrait.kind == "photo":
        clip_id = _dom("clip", v.id)
        clips.append(Clip(clip_id, cx, cy, r))
        shapes.append(circle(cx, cy, r, fill=st.surface))
        shapes.append(
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
        shapes.append(circle(cx, cy, r, fill="none", stroke=st.line, width=0.02 * d))
    else:
        colour = _colour(v.portrait.colour, st.accent)
        shapes.append(circle(cx, cy, r, fill=colour))
        size = 0.36 * d
        texts.append(
            fr.pen.text(
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
    return Group(_dom("portrait", v.id), "portrait", "div", tuple(shapes), tuple(texts)), clips


def _card_header(fr: _CardFrame) -> tuple[list[Group], list[Clip], float]:
    """The portrait and the header beside it, centred on each other; and where they end."""
    f, mw, pad = fr.f, fr.mw, fr.pad
    d = min(max(9.5 * f, 0.12 * mw), 0.2 * mw)
    gap = max(1.8 * f, 0.035 * mw)
    tx = pad + d + gap
    tw = fr.w - pad - tx
    badge = _provenance_chip(fr.v, fr.st)
    badge_w = _chip_width(badge.label, 0.62 * f, bold=True)
    text_h = _header_texts(fr, tx, tw, badge, badge_w, 0.0).bottom
    head_h = max(d, text_h)
    header = _header_texts(fr, tx, tw, badge, badge_w, pad + max(0.0, (d - text_h) / 2))
    cx, cy = pad + d / 2, pad + (head_h - d) / 2 + d / 2
    portrait, clips = _portrait(fr, cx, cy, d)
    groups = [portrait, header.group(_dom("header", fr.v.id), "header", "header")]
    return groups, clips, pad + head_h


def _card_quote(fr: _CardFrame, y_cursor: float) -> tuple[Group, float]:
    """The persona's quote, with a big opening mark; and where it ends."""
    pen, st, f, pad = fr.pen, fr.st, fr.f, fr.pad
    top = y_cursor + 2.0 * f + fr.spread
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
        fr.v.quote,
        pad + 2.4 * f,
        top,
        fr.iw - 2.4 * f,
        qsize,
        italic=True,
        leading=1.4,
        max_lines=fr.quote_max,
        tag="blockquote",
    )
    return Group(_dom("quote", fr.v.id), "quote", "figure", (), (mark, quote)), quote.bottom


# -- sections in a grid of two (portrait) or three (landscape) columns


def _section_head(
    fr: _CardFrame, title: str, sx: float, sy: float, cw: float
) -> tuple[list[Shape], Text]:
    """A rule and a section's title, in capitals."""
    f = fr.f
    rule = line(sx, sy, sx + cw, sy, fr.st.text, 0.1 * f)
    head = fr.pen.text(
        _upper(title),
        sx,
        sy + 0.55 * f,
        cw,
        0.68 * f,
        colour=fr.st.accent,
        bold=True,
        leading=1.3,
        max_lines=1,
        tag="h2",
    )
    return [rule], head


def _list_section(
    fr: _CardFrame, section: Section, sx: float, sy: float, cw: float
) -> tuple[Group, float]:
    """A titled list (goals, dreams…), shortened to the level's length; and its bottom."""
    f = fr.f
    shapes, head = _section_head(fr, section.title, sx, sy, cw)
    items: list[Text] = []
    iy = head.bottom + 0.5 * f
    size = 0.92 * f
    lead = 1.34
    for item in section.items[: fr.items_max]:
        text = fr.pen.text(
            item,
            sx + 1.15 * f,
            iy,
            cw - 1.15 * f,
            size,
            leading=lead,
            max_lines=fr.item_lines,
            tag="li",
        )
        shapes.append(circle(sx + 0.38 * f, iy + size * lead / 2, 0.17 * f, fill=fr.st.accent))
        items.append(text)
        iy = text.bottom + 0.42 * f
    extra = len(section.items) - fr.items_max
    if extra > 0:
        more = _more_items(fr, extra, sx + 1.15 * f, iy, cw - 1.15 * f, tag="li")
        items.append(more)
        iy = more.bottom + 0.42 * f
    body = Group(tag="ul", texts=tuple(items))
    group = Group(_dom(section.key, fr.v.id), "section", "section", tuple(shapes), (head,), (body,))
    return group, iy - 0.42 * f


def _card_sections(fr: _CardFrame, y_cursor: float) -> tuple[list[Group], float]:
    """The sections that have items, row by row; and the top of what follows them."""
    f, spread = fr.f, fr.spread
    y_cursor += 2.2 * f + spread
    filled = [s for s in fr.v.sections if s.items]
    groups = []
    for start in range(0, len(filled), fr.cols):
        row_bottom = y_cursor
        for i, section in enumerate(filled[start : start + fr.cols]):
            sx = fr.pad + i * (fr.colw + fr.cg)
            group, bottom = _list_section(fr, section, sx, y_cursor, fr.colw)
            groups.append(group)
            row_bottom = max(row_bottom, bottom)
        y_cursor = row_bottom + 1.9 * f + spread
    return groups, y_cursor


# -- motives with strength bars; channels used and avoided; values


def _motive(
    fr: _CardFrame, motive: MotiveView, sx: float, my: float
) -> tuple[list[Shape], list[Text], float]:
    """A motive's name and strength over a bar; and the top of the next motive."""
    pen, st, f, colw = fr.pen, fr.st, fr.f, fr.colw
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
    strength = colw * max(0.0, min(1.0, motive.strength))
    shapes = [
        rect(sx, by, colw, bar_h, fill=st.line, radius=bar_h / 2),
        rect(sx, by, strength, bar_h, fill=st.accent, radius=bar_h / 2),
    ]
    return shapes, [name, value], by + bar_h + 0.75 * f


def _card_motives(fr: _CardFrame, sx: float, top: float) -> tuple[Group, float]:
    """The motives, shortened to the level's length; and their bottom."""
    f, v = fr.f, fr.v
    shapes, head = _section_head(fr, i18n.text("sheet.motives", fr.loc), sx, top, fr.colw)
    texts = [head]
    my = head.bottom + 0.55 * f
    for motive in v.motives[: fr.motive_max]:
        s, t, my = _motive(fr, motive, sx, my)
        shapes += s
        texts += t
    extra = len(v.motives) - fr.motive_max
    if extra > 0:
        more = _more_items(fr, extra, sx, my, fr.colw)
        texts.append(more)
        my = more.bottom + 0.75 * f
    group = Group(_dom("motives", v.id), "motives", "section", tuple(shapes), tuple(texts))
    return group, my - 0.75 * f


def _card_channels(fr: _CardFrame, cx0: float, cy0: float) -> tuple[Group, float]:
    """The channels used, then those avoided (struck through); and the top of what could
    follow them."""
    pen, st, f, v, colw = fr.pen, fr.st, fr.f, fr.v, fr.colw
    shapes, head = _section_head(fr, i18n.text("sheet.channels", fr.loc), cx0, cy0, colw)
    texts = [head]
    cyy = head.bottom + 0.5 * f
    for caption, names, struck in (
        (i18n.text("sheet.uses", fr.loc), v.channels, False),
        (i18n.text("sheet.avoids", fr.loc), v.avoided, True),
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
    group = Group(_dom("channels", v.id), "channels", "section", tuple(shapes), tuple(texts))
    return group, cyy


def _card_values(fr: _CardFrame, vx: float, vy: float) -> tuple[Group, float]:
    """The persona's values as chips; and their bottom."""
    st, v = fr.st, fr.v
    shapes, head = _section_head(fr, i18n.text("sheet.values", fr.loc), vx, vy, fr.colw)
    specs = [_ChipSpec(n, st.background, st.text, stroke=st.line) for n in v.values]
    s, t, bottom = _chips(
        fr.pen, specs, vx, head.bottom + 0.5 * fr.f, fr.colw, 0.74 * fr.f, max_rows=3
    )
    group = Group(_dom("values", v.id), "values", "section", tuple(shapes + s), (head, *t))
    return group, bottom


def _card_band(fr: _CardFrame, y_cursor: float) -> tuple[list[Group], float]:
    """Motives, channels and values side by side (channels under motives in two columns,
    values under channels); and the bottom of the band."""
    f, v, cols = fr.f, fr.v, fr.cols
    groups = []
    band_bottom = y_cursor - 1.9 * f - fr.spread
    columns = fr.columns
    if v.motives:
        group, bottom = _card_motives(fr, columns[0], y_cursor)
        groups.append(group)
        band_bottom = max(band_bottom, bottom)
    channel_col = 1 if cols > 1 and v.motives else 0
    cx0 = columns[channel_col]
    cy0 = y_cursor
    if v.channels or v.avoided:
        group, cyy = _card_channels(fr, cx0, cy0)
        groups.append(group)
        cy0 = cyy - 0.7 * f + 1.9 * f
        band_bottom = max(band_bottom, cyy - 0.7 * f)
    if v.values:
        vcol = min(cols - 1, channel_col + 1) if cols == 3 else channel_col
        vx = columns[vcol]
        vy = y_cursor if (cols == 3 and vcol != channel_col) else cy0
        if cols == 3 and vcol == channel_col:
            vy = cy0
        group, bottom = _card_values(fr, vx, vy)
        groups.append(group)
        band_bottom = max(band_bottom, bottom)
    return groups, band_bottom


# -- touchpoints per stage (with a report), and the footer


def _card_journey(fr: _CardFrame, top: float) -> tuple[Group, float]:
    """Touchpoints per stage, one cell per stage (hatched where none, ``·`` where the persona
    is not involved); and its bottom."""
    pen, st, f, v, pad = fr.pen, fr.st, fr.f, fr.v, fr.pad
    shapes, head = _section_head(fr, i18n.text("sheet.journey-coverage", fr.loc), pad, top, fr.iw)
    texts = [head]
    n = len(v.journey)
    gap_j = 0.5 * f
    cell_w = (fr.iw - (n - 1) * gap_j) / n
    cell_top = head.bottom + 0.5 * f
    labels = [
        pen.text(s.label, 0, 0, cell_w - 0.8 * f, 0.6 * f, max_lines=3, leading=1.2)
        for s in v.journey
    ]
    label_h = max(t.h for t in labels)
    cell_h = label_h + 2.6 * f
    hatch = "url(#" + _dom("persona", v.id) + "-hatch)"
    for k, stage in enumerate(v.journey):
        sx = pad + k * (cell_w + gap_j)
        covered = stage.count > 0
        calm = covered or not stage.involved
        fill = _mix(st.accent, st.background, 0.9) if covered else hatch
        if not stage.involved:
            fill = st.surface
        shapes.append(
            rect(
                sx,
                cell_top,
                cell_w,
                cell_h,
                fill=fill,
                stroke=None if calm else _mix(st.bad, st.background, 0.3),
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
                str(stage.count) if stage.involved or covered else "·",
                sx + 0.4 * f,
                cell_top + 0.6 * f + label_h + 0.25 * f,
                cell_w - 0.8 * f,
                1.25 * f,
                colour=st.accent if covered else (st.bad if stage.involved else st.muted),
                bold=True,
                leading=1.2,
                max_lines=1,
            )
        )
    group = Group(_dom("journey", v.id), "journey", "section", tuple(shapes), tuple(texts))
    return group, cell_top + cell_h


def _card_footer(fr: _CardFrame) -> Group:
    """The workspace, and what the persona rests on."""
    pen, st, pad, iw, v = fr.pen, fr.st, fr.pad, fr.iw, fr.v
    fsize = 0.64 * fr.f
    fy = fr.h - pad * 0.5 - fsize * 0.65
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
                f"{i18n.text('sheet.source', fr.loc)}: {v.source}",
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
    return Group(_dom("footer", v.id), "footer", "footer", (), tuple(footer))


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
    """The card at base font size ``f``, lists shortened as ``level`` says and ``spread`` mm
    added between blocks; and whether it fits."""
    fr = _card_frame(v, w, h, st, f, level, locale, spread)
    groups: list[Group] = []
    if framed:
        groups.append(
            Group(shapes=(rect(0, 0, w, h, fill=st.background, stroke=st.line, width=0.3),))
        )
    head, clips, y_cursor = _card_header(fr)
    groups += head
    if v.quote:
        quote, y_cursor = _card_quote(fr, y_cursor)
        groups.append(quote)
    sections, y_cursor = _card_sections(fr, y_cursor)
    groups += sections
    band, y_cursor = _card_band(fr, y_cursor)
    groups += band
    if v.journey:
        journey, y_cursor = _card_journey(fr, y_cursor + 1.9 * f + spread)
        groups.append(journey)
    groups.append(_card_footer(fr))
    fits = y_cursor <= h - fr.pad
    scene = Scene(
        _dom("persona", v.id),
        w,
        h,
        tuple(groups),
        x=x,
        y=y,
        hatch=_hatch(st),
        clips=tuple(clips),
        title=v.name,
    )
    scene = _with_logo(scene, st, fr.pad)
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
    gaps = 2 + math.ceil(sum(1 for s in v.sections if s.items) / (3 if w > h * 1.15 else 2))
    gaps += 1 if v.journey else 0

    def build(f: float, level: int, spread: float) -> tuple[Card, float, bool]:
        card, fits = _card_layout(
            v, w, h, st, f, level, locale=locale, framed=framed, x=x, y=y, spread=spread
        )
        return card, card.used, fits

    def spread(f: float, used: float) -> float | None:
        room = h - 0.068 * mw - used
        return min(room / gaps, 1.6 * f) if room > 0.5 and gaps else None

    high = 0.0195 * mw if at_most is None else min(at_most, 0.0195 * mw)
    return fit(build, min(0.0075 * mw, high), high, spread)[0]


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
    title = (
        cards[0].persona.name if len(cards) == 1 else i18n.text("sheet.buyer-personas", ws.locale)
    )
    data = interactive.page_data(ws, report, personas=True)
    return CardsContext(
        title, ws.locale, _text_of(ws.name, 200), _page_box(paper), st, tuple(cards), data
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
