"""The cells of the poster's lanes, one function per lane (:data:`_CELLS`): goals and
questions, touchpoint cards, channels, owner teams and hand-offs, thoughts, pain points,
opportunities and the gaps the checks found; lists shortened to the frame's level."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ... import i18n
from ..scene import Group, Shape, Text, _Block, _chips, _ChipSpec, _dom, circle, line, rect
from ..style import _mix
from ._findings import FindingView, _prose
from ._poster_views import StageView, TouchpointView, _more, _PosterFrame


def _bullet(
    fr: _PosterFrame, item: str, x: float, yy: float, colour: str, mark: str, italic: bool
) -> tuple[list[Shape], list[Text]]:
    """One item of a list: a quote bar, a question mark or a dot, then the text (last)."""
    pen, f, cw, body = fr.pen, fr.f, fr.cw, fr.body
    if mark == "quote":
        t = pen.text(
            item,
            x + 0.9 * f,
            yy,
            cw - 0.9 * f,
            body,
            italic=True,
            max_lines=fr.item_lines,
            tag="p",
            colour=fr.st.text,
        )
        bar = line(x + 0.2 * f, yy + 0.15 * f, x + 0.2 * f, t.bottom - 0.15 * f, colour, 0.16 * f)
        return [bar], [t]
    if mark == "q":
        t = pen.text(item, x + 1.0 * f, yy, cw - 1.0 * f, body, max_lines=fr.item_lines, tag="p")
        q = pen.text("?", x, yy, 1.0 * f, body, bold=True, colour=colour, max_lines=1, tag="span")
        return [], [q, t]
    t = pen.text(
        item,
        x + 0.95 * f,
        yy,
        cw - 0.95 * f,
        body,
        italic=italic,
        max_lines=fr.item_lines,
        tag="p",
    )
    return [circle(x + 0.3 * f, yy + t.leading / 2, 0.2 * f, fill=colour)], [t]


def _bullets(
    fr: _PosterFrame,
    items: Sequence[str],
    x: float,
    top: float,
    colour: str,
    mark: str = "dot",
    italic: bool = False,
) -> _Block:
    """A list shortened to the level's length (``+ 3 more``), marked as ``mark`` says."""
    out = _Block(top)
    yy = top
    for item in items[: fr.items_max]:
        shapes, texts = _bullet(fr, item, x, yy, colour, mark, italic)
        out.shapes += shapes
        out.texts += texts
        yy = texts[-1].bottom + 0.45 * fr.f
    if len(items) > fr.items_max:
        more = _more(fr, len(items) - fr.items_max, x + 0.95 * fr.f, yy, fr.cw - 0.95 * fr.f)
        out.texts.append(more)
        yy = more.bottom + 0.45 * fr.f
    out.bottom = yy - 0.45 * fr.f
    return out


def _questions_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    """The stage's description, then the questions its touchpoints answer."""
    f = fr.f
    yy = top
    description = []
    if stage.description:
        d = fr.pen.text(
            stage.description,
            x,
            yy,
            fr.cw,
            fr.body,
            colour=fr.st.muted,
            max_lines=fr.item_lines + 1,
        )
        description.append(d)
        yy = d.bottom + 0.5 * f
    out = _bullets(fr, stage.questions, x, yy, fr.st.accent, mark="q")
    out.texts[:0] = description
    out.bottom = max(out.bottom, yy - 0.5 * f if not stage.questions else out.bottom)
    return out


def _no_touchpoint(fr: _PosterFrame, x: float, yy: float) -> _Block:
    """A hatched box saying the stage has no touchpoint."""
    pen, st, f = fr.pen, fr.st, fr.f
    box_h = 2.4 * f
    box = rect(
        x,
        yy,
        fr.cw,
        box_h,
        fill="url(#poster-hatch)",
        stroke=_mix(st.bad, st.background, 0.3),
        width=0.08 * f,
        radius=0.4 * f,
    )
    caption = pen.text(
        i18n.text("sheet.no-touchpoints", fr.loc),
        x + 0.6 * f,
        yy + (box_h - 1.3 * 0.8 * f) / 2,
        fr.cw - 1.2 * f,
        0.8 * f,
        colour=st.bad,
        bold=True,
        leading=1.3,
        max_lines=1,
        align="middle",
    )
    return _Block(yy + box_h, [box], [caption])


def _touchpoint_card(
    fr: _PosterFrame, tp: TouchpointView, x: float, yy: float
) -> tuple[Group, float]:
    """A touchpoint as a card (name, channel and entry mark, KPI; the owner's colour on the
    left), and the card's height."""
    pen, st, f = fr.pen, fr.st, fr.f
    inner_x = x + 1.1 * f
    inner_w = fr.cw - 1.7 * f
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
    meta_bits = [b for b in (tp.channel, i18n.text("sheet.entry", fr.loc) if tp.entry else "") if b]
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
    if tp.kpi and fr.level < 3:
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
        rect(x, yy, fr.cw, box_h, fill=st.surface, radius=0.45 * f),
        rect(x, yy, 0.42 * f, box_h, fill=tp.owner_colour, radius=0.2 * f),
    ]
    return Group(_dom("tp", tp.id), "touchpoint", "article", tuple(ss), tuple(tt)), box_h


def _touchpoints_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    """The stage's touchpoints as cards, or a hatched box when it has none."""
    f = fr.f
    yy = top
    out = _no_touchpoint(fr, x, yy) if not stage.touchpoints else _Block(top)
    for tp in stage.touchpoints[: fr.items_max]:
        card, box_h = _touchpoint_card(fr, tp, x, yy)
        out.groups.append(card)
        yy += box_h + 0.5 * f
        out.bottom = yy - 0.5 * f
    if len(stage.touchpoints) > fr.items_max:
        more = _more(fr, len(stage.touchpoints) - fr.items_max, x, yy, fr.cw)
        out.texts.append(more)
        out.bottom = more.bottom
    return out


def _channels_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    """The channels of the stage's touchpoints, as chips."""
    out = _Block(top)
    st = fr.st
    specs = [_ChipSpec(c, st.background, st.text, stroke=st.line) for c in stage.channels]
    if specs:
        out.shapes, out.texts, out.bottom = _chips(
            fr.pen, specs, x, top, fr.cw, 0.72 * fr.f, max_rows=3
        )
    return out


def _owner_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    """The owner team and the other teams with touchpoints in the stage, then hand-offs."""
    pen, st, f = fr.pen, fr.st, fr.f
    out = _Block(top)
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
        out.shapes, out.texts, out.bottom = _chips(pen, specs, x, top, fr.cw, 0.74 * f, max_rows=3)
        yy = out.bottom + 0.5 * f
    for text in stage.handoffs[: fr.items_max]:
        h = pen.text("⇄ " + text, x, yy, fr.cw, 0.7 * f, colour=st.muted, max_lines=3, leading=1.3)
        out.texts.append(h)
        yy = h.bottom + 0.3 * f
        out.bottom = h.bottom
    return out


def _thoughts_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    thoughts = [f"“{q}”" for q in stage.thoughts]
    return _bullets(fr, thoughts, x, top, _mix(fr.st.accent, fr.st.background, 0.5), mark="quote")


def _pains_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    return _bullets(fr, stage.pains, x, top, fr.st.bad)


def _opportunities_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    return _bullets(fr, stage.opportunities, x, top, fr.st.good)


def _gap(
    fr: _PosterFrame, finding: FindingView, stage_id: str, x: float, yy: float
) -> tuple[Group, float]:
    """A finding placed in the stage: its code as a chip, then its message; and where it ends."""
    s, t, cb = _chips(
        fr.pen,
        [_ChipSpec(finding.code, finding.colour, "#ffffff")],
        x,
        yy,
        fr.cw,
        0.66 * fr.f,
        bold=True,
        max_rows=1,
    )
    msg = fr.pen.text(
        _prose(finding.message),
        x,
        cb + 0.25 * fr.f,
        fr.cw,
        0.74 * fr.f,
        max_lines=fr.item_lines,
        leading=1.3,
    )
    group = Group(_dom("gap", f"{finding.id}-{stage_id}"), "gap", "div", tuple(s), (*t, msg))
    return group, msg.bottom


def _gaps_cell(fr: _PosterFrame, stage: StageView, x: float, top: float) -> _Block:
    """The findings placed in the stage, or a tick saying there are none."""
    f = fr.f
    out = _Block(top)
    yy = top
    if not stage.findings:
        ok = fr.pen.text(
            "✓ " + i18n.text("sheet.no-gaps", fr.loc),
            x,
            yy,
            fr.cw,
            0.72 * f,
            colour=fr.st.good,
            max_lines=2,
            leading=1.3,
        )
        out.texts.append(ok)
        out.bottom = ok.bottom
    for finding in stage.findings[: fr.items_max]:
        group, out.bottom = _gap(fr, finding, stage.id, x, yy)
        out.groups.append(group)
        yy = out.bottom + 0.6 * f
    if len(stage.findings) > fr.items_max:
        more = _more(fr, len(stage.findings) - fr.items_max, x, yy, fr.cw)
        out.texts.append(more)
        out.bottom = more.bottom
    return out


_CELLS: dict[str, Callable[[_PosterFrame, StageView, float, float], _Block]] = {
    "questions": _questions_cell,
    "touchpoints": _touchpoints_cell,
    "channels": _channels_cell,
    "owner": _owner_cell,
    "thoughts": _thoughts_cell,
    "pains": _pains_cell,
    "opportunities": _opportunities_cell,
    "gaps": _gaps_cell,
}
