"""The report of a check run: findings, the coverage matrix and the score, as data.

:func:`~personajourney.run_checks` (in :mod:`personajourney.checks.runner`) makes it; each
output format is one function of :mod:`personajourney.checks.output`, which the ``to_*``
methods call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models.vocab import Severity
from . import output
from .base import Finding

__all__ = ["Coverage", "CoverageCell", "Report"]


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """One cell of the coverage matrix: one persona or member in one stage."""

    kind: str
    """``persona`` or ``member``."""
    id: str
    stage: str
    touchpoints: int
    """How many touchpoints in the stage reach them."""
    weight: float
    """1 for personas in the stages they take part in; the member's influence in the stage;
    0 where the persona or member is not involved."""

    @property
    def covered(self) -> bool:
        return self.touchpoints > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "stage": self.stage,
            "touchpoints": self.touchpoints,
            "weight": self.weight,
            "covered": self.covered,
        }


@dataclass(frozen=True)
class Coverage:
    """Stage × persona and stage × member coverage (influence-weighted for members)."""

    stages: tuple[str, ...]
    cells: tuple[CoverageCell, ...]

    def rows(self, kind: str) -> list[str]:
        seen: dict[str, None] = {}
        for cell in self.cells:
            if cell.kind == kind:
                seen.setdefault(cell.id, None)
        return list(seen)

    def cell(self, kind: str, id: str, stage: str) -> CoverageCell:
        for c in self.cells:
            if (c.kind, c.id, c.stage) == (kind, id, stage):
                return c
        raise KeyError((kind, id, stage))

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per cell, ready for ``pandas.DataFrame``."""
        return [c.to_dict() for c in self.cells]

    def table(self, kind: str) -> list[list[str]]:
        """Rows of text for one kind: a header row, then one row per persona or member.

        Cells count the touchpoints that reach the row in each stage. Member tables show
        ``·`` where the persona or member takes no part and end with an ``influence`` column (the
        member's influence, or its range over the stages they are active in).
        """
        index = {(c.id, c.stage): c for c in self.cells if c.kind == kind}
        members = kind == "member"
        out = [[kind, *self.stages, *(["influence"] if members else [])]]
        for row in self.rows(kind):
            cells = []
            weights = []
            for stage in self.stages:
                c = index[(row, stage)]
                if c.weight == 0:
                    cells.append("·")
                    continue
                cells.append(str(c.touchpoints))
                weights.append(c.weight)
            if members:
                low, high = min(weights, default=0.0), max(weights, default=0.0)
                cells.append(f"{low:.2g}" if low == high else f"{low:.2g}–{high:.2g}")
            out.append([row, *cells])
        return out

    def _repr_html_(self) -> str:
        return output.coverage_html(self)


@dataclass
class Report:
    """The result of :func:`run_checks`: findings, coverage and score.

    In Jupyter it shows itself as a table; :meth:`to_records` gives plain dicts for pandas.
    """

    workspace_name: str
    findings: list[Finding]
    coverage: Coverage
    score: int | None
    score_parts: dict[str, float]
    rules_run: list[str]
    locale: str = "en"
    fail_on: Severity = Severity.ERROR
    stage_labels: list[str] = field(default_factory=list)
    """Display names of the stages, in the workspace's locale."""
    health: int | None = None
    """The model's health, 0–100: ownership, hand-offs and provenance (see
    ``docs/reference/score.md``); ``None`` when undefined."""
    health_parts: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        tally = Counter(f.severity.value for f in self.findings)
        self.counts = {s.value: tally.get(s.value, 0) for s in Severity}

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Any:
        return iter(self.findings)

    def by_code(self, prefix: str) -> list[Finding]:
        """Findings whose code starts with ``prefix``."""
        return [f for f in self.findings if f.code.startswith(prefix.upper())]

    def failed(self, fail_on: Severity | str | None = None) -> bool:
        """True if any finding is at or above ``fail_on`` (default: the workspace setting)."""
        level = Severity(fail_on) if fail_on is not None else self.fail_on
        return any(f.severity.rank >= level.rank for f in self.findings)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per finding, ready for ``pandas.DataFrame(report.to_records())``."""
        return [f.to_dict() for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace_name,
            "summary": {**self.counts, "total": len(self.findings)},
            "score": self.score,
            "score_parts": self.score_parts,
            "rules_run": self.rules_run,
            "findings": self.to_records(),
            "coverage": self.coverage.to_records(),
            "health": self.health,
            "health_parts": self.health_parts,
        }

    def to_json(self) -> str:
        """Deterministic JSON of the whole report."""
        return output.json_text(self)

    def to_markdown(self) -> str:
        """The report as GitHub-flavoured Markdown (for a CI job summary or a pull request)."""
        return output.markdown(self)

    def to_sarif(self) -> str:
        """SARIF 2.1.0, so a CI (GitHub code scanning…) can annotate the YAML lines."""
        return output.sarif(self)

    def to_text(self) -> str:
        """Plain text, grouped by severity, with a summary line (no colours)."""
        return output.text(self)

    def summary_line(self) -> str:
        """``7 findings: 0 errors, 5 warnings, 2 info; score 90/100``."""
        return output.summary_line(self)

    def _repr_html_(self) -> str:
        return output.html_table(self)
