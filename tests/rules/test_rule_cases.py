"""Every rule against its case file (``tests/rules/cases/<CODE>.yaml``), in the sqlfluff style.

A case file holds::

    rule: J010
    cases:
      - name: break between search and comparison
        workspace: {...}            # an inline workspace mapping
        expect:                     # every finding of this rule, in report order
          - nodes: [stage:a, stage:b]
            message_contains: "..."  # optional
            severity: warning        # optional

``expect: []`` is a passing model. Each file needs at least one passing and one failing case.

The evidence rules (area E) read an event log too: a case gives it as ``events``, each case id
with its activities in order (one minute apart), and optionally ``event_segments``, each case
id with its segment::

        events: {c1: [blog, demo], c2: [blog]}
        event_segments: {c1: smb}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import personajourney as pj

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = {"name", "workspace", "expect"}
OPTIONAL_CASE_KEYS = {"events", "event_segments"}
EXPECT_KEYS = {"nodes", "message_contains", "severity"}


def _read(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: expected a mapping"
    return data


def _case_files() -> dict[str, dict[str, Any]]:
    return {path.stem: _read(path) for path in sorted(CASES_DIR.glob("*.yaml"))}


CASE_FILES = _case_files()
RULES = {r.code: r for r in pj.rules()}


def _cases() -> list[Any]:
    params = []
    for stem, data in CASE_FILES.items():
        for case in data.get("cases") or []:
            params.append(pytest.param(data["rule"], case, id=f"{stem}-{case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    ws = pj.Workspace.model_validate(case["workspace"])
    observation = None
    if "events" in case:
        observation = pj.evidence(ws, _event_rows(case)).observation

    report = pj.run_checks(ws, select=[code], observation=observation)

    expected = case["expect"] or []
    found = [f for f in report.findings if f.code == code]
    assert [list(e["nodes"]) for e in expected] == [list(f.nodes) for f in found]
    for want, got in zip(expected, found, strict=True):
        if "message_contains" in want:
            assert want["message_contains"] in got.message
        if "severity" in want:
            assert want["severity"] == got.severity.value
        assert got.name == RULES[code].name
        assert got.hint, "every finding carries a one-line fix hint"
        assert "\n" not in got.hint


def _event_rows(case: dict[str, Any]) -> list[dict[str, str]]:
    segments = case.get("event_segments") or {}
    rows = []
    for case_id, activities in case["events"].items():
        for minute, activity in enumerate(activities):
            rows.append(
                {
                    "case_id": str(case_id),
                    "timestamp": f"2026-03-01 09:{minute:02d}:00",
                    "touchpoint": str(activity),
                    "segment_id": str(segments.get(case_id, "")),
                }
            )
    return rows


def test_every_rule_has_a_case_file() -> None:
    assert sorted(RULES) == sorted(CASE_FILES)


@pytest.mark.parametrize("stem", sorted(CASE_FILES))
def test_case_file_is_well_formed(stem: str) -> None:
    data = CASE_FILES[stem]

    assert {"rule", "cases"} == set(data)
    assert stem == data["rule"], "the file is named after the rule it tests"
    assert data["rule"] in RULES, f"{stem}.yaml names no registered rule"
    names = [case["name"] for case in data["cases"]]
    assert len(names) == len(set(names)), "case names are unique within a file"
    for case in data["cases"]:
        assert CASE_KEYS <= set(case) <= CASE_KEYS | OPTIONAL_CASE_KEYS, case["name"]
        assert isinstance(case["workspace"], dict), case["name"]
        for want in case["expect"] or []:
            assert set(want) <= EXPECT_KEYS, case["name"]
            assert "nodes" in want, case["name"]
            if "severity" in want:
                assert want["severity"] in {s.value for s in pj.Severity}
    outcomes = {bool(case["expect"]) for case in data["cases"]}
    assert {False, True} == outcomes, "at least one passing and one failing case"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_docstring_has_sections(code: str) -> None:
    rule = RULES[code]

    assert rule.summary
    assert rule.summary.endswith(".")
    for title in ("Why it matters", "Example", "Fix"):
        assert rule.section(title), f"{code} has no {title!r} section"


def test_rule_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in pj.rules()]

    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    for code in codes:
        assert re.fullmatch(r"[JCMOPSDE]\d{3}", code), code
        assert RULES[code].area


def test_rule_names_are_unique_kebab_case() -> None:
    names = [r.name for r in pj.rules()]

    assert len(names) == len(set(names))
    for name in names:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name), name


def test_thirty_eight_builtin_rules() -> None:
    assert len(RULES) == 38
