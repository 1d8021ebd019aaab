"""``personajourney redact``: a contact leaves the model files, every other byte stays.

The strongest check is byte-level: a contact (with comments about it and references to it
in flow lists, block lists and another file) is written into a copy of the bundled example,
and redacting it gives back the example's files byte for byte, comments, blank lines,
folded text and all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.io.redact import redact, redact_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"

CONTACT = """\
      # Met at the Hannover fair; asked for the price list.
      # Source: the fair's attendee list, no consent recorded yet.
      - id: jari-virtanen
        name: Jari Virtanen   # as on his badge
        kind: contact
        crm_id: HS-99173
        title: Hankintajohtaja, jari.virtanen@example.fi
        roles: [procurement]
        introduces_ids:
          - md-leena

"""


def _plant(folder: Path) -> dict[str, bytes]:
    """Copy the example into ``folder`` with a contact added; return the pristine bytes."""
    shutil.copytree(EXAMPLE, folder)
    pristine = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    committee = folder / "committee.yaml"
    text = committee.read_text(encoding="utf-8")
    text = text.replace(
        "      - id: procurement-jari\n", CONTACT + "      - id: procurement-jari\n"
    )
    text = text.replace(
        "introduces_ids: [md-leena, procurement-jari]",
        "introduces_ids: [md-leena, jari-virtanen, procurement-jari]",
    )
    committee.write_text(text, encoding="utf-8")
    journey = folder / "journey.yaml"
    text = journey.read_text(encoding="utf-8")
    text = text.replace(
        "member_ids: [sysadmin-aki, partner-ville]",
        "member_ids: [sysadmin-aki, partner-ville, jari-virtanen]",
    )
    journey.write_text(text, encoding="utf-8")
    ws = pj.load(folder)
    assert ws.get("member", "jari-virtanen").crm_id == "HS-99173"
    return pristine


def test_redacting_a_planted_contact_gives_back_the_files_byte_for_byte(tmp_path: Path) -> None:
    model = tmp_path / "model"
    pristine = _plant(model)

    done = redact(model, "jari-virtanen")

    assert {p.name: p.read_bytes() for p in model.iterdir() if p.is_file()} == pristine
    assert sorted(p.name for p in done.files) == ["committee.yaml", "journey.yaml"]
    assert done.references == 2
    assert done.member["crm_id"] == "HS-99173"
    assert done.traces == ["Jari Virtanen", "HS-99173", "jari-virtanen"]


def test_a_list_left_empty_becomes_an_empty_flow_list_and_comments_stay() -> None:
    text = """\
# Committee of Acme (comment kept)
committees:
  - id: acme
    name: Acme
    members:
      # the only member
      - id: jari
        name: Jari Virtanen
        kind: contact
    # comment after the members, kept
touchpoints:
  - id: call
    name: Call
    stage_id: problem-awareness
    member_ids:
      - jari   # only him
    entry: true
"""
    expected = """\
# Committee of Acme (comment kept)
committees:
  - id: acme
    name: Acme
    members: []
    # comment after the members, kept
touchpoints:
  - id: call
    name: Call
    stage_id: problem-awareness
    member_ids: []
    entry: true
"""
    done = redact_text(text, "jari")
    assert expected == done.text
    assert done.references == 1
    pj.loads(done.text)


def test_the_first_of_several_block_items_and_quoted_ids(tmp_path: Path) -> None:
    text = """\
committees:
  - id: acme
    name: Acme
    members:
      - id: "jari"
        name: 'Jari Virtanen'

      - id: cfo
        name: CFO
        introduces_ids: ["jari", 'jari', cto]
      - {id: cto, name: CTO, introduces_ids: [jari]}
"""
    expected = """\
committees:
  - id: acme
    name: Acme
    members:
      - id: cfo
        name: CFO
        introduces_ids: [cto]
      - {id: cto, name: CTO, introduces_ids: []}
"""
    assert expected == redact_text(text, "jari").text


def test_a_json_model_keeps_its_layout(tmp_path: Path) -> None:
    data = {
        "committees": [
            {
                "id": "acme",
                "name": "Acme",
                "members": [
                    {"id": "cfo", "name": "CFO", "introduces_ids": ["jari"]},
                    {"id": "jari", "name": "Jari Virtanen", "kind": "contact"},
                ],
            }
        ]
    }
    model = tmp_path / "model.json"
    model.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    redact(model, "jari")
    expected = {
        "committees": [
            {
                "id": "acme",
                "name": "Acme",
                "members": [{"id": "cfo", "name": "CFO", "introduces_ids": []}],
            }
        ]
    }
    text = model.read_text(encoding="utf-8")
    assert expected == json.loads(text)
    assert "Jari" not in text
    assert text.startswith('{\n  "committees": [\n    {\n      "id": "acme",')


def test_an_unknown_id_changes_nothing_and_names_the_closest(tmp_path: Path) -> None:
    model = tmp_path / "model"
    _plant(model)
    before = {p.name: p.read_bytes() for p in model.iterdir() if p.is_file()}
    result = CliRunner().invoke(app, ["redact", str(model), "jari-virtane"])
    assert result.exit_code == 2
    assert "did you mean `jari-virtanen`" in result.output
    assert {p.name: p.read_bytes() for p in model.iterdir() if p.is_file()} == before


def test_the_command_says_which_outputs_still_name_the_contact(tmp_path: Path) -> None:
    model = tmp_path / "model"
    _plant(model)
    pack = tmp_path / "pack"
    built = pj.build_pack(pj.load(model), pack, formats=["html", "svg", "pdf"], png=True)
    assert built.ok
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("nothing here", encoding="utf-8")
    runner = CliRunner()

    result = runner.invoke(app, ["redact", str(model), "jari-virtanen", "-o", str(pack)])

    assert result.exit_code == 1, result.output
    named = {
        line.split("still named in ")[1].strip()
        for line in result.stdout.splitlines()
        if "still named in" in line
    }
    assert str(pack / "committees" / "manufacturer-security.pdf") in named
    assert str(pack / "committees" / "manufacturer-security.png") in named
    assert str(pack / "heatmap.svg") in named
    assert str(pack / "report.pdf") in named
    assert str(pack / "journey.svg") not in named
    assert all(not name.startswith(str(pack / "cards")) for name in named)
    assert "jari-virtanen" not in (model / "committee.yaml").read_text(encoding="utf-8")

    again = runner.invoke(
        app, ["redact", str(model / "committee.yaml"), "md-leena", "-o", str(elsewhere)]
    )
    assert again.exit_code == 2  # the committee file alone does not load (no personas)


@pytest.mark.parametrize("member", ["md-leena"])
def test_a_member_whose_removal_breaks_nothing_else_is_removed_from_a_single_file(
    tmp_path: Path, member: str
) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(pj.dumps(pj.load(EXAMPLE)), encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(model), member])
    assert result.exit_code == 0, result.output
    assert member not in model.read_text(encoding="utf-8")
    assert member not in {m.id for _, m in pj.load(model).members()}
