"""Committees too large to draw one card per member are drawn in groups, and say so.

Graphviz's layout of a committee map grows steeply with members and the introductions
between them (300 members: minutes); the benchmark ``benchmarks/bench_large_models.py``
prints the times. These tests pin the behaviour: where aggregation starts, how members are
grouped, that the title says so, and that the largest maps lay out at all.
"""

from __future__ import annotations

import random

import pytest

import personajourney as pj
from personajourney.render.diagrams.committee import AGGREGATE_ABOVE, MAX_GROUPS
from personajourney.render.dot import committee_dot
from personajourney.render.engines import EnginePool, Job

ROLES = list(pj.Role)


def _committee(n: int, personas: int = 4, introductions: int = 2) -> pj.Workspace:
    rng = random.Random(n)
    ids = [f"m{i}" for i in range(n)]
    members = [
        pj.Member(
            id=ids[i],
            name=f"Member {i}",
            roles=[ROLES[i % len(ROLES)]],
            persona_id=f"p{i // 2 % personas}" if personas and i % 2 == 0 else None,
            introduces_ids=[x for x in rng.sample(ids, introductions) if x != ids[i]],
        )
        for i in range(n)
    ]
    return pj.Workspace(
        personas=[pj.Persona(id=f"p{k}", name=f"Persona {k}") for k in range(personas)],
        committees=[pj.BuyingCommittee(id="c", name="C", members=members)],
        touchpoints=[
            pj.Touchpoint(
                id="t", name="T", stage_id="problem-awareness", member_ids=ids[::3], entry=True
            )
        ],
    )


def test_up_to_the_threshold_every_member_has_a_card() -> None:
    dot = committee_dot(_committee(AGGREGATE_ABOVE), "c")
    assert dot.count('class="member') == AGGREGATE_ABOVE
    assert 'class="group' not in dot
    assert "too many to draw" not in dot


def test_above_it_members_are_grouped_by_persona_else_role_and_the_title_says_so() -> None:
    ws = _committee(AGGREGATE_ABOVE + 1)
    dot = committee_dot(ws, "c")
    assert 'class="member' not in dot
    groups = dot.count('class="group')
    # four personas for the even members; the odd ones by their first role
    odd_roles = {ROLES[i % len(ROLES)] for i in range(1, AGGREGATE_ABOVE + 1, 2)}
    assert 4 + len(odd_roles) == groups
    assert f"{AGGREGATE_ABOVE + 1} members shown as {groups} groups by persona" in dot
    assert "Persona 3" in dot


def test_with_too_many_personas_members_are_grouped_by_first_role() -> None:
    dot = committee_dot(_committee(120, personas=MAX_GROUPS + 5), "c")
    assert dot.count('class="group') <= len(ROLES)
    assert "groups by first role" in dot


def test_the_aggregated_title_is_localised() -> None:
    ws = _committee(60).with_locale("fi")
    assert "60 jäsentä koottu" in committee_dot(ws, "c")


def test_aggregation_can_be_turned_off_and_the_same_model_gives_the_same_dot() -> None:
    ws = _committee(60)
    assert committee_dot(ws, "c", aggregate_above=1000).count('class="member') == 60
    assert committee_dot(ws, "c") == committee_dot(ws, "c")


@pytest.mark.parametrize("introductions", [0, 3])
def test_a_three_hundred_member_committee_lays_out(introductions: int) -> None:
    """Before: minutes of Graphviz, or an assertion in its crossing minimisation (a label on
    a flat edge between groups) that killed the worker."""
    ws = _committee(300, personas=8, introductions=introductions)
    with EnginePool(workers=1, timeout=60) as pool:
        for stage in (None, "purchase-decision"):
            svg = pool.run(Job("graphviz", committee_dot(ws, "c", stage_id=stage), "svg"))
            assert svg.count(b'class="node group') >= 8
