"""S: segments — measurable, reachable, distinct, and excluded when meant to be."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ...graph.keys import node_key
from ..base import Draft, RuleContext, rule
from ._util import ticks


@rule("S001", "segment-not-measurable", "warning")
def segment_not_measurable(ctx: RuleContext) -> Iterator[Draft]:
    """A segment has no size estimate or no criteria, so it cannot be measured.

    Why it matters:
        A good segment is measurable: you can say which companies are in it and how many,
        and compare its results with other segments.

    Example:
        A segment "Growth companies" with no ``criteria`` and no ``estimated_size``.

    Fix:
        Write its criteria (industry, size, revenue, responsibility area…) and estimate its
        size.
    """
    for segment in ctx.ws.segments:
        if segment.excluded:
            continue
        missing = []
        if segment.criteria.is_empty():
            missing.append("criteria")
        if segment.estimated_size is None:
            missing.append("estimated_size")
        if missing:
            yield Draft(
                f"segment `{segment.id}` is not measurable: it has no {ticks(missing)}",
                (node_key("segment", segment.id),),
                "write its criteria and estimate its size",
            )


@rule("S002", "segment-not-reachable", "warning")
def segment_not_reachable(ctx: RuleContext) -> Iterator[Draft]:
    """No touchpoint reaches any persona or committee member of a segment.

    Why it matters:
        A good segment is reachable; one your journey never touches is a target on paper only.

    Example:
        The segment's only persona is in no touchpoint's audience.

    Fix:
        Add touchpoints for the segment's personas, or rethink the segment.
    """
    committees = {c.id: c for c in ctx.ws.committees}
    for segment in ctx.ws.segments:
        if segment.excluded or not (segment.persona_ids or segment.committee_ids):
            continue
        reached = any(ctx.persona_tps[p] for p in segment.persona_ids) or any(
            ctx.member_tps[m.id] for c in segment.committee_ids for m in committees[c].members
        )
        if not reached:
            yield Draft(
                f"no touchpoint reaches the personas or committees of segment `{segment.id}`",
                (
                    node_key("segment", segment.id),
                    *(node_key("persona", p) for p in segment.persona_ids),
                ),
                "add touchpoints for the segment's personas",
            )


@rule("S003", "segment-without-personas", "warning")
def segment_without_personas(ctx: RuleContext) -> Iterator[Draft]:
    """A segment has no personas.

    Why it matters:
        Personas are how a segment gets a face and a voice in content and sales: without
        them, nobody writes for the segment.

    Example:
        ``persona_ids: []`` on a prioritised segment.

    Fix:
        Write a persona for the segment (or link an existing one).
    """
    for segment in ctx.ws.segments:
        if not segment.excluded and not segment.persona_ids:
            yield Draft(
                f"segment `{segment.id}` has no personas",
                (node_key("segment", segment.id),),
                "link a persona to the segment",
            )


@rule("S004", "segment-duplicate-criteria", "warning")
def segment_duplicate_criteria(ctx: RuleContext) -> Iterator[Draft]:
    """Two or more segments have identical criteria.

    Why it matters:
        Segments should be homogeneous inside and different from each other; identical
        criteria mean they are one segment with two names.

    Example:
        ``smb-it`` and ``small-it`` both select industry ``software`` and 10–49 staff.

    Fix:
        Merge them, or tell them apart with a criterion (responsibility area, motives…).
    """
    groups: dict[str, list[str]] = {}
    for segment in ctx.ws.segments:
        if segment.criteria.is_empty():
            continue
        data = segment.criteria.model_dump(mode="json", exclude_defaults=True)
        canonical = {k: sorted(set(v)) if isinstance(v, list) else v for k, v in data.items()}
        groups.setdefault(json.dumps(canonical, sort_keys=True), []).append(segment.id)
    for ids in groups.values():
        if len(ids) > 1:
            yield Draft(
                f"segments {ticks(ids)} have identical criteria",
                tuple(node_key("segment", s) for s in ids),
                "merge them, or tell them apart with another criterion",
            )


@rule("S005", "excluded-segment-targeted", "warning")
def excluded_segment_targeted(ctx: RuleContext) -> Iterator[Draft]:
    """A segment deliberately left out is still targeted by touchpoints.

    Why it matters:
        Leaving a group out is a decision to spend nothing on it; touchpoints aimed at its
        personas spend money where you decided not to.

    Example:
        ``public-sector`` is ``excluded: true``, but a tender-webinar touchpoint lists its
        only persona.

    Fix:
        Remove the persona from those touchpoints, or bring the segment back in.
    """
    included: set[str] = set()
    for segment in ctx.ws.segments:
        if not segment.excluded:
            included.update(segment.persona_ids)
    for segment in ctx.ws.segments:
        if not segment.excluded:
            continue
        for persona_id in segment.persona_ids:
            if persona_id in included:
                continue
            tps = ctx.persona_tps[persona_id]
            if tps:
                names = [ctx.tps[i].id for i in tps]
                yield Draft(
                    f"segment `{segment.id}` is excluded, but {ticks(names)} still target its "
                    f"persona `{persona_id}`",
                    (
                        node_key("segment", segment.id),
                        node_key("persona", persona_id),
                        *(node_key("touchpoint", n) for n in names[:20]),
                    ),
                    "remove the persona from those touchpoints, or include the segment",
                )
