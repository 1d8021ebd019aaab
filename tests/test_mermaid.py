"""Mermaid export and import (``personajourney.io.mermaid``).

The corpus lives in ``tests/corpus/mermaid/``:

* ``valid/*.mmd``: journey diagrams covering every syntax feature the import reads, each with
  the workspace it must give, as YAML, in ``valid/*.yaml``;
* ``invalid/*.mmd``: diagrams the import must refuse; each holds one or more lines
  ``%% expect: LINE:COLUMN: message substring``, one per problem, in order;
* ``export/*.yaml``: workspaces with the journey, flowchart and warnings they must give, in
  ``export/<name>.journey.mmd``, ``.flowchart.mmd`` and ``.warnings.txt``.

After a deliberate change of output, regenerate the golden files with
``PJ_UPDATE_GOLDEN=1 python -m pytest tests/test_mermaid.py`` and review the diff.
"""

from __future__ import annotations

import doctest
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import personajourney as pj
from personajourney.io import mermaid
from personajourney.io.mermaid import (
    MermaidExport,
    emotion_to_score,
    from_mermaid_journey,
    load_mermaid_journey,
    score_to_emotion,
    to_mermaid_journey,
)
from personajourney.testing import workspaces

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus" / "mermaid"
VALID = sorted((CORPUS / "valid").glob("*.mmd"))
INVALID = sorted((CORPUS / "invalid").glob("*.mmd"))
EXPORTS = sorted((CORPUS / "export").glob("*.yaml"))
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if p.is_dir())
STARTERS = sorted((ROOT / "src" / "personajourney" / "starter").glob("*.yaml"))
UPDATE = os.environ.get("PJ_UPDATE_GOLDEN") == "1"

# Entity codes as Mermaid sets them aside before it parses a diagram.
ENTITY = re.compile(r"#[A-Za-z0-9_]+;")


def golden(path: Path, actual: str) -> str:
    """The golden text at ``path`` (rewritten first when PJ_UPDATE_GOLDEN=1)."""
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
    return path.read_text(encoding="utf-8")


def journey_of(**fields: Any) -> pj.Workspace:
    """A workspace of one touchpoint (fields ``tp_*``) reaching one persona (``persona``)."""
    persona = fields.pop("persona", "Persona")
    tp: dict[str, Any] = {
        "id": "tp",
        "name": "Task",
        "stage_id": "problem-awareness",
        "persona_ids": ["p"],
    }
    tp.update({k[3:]: v for k, v in fields.items() if k.startswith("tp_")})
    rest = {k: v for k, v in fields.items() if not k.startswith("tp_")}
    return pj.Workspace.model_validate(
        {
            "personas": [{"id": "p", "name": persona}],
            "touchpoints": [tp],
            **rest,
        }
    )


def round_trip(ws: pj.Workspace) -> tuple[str, pj.Workspace, str]:
    first = to_mermaid_journey(ws).journey
    back = from_mermaid_journey(first)
    return first, back, to_mermaid_journey(back).journey


# -- the corpus: valid input ------------------------------------------------------------------


def test_the_corpus_has_valid_invalid_and_export_cases() -> None:
    assert len(VALID) >= 10
    assert len(INVALID) >= 10
    assert len(EXPORTS) >= 2


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_file_imports_as_its_golden_workspace(path: Path) -> None:
    ws = load_mermaid_journey(path)

    expected = golden(path.with_suffix(".yaml"), pj.dumps(ws))
    assert expected == pj.dumps(ws)
    assert pj.loads(expected) == ws


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_file_gives_a_workspace_that_validates_and_checks(path: Path) -> None:
    ws = from_mermaid_journey(path.read_text(encoding="utf-8"), name=path.name)

    assert pj.Workspace.model_validate(ws.model_dump()) == ws
    report = pj.run_checks(ws)
    assert report.counts["error"] == 0
    G = pj.build_graph(ws)
    assert all(node in G for f in report.findings for node in f.nodes)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_file_exports_back_to_a_stable_journey(path: Path) -> None:
    ws = load_mermaid_journey(path)

    first, _, second = round_trip(ws)

    assert first == second


def test_file_and_text_import_agree_and_crlf_and_bom_change_nothing() -> None:
    path = CORPUS / "valid" / "comments.mmd"
    text = path.read_text(encoding="utf-8")

    assert load_mermaid_journey(path) == from_mermaid_journey(text)
    assert from_mermaid_journey("\ufeff" + text.replace("\n", "\r\n")) == from_mermaid_journey(text)


# -- the corpus: invalid input ----------------------------------------------------------------


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = re.findall(r"^%% expect: (\d+):(\d+): (.+)$", path.read_text("utf-8"), re.M)
    return [(int(line), int(column), text) for line, column, text in found]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_is_refused_naming_line_column_and_problem(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no `%% expect:` line"

    with pytest.raises(pj.ModelError) as caught:
        load_mermaid_journey(path)

    problems = caught.value.problems
    assert [(line, column) for line, column, _ in expected] == [
        (p.line, p.column) for p in problems
    ]
    for (_, _, text), problem in zip(expected, problems, strict=True):
        assert text in problem.message
        assert problem.file == str(path)


def test_errors_are_model_errors_and_value_errors_with_the_given_name() -> None:
    with pytest.raises(ValueError, match=r"diagram\.mmd:4:15: invalid score `7`") as caught:
        from_mermaid_journey("journey\n  section A\n\n    Make tea: 7: Me\n", name="diagram.mmd")

    assert isinstance(caught.value, pj.ModelError)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("diagram.mmd", 4, 15)
    assert problem.hint is not None
    assert "1 (very bad) to 5 (very good)" in problem.hint


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Task: 7: Me", "invalid score `7`"),
        ("Task: x: Me", "invalid score `x`"),
        ("Task: -1: Me", "invalid score `-1`"),
        ("Task: +5: Me", "invalid score `+5`"),
        ("Task: ５: Me", "invalid score `５`"),  # a full-width digit is not a score
        ("Task: 5 5: Me", "invalid score `5 5`"),
        ("Task:", "a task needs a score"),
        ("Task: : Me", "a task needs a score"),
        (": 3: Me", "a task needs a name"),
        ("Task: 3: Me: You", "at most two `:`"),
        ("Task 3 Me", "unknown directive `Task`"),
    ],
)
def test_bad_task_lines_are_refused(line: str, message: str) -> None:
    with pytest.raises(pj.ModelError) as caught:
        from_mermaid_journey(f"journey\nsection S\n{line}\n")

    assert message in caught.value.problems[0].message
    assert caught.value.problems[0].line == 3


def test_a_misspelt_directive_gets_a_suggestion() -> None:
    with pytest.raises(pj.ModelError) as caught:
        from_mermaid_journey("journey\n  sectoin Go\n")

    assert caught.value.problems[0].hint == "did you mean `section`?"


def test_text_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(pj.InputLimitError):
        from_mermaid_journey("journey\n" + "x" * 100, limits=pj.Limits(max_bytes=100))


def test_a_name_too_long_for_the_model_is_reported_at_its_line() -> None:
    text = f"journey\n  section Only\n    Ok: 3\n    {'x' * 501}: 3: Me\n"

    with pytest.raises(pj.ModelError) as caught:
        from_mermaid_journey(text, name="long.mmd")

    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.path) == ("long.mmd", 4, "touchpoints[1].name")
    assert "500 characters" in problem.message


def test_a_missing_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(pj.ModelError, match="no such file"):
        load_mermaid_journey(tmp_path / "missing.mmd")


def test_a_fifo_or_folder_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "journey.mmd")  # opened without blocking, refused at once
    (tmp_path / "folder.mmd").mkdir()
    with pytest.raises(pj.ModelError, match=r"Mermaid file is not a regular file \(a FIFO\)"):
        load_mermaid_journey(tmp_path / "journey.mmd")
    with pytest.raises(pj.ModelError, match=r"Mermaid file is not a regular file \(a folder\)"):
        load_mermaid_journey(tmp_path / "folder.mmd")


# -- import details ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "stage_id", "name"),
    [
        ("Purchase decision", "purchase-decision", None),
        ("purchase DECISION", "purchase-decision", "purchase DECISION"),
        ("Purchase   decision", "purchase-decision", "Purchase   decision"),
        ("Ostopäätös", "purchase-decision", "Ostopäätös"),  # a Finnish label in an English file
        ("purchase-decision", "purchase-decision", "purchase-decision"),
        ("Onboarding", "onboarding", "Onboarding"),  # the id, not the label "Onboarding and use"
        ("Advocacy", "advocacy", None),
        ("Kick-off", "kick-off", "Kick-off"),
        ("Öljyn hinta", "oljyn-hinta", "Öljyn hinta"),
        ("人", "stage", "人"),
    ],
)
def test_a_section_named_like_a_built_in_stage_becomes_that_stage(
    title: str, stage_id: str, name: str | None
) -> None:
    ws = from_mermaid_journey(f"journey\nsection Problem awareness\nsection {title}\n")

    assert ws.locale == "en"
    assert (stage_id, name) == (ws.stages[1].id, ws.stages[1].name)


def test_built_in_stages_get_their_usual_owner_and_others_none() -> None:
    ws = from_mermaid_journey("journey\nsection Loyalty\nsection Pilot\n")

    assert [(s.id, s.owner_id) for s in ws.stages] == [
        ("loyalty", "customer-service"),
        ("pilot", None),
    ]


@pytest.mark.parametrize(
    ("sections", "decision"),
    [
        (["Search", "Purchase decision", "Use"], "purchase-decision"),
        (["Decide", "Purchase decision"], "purchase-decision"),  # the built-in stage wins
        (["Search", "Buy", "Use"], "buy"),
        (["Search", "The purchase", "After the purchase"], "the-purchase"),
        (["Search", "After the purchase"], None),
        (["Haku", "Päätöksenteko", "Oston jälkeen"], "paatoksenteko"),
        (["Haku", "Ostaminen", "Käyttö"], "ostaminen"),
        (["Choose", "Order"], None),
        (["Buyer research"], None),
    ],
)
def test_the_stage_that_looks_like_the_purchase_decision_is_marked(
    sections: list[str], decision: str | None
) -> None:
    text = "journey\n" + "".join(f"section {s}\n" for s in sections)

    ws = from_mermaid_journey(text)

    assert decision == (ws.decision_stage.id if ws.decision_stage else None)


def test_finnish_sections_and_actors_keep_their_letters_and_set_the_locale() -> None:
    ws = load_mermaid_journey(CORPUS / "valid" / "finnish.mmd")

    assert ws.locale == "fi"
    assert [s.id for s in ws.stages][:4] == [
        "problem-awareness",
        "information-search",
        "purchase-decision",
        "onboarding",
    ]
    assert ws.stages[4].name == "Jälkihoito ja ylläpito"
    assert ws.decision_stage is not None
    assert ws.decision_stage.id == "purchase-decision"
    assert {p.id: p.name for p in ws.personas}["joro-jaaskelainen"] == "Jörö Jääskeläinen"
    assert all(p.id.isascii() for p in ws.personas)
    journey = to_mermaid_journey(ws).journey
    assert "  section Ostopäätös\n" in journey
    assert "Päivi Pääkäyttäjä" in journey


def test_the_locale_can_be_given() -> None:
    ws = from_mermaid_journey("journey\nsection Ostopäätös\nTarjous: 3\n", locale="en")

    assert (ws.locale, ws.stages[0].name) == ("en", "Ostopäätös")
    assert "  section Ostopäätös\n" in to_mermaid_journey(ws).journey


def test_tasks_become_touchpoints_linked_in_document_order_with_the_first_as_entry() -> None:
    ws = load_mermaid_journey(CORPUS / "valid" / "basic.mmd")

    assert [t.entry for t in ws.touchpoints] == [True, False, False, False, False]
    assert [t.emotion for t in ws.touchpoints] == [1, 0, -1, -2, 1]
    ids = [t.id for t in ws.touchpoints]
    assert [(t.from_id, t.to_id) for t in ws.transitions] == list(itertools.pairwise(ids))
    assert [p.name for p in ws.personas] == ["Office manager", "Intern"]


def test_line_breaks_in_names_become_newlines() -> None:
    ws = load_mermaid_journey(CORPUS / "valid" / "line-breaks.mmd")

    assert ws.name == "Line\nbreaks"
    assert ws.personas[0].name == "Name\nSurname"
    assert [t.name for t in ws.touchpoints] == ["One\ntwo", "Three\nfour\nfive"]


def test_acc_title_names_the_workspace_only_when_there_is_no_title() -> None:
    alone = load_mermaid_journey(CORPUS / "valid" / "accessibility.mmd")
    both = load_mermaid_journey(CORPUS / "valid" / "acc-block.mmd")

    assert alone.name == "Renewal journey of a facilities manager"
    assert both.name == "Conference lead journey"
    assert both.description == (
        "A visitor meets us at the stand,\ngets a follow-up call,\n\nand books a demo."
    )


# -- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_export_matches_its_golden_files(path: Path) -> None:
    result = to_mermaid_journey(pj.load(path))

    base = path.with_suffix("")
    assert golden(Path(f"{base}.journey.mmd"), result.journey) == result.journey
    assert golden(Path(f"{base}.flowchart.mmd"), result.flowchart) == result.flowchart
    warnings = "".join(w + "\n" for w in result.warnings)
    assert golden(Path(f"{base}.warnings.txt"), warnings) == warnings


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_export_is_deterministic(path: Path) -> None:
    assert to_mermaid_journey(pj.load(path)) == to_mermaid_journey(pj.load(path))


def test_score_is_emotion_plus_three() -> None:
    assert [emotion_to_score(e) for e in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]
    assert [score_to_emotion(s) for s in (1, 2, 3, 4, 5)] == [-2, -1, 0, 1, 2]
    assert emotion_to_score(None) == 3


@pytest.mark.parametrize("emotion", [-2, -1, 0, 1, 2])
def test_each_emotion_is_written_as_its_score_and_read_back(emotion: int) -> None:
    ws = journey_of(tp_emotion=emotion)

    result = to_mermaid_journey(ws)

    assert f"    Task: {emotion + 3}: Persona\n" in result.journey
    assert from_mermaid_journey(result.journey).touchpoints[0].emotion == emotion
    assert not any("no emotion" in w for w in result.warnings)


def test_a_touchpoint_without_emotion_gets_score_3_and_a_warning() -> None:
    result = to_mermaid_journey(journey_of())

    assert "    Task: 3: Persona\n" in result.journey
    assert "touchpoint `tp` has no emotion; shown with score 3 (neutral)" in result.warnings


def test_actors_are_persona_names_then_member_names_each_once() -> None:
    ws = pj.Workspace.model_validate(
        {
            "personas": [{"id": "a", "name": "Anna"}, {"id": "b", "name": "Bea"}],
            "committees": [
                {
                    "id": "c",
                    "name": "Committee",
                    "members": [{"id": "m", "name": "Mia"}, {"id": "n", "name": "Anna"}],
                }
            ],
            "touchpoints": [
                {
                    "id": "t",
                    "name": "Meeting",
                    "stage_id": "purchase-decision",
                    "persona_ids": ["b", "a"],
                    "member_ids": ["n", "m"],
                    "emotion": 1,
                },
                {"id": "u", "name": "Alone", "stage_id": "purchase-decision"},
            ],
        }
    )

    result = to_mermaid_journey(ws)

    assert "    Meeting: 4: Bea, Anna, Mia\n    Alone: 3\n" in result.journey
    assert any("share the name 'Anna'" in w for w in result.warnings)


def test_only_stages_with_touchpoints_become_sections_in_stage_order() -> None:
    ws = pj.Workspace.model_validate(
        {
            "touchpoints": [
                {"id": "b", "name": "B", "stage_id": "loyalty", "emotion": 0},
                {"id": "a", "name": "A", "stage_id": "problem-awareness", "emotion": 0},
            ]
        }
    )

    result = to_mermaid_journey(ws)

    assert result.journey == (
        "journey\n  title Untitled workspace\n"
        "  section Problem awareness\n    A: 3\n  section Loyalty\n    B: 3\n"
    )
    assert any(w.startswith("5 stages without touchpoints left out") for w in result.warnings)


def test_warnings_count_what_mermaid_cannot_hold() -> None:
    result = to_mermaid_journey(pj.load(CORPUS / "export" / "hostile.yaml"))

    assert "touchpoint channels: 1 dropped (Mermaid has no place for them)" in result.warnings
    assert "pain points: 2 dropped (Mermaid has no place for them)" in result.warnings
    assert "buying committees: 1 dropped (Mermaid has no place for them)" in result.warnings
    assert "segments: 1 dropped (Mermaid has no place for them)" in result.warnings
    assert "KPIs: 1 dropped (Mermaid has no place for them)" in result.warnings


def test_a_linear_journey_has_no_flow_warning_and_a_branching_one_has() -> None:
    linear = load_mermaid_journey(CORPUS / "valid" / "basic.mmd")
    branching = linear.model_copy(
        update={
            "transitions": [
                *linear.transitions,
                pj.Transition(from_id="ask-who-is-vegetarian", to_id="open-the-menu-app"),
            ]
        }
    )

    assert not any("cannot show the flow" in w for w in to_mermaid_journey(linear).warnings)
    assert any("cannot show the flow" in w for w in to_mermaid_journey(branching).warnings)


def test_flowchart_has_a_subgraph_per_stage_a_node_per_touchpoint_and_an_edge_per_transition() -> (
    None
):
    ws = pj.load(CORPUS / "export" / "hostile.yaml")

    flowchart = to_mermaid_journey(ws).flowchart

    lines = flowchart.splitlines()
    assert lines[3] == "flowchart LR"
    assert sum(line.startswith("    subgraph ") for line in lines) == 2
    assert sum(line == "    end" for line in lines) == 2
    nodes = [line for line in lines if re.match(r"^        n\d+\W", line)]
    assert len(nodes) == len(ws.touchpoints)
    edges = [line for line in lines if re.match(r"^    n\d+ ", line)]
    assert len(edges) == len(ws.transitions)
    assert '        n1(["Title page of the brochure"])' in lines  # an entry point: a stadium
    assert "    n3 ==> n4" in lines  # a hand-off: a thick arrow


def test_persona_filter_keeps_touchpoints_reaching_the_persona_directly_or_through_members() -> (
    None
):
    ws = pj.load(CORPUS / "export" / "hostile.yaml")

    result = to_mermaid_journey(ws, persona_id="comma")

    title = result.journey.splitlines()[1]
    assert title == "  title Journey: #35;1#59; 50#37;#37; #60;br> done — Smith, Jane"
    lines = result.journey.splitlines()
    first_section = next(k for k, line in enumerate(lines) if line.startswith("  section "))
    tasks = [line for line in lines[first_section:] if line.startswith("    ")]
    assert [t.split(":")[0] for t in tasks] == [
        "    #84;itle page of the brochure",
        "    #37;#37;{init}#37;#37; 100#37; sure#59; C#35; & F#35;",
        "    #32;#32;padded#32;#32;",
    ]


def test_an_unknown_persona_filter_is_a_model_error_with_a_suggestion() -> None:
    ws = pj.load(CORPUS / "export" / "hostile.yaml")

    with pytest.raises(pj.ModelError) as caught:
        to_mermaid_journey(ws, persona_id="comms")

    assert caught.value.problems[0].hint == "did you mean `comma`?"


def test_markdown_fences_both_diagrams() -> None:
    result = to_mermaid_journey(journey_of(tp_emotion=0))

    assert result.markdown() == (
        f"```mermaid\n{result.journey}```\n\n```mermaid\n{result.flowchart}```\n"
    )
    assert result._repr_markdown_() == result.markdown()


def test_export_result_is_a_frozen_value() -> None:
    result = to_mermaid_journey(journey_of())

    assert isinstance(result, MermaidExport)
    with pytest.raises(AttributeError):
        result.journey = ""  # type: ignore[misc]


# -- escaping ---------------------------------------------------------------------------------

HOSTILE = [
    "Key: value",
    "a:b:c",
    "C# and F#; fun",
    "#58; literal code",
    "#quot; named code",
    "tail #",
    "; leading semicolon",
    "50%% off",
    "%%{init: {}}%%",
    "%leading percent",
    "100%",
    "line one\nline two",
    "line one\r\nline two",
    "Use <br> tag",
    "<BR/> upper",
    "<b>bold</b> & <script>alert(1)</script>",
    "  padded  ",
    "\ttab\t",
    "\u00a0no-break space\u2028",
    "Title page",
    "title\tpage",
    "section two",
    "Journey review",
    "journeyman",
    "accTitle x",
    "accDescr {",
    "accDescr{",
    "Smith, Jane",
    "{ braces }",
    '"double" and `back` and |pipe|',
    "--> arrow ==>",
    "end",
    "style:#35;",
    "classDef x:#fff;",
    "emoji 🚀",
    "Ärger über Lieferzeiten",
    "Hankintapäällikkö Kääriäinen",
    "x\x00y\x1bz\x7f",
]


def cleaned(text: str) -> str:
    """What survives the export: control characters dropped, CRLF as one line break."""
    text = text.replace("\r\n", "\n")
    return "".join(c for c in text if c in "\t\n" or not (c < " " or "\x7f" <= c <= "\x9f"))


def plain_lines(text: str) -> list[str]:
    """The lines of Mermaid text with entity codes blanked out, as Mermaid's lexer sees them."""
    return ENTITY.sub("E", text).split("\n")


@pytest.mark.parametrize("name", HOSTILE, ids=[repr(n)[1:-1][:30] for n in HOSTILE])
def test_a_hostile_name_reads_back_exactly_wherever_it_is(name: str) -> None:
    ws = pj.Workspace.model_validate(
        {
            "name": name,
            "description": name,
            "stages": [{"id": "s", "name": name}],
            "personas": [{"id": "p", "name": name}],
            "touchpoints": [
                {"id": "t", "name": name, "stage_id": "s", "persona_ids": ["p"], "emotion": 1}
            ],
        }
    )

    first, back, second = round_trip(ws)

    assert first == second
    expected = cleaned(name)
    assert (expected, expected, expected, expected) == (
        back.name,
        back.stages[0].name,
        back.touchpoints[0].name,
        back.personas[0].name,
    )
    assert back.description == expected.strip("\n") or not expected.strip()


@pytest.mark.parametrize("name", HOSTILE, ids=[repr(n)[1:-1][:30] for n in HOSTILE])
def test_a_hostile_name_cannot_break_the_journey_syntax(name: str) -> None:
    journey = to_mermaid_journey(
        journey_of(tp_name=name, persona=name, name=name, tp_emotion=2)
    ).journey

    lines = plain_lines(journey)
    assert len(lines) == 5
    assert lines[-1] == ""
    assert lines[0] == "journey"
    assert lines[1].startswith("  title ")
    assert lines[2] == "  section Problem awareness"
    task = lines[3]
    # Mermaid's lexer: a task name has no `#`, `:`, `;` or line break; the data after the
    # first `:` has no `#` or `;`; `%` at the start of a statement and `%%` are comments.
    assert re.fullmatch(r"    [^#:;%\s][^#:;]*: 5: [^#:;,]+", task), task
    assert "%%" not in journey
    assert "<" not in ENTITY.sub("", journey).replace("<br>", "")
    assert not re.match(r"(?i)(journey|title\s|section\s|accTitle\s*:|accDescr\s*[:{])", task[4:])


@pytest.mark.parametrize("name", HOSTILE, ids=[repr(n)[1:-1][:30] for n in HOSTILE])
def test_a_hostile_name_cannot_break_the_flowchart_syntax(name: str) -> None:
    ws = journey_of(tp_name=name, tp_entry=True)
    ws = ws.model_copy(
        update={
            "touchpoints": [
                *ws.touchpoints,
                pj.Touchpoint(id="u", name="Next", stage_id="problem-awareness"),
            ],
            "transitions": [pj.Transition(from_id="tp", to_id="u", label=name)],
        }
    )

    flowchart = to_mermaid_journey(ws).flowchart
    lines = plain_lines(flowchart.replace("<br>", "B"))  # a line break is fine in a label

    # Inside a quoted label: no quote, no `#` but entity codes, no HTML, no Markdown string.
    assert re.fullmatch(r'        n1\(\["[^"#;<>&`|\n]*"\]\)', lines[5]), lines[5]
    assert re.fullmatch(r'    n1 -->\|"[^"#;<>&`|\n]*"\| n2', lines[8]) or (
        lines[8] == "    n1 --> n2" and not cleaned(name).strip()
    ), lines[8]
    assert "%%" not in flowchart
    # Mermaid rewrites lines that look like a style with a colour before it parses them.
    assert not any(re.search(r"(style|classDef).*:\S*#.*;", line) for line in flowchart.split("\n"))


def test_keywords_at_the_start_of_a_task_name_are_disarmed() -> None:
    journey = to_mermaid_journey(journey_of(tp_name="Title page", tp_emotion=0)).journey

    assert "    #84;itle page: 3: Persona\n" in journey


def test_an_empty_task_name_is_replaced_by_the_id_with_a_warning() -> None:
    result = to_mermaid_journey(journey_of(tp_name="\x00"))

    assert "    tp: 3: Persona\n" in result.journey
    assert "touchpoint `tp` has no name; its id is shown" in result.warnings


def test_a_blank_workspace_name_becomes_untitled() -> None:
    assert "  title Untitled workspace\n" in to_mermaid_journey(pj.Workspace(name=" ")).journey


def test_a_multi_line_description_becomes_an_acc_descr_block() -> None:
    journey = to_mermaid_journey(pj.Workspace(description="One }\n\nTwo")).journey

    assert "  accDescr {\n    One #125;\n\n    Two\n  }\n" in journey
    assert from_mermaid_journey(journey).description == "One }\n\nTwo"


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXPORTS + STARTERS, ids=[p.stem for p in EXPORTS + STARTERS])
def test_export_import_export_is_stable_for_corpus_and_starter_workspaces(path: Path) -> None:
    first, back, second = round_trip(pj.load(path))

    assert first == second
    pj.run_checks(back)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_export_import_export_is_stable_for_bundled_examples(example: Path) -> None:
    ws = pj.load(example)

    first, back, second = round_trip(ws)

    assert first == second
    assert pj.run_checks(back).counts["error"] == 0
    assert [t.name for t in back.touchpoints] == [
        t.name for s in ws.stages for t in ws.touchpoints if t.stage_id == s.id
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ws=workspaces())
def test_export_import_export_is_stable_for_any_workspace(ws: pj.Workspace) -> None:
    first, back, second = round_trip(ws)

    assert first == second
    assert to_mermaid_journey(ws) == to_mermaid_journey(ws)
    pj.run_checks(back)


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(mermaid, optionflags=doctest.ELLIPSIS)

    assert tried > 0
    assert failures == 0


# -- Markdown: what `export mermaid --diagram markdown` writes comes back with its flow -----------


def _flow(ws: pj.Workspace) -> list[tuple[str, str, bool, str | None]]:
    name = {tp.id: tp.name for tp in ws.touchpoints}
    return sorted((name[t.from_id], name[t.to_id], t.handoff, t.label) for t in ws.transitions)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_markdown_export_imports_with_its_transitions_hand_offs_and_entry_points(
    example: Path, tmp_path: Path
) -> None:
    ws = pj.load(example)
    target = tmp_path / "journey.md"
    target.write_text(to_mermaid_journey(ws).markdown(), encoding="utf-8")
    back = mermaid.load_mermaid_journey(target)
    assert _flow(back) == _flow(ws)
    assert [t.name for t in back.touchpoints if t.entry] == [
        t.name for t in ws.touchpoints if t.entry
    ]
    assert [s.id for s in back.stages] == [s.id for s in ws.stages]


def test_a_markdown_file_with_only_a_journey_fence_reads_like_the_bare_diagram() -> None:
    bare = "journey\n  title Demo\n  section Loyalty\n    Newsletter: 4: Hanna\n"
    text = "# Our journey\n\nSome prose.\n\n```mermaid\n" + bare + "```\n"
    assert from_mermaid_journey(text) == from_mermaid_journey(bare)


def test_errors_in_a_fence_name_their_line_in_the_markdown_file() -> None:
    text = "# Title\n\n```mermaid\njourney\n  section Loyalty\n    Newsletter: 9: Hanna\n```\n"
    with pytest.raises(pj.ModelError) as caught:
        from_mermaid_journey(text, name="j.md")
    assert caught.value.problems[0].line == 6


@pytest.mark.parametrize(
    ("flowchart", "message", "line"),
    [
        ('flowchart LR\n    n1["Newsletter"]\n    n1 --> n9\n', "not declared", 10),
        (
            'flowchart LR\n    n1["Something else"]\n',
            "node `n1` is 'Something else', but the journey's task 1",
            9,
        ),
        ('flowchart LR\n    n1["Newsletter"]\n    click n1 "http://x"\n', "does not read", 10),
    ],
)
def test_a_flowchart_that_does_not_fit_its_journey_is_refused_at_its_line(
    flowchart: str, message: str, line: int
) -> None:
    text = (
        "```mermaid\njourney\n  section Loyalty\n    Newsletter: 4: Hanna\n```\n\n"
        "```mermaid\n" + flowchart + "```\n"
    )
    with pytest.raises(pj.ModelError, match=message) as caught:
        from_mermaid_journey(text, name="j.md")
    assert caught.value.problems[0].line == line


def test_markdown_without_a_journey_fence_is_a_clear_error() -> None:
    with pytest.raises(pj.ModelError, match="no ```mermaid fence holding a `journey`"):
        from_mermaid_journey("```mermaid\nflowchart LR\n  a --> b\n```\n", name="x.md")
