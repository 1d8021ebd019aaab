"""C: the buying committee — who is reached, by what, and who is missing."""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ...models.vocab import DECIDING_ROLES
from ..base import Draft, RuleContext, rule
from ._util import ticks


@rule("C001", "member-unreached", "warning")
def member_unreached(ctx: RuleContext) -> Iterator[Draft]:
    """No touchpoint reaches a committee member, and no reached member introduces them.

    Why it matters:
        A long B2B purchase has many deciders; one you never reach decides without you.

    Example:
        The CFO is in the committee, but no touchpoint lists her (or her persona), and the
        technical expert you do reach does not introduce her.

    Fix:
        Add a touchpoint for the member, or record who can introduce them
        (``introduces_ids`` on a member you reach).
    """
    introduced = ctx.member_introduced
    excluded = ctx.excluded_members
    for committee_id, member in ctx.members:
        if member.id in excluded:
            continue  # in a committee of excluded segments only: not to be targeted
        if not ctx.member_tps[member.id] and member.id not in introduced:
            yield Draft(
                f"no touchpoint reaches member `{member.id}` of committee `{committee_id}`, "
                "and no reached member introduces them",
                (node_key("member", member.id), node_key("committee", committee_id)),
                "add a touchpoint for them, or an introduction from a member you reach",
                weight=round(ctx.member_influence(member), 3),
            )


@rule("C002", "influential-member-unreached-in-stage", "warning")
def influential_member_unreached(ctx: RuleContext) -> Iterator[Draft]:
    """An influential member is not reached in a stage where they are active.

    Why it matters:
        Influence shifts during a purchase: the person who weighs most in comparing
        alternatives may be silent in awareness. Being absent where they weigh most loses
        the deal.

    Example:
        The technical expert has influence 0.9 in ``comparing-alternatives`` but no
        touchpoint in that stage reaches him.

    Fix:
        Add a touchpoint for the member in each listed stage.
    """
    threshold = ctx.settings.influence_threshold
    for _, member in ctx.members:
        if not ctx.member_tps[member.id] or member.id in ctx.excluded_members:
            continue  # C001 covers members nobody reaches
        covered = ctx.member_stages[member.id]
        missing = [
            (s.id, member.influence_at(s.id))
            for k, s in enumerate(ctx.stages)
            if member.is_active_in(s.id)
            and member.influence_at(s.id) >= threshold
            and k not in covered
        ]
        if missing:
            top = max(weight for _, weight in missing)
            yield Draft(
                f"influential member `{member.id}` (influence up to {top:.2f}) is not reached "
                f"in {ticks(s for s, _ in missing)}, where they are active",
                (node_key("member", member.id), *(node_key("stage", s) for s, _ in missing)),
                "add a touchpoint for the member in each of these stages",
                weight=round(top, 3),
            )


@rule("C003", "decision-maker-only-avoided-channels", "error")
def decision_maker_avoided_channels(ctx: RuleContext) -> Iterator[Draft]:
    """A decision maker is reached only through channels they avoid, and nobody introduces them.

    Why it matters:
        "A decision maker who sits on the purchases may never search for your expertise
        online." Reaching them by search ads only means not reaching them; the way in is an
        introduction by an expert you do reach.

    Example:
        The procurement head avoids ``search`` and ``social``; every touchpoint that lists
        him is in those channels, and no member introduces him.

    Fix:
        Reach the decision maker in a channel they use (a meeting, an event), or record the
        member who leads you to their table (``introduces_ids``).
    """
    introduced = ctx.member_introduced
    for committee_id, member in ctx.members:
        if not any(role in DECIDING_ROLES for role in member.roles):
            continue
        if member.id in ctx.excluded_members:
            continue
        reached = ctx.member_tps[member.id]
        if not reached or ctx.member_direct_ok[member.id] or member.id in introduced:
            continue
        channels = sorted({ctx.tps[i].channel_id or "" for i in reached} - {""})
        yield Draft(
            f"decision maker `{member.id}` of committee `{committee_id}` is reached only "
            f"through channels they avoid ({ticks(channels)}), and no reached member "
            "introduces them",
            (node_key("member", member.id), *(node_key("channel", c) for c in channels)),
            "reach them in a channel they use, or add an introduction from a member you reach",
            weight=round(ctx.member_influence(member), 3),
        )


@rule("C004", "missing-required-role", "warning")
def missing_required_role(ctx: RuleContext) -> Iterator[Draft]:
    """A committee lacks a role it requires.

    Why it matters:
        A purchase stalls when nobody holds the budget, signs the contract, or checks
        compliance; knowing the gap tells sales whom to look for.

    Example:
        ``required_roles: [economic_buyer, technical_buyer]`` but no member is an economic
        buyer.

    Fix:
        Add the member who holds the role, or give the role to an existing member.
    """
    for committee in ctx.ws.committees:
        held = {role for member in committee.members for role in member.roles}
        missing = [role.value for role in committee.required_roles if role not in held]
        if missing:
            yield Draft(
                f"committee `{committee.id}` has no member with required role {ticks(missing)}",
                (node_key("committee", committee.id),),
                "add a member with the role, or give it to an existing member",
            )


@rule("C005", "committee-without-decision-maker", "warning")
def committee_without_decision_maker(ctx: RuleContext) -> Iterator[Draft]:
    """A committee has members but nobody who decides.

    Why it matters:
        Every purchase has someone who says yes: a committee model without them describes
        who talks, not who buys.

    Example:
        A committee of an end user, an evaluator and an influencer.

    Fix:
        Add the decision maker, economic buyer or executive sponsor.
    """
    for committee in ctx.ws.committees:
        if committee.members and not any(m.is_decision_maker for m in committee.members):
            yield Draft(
                f"committee `{committee.id}` has no decision maker, economic buyer or "
                "executive sponsor",
                (node_key("committee", committee.id),),
                "add the member who decides",
            )
