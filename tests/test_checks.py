"""Running the checks: selection and severity like ruff, ordering, locations, robustness.

What each rule detects is tested by its case file under ``tests/rules/cases``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import personajourney as pj
from personajourney.checks import select_rules

ALL_CODES = [r.code for r in pj.rules()]
#: The rules that run without an event log: all but the evidence rules (area E).
MODEL_CODES = [code for code in ALL_CODES if not code.startswith("E")]


def codes_of(report: pj.Report) -> list[str]:
    return sorted({f.code for f in report.findings})


def persona_only() -> pj.Workspace:
    """A workspace whose only findings are P001, P002 and P003 on one persona."""
    return pj.Workspace(
        stages=[pj.Stage(id="a", owner_id="sales", decision=True)],
        personas=[pj.Persona(id="p", name="P")],
    )


def severities(report: pj.Report) -> dict[str, str]:
    return {f.code: f.severity.value for f in report.findings}


# -- selection -------------------------------------------------------------------------------


def test_empty_select_runs_every_rule_that_needs_no_event_log() -> None:
    report = pj.run_checks(pj.Workspace())

    assert report.rules_run == MODEL_CODES


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (["J01"], [], ["J010", "J011", "J012", "J013", "J014"]),
        (["c003", " M "], [], ["C003", "M001", "M002", "M003"]),
        (["ALL"], ["J", "C", "M", "O", "S", "D"], ["P001", "P002", "P003", "P004"]),
        (["J"], ["J01"], ["J001", "J002", "J003", "J004", "J020"]),
        # the more specific prefix wins, whichever list it is in
        (["J", "J010"], ["J01"], ["J001", "J002", "J003", "J004", "J010", "J020"]),
        (["J01"], ["J"], ["J010", "J011", "J012", "J013", "J014"]),
        (["J"], ["J01", "J011"], ["J001", "J002", "J003", "J004", "J020"]),
        # a tie goes to ignore
        (["J010"], ["J010"], []),
        (["P001", "P002"], ["P002"], ["P001"]),
    ],
)
def test_select_and_ignore_by_prefix(
    select: list[str], ignore: list[str], expected: list[str]
) -> None:
    report = pj.run_checks(pj.Workspace(), select=select, ignore=ignore)

    assert expected == report.rules_run


def test_only_selected_rules_report_findings() -> None:
    report = pj.run_checks(persona_only(), select=["P00"], ignore=["P002"])

    assert codes_of(report) == ["P001", "P003"]


def test_select_from_the_file_applies_and_the_argument_replaces_it() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a", "owner_id": "sales", "decision": True}],
            "personas": [{"id": "p", "name": "P"}],
            "checks": {"select": ["P003"]},
        }
    )

    assert pj.run_checks(ws).rules_run == ["P003"]
    assert pj.run_checks(ws, select=["P001"]).rules_run == ["P001"]


def test_ignore_from_the_file_and_from_the_argument_both_apply() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a", "owner_id": "sales", "decision": True}],
            "personas": [{"id": "p", "name": "P"}],
            "checks": {"ignore": ["P002"]},
        }
    )

    assert codes_of(pj.run_checks(ws)) == ["P001", "P003"]
    assert codes_of(pj.run_checks(ws, ignore=["P001"])) == ["P003"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"select": ["X"]},
        {"select": ["J9"]},
        {"ignore": ["P0001"]},
        {"severity": {"Q": "info"}},
    ],
)
def test_unknown_prefix_raises_unknown_rule_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(pj.UnknownRuleError, match="no rule code starts with"):
        pj.run_checks(pj.Workspace(), **kwargs)


def test_unknown_prefix_in_the_file_settings_raises_too() -> None:
    ws = pj.Workspace.model_validate({"checks": {"ignore": ["Z1"]}})

    with pytest.raises(pj.UnknownRuleError, match="'Z1'"):
        pj.run_checks(ws)


def test_unknown_rule_error_is_a_key_error_with_a_readable_message() -> None:
    with pytest.raises(KeyError) as caught:
        list(select_rules(select=["XYZ"]))

    assert isinstance(caught.value, pj.PersonaJourneyError)
    assert str(caught.value).startswith("no rule code starts with 'XYZ'")


def test_get_rule_by_code_or_name_in_any_case() -> None:
    assert pj.get_rule("j010").code == "J010"
    assert pj.get_rule("stage-break").code == "J010"
    assert pj.get_rule(" STAGE-BREAK ").code == "J010"


def test_get_rule_unknown_suggests_close_codes() -> None:
    with pytest.raises(pj.UnknownRuleError, match="did you mean"):
        pj.get_rule("J01")


# -- severity --------------------------------------------------------------------------------


def test_default_severities() -> None:
    report = pj.run_checks(persona_only())

    assert severities(report) == {"P001": "warning", "P002": "info", "P003": "warning"}


def test_severity_override_by_longest_prefix_from_the_arguments() -> None:
    report = pj.run_checks(persona_only(), severity={"P": "info", "P003": "error"})

    assert severities(report) == {"P001": "info", "P002": "info", "P003": "error"}


def test_severity_override_from_the_file() -> None:
    ws = persona_only().model_copy(
        update={"checks": pj.CheckSettings(severity={"P": "error", "P002": "warning"})}
    )

    assert severities(pj.run_checks(ws)) == {"P001": "error", "P002": "warning", "P003": "error"}


def test_argument_severity_is_merged_over_the_file() -> None:
    ws = persona_only().model_copy(
        update={"checks": pj.CheckSettings(severity={"P": "info", "P003": "error"})}
    )

    # Same key: the argument wins. Different keys: the longest prefix wins, wherever it is.
    report = pj.run_checks(ws, severity={"P": "warning", "P00": "error", "P003": "info"})

    assert severities(report) == {"P001": "error", "P002": "error", "P003": "info"}


def test_all_prefix_sets_a_base_severity() -> None:
    report = pj.run_checks(persona_only(), severity={"ALL": "error", "P002": "info"})

    assert severities(report) == {"P001": "error", "P002": "info", "P003": "error"}


def test_select_rules_yields_effective_severity() -> None:
    chosen = {r.code: level for r, level in select_rules(select=["C00"], severity={"C": "info"})}

    assert dict.fromkeys(["C001", "C002", "C003", "C004", "C005"], pj.Severity.INFO) == chosen


def test_settings_argument_replaces_the_workspace_settings() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a"}, {"id": "b", "decision": True}],
            "committees": [{"id": "c", "name": "C", "members": [{"id": "m", "name": "M"}]}],
            "touchpoints": [{"id": "t", "name": "T", "stage_id": "a", "member_ids": ["m"]}],
            "checks": {"influence_threshold": 0.9},
        }
    )

    assert pj.run_checks(ws, select=["C002"]).findings == []
    lowered = pj.run_checks(ws, select=["C002"], settings=pj.CheckSettings(influence_threshold=0.5))
    assert [f.nodes for f in lowered.findings] == [("member:m", "stage:b")]


# -- order and determinism -------------------------------------------------------------------

MIXED = """\
name: Mixed
stages:
  - {id: a, owner_id: marketing}
  - {id: b, owner_id: sales, decision: true}
  - {id: c}
motives:
  - {id: cost, name: Cost}
  - {id: unused, name: Unused}
personas:
  - {id: zed, name: Zed, avoided_channel_ids: [social], motives: [{motive_id: cost}]}
  - {id: amy, name: Amy}
committees:
  - id: board
    name: Board
    members:
      - {id: dm, name: DM, roles: [decision_maker], avoided_channel_ids: [search]}
      - {id: cfo, name: CFO, roles: [economic_buyer], influence: 0.9}
segments:
  - {id: s1, name: S1, criteria: {industries: [x, y]}}
  - {id: s2, name: S2, criteria: {industries: [y, x]}, excluded: true, persona_ids: [zed]}
touchpoints:
  - {id: ad, name: Ad, stage_id: a, channel_id: search, member_ids: [dm], entry: true}
  - {id: post, name: Post, stage_id: a, channel_id: social, persona_ids: [zed]}
  - {id: demo, name: Demo, stage_id: b, persona_ids: [zed]}
  - {id: lost, name: Lost, stage_id: c}
transitions:
  - {from_id: ad, to_id: demo}
  - {from_id: demo, to_id: demo}
  - {from_id: post, to_id: ad}
  - {from_id: ad, to_id: post}
"""


def test_findings_are_sorted_by_severity_then_code() -> None:
    report = pj.run_checks(pj.loads(MIXED))

    keys = [(-f.severity.rank, f.code) for f in report.findings]
    assert sorted(keys) == keys
    assert report.findings[0].severity.value == "error"
    assert report.findings[-1].severity.value == "info"
    assert {"error", "warning", "info"} == {f.severity.value for f in report.findings}


def test_sorting_follows_overridden_severity() -> None:
    report = pj.run_checks(persona_only(), severity={"P002": "error"})

    assert [f.code for f in report.findings] == ["P002", "P001", "P003"]


def test_same_input_gives_the_same_report() -> None:
    first = pj.run_checks(pj.loads(MIXED))
    second = pj.run_checks(pj.loads(MIXED))

    assert first.findings == second.findings
    assert first.to_json() == second.to_json()


def test_report_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(MIXED, encoding="utf-8")
    script = (
        "import sys, personajourney as pj; print(pj.run_checks(pj.load(sys.argv[1])).to_json())"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(model)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)

    assert len(outputs) == 1


# -- locations -------------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) == 1, needle
    return found[0]


def test_locations_point_into_yaml_loaded_from_text() -> None:
    report = pj.run_checks(pj.loads(MIXED, name="mixed.yaml"))

    by_key = {(f.code, f.nodes[0]): f for f in report.findings}
    p003 = by_key[("P003", "persona:amy")]
    assert ("mixed.yaml", line_of(MIXED, "{id: amy")) == (p003.file, p003.line)
    assert f"mixed.yaml:{p003.line}" == p003.location
    c003 = by_key[("C003", "member:dm")]
    assert line_of(MIXED, "{id: dm,") == c003.line
    j011 = by_key[("J011", "touchpoint:lost")]
    assert line_of(MIXED, "{id: lost") == j011.line
    o001 = by_key[("O001", "stage:c")]
    assert line_of(MIXED, "- {id: c}") == o001.line


def test_hand_off_findings_point_at_the_transition() -> None:
    report = pj.run_checks(pj.loads(MIXED, name="mixed.yaml"), select=["O003"])

    (finding,) = report.findings
    assert finding.nodes == ("touchpoint:ad", "touchpoint:demo")
    assert line_of(MIXED, "{from_id: ad, to_id: demo}") == finding.line


def test_locations_from_a_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(MIXED, encoding="utf-8")

    report = pj.run_checks(pj.load(path))

    located = [f for f in report.findings if f.file is not None]
    assert located
    assert {str(path)} == {f.file for f in located}
    assert all(isinstance(f.line, int) and f.line >= 1 for f in located)
    assert all(f.location == f"{path}:{f.line}" for f in located)


def test_locations_name_the_file_of_a_folder_workspace(tmp_path: Path) -> None:
    (tmp_path / "a-people.yaml").write_text(
        "personas:\n  - {id: p, name: P}\n  - {id: q, name: Q}\n", encoding="utf-8"
    )
    (tmp_path / "b-journey.yaml").write_text(
        textwrap.dedent(
            """\
            stages:
              - {id: s, owner_id: sales, decision: true}
            touchpoints:
              - {id: t, name: T, stage_id: s, persona_ids: [p], entry: true}
              - {id: u, name: U, stage_id: s}
            """
        ),
        encoding="utf-8",
    )

    report = pj.run_checks(pj.load(tmp_path), select=["P003", "J011", "J020"])

    where = {(f.code, f.nodes[0]): (Path(f.file or "").name, f.line) for f in report.findings}
    assert where == {
        ("P003", "persona:q"): ("a-people.yaml", 3),
        ("J011", "touchpoint:u"): ("b-journey.yaml", 5),
        ("J020", "touchpoint:u"): ("b-journey.yaml", 5),
    }


def test_locations_from_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    data = {"stages": [{"id": "a", "decision": True}], "personas": [{"id": "p", "name": "P"}]}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    (finding,) = pj.run_checks(pj.load(path), select=["P003"]).findings

    # The persona's mapping opens on the line after `"personas": [`.
    persona_line = line_of(path.read_text(), '"personas"') + 1
    assert (str(path), persona_line) == (finding.file, finding.line)


def test_things_not_in_the_file_have_no_location() -> None:
    ws = pj.loads(
        "personas: [{id: p, name: P}]\ntouchpoints: [{id: t, name: T, "
        "stage_id: loyalty, persona_ids: [p], entry: true}]\n"
    )

    report = pj.run_checks(ws, select=["J001"])

    assert report.findings
    assert all(f.file is None and f.line is None and f.location == "" for f in report.findings)


def test_workspaces_built_in_code_have_no_locations() -> None:
    report = pj.run_checks(persona_only())

    assert all(f.file is None and f.line is None for f in report.findings)


# -- robustness ------------------------------------------------------------------------------

ODD_MODELS: dict[str, dict[str, Any]] = {
    "empty workspace": {},
    "no stages, teams or channels": {"stages": [], "teams": [], "channels": []},
    "no stages but people and segments": {
        "stages": [],
        "motives": [{"id": "m", "name": "M"}],
        "personas": [{"id": "p", "name": "P", "motives": [{"motive_id": "m"}]}],
        "committees": [
            {
                "id": "c",
                "name": "C",
                "required_roles": ["economic_buyer"],
                "members": [{"id": "x", "name": "X", "roles": ["decision_maker"]}],
            }
        ],
        "segments": [{"id": "s", "name": "S", "persona_ids": ["p"], "committee_ids": ["c"]}],
    },
    "no touchpoints": {
        "personas": [{"id": "p", "name": "P"}],
        "committees": [{"id": "c", "name": "C", "members": [{"id": "x", "name": "X"}]}],
    },
    "one stage": {
        "stages": [{"id": "only", "decision": True}],
        "touchpoints": [{"id": "t", "name": "T", "stage_id": "only"}],
    },
    "no decision stage": {
        "stages": [{"id": "a"}, {"id": "b"}],
        "touchpoints": [
            {"id": "t1", "name": "T1", "stage_id": "a", "entry": True},
            {"id": "t2", "name": "T2", "stage_id": "b"},
        ],
        "transitions": [{"from_id": "t1", "to_id": "t2"}],
    },
    "decision in the first stage": {
        "stages": [{"id": "d", "decision": True}, {"id": "z"}],
        "touchpoints": [{"id": "t", "name": "T", "stage_id": "z"}],
    },
    "cycles and self-loops": {
        "stages": [{"id": "a"}, {"id": "d", "decision": True}, {"id": "z"}],
        "touchpoints": [
            {"id": "t1", "name": "T1", "stage_id": "a", "entry": True},
            {"id": "t2", "name": "T2", "stage_id": "d"},
            {"id": "t3", "name": "T3", "stage_id": "z"},
        ],
        "transitions": [
            {"from_id": "t1", "to_id": "t1"},
            {"from_id": "t1", "to_id": "t2"},
            {"from_id": "t2", "to_id": "t1"},
            {"from_id": "t3", "to_id": "t3"},
            {"from_id": "t3", "to_id": "t1"},
            {"from_id": "t1", "to_id": "t2"},
        ],
    },
    "introduction cycles and self-introductions": {
        "stages": [{"id": "a", "decision": True}],
        "committees": [
            {
                "id": "c",
                "name": "C",
                "members": [
                    {"id": "x", "name": "X", "introduces_ids": ["x", "y"]},
                    {"id": "y", "name": "Y", "introduces_ids": ["x"], "roles": ["decision_maker"]},
                ],
            }
        ],
    },
    "empty committee and segments": {
        "committees": [{"id": "c", "name": "C"}],
        "segments": [
            {"id": "s1", "name": "S1", "committee_ids": ["c"]},
            {"id": "s2", "name": "S2", "excluded": True, "committee_ids": ["c"]},
        ],
    },
    "zero influence and strength": {
        "stages": [{"id": "a", "decision": True}],
        "motives": [{"id": "m", "name": "M"}],
        "committees": [
            {
                "id": "c",
                "name": "C",
                "members": [
                    {
                        "id": "x",
                        "name": "X",
                        "influence": 0,
                        "motives": [{"motive_id": "m", "strength": 0}],
                    }
                ],
            }
        ],
        "touchpoints": [{"id": "t", "name": "T", "stage_id": "a", "member_ids": ["x"]}],
        "checks": {"influence_threshold": 0, "motive_weight_threshold": 0},
    },
}


@pytest.mark.parametrize("data", ODD_MODELS.values(), ids=list(ODD_MODELS))
def test_checks_never_raise_on_odd_but_valid_models(data: dict[str, Any]) -> None:
    ws = pj.Workspace.model_validate(data)

    report = pj.run_checks(ws)

    nodes = set(pj.build_graph(ws).nodes)
    for finding in report.findings:
        assert finding.nodes, finding
        assert set(finding.nodes) <= nodes, finding
    json.loads(report.to_json())
    json.loads(report.to_sarif())
    assert report.to_markdown()
    assert report.to_text()
    assert report._repr_html_()


def test_a_workspace_with_no_stages_has_no_score_or_findings() -> None:
    report = pj.run_checks(pj.Workspace(stages=[], teams=[], channels=[]))

    assert report.findings == []
    assert report.score is None
    assert report.score_parts == {}
