"""Running the checks: :func:`run_checks`, the coverage matrix and the score.

The score and the health are computed in :mod:`personajourney.checks.scoring` (formula
there and in ``docs/reference/score.md``).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Mapping

from ..graph.keys import parse_node_key
from ..models.evidence import Observation
from ..models.vocab import Severity
from ..models.workspace import CheckSettings, Workspace
from .base import Finding, Rule, RuleContext
from .registry import select_rules
from .report import Coverage, CoverageCell, Report
from .scoring import MEASURED_CODES, health, score

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


def _findings(
    workspace: Workspace, ctx: RuleContext, chosen: Iterable[tuple[Rule, Severity]]
) -> list[Finding]:
    findings: list[Finding] = []
    for candidate, level in chosen:
        for draft in candidate.func(ctx):
            key = draft.where or (draft.nodes[0] if draft.nodes else None)
            where = workspace.location_of(*parse_node_key(key)) if key else None
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
    return findings


def run_checks(
    workspace: Workspace,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, Severity | str] | None = None,
    settings: CheckSettings | None = None,
    observation: Observation | None = None,
) -> Report:
    """Run the gap checks on a workspace. Never raises for model content.

    Selection works like ruff: ``select`` and ``ignore`` take codes or prefixes (``"J"``,
    ``"C002"``). ``select`` given here replaces the workspace's ``checks.select``;
    ``ignore`` is added to ``checks.ignore``; ``severity`` overrides are merged over the
    workspace's. The evidence rules (area E) need ``observation``, what an event log showed
    (:func:`personajourney.evidence` passes it); without one they do not run.

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
        return _run_checks(workspace, select, ignore, severity, settings, observation)
    finally:
        if collecting:
            gc.enable()


def _run_checks(
    workspace: Workspace,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    severity: Mapping[str, Severity | str] | None,
    settings: CheckSettings | None,
    observation: Observation | None = None,
) -> Report:
    base = settings or workspace.checks
    chosen = list(
        select_rules(
            base.select if select is None else select,
            [*base.ignore, *(ignore or [])],
            {**base.severity, **(severity or {})},
        )
    )
    if observation is None:
        # The evidence rules (area E) read an event log: without one they do not run, and
        # the report does not count them as run.
        chosen = [(r, level) for r, level in chosen if r.area != "Evidence"]
    ctx = RuleContext(workspace, base, observation)
    findings = _findings(workspace, ctx, chosen)
    findings.sort(key=Finding.sort_key)
    table = coverage(ctx)
    # The score weighs every rule at the model file's severities, whatever this run selects,
    # so that --select, --ignore and --severity change what is shown, not the score.
    weighed = [
        (r, level)
        for r, level in select_rules([], [], base.severity)
        if observation is not None or r.area != "Evidence"
    ]
    if [(r.code, lv) for r, lv in weighed] == [(r.code, lv) for r, lv in chosen]:
        counted = findings
    else:
        counted = _findings(workspace, ctx, [p for p in weighed if p[0].code not in MEASURED_CODES])
    total, parts = score(ctx, table, counted)
    fit, fit_parts = health(ctx)
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
        health=fit,
        health_parts=fit_parts,
    )
