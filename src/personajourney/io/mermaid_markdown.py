"""Reading back what ``export mermaid --diagram markdown`` writes.

A Markdown file with a ```` ```mermaid ```` fence holding a ``journey`` diagram, and
optionally a second fence holding the ``flowchart`` of the same journey: the journey gives
the stages, personas and touchpoints (as :func:`~personajourney.io.mermaid.from_mermaid_journey`
reads them), the flowchart the transitions between them (``-->``, hand-offs ``==>``, labels
``-->|"…"|``) and the entry points (stadium-shaped nodes, ``(["…"])``), so the flow survives
the round trip instead of becoming one chain in document order.

Errors name lines of the Markdown file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..errors import ModelError, Problem
from ..i18n import Locale
from ..models.workspace import Workspace
from .mermaid import _read_journey, _unescape

__all__ = ["Fence", "fences", "from_mermaid_markdown", "is_markdown"]

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


def is_markdown(text: str) -> bool:
    """True if ``text`` holds a ```` ```mermaid ```` fence (so it is Markdown, not a bare
    diagram)."""
    return any(_OPEN.match(line) for line in text.splitlines())


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


def _flow(fence: Fence, file: str) -> tuple[list[str], set[int], list[dict[str, Any]]]:
    """Node labels in order, the positions of entry nodes, and the edges (``from`` and
    ``to`` as node positions) of a flowchart fence."""
    labels: dict[str, str] = {}
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
            labels[node["id"]] = _unescape(node["label"])
            if node["shape"] == '(["':
                entries.add(node["id"])
        elif edge is not None:
            for end in ("a", "b"):
                if edge[end] not in labels:
                    problems.append(
                        Problem(
                            f"edge from or to `{edge[end]}`, a node not declared above it",
                            file=file,
                            line=line_no,
                        )
                    )
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
    names, entries, edges = _flow(flows[0], file)
    touchpoints = ws.touchpoints
    mismatch = len(names) != len(touchpoints) or any(
        name != tp.name for name, tp in zip(names, touchpoints, strict=False)
    )
    if mismatch:
        raise ModelError(
            Problem(
                f"the flowchart does not match the journey: it has {len(names)} nodes "
                f"for the journey's {len(touchpoints)} tasks, or names them differently",
                file=file,
                line=flows[0].line,
                hint="export both from the same workspace, or remove the flowchart fence",
            )
        )
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
