"""M: motives — does any touchpoint speak to what drives each buyer?"""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ..base import Draft, RuleContext, rule

#: Slack for comparing products of fractions with a threshold: 0.7 × 0.4 is 0.27999999999999997
#: in binary floating point, but a user who sets the threshold to 0.28 means it to count.
_EPSILON = 1e-9


@rule("M001", "persona-motive-unaddressed", "warning")
def persona_motive_unaddressed(ctx: RuleContext) -> Iterator[Draft]:
    """No touchpoint that reaches a persona addresses one of the persona's motives.

    Why it matters:
        Buyers judge you from the viewpoint of their motives. Content that reaches the
        persona but never speaks to what drives them is noise to them.

    Example:
        HR-Hanna's strongest motive is ``reach-recruits``; the touchpoints that reach her
        address only ``brand-visibility``.

    Fix:
        Add the motive to ``motive_ids`` of a touchpoint that reaches the persona.
    """
    for persona in ctx.ws.personas:
        reached = ctx.persona_tps[persona.id]
        if not reached or persona.id in ctx.excluded_personas:
            continue  # P003; excluded personas are not targeted
        addressed = ctx.motives_for("persona", persona.id, persona.avoided_channel_ids)
        for link in persona.motives:
            if link.motive_id not in addressed:
                yield Draft(
                    f"motive `{link.motive_id}` of persona `{persona.id}` "
                    f"(strength {link.strength:.2f}) is addressed by no touchpoint that "
                    "reaches them",
                    (node_key("persona", persona.id), node_key("motive", link.motive_id)),
                    "add the motive to a touchpoint that reaches the persona",
                    weight=round(link.strength, 3),
                )


@rule("M002", "member-motive-unaddressed", "warning")
def member_motive_unaddressed(ctx: RuleContext) -> Iterator[Draft]:
    """An influential member's motive is addressed by no touchpoint that reaches them.

    Why it matters:
        A motive matters as much as the person who holds it weighs in the decision: the
        weight is influence × strength, and only motives at or above
        ``checks.motive_weight_threshold`` (default 0.2) are reported.

    Example:
        The CFO (influence 0.9) is driven by ``cost-control`` (strength 0.8, weight 0.72);
        no touchpoint that reaches her mentions cost.

    Fix:
        Add the motive to a touchpoint that reaches the member.
    """
    threshold = ctx.settings.motive_weight_threshold
    for committee_id, member in ctx.members:
        reached = ctx.member_tps[member.id]
        if not reached or not member.motives or member.id in ctx.excluded_members:
            continue
        influence = ctx.member_influence(member)
        addressed = ctx.motives_for("member", member.id, member.avoided_channel_ids)
        for link in member.motives:
            weight = influence * link.strength
            if link.motive_id not in addressed and weight >= threshold - _EPSILON:
                yield Draft(
                    f"motive `{link.motive_id}` of member `{member.id}` (committee "
                    f"`{committee_id}`, weight {weight:.2f}) is addressed by no touchpoint "
                    "that reaches them",
                    (node_key("member", member.id), node_key("motive", link.motive_id)),
                    "add the motive to a touchpoint that reaches the member",
                    weight=round(weight, 3),
                )


@rule("M003", "unused-motive", "info")
def unused_motive(ctx: RuleContext) -> Iterator[Draft]:
    """A motive is defined but no persona, member, segment or touchpoint refers to it.

    Why it matters:
        Either it was forgotten when the personas were written, or it is clutter.

    Example:
        ``motives`` lists ``sustainability``, but nobody holds it and nothing addresses it.

    Fix:
        Link it to the personas or members it drives, or delete it.
    """
    used: set[str] = set()
    for persona in ctx.ws.personas:
        used.update(link.motive_id for link in persona.motives)
    for _, member in ctx.members:
        used.update(link.motive_id for link in member.motives)
    for segment in ctx.ws.segments:
        used.update(segment.criteria.motive_ids)
    for tp in ctx.tps:
        used.update(tp.motive_ids)
    for motive in ctx.ws.motives:
        if motive.id not in used:
            yield Draft(
                f"motive `{motive.id}` is not used anywhere",
                (node_key("motive", motive.id),),
                "link it to the personas or members it drives, or delete it",
            )
