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
from typing import TYPE_CHECKING, Any

from ...models.labels import label
from ..jinja import _render
from ..paper import Page
from ..scene import (
    _SAFE_WIDTH,
    Group,
    Scene,
    Shape,
    Text,
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
from ..uitext import _number, ui_text

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One stage of one persona or member: touchpoints that reach them, and their weight
    (1 for personas; a member's influence in the stage, 0 where not involved)."""

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
            out.append(HeatCell(stage, count, weight, _number(weight, 1, loc)))
        return tuple(out)

    personas = [
        HeatRow(
            "persona",
            p.id,
            _text_of(p.name, 160) or p.id,
            ", ".join(label("role", r.value, loc) for r in p.roles),
            "",
            cells("persona", p.id),
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
                " · ".join(x for x in (detail, roles) if x),
                _text_of(committee.name, 160),
                cells("member", member.id),
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


def _heatmap_layout(
    ctx: dict[str, Any], W: float, H: float, st: Style, f: float, level: int, extra: float = 0.0
) -> tuple[tuple[Scene, float], bool]:
    pen = _Pen(st)
    loc: str = ctx["locale"]
    stages: list[StageHead] = ctx["stages"]
    mw = min(W, H)
    m = 0.04 * mw
    iw = W - 2 * m
    groups: list[Group] = []
    row_cap = (10_000, 40, 24, 14, 8)[level]

    portrait = W < H
    head_w = iw if portrait else iw * 0.55
    eyebrow = pen.text(
        _upper(ctx["eyebrow"]),
        m,
        m,
        head_w,
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
        head_w,
        2.2 * f,
        bold=True,
        leading=1.12,
        max_lines=2,
        tag="h1",
        id="heatmap-heading",
    )
    groups.append(Group("heatmap-header", "header", "header", (), (eyebrow, title)))

    # Legend, on the right of the header.
    lx = m if portrait else m + iw * 0.58
    lwid = iw if portrait else iw * 0.42
    sw = 2.2 * f
    sh = 1.5 * f
    legend_shapes: list[Shape] = []
    legend_texts: list[Text] = []
    ly = title.bottom + 1.2 * f if portrait else m
    entries: list[tuple[str, str, str]] = [
        ("url(#heatmap-hatch)", "0", ui_text("not-reached", loc)),
        (_heat_fill(st, HeatCell("", 1, 1, ""), "persona")[0], "1", ""),
        (_heat_fill(st, HeatCell("", 2, 1, ""), "persona")[0], "2", ""),
        (_heat_fill(st, HeatCell("", 3, 1, ""), "persona")[0], "3+", ui_text("legend-count", loc)),
    ]
    x = lx
    for fill, caption, text in entries:
        legend_shapes.append(
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
        legend_texts.append(
            pen.text(
                caption,
                x,
                ly + (sh - 0.72 * f * 1.3) / 2,
                sw,
                0.72 * f,
                bold=True,
                colour=st.bad if caption == "0" else ("#ffffff" if caption == "3+" else st.text),
                align="middle",
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
        x += sw + 0.3 * f
        if text:
            t = pen.text(
                text,
                x + 0.3 * f,
                ly + (sh - 0.7 * f * 1.3) / 2,
                lx + lwid - x,
                0.7 * f,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                tag="span",
            )
            legend_texts.append(t)
            x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
    if ctx["members"]:
        ly += sh + 0.6 * f
        x = lx
        for weight in (0.3, 0.6, 0.9):
            fill, colour = _heat_fill(st, HeatCell("", 1, weight, ""), "member")
            legend_shapes.append(rect(x, ly, sw, sh, fill=fill, radius=0.2 * f))
            legend_texts.append(
                pen.text(
                    _number(weight, 1, loc),
                    x,
                    ly + (sh - 0.66 * f * 1.3) / 2,
                    sw,
                    0.66 * f,
                    colour=colour,
                    align="middle",
                    max_lines=1,
                    leading=1.3,
                    tag="span",
                )
            )
            x += sw + 0.3 * f
        t = pen.text(
            ui_text("legend-influence", loc),
            x + 0.3 * f,
            ly + (sh - 0.7 * f * 1.3) / 2,
            lx + lwid - x - 0.3 * f,
            0.7 * f,
            colour=st.muted,
            max_lines=1,
            leading=1.3,
            tag="span",
        )
        legend_texts.append(t)
        x += text_width(t.lines[0] if t.lines else "", 0.7 * f) / _SAFE_WIDTH + 1.6 * f
        legend_shapes.append(rect(x, ly, sw, sh, fill=st.surface, radius=0.2 * f))
        legend_texts.append(
            pen.text(
                "·",
                x,
                ly + (sh - 0.9 * f * 1.3) / 2,
                sw,
                0.9 * f,
                colour=st.muted,
                bold=True,
                align="middle",
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
        legend_texts.append(
            pen.text(
                ui_text("not-involved", loc),
                x + sw + 0.6 * f,
                ly + (sh - 0.7 * f * 1.3) / 2,
                max(0.0, lx + lwid - x - sw - 0.6 * f),
                0.7 * f,
                colour=st.muted,
                max_lines=1,
                leading=1.3,
                tag="span",
            )
        )
    groups.append(
        Group("heatmap-legend", "legend", "div", tuple(legend_shapes), tuple(legend_texts))
    )
    y = max(title.bottom, ly + sh) + 2.0 * f

    n = len(stages)
    if n == 0:
        groups.append(
            Group(
                "heatmap-empty",
                "",
                "div",
                (),
                (pen.text(ui_text("no-stages", loc), m, y, iw, 1.2 * f, colour=st.muted),),
            )
        )
        return (
            _with_logo(
                Scene("heatmap", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"]),
                st,
                m,
            ),
            y,
        ), True
    lw = 0.24 * iw
    sumw = max(0.06 * iw, 5 * f)
    gap = 0.3 * f
    cw = (iw - lw - sumw - (n + 1) * gap) / n
    xs = [m + lw + gap + k * (cw + gap) for k in range(n)]
    sx = xs[-1] + cw + gap

    # Column heads.
    heads = []
    head_bottom = y
    for k, stage in enumerate(stages):
        band = rect(xs[k], y, cw, 0.4 * f, fill=stage.colour, radius=0.2 * f)
        name = pen.text(
            stage.label,
            xs[k],
            y + 0.8 * f,
            cw,
            0.76 * f,
            bold=True,
            max_lines=3,
            leading=1.22,
            tag="h3",
        )
        heads.append(Group(_dom("col", stage.id), "stage", "div", (band,), (name,)))
        head_bottom = max(head_bottom, name.bottom)
    cov = pen.text(
        ui_text("covered", loc),
        sx,
        y + 0.8 * f,
        sumw,
        0.76 * f,
        bold=True,
        max_lines=2,
        leading=1.22,
        align="end",
        tag="h3",
    )
    groups.append(Group("columns", "columns", "div", (), (cov,), tuple(heads)))
    y = head_bottom + 0.8 * f

    def block(kind: str, caption: str, rows: Sequence[HeatRow], top: float) -> tuple[Group, float]:
        shapes: list[Shape] = [line(m, top, W - m, top, st.text, 0.1 * f)]
        texts = [
            pen.text(
                _upper(caption),
                m,
                top + 0.6 * f,
                iw,
                0.8 * f,
                colour=st.accent,
                bold=True,
                max_lines=1,
                leading=1.3,
                tag="h2",
            )
        ]
        yy = texts[0].bottom + 0.6 * f
        row_groups: list[Group] = []
        current = None
        for row in rows[:row_cap]:
            if row.group and row.group != current:
                current = row.group
                g = pen.text(
                    row.group,
                    m,
                    yy + 0.3 * f,
                    iw,
                    0.78 * f,
                    bold=True,
                    colour=st.muted,
                    max_lines=1,
                    leading=1.3,
                    tag="h3",
                )
                texts.append(g)
                yy = g.bottom + 0.3 * f
            name = pen.text(
                row.name,
                m,
                0,
                lw - 1.0 * f,
                0.86 * f,
                bold=True,
                max_lines=2,
                leading=1.2,
                tag="h3",
            )
            label_h = name.h
            detail = None
            if row.detail:
                detail = pen.text(
                    row.detail,
                    m,
                    0,
                    lw - 1.0 * f,
                    0.66 * f,
                    colour=st.muted,
                    max_lines=1,
                    leading=1.3,
                )
                label_h += 0.1 * f + detail.h
            rh = max(2.9 * f, label_h + 0.5 * f) + extra
            top = yy + max(0.0, (rh - 0.4 * f - label_h) / 2)
            name = pen.text(
                row.name,
                m,
                top,
                lw - 1.0 * f,
                0.86 * f,
                bold=True,
                max_lines=2,
                leading=1.2,
                tag="h3",
            )
            row_texts = [name]
            if detail is not None:
                row_texts.append(
                    pen.text(
                        row.detail,
                        m,
                        name.bottom + 0.1 * f,
                        lw - 1.0 * f,
                        0.66 * f,
                        colour=st.muted,
                        max_lines=1,
                        leading=1.3,
                    )
                )
            row_shapes: list[Shape] = []
            cell_groups = []
            for k, cell in enumerate(row.cells):
                cx, cy, ch = xs[k], yy, rh - 0.4 * f
                cell_shapes: list[Shape] = []
                cell_texts: list[Text] = []
                big = min(1.1 * f, ch * 0.5)
                if not cell.active:
                    cell_shapes.append(rect(cx, cy, cw, ch, fill=st.surface, radius=0.3 * f))
                    cell_texts.append(
                        pen.text(
                            "·",
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=st.muted,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                elif not cell.covered:
                    cell_shapes.append(
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
                    cell_texts.append(
                        pen.text(
                            "0",
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=st.bad,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                else:
                    fill, colour = _heat_fill(st, cell, kind)
                    cell_shapes.append(rect(cx, cy, cw, ch, fill=fill, radius=0.3 * f))
                    cell_texts.append(
                        pen.text(
                            str(cell.count),
                            cx,
                            cy + (ch - big * 1.2) / 2,
                            cw,
                            big,
                            colour=colour,
                            bold=True,
                            align="middle",
                            max_lines=1,
                            leading=1.2,
                            tag="span",
                        )
                    )
                if kind == "member" and cell.active:
                    small = 0.56 * f
                    cell_texts.append(
                        pen.text(
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
                cell_groups.append(
                    Group(
                        f"cell-{kind}-{_dom('', row.id)[1:]}-s{k}",
                        "cell",
                        "div",
                        tuple(cell_shapes),
                        tuple(cell_texts),
                    )
                )
            ratio = pen.text(
                f"{row.covered}/{row.total}",
                sx,
                yy + (rh - 0.4 * f - 0.95 * f * 1.25) / 2,
                sumw,
                0.95 * f,
                bold=True,
                colour=st.text if row.covered == row.total else st.bad,
                align="end",
                max_lines=1,
                leading=1.25,
                tag="span",
            )
            row_texts.append(ratio)
            row_groups.append(
                Group(
                    _dom("row-" + kind, row.id),
                    "row",
                    "div",
                    tuple(row_shapes),
                    tuple(row_texts),
                    tuple(cell_groups),
                )
            )
            yy += rh
        hidden = len(rows) - row_cap
        if hidden > 0:
            more = pen.text(
                ui_text("more", loc, n=hidden), m, yy, lw, 0.76 * f, colour=st.muted, max_lines=1
            )
            texts.append(more)
            yy = more.bottom + 0.4 * f
        return Group(
            "matrix-" + kind, "matrix", "section", tuple(shapes), tuple(texts), tuple(row_groups)
        ), yy

    if ctx["personas"]:
        group, y = block("persona", ui_text("coverage-persona", loc), ctx["personas"], y)
        groups.append(group)
        y += 1.6 * f
    if ctx["members"]:
        group, y = block("member", ui_text("coverage-member", loc), ctx["members"], y)
        groups.append(group)
        y += 1.6 * f
    if not ctx["personas"] and not ctx["members"]:
        groups.append(
            Group(
                "heatmap-empty",
                "",
                "div",
                (),
                (pen.text(ui_text("no-rows", loc), m, y, iw, 1.0 * f, colour=st.muted),),
            )
        )
    fsize = 0.72 * f
    footer_y = H - m - fsize * 1.3
    foot = pen.text(
        ctx["workspace"],
        m,
        footer_y,
        iw,
        fsize,
        colour=st.muted,
        max_lines=1,
        leading=1.3,
        align="end",
    )
    groups.append(Group("heatmap-footer", "footer", "footer", (), (foot,)))
    scene = Scene("heatmap", W, H, tuple(groups), hatch=_hatch(st), title=ctx["title"])
    scene = _with_logo(scene, st, m)
    return (scene, y), y <= footer_y - 0.6 * f


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
    ctx: dict[str, Any] = {
        "locale": loc,
        "stages": stages,
        "personas": personas,
        "members": members,
        "eyebrow": ui_text("coverage", loc),
        "title": workspace,
        "workspace": "",
    }
    W, H = paper.width, paper.height
    rows = len(personas) + len(members)

    def build(f: float, level: int, extra: float) -> tuple[Scene, float, bool]:
        (scene, used), fits = _heatmap_layout(ctx, W, H, st, f, level, extra)
        return scene, used, fits

    def spread(f: float, used: float) -> float | None:
        room = H - 0.04 * min(W, H) - 0.72 * f * 1.3 - 0.6 * f - used
        return min(room / rows, 1.6 * f) if rows and room > 0.5 else None

    high = 0.0095 * max(W, H)
    scene, f, _ = fit(build, 0.35 * high, high, spread)
    return HeatmapContext(
        title=workspace,
        eyebrow=ctx["eyebrow"],
        locale=loc,
        workspace=workspace,
        page=_page_box(paper),
        style=st,
        stages=tuple(stages),
        personas=tuple(personas),
        members=tuple(members),
        scene=scene,
        base=f,
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
