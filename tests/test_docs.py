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


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    main_job, tests = blocks[0].strip(), blocks[1].strip()
    assert main_job.startswith("pip install . && personajourney ")
    assert tests == "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci


def test_changelog_has_an_unreleased_section() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
