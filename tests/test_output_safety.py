"""Model text reaches terminals and XML files only as text.

A shared model may hold escape sequences and control characters in its names. Printed to a
terminal they could move the cursor or rewrite what the user sees; written into XML they make
the file unreadable. Every such output drops them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney._text import UNSAFE_CHARACTERS
from personajourney.cli import app

HOSTILE = "Pirkko\x00\x07\x1b[2J\x1b]0;pwned\x07\x7f\x85\x9b31m\u202eevil\u2066\rOK"


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    ws = pj.Workspace(
        name=f"Hostile {HOSTILE}",
        stages=[
            pj.Stage(id="search", name=f"Search {HOSTILE}", owner_id="marketing"),
            pj.Stage(id="buy", name="Buy", decision=True, owner_id="sales"),
        ],
        personas=[pj.Persona(id="p", name=f"Persona {HOSTILE}")],
        committees=[
            pj.BuyingCommittee(
                id="c",
                name=f"Committee {HOSTILE}",
                members=[pj.Member(id="m", name=f"Member {HOSTILE}", persona_id="p")],
            )
        ],
        touchpoints=[
            pj.Touchpoint(
                id="t", name=f"Touch {HOSTILE}", stage_id="search", persona_ids=["p"], entry=True
            )
        ],
    )
    path = tmp_path / "hostile.json"
    pj.dump(ws, path)
    return path


def _unsafe(text: str) -> list[str]:
    return sorted({repr(c) for c in text if UNSAFE_CHARACTERS.match(c) or c == "\r"})


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_check_prints_no_control_character_from_the_model(hostile_file: Path, fmt: str) -> None:
    result = CliRunner().invoke(app, ["check", str(hostile_file), "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    assert "OK" in result.stdout  # the text around the removed characters is kept
    assert _unsafe(result.stdout) == []


def test_the_library_text_and_markdown_reports_hold_no_control_character(
    hostile_file: Path,
) -> None:
    report = pj.run_checks(pj.load(hostile_file))
    assert _unsafe(report.to_text()) == []
    assert _unsafe(report.to_markdown()) == []


def test_invalid_model_errors_print_no_control_character(tmp_path: Path) -> None:
    # The file name is echoed in every problem's location.
    path = tmp_path / "bad\x1b[2J\x9b31m.json"
    path.write_text('{"personas": [{"id": "p", "name": "P", "quote": 5}]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert _unsafe(result.stderr) == []


def test_graphml_is_well_formed_whatever_the_names_hold(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "model.graphml"
    result = CliRunner().invoke(
        app, ["export", "graph", str(hostile_file), "--format", "graphml", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()  # raises if the XML is not well-formed
    labels = [d.text or "" for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data")]
    assert any(label.startswith("Persona Pirkko") and label.endswith("OK") for label in labels)


def test_a_model_with_thousands_of_problems_prints_the_first_hundred(tmp_path: Path) -> None:
    personas = ",".join(f'{{"id": "p{i}", "name": "P", "quote": {i}}}' for i in range(5000))
    path = tmp_path / "many.json"
    path.write_text(f'{{"personas": [{personas}]}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "error: invalid model (5000 problems)"
    assert sum(1 for line in lines if "personas[" in line) == 100
    assert "  … and 4900 more problems (fix these first)" in lines
    assert len(lines) < 250
