"""The journey diagram as Graphviz DOT: :func:`journey_dot` and its builder.

Layout of the journey ("stage columns"): each stage is a cluster and a column of cards,
stacked top to bottom in the order of the stage's own transitions and wrapping into a
second column when it has many; stages run left to right and, when that prints larger on a
landscape sheet, wrap into two or three bands one under the other (stages 1–3 above 4–7),
every band's stages sharing one top and one bottom line. The builder chooses the
arrangement itself (:func:`_plan`): it estimates each candidate's size from the cards, the
heads and the transition texts and takes the one that prints largest on a landscape sheet
(aspect about 1.3–2), penalising more bands, more columns, transitions between bands and
uneven bands. Graphviz then only fills in what the builder fixed:

* every column is a ``rank=same`` group pinned top to bottom by flat invisible edges
  between two invisible anchors; ``remincross=false`` keeps Graphviz from reordering them;
* the anchors of a band are chained by heavy edges of one ``group`` (other edges avoid
  crossing them), so its stages start and end on one line; bands share ranks, so their
  columns line up; no transition constrains the ranks (``constraint=false`` throughout);
* edges are written band by band before the clusters, because Graphviz stacks what it meets
  first on top: that puts transitions between bands into the gap under the upper band;
* transition texts are edge ``label`` s (Graphviz makes room for them), except between two
  cards of one column, which are set apart for an ``xlabel``.

Diagrams of more than 120 cards keep one band, write texts as ``xlabel`` and bound
``mclimit``/``nslimit``/``searchsize``; beyond 300 (aggregation turned off) every stage is
one column. 1,000 touchpoints lay out in under a second, where a straightforward clustered
DOT takes minutes (``benchmarks/bench_layout.py``).

The plan itself is in :mod:`._layout`; the safe DOT writer in :mod:`._dot`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ... import i18n
from ...checks.report import Report
from ...graph.index import WorkspaceIndex
from ...models.entities import Stage
from ...models.workspace import Workspace
from ..escape import clean
from ..style import _mix
from ..theme import DEFAULT_THEME, Theme
from ._dot import (
    _SPACE,
    _Dot,
    _esc,
    _font,
    _font_tag,
    _glyph,
    _Html,
    _label_of,
    _legend_rows,
    _lines,
    _row,
    _table,
    _wrap,
)
from ._findings import _FLOW_CODES, _Findings
from ._layout import _EDGE_CHAR, _EDGE_LINE, _TITLE, _card_height, _Plan, _plan, _Sizes

__all__ = ["journey_dot"]


@dataclass(frozen=True)
class _Profile:
    """Layout settings by diagram size."""

    plan: tuple[int, int]
    """Most columns one stage may spread over, and most bands (see :func:`_plan`)."""
    edge_labels: bool
    """Transition texts as ``label`` where they can be (Graphviz makes room for them), else
    ``xlabel`` (placed after layout)."""
    break_labels: bool
    """The same for the text of a break between stages (J010)."""
    graph: dict[str, object]


#: Up to 120 boxes: stages in up to three bands, two columns at most; room for the texts.
_SMALL = _Profile((2, 3), True, True, {})
#: Bounded crossing minimisation and network simplex for the larger diagrams.
_LIMITS: dict[str, object] = {
    "mclimit": 0.2,
    "nslimit": 2.0,
    "nslimit1": 2.0,
    "searchsize": 20,
    "ranksep": 1.2,
}
#: Up to 300 boxes: one band, up to four columns per stage; texts placed after layout.
_LARGE = _Profile((4, 1), False, False, _LIMITS)
#: More (only when aggregation is turned off): one column per stage, as fast as it gets.
_HUGE = _Profile((1, 1), False, False, _LIMITS)


#: Onward links drawn per stage × channel group (its strongest).
_LINKS_PER_GROUP = 3
#: Groups: the counts on the links are short, so xlabel.
_GROUPS = _Profile((2, 3), False, True, {})


def _profile(boxes: int, aggregated: bool) -> _Profile:
    if aggregated:
        return _GROUPS
    return _SMALL if boxes <= 120 else _LARGE if boxes <= 300 else _HUGE


@dataclass
class _Box:
    """One drawn node of the journey: a touchpoint, a stage × channel group or a placeholder."""

    stage: int
    label: _Html
    css: str
    height: float
    """Estimated height in points (for the layout plan)."""


@dataclass
class _Link:
    """One drawn edge of the journey, between two boxes."""

    a: int
    b: int
    attrs: dict[str, object]
    chars: int = 0
    """Characters in the longest line of its text (to estimate the room it needs)."""
    lines: int = 0
    """Lines of its text."""


@dataclass(frozen=True)
class _Flows:
    """The transitions between stage × channel groups, counted (see
    :meth:`_JourneyBuilder.groups`)."""

    forward: dict[tuple[int, int], list[int]]
    """Per pair of groups, the second in a later stage: transitions and hand-offs among them."""
    owners: dict[tuple[int, int], tuple[str | None, str | None]]
    """Per pair of groups: the owner teams at either end of its first hand-off."""
    inside: list[int]
    """Per group: transitions within its stage."""
    onward: list[int]
    """Per group: transitions onward to a later stage."""


@dataclass(frozen=True)
class _Layout:
    """Where :meth:`_JourneyBuilder.write` puts everything: the plan in DOT's terms."""

    profile: _Profile
    plan: _Plan
    ids: list[str]
    """The DOT id of each box."""
    by_stage: list[list[int]]
    """The boxes of each stage, in the order they were made."""
    breaks: list[tuple[int, int]]
    """The breaks (J010) drawn, from stage to stage."""
    rank: list[int]
    """Per box, its column (Graphviz's rank; the bands share their ranks)."""
    band_of: list[int]
    """Per stage, its band."""
    anchors: list[list[tuple[str, str]]]
    """Per stage, per column: its invisible top and bottom anchors."""
    lines: list[list[tuple[int, str, str]]]
    """Per band, per column left to right: its rank, top and bottom anchors."""
    spaced: dict[tuple[str, str], int]
    """Boxes one above the other set further apart for the text between them (``minlen``)."""
    bands_of: list[tuple[int, int]]
    """Per link, the bands of its two boxes."""


def _anchored(
    plan: _Plan, boxes: int, stages: int
) -> tuple[list[int], list[int], list[list[tuple[str, str]]], list[list[tuple[int, str, str]]]]:
    """The plan's columns as Graphviz ranks, with two invisible anchors for each column (ids
    numbered on from the boxes').

    Every band starts at rank 0, so the bands share their columns. Each column has two
    invisible anchors, above and below its boxes; the anchors of a band are lined up (heavy
    edges of one group, which other edges do not cross if they can help it), so the stages
    of a band share one top and one bottom.

    Returns:
        Per box its rank; per stage its band; per stage, per column, its (top, bottom)
        anchors; per band, per column left to right, its (rank, top, bottom).
    """
    rank = [0] * boxes
    band_of = [0] * stages
    anchors: list[list[tuple[str, str]]] = [[] for _ in range(stages)]
    lines: list[list[tuple[int, str, str]]] = []  # per band: (rank, top, bottom)
    spare = boxes
    for b, band in enumerate(plan.bands):
        lines.append([])
        for k in band:
            band_of[k] = b
            for column in plan.columns[k]:
                r = len(lines[b])
                for index in column:
                    rank[index] = r
                top, bottom = f"n{spare}", f"n{spare + 1}"
                spare += 2
                anchors[k].append((top, bottom))
                lines[b].append((r, top, bottom))
    return rank, band_of, anchors, lines


def journey_dot(
    ws: Workspace,
    *,
    report: Report | None = None,
    persona_id: str | None = None,
    member_id: str | None = None,
    theme: Theme = DEFAULT_THEME,
    locale: str | None = None,
    aggregate_above: int = 300,
) -> str:
    """The journey diagram as Graphviz DOT: stages left to right, touchpoints and transitions.

    Each stage is a column headed by its label and owner team, tinted in the team's colour;
    the purchase-decision stage has a heavy border and a ★ mark. Stages run left to right and
    wrap into bands one under the other when the diagram then fits a landscape page better;
    within a stage, touchpoints stack top to bottom in the order of its own transitions (see
    the module docstring). Touchpoints are cards
    coloured by their effective owner team (their own, else the stage's) with their channel
    (glyph and name); entry points are marked; hand-off transitions are drawn as two strands
    in the colours of the teams that hand over. With a ``report``, findings are drawn where
    they are: J010 breaks as red dashed arrows between stages; J011/J013/J014 touchpoints
    outlined in red with their code; other codes on a touchpoint listed on it; empty stages
    as a "no touchpoint" placeholder with J001 (and J002 in a persona's view). The title
    holds the legend.

    Args:
        ws: The workspace.
        report: Check results to draw (``pj.run_checks(ws)``); nothing drawn when omitted.
        persona_id: Draw only the touchpoints that reach this persona.
        member_id: Draw only the touchpoints that reach this committee member (directly or
            through the persona they are an instance of).
        theme: Colours and font.
        locale: ``en`` or ``fi`` for built-in labels; default the workspace's.
        aggregate_above: With more touchpoints than this in view, draw one card per
            stage × channel instead (touchpoints, onward transitions →, transitions within
            the stage ↻, entries and finding codes counted), each group's three strongest
            onward links with a width by volume, transitions back to an earlier stage as one
            dashed edge per pair of stages (↩), and say so in the title.

    Returns:
        DOT text; the same model gives byte-identical text.

    Raises:
        KeyError: for an unknown persona or member.
        ValueError: if both ``persona_id`` and ``member_id`` are given.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(touchpoints=[
        ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True),
        ...     pj.Touchpoint(id="demo", name="Demo", stage_id="comparing-alternatives")],
        ...     transitions=[pj.Transition(from_id="ad", to_id="demo")])
        >>> dot = journey_dot(ws, report=pj.run_checks(ws))
        >>> "n0 -> n1" in dot
        True
    """
    if persona_id is not None and member_id is not None:
        raise ValueError("give persona_id or member_id, not both")
    loc = locale or ws.locale
    ctx = WorkspaceIndex(ws)
    keep, subtitle = _in_view(ws, ctx, persona_id, member_id, loc)
    builder = _JourneyBuilder(ws, ctx, theme, loc, _Findings.of(report, persona_id))
    aggregated = len(keep) > aggregate_above
    if aggregated:
        builder.groups(keep)
    else:
        builder.touchpoints(keep)
    count = i18n.number(len(keep), loc)
    subtitle.append(
        i18n.text("diagram.touchpoint" if len(keep) == 1 else "diagram.touchpoints", loc, n=count)
    )
    subtitle.append(i18n.text("diagram.stages", loc, n=len(ws.stages)))
    note = _aggregated_note(builder, count, loc) if aggregated else None
    return builder.write(subtitle, note)


def _in_view(
    ws: Workspace, ctx: WorkspaceIndex, persona_id: str | None, member_id: str | None, loc: str
) -> tuple[list[int], list[str]]:
    """The touchpoints in view (indexes in ``ctx.tps``), and the subtitle that says whose."""
    subtitle = [i18n.text("diagram.journey", loc)]
    if persona_id is not None:
        persona = ws.get("persona", persona_id)
        keep = list(ctx.persona_tps[persona_id])
        subtitle.append(i18n.text("diagram.persona-view", loc, name=clean(persona.name, 80)))
    elif member_id is not None:
        member = ws.get("member", member_id)
        keep = sorted(ctx.member_tps[member_id])
        subtitle.append(i18n.text("diagram.member-view", loc, name=clean(member.name, 80)))
    else:
        keep = list(range(len(ctx.tps)))
    return keep, subtitle


def _aggregated_note(builder: _JourneyBuilder, count: str, loc: str) -> str:
    """The title's note on a diagram drawn in stage × channel groups."""
    groups = sum(1 for box in builder.boxes if box.css.startswith("group"))
    note = i18n.text("diagram.aggregated", loc, n=count, g=groups)
    if builder.links_drawn < builder.links_total:
        note += " · " + i18n.text(
            "diagram.strongest",
            loc,
            k=_LINKS_PER_GROUP,
            m=builder.links_drawn,
            t=builder.links_total,
        )
    return note


class _JourneyBuilder:
    def __init__(
        self, ws: Workspace, ctx: WorkspaceIndex, theme: Theme, loc: str, found: _Findings
    ) -> None:
        self.ws = ws
        self.ctx = ctx
        self.theme = theme
        self.loc = loc
        self.found = found
        self.font = _font(theme)
        self.team_order = [t.id for t in ws.teams]
        self.team_by_id = {t.id: t for t in ws.teams}
        self.channel_by_id = {c.id: c for c in ws.channels}
        self.boxes: list[_Box] = []
        self.links: list[_Link] = []
        self.teams_seen: list[str | None] = []
        self.entries = False
        self.endings = False
        self.flagged = False
        self.handoff: tuple[str, str] | None = None  # colours of the first hand-off drawn
        self.breaks = False
        self.aggregated = False
        self.inside = False
        self.links_total = self.links_drawn = 0
        self.back: dict[tuple[int, int], int] = {}  # (stage, earlier stage) -> transitions

    # -- words and colours --------------------------------------------------------------------

    def colour(self, team_id: str | None) -> str:
        return self.theme.team_colour(team_id, self.team_order)

    def team_label(self, team_id: str | None) -> str:
        team = self.team_by_id.get(team_id or "")
        return _label_of(team, self.loc) if team else i18n.text("diagram.no-owner", self.loc)

    def channel_label(self, channel_id: str | None) -> str:
        channel = self.channel_by_id.get(channel_id or "")
        return (
            _label_of(channel, self.loc) if channel else i18n.text("diagram.no-channel", self.loc)
        )

    def see_team(self, team_id: str | None) -> None:
        if team_id not in self.teams_seen:
            self.teams_seen.append(team_id)

    def badge(self, text: str, colour: str) -> str:
        return _font_tag(text, colour=colour, size=8, bold=True)

    def code_badge(self, code: str, count: int = 1) -> str:
        text = "⚠ " + _esc(code, 10) + (f" ×{count}" if count > 1 else "")
        return self.badge(text, self.theme.bad if code.startswith("J") else self.theme.muted)

    def transition(
        self, owner_a: str | None, owner_b: str | None, handoff: bool
    ) -> dict[str, object]:
        if not handoff:
            return {"class": "transition"}
        colours = (self.colour(owner_a), self.colour(owner_b))
        self.handoff = self.handoff or colours
        return {
            "class": "transition handoff",
            "color": f"{colours[0]}:{colours[1]}",
            "penwidth": 2.2,
            "arrowsize": 0.8,
        }

    def card(self, *, name: str, meta: str, colour: str, badges: list[str], flagged: bool) -> _Html:
        """A touchpoint or group card: team colour strip, name, channel line, badges."""
        theme = self.theme
        rows = [
            f'<TR><TD HEIGHT="5" WIDTH="180" BGCOLOR="{colour}"></TD></TR>',
            _row(_font_tag(name, size=11, bold=True)),
            _row(_font_tag(meta, colour=theme.muted, size=9)),
        ]
        if badges:
            rows.append(_row(_SPACE.join(badges)))
        if flagged:
            border = f'BORDER="3" COLOR="{theme.bad}"'
        else:
            border = f'BORDER="1" COLOR="{theme.line}"'
        return _Html(
            f'<TABLE {border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'BGCOLOR="{theme.background}">{"".join(rows)}</TABLE>'
        )

    # -- touchpoints one by one ------------------------------------------------------------

    def touchpoints(self, keep: list[int]) -> None:
        ctx, theme, loc = self.ctx, self.theme, self.loc
        box_of: dict[int, int] = {}
        # Intended endings: the touchpoint's own outcome, else that of a step leading to it.
        ends: dict[int, str | None] = dict.fromkeys(ctx.endings)
        for tr, (_, b) in zip(self.ws.transitions, ctx.tr_pairs, strict=True):
            if tr.outcome is not None and ends.get(b) is None:
                ends[b] = tr.outcome.value
        for i, tp in enumerate(ctx.tps):
            if tp.outcome is not None:
                ends[i] = tp.outcome.value
        for i in keep:
            tp = ctx.tps[i]
            owner = ctx.tp_owner[i]
            self.see_team(owner)
            codes = self.found.touchpoint.get(tp.id, [])
            flagged = any(code in _FLOW_CODES for code in codes)
            channel = self.channel_by_id.get(tp.channel_id or "")
            meta = f"{_glyph(channel)} {_esc(self.channel_label(tp.channel_id), 36)}"
            if tp.owner_id is not None and tp.owner_id != ctx.stages[ctx.tp_stage[i]].owner_id:
                meta += f" · {_esc(self.team_label(owner), 36)}"
            badges = (
                [self.badge("▶ " + i18n.text("diagram.entry", loc), theme.good)] if tp.entry else []
            )
            if i in ends:
                outcome = ends[i]
                ending = "◉" + (" " + i18n.label("outcome", outcome, loc) if outcome else "")
                badges.append(self.badge(ending, theme.muted))
                self.endings = True
            badges.extend(self.code_badge(code) for code in codes)
            self.entries = self.entries or tp.entry
            self.flagged = self.flagged or bool(codes)
            box_of[i] = len(self.boxes)
            self.boxes.append(
                _Box(
                    ctx.tp_stage[i],
                    self.card(
                        name=_wrap(tp.name, 26, 3),
                        meta=meta,
                        colour=self.colour(owner),
                        badges=badges,
                        flagged=flagged,
                    ),
                    "touchpoint" + (" entry" if tp.entry else "") + (" finding" if codes else ""),
                    _card_height(len(_lines(tp.name, 26, 3)) + 1, bool(badges)),
                )
            )
        for n, tr in enumerate(self.ws.transitions):
            a, b = ctx.tp_index[tr.from_id], ctx.tp_index[tr.to_id]
            if a not in box_of or b not in box_of:
                continue
            agreed = ctx.tr_handoff[n]
            attrs = self.transition(ctx.tp_owner[a], ctx.tp_owner[b], agreed)
            caption = tr.label
            if tr.outcome is not None:
                mark = "◉ " + i18n.label("outcome", tr.outcome.value, loc)
                caption = f"{caption} · {mark}" if caption else mark
                attrs["style"] = "dashed"
            text = _lines(caption, 28, 2, 200) if caption else []
            if text:
                attrs["xlabel"] = _Html(_wrap(caption, 28, 2, 200))
            chars = max((len(line) for line in text), default=0)
            self.links.append(_Link(box_of[a], box_of[b], attrs, chars, len(text)))
        self.placeholders()

    # -- stage × channel groups --------------------------------------------------------------

    def groups(self, keep: list[int]) -> None:
        """One box per stage × channel. Forward transitions between groups are drawn with a
        width by volume; those inside a stage are counted on the group, and those going back
        are bundled into one edge per pair of stages (drawn by :meth:`write`)."""
        ctx = self.ctx
        self.aggregated = True
        channel_rank = {c.id: n for n, c in enumerate(self.ws.channels)}
        grouped: dict[tuple[int, str | None], list[int]] = {}
        for i in keep:
            grouped.setdefault((ctx.tp_stage[i], ctx.tps[i].channel_id), []).append(i)
        keys = sorted(grouped, key=lambda key: (key[0], channel_rank.get(key[1] or "", -1)))
        flows = self.group_flows(keys, {i: g for g, key in enumerate(keys) for i in grouped[key]})
        for g, (stage, channel_id) in enumerate(keys):
            indexes = grouped[(stage, channel_id)]
            self.group_box(stage, channel_id, indexes, flows.onward[g], flows.inside[g])
        self.group_links(flows)
        self.placeholders()

    def group_flows(
        self, keys: Sequence[tuple[int, str | None]], group_of: Mapping[int, int]
    ) -> _Flows:
        """The transitions between the groups (``keys``: stage and channel of each), counted;
        those going back to an earlier stage are counted per pair of stages in :attr:`back`."""
        ctx = self.ctx
        forward: dict[tuple[int, int], list[int]] = {}  # (group, group) -> [count, hand-offs]
        owners_of: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        inside = [0] * len(keys)
        for n, tr in enumerate(self.ws.transitions):
            a, b = ctx.tp_index[tr.from_id], ctx.tp_index[tr.to_id]
            if a not in group_of or b not in group_of:
                continue
            agreed = ctx.tr_handoff[n]
            g, h = group_of[a], group_of[b]
            stage_a, stage_b = keys[g][0], keys[h][0]
            if stage_a == stage_b:
                inside[g] += 1
            elif stage_b < stage_a:
                self.back[(stage_a, stage_b)] = self.back.get((stage_a, stage_b), 0) + 1
            else:
                counts = forward.setdefault((g, h), [0, 0])
                counts[0] += 1
                counts[1] += agreed
                if agreed:
                    owners_of.setdefault((g, h), (ctx.tp_owner[a], ctx.tp_owner[b]))
        onward = [0] * len(keys)
        for (g, _), (count, _) in forward.items():
            onward[g] += count
        return _Flows(forward, owners_of, inside, onward)

    def group_box(
        self, stage: int, channel_id: str | None, indexes: list[int], onward: int, inside: int
    ) -> None:
        """The card of one stage × channel group: its touchpoints, transitions onward and
        inside the stage, owner teams (when more than one), entries and finding codes."""
        ctx, theme, loc = self.ctx, self.theme, self.loc
        owners: dict[str | None, int] = {}
        codes: dict[str, int] = {}
        entries = 0
        for i in indexes:
            owners[ctx.tp_owner[i]] = owners.get(ctx.tp_owner[i], 0) + 1
            entries += ctx.tps[i].entry
            for code in self.found.touchpoint.get(ctx.tps[i].id, []):
                codes[code] = codes.get(code, 0) + 1
        for team in owners:
            self.see_team(team)
        main = max(owners, key=lambda team: owners[team])  # the first of the most common
        channel = self.channel_by_id.get(channel_id or "")
        name = f"{_glyph(channel)} {_esc(self.channel_label(channel_id), 60)}"
        many = "touchpoint" if len(indexes) == 1 else "touchpoints"
        meta = _esc(i18n.text(f"diagram.{many}", loc, n=i18n.number(len(indexes), loc)))
        if onward:
            meta += " · → " + _esc(i18n.number(onward, loc))
        if inside:
            meta += " · ↻ " + _esc(i18n.number(inside, loc))
        if len(owners) > 1:
            meta += "<BR/>" + ", ".join(
                f"{_esc(self.team_label(team), 30)} {count}" for team, count in owners.items()
            )
        badges = [self.badge(f"▶ {entries}", theme.good)] if entries else []
        badges.extend(self.code_badge(code, count) for code, count in codes.items())
        self.entries = self.entries or entries > 0
        self.flagged = self.flagged or bool(codes)
        self.inside = self.inside or inside > 0
        self.boxes.append(
            _Box(
                stage,
                self.card(
                    name=name,
                    meta=meta,
                    colour=self.colour(main),
                    badges=badges,
                    flagged=any(code in _FLOW_CODES for code in codes),
                ),
                "group" + (" entry" if entries else "") + (" finding" if codes else ""),
                _card_height(2 + (len(owners) > 1), bool(badges)),
            )
        )

    def group_links(self, flows: _Flows) -> None:
        """Each group keeps its strongest onward links, with a width by volume; the others
        are counted on the card."""
        forward = flows.forward
        strongest: dict[int, list[tuple[int, int]]] = {}
        for (g, h), (count, _) in forward.items():
            strongest.setdefault(g, []).append((count, h))
        kept = {
            (g, h)
            for g, links in strongest.items()
            for _, h in sorted(links, key=lambda link: (-link[0], link[1]))[:_LINKS_PER_GROUP]
        }
        self.links_total, self.links_drawn = len(forward), len(kept)
        heaviest = max((count for count, _ in forward.values()), default=1)
        for (g, h), (count, handoffs) in forward.items():
            if (g, h) not in kept:
                continue
            owner_a, owner_b = flows.owners.get((g, h), (None, None))
            attrs = self.transition(owner_a, owner_b, 2 * handoffs >= count)
            attrs["penwidth"] = round(0.8 + 3.2 * count / heaviest, 2)
            if count > 1:
                attrs["xlabel"] = _Html(_esc(f"×{count}"))
            self.links.append(_Link(g, h, attrs))

    def placeholders(self) -> None:
        """A "no touchpoint" box in each stage with nothing in view."""
        theme = self.theme
        present = {box.stage for box in self.boxes}
        for k, stage in enumerate(self.ctx.stages):
            if k in present:
                continue
            codes = self.found.stage.get(stage.id, [])
            text = _font_tag(
                i18n.text("diagram.no-touchpoint", self.loc), colour=theme.muted, size=10
            )
            content = _SPACE.join([text, *(self.code_badge(code) for code in codes)])
            colour = theme.bad if codes else theme.line
            self.flagged = self.flagged or bool(codes)
            label = _Html(
                f'<TABLE BORDER="1" COLOR="{colour}" STYLE="dashed,rounded" CELLBORDER="0" '
                f'CELLPADDING="8"><TR><TD>{content}</TD></TR></TABLE>'
            )
            self.boxes.append(_Box(k, label, "placeholder" + (" finding" if codes else ""), 36.0))

    # -- layout and writing ------------------------------------------------------------------

    def stacks(self) -> list[list[int]]:
        """The boxes of each stage in flow order: a box comes after the boxes of its stage
        that lead to it (cycles cut where a depth-first walk in model order closes them),
        right after the box before it where it can (so a chain stays together), and
        otherwise in model order."""
        n = len(self.boxes)
        inside: list[list[int]] = [[] for _ in range(n)]
        for link in self.links:
            a, b = link.a, link.b
            if a != b and self.boxes[a].stage == self.boxes[b].stage and b not in inside[a]:
                inside[a].append(b)
        # The links that close a cycle: to a box still on the stack of the depth-first walk.
        state = [0] * n  # 0 unseen, 1 on the stack, 2 finished
        closing: set[tuple[int, int]] = set()
        for start in range(n):
            if state[start]:
                continue
            state[start] = 1
            stack: list[tuple[int, Iterator[int]]] = [(start, iter(inside[start]))]
            while stack:
                node, nexts = stack[-1]
                for nxt in nexts:
                    if state[nxt] == 1:
                        closing.add((node, nxt))
                    elif state[nxt] == 0:
                        state[nxt] = 1
                        stack.append((nxt, iter(inside[nxt])))
                        break
                else:
                    state[node] = 2
                    stack.pop()
        waiting = [0] * n  # boxes of its stage still to come before it
        for a in range(n):
            for b in inside[a]:
                waiting[b] += (a, b) not in closing
        stacks: list[list[int]] = [[] for _ in self.ctx.stages]
        for k, stage in enumerate(stacks):
            ready = [i for i in range(n) if self.boxes[i].stage == k and not waiting[i]]
            while ready:
                last = stage[-1] if stage else -1
                after = [i for i in ready if last >= 0 and i in inside[last]]
                box = min(after or ready)
                ready.remove(box)
                stage.append(box)
                for b in inside[box]:
                    if (box, b) not in closing:
                        waiting[b] -= 1
                        if not waiting[b]:
                            ready.append(b)
        return stacks

    def sizes(self, profile: _Profile, subtitle: list[str], note: str | None) -> _Sizes:
        """Estimated sizes for the layout plan."""
        links = []
        for link in self.links:
            width = height = 0.0
            if link.lines and profile.edge_labels:
                width = link.chars * _EDGE_CHAR + 10
                height = (link.lines + 1) * _EDGE_LINE + 4  # and the empty line under it
            links.append((link.a, link.b, width, height))
        return _Sizes([box.height for box in self.boxes], links, self.title_size(subtitle, note))

    def title_size(self, subtitle: list[str], note: str | None) -> tuple[float, float]:
        """Estimated width and height of the title block, in points."""
        plain = re.sub(
            r"&#?\w+;", "x", re.sub(r"<[^>]*>", "", self.legend().replace("</TR>", "\n"))
        )
        widths = [len(line) * 5.6 for line in plain.splitlines()]
        widths.append(min(len(clean(self.ws.name, 400)), 70) * 13.0)
        widths.append(sum(len(part) + 3 for part in subtitle) * 6.8)
        if note:
            widths.append(len(note) * 6.8)
        return max(widths), _TITLE + (19.0 if note else 0.0)

    def write(self, subtitle: list[str], note: str | None) -> str:
        """The DOT text: defaults and title, the edges band by band, the stage columns, then
        the bundled links back (groups) and the breaks (J010)."""
        lay = self.layout(subtitle, note)
        dot = _Dot("journey")
        self.write_defaults(dot, lay.profile, subtitle, note)
        self.write_edges(dot, lay)
        for k, stage in enumerate(self.ctx.stages):
            self.write_stage(dot, lay, k, stage)
        for r in range(max(lay.rank, default=-1) + 1):
            here = [top for line in lay.lines for (q, top, _) in line if q == r]
            if len(here) > 1:
                dot.same_rank(here)
        self.write_back(dot, lay)
        self.write_breaks(dot, lay)
        return dot.text()

    def layout(self, subtitle: list[str], note: str | None) -> _Layout:
        """Where everything goes: the plan (:func:`_plan`) and what writing it needs."""
        ctx = self.ctx
        profile = _profile(len(self.boxes), self.aggregated)
        ids = [f"n{i}" for i in range(len(self.boxes))]
        by_stage: list[list[int]] = [[] for _ in ctx.stages]
        for index, box in enumerate(self.boxes):
            by_stage[box.stage].append(index)
        drawn = {box.stage for box in self.boxes if not box.css.startswith("placeholder")}
        breaks = [
            (ctx.stage_index[a], ctx.stage_index[b])
            for a, b in self.found.breaks
            if ctx.stage_index.get(a) in drawn and ctx.stage_index.get(b) in drawn
        ]
        self.breaks = bool(breaks)  # before the sizes: the title's legend shows it
        plan = _plan(self.stacks(), self.sizes(profile, subtitle, note), *profile.plan)
        rank, band_of, anchors, lines = _anchored(plan, len(self.boxes), len(ctx.stages))
        # Two boxes one above the other with a text on the link between them are set further
        # apart, so that the text (an xlabel) fits between them.
        spaced: dict[tuple[str, str], int] = {}
        for link in self.links:
            if link.lines and rank[link.a] == rank[link.b] and "xlabel" in link.attrs:
                pair = (ids[link.a], ids[link.b])
                spaced[pair] = spaced[pair[::-1]] = 1 + link.lines
        bands_of = [
            (band_of[self.boxes[link.a].stage], band_of[self.boxes[link.b].stage])
            for link in self.links
        ]
        return _Layout(
            profile, plan, ids, by_stage, breaks, rank, band_of, anchors, lines, spaced, bands_of
        )

    def write_defaults(
        self, dot: _Dot, profile: _Profile, subtitle: list[str], note: str | None
    ) -> None:
        """The graph's settings and title, and the defaults of nodes and edges."""
        theme = self.theme
        dot.defaults(
            "graph",
            {
                "charset": "UTF-8",
                "rankdir": "LR",
                "newrank": True,
                "compound": True,
                "fontname": self.font,
                "fontcolor": theme.text,
                "bgcolor": theme.background,
                "pad": 0.4,
                "nodesep": 0.15,
                "ranksep": 0.55,
                "outputorder": "edgesfirst",
                "forcelabels": True,
                "remincross": False,
                "labelloc": "t",
                "labeljust": "l",
                "label": self.title(subtitle, note),
                **profile.graph,
            },
        )
        dot.defaults(
            "node",
            {"shape": "plain", "fontname": self.font, "fontsize": 11, "fontcolor": theme.text},
        )
        dot.defaults(
            "edge",
            {
                "fontname": self.font,
                "fontsize": 8,
                "fontcolor": theme.muted,
                "color": _mix(theme.muted, theme.background, 0.35),
                "arrowsize": 0.6,
                "penwidth": 1.1,
            },
        )

    def write_edges(self, dot: _Dot, lay: _Layout) -> None:
        """The edges come first, band by band: Graphviz stacks what it meets first on top. So
        a band's top line, its transitions and its bottom line are followed by the
        transitions to other bands, which then take the gap under the band. A band that no
        transition links to the next one gets an invisible link, so that Graphviz still
        lays the bands out as one piece, in order."""
        lines, bands_of = lay.lines, lay.bands_of
        for b, line in enumerate(lines):
            for (_, top, _), (_, after, _) in pairwise(line):
                dot.edge(top, after, {"style": "invis", "weight": 100})
            for link, (ba, bb) in zip(self.links, bands_of, strict=True):
                if ba == b == bb:
                    self.write_link(dot, link, lay.rank, lay.profile)
            for (_, _, bottom), (_, _, after) in pairwise(line):
                dot.edge(bottom, after, {"style": "invis", "weight": 100})
            if b + 1 < len(lines) and not {(b, b + 1), (b + 1, b)} & set(bands_of):
                dot.edge(line[-1][2], lines[b + 1][0][1], {"style": "invis", "constraint": False})
            for link, (ba, bb) in zip(self.links, bands_of, strict=True):
                if ba == b != bb:
                    self.write_link(dot, link, lay.rank, lay.profile)

    def write_stage(self, dot: _Dot, lay: _Layout, k: int, stage: Stage) -> None:
        """A stage's cluster: its head, its boxes, and each of its columns pinned between
        its two anchors."""
        theme = self.theme
        dot.open(
            f"cluster_{k}",
            {
                "label": self.header(k, stage),
                "labelloc": "t",
                "labeljust": "l",
                "style": "filled,rounded",
                "fillcolor": _mix(self.colour(stage.owner_id), theme.background, 0.93),
                "color": theme.accent if stage.decision else theme.line,
                "penwidth": 2.5 if stage.decision else 1.0,
                "margin": 12,
            },
        )
        ids = lay.ids
        for index in lay.by_stage[k]:
            box = self.boxes[index]
            dot.node(ids[index], {"class": box.css, "label": box.label})
        b = lay.band_of[k]
        for (top, bottom), column in zip(lay.anchors[k], lay.plan.columns[k], strict=True):
            dot.node(top, {"shape": "point", "style": "invis", "group": f"top{b}"})
            dot.node(bottom, {"shape": "point", "style": "invis", "group": f"bottom{b}"})
            stack = [top, *(ids[index] for index in column), bottom]
            dot.same_rank(stack)
            # Top to bottom in flow order (Graphviz puts the tail of a flat edge below),
            # drawn together towards the top.
            for upper, lower in pairwise(stack):
                weight = 1 if lower == bottom else 50 if upper == top else 10
                pin: dict[str, object] = {"style": "invis", "weight": weight}
                if (upper, lower) in lay.spaced:  # room for the text of the link between
                    pin["minlen"] = lay.spaced[upper, lower]
                dot.edge(lower, upper, pin)
        dot.close()

    def write_back(self, dot: _Dot, lay: _Layout) -> None:
        """Groups: transitions back to an earlier stage, one edge per pair of stages."""
        ids, by_stage = lay.ids, lay.by_stage
        for (ka, kb), count in self.back.items():
            if by_stage[ka] and by_stage[kb]:
                dot.edge(
                    ids[by_stage[ka][0]],
                    ids[by_stage[kb][0]],
                    {
                        "class": "back",
                        "style": "dashed",
                        "constraint": False,
                        "ltail": f"cluster_{ka}",
                        "lhead": f"cluster_{kb}",
                        "xlabel": _Html(_esc(f"↩ {i18n.number(count, self.loc)}")),
                    },
                )

    def write_breaks(self, dot: _Dot, lay: _Layout) -> None:
        """Breaks (J010): a red dashed arrow from stage to stage."""
        theme, loc = self.theme, self.loc
        for ka, kb in lay.breaks:
            a, b = lay.by_stage[ka][0], lay.by_stage[kb][0]
            labelled = lay.profile.break_labels and lay.rank[a] != lay.rank[b]
            under = "<BR/>&#160;" if labelled else ""  # see write_link
            text = _Html(
                _font_tag(
                    f"<B>⚠ J010</B><BR/>{i18n.text('diagram.break-short', loc)}{under}",
                    colour=theme.bad,
                    size=9,
                )
            )
            dot.edge(
                lay.ids[a],
                lay.ids[b],
                {
                    "class": "break",
                    "style": "dashed",
                    "color": theme.bad,
                    "penwidth": 2.0,
                    "arrowhead": "vee",
                    "constraint": False,
                    "ltail": f"cluster_{ka}",
                    "lhead": f"cluster_{kb}",
                    "label" if labelled else "xlabel": text,
                },
            )

    def write_link(self, dot: _Dot, link: _Link, rank: list[int], profile: _Profile) -> None:
        """One transition (or group link). The boxes are placed by their columns and the
        lines of anchors alone, so no transition constrains the ranks; its text is an edge
        ``label`` (Graphviz makes room for it) unless both ends are in one column."""
        attrs = dict(link.attrs)
        attrs["constraint"] = False
        if profile.edge_labels and "xlabel" in attrs and rank[link.a] != rank[link.b]:
            # Graphviz runs the edge along the bottom line of its label: an empty line there.
            attrs["label"] = _Html(f"{attrs.pop('xlabel')}<BR/>&#160;")
        dot.edge(f"n{link.a}", f"n{link.b}", attrs)

    def header(self, k: int, stage: Stage) -> _Html:
        """The head of a stage's column. All heads have the same height (names padded to the
        same number of lines, the decision mark on the first line), so that the stages of a
        band start on one line."""
        theme, loc = self.theme, self.loc
        owner = _esc(self.team_label(stage.owner_id), 60)
        names = [_lines(_label_of(s, loc), 24, 2) for s in self.ctx.stages]
        name = _lines(_label_of(stage, loc), 24, 2)
        name += ["\u00a0"] * (max(len(n) for n in names) - len(name))
        number = _font_tag(i18n.text("diagram.stage-n", loc, n=k + 1), colour=theme.muted)
        if stage.decision:  # on the first line, so that every head has the same height
            number += _SPACE + _font_tag(
                f"★ {i18n.text('diagram.decision', loc)}", colour=theme.accent, bold=True
            )
        rows = [
            _row(_font_tag(number, size=8)),
            _row(_font_tag("<BR/>".join(_esc(line, 26) for line in name), size=14, bold=True)),
            _row(
                _font_tag("■", colour=self.colour(stage.owner_id), size=9)
                + _font_tag(f" {owner}", colour=theme.muted, size=9)
            ),
        ]
        return _table(rows, 1)

    def title(self, subtitle: list[str], note: str | None) -> _Html:
        theme = self.theme
        rows = [
            _row(_font_tag(_wrap(self.ws.name, 70, 2), size=22, bold=True)),
            _row(
                _font_tag(
                    " · ".join(_esc(part, 120) for part in subtitle), colour=theme.muted, size=12
                )
            ),
        ]
        if note:
            rows.append(_row(_font_tag(_esc(note), colour=theme.accent, size=11, bold=True)))
        rows.append(_row(self.legend()))
        return _table(rows)

    def legend(self) -> str:
        theme, loc = self.theme, self.loc
        teams: list[tuple[str, str]] = []
        stage_teams = [s.owner_id for s in self.ctx.stages]
        for team_id in [*self.team_order, None]:
            if team_id in self.teams_seen or team_id in stage_teams:
                swatch = _font_tag("■", colour=self.colour(team_id), size=12)
                teams.append((swatch, _esc(self.team_label(team_id), 40)))
        marks: list[tuple[str, str]] = []
        if self.entries:
            marks.append((self.badge("▶", theme.good), i18n.text("diagram.entry-legend", loc)))
        if self.ws.decision_stage is not None:
            marks.append((self.badge("★", theme.accent), i18n.text("diagram.decision-legend", loc)))
        if self.endings:
            marks.append((self.badge("◉", theme.muted), i18n.text("diagram.ending-legend", loc)))
        grey = _mix(theme.muted, theme.background, 0.35)
        marks.append((_font_tag("━━▸", colour=grey), i18n.text("diagram.transition", loc)))
        if self.handoff:
            strands = _font_tag("━", colour=self.handoff[0], bold=True) + _font_tag(
                "━▸", colour=self.handoff[1], bold=True
            )
            marks.append((strands, i18n.text("diagram.handoff", loc)))
        if self.aggregated:
            marks.append((_font_tag("→", colour=theme.muted), i18n.text("diagram.onward", loc)))
        if self.inside:
            marks.append((_font_tag("↻", colour=theme.muted), i18n.text("diagram.inside", loc)))
        if self.back:
            marks.append((_font_tag("╌╌▸ ↩", colour=grey), i18n.text("diagram.back", loc)))
        if self.breaks:
            marks.append(
                (_font_tag("╍╍▸", colour=theme.bad, bold=True), i18n.text("diagram.break", loc))
            )
        if self.flagged:
            marks.append((self.badge("⚠ J013", theme.bad), i18n.text("diagram.finding", loc)))
        return _legend_rows([teams, marks])
