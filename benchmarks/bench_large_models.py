"""Time of every diagram of large models: no single diagram should take more than 10 s.

Run ``python benchmarks/bench_large_models.py`` (about half a minute) or add ``--baseline``
to also time the 300-member committee map drawn one card per member (aggregation off, as
before it existed; capped by a timeout of ``BASELINE_TIMEOUT`` seconds, minutes of Graphviz).

The models, generated and seeded (the same every run):

* ``committee-300``: one buying committee of 300 members (names, titles, one or two roles,
  influence, a persona for 60 %, and introductions: each member introduces a colleague or
  two with probability 0.6), 60 touchpoints reaching three members each: what a CRM export
  of a large account looks like, about 60 KB as YAML;
* ``contacts-300``: the shape of the committee in the outside probe (issue 12: 31 KB, 300
  members, over 150 s of Graphviz per map): 300 bare contacts (id, name, one role), each
  introducing two colleagues at random, no touchpoint yet (30 KB as YAML); ``--baseline``
  times its map drawn one card per member;
* ``committee-48``: the largest committee still drawn one card per member
  (:data:`~personajourney.render.diagrams.committee.AGGREGATE_ABOVE`), with three
  introductions per member;
* ``journey-300`` and ``journey-1000``: the synthetic journeys of ``bench_layout.py``, the
  largest drawn box by box and one drawn in stage × channel groups.

Each diagram is rendered in engine workers (one Graphviz, one WeasyPrint) through the public
``render_*`` functions; the time printed is the wall-clock time of that call, the model's
text made and laid out. The last line is one JSON object with every figure and the target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import personajourney as pj
from personajourney.render.api import Options
from personajourney.render.diagrams.committee import AGGREGATE_ABOVE
from personajourney.render.dot import committee_dot
from personajourney.render.engines import EnginePool, Job, RenderError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_layout import synthetic_workspace

TARGET_S = 10.0
BASELINE_TIMEOUT = 240.0
_CHANNELS = ["web", "email", "meeting", "phone", "social", "event"]


def large_committee(members: int, introductions: float = 0.6, most: int = 2) -> pj.Workspace:
    """A committee of ``members`` members as a CRM export of a large account gives it."""
    rng = random.Random(members)
    roles = list(pj.Role)
    personas = [pj.Persona(id=f"persona-{k}", name=f"Persona {k}") for k in range(8)]
    ids = [f"contact-{i:04d}" for i in range(members)]
    people = [
        pj.Member(
            id=ids[i],
            name=f"Contact {i:04d}",
            title=f"Title {i % 37}",
            kind="contact",
            crm_id=f"HS-{100000 + i}",
            roles=rng.sample(roles, rng.choice((1, 1, 2))),
            influence=round(rng.random(), 2),
            persona_id=rng.choice(personas).id if rng.random() < 0.6 else None,
            channel_ids=rng.sample(_CHANNELS, 2),
            introduces_ids=[
                other
                for other in rng.sample(ids, rng.randint(1, most))
                if other != ids[i] and rng.random() < introductions
            ],
            lawful_basis="legitimate_interests",
        )
        for i in range(members)
    ]
    stages = [s.id for s in pj.default_stages()]
    touchpoints = [
        pj.Touchpoint(
            id=f"tp-{j}",
            name=f"Touchpoint {j}",
            stage_id=stages[j % len(stages)],
            channel_id=rng.choice(_CHANNELS),
            member_ids=rng.sample(ids, 3),
            entry=j == 0,
        )
        for j in range(max(7, members // 5))
    ]
    return pj.Workspace(
        name=f"Committee of {members}",
        personas=personas,
        committees=[pj.BuyingCommittee(id="account", name="Large account", members=people)],
        touchpoints=touchpoints,
    )


def bare_contacts(members: int) -> pj.Workspace:
    """``members`` contacts with a name and a role, each introducing two others at random
    (300 of them: 30 KB of YAML)."""
    rng = random.Random(5)
    roles = list(pj.Role)
    ids = [f"m{i}" for i in range(members)]
    people = [
        pj.Member(
            id=ids[i],
            name=f"Member {i}",
            roles=[roles[rng.randrange(len(roles))]],
            introduces_ids=[x for x in rng.sample(ids, 2) if x != ids[i]],
        )
        for i in range(members)
    ]
    return pj.Workspace(
        name=f"{members} contacts",
        committees=[pj.BuyingCommittee(id="account", name="Large account", members=people)],
    )


def _time(call: Callable[[], object]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        call()
        status = "ok"
    except RenderError as exc:
        status = f"failed: {str(exc)[:60]}"
    return time.perf_counter() - start, status


def run(baseline: bool = False) -> dict[str, Any]:
    """Every figure, keyed ``<model>/<diagram>`` (seconds), and the checks against the
    target."""
    models = {
        "committee-300": large_committee(300),
        "contacts-300": bare_contacts(300),
        f"committee-{AGGREGATE_ABOVE}": large_committee(AGGREGATE_ABOVE, 1.0, 3),
        "journey-300": synthetic_workspace(300),
        "journey-1000": synthetic_workspace(1000),
    }
    figures: dict[str, float] = {}
    statuses: dict[str, str] = {}
    options = Options(privacy="internal")
    with EnginePool(workers=1) as pool:
        pool.start()
        for name, ws in models.items():
            committee = ws.committees[0].id
            diagrams: dict[str, Callable[[], object]] = {
                "committee": lambda ws=ws, c=committee: pj.render_committee(
                    ws, c, format="svg", options=options, pool=pool
                ),
                "committee@decision": lambda ws=ws, c=committee: pj.render_committee(
                    ws, c, stage_id="purchase-decision", format="svg", options=options, pool=pool
                ),
                "journey": lambda ws=ws: pj.render_journey(
                    ws, format="svg", options=options, pool=pool
                ),
                "heatmap.pdf": lambda ws=ws: pj.render_heatmap(
                    ws, format="pdf", options=options, pool=pool
                ),
                "poster.pdf": lambda ws=ws: pj.render_poster(
                    ws, format="pdf", options=options, pool=pool
                ),
                "report.pdf": lambda ws=ws: pj.render_report(
                    ws, format="pdf", options=options, pool=pool
                ),
            }
            for diagram, call in diagrams.items():
                key = f"{name}/{diagram}"
                figures[key], statuses[key] = _time(call)
                print(f"{key:<36} {figures[key]:7.2f} s  {statuses[key]}", flush=True)
    if baseline:
        ws = models["contacts-300"]
        dot = committee_dot(ws, "account", aggregate_above=10**9)
        with EnginePool(workers=1, timeout=BASELINE_TIMEOUT) as pool:
            key = "contacts-300/committee, one card per member (before)"
            figures[key], statuses[key] = _time(lambda: pool.run(Job("graphviz", dot, "svg")))
        print(f"{key:<36} {figures[key]:7.2f} s  {statuses[key]}", flush=True)
        after = figures["contacts-300/committee"]
        bound = "at least " if statuses[key] != "ok" else ""  # the baseline hit its cap
        print(f"speed-up of the 300-member map: {bound}{figures[key] / after:.0f}x")
    slowest = max((v, k) for k, v in figures.items() if "(before)" not in k)
    return {
        "figures": {k: round(v, 3) for k, v in figures.items()},
        "statuses": statuses,
        "slowest": {"diagram": slowest[1], "s": round(slowest[0], 3)},
        "target_s": TARGET_S,
        "met": slowest[0] <= TARGET_S
        and all(s == "ok" for k, s in statuses.items() if "(before)" not in k),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baseline", action="store_true", help="also time the 300-member map unaggregated"
    )
    result = run(baseline=parser.parse_args().baseline)
    print(
        f"slowest diagram: {result['slowest']['diagram']} {result['slowest']['s']:.2f} s "
        f"(target ≤ {TARGET_S:.0f} s: {'met' if result['met'] else 'NOT met'})"
    )
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
