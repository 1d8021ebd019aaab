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

from ...models.labels import label
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
from ..uitext import _number, ui_text

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
