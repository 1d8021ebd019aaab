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

Two parsers can compose the nodes. libyaml (C, through PyYAML's bindings, about 30 times
faster) reads the file into events, and :func:`_compose_libyaml` composes them here with the
YAML 1.2 core schema's rules for plain scalars (:func:`resolve_scalar`, the same rules as
ruamel.yaml's 1.2 resolver). libyaml follows YAML 1.1 where the two versions differ, so
whatever it cannot promise to read exactly as ruamel.yaml does (a syntax error, directives
other than ``%YAML 1.2``, the characters 1.1 reads as line breaks, aliases to undefined or
repeated anchors, more than one document, nesting past the limit) is read again by
ruamel.yaml in pure Python, which gives today's result and today's error message. Without
libyaml (``yaml.__with_libyaml__`` false) every file is read by ruamel.yaml.
``tests/test_yaml_parsers.py`` proves that both give the same values, positions and errors.
"""

from __future__ import annotations

import functools
import gc
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import InputLimitError, ModelError, Problem

__all__ = ["Limits", "ParsedFile", "YamlParser", "parse_yaml", "resolve_scalar", "yaml_parser"]

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_CORE = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for reading untrusted model files.

    The sizes are what this project loads and checks in well under a minute on a small
    machine (2 cores; YAML reads at about 1.3 MB/s through libyaml and validation, JSON at
    about 8 MB/s), so a file over them is refused at once instead of hanging for minutes.

    Attributes:
        max_bytes: Largest YAML file accepted, and largest file of any kind in a folder of
            several files (checked before parsing).
        max_json_bytes: Largest single JSON file (or JSON text) accepted; JSON is validated
            by pydantic's fast parser, so it may be bigger than YAML.
        max_total_bytes: Largest total of the files of a folder (checked before any is
            parsed).
        max_depth: Deepest nesting of mappings and sequences.
        max_nodes: Most values one file may expand to (aliases included); ``None`` means
            "10,000 plus one per byte of the file", which no file without aliases reaches.
    """

    max_bytes: int = 10 * 1024 * 1024
    max_json_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int | None = None
    max_total_bytes: int = 20 * 1024 * 1024

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
            key = str(_text_of(key_node))
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
        text: str = _text_of(node)
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


def _text_of(node: Any) -> Any:
    """A scalar's text. ruamel.yaml's round-trip scanner marks where a folded (``>``) scalar
    was folded with BEL characters, which its own constructor removes: so do we (BEL cannot
    be written in a block scalar, so none is the file's own)."""
    text = node.value
    if "\a" in text and getattr(node, "style", None) == ">":
        return text.replace("\a", "")
    return text


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


YamlParser = Literal["auto", "pure"]


def parse_yaml(
    text: str, file: str, limits: Limits, size: int, *, parser: YamlParser = "auto"
) -> ParsedFile:
    """Parse YAML (or JSON, which is YAML 1.2) text into plain data with positions.

    Args:
        parser: ``"auto"`` reads with libyaml when PyYAML has it and falls back to
            ruamel.yaml where the two could differ; ``"pure"`` always uses ruamel.yaml. Both
            give the same result (see the module docstring).

    Raises:
        ModelError: for syntax errors, duplicate keys and disallowed tags.
        InputLimitError: for alias bombs and nesting past the limits.
    """
    _check_directives(text, file)
    too_deep = _too_deep_flow(text, limits.max_depth)
    if too_deep is not None:
        where = _line_column(text, too_deep)
        raise InputLimitError(
            Problem(f"nesting deeper than {limits.max_depth} levels", "", file, *where)
        )
    root: Any = _UNSURE
    if parser == "auto" and yaml_parser() == "libyaml":
        budget = limits.node_budget(size)
        # Reading makes many containers and frees none: the cyclic garbage collector would
        # only walk them again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            parsed = _read_libyaml(text, limits.max_depth, budget)
        finally:
            if collecting:
                gc.enable()
        if parsed is not None:
            return parsed
        try:
            root = _compose_libyaml(text, limits.max_depth)
        except _Unsure:
            root = _UNSURE
    if root is _UNSURE:
        root = _compose_pure(text, file, limits.max_depth)
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


_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+(?P<version>\S+)", re.MULTILINE)
_DOCUMENT_START = re.compile(r"---(?:[ \t]|$)")


def _check_directives(text: str, file: str) -> None:
    """Directives (``%YAML``, ``%TAG``, or any other ``%`` line before the document) must end
    with a ``---`` line; without one, the parsers report a confusing error ("mapping values
    are not allowed here") at a line that is not where the ``---`` is missing."""
    text = text.lstrip("\ufeff")
    if not text.startswith(("%", "#", "\n", " ", "\t", "\r")):
        return
    last = None
    for number, line in enumerate(_lines(text), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line.startswith("%"):
            last = number
            continue
        if last is not None and not _DOCUMENT_START.match(line.rstrip("\r")):
            _directive_error(file, number, "before it")
        return
    if last is not None:
        _directive_error(file, last, "after it")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one by one (the caller stops early: no copy of the whole)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _directive_error(file: str, line: int, where: str) -> None:
    message = (
        "YAML syntax error: a directive (a line starting with %) must be followed by a "
        f"`---` line that starts the document; add one {where}, or leave the directive out"
    )
    raise ModelError(Problem(message, "", file, line, 1))


def _runaway_quote(text: str, exc: Any) -> tuple[tuple[int, int], int] | None:
    """Where a quoted scalar that ran on past its line began ((line, column), 1-based) and
    the line it ended on, when the syntax error ``exc`` comes from it: the error is inside
    the quoted text (its end never came), or on the line where it ended or the next.

    YAML lets quoted text span lines, so a missing closing quote swallows the lines after it
    up to the next quote, and the parser reports the error there."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    mark = exc.problem_mark or exc.context_mark
    context_mark = exc.context_mark
    if (exc.context or "").startswith("while scanning a quoted scalar") and context_mark:
        if context_mark.line != mark.line:
            return (context_mark.line + 1, context_mark.column + 1), mark.line + 1
        return None
    last = None
    try:
        for token in YAML(typ="rt", pure=True).scan(text):
            if token.end_mark.line > mark.line:
                break
            if getattr(token, "style", None) in ('"', "'"):
                last = token
    except YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    if not last.end_mark.line <= mark.line <= last.end_mark.line + 1:
        return None
    start = last.start_mark
    return (start.line + 1, start.column + 1), last.end_mark.line + 1


def _stray_directive(text: str, mark_line: int) -> int | None:
    """The line (1-based) of the last ``%`` line at column 0 before ``mark_line`` (0-based),
    where a directive inside or after the document was found."""
    lines = text.split("\n")[: mark_line + 1]
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith("%"):
            return index + 1
    return None


def _compose_pure(text: str, file: str, max_depth: int) -> Any:
    """The document's root node as ruamel.yaml (pure Python, YAML 1.2) composes it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    try:
        return yaml.compose(text)
    except RecursionError:
        raise InputLimitError(
            Problem(f"nesting deeper than {max_depth} levels", file=file)
        ) from None
    except AssertionError as exc:
        # ruamel.yaml asserts that a %YAML directive names 1.1 or 1.2 (1.0, 1.3).
        directive = _YAML_DIRECTIVE.search(text)
        if directive is None or not str(exc).startswith("version"):
            raise ModelError(Problem(f"YAML error: {exc}", file=file)) from None
        message = (
            f"YAML syntax error: %YAML {directive['version']} is not supported; "
            "write %YAML 1.2, or leave the line out"
        )
        where = _line_column(text, directive.start())
        raise ModelError(Problem(message, "", file, *where)) from None
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
        runaway = _runaway_quote(text, exc) if mark is not None else None
        if runaway is not None:
            # A quote left open runs on over the next lines, and the parser notices only
            # where the text no longer makes sense: name the line where the quote opened.
            (start_line, start_column), end_line = runaway
            problem = (
                f"the quoted text opened here runs on to line {end_line}: is its closing "
                f"quote missing? ({problem})"
            )
            raise ModelError(
                Problem(f"YAML syntax error: {problem}", "", file, start_line, start_column)
            ) from None
        stray = _stray_directive(text, mark.line) if mark is not None else None
        if (exc.problem or "").startswith("expected '<document start>'") and stray:
            # A directive after the document began: say so, at its line, not at the end.
            problem = (
                "a directive (a line starting with %) may only come before the document; "
                "to start a line of text with %, put the text in quotes"
            )
            line, column = stray, 1
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


# -- the libyaml path --------------------------------------------------------------------------

_STR, _SEQ, _MAP = _CORE + "str", _CORE + "seq", _CORE + "map"
_MERGE, _NULL = _CORE + "merge", _CORE + "null"

#: The YAML 1.2 core schema's plain scalars as ruamel.yaml's 1.2 resolver reads them: by the
#: first character, the patterns tried in order; the first that matches gives the tag.
_PATTERNS = {
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "float": re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    "int": re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
    "merge": re.compile(r"^(?:<<)$"),
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
    "timestamp": re.compile(
        r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
        |[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$""",
        re.X,
    ),
    "value": re.compile(r"^(?:=)$"),
    "yaml": re.compile(r"^(?:!|&|\*)$"),
}


def _first_characters() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    starts = {
        "bool": "tTfF",
        "float": "-+0123456789.",
        "int": "-+0123456789",
        "merge": "<",
        "null": "~nN",
        "timestamp": "0123456789",
        "value": "=",
        "yaml": "!&*",
    }
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {"": [(_NULL, _PATTERNS["null"])]}
    for kind, pattern in _PATTERNS.items():  # in this order: float before int
        for char in starts[kind]:
            table.setdefault(char, []).append((_CORE + kind, pattern))
    return {char: tuple(entries) for char, entries in table.items()}


_BY_FIRST = _first_characters()


def resolve_scalar(value: str) -> str:
    """The tag of an untagged plain scalar under YAML 1.2's core schema (as ruamel.yaml)."""
    for tag, pattern in _BY_FIRST.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR


class _Unsure(Exception):
    """libyaml's reading might differ from ruamel.yaml's: read the text with ruamel.yaml."""


_UNSURE = object()
#: Deeper files are read by ruamel.yaml, whose recursion sets where its refusal comes from.
_LIBYAML_MAX_DEPTH = 100

# Characters YAML 1.1 (libyaml) reads as line breaks, and a byte order mark inside the text:
# positions and folded text could differ from ruamel.yaml's; and tabs, which libyaml accepts
# in places where ruamel.yaml refuses them; a comment right after a block scalar's indicator
# (``|#``), which YAML 1.2 refuses. Text holding any is read by ruamel.yaml.
_UNSURE_CHARACTERS = re.compile("[\t\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#")


# An anchor or alias name that goes on past the ASCII letters, digits, ``-`` and ``_``
# libyaml allows (ruamel.yaml takes any printable character but ``,[]{}``): where a name ends
# could differ. Text in quotes or comments matches too; such a file is only read more slowly.
_UNSURE_NAMES = re.compile(r"[&*][0-9A-Za-z_-]*[^0-9A-Za-z_\-\s,\[\]{}]")
# Tags read alike by both parsers; any other tag (``!a,b``, ``%TAG`` handles…) is read by
# ruamel.yaml, so that a refusal quotes the tag as it always did.
_PLAIN_TAG = re.compile(r"!|![0-9A-Za-z-]+|tag:yaml\.org,2002:[0-9A-Za-z/:._-]+")


class _Mark:
    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class ScalarNode:
    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, tag: str, value: str, start_mark: Any) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark


class SequenceNode:
    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, tag: str, value: list[Any], start_mark: Any) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark


class MappingNode:
    __slots__ = ("start_mark", "tag", "value")

    def __init__(self, tag: str, value: list[Any], start_mark: Any) -> None:
        self.tag = tag
        self.value = value
        self.start_mark = start_mark


@functools.cache
def yaml_parser() -> Literal["libyaml", "pure"]:
    """Which parser reads YAML here: ``"libyaml"`` (C) when PyYAML has it, else ``"pure"``."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        return "pure"
    return "libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure"


def _compose_libyaml(text: str, max_depth: int) -> Any:
    """The root node (``None`` for an empty stream) libyaml's events give, composed as
    ruamel.yaml composes its own; raises :class:`_Unsure` where the two might differ."""
    from yaml import events
    from yaml._yaml import CParser
    from yaml.error import YAMLError

    if _UNSURE_CHARACTERS.search(text) or _UNSURE_NAMES.search(text):
        raise _Unsure
    scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
    sequence_start, mapping_start = events.SequenceStartEvent, events.MappingStartEvent
    collection_end = (events.SequenceEndEvent, events.MappingEndEvent)
    deepest = min(max_depth, _LIBYAML_MAX_DEPTH)
    parser = CParser(text)
    try:
        event = parser.get_event()  # stream start
        event = parser.get_event()
        if type(event) is events.StreamEndEvent:
            return None
        if event.tags or event.version not in (None, (1, 2)):
            raise _Unsure  # %TAG, or a %YAML other than 1.2
        anchors: dict[str, Any] = {}
        # Each open collection: its node's value list (a mapping's holds keys and values in
        # turn; paired at its end).
        stack: list[Any] = []
        root: Any = None
        get = parser.get_event
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                tag = event.tag
                value = event.value
                if tag is not None and not _PLAIN_TAG.fullmatch(tag):
                    raise _Unsure
                if tag is None:
                    tag = resolve_scalar(value) if event.implicit[0] else _STR
                elif tag == "!":  # ruamel.yaml resolves it as plain text, even when empty
                    tag = resolve_scalar(value)
                mark = event.start_mark
                node: Any = ScalarNode(tag, value, _Mark(mark.line, mark.column))
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise _Unsure  # ruamel.yaml warns about a repeated anchor
                    anchors[anchor] = node
            elif kind is alias_event:
                node = anchors.get(event.anchor)
                if node is None:
                    raise _Unsure  # an undefined alias: ruamel.yaml's error
            elif kind in collection_end:
                done = stack.pop()
                if type(done) is MappingNode:
                    items = done.value
                    done.value = list(zip(items[::2], items[1::2], strict=True))
                if not stack:
                    root = done
                    break
                continue
            elif kind is sequence_start or kind is mapping_start:
                if len(stack) >= deepest:
                    # Nesting past the limit is refused as ruamel.yaml refuses it (the builder,
                    # or Python's recursion limit while composing).
                    raise _Unsure
                tag = event.tag
                if tag is not None and not _PLAIN_TAG.fullmatch(tag):
                    raise _Unsure
                mark = event.start_mark
                if event.flow_style and kind is mapping_start and text[mark.index] != "{":
                    raise _Unsure  # see _read_libyaml
                if kind is sequence_start:
                    node = SequenceNode(
                        _SEQ if tag is None or tag == "!" else tag,
                        [],
                        _Mark(mark.line, mark.column),
                    )
                else:
                    node = MappingNode(
                        _MAP if tag is None or tag == "!" else tag,
                        [],
                        _Mark(mark.line, mark.column),
                    )
                anchor = event.anchor
                if anchor is not None:
                    if anchor in anchors:
                        raise _Unsure
                    anchors[anchor] = node
                if stack:
                    stack[-1].value.append(node)
                stack.append(node)
                continue
            else:  # pragma: no cover - libyaml gives no other event inside a document
                raise _Unsure
            if not stack:
                root = node
                break
            stack[-1].value.append(node)
        # An explicit end (``...``) may be followed by more than libyaml and ruamel.yaml
        # agree on; another document is ruamel.yaml's error.
        if get().explicit or type(get()) is not events.StreamEndEvent:
            raise _Unsure
    except YAMLError:
        raise _Unsure from None
    finally:
        parser.dispose()
    return root


_TEXT_KINDS = frozenset({_STR, _CORE + "timestamp", _CORE + "binary"})
_CONVERT = {_CORE + "bool": _to_bool, _CORE + "int": _to_int, _CORE + "float": _to_float}


def _read_libyaml(text: str, max_depth: int, budget: int) -> ParsedFile | None:
    """Plain data and positions straight from libyaml's events, in one pass.

    The fast way for the usual file: it gives exactly what :class:`_Builder` gives for the
    nodes :func:`_compose_libyaml` composes. Anything else (an error of any kind, anchors,
    aliases, merge keys, keys that are not scalars, deep nesting) returns ``None``: the
    caller then composes the nodes, and the builder decides, with its messages.
    """
    from yaml import events
    from yaml._yaml import CParser
    from yaml.error import YAMLError

    if _UNSURE_CHARACTERS.search(text):
        return None
    scalar_event = events.ScalarEvent
    sequence_start, mapping_start = events.SequenceStartEvent, events.MappingStartEvent
    sequence_end, mapping_end = events.SequenceEndEvent, events.MappingEndEvent
    by_first, str_tag, text_kinds, convert = _BY_FIRST, _STR, _TEXT_KINDS, _CONVERT
    deepest = min(max_depth, _LIBYAML_MAX_DEPTH)
    positions: Positions = {}
    count = 0
    # The open collections: [container, its path, is it a mapping, the key awaiting a value
    # (mappings; None while a key is expected)].
    stack: list[list[Any]] = []
    top: list[Any] | None = None
    data: Any = None
    parser = CParser(text)
    try:
        get = parser.get_event
        get()  # stream start
        event = get()
        if type(event) is events.StreamEndEvent:
            return ParsedFile({}, {})
        if event.tags or event.version not in (None, (1, 2)):
            return None
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    return None
                tag = event.tag
                value: Any = event.value
                if tag is None and not event.implicit[0]:
                    tag = str_tag
                elif tag is None or tag == "!":
                    tag = str_tag
                    for candidate, pattern in by_first.get(value[:1], ()):
                        if pattern.match(value):
                            tag = candidate
                            break
                if top is not None and top[2] and top[3] is None:  # a mapping's key
                    if tag == _MERGE or value in top[0]:
                        return None
                    mark = event.start_mark
                    path = (*top[1], value)
                    positions[path] = (mark.line + 1, mark.column + 1)
                    top[3] = path
                    continue
                count += 1
                if count > budget:
                    return None
                if tag not in text_kinds:
                    if tag == _NULL:
                        value = None
                    else:
                        to_value = convert.get(tag)
                        if to_value is None:
                            return None
                        try:
                            value = to_value(value)
                        except ValueError:
                            return None
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or len(stack) >= deepest:
                    return None
                tag = event.tag
                expected = _MAP if kind is mapping_start else _SEQ
                if tag is not None and tag != "!" and tag != expected:
                    return None
                if top is not None and top[2] and top[3] is None:
                    return None  # a key that is a collection
                count += 1
                if count > budget:
                    return None
                value = {} if kind is mapping_start else []
                mark = event.start_mark
                if event.flow_style and kind is mapping_start and text[mark.index] != "{":
                    # A pair in a flow sequence (``[a: 1]``): ruamel.yaml refuses some that
                    # libyaml reads (``["a":1]``).
                    return None
                if top is None:
                    path = ()
                    data = value
                elif top[2]:
                    path = top[3]
                    top[0][path[-1]] = value
                    top[3] = None
                else:
                    path = (*top[1], len(top[0]))
                    positions[path] = (mark.line + 1, mark.column + 1)
                    top[0].append(value)
                top = [value, path, kind is mapping_start, None]
                stack.append(top)
                continue
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
                if not stack:
                    break
                top = stack[-1]
                continue
            else:  # an alias
                return None
            # a scalar value
            if top is None:
                data = value
                break
            if top[2]:
                top[0][top[3][-1]] = value
                top[3] = None
            else:
                mark = event.start_mark
                positions[(*top[1], len(top[0]))] = (mark.line + 1, mark.column + 1)
                top[0].append(value)
        if get().explicit or type(get()) is not events.StreamEndEvent:
            return None  # see _compose_libyaml
    except YAMLError:
        return None
    finally:
        parser.dispose()
    return ParsedFile(data, positions)
