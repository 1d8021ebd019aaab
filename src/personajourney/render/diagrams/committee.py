"""The committee map as Graphviz DOT: :func:`committee_dot` and its builder.

Who decides, who weighs, who is reached and how: member cards sized by influence and
coloured by role, "your touchpoints" linked to each member as the C001/C003 checks reach
them, introductions between members. The safe DOT writer is in :mod:`._dot`.

A committee of more than :data:`AGGREGATE_ABOVE` members is not readable as one card per
member, and Graphviz's layout time grows steeply with the introductions between them (100
members, each introducing a colleague: 35 s; 300: minutes). Such a committee is drawn in
groups of members, one card per group (:class:`_Group`): by persona, else by first role;
by first role alone when that makes more than :data:`MAX_GROUPS` groups. The title says
so, with how many members became how many groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import i18n
from ...checks.report import Report
from ...graph.index import WorkspaceIndex
from ...i18n import label
from ...models.entities import BuyingCommittee, Member, Stage
from ...models.workspace import Workspace
from ..style import _mix
from ..theme import DEFAULT_THEME, Theme
from ._dot import (
    _SPACE,
    _Dot,
    _esc,
    _font,
    _font_tag,
    _Html,
    _label_of,
    _legend_rows,
    _row,
    _table,
    _wrap,
)
from ._findings import _Findings

__all__ = ["AGGREGATE_ABOVE", "MAX_GROUPS", "committee_dot"]

#: Committees of more members than this are drawn in groups (see the module docstring).
AGGREGATE_ABOVE = 48
#: Most groups by persona or role; with more, members are grouped by first role alone.
MAX_GROUPS = 16
#: Introductions drawn between groups: the strongest links (most introductions) only.
MAX_GROUP_LINKS = 12


@dataclass
class _Group:
    """Members drawn as one card: those of one persona, or of one first role."""

    key: str
    name: str
    colour_role: str | None
    members: list[Member] = field(default_factory=list)


def committee_dot(
    ws: Workspace,
    committee_id: str,
    *,
    stage_id: str | None = None,
    report: Report | None = None,
    theme: Theme = DEFAULT_THEME,
    locale: str | None = None,
    reach_known: bool = True,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> str:
    """The committee map as Graphviz DOT: who decides, who weighs, who is reached and how.

    Members are cards sized by influence (in ``stage_id`` when given, since influence shifts
    during the purchase; members not active in that stage are dimmed), coloured by their
    first role with every role listed; decision makers (decision maker, economic buyer,
    executive sponsor) have a heavy border and a "decides" mark. Edges show how each member
    is reached, computed as the C001/C003 checks do: from "your touchpoints" directly (with
    the number of touchpoints), only through channels the member avoids (dashed red), or
    through an introduction by another member (``introduces_ids``); members nobody reaches
    are outlined in red. With a ``report``, each member shows the codes of its findings and
    the title those of the committee. The title names the committee and the stage, lists
    the required roles, and holds the legend.

    Args:
        ws: The workspace.
        committee_id: The committee to draw.
        stage_id: Size members by their influence in this stage and dim those not active in
            it; when omitted, by their base influence.
        report: Check results to draw (``pj.run_checks(ws)``).
        theme: Colours and font.
        locale: ``en`` or ``fi`` for built-in labels; default the workspace's.
        reach_known: False for a committee drawn without its workspace (a notebook display
            of a committee built on its own): members are marked "reach unknown" instead of
            "not reached", and the title says why.
        aggregate_above: With more members than this, draw groups of members (by persona,
            else first role) instead of one card each; the title says so.

    Returns:
        DOT text; the same model gives byte-identical text.

    Raises:
        KeyError: for an unknown committee or stage.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(committees=[pj.BuyingCommittee(id="c", name="C", members=[
        ...     pj.Member(id="cfo", name="CFO", roles=["economic_buyer"])])])
        >>> committee_dot(ws, "c").count('class="member')
        1
    """
    committee: BuyingCommittee = ws.get("committee", committee_id)
    stage: Stage | None = ws.get("stage", stage_id) if stage_id is not None else None
    builder = _CommitteeBuilder(ws, committee, stage, theme, locale or ws.locale, reach_known)
    builder.found = _Findings.of(report)
    if len(committee.members) > aggregate_above:
        builder.groups, builder.grouped_by = _groups(ws, committee, locale or ws.locale)
    return builder.write()


def _groups(ws: Workspace, committee: BuyingCommittee, loc: str) -> tuple[list[_Group], str]:
    """The members in groups, in order of first appearance, and what they are grouped by."""

    def by_role(member: Member) -> tuple[str, str, str | None]:
        if not member.roles:
            return "role:", i18n.text("diagram.no-role", loc), None
        role = member.roles[0].value
        return f"role:{role}", label("role", role, loc), role

    personas = {p.id: p for p in ws.personas}

    def by_persona(member: Member) -> tuple[str, str, str | None]:
        persona = personas.get(member.persona_id or "")
        if persona is None:
            return by_role(member)
        first = member.roles[0].value if member.roles else None
        return f"persona:{persona.id}", persona.name, first

    for keyed, by in ((by_persona, "diagram.by-persona-or-role"), (by_role, "diagram.by-role")):
        groups: dict[str, _Group] = {}
        for member in committee.members:
            key, name, role = keyed(member)
            group = groups.setdefault(key, _Group(key, name, role))
            group.members.append(member)
        if len(groups) <= MAX_GROUPS or keyed is by_role:
            return list(groups.values()), i18n.text(by, loc)
    raise AssertionError("unreachable")  # pragma: no cover


_STATUS_GLYPH = {
    "direct": "●",
    "avoided": "◐",
    "introduced": "↪",
    "unreached": "○",
    "unknown": "?",
}


class _CommitteeBuilder:
    def __init__(
        self,
        ws: Workspace,
        committee: BuyingCommittee,
        stage: Stage | None,
        theme: Theme,
        loc: str,
        reach_known: bool = True,
    ) -> None:
        self.ws = ws
        self.committee = committee
        self.stage = stage
        self.reach_known = reach_known
        self.theme = theme
        self.loc = loc
        self.font = _font(theme)
        self.ctx = WorkspaceIndex(ws)
        self.found = _Findings()
        self.groups: list[_Group] = []
        self.grouped_by = ""

    def status(self, member: Member) -> str:
        """How a member is reached, by the rules of C001 and C003 (``unknown`` without the
        workspace's touchpoints)."""
        if not self.reach_known:
            return "unknown"
        ctx = self.ctx
        if ctx.member_direct_ok[member.id]:
            return "direct"
        if member.id in ctx.member_introduced:
            return "introduced"
        return "avoided" if ctx.member_tps[member.id] else "unreached"

    def status_colour(self, status: str) -> str:
        theme = self.theme
        if status == "direct":
            return theme.good
        if status == "unknown":
            return theme.muted
        return theme.accent if status == "introduced" else theme.bad

    def influence(self, member: Member) -> float:
        return member.influence_at(self.stage.id) if self.stage else member.influence

    def active(self, member: Member) -> bool:
        return self.stage is None or member.is_active_in(self.stage.id)

    def write(self) -> str:
        theme, loc = self.theme, self.loc
        members = self.committee.members
        dot = _Dot("committee")
        dot.defaults(
            "graph",
            {
                "charset": "UTF-8",
                "rankdir": "LR",
                "newrank": True,
                "fontname": self.font,
                "fontcolor": theme.text,
                "bgcolor": theme.background,
                "pad": 0.4,
                "nodesep": 0.3,
                "ranksep": 1.1,
                "outputorder": "edgesfirst",
                "labelloc": "t",
                "labeljust": "l",
                "label": self.title(),
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
                "fontsize": 9,
                "fontcolor": theme.muted,
                "arrowsize": 0.7,
                "penwidth": 1.4,
            },
        )
        if not members:
            text = _font_tag(i18n.text("diagram.no-members", loc), colour=theme.muted)
            dot.node(
                "n0",
                {
                    "class": "placeholder",
                    "label": _Html(
                        f'<TABLE BORDER="1" COLOR="{theme.line}" STYLE="dashed,rounded" '
                        f'CELLPADDING="10"><TR><TD>{text}</TD></TR></TABLE>'
                    ),
                },
            )
            return dot.text()
        if self.groups:
            self.group_map(dot)
        elif self.reach_known:
            self.reach(dot)
        else:
            for i, member in enumerate(members):
                dot.node(
                    f"n{i + 1}",
                    {
                        "class": "member unknown" + self.classes(member),
                        "label": self.card(member, "unknown"),
                    },
                )
        if not self.groups:
            self.introductions(dot)
        return dot.text()

    def group_map(self, dot: _Dot) -> None:
        """The aggregated map: "your touchpoints", a card per group, how many of each group
        are reached, and the introductions between groups (counted)."""
        theme, loc = self.theme, self.loc
        if self.reach_known:
            you = _font_tag(
                f"◎ {i18n.text('diagram.you', loc)}", colour=theme.background, size=12, bold=True
            )
            dot.node(
                "n0",
                {
                    "class": "source",
                    "label": _Html(
                        f'<TABLE BORDER="0" CELLPADDING="10" BGCOLOR="{theme.text}" '
                        f'STYLE="rounded"><TR><TD>{you}</TD></TR></TABLE>'
                    ),
                },
            )
        node_of: dict[str, str] = {}
        for g, group in enumerate(self.groups):
            node = f"g{g + 1}"
            for member in group.members:
                node_of[member.id] = node
            statuses = [self.status(m) for m in group.members]
            css = "group" + (" decider" if any(m.is_decision_maker for m in group.members) else "")
            dot.node(node, {"class": css, "label": self.group_card(group, statuses)})
            if not self.reach_known:
                continue
            reached = sum(1 for s in statuses if s in ("direct", "avoided"))
            if not reached:
                dot.edge("n0", node, {"style": "invis"})
                continue
            direct = "direct" in statuses
            colour = theme.good if direct else theme.bad
            text = i18n.text(
                "diagram.group-reached",
                loc,
                r=i18n.number(reached, loc),
                n=i18n.number(len(group.members), loc),
            )
            dot.edge(
                "n0",
                node,
                {
                    "class": "reach " + ("direct" if direct else "avoided"),
                    "color": colour,
                    "style": None if direct else "dashed",
                    "penwidth": 1.6,
                    "label": _Html(_font_tag(_esc(text), colour=colour)),
                },
            )
        counts: dict[tuple[str, str], int] = {}
        for group in self.groups:
            for member in group.members:
                for other in member.introduces_ids:
                    if other in node_of and other != member.id:
                        pair = (node_of[member.id], node_of[other])
                        counts[pair] = counts.get(pair, 0) + 1
        between = [(pair, n) for pair, n in counts.items() if pair[0] != pair[1]]
        strongest = sorted(between, key=lambda item: (-item[1], _node_order(item[0])))
        for (a, b), n in sorted(strongest[:MAX_GROUP_LINKS], key=lambda i: _node_order(i[0])):
            dot.edge(
                a,
                b,
                {
                    "class": "introduces",
                    "color": theme.accent,
                    "penwidth": min(2.0 + n / 4, 6.0),
                    "arrowhead": "normal",
                    "constraint": False,  # groups stay in one column
                    # xlabel, placed after layout: a label on such a flat edge trips an
                    # assertion in Graphviz's crossing minimisation (fixLabelOrder)
                    "xlabel": _Html(_font_tag(i18n.number(n, loc), colour=theme.accent)),
                },
            )

    def group_card(self, group: _Group, statuses: list[str]) -> _Html:
        """A group's card: its name, how many members and deciders, the largest influence,
        how its members are reached (a count per way), its finding codes."""
        theme, loc = self.theme, self.loc
        members = group.members
        top = max(self.influence(m) for m in members)
        colour = theme.role_colour(group.colour_role)
        deciders = sum(1 for m in members if m.is_decision_maker)
        meta = [i18n.text("diagram.members", loc, n=i18n.number(len(members), loc))]
        if deciders:
            meta.append(i18n.text("diagram.group-deciders", loc, n=i18n.number(deciders, loc)))
        rows = [
            f'<TR><TD HEIGHT="6" WIDTH="{round(150 + 110 * top)}" BGCOLOR="{colour}"></TD></TR>',
            _row(_font_tag(_wrap(group.name, 24, 2), size=round(13 + 7 * top), bold=True)),
            _row(_font_tag(_esc(" · ".join(meta), 120), colour=theme.muted, size=10)),
        ]
        filled = round(top * 10)
        bar = _font_tag("▮" * filled, colour=colour) + _font_tag(
            "▮" * (10 - filled), colour=theme.line
        )
        rows.append(
            _row(
                _font_tag(
                    i18n.text("diagram.group-influence", loc) + " ", colour=theme.muted, size=9
                )
                + _font_tag(bar, size=9)
                + _font_tag(f" {top:.2f}", size=9)
            )
        )
        ways = []
        for status in ("direct", "avoided", "introduced", "unreached", "unknown"):
            n = statuses.count(status)
            if n:
                ways.append(
                    _font_tag(
                        f"{_STATUS_GLYPH[status]} {i18n.number(n, loc)} "
                        + _esc(i18n.text(f"diagram.{status}", loc), 60),
                        colour=self.status_colour(status),
                        size=9,
                        bold=True,
                    )
                )
        rows.append(_row("<BR/>".join(ways)))
        made = sum(1 for m in members for other in m.introduces_ids if other != m.id)
        if made:
            text = i18n.text("diagram.group-introductions", loc, n=i18n.number(made, loc))
            rows.append(_row(_font_tag("↪ " + _esc(text, 60), colour=theme.accent, size=9)))
        codes = sorted({code for m in members for code in self.found.member.get(m.id, [])})
        if codes:
            marks = _SPACE.join(
                _font_tag(f"⚠ {_esc(code, 10)}", colour=theme.bad, size=8, bold=True)
                for code in codes[:8]
            )
            rows.append(_row(marks))
        if all(s == "unreached" for s in statuses):
            frame = f'BORDER="2" COLOR="{theme.bad}" STYLE="dashed"'
        elif deciders:
            frame = f'BORDER="3" COLOR="{theme.text}"'
        else:
            frame = f'BORDER="1" COLOR="{theme.line}"'
        return _Html(
            f'<TABLE {frame} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'BGCOLOR="{theme.background}">' + "".join(rows) + "</TABLE>"
        )

    def classes(self, member: Member) -> str:
        css = " decider" if member.is_decision_maker else ""
        return css + ("" if self.active(member) else " inactive")

    def reach(self, dot: _Dot) -> None:
        """The "your touchpoints" node, the member cards and how each member is reached."""
        theme, loc, ctx = self.theme, self.loc, self.ctx
        members = self.committee.members
        you = _font_tag(
            f"◎ {i18n.text('diagram.you', loc)}", colour=theme.background, size=12, bold=True
        )
        dot.node(
            "n0",
            {
                "class": "source",
                "label": _Html(
                    f'<TABLE BORDER="0" CELLPADDING="10" BGCOLOR="{theme.text}" STYLE="rounded">'
                    f"<TR><TD>{you}</TD></TR></TABLE>"
                ),
            },
        )
        ids = {m.id: f"n{i + 1}" for i, m in enumerate(members)}
        statuses = {m.id: self.status(m) for m in members}
        for member in members:
            status = statuses[member.id]
            css = f"member {status}" + self.classes(member)
            dot.node(ids[member.id], {"class": css, "label": self.card(member, status)})
        k = ctx.stage_index[self.stage.id] if self.stage else None
        for member in members:
            reached = ctx.member_tps[member.id]
            if not reached:
                if statuses[member.id] == "unreached":  # same column as the reached ones
                    dot.edge("n0", ids[member.id], {"style": "invis"})
                continue
            count = i18n.number(len(reached), loc)
            if k is not None:
                here = i18n.number(sum(1 for i in reached if ctx.tp_stage[i] == k), loc)
                text = i18n.text("diagram.stage-count", loc, s=here, n=count)
            else:
                text = i18n.text(
                    "diagram.touchpoint" if len(reached) == 1 else "diagram.touchpoints",
                    loc,
                    n=count,
                )
            direct = ctx.member_direct_ok[member.id]
            colour = theme.good if direct else theme.bad
            if not self.active(member):
                colour = _mix(colour, theme.background, 0.6)
            dot.edge(
                "n0",
                ids[member.id],
                {
                    "class": "reach " + ("direct" if direct else "avoided"),
                    "color": colour,
                    "style": None if direct else "dashed",
                    "penwidth": 1.6,
                    "label": _Html(_font_tag(_esc(text), colour=colour)),
                },
            )

    def introductions(self, dot: _Dot) -> None:
        members = self.committee.members
        ids = {m.id: f"n{i + 1}" for i, m in enumerate(members)}
        for member in members:
            for other in member.introduces_ids:
                if other in ids and other != member.id:
                    dot.edge(
                        ids[member.id],
                        ids[other],
                        {
                            "class": "introduces",
                            "color": self.theme.accent,
                            "penwidth": 2.0,
                            "arrowhead": "normal",
                        },
                    )

    def card(self, member: Member, status: str) -> _Html:
        """A member's card: a strip in its first role's colour as wide as its influence, its
        name (as large), title, roles, influence bar, how it is reached and its marks; dimmed
        when the member is not active in the stage drawn."""
        theme = self.theme
        active = self.active(member)
        influence = self.influence(member)
        role_colour = theme.role_colour(member.roles[0].value if member.roles else None)
        text = theme.text if active else theme.muted
        rows = [
            f'<TR><TD HEIGHT="6" WIDTH="{round(150 + 110 * influence)}" '
            f'BGCOLOR="{self.dim(role_colour, active)}"></TD></TR>',
            _row(
                _font_tag(
                    _wrap(member.name, 22, 2),
                    colour=text,
                    size=round(11 + 9 * influence),
                    bold=True,
                )
            ),
        ]
        if member.title:
            rows.append(_row(_font_tag(_wrap(member.title, 30, 2), colour=theme.muted, size=9)))
        if member.roles:
            roles = "<BR/>".join(
                _font_tag("●", colour=self.dim(theme.role_colour(role.value), active))
                + f" {_esc(label('role', role.value, self.loc), 60)}"
                for role in member.roles
            )
            rows.append(_row(_font_tag(roles, colour=text, size=9)))
        rows.append(self.influence_row(influence, self.dim(role_colour, active), text))
        rows.append(
            _row(
                _font_tag(
                    f"{_STATUS_GLYPH[status]} {i18n.text(f'diagram.{status}', self.loc)}",
                    colour=self.dim(self.status_colour(status), active),
                    size=9,
                    bold=True,
                )
            )
        )
        marks = self.marks(member, active)
        if marks:
            rows.append(_row(_SPACE.join(marks)))
        if status == "unreached":
            frame = f'BORDER="2" COLOR="{self.dim(theme.bad, active)}" STYLE="dashed"'
        elif member.is_decision_maker:
            frame = f'BORDER="3" COLOR="{self.dim(theme.text, active)}"'
        else:
            frame = f'BORDER="1" COLOR="{theme.line}"'
        return _Html(
            f'<TABLE {frame} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'BGCOLOR="{theme.background}">' + "".join(rows) + "</TABLE>"
        )

    def dim(self, colour: str, active: bool) -> str:
        """``colour``, faded towards the background for a member not active in the stage."""
        return colour if active else _mix(colour, self.theme.background, 0.6)

    def influence_row(self, influence: float, colour: str, text: str) -> str:
        """The "influence" row: a bar of ten marks filled in ``colour``, and the number."""
        theme = self.theme
        filled = round(influence * 10)
        bar = _font_tag("▮" * filled, colour=colour) + _font_tag(
            "▮" * (10 - filled), colour=theme.line
        )
        return _row(
            _font_tag(i18n.text("diagram.influence", self.loc) + " ", colour=theme.muted, size=9)
            + _font_tag(bar, size=9)
            + _font_tag(f" {influence:.2f}", colour=text, size=9)
        )

    def marks(self, member: Member, active: bool) -> list[str]:
        """The marks under a card: decides, the codes of its findings, not active."""
        theme, loc = self.theme, self.loc
        marks = []
        if member.is_decision_maker:
            marks.append(
                _font_tag(
                    f"★ {i18n.text('diagram.decides', loc)}",
                    colour=self.dim(theme.text, active),
                    size=8,
                    bold=True,
                )
            )
        for code in self.found.member.get(member.id, []):
            colour = self.dim(theme.bad, active)
            marks.append(_font_tag(f"⚠ {_esc(code, 10)}", colour=colour, size=8, bold=True))
        if not active:
            marks.append(
                _font_tag(
                    i18n.text("diagram.inactive", loc), colour=theme.muted, size=8, italic=True
                )
            )
        return marks

    def title(self) -> _Html:
        theme, loc = self.theme, self.loc
        committee = self.committee
        where = (
            i18n.text("diagram.at-stage", loc, stage=_label_of(self.stage, loc))
            if self.stage
            else i18n.text("diagram.all-stages", loc)
        )
        parts = [
            i18n.text("diagram.committee", loc),
            i18n.text("diagram.members", loc, n=len(committee.members)),
            where,
        ]
        rows = [
            _row(_font_tag(_wrap(committee.name, 60, 2), size=22, bold=True)),
            _row(
                _font_tag(
                    " · ".join(_esc(part, 120) for part in parts), colour=theme.muted, size=12
                )
            ),
        ]
        if committee.required_roles:
            held = {role for m in committee.members for role in m.roles}
            roles = _SPACE.join(
                _font_tag(
                    "✓" if role in held else "✗",
                    colour=theme.good if role in held else theme.bad,
                    bold=True,
                )
                + f" {_esc(label('role', role.value, loc), 60)}"
                for role in committee.required_roles
            )
            rows.append(
                _row(_font_tag(f"{i18n.text('diagram.required', loc)}:{_SPACE}{roles}", size=10))
            )
        codes = self.found.committee.get(committee.id, [])
        if codes:
            marks = _SPACE.join(
                _font_tag(f"⚠ {_esc(code, 10)}", colour=theme.bad, bold=True) for code in codes
            )
            rows.append(
                _row(_font_tag(f"{i18n.text('diagram.findings', loc)}:{_SPACE}{marks}", size=10))
            )
        if not self.reach_known:
            note = i18n.text("diagram.without-workspace", loc)
            rows.append(_row(_font_tag(_esc(note, 200), colour=theme.muted, size=10)))
        if self.groups:
            note = i18n.text(
                "diagram.committee-aggregated",
                loc,
                n=i18n.number(len(committee.members), loc),
                g=i18n.number(len(self.groups), loc),
                by=self.grouped_by,
            )
            note += " · " + i18n.text("diagram.group-links", loc, k=MAX_GROUP_LINKS)
            rows.append(_row(_font_tag(_esc(note, 300), colour=theme.muted, size=11, bold=True)))
        rows.append(_row(self.legend()))
        return _table(rows)

    def legend(self) -> str:
        theme, loc = self.theme, self.loc
        roles: list[tuple[str, str]] = []
        for member in self.committee.members:
            for role in member.roles:
                item = (
                    _font_tag("●", colour=theme.role_colour(role.value), size=12),
                    _esc(label("role", role.value, loc), 60),
                )
                if item not in roles:
                    roles.append(item)
        statuses = {self.status(m) for m in self.committee.members}
        marks = [(_font_tag("★", bold=True, size=9), i18n.text("diagram.decider-legend", loc))]
        member_ids = {m.id for m in self.committee.members}
        introductions = any(
            other in member_ids and other != m.id
            for m in self.committee.members
            for other in m.introduces_ids
        )
        if self.reach_known:
            marks.append(
                (_font_tag("━━▸", colour=theme.good, bold=True), i18n.text("diagram.direct", loc))
            )
        if self.reach_known and (
            "avoided" in statuses
            or any(
                self.ctx.member_tps[m.id] and not self.ctx.member_direct_ok[m.id]
                for m in self.committee.members
            )
        ):
            marks.append(
                (_font_tag("╍╍▸", colour=theme.bad, bold=True), i18n.text("diagram.avoided", loc))
            )
        if introductions:
            marks.append(
                (
                    _font_tag("━━▸", colour=theme.accent, bold=True),
                    i18n.text("diagram.introduces", loc),
                )
            )
        if "unreached" in statuses:
            marks.append(
                (_font_tag("○", colour=theme.bad, bold=True), i18n.text("diagram.unreached", loc))
            )
        if self.stage is not None:
            faded = _mix(theme.text, theme.background, 0.6)
            marks.append(
                (_font_tag("▮", colour=faded, bold=True), i18n.text("diagram.inactive", loc))
            )
        marks.append((_font_tag("▮▮▮", colour=theme.muted), i18n.text("diagram.size", loc)))
        return _legend_rows([roles, marks])


def _node_order(pair: tuple[str, str]) -> tuple[int, int]:
    """Sort key of a pair of group nodes (``g12``) by number, for a stable DOT."""
    return int(pair[0][1:]), int(pair[1][1:])
