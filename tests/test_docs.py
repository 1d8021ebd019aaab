"""Generated documentation and files stay equal to what the code generates."""

from __future__ import annotations

import re
from pathlib import Path

from personajourney.checks.docs import rules_markdown
from personajourney.io.schema import json_schema_text

ROOT = Path(__file__).resolve().parent.parent


def test_rules_reference_page_is_generated_from_the_registry() -> None:
    page = (ROOT / "docs" / "reference" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_markdown(), (
        "regenerate: personajourney rules --format markdown > docs/reference/rules.md"
    )


def test_bundled_schema_file_is_current() -> None:
    text = (ROOT / "schema" / "workspace.schema.json").read_text(encoding="utf-8")
    assert text == json_schema_text(), (
        "regenerate: personajourney schema -o schema/workspace.schema.json"
    )


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_both() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    main_job, tests = blocks[0].strip(), blocks[1].strip()
    assert main_job == "pip install . && personajourney build examples/b2b-software -o wall"
    assert tests == "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_lines = [line.strip() for line in ci.splitlines()]
    assert main_job in ci_lines
    assert "test -s wall/index.html" in ci
    assert tests in ci_lines


def test_ci_runs_in_a_fresh_virtual_environment_of_its_own() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    made = steps.index('python3 -m venv "$scratch/venv"')
    entered = steps.index('source "$scratch/venv/bin/activate"')
    first_install = min(i for i, s in enumerate(steps) if s.startswith("pip install"))
    assert made < entered < first_install
    assert any(s.startswith("scratch=$(mktemp -d") for s in steps)  # outside the work tree
    assert "trap 'rm -rf \"$scratch\"' EXIT" in steps  # removed afterwards


def test_changelog_has_an_unreleased_section() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
