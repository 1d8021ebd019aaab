"""Mermaid export and import: the journey as a Mermaid ``journey`` diagram and a flowchart.

Export (:func:`to_mermaid_journey`) writes two diagrams and a list of what they leave out:

* a ``journey`` diagram: one ``section`` per stage that has touchpoints, one task per
  touchpoint, scored from the touchpoint's emotion (−2..+2 becomes 1..5), with the names of
  the personas and members it reaches as actors;
* a ``flowchart LR`` of the flow: one subgraph per stage, one node per touchpoint (entry
  points drawn as stadiums), one edge per transition (labelled where the transition has a
  label, thick for a deliberate hand-off);
* warnings: everything Mermaid cannot hold (owners, channels, motives, committees,
  segments, pain points, KPIs…), counted per kind.

Import (:func:`from_mermaid_journey`, :func:`load_mermaid_journey`) reads a ``journey``
diagram back into a :class:`~personajourney.Workspace`: sections become stages, actors
personas, tasks touchpoints joined by transitions in document order.

Escaping. Mermaid's journey grammar splits task lines on ``:`` and actor lists on ``,``,
ends statements at ``;`` (an error) and ``#`` (a comment), and treats ``%%`` as a comment.
Text is therefore written with Mermaid's entity codes (``#58;`` for ``:``, ``#35;`` for
``#``, ``#59;`` for ``;``, ``#44;`` for ``,`` in actor names, ``#60;`` for ``<``, ``#37;``
for each ``%`` of a text containing ``%%``); a line break becomes ``<br>``; leading and
trailing white space is encoded so that Mermaid does not trim it; a task name that Mermaid
would read as a keyword (``title …``, ``section …``, ``journey…``) has its first letter
encoded; control characters other than tab and line breaks are dropped. Mermaid turns the
codes back into characters when it draws the diagram, and the import decodes them, so
export → import → export gives the same text.
"""

from __future__ import annotations

import difflib
import html
import itertools
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._text import UNSAFE_CHARACTERS
from .._text import slug as _slug
from .._text import unique_id as _unique
from ..errors import InputLimitError, ModelError, Problem
from ..graph.index import WorkspaceIndex
from ..graph.keys import node_key
from ..i18n import LOCALES, Locale, label, labels
from ..models.entities import Member, Persona, Stage, Touchpoint, Transition
from ..models.workspace import Workspace, default_channels, default_stages, default_teams
from ._mistakes import explain_error
from ._yaml import Limits

__all__ = [
    "Fence",
    "MermaidExport",
    "emotion_to_score",
    "fences",
    "from_mermaid_journey",
    "from_mermaid_markdown",
    "load_mermaid_journey",
    "score_to_emotion",
    "to_mermaid_journey",
]

#: Longest name the model accepts (``ShortText``); longer titles are shortened.
MAX_NAME = 500

#: Name of a workspace whose name is blank, and of one imported without any title.
UNTITLED = "Untitled workspace"

# --------------------------------------------------------------------------------------------
# Score mapping
# --------------------------------------------------------------------------------------------


def emotion_to_score(emotion: int | None) -> int:
    """Mermaid's task score (1..5) for a touchpoint emotion (−2..+2); no emotion gives 3.

    Example:
        >>> [emotion_to_score(e) for e in (-2, -1, 0, 1, 2, None)]
        [1, 2, 3, 4, 5, 3]
    """
    return 3 if emotion is None else emotion + 3


def score_to_emotion(score: int) -> int:
    """The touchpoint emotion (−2..+2) of a Mermaid task score (1..5).

    Example:
        >>> [score_to_emotion(s) for s in range(1, 6)]
        [-2, -1, 0, 1, 2]
    """
    return score - 3


# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------

# Controls, bidi controls and noncharacters (see personajourney._text): dropped on export.
_CONTROL = UNSAFE_CHARACTERS
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Mermaid's lexer is case-insensitive for ASCII letters only; these are the keywords that a
# task line must not start with (after the name is escaped, so ``:`` cannot follow).
_KEYWORD_START = re.compile(
    r"(?:[Jj][Oo][Uu][Rr][Nn][Ee][Yy]"
    r"|[Tt][Ii][Tt][Ll][Ee][\s\ufeff]"
    r"|[Ss][Ee][Cc][Tt][Ii][Oo][Nn][\s\ufeff]"
    r"|[Aa][Cc][Cc][Dd][Ee][Ss][Cc][Rr][\s\ufeff]*[{:]"
    r"|[Aa][Cc][Cc][Tt][Ii][Tt][Ll][Ee][\s\ufeff]*:"
    r"|%)"  # a statement that starts with `%` is a comment to Mermaid's lexer
)
# Mermaid rewrites lines that look like a style with a colour before it parses them (and
# eats their last ``;``, which breaks an entity code); a line matching this gets its colons
# encoded too.
_STYLE_TRAP = re.compile(r"(?:style|classDef).*:\S*#.*;")

_TITLE = "#;<"
_SECTION = "#;:<"
_TASK = "#;:<"
_ACTOR = "#;:,<"
_BLOCK = "#;<}"
_LABEL = '#;<>&"`|'


def _code(char: str) -> str:
    return f"#{ord(char)};"


def _is_edge_space(char: str) -> bool:
    return char.isspace() or char == "\ufeff"


def _escape(text: str, special: str, *, guard_keywords: bool = False) -> str:
    """Write ``text`` so that Mermaid reads it back as exactly ``text``."""
    text = _CONTROL.sub("", text)
    lines = _LINE_BREAK.split(text)
    out = "<br>".join("".join(_code(c) if c in special else c for c in line) for line in lines)
    if "%%" in out:
        out = out.replace("%", "#37;")
    start = 0
    while start < len(out) and _is_edge_space(out[start]):
        start += 1
    end = len(out)
    while end > start and _is_edge_space(out[end - 1]):
        end -= 1
    out = (
        "".join(_code(c) for c in out[:start])
        + out[start:end]
        + "".join(_code(c) for c in out[end:])
    )
    if guard_keywords and _KEYWORD_START.match(out):
        out = _code(out[0]) + out[1:]
    return out


def _escape_line(template: str, text: str, special: str, **options: bool) -> str:
    """``template`` with ``{}`` replaced by the escaped ``text``, clear of the style trap."""
    line = template.format(_escape(text, special, **options))
    if _STYLE_TRAP.search(line):
        line = template.format(_escape(text, special + ":", **options))
    return line


_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})\s*mermaid\b", re.MULTILINE)
_ENTITY = re.compile(r"#(\d+|[A-Za-z][A-Za-z0-9]*);", re.ASCII)
# What Mermaid sets aside as an entity code before it parses (``#`` elsewhere is a comment).
_MERMAID_ENTITY = re.compile(r"#[A-Za-z0-9_]+;")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _decode_entities(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            if len(code) > 7:
                return match.group(0)
            return html.unescape(f"&#{code};")
        decoded = html.unescape(f"&{code};")
        return match.group(0) if decoded == f"&{code};" else decoded

    return _ENTITY.sub(one, text)


def _unescape(text: str) -> str:
    """Mermaid text back to plain text: trimmed, ``<br>`` to line breaks, codes decoded."""
    return _decode_entities(_BR.sub("\n", text.strip()))


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MermaidExport:
    """The Mermaid text of a workspace's journey.

    Attributes:
        journey: A Mermaid ``journey`` diagram: stages as sections, touchpoints as tasks.
        flowchart: A Mermaid ``flowchart LR``: stages as subgraphs, transitions as edges.
        warnings: What the diagrams leave out or change, in a fixed order: touchpoints
            without an emotion or a name, stages left out, actors that share a name, the
            flow, then one line per kind of information dropped, with its count.
    """

    journey: str
    flowchart: str
    warnings: tuple[str, ...] = ()

    def markdown(self) -> str:
        """Both diagrams as fenced ``mermaid`` blocks, for a Markdown page.

        Example:
            >>> import personajourney as pj
            >>> text = to_mermaid_journey(pj.Workspace(name="Demo")).markdown()
            >>> text.splitlines()[:3]
            ['```mermaid', 'journey', '  title Demo']
        """
        return f"```mermaid\n{self.journey}```\n\n```mermaid\n{self.flowchart}```\n"

    def _repr_markdown_(self) -> str:
        return self.markdown()


def _shown(text: str) -> str:
    """What of ``text`` survives the export: control characters are dropped."""
    return _CONTROL.sub("", text)


def _audience(ws: Workspace, tp: Touchpoint) -> list[str]:
    """Actor names of a touchpoint: its personas', then its members', each name once."""
    persona_names = {p.id: p.name for p in ws.personas}
    member_names = {m.id: m.name for _, m in ws.members()}
    names = [persona_names[i] for i in tp.persona_ids] + [member_names[i] for i in tp.member_ids]
    out: list[str] = []
    for name in map(_shown, names):
        if name and name not in out:
            out.append(name)
    return out


def _plural(count: int, one: str) -> str:
    return f"{count} {one}" + ("" if count == 1 else "s")


def _ticks(ids: Iterable[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def _task_name(tp: Touchpoint) -> str:
    return tp.name if _shown(tp.name) else tp.id


def _stage_label(ws: Workspace, stage: Stage) -> str:
    text = ws.label_of(stage)
    return text if _shown(text) else label("stage", stage.id, ws.locale)


def _dropped(ws: Workspace, touchpoints: Sequence[Touchpoint]) -> list[str]:
    """One line per kind of information that neither diagram holds, with its count."""
    tps = touchpoints

    def count(values: Iterable[int | bool]) -> int:
        return sum(int(v) for v in values)

    def detailed(item: Persona | Member) -> bool:
        return bool(set(item.model_dump(exclude_defaults=True)) - {"id", "name"})

    rows: list[tuple[str, int]] = [
        ("stage owners", count(s.owner_id is not None for s in ws.stages)),
        ("stage descriptions", count(s.description is not None for s in ws.stages)),
        ("touchpoint owners", count(t.owner_id is not None for t in tps)),
        ("touchpoint channels", count(t.channel_id is not None for t in tps)),
        ("touchpoint motive links", count(len(t.motive_ids) for t in tps)),
        ("touchpoint descriptions", count(t.description is not None for t in tps)),
        ("content themes", count(t.content is not None for t in tps)),
        ("buyer questions", count(len(t.questions) for t in tps)),
        ("buyer thoughts", count(len(t.thoughts) for t in tps)),
        ("pain points", count(len(t.pain_points) for t in tps)),
        ("opportunities", count(len(t.opportunities) for t in tps)),
        ("KPIs", count(t.kpi is not None for t in tps)),
        (
            "outcomes (intended endings)",
            count(t.outcome is not None for t in tps)
            + count(t.outcome is not None for t in ws.transitions),
        ),
        ("motives", len(ws.motives)),
        ("personas' details (goals, problems, roles…)", count(map(detailed, ws.personas))),
        ("buying committees", len(ws.committees)),
        (
            "committee members' details (roles, influence, motives…)",
            count(detailed(m) for _, m in ws.members()),
        ),
        ("segments", len(ws.segments)),
        ("teams", len(ws.teams) if ws.teams != default_teams() else 0),
        ("channels", len(ws.channels) if ws.channels != default_channels() else 0),
        ("offering", int(bool(ws.offering))),
    ]
    return [f"{what}: {n} dropped (Mermaid has no place for them)" for what, n in rows if n]


def _flow_warning(transitions: Sequence[Transition], exported: Sequence[Touchpoint]) -> list[str]:
    """A warning when the flow is not simply the touchpoints one after another."""
    consecutive = {(a.id, b.id) for a, b in itertools.pairwise(exported)}
    if {(t.from_id, t.to_id) for t in transitions} == consecutive and not any(
        t.label or t.handoff for t in transitions
    ):
        return []
    return [
        "the journey diagram lists touchpoints in stage order and cannot show the flow: "
        f"{_plural(len(transitions), 'transition')} drawn in the flowchart only "
        "(importing the journey links its tasks one after another)"
    ]


def _shared_names(ws: Workspace, exported: Sequence[Touchpoint]) -> list[str]:
    used = {i for t in exported for i in (*t.persona_ids, *t.member_ids)}
    holders: dict[str, list[str]] = {}
    for p in ws.personas:
        if p.id in used:
            holders.setdefault(_shown(p.name), []).append(node_key("persona", p.id))
    for _, m in ws.members():
        if m.id in used:
            holders.setdefault(_shown(m.name), []).append(node_key("member", m.id))
    return [
        f"{_ticks(keys)} share the name {name!r}; Mermaid shows them as one actor"
        for name, keys in holders.items()
        if len(keys) > 1 and name
    ]


def to_mermaid_journey(ws: Workspace, *, persona_id: str | None = None) -> MermaidExport:
    """Write the journey as a Mermaid ``journey`` diagram and a ``flowchart LR``.

    Each stage with touchpoints becomes a ``section`` (its label in the workspace's locale),
    each touchpoint a task ``Name: score: Actor, Actor`` where score = emotion + 3 (−2..+2
    becomes 1..5; no emotion gives 3 and a warning) and the actors are the names of the
    personas and committee members it reaches. The workspace description becomes
    ``accDescr``. The output is deterministic.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(
        ...     name="Demo",
        ...     personas=[pj.Persona(id="hanna", name="HR-Hanna")],
        ...     touchpoints=[pj.Touchpoint(id="ad", name="Ad: spring", emotion=1,
        ...                                stage_id="problem-awareness",
        ...                                persona_ids=["hanna"], entry=True)],
        ... )
        >>> print(to_mermaid_journey(ws).journey, end="")
        journey
          title Demo
          section Problem awareness
            Ad#58; spring: 4: HR-Hanna

    Args:
        ws: The workspace.
        persona_id: Only the touchpoints that reach this persona (directly, or through a
            committee member who is an instance of it); the title names the persona.

    Raises:
        ModelError: if ``persona_id`` is not the id of a persona of ``ws``.
    """
    title = ws.name if _shown(ws.name).strip() else UNTITLED
    touchpoints = list(ws.touchpoints)
    if persona_id is not None:
        persona = next((p for p in ws.personas if p.id == persona_id), None)
        if persona is None:
            close = difflib.get_close_matches(persona_id, [p.id for p in ws.personas], n=3)
            hint = ("did you mean " + " or ".join(f"`{c}`" for c in close) + "?") if close else None
            raise ModelError(Problem(f"unknown persona `{persona_id}`", hint=hint))
        reached = WorkspaceIndex(ws).persona_tps[persona_id]
        touchpoints = [touchpoints[i] for i in reached]
        if _shown(persona.name).strip():
            title = f"{title} — {persona.name}"
            if len(title) > MAX_NAME:
                title = title[: MAX_NAME - 1] + "…"

    by_stage: dict[str, list[Touchpoint]] = {s.id: [] for s in ws.stages}
    for tp in touchpoints:
        by_stage[tp.stage_id].append(tp)
    stages = [(s, by_stage[s.id]) for s in ws.stages if by_stage[s.id]]
    exported = [tp for _, tps in stages for tp in tps]
    kept = {tp.id for tp in exported}
    transitions = [t for t in ws.transitions if t.from_id in kept and t.to_id in kept]

    warnings: list[str] = []
    journey = ["journey", _escape_line("  title {}", title, _TITLE)]
    if ws.description and _shown(ws.description).strip():
        journey.extend(_acc_descr(ws.description))
    for stage, tps in stages:
        journey.append(_escape_line("  section {}", _stage_label(ws, stage), _SECTION))
        for tp in tps:
            if not _shown(tp.name):
                warnings.append(f"touchpoint `{tp.id}` has no name; its id is shown")
            if tp.emotion is None:
                warnings.append(
                    f"touchpoint `{tp.id}` has no emotion; shown with score 3 (neutral)"
                )
            name = _escape(_task_name(tp), _TASK, guard_keywords=True)
            actors = ", ".join(_escape(a, _ACTOR) for a in _audience(ws, tp))
            score = emotion_to_score(tp.emotion)
            journey.append(f"    {name}: {score}: {actors}" if actors else f"    {name}: {score}")

    empty = [s.id for s in ws.stages if not by_stage[s.id]]
    if empty:
        warnings.append(
            f"{_plural(len(empty), 'stage')} without touchpoints left out: {_ticks(empty)}"
        )
    warnings.extend(_shared_names(ws, exported))
    warnings.extend(_flow_warning(transitions, exported))
    warnings.extend(_dropped(ws, exported))
    return MermaidExport(
        journey="\n".join(journey) + "\n",
        flowchart=_flowchart(ws, title, stages, transitions),
        warnings=tuple(warnings),
    )


def _acc_descr(description: str) -> list[str]:
    lines = _LINE_BREAK.split(_shown(description))
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) == 1:
        return [_escape_line("  accDescr: {}", lines[0], _TITLE)]
    body = [_escape_line("    {}", line, _BLOCK) if line.strip() else "" for line in lines]
    return ["  accDescr {", *body, "  }"]


def _flowchart(
    ws: Workspace,
    title: str,
    stages: Sequence[tuple[Stage, Sequence[Touchpoint]]],
    transitions: Sequence[Transition],
) -> str:
    plain = " ".join(_LINE_BREAK.split(re.sub(r"[\u2028\u2029]", " ", _shown(title))))
    out = ["---", f"title: {json.dumps(plain, ensure_ascii=False)}", "---", "flowchart LR"]
    node_of: dict[str, str] = {}
    for number, (stage, tps) in enumerate(stages, start=1):
        out.append(_escape_line(f'    subgraph s{number}["{{}}"]', _stage_label(ws, stage), _LABEL))
        for tp in tps:
            node = node_of[tp.id] = f"n{len(node_of) + 1}"
            shape = '(["{}"])' if tp.entry else '["{}"]'
            out.append(_escape_line(f"        {node}{shape}", _task_name(tp), _LABEL))
        out.append("    end")
    for tr in transitions:
        arrow = "==>" if tr.handoff else "-->"
        a, b = node_of[tr.from_id], node_of[tr.to_id]
        if tr.label and _shown(tr.label).strip():
            out.append(_escape_line(f'    {a} {arrow}|"{{}}"| {b}', tr.label, _LABEL))
        else:
            out.append(f"    {a} {arrow} {b}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# Import: parsing
# --------------------------------------------------------------------------------------------

_JOURNEY = re.compile(r"journey", re.IGNORECASE | re.ASCII)
_HEADER = re.compile(r"journey")
_TITLE_RE = re.compile(r"title\s(.*)\Z", re.IGNORECASE | re.ASCII | re.DOTALL)
_SECTION_RE = re.compile(r"section\s(.*)\Z", re.IGNORECASE | re.ASCII | re.DOTALL)
_ACC_TITLE_RE = re.compile(r"accTitle\s*:(.*)\Z", re.IGNORECASE | re.ASCII | re.DOTALL)
_ACC_DESCR_RE = re.compile(r"accDescr\s*:(.*)\Z", re.IGNORECASE | re.ASCII | re.DOTALL)
_ACC_BLOCK_RE = re.compile(r"accDescr\s*\{", re.IGNORECASE | re.ASCII)
_DIRECTIVES = ("title", "section", "accTitle", "accDescr")
_SCORE_HINT = "a task is `Name: score: Actor, Actor`, scored from 1 (very bad) to 5 (very good)"
_FORMS = {
    "title": "`title` needs text after it",
    "section": "`section` needs a title after it",
    "acctitle": "`accTitle` needs `:` and then its text",
    "accdescr": "`accDescr` needs `:` and one line of text, or `{` and lines up to `}`",
}


@dataclass
class _Section:
    title: str
    line: int


@dataclass
class _Task:
    name: str
    score: int
    actors: list[str]
    section: int
    line: int


@dataclass
class _Parsed:
    title: str | None = None
    title_line: int = 1
    acc_title: str | None = None
    acc_descr: str | None = None
    acc_line: int = 1
    sections: list[_Section] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, file: str) -> None:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = text.split("\n")
        self.file = file
        self.problems: list[Problem] = []
        self.result = _Parsed()

    def problem(
        self, message: str, line: int, column: int | None = None, hint: str | None = None
    ) -> None:
        self.problems.append(Problem(message, file=self.file, line=line, column=column, hint=hint))

    # -- comments -------------------------------------------------------------------------

    @staticmethod
    def _cut_percent(raw: str) -> str:
        at = raw.find("%%")
        return raw if at < 0 else raw[:at]

    @staticmethod
    def _cut_hash(text: str) -> tuple[str, bool]:
        """Cut ``text`` at the first ``#`` that does not start an entity code."""
        pos = 0
        while True:
            at = text.find("#", pos)
            if at < 0:
                return text, False
            match = _MERMAID_ENTITY.match(text, at)
            if match is None:
                return text[:at], True
            pos = match.end()

    # -- driver ---------------------------------------------------------------------------

    def parse(self) -> _Parsed:
        index = self._front_matter(0)
        header = False
        while index < len(self.lines):
            number = index + 1
            raw = self.lines[index]
            index += 1
            stripped = raw.strip()
            if not stripped:
                continue
            if stripped.startswith("%%"):
                if stripped.startswith("%%{") and "}%%" not in stripped:
                    index = self._skip_directive(index, number)
                continue
            code = self._cut_percent(raw)
            start = len(code) - len(code.lstrip())
            content = code.strip()
            if not content or content[0] == "%" or self._cut_hash(content)[0] == "":
                continue  # a comment: as in Mermaid's lexer, a statement starting `%` or `#`
            if not header:
                # Mermaid recognises the diagram by a lower-case `journey`.
                match = _HEADER.match(content)
                if match is None:
                    word = content.split()[0]
                    hint = (
                        "write `journey` in lower case: Mermaid does not recognise it otherwise"
                        if _JOURNEY.match(word)
                        else "a Mermaid journey diagram starts with a line `journey`"
                    )
                    self.problem(
                        f"expected the `journey` header, got `{word}`", number, start + 1, hint
                    )
                    return self.result
                header = True
                rest = content[match.end() :]
                rest_cut, _ = self._cut_hash(rest)
                if not rest_cut.strip():
                    continue
                start += match.end() + len(rest) - len(rest.lstrip())
                content = rest.strip()
            index = self._statement(content, start, number, index)
        if not header and not self.problems:
            self.problem(
                "no `journey` header: the text holds nothing but comments and blank lines",
                1,
                1,
                "a Mermaid journey diagram starts with a line `journey`",
            )
        return self.result

    def _front_matter(self, index: int) -> int:
        """Skip a ``---`` front-matter block at the top, taking its ``title:``."""
        first = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if first is None or self.lines[first].strip() != "---":
            return index
        for end in range(first + 1, len(self.lines)):
            line = self.lines[end]
            if line.strip() == "---":
                return end + 1
            match = re.match(r"title\s*:\s*(.*)\Z", line)
            if match:
                value = match.group(1).strip()
                if value.startswith('"'):
                    try:
                        value = str(json.loads(value))
                    except ValueError:
                        value = value.strip('"')
                elif len(value) >= 2 and value[0] == value[-1] == "'":
                    value = value[1:-1].replace("''", "'")
                self.result.title = value or None
                self.result.title_line = end + 1
        self.problem("front matter starting with `---` is never closed", first + 1, 1)
        return len(self.lines)

    def _skip_directive(self, index: int, number: int) -> int:
        for end in range(index, len(self.lines)):
            if "}%%" in self.lines[end]:
                return end + 1
        self.problem("directive `%%{` is never closed with `}%%`", number, 1)
        return len(self.lines)

    # -- statements -----------------------------------------------------------------------

    def _statement(self, content: str, start: int, number: int, index: int) -> int:
        column = start + 1
        if _JOURNEY.match(content):
            self.problem("`journey` may appear only once, as the first line", number, column)
            return index
        match = _ACC_TITLE_RE.match(content)
        if match:
            self.result.acc_title = _unescape(match.group(1)) or None
            return index
        match = _ACC_DESCR_RE.match(content)
        if match:
            self.result.acc_descr = _unescape(match.group(1)) or None
            self.result.acc_line = number
            return index
        match = _ACC_BLOCK_RE.match(content)
        if match:
            return self._acc_block(
                content[match.end() :], start + match.end(), number, index, column
            )
        match = _TITLE_RE.match(content)
        if match:
            value = self._text(match.group(1), start + match.start(1), number, colon_ok=True)
            if value is not None:
                if not value:
                    self.problem("`title` has no text", number, column)
                else:
                    self.result.title = value
                    self.result.title_line = number
            return index
        match = _SECTION_RE.match(content)
        if match:
            value = self._text(match.group(1), start + match.start(1), number, colon_ok=False)
            if value == "":
                self.problem("`section` has no title", number, column)
            # Even a bad section opens a section, so that its tasks are not reported too.
            self.result.sections.append(_Section(value or "", number))
            return index
        self._task(content, start, number)
        return index

    def _text(self, text: str, offset: int, number: int, *, colon_ok: bool) -> str | None:
        body, _ = self._cut_hash(text)
        if not self._clean(body, offset, number, colon_ok=colon_ok):
            return None
        return _unescape(body)

    def _clean(self, body: str, offset: int, number: int, *, colon_ok: bool) -> bool:
        body = _MERMAID_ENTITY.sub(lambda m: "x" * len(m.group(0)), body)
        at = body.find(";")
        if at >= 0:
            self.problem(
                "`;` cannot appear here in Mermaid",
                number,
                offset + at + 1,
                "write `#59;` for a semicolon",
            )
            return False
        at = -1 if colon_ok else body.find(":")
        if at >= 0:
            self.problem(
                "a section title cannot contain `:`",
                number,
                offset + at + 1,
                "write `#58;` for a colon",
            )
            return False
        return True

    def _acc_block(self, rest: str, offset: int, number: int, index: int, column: int) -> int:
        """Read ``accDescr { ... }`` from just after the ``{`` to the first ``}``."""
        parts: list[str] = []
        text, line_no = rest, number
        while True:
            close = text.find("}")
            if close >= 0:
                parts.append(text[:close])
                after = self._cut_percent(text[close + 1 :])
                if after.strip():  # as in Mermaid, a statement may follow on the same line
                    lead = len(after) - len(after.lstrip())
                    index = self._statement(
                        after.strip(), offset + close + 1 + lead, line_no, index
                    )
                break
            parts.append(text)
            if index >= len(self.lines):
                self.problem("`accDescr {` is never closed with `}`", number, column)
                return index
            text, offset = self.lines[index], 0
            index += 1
            line_no = index
            if text.strip().startswith("%%"):
                text = ""
        lines = [_unescape(part) for part in "\n".join(parts).split("\n")]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        self.result.acc_descr = "\n".join(lines) or None
        self.result.acc_line = number
        return index

    def _not_a_task(self, content: str, body: str, cut: bool, start: int, number: int) -> None:
        """Report a statement that is neither a directive nor a task."""
        word = body.split()[0]
        if word.lower() in _FORMS:
            self.problem(_FORMS[word.lower()], number, start + 1)
        elif cut and ":" in content:
            self.problem(
                "`#` starts a comment in Mermaid, so this task is cut off before its score",
                number,
                start + len(body) + 1,
                "write `#35;` for a `#` in a name",
            )
        else:
            lowered = {d.lower(): d for d in _DIRECTIVES}
            close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.8)
            hint = (
                f"did you mean `{lowered[close[0]]}`?"
                if close
                else f"expected title, section, accTitle, accDescr or a task; {_SCORE_HINT}"
            )
            self.problem(f"unknown directive `{word}`", number, start + 1, hint)

    def _task(self, content: str, start: int, number: int) -> None:
        body, cut = self._cut_hash(content)
        colon = body.find(":")
        if colon < 0:
            self._not_a_task(content, body, cut, start, number)
            return
        if not self._clean(body, start, number, colon_ok=True):
            return
        name = _unescape(body[:colon])
        if not name:
            self.problem("a task needs a name before `:`", number, start + 1, _SCORE_HINT)
            return
        pieces = body[colon + 1 :].split(":")
        offsets = [start + colon + 1]
        for piece in pieces[:-1]:
            offsets.append(offsets[-1] + len(piece) + 1)
        extra = [k for k in range(2, len(pieces)) if pieces[k].strip()]
        if extra:
            self.problem(
                "a task has at most two `:` (name: score: actors)",
                number,
                offsets[extra[0]],
                "write `#58;` for a colon in a name",
            )
            return
        raw_score = pieces[0]
        score_text = raw_score.strip()
        score_column = offsets[0] + len(raw_score) - len(raw_score.lstrip()) + 1
        if not re.fullmatch(r"[0-9]+", score_text, re.ASCII) or not 1 <= int(score_text) <= 5:
            message = (
                f"invalid score `{score_text}`: it must be a whole number from 1 to 5"
                if score_text
                else "a task needs a score from 1 to 5 after `:`"
            )
            self.problem(message, number, score_column, _SCORE_HINT)
            return
        actors: list[str] = []
        if len(pieces) > 1:
            for actor in pieces[1].split(","):
                value = _unescape(actor)
                if value and value not in actors:
                    actors.append(value)
        if not self.result.sections:
            self.problem(
                "task before any section",
                number,
                start + 1,
                "add a line `section <stage name>` above the first task",
            )
            return
        self.result.tasks.append(
            _Task(name, int(score_text), actors, len(self.result.sections) - 1, number)
        )


# --------------------------------------------------------------------------------------------
# Import: building the workspace
# --------------------------------------------------------------------------------------------


_BUILTIN_OWNERS = {s.id: s.owner_id for s in default_stages()}
_LABELS: dict[Locale, dict[str, str]] = {loc: labels("stage", loc) for loc in LOCALES}
_DECISION_WORD = re.compile(
    r"\b(purchas|decision|decid|buy\b|buying|osto|ostami|päätö|päättä|köp|beslut)"
)
_NOT_DECISION = re.compile(r"\b(after|post|jälkeen|repeat|uusinta|efter|återköp)")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _builtin(text: str) -> tuple[str, Locale | None] | None:
    """The built-in stage a section title names, and the language of the label it matched."""
    key = _fold(text)
    for locale, names in _LABELS.items():
        for stage_id, name in names.items():
            if key == name.casefold():
                return stage_id, locale
    slug = _slug(text, "")
    if slug in _BUILTIN_OWNERS:
        return slug, None
    return None


def _looks_like_decision(text: str) -> bool:
    folded = _fold(text)
    return bool(_DECISION_WORD.search(folded)) and not _NOT_DECISION.search(folded)


def _build(parsed: _Parsed, file: str, locale: Locale | None) -> Workspace:
    matches = [_builtin(s.title) for s in parsed.sections]
    if locale is None:
        votes: Counter[Locale] = Counter(m[1] for m in matches if m is not None and m[1])
        # the language most section titles are written in; English on a tie
        written: Locale = max(LOCALES, key=lambda loc: (votes[loc], loc == "en"))
        locale = written

    stage_ids: set[str] = set()
    stages: list[dict[str, Any]] = []
    for section, match in zip(parsed.sections, matches, strict=True):
        builtin = match[0] if match is not None and match[0] not in stage_ids else None
        if builtin is not None:
            stage_ids.add(builtin)
            stage: dict[str, Any] = {"id": builtin, "owner_id": _BUILTIN_OWNERS[builtin]}
            if section.title != _LABELS[locale][builtin]:
                stage["name"] = section.title
        else:
            stage = {"id": _unique(_slug(section.title, "stage"), stage_ids), "name": section.title}
        stages.append(stage)
    decision = next((k for k, s in enumerate(stages) if s["id"] == "purchase-decision"), None)
    if decision is None:
        decision = next(
            (k for k, s in enumerate(parsed.sections) if _looks_like_decision(s.title)), None
        )
    if decision is not None:
        stages[decision]["decision"] = True

    persona_ids: dict[str, str] = {}
    persona_lines: list[int] = []
    taken: set[str] = set()
    for task in parsed.tasks:
        for actor in task.actors:
            if actor not in persona_ids:
                persona_ids[actor] = _unique(_slug(actor, "persona"), taken)
                persona_lines.append(task.line)
    personas = [{"id": pid, "name": name} for name, pid in persona_ids.items()]

    taken = set()
    touchpoints: list[dict[str, Any]] = []
    for number, task in enumerate(parsed.tasks):
        tp: dict[str, Any] = {
            "id": _unique(_slug(task.name, "touchpoint"), taken),
            "name": task.name,
            "stage_id": stages[task.section]["id"],
            "persona_ids": [persona_ids[a] for a in task.actors],
            "emotion": score_to_emotion(task.score),
        }
        if number == 0:
            tp["entry"] = True
        touchpoints.append(tp)
    transitions = [
        {"from_id": a["id"], "to_id": b["id"]} for a, b in itertools.pairwise(touchpoints)
    ]

    data: dict[str, Any] = {
        "name": parsed.title or parsed.acc_title or UNTITLED,
        "locale": locale,
        "stages": stages,
        "personas": personas,
        "touchpoints": touchpoints,
        "transitions": transitions,
    }
    if parsed.acc_descr:
        data["description"] = parsed.acc_descr
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        lines = {
            "name": parsed.title_line,
            "description": parsed.acc_line,
            "stages": [s.line for s in parsed.sections],
            "personas": persona_lines,
            "touchpoints": [t.line for t in parsed.tasks],
        }
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            where = lines.get(str(loc[0])) if loc else None
            line = where[int(loc[1])] if isinstance(where, list) and len(loc) > 1 else where
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
            message, hint = explain_error(error, locale or "en", data)
            problems.append(
                Problem(message, path, file, line if isinstance(line, int) else None, hint=hint)
            )
        raise ModelError(problems, locale=locale or "en") from None


def from_mermaid_journey(
    text: str,
    *,
    name: str = "<string>",
    locale: Locale | None = None,
    limits: Limits | None = None,
) -> Workspace:
    """Read a Mermaid ``journey`` diagram into a workspace.

    ``title`` becomes the workspace name (``accTitle`` stands in when there is no title),
    ``accDescr`` its description. Sections become stages in order: a section titled like a
    built-in stage (its English or Finnish label, any case, or its id) is that stage, with
    its usual owner; any other gets an id made from its title. The stage that looks like the
    purchase decision (the built-in one, else the first whose title speaks of a purchase,
    decision, *osto* or *päätös*, but not of what comes after it) is marked ``decision``.
    Actors become personas and tasks touchpoints (ids made from their names, unique); a
    score s becomes emotion s − 3; the tasks are joined by transitions in document order and
    the first is the entry point.

    Example:
        >>> ws = from_mermaid_journey('''
        ... journey
        ...   title Demo
        ...   section Ostopäätös
        ...     Tarjous: 2: Päättäjä Pirjo
        ... ''')
        >>> ws.locale, ws.stages[0].id, ws.stages[0].decision, ws.touchpoints[0].emotion
        ('fi', 'purchase-decision', True, -1)

    Args:
        text: The Mermaid text.
        name: Where the text comes from, for error messages (a file name).
        locale: Language of the workspace's built-in labels; by default ``fi`` when more
            sections carry Finnish built-in labels than English ones, else ``en``.
        limits: Safety limits; only ``max_bytes`` applies.

    Raises:
        ModelError: naming the line and column of every problem: no ``journey`` header, an
            unknown directive, a task before any section, a score that is not a whole
            number from 1 to 5, a ``;`` or a section title with ``:``, a name too long for
            the model.
        InputLimitError: for text over ``limits.max_bytes``.
    """
    limit = (limits or Limits()).max_bytes
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        raise InputLimitError(Problem(f"input is over the limit of {limit:,} bytes", file=name))
    return _read_journey(text, name, locale)


def _read_journey(text: str, file: str, locale: Locale | None) -> Workspace:
    if _FENCE.search(text):  # Markdown, as `export mermaid --diagram markdown` writes it
        return from_mermaid_markdown(text, file, locale)
    parser = _Parser(text, file)
    parsed = parser.parse()
    if parser.problems:
        raise ModelError(parser.problems)
    return _build(parsed, file, locale)


def load_mermaid_journey(
    path: str | os.PathLike[str], *, locale: Locale | None = None, limits: Limits | None = None
) -> Workspace:
    """Read a Mermaid ``journey`` file (UTF-8) into a workspace; see :func:`from_mermaid_journey`.

    Raises:
        ModelError: for a file that cannot be read or is not a valid journey diagram.
        InputLimitError: for a file over ``limits.max_bytes``.
    """
    from ._fs import decode_utf8, read_regular

    target = Path(path)
    if not target.exists():
        raise ModelError(Problem("no such file", file=str(target)))
    limits = limits or Limits()
    # A regular file only (a FIFO or device is refused at once), its size checked first.
    hint = "a Mermaid diagram is small; raise the limit with `pj.Limits(max_bytes=…)`"
    raw = read_regular(
        target, limits.max_bytes, what="Mermaid file", limit_name="Limits.max_bytes", hint=hint
    )
    text = decode_utf8(raw, str(target))
    return _read_journey(text, str(target), locale)


# -- Import: Markdown with mermaid fences (what ``export mermaid --diagram markdown`` writes) ---

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<mark>`{3,}|~{3,})\s*mermaid\b[^\n]*$")
_NODE = re.compile(
    r'^\s*(?P<id>[A-Za-z][\w-]*)(?P<shape>\(\["|\[")(?P<label>.*?)(?:"\]\)|"\])\s*;?\s*$'
)
_EDGE = re.compile(
    r'^\s*(?P<a>[A-Za-z][\w-]*)\s+(?P<arrow>-->|==>)\s*(?:\|"(?P<label>.*?)"\|\s*)?'
    r"(?P<b>[A-Za-z][\w-]*)\s*;?\s*$"
)
_SKIP = re.compile(r"^\s*(?:subgraph\b.*|end|flowchart\b.*|graph\b.*|%%.*|)\s*$")


@dataclass(frozen=True, slots=True)
class Fence:
    """A ```` ```mermaid ```` fence: the line its content starts on, and the content."""

    line: int
    text: str

    @property
    def kind(self) -> str:
        """``journey``, ``flowchart`` or ``other``: the diagram the fence holds."""
        lines = self.text.splitlines()
        inside_front_matter = bool(lines) and lines[0].strip() == "---"
        for number, raw in enumerate(lines):
            line = raw.strip()
            if inside_front_matter:
                if number > 0 and line == "---":
                    inside_front_matter = False
                continue
            if not line or line.startswith("%%"):
                continue
            word = line.split()[0].lower()
            if word == "journey":
                return "journey"
            if word in ("flowchart", "graph"):
                return "flowchart"
            return "other"
        return "other"


def fences(text: str) -> list[Fence]:
    """The ``mermaid`` fences of a Markdown text, in order (an unclosed fence runs to the end,
    as CommonMark reads it)."""
    out: list[Fence] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _OPEN.match(lines[index])
        if match is None:
            index += 1
            continue
        mark = match["mark"]
        close = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
        start = index + 1
        end = start
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        out.append(Fence(start + 1, "\n".join(lines[start:end])))
        index = end + 1
    return out


def _flow(fence: Fence, file: str) -> tuple[list[tuple[str, str, int]], set[int], list[Any]]:
    """The nodes (id, label, line) in order, the positions of entry nodes, and the edges
    (``from`` and ``to`` as node positions) of a flowchart fence."""
    labels: dict[str, tuple[str, str, int]] = {}
    entries: set[str] = set()
    edges: list[dict[str, Any]] = []
    problems: list[Problem] = []
    body = fence.text.splitlines()
    start = 0
    if body and body[0].strip() == "---":  # front matter: the title
        start = next((k + 1 for k in range(1, len(body)) if body[k].strip() == "---"), 0)
    for offset, raw in enumerate(body[start:], start=start):
        line_no = fence.line + offset
        node, edge = _NODE.match(raw), _EDGE.match(raw)
        if node is not None:
            labels[node["id"]] = (node["id"], _unescape(node["label"]), line_no)
            if node["shape"] == '(["':
                entries.add(node["id"])
        elif edge is not None:
            for end in [e for e in (edge["a"], edge["b"]) if e not in labels]:
                message = f"edge from or to `{end}`, a node not declared above it"
                problems.append(Problem(message, file=file, line=line_no))
            edge_data: dict[str, Any] = {"from": edge["a"], "to": edge["b"], "line": line_no}
            if edge["arrow"] == "==>":
                edge_data["handoff"] = True
            if edge["label"]:
                edge_data["label"] = _unescape(edge["label"])
            edges.append(edge_data)
        elif not _SKIP.match(raw):
            problems.append(
                Problem(
                    "a flowchart line this import does not read",
                    file=file,
                    line=line_no,
                    hint='nodes are `n1["Name"]` or `n1(["Name"])`, edges `n1 --> n2`, '
                    '`n1 ==> n2` or `n1 -->|"label"| n2`, as `export mermaid` writes them',
                )
            )
    if problems:
        raise ModelError(problems)
    order = {node: position for position, node in enumerate(labels)}
    return (
        list(labels.values()),
        {order[node] for node in entries},
        [e | {"from": order[e["from"]], "to": order[e["to"]]} for e in edges],
    )


def from_mermaid_markdown(text: str, file: str, locale: Locale | None = None) -> Workspace:
    """Read a Markdown text with a ``journey`` fence (and optionally its ``flowchart``).

    Raises:
        ModelError: when there is no ``journey`` fence, when the flowchart's nodes are not
            the journey's tasks in the same order, or for a line either fence cannot hold;
            each problem at its line of the Markdown file.
    """
    found = fences(text)
    journeys = [f for f in found if f.kind == "journey"]
    flows = [f for f in found if f.kind == "flowchart"]
    if not journeys:
        raise ModelError(
            Problem(
                "no ```mermaid fence holding a `journey` diagram",
                file=file,
                line=found[0].line if found else None,
                hint="the file needs a journey diagram: `personajourney export mermaid "
                "--diagram markdown` writes one",
            )
        )
    journey = journeys[0]
    # Blank lines before the fence's text keep every error at its line in the file.
    ws = _read_journey("\n" * (journey.line - 1) + journey.text, file, locale)
    if not flows:
        return ws
    nodes, entries, edges = _flow(flows[0], file)
    touchpoints = ws.touchpoints
    differs = [(n, tp) for n, tp in zip(nodes, touchpoints, strict=False) if n[1] != tp.name]
    if differs or len(nodes) != len(touchpoints):
        (node, label, line), tp = differs[0] if differs else ((None, None, flows[0].line), None)
        at = touchpoints.index(tp) + 1 if tp is not None else 0
        message = (
            f"flowchart node `{node}` is {label!r}, but the journey's task {at} is {tp.name!r}"
            if tp is not None
            else f"the flowchart has {len(nodes)} nodes for the journey's {len(touchpoints)} tasks"
        )
        hint = "export both from the same workspace, or remove the flowchart fence"
        raise ModelError(Problem(message, file=file, line=line, hint=hint))
    data = ws.model_dump(mode="json", exclude_defaults=True)
    for index, tp in enumerate(data["touchpoints"]):  # the flowchart says where journeys start
        tp.pop("entry", None)
        if index in entries:
            tp["entry"] = True
    data["transitions"] = [
        {
            "from_id": touchpoints[e["from"]].id,
            "to_id": touchpoints[e["to"]].id,
            **({"handoff": True} if e.get("handoff") else {}),
            **({"label": e["label"]} if e.get("label") else {}),
        }
        for e in edges
    ]
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(str(error["msg"]), file=file, line=edges[int(error["loc"][1])]["line"])
            if error["loc"][:1] == ("transitions",) and len(error["loc"]) > 1
            else Problem(str(error["msg"]), file=file, line=flows[0].line)
            for error in exc.errors(include_url=False)
        ]
        raise ModelError(problems) from None
