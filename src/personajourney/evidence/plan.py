"""The one plan of the analysis, shared by every engine.

An engine (DuckDB today; Ibis on PySpark or a warehouse later) does the heavy part: it reads
the log, maps raw activities to touchpoints and reduces the events to a handful of small
aggregate tables (:class:`Aggregates`): counts, directly-follows pairs with their median gap,
start and end touchpoints, forward stage skips, the stages each case (and each persona's part
of it) reached, and per-segment results. Everything after that is plain Python over those
small tables (:func:`assemble`), so every engine gives the same :class:`Observation` from the
same aggregates, and a new engine implements :class:`Engine` and nothing else.

Definitions (the reference page of the metrics says the same):

- An event is *invalid* when its case id or timestamp is empty; it is set aside and counted.
- An event *maps* to a touchpoint by the first matching rule of ``evidence.mapping``, else
  when its activity equals a touchpoint id; the rest are *unmapped*, set aside and counted.
- The events of a case are ordered by time, ties in file order. Every pair of consecutive
  mapped events is one directly-follows occurrence.
- A case *converts* when it has an event at a conversion touchpoint (``evidence.
  conversion_touchpoint_ids``, else every touchpoint of a stage after the decision stage).
- A *stage skip* is a pair of consecutive events whose stages are more than one apart going
  forward (stage 1 → stage 3); going back is not a skip.
- A persona's funnel follows the events that persona took part in, case by case; a segment's
  funnel follows the whole cases of the segment (a case's segment is that of its first event
  that names one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..errors import EventLogError, Problem
from ..models.evidence import (
    Attribution,
    Durations,
    Endpoint,
    EventColumns,
    EvidenceSettings,
    FunnelStep,
    GroupFunnel,
    Observation,
    ObservedTransition,
    SegmentResult,
    StageSkip,
)
from ..models.workspace import Workspace
from .source import EventSource

__all__ = [
    "OPTIONAL_COLUMNS",
    "Aggregates",
    "Columns",
    "Engine",
    "MappingRule",
    "Plan",
    "TouchpointRow",
    "assemble",
    "make_plan",
    "removal_effects",
]

#: Optional columns, used when the log has a column of the default name.
OPTIONAL_COLUMNS = ("person_id", "persona_id", "segment_id", "value", "channel", "campaign", "url")
#: How many of the most frequent unmapped activity names are kept.
TOP_UNMAPPED = 10


@dataclass(frozen=True, slots=True)
class Columns:
    """The log's column for each role (``None``: the log has none)."""

    case_id: str
    timestamp: str
    touchpoint: str
    person_id: str | None = None
    persona_id: str | None = None
    segment_id: str | None = None
    value: str | None = None
    channel: str | None = None
    campaign: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class MappingRule:
    """One mapping rule as an engine applies it.

    ``kind`` is ``activity`` (``activity == a``), ``channel`` (``channel == a`` and, when
    ``b`` is not ``None``, ``campaign == b``), ``glob`` (``activity`` GLOB ``a``) or
    ``url-glob`` (``url`` GLOB ``a``).
    """

    kind: Literal["activity", "channel", "glob", "url-glob"]
    a: str
    b: str | None
    touchpoint_id: str


@dataclass(frozen=True, slots=True)
class TouchpointRow:
    id: str
    stage: int
    """Index of the touchpoint's stage in stage order."""
    conversion: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """What an engine computes: the columns, the mapping and the touchpoints."""

    columns: Columns
    rules: tuple[MappingRule, ...]
    touchpoints: tuple[TouchpointRow, ...]
    top_unmapped: int = TOP_UNMAPPED


@dataclass(frozen=True, slots=True)
class Aggregates:
    """The small tables an engine returns; :func:`assemble` makes the observation of them.

    Stages are indexes in stage order; ``kind`` of funnel rows is ``all`` (group ``""``),
    ``persona`` or ``segment``.
    """

    events: int
    invalid: int
    unmapped: int
    cases: int
    unmapped_names: list[tuple[str, int]]
    transitions: list[tuple[str, str, int, float | None]]
    starts: list[tuple[str, int]]
    ends: list[tuple[str, int]]
    skips: list[tuple[int, int, int]]
    reached: list[tuple[str, str, int, int, int]]
    """(kind, group, stage, cases reaching it, of them converted)."""
    furthest: list[tuple[str, str, int, int, int]]
    """(kind, group, stage, cases whose furthest stage it is, of them not converted)."""
    segments: list[tuple[str, int, int, float | None]]
    """(segment, cases, converted, value)."""
    stage_times: list[tuple[int, int, float | None, float | None]] = field(default_factory=list)
    """(stage, cases that moved on from it, median seconds, 90th percentile seconds)."""
    conversion_time: tuple[int, float | None, float | None] = (0, None, None)
    """(converted cases, median and 90th percentile seconds from first event to conversion)."""
    paths: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    """The steps of each case's path up to its first conversion event, counted:
    (``start``, None, first touchpoint, n), (``step``, a, b, n), (``conv`` or ``null``, last
    touchpoint, None, n), and (``direct``, None, None, n) for converted cases whose first
    event converts."""


class Engine(Protocol):
    """What an engine does: say which columns each file has, then run a plan."""

    name: str

    def columns(self, source: EventSource) -> list[tuple[str, list[str]]]:
        """(file, its column names) for each file of the log (one entry for a table)."""
        ...

    def aggregate(self, source: EventSource, plan: Plan) -> Aggregates:
        """Run the plan over the log."""
        ...

    def close(self) -> None: ...


def _resolve_columns(
    wanted: EventColumns, available: list[tuple[str, list[str]]], rules: tuple[MappingRule, ...]
) -> Columns:
    """The log's column for each role; a required or named column missing is an error."""
    common = set.intersection(*(set(cols) for _, cols in available)) if available else set()
    anywhere = set().union(*(set(cols) for _, cols in available)) if available else set()

    def missing(role: str, column: str) -> EventLogError:
        for file, cols in available:
            if column not in cols:
                shown = ", ".join(f"`{c}`" for c in cols) or "none"
                return EventLogError(
                    Problem(
                        f"the event log has no column `{column}` ({role}); its columns: {shown}",
                        file=file,
                        hint=f"name the column in `evidence.columns.{role}`",
                    )
                )
        raise AssertionError("unreachable")  # pragma: no cover

    chosen: dict[str, str | None] = {}
    for role in ("case_id", "timestamp", "touchpoint"):
        column = getattr(wanted, role)
        if column not in common:
            raise missing(role, column)
        chosen[role] = column
    for role in OPTIONAL_COLUMNS:
        column = getattr(wanted, role)
        if column is not None:
            if column not in common:
                raise missing(role, column)
            chosen[role] = column
        else:
            chosen[role] = role if role in anywhere else None
    needs = {"channel": "channel", "url-glob": "url"}
    for index, rule in enumerate(rules):
        needed = needs.get(rule.kind)
        if needed is not None and chosen[needed] is None:
            role = needed
            raise EventLogError(
                Problem(
                    f"mapping rule {index + 1} matches on `{role}`, but the event log has no "
                    f"`{role}` column",
                    file=available[0][0] if available else None,
                    path=f"evidence.mapping[{index}]",
                    hint=f"name the column in `evidence.columns.{role}`",
                )
            )
        if rule.kind == "channel" and rule.b is not None and chosen["campaign"] is None:
            raise EventLogError(
                Problem(
                    f"mapping rule {index + 1} matches on `campaign`, but the event log has no "
                    "`campaign` column",
                    file=available[0][0] if available else None,
                    path=f"evidence.mapping[{index}]",
                    hint="name the column in `evidence.columns.campaign`",
                )
            )
    return Columns(**chosen)  # type: ignore[arg-type]


def conversion_ids(ws: Workspace, settings: EvidenceSettings) -> set[str]:
    """The touchpoints that mean a won deal (see the module docstring)."""
    if settings.conversion_touchpoint_ids:
        return set(settings.conversion_touchpoint_ids)
    stage_ids = ws.stage_ids()
    decision = next((i for i, s in enumerate(ws.stages) if s.decision), None)
    if decision is None:
        return set()
    after = set(stage_ids[decision + 1 :])
    return {t.id for t in ws.touchpoints if t.stage_id in after}


def make_plan(
    ws: Workspace, settings: EvidenceSettings, available: list[tuple[str, list[str]]]
) -> Plan:
    """The plan for this workspace and a log with these columns.

    Raises:
        EventLogError: for a column the log lacks.
    """
    rules: list[MappingRule] = []
    for m in settings.mapping:
        if m.activity is not None:
            rules.append(MappingRule("activity", m.activity, None, m.touchpoint_id))
        elif m.channel is not None:
            rules.append(MappingRule("channel", m.channel, m.campaign, m.touchpoint_id))
        elif m.match is not None:
            kind: Literal["glob", "url-glob"] = "url-glob" if m.on == "url" else "glob"
            rules.append(MappingRule(kind, m.match, None, m.touchpoint_id))
    columns = _resolve_columns(settings.columns, available, tuple(rules))
    stage_index = {s.id: i for i, s in enumerate(ws.stages)}
    converting = conversion_ids(ws, settings)
    touchpoints = tuple(
        TouchpointRow(t.id, stage_index[t.stage_id], t.id in converting) for t in ws.touchpoints
    )
    return Plan(columns, tuple(rules), touchpoints)


def _funnels(ws: Workspace, agg: Aggregates) -> dict[tuple[str, str], tuple[FunnelStep, ...]]:
    reached: dict[tuple[str, str], dict[int, tuple[int, int]]] = defaultdict(dict)
    for kind, group, index, cases, converted in agg.reached:
        reached[kind, group][index] = (cases, converted)
    furthest: dict[tuple[str, str], dict[int, tuple[int, int]]] = defaultdict(dict)
    for kind, group, index, cases, dropped in agg.furthest:
        furthest[kind, group][index] = (cases, dropped)
    out: dict[tuple[str, str], tuple[FunnelStep, ...]] = {}
    for key in sorted({*reached, *furthest, ("all", "")}):
        steps = []
        for position, stage in enumerate(ws.stages):
            cases, converted = reached[key].get(position, (0, 0))
            ended, dropped = furthest[key].get(position, (0, 0))
            steps.append(FunnelStep(stage.id, cases, ended, converted, dropped))
        out[key] = tuple(steps)
    return out


_START, _CONV, _NULL = ("start",), ("conv",), ("null",)
State = str | tuple[str]


def _conversion_probability(
    edges: dict[State, dict[State, int]], removed: State | None = None
) -> float:
    """Probability of reaching a conversion from the start in the first-order Markov chain of
    ``edges`` (counts), with ``removed`` leading nowhere; Gauss-Seidel sweeps until nothing
    changes by more than 1e-12 (or 10,000 sweeps)."""
    totals = {s: sum(out.values()) for s, out in edges.items()}
    p: dict[State, float] = dict.fromkeys(edges, 0.0)
    p[_CONV] = 1.0
    p[_NULL] = 0.0
    order = [s for s in edges if s != _START] + [_START]
    for _ in range(10_000):
        change = 0.0
        for s in order:
            if s == removed:
                continue
            value = sum(n * p.get(t, 0.0) for t, n in edges[s].items() if t != removed)
            value /= totals[s]
            change = max(change, abs(value - p[s]))
            p[s] = value
        if change < 1e-12:
            break
    return p.get(_START, 0.0)


def removal_effects(paths: list[tuple[str, str | None, str | None, int]]) -> dict[str, float]:
    """First-order Markov removal effect of each touchpoint on a path: the share of
    conversions lost if the touchpoint were removed (its visitors going nowhere).

    Example:
        >>> paths = [("start", None, "x", 2), ("step", "x", "y", 1), ("null", "x", None, 1),
        ...          ("conv", "y", None, 1)]
        >>> removal_effects(paths)
        {'x': 1.0, 'y': 1.0}
    """
    edges: dict[State, dict[State, int]] = defaultdict(dict)
    for kind, a, b, n in paths:
        source: State = _START if kind in ("start", "direct") else str(a)
        target: State = {"conv": _CONV, "null": _NULL, "direct": _CONV}.get(kind, str(b))
        edges[source][target] = edges[source].get(target, 0) + n
    edges = dict(edges)
    if _START not in edges:
        return {}
    base = _conversion_probability(edges)
    touchpoints = sorted(s for s in edges if isinstance(s, str))
    if base <= 0:
        return dict.fromkeys(touchpoints, 0.0)
    return {
        t: round(max(0.0, 1 - _conversion_probability(edges, t) / base), 6) for t in touchpoints
    }


def _attribution(agg: Aggregates) -> tuple[Attribution, ...]:
    effects = removal_effects(agg.paths)
    last = {str(a): n for kind, a, _, n in agg.paths if kind == "conv"}
    rows = [Attribution(t, effect, last.get(t, 0)) for t, effect in effects.items()]
    return tuple(sorted(rows, key=lambda r: (-r.removal_effect, -r.last_touch, r.touchpoint_id)))


def _ms(seconds: float | None) -> float | None:
    """Seconds to the millisecond: engines interpolate percentiles with different float
    rounding (Spark gives 501508.80000000005 where DuckDB gives 501508.8)."""
    return None if seconds is None else round(float(seconds), 3)


def assemble(ws: Workspace, settings: EvidenceSettings, agg: Aggregates) -> Observation:
    """The observation made of an engine's aggregates (plain Python, small tables)."""
    modelled = {(t.from_id, t.to_id) for t in ws.transitions}
    transitions = tuple(
        ObservedTransition(a, b, count, (a, b) in modelled, _ms(median))
        for a, b, count, median in sorted(agg.transitions, key=lambda r: (-r[2], r[0], r[1]))
    )
    observed_pairs = {(t.from_id, t.to_id) for t in transitions}
    unobserved: list[tuple[str, str]] = []
    for t in ws.transitions:
        pair = (t.from_id, t.to_id)
        if pair not in observed_pairs and pair not in unobserved:
            unobserved.append(pair)
    seen = {r[0] for r in agg.starts} | {r[0] for r in agg.ends}
    seen |= {r[0] for r in agg.transitions} | {r[1] for r in agg.transitions}
    stage_ids = ws.stage_ids()
    skipped = tuple(
        StageSkip(stage_ids[a], stage_ids[b], count)
        for a, b, count in sorted(agg.skips, key=lambda r: (-r[2], r[0], r[1]))
    )
    funnels = _funnels(ws, agg)
    times = {stage: (n, _ms(median), _ms(p90)) for stage, n, median, p90 in agg.stage_times}
    groups = tuple(
        GroupFunnel(kind, group, steps)  # type: ignore[arg-type]
        for (kind, group), steps in funnels.items()
        if kind != "all"
    )
    segments = tuple(
        SegmentResult(segment, cases, converted, value)
        for segment, cases, converted, value in sorted(agg.segments)
    )

    def endpoints(rows: list[tuple[str, int]]) -> tuple[Endpoint, ...]:
        return tuple(Endpoint(tp, n) for tp, n in sorted(rows, key=lambda r: (-r[1], r[0])))

    return Observation(
        events=agg.events,
        cases=agg.cases,
        unmapped_events=agg.unmapped,
        invalid_events=agg.invalid,
        transitions=transitions,
        starts=endpoints(agg.starts),
        ends=endpoints(agg.ends),
        funnel=funnels["all", ""],
        unobserved=tuple(unobserved),
        skipped=skipped,
        never_observed=tuple(t.id for t in ws.touchpoints if t.id not in seen),
        unmapped_names=tuple(sorted(agg.unmapped_names, key=lambda r: (-r[1], r[0]))),
        group_funnels=groups,
        segments=segments,
        attribution=_attribution(agg),
        stage_times=tuple(
            (stage.id, Durations(*times.get(i, (0, None, None))))
            for i, stage in enumerate(ws.stages)
        ),
        time_to_conversion=Durations(
            agg.conversion_time[0], _ms(agg.conversion_time[1]), _ms(agg.conversion_time[2])
        ),
        converted=sum(n for kind, _, _, n in agg.paths if kind in ("conv", "direct")),
        settings=settings,
    )
