"""O: ownership — who owns the customer in each stage, and are hand-offs agreed?"""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ..base import Draft, RuleContext, rule


@rule("O001", "stage-without-owner", "warning")
def stage_without_owner(ctx: RuleContext) -> Iterator[Draft]:
    """A stage has no owner team.

    Why it matters:
        "Is it clear to you who is responsible for the customer at each stage?" A stage
        without an owner is one nobody improves.

    Example:
        A custom ``loyalty`` stage with no ``owner_id``.

    Fix:
        Set ``owner_id`` on the stage to the team responsible.
    """
    for stage in ctx.stages:
        if stage.owner_id is None:
            yield Draft(
                f"stage `{stage.id}` has no owner",
                (node_key("stage", stage.id),),
                "set `owner_id` on the stage",
            )


@rule("O002", "touchpoint-without-owner", "warning")
def touchpoint_without_owner(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint has no owner, and neither has its stage.

    Why it matters:
        Nobody answers for what the buyer meets here.

    Example:
        A chat touchpoint with no ``owner_id`` in a stage with no owner.

    Fix:
        Set ``owner_id`` on the touchpoint or on its stage.
    """
    for i, tp in enumerate(ctx.tps):
        if ctx.tp_owner[i] is None:
            yield Draft(
                f"touchpoint `{tp.id}` has no owner (nor has its stage `{tp.stage_id}`)",
                (node_key("touchpoint", tp.id),),
                "set `owner_id` on the touchpoint or on its stage",
            )


@rule("O003", "handoff-missing", "warning")
def handoff_missing(ctx: RuleContext) -> Iterator[Draft]:
    """Ownership changes between two consecutive touchpoints with no agreed hand-off.

    Why it matters:
        Customers fall between teams where marketing thinks sales has them and sales thinks
        they are not ready yet. Agreed rules between marketing, sales and service close that
        gap. One finding per pair of teams lists every transition where the gap opens.

    Example:
        A transition from a marketing webinar to a sales demo without ``handoff: true``,
        and no agreement between marketing and sales in ``handoffs``.

    Fix:
        Agree how the customer is handed over: once for the pair of teams or the stage
        boundary (``handoffs: [{from_team_id: marketing, to_team_id: sales}]``), which covers
        all its transitions, or mark a single transition ``handoff: true``.
    """
    owner = ctx.tp_owner
    agreed = ctx.tr_handoff
    transitions = ctx.ws.transitions
    gaps: dict[tuple[str, str], list[int]] = {}
    for n, (a, b) in enumerate(ctx.tr_pairs):
        first, second = owner[a], owner[b]
        if first == second or not first or not second or agreed[n]:
            continue
        gaps.setdefault((first, second), []).append(n)
    for (first, second), numbers in gaps.items():
        steps = [transitions[n] for n in numbers]
        if len(steps) == 1:
            tr = steps[0]
            yield Draft(
                f"ownership changes from `{first}` to `{second}` between "
                f"`{tr.from_id}` and `{tr.to_id}` with no hand-off",
                (node_key("touchpoint", tr.from_id), node_key("touchpoint", tr.to_id)),
                "agree the hand-off and mark the transition `handoff: true`",
                where=node_key("transition", numbers[0]),
            )
            continue
        shown = [f"`{t.from_id}` → `{t.to_id}`" for t in steps[:6]]
        if len(steps) > 6:
            shown.append(f"{len(steps) - 6} more")
        nodes: dict[str, None] = {}
        for t in steps[:25]:
            nodes.setdefault(node_key("touchpoint", t.from_id))
            nodes.setdefault(node_key("touchpoint", t.to_id))
        yield Draft(
            f"ownership changes from `{first}` to `{second}` with no agreed hand-off in "
            f"{len(steps)} transitions: {', '.join(shown)}",
            tuple(nodes),
            f"agree the hand-off from `{first}` to `{second}` once in `handoffs`",
            where=node_key("transition", numbers[0]),
        )
