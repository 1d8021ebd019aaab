"""Remove a committee member (a real contact) from the model files, and every reference to it.

``personajourney redact PATH ID`` is how a contact who asks to be forgotten, or one with no
basis for processing (rule D001), leaves the model. The files are people's work: comments,
blank lines, key order, quoting, flow or block style, folded text. So they are not loaded
and dumped again (a dump reformats); ruamel.yaml's round-trip mode reads each file only to
find *where* the member and the references to it are (line and column of every item), and
exactly those bytes are cut out of the original text; every other byte stays as it was.

What is cut:

- the member's item in ``committees[].members`` (in a block list: its lines, the comment
  lines directly above it and the blank lines after it; in a flow list or JSON: the item and
  its comma);
- its id in every other member's ``introduces_ids`` and every touchpoint's ``member_ids``.

A block list left empty becomes ``[]``. JSON files are YAML to ruamel, so they are edited the
same way. The edited files are checked (the workspace must load again) before any is written;
each is written atomically (:func:`~personajourney.io.write_atomic`).

Example:
    >>> text = '''committees:
    ...   - id: c
    ...     name: C
    ...     members:
    ...       # our champion
    ...       - {id: cfo, name: CFO, introduces_ids: [jari]}
    ...       # met at the fair, no consent yet
    ...       - id: jari
    ...         name: Jari Virtanen
    ...         kind: contact
    ... '''
    >>> print(redact_text(text, "jari").text, end="")
    committees:
      - id: c
        name: C
        members:
          # our champion
          - {id: cfo, name: CFO, introduces_ids: []}
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ModelError, PersonaJourneyError
from ._fs import decode_utf8, read_regular, write_atomic

__all__ = ["RedactedText", "Redaction", "redact", "redact_text"]

_SUFFIXES = (".yaml", ".yml", ".json")
#: Largest model file redact edits (the loader's own YAML limit is smaller).
_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RedactedText:
    """The outcome of :func:`redact_text` on one file's text.

    Attributes:
        text: The text with the member and the references to it cut out.
        member: The member's own fields (``id``, ``name``, ``crm_id``, ``title``…) if it is
            defined in this text, else ``None``.
        references: How many references to the member were cut.
    """

    text: str
    member: dict[str, Any] | None
    references: int


@dataclass(slots=True)
class Redaction:
    """What :func:`redact` did.

    Attributes:
        member_id: The member removed.
        member: Its fields as they were (to search outputs for its name and CRM id).
        files: The files changed, in order.
        references: References removed over all files.
    """

    member_id: str
    member: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    references: int = 0

    @property
    def traces(self) -> list[str]:
        """What an output that still names the member would show: its name, CRM id, id."""
        found = [self.member.get(k) for k in ("name", "crm_id")] + [self.member_id]
        return [str(v) for v in dict.fromkeys(found) if v]


def _offsets(text: str) -> list[int]:
    """Offset of the start of each line."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _flow_end(text: str, start: int) -> int:
    """End of the flow item starting at ``start``: before the ``,``, ``]`` or ``}`` that
    closes it at its own depth (trailing spaces excluded)."""
    depth = 0
    quote = ""
    at = start
    while at < len(text):
        char = text[at]
        if quote:
            if char == "\\" and quote == '"':
                at += 2
                continue
            if char == quote:
                if quote == "'" and text[at + 1 : at + 2] == "'":
                    at += 2
                    continue
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                break
            depth -= 1
        elif (char == "," and depth == 0) or (char == "#" and at > 0 and text[at - 1] in " \t"):
            break
        at += 1
    while at > start and text[at - 1] in " \t\r\n":
        at -= 1
    return at


def _is_flow(seq: Any) -> bool:
    return bool(seq.fa.flow_style())


def _item_start(text: str, starts: list[int], seq: Any, index: int) -> int:
    line, column = seq.lc.item(index)
    return int(starts[line] + column)


def _dash(text: str, offset: int) -> int:
    """The ``-`` of the block item whose value starts at ``offset``."""
    at = offset - 1
    while at >= 0 and text[at] in " \t\r\n":
        at -= 1
    if at < 0 or text[at] != "-":
        raise PersonaJourneyError("cannot find the list item's dash (unexpected YAML layout)")
    return at


def _indent(text: str, starts: list[int], line: int) -> int | None:
    """Indentation of ``line``, or ``None`` for a blank line."""
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    body = text[starts[line] : end].rstrip("\r\n")
    stripped = body.lstrip(" ")
    return None if not stripped.strip() else len(body) - len(stripped)


def _is_comment(text: str, starts: list[int], line: int) -> bool:
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    return text[starts[line] : end].lstrip().startswith("#")


def _block_span(text: str, starts: list[int], seq: Any, index: int) -> tuple[int, int]:
    """Byte span of block item ``index``: its leading comment lines, its lines, and the
    blank lines after it (before it, for the last item)."""
    dash = _dash(text, _item_start(text, starts, seq, index))
    first = _line_of(starts, dash)
    column = dash - starts[first]
    # comment lines directly above (no blank line between) belong to the item
    while first > 0 and _is_comment(text, starts, first - 1):
        if (_indent(text, starts, first - 1) or 0) < column:
            break
        first -= 1
    count = len(starts) - (1 if text.endswith("\n") else 0)
    if index + 1 < len(seq):
        next_dash = _dash(text, _item_start(text, starts, seq, index + 1))
        following = _line_of(starts, next_dash)
        next_column = next_dash - starts[following]
        while (
            following - 1 > first
            and _is_comment(text, starts, following - 1)
            and (_indent(text, starts, following - 1) or 0) <= next_column
        ):
            following -= 1
        end_line = following
        return starts[first], starts[end_line] if end_line < len(starts) else len(text)
    # last item: its lines go on while they are blank or indented deeper than the dash
    end_line = _line_of(starts, dash) + 1
    while end_line < count:
        indent = _indent(text, starts, end_line)
        if indent is not None and indent <= column:
            break
        end_line += 1
    while end_line - 1 > first and _indent(text, starts, end_line - 1) is None:
        end_line -= 1  # trailing blank lines separate what follows: keep them
    begin = starts[first]
    if index > 0:  # blank lines between the previous item and this one go with it
        while first > 0 and _indent(text, starts, first - 1) is None:
            first -= 1
        begin = starts[first]
    end = starts[end_line] if end_line < len(starts) else len(text)
    return begin, end


def _cuts_for_item(
    text: str, starts: list[int], parent: Any, key: str, seq: Any, index: int
) -> list[tuple[int, int, str]]:
    """The cuts (start, end, replacement) that remove item ``index`` of ``seq``."""
    if _is_flow(seq):
        begin = _item_start(text, starts, seq, index)
        if index + 1 < len(seq):
            return [(begin, _item_start(text, starts, seq, index + 1), "")]
        if index > 0:
            previous = _item_start(text, starts, seq, index - 1)
            return [(_flow_end(text, previous), _flow_end(text, begin), "")]
        return [(begin, _flow_end(text, begin), "")]
    begin, end = _block_span(text, starts, seq, index)
    if len(seq) > 1:
        return [(begin, end, "")]
    # the only item of a block list: the list becomes [] after its key
    line, column = parent.lc.key(key)
    after_key = text.index(":", starts[line] + column) + 1
    return [(begin, end, ""), (after_key, after_key, " []")]


def redact_text(text: str, member_id: str) -> RedactedText:
    """``text`` (one YAML or JSON model file) without member ``member_id`` and without any
    reference to it; every other byte unchanged (see the module docstring).

    Raises:
        PersonaJourneyError: if the text is not YAML that ruamel.yaml can read.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt", pure=True).load(text)
    except YAMLError as exc:
        raise PersonaJourneyError(f"cannot read the file: {exc}") from None
    if not isinstance(data, dict):
        return RedactedText(text, None, 0)
    starts = _offsets(text)
    cuts: list[tuple[int, int, str]] = []
    member: dict[str, Any] | None = None
    references = 0

    def drop_id(holder: Any, key: str) -> int:
        values = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(values, list):
            return 0
        hits = [i for i, v in enumerate(values) if v == member_id]
        if len(hits) == len(values) and hits and not _is_flow(values):
            # every item goes: one cut for the whole block list
            first = _block_span(text, starts, values, 0)[0]
            last = _block_span(text, starts, values, len(values) - 1)[1]
            line, column = holder.lc.key(key)
            after_key = text.index(":", starts[line] + column) + 1
            cuts.extend([(first, last, ""), (after_key, after_key, " []")])
            return len(hits)
        if len(hits) == len(values) and hits:
            begin = _item_start(text, starts, values, 0)
            cuts.append((begin, _flow_end(text, _item_start(text, starts, values, hits[-1])), ""))
            return len(hits)
        for i in reversed(hits):
            cuts.extend(_cuts_for_item(text, starts, holder, key, values, i))
        return len(hits)

    for committee in data.get("committees") or []:
        members = committee.get("members") if isinstance(committee, dict) else None
        if not isinstance(members, list):
            continue
        for index, item in enumerate(members):
            if isinstance(item, dict) and item.get("id") == member_id:
                member = {str(k): v for k, v in item.items() if isinstance(v, str | int | float)}
                cuts.extend(_cuts_for_item(text, starts, committee, "members", members, index))
            elif isinstance(item, dict):
                references += drop_id(item, "introduces_ids")
    for touchpoint in data.get("touchpoints") or []:
        references += drop_id(touchpoint, "member_ids")
    if not cuts:
        return RedactedText(text, None, 0)
    out = text
    for begin, end, replacement in sorted(cuts, key=lambda c: (c[0], c[1]), reverse=True):
        out = out[:begin] + replacement + out[end:]
    return RedactedText(out, member, references)


def _model_files(path: Path) -> list[Path]:
    from .files import _files_in

    return _files_in(path) if path.is_dir() else [path]


def redact(path: str | os.PathLike[str], member_id: str) -> Redaction:
    """Remove member ``member_id`` and every reference to it from the model at ``path`` (a
    file or a folder of files), keeping every other byte of the files.

    The edited workspace must load; only then is any file written (each atomically).

    Raises:
        PersonaJourneyError: if the model does not load before or after, or no member has
            that id (naming the closest ids).
    """
    from .files import load

    root = Path(path)
    before = load(root)
    ids = [m.id for _, m in before.members()]
    if member_id not in ids:
        close = difflib.get_close_matches(member_id, ids, n=3)
        hint = f"; did you mean {', '.join(f'`{c}`' for c in close)}?" if close else ""
        raise PersonaJourneyError(f"no committee member `{member_id}` in {root}{hint}")
    result = Redaction(member_id)
    edited: dict[Path, str] = {}
    for file in _model_files(root):
        text = decode_utf8(read_regular(file, _MAX_BYTES), str(file))
        done = redact_text(text, member_id)
        if done.text != text:
            edited[file] = done.text
            result.references += done.references
            if done.member is not None:
                result.member = done.member
    _check_loads(root, edited)
    for file, text in edited.items():
        write_atomic(file, text)
        result.files.append(file)
    return result


def _check_loads(root: Path, edited: dict[Path, str]) -> None:
    """The workspace the edited files make must load (checked in a scratch folder)."""
    import shutil
    import tempfile

    from .files import load

    with tempfile.TemporaryDirectory(prefix="pj-redact-") as scratch:
        target = Path(scratch) / (root.name or "model")
        for file in _model_files(root):
            copy = target / file.relative_to(root) if root.is_dir() else target
            copy.parent.mkdir(parents=True, exist_ok=True)
            if file in edited:
                copy.write_text(edited[file], encoding="utf-8")
            else:
                shutil.copyfile(file, copy)
        try:
            load(target)
        except ModelError as exc:
            raise PersonaJourneyError(
                "the model would not load without the member, so nothing was changed: "
                + "; ".join(p.message for p in exc.problems[:3])
            ) from None
