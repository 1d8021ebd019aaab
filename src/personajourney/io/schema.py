"""The JSON Schema of the workspace file format."""

from __future__ import annotations

import itertools
import json
from typing import Any

from .._version import __version__
from ..models.workspace import Workspace

__all__ = ["SCHEMA_ID", "json_schema", "json_schema_text"]

SCHEMA_ID = "https://personajourney.dev/schema/workspace-1.json"


def _attribute_docs(cls: type) -> dict[str, str]:
    """``field -> docstring`` for attributes documented by a string right after them."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):  # pragma: no cover - source not available
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _models() -> dict[str, type]:
    from pydantic import BaseModel

    from ..models import entities, evidence, workspace

    found: dict[str, type] = {}
    for module in (entities, evidence, workspace):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, BaseModel):
                found[name] = value
    return found


def _describe(schema: dict[str, Any]) -> None:
    """Add attribute docstrings as ``description`` of properties that have none."""
    models = _models()
    targets = [(schema.get("title", ""), schema)]
    targets += list(schema.get("$defs", {}).items())
    for name, node in targets:
        cls = models.get(name)
        if cls is None:
            continue
        docs = _attribute_docs(cls)
        for field, prop in node.get("properties", {}).items():
            if field in docs and "description" not in prop:
                prop["description"] = docs[field]


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
    _describe(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "$comment": f"personajourney file format version 1 (library {__version__.split('.')[0]}.x)",
    }


def json_schema_text() -> str:
    """:func:`json_schema` as deterministic, indented JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
