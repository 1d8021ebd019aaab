"""Graphviz layout time of journey diagrams: the naive DOT against :func:`journey_dot`.

Run ``python benchmarks/bench_layout.py`` (add ``--quick`` for a shorter run, which skips the
naive baseline). It builds
synthetic journeys of 500 and 1,000 touchpoints (seven stages, three transitions per
touchpoint, personas and committee members as audiences, hand-offs where the owner changes,
labels on a fifth of the transitions) and times Graphviz layout, rendering SVG in an engine
worker process (:class:`~personajourney.render.engines.EnginePool` with one worker):

* ``naive_500``: a straightforward clustered DOT of the 500-touchpoint journey, one cluster
  per stage and transition labels as edge ``label`` (capped by a timeout; about a minute of
  Graphviz, so ``--quick`` leaves it out and the speed-up is not measured);
* ``journey_500`` and ``journey_1000``: :func:`personajourney.render.dot.journey_dot` of the
  same journeys, every touchpoint drawn (aggregation off), best of three runs;
* ``journey_1000_aggregated``: the default diagram of the 1,000-touchpoint journey, which
  groups touchpoints by stage × channel.

It prints the figures and the speed-up, and as its last line one JSON object with every
figure and pass/fail per target. ``run(quick)`` returns the same dict (for
``benchmarks/run.py``).

Targets: ``journey_500`` at least 50× faster than ``naive_500`` (``None``, not measured, in a
quick run); ``journey_1000`` laid out in at most 2 s; no layout errors. Times are wall-clock
and grow with the machine's load; the 1-minute load average before and after is part of the
figures.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from typing import Any

from personajourney import (
    BuyingCommittee,
    Member,
    Persona,
    Role,
    Touchpoint,
    Transition,
    Workspace,
)
from personajourney.render.dot import journey_dot
from personajourney.render.engines import EnginePool, Job, RenderError
from personajourney.render.escape import dot_html

NAIVE_TIMEOUT = 180.0
SPEEDUP_TARGET = 50.0
LAYOUT_1000_TARGET = 2.0

# Share of touchpoints per stage: most content sits early in the journey.
_STAGE_SHARE = (0.20, 0.20, 0.18, 0.08, 0.12, 0.12, 0.10)
_CHANNELS_BY_STAGE = (
    ("social", "search", "event", "print", "partner"),
    ("web", "webinar", "search", "email", "partner"),
    ("meeting", "phone", "web", "email", "webinar"),
    ("meeting", "email", "phone"),
    ("meeting", "chat", "email", "web"),
    ("email", "meeting", "chat", "phone"),
    ("web", "event", "social", "phone"),
)
_WORDS = [
    "report", "guide", "webinar", "call", "demo", "review", "calculator", "checklist",
    "briefing", "workshop", "study", "newsletter", "survey", "trial", "audit", "roadmap",
    "playbook", "benchmark", "template", "visit", "kickoff",
]  # fmt: skip


def synthetic_workspace(touchpoints: int, seed: int = 7) -> Workspace:
    """A valid, realistic-looking journey with ``touchpoints`` touchpoints.

    Deterministic for a given ``touchpoints`` and ``seed``.
    """
    rng = random.Random(seed * 100_003 + touchpoints)
    stage_ids = [
        "problem-awareness",
        "information-search",
        "comparing-alternatives",
        "purchase-decision",
        "onboarding",
        "loyalty",
        "advocacy",
    ]
    personas = [Persona(id=f"persona-{i}", name=f"Persona {i}") for i in range(6)]
    roles = [
        [Role.DECISION_MAKER],
        [Role.ECONOMIC_BUYER, Role.PROCUREMENT],
        [Role.TECHNICAL_BUYER, Role.CHAMPION],
        [Role.END_USER],
        [Role.INFLUENCER],
        [Role.LEGAL_COMPLIANCE],
        [Role.EVALUATOR],
        [Role.EXECUTIVE_SPONSOR],
    ]
    members = [
        Member(
            id=f"member-{i}",
            name=f"Member {i}",
            roles=roles[i],
            persona_id=personas[i % len(personas)].id if i % 3 == 0 else None,
        )
        for i in range(len(roles))
    ]
    counts = [max(1, round(share * touchpoints)) for share in _STAGE_SHARE]
    counts[2] += touchpoints - sum(counts)
    tps: list[Touchpoint] = []
    by_stage: list[list[int]] = []
    for k, (stage_id, count) in enumerate(zip(stage_ids, counts, strict=True)):
        by_stage.append([])
        for j in range(count):
            index = len(tps)
            words = rng.sample(_WORDS, 2)
            audience = rng.sample(personas, rng.choice((1, 1, 2)))
            listed = rng.sample(members, 1) if rng.random() < 0.3 else []
            owner = None
            if rng.random() < 0.08:
                owner = rng.choice(("marketing", "sales", "customer-service"))
            tps.append(
                Touchpoint(
                    id=f"tp-{index}",
                    name=f"{words[0].title()} {words[1]} {k + 1}.{j + 1}",
                    stage_id=stage_id,
                    channel_id=rng.choice(_CHANNELS_BY_STAGE[k]),
                    owner_id=owner,
                    persona_ids=[p.id for p in audience],
                    member_ids=[m.id for m in listed],
                    entry=k == 0 and rng.random() < 0.3,
                )
            )
            by_stage[k].append(index)
    stage_owner = {
        "problem-awareness": "marketing",
        "information-search": "marketing",
        "comparing-alternatives": "sales",
        "purchase-decision": "sales",
        "onboarding": "customer-service",
        "loyalty": "customer-service",
        "advocacy": "marketing",
    }

    def owner_of(i: int) -> str:
        return tps[i].owner_id or stage_owner[tps[i].stage_id]

    transitions: list[Transition] = []
    last = len(stage_ids) - 1
    for k, indexes in enumerate(by_stage):
        for i in indexes:
            for _ in range(3):
                draw = rng.random()
                if draw < 0.62 and k < last:
                    target_stage = k + 1  # onwards to the next stage
                elif draw < 0.85:
                    target_stage = k  # another touchpoint in the same stage
                elif draw < 0.93 and k < last - 1:
                    target_stage = k + 2  # skips a stage
                else:
                    target_stage = max(0, k - rng.choice((1, 2)))  # back to an earlier stage
                j = rng.choice(by_stage[target_stage])
                if j == i:
                    continue
                handoff = owner_of(i) != owner_of(j) and rng.random() < 0.5
                label = None
                if rng.random() < 0.2:
                    label = f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS)} follow-up"
                transitions.append(
                    Transition(from_id=f"tp-{i}", to_id=f"tp-{j}", handoff=handoff, label=label)
                )
    return Workspace(
        name=f"Synthetic journey, {touchpoints} touchpoints",
        personas=personas,
        committees=[BuyingCommittee(id="committee", name="Committee", members=members)],
        touchpoints=tps,
        transitions=transitions,
    )


def naive_dot(ws: Workspace) -> str:
    """The straightforward DOT of a journey: a cluster per stage, edge labels as ``label``.

    This is what a first version looks like; it is the baseline of the benchmark.
    """
    lines = [
        "digraph journey {",
        '  graph [rankdir=LR, charset="UTF-8", fontname="DejaVu Sans"];',
        '  node [shape=box, style="rounded", fontname="DejaVu Sans"];',
        '  edge [fontname="DejaVu Sans", fontsize=9];',
    ]
    ids = {tp.id: f"n{i}" for i, tp in enumerate(ws.touchpoints)}
    for k, stage in enumerate(ws.stages):
        lines.append(f"  subgraph cluster_{k} {{")
        lines.append(f"    label=<{dot_html(ws.label_of(stage))}>;")
        for tp in ws.touchpoints:
            if tp.stage_id == stage.id:
                lines.append(f"    {ids[tp.id]} [label=<{dot_html(tp.name)}>];")
        lines.append("  }")
    for tr in ws.transitions:
        label = f" [label=<{dot_html(tr.label)}>]" if tr.label else ""
        lines.append(f"  {ids[tr.from_id]} -> {ids[tr.to_id]}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _layout(pool: EnginePool, dot: str, name: str) -> tuple[float | None, str]:
    """Seconds to lay out and render ``dot`` as SVG (``None`` on timeout), and an error."""
    started = time.perf_counter()
    try:
        svg = pool.run(Job("graphviz", dot, "svg", name=name))
    except RenderError as exc:
        elapsed = time.perf_counter() - started
        if "longer than" in str(exc):
            return None, ""
        return elapsed, str(exc)
    elapsed = time.perf_counter() - started
    if not svg.lstrip().startswith(b"<?xml"):
        return elapsed, "not SVG"
    return elapsed, ""


def _nodes_in(dot: str) -> int:
    return len(re.findall(r"^\s*n\d+ \[", dot, flags=re.MULTILINE))


def run(quick: bool = False) -> dict[str, Any]:
    """Run the benchmark and return every figure, the ratio and pass/fail per target."""
    naive_timeout = NAIVE_TIMEOUT
    repeats = 1 if quick else 3
    load_before = _load()
    ws500 = synthetic_workspace(500)
    ws1000 = synthetic_workspace(1000)
    sources = {
        "journey_500": journey_dot(ws500, aggregate_above=10_000),
        "journey_1000": journey_dot(ws1000, aggregate_above=10_000),
        "journey_1000_aggregated": journey_dot(ws1000),
        "naive_500": naive_dot(ws500),
    }
    figures: dict[str, Any] = {
        "touchpoints": {"500": len(ws500.touchpoints), "1000": len(ws1000.touchpoints)},
        "transitions": {"500": len(ws500.transitions), "1000": len(ws1000.transitions)},
        "naive_timeout_s": naive_timeout,
    }
    errors: dict[str, str] = {}
    seconds: dict[str, float | None] = {}
    # One worker each, so the layouts do not compete for a core; the naive one gets its own
    # pool because its worker is killed when it runs out of time.
    with EnginePool(workers=1, timeout=60.0) as pool:
        pool.run(Job("graphviz", "digraph { a -> b }", "svg", name="warm-up"))
        for name in ("journey_500", "journey_1000", "journey_1000_aggregated"):
            runs = []
            for _ in range(repeats):
                elapsed, error = _layout(pool, sources[name], name)
                runs.append(elapsed)
                if error:
                    errors[name] = error
            best = min((r for r in runs if r is not None), default=None)
            seconds[name] = best
            nodes = _nodes_in(sources[name])
            print(f"{name:>26}: {_fmt(best)}  (best of {repeats}; {nodes} nodes)")
    ratio: float | None = None
    timed_out = False
    if quick:
        seconds["naive_500"] = None
        print(f"{'naive_500':>26}: skipped (--quick); speed-up at 500 not measured")
    else:
        with EnginePool(workers=1, timeout=naive_timeout) as pool:
            pool.run(Job("graphviz", "digraph { a -> b }", "svg", name="warm-up"))
            elapsed, error = _layout(pool, sources["naive_500"], "naive_500")
            seconds["naive_500"] = elapsed
            if error:
                errors["naive_500"] = error
            print(f"{'naive_500':>26}: {_fmt(elapsed, naive_timeout)}")
        naive = seconds["naive_500"]
        fast = seconds["journey_500"]
        timed_out = naive is None
        # A timed-out baseline counts as its timeout: the true ratio is at least this.
        ratio = (naive_timeout if naive is None else naive) / fast if fast else None
        prefix = "> " if timed_out else ""
        print(f"{'speed-up at 500':>26}: {prefix}{ratio:.0f}×" if ratio else "speed-up: n/a")
    figures["seconds"] = {k: None if v is None else round(v, 3) for k, v in seconds.items()}
    figures["speedup_500"] = None if ratio is None else round(ratio, 1)
    figures["speedup_500_is_lower_bound"] = timed_out
    layout_1000 = seconds["journey_1000"]
    journey_errors = {k: v for k, v in errors.items() if k != "naive_500"}
    figures["errors"] = errors
    figures["targets"] = {
        # None: not measured (a quick run skips the naive baseline).
        "speedup_500_at_least_50x": None
        if quick
        else ratio is not None and ratio >= SPEEDUP_TARGET,
        "journey_1000_at_most_2s": layout_1000 is not None and layout_1000 <= LAYOUT_1000_TARGET,
        "no_layout_errors": not journey_errors,
    }
    figures["passed"] = all(passed is not False for passed in figures["targets"].values())
    figures["load_average"] = {"before": load_before, "after": _load()}
    figures["cpus"] = os.cpu_count()
    figures["quick"] = quick
    return figures


def _load() -> float | None:
    """The 1-minute load average: layout times grow with it on a busy machine."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # pragma: no cover - not on every platform
        return None


def _fmt(seconds: float | None, timeout: float | None = None) -> str:
    if seconds is None:
        return f"> {timeout:g} s (timeout)" if timeout else "timeout"
    return f"{seconds:.2f} s"


def main(argv: list[str]) -> int:
    figures = run(quick="--quick" in argv)
    print(json.dumps(figures, sort_keys=True))
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
