"""The journey-map poster: stages as columns, lanes as rows (``poster.html.j2``,
``poster.svg.j2``).

:func:`_stage_views` gathers each stage's content (touchpoints, channels, owners, thoughts,
emotions, pains, opportunities and the findings placed in it); :func:`_poster_layout` lays
the poster out at one base font size; :func:`poster_context` builds :class:`PosterContext`
at the largest size that fits, which :func:`poster_html` and :func:`poster_svg` render.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...models.labels import label
from ..jinja import _n_filter, _render
from ..paper import Page
from ..scene import (
    Group,
    Scene,
    Shape,
    Text,
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
    path,
    rect,
)
from ..style import PageBox, Style, _hatch, _mix, _page_box, _resolve_page, _style, _team_colour
from ..theme import DEFAULT_THEME, Theme
from ..uitext import _counted, _number, ui_text
from ._findings import FindingView, _finding_views, _prose

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.entities import Touchpoint
    from ...models.workspace import Workspace


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
    mw = min(W, H)

    def build(f: float, level: int, extra: float) -> tuple[Scene, float, bool]:
        (scene, used), fits = _poster_layout(ctx, W, H, st, f, level, extra=extra)
        return scene, used, fits

    def spread(f: float, used: float) -> float | None:
        limit = H - 0.032 * mw - 0.76 * f * 1.3 - 1.2 * f
        room = limit - used
        return min(room / (len(lanes) + 0.5), 6 * f) if room > 0.5 and lanes else None

    high = 0.0078 * W * (1.0 if W >= H else 1.25)
    scene, f, _ = fit(build, 0.4 * high, high, spread)
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
