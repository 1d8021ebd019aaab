"""Evidence: an event log held against the modelled journey.

The measures are checked on a small hand-made log whose answers are worked out by hand (in
the comments), on the same log in every format and shape the reader takes, and, by a
property, against a plain-Python reference over simulated logs.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personajourney as pj
from evidence_reference import measured, reference
from personajourney.testing import simulate_events, workspaces, write_event_log

# Stages a → b (decision) → c. Touchpoints x (a), y and w (b), z and v (c); z and v convert.
WORKSPACE = {
    "name": "Hand-made",
    "stages": [{"id": "a"}, {"id": "b", "decision": True}, {"id": "c"}],
    "segments": [
        {"id": "smb", "name": "SMB", "priority": 1},
        {"id": "gov", "name": "Public sector", "excluded": True},
    ],
    "touchpoints": [
        {"id": "x", "name": "X", "stage_id": "a", "entry": True},
        {"id": "y", "name": "Y", "stage_id": "b"},
        {"id": "w", "name": "W", "stage_id": "b"},
        {"id": "z", "name": "Z", "stage_id": "c"},
        {"id": "v", "name": "V", "stage_id": "c"},
    ],
    "transitions": [
        {"from_id": "x", "to_id": "y"},
        {"from_id": "y", "to_id": "z"},
        {"from_id": "x", "to_id": "w"},
    ],
    "evidence": {"mapping": [{"activity": "Webinar attended", "touchpoint_id": "x"}]},
}

HEADER = ["case_id", "timestamp", "touchpoint", "segment_id", "value"]
ROWS = [
    # c1: x → y (60 s) → z (120 s: 11:03 at +02:00 is 09:03 UTC); converts at z.
    ["c1", "2026-03-01 09:00:00", "x", "smb", ""],
    ["c3", "2026-03-02 10:00:00", "y", "gov", ""],
    ["c1", "2026-03-01 09:01:00", "y", "", ""],
    # c3: y and w at the same second, in this file order, then x 10 s later:
    # y → w (0 s), w → x (10 s). Reaches b, never converts.
    ["c3", "2026-03-02 10:00:00", "w", "gov", ""],
    ["c1", "2026-03-01T11:03:00+02:00", "z", "smb", "5000"],
    ["c3", "2026-03-02T10:00:10Z", "x", "gov", ""],
    # c2: x → z (300 s), not modelled, and a skip from stage a to stage c; converts.
    ["c2", "2026-03-03 08:00:00", "x", "smb", ""],
    ["c2", "2026-03-03 08:05:00", "z", "smb", "7000"],
    # invalid: no case id; no timestamp.
    ["", "2026-03-04 08:00:00", "x", "", ""],
    ["c4", "", "x", "", ""],
    # c5 has only an unmapped event: it is no case.
    ["c5", "2026-03-05 08:00:00", "page_view", "", ""],
    # c6: one event, mapped by the rule; starts and ends at x, furthest stage a.
    ["c6", "2026-03-06 08:00:00", "Webinar attended", "", ""],
]


@pytest.fixture
def ws() -> pj.Workspace:
    return pj.Workspace.model_validate(WORKSPACE)


def _write_csv(path: Path, rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _dicts(rows: list[list[str]] = ROWS) -> list[dict[str, str]]:
    return [dict(zip(HEADER, row, strict=True)) for row in rows]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "events.csv")


def test_counts_of_events_cases_invalid_and_unmapped(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    assert (obs.events, obs.cases, obs.unmapped_events, obs.invalid_events) == (12, 4, 1, 2)
    assert obs.unmapped_names == (("page_view", 1),)


def test_directly_follows_counts_medians_and_ties_in_file_order(
    ws: pj.Workspace, log: Path
) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    got = {(t.from_id, t.to_id): (t.count, t.modelled, t.median_seconds) for t in obs.transitions}
    assert got == {
        ("x", "y"): (1, True, 60.0),
        ("y", "z"): (1, True, 120.0),
        ("x", "z"): (1, False, 300.0),
        ("y", "w"): (1, False, 0.0),
        ("w", "x"): (1, False, 10.0),
    }


def test_median_of_an_even_number_of_gaps_is_the_mean_of_the_middle_two(
    ws: pj.Workspace, tmp_path: Path
) -> None:
    rows = [[f"k{i}", "2026-03-01 09:00:00", "x", "", ""] for i in range(4)] + [
        [f"k{i}", f"2026-03-01 09:00:{10 * (i + 1):02d}", "y", "", ""] for i in range(4)
    ]
    obs = pj.evidence(ws, _write_csv(tmp_path / "e.csv", rows), min_cases=1).observation

    [flow] = obs.transitions
    assert (flow.count, flow.median_seconds) == (4, 25.0)  # gaps 10, 20, 30, 40


def test_start_and_end_touchpoints(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    assert [(e.touchpoint_id, e.count) for e in obs.starts] == [("x", 3), ("y", 1)]
    assert [(e.touchpoint_id, e.count) for e in obs.ends] == [("x", 2), ("z", 2)]


def test_funnel_per_stage(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    # a: c1 c2 c3 c6 reach it, c6 ends there unconverted; b: c1 c3, c3 ends there;
    # c: c1 c2, both converted.
    expected = [("a", 4, 1, 2, 1), ("b", 2, 1, 1, 1), ("c", 2, 2, 2, 0)]
    assert expected == [
        (f.stage_id, f.cases, f.furthest, f.converted, f.dropped) for f in obs.funnel
    ]


def test_funnel_and_results_per_segment(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    funnels = {(g.kind, g.id): [(f.cases, f.converted) for f in g.steps] for g in obs.group_funnels}
    assert funnels["segment", "smb"] == [(2, 2), (1, 1), (2, 2)]
    assert funnels["segment", "gov"] == [(1, 0), (1, 0), (0, 0)]
    results = {s.segment_id: (s.cases, s.converted, s.value) for s in obs.segments}
    assert results == {"gov": (1, 0, 0.0), "smb": (2, 2, 12000.0)}


def test_funnel_per_persona_follows_the_personas_own_events(
    ws: pj.Workspace, tmp_path: Path
) -> None:
    rows = [
        ["c1", "2026-03-01 09:00:00", "x", "hanna"],
        ["c1", "2026-03-01 09:01:00", "y", "cfo"],
        ["c1", "2026-03-01 09:02:00", "z", "cfo"],
        ["c2", "2026-03-01 09:00:00", "x", "hanna"],
    ]
    header = ["case_id", "timestamp", "touchpoint", "persona_id"]
    obs = pj.evidence(ws, _write_csv(tmp_path / "p.csv", rows, header), min_cases=1).observation

    funnels = {
        g.id: [(f.cases, f.furthest, f.converted) for f in g.steps] for g in obs.group_funnels
    }
    assert funnels["hanna"] == [(2, 2, 1), (0, 0, 0), (0, 0, 0)]
    assert funnels["cfo"] == [(0, 0, 0), (1, 0, 1), (1, 1, 1)]


def test_conformance(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    # Most frequent first, then by name.
    assert [(t.from_id, t.to_id) for t in obs.unmodelled] == [("w", "x"), ("x", "z"), ("y", "w")]
    assert obs.unobserved == (("x", "w"),)
    assert [(s.from_stage_id, s.to_stage_id, s.count) for s in obs.skipped] == [("a", "c", 1)]
    assert obs.never_observed == ("v",)


def test_explicit_conversion_touchpoints_replace_the_default(tmp_path: Path, log: Path) -> None:
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"]["conversion_touchpoint_ids"] = ["y"]
    obs = pj.evidence(pj.Workspace.model_validate(data), log, min_cases=1).observation

    # Now c1 and c3 convert (they have y), c2 does not.
    assert [f.converted for f in obs.funnel] == [2, 2, 1]


def test_json_contract(ws: pj.Workspace, log: Path) -> None:
    data = pj.evidence(ws, log, min_cases=1).to_dict()

    for key in ("events", "cases", "unmapped_events", "invalid_events"):
        assert isinstance(data[key], int)
    assert {"from": "x", "to": "y", "count": 1, "modelled": True, "median_seconds": 60.0} in data[
        "transitions"
    ]
    assert data["start"][0] == {"touchpoint": "x", "count": 3}
    assert data["funnel"][0] == {
        "stage": "a",
        "cases": 4,
        "furthest": 1,
        "converted": 2,
        "dropped": 1,
    }
    assert {"unmodelled", "unobserved", "skipped", "never_observed"} == set(data["conformance"])
    assert data["conformance"]["unobserved"] == [{"from": "x", "to": "w"}]
    assert data["conformance"]["skipped"] == [{"from_stage": "a", "to_stage": "c", "count": 1}]
    smb = next(s for s in data["segments"] if s["segment"] == "smb")
    assert {k: smb[k] for k in ("cases", "converted", "conversion_rate", "value")} == {
        "cases": 2,
        "converted": 2,
        "conversion_rate": 1.0,
        "value": 12000.0,
    }
    assert smb["value_per_case"] == 6000.0
    assert isinstance(data["findings"], list)
    assert data["suppressed"] == 0
    json.dumps(data)  # JSON-ready


def test_small_counts_are_suppressed_and_said_to_be(ws: pj.Workspace, log: Path) -> None:
    result = pj.evidence(ws, log)  # min_cases 5 by default

    data = result.to_dict()
    assert data["min_cases"] == 5
    assert data["suppressed"] > 0
    assert all(t["count"] is None and t["median_seconds"] is None for t in data["transitions"])
    assert data["unmapped_names"] == []  # a name seen once may say who it was
    assert "hidden" in result.to_text()
    assert result.observation.funnel[0].cases == 4  # the observation stays exact


@pytest.mark.parametrize(
    "kind", ["parquet", "jsonl", "pandas", "pyarrow", "rows", "folder", "glob"]
)
def test_every_shape_of_log_gives_the_same_result(
    ws: pj.Workspace, log: Path, tmp_path: Path, kind: str
) -> None:
    expected = pj.evidence(ws, log, min_cases=1).to_dict()
    source: Any
    con = duckdb.connect()
    if kind == "parquet":
        source = tmp_path / "events.parquet"
        con.execute(f"COPY (FROM read_csv('{log}', all_varchar=true)) TO '{source}'")
    elif kind == "jsonl":
        source = tmp_path / "events.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in _dicts()), encoding="utf-8")
    elif kind == "pandas":
        import pandas

        source = pandas.DataFrame(_dicts())
    elif kind == "pyarrow":
        import pyarrow

        source = pyarrow.Table.from_pylist(_dicts())
    elif kind == "rows":
        source = _dicts()
    else:
        folder = tmp_path / "logs"
        folder.mkdir()
        _write_csv(folder / "part-1.csv", ROWS[:6])
        _write_csv(folder / "part-2.csv", ROWS[6:])
        source = folder if kind == "folder" else str(folder / "part-*.csv")
    con.close()

    assert expected == pj.evidence(ws, source, min_cases=1).to_dict()


def test_the_workspace_names_its_log_relative_to_its_folder(tmp_path: Path) -> None:
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"]["source"] = "logs/*.csv"
    (tmp_path / "logs").mkdir()
    _write_csv(tmp_path / "logs" / "events.csv")
    (tmp_path / "workspace.json").write_text(json.dumps(data), encoding="utf-8")

    assert pj.evidence(pj.load(tmp_path / "workspace.json")).observation.cases == 4


def test_mapping_rules_by_channel_campaign_and_globs(tmp_path: Path) -> None:
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"] = {
        "columns": {"case_id": "opp", "timestamp": "at", "touchpoint": "event"},
        "mapping": [
            {"channel": "email", "campaign": "spring", "touchpoint_id": "x"},
            {"match": "*/pricing*", "on": "url", "touchpoint_id": "y"},
            {"match": "Demo *", "touchpoint_id": "w"},
            {"activity": "z", "touchpoint_id": "v"},  # a rule wins over the id itself
        ],
    }
    rows = [
        ["o1", "2026-03-01 09:00:00", "open", "email", "spring", ""],
        ["o1", "2026-03-01 09:01:00", "view", "web", "", "https://a.example/pricing?x"],
        ["o1", "2026-03-01 09:02:00", "Demo booked", "web", "", ""],
        ["o1", "2026-03-01 09:03:00", "z", "web", "", ""],
        ["o1", "2026-03-01 09:04:00", "open", "email", "autumn", ""],
    ]
    header = ["opp", "at", "event", "channel", "campaign", "url"]
    log = _write_csv(tmp_path / "m.csv", rows, header)
    obs = pj.evidence(pj.Workspace.model_validate(data), log, min_cases=1).observation

    # x (email, spring) → y (pricing URL) → w ("Demo booked") → v ("z" by its rule); the
    # autumn email maps to nothing.
    assert {("x", "y"), ("y", "w"), ("w", "v")} == {(t.from_id, t.to_id) for t in obs.transitions}
    assert (obs.unmapped_events, obs.unmapped_names) == (1, (("open", 1),))


# -- bad input ---------------------------------------------------------------------------------


def _error(ws: pj.Workspace, source: Any, **options: Any) -> pj.ModelError:
    with pytest.raises(pj.ModelError) as info:
        pj.evidence(ws, source, **options)
    return info.value


def test_a_missing_column_names_the_file_the_column_and_the_columns_it_has(
    ws: pj.Workspace, tmp_path: Path
) -> None:
    log = _write_csv(
        tmp_path / "e.csv", [["c1", "2026-03-01", "x"]], ["case", "timestamp", "touchpoint"]
    )

    [problem] = _error(ws, log).problems
    assert str(log) == problem.file
    assert "no column `case_id`" in problem.message
    assert "`case`, `timestamp`, `touchpoint`" in problem.message


def test_a_column_named_in_the_workspace_must_exist(tmp_path: Path, log: Path) -> None:
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"]["columns"] = {"segment_id": "segment"}

    [problem] = _error(pj.Workspace.model_validate(data), log).problems
    assert "no column `segment` (segment_id)" in problem.message


def test_an_unparsable_timestamp_names_the_file_and_row(ws: pj.Workspace, tmp_path: Path) -> None:
    rows = [["c1", "2026-03-01 09:00:00", "x"], ["c1", "yesterday", "y"]]
    log = _write_csv(tmp_path / "e.csv", rows, HEADER[:3])

    [problem] = _error(ws, log).problems
    assert (str(log), 2) == (problem.file, problem.line)
    assert "'yesterday'" in problem.message


def test_a_mapping_rule_on_a_column_the_log_lacks(tmp_path: Path, log: Path) -> None:
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"]["mapping"] = [{"match": "*pricing*", "on": "url", "touchpoint_id": "y"}]

    [problem] = _error(pj.Workspace.model_validate(data), log).problems
    assert "matches on `url`" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_is_refused_before_it_is_opened(ws: pj.Workspace, tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)

    [problem] = _error(ws, fifo).problems
    assert "not a regular file (a FIFO)" in problem.message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("events.parquet", b"case_id,timestamp\n", "cannot read the event log"),
        ("events.csv", b"case_id,timestamp,touchpoint\n", "has no rows"),
        ("events.txt", b"x", "unsupported event log type `.txt`"),
    ],
)
def test_files_that_cannot_be_read_are_clear_errors(
    ws: pj.Workspace, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    [problem] = _error(ws, path).problems
    assert message in problem.message
    assert str(path) in (problem.file or "")


def test_a_glob_matching_nothing_and_a_missing_file(ws: pj.Workspace, tmp_path: Path) -> None:
    assert "matches no file" in str(_error(ws, str(tmp_path / "*.csv")))
    assert "no such file" in str(_error(ws, tmp_path / "nope.csv"))


def test_no_log_at_all_says_how_to_give_one(ws: pj.Workspace) -> None:
    assert "--events" in str(_error(ws, None))


def test_a_log_over_the_size_cap_is_refused_before_reading(ws: pj.Workspace, log: Path) -> None:
    with pytest.raises(pj.InputLimitError, match="over the limit of 10 bytes"):
        pj.evidence(ws, log, max_bytes=10)


def test_the_connection_reads_only_the_logs_own_files(ws: pj.Workspace, tmp_path: Path) -> None:
    # A column name cannot smuggle SQL in, and another file cannot be read.
    data = json.loads(json.dumps(WORKSPACE))
    data["evidence"]["columns"] = {"touchpoint": "t\" FROM read_text('/etc/passwd') --"}
    log = _write_csv(tmp_path / "e.csv", [["c1", "2026-03-01", "x"]], ["case_id", "timestamp", "x"])

    [problem] = _error(pj.Workspace.model_validate(data), log).problems
    assert "no column" in problem.message


def test_import_does_not_load_duckdb() -> None:
    code = "import sys, personajourney as pj; print('duckdb' in sys.modules, callable(pj.evidence))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


def test_pj_evidence_stays_the_function_after_the_package_is_imported() -> None:
    import personajourney.evidence.sql  # noqa: F401

    assert callable(pj.evidence)
    assert pj.evidence.__module__ == "personajourney.evidence.api"


# -- forms ---------------------------------------------------------------------------------------


def test_records_html_and_markdown(ws: pj.Workspace, log: Path) -> None:
    result = pj.evidence(ws, log, min_cases=1)

    records = result.to_records()
    assert {k: records["funnel"][0][k] for k in ("kind", "group", "stage", "cases")} == {
        "kind": "all",
        "group": "",
        "stage": "a",
        "cases": 4,
    }
    assert records["never_observed"] == [{"touchpoint": "v"}]
    html = result._repr_html_()
    assert html.startswith('<div class="personajourney-evidence">')
    assert "<table>" in html
    assert "## Funnel" in result.to_markdown()


def test_html_escapes_what_the_log_says(tmp_path: Path) -> None:
    ws = pj.Workspace.model_validate(WORKSPACE)
    rows = [[f"c{i}", "2026-03-01 09:00:00", "<script>alert(1)</script>", "", ""] for i in range(6)]
    rows += [["c9", "2026-03-01 09:00:00", "x", "", ""]]
    html = pj.evidence(ws, _write_csv(tmp_path / "e.csv", rows))._repr_html_()

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# -- against the reference -------------------------------------------------------------------


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return bool(a == b)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ws=workspaces(max_touchpoints=6),
    seed=st.integers(0, 1000),
    cases=st.integers(1, 40),
    noise=st.sampled_from([0.0, 0.2]),
    invalid=st.sampled_from([0.0, 0.1]),
)
def test_the_engine_agrees_with_the_plain_python_reference(
    ws: pj.Workspace, seed: int, cases: int, noise: float, invalid: float
) -> None:
    rows = simulate_events(
        ws,
        cases,
        seed=seed,
        noise=noise,
        invalid=invalid,
        shortcut=0.2,
        skip=0.1,
        mean_gap_hours=0.001,
    )
    if not rows:
        return
    obs = pj.evidence(ws.model_copy(update={"evidence": None}), rows, min_cases=1).observation

    expected, got = reference(ws, rows), measured(obs)
    assert _close(expected, got), (expected, got)


def test_the_simulator_is_seeded_and_writes_csv(ws: pj.Workspace, tmp_path: Path) -> None:
    first = simulate_events(ws, 30, seed=3)
    assert first == simulate_events(ws, 30, seed=3)
    assert first != simulate_events(ws, 30, seed=4)
    path = tmp_path / "sim.csv"
    assert len(first) == write_event_log(first, path)
    assert len(first) == pj.evidence(ws, path, min_cases=1).observation.events


# -- command line --------------------------------------------------------------------------------


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    path = tmp_path / "workspace.json"
    path.write_text(json.dumps(WORKSPACE), encoding="utf-8")
    return path


def test_cli_evidence_prints_json_text_and_markdown(workspace_file: Path, log: Path) -> None:
    from typer.testing import CliRunner

    from personajourney.cli import app

    runner = CliRunner()
    args = ["evidence", str(workspace_file), "--events", str(log), "--min-cases", "1"]
    as_json = runner.invoke(app, [*args, "--format", "json"])
    as_text = runner.invoke(app, args)
    as_markdown = runner.invoke(app, [*args, "-f", "markdown"])

    assert [r.exit_code for r in (as_json, as_text, as_markdown)] == [0, 0, 0]
    assert pj.evidence(pj.load(workspace_file), log, min_cases=1).to_dict() == json.loads(
        as_json.stdout
    )
    assert "Observed flow" in as_text.stdout
    assert "## Funnel" in as_markdown.stdout


def test_cli_check_with_events_adds_the_evidence_rules(workspace_file: Path, log: Path) -> None:
    from typer.testing import CliRunner

    from personajourney.cli import app

    runner = CliRunner()
    args = ["check", str(workspace_file), "--select", "E", "--format", "json", "--min-cases", "1"]
    without = runner.invoke(app, args)
    with_log = runner.invoke(app, [*args, "--events", str(log)])

    assert json.loads(without.stdout)["findings"] == []
    codes = {f["code"] for f in json.loads(with_log.stdout)["findings"]}
    # x → w never taken; half of stage b ends there; v unseen
    assert {"E001", "E003", "E004"} <= codes


def test_cli_bad_event_log_is_one_clear_error_and_exit_2(
    workspace_file: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from personajourney.cli import app

    bad = _write_csv(tmp_path / "bad.csv", [["c1", "2026-03-01", "x"]], ["case", "ts", "tp"])
    result = CliRunner().invoke(app, ["evidence", str(workspace_file), "--events", str(bad)])

    assert result.exit_code == 2
    assert "no column `case_id`" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_example_log_is_the_simulators_output(tmp_path: Path) -> None:
    # Regenerate: see examples/b2b-software/README.md ("Evidence").
    example = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"
    ws = pj.load(example)
    from personajourney.testing import iter_events

    write_event_log(iter_events(ws, 3000, seed=2026), tmp_path / "events.csv")

    assert (example / "events.csv").read_bytes() == (tmp_path / "events.csv").read_bytes()


def test_a_json_array_is_read_like_json_lines(ws: pj.Workspace, log: Path, tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(_dicts()), encoding="utf-8")

    assert (
        pj.evidence(ws, log, min_cases=1).to_dict() == pj.evidence(ws, path, min_cases=1).to_dict()
    )


def test_event_log_errors_are_model_errors_that_say_event_log(
    ws: pj.Workspace, tmp_path: Path
) -> None:
    error = _error(ws, tmp_path / "nope.csv")

    assert isinstance(error, pj.EventLogError)
    assert str(error).startswith("invalid event log (1 problem)")


def test_attribution_removal_effect_and_last_touch(ws: pj.Workspace, tmp_path: Path) -> None:
    # Paths to the first conversion (z converts): A x → y → z, B x, C w → y → z, D w.
    # Chain: start → x 2, start → w 2; x → y 1, x → null 1; w → y 1, w → null 1; y → conv 2.
    # P(conv) = 0.5. Without x: 0.5 · 0.5 = 0.25, a loss of half; the same for w; without y
    # nothing converts. y is the last touch of both conversions.
    rows = [
        ["A", "2026-03-01 09:00:00", "x"],
        ["A", "2026-03-01 09:01:00", "y"],
        ["A", "2026-03-01 09:02:00", "z"],
        ["A", "2026-03-01 09:03:00", "x"],  # after converting: not on the path
        ["B", "2026-03-01 09:00:00", "x"],
        ["C", "2026-03-01 09:00:00", "w"],
        ["C", "2026-03-01 09:01:00", "y"],
        ["C", "2026-03-01 09:02:00", "z"],
        ["D", "2026-03-01 09:00:00", "w"],
    ]
    log = _write_csv(tmp_path / "a.csv", rows, HEADER[:3])
    result = pj.evidence(ws, log, min_cases=1)

    got = [
        (a.touchpoint_id, a.removal_effect, a.last_touch) for a in result.observation.attribution
    ]
    assert got == [("y", 1.0, 2), ("w", 0.5, 0), ("x", 0.5, 0)]
    assert result.observation.converted == 2
    assert (result.to_dict()["attribution"][0]) == {
        "touchpoint": "y",
        "removal_effect": 1.0,
        "last_touch": 2,
    }
    assert pj.evidence(ws, log).to_dict()["attribution"][0]["removal_effect"] is None


def test_a_case_converting_at_its_first_event_converts_directly(
    ws: pj.Workspace, tmp_path: Path
) -> None:
    rows = [["A", "2026-03-01 09:00:00", "z"], ["B", "2026-03-01 09:00:00", "x"]]
    obs = pj.evidence(ws, _write_csv(tmp_path / "d.csv", rows, HEADER[:3]), min_cases=1).observation

    # Half the conversions pass no touchpoint: without x, P(conv) stays 0.5.
    assert [(a.touchpoint_id, a.removal_effect) for a in obs.attribution] == [("x", 0.0)]
    assert obs.converted == 1


@pytest.mark.parametrize("seed", [0, 1])
def test_the_engine_agrees_with_the_reference_on_the_example(seed: int) -> None:
    # A rich model, many ties (gaps of about two seconds), invalid rows, shortcuts and skips.
    ws = pj.load(Path(__file__).resolve().parent.parent / "examples" / "b2b-software")
    rows = simulate_events(
        ws, 300, seed=seed, invalid=0.05, shortcut=0.2, skip=0.1, mean_gap_hours=0.0005
    )
    obs = pj.evidence(ws, rows, min_cases=1).observation

    expected, got = reference(ws, rows), measured(obs)
    assert got["converted"] > 0
    assert _close(expected, got), (expected, got)


def test_time_in_stage_and_to_conversion(ws: pj.Workspace, log: Path) -> None:
    obs = pj.evidence(ws, log, min_cases=1).observation

    # a: c1 moves on after 60 s (to y), c2 after 300 s (to z); c3 went back to a from b and
    # never on again, c6 never moved. Median 180, 90th percentile 60 + 0.9 · 240 = 276.
    # b: c1 after 120 s. c: nobody moves on.
    times = {stage: (d.cases, d.median_seconds, d.p90_seconds) for stage, d in obs.stage_times}
    assert times == {"a": (2, 180.0, 276.0), "b": (1, 120.0, 120.0), "c": (0, None, None)}
    # c1 converts 180 s after its first event, c2 300 s: median 240, p90 180 + 0.9 · 120.
    conversion = obs.time_to_conversion
    assert (conversion.cases, conversion.median_seconds, conversion.p90_seconds) == (
        2,
        240.0,
        288.0,
    )


# -- the Ibis engine: the same plan, the same numbers --------------------------------------------


def _without_engine(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "engine"}


@pytest.mark.parametrize("kind", ["csv", "parquet", "rows"])
def test_the_ibis_engine_gives_duckdbs_numbers(
    ws: pj.Workspace, log: Path, tmp_path: Path, kind: str
) -> None:
    source: Any = log
    if kind == "parquet":
        source = tmp_path / "events.parquet"
        con = duckdb.connect()
        con.execute(f"COPY (FROM read_csv('{log}', all_varchar=true)) TO '{source}'")
        con.close()
    elif kind == "rows":
        source = _dicts()
    expected = pj.evidence(ws, source, min_cases=1).to_dict()

    got = pj.evidence(ws, source, min_cases=1, engine="ibis").to_dict()

    assert got["engine"] == "ibis"
    assert _without_engine(expected) == _without_engine(got)


def test_the_ibis_engine_on_the_example_log() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"
    ws = pj.load(example)
    expected = pj.evidence(ws, example / "events.csv").to_dict()

    got = pj.evidence(ws, example / "events.csv", engine="ibis").to_dict()

    assert _without_engine(expected) == _without_engine(got)


def test_the_ibis_engine_refuses_an_unparsable_timestamp(ws: pj.Workspace, tmp_path: Path) -> None:
    rows = [["c1", "2026-03-01 09:00:00", "x"], ["c1", "yesterday", "y"]]
    log = _write_csv(tmp_path / "e.csv", rows, HEADER[:3])

    with pytest.raises(pj.EventLogError, match="not a timestamp"):
        pj.evidence(ws, log, engine="ibis")


def test_glob_regex_matches_like_glob() -> None:
    import fnmatch

    from personajourney.evidence.ibis_engine import glob_regex

    names = ["pricing", "/en/pricing?x", "Demo booked", "demo", "a.b", "axb", "[x]", "b1", "c1"]
    for pattern in ["*/pricing*", "Demo *", "a.b", "?1", "[!b]1", "[ab]1"]:
        regex = re.compile(glob_regex(pattern))
        assert [bool(regex.search(n)) for n in names] == [
            fnmatch.fnmatchcase(n, pattern) for n in names
        ], pattern


def test_a_model_of_many_stages_gives_the_same_funnel(tmp_path: Path) -> None:
    # Past 62 stages the stages reached are found from the events, not from bits.
    stages = [{"id": f"s{i}"} for i in range(70)]
    touchpoints = [{"id": f"t{i}", "name": f"T{i}", "stage_id": f"s{i}"} for i in (0, 1, 65, 69)]
    ws = pj.Workspace.model_validate({"stages": stages, "touchpoints": touchpoints})
    rows = [
        ["c1", "2026-03-01 09:00:00", "t0"],
        ["c1", "2026-03-01 09:01:00", "t65"],
        ["c2", "2026-03-01 09:00:00", "t1"],
        ["c2", "2026-03-01 09:01:00", "t69"],
        ["c3", "2026-03-01 09:00:00", "t69"],
    ]
    obs = pj.evidence(ws, _write_csv(tmp_path / "e.csv", rows, HEADER[:3]), min_cases=1).observation

    reached = {f.stage_id: (f.cases, f.furthest) for f in obs.funnel if f.cases}
    assert reached == {"s0": (1, 0), "s1": (1, 0), "s65": (1, 1), "s69": (2, 2)}


def test_the_evidence_rules_run_only_with_an_event_log(ws: pj.Workspace, log: Path) -> None:
    without = pj.run_checks(ws)
    observation = pj.evidence(ws, log, min_cases=1).observation
    with_log = pj.run_checks(ws, observation=observation)

    assert not [code for code in without.rules_run if code.startswith("E")]
    assert [f"E00{i}" for i in range(1, 8)] == [c for c in with_log.rules_run if c[0] == "E"]


def test_an_ibis_table_is_read_by_either_engine(ws: pj.Workspace, log: Path) -> None:
    import ibis
    import pyarrow

    table = ibis.memtable(pyarrow.Table.from_pylist(_dicts()))
    expected = _without_engine(pj.evidence(ws, log, min_cases=1).to_dict())

    assert expected == _without_engine(pj.evidence(ws, table, min_cases=1).to_dict())
    assert expected == _without_engine(pj.evidence(ws, table, min_cases=1, engine="ibis").to_dict())


@pytest.mark.parametrize("engine", ["duckdb", "ibis"])
def test_a_value_that_is_not_a_number_is_an_error(
    ws: pj.Workspace, tmp_path: Path, engine: str
) -> None:
    rows = [
        ["c1", "2026-03-01 09:00:00", "x", "", ""],
        ["c1", "2026-03-01 09:01:00", "z", "", "5k"],
    ]
    log = _write_csv(tmp_path / "e.csv", rows)

    with pytest.raises(pj.EventLogError, match="column `value`") as info:
        pj.evidence(ws, log, engine=engine)
    if engine == "duckdb":
        [problem] = info.value.problems
        assert problem.line == 2
        assert "holds '5k', which is not a number" in problem.message
