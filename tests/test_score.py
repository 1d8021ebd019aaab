"""The score orders models as a strategist would: pairs whose order any expert agrees on.

Each test builds two models that differ in one respect an expert would judge the same way
(a careful model against a messy workshop model, an error against a warning, a gap where
much is at stake against one where little is) and asserts the order of their scores.
"""

from __future__ import annotations

import itertools
from typing import Any

import personajourney as pj
from personajourney.checks.base import RuleContext
from personajourney.checks.scoring import causes

STAGES = [
    "problem-awareness",
    "information-search",
    "comparing-alternatives",
    "purchase-decision",
    "onboarding",
    "loyalty",
    "advocacy",
]


def _careful() -> pj.Workspace:
    """Two researched personas in prioritised segments, owners everywhere, hand-offs agreed,
    motives addressed; one honest gap (the CFO persona is not met in onboarding)."""
    tps: list[dict[str, Any]] = []
    transitions: list[dict[str, Any]] = []
    for k, stage in enumerate(STAGES):
        audience = ["it-lead"] + (
            ["cfo"] if stage in ("comparing-alternatives", "purchase-decision", "loyalty") else []
        )
        tps.append(
            {
                "id": f"t{k}",
                "name": f"Touchpoint {k}",
                "stage_id": stage,
                "persona_ids": audience,
                "motive_ids": ["uptime", "cost"],
                "entry": k == 0,
            }
        )
        if k:
            transitions.append({"from_id": f"t{k - 1}", "to_id": f"t{k}"})
    persona = {
        "goals": ["Keep the plant running"],
        "problems": ["Too many alerts"],
        "provenance": {"kind": "researched", "source": "12 interviews"},
    }
    return pj.Workspace.model_validate(
        {
            "name": "Careful",
            "motives": [{"id": "uptime", "name": "Uptime"}, {"id": "cost", "name": "Cost"}],
            "personas": [
                {
                    "id": "it-lead",
                    "name": "IT lead",
                    "motives": [{"motive_id": "uptime"}],
                    **persona,
                },
                {
                    "id": "cfo",
                    "name": "CFO",
                    "motives": [{"motive_id": "cost"}],
                    "active_stage_ids": [
                        "comparing-alternatives",
                        "purchase-decision",
                        "onboarding",
                        "loyalty",
                    ],
                    **persona,
                },
            ],
            "segments": [
                {
                    "id": "mid-manufacturers",
                    "name": "Mid-size manufacturers",
                    "priority": 1,
                    "estimated_size": 400,
                    "criteria": {"industries": ["manufacturing"]},
                    "persona_ids": ["it-lead", "cfo"],
                }
            ],
            "touchpoints": tps,
            "transitions": transitions,
            "handoffs": [
                {"from_team_id": "marketing", "to_team_id": "sales"},
                {"from_team_id": "sales", "to_team_id": "customer-service"},
                {"from_team_id": "customer-service", "to_team_id": "marketing"},
            ],
        }
    )


def _messy_workshop() -> pj.Workspace:
    """Sixty touchpoints straight out of a workshop: everyone everywhere, nobody owns a stage
    or a touchpoint, personas asserted and without goals or motives."""
    tps: list[dict[str, Any]] = []
    for n in range(60):
        tps.append(
            {
                "id": f"w{n}",
                "name": f"Sticky note {n}",
                "stage_id": f"s{n % 7}",
                "persona_ids": ["buyer", "user"],
                "entry": n == 0,
            }
        )
    order = sorted(range(60), key=lambda n: (n % 7, n))
    transitions = [{"from_id": f"w{a}", "to_id": f"w{b}"} for a, b in itertools.pairwise(order)]
    return pj.Workspace.model_validate(
        {
            "name": "Workshop",
            "stages": [{"id": f"s{k}", "decision": k == 3} for k in range(7)],
            "personas": [{"id": "buyer", "name": "Buyer"}, {"id": "user", "name": "User"}],
            "touchpoints": tps,
            "transitions": transitions,
        }
    )


def _score(ws: pj.Workspace, **options: Any) -> int:
    report = pj.run_checks(ws, **options)
    assert report.score is not None
    return report.score


def test_a_careful_model_scores_above_a_messy_workshop_model() -> None:
    careful, messy = pj.run_checks(_careful()), pj.run_checks(_messy_workshop())

    assert careful.score is not None
    assert messy.score is not None
    assert careful.score > messy.score
    assert careful.health is not None
    assert messy.health is not None
    assert careful.health > messy.health


def test_an_error_costs_more_than_the_same_finding_as_a_warning() -> None:
    data = _careful().model_dump(mode="json", exclude_defaults=True)
    data["personas"][0]["problems"] = []  # P001 on it-lead
    scores = {}
    for level in ("warning", "error"):
        data["checks"] = {"severity": {"P001": level}}
        scores[level] = _score(pj.Workspace.model_validate(data))

    assert scores["error"] < scores["warning"]


def test_what_a_run_selects_changes_what_is_shown_not_the_score() -> None:
    data = _careful().model_dump(mode="json", exclude_defaults=True)
    data["personas"][0]["problems"] = []
    ws = pj.Workspace.model_validate(data)

    assert _score(ws) == _score(ws, ignore=["P"]) == _score(ws, severity={"P001": "error"})


def _two_segments(missing: str) -> pj.Workspace:
    """Personas `key` (priority 1 segment) and `minor` (priority 5); `missing` is not
    reached in the last stage."""
    tps = []
    for k, stage in enumerate(STAGES):
        audience = (
            ["key", "minor"]
            if k < len(STAGES) - 1
            else [p for p in ("key", "minor") if p != missing]
        )
        tps.append(
            {
                "id": f"t{k}",
                "name": f"T{k}",
                "stage_id": stage,
                "persona_ids": audience,
                "entry": k == 0,
            }
        )
    return pj.Workspace.model_validate(
        {
            "personas": [{"id": "key", "name": "Key"}, {"id": "minor", "name": "Minor"}],
            "segments": [
                {"id": "core", "name": "Core", "priority": 1, "persona_ids": ["key"]},
                {"id": "fringe", "name": "Fringe", "priority": 5, "persona_ids": ["minor"]},
            ],
            "touchpoints": tps,
            "transitions": [{"from_id": f"t{k}", "to_id": f"t{k + 1}"} for k in range(6)],
        }
    )


def test_a_gap_in_a_priority_segment_costs_more_than_one_in_a_fringe_segment() -> None:
    assert _score(_two_segments("key")) < _score(_two_segments("minor"))


def _committee(unreached_influence: float) -> pj.Workspace:
    return pj.Workspace.model_validate(
        {
            "stages": [{"id": "a"}, {"id": "d", "decision": True}],
            "committees": [
                {
                    "id": "c",
                    "name": "C",
                    "members": [
                        {
                            "id": "reached",
                            "name": "R",
                            "influence": 0.5,
                            "roles": ["decision_maker"],
                        },
                        {"id": "missed", "name": "M", "influence": unreached_influence},
                    ],
                }
            ],
            "touchpoints": [
                {
                    "id": "t1",
                    "name": "T1",
                    "stage_id": "a",
                    "member_ids": ["reached"],
                    "entry": True,
                },
                {"id": "t2", "name": "T2", "stage_id": "d", "member_ids": ["reached"]},
            ],
            "transitions": [{"from_id": "t1", "to_id": "t2"}],
        }
    )


def test_missing_an_influential_member_costs_more_than_missing_a_bystander() -> None:
    assert _score(_committee(0.9)) < _score(_committee(0.2))


def test_an_excluded_persona_left_alone_does_not_lower_the_score() -> None:
    ws = _careful()
    data = ws.model_dump(mode="json", exclude_defaults=True)
    data["personas"].append(
        {"id": "gov", "name": "Civil servant", **{"provenance": {"kind": "researched"}}}
    )
    data["personas"][-1].update(goals=["g"], problems=["p"])
    data["segments"].append(
        {
            "id": "public",
            "name": "Public",
            "excluded": True,
            "exclusion_reason": "tenders",
            "persona_ids": ["gov"],
        }
    )

    assert _score(ws) == _score(pj.Workspace.model_validate(data))


def test_findings_about_one_thing_count_once_at_the_highest_cost() -> None:
    ws = pj.Workspace.model_validate(
        {
            "channels": [{"id": "web"}],
            "personas": [{"id": "p", "name": "P", "avoided_channel_ids": ["web"]}],
            "touchpoints": [
                {
                    "id": "t",
                    "name": "T",
                    "stage_id": "loyalty",
                    "channel_id": "web",
                    "persona_ids": ["p"],
                }
            ],
        }
    )
    report = pj.run_checks(ws)
    about_p = [
        f for f in report.findings if f.nodes[0] == "persona:p" and f.code in ("P001", "P002")
    ]

    costs = causes(RuleContext(ws), report.findings)

    assert len(about_p) == 2
    assert costs["persona:p"] == 0.3  # P001 (warning) and P002 (info): one cause, the warning
