"""Spreadsheet tables (CSV, XLSX) in and out, and committees from HubSpot and Salesforce."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Literal

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.io.crm import read_crm
from personajourney.io.tables import read_tables, tables_of, workspace_from_tables, write_tables

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _back(target: Path) -> pj.Workspace:
    tables, ignored = read_tables(target)
    assert ignored == []
    result = workspace_from_tables(tables)
    assert result.skipped == []
    assert result.ignored_columns == {}
    return result.workspace


# -- the layout round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("target", ["ws.xlsx", "csv"])
def test_every_example_goes_out_to_tables_and_comes_back_the_same(
    example: Path, target: str, tmp_path: Path
) -> None:
    ws = pj.load(example)
    write_tables(ws, tmp_path / target)
    back = _back(tmp_path / target)
    assert back.model_dump(mode="json") == ws.model_dump(mode="json")


def test_the_tables_have_the_documented_names_and_columns() -> None:
    tables = tables_of(pj.load(ROOT / "examples" / "b2b-software"))
    assert list(tables) == [
        "workspace", "stages", "teams", "channels", "motives", "personas",
        "members", "segments", "touchpoints", "transitions",
    ]  # fmt: skip
    members = tables["members"][0]
    assert members[:2] == ["committee.id", "committee.name"]
    assert {"id", "name", "roles", "influence", "persona_id", "crm_id"} <= set(members)
    personas = tables["personas"][0]
    assert {"goals", "channel_ids", "motives", "provenance.kind"} <= set(personas)
    segments = tables["segments"][0]
    assert {"criteria.company_size.min", "criteria.industries"} <= set(segments)


def test_cells_hold_ids_comma_separated_prose_one_item_per_line_and_links_as_pairs() -> None:
    ws = pj.loads(
        """\
motives: [{id: aika, name: Aika}, {id: riski, name: Riski}]
personas:
  - id: hanna
    name: HR-Hanna
    goals: ["Tiimi, joka viihtyy", "Vähemmän rekrytointia"]
    channel_ids: [web, email]
    motives: [{motive_id: aika, strength: 0.8}, {motive_id: riski}]
"""
    )
    header, row = tables_of(ws)["personas"]
    cell = dict(zip(header, row, strict=True))
    assert cell["goals"] == "Tiimi, joka viihtyy\nVähemmän rekrytointia"
    assert cell["channel_ids"] == "web, email"
    assert cell["motives"] == "aika: 0.8\nriski: 0.5"


# -- formula injection ----------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "=1;2"]


def _hostile() -> pj.Workspace:
    return pj.Workspace(
        personas=[pj.Persona(id="p", name=HOSTILE[0], goals=HOSTILE[1:])],
    )


def test_csv_cells_that_look_like_formulas_are_written_as_text_and_read_back(
    tmp_path: Path,
) -> None:
    write_tables(_hostile(), tmp_path)
    with (tmp_path / "personas.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert cell["name"].startswith("'=")
    assert cell["goals"].startswith("'+")
    back = _back(tmp_path)
    assert back.personas[0].name == HOSTILE[0]
    assert back.personas[0].goals == [h.strip() for h in HOSTILE[1:]]


def test_xlsx_cells_are_stored_as_text_never_as_formulas(tmp_path: Path) -> None:
    write_tables(_hostile(), tmp_path / "ws.xlsx")
    book = load_workbook(tmp_path / "ws.xlsx")
    sheet = book["personas"]
    name = next(c for c in sheet[1] if c.value == "name").column
    cell = sheet.cell(row=2, column=name)
    assert cell.value == HOSTILE[0]
    assert cell.data_type == "s"
    with zipfile.ZipFile(tmp_path / "ws.xlsx") as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"<f>" not in xml
    assert b"<dc:creator>" not in xml  # no author
    assert _back(tmp_path / "ws.xlsx").personas[0].name == HOSTILE[0]


# -- what a spreadsheet from a real team looks like ------------------------------------------------


def test_a_semicolon_csv_with_decimal_commas_and_a_byte_order_mark_reads(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_bytes(
        "\ufeffcommittee.id;committee.name;id;name;roles;influence\n"
        "ostoryhma;Ostoryhmä;paattaja;Päättäjä;decision_maker;0,8\n".encode()
    )
    result = workspace_from_tables(read_tables(tmp_path)[0])
    member = result.workspace.committees[0].members[0]
    assert (result.workspace.committees[0].name, member.name, member.influence) == (
        "Ostoryhmä",
        "Päättäjä",
        0.8,
    )


def test_a_bad_row_is_left_out_with_its_row_and_column_and_the_rest_is_imported(
    tmp_path: Path,
) -> None:
    (tmp_path / "personas.csv").write_text(
        "id,name,Favourite colour,roles\n"
        "hanna,HR-Hanna,blue,decision_maker\n"
        "bad id,Bad,red,\n"
        "ok,Ok,,wizard\n"
        "pia,Pia,,\n",
        encoding="utf-8",
    )
    result = workspace_from_tables(read_tables(tmp_path)[0])
    assert [p.id for p in result.workspace.personas] == ["hanna", "pia"]
    assert result.ignored_columns == {"personas": ["Favourite colour"]}
    where = {(p.line, p.column) for p in result.skipped}
    assert where == {(3, 1), (4, 4)}
    assert all(p.file and p.file.endswith("personas.csv") for p in result.skipped)
    assert any("roles" in p.message for p in result.skipped)


def test_rows_that_do_not_fit_together_are_refused_at_their_row(tmp_path: Path) -> None:
    (tmp_path / "touchpoints.csv").write_text(
        "id,name,stage_id,persona_ids\nad,Ad,loyalty,nobody\n", encoding="utf-8"
    )
    with pytest.raises(pj.ModelError) as caught:
        workspace_from_tables(read_tables(tmp_path)[0])
    problem = caught.value.problems[0]
    assert problem.file is not None
    assert problem.file.endswith("touchpoints.csv")
    assert (problem.line, problem.column) == (2, 4)
    assert "nobody" in problem.message


def test_a_formula_in_a_workbook_is_a_row_left_out_not_a_value(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "personas"
    sheet.append(["id", "name"])
    sheet.append(["p", '=CONCAT("a","b")'])
    sheet.append(["q", "Quinn"])
    book.save(tmp_path / "w.xlsx")
    result = workspace_from_tables(read_tables(tmp_path / "w.xlsx")[0])
    assert [p.id for p in result.workspace.personas] == ["q"]
    assert result.skipped[0].line == 2
    assert "formula" in result.skipped[0].message


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    (tmp_path / "bomb.xlsx").write_bytes(buffer.getvalue())
    with pytest.raises(pj.InputLimitError, match="unpacks to"):
        read_tables(tmp_path / "bomb.xlsx")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", "a,b\n1,2\n", "which table"),
        ("broken.xlsx", "not a zip", "not an XLSX workbook"),
    ],
)
def test_files_that_are_not_tables_get_a_clear_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(pj.ModelError, match=message):
        read_tables(tmp_path / name)


# -- HubSpot and Salesforce -----------------------------------------------------------------------

HUBSPOT = """\
Record ID,First Name,Last Name,Email,Phone Number,Job Title,Buying Role,Associated Deal,Associated Deal IDs,Lifecycle Stage
101,Anna,Virtanen,anna@example.fi,+358 40 123,CFO,Decision maker;Budget Holder,Vahti for Konepaja,9001,opportunity
102,Pekka,Mäkinen,pekka@example.fi,,IT manager,INFLUENCER,Vahti for Konepaja,9001,lead
103,Liisa,Korhonen,liisa@example.fi,,,Wizard,Vahti for Konepaja,9001,lead
104,,,nobody@example.fi,,,Champion,Vahti for Konepaja,9001,lead
105,Olli,Nieminen,olli@example.fi,,Procurement,Budget Holder,Vahti for Konepaja;Pilot 2027,9001;9002,customer
106,Ville,Vailla,ville@example.fi,,,Champion,,,lead
"""  # noqa: E501

SALESFORCE = """\
Opportunity ID,Opportunity Name,Contact ID,First Name,Last Name,Title,Role,Primary
0061,Vahti Oy renewal,0031,Anna,Virtanen,CFO,Economic Decision Maker,1
0061,Vahti Oy renewal,0032,Pekka,Mäkinen,IT manager,Technical Buyer,0
0061,Vahti Oy renewal,0032,Pekka,Mäkinen,IT manager,Evaluator,0
0062,Konepaja pilot,0031,Anna,Virtanen,CFO,Business User,0
"""


def test_hubspot_contacts_become_committees_of_real_contacts_one_per_deal(tmp_path: Path) -> None:
    (tmp_path / "contacts.csv").write_text(HUBSPOT, encoding="utf-8")
    result = read_crm(tmp_path / "contacts.csv", "hubspot")
    deals = {c.id: c for c in result.committees}
    assert set(deals) == {"vahti-for-konepaja", "pilot-2027"}
    vahti = deals["vahti-for-konepaja"]
    assert [(m.id, m.crm_id, [r.value for r in m.roles]) for m in vahti.members] == [
        ("anna-virtanen", "101", ["decision_maker", "economic_buyer"]),
        ("pekka-makinen", "102", ["influencer"]),
        ("olli-nieminen", "105", ["economic_buyer"]),
    ]
    assert all(m.kind.value == "contact" for m in vahti.members)
    assert [m.id for m in deals["pilot-2027"].members] == ["olli-nieminen-2"]
    assert {p.line for p in result.skipped} == {4, 5, 7}  # unknown role, no name, no deal
    assert result.personal_columns == ["Email", "Phone Number"]
    assert result.ignored_columns == ["Lifecycle Stage"]
    dumped = pj.dumps(result.workspace)
    assert "example.fi" not in dumped
    assert "+358" not in dumped


def test_salesforce_contact_roles_merge_per_contact_and_opportunity(tmp_path: Path) -> None:
    (tmp_path / "roles.csv").write_text(SALESFORCE, encoding="utf-8")
    result = read_crm(tmp_path / "roles.csv", "salesforce")
    renewal, pilot = result.committees
    assert (renewal.id, renewal.name) == ("vahti-oy-renewal", "Vahti Oy renewal")
    assert [(m.name, [r.value for r in m.roles]) for m in renewal.members] == [
        ("Anna Virtanen", ["decision_maker", "economic_buyer"]),
        ("Pekka Mäkinen", ["technical_buyer", "evaluator"]),
    ]
    assert [(m.id, m.crm_id) for m in pilot.members] == [("anna-virtanen-2", "0031")]
    assert result.skipped == []


def test_committees_joining_a_workspace_keep_their_ids_unique_and_are_checked(
    tmp_path: Path,
) -> None:
    base = pj.loads(
        "committees: [{id: vahti-oy-renewal, name: Old, members: [{id: anna-virtanen, name: A}]}]"
    )
    (tmp_path / "roles.csv").write_text(SALESFORCE, encoding="utf-8")
    result = read_crm(tmp_path / "roles.csv", "salesforce", base=base)
    assert [c.id for c in result.workspace.committees] == [
        "vahti-oy-renewal", "vahti-oy-renewal-2", "konepaja-pilot",
    ]  # fmt: skip
    assert result.committees[0].members[0].id == "anna-virtanen-2"


def test_an_export_without_the_needed_columns_says_which_and_how_to_map_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "c.csv").write_text("Record ID,Nimi,Kauppa\n1,Anna,Vahti\n", encoding="utf-8")
    with pytest.raises(pj.ModelError) as caught:
        read_crm(tmp_path / "c.csv", "hubspot")
    problem = caught.value.problems[0]
    assert "name, committee.id" in problem.message
    assert problem.hint is not None
    assert "--column" in problem.hint
    mapped = read_crm(
        tmp_path / "c.csv", "hubspot", columns={"Nimi": "name", "Kauppa": "committee.name"}
    )
    assert [m.name for m in mapped.committees[0].members] == ["Anna"]


# -- the command line ------------------------------------------------------------------------------


def test_import_hubspot_previews_without_writing_then_writes_a_file_that_loads(
    tmp_path: Path,
) -> None:
    (tmp_path / "contacts.csv").write_text(HUBSPOT, encoding="utf-8")
    out = tmp_path / "crm.yaml"
    code, stdout, stderr = run("import", "hubspot", str(tmp_path / "contacts.csv"), "--preview")
    assert code == 0
    assert "anna-virtanen" in stdout
    assert "contacts.csv:4" in stderr
    assert not out.exists()
    code, _, _ = run("import", "hubspot", str(tmp_path / "contacts.csv"), "-o", str(out))
    assert code == 0
    assert [c.id for c in pj.load(out).committees] == ["vahti-for-konepaja", "pilot-2027"]


def test_export_then_import_sheet_on_the_command_line(tmp_path: Path) -> None:
    example = ROOT / "examples" / "b2b-software"
    code, _, _ = run("export", "sheet", str(example), "-o", str(tmp_path / "ws.xlsx"))
    assert code == 0
    code, _, _ = run("import", "sheet", str(tmp_path / "ws.xlsx"), "-o", str(tmp_path / "back"))
    assert code == 0
    assert pj.load(tmp_path / "back") == pj.load(example)


def test_a_bad_table_file_is_one_clear_error_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "w.xlsx").write_text("not a workbook", encoding="utf-8")
    code, _, stderr = run("import", "sheet", str(tmp_path / "w.xlsx"), "-o", str(tmp_path / "o"))
    assert code == 2
    assert "not an XLSX workbook" in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("source", "name", "committees", "members"),
    [
        ("hubspot", "hubspot-contacts.csv", 2, 6),
        ("salesforce", "salesforce-contact-roles.csv", 1, 3),
    ],
)
def test_the_bundled_crm_exports_import_whole(
    source: Literal["hubspot", "salesforce"], name: str, committees: int, members: int
) -> None:
    result = read_crm(ROOT / "examples" / "b2b-software" / "crm" / name, source)
    assert result.skipped == []
    assert len(result.committees) == committees
    assert sum(len(c.members) for c in result.committees) == members
    assert "example.com" not in pj.dumps(result.workspace)
