"""A plain-Python reference of the evidence measures, written from the definitions in
``docs/reference/evidence.md`` and nothing else, to hold the DuckDB engine against.

It reads rows of text (as a CSV file holds them) with the default column names and no
mapping rules: an activity maps when it equals a touchpoint id.
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import personajourney as pj
from personajourney.evidence.plan import removal_effects
from personajourney.models.evidence import Observation


def _time(text: str) -> datetime.datetime:
    value = datetime.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between the nearest ranks (DuckDB's quantile_cont)."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low = int(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _durations(values: list[float]) -> tuple[int, float | None, float | None]:
    if not values:
        return (0, None, None)
    return (len(values), statistics.median(values), _quantile(values, 0.9))


def reference(ws: pj.Workspace, rows: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    stage_of = {s.id: i for i, s in enumerate(ws.stages)}
    tp_stage = {t.id: stage_of[t.stage_id] for t in ws.touchpoints}
    decision = next((i for i, s in enumerate(ws.stages) if s.decision), None)
    conversion = {
        t.id for t in ws.touchpoints if decision is not None and tp_stage[t.id] > decision
    }
    invalid = unmapped = 0
    by_case: dict[str, list[tuple[datetime.datetime, int, str, str]]] = defaultdict(list)
    for order, row in enumerate(rows):
        case, ts = (row.get("case_id") or "").strip(), (row.get("timestamp") or "").strip()
        if not case or not ts:
            invalid += 1
            continue
        tp = row.get("touchpoint") or ""
        if tp not in tp_stage:
            unmapped += 1
            continue
        by_case[case].append((_time(ts), order, tp, row.get("segment_id") or ""))
    gaps: dict[tuple[str, str], list[float]] = defaultdict(list)
    starts: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    skips: Counter[tuple[int, int]] = Counter()
    reached: Counter[int] = Counter()
    reached_converted: Counter[int] = Counter()
    furthest: Counter[int] = Counter()
    dropped: Counter[int] = Counter()
    segments: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    paths: Counter[tuple[str, str | None, str | None]] = Counter()
    in_stage: dict[int, list[float]] = defaultdict(list)
    to_conversion: list[float] = []
    for events in by_case.values():
        events.sort(key=lambda e: (e[0], e[1]))
        starts[events[0][2]] += 1
        ends[events[-1][2]] += 1
        for (t1, _, a, _), (t2, _, b, _) in itertools.pairwise(events):
            gaps[a, b].append((t2 - t1).total_seconds())
            if tp_stage[b] - tp_stage[a] > 1:
                skips[tp_stage[a], tp_stage[b]] += 1
        converted = any(e[2] in conversion for e in events)
        stages = {tp_stage[e[2]] for e in events}
        for stage in stages:
            reached[stage] += 1
            reached_converted[stage] += converted
        top = max(stages)
        furthest[top] += 1
        dropped[top] += not converted
        for stage in stages:
            entered = min(e[0] for e in events if tp_stage[e[2]] == stage)
            later = [e[0] for e in events if tp_stage[e[2]] > stage and e[0] >= entered]
            if later:
                in_stage[stage].append((min(later) - entered).total_seconds())
        if converted:
            first_conversion = min(e[0] for e in events if e[2] in conversion)
            to_conversion.append((first_conversion - events[0][0]).total_seconds())
        # The path to the first conversion event (all of it when there is none).
        cut = next((i for i, e in enumerate(events) if e[2] in conversion), len(events))
        path = [e[2] for e in events[:cut]]
        if not path:
            paths["direct", None, None] += 1
        else:
            paths["start", None, path[0]] += 1
            for a, b in itertools.pairwise(path):
                paths["step", a, b] += 1
            paths["conv" if converted else "null", path[-1], None] += 1
        segment = next((e[3] for e in events if e[3]), "")
        if segment:
            segments[segment][0] += 1
            segments[segment][1] += converted
    modelled = {(t.from_id, t.to_id) for t in ws.transitions}
    seen = set(starts) | set(ends) | {a for a, _ in gaps} | {b for _, b in gaps}
    unobserved: list[tuple[str, str]] = []
    for t in ws.transitions:
        pair = (t.from_id, t.to_id)
        if pair not in gaps and pair not in unobserved:
            unobserved.append(pair)
    ids = ws.stage_ids()
    return {
        "events": len(rows),
        "invalid_events": invalid,
        "unmapped_events": unmapped,
        "cases": len(by_case),
        "transitions": {
            (a, b): (len(g), (a, b) in modelled, statistics.median(g)) for (a, b), g in gaps.items()
        },
        "start": dict(starts),
        "end": dict(ends),
        "funnel": [
            (s, reached[i], furthest[i], reached_converted[i], dropped[i])
            for i, s in enumerate(ids)
        ],
        "skipped": {(ids[a], ids[b]): n for (a, b), n in skips.items()},
        "unobserved": unobserved,
        "never_observed": [t.id for t in ws.touchpoints if t.id not in seen],
        "segments": {k: tuple(v) for k, v in segments.items()},
        # The solver is the plan's (tested by hand elsewhere); the paths fed to it are not.
        "attribution": {
            t: (effect, paths.get(("conv", t, None), 0))
            for t, effect in removal_effects(
                [(k, a, b, n) for (k, a, b), n in paths.items()]
            ).items()
        },
        "stage_times": [(s, _durations(in_stage[i])) for i, s in enumerate(ids)],
        "to_conversion": _durations(to_conversion),
        "converted": paths["direct", None, None]
        + sum(n for (kind, _, _), n in paths.items() if kind == "conv"),
    }


def measured(obs: Observation) -> dict[str, Any]:
    """The same shape, from the engine's observation."""
    return {
        "events": obs.events,
        "invalid_events": obs.invalid_events,
        "unmapped_events": obs.unmapped_events,
        "cases": obs.cases,
        "transitions": {
            (t.from_id, t.to_id): (t.count, t.modelled, t.median_seconds) for t in obs.transitions
        },
        "start": {e.touchpoint_id: e.count for e in obs.starts},
        "end": {e.touchpoint_id: e.count for e in obs.ends},
        "funnel": [(f.stage_id, f.cases, f.furthest, f.converted, f.dropped) for f in obs.funnel],
        "skipped": {(s.from_stage_id, s.to_stage_id): s.count for s in obs.skipped},
        "unobserved": list(obs.unobserved),
        "never_observed": list(obs.never_observed),
        "segments": {s.segment_id: (s.cases, s.converted) for s in obs.segments},
        "attribution": {a.touchpoint_id: (a.removal_effect, a.last_touch) for a in obs.attribution},
        "stage_times": [
            (s, (d.cases, d.median_seconds, d.p90_seconds)) for s, d in obs.stage_times
        ],
        "to_conversion": (
            obs.time_to_conversion.cases,
            obs.time_to_conversion.median_seconds,
            obs.time_to_conversion.p90_seconds,
        ),
        "converted": obs.converted,
    }
