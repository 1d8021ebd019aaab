"""The findings of a check report, indexed by what the diagrams draw them on."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...checks.report import Report
from ...graph.keys import node_key

#: Flow findings that outline a touchpoint in red (J010: the touchpoints a break strands).
_FLOW_CODES = frozenset({"J010", "J011", "J013", "J014"})


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
                for node in nodes[2:]:  # the touchpoints the break strands
                    _add(out.touchpoint, node.partition(":")[2], code)
            elif code == "J014":  # one finding for the journey or a persona: each touchpoint
                for node in nodes:
                    if node.startswith("touchpoint:"):
                        _add(out.touchpoint, node.partition(":")[2], code)
            elif code == "J001" and kind == "stage":
                _add(out.stage, main, code)
            elif (
                code == "J002"
                and persona_id is not None
                and nodes[0] == node_key("persona", persona_id)
            ):
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
