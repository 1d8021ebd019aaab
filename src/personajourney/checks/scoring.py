"""The score and the model's health: two figures, documented in ``docs/reference/score.md``.

Score (0–100): how well the journey serves the buyers it targets, weighed by what is at
stake, discounted for the gaps that no part measures::

    stake     persona: from its segments (priority 1–5 → 1.5 … 0.5, × value factor
                0.5 + value / largest value, when values are known); the largest over
                its segments that are not excluded; 1 when it is in none
              member: the stake of its committee (the same, from the committee's
                segments), × influence
    persona   = Σ stake over covered (persona, stage it takes part in) cells
                / Σ stake over all such cells (excluded personas left out)
    member    = Σ influence(m, s) · stake over covered (member, active stage) cells
                / Σ over all such cells (excluded members left out)
    motives   = Σ weight · stake of addressed motive links / Σ weight · stake of all links
    flow      = ½ · (consecutive stage pairs joined / (stages − 1))
              + ½ · (touchpoints reachable from an entry point / touchpoints)
    ownership = (stages with an owner + touchpoints with an effective owner)
                / (stages + touchpoints)
    handoffs  = transitions between two owners with an agreed hand-off
                / transitions between two owners
    base      = mean of the parts that are defined
    causes    = the findings of rules no part measures, one per cause (see :func:`causes`)
    gaps      = Σ over causes of severity (error 1, warning 0.3, info 0.05) × stake
    findings  = 1 / (1 + gaps / size),  size = max(5, (stages + personas + members
                + touchpoints) / 2)
    score     = round(100 · base · findings)

Health (0–100): how well the model is kept, apart from what it covers::

    ownership, handoffs  as above
    provenance = mean over personas of asserted 0, researched 0.75, measured 1
    health     = round(100 · mean of the parts that are defined)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..graph.keys import parse_node_key
from ..models.vocab import ProvenanceKind, Severity
from .base import Finding, RuleContext
from .report import Coverage

__all__ = ["MEASURED_CODES", "causes", "health", "score", "stakes"]

#: Rules whose gaps a part of the score already measures: their findings do not count again.
MEASURED_CODES = frozenset(
    {
        "J002",  # persona coverage
        "P003",
        "C001",  # member coverage
        "C002",
        "J003",
        "M001",  # motives
        "M002",
        "J010",  # flow
        "J011",
        "J012",
        "O001",  # ownership
        "O002",
        "O003",  # hand-offs
    }
)

#: What a finding of each severity costs before its stake.
SEVERITY_COST = {Severity.ERROR: 1.0, Severity.WARNING: 0.3, Severity.INFO: 0.05}

#: Stake of a segment by its priority (1 highest … 5 lowest); no priority counts as 3.
PRIORITY_STAKE = {1: 1.5, 2: 1.25, 3: 1.0, 4: 0.75, 5: 0.5}

_PROVENANCE = {ProvenanceKind.ASSERTED: 0.0, ProvenanceKind.RESEARCHED: 0.75}


def stakes(ctx: RuleContext) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """What is at stake: (segment id → stake, persona id → stake, committee id → stake).

    A segment's stake is :data:`PRIORITY_STAKE` of its priority, times ``0.5 + value /
    largest value`` when the workspace gives values (a segment without one counts as the
    mean). A persona or committee takes the largest stake of the segments (not excluded)
    that name it, or 1 when none does.
    """
    values = [s.estimated_value for s in ctx.ws.segments if s.estimated_value is not None]
    top = max(values, default=0.0)
    mean = sum(values) / len(values) if values else 0.0
    segment: dict[str, float] = {}
    for s in ctx.ws.segments:
        stake = PRIORITY_STAKE[s.priority or 3]
        if top > 0:
            value = s.estimated_value if s.estimated_value is not None else mean
            stake *= 0.5 + value / top
        segment[s.id] = stake
    persona: dict[str, float] = {}
    committee: dict[str, float] = {}
    for s in ctx.ws.segments:
        if s.excluded:
            continue
        for p in s.persona_ids:
            persona[p] = max(persona.get(p, 0.0), segment[s.id])
        for c in s.committee_ids:
            committee[c] = max(committee.get(c, 0.0), segment[s.id])
    return (
        segment,
        {p.id: persona.get(p.id, 1.0) for p in ctx.ws.personas},
        {c.id: committee.get(c.id, 1.0) for c in ctx.ws.committees},
    )


def causes(ctx: RuleContext, findings: Iterable[Finding]) -> dict[str, float]:
    """The cost of each cause among ``findings`` (cause key → cost), counting each once.

    A finding's cause is the thing it is about (its first node); several findings about one
    thing count once, at the highest cost. Findings of :data:`MEASURED_CODES` are left out:
    a part of the score measures them. The cost is :data:`SEVERITY_COST` × the stake of the
    thing: a persona's or segment's stake (:func:`stakes`), ``0.5 + influence`` for a
    member (times its committee's stake), else 1; 0 for an excluded persona or member (not
    to be targeted, so its gaps cost nothing).
    """
    segment, persona, committee = stakes(ctx)
    committee_of = {m.id: c for c, m in ctx.members}
    out: dict[str, float] = {}
    for finding in findings:
        if finding.code in MEASURED_CODES or not finding.nodes:
            continue
        main = finding.nodes[0]
        kind, key = parse_node_key(main)
        if kind == "persona":
            stake = 0.0 if key in ctx.excluded_personas else persona.get(key, 1.0)
        elif kind == "segment":
            stake = segment.get(key, 1.0)
        elif kind == "member" and key in ctx.member_by_id:
            member = ctx.member_by_id[key]
            stake = (0.5 + ctx.member_influence(member)) * committee.get(committee_of[key], 1.0)
            if key in ctx.excluded_members:
                stake = 0.0
        elif kind == "committee":
            stake = committee.get(key, 1.0)
        else:
            stake = 1.0
        cost = SEVERITY_COST[finding.severity] * stake
        out[main] = max(out.get(main, 0.0), cost)
    return out


def _ownership(ctx: RuleContext) -> float | None:
    if not ctx.tps:
        return None
    owned = sum(s.owner_id is not None for s in ctx.stages) + sum(
        o is not None for o in ctx.tp_owner
    )
    return owned / (len(ctx.stages) + len(ctx.tps))


def _handoffs(ctx: RuleContext) -> float | None:
    owner = ctx.tp_owner
    changes = [
        n for n, (a, b) in enumerate(ctx.tr_pairs) if owner[a] and owner[b] and owner[a] != owner[b]
    ]
    if not changes:
        return None
    agreed = ctx.tr_handoff
    return sum(agreed[n] for n in changes) / len(changes)


def score(
    ctx: RuleContext, table: Coverage, findings: Sequence[Finding] = ()
) -> tuple[int | None, dict[str, float]]:
    """The 0–100 score and its parts (see the module docstring); ``None`` when undefined.

    ``findings`` are the report's findings; without them the ``findings`` factor is 1.
    """
    _, persona_stake, committee_stake = stakes(ctx)
    committee_of = {m.id: c for c, m in ctx.members}
    parts: dict[str, float] = {}
    total = covered = 0.0
    for cell in table.cells:
        if cell.kind == "persona" and cell.weight > 0:
            stake = persona_stake.get(cell.id, 1.0)
            total += stake
            covered += stake if cell.covered else 0.0
    if total > 0:
        parts["persona"] = covered / total
    total = covered = 0.0
    for cell in table.cells:
        if cell.kind == "member" and cell.weight > 0:
            stake = cell.weight * committee_stake.get(committee_of.get(cell.id, ""), 1.0)
            total += stake
            covered += stake if cell.covered else 0.0
    if total > 0:
        parts["member"] = covered / total
    weights = addressed = 0.0
    for persona in ctx.ws.personas:
        if persona.id in ctx.excluded_personas:
            continue
        stake = persona_stake[persona.id]
        said = ctx.motives_for("persona", persona.id, persona.avoided_channel_ids)
        for link in persona.motives:
            weights += link.strength * stake
            addressed += link.strength * stake if link.motive_id in said else 0.0
    for committee_id, member in ctx.members:
        if member.id in ctx.excluded_members:
            continue
        weight = ctx.member_influence(member) * committee_stake[committee_id]
        said = ctx.motives_for("member", member.id, member.avoided_channel_ids)
        for link in member.motives:
            weights += link.strength * weight
            addressed += link.strength * weight if link.motive_id in said else 0.0
    if weights > 0:
        parts["motives"] = addressed / weights
    if ctx.tps and len(ctx.stages) > 1:
        pairs = sum((k, k + 1) in ctx.stage_links for k in range(len(ctx.stages) - 1))
        linked = pairs / (len(ctx.stages) - 1)
        reachable = sum(ctx.reachable_from_entries) / len(ctx.tps)
        parts["flow"] = 0.5 * linked + 0.5 * reachable
    ownership = _ownership(ctx)
    if ownership is not None:
        parts["ownership"] = ownership
    handoffs = _handoffs(ctx)
    if handoffs is not None:
        parts["handoffs"] = handoffs
    if not parts:
        return None, parts
    base = sum(parts.values()) / len(parts)
    gaps = sum(causes(ctx, findings).values())
    things = len(ctx.stages) + len(ctx.ws.personas) + len(ctx.members) + len(ctx.tps)
    size = max(5.0, things / 2)
    factor = 1.0 / (1.0 + gaps / size)
    parts["findings"] = factor
    return round(100 * base * factor), {k: round(v, 4) for k, v in parts.items()}


def health(ctx: RuleContext) -> tuple[int | None, dict[str, float]]:
    """The 0–100 health of the model (ownership, hand-offs, provenance) and its parts;
    ``None`` when no part is defined."""
    parts: dict[str, float] = {}
    ownership = _ownership(ctx)
    if ownership is not None:
        parts["ownership"] = ownership
    handoffs = _handoffs(ctx)
    if handoffs is not None:
        parts["handoffs"] = handoffs
    if ctx.ws.personas:
        kinds = [p.provenance.kind for p in ctx.ws.personas]
        parts["provenance"] = sum(_PROVENANCE.get(k, 1.0) for k in kinds) / len(kinds)
    if not parts:
        return None, parts
    return round(100 * sum(parts.values()) / len(parts)), {k: round(v, 4) for k, v in parts.items()}
