"""Loading and dumping workspace files: errors users see, safety limits, folders, round trips."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import personajourney as pj
from personajourney.io.files import JSON_POSITIONS_MAX_BYTES

CORPUS = Path(__file__).parent / "corpus"
MALFORMED = CORPUS / "malformed"
FOLDER = CORPUS / "folder"


def _cases() -> list[dict[str, Any]]:
    with (MALFORMED / "cases.yaml").open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(handle)
    return cases


CASES = _cases()


def _problem(exc: pj.ModelError) -> pj.Problem:
    """The one problem of ``exc``."""
    (problem,) = exc.problems
    return problem


def _refused(load: Any, *args: Any, **kwargs: Any) -> pj.ModelError:
    """The ModelError that ``load(*args, **kwargs)`` raises; fails if it returns a workspace."""
    workspace = None
    with pytest.raises(pj.ModelError) as info:
        workspace = load(*args, **kwargs)
    assert workspace is None
    return info.value


# -- the malformed corpus --------------------------------------------------------------------


def test_every_corpus_file_has_a_case_and_every_case_a_file() -> None:
    on_disk = sorted(p.name for p in MALFORMED.iterdir() if p.name != "cases.yaml")
    assert on_disk == sorted(case["file"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_malformed_file_reports_its_problem_where_it_is(case: dict[str, Any]) -> None:
    path = MALFORMED / case["file"]

    error = _refused(pj.load, path)

    problem = _problem(error)
    expected = {
        "error": case["error"],
        "file": str(path),
        "line": case["line"],
        "column": case.get("column", problem.column),
        "path": case["path"] if case["path"] is not None else problem.path,
        "message contains": case["message"],
        "hint contains": case.get("hint"),
    }
    assert expected == {
        "error": type(error).__name__,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "message contains": case["message"]
        if case["message"] in problem.message
        else problem.message,
        "hint contains": case["hint"]
        if "hint" in case and case["hint"] in (problem.hint or "")
        else problem.hint,
    }


def test_the_malformed_corpus_names_the_exact_line_of_98_percent_of_its_files() -> None:
    """The measure of issue 12: of the files whose problem has a line (all but the one whose
    problem is the file as a whole), the share whose error names exactly the line recorded
    in ``cases.yaml`` (each line written down by reading the file)."""
    with_line = [case for case in CASES if case["line"] is not None]
    exact = []
    for case in with_line:
        path = MALFORMED / case["file"]
        with pytest.raises(pj.ModelError) as info:
            pj.load(path)
        problem = info.value.problems[0]
        exact.append(problem.file == str(path) and problem.line == case["line"])

    assert len(with_line) >= len(CASES) - 1
    assert sum(exact) / len(with_line) >= 0.98


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c["file"].endswith((".yaml", ".json"))],
    ids=[c["file"] for c in CASES if c["file"].endswith((".yaml", ".json"))],
)
def test_malformed_text_reports_the_same_problem_through_loads(case: dict[str, Any]) -> None:
    path = MALFORMED / case["file"]
    fmt = "json" if path.suffix == ".json" else "yaml"

    from_file = _problem(_refused(pj.load, path))
    from_text = _problem(_refused(pj.loads, path.read_bytes(), format=fmt, name=str(path)))

    assert from_file == from_text


def test_problem_text_names_file_line_column_path_and_hint() -> None:
    path = MALFORMED / "unknown-persona-reference.yaml"
    error = _refused(pj.load, path)

    expected = (
        f"{path}:8:19: touchpoints[0].persona_ids[0]: unknown persona `hr-hana`"
        " (did you mean `hr-hanna`?)"
    )
    assert expected == str(error.problems[0])
    assert f"invalid model (1 problem):\n  {expected}" == str(error)


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (pj.Problem("bad", "name", "ws.yaml", 3, 7, "fix it"), "ws.yaml:3:7: name: bad (fix it)"),
        (pj.Problem("bad", "name", "ws.yaml", 3), "ws.yaml:3: name: bad"),
        (pj.Problem("bad", file="ws.yaml", column=7), "ws.yaml: bad"),
        (pj.Problem("bad"), "<input>: bad"),
    ],
)
def test_problem_text_leaves_out_what_is_not_known(problem: pj.Problem, expected: str) -> None:
    assert expected == str(problem)


def test_model_error_accepts_one_problem_or_a_message() -> None:
    expected = [pj.Problem("broken")]
    assert expected == pj.ModelError("broken").problems
    assert expected == pj.ModelError(pj.Problem("broken")).problems


def test_model_errors_are_value_errors_and_limit_errors_are_model_errors() -> None:
    assert issubclass(pj.ModelError, ValueError)
    assert issubclass(pj.ModelError, pj.PersonaJourneyError)
    assert issubclass(pj.InputLimitError, pj.ModelError)


# -- all problems at once, nothing half-loaded -------------------------------------------------


def test_every_field_problem_in_a_file_is_reported_at_once() -> None:
    text = """\
name: Demo
locale: de
personas:
  - id: hr-hanna
    name: HR-Hanna
    goal: typo
touchpoints:
  - id: ad
    name: Ad
    stage_id: loyalty
    emotion: 9
"""
    error = _refused(pj.loads, text)

    expected = [
        (2, "locale"),
        (6, "personas[0].goal"),
        (11, "touchpoints[0].emotion"),
    ]
    assert expected == [(p.line, p.path) for p in error.problems]


def test_reference_problems_come_after_the_fields_are_valid() -> None:
    # Field errors stop validation before references are checked: a second pass shows these.
    text = "touchpoints:\n  - {id: ad, name: Ad, stage_id: nowhere, emotion: 9}\n"

    first = _refused(pj.loads, text)
    second = _refused(pj.loads, text.replace("emotion: 9", "emotion: 1"))

    expected = (["touchpoints[0].emotion"], ["touchpoints[0].stage_id"])
    assert expected == ([p.path for p in first.problems], [p.path for p in second.problems])


def test_many_problems_are_summarised_after_fifty() -> None:
    touchpoints = "\n".join(
        f"  - {{id: t{i}, name: T, stage_id: loyalty, emotion: 9}}" for i in range(60)
    )
    error = _refused(pj.loads, f"touchpoints:\n{touchpoints}\n")

    expected = 60
    assert expected == len(error.problems)
    assert str(error).startswith("invalid model (60 problems):\n")
    assert str(error).endswith("\n  ... and 10 more")


# -- safety limits ----------------------------------------------------------------------------


def test_alias_bomb_is_refused_in_well_under_a_second() -> None:
    start = time.perf_counter()
    error = _refused(pj.load, MALFORMED / "alias-bomb.yaml")
    elapsed = time.perf_counter() - start

    assert isinstance(error, pj.InputLimitError)
    assert elapsed < 0.5


def test_alias_budget_follows_max_nodes() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\npersonas: []\ngoals: [*a, *a, *a]\n"

    error = _refused(pj.loads, text, limits=pj.Limits(max_nodes=20))

    assert isinstance(error, pj.InputLimitError)
    assert "more than 20 values" in _problem(error).message


def test_aliases_within_budget_are_expanded() -> None:
    text = "personas:\n  - &p {id: a, name: Same}\n  - {<<: *p, id: b}\n"
    ws = pj.loads(text)
    expected = [("a", "Same"), ("b", "Same")]
    assert expected == [(p.id, p.name) for p in ws.personas]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 30_000, 1),
        ("[" * 30_000 + "]" * 30_000, 1),
        ("{" * 30_000, 1),
        ("[a, " * 30_000, 1),
        ("name: Demo\npersonas: " + "[\n" * 30_000, 66),
        ("- " * 30_000 + "x", None),
        ("".join(" " * i + "a:\n" for i in range(2_000)), None),
    ],
    ids=["open", "balanced", "braces", "items", "lines", "block-sequence", "block-mapping"],
)
def test_deep_yaml_nesting_is_refused_quickly_and_cleanly(text: str, line: int | None) -> None:
    start = time.perf_counter()
    error = _refused(pj.loads, text, name="deep.yaml")
    elapsed = time.perf_counter() - start

    assert isinstance(error, pj.InputLimitError)
    problem = _problem(error)
    expected = "nesting deeper than 64 levels"
    assert expected == problem.message
    if line is not None:
        assert line == problem.line
    assert elapsed < 1.0


def test_deep_json_nesting_is_refused_quickly_and_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"name": ' + "[" * 30_000 + "]" * 30_000 + "}", encoding="utf-8")

    start = time.perf_counter()
    error = _refused(pj.load, path)
    elapsed = time.perf_counter() - start

    assert isinstance(error, pj.InputLimitError)
    expected = "nesting too deep"
    assert expected == _problem(error).message
    assert elapsed < 1.0


def test_nesting_limit_follows_max_depth() -> None:
    text = "personas:\n  - id: p\n    name: P\n    demographics: {age: '40'}\n"
    expected = "40"
    assert expected == pj.loads(text).personas[0].demographics["age"]

    error = _refused(pj.loads, text, limits=pj.Limits(max_depth=3))
    assert isinstance(error, pj.InputLimitError)


def test_brackets_in_quotes_comments_and_text_do_not_count_as_nesting() -> None:
    text = (
        "name: 'it''s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n"
        'offering: "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"\n'
        "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n"
        "description: a[b] c{d} " + "[x] " * 100 + "\n"
    )
    ws = pj.loads(text)
    assert ws.name.startswith("it's [[[")


def test_oversized_yaml_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 30 MB on paper, nothing on disk
        handle.truncate(30 * 1024 * 1024)

    start = time.perf_counter()
    error = _refused(pj.load, path)
    elapsed = time.perf_counter() - start

    assert isinstance(error, pj.InputLimitError)
    expected = "file is 31,457,280 bytes, over the limit of 10,485,760"
    assert _problem(error).message.startswith(expected)
    assert elapsed < 0.1


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_file_over_a_chosen_limit_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"model{suffix}"
    pj.dump(pj.Workspace(description="x" * 2_000), path)
    limits = pj.Limits(max_bytes=1_000, max_json_bytes=1_000)

    error = _refused(pj.load, path, limits=limits)

    assert isinstance(error, pj.InputLimitError)
    assert "over the limit of 1,000" in _problem(error).message


def test_json_may_be_bigger_than_yaml_by_default(tmp_path: Path) -> None:
    ws = pj.Workspace(description="x" * 2_000)
    limits = pj.Limits(max_bytes=1_000)
    pj.dump(ws, tmp_path / "model.json")
    pj.dump(ws, tmp_path / "model.yaml")

    assert ws == pj.load(tmp_path / "model.json", limits=limits)
    assert isinstance(_refused(pj.load, tmp_path / "model.yaml", limits=limits), pj.InputLimitError)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_text_over_the_limit_is_refused(fmt: str) -> None:
    limits = pj.Limits(max_bytes=100, max_json_bytes=100)
    text = json.dumps({"name": "x" * 200})

    error = _refused(pj.loads, text, format=fmt, limits=limits)

    assert isinstance(error, pj.InputLimitError)


def test_every_file_of_a_folder_is_held_to_the_yaml_limit(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Demo\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"description": "x" * 2_000}), encoding="utf-8")

    error = _refused(pj.load, tmp_path, limits=pj.Limits(max_bytes=1_000))

    assert isinstance(error, pj.InputLimitError)
    assert str(tmp_path / "b.json") == _problem(error).file


# -- the file as a whole ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n", "{}\n"])
def test_empty_yaml_is_an_error_not_an_empty_workspace(tmp_path: Path, text: str) -> None:
    # Issue 11: an empty file used to load as the default workspace, and `check` said
    # "0 findings" with exit 0, as if all were well.
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")

    problem = _problem(_refused(pj.load, path))

    expected = (str(path), 1, "the file is empty: there is no model in it yet")
    assert expected == (problem.file, problem.line, problem.message)


def test_missing_path_is_a_model_error() -> None:
    error = _refused(pj.load, CORPUS / "no-such-file.yaml")
    expected = ("no such file or folder", str(CORPUS / "no-such-file.yaml"))
    assert expected == (_problem(error).message, _problem(error).file)


def test_folder_without_model_files_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    error = _refused(pj.load, tmp_path)
    expected = "the folder holds no .yaml, .yml or .json files"
    assert expected == _problem(error).message


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".YAML", ".json"])
def test_supported_suffixes_load(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"model{suffix}"
    path.write_text('{"name": "Demo"}', encoding="utf-8")
    expected = "Demo"
    assert expected == pj.load(path).name


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    for name, text in (("a.yaml", "name: Demo\n"), ("b.json", '{"name": "Demo"}')):
        (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + text.encode())
        expected = "Demo"
        assert expected == pj.load(tmp_path / name).name


def test_windows_line_endings_keep_line_numbers() -> None:
    text = "name: Demo\r\npersonas:\r\n  - id: p\r\n    name: P\r\n    goal: typo\r\n"
    error = _refused(pj.loads, text)
    expected = (5, "personas[0].goal")
    assert expected == (_problem(error).line, _problem(error).path)


def test_non_utf8_json_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Päättäjä"}'.encode("latin-1"))

    problem = _problem(_refused(pj.load, path))

    # The offset counts from 0, the column from 1, like YAML's own messages.
    expected = ("not UTF-8 text (byte 11); save the file as UTF-8", 1, 12)
    assert expected == (problem.message, problem.line, problem.column)


# -- YAML 1.2 ---------------------------------------------------------------------------------


def test_norway_stays_a_string() -> None:
    ws = pj.loads("name: NO\npersonas:\n  - {id: p, name: P, goals: [NO, yes, off, On, n]}\n")

    expected = ("NO", ["NO", "yes", "off", "On", "n"])
    assert expected == (ws.name, ws.personas[0].goals)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("012345", 12345), ("0o17", 15), ("0x1F", 31), ("1e3", 1000), ("-7", -7)],
)
def test_numbers_follow_yaml_1_2(written: str, expected: float) -> None:
    text = f"segments: [{{id: s, name: S, criteria: {{company_size: {{max: {written}}}}}}}]"
    size = pj.loads(text).segments[0].criteria.company_size
    assert size is not None
    assert expected == size.max


def test_leading_zero_number_as_text_suggests_quotes() -> None:
    problem = _problem(_refused(pj.loads, "personas:\n  - id: p\n    name: 012345\n"))
    expected = (
        "expected text, got the number 12345",
        "put the value in quotes to keep it as text",
    )
    assert expected == (problem.message, problem.hint)


# -- folders ----------------------------------------------------------------------------------


def test_folder_joins_lists_in_file_name_order_and_skips_hidden_and_schema_files() -> None:
    ws = pj.load(FOLDER)

    expected = {
        "name": "Recruiting software",
        "locale": "fi",
        "personas": ["hr-hanna", "it-ilkka", "ceo-cecilia"],
        "segments": ["smb"],
        "touchpoints": ["ad", "demo"],
        "transitions": [("ad", "demo")],
    }
    assert expected == {
        "name": ws.name,
        "locale": ws.locale,
        "personas": [p.id for p in ws.personas],
        "segments": [s.id for s in ws.segments],
        "touchpoints": [t.id for t in ws.touchpoints],
        "transitions": [(t.from_id, t.to_id) for t in ws.transitions],
    }


def test_folder_locations_name_each_file_and_line() -> None:
    ws = pj.load(FOLDER)

    expected = {
        ("motive", "save-time"): ("10-workspace.yaml", 6),
        ("persona", "hr-hanna"): ("20-personas.yaml", 2),
        ("persona", "it-ilkka"): ("20-personas.yaml", 8),
        ("segment", "smb"): ("30-segments.json", 3),
        ("touchpoint", "ad"): ("journey/40-touchpoints.yaml", 2),
        ("touchpoint", "demo"): ("journey/40-touchpoints.yaml", 8),
        ("persona", "ceo-cecilia"): ("journey/50-more-personas.yml", 2),
        ("transition", "0"): ("journey/40-touchpoints.yaml", 13),
    }
    found = {}
    for kind, id in expected:
        location = ws.location_of(kind, id)
        assert location is not None
        found[kind, id] = (Path(location.file).relative_to(FOLDER).as_posix(), location.line)
    assert expected == found


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_single_value_set_in_two_files_names_both(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"a.yaml": "name: First\n", "b.yaml": "personas: []\n\nname: Second\n"},
    )

    problem = _problem(_refused(pj.load, folder))

    expected = (
        str(folder / "b.yaml"),
        3,
        "name",
        f"`name` is already set in {folder / 'a.yaml'}; set it in one file only",
    )
    assert expected == (problem.file, problem.line, problem.path, problem.message)


def test_error_in_a_later_file_names_that_file_and_its_line(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.yaml": "personas:\n  - {id: hr-hanna, name: Hanna}\n  - {id: it, name: Ilkka}\n",
            "b.yaml": "# more\npersonas:\n  - id: ceo\n    name: CEO\n    rolez: []\n",
            "c.yaml": "touchpoints:\n  - id: t\n    name: T\n    stage_id: loyalty\n"
            "    persona_ids: [ceo, hr-hana]\n",
        },
    )

    error = _refused(pj.load, folder)

    expected = [(str(folder / "b.yaml"), 5, 5, "personas[2].rolez", "unknown field `rolez`")]
    assert expected == [(p.file, p.line, p.column, p.path, p.message) for p in error.problems]

    (folder / "b.yaml").write_text("personas:\n  - id: ceo\n    name: CEO\n", encoding="utf-8")
    problem = _problem(_refused(pj.load, folder))
    expected_reference = (
        str(folder / "c.yaml"),
        5,
        "touchpoints[0].persona_ids[1]",
        "did you mean `hr-hanna`?",
    )
    assert expected_reference == (problem.file, problem.line, problem.path, problem.hint)


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.yaml": "name: [unclosed\n", "b.yaml": "- a list\n"})

    with pytest.raises(pj.ModelError) as info:
        pj.load(folder)

    # A syntax error stops at its file; the top-level list of the next is not reached.
    expected = [str(folder / "a.yaml")]
    assert expected == [p.file for p in info.value.problems]


def test_files_that_are_not_mappings_are_all_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.yaml": "- one\n", "b.yaml": "name: ok\n", "c.yaml": "text\n"})

    error = _refused(pj.load, folder)

    expected = [str(folder / "a.yaml"), str(folder / "c.yaml")]
    assert expected == [p.file for p in error.problems]


@pytest.mark.parametrize(
    ("first", "second", "file", "message"),
    [
        (
            "personas:\n",
            "personas:\n  - {id: p, name: P}\n",
            "a.yaml",
            "`personas:` has nothing under it",
        ),
        (
            "personas:\n  - {id: p, name: P}\n",
            "personas: 5\n",
            "b.yaml",
            "`personas` must be a list",
        ),
        (
            "personas: {id: p}\n",
            "personas: []\n",
            "a.yaml",
            "`personas` takes a list, got fields (a mapping)",
        ),
    ],
    ids=["empty-then-list", "list-then-number", "mapping-then-list"],
)
def test_list_key_that_is_not_a_list_in_a_folder_is_a_model_error(
    tmp_path: Path, first: str, second: str, file: str, message: str
) -> None:
    folder = _folder(tmp_path, {"a.yaml": first, "b.yaml": second})

    problem = _problem(_refused(pj.load, folder))

    expected = (str(folder / file), 1, "personas", message)
    assert expected == (problem.file, problem.line, problem.path, problem.message)


def test_nothing_half_loads_from_a_folder_with_one_bad_file(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"a.yaml": "name: Good\npersonas: [{id: p, name: P}]\n", "b.yaml": "touchpoints: [\n"},
    )
    error = _refused(pj.load, folder)
    assert str(folder / "b.yaml") == _problem(error).file


# -- dump and round trips ---------------------------------------------------------------------


def rich_workspace() -> pj.Workspace:
    """A workspace that sets most fields, with text that YAML 1.1 or JSON could mangle."""
    return pj.Workspace(
        name="Ostopäätös – demo",
        locale="fi",
        offering="ATS: 'quotes', \"double\", # not a comment\nsecond line",
        currency="SEK",
        stages=[*pj.default_stages(), pj.Stage(id="renewal", name="Renewal", owner_id="sales")],
        channels=[*pj.default_channels(), pj.Channel(id="trade-fair", kind=pj.ChannelKind.OFFLINE)],
        motives=[pj.Motive(id="save-time", name="Save time", kind=pj.MotiveKind.PERFORMANCE)],
        personas=[
            pj.Persona(
                id="hr-hanna",
                name="HR-Hanna",
                quote="En ehdi – I never have time",
                roles=[pj.Role.DECISION_MAKER],
                goals=["NO", "012345", "yes", "null", "~", "1e3", "", "- dash", "key: value"],
                channel_ids=["social", "trade-fair"],
                avoided_channel_ids=["phone"],
                motives=[pj.MotiveLink(motive_id="save-time", strength=0.85)],
                demographics={"age": "35-50", "NO": "true"},
                provenance=pj.Provenance(kind=pj.ProvenanceKind.RESEARCHED, source="Interviews"),
            )
        ],
        committees=[
            pj.BuyingCommittee(
                id="smb",
                name="SMB",
                required_roles=[pj.Role.DECISION_MAKER, pj.Role.ECONOMIC_BUYER],
                members=[
                    pj.Member(
                        id="cfo",
                        name="CFO",
                        kind=pj.SubjectKind.CONTACT,
                        crm_id="0031234",
                        roles=list(pj.from_salesforce("Economic Decision Maker")),
                        influence=0.9,
                        influence_by_stage={"purchase-decision": 1.0, "loyalty": 0.0},
                        active_stage_ids=["purchase-decision"],
                        persona_id="hr-hanna",
                    ),
                    pj.Member(id="cto", name="CTO", introduces_ids=["cfo"]),
                ],
            )
        ],
        segments=[
            pj.Segment(
                id="smb",
                name="SMB",
                criteria=pj.SegmentCriteria(
                    industries=["retail"],
                    company_size=pj.Range(min=10, max=250),
                    revenue=pj.Range(min=1e6),
                    buying_stage_ids=["information-search"],
                    motive_ids=["save-time"],
                ),
                estimated_size=1200,
                estimated_value=2.5e6,
                priority=1,
                persona_ids=["hr-hanna"],
                committee_ids=["smb"],
            ),
            pj.Segment(id="gov", name="Public sector", excluded=True, exclusion_reason="Tenders"),
        ],
        touchpoints=[
            pj.Touchpoint(
                id="ad",
                name="Social ad",
                stage_id="problem-awareness",
                channel_id="social",
                persona_ids=["hr-hanna"],
                motive_ids=["save-time"],
                emotion=-2,
                entry=True,
            ),
            pj.Touchpoint(
                id="demo",
                name="Demo",
                stage_id="purchase-decision",
                owner_id="marketing",
                member_ids=["cfo"],
            ),
        ],
        transitions=[pj.Transition(from_id="ad", to_id="demo", handoff=True, label="MQL → SQL")],
        checks=pj.CheckSettings(
            select=["J", "C002"], severity={"M": pj.Severity.INFO}, fail_on="warning"
        ),
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dumps_then_loads_gives_the_same_workspace(fmt: str) -> None:
    ws = rich_workspace()
    assert ws == pj.loads(pj.dumps(ws, format=fmt), format=fmt)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_dump_then_load_gives_the_same_workspace(tmp_path: Path, suffix: str) -> None:
    ws = rich_workspace()
    path = pj.dump(ws, tmp_path / f"model{suffix}")
    assert ws == pj.load(path)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_character_survives_a_round_trip(fmt: str) -> None:
    # C0/C1 controls, NEXT LINE and the Unicode line separators, BOM, non-characters, astral.
    chars = [chr(c) for c in range(0x3000)] + list("\ufeff\ufffe\uffff\U0001f600\U0010ffff")
    chunks = ["".join(chars[i : i + 250]) for i in range(0, len(chars), 250)]
    ws = pj.Workspace(
        personas=[
            pj.Persona(id=f"p{i}", name=chunk, demographics={chunk[:100]: chunk[100:]})
            for i, chunk in enumerate(chunks)
        ]
    )

    assert ws == pj.loads(pj.dumps(ws, format=fmt), format=fmt)


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9f", "\u2028", "\ufffe"])
def test_json_with_characters_yaml_cannot_read_keeps_its_line_numbers(char: str) -> None:
    text = f'{{\n  "name": "a{char}b",\n  "personas": [\n    {{"id": "p", "name": "P"}}\n  ]\n}}\n'

    ws = pj.loads(text, format="json", name="ws.json")

    expected = (f"a{char}b", pj.Location("ws.json", 4, 5))
    assert expected == (ws.name, ws.location_of("persona", "p"))


def test_default_workspace_dumps_to_almost_nothing() -> None:
    expected = ("{}\n", "{}\n")
    assert expected == (pj.dumps(pj.Workspace()), pj.dumps(pj.Workspace(), format="json"))


def test_dumps_is_deterministic() -> None:
    assert pj.dumps(rich_workspace()) == pj.dumps(rich_workspace())
    assert pj.dumps(rich_workspace(), format="json") == pj.dumps(rich_workspace(), format="json")


def test_dumped_json_is_plain_json_keeping_non_ascii_text() -> None:
    text = pj.dumps(rich_workspace(), format="json")
    expected = "Ostopäätös – demo"
    assert expected == json.loads(text)["name"]
    assert "Ostopäätös" in text


def test_schema_modeline_is_the_first_line_and_loads_unchanged() -> None:
    ws = rich_workspace()
    text = pj.dumps(ws, schema="./personajourney.schema.json")

    first, _, rest = text.partition("\n")
    expected = "# yaml-language-server: $schema=./personajourney.schema.json"
    assert expected == first
    assert pj.dumps(ws) == rest
    assert ws == pj.loads(text)


def test_dump_writes_the_modeline_to_the_file(tmp_path: Path) -> None:
    path = pj.dump(pj.Workspace(name="Demo"), tmp_path / "m.yaml", schema="https://x.test/s.json")
    expected = "# yaml-language-server: $schema=https://x.test/s.json\nname: Demo\n"
    assert expected == path.read_text(encoding="utf-8")


def test_dump_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("name: Old\n" * 1000, encoding="utf-8")

    returned = pj.dump(pj.Workspace(name="New"), path)

    assert path == returned
    expected = "name: New\n"
    assert expected == path.read_text(encoding="utf-8")
    expected = ["model.yaml"]
    assert expected == sorted(p.name for p in tmp_path.iterdir())


def test_dump_creates_missing_folders(tmp_path: Path) -> None:
    path = pj.dump(pj.Workspace(name="Deep"), tmp_path / "a" / "b" / "model.json")
    expected = "Deep"
    assert expected == pj.load(path).name


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("name: Old\n", encoding="utf-8")
    path.chmod(0o640)

    pj.dump(pj.Workspace(name="New"), path)

    expected = 0o640
    assert expected == stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_of_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = pj.dump(pj.Workspace(), tmp_path / "new.yaml")
    finally:
        os.umask(umask)
    expected = 0o644
    assert expected == stat.S_IMODE(path.stat().st_mode)


def test_failed_dump_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text("name: Old\n", encoding="utf-8")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        pj.dump(pj.Workspace(name="New"), path)

    expected = "name: Old\n"
    assert expected == path.read_text(encoding="utf-8")
    expected = ["model.yaml"]
    assert expected == sorted(p.name for p in tmp_path.iterdir())


def test_dump_to_an_unsupported_suffix_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(pj.ModelError, match=r"unsupported file type `\.txt`"):
        pj.dump(pj.Workspace(), tmp_path / "model.txt")
    expected: list[Path] = []
    assert expected == list(tmp_path.iterdir())


# -- locations --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_location_of_gives_file_and_line_of_each_definition(tmp_path: Path, suffix: str) -> None:
    path = pj.dump(rich_workspace(), tmp_path / f"model{suffix}")
    lines = path.read_text(encoding="utf-8").splitlines()
    ws = pj.load(path)

    for kind, id, marker in [
        ("persona", "hr-hanna", "hr-hanna"),
        ("member", "cfo", "cfo"),
        ("member", "cto", "cto"),
        ("committee", "smb", "smb"),
        ("touchpoint", "demo", "demo"),
        ("stage", "renewal", "renewal"),
    ]:
        location = ws.location_of(kind, id)
        assert location is not None
        assert str(path) == location.file
        # YAML: "- id: x" on the line; JSON: the "{" that opens the entity, "id" just below.
        start = "\n".join(lines[location.line - 1 : location.line + 1])
        assert f'"id": "{marker}"' in start or f"- id: {marker}" in start, (kind, id, start)


def test_location_of_points_at_the_list_item() -> None:
    text = "name: Demo\npersonas:\n  - id: a\n    name: A\n  - name: B\n    id: hr-hanna\n"
    location = pj.loads(text, name="ws.yaml").location_of("persona", "hr-hanna")
    assert pj.Location("ws.yaml", 5, 5) == location
    expected = "ws.yaml:5"
    assert expected == str(location)


def test_location_of_unknown_entity_is_none() -> None:
    assert pj.loads("name: Demo\n").location_of("persona", "nobody") is None


def test_big_json_loads_without_positions(tmp_path: Path) -> None:
    personas = [pj.Persona(id=f"p{i}", name="P" * 300) for i in range(14_000)]
    path = pj.dump(pj.Workspace(personas=personas), tmp_path / "big.json")
    assert path.stat().st_size > JSON_POSITIONS_MAX_BYTES

    ws = pj.load(path)

    expected = (14_000, None)
    assert expected == (len(ws.personas), ws.location_of("persona", "p0"))


def test_error_in_big_json_names_the_file_and_path(tmp_path: Path) -> None:
    personas = [{"id": f"p{i}", "name": "P" * 300} for i in range(3_500)]
    personas[-1]["name"] = 5  # type: ignore[assignment]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"personas": personas}), encoding="utf-8")

    problem = _problem(_refused(pj.load, path, limits=pj.Limits(max_bytes=1_000)))

    expected = (str(path), "personas[3499].name")
    assert expected == (problem.file, problem.path)


@pytest.mark.parametrize("indent", [2, None])
def test_json_position_scanner_agrees_with_the_yaml_parser(indent: int | None) -> None:
    from personajourney.io._yaml import Limits as YamlLimits
    from personajourney.io._yaml import parse_yaml
    from personajourney.io.files import _json_positions

    ws = pj.load(Path(__file__).resolve().parent.parent / "examples" / "b2b-software")
    text = json.dumps(ws.model_dump(mode="json"), indent=indent, ensure_ascii=False)
    raw = text.encode("utf-8")

    fast = _json_positions(raw, "x.json", YamlLimits())

    assert parse_yaml(text, "x.json", YamlLimits(), len(raw)).positions == fast
    assert len(fast) > 500
