"""The JSON Schema of the workspace file format."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import personajourney as pj
from personajourney.io import SCHEMA_ID, json_schema_text
from test_io import rich_workspace


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(pj.json_schema())


def test_schema_is_valid_draft_2020_12() -> None:
    schema = pj.json_schema()

    Draft202012Validator.check_schema(schema)
    expected = ("https://json-schema.org/draft/2020-12/schema", SCHEMA_ID, "Workspace", "object")
    assert expected == (schema["$schema"], schema["$id"], schema["title"], schema["type"])


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dumped_workspace_is_valid_against_the_schema(
    validator: Draft202012Validator, fmt: str
) -> None:
    text = pj.dumps(rich_workspace(), format=fmt)
    data = json.loads(text) if fmt == "json" else _yaml(text)

    expected: list[str] = []
    assert expected == [error.message for error in validator.iter_errors(data)]


def test_empty_workspace_file_is_valid(validator: Draft202012Validator) -> None:
    assert validator.is_valid({})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nmae": "typo"}, "nmae"),
        ({"personas": [{"id": "p", "name": "P", "goal": "typo"}]}, "goal"),
        ({"touchpoints": [{"id": "t", "name": "T", "stage_id": "s", "emotion": 5}]}, "emotion"),
        (
            {
                "committees": [
                    {
                        "id": "c",
                        "name": "C",
                        "members": [{"id": "m", "name": "M", "influence": 1.5}],
                    }
                ]
            },
            "influence",
        ),
        ({"personas": [{"id": "p"}]}, "name"),
        ({"locale": "de"}, "locale"),
        ({"personas": [{"id": "has space", "name": "P"}]}, "id"),
        ({"personas": [{"id": "p", "name": "P", "roles": ["cfo"]}]}, "roles"),
    ],
)
def test_schema_refuses_what_the_loader_refuses(
    validator: Draft202012Validator, data: dict[str, Any], field: str
) -> None:
    errors = list(validator.iter_errors(data))

    assert errors
    assert any(field in error.message or field in error.path for error in errors)
    with pytest.raises(pj.ModelError):
        pj.loads(json.dumps(data), format="json")


def test_schema_describes_fields_from_docstrings() -> None:
    persona = pj.json_schema()["$defs"]["Persona"]["properties"]
    expected = "Channels the persona avoids or never uses."
    assert expected == persona["avoided_channel_ids"]["description"]


def test_schema_text_is_deterministic_json_of_the_schema() -> None:
    text = json_schema_text()

    assert text == json_schema_text()
    assert text.endswith("}\n")
    assert pj.json_schema() == json.loads(text)


def test_schema_text_keeps_non_ascii_text_readable() -> None:
    text = json_schema_text()
    assert "\\u2013" not in text  # e.g. "0–1" stays an en dash
    assert "–" in text


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)
