"""The command line: every command, every output format, every exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.io.schema import json_schema_text

runner = CliRunner()

GAPPY = """\
name: Gappy
personas:
  - id: hr-hanna
    name: HR-Hanna
    goals: [Reach recruits]
    problems: [Few applicants]
    motives: [{motive_id: reach, strength: 0.9}]
motives:
  - {id: reach, name: Reach recruits}
touchpoints:
  - id: ad
    name: Social ad
    stage_id: problem-awareness
    channel_id: social
    persona_ids: [hr-hanna]
    motive_ids: [reach]
    entry: true
  - id: demo
    name: Demo
    stage_id: comparing-alternatives
    persona_ids: [hr-hanna]
  - id: proposal
    name: Proposal
    stage_id: purchase-decision
    persona_ids: [hr-hanna]
  - id: trial
    name: Trial
    stage_id: comparing-alternatives
    entry: true
transitions:
  - {from_id: ad, to_id: demo}
  - {from_id: trial, to_id: proposal}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    code, _, _ = run("init", str(tmp_path / "ws"))
    assert code == 0
    return tmp_path / "ws"


@pytest.fixture
def gappy(tmp_path: Path) -> Path:
    path = tmp_path / "gappy.yaml"
    path.write_text(GAPPY, encoding="utf-8")
    return path


@pytest.mark.parametrize("locale", ["en", "fi", "sv"])
def test_init_writes_a_workspace_that_loads_and_checks_cleanly(tmp_path: Path, locale: str) -> None:
    code, out, _ = run("init", str(tmp_path / "ws"), "--locale", locale)
    assert code == 0
    text = (tmp_path / "ws" / "workspace.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./personajourney.schema.json\n")
    schema = (tmp_path / "ws" / "personajourney.schema.json").read_text(encoding="utf-8")
    assert schema == json_schema_text()
    assert pj.load(tmp_path / "ws").locale == locale
    code, out, _ = run("check", str(tmp_path / "ws"))
    assert code == 0
    assert "0 findings" in out


def test_init_refuses_to_overwrite_without_force(starter: Path) -> None:
    (starter / "workspace.yaml").write_text("name: Mine\n", encoding="utf-8")
    code, _, err = run("init", str(starter))
    assert code == 2
    assert "--force" in err
    assert (starter / "workspace.yaml").read_text(encoding="utf-8") == "name: Mine\n"
    code, _, _ = run("init", str(starter), "--force")
    assert code == 0
    assert pj.load(starter).name == "Starter workspace"


def test_check_text_groups_findings_by_severity_with_location_and_hint(gappy: Path) -> None:
    code, out, _ = run("check", str(gappy))
    assert code == 0  # warnings only; default fail-on is error
    assert "Warning (" in out
    assert f"{gappy}:18: J013 touchpoint `demo` never leads to the purchase decision" in out
    assert "hint: add a transition from it towards the decision stage" in out
    assert "Coverage: stage × persona" in out
    assert "score" in out.splitlines()[-1]


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)])
def test_check_exit_code_follows_fail_on(gappy: Path, fail_on: str, expected: int) -> None:
    code, _, _ = run("check", str(gappy), "--fail-on", fail_on)
    assert code == expected


def test_check_exit_code_from_file_setting(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text(GAPPY + "checks: {fail_on: warning}\n", encoding="utf-8")
    assert run("check", str(path))[0] == 1
    assert run("check", str(path), "--fail-on", "error")[0] == 0


def test_check_json_is_the_report(gappy: Path) -> None:
    code, out, _ = run("check", str(gappy), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data == json.loads(pj.run_checks(pj.load(gappy)).to_json())
    assert data["summary"]["total"] == len(data["findings"]) > 0
    assert {f["code"] for f in data["findings"]} >= {"J001", "J013"}


def test_check_sarif_points_at_yaml_lines(gappy: Path) -> None:
    code, out, _ = run("check", str(gappy), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 0
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    j013 = next(r for r in results if r["ruleId"] == "J013" and "`demo`" in r["message"]["text"])
    location = j013["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == gappy.resolve().as_uri()
    assert location["region"]["startLine"] == 18


def test_check_markdown(gappy: Path) -> None:
    code, out, _ = run("check", str(gappy), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Check report: Gappy")
    assert "| code | message | where | hint |" in out


def test_check_select_and_ignore_by_prefix(gappy: Path) -> None:
    _, out, _ = run("check", str(gappy), "--format", "json", "--select", "J", "--ignore", "J001")
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert codes
    assert all(c.startswith("J") for c in codes)
    assert "J001" not in codes
    _, out, _ = run("check", str(gappy), "--format", "json", "--select", "J013,P")
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert codes <= {"J013", "P001", "P002", "P003", "P004"}
    assert "J013" in codes


def test_check_output_file(gappy: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.sarif"
    code, out, err = run("check", str(gappy), "--format", "sarif", "-o", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "wrote" in err


def test_bad_yaml_is_exit_2_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: Demo\ntouchpoints:\n  - id: a\n    name: A\n    stage_id: nope\n")
    code, out, err = run("check", str(path))
    assert code == 2
    assert out == ""
    assert f"{path}:5:5: touchpoints[0].stage_id: unknown stage `nope`" in err
    assert "Traceback" not in err


def test_unknown_reference_suggests_the_closest_id(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        GAPPY.replace(
            "persona_ids: [hr-hanna]\n    motive_ids", "persona_ids: [hr-hana]\n    motive_ids"
        )
    )
    code, _, err = run("check", str(path))
    assert code == 2
    assert "unknown persona `hr-hana`" in err
    assert "did you mean `hr-hanna`?" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.yaml"], "no such file or folder"),
        (["check", "{gappy}", "--select", "X9"], "no rule code starts with 'X9'"),
        (["check", "{gappy}", "--ignore", "Q"], "no rule code starts with 'Q'"),
        (["explain", "J999"], "no rule 'J999'"),
    ],
)
def test_usage_errors_exit_2(gappy: Path, args: list[str], message: str) -> None:
    code, _, err = run(*(a.format(gappy=gappy) for a in args))
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_click_usage_error_exits_2(gappy: Path) -> None:
    code, _, _ = run("check", str(gappy), "--format", "pdf")
    assert code == 2


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [1,\n")
    result = runner.invoke(app, ["--debug", "check", str(path)])
    assert isinstance(result.exception, pj.ModelError)


def test_schema_prints_the_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == pj.json_schema()


def test_rules_lists_every_rule() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    assert [r["code"] for r in json.loads(out)] == [r.code for r in pj.rules()]
    code, out, _ = run("rules")
    assert code == 0
    assert "J010" in out
    assert "stage-break" in out


def test_explain_shows_why_example_and_fix() -> None:
    code, out, _ = run("explain", "j010")
    assert code == 0
    assert out.startswith("J010 stage-break (warning)")
    for section in ("Why it matters", "Example", "Fix"):
        assert section in out
    assert run("explain", "stage-break")[1] == out


def test_export_graph_graphml_reads_back_in_networkx(gappy: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    code, _, _ = run("export", "graph", str(gappy), "--format", "graphml", "-o", str(target))
    assert code == 0
    G = nx.read_graphml(target)
    original = pj.build_graph(pj.load(gappy))
    assert set(G.nodes) == set(original.nodes)
    assert G.number_of_edges() == original.number_of_edges()
    assert G.nodes["touchpoint:ad"]["entry"] is True


def test_export_graph_json_is_node_link(gappy: Path) -> None:
    code, out, _ = run("export", "graph", str(gappy), "--format", "json")
    assert code == 0
    G = nx.node_link_graph(json.loads(out), edges="edges")
    assert G.number_of_nodes() == pj.build_graph(pj.load(gappy)).number_of_nodes()


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"personajourney {pj.__version__}"


def test_console_script_runs_in_a_subprocess(gappy: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from personajourney.cli import main; main()",
            "check",
            str(gappy),
            "--fail-on",
            "warning",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["warning"] > 0


def test_check_severity_override_by_prefix(gappy: Path) -> None:
    code, out, _ = run(
        "check", str(gappy), "--format", "json", "--severity", "J013=error,P=warning"
    )
    findings = json.loads(out)["findings"]
    assert code == 1  # J013 is now an error
    assert {f["severity"] for f in findings if f["code"] == "J013"} == {"error"}
    assert {f["severity"] for f in findings if f["code"].startswith("P")} == {"warning"}


@pytest.mark.parametrize("bad", ["J013", "J013=fatal", "=error"])
def test_check_bad_severity_override_is_a_usage_error(gappy: Path, bad: str) -> None:
    code, _, err = run("check", str(gappy), "--severity", bad)
    assert code == 2
    assert "--severity takes PREFIX=LEVEL" in err
