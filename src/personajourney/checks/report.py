"""Running the checks: :func:`run_checks`, the :class:`Report`, coverage and score.

Score formula (0–100, documented in ``docs/reference/score.md``)::

    persona   = covered (persona, stage) cells / all (persona, stage) cells
    member    = Σ influence(m, s) over covered (member, active stage) cells
                / Σ influence(m, s) over all (member, active stage) cells
    motives   = Σ weight of addressed motive links / Σ weight of all motive links
                (weight: strength for personas, strength × influence for members; a link is
                addressed when a touchpoint that reaches its holder addresses the motive)
    flow      = ½ · (consecutive stage pairs joined by a transition / (stages − 1))
              + ½ · (touchpoints reachable from an entry point / touchpoints)
    score     = round(100 · mean of the components that are defined)

A component is left out when its denominator is zero (no personas, no members…).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models.labels import label
from ..models.vocab import Severity
from ..models.workspace import CheckSettings, Workspace
from .context import Context
from .registry import DOCS_URL, Finding, rules, select_rules

__all__ = ["Coverage", "CoverageCell", "Report", "run_checks"]


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
    """1 for personas; the member's influence in the stage (0 where not active)."""

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
        ``·`` where the member is not active and end with an ``influence`` column (the
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
                if members and c.weight == 0:
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
        parts = []
        for kind in ("persona", "member"):
            if not self.rows(kind):
                continue
            table = self.table(kind)
            head = "".join(f"<th>{html.escape(h)}</th>" for h in table[0])
            body = []
            for row in table[1:]:
                tds = [f"<th>{html.escape(row[0])}</th>"]
                for text in row[1:]:
                    empty = text == "0"
                    style = ' style="background:#fde2e1"' if empty else ""
                    tds.append(f"<td{style}>{html.escape(text)}</td>")
                body.append("<tr>" + "".join(tds) + "</tr>")
            parts.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            )
        return "".join(parts) or "<p>No personas or members.</p>"


def _coverage(ctx: Context) -> Coverage:
    stages = [s.id for s in ctx.stages]
    cells: list[CoverageCell] = []
    for persona in ctx.ws.personas:
        counts = Counter(ctx.tp_stage[i] for i in ctx.persona_tps[persona.id])
        for k, stage in enumerate(stages):
            cells.append(CoverageCell("persona", persona.id, stage, counts.get(k, 0), 1.0))
    for _, member in ctx.members:
        counts = Counter(ctx.tp_stage[i] for i in ctx.member_tps[member.id])
        for k, stage in enumerate(stages):
            weight = member.influence_at(stage) if member.is_active_in(stage) else 0.0
            cells.append(CoverageCell("member", member.id, stage, counts.get(k, 0), weight))
    return Coverage(tuple(stages), tuple(cells))


def _score(ctx: Context, coverage: Coverage) -> tuple[int | None, dict[str, float]]:
    parts: dict[str, float] = {}
    persona_cells = [c for c in coverage.cells if c.kind == "persona"]
    if persona_cells:
        parts["persona"] = sum(c.covered for c in persona_cells) / len(persona_cells)
    member_cells = [c for c in coverage.cells if c.kind == "member" and c.weight > 0]
    total = sum(c.weight for c in member_cells)
    if total > 0:
        parts["member"] = sum(c.weight for c in member_cells if c.covered) / total
    weights = 0.0
    addressed = 0.0
    for persona in ctx.ws.personas:
        said = ctx.motives_for("persona", persona.id, persona.avoided_channel_ids)
        for link in persona.motives:
            weights += link.strength
            addressed += link.strength if link.motive_id in said else 0.0
    for _, member in ctx.members:
        influence = ctx.member_influence(member)
        said = ctx.motives_for("member", member.id, member.avoided_channel_ids)
        for link in member.motives:
            weights += link.strength * influence
            addressed += link.strength * influence if link.motive_id in said else 0.0
    if weights > 0:
        parts["motives"] = addressed / weights
    if ctx.tps and len(ctx.stages) > 1:
        pairs = sum((k, k + 1) in ctx.stage_links for k in range(len(ctx.stages) - 1))
        linked = pairs / (len(ctx.stages) - 1)
        reachable = sum(ctx.reachable_from_entries) / len(ctx.tps)
        parts["flow"] = 0.5 * linked + 0.5 * reachable
    if not parts:
        return None, parts
    score = round(100 * sum(parts.values()) / len(parts))
    return score, {k: round(v, 4) for k, v in parts.items()}


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
        }

    def to_json(self) -> str:
        """Deterministic JSON of the whole report."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        """The report as GitHub-flavoured Markdown (for a CI job summary or a pull request)."""
        loc = self.locale
        lines = [f"# Check report: {_md(self.workspace_name)}", ""]
        summary = ", ".join(
            f"{self.counts[s.value]} {label('severity', s.value, loc).lower()}" for s in Severity
        )
        lines += [f"**{len(self.findings)} findings** ({summary}); score **{self.score}**/100", ""]
        for severity in Severity:
            group = [f for f in self.findings if f.severity == severity]
            if not group:
                continue
            lines += [f"## {label('severity', severity.value, loc)} ({len(group)})", ""]
            lines += ["| code | message | where | hint |", "| --- | --- | --- | --- |"]
            for f in group:
                lines.append(
                    f"| [{f.code}]({f.url}) | {_md(f.message)} | {_md(f.location)} | "
                    f"{_md(f.hint)} |"
                )
            lines.append("")
        for kind in ("persona", "member"):
            if not self.coverage.rows(kind):
                continue
            table = self.coverage.table(kind)
            lines += [f"## Coverage: stage × {kind}", ""]
            lines.append("| " + " | ".join(_md(h) for h in table[0]) + " |")
            lines.append("|" + " --- |" * len(table[0]))
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in table[1:]]
            lines.append("")
        return "\n".join(lines)

    def to_sarif(self) -> str:
        """SARIF 2.1.0, so a CI (GitHub code scanning…) can annotate the YAML lines."""
        from .._version import __version__

        level = {"error": "error", "warning": "warning", "info": "note"}
        used = sorted({f.code for f in self.findings})
        registry = {r.code: r for r in rules()}
        results = []
        for f in self.findings:
            result: dict[str, Any] = {
                "ruleId": f.code,
                "ruleIndex": used.index(f.code),
                "level": level[f.severity.value],
                "message": {"text": f"{f.message} ({f.hint})" if f.hint else f.message},
                "properties": {"nodes": list(f.nodes)},
            }
            if f.file is not None:
                region = {"startLine": f.line} if f.line is not None else {}
                result["locations"] = [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(f.file)},
                            "region": region,
                        }
                    }
                ]
            results.append(result)
        sarif = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "personajourney",
                            "version": __version__,
                            "informationUri": "https://personajourney.readthedocs.io/",
                            "rules": [
                                {
                                    "id": code,
                                    "name": registry[code].name,
                                    "shortDescription": {"text": registry[code].summary},
                                    "helpUri": f"{DOCS_URL}#{code.lower()}",
                                    "defaultConfiguration": {
                                        "level": level[registry[code].severity.value]
                                    },
                                }
                                for code in used
                            ],
                        }
                    },
                    "results": results,
                }
            ],
        }
        return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """Plain text, grouped by severity, with a summary line (no colours)."""
        out = []
        for severity in Severity:
            group = [f for f in self.findings if f.severity == severity]
            if not group:
                continue
            out.append(f"{label('severity', severity.value, self.locale)} ({len(group)})")
            for f in group:
                where = f"{f.location}: " if f.location else ""
                out.append(f"  {where}{f.code} {f.message}")
                if f.hint:
                    out.append(f"      hint: {f.hint}")
            out.append("")
        out.append(self.summary_line())
        return "\n".join(out) + "\n"

    def summary_line(self) -> str:
        c = self.counts
        score = "n/a" if self.score is None else f"{self.score}/100"

        def count(n: int, word: str) -> str:
            return f"{n} {word}" if n == 1 else f"{n} {word}s"

        return (
            f"{count(len(self.findings), 'finding')}: {count(c['error'], 'error')}, "
            f"{count(c['warning'], 'warning')}, {c['info']} info; score {score}"
        )

    def _repr_html_(self) -> str:
        colours = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}
        rows = []
        for f in self.findings:
            rows.append(
                "<tr>"
                f'<td style="color:{colours[f.severity.value]}">'
                f"{html.escape(f.severity.value)}</td>"
                f'<td><a href="{html.escape(f.url)}">{html.escape(f.code)}</a></td>'
                f"<td>{html.escape(f.message)}</td>"
                f"<td>{html.escape(f.location)}</td>"
                f"<td>{html.escape(f.hint)}</td>"
                "</tr>"
            )
        head = "<tr><th>severity</th><th>code</th><th>message</th><th>where</th><th>hint</th></tr>"
        return (
            f"<div><p><b>{html.escape(self.summary_line())}</b></p>"
            f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
            f"{self.coverage._repr_html_()}</div>"
        )


def _md(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def _uri(file: str) -> str:
    """A SARIF artifact URI: relative to the working folder when inside it, with slashes."""
    from pathlib import Path

    path = Path(file)
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri() if path.is_absolute() else path.as_posix()
    return relative.as_posix()


def run_checks(
    workspace: Workspace,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    settings: CheckSettings | None = None,
) -> Report:
    """Run the gap checks on a workspace. Never raises for model content.

    Selection works like ruff: ``select`` and ``ignore`` take codes or prefixes (``"J"``,
    ``"C002"``). ``select`` given here replaces the workspace's ``checks.select``;
    ``ignore`` is added to ``checks.ignore``; ``severity`` overrides are merged over the
    workspace's.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])
        >>> report = pj.run_checks(ws, select=["P"])
        >>> [f.code for f in report.findings]
        ['P001', 'P003', 'P002']

    Raises:
        UnknownRuleError: if a code or prefix matches no rule (a usage error, not a finding).
    """
    base = settings or workspace.checks
    chosen = list(
        select_rules(
            base.select if select is None else select,
            [*base.ignore, *(ignore or [])],
            {**base.severity, **(severity or {})},
        )
    )
    ctx = Context(workspace, base)
    findings: list[Finding] = []
    locations = workspace._locations
    for candidate, level in chosen:
        for draft in candidate.func(ctx):
            where = locations.get(draft.where or draft.nodes[0])
            findings.append(
                Finding(
                    code=candidate.code,
                    name=candidate.name,
                    severity=level,
                    message=draft.message,
                    nodes=draft.nodes,
                    hint=draft.hint,
                    file=where.file if where else None,
                    line=where.line if where else None,
                    weight=draft.weight,
                )
            )
    findings.sort(key=Finding.sort_key)
    coverage = _coverage(ctx)
    score, parts = _score(ctx, coverage)
    return Report(
        workspace_name=workspace.name,
        findings=findings,
        coverage=coverage,
        score=score,
        score_parts=parts,
        rules_run=[r.code for r, _ in chosen],
        locale=workspace.locale,
        fail_on=base.fail_on,
        stage_labels=[workspace.label_of(s) for s in workspace.stages],
    )
