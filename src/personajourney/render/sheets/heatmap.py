"""The coverage heatmap: stage × persona and stage × committee member (``heatmap.html.j2``,
``heatmap.svg.j2``).

:func:`_heat_rows` reads the rows from the report's coverage; :func:`_heatmap_layout` lays
the matrices out at one base font size; :func:`heatmap_context` builds
:class:`HeatmapContext` at the largest size that fits, which :func:`heatmap_html` and
:func:`heatmap_svg` render.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import i18n
from ...graph.index import WorkspaceIndex
from ...i18n import label
from .. import interactive
from ..jinja import _render
from ..paper import Page
from ..scene import (
    _SAFE_WIDTH,
    Group,
    Scene,
    Text,
    _Block,
    _dom,
    _Pen,
    _text_of,
    _upper,
    _with_logo,
    fit,
    line,
    rect,
)
from ..style import PageBox, Style, _hatch, _mix, _page_box, _resolve_page, _style, _team_colour
from ..svgtext import text_width
from ..theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One stage of one persona or member: touchpoints that reach them, and their weight
    (1 for personas; a member's influence in the stage; 0 where not involved)."""

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
    excluded: bool = False
    """True for a persona or member not to be targeted (all its segments excluded): the row
    is greyed and its detail says why."""

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
    data: str = ""
    """The page's JSON block for the screen (``interactive.page_data``, markup-safe)."""


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
            out.append(HeatCell(stage, count, weight, i18n.decimal(weight, 1, loc)))
        return tuple(out)

    facts = WorkspaceIndex(ws)
    out_personas, out_members = facts.excluded_personas, facts.excluded_members

    def excluded(reason: str) -> str:
        if not reason:
            return i18n.text("sheet.excluded", loc)
        return i18n.text("sheet.excluded-because", loc, reason=_text_of(reason, 160))

    personas = [
        HeatRow(
            "persona",
            p.id,
            _text_of(p.name, 160) or p.id,
            excluded(out_personas[p.id])
            if p.id in out_personas
            else ", ".join(label("role", r.value, loc) for r in p.roles),
            "",
            cells("persona", p.id),
            p.id in out_personas,
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
                excluded(out_members[member.id])
                if member.id in out_members
                else " · ".join(x for x in (detail, roles) if x),
                _text_of(committee.name, 160),
                cells("member", member.id),
                member.id in out_members,
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


@dataclass(frozen=True, slots=True)
class _HeatmapContent:
    """What the heatmap shows, cleaned, before it is laid out (see :func:`heatmap_context`)."""

    locale: str
    stages: Sequence[StageHead]
    personas: Sequence[HeatRow]
    members: Sequence[HeatRow]
    eyebrow: str
    title: str
    workspace: str


@dataclass(frozen=True, slots=True)
class _HeatFrame:
    """One try at laying the heatmap out: the page, the base font size ``f`` (mm), how much
    the matrices are shortened (``level``), the ``extra`` room of each row, and the columns.

    ``lw`` is the width of the row names on the left, ``xs`` the left edge of each stage
    column and ``cw`` its width, ``sx`` the left edge of the last column (covered stages),
    ``sumw`` its width.
    """

    pen: _Pen
    st: Style
    loc: str
    W: float
    H: float
    f: float
    level: int
    extra: float
    m: float
    iw: float
    lw: float
    sumw: float
    cw: float
    xs: tuple[float, ...]
    sx: float

    @property
    def row_cap(self) -> int:
        return (10_000, 40, 24, 14, 8)[self.level]


def _heat_frame(
    n: int, W: float, H: float, st: Style, f: float, level: int, extra: float, loc: str
) -> _HeatFrame:
    mw = min(W, H)
    m = 0.04 * mw
    iw = W - 2 * m
    lw = 0.24 * iw
    sumw = max(0.06 * iw, 5 * f)
    gap = 0.3 * f
    cw = (iw - lw - sumw - (n + 1) * gap) / n if n else 0.0
    xs = tuple(m + lw + gap + k * (cw + gap) for k in range(n))
    sx = xs[-1] + cw + gap if n else 0.0
    return _HeatFrame(_Pen(st), st, loc, W, H, f, level, extra, m, iw, lw, sumw, cw, xs, sx)


# -- the header and the legend


def _heat_heading(fr: _HeatFrame, c: _HeatmapContent) -> tuple[Group, Text]:
    """The eyebrow and the title; and the title, whose bottom the legend may sit under."""
    head_w = fr.iw if fr.W < fr.H else fr.iw * 0.55
    eyebrow = fr.pen.text(
        _upper(c.eyebrow),
        fr.m,
        fr.m,
        head_w,
        0.78 * fr.f,
        colour=fr.st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = fr.pen.text(
        c.title,
        fr.m,
        eyebrow.bottom + 0.2 * fr.f,
        head_w,
        2.2 * fr.f,
        bold=True,
        leading=1.12,
        max_lines=2,
        tag="h1",
        id="heatmap-heading",
    )
    return Group("heatmap-header", "header", "header", (), (eyebrow, title)), title


def _legend_text(fr: _HeatFrame, text: str, x: float, ly: float, w: float) -> Text:
    """An explanation beside the legend's swatches (which are ``1.5 f`` high)."""
    f = fr.f
    sh = 1.5 * f
    return fr.pen.text(
        text,
        x,
        ly + (sh - 0.7 * f * 1.3) / 2,
        w,
        0.7 * f,
        colour=fr.st.muted,
        max_lines=1,
        leading=1.3,
        tag="span",
    )


def _swatch_text(
    fr: _HeatFrame, text: str, x: float, ly: float, size: float, colour: str, bold: bool
) -> Text:
    """The number or mark centred on a legend swatch."""
    sw, sh = 2.2 * fr.f, 1.5 * fr.f
    return fr.pen.text(
        text,
        x,
        ly + (sh - size * 1.3) / 2,
        sw,
        size,
        bold=bold,
        colour=colour,
        align="middle",
        max_lines=1,
        leading=1.3,
        tag="span",
    )


def _count_legend(fr: _HeatFrame, lx: float, lwid: float, ly: float) -> _Block:
    """Swatches for 0, 1, 2 and 3+ touchpoints, explained."""
    st, f = fr.st, fr.f
    sw, sh = 2.2 * f, 1.5 * f
    out = _Block(ly + sh)
    entries: list[tuple[str, str, str]] = [
        ("url(#heatmap-hatch)", "0", i18n.text("sheet.not-reached", fr.loc)),
        (_heat_fill(st, HeatCell("", 1, 1, ""), "persona")[0], "1", ""),
        (_heat_fill(st, HeatCell("", 2, 1, ""), "persona")[0], "2", ""),
        (
            _heat_fill(st, HeatCell("", 3, 1, ""), "persona")[0],
            "3+",
            i18n.text("sheet.legend-count", fr.loc),
        ),
    ]
    x = lx
    for fill, caption, text in entries:
        out.shapes.append(
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
        colour = st.bad if caption == "0" else ("#ffffff" if caption == "3+" else st.text)
        out.texts.append(_swatch_text(fr, caption, x, ly, 0.72 * f, colour, True))
        x += sw + 0.3 * f
        if text:
            t = _legend_text(fr, text, x + 0.3 * f, ly, lx + lwid - x)
            out.texts.append(t)
            x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
    return out


def _influence_legend(fr: _HeatFrame, lx: float, lwid: float, ly: float) -> _Block:
    """Swatches for a member's influence, explained; and the mark of ``not involved``."""
    st, f = fr.st, fr.f
    sw, sh = 2.2 * f, 1.5 * f
    out = _Block(ly + sh)
    x = lx
    for weight in (0.3, 0.6, 0.9):
        fill, colour = _heat_fill(st, HeatCell("", 1, weight, ""), "member")
        out.shapes.append(rect(x, ly, sw, sh, fill=fill, radius=0.2 * f))
        out.texts.append(
            _swatch_text(fr, i18n.decimal(weight, 1, fr.loc), x, ly, 0.66 * f, colour, False)
        )
        x += sw + 0.3 * f
    t = _legend_text(
        fr, i18n.text("sheet.legend-influence", fr.loc), x + 0.3 * f, ly, lx + lwid - x - 0.3 * f
    )
    out.texts.append(t)
    x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
    more = _involved_legend(fr, x, lx + lwid - x, ly)
    out.shapes += more.shapes
    out.texts += more.texts
    return out


def _involved_legend(fr: _HeatFrame, x: float, lwid: float, ly: float) -> _Block:
    """The mark of ``not involved`` (``·``), explained."""
    st, f = fr.st, fr.f
    sw, sh = 2.2 * f, 1.5 * f
    out = _Block(ly + sh)
    out.shapes.append(rect(x, ly, sw, sh, fill=st.surface, radius=0.2 * f))
    out.texts.append(_swatch_text(fr, "·", x, ly, 0.9 * f, st.muted, True))
    out.texts.append(
        _legend_text(
            fr,
            i18n.text("sheet.not-involved", fr.loc),
            x + sw + 0.6 * f,
            ly,
            max(0.0, lwid - sw - 0.6 * f),
        )
    )
    return out


def _legend(fr: _HeatFrame, c: _HeatmapContent, title: Text) -> tuple[Group, float]:
    """The legend, right of the header (under it on a portrait page); and the top of its
    last line of swatches."""
    portrait = fr.W < fr.H
    lx = fr.m if portrait else fr.m + fr.iw * 0.58
    lwid = fr.iw if portrait else fr.iw * 0.42
    ly = title.bottom + 1.2 * fr.f if portrait else fr.m
    out = _count_legend(fr, lx, lwid, ly)
    if not c.members and any(not cell.active for row in c.personas for cell in row.cells):
        ly += 1.5 * fr.f + 0.6 * fr.f
        more = _involved_legend(fr, lx, lwid, ly)
        out.shapes += more.shapes
        out.texts += more.texts
    if c.members:
        ly += 1.5 * fr.f + 0.6 * fr.f
        more = _influence_legend(fr, lx, lwid, ly)
        out.shapes += more.shapes
        out.texts += more.texts
    return Group("heatmap-legend", "legend", "div", tuple(out.shapes), tuple(out.texts)), ly


# -- the matrices


def _column_heads(fr: _HeatFrame, stages: Sequence[StageHead], y: float) -> tuple[Group, float]:
    """A head per stage column and the head of the covered-stages column; and where the
    lowest ends."""
    f = fr.f
    heads = []
    head_bottom = y
    for k, stage in enumerate(stages):
        band = rect(fr.xs[k], y, fr.cw, 0.4 * f, fill=stage.colour, radius=0.2 * f)
        name = fr.pen.text(
            stage.label,
            fr.xs[k],
            y + 0.8 * f,
            fr.cw,
            0.76 * f,
            bold=True,
            max_lines=3,
            leading=1.22,
            tag="h3",
        )
        heads.append(Group(_dom("col", stage.id), "stage", "div", (band,), (name,)))
        head_bottom = max(head_bottom, name.bottom)
    cov = fr.pen.text(
        i18n.text("sheet.covered", fr.loc),
        fr.sx,
        y + 0.8 * f,
        fr.sumw,
        0.76 * f,
        bold=True,
        max_lines=2,
        leading=1.22,
        align="end",
        tag="h3",
    )
    return Group("columns", "columns", "div", (), (cov,), tuple(heads)), head_bottom


def _cell_number(fr: _HeatFrame, text: str, colour: str, cx: float, cy: float, ch: float) -> Text:
    """The big number (or mark) in the middle of a cell."""
    big = min(1.1 * fr.f, ch * 0.5)
    return fr.pen.text(
        text,
        cx,
        cy + (ch - big * 1.2) / 2,
        fr.cw,
        big,
        colour=colour,
        bold=True,
        align="middle",
        max_lines=1,
        leading=1.2,
        tag="span",
    )


def _heat_cell(
    fr: _HeatFrame, kind: str, row_id: str, k: int, cell: HeatCell, cy: float, ch: float
) -> Group:
    """One cell: ``·`` where the persona or member is not involved, a hatched ``0`` where nothing
    reaches them, else the count on a shade; a member's influence in the corner."""
    st, f = fr.st, fr.f
    cx, cw = fr.xs[k], fr.cw
    out = _Block(cy + ch)
    if not cell.active:
        out.shapes.append(rect(cx, cy, cw, ch, fill=st.surface, radius=0.3 * f))
        out.texts.append(_cell_number(fr, "·", st.muted, cx, cy, ch))
    elif not cell.covered:
        out.shapes.append(
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
        out.texts.append(_cell_number(fr, "0", st.bad, cx, cy, ch))
    else:
        fill, colour = _heat_fill(st, cell, kind)
        out.shapes.append(rect(cx, cy, cw, ch, fill=fill, radius=0.3 * f))
        out.texts.append(_cell_number(fr, str(cell.count), colour, cx, cy, ch))
    if kind == "member" and cell.active:
        small = 0.56 * f
        out.texts.append(
            fr.pen.text(
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
    return out.group(f"cell-{kind}-{_dom('', row_id)[1:]}-s{k}", "cell", "div")


def _row_label(fr: _HeatFrame, row: HeatRow, yy: float) -> tuple[list[Text], float]:
    """The row's name and detail, centred in the row; and the row's height."""
    f = fr.f
    label_w = fr.lw - 1.0 * f

    def name_at(top: float) -> Text:
        return fr.pen.text(
            row.name,
            fr.m,
            top,
            label_w,
            0.86 * f,
            bold=True,
            colour=fr.st.muted if row.excluded else None,
            max_lines=2,
            leading=1.2,
            tag="h3",
        )

    def detail_at(top: float) -> Text:
        return fr.pen.text(
            row.detail, fr.m, top, label_w, 0.66 * f, colour=fr.st.muted, max_lines=1, leading=1.3
        )

    label_h = name_at(0).h
    if row.detail:
        label_h += 0.1 * f + detail_at(0).h
    rh = max(2.9 * f, label_h + 0.5 * f) + fr.extra
    name = name_at(yy + max(0.0, (rh - 0.4 * f - label_h) / 2))
    texts = [name]
    if row.detail:
        texts.append(detail_at(name.bottom + 0.1 * f))
    return texts, rh


def _heat_row(fr: _HeatFrame, kind: str, row: HeatRow, yy: float) -> tuple[Group, float]:
    """One persona or member across the stages, with covered/total at the end; and the
    row's height."""
    f = fr.f
    row_texts, rh = _row_label(fr, row, yy)
    ch = rh - 0.4 * f
    cells = [_heat_cell(fr, kind, row.id, k, cell, yy, ch) for k, cell in enumerate(row.cells)]
    ratio = fr.pen.text(
        f"{row.covered}/{row.total}",
        fr.sx,
        yy + (rh - 0.4 * f - 0.95 * f * 1.25) / 2,
        fr.sumw,
        0.95 * f,
        bold=True,
        colour=fr.st.text if row.covered == row.total else fr.st.bad,
        align="end",
        max_lines=1,
        leading=1.25,
        tag="span",
    )
    row_texts.append(ratio)
    group = Group(_dom("row-" + kind, row.id), "row", "div", (), tuple(row_texts), tuple(cells))
    return group, rh


def _matrix(
    fr: _HeatFrame, kind: str, caption: str, rows: Sequence[HeatRow], top: float
) -> tuple[Group, float]:
    """A matrix (``persona`` or ``member`` rows) under a caption, members grouped by
    committee, shortened to the level's number of rows; and where it ends."""
    pen, st, f, m = fr.pen, fr.st, fr.f, fr.m
    heading = pen.text(
        _upper(caption),
        m,
        top + 0.6 * f,
        fr.iw,
        0.8 * f,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.3,
        tag="h2",
    )
    out = _Block(top, [line(m, top, fr.W - m, top, st.text, 0.1 * f)], [heading])
    yy = heading.bottom + 0.6 * f
    current = None
    for row in rows[: fr.row_cap]:
        if row.group and row.group != current:
            current = row.group
            g = pen.text(
                row.group,
                m,
                yy + 0.3 * f,
                fr.iw,
                0.78 * f,
                bold=True,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                tag="h3",
            )
            out.texts.append(g)
            yy = g.bottom + 0.3 * f
        group, rh = _heat_row(fr, kind, row, yy)
        out.groups.append(group)
        yy += rh
    hidden = len(rows) - fr.row_cap
    if hidden > 0:
        more = pen.text(
            i18n.text("sheet.more", fr.loc, n=hidden),
            m,
            yy,
            fr.lw,
            0.76 * f,
            colour=st.muted,
            max_lines=1,
        )
        out.texts.append(more)
        yy = more.bottom + 0.4 * f
    return out.group("matrix-" + kind, "matrix", "section"), yy


# -- the whole heatmap


def _heat_empty(fr: _HeatFrame, key: str, y: float, size: float) -> Group:
    """A line saying there is nothing to show (``no-stages``, ``no-rows``)."""
    text = fr.pen.text(i18n.text(f"sheet.{key}", fr.loc), fr.m, y, fr.iw, size, colour=fr.st.muted)
    return Group("heatmap-empty", "", "div", (), (text,))


def _heat_footer(fr: _HeatFrame, c: _HeatmapContent) -> tuple[Group, float]:
    """The footer line, and its top."""
    fsize = 0.72 * fr.f
    footer_y = fr.H - fr.m - fsize * 1.3
    foot = fr.pen.text(
        c.workspace,
        fr.m,
        footer_y,
        fr.iw,
        fsize,
        colour=fr.st.muted,
        max_lines=1,
        leading=1.3,
        align="end",
    )
    return Group("heatmap-footer", "footer", "footer", (), (foot,)), footer_y


def _heat_scene(fr: _HeatFrame, c: _HeatmapContent, groups: list[Group]) -> Scene:
    scene = Scene("heatmap", fr.W, fr.H, tuple(groups), hatch=_hatch(fr.st), title=c.title)
    return _with_logo(scene, fr.st, fr.m)


def _heatmap_layout(
    c: _HeatmapContent,
    W: float,
    H: float,
    st: Style,
    f: float,
    level: int,
    extra: float = 0.0,
) -> tuple[tuple[Scene, float], bool]:
    """The heatmap at base font size ``f``, rows capped as ``level`` says and ``extra`` mm
    added to every row: the scene, where its matrices end, and whether it fits."""
    fr = _heat_frame(len(c.stages), W, H, st, f, level, extra, c.locale)
    heading, title = _heat_heading(fr, c)
    legend, ly = _legend(fr, c, title)
    groups = [heading, legend]
    y = max(title.bottom, ly + 1.5 * f) + 2.0 * f
    if not c.stages:
        groups.append(_heat_empty(fr, "no-stages", y, 1.2 * f))
        return (_heat_scene(fr, c, groups), y), True
    columns, head_bottom = _column_heads(fr, c.stages, y)
    groups.append(columns)
    y = head_bottom + 0.8 * f
    for kind, rows in (("persona", c.personas), ("member", c.members)):
        if rows:
            group, y = _matrix(fr, kind, i18n.text("sheet.coverage-" + kind, c.locale), rows, y)
            groups.append(group)
            y += 1.6 * f
    if not c.personas and not c.members:
        groups.append(_heat_empty(fr, "no-rows", y, 1.0 * f))
    footer, footer_y = _heat_footer(fr, c)
    groups.append(footer)
    return (_heat_scene(fr, c, groups), y), y <= footer_y - 0.6 * f


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
        from ...checks import run_checks

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
    content = _HeatmapContent(
        locale=loc,
        stages=stages,
        personas=personas,
        members=members,
        eyebrow=i18n.text("sheet.coverage", loc),
        title=workspace,
        workspace="",
    )
    W, H = paper.width, paper.height
    rows = len(personas) + len(members)

    def build(f: float, level: int, extra: float) -> tuple[Scene, float, bool]:
        (scene, used), fits = _heatmap_layout(content, W, H, st, f, level, extra)
        return scene, used, fits

    def spread(f: float, used: float) -> float | None:
        room = H - 0.04 * min(W, H) - 0.72 * f * 1.3 - 0.6 * f - used
        return min(room / rows, 1.6 * f) if rows and room > 0.5 else None

    high = 0.0095 * max(W, H)
    scene, f, _ = fit(build, 0.35 * high, high, spread)
    return HeatmapContext(
        title=workspace,
        eyebrow=content.eyebrow,
        locale=loc,
        workspace=workspace,
        page=_page_box(paper),
        style=st,
        stages=tuple(stages),
        personas=tuple(personas),
        members=tuple(members),
        scene=scene,
        base=f,
        data=interactive.page_data(ws, report, personas=True, members=True, element="row-"),
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
