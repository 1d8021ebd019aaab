"""Every bundled example loads, checks, and shows real findings but no errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app

EXAMPLES = sorted(
    p for p in (Path(__file__).resolve().parent.parent / "examples").iterdir() if p.is_dir()
)


def test_there_are_at_least_three_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_loads_checks_and_has_findings_but_no_errors(example: Path) -> None:
    ws = pj.load(example)
    report = pj.run_checks(ws)
    assert report.findings, "an example should show what the checks find"
    assert report.counts["error"] == 0
    assert all(f.file is not None for f in report.findings if f.nodes[0].startswith("persona:"))
    assert (example / "README.md").is_file()
    G = pj.build_graph(ws)
    assert all(node in G for f in report.findings for node in f.nodes)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_round_trips_through_dump(example: Path, tmp_path: Path) -> None:
    ws = pj.load(example)
    for suffix in (".yaml", ".json"):
        assert pj.load(pj.dump(ws, tmp_path / f"copy{suffix}")) == ws


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_checks_from_the_command_line_with_exit_0(example: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(example)])
    assert result.exit_code == 0, result.stdout + result.stderr
