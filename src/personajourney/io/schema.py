"""The JSON Schema of the workspace file format."""

from __future__ import annotations

import json
from typing import Any

from .._version import __version__
from ..models.workspace import Workspace

__all__ = ["SCHEMA_ID", "json_schema", "json_schema_text"]

SCHEMA_ID = "https://personajourney.dev/schema/workspace-1.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a workspace file.

    Editors with the YAML language server complete and validate files that name it in a
    ``# yaml-language-server: $schema=...`` first line.

    Example:
        >>> from personajourney import json_schema
        >>> json_schema()["title"]
        'Workspace'
    """
    schema = Workspace.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "$comment": f"personajourney file format version 1 (library {__version__.split('.')[0]}.x)",
    }


def json_schema_text() -> str:
    """:func:`json_schema` as deterministic, indented JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
