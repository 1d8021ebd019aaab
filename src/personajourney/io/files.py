"""Reading and writing workspace files: YAML or JSON, one file or a folder of files.

A folder is one workspace split across files: lists (``personas``, ``touchpoints``…) are
joined in file-name order, and each single value (``name``, ``locale``, ``checks``…) may be
set in one file only. Every problem is reported with file, line, column and field path, and a
file that is not a valid model never half-loads.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import stat
import warnings
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..errors import InputLimitError, ModelError, ModelWarning, Problem
from ..graph.keys import node_key
from ..models.workspace import Location, Workspace
from . import _mistakes
from ._fs import decode_utf8, read_regular, size_text, write_atomic, write_text_atomic
from ._yaml import Limits, Loc, ParsedFile, Positions, parse_yaml

__all__ = ["Limits", "dump", "dumps", "load", "loads", "write_atomic", "write_text_atomic"]

Format = Literal["yaml", "json"]

LIST_KEYS = (
    "stages",
    "teams",
    "channels",
    "motives",
    "personas",
    "committees",
    "segments",
    "touchpoints",
    "transitions",
    "data_sources",
    "handoffs",
)
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
#: JSON files up to this size are also scanned for line numbers of definitions (about
#: 0.13 s per MB); larger ones load without them, for speed.
JSON_POSITIONS_MAX_BYTES = 4 * 1024 * 1024


@dataclass
class _Source:
    """Maps a path in the merged workspace back to a file and a position in it."""

    files: list[tuple[str, Positions]] = field(default_factory=list)
    # list key -> sorted (start index, file number) of each file's slice of that list
    slices: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # single-valued key -> file number
    owners: dict[str, int] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[str | None, int | None, int | None]:
        if not self.files:
            return None, None, None
        if not loc:  # the file as a whole
            return self.files[0][0], 1, 1
        head = loc[0]
        local: Loc = loc
        number = 0
        if isinstance(head, str) and head in self.slices and len(loc) > 1:
            starts = self.slices[head]
            index = loc[1]
            if isinstance(index, int):
                pos = bisect_right([s for s, _ in starts], index) - 1
                if pos >= 0:
                    start, number = starts[pos]
                    local = (head, index - start, *loc[2:])
        elif isinstance(head, str) and head in self.owners:
            number = self.owners[head]
        elif isinstance(head, str) and head in self.slices:
            number = self.slices[head][0][1]
        name, positions = self.files[number]
        for cut in range(len(local), 0, -1):
            found = positions.get(local[:cut])
            if found is not None:
                return name, found[0], found[1]
        return name, None, None


def _format_of(path: Path) -> Format:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ModelError(
            Problem(
                f"unsupported file type `{path.suffix or path.name}`; use .yaml, .yml or .json",
                file=str(path),
            )
        )
    return fmt  # type: ignore[return-value]


def _hint(option: str, field: str, split: bool = False) -> str:
    """How to get under a size limit or raise it, for an :class:`InputLimitError`."""
    first = "split the workspace into several files in one folder, or " if split else ""
    return (
        f"{first}raise the limit: `personajourney {option} N …` on the command line, "
        f"`pj.Limits({field}=…)` in Python"
    )


_FILE_HINT = _hint("--max-file-mb", "max_bytes", split=True)
_JSON_HINT = _hint("--max-json-mb", "max_json_bytes")
_FOLDER_HINT = _hint("--max-folder-mb", "max_total_bytes")


def _read(path: Path, limit: int, limit_name: str = "Limits.max_bytes") -> bytes:
    """A model file's bytes: a regular file only, its size cap applied before reading."""
    hint = _JSON_HINT if limit_name.endswith("json_bytes") else _FILE_HINT
    return read_regular(path, limit, what="file", limit_name=limit_name, hint=hint)


def _decode(data: bytes, file: str) -> str:
    return decode_utf8(data, file)


def _files_in(folder: Path) -> list[Path]:
    """The model files of a folder, in name order: hidden folders and files and JSON Schema
    files left out. An entry with a model file's name that is not a file (a FIFO, device or
    socket) is kept, so that reading it refuses it instead of skipping it unseen."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() not in _SUFFIXES or path.name.endswith(".schema.json"):
            continue
        try:
            mode = path.stat().st_mode
        except OSError:  # a dangling link
            continue
        if not stat.S_ISDIR(mode):
            found.append(path)
    return found


def _check_sizes(folder: Path, files: list[Path], limits: Limits) -> None:
    """Refuse a folder whose files are too big, each or together, before any is parsed."""
    total = 0
    for file in files:
        try:
            info = file.stat()
        except OSError:
            continue  # reading it names the problem
        if not stat.S_ISREG(info.st_mode):
            continue
        if info.st_size > limits.max_bytes:
            _read(file, limits.max_bytes)  # raises, with the message of a single file
        total += info.st_size
    if total > limits.max_total_bytes:
        raise _folder_too_large(folder, total, limits)


def _folder_too_large(folder: Path, total: int | None, limits: Limits) -> InputLimitError:
    measured = f"{total:,} bytes" if total is not None else "too large"
    message = (
        f"the folder's files together are {measured}, over the limit of "
        f"{size_text(limits.max_total_bytes)} set by Limits.max_total_bytes"
    )
    return InputLimitError(Problem(message, file=str(folder), hint=_FOLDER_HINT))


def _merge(parsed: list[tuple[str, ParsedFile]]) -> tuple[dict[str, Any], _Source]:
    merged: dict[str, Any] = {}
    source = _Source()
    problems: list[Problem] = []
    for number, (name, part) in enumerate(parsed):
        source.files.append((name, part.positions))
        if part.data is None:  # an empty document: "---", "~", or only comments
            continue
        if not isinstance(part.data, dict):
            problems.append(
                Problem("the file must hold a mapping of workspace fields", file=name, line=1)
            )
            continue
        for key, value in part.data.items():
            if key in LIST_KEYS and isinstance(value, list):
                target = merged.setdefault(key, [])
                # When an earlier file set it to something else, validation reports that.
                if isinstance(target, list):
                    source.slices.setdefault(key, []).append((len(target), number))
                    target.extend(value)
            elif key in LIST_KEYS and key in merged:
                line, column = part.positions.get((key,), (None, None))
                message = f"`{key}` must be a list"
                problems.append(Problem(message, key, name, line, column))
            elif key in merged and merged[key] != value:
                other = source.files[source.owners.get(key, 0)][0]
                line = part.positions.get((key,), (None, None))[0]
                problems.append(
                    Problem(
                        f"`{key}` is already set in {other}; set it in one file only",
                        path=key,
                        file=name,
                        line=line,
                    )
                )
            else:
                merged[key] = value
                source.owners.setdefault(key, number)
    if problems:
        raise ModelError(problems)
    return merged, source


def _problems(
    exc: ValidationError, locate: Callable[[Loc], Any], data: Any = None, locale: str = "en"
) -> list[Problem]:
    """Every validation error of ``exc``, in the user's words and language."""
    return _mistakes.explain(exc, data, locate, locale)


def _fmt(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _warn(problems: list[Problem], locale: str) -> None:
    for problem in problems:
        warnings.warn(ModelWarning(problem, locale=locale), stacklevel=4)


def _validate(data: Any, source: _Source, locale: str = "en") -> Workspace:
    _warn(_mistakes.map_roles(data, source.locate, locale), locale)
    try:
        workspace = Workspace.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, source.locate, data, locale)
        raise ModelError(problems, locale=locale) from None
    workspace._set_locations(_locations(workspace, source))
    return workspace


def _locations(ws: Workspace, source: _Source) -> dict[str, Location]:
    out: dict[str, Location] = {}

    def put(key: str, loc: Loc) -> None:
        file, line, column = source.locate(loc)
        if file is not None and line is not None:
            out[key] = Location(file, line, column or 1)

    for field_name, kind in (
        ("stages", "stage"),
        ("teams", "team"),
        ("channels", "channel"),
        ("motives", "motive"),
        ("personas", "persona"),
        ("committees", "committee"),
        ("segments", "segment"),
        ("touchpoints", "touchpoint"),
        ("data_sources", "data_source"),
    ):
        for index, item in enumerate(getattr(ws, field_name)):
            put(f"{kind}:{item.id}", (field_name, index))
    for ci, committee in enumerate(ws.committees):
        for mi, member in enumerate(committee.members):
            put(node_key("member", member.id), ("committees", ci, "members", mi))
    for index in range(len(ws.transitions)):
        put(node_key("transition", index), ("transitions", index))
    return out


_JSON_AT = re.compile(r"^(?P<message>.*?) at line (?P<line>\d+) column (?P<column>\d+)$")


def _json_syntax_error(raw: bytes, name: str, error: str) -> ModelError:
    _decode(raw, name)  # "not UTF-8" is the better message when it applies
    found = _JSON_AT.match(error)
    message, line, column = error, None, None
    if found:
        message = found["message"]
        line, column = int(found["line"]), max(1, int(found["column"]))
    if message == "recursion limit exceeded":
        return InputLimitError(Problem("nesting too deep", "", name, line, column))
    return ModelError(Problem(f"invalid JSON: {message}", "", name, line, column))


# Characters valid inside JSON strings that the YAML reader refuses (C1 controls, U+FFFE/F) or
# takes for line breaks (U+0085, U+2028, U+2029).


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def _json_positions(raw: bytes, name: str, limits: Limits) -> Positions:
    """Where each path of a well-formed JSON file is (line and column of every member key and
    array item), from one pass of a regular-expression tokenizer.

    About 30 times faster than parsing the text again as YAML; only used on JSON that
    pydantic's parser has already accepted as well-formed.
    """
    import json
    from bisect import bisect_right

    text = _decode(raw, name).removeprefix("\ufeff")
    newlines = [m.start() for m in re.finditer("\n", text)]
    positions: Positions = {}
    # Each frame: [path, is_array, next index or pending key, expecting a value,
    #              keys seen so far (objects): key -> line]
    stack: list[list[Any]] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if stack:
            frame = stack[-1]
            if token == ",":
                if frame[1]:
                    frame[2] += 1
                frame[3] = frame[1]
                continue
            if token == ":":
                frame[3] = True
                continue
            if token in ("]", "}"):
                stack.pop()
                continue
            if not frame[1] and not frame[3]:  # a member key
                key = json.loads(token)
                frame[2] = key
                offset = match.start()
                line = bisect_right(newlines, offset - 1)
                start = newlines[line - 1] + 1 if line else 0
                if key in frame[4]:
                    # JSON parsers keep the last of duplicate keys silently; we refuse them,
                    # as we do in YAML, so nothing written is lost without a word.
                    raise ModelError(
                        Problem(
                            f"duplicate key `{key}` (first at line {frame[4][key]}); "
                            "a key may appear only once",
                            _fmt((*frame[0], key)),
                            name,
                            line + 1,
                            offset - start + 1,
                        )
                    )
                frame[4][key] = line + 1
                positions[(*frame[0], key)] = (line + 1, offset - start + 1)
                continue
            # a value: an array item gets its own position
            path = (*frame[0], frame[2])
            if frame[1]:
                offset = match.start()
                line = bisect_right(newlines, offset - 1)
                start = newlines[line - 1] + 1 if line else 0
                positions[path] = (line + 1, offset - start + 1)
            frame[3] = False
        else:
            path = ()
        if token == "{":
            stack.append([path, False, None, False, {}])
        elif token == "[":
            stack.append([path, True, 0, True, None])
    del limits
    return positions


def _load_json(raw: bytes, name: str, limits: Limits, locale: str | None = None) -> Workspace:
    import json

    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        workspace = Workspace.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if errors[0]["type"] == "json_invalid":
            raise _json_syntax_error(raw, name, str(errors[0]["ctx"]["error"])) from None
        # Slow path, only on error: find positions, and the data to explain the errors by.
        text = raw.decode("utf-8", "replace")
        locale = _mistakes.guess_locale([text], locale)
        source = _Source()
        if len(raw) <= limits.max_bytes:
            source.files.append((name, _json_positions(raw, name, limits)))
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        roles = _mistakes.map_roles(data, source.locate, locale) if data else []
        if roles:  # roles written by their labels: read as the neutral roles, as in YAML
            _warn(roles, locale)
            try:
                return _validate(data, source, locale)
            except ModelError as again:
                problems = again.problems
        else:
            problems = _problems(exc, source.locate, data, locale)
        problems = [
            p if p.file else Problem(p.message, p.path, name, hint=p.hint) for p in problems
        ]
        raise ModelError(problems, locale=locale) from None
    if not workspace.model_fields_set:
        text = raw.decode("utf-8", "replace")
        locale = _mistakes.guess_locale([text], locale)
        raise ModelError(_mistakes.empty_problem(name, False, locale), locale=locale)
    if len(raw) <= JSON_POSITIONS_MAX_BYTES:
        source = _Source(files=[(name, _json_positions(raw, name, limits))])
        workspace._set_locations(_locations(workspace, source))
    return workspace


def load(
    path: str | os.PathLike[str], *, limits: Limits | None = None, locale: str | None = None
) -> Workspace:
    """Load a workspace from a YAML or JSON file, or from a folder of such files.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.load("examples/b2b-software")  # doctest: +SKIP
        >>> len(ws.touchpoints)  # doctest: +SKIP
        14

    Args:
        path: A ``.yaml``/``.yml``/``.json`` file, or a folder whose files together form one
            workspace (files named ``*.schema.json`` and hidden folders are skipped).
        limits: Safety limits for untrusted input; the defaults suit hand-written models.
        locale: Language of the messages of errors and warnings (``en``, ``fi``); by default
            the ``locale:`` the files set, else English.

    Raises:
        ModelError: with every problem found (file, line, column, field path, hint), for a
            file that is not a valid model, and for an empty file or folder.
        InputLimitError: for input refused by a safety limit (size, nesting, aliases).

    Warns:
        ModelWarning: for what loads but looks like a mistake: a sentence of a ``[...]``
            list cut in two at a comma, a role written by its Finnish label or HubSpot value.
    """
    limits = limits or Limits()
    target = Path(path)
    if target.is_dir():
        files = _files_in(target)
        if not files:
            raise ModelError(
                Problem("the folder holds no .yaml, .yml or .json files", file=str(target))
            )
    elif target.exists():
        files = [target]
    else:
        raise ModelError(Problem("no such file or folder", file=str(target)))
    root = str((target if target.is_dir() else target.parent).resolve())
    # Photos come from a workspace folder's own tree; a single file's folder is not its own
    # (a downloads folder may hold anything), so it has no assets folder unless one is named.
    assets = root if target.is_dir() else None
    if len(files) == 1 and _format_of(files[0]) == "json":
        raw = _read(files[0], limits.max_json_bytes, "Limits.max_json_bytes")
        workspace = _load_json(raw, str(files[0]), limits, locale)
        workspace._root, workspace._assets = root, assets
        return workspace
    _check_sizes(target, files, limits)
    texts = []
    total = 0
    for file in files:
        _format_of(file)
        # Every file of a folder is parsed as YAML (for positions), so YAML's limit applies.
        raw = _read(file, limits.max_bytes)
        total += len(raw)
        if total > limits.max_total_bytes:  # the files grew since they were measured
            raise _folder_too_large(target, None, limits)
        texts.append((str(file), _decode(raw, str(file)), len(raw)))
    workspace = _load_texts(texts, limits, locale, folder=str(target) if target.is_dir() else None)
    workspace._root, workspace._assets = root, assets
    return workspace


def _load_texts(
    texts: list[tuple[str, str, int]], limits: Limits, locale: str | None, folder: str | None
) -> Workspace:
    """Parse, merge and validate the YAML texts of one workspace, in the user's language."""
    language = _mistakes.guess_locale((source for _, source, _ in texts), locale)
    parsed = []
    for name, source, size in texts:
        try:
            part = parse_yaml(source, name, limits, size)
        except InputLimitError:
            raise
        except ModelError as exc:
            raise _mistakes.syntax(exc, source, language) from None
        _warn(
            _mistakes.split_sentences(name, source, part.data, part.positions, language), language
        )
        parsed.append((name, part))
    data, source_map = _merge(parsed)
    if not data:
        where = folder if folder is not None and len(texts) > 1 else texts[0][0]
        problem = _mistakes.empty_problem(where, folder is not None and len(texts) > 1, language)
        raise ModelError(problem, locale=language)
    return _validate(data, source_map, language)


def loads(
    text: str | bytes,
    *,
    format: Format = "yaml",
    name: str = "<string>",
    limits: Limits | None = None,
    locale: str | None = None,
) -> Workspace:
    """Load a workspace from YAML or JSON text (see :func:`load`).

    Example:
        >>> import personajourney as pj
        >>> ws = pj.loads("name: Demo\\npersonas: [{id: hr-hanna, name: HR-Hanna}]")
        >>> ws.personas[0].name
        'HR-Hanna'
    """
    limits = limits or Limits()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    cap = limits.max_bytes if format == "yaml" else limits.max_json_bytes
    if len(raw) > cap:
        field_name, hint = ("max_bytes", _FILE_HINT)
        if format == "json":
            field_name, hint = ("max_json_bytes", _JSON_HINT)
        message = (
            f"input is {len(raw):,} bytes, over the limit of {size_text(cap)} "
            f"set by Limits.{field_name}"
        )
        raise InputLimitError(Problem(message, file=name, hint=hint))
    if format == "json":
        return _load_json(raw, name, limits, locale)
    return _load_texts([(name, _decode(raw, name), len(raw))], limits, locale, None)


_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


@functools.cache
def _yaml_writer() -> tuple[Any, Any]:
    """The representer and emitter classes :func:`dumps` uses (built on first use)."""
    from ruamel.yaml.emitter import Emitter as BaseEmitter
    from ruamel.yaml.representer import SafeRepresenter

    class Representer(SafeRepresenter):
        """Double-quotes (and so escapes) text holding characters the reader takes for line
        breaks: written raw, U+0085 would be read back as a space."""

        def represent_str(self, data: str) -> Any:
            style = '"' if _LINE_BREAKS.search(data) else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    class Emitter(BaseEmitter):
        """Writes double-quoted text on one line: ruamel.yaml 0.19 folds it, after an escape
        such as ``\\x1C``, without the backslash that keeps the break from reading as a space."""

        def write_double_quoted(self, text: Any, split: Any = True) -> None:
            super().write_double_quoted(text, split=False)

    Representer.add_representer(str, Representer.represent_str)
    return Representer, Emitter


def _plain(workspace: Workspace) -> dict[str, Any]:
    data = workspace.model_dump(mode="json", exclude_defaults=True)
    _refuse_non_finite(data, ())
    return data


def _refuse_non_finite(value: Any, loc: Loc) -> None:
    """A model holds finite numbers only: one changed in code to NaN or infinity (after
    validation) is refused, not written out as ``NaN`` (not JSON) or ``.nan``."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ModelError(
            Problem(
                f"not a finite number ({value}); a model holds finite numbers only",
                _fmt(loc),
                hint="set an ordinary number, or leave the field out",
            )
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_non_finite(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_non_finite(item, (*loc, index))


def dumps(workspace: Workspace, *, format: Format = "yaml", schema: str | None = None) -> str:
    """Serialise a workspace to YAML or JSON text; :func:`loads` gives it back unchanged.

    Fields that hold their default value are left out, so files stay short. The output is
    deterministic: the same workspace always gives the same text.

    Raises:
        ModelError: for a number that is NaN or infinite (set in code after validation):
            neither JSON nor the model allows one.

    Args:
        workspace: The workspace to write.
        format: ``yaml`` or ``json``.
        schema: For YAML, a JSON Schema location to name in a
            ``# yaml-language-server: $schema=...`` first line, for editor completion.
    """
    data = _plain(workspace)
    if format == "json":
        import json

        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Representer, yaml.Emitter = _yaml_writer()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    buffer = io.StringIO()
    if schema:
        buffer.write(f"# yaml-language-server: $schema={schema}\n")
    yaml.dump(data, buffer)
    return buffer.getvalue()


def dump(workspace: Workspace, path: str | os.PathLike[str], *, schema: str | None = None) -> Path:
    """Write a workspace to a ``.yaml``/``.yml`` or ``.json`` file, atomically.

    ``load(path)`` afterwards gives a workspace equal to ``workspace``.

    Example:
        >>> import personajourney as pj, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "model.yaml"
        >>> _ = pj.dump(pj.Workspace(name="Demo"), out)
        >>> pj.load(out).name
        'Demo'
    """
    target = Path(path)
    fmt = _format_of(target)
    write_text_atomic(target, dumps(workspace, format=fmt, schema=schema))
    return target
