"""Safe YAML 1.2 parsing with the position of every value.

ruamel.yaml composes the document into nodes (no Python objects are constructed, so no tag
can run code); this module turns the nodes into plain ``dict`` / ``list`` / scalars itself,
which lets it

* refuse duplicate keys, naming both lines;
* refuse tags other than the YAML core schema's (``!!python/...``, ``!custom``);
* refuse alias expansion past a node budget (alias bombs) and recursive aliases;
* refuse nesting deeper than a limit;
* record the line and column of every mapping entry and sequence item, keyed by its path,
  for error messages that point into the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import InputLimitError, ModelError, Problem

__all__ = ["Limits", "ParsedFile", "parse_yaml"]

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_CORE = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for reading untrusted model files.

    Attributes:
        max_bytes: Largest YAML file accepted, and largest file of any kind in a folder of
            several files (checked before parsing).
        max_json_bytes: Largest single JSON file (or JSON text) accepted; JSON is validated
            by pydantic's fast parser, so it may be bigger than YAML.
        max_depth: Deepest nesting of mappings and sequences.
        max_nodes: Most values one file may expand to (aliases included); ``None`` means
            "10,000 plus one per byte of the file", which no file without aliases reaches.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_json_bytes: int = 200 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int | None = None

    def node_budget(self, size: int) -> int:
        return self.max_nodes if self.max_nodes is not None else 10_000 + size


@dataclass(slots=True)
class ParsedFile:
    """A parsed file: the plain data and where each path was written."""

    data: Any
    positions: Positions


def _mark(node: Any) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, file: str, budget: int, max_depth: int) -> None:
        self.file = file
        self.budget = budget
        self.max_depth = max_depth
        self.count = 0
        self.positions: Positions = {}
        self.active: set[int] = set()

    def fail(self, node: Any, message: str, path: Loc = (), limit: bool = False) -> None:
        line, column = _mark(node)
        cls = InputLimitError if limit else ModelError
        raise cls(Problem(message, _fmt(path), self.file, line, column))

    def build(self, node: Any, path: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > self.budget:
            self.fail(
                node,
                f"the file expands to more than {self.budget:,} values; refusing it "
                "(aliases that repeat large parts, an 'alias bomb', do this)",
                path,
                limit=True,
            )
        if depth > self.max_depth:
            self.fail(node, f"nesting deeper than {self.max_depth} levels", path, limit=True)
        kind = type(node).__name__
        if kind == "ScalarNode":
            return self.scalar(node, path)
        key = id(node)
        if key in self.active:
            self.fail(node, "an alias refers to the structure that contains it", path)
        self.active.add(key)
        try:
            if kind == "SequenceNode":
                self.check_tag(node, "seq", path)
                out: list[Any] = []
                for index, item in enumerate(node.value):
                    item_path = (*path, index)
                    self.positions[item_path] = _mark(item)
                    out.append(self.build(item, item_path, depth + 1))
                return out
            self.check_tag(node, "map", path)
            return self.mapping(node, path, depth)
        finally:
            self.active.discard(key)

    def mapping(self, node: Any, path: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        where: dict[str, tuple[int, int]] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == _CORE + "merge":
                sources = (
                    value_node.value
                    if type(value_node).__name__ == "SequenceNode"
                    else [value_node]
                )
                for source in sources:
                    value = self.build(source, path, depth + 1)
                    if not isinstance(value, dict):
                        self.fail(source, "a merge key (<<) needs a mapping", path)
                    for k, v in value.items():
                        merged.setdefault(k, v)
                continue
            if type(key_node).__name__ != "ScalarNode":
                self.fail(key_node, "keys must be plain text", path)
            key = str(key_node.value)
            entry_path = (*path, key)
            if key in where:
                line, _ = where[key]
                self.fail(
                    key_node,
                    f"duplicate key `{key}` (first at line {line}); a key may appear only once",
                    entry_path,
                )
            where[key] = _mark(key_node)
            self.positions[entry_path] = where[key]
            out[key] = self.build(value_node, entry_path, depth + 1)
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def check_tag(self, node: Any, expected: str, path: Loc) -> None:
        tag = str(node.tag)
        if tag not in (_CORE + expected, "?", "!"):
            self.fail(node, f"tag `{_shown(tag)}` is not allowed (plain YAML only)", path)

    def scalar(self, node: Any, path: Loc) -> Any:
        tag = str(node.tag)
        text: str = node.value
        if not tag.startswith(_CORE) and tag not in ("!", "?"):
            self.fail(node, f"tag `{_shown(tag)}` is not allowed (plain YAML only)", path)
        kind = tag[len(_CORE) :] if tag.startswith(_CORE) else "str"
        if kind in ("str", "timestamp", "binary"):
            return text
        if kind == "null":
            return None
        try:
            if kind == "bool":
                return _to_bool(text)
            if kind == "int":
                return _to_int(text)
            if kind == "float":
                return _to_float(text)
        except ValueError:
            # An explicit tag on text that is not one (``!!int abc``), or an integer too long
            # for Python to convert.
            self.fail(node, f"`{text[:40]}` is not a valid {kind}", path)
        self.fail(node, f"tag `{_shown(tag)}` is not allowed (plain YAML only)", path)
        return None  # pragma: no cover - fail() raises


def _shown(tag: str) -> str:
    """A tag as it is written in the file: ``!!python/object``, not its long URI form."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _to_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


def _to_int(text: str) -> int:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    body = cleaned.lstrip("+-")
    if body[:2] in ("0o", "0O"):
        return sign * int(body[2:], 8)
    if body[:2] in ("0x", "0X"):
        return sign * int(body[2:], 16)
    if body[:2] in ("0b", "0B"):
        return sign * int(body[2:], 2)
    return sign * int(body, 10)


def _to_float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered in (".inf", "+.inf"):
        return math.inf
    if lowered == "-.inf":
        return -math.inf
    if lowered == ".nan":
        return math.nan
    return float(lowered)


def _fmt(path: Loc) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Quoted scalars and comments (skipped whole), and the flow brackets between them.
_FLOW_TOKENS = re.compile(
    r"""(?:^|(?<=[\s\[{,:?-]))(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"""
    r"|(?:^|(?<=\s))#[^\n]*"
    r"|[\[\]{}]",
    re.MULTILINE,
)


def _too_deep_flow(text: str, max_depth: int) -> int | None:
    """Offset where ``[``/``{`` nesting first goes past ``max_depth``, if it does.

    ruamel.yaml's scanner is quadratic on long runs of open brackets (5 KB of ``[`` took 5 s
    before the nesting was noticed), so such text is refused before it is parsed. A bracket
    inside a plain or block scalar counts too, which matters only past ``max_depth`` unclosed
    brackets.
    """
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    for match in _FLOW_TOKENS.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                return match.start()
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def parse_yaml(text: str, file: str, limits: Limits, size: int) -> ParsedFile:
    """Parse YAML (or JSON, which is YAML 1.2) text into plain data with positions.

    Raises:
        ModelError: for syntax errors, duplicate keys and disallowed tags.
        InputLimitError: for alias bombs and nesting past the limits.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    too_deep = _too_deep_flow(text, limits.max_depth)
    if too_deep is not None:
        where = _line_column(text, too_deep)
        raise InputLimitError(
            Problem(f"nesting deeper than {limits.max_depth} levels", "", file, *where)
        )
    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    try:
        root = yaml.compose(text)
    except RecursionError:
        raise InputLimitError(
            Problem(f"nesting deeper than {limits.max_depth} levels", file=file)
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context
        started = exc.context_mark
        if context and started is not None and mark is not None and started.line != mark.line:
            # The error shows where it was noticed; say where the unclosed thing began.
            context = f"{context} started at line {started.line + 1},"
        problem = " ".join(filter(None, [context, exc.problem])) or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise ModelError(
            Problem(f"YAML syntax error: {problem}", file=file, line=line, column=column)
        ) from None
    except ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"control character U+{code:04X} is not allowed in YAML; remove it"
        where = _line_column(text, exc.position)
        raise ModelError(Problem(message, "", file, *where)) from None
    except YAMLError as exc:
        raise ModelError(Problem(f"YAML error: {exc}", file=file)) from None
    if root is None:
        return ParsedFile({}, {})
    builder = _Builder(file, limits.node_budget(size), limits.max_depth)
    try:
        data = builder.build(root, (), 0)
    except RecursionError:
        raise InputLimitError(
            Problem(f"nesting deeper than {limits.max_depth} levels", file=file)
        ) from None
    return ParsedFile(data, builder.positions)
