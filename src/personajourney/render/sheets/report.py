"""The printed check report (``report.html.j2``, flowing over pages; ``report.svg.j2``, one
tall image).

Findings are grouped by severity (:class:`SeverityGroup`) and the score split into its parts
(:class:`ScorePart`); :func:`_report_scene` lays out the SVG; :func:`report_context` builds
:class:`ReportContext`, which :func:`report_html` and :func:`report_svg` render.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import i18n
from ...i18n import label
from ..jinja import _render
from ..paper import Page
from ..scene import (
    Group,
    Scene,
    Shape,
    Text,
    _chips,
    _ChipSpec,
    _dom,
    _Pen,
    _text_of,
    _upper,
    _with_logo,
    line,
    rect,
)
from ..style import PageBox, Style, _hatch, _page_box, _resolve_page, _style
from ..theme import DEFAULT_THEME, Theme
from ._findings import FindingView, _finding_views, _prose

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    """The findings of one severity."""

    level: str
    label: str
    colour: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One component of the score (0–1) with its label and its value as a percentage."""

    key: str
    label: str
    value: float
    text: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Context of ``report.html.j2`` (flowing, any number of pages) and ``report.svg.j2``
    (one tall image): summary, score and its parts, findings grouped by severity."""

    title: str
    eyebrow: str
    locale: str
    workspace: str
    page: PageBox
    style: Style
    score: str
    parts: tuple[ScorePart, ...]
    counts: tuple[tuple[str, str, int, str], ...]
    summary: str
    rules_run: str
    groups: tuple[SeverityGroup, ...]
    no_findings: str
    labels: dict[str, str]
    scene: Scene


@dataclass(frozen=True, slots=True)
class _ReportContent:
    """What the report's scene shows, cleaned (see :func:`report_context`)."""

    locale: str
    eyebrow: str
    title: str
    workspace: str
    summary: str
    score: str
    parts: Sequence[ScorePart]
    no_findings: str


@dataclass(frozen=True, slots=True)
class _ReportFrame:
    """The report's scene as wide as the page (``W`` mm): base font size ``f`` and margin
    ``m`` follow from the width; the height follows from the content."""

    pen: _Pen
    st: Style
    loc: str
    W: float
    f: float
    m: float
    iw: float


def _report_frame(W: float, st: Style, loc: str) -> _ReportFrame:
    m = 0.07 * W
    return _ReportFrame(_Pen(st), st, loc, W, 0.0165 * W, m, W - 2 * m)


def _report_header(fr: _ReportFrame, c: _ReportContent) -> tuple[Group, float]:
    """Eyebrow, workspace and summary on the left, the score on the right; and the top of
    what follows."""
    pen, st, f, m, iw = fr.pen, fr.st, fr.f, fr.m, fr.iw
    eyebrow = pen.text(
        _upper(c.eyebrow),
        m,
        m,
        iw * 0.7,
        0.72 * f,
        colour=st.accent,
        bold=True,
        max_lines=1,
        leading=1.4,
    )
    title = pen.text(
        c.workspace,
        m,
        eyebrow.bottom + 0.2 * f,
        iw * 0.7,
        1.9 * f,
        bold=True,
        leading=1.15,
        max_lines=3,
        tag="h1",
        id="report-heading",
    )
    summary = pen.text(
        c.summary, m, title.bottom + 0.4 * f, iw * 0.7, 0.9 * f, colour=st.muted, max_lines=2
    )
    cap = pen.text(
        _upper(i18n.text("sheet.check-score", fr.loc)),
        m + iw * 0.7,
        m,
        iw * 0.3,
        0.66 * f,
        colour=st.muted,
        bold=True,
        max_lines=1,
        align="end",
        leading=1.4,
    )
    big = pen.text(
        c.score,
        m + iw * 0.7,
        cap.bottom,
        iw * 0.3,
        2.6 * f,
        bold=True,
        max_lines=1,
        align="end",
        leading=1.1,
    )
    group = Group("report-header", "header", "header", (), (eyebrow, title, summary, cap, big))
    return group, max(summary.bottom, big.bottom) + 1.2 * f


def _score_bars(fr: _ReportFrame, parts: Sequence[ScorePart], y: float) -> tuple[Group, float]:
    """The parts of the score side by side, each a label, a percentage and a bar; and the
    top of what follows."""
    pen, st, f, m = fr.pen, fr.st, fr.f, fr.m
    shapes: list[Shape] = []
    texts: list[Text] = []
    if parts:
        colw = (fr.iw - (len(parts) - 1) * 1.2 * f) / len(parts)
        for k, part in enumerate(parts):
            x = m + k * (colw + 1.2 * f)
            name = pen.text(
                part.label, x, y, colw - 3 * f, 0.72 * f, colour=st.muted, max_lines=1, leading=1.3
            )
            value = pen.text(
                part.text,
                x + colw - 3 * f,
                y,
                3 * f,
                0.72 * f,
                bold=True,
                max_lines=1,
                leading=1.3,
                align="end",
            )
            by = name.bottom + 0.25 * f
            shapes.append(rect(x, by, colw, 0.4 * f, fill=st.line, radius=0.2 * f))
            shapes.append(rect(x, by, colw * part.value, 0.4 * f, fill=st.accent, radius=0.2 * f))
            texts += [name, value]
        y += 0.72 * f * 1.3 + 0.65 * f + 1.2 * f
    return Group("report-score", "score", "div", tuple(shapes), tuple(texts)), y


def _finding_article(fr: _ReportFrame, finding: FindingView, y: float) -> tuple[Group, float]:
    """A finding: its code as a chip, then rule name, message, where and fix; and where it
    ends."""
    pen, st, f, m = fr.pen, fr.st, fr.f, fr.m
    code_w = 5.2 * f
    s, t, _ = _chips(
        pen,
        [_ChipSpec(finding.code, finding.colour, "#ffffff")],
        m,
        y,
        code_w,
        0.7 * f,
        bold=True,
        max_rows=1,
    )
    tx = m + code_w + 0.6 * f
    tw = fr.iw - code_w - 0.6 * f
    name = pen.text(
        finding.name, tx, y, tw, 0.74 * f, colour=st.muted, bold=True, max_lines=1, leading=1.5
    )
    message = pen.text(
        _prose(finding.message), tx, name.bottom + 0.1 * f, tw, 0.9 * f, max_lines=6, tag="h3"
    )
    rows = [*t, name, message]
    bottom = message.bottom
    if finding.location:
        where = pen.text(
            f"{i18n.text('sheet.where', fr.loc)}: {finding.location}",
            tx,
            bottom + 0.25 * f,
            tw,
            0.72 * f,
            colour=st.muted,
            max_lines=2,
        )
        rows.append(where)
        bottom = where.bottom
    if finding.hint:
        hint = pen.text(
            f"{i18n.text('sheet.hint', fr.loc)}: {finding.hint}",
            tx,
            bottom + 0.25 * f,
            tw,
            0.8 * f,
            colour=st.text,
            italic=True,
            max_lines=4,
        )
        rows.append(hint)
        bottom = hint.bottom
    return Group(finding.id, "finding", "article", tuple(s), tuple(rows)), bottom


def _severity_section(fr: _ReportFrame, group: SeverityGroup, y: float) -> tuple[Group, float]:
    """A rule, the severity's heading with its count, then its findings; and the top of
    what follows."""
    f, m = fr.f, fr.m
    rule = line(m, y, fr.W - m, y, fr.st.text, 0.1 * f)
    head = fr.pen.text(
        f"{group.label} ({len(group.findings)})",
        m,
        y + 0.6 * f,
        fr.iw,
        1.1 * f,
        bold=True,
        colour=group.colour,
        max_lines=1,
        leading=1.3,
        tag="h2",
    )
    y = head.bottom + 0.8 * f
    items = []
    for finding in group.findings:
        item, bottom = _finding_article(fr, finding, y)
        items.append(item)
        y = bottom + 1.1 * f
    section = Group(
        _dom("severity", group.level), "severity", "section", (rule,), (head,), tuple(items)
    )
    return section, y + 0.4 * f


def _report_scene(c: _ReportContent, groups: Sequence[SeverityGroup], st: Style, W: float) -> Scene:
    """The report as one scene ``W`` mm wide and as tall as its content."""
    fr = _report_frame(W, st, c.locale)
    f, m = fr.f, fr.m
    header, y = _report_header(fr, c)
    score, y = _score_bars(fr, c.parts, y)
    out = [header, score]
    if not groups:
        clean = fr.pen.text(c.no_findings, m, y + f, fr.iw, f, colour=st.good, bold=True)
        out.append(Group("report-clean", "", "p", (), (clean,)))
        y += 3 * f
    for group in groups:
        section, y = _severity_section(fr, group, y)
        out.append(section)
    height = y + m * 0.6
    scene = Scene("report", W, height, tuple(out), hatch=_hatch(st), title=c.title)
    return _with_logo(scene, st, m)


_PART_ORDER = ("persona", "member", "motives", "flow", "ownership", "handoffs", "findings")


def _score_parts(report: Report, loc: str) -> tuple[ScorePart, ...]:
    """The parts of the score in a fixed order (persona, member, motives, flow, ownership,
    hand-offs, findings, others)."""
    return tuple(
        ScorePart(
            key,
            i18n.text("sheet.part-" + key, loc),
            max(0.0, min(1.0, float(value))),
            i18n.percent(float(value), loc),
        )
        for key, value in sorted(
            report.score_parts.items(),
            key=lambda kv: _PART_ORDER.index(kv[0]) if kv[0] in _PART_ORDER else len(_PART_ORDER),
        )
    )


def report_context(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
) -> ReportContext:
    """The context of the report templates (A4 portrait unless ``page`` says otherwise);
    runs the checks when no ``report`` is given."""
    if report is None:
        from ...checks import run_checks

        report = run_checks(ws)
    paper = _resolve_page(page, "A4")
    st = _style(theme)
    loc = ws.locale
    findings = _finding_views(ws, report, st)
    groups = []
    for level in ("error", "warning", "info"):
        chosen = tuple(f for f in findings if f.severity == level)
        if chosen:
            groups.append(
                SeverityGroup(
                    level, i18n.text("sheet.heading-" + level, loc), st.severity(level), chosen
                )
            )
    parts = _score_parts(report, loc)
    counts = tuple(
        (level, label("severity", level, loc), report.counts.get(level, 0), st.severity(level))
        for level in ("error", "warning", "info")
    )
    summary = ", ".join(i18n.counted(level, n, loc) for level, _, n, _ in counts)
    summary = f"{i18n.counted('finding', len(findings), loc)}: {summary}"
    workspace = _text_of(ws.name, 200)
    score = "–" if report.score is None else f"{report.score}/100"
    rules_run = i18n.text("sheet.rules-run", loc, n=len(report.rules_run))
    content = _ReportContent(
        locale=loc,
        eyebrow=i18n.text("sheet.check-report", loc),
        title=f"{i18n.text('sheet.check-report', loc)}: {workspace}",
        workspace=workspace,
        summary=f"{summary} · {rules_run}",
        score=score,
        parts=parts,
        no_findings=i18n.text("sheet.no-findings", loc),
    )
    scene = _report_scene(content, groups, st, paper.width)
    return ReportContext(
        title=content.title,
        eyebrow=content.eyebrow,
        locale=loc,
        workspace=workspace,
        page=_page_box(paper),
        style=st,
        score=score,
        parts=parts,
        counts=counts,
        summary=summary,
        rules_run=rules_run,
        groups=tuple(groups),
        no_findings=content.no_findings,
        labels={
            "where": i18n.text("sheet.where", loc),
            "hint": i18n.text("sheet.hint", loc),
            "score": i18n.text("sheet.check-score", loc),
        },
        scene=scene,
    )


def report_html(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The check report as printable HTML (A4 portrait; as many pages as it needs).

    A summary (counts by severity, rules run), the score and its parts as bars, and the
    findings grouped by severity, each with its code, rule name, message, ``file:line``
    and fix hint; page numbers in the footer.
    """
    context = report_context(ws, report, page=page, theme=theme)
    return _render("report.html.j2", context, template_dirs)


def report_svg(
    ws: Workspace,
    report: Report | None = None,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
) -> str:
    """The check report as one standalone SVG as wide as the page and as tall as needed."""
    context = report_context(ws, report, page=page, theme=theme)
    return _render("report.svg.j2", context, template_dirs)
