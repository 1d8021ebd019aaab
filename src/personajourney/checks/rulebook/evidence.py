"""E: evidence — the modelled journey held against what an event log shows buyers did.

These rules read ``ctx.observation`` (:func:`personajourney.evidence`, or ``check --events
LOG``) and find nothing without one. Their thresholds are settings of the workspace's
``evidence:`` section; a measure over fewer cases than ``evidence.min_cases`` says too little
to report (and would show small groups).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ..base import Draft, RuleContext, rule
from ._util import ticks


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


@rule("E001", "modelled-transition-not-taken", "warning")
def modelled_transition_not_taken(ctx: RuleContext) -> Iterator[Draft]:
    """A transition of the model that no case in the event log took.

    Why it matters:
        The journey map says buyers go from one touchpoint to the next here; the data says no
        one did. Either the step happens somewhere the log does not see, or the map draws a
        path buyers do not walk, and plans built on it (content, hand-offs, owners) rest on
        nothing.

    Example:
        The model has ``webinar → demo``; among 400 cases, no webinar event is directly
        followed by a demo event.

    Fix:
        Check the mapping of raw events to the two touchpoints; if it is right, redraw the
        journey as buyers walk it, or find out why this step does not happen.
    """
    obs = ctx.observation
    if obs is None or obs.cases < obs.settings.min_cases:
        return
    unobserved = set(obs.unobserved)
    reported: set[tuple[str, str]] = set()
    for index, tr in enumerate(ctx.ws.transitions):
        pair = (tr.from_id, tr.to_id)
        if pair not in unobserved or pair in reported:
            continue
        reported.add(pair)
        yield Draft(
            f"no case went from `{tr.from_id}` to `{tr.to_id}` in {obs.cases} observed cases",
            (node_key("touchpoint", tr.from_id), node_key("touchpoint", tr.to_id)),
            "check the mapping of both touchpoints, or redraw the journey as buyers walk it",
            where=node_key("transition", index),
        )


@rule("E002", "frequent-transition-not-modelled", "warning")
def frequent_transition_not_modelled(ctx: RuleContext) -> Iterator[Draft]:
    """A step buyers often take that the model does not have.

    Why it matters:
        A frequent path missing from the map is a part of the journey no one owns or plans
        for: a shortcut, a detour or a loop the team does not know about.

    Example:
        12% of all observed steps go straight from ``blog`` to ``pricing``, and the model
        has no such transition.

    Fix:
        Add the transition (and decide who owns the step), or find out why buyers take it.
        The threshold is ``evidence.frequent_transition_share`` (default 0.05).
    """
    obs = ctx.observation
    if obs is None:
        return
    total = sum(t.count for t in obs.transitions)
    share = obs.settings.frequent_transition_share
    for t in obs.unmodelled:
        if t.count < obs.settings.min_cases or t.count < share * total:
            continue
        yield Draft(
            f"buyers went from `{t.from_id}` to `{t.to_id}` {t.count} times "
            f"({_percent(t.count, total)} of observed steps); the model has no such transition",
            (node_key("touchpoint", t.from_id), node_key("touchpoint", t.to_id)),
            "add the transition and decide who owns the step, or find out why buyers take it",
        )


@rule("E003", "measured-stage-break", "warning")
def measured_stage_break(ctx: RuleContext) -> Iterator[Draft]:
    """Most cases that reach a stage end there without converting: the break, measured.

    Why it matters:
        Journeys are drawn to find where buyers drop out. The funnel shows where they do:
        the stage after which most cases go no further and never buy.

    Example:
        Of 300 cases reaching ``comparing-alternatives``, 210 (70%) end there without a
        conversion.

    Fix:
        Look at what buyers need in that stage and what comes next (content, a hand-off, an
        owner). The threshold is ``evidence.break_share`` (default 0.5).
    """
    obs = ctx.observation
    if obs is None:
        return
    share = obs.settings.break_share
    for step in obs.funnel:
        if step.cases < obs.settings.min_cases or step.dropped < obs.settings.min_cases:
            continue
        if step.dropped < share * step.cases:
            continue
        yield Draft(
            f"{step.dropped} of {step.cases} cases reaching stage `{step.stage_id}` "
            f"({_percent(step.dropped, step.cases)}) ended there without converting",
            (node_key("stage", step.stage_id),),
            "look at what buyers need in this stage and what should come next",
        )


@rule("E004", "touchpoint-never-observed", "info")
def touchpoint_never_observed(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint of the model that no event of the log maps to.

    Why it matters:
        Either buyers never meet the company there, or the log does not record it (an
        offline meeting, a channel without tracking), or the mapping misses its raw name.
        Each is worth knowing before the touchpoint is counted on.

    Example:
        The model has a ``reference-call`` touchpoint; no event maps to it.

    Fix:
        Add a mapping rule for its raw events, start recording it, or question whether it
        happens.
    """
    obs = ctx.observation
    if obs is None or obs.cases < obs.settings.min_cases:
        return
    for touchpoint_id in obs.never_observed:
        yield Draft(
            f"no event of the log maps to touchpoint `{touchpoint_id}`",
            (node_key("touchpoint", touchpoint_id),),
            "add a mapping rule for its raw events, or start recording it",
        )


@rule("E005", "unmapped-events", "warning")
def unmapped_events(ctx: RuleContext) -> Iterator[Draft]:
    """A large share of the log's events map to no touchpoint.

    Why it matters:
        Events that map to nothing are set aside: every measure is then computed on part of
        what buyers did, and a touchpoint may look unused only because its raw name is not
        mapped.

    Example:
        40% of the events are ``page_view`` events with no mapping rule.

    Fix:
        Add mapping rules (``evidence.mapping``) for the most frequent unmapped names, or
        filter the log to the events that matter. The threshold is
        ``evidence.unmapped_share`` (default 0.2).
    """
    obs = ctx.observation
    if obs is None:
        return
    valid = obs.events - obs.invalid_events
    if not valid or obs.unmapped_events < obs.settings.unmapped_share * valid:
        return
    names = [name for name, n in obs.unmapped_names if n >= obs.settings.min_cases]
    most = f"; most often {ticks(names, 3)}" if names else ""
    yield Draft(
        f"{obs.unmapped_events} of {valid} events ({_percent(obs.unmapped_events, valid)}) "
        f"map to no touchpoint{most}",
        (),
        "add mapping rules under `evidence.mapping` for the most frequent unmapped names",
    )


def _overall_rate(ctx: RuleContext) -> float | None:
    obs = ctx.observation
    if obs is None or not obs.segments:
        return None
    cases = sum(s.cases for s in obs.segments)
    converted = sum(s.converted for s in obs.segments)
    return converted / cases if cases else None


@rule("E006", "excluded-segment-converts", "warning")
def excluded_segment_converts(ctx: RuleContext) -> Iterator[Draft]:
    """A segment left out on purpose converts at least as well as the segments on average.

    Why it matters:
        Segments are compared by their results: where a segment gives more, move effort
        there. An excluded segment that converts well is a decision the data questions.

    Example:
        The segment ``public-sector`` is ``excluded``, yet 30% of its cases convert against
        18% over all segments.

    Fix:
        Revisit the exclusion and its reason, or say in ``exclusion_reason`` why results do
        not change it.
    """
    obs = ctx.observation
    overall = _overall_rate(ctx)
    if obs is None or overall is None:
        return
    measured = {s.segment_id: s for s in obs.segments}
    for segment in ctx.ws.segments:
        result = measured.get(segment.id)
        if not segment.excluded or result is None or result.cases < obs.settings.min_cases:
            continue
        if result.converted >= obs.settings.min_cases and result.conversion_rate >= overall:
            yield Draft(
                f"excluded segment `{segment.id}` converts {result.conversion_rate:.0%} of "
                f"{result.cases} cases, against {overall:.0%} over all segments",
                (node_key("segment", segment.id),),
                "revisit the exclusion, or say in `exclusion_reason` why results do not change it",
            )


@rule("E007", "priority-segment-lags", "warning")
def priority_segment_lags(ctx: RuleContext) -> Iterator[Draft]:
    """A segment of priority 1 or 2 converts at less than half the average rate.

    Why it matters:
        Priority should follow results: where a segment gives nothing, stop or change the
        approach. A top-priority segment that lags far behind takes effort the others would
        repay better.

    Example:
        The segment ``enterprise`` has ``priority: 1``; 4% of its cases convert against 18%
        over all segments.

    Fix:
        Find out where its cases drop out (its funnel), change the approach, or lower its
        priority.
    """
    obs = ctx.observation
    overall = _overall_rate(ctx)
    if obs is None or overall is None or overall == 0:
        return
    measured = {s.segment_id: s for s in obs.segments}
    for segment in ctx.ws.segments:
        result = measured.get(segment.id)
        if segment.excluded or segment.priority is None or segment.priority > 2:
            continue
        if result is None or result.cases < obs.settings.min_cases:
            continue
        if result.conversion_rate < overall / 2:
            yield Draft(
                f"priority-{segment.priority} segment `{segment.id}` converts "
                f"{result.conversion_rate:.0%} of {result.cases} cases, against {overall:.0%} "
                "over all segments",
                (node_key("segment", segment.id),),
                "look at where its cases drop out, change the approach, or lower its priority",
            )
