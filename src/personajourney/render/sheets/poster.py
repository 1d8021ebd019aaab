"""The journey-map poster: stages as columns, lanes as rows (``poster.html.j2``,
``poster.svg.j2``).

:func:`_stage_views` gathers each stage's content (touchpoints, channels, owners, thoughts,
emotions, pains, opportunities and the findings placed in it); :func:`_poster_layout` lays
the poster out at one base font size; :func:`poster_context` builds :class:`PosterContext`
at the largest size that fits, which :func:`poster_html` and :func:`poster_svg` render.

The views and the frame the parts share are in :mod:`._poster_views`; the cells of the lanes
in :mod:`._poster_cells`, the emotion lane in :mod:`._poster_emotion`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import i18n
from ...graph.index import WorkspaceIndex, effective_owner
from ...i18n import label
from .. import interactive
from ..jinja import _render
from ..paper import Page
from ..scene import (
    Group,
    Scene,
    _Block,
    _chip_width,
    _chips,
    _ChipSpec,
    _dom,
    _text_of,
    _texts,
    _upper,
    _with_logo,
    fit,
    line,
    rect,
)
from ..style import PageBox, Style, _hatch, _page_box, _resolve_page, _style, _team_colour
from ..theme import DEFAULT_THEME, Theme
from ._findings import FindingView, _finding_views
from ._poster_cells import _CELLS
from ._poster_emotion import _emotion_lane
from ._poster_views import LEVELS, _poster_frame, _PosterContent, _PosterFrame
from ._poster_views import StageView as StageView
from ._poster_views import TouchpointView as TouchpointView

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.entities import Touchpoint
    from ...models.workspace import Workspace


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
    data: str = ""
    """The page's JSON block for the screen (``interactive.page_data``, markup-safe)."""


def _place_findings(
    ws: Workspace,
    findings: Sequence[FindingView],
    persona_id: str | None,
    member_personas: dict[str, str | None],
) -> tuple[dict[str, list[FindingView]], list[FindingView]]:
    """The findings of each stage, and those that concern no single stage.

    With ``persona_id``, findings about other personas (or their members) only are left out.
    """
    all_tp_stage = {tp.id: tp.stage_id for tp in ws.touchpoints}
    # Each finding is shown once: in the first stage it names, directly or through a
    # touchpoint (a break between two stages sits in the first of them).
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
        for stage_id in stages[:1]:
            placed[stage_id].append(finding)
        if not stages:
            unplaced.append(finding)
    return placed, unplaced


def _touchpoint_views(
    ws: Workspace,
    theme: Theme,
    st: Style,
    owner_id: str | None,
    in_stage: Sequence[Touchpoint],
    team_label: Callable[[str | None], str],
) -> tuple[list[TouchpointView], list[str], list[tuple[str, str]]]:
    """A stage's touchpoints as the poster shows them; the labels of their channels; and
    ``(label, colour)`` of the teams other than the stage's owner that own one."""
    channels = {c.id: c for c in ws.channels}
    touchpoints = []
    chans: list[str] = []
    others: list[tuple[str, str]] = []
    for tp in in_stage:
        channel = channels.get(tp.channel_id) if tp.channel_id else None
        channel_label = _text_of(ws.label_of(channel), 80) if channel else ""
        if channel_label and channel_label not in chans:
            chans.append(channel_label)
        tp_owner = effective_owner(tp, owner_id)
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
    return touchpoints, chans, others


def _handoffs(
    ws: Workspace, stage_id: str, tp_stage: dict[str, str], facts: WorkspaceIndex
) -> list[str]:
    """The hand-offs into the stage from a touchpoint shown: the label of each transition
    marked ``handoff: true``, and the name of each agreement (``handoffs``) that covers one,
    once."""
    handoffs: list[str] = []
    agreed, owner, index = facts.tr_handoff, facts.tp_owner, facts.tp_index
    for n, tr in enumerate(ws.transitions):
        if not agreed[n] or tp_stage.get(tr.to_id) != stage_id or tr.from_id not in tp_stage:
            continue
        if tr.handoff:
            text = _text_of(tr.label, 200)
            handoffs.append(text or i18n.text("sheet.handoff", ws.locale))
            continue
        owners = (owner[index[tr.from_id]], owner[index[tr.to_id]])
        boundary = (tp_stage[tr.from_id], stage_id)
        for agreement in ws.handoffs:
            if agreement.covers(owners, boundary):
                text = _text_of(agreement.name, 200) or i18n.text("sheet.handoff", ws.locale)
                if text not in handoffs:
                    handoffs.append(text)
                break
    return handoffs


def _stage_views(
    ws: Workspace,
    theme: Theme,
    st: Style,
    findings: Sequence[FindingView],
    persona_id: str | None,
) -> tuple[list[StageView], list[FindingView]]:
    """The stage columns of the poster (only what reaches ``persona_id``, when given), and
    the findings that concern no single stage."""
    teams = {t.id: t for t in ws.teams}
    member_personas = {m.id: m.persona_id for _, m in ws.members()}
    facts = WorkspaceIndex(ws)
    if persona_id is None:
        tps = list(ws.touchpoints)
    else:
        tps = [facts.tps[i] for i in facts.persona_tps.get(persona_id, [])]
    tp_stage = {tp.id: tp.stage_id for tp in tps}

    def team_label(team_id: str | None) -> str:
        if team_id is None:
            return ""
        team = teams.get(team_id)
        return _text_of(ws.label_of(team) if team else team_id, 80)

    placed, unplaced = _place_findings(ws, findings, persona_id, member_personas)
    views = []
    for number, stage in enumerate(ws.stages, start=1):
        in_stage = [tp for tp in tps if tp.stage_id == stage.id]
        owner_id = stage.owner_id
        touchpoints, chans, others = _touchpoint_views(
            ws, theme, st, owner_id, in_stage, team_label
        )
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
                handoffs=tuple(_handoffs(ws, stage.id, tp_stage, facts)),
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
    return [(key, i18n.text("sheet.lane-" + key, locale)) for key in _LANES if present[key]]


# -- the header, the score and the footer


def _poster_heading(fr: _PosterFrame, c: _PosterContent) -> tuple[Group, float]:
    """Eyebrow, title, subtitle and the legend of teams, on the left; and where they end."""
    pen, st, f, m = fr.pen, fr.st, fr.f, fr.m
    right_w = fr.iw * 0.3
    left_w = fr.iw - right_w - 2 * f
    eyebrow = pen.text(
        _upper(c.eyebrow),
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
        c.title,
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
    out = _Block(title.bottom, texts=[eyebrow, title])
    if c.subtitle:
        sub = pen.text(
            c.subtitle,
            m,
            out.bottom + 0.4 * f,
            left_w * 0.85,
            1.0 * f,
            colour=st.muted,
            max_lines=2,
        )
        out.texts.append(sub)
        out.bottom = sub.bottom
    if c.teams:
        specs = [
            _ChipSpec(name, st.background, st.text, stroke=st.line, dot=colour)
            for name, colour in c.teams
        ]
        s, t, out.bottom = _chips(pen, specs, m, out.bottom + 0.9 * f, left_w, 0.72 * f, max_rows=1)
        out.shapes += s
        out.texts += t
    return out.group("poster-header", "header", "header"), out.bottom


def _poster_score(fr: _PosterFrame, c: _PosterContent) -> tuple[Group, float]:
    """The check score and the counts by severity, on the right; and where they end."""
    pen, st, f, m, W = fr.pen, fr.st, fr.f, fr.m, fr.W
    right_w = fr.iw * 0.3
    right_x = W - m - right_w
    out = _Block(m)
    if c.score:
        cap = pen.text(
            _upper(i18n.text("sheet.check-score", fr.loc)),
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
            c.score,
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
        out.texts += [cap, big]
        out.bottom = big.bottom
    if c.counts:
        specs = [
            _ChipSpec(
                i18n.counted(level, count, fr.loc),
                st.background,
                st.text,
                stroke=st.line,
                dot=colour,
            )
            for level, _, count, colour in c.counts
        ]
        total = sum(_chip_width(s.label, 0.72 * f, dot=True) for s in specs) + 0.45 * 0.72 * f * (
            len(specs) - 1
        )
        s, t, out.bottom = _chips(
            pen, specs, W - m - total, out.bottom + 0.5 * f, total + 0.01, 0.72 * f, max_rows=1
        )
        out.shapes += s
        out.texts += t
    return out.group("poster-score", "score", "div"), out.bottom


def _poster_footer(fr: _PosterFrame, c: _PosterContent) -> tuple[Group, float]:
    """The footer line (findings placed in no stage; the workspace), and its top."""
    pen, st, f, m, iw = fr.pen, fr.st, fr.f, fr.m, fr.iw
    fsize = 0.76 * f
    footer_y = fr.H - m - fsize * 1.3
    foot = []
    if fr.level > 0:  # lists were shortened to fit: say so, and how to see everything
        footer_y -= fsize * 1.3
        foot.append(
            pen.text(
                i18n.text("sheet.shortened", fr.loc, n=fr.items_max),
                m,
                footer_y + fsize * 1.3,
                iw,
                fsize,
                colour=st.text,
                bold=True,
                max_lines=1,
                leading=1.3,
            )
        )
    if c.unplaced:
        foot.append(
            pen.text(
                i18n.text("sheet.unplaced", fr.loc, n=len(c.unplaced)),
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
            c.workspace,
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
    return Group("poster-footer", "footer", "footer", (), tuple(foot)), footer_y


# -- stage heads


def _stage_head(fr: _PosterFrame, stage: StageView, x: float, y: float) -> tuple[Group, float]:
    """A stage's colour band, number, decision mark and name; and where the name ends."""
    pen, st, f, cw = fr.pen, fr.st, fr.f, fr.cw
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
                "◆ " + _upper(i18n.text("sheet.decision", fr.loc)),
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
    return Group(_dom("stage", stage.id), "stage", "div", (band,), tuple(texts)), name.bottom


def _stage_heads(fr: _PosterFrame, stages: Sequence[StageView], y: float) -> tuple[Group, float]:
    """The heads of every stage column, and where the lowest ends."""
    head_groups = []
    head_bottom = y
    for k, stage in enumerate(stages):
        group, bottom = _stage_head(fr, stage, fr.xs[k], y)
        head_groups.append(group)
        head_bottom = max(head_bottom, bottom)
    return Group("stages", "stages", "div", (), (), tuple(head_groups)), head_bottom


# -- lanes and the whole poster


def _lane(
    fr: _PosterFrame, key: str, caption: str, stages: Sequence[StageView], y: float, extra: float
) -> tuple[Group, float]:
    """One lane across the stages: its caption on the left, a cell per stage (or the
    emotion curve), a rule under it; and where it ends."""
    f = fr.f
    top = y + 0.85 * f
    label_text = fr.pen.text(
        _upper(caption),
        fr.m,
        top,
        fr.lw - 0.5 * f,
        0.7 * f,
        bold=True,
        colour=fr.st.text,
        max_lines=3,
        leading=1.3,
        tag="h2",
    )
    if key == "emotion":
        lane = _emotion_lane(fr, stages, top, extra)
        lane.texts.insert(0, label_text)
    else:
        lane = _Block(label_text.bottom, texts=[label_text])
        for k, stage in enumerate(stages):
            cell = _CELLS[key](fr, stage, fr.xs[k], top)
            lane.groups.append(cell.group(_dom("cell-" + key, stage.id), "cell", "div"))
            lane.bottom = max(lane.bottom, cell.bottom)
    lane_bottom = lane.bottom + 0.85 * f + extra
    lane.shapes.append(line(fr.m, lane_bottom, fr.W - fr.m, lane_bottom, fr.st.line, 0.08 * f))
    return lane.group("lane-" + key, "lane", "section"), lane_bottom


def _poster_scene(fr: _PosterFrame, c: _PosterContent, groups: list[Group]) -> Scene:
    scene = Scene("poster", fr.W, fr.H, tuple(groups), hatch=_hatch(fr.st), title=c.title)
    return _with_logo(scene, fr.st, fr.m)


def _poster_layout(
    c: _PosterContent,
    W: float,
    H: float,
    st: Style,
    f: float,
    level: int,
    extra: float = 0.0,
) -> tuple[tuple[Scene, float], bool]:
    """The poster at base font size ``f``, lists shortened as ``level`` says and ``extra``
    mm added to every lane: the scene, where its last lane ends, and whether it fits."""
    fr = _poster_frame(len(c.stages), W, H, st, f, level, c.locale)
    heading, bottom = _poster_heading(fr, c)
    score, score_bottom = _poster_score(fr, c)
    y = max(bottom, score_bottom) + 1.8 * f
    footer, footer_y = _poster_footer(fr, c)
    groups = [heading, score, footer]
    limit = footer_y - 1.2 * f
    if not c.stages:
        empty = fr.pen.text(
            i18n.text("sheet.no-stages", c.locale), fr.m, y, fr.iw, 1.2 * f, colour=st.muted
        )
        groups.append(Group("poster-empty", "", "div", (), (empty,)))
        return (_poster_scene(fr, c, groups), y), True
    heads, head_bottom = _stage_heads(fr, c.stages, y)
    groups.append(heads)
    y = head_bottom + 0.9 * f
    groups.append(Group(shapes=(line(fr.m, y, W - fr.m, y, st.text, 0.12 * f),)))
    for key, caption in c.lanes:
        lane, y = _lane(fr, key, caption, c.stages, y, extra)
        groups.append(lane)
    return (_poster_scene(fr, c, groups), y), y <= limit


def _poster_teams(ws: Workspace, theme: Theme, st: Style) -> list[tuple[str, str]]:
    """``(label, colour)`` of the teams that own a stage or a touchpoint, in model order."""
    used_teams: list[str | None] = []
    for stage in ws.stages:
        if stage.owner_id not in used_teams:
            used_teams.append(stage.owner_id)
    for tp in ws.touchpoints:
        if tp.owner_id and tp.owner_id not in used_teams:
            used_teams.append(tp.owner_id)
    teams_by_id = {t.id: t for t in ws.teams}
    return [
        (_text_of(ws.label_of(teams_by_id[t]), 80), _team_colour(ws, theme, st, t))
        for t in used_teams
        if t is not None and t in teams_by_id
    ]


def _score_and_counts(
    report: Report | None, loc: str, st: Style
) -> tuple[str, list[tuple[str, str, int, str]]]:
    """The score as text (``83/100``) and ``(level, label, count, colour)`` per severity;
    empty without a report."""
    if report is None:
        return "", []
    score = "–" if report.score is None else f"{report.score}/100"
    counts = [
        (level, label("severity", level, loc), report.counts.get(level, 0), st.severity(level))
        for level in ("error", "warning", "info")
    ]
    return score, counts


#: The smallest base font size of a poster, in mm (2.3 % of A2's width: about 5 pt).
POSTER_MIN_BASE = 0.4 * 0.0078 * 594


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
        title = i18n.text("sheet.journey-of", loc, name=persona_name)
        subtitle = _text_of(persona.quote, 300)
    else:
        title = workspace
        subtitle = _text_of(ws.offering, 400)
    score, counts = _score_and_counts(report, loc, st)
    content = _PosterContent(
        locale=loc,
        stages=stages,
        lanes=lanes,
        eyebrow=i18n.text("sheet.journey-map", loc),
        title=title,
        subtitle=subtitle,
        teams=_poster_teams(ws, theme, st),
        score=score,
        counts=counts,
        unplaced=unplaced,
        workspace=workspace if persona is not None else "",
    )
    W, H = paper.width, paper.height
    mw = min(W, H)

    def build(f: float, level: int, extra: float) -> tuple[Scene, float, bool]:
        (scene, used), fits = _poster_layout(content, W, H, st, f, level, extra=extra)
        return scene, used, fits

    def spread(f: float, used: float) -> float | None:
        limit = H - 0.032 * mw - 0.76 * f * 1.3 - 1.2 * f
        room = limit - used
        return min(room / (len(lanes) + 0.5), 6 * f) if room > 0.5 and lanes else None

    high = 0.0078 * W * (1.0 if W >= H else 1.25)
    # The smallest base size is the same on every sheet (A2's): a larger sheet shows more,
    # rather than the same poster scaled up.
    low = min(0.4 * high, POSTER_MIN_BASE)
    scene, f, _ = fit(build, low, high, spread, levels=LEVELS)
    return PosterContext(
        title=title,
        eyebrow=content.eyebrow,
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
        data=interactive.page_data(ws, report, touchpoints=True),
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
