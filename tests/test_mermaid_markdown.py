"""``import mermaid`` reads what ``export mermaid --diagram markdown`` writes: a Markdown file
with a ``mermaid`` journey block and the flowchart block, so the transitions survive the
round trip (with their labels and hand-offs) and so do the entry points."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.io.mermaid import from_mermaid_journey, to_mermaid_journey

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"


def _flow(ws: pj.Workspace) -> list[tuple[str, str, bool, str | None]]:
    names = {tp.id: tp.name for tp in ws.touchpoints}
    return [(names[t.from_id], names[t.to_id], t.handoff, t.label) for t in ws.transitions]


def test_the_examples_markdown_export_reads_back_with_its_transitions() -> None:
    ws = pj.load(EXAMPLE)
    markdown = "# Our journey\n\nSome prose.\n\n" + to_mermaid_journey(ws).markdown()

    back = from_mermaid_journey(markdown)

    assert _flow(ws) == _flow(back)
    assert len(ws.transitions) > len(ws.touchpoints) - 1  # not a plain chain
    assert [tp.name for tp in ws.touchpoints if tp.entry] == [
        tp.name for tp in back.touchpoints if tp.entry
    ]
    again = to_mermaid_journey(back)
    assert to_mermaid_journey(ws).flowchart == again.flowchart
    assert to_mermaid_journey(ws).journey == again.journey


def test_a_journey_block_alone_gives_the_document_order_chain() -> None:
    text = (
        "Intro\n\n~~~mermaid\njourney\n  section Awareness\n"
        "    Ad: 3: Hanna\n    Blog: 4: Hanna\n~~~\n"
    )
    back = from_mermaid_journey(text)
    assert [(t.from_id, t.to_id) for t in back.transitions] == [("ad", "blog")]


def test_a_markdown_file_without_a_journey_block_is_refused_at_the_block() -> None:
    text = "# Title\n\n```mermaid\nflowchart LR\n    n1 --> n2\n```\n"
    with pytest.raises(pj.ModelError, match="no ```mermaid fence holding a `journey`") as info:
        from_mermaid_journey(text, name="flow.md")
    assert info.value.problems[0].line == 4


def test_an_error_in_the_journey_block_names_the_line_of_the_file() -> None:
    text = "# Title\n\nprose\n\n```mermaid\njourney\n  section A\n    Task: 9: X\n```\n"
    with pytest.raises(pj.ModelError) as info:
        from_mermaid_journey(text, name="j.md")
    assert info.value.problems[0].line == 8


def test_a_flowchart_from_another_export_is_refused_naming_the_node() -> None:
    ws = pj.load(EXAMPLE)
    export = to_mermaid_journey(ws)
    other = to_mermaid_journey(
        pj.Workspace.model_validate(
            {"touchpoints": [{"id": "x", "name": "Something else", "stage_id": "loyalty"}]}
        )
    )
    text = f"```mermaid\n{export.journey}```\n\n```mermaid\n{other.flowchart}```\n"
    with pytest.raises(pj.ModelError, match="flowchart node `n1` is 'Something else'"):
        from_mermaid_journey(text)


def test_the_command_imports_a_markdown_export(tmp_path: Path) -> None:
    runner = CliRunner()
    page = tmp_path / "journey.md"
    exported = runner.invoke(
        app, ["export", "mermaid", str(EXAMPLE), "--diagram", "markdown", "-o", str(page)]
    )
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(app, ["import", "mermaid", str(page), "-o", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert _flow(pj.load(tmp_path / "ws")) == _flow(pj.load(EXAMPLE))
