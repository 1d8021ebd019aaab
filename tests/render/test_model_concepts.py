"""Sheets and diagrams show what the model means: ``·`` where a persona is not involved, an
excluded persona greyed on the heatmap and marked on its card, intended endings drawn as
endings."""

from __future__ import annotations

import re

import personajourney as pj


def _workspace() -> pj.Workspace:
    return pj.Workspace.model_validate(
        {
            "stages": [{"id": "a"}, {"id": "b", "decision": True}, {"id": "c"}],
            "personas": [
                {"id": "buyer", "name": "Buyer Bea", "active_stage_ids": ["b"]},
                {"id": "clerk", "name": "Clerk Cid"},
            ],
            "segments": [
                {"id": "smb", "name": "SMB", "persona_ids": ["buyer"]},
                {
                    "id": "public",
                    "name": "Public sector",
                    "excluded": True,
                    "exclusion_reason": "tenders only",
                    "persona_ids": ["clerk"],
                },
            ],
            "touchpoints": [{"id": "t", "name": "T", "stage_id": "b", "persona_ids": ["buyer"]}],
        }
    )


def _cell(svg: str, row: str, k: int) -> str:
    match = re.search(rf'<g id="cell-persona-{row}-s{k}".*?</g>', svg, flags=re.S)
    assert match, (row, k)
    return match.group(0)


def test_heatmap_shows_not_involved_and_greys_an_excluded_persona() -> None:
    svg = str(pj.render_heatmap(_workspace(), format="svg"))

    assert ">·<" in _cell(svg, "buyer", 0)  # not involved, not a red 0
    assert "heatmap-hatch" not in _cell(svg, "buyer", 0)
    assert ">1<" in _cell(svg, "buyer", 1)
    assert all(">·<" in _cell(svg, "clerk", k) for k in range(3))
    assert "excluded: tenders only" in svg
    assert "not involved" in svg  # the legend explains the mark


def test_card_marks_an_excluded_persona_and_its_stages_as_not_involved() -> None:
    ws = _workspace()
    clerk = str(pj.render_card(ws, "clerk", format="html"))
    buyer = str(pj.render_card(ws, "buyer", format="html"))

    assert "excluded: tenders only" in clerk
    assert "excluded" not in buyer


def test_coverage_weighs_stages_without_participation_zero() -> None:
    report = pj.run_checks(_workspace())

    weights = {(c.id, c.stage): c.weight for c in report.coverage.cells}
    buyer = tuple(weights[("buyer", s)] for s in ("a", "b", "c"))
    clerk = {weights[("clerk", s)] for s in ("a", "b", "c")}
    expected = ((0.0, 1.0, 0.0), {0.0}, ["buyer", "·", "1", "·"])
    assert expected == (buyer, clerk, report.coverage.table("persona")[1])


def test_journey_diagram_draws_intended_endings() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a"}, {"id": "d", "decision": True}],
            "touchpoints": [
                {"id": "demo", "name": "Demo", "stage_id": "a", "entry": True},
                {"id": "survey", "name": "Survey", "stage_id": "a", "outcome": "lost"},
                {"id": "news", "name": "News", "stage_id": "a"},
                {"id": "sign", "name": "Sign", "stage_id": "d"},
            ],
            "transitions": [
                {"from_id": "demo", "to_id": "sign"},
                {"from_id": "demo", "to_id": "survey"},
                {"from_id": "demo", "to_id": "news", "outcome": "deferred", "label": "later"},
            ],
        }
    )
    dot = str(pj.render_journey(ws, format="dot"))
    survey = next(line for line in dot.splitlines() if "<B>Survey</B>" in line)
    step = next(line for line in dot.splitlines() if "later" in line)

    assert "◉ Lost" in survey
    assert "◉ Not now" in next(line for line in dot.splitlines() if "<B>News</B>" in line)
    assert 'style="dashed"' in step
    assert "later · ◉ Not now" in step
    assert "Intended ending (outcome)" in dot
    assert "J013" not in survey + step  # an intended ending is not a dead end


def test_poster_shows_each_finding_once_and_names_the_agreed_handoff() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [
                {"id": "a", "owner_id": "marketing"},
                {"id": "b", "owner_id": "sales", "decision": True},
                {"id": "c", "owner_id": "sales"},
            ],
            "handoffs": [{"from_team_id": "marketing", "to_team_id": "sales", "name": "Lead SLA"}],
            "touchpoints": [
                {"id": "ad", "name": "Ad", "stage_id": "a", "entry": True},
                {"id": "demo", "name": "Demo", "stage_id": "b"},
                {"id": "sign", "name": "Sign", "stage_id": "c", "entry": True},
            ],
            "transitions": [{"from_id": "ad", "to_id": "demo"}],
        }
    )
    report = pj.run_checks(ws, select=["J010", "O003"])
    html = str(pj.render_poster(ws, format="html"))

    assert [f.code for f in report.findings] == ["J010"]  # the hand-off is agreed
    assert len(re.findall(r">J010<", html)) == 1  # a break between b and c: shown once
    assert "Lead SLA" in html
