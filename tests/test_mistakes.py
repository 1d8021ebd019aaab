"""Errors that know what the user meant (issue 11): the corpus of first-model mistakes, each
with the one message it must give, at its line, in English and Finnish; and no pydantic
wording anywhere a user reads."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app

CORPUS = Path(__file__).parent / "corpus"
MISTAKES = CORPUS / "mistakes"
MALFORMED = CORPUS / "malformed"
ROOT = Path(__file__).parent.parent


def _cases() -> list[dict[str, Any]]:
    with (MISTAKES / "cases.yaml").open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = YAML(typ="safe", pure=True).load(handle)
    return cases


CASES = _cases()

#: Phrases of pydantic's (and pydantic-core's) own messages, none of which may reach a user.
PYDANTIC_WORDING = (
    "Input should",
    "Value error,",
    "Field required",
    "Extra inputs are not permitted",
    "String should",
    "should be a valid",
    "unable to parse",
    "unable to interpret",
    "validation error",
    "Assertion failed",
    "[type=",
    "errors.pydantic.dev",
    "model_type",
)


def _load(path: Path, locale: str | None) -> tuple[str, list[pj.Problem]]:
    """("error", its problems) or ("warning", the warnings' problems) for ``path``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pj.load(path, locale=locale)
        except pj.ModelError as exc:
            return "error", exc.problems
    found = [w.message.problem for w in caught if isinstance(w.message, pj.ModelWarning)]
    others = [str(w.message) for w in caught if not isinstance(w.message, pj.ModelWarning)]
    assert others == []
    return "warning", found


def test_every_mistake_file_has_a_case_and_every_case_a_file() -> None:
    on_disk = sorted(p.name for p in MISTAKES.iterdir() if p.name != "cases.yaml")
    assert on_disk == sorted(case["file"] for case in CASES)


@pytest.mark.parametrize("locale", ["en", "fi"])
@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_a_mistake_gives_its_one_message_at_its_line_in_the_users_language(
    case: dict[str, Any], locale: str
) -> None:
    path = MISTAKES / case["file"]

    kind, problems = _load(path, locale)

    expected = [
        {
            "kind": case["kind"],
            "line": want["line"],
            "path": want["path"],
            "message contains": want[locale],
            "hint contains": want.get("hint") if locale == "en" else None,
        }
        for want in case["problems"]
    ]
    actual = [
        {
            "kind": kind,
            "line": got.line,
            "path": got.path,
            "message contains": want[locale] if want[locale] in got.message else got.message,
            "hint contains": want["hint"]
            if locale == "en" and "hint" in want and want["hint"] in (got.hint or "")
            else (None if locale != "en" or "hint" not in want else got.hint),
        }
        for want, got in zip(case["problems"], problems, strict=False)
    ]
    assert len(case["problems"]) == len(problems), [str(p) for p in problems]
    assert expected == actual


def test_the_files_own_locale_picks_the_language_when_none_is_asked_for() -> None:
    # finnish-letter-in-id.yaml says `locale: fi`; owner-for-owner-id.yaml says nothing.
    _, finnish = _load(MISTAKES / "finnish-letter-in-id.yaml", None)
    _, english = _load(MISTAKES / "owner-for-owner-id.yaml", None)

    assert "kokeile `paatos`" in finnish[0].message
    assert (
        english[0].message,
        english[0].hint,
    ) == ("unknown field `owner`", "did you mean `owner_id`?")


def test_the_error_carries_the_language_it_is_written_in() -> None:
    with pytest.raises(pj.ModelError) as info:
        pj.load(MISTAKES / "stage-label-for-id.yaml")
    assert info.value.locale == "fi"


def _all_inputs() -> list[Path]:
    mistakes = [p for p in MISTAKES.iterdir() if p.name != "cases.yaml"]
    malformed = [p for p in MALFORMED.iterdir() if p.name != "cases.yaml"]
    return sorted(mistakes + malformed)


@pytest.mark.parametrize("locale", ["en", "fi"])
def test_no_pydantic_wording_reaches_a_user(locale: str) -> None:
    said: list[str] = []
    for path in _all_inputs():
        _, problems = _load(path, locale)
        said += [f"{path.name}: {p.message} | {p.hint or ''}" for p in problems]
    assert len(said) >= len(_all_inputs())  # every file said something

    leaked = [line for line in said if any(phrase in line for phrase in PYDANTIC_WORDING)]

    assert leaked == []


@pytest.mark.parametrize("locale", ["en", "fi"])
def test_no_pydantic_wording_reaches_a_user_of_mermaid_import(locale: str) -> None:
    from personajourney.io import mermaid

    files = sorted((CORPUS / "mermaid" / "invalid").glob("*.mmd"))
    said: list[str] = []
    for path in files:
        with pytest.raises(pj.ModelError) as info:
            mermaid.load_mermaid_journey(path, locale=locale)  # type: ignore[arg-type]
        said += [f"{path.name}: {p.message} | {p.hint or ''}" for p in info.value.problems]
    assert len(said) >= len(files)

    leaked = [line for line in said if any(phrase in line for phrase in PYDANTIC_WORDING)]

    assert leaked == []


# -- what loads but was not meant -------------------------------------------------------------


def test_a_role_written_by_its_finnish_label_or_hubspot_value_is_read_as_the_neutral_role() -> None:
    with pytest.warns(pj.ModelWarning):
        persona = pj.load(MISTAKES / "finnish-role-label.yaml").personas[0]
    with pytest.warns(pj.ModelWarning):
        ws = pj.load(MISTAKES / "hubspot-role-value.yaml")

    assert persona.roles == ["decision_maker"]
    assert ws.committees[0].members[0].roles == ["economic_buyer"]


@pytest.mark.parametrize(
    "goals",
    [
        "\n      - Löytää osaajat nopeasti, vaikka hakijoita on vähän",  # a block list
        '["Löytää osaajat nopeasti", "vaikka hakijoita on vähän"]',  # quoted: two items meant
        "[Nopeus, laatu, hinta]",  # items that start in upper case
        "[no, yes, off]",  # single words: a list of words, not a sentence
    ],
    ids=["block-list", "quoted-items", "capitalised-items", "single-words"],
)
def test_no_split_sentence_warning_where_nothing_was_split(goals: str) -> None:
    text = f"name: X\npersonas:\n  - id: p\n    name: P\n    goals: {goals}\n"

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ws = pj.loads(text)

    assert ws.personas[0].goals


def test_the_split_sentence_warning_names_the_cut_item_of_a_multi_line_flow_list() -> None:
    text = (
        "name: X\npersonas:\n  - id: p\n    name: P\n"
        "    questions: [Mitä se maksaa,\n      kun käyttäjiä on sata?]\n"
    )
    with pytest.warns(pj.ModelWarning) as record:
        pj.loads(text, locale="en")

    (warning,) = [w.message for w in record if isinstance(w.message, pj.ModelWarning)]
    assert (warning.problem.line, warning.problem.path) == (6, "personas[0].questions[1]")


def test_a_name_used_as_id_many_times_gives_one_message_with_the_other_lines() -> None:
    kind, problems = _load(MISTAKES / "finnish-letter-in-id.yaml", "en")
    assert (kind, len(problems)) == ("error", 1)


# -- the command line --------------------------------------------------------------------------


def test_check_says_the_mistake_in_the_files_language_and_does_not_offer_debug() -> None:
    result = CliRunner().invoke(app, ["check", str(MISTAKES / "stage-label-for-id.yaml")])

    assert result.exit_code == 2
    assert "virhe: virheellinen malli (1 ongelma)" in result.stderr
    assert "stage-label-for-id.yaml:7:5" in result.stderr
    assert "`Tiedon hankinta` on vaiheen `information-search` nimi" in result.stderr
    assert "--debug" not in result.stderr


def test_locale_option_of_render_picks_the_language_of_the_message(tmp_path: Path) -> None:
    path = MISTAKES / "stage-label-for-id.yaml"  # says `locale: fi`
    out = tmp_path / "report.html"

    result = CliRunner().invoke(
        app, ["render", "report", str(path), "-o", str(out), "--locale", "en"]
    )

    assert result.exit_code == 2
    assert "error: invalid model (1 problem)" in result.stderr
    assert "`Tiedon hankinta` is the name of stage `information-search`" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["empty-file.yaml", "empty-folder"])
def test_check_of_an_empty_file_or_folder_exits_2_not_0(name: str) -> None:
    result = CliRunner().invoke(app, ["check", str(MISTAKES / name)])

    assert result.exit_code == 2
    assert "empty" in result.stderr
    assert "score" not in result.stdout


def test_check_prints_warnings_before_the_results_and_still_checks() -> None:
    result = CliRunner().invoke(app, ["check", str(MISTAKES / "hubspot-role-value.yaml")])

    assert result.exit_code in (0, 1)
    assert "warning: " in result.stderr
    assert "`BUDGET_HOLDER` is read as the role `economic_buyer`" in result.stderr


# -- starter files and examples ----------------------------------------------------------------


def _prose_flow_lists(path: Path) -> list[tuple[str, list[str]]]:
    """Where ``path`` writes a prose field as a flow list (``goals: [...]``): the line, and
    the items as written between the commas."""
    from personajourney.io._mistakes import PROSE_FIELDS

    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        key, sep, value = line.strip().removeprefix("- ").partition(":")
        if sep and key in PROSE_FIELDS and value.strip().startswith("["):
            items = YAML(typ="safe", pure=True).load(value)
            found.append((f"{path.name}:{number}: {line.strip()}", items))
    return found


def test_starter_files_write_prose_as_block_lists() -> None:
    files = sorted((ROOT / "src" / "personajourney" / "starter").glob("*.yaml"))
    assert len(files) >= 2

    flow = [where for path in files for where, _ in _prose_flow_lists(path)]

    assert flow == []


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "src" / "personajourney" / "starter").glob("*.yaml")),
        *sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()),
    ],
    ids=lambda p: p.name,
)
def test_starters_and_examples_load_without_a_warning(path: Path) -> None:
    # The examples keep some prose in flow lists (their report goldens name file:line, and
    # a block list would move the lines); none of it is a sentence cut at a comma.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ws = pj.load(path)
    assert ws.personas


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("12.3.2025", "`12.3.2025` looks like a date, but this field takes a number"),
        ("0,25", "`0,25` has a decimal comma: write `0.25`"),
        ("25 %", "`25 %` is a percentage: write the share as a number from 0 to 1, `0.25`"),
        ("noin 0.3", "expected a number, got the text `noin 0.3`"),
    ],
)
def test_a_number_written_the_finnish_way_says_how_to_write_it(written: str, message: str) -> None:
    text = (
        "name: X\nmotives:\n  - id: m\n    name: M\npersonas:\n  - id: p\n    name: P\n"
        f"    motives:\n      - motive_id: m\n        strength: {written}\n"
    )

    with pytest.raises(pj.ModelError) as info:
        pj.loads(text)

    (problem,) = info.value.problems
    assert (10, "personas[0].motives[0].strength", message) == (
        problem.line,
        problem.path,
        problem.message,
    )
