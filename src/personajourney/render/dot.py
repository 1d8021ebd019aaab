"""Graphviz DOT text for the journey diagram and the committee map.

Pure text, deterministic, and safe for untrusted models (``docs`` → security):

* every label is an HTML-like label (``<...>``) and every model string in it is escaped by
  :func:`_esc`: :func:`~personajourney.render.escape.dot_html` with the backslash entity
  doubled, because Graphviz decodes ``&#92;`` *before* it expands ``\\N`` (node id), ``\\G``
  (graph name), ``\\L``, ``\\E``…; ``\\\\`` is Graphviz's own escape for one backslash;
* node ids are opaque (``n0``, ``n1``… in model order), never model or CRM ids, so nothing
  personal reaches an SVG ``<title>``; graphs are named ``journey`` and ``committee``;
* attributes come from an allow-list (:data:`_ALLOWED`) and every plain value must match a
  strict pattern (:func:`_attrs` raises otherwise); fonts and colours come from the theme
  only; no ``URL``, ``href``, ``tooltip``, ``id``, ``image``, ``shapefile``, ``fontpath`` or
  anything else that links, names or reads a file.

The same model gives byte-identical DOT: iteration follows the order of the model.

Layout of the journey ("stage-layered"): stages are clusters laid out left to right, and the
builder gives every node its column itself (``rank=same`` groups chained by forward edges and,
where there are none, by an invisible spine edge). Only forward edges constrain the ranking;
edges within a column and edges going back are ``constraint=false``. Small diagrams spread a
stage over a few columns along its internal transitions and put transition texts in edge
``label`` s; large ones keep one column per stage, write texts as ``xlabel`` (placed after
layout instead of doubling the ranks) and bound ``mclimit``/``nslimit``/``searchsize``. With
``newrank=true``, 1,000 touchpoints lay out in about a second where a straightforward
clustered DOT takes minutes (``benchmarks/bench_layout.py``).

Example:
    >>> import personajourney as pj
    >>> from personajourney.render.dot import journey_dot
    >>> ws = pj.Workspace(touchpoints=[
    ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True)])
    >>> journey_dot(ws).splitlines()[0]
    'digraph journey {'
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..checks.context import Context
from ..checks.report import Report
from ..models.entities import BuyingCommittee, Channel, Member, Stage, Team
from ..models.labels import label
from ..models.workspace import Workspace
from .escape import clean, dot_html
from .theme import DEFAULT_THEME, Theme

__all__ = ["committee_dot", "journey_dot"]

# -- safe DOT writing -------------------------------------------------------------------------


class _Html(str):
    """The inside of an HTML-like label: escaped model text and this module's fixed markup."""

    __slots__ = ()


#: The only attributes the builders write. Nothing that reads files (image, shapefile,
#: fontpath, imagepath…), links (URL, href, target) or names things (id, tooltip).
_ALLOWED = frozenset(
    {
        "arrowhead",
        "arrowsize",
        "bgcolor",
        "charset",
        "class",
        "color",
        "compound",
        "constraint",
        "fillcolor",
        "fontcolor",
        "fontname",
        "fontsize",
        "forcelabels",
        "label",
        "labeljust",
        "labelloc",
        "lhead",
        "ltail",
        "margin",
        "mclimit",
        "minlen",
        "newrank",
        "nodesep",
        "nslimit",
        "nslimit1",
        "outputorder",
        "pad",
        "penwidth",
        "rankdir",
        "ranksep",
        "remincross",
        "searchsize",
        "shape",
        "style",
        "weight",
        "xlabel",
    }
)
#: Plain attribute values: colours, numbers, keywords, class names, font families.
_PLAIN = re.compile(r"^[A-Za-z0-9#.,:_ \-]{0,120}$")
_SPACE = "&#160;" * 3


def _value(value: object) -> str:
    if isinstance(value, _Html):
        return f"<{value}>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(value)
    if not _PLAIN.match(text):
        raise ValueError(f"refusing DOT attribute value {text[:40]!r}")
    return f'"{text}"'


def _attrs(items: Mapping[str, object]) -> str:
    """`` [a="1", b=<...>]`` from allowed attributes; ``None`` values are left out."""
    parts = []
    for key, value in items.items():
        if key not in _ALLOWED:
            raise ValueError(f"refusing DOT attribute {key!r}")
        if value is not None:
            parts.append(f"{key}={_value(value)}")
    return f" [{', '.join(parts)}]" if parts else ""


def _esc(text: object, limit: int = 200) -> str:
    """One piece of model text, escaped for an HTML-like label (see the module docstring)."""
    return dot_html(text, limit)


def _lines(text: object, width: int, max_lines: int, limit: int = 400) -> list[str]:
    """Model text (cleaned, not escaped) wrapped into at most ``max_lines`` lines."""
    out: list[str] = []
    for paragraph in clean(text, limit).split("\n"):
        out.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    while out and not out[-1].strip():
        out.pop()
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


def _wrap(text: object, width: int, max_lines: int = 3, limit: int = 400) -> str:
    """Escaped, wrapped model text; lines joined by ``<BR/>`` (the cell sets ``BALIGN``)."""
    return "<BR/>".join(_esc(line, width + 2) for line in _lines(text, width, max_lines, limit))


def _font(theme: Theme) -> str:
    """The first family of the theme's font stack."""
    first = theme.font.split(",")[0].strip().strip("'\"").strip()
    return first if first and _PLAIN.match(first) else "DejaVu Sans"


def _mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other`` (both ``#rrggbb``)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def _font_tag(
    text: str,
    *,
    colour: str | None = None,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> str:
    """``text`` (already escaped) in a ``<FONT>`` with theme colour and size.

    Empty text gives ``""``: Graphviz refuses an empty ``<FONT></FONT>`` and drops the label.
    """
    if not text:
        return ""
    if bold:
        text = f"<B>{text}</B>"
    if italic:
        text = f"<I>{text}</I>"
    attributes = ""
    if colour is not None:
        attributes += f' COLOR="{colour}"'
    if size is not None:
        attributes += f' POINT-SIZE="{size:g}"'
    return f"<FONT{attributes}>{text}</FONT>" if attributes else text


def _row(content: str, *, extra: str = "") -> str:
    """A left-aligned table row of one cell."""
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{extra}>{content}</TD></TR>'


def _table(rows: Sequence[str], padding: int = 3) -> _Html:
    """A borderless table of rows."""
    return _Html(
        f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="{padding}">' + "".join(rows) + "</TABLE>"
    )


def _legend_rows(rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """Legend rows of (mark, text) items, each row one left-aligned cell.

    One cell per row, because Graphviz stretches nested tables to fill their cell.
    """
    out = []
    for items in rows:
        if items:
            text = _SPACE.join(f"{mark} {_font_tag(words, size=9)}" for mark, words in items)
            out.append(_row(text))
    return _table(out, 2)


class _Dot:
    """A DOT document written line by line."""

    def __init__(self, name: str) -> None:
        self.lines = [f"digraph {name} {{"]
        self.depth = 1

    def add(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def defaults(self, kind: str, items: Mapping[str, object]) -> None:
        self.add(f"{kind}{_attrs(items)};")

    def node(self, node_id: str, items: Mapping[str, object]) -> None:
        self.add(f"{node_id}{_attrs(items)};")

    def edge(self, a: str, b: str, items: Mapping[str, object]) -> None:
        self.add(f"{a} -> {b}{_attrs(items)};")

    def open(self, name: str, items: Mapping[str, object]) -> None:
        self.add(f"subgraph {name} {{")
        self.depth += 1
        self.add(f"graph{_attrs(items)};")

    def close(self) -> None:
        self.depth -= 1
        self.add("}")

    def same_rank(self, node_ids: Sequence[str]) -> None:
        self.add("{rank=same; " + " ".join(f"{n};" for n in node_ids) + "}")

    def text(self) -> str:
        return "\n".join([*self.lines, "}"]) + "\n"


# -- words ------------------------------------------------------------------------------------

_UI: dict[str, tuple[str, str]] = {
    "journey": ("Customer journey", "Asiakaspolku"),
    "touchpoints": ("{n} touchpoints", "{n} kohtaamista"),
    "touchpoint": ("{n} touchpoint", "{n} kohtaaminen"),
    "stages": ("{n} stages", "{n} vaihetta"),
    "stage_n": ("STAGE {n}", "VAIHE {n}"),
    "no_owner": ("No owner", "Ei omistajaa"),
    "entry": ("ENTRY", "ALKU"),
    "entry_legend": ("Entry point", "Aloituskohta"),
    "decision": ("PURCHASE DECISION", "OSTOPÄÄTÖS"),
    "decision_legend": ("Purchase decision", "Ostopäätös"),
    "handoff": ("Hand-off", "Vastuunsiirto"),
    "transition": ("Transition", "Siirtymä"),
    "break": ("Break between stages", "Katkos vaiheiden välillä"),
    "break_short": ("break", "katkos"),
    "finding": ("Finding (rule code)", "Havainto (säännön koodi)"),
    "no_touchpoint": ("No touchpoint", "Ei kohtaamisia"),
    "strongest": (
        "the {k} strongest onward links of each group drawn ({m} of {t})",
        "kunkin ryhmän {k} vahvinta jatkoyhteyttä piirretty ({m}/{t})",
    ),
    "onward": ("Onward transitions of the group", "Ryhmästä eteenpäin"),
    "inside": ("Transitions within the stage", "Siirtymät vaiheen sisällä"),
    "back": ("Transitions back to an earlier stage", "Siirtymät takaisin aiempaan vaiheeseen"),
    "no_channel": ("No channel", "Ei kanavaa"),
    "aggregated": (
        "{n} touchpoints shown as {g} stage × channel groups",
        "{n} kohtaamista koottu {g} ryhmäksi (vaihe × kanava)",
    ),
    "persona_view": ("for persona {name}", "persoonalle {name}"),
    "member_view": ("for {name}", "jäsenelle {name}"),
    "committee": ("Buying committee", "Ostoryhmä"),
    "members": ("{n} members", "{n} jäsentä"),
    "all_stages": ("all stages", "kaikki vaiheet"),
    "at_stage": ("in stage: {stage}", "vaiheessa: {stage}"),
    "you": ("Your touchpoints", "Kohtaamisenne"),
    "direct": ("Reached directly", "Tavoitettu suoraan"),
    "avoided": ("Only via channels they avoid", "Vain vältetyissä kanavissa"),
    "introduced": ("Reached via an introduction", "Tavoitettu esittelyn kautta"),
    "unreached": ("Not reached", "Ei tavoitettu"),
    "introduces": ("Introduces", "Esittelee"),
    "decides": ("DECIDES", "PÄÄTTÄÄ"),
    "decider_legend": ("Decides the purchase", "Päättää ostosta"),
    "inactive": ("Not active in this stage", "Ei mukana tässä vaiheessa"),
    "influence": ("Influence", "Vaikutusvalta"),
    "size": ("Size = influence", "Koko = vaikutusvalta"),
    "stage_count": ("{s} here · {n} in all", "{s} tässä · {n} yhteensä"),
    "findings": ("Findings", "Havainnot"),
    "no_members": ("No members", "Ei jäseniä"),
    "required": ("Required roles", "Vaaditut roolit"),
}


def _ui(key: str, loc: str, **values: object) -> str:
    """A built-in text of the diagrams (not escaped: callers escape filled-in values)."""
    english, finnish = _UI[key]
    text = finnish if loc == "fi" else english
    return text.format(**values) if values else text


def _count(n: int, loc: str) -> str:
    text = f"{n:,}"
    return text.replace(",", "\u00a0") if loc == "fi" else text


def _label_of(entity: Stage | Team | Channel, loc: str) -> str:
    """Like :meth:`Workspace.label_of`, in ``loc`` rather than the workspace's locale."""
    if entity.name:
        return entity.name
    vocabulary = {Stage: "stage", Team: "team", Channel: "channel"}[type(entity)]
    return label(vocabulary, entity.id, loc)


#: A glyph for each built-in channel; other channels get one by kind (online/offline).
_GLYPH = {
    "web": "⌂",
    "search": "⌕",
    "social": "☺",
    "email": "✉",
    "webinar": "◉",
    "chat": "✎",
    "event": "⚑",
    "phone": "☎",
    "meeting": "⚇",
    "partner": "⚭",
    "print": "▤",
}


def _glyph(channel: Channel | None) -> str:
    if channel is None:
        return "◌"
    return _GLYPH.get(channel.id, "●" if channel.kind.value == "online" else "■")


# -- findings ---------------------------------------------------------------------------------

#: Flow findings that outline a touchpoint in red.
_FLOW_CODES = frozenset({"J011", "J013", "J014"})


@dataclass
class _Findings:
    """The findings of a report, indexed by what they are drawn on."""

    touchpoint: dict[str, list[str]] = field(default_factory=dict)
    stage: dict[str, list[str]] = field(default_factory=dict)
    breaks: list[tuple[str, str]] = field(default_factory=list)
    member: dict[str, list[str]] = field(default_factory=dict)
    committee: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report | None, persona_id: str | None = None) -> _Findings:
        out = cls()
        for finding in report.findings if report is not None else ():
            code, nodes = finding.code, finding.nodes
            if not nodes:
                continue
            kind, _, main = nodes[0].partition(":")
            if code == "J010" and len(nodes) >= 2:
                out.breaks.append((main, nodes[1].partition(":")[2]))
            elif code == "J001" and kind == "stage":
                _add(out.stage, main, code)
            elif code == "J002" and nodes[0] == f"persona:{persona_id}":
                for node in nodes[1:]:
                    if node.startswith("stage:"):
                        _add(out.stage, node.partition(":")[2], code)
            elif kind in ("touchpoint", "member", "committee"):
                _add(getattr(out, kind), main, code)
        return out


def _add(index: dict[str, list[str]], key: str, code: str) -> None:
    codes = index.setdefault(key, [])
    if code not in codes:
        codes.append(code)


# -- the journey ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """Layout settings by diagram size."""

    columns: int
    """Most columns one stage may spread over (along its internal transitions)."""
    edge_labels: bool
    """Transition texts as ``label`` on forward edges (else ``xlabel`` everywhere)."""
    graph: dict[str, object]


_SMALL = _Profile(5, True, {})
_MEDIUM = _Profile(2, True, {})
_LARGE = _Profile(
    1,
    False,
    {
        "mclimit": 0.2,
        "nslimit": 2.0,
        "nslimit1": 2.0,
        "searchsize": 20,
        "remincross": False,
        "ranksep": 1.2,
    },
)


#: Onward links drawn per stage × channel group (its strongest).
_LINKS_PER_GROUP = 3
#: Groups: one column per stage (the groups of a stage are densely linked), counts as xlabel.
_GROUPS = _Profile(1, False, {})


def _profile(boxes: int, aggregated: bool) -> _Profile:
    if aggregated:
        return _GROUPS
    return _SMALL if boxes <= 40 else _MEDIUM if boxes <= 120 else _LARGE


@dataclass
class _Box:
    """One drawn node of the journey: a touchpoint, a stage × channel group or a placeholder."""

    stage: int
    label: _Html
    css: str


@dataclass
class _Link:
    """One drawn edge of the journey, between two boxes."""

    a: int
    b: int
    attrs: dict[str, object]


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
    the purchase-decision stage has a heavy border and a banner. Touchpoints are cards
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
    ctx = Context(ws)
    subtitle = [_ui("journey", loc)]
    if persona_id is not None:
        persona = ws.get("persona", persona_id)
        keep = list(ctx.persona_tps[persona_id])
        subtitle.append(_ui("persona_view", loc, name=clean(persona.name, 80)))
    elif member_id is not None:
        member = ws.get("member", member_id)
        keep = sorted(ctx.member_tps[member_id])
        subtitle.append(_ui("member_view", loc, name=clean(member.name, 80)))
    else:
        keep = list(range(len(ctx.tps)))
    builder = _JourneyBuilder(ws, ctx, theme, loc, _Findings.of(report, persona_id))
    aggregated = len(keep) > aggregate_above
    if aggregated:
        builder.groups(keep)
    else:
        builder.touchpoints(keep)
    count = _count(len(keep), loc)
    subtitle.append(_ui("touchpoint" if len(keep) == 1 else "touchpoints", loc, n=count))
    subtitle.append(_ui("stages", loc, n=len(ws.stages)))
    note = None
    if aggregated:
        groups = sum(1 for box in builder.boxes if box.css.startswith("group"))
        note = _ui("aggregated", loc, n=count, g=groups)
        if builder.links_drawn < builder.links_total:
            note += " · " + _ui(
                "strongest", loc, k=_LINKS_PER_GROUP, m=builder.links_drawn, t=builder.links_total
            )
    return builder.write(subtitle, note)


class _JourneyBuilder:
    def __init__(
        self, ws: Workspace, ctx: Context, theme: Theme, loc: str, found: _Findings
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
        return _label_of(team, self.loc) if team else _ui("no_owner", self.loc)

    def channel_label(self, channel_id: str | None) -> str:
        channel = self.channel_by_id.get(channel_id or "")
        return _label_of(channel, self.loc) if channel else _ui("no_channel", self.loc)

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
            badges = [self.badge("▶ " + _ui("entry", loc), theme.good)] if tp.entry else []
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
                )
            )
        for tr in self.ws.transitions:
            a, b = ctx.tp_index[tr.from_id], ctx.tp_index[tr.to_id]
            if a not in box_of or b not in box_of:
                continue
            attrs = self.transition(ctx.tp_owner[a], ctx.tp_owner[b], tr.handoff)
            if tr.label:
                attrs["xlabel"] = _Html(_wrap(tr.label, 28, 2, 200))
            self.links.append(_Link(box_of[a], box_of[b], attrs))
        self.placeholders()

    # -- stage × channel groups --------------------------------------------------------------

    def groups(self, keep: list[int]) -> None:
        """One box per stage × channel. Forward transitions between groups are drawn with a
        width by volume; those inside a stage are counted on the group, and those going back
        are bundled into one edge per pair of stages (drawn by :meth:`write`)."""
        ctx, theme, loc = self.ctx, self.theme, self.loc
        self.aggregated = True
        channel_rank = {c.id: n for n, c in enumerate(self.ws.channels)}
        grouped: dict[tuple[int, str | None], list[int]] = {}
        for i in keep:
            grouped.setdefault((ctx.tp_stage[i], ctx.tps[i].channel_id), []).append(i)
        keys = sorted(grouped, key=lambda key: (key[0], channel_rank.get(key[1] or "", -1)))
        group_of = {i: g for g, key in enumerate(keys) for i in grouped[key]}
        forward: dict[tuple[int, int], list[int]] = {}  # (group, group) -> [count, hand-offs]
        owners_of: dict[tuple[int, int], tuple[str | None, str | None]] = {}
        inside = [0] * len(keys)
        for tr in self.ws.transitions:
            a, b = ctx.tp_index[tr.from_id], ctx.tp_index[tr.to_id]
            if a not in group_of or b not in group_of:
                continue
            g, h = group_of[a], group_of[b]
            stage_a, stage_b = keys[g][0], keys[h][0]
            if stage_a == stage_b:
                inside[g] += 1
            elif stage_b < stage_a:
                self.back[(stage_a, stage_b)] = self.back.get((stage_a, stage_b), 0) + 1
            else:
                counts = forward.setdefault((g, h), [0, 0])
                counts[0] += 1
                counts[1] += tr.handoff
                if tr.handoff:
                    owners_of.setdefault((g, h), (ctx.tp_owner[a], ctx.tp_owner[b]))
        onward = [0] * len(keys)
        for (g, _), (count, _) in forward.items():
            onward[g] += count
        for g, (stage, channel_id) in enumerate(keys):
            indexes = grouped[(stage, channel_id)]
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
            meta = _esc(_ui(many, loc, n=_count(len(indexes), loc)))
            if onward[g]:
                meta += " · → " + _esc(_count(onward[g], loc))
            if inside[g]:
                meta += " · ↻ " + _esc(_count(inside[g], loc))
            if len(owners) > 1:
                meta += "<BR/>" + ", ".join(
                    f"{_esc(self.team_label(team), 30)} {count}" for team, count in owners.items()
                )
            badges = [self.badge(f"▶ {entries}", theme.good)] if entries else []
            badges.extend(self.code_badge(code, count) for code, count in codes.items())
            self.entries = self.entries or entries > 0
            self.flagged = self.flagged or bool(codes)
            self.inside = self.inside or inside[g] > 0
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
                )
            )
        # Each group keeps its strongest onward links; the others are counted on the card.
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
            owner_a, owner_b = owners_of.get((g, h), (None, None))
            attrs = self.transition(owner_a, owner_b, 2 * handoffs >= count)
            attrs["penwidth"] = round(0.8 + 3.2 * count / heaviest, 2)
            if count > 1:
                attrs["xlabel"] = _Html(_esc(f"×{count}"))
            self.links.append(_Link(g, h, attrs))
        self.placeholders()

    def placeholders(self) -> None:
        """A "no touchpoint" box in each stage with nothing in view."""
        theme = self.theme
        present = {box.stage for box in self.boxes}
        for k, stage in enumerate(self.ctx.stages):
            if k in present:
                continue
            codes = self.found.stage.get(stage.id, [])
            text = _font_tag(_ui("no_touchpoint", self.loc), colour=theme.muted, size=10)
            content = _SPACE.join([text, *(self.code_badge(code) for code in codes)])
            colour = theme.bad if codes else theme.line
            self.flagged = self.flagged or bool(codes)
            label = _Html(
                f'<TABLE BORDER="1" COLOR="{colour}" STYLE="dashed,rounded" CELLBORDER="0" '
                f'CELLPADDING="8"><TR><TD>{content}</TD></TR></TABLE>'
            )
            self.boxes.append(_Box(k, label, "placeholder" + (" finding" if codes else "")))

    # -- layout and writing ------------------------------------------------------------------

    def columns(self, cap: int) -> list[int]:
        """Column of each box inside its stage: its depth along the stage's own transitions
        (longest path; cycles cut where a depth-first walk in model order closes them)."""
        n = len(self.boxes)
        column = [0] * n
        if cap == 1:
            return column
        inside: list[list[int]] = [[] for _ in range(n)]
        for link in self.links:
            if link.a != link.b and self.boxes[link.a].stage == self.boxes[link.b].stage:
                inside[link.a].append(link.b)
        state = [0] * n  # 0 unseen, 1 on the stack, 2 finished
        finished: list[int] = []
        for start in range(n):
            if state[start]:
                continue
            state[start] = 1
            stack: list[tuple[int, Iterator[int]]] = [(start, iter(inside[start]))]
            while stack:
                node, nexts = stack[-1]
                for nxt in nexts:
                    if state[nxt] == 0:
                        state[nxt] = 1
                        stack.append((nxt, iter(inside[nxt])))
                        break
                else:
                    state[node] = 2
                    finished.append(node)
                    stack.pop()
        topological = finished[::-1]
        position = {node: p for p, node in enumerate(topological)}
        for node in topological:
            for nxt in inside[node]:
                if position[nxt] > position[node]:
                    column[nxt] = min(cap - 1, max(column[nxt], column[node] + 1))
        return column

    def write(self, subtitle: list[str], note: str | None) -> str:
        ctx, theme, loc = self.ctx, self.theme, self.loc
        profile = _profile(len(self.boxes), self.aggregated)
        column = self.columns(profile.columns)
        widths = [1] * len(ctx.stages)
        for box, col in zip(self.boxes, column, strict=True):
            widths[box.stage] = max(widths[box.stage], col + 1)
        offset = [sum(widths[:k]) for k in range(len(widths))]
        rank = [offset[box.stage] + col for box, col in zip(self.boxes, column, strict=True)]
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
        self.breaks = bool(breaks)

        dot = _Dot("journey")
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
                "nodesep": 0.18,
                "ranksep": 0.55,
                "outputorder": "edgesfirst",
                "forcelabels": True,
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
        for k, stage in enumerate(ctx.stages):
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
            columns: dict[int, list[str]] = {}
            for index in by_stage[k]:
                box = self.boxes[index]
                dot.node(ids[index], {"class": box.css, "label": box.label})
                columns.setdefault(rank[index], []).append(ids[index])
            for members in columns.values():
                dot.same_rank(members)
            dot.close()
        linked: set[tuple[int, int]] = set()
        for link in self.links:
            attrs = dict(link.attrs)
            if rank[link.b] > rank[link.a]:
                linked.add((rank[link.a], rank[link.b]))
                if profile.edge_labels and "xlabel" in attrs:
                    attrs["label"] = attrs.pop("xlabel")
            else:
                attrs["constraint"] = False
            dot.edge(ids[link.a], ids[link.b], attrs)
        # The invisible spine keeps each column in place where no transition does.
        first: dict[int, int] = {}
        for index, r in enumerate(rank):
            first.setdefault(r, index)
        for r in range(max(rank, default=0)):
            if (r, r + 1) not in linked and r in first and r + 1 in first:
                dot.edge(ids[first[r]], ids[first[r + 1]], {"style": "invis"})
        # Groups: transitions back to an earlier stage, one edge per pair of stages.
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
                        "xlabel": _Html(_esc(f"↩ {_count(count, loc)}")),
                    },
                )
        # Breaks (J010): a red dashed arrow from stage to stage, with room for its text.
        for ka, kb in breaks:
            text = _Html(
                _font_tag(f"<B>⚠ J010</B><BR/>{_ui('break_short', loc)}", colour=theme.bad, size=9)
            )
            dot.edge(
                ids[by_stage[ka][0]],
                ids[by_stage[kb][0]],
                {
                    "class": "break",
                    "style": "dashed",
                    "color": theme.bad,
                    "penwidth": 2.0,
                    "arrowhead": "vee",
                    "minlen": 2,
                    "weight": 0,
                    "ltail": f"cluster_{ka}",
                    "lhead": f"cluster_{kb}",
                    "label" if profile.edge_labels else "xlabel": text,
                },
            )
        return dot.text()

    def header(self, k: int, stage: Stage) -> _Html:
        theme, loc = self.theme, self.loc
        owner = _esc(self.team_label(stage.owner_id), 60)
        rows = [
            _row(_font_tag(_ui("stage_n", loc, n=k + 1), colour=theme.muted, size=8)),
            _row(_font_tag(_wrap(_label_of(stage, loc), 24, 2), size=14, bold=True)),
            _row(
                _font_tag("■", colour=self.colour(stage.owner_id), size=9)
                + _font_tag(f" {owner}", colour=theme.muted, size=9)
            ),
        ]
        if stage.decision:
            banner = _font_tag(
                f"★ {_ui('decision', loc)}", colour=theme.background, size=8, bold=True
            )
            rows.append(_row(banner, extra=f' BGCOLOR="{theme.accent}" CELLPADDING="3"'))
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
            marks.append((self.badge("▶", theme.good), _ui("entry_legend", loc)))
        if self.ws.decision_stage is not None:
            marks.append((self.badge("★", theme.accent), _ui("decision_legend", loc)))
        grey = _mix(theme.muted, theme.background, 0.35)
        marks.append((_font_tag("━━▸", colour=grey), _ui("transition", loc)))
        if self.handoff:
            strands = _font_tag("━", colour=self.handoff[0], bold=True) + _font_tag(
                "━▸", colour=self.handoff[1], bold=True
            )
            marks.append((strands, _ui("handoff", loc)))
        if self.aggregated:
            marks.append((_font_tag("→", colour=theme.muted), _ui("onward", loc)))
        if self.inside:
            marks.append((_font_tag("↻", colour=theme.muted), _ui("inside", loc)))
        if self.back:
            marks.append((_font_tag("╌╌▸ ↩", colour=grey), _ui("back", loc)))
        if self.breaks:
            marks.append((_font_tag("╍╍▸", colour=theme.bad, bold=True), _ui("break", loc)))
        if self.flagged:
            marks.append((self.badge("⚠ J013", theme.bad), _ui("finding", loc)))
        return _legend_rows([teams, marks])


# -- the committee ----------------------------------------------------------------------------


def committee_dot(
    ws: Workspace,
    committee_id: str,
    *,
    stage_id: str | None = None,
    report: Report | None = None,
    theme: Theme = DEFAULT_THEME,
    locale: str | None = None,
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
    builder = _CommitteeBuilder(ws, committee, stage, theme, locale or ws.locale)
    builder.found = _Findings.of(report)
    return builder.write()


_STATUS_GLYPH = {"direct": "●", "avoided": "◐", "introduced": "↪", "unreached": "○"}


class _CommitteeBuilder:
    def __init__(
        self,
        ws: Workspace,
        committee: BuyingCommittee,
        stage: Stage | None,
        theme: Theme,
        loc: str,
    ) -> None:
        self.ws = ws
        self.committee = committee
        self.stage = stage
        self.theme = theme
        self.loc = loc
        self.font = _font(theme)
        self.ctx = Context(ws)
        self.found = _Findings()

    def status(self, member: Member) -> str:
        """How a member is reached, by the rules of C001 and C003."""
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
        return theme.accent if status == "introduced" else theme.bad

    def influence(self, member: Member) -> float:
        return member.influence_at(self.stage.id) if self.stage else member.influence

    def active(self, member: Member) -> bool:
        return self.stage is None or member.is_active_in(self.stage.id)

    def write(self) -> str:
        theme, loc, ctx = self.theme, self.loc, self.ctx
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
            text = _font_tag(_ui("no_members", loc), colour=theme.muted)
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
        you = _font_tag(f"◎ {_ui('you', loc)}", colour=theme.background, size=12, bold=True)
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
            css = f"member {status}"
            css += " decider" if member.is_decision_maker else ""
            css += "" if self.active(member) else " inactive"
            dot.node(ids[member.id], {"class": css, "label": self.card(member, status)})
        k = ctx.stage_index[self.stage.id] if self.stage else None
        for member in members:
            reached = ctx.member_tps[member.id]
            if not reached:
                if statuses[member.id] == "unreached":  # same column as the reached ones
                    dot.edge("n0", ids[member.id], {"style": "invis"})
                continue
            count = _count(len(reached), loc)
            if k is not None:
                here = _count(sum(1 for i in reached if ctx.tp_stage[i] == k), loc)
                text = _ui("stage_count", loc, s=here, n=count)
            else:
                text = _ui("touchpoint" if len(reached) == 1 else "touchpoints", loc, n=count)
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
        for member in members:
            for other in member.introduces_ids:
                if other in ids and other != member.id:
                    dot.edge(
                        ids[member.id],
                        ids[other],
                        {
                            "class": "introduces",
                            "color": theme.accent,
                            "penwidth": 2.0,
                            "arrowhead": "normal",
                        },
                    )
        return dot.text()

    def card(self, member: Member, status: str) -> _Html:
        theme, loc = self.theme, self.loc
        active = self.active(member)
        influence = self.influence(member)
        role_colour = theme.role_colour(member.roles[0].value if member.roles else None)

        def dim(colour: str) -> str:
            return colour if active else _mix(colour, theme.background, 0.6)

        text = theme.text if active else theme.muted
        rows = [
            f'<TR><TD HEIGHT="6" WIDTH="{round(150 + 110 * influence)}" '
            f'BGCOLOR="{dim(role_colour)}"></TD></TR>',
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
                _font_tag("●", colour=dim(theme.role_colour(role.value)))
                + f" {_esc(label('role', role.value, loc), 60)}"
                for role in member.roles
            )
            rows.append(_row(_font_tag(roles, colour=text, size=9)))
        filled = round(influence * 10)
        bar = _font_tag("▮" * filled, colour=dim(role_colour)) + _font_tag(
            "▮" * (10 - filled), colour=theme.line
        )
        rows.append(
            _row(
                _font_tag(_ui("influence", loc) + " ", colour=theme.muted, size=9)
                + _font_tag(bar, size=9)
                + _font_tag(f" {influence:.2f}", colour=text, size=9)
            )
        )
        rows.append(
            _row(
                _font_tag(
                    f"{_STATUS_GLYPH[status]} {_ui(status, loc)}",
                    colour=dim(self.status_colour(status)),
                    size=9,
                    bold=True,
                )
            )
        )
        marks = []
        if member.is_decision_maker:
            marks.append(
                _font_tag(f"★ {_ui('decides', loc)}", colour=dim(theme.text), size=8, bold=True)
            )
        for code in self.found.member.get(member.id, []):
            marks.append(_font_tag(f"⚠ {_esc(code, 10)}", colour=dim(theme.bad), size=8, bold=True))
        if not active:
            marks.append(_font_tag(_ui("inactive", loc), colour=theme.muted, size=8, italic=True))
        if marks:
            rows.append(_row(_SPACE.join(marks)))
        if status == "unreached":
            frame = f'BORDER="2" COLOR="{dim(theme.bad)}" STYLE="dashed"'
        elif member.is_decision_maker:
            frame = f'BORDER="3" COLOR="{dim(theme.text)}"'
        else:
            frame = f'BORDER="1" COLOR="{theme.line}"'
        return _Html(
            f'<TABLE {frame} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'BGCOLOR="{theme.background}">' + "".join(rows) + "</TABLE>"
        )

    def title(self) -> _Html:
        theme, loc = self.theme, self.loc
        committee = self.committee
        where = (
            _ui("at_stage", loc, stage=_label_of(self.stage, loc))
            if self.stage
            else _ui("all_stages", loc)
        )
        parts = [_ui("committee", loc), _ui("members", loc, n=len(committee.members)), where]
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
            rows.append(_row(_font_tag(f"{_ui('required', loc)}:{_SPACE}{roles}", size=10)))
        codes = self.found.committee.get(committee.id, [])
        if codes:
            marks = _SPACE.join(
                _font_tag(f"⚠ {_esc(code, 10)}", colour=theme.bad, bold=True) for code in codes
            )
            rows.append(_row(_font_tag(f"{_ui('findings', loc)}:{_SPACE}{marks}", size=10)))
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
        marks = [(_font_tag("★", bold=True, size=9), _ui("decider_legend", loc))]
        member_ids = {m.id for m in self.committee.members}
        introductions = any(
            other in member_ids and other != m.id
            for m in self.committee.members
            for other in m.introduces_ids
        )
        marks.append((_font_tag("━━▸", colour=theme.good, bold=True), _ui("direct", loc)))
        if "avoided" in statuses or any(
            self.ctx.member_tps[m.id] and not self.ctx.member_direct_ok[m.id]
            for m in self.committee.members
        ):
            marks.append((_font_tag("╍╍▸", colour=theme.bad, bold=True), _ui("avoided", loc)))
        if introductions:
            marks.append((_font_tag("━━▸", colour=theme.accent, bold=True), _ui("introduces", loc)))
        if "unreached" in statuses:
            marks.append((_font_tag("○", colour=theme.bad, bold=True), _ui("unreached", loc)))
        if self.stage is not None:
            faded = _mix(theme.text, theme.background, 0.6)
            marks.append((_font_tag("▮", colour=faded, bold=True), _ui("inactive", loc)))
        marks.append((_font_tag("▮▮▮", colour=theme.muted), _ui("size", loc)))
        return _legend_rows([roles, marks])
