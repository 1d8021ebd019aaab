"""The table of artefact kinds: every fact about a kind in one row, read by the render API,
the wall pack, the notebook display and the command line."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import personajourney as pj
from personajourney.cli import core as cli
from personajourney.models.labels import LOCALES
from personajourney.render import api, artefacts, pack
from personajourney.render.artefacts import ARTEFACTS, KINDS, SELECTORS, Selection, kind
from personajourney.render.paper import PAPER_SIZES, page

SRC = Path(pj.__file__).parent


def test_the_kinds_and_their_facts_are_as_before() -> None:
    assert KINDS == api.KINDS == ("card", "committee", "journey", "poster", "heatmap", "report")
    assert api.FORMATS == {
        "card": ("html", "svg", "pdf", "png"),
        "committee": ("svg", "png", "pdf", "html", "dot"),
        "journey": ("svg", "png", "pdf", "html", "dot"),
        "poster": ("html", "svg", "pdf", "png"),
        "heatmap": ("html", "svg", "pdf", "png"),
        "report": ("html", "svg", "pdf", "png"),
    }
    assert api.DEFAULT_PAPER == {
        "card": ("A4", "portrait"),
        "committee": ("A3", "landscape"),
        "journey": ("A2", "landscape"),
        "poster": ("A2", "landscape"),
        "heatmap": ("A3", "landscape"),
        "report": ("A4", "portrait"),
    }
    assert pack.WALL_FORMATS == ("html", "pdf", "png")
    assert pack.INDEX_KIND == {
        "card": "card",
        "wall": "wall",
        "committee": "diagram",
        "journey": "diagram",
        "poster": "poster",
        "heatmap": "heatmap",
        "report": "report",
    }


@pytest.mark.parametrize("row", ARTEFACTS, ids=lambda row: row.name)
def test_every_row_is_well_formed(row: artefacts.ArtefactKind) -> None:
    assert kind(row.name) is row
    assert set(row.formats) <= set(pack.PACK_FORMATS)
    assert page(*row.paper).name == row.paper[0]
    assert row.selectors <= set(SELECTORS)
    assert ("dot" in row.formats) == (row.source == "dot")
    assert row.heading


def test_an_unknown_kind_names_the_kinds() -> None:
    with pytest.raises(ValueError, match="unknown kind 'flyer'; use one of card, committee"):
        kind("flyer")
    with pytest.raises(ValueError, match="unknown kind 'wall'"):  # the pack's, not render's
        api.render("wall", pj.Workspace(), format="html")


def test_selections_and_whom_they_apply_to() -> None:
    assert artefacts.kinds_with("target") == ("card", "committee")
    assert artefacts.kinds_with("stage_id") == ("committee",)
    assert artefacts.kinds_with("persona_id") == ("journey", "poster")
    assert artefacts.kinds_with("member_id") == ("journey",)
    assert Selection(target="a", member_id="b").given() == {"target": "a", "member_id": "b"}
    with pytest.raises(ValueError, match="stage_id does not apply to a card"):
        kind("card").refuse(Selection(stage_id="s"))


def test_the_wall_sheet_has_its_page_from_the_table() -> None:
    assert api.Options().page_for("wall") == page("A1", "landscape")
    assert api.Options(orientation="portrait").page_for("wall") == page("A1", "portrait")
    assert api.Options(paper="A0").page_for("wall") == page("A0", "landscape")


def test_the_command_line_offers_the_librarys_choices() -> None:
    assert [k.value for k in cli.Kind] == list(KINDS)
    assert [p.value for p in cli.Paper] == list(PAPER_SIZES)
    assert [o.value for o in cli.Orientation] == ["portrait", "landscape"]
    assert [lv.value for lv in cli.Level] == [s.value for s in pj.Severity]
    assert [loc.value for loc in cli.LocaleOption] == list(LOCALES)
    assert set(cli._SELECTIONS.values()) == set(SELECTORS)


def test_the_table_loads_no_renderer() -> None:
    code = (
        "import json, sys\n"
        "import personajourney.render.artefacts, personajourney.cli\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert not loaded & {"jinja2", "pygraphviz", "weasyprint", "markupsafe"}


# -- the module borders these files keep ----------------------------------------------------------

OWNED = [
    SRC / "cli" / "core.py",
    SRC / "cli" / "live.py",
    SRC / "cli" / "tables.py",
    SRC / "render" / "api.py",
    SRC / "render" / "pack.py",
    SRC / "render" / "notebook.py",
    SRC / "render" / "artefacts.py",
    SRC / "render" / "standalone.py",
]


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_no_private_names_are_taken_from_other_modules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    taken = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]
    assert taken == []


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_no_import_by_string_and_no_long_functions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert 'import_module("personajourney' not in text
    tree = ast.parse(text)
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
        if node.end_lineno - node.lineno + 1 > 100
    ]
    assert long == []


def test_a_new_kind_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pack plans whatever the table holds, with the row's formats, title and stem."""
    extra = artefacts.ArtefactKind(
        name="flyer",
        formats=("html", "pdf"),
        paper=("A4", "portrait"),
        selectors=frozenset(),
        source="template",
        make=lambda req: artefacts.Sources(html="<html></html>"),
        title=lambda ws, sel: "Flyer",
        heading="poster",
        instances=lambda ws: iter([("flyer", Selection())]),
    )
    monkeypatch.setattr(artefacts, "ARTEFACTS", (*ARTEFACTS, extra))
    monkeypatch.setitem(artefacts._BY_NAME, "flyer", extra)
    monkeypatch.setattr(pack, "ARTEFACTS", artefacts.ARTEFACTS)
    items = pack.plan(pj.Workspace(), formats=["html", "svg"])
    assert items[-1] == pack.Artefact("flyer", "Flyer", "flyer", ("html",))
