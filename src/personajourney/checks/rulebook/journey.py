"""J: the journey's structure — stages, flow, entry points, dead ends."""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ...models.vocab import Outcome
from ..base import Draft, RuleContext, rule
from ._util import ticks


@rule("J001", "stage-without-touchpoint", "warning")
def stage_without_touchpoint(ctx: RuleContext) -> Iterator[Draft]:
    """A stage of the journey has no touchpoint at all.

    Why it matters:
        A buyer passing through this stage meets nobody from your company: a break in the
        journey before it has started.

    Example:
        Stages run from problem awareness to advocacy, but no touchpoint is in ``loyalty``.

    Fix:
        Add a touchpoint in the stage, or remove the stage if your buyers skip it.
    """
    if not ctx.tps:
        return
    for k, count in enumerate(ctx.stage_counts):
        if count == 0:
            stage = ctx.stages[k]
            yield Draft(
                f"stage `{stage.id}` has no touchpoint",
                (node_key("stage", stage.id),),
                "add a touchpoint in this stage, or remove the stage",
            )


@rule("J002", "stage-without-touchpoint-for-persona", "warning")
def persona_stage_gap(ctx: RuleContext) -> Iterator[Draft]:
    """A persona meets no touchpoint in some stages they take part in.

    Why it matters:
        A journey is drawn per persona: where this persona has no touchpoint, they go on
        alone (or to a competitor). Only the stages the persona takes part in count: its
        ``active_stage_ids``, else the stages its committee members are active in.

    Example:
        HR-Hanna is reached in awareness and comparison, but nothing speaks to her in
        ``information-search``. A procurement persona whose members are active only in
        ``purchase-decision`` is not expected in awareness.

    Fix:
        Add the persona to the audience of a touchpoint in each listed stage, or record
        that they take no part there (``active_stage_ids``). A persona whose segments are
        all excluded is not to be targeted and is not reported.
    """
    participation = ctx.persona_stages
    excluded = ctx.excluded_personas
    for persona in ctx.ws.personas:
        reached = ctx.persona_tps[persona.id]
        if not reached or persona.id in excluded:
            continue  # P003 reports personas nothing reaches
        covered = {ctx.tp_stage[i] for i in reached}
        involved = participation[persona.id]
        missing = [s.id for k, s in enumerate(ctx.stages) if k in involved and k not in covered]
        if missing:
            yield Draft(
                f"persona `{persona.id}` has no touchpoint in {ticks(missing)}",
                (node_key("persona", persona.id), *(node_key("stage", s) for s in missing)),
                "add the persona to a touchpoint in each of these stages",
            )


@rule("J003", "stage-without-touchpoint-for-committee", "warning")
def committee_stage_gap(ctx: RuleContext) -> Iterator[Draft]:
    """In a stage where committee members are active, no touchpoint reaches any of them.

    Why it matters:
        The committee deliberates in that stage without hearing from you.

    Example:
        The IT committee is active in ``comparing-alternatives``, but no touchpoint there
        reaches any member.

    Fix:
        Add a touchpoint in the stage aimed at a member who is active in it.
    """
    for committee in ctx.ws.committees:
        if not committee.members or committee.id in ctx.excluded_committees:
            continue
        missing = []
        for k, stage in enumerate(ctx.stages):
            active = [m for m in committee.members if m.is_active_in(stage.id)]
            if not active:
                continue
            if not any(k in ctx.member_stages[m.id] for m in active):
                missing.append(stage.id)
        if missing:
            yield Draft(
                f"committee `{committee.id}` is reached in no touchpoint in {ticks(missing)}",
                (node_key("committee", committee.id), *(node_key("stage", s) for s in missing)),
                "aim a touchpoint in each of these stages at an active member",
            )


@rule("J004", "no-decision-stage", "warning")
def no_decision_stage(ctx: RuleContext) -> Iterator[Draft]:
    """No stage is marked as the purchase decision.

    Why it matters:
        Without it, "before" and "after the purchase" mean nothing, and the dead-end and
        after-purchase checks cannot run.

    Example:
        A custom stage list with no ``decision: true``.

    Fix:
        Set ``decision: true`` on the stage in which the buyer decides.
    """
    if ctx.stages and ctx.decision is None:
        yield Draft(
            "no stage is marked as the purchase decision",
            tuple(node_key("stage", s.id) for s in ctx.stages[:1]),
            "set `decision: true` on the stage in which the buyer decides",
        )


@rule("J010", "stage-break", "warning")
def stage_break(ctx: RuleContext) -> Iterator[Draft]:
    """No transition leads from one stage into the next.

    Why it matters:
        Buyers who reach the end of one stage have nowhere to go: the break (katkos) the
        articles tell you to find and fix first. One finding per break lists the
        touchpoints it strands (those from which no path gets further than the stage before
        the break, nor to the decision); J013 does not report them again.

    Example:
        Touchpoints exist in ``information-search`` and ``comparing-alternatives``, but no
        transition goes from the first into the second.

    Fix:
        Add a transition from a touchpoint in the first stage to one in the next.
    """
    stranded = ctx.stranded
    for k in ctx.stage_breaks:
        a, b = ctx.stages[k].id, ctx.stages[k + 1].id
        names = [ctx.tps[i].id for i in stranded.get(k, ())]
        message = f"no transition leads from stage `{a}` into `{b}`"
        if names:
            message += f"; it strands {ticks(names)}"
        yield Draft(
            message,
            (
                node_key("stage", a),
                node_key("stage", b),
                *(node_key("touchpoint", n) for n in names[:50]),
            ),
            f"add a transition from a touchpoint in `{a}` to one in `{b}`",
        )


@rule("J011", "unreachable-touchpoint", "warning")
def unreachable_touchpoint(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint cannot be reached from any entry point.

    Why it matters:
        Content nobody gets to is money spent on nothing, or a transition is missing.

    Example:
        A case-study page with no transition into it and no ``entry: true``.

    Fix:
        Add a transition into it, or mark it as an entry point.
    """
    if not ctx.entries:
        return  # J012 says there are none
    seen = ctx.reachable_from_entries
    for i, tp in enumerate(ctx.tps):
        if not seen[i]:
            yield Draft(
                f"touchpoint `{tp.id}` cannot be reached from any entry point",
                (node_key("touchpoint", tp.id),),
                "add a transition into it, or mark it `entry: true`",
            )


@rule("J012", "no-entry-point", "warning")
def no_entry_point(ctx: RuleContext) -> Iterator[Draft]:
    """The journey has touchpoints but no entry point.

    Why it matters:
        Without entry points nobody can say where buyers start, and reachability cannot be
        checked.

    Example:
        No touchpoint has ``entry: true``.

    Fix:
        Mark the touchpoints where buyers first meet you with ``entry: true``.
    """
    if ctx.tps and not ctx.entries:
        first = ctx.tps[0]
        yield Draft(
            "no touchpoint is marked as an entry point",
            (node_key("touchpoint", first.id),),
            "mark where buyers first meet you with `entry: true`",
        )


@rule("J013", "dead-end", "warning")
def dead_end(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint before the purchase decision leads neither to it nor to an intended ending.

    Why it matters:
        Buyers who take this path end up nowhere near a decision: a leak in the funnel. A
        path meant to end (a lost-deal survey, a "not now" branch) is not a leak: mark it
        with an ``outcome`` and it is left alone. A touchpoint stranded by a break between
        two stages is listed on that break (J010) rather than reported here.

    Example:
        A webinar in ``information-search`` with no transition onwards.

    Fix:
        Add a transition from it towards the decision stage, or, where the journey is
        meant to end there, set its ``outcome`` (``lost``, ``deferred``, ``exit``…).
    """
    stranded = {i for group in ctx.stranded.values() for i in group}
    for i in ctx.dead_ends:
        if i in stranded:
            continue  # listed on the break that strands it (J010)
        tp = ctx.tps[i]
        yield Draft(
            f"touchpoint `{tp.id}` never leads to the purchase decision",
            (node_key("touchpoint", tp.id),),
            "add a transition from it towards the decision stage",
        )


@rule("J014", "abandoned-after-purchase", "warning")
def abandoned_after_purchase(ctx: RuleContext) -> Iterator[Draft]:
    """After the purchase decision, no path leads onwards to onboarding, use or loyalty.

    Why it matters:
        "Do your customers fall off after the purchase?" Customers left alone after buying
        do not come back and do not recommend you.

    Example:
        The contract signing has no transition into any onboarding touchpoint. One finding
        names the journey when no decision touchpoint leads beyond the decision; when some
        do, one finding names each persona for whom none does (and who takes part after
        the decision). Decision touchpoints that end the journey on purpose (``outcome:
        lost``, ``deferred``, ``churned`` or ``exit``) are left alone.

    Fix:
        Add a transition from the decision touchpoint to a touchpoint after it.
    """
    if ctx.decision is None or ctx.decision == len(ctx.stages) - 1:
        return
    candidates = [
        i for i in ctx.in_stages([ctx.decision]) if ctx.tps[i].outcome in (None, Outcome.WON)
    ]
    if not candidates:
        return
    after = ctx.in_stages(range(ctx.decision + 1, len(ctx.stages)))
    leads = ctx.reaches_any(after)
    names = [ctx.tps[i].id for i in candidates]
    if not any(leads[i] for i in candidates):
        yield Draft(
            f"after {ticks(names)} no path leads beyond the purchase decision",
            tuple(node_key("touchpoint", n) for n in names),
            "add a transition from it to an onboarding or loyalty touchpoint",
        )
        return
    later = set(range(ctx.decision + 1, len(ctx.stages)))
    for persona in ctx.ws.personas:
        if persona.id in ctx.excluded_personas or not later & ctx.persona_stages[persona.id]:
            continue
        theirs = [i for i in candidates if persona.id in ctx.tp_personas[i]]
        if theirs and not any(leads[i] for i in theirs):
            tps = [ctx.tps[i].id for i in theirs]
            yield Draft(
                f"for persona `{persona.id}`, no path leads beyond the purchase decision "
                f"after {ticks(tps)}",
                (node_key("persona", persona.id), *(node_key("touchpoint", t) for t in tps)),
                "add a transition from their decision touchpoint to an onboarding touchpoint",
            )


@rule("J020", "touchpoint-without-audience", "info")
def touchpoint_without_audience(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint names no persona and no committee member as its audience.

    Why it matters:
        Coverage is counted by audience: a touchpoint for "everyone" counts for nobody.

    Example:
        A trade-fair stand with empty ``persona_ids`` and ``member_ids``.

    Fix:
        List the personas or members it is meant for.
    """
    if not ctx.ws.personas and not ctx.members:
        return
    for tp in ctx.tps:
        if not tp.persona_ids and not tp.member_ids:
            yield Draft(
                f"touchpoint `{tp.id}` has no audience",
                (node_key("touchpoint", tp.id),),
                "list the personas or members it is meant for",
            )
