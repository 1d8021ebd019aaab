"""S: segments — measurable, reachable, distinct, and excluded when meant to be."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ...graph.keys import node_key
from ...models.entities import Segment
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


@rule("S004", "segment-overlap", "warning")
def segment_overlap(ctx: RuleContext) -> Iterator[Draft]:
    """Two segments overlap: the same companies or the same personas fall into both.

    Why it matters:
        Segments should be homogeneous inside and different from each other. Identical
        criteria mean one segment with two names; intersecting ranges, shared industries or
        responsibility areas, or shared personas mean a company (or a buyer) is counted,
        targeted and budgeted twice.

    Example:
        ``smb-it`` selects industry ``software`` and 10–49 staff, ``growth-it`` selects
        ``software`` and 20–199 staff: software companies of 20–49 staff are in both.

    Fix:
        Merge them, or tell them apart with a criterion that does not intersect (ranges that
        meet end to end, different industries or responsibility areas), and give each its
        own personas.

    Two segments overlap when every criterion both of them set intersects and at least one
    does (or they share a persona); criteria only one of them sets do not tell them apart.
    ``needs`` and ``motive_ids`` describe the companies rather than select them and are
    not compared. Excluded segments are carve-outs and are not compared.
    """
    chosen = [seg for seg in ctx.ws.segments if not seg.excluded]
    groups: dict[str, list[Segment]] = {}
    for segment in chosen:
        if segment.criteria.is_empty():
            continue
        data = segment.criteria.model_dump(mode="json", exclude_defaults=True)
        canonical = {k: sorted(set(v)) if isinstance(v, list) else v for k, v in data.items()}
        groups.setdefault(json.dumps(canonical, sort_keys=True), []).append(segment)
    first_of: dict[str, str] = {}
    for members in groups.values():
        ids = [m.id for m in members]
        for member in members:
            first_of[member.id] = ids[0]
        if len(ids) > 1:
            yield Draft(
                f"segments {ticks(ids)} have identical criteria",
                tuple(node_key("segment", s) for s in ids),
                "merge them, or tell them apart with another criterion",
            )
    # One segment stands for each group of identical ones: the group is reported above.
    units = [seg for seg in chosen if first_of.get(seg.id, seg.id) == seg.id]
    for n, a in enumerate(units):
        for b in units[n + 1 :]:
            shared = _overlap(a, b)
            if shared:
                yield Draft(
                    f"segments `{a.id}` and `{b.id}` overlap: {'; '.join(shared)}",
                    (node_key("segment", a.id), node_key("segment", b.id)),
                    "tell them apart with criteria that do not intersect, or merge them",
                )


#: List criteria that select companies (a company has one value, or the lists must meet).
_LIST_CRITERIA = ("industries", "responsibility_areas", "credit_ratings", "buying_stage_ids")
_RANGE_CRITERIA = ("company_size", "revenue", "purchase_frequency", "average_purchase")


def _overlap(a: Segment, b: Segment) -> list[str]:
    """What two segments share, or ``[]`` when a criterion tells them apart or nothing is
    shared (see :func:`segment_overlap`)."""
    shared: list[str] = []
    for name in _LIST_CRITERIA:
        left, right = getattr(a.criteria, name), getattr(b.criteria, name)
        if not left or not right:
            continue
        folded = {v.strip().casefold() for v in right}
        common = list(dict.fromkeys(v for v in left if v.strip().casefold() in folded))
        if not common:
            return []
        shared.append(f"{name} {ticks(common)}")
    for name in _RANGE_CRITERIA:
        left_range, right_range = getattr(a.criteria, name), getattr(b.criteria, name)
        if left_range is None or right_range is None:
            continue
        low = _bound(max, left_range.min, right_range.min)
        high = _bound(min, left_range.max, right_range.max)
        if low is not None and high is not None and low > high:
            return []
        shared.append(f"{name} {_span(low, high)}")
    personas = [p for p in a.persona_ids if p in set(b.persona_ids)]
    if personas:
        shared.append(f"personas {ticks(personas)}")
    return shared


def _bound(pick: Callable[[float, float], float], x: float | None, y: float | None) -> float | None:
    if x is None:
        return y
    if y is None:
        return x
    return pick(x, y)


def _span(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "any"
    if low is None:
        return f"up to {high:g}"
    if high is None:
        return f"from {low:g}"
    return f"{low:g}–{high:g}" if low != high else f"{low:g}"


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
