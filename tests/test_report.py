"""The report of a check run: counts, outputs (records, JSON, Markdown, SARIF, text, HTML),
coverage and score."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import personajourney as pj
from personajourney.checks.registry import DOCS_URL

# Default stages; one error (C003), nine warnings (J001 ×6, J002, J003, P001), one info (P002).
# J001 points at stages that are not in the file, so those findings have no location.
RENDER = """\
name: "Render | <demo>"
personas:
  - {id: p, name: "<script>alert(1)</script>", goals: [g], problems: [q]}
committees:
  - id: c
    name: C
    members:
      - {id: dm, name: DM, roles: [decision_maker], avoided_channel_ids: [search]}
touchpoints:
  - id: ad
    name: Ad
    stage_id: problem-awareness
    channel_id: search
    persona_ids: [p]
    member_ids: [dm]
    entry: true
"""

# Hand-computed score (see test_score_on_a_small_workspace).
SCORED = """\
name: Score demo
stages:
  - {id: a, owner_id: marketing}
  - {id: b, owner_id: sales, decision: true}
motives:
  - {id: m1, name: M1}
  - {id: m2, name: M2}
personas:
  - id: p
    name: P
    goals: [g]
    problems: [q]
    motives: [{motive_id: m1, strength: 0.5}]
    provenance: {kind: researched}
committees:
  - id: c
    name: C
    members:
      - id: x
        name: X
        roles: [decision_maker]
        influence: 0.4
        influence_by_stage: {b: 0.8}
        motives: [{motive_id: m2, strength: 0.5}]
      - {id: y, name: Y, roles: [champion], influence: 0.5, active_stage_ids: [a]}
touchpoints:
  - {id: t1, name: T1, stage_id: a, persona_ids: [p], motive_ids: [m1], entry: true}
  - {id: t2, name: T2, stage_id: b, member_ids: [x]}
  - {id: t3, name: T3, stage_id: b, persona_ids: [p]}
transitions:
  - {from_id: t1, to_id: t2, handoff: true}
"""


@pytest.fixture
def render_path(tmp_path: Path) -> Path:
    path = tmp_path / "render.yaml"
    path.write_text(RENDER, encoding="utf-8")
    return path


@pytest.fixture
def report(render_path: Path) -> pj.Report:
    return pj.run_checks(pj.load(render_path))


@pytest.fixture
def scored() -> pj.Report:
    return pj.run_checks(pj.loads(SCORED, name="scored.yaml"))


# -- counts and failing ----------------------------------------------------------------------


def test_counts_by_severity(report: pj.Report) -> None:
    assert report.counts == {"error": 1, "warning": 9, "info": 1}
    assert len(report) == 11
    assert list(report) == report.findings


def test_by_code_takes_a_prefix_in_any_case(report: pj.Report) -> None:
    assert [f.code for f in report.by_code("j00")] == ["J001"] * 6 + ["J002", "J003"]
    assert report.by_code("S") == []


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("error", True), ("warning", True), ("info", True), (pj.Severity.ERROR, True)],
)
def test_failed_at_or_above_a_level(report: pj.Report, fail_on: Any, expected: bool) -> None:
    assert report.failed(fail_on) is expected


def test_failed_ignores_findings_below_the_level() -> None:
    ws = pj.Workspace(personas=[pj.Persona(id="p", name="P")])
    report = pj.run_checks(ws, select=["P002"])

    assert report.counts == {"error": 0, "warning": 0, "info": 1}
    assert report.failed() is False
    assert report.failed("warning") is False
    assert report.failed("info") is True


def test_failed_defaults_to_the_file_setting() -> None:
    ws = pj.Workspace.model_validate(
        {"personas": [{"id": "p", "name": "P"}], "checks": {"fail_on": "info"}}
    )

    report = pj.run_checks(ws, select=["P002"])

    assert report.fail_on == pj.Severity.INFO
    assert report.failed() is True
    assert report.failed("error") is False


def test_a_clean_report_does_not_fail() -> None:
    report = pj.run_checks(pj.Workspace(stages=[], teams=[], channels=[]))

    assert report.counts == {"error": 0, "warning": 0, "info": 0}
    assert report.failed("info") is False


# -- records and JSON ------------------------------------------------------------------------

RECORD_KEYS = [
    "code",
    "name",
    "severity",
    "message",
    "nodes",
    "hint",
    "file",
    "line",
    "weight",
    "url",
]


def test_to_records_is_one_plain_dict_per_finding(report: pj.Report, render_path: Path) -> None:
    records = report.to_records()

    assert len(records) == len(report.findings)
    assert all(list(r) == RECORD_KEYS for r in records)
    first = records[0]
    assert first == {
        "code": "C003",
        "name": "decision-maker-only-avoided-channels",
        "severity": "error",
        "message": "decision maker `dm` of committee `c` is reached only through channels they "
        "avoid (`search`), and no reached member introduces them",
        "nodes": ["member:dm", "channel:search"],
        "hint": "reach them in a channel they use, or add an introduction from a member you reach",
        "file": str(render_path),
        "line": 8,
        "weight": 0.5,
        "url": f"{DOCS_URL}#c003",
    }
    assert json.loads(json.dumps(records)) == records


def test_to_json_is_valid_and_complete(report: pj.Report) -> None:
    data = json.loads(report.to_json())

    assert list(data) == [
        "workspace",
        "summary",
        "score",
        "score_parts",
        "rules_run",
        "findings",
        "coverage",
        "health",
        "health_parts",
    ]
    assert data["workspace"] == "Render | <demo>"
    assert data["summary"] == {"error": 1, "warning": 9, "info": 1, "total": 11}
    assert data["findings"] == report.to_records()
    assert data["coverage"] == report.coverage.to_records()
    # every rule but the evidence rules, which need an event log
    assert data["rules_run"] == [r.code for r in pj.rules() if r.area != "Evidence"]
    assert report.to_json().endswith("}\n")


def test_to_json_is_deterministic(render_path: Path) -> None:
    first = pj.run_checks(pj.load(render_path)).to_json()
    second = pj.run_checks(pj.load(render_path)).to_json()

    assert first == second


def test_to_json_keeps_non_ascii_text() -> None:
    report = pj.run_checks(pj.Workspace(name="Hämeen Kone Oy", stages=[]))

    assert '"workspace": "Hämeen Kone Oy"' in report.to_json()


# -- Markdown --------------------------------------------------------------------------------


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """Cells of the rows of the first table after ``header``."""
    lines = markdown.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_to_markdown_has_a_summary_and_a_table_per_severity(
    report: pj.Report, render_path: Path
) -> None:
    text = report.to_markdown()

    assert text.startswith("# Check report: Render \\| &lt;demo&gt;\n")
    assert "**11 findings** (1 error, 9 warning, 1 info); score **28**/100" in text
    assert "Model health: **" in text
    errors = table_rows(text, "## Error (1)")
    assert errors[0] == ["code", "message", "where", "hint"]
    assert errors[1] == ["---"] * 4
    assert len(errors) == 3
    assert errors[2][0] == f"[C003]({DOCS_URL}#c003)"
    assert errors[2][2] == f"{render_path}:8"
    assert len(table_rows(text, "## Warning (9)")) == 2 + 9
    assert len(table_rows(text, "## Info (1)")) == 2 + 1


def test_to_markdown_coverage_tables(scored: pj.Report) -> None:
    text = scored.to_markdown()

    assert table_rows(text, "## Coverage: stage × persona") == [
        ["persona", "a", "b"],
        ["---", "---", "---"],
        ["p", "1", "1"],
    ]
    assert table_rows(text, "## Coverage: stage × member") == [
        ["member", "a", "b", "influence"],
        ["---", "---", "---", "---"],
        ["x", "0", "1", "0.4–0.8"],
        ["y", "0", "·", "0.5"],
    ]


def test_to_markdown_leaves_out_empty_severities() -> None:
    report = pj.run_checks(pj.Workspace(personas=[pj.Persona(id="p", name="P")]), select=["P002"])

    text = report.to_markdown()

    assert "## Info (1)" in text
    assert "## Error" not in text
    assert "## Warning" not in text


# -- SARIF -----------------------------------------------------------------------------------


def test_to_sarif_is_sarif_2_1_0(report: pj.Report) -> None:
    sarif = json.loads(report.to_sarif())

    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    assert len(sarif["runs"]) == 1
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "personajourney"
    assert driver["version"] == pj.__version__
    assert [r["id"] for r in driver["rules"]] == ["C003", "J001", "J002", "J003", "P001", "P002"]
    for rule in driver["rules"]:
        registered = pj.get_rule(rule["id"])
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["helpUri"] == f"{DOCS_URL}#{rule['id'].lower()}"
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][-1]["defaultConfiguration"] == {"level": "note"}


def test_sarif_results_point_at_their_rules_and_lines(report: pj.Report, render_path: Path) -> None:
    run = json.loads(report.to_sarif())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]

    assert len(results) == len(report.findings)
    for result, finding in zip(results, report.findings, strict=True):
        assert result["ruleId"] == finding.code
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"] == f"{finding.message} ({finding.hint})"
        assert result["properties"]["nodes"] == list(finding.nodes)
        if finding.line is None:
            assert "locations" not in result
        else:
            (location,) = result["locations"]
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"] == render_path.resolve().as_uri()
            assert physical["region"]["startLine"] == finding.line
    assert [r["level"] for r in results] == ["error"] + ["warning"] * 9 + ["note"]
    assert sum("locations" in r for r in results) == 5  # J001 ×6 name default stages


def test_sarif_level_follows_overridden_severity(render_path: Path) -> None:
    report = pj.run_checks(pj.load(render_path), select=["P"], severity={"P001": "info"})

    run = json.loads(report.to_sarif())["runs"][0]

    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("P001", "note"),
        ("P002", "note"),
    ]
    # the rule's default stays what the registry says
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"] == {"level": "warning"}


def test_sarif_of_a_clean_report_has_no_rules_or_results() -> None:
    report = pj.run_checks(pj.Workspace(stages=[], teams=[], channels=[]))

    run = json.loads(report.to_sarif())["runs"][0]

    assert run["tool"]["driver"]["rules"] == []
    assert run["results"] == []


# -- text and HTML ---------------------------------------------------------------------------


def test_to_text_groups_by_severity_with_locations_hints_and_summary(scored: pj.Report) -> None:
    assert scored.to_text() == (
        "Warning (4)\n"
        "  scored.yaml:25: C001 no touchpoint reaches member `y` of committee `c`, and no "
        "reached member introduces them\n"
        "      hint: add a touchpoint for them, or an introduction from a member you reach\n"
        "  scored.yaml:16: J003 committee `c` is reached in no touchpoint in `a`\n"
        "      hint: aim a touchpoint in each of these stages at an active member\n"
        "  scored.yaml:29: J011 touchpoint `t3` cannot be reached from any entry point\n"
        "      hint: add a transition into it, or mark it `entry: true`\n"
        "  scored.yaml:19: M002 motive `m2` of member `x` (committee `c`, weight 0.40) is "
        "addressed by no touchpoint that reaches them\n"
        "      hint: add the motive to a touchpoint that reaches the member\n"
        "\n"
        "4 findings: 0 errors, 4 warnings, 0 info; score 81/100\n"
    )


def test_to_text_in_finnish_and_without_locations() -> None:
    ws = pj.Workspace(locale="fi", personas=[pj.Persona(id="p", name="P")])

    text = pj.run_checks(ws, select=["P00"]).to_text()

    assert text.splitlines()[0] == "Varoitus (2)"
    assert "  P001 persona `p` has no `goals`, `problems` and `motives`" in text
    assert "Huomio (1)" in text
    assert text.endswith("3 findings: 0 errors, 2 warnings, 1 info; score 0/100\n")


def test_repr_html_escapes_names_and_locations() -> None:
    evil = "<script>alert(1)</script>"
    ws = pj.loads(RENDER, name=f"{evil}.yaml")

    html = pj.run_checks(ws)._repr_html_()

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.yaml:8" in html
    assert html.startswith("<div>")
    assert html.endswith("</div>")
    assert html.count("<tr>") == 1 + 11 + 2 + 2  # head + findings, two coverage tables
    assert f'<a href="{DOCS_URL}#c003">C003</a>' in html


def test_repr_html_of_a_clean_report() -> None:
    html = pj.run_checks(pj.Workspace(stages=[], teams=[], channels=[]))._repr_html_()

    assert "0 findings" in html
    assert "score n/a" in html
    assert "<p>No personas or members.</p>" in html


# -- coverage --------------------------------------------------------------------------------


def test_coverage_records_are_one_cell_per_persona_or_member_and_stage(scored: pj.Report) -> None:
    assert scored.coverage.stages == ("a", "b")
    assert scored.coverage.to_records() == [
        {
            "kind": "persona",
            "id": "p",
            "stage": "a",
            "touchpoints": 1,
            "weight": 1.0,
            "covered": True,
        },
        {
            "kind": "persona",
            "id": "p",
            "stage": "b",
            "touchpoints": 1,
            "weight": 1.0,
            "covered": True,
        },
        {
            "kind": "member",
            "id": "x",
            "stage": "a",
            "touchpoints": 0,
            "weight": 0.4,
            "covered": False,
        },
        {
            "kind": "member",
            "id": "x",
            "stage": "b",
            "touchpoints": 1,
            "weight": 0.8,
            "covered": True,
        },
        {
            "kind": "member",
            "id": "y",
            "stage": "a",
            "touchpoints": 0,
            "weight": 0.5,
            "covered": False,
        },
        {
            "kind": "member",
            "id": "y",
            "stage": "b",
            "touchpoints": 0,
            "weight": 0.0,
            "covered": False,
        },
    ]


def test_coverage_counts_touchpoints_and_members_reached_through_their_persona() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a", "decision": True}],
            "personas": [{"id": "p", "name": "P"}],
            "committees": [
                {"id": "c", "name": "C", "members": [{"id": "m", "name": "M", "persona_id": "p"}]}
            ],
            "touchpoints": [
                {"id": "t1", "name": "T1", "stage_id": "a", "persona_ids": ["p"]},
                {
                    "id": "t2",
                    "name": "T2",
                    "stage_id": "a",
                    "persona_ids": ["p"],
                    "member_ids": ["m"],
                },
            ],
        }
    )

    coverage = pj.run_checks(ws).coverage

    assert coverage.cell("persona", "p", "a").touchpoints == 2
    assert coverage.cell("member", "m", "a").touchpoints == 2  # t2 counts once
    assert coverage.rows("member") == ["m"]
    with pytest.raises(KeyError):
        coverage.cell("member", "p", "a")


def test_coverage_table_and_html(scored: pj.Report) -> None:
    coverage = scored.coverage

    assert coverage.table("persona") == [["persona", "a", "b"], ["p", "1", "1"]]
    # members: touchpoints per active stage, · where inactive, then influence (or its range)
    assert coverage.table("member") == [
        ["member", "a", "b", "influence"],
        ["x", "0", "1", "0.4–0.8"],
        ["y", "0", "·", "0.5"],
    ]
    html = coverage._repr_html_()
    assert html.count('style="background:#fde2e1"') == 2  # x and y unreached in a
    assert "<td>·</td>" in html


def test_coverage_influence_column_of_a_member_active_everywhere() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a", "decision": True}, {"id": "b"}],
            "committees": [
                {"id": "c", "name": "C", "members": [{"id": "m", "name": "M", "influence": 1}]}
            ],
        }
    )

    assert pj.run_checks(ws).coverage.table("member")[1] == ["m", "0", "0", "1"]


# -- score -----------------------------------------------------------------------------------


def test_score_on_a_small_workspace(scored: pj.Report) -> None:
    # persona: p is reached in a (t1) and b (t3)                              → 2/2
    # member:  x weighs .4 in a (unreached) and .8 in b (t2); y .5 in a only
    #          (unreached; its inactive b cell weighs 0 and is left out)      → .8 / 1.7 = 8/17
    # motives: p's m1 (.5) is addressed by t1; x's m2 weighs .5 × max(.4, .8)
    #          = .4 and nothing that reaches x addresses it                    → .5 / .9 = 5/9
    # flow:    ½ · (a→b joined: 1/1) + ½ · (t1, t2 reachable, t3 not: 2/3)     → 5/6
    # ownership: both stages have owners, so every touchpoint has one           → 1
    # handoffs: t1 → t2 goes from marketing to sales and is marked `handoff`       → 1
    # findings: C001, J003, J011 and M002 are all measured by the parts above      → 1
    # score:   round(100 · (1 + 8/17 + 5/9 + 5/6 + 1 + 1) / 6) = round(80.99)     → 81
    assert scored.score_parts == {
        "persona": 1.0,
        "member": 0.4706,
        "motives": 0.5556,
        "flow": 0.8333,
        "ownership": 1.0,
        "handoffs": 1.0,
        "findings": 1.0,
    }
    assert scored.score == 81
    assert "score 81/100" in scored.summary_line()
    # health: ownership 1, handoffs 1, provenance of p (researched) .75           → 92
    assert (scored.health, scored.health_parts["provenance"]) == (92, 0.75)


def test_score_leaves_out_undefined_components() -> None:
    ws = pj.Workspace.model_validate(
        {
            "stages": [{"id": "a", "decision": True}, {"id": "b"}],
            "personas": [{"id": p, "name": p} for p in ("p", "q", "r")],
            "touchpoints": [
                {"id": "t", "name": "T", "stage_id": "a", "persona_ids": ["p"], "entry": True}
            ],
        }
    )

    report = pj.run_checks(ws)

    # no members, no motives, no owner changes: those parts are left out, not counted as 0
    # persona: 1 of 6 cells; flow: ½ · (a→b not joined: 0/1) + ½ · (t reachable: 1/1)
    # ownership: neither stage nor the touchpoint has an owner                     → 0
    # findings: J001 on b, J014 on t, P001 on p, q, r: 5 warnings × .3 = 1.5 against
    #           size max(5, 6 / 2) = 5                                             → 1/1.3
    assert report.score_parts == {
        "persona": 0.1667,
        "flow": 0.5,
        "ownership": 0.0,
        "findings": 0.7692,
    }
    assert report.score == 17  # round(100 · (1/6 + 1/2 + 0) / 3 / 1.3)


def test_score_is_none_without_any_component() -> None:
    report = pj.run_checks(pj.Workspace(stages=[pj.Stage(id="a", decision=True)]))

    assert report.score is None
    assert report.score_parts == {}
    assert report.summary_line().endswith("score n/a")


def test_score_does_not_depend_on_selection(scored: pj.Report) -> None:
    selected = pj.run_checks(pj.loads(SCORED), select=["S"])

    assert selected.findings == []
    assert (selected.score, selected.score_parts) == (scored.score, scored.score_parts)


def test_stage_labels_are_localised() -> None:
    report = pj.run_checks(pj.Workspace(locale="fi"), select=["J004"])

    assert report.stage_labels[:2] == ["Ongelman tiedostaminen", "Tiedon hankinta"]
