"""Running the checks: :func:`run_checks`, the coverage matrix and the score.

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

import gc
from collections import Counter
from collections.abc import Iterable, Mapping

from ..graph.keys import parse_node_key
from ..models.vocab import Severity
from ..models.workspace import CheckSettings, Workspace
from .base import Finding, RuleContext
from .registry import select_rules
from .report import Coverage, CoverageCell, Report

__all__ = ["coverage", "run_checks", "score"]


def coverage(ctx: RuleContext) -> Coverage:
    """Stage × persona and stage × member coverage (members weighted by influence)."""
    stages = [s.id for s in ctx.stages]
    cells: list[CoverageCell] = []
    participation = ctx.persona_stages
    excluded = ctx.excluded_personas
    for persona in ctx.ws.personas:
        counts = Counter(ctx.tp_stage[i] for i in ctx.persona_tps[persona.id])
        involved = frozenset() if persona.id in excluded else participation[persona.id]
        for k, stage in enumerate(stages):
            weight = 1.0 if k in involved else 0.0
            cells.append(CoverageCell("persona", persona.id, stage, counts.get(k, 0), weight))
    for _, member in ctx.members:
        counts = Counter(ctx.tp_stage[i] for i in ctx.member_tps[member.id])
        for k, stage in enumerate(stages):
            active = member.is_active_in(stage) and member.id not in ctx.excluded_members
            weight = member.influence_at(stage) if active else 0.0
            cells.append(CoverageCell("member", member.id, stage, counts.get(k, 0), weight))
    return Coverage(tuple(stages), tuple(cells))


def score(ctx: RuleContext, table: Coverage) -> tuple[int | None, dict[str, float]]:
    """The 0–100 score and its parts (see the module docstring); ``None`` when undefined."""
    parts: dict[str, float] = {}
    persona_cells = [c for c in table.cells if c.kind == "persona" and c.weight > 0]
    if persona_cells:
        parts["persona"] = sum(c.covered for c in persona_cells) / len(persona_cells)
    member_cells = [c for c in table.cells if c.kind == "member" and c.weight > 0]
    total = sum(c.weight for c in member_cells)
    if total > 0:
        parts["member"] = sum(c.weight for c in member_cells if c.covered) / total
    weights = 0.0
    addressed = 0.0
    for persona in ctx.ws.personas:
        if persona.id in ctx.excluded_personas:
            continue
        said = ctx.motives_for("persona", persona.id, persona.avoided_channel_ids)
        for link in persona.motives:
            weights += link.strength
            addressed += link.strength if link.motive_id in said else 0.0
    for _, member in ctx.members:
        if member.id in ctx.excluded_members:
            continue
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
    overall = round(100 * sum(parts.values()) / len(parts))
    return overall, {k: round(v, 4) for k, v in parts.items()}


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
    # The rules make many small objects and free few: the cyclic garbage collector would walk
    # the whole heap (the workspace too) again and again, which grew faster than the input.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_checks(workspace, select, ignore, severity, settings)
    finally:
        if collecting:
            gc.enable()


def _run_checks(
    workspace: Workspace,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    severity: Mapping[str, Severity | str] | None,
    settings: CheckSettings | None,
) -> Report:
    base = settings or workspace.checks
    chosen = list(
        select_rules(
            base.select if select is None else select,
            [*base.ignore, *(ignore or [])],
            {**base.severity, **(severity or {})},
        )
    )
    ctx = RuleContext(workspace, base)
    findings: list[Finding] = []
    for candidate, level in chosen:
        for draft in candidate.func(ctx):
            where = workspace.location_of(*parse_node_key(draft.where or draft.nodes[0]))
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
    table = coverage(ctx)
    total, parts = score(ctx, table)
    return Report(
        workspace_name=workspace.name,
        findings=findings,
        coverage=table,
        score=total,
        score_parts=parts,
        rules_run=[r.code for r, _ in chosen],
        locale=workspace.locale,
        fail_on=base.fail_on,
        stage_labels=[workspace.label_of(s) for s in workspace.stages],
    )
