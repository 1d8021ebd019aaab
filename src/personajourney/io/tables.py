"""A workspace as spreadsheet tables, and back: CSV files or one XLSX workbook.

One table per list of the workspace (``stages``, ``teams``, ``channels``, ``motives``,
``personas``, ``members``, ``segments``, ``touchpoints``, ``transitions``) and a
``workspace`` table of ``field``/``value`` rows for the workspace's own fields. The columns
are the model's field names; a nested field is a dotted column (``provenance.kind``,
``criteria.company_size.min``); the ``members`` table carries its committee in
``committee.*`` columns. What goes in a cell:

- ids, roles and other short keys: separated by commas (``web, email``);
- lists of prose (goals, questions…): one item per line of the cell;
- motive links: ``motive-id: 0.8``, one per line; mappings (``demographics``,
  ``influence_by_stage``): ``key: value``, one per line;
- yes/no fields: ``true``/``false`` (``yes``/``no``, ``1``/``0`` also read); numbers with a
  decimal point or a decimal comma.

Reading maps columns by name only: a column the layout does not have is reported and left
out, never guessed. Each row is checked on its own: a bad row is reported with its table, row
number and column, and left out; references between rows are checked once all are read.
Writing guards against spreadsheet formula injection: in CSV, a text cell starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe (removed again on
reading); in XLSX every text cell is stored as text, never as a formula.
"""

from __future__ import annotations

import csv
import enum
import io
import math
import re
import types
import typing
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..errors import InputLimitError, ModelError, Problem
from ..models.entities import (
    BuyingCommittee,
    Channel,
    Member,
    Motive,
    MotiveLink,
    Persona,
    Segment,
    Stage,
    Team,
    Touchpoint,
    Transition,
)
from ..models.workspace import Workspace
from ._fs import decode_utf8, read_regular, write_atomic
from ._mistakes import explain_error
from ._yaml import Limits
from .files import _problems

__all__ = [
    "TABLES",
    "Table",
    "TableImport",
    "read_tables",
    "tables_of",
    "workspace_from_tables",
    "write_tables",
]

#: The tables of the layout, in the order they are written, and the model of one row.
TABLES: dict[str, type[BaseModel] | None] = {
    "workspace": None,
    "stages": Stage,
    "teams": Team,
    "channels": Channel,
    "motives": Motive,
    "personas": Persona,
    "members": Member,
    "segments": Segment,
    "touchpoints": Touchpoint,
    "transitions": Transition,
}

#: The committee columns of the ``members`` table (``committee.<field>``).
_COMMITTEE_FIELDS = tuple(f for f in BuyingCommittee.model_fields if f != "members")

#: Most rows one table may hold, and most bytes an XLSX workbook may unpack to.
MAX_ROWS = 100_000
MAX_XLSX_UNPACKED = 200 * 1024 * 1024

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_Kind = Literal["scalar", "keys", "lines", "links", "mapping", "model"]


class _Formula(str):
    """A workbook cell that holds a formula (its text), not a value."""

    __slots__ = ()


@dataclass(frozen=True)
class Table:
    """One table as read: where it came from, its header and its rows.

    ``rows`` holds ``(row number, cells)``; the header is row 1.
    """

    name: str
    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


@dataclass
class TableImport:
    """What reading tables gave: the workspace, and what was left out and why.

    Attributes:
        workspace: The workspace built from the tables (and the base, if one was given).
        rows: Rows read per table.
        skipped: Bad rows, each with its table, row number and column; they were left out.
        ignored_columns: Per table, the columns the layout does not have (left out).
        ignored_tables: Sheets or files that are not a table of the layout.
    """

    workspace: Workspace
    rows: dict[str, int] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    ignored_tables: list[str] = field(default_factory=list)


# -- what kind of cell a field is ---------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """The type under ``Annotated`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_key(annotation: Any) -> bool:
    """True for an id or an enum value: written comma-separated in a list."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return True
    return any(getattr(m, "pattern", None) for m in getattr(annotation, "__metadata__", ()))


def _kind(annotation: Any) -> tuple[_Kind, Any]:
    inner = _unwrap(annotation)
    origin = typing.get_origin(inner)
    if origin is list:
        (item,) = typing.get_args(inner)
        if _unwrap(item) is MotiveLink:
            return "links", None
        return ("keys" if _is_key(item) else "lines"), item
    if origin is dict:
        return "mapping", None
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return "model", inner
    return "scalar", inner


def _columns(model: type[BaseModel], prefix: str = "") -> list[tuple[str, _Kind]]:
    """The columns of ``model``'s table, nested models flattened into dotted names."""
    out: list[tuple[str, _Kind]] = []
    for name, info in model.model_fields.items():
        kind, inner = _kind(info.annotation)
        if kind == "model":
            out += _columns(inner, f"{prefix}{name}.")
        else:
            out.append((prefix + name, kind))
    return out


def _table_columns(table: str) -> list[tuple[str, _Kind]]:
    if table == "workspace":
        return [("field", "scalar"), ("value", "scalar")]
    model = TABLES[table]
    assert model is not None
    columns = _columns(model)
    if table == "members":
        committee = [
            (f"committee.{name}", _kind(BuyingCommittee.model_fields[name].annotation)[0])
            for name in _COMMITTEE_FIELDS
        ]
        columns = committee + columns
    return columns


def _workspace_fields() -> list[str]:
    """The workspace's own fields that a ``field``/``value`` row can hold."""
    return [
        name
        for name, info in Workspace.model_fields.items()
        if name not in TABLES and name != "committees" and _kind(info.annotation)[0] == "scalar"
    ]


# -- writing ------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _cell(value: Any, kind: _Kind) -> object:
    if value is None or value == [] or value == {}:
        return None
    if kind == "keys":
        return ", ".join(str(getattr(v, "value", v)) for v in value)
    if kind == "lines":
        return "\n".join(str(v) for v in value)
    if kind == "links":
        return "\n".join(f"{link['motive_id']}: {_number(link['strength'])}" for link in value)
    if kind == "mapping":
        return "\n".join(
            f"{k}: {_number(v) if isinstance(v, float) else v}" for k, v in value.items()
        )
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _dig(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def tables_of(workspace: Workspace) -> dict[str, list[list[object]]]:
    """The workspace as tables: name → rows, the first row the header."""
    data = workspace.model_dump(mode="json", exclude_none=True)
    out: dict[str, list[list[object]]] = {}
    own: list[list[object]] = [["field", "value"]]
    own += [
        [name, _cell(data.get(name), "scalar")]
        for name in _workspace_fields()
        if data.get(name) is not None
    ]
    out["workspace"] = own
    for table, model in TABLES.items():
        if model is None:
            continue
        columns = _table_columns(table)
        records: list[dict[str, Any]] = []
        if table == "members":
            for committee in data.get("committees", []):
                for member in committee.get("members", []):
                    records.append(
                        {**member, "committee": {k: committee.get(k) for k in _COMMITTEE_FIELDS}}
                    )
        else:
            records = data.get(table, [])
        header: list[object] = [name for name, _ in columns]
        rows: list[list[object]] = [header]
        rows += [[_cell(_dig(r, name), kind) for name, kind in columns] for r in records]
        out[table] = rows
    return out


def _csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_text(rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                ("true" if v else "false")
                if isinstance(v, bool)
                else ("" if v is None else _csv_safe(v))
                for v in row
            ]
        )
    return buffer.getvalue()


def _xlsx_bytes(tables: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    # no author, no local details: only what the tables hold
    book.properties.creator = None
    book.properties.lastModifiedBy = None
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
                    if "\n" in value:
                        cell.alignment = wrap
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_tables(workspace: Workspace, target: str | Path) -> list[Path]:
    """Write the workspace's tables: one XLSX workbook if ``target`` ends in ``.xlsx``, else a
    folder of CSV files (``personas.csv``…, UTF-8, comma-separated). Returns what was written.
    """
    target = Path(target)
    tables = tables_of(workspace)
    if target.suffix.lower() == ".xlsx":
        write_atomic(target, _xlsx_bytes(tables))
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = target / f"{name}.csv"
        write_atomic(path, _csv_text(rows).encode("utf-8"))
        written.append(path)
    return written


# -- reading ------------------------------------------------------------------------------------


def _sniff(first_line: str) -> str:
    """The delimiter of a CSV file: comma, semicolon (spreadsheets in Finnish and Swedish use
    it) or tab, whichever the header row holds most of."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv(path: Path, name: str, limits: Limits) -> Table:
    raw = read_regular(path, limits.max_bytes, what="table", limit_name="Limits.max_bytes")
    if raw.startswith(b"\xef\xbb\xbf"):  # the byte-order mark spreadsheets write
        raw = raw[3:]
    text = decode_utf8(raw, str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text.split("\n", 1)[0]))
    try:
        header = tuple(c.strip() for c in next(reader, []))
        rows: list[tuple[int, tuple[object, ...]]] = []
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise InputLimitError(
                    [Problem(f"more than {MAX_ROWS:,} rows", file=str(path), line=reader.line_num)]
                )
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, tuple(cells)))
    except csv.Error as exc:
        raise ModelError([Problem(f"not a CSV file: {exc}", file=str(path))]) from None
    return Table(name, str(path), header, tuple(rows))


def _read_xlsx(
    path: Path, limits: Limits, first_as: str | None = None
) -> tuple[list[Table], list[str]]:
    raw = read_regular(path, limits.max_bytes, what="workbook", limit_name="Limits.max_bytes")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ModelError(
            [Problem("not an XLSX workbook (not a zip archive)", file=str(path))]
        ) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputLimitError(
            [
                Problem(
                    f"the workbook unpacks to {unpacked:,} bytes, over the limit of "
                    f"{MAX_XLSX_UNPACKED:,}",
                    file=str(path),
                )
            ]
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ModelError([Problem(f"cannot read the workbook: {exc}", file=str(path))]) from None
    tables, ignored = [], []
    try:
        sheets = book.worksheets[:1] if first_as else book.worksheets
        for sheet in sheets:
            name = first_as or sheet.title.strip().casefold()
            if name not in TABLES:
                ignored.append(sheet.title)
                continue
            rows: list[tuple[int, tuple[object, ...]]] = []
            header: tuple[str, ...] = ()
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = tuple(
                    _Formula(str(c.value)) if getattr(c, "data_type", None) == "f" else c.value
                    for c in cells
                )
                if number == 1:
                    header = tuple("" if v is None else str(v).strip() for v in values)
                    continue
                if len(rows) >= MAX_ROWS:
                    raise InputLimitError(
                        [
                            Problem(
                                f"sheet {sheet.title}: more than {MAX_ROWS:,} rows", file=str(path)
                            )
                        ]
                    )
                if any(v is not None and str(v).strip() for v in values):
                    rows.append((number, tuple(values)))
            tables.append(Table(name, f"{path} [{sheet.title}]", header, tuple(rows)))
    finally:
        book.close()
    return tables, ignored


def read_tables(
    path: str | Path,
    *,
    table: str | None = None,
    limits: Limits | None = None,
    any_sheet: bool = False,
) -> tuple[list[Table], list[str]]:
    """Read the tables at ``path``: an XLSX workbook (a sheet per table, named as the table),
    a folder of CSV files (``personas.csv``…) or one CSV file (the table named by its file
    name, or by ``table``). Returns the tables and the sheets or files that are not a table.

    Raises:
        ModelError: for a file that cannot be read as a table.
    """
    path, limits = Path(path), limits or Limits()
    if path.is_dir():
        found, ignored = [], []
        for child in sorted(path.iterdir()):
            if child.name.startswith(".") or child.suffix.lower() != ".csv":
                continue
            name = child.stem.casefold()
            if name in TABLES:
                found.append(_read_csv(child, name, limits))
            else:
                ignored.append(child.name)
        if not found:
            raise ModelError(
                [
                    Problem(
                        "the folder holds no table: name the CSV files after the tables",
                        file=str(path),
                        hint=f"one of {', '.join(n + '.csv' for n in TABLES)}",
                    )
                ]
            )
        return found, ignored
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, limits, (table or "members") if any_sheet else None)
    name = (table or path.stem).casefold()
    if name not in TABLES:
        raise ModelError(
            [
                Problem(
                    f"which table is {path.name}? its name is not one of the layout's",
                    file=str(path),
                    hint=f"rename it or pass --table: one of {', '.join(TABLES)}",
                )
            ]
        )
    return [_read_csv(path, name, limits)], []


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_LINK = re.compile(r"^\s*([^\s:=]+)\s*(?:[:=]\s*|\s+)?([^\s]*)\s*$")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r":
        return text[1:]  # the apostrophe our CSV writer puts before a formula-like text
    return text


def _literal(value: Any, annotation: Any) -> Any:
    """A text cell for a field that takes fixed values (``version: 1``): the value it names."""
    inner = _unwrap(annotation)
    if typing.get_origin(inner) is Literal:
        for allowed in typing.get_args(inner):
            if str(allowed) == str(value):
                return allowed
    return value


def _scalar_types(model: type[BaseModel], prefix: str = "") -> dict[str, Any]:
    """Column name -> annotation, for the columns of one value."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        kind, inner = _kind(info.annotation)
        if kind == "model":
            out |= _scalar_types(inner, f"{prefix}{name}.")
        elif kind == "scalar":
            out[prefix + name] = info.annotation
    return out


def _parse(value: object, kind: _Kind) -> Any:
    """The plain value a cell holds, for the model to validate."""
    is_number = isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value))
    if is_number and kind == "scalar":
        return value
    text = _text(value)
    if kind == "scalar":
        return text.replace(",", ".") if _DECIMAL_COMMA.match(text) else text
    if kind == "keys":
        return [part for part in re.split(r"[,;\s]+", text) if part]
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    pairs = [p.strip() for p in re.split(r"[\n;]", text) if p.strip()]
    if kind == "links":
        links = []
        for pair in pairs:
            match = _LINK.match(pair)
            if match is None:
                raise ValueError(f"write a motive link as `motive-id: 0.8`, not {pair!r}")
            motive, strength = match.groups()
            links.append(
                {"motive_id": motive}
                | ({"strength": _parse(strength, "scalar")} if strength else {})
            )
        return links
    mapping: dict[str, Any] = {}
    for pair in pairs:
        key, sep, rest = pair.partition(":")
        if not sep:
            raise ValueError(f"write each entry as `key: value`, not {pair!r}")
        mapping[key.strip()] = _parse(rest, "scalar")
    return mapping


def _normalised(header: str) -> str:
    return re.sub(r"\s+", "_", header.strip()).casefold()


@dataclass
class _Records:
    """The rows of one table turned into plain records, with where each came from."""

    records: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # column name -> 1-based position


def _put(record: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        record = record.setdefault(part, {})
    record[last] = value


def _records(table: Table, columns: Mapping[str, str], result: TableImport) -> _Records:
    """Parse the cells of ``table``; a row with a cell that cannot be read is skipped."""
    layout = dict(_table_columns(table.name))
    known = {_normalised(name): name for name in layout}
    wanted: dict[int, str] = {}
    for position, header in enumerate(table.header):
        if not header:
            continue
        name = columns.get(header) or known.get(_normalised(header))
        if name is None or name not in layout:
            result.ignored_columns.setdefault(table.name, []).append(header)
        else:
            wanted[position] = name
    out = _Records(columns={name: pos + 1 for pos, name in wanted.items()})
    model = TABLES[table.name]
    fixed = _scalar_types(model) if model is not None else {}
    for number, cells in table.rows:
        record: dict[str, Any] = {}
        bad = False
        for position, name in wanted.items():
            value = cells[position] if position < len(cells) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, _Formula):
                result.skipped.append(
                    _problem(
                        table,
                        number,
                        position + 1,
                        f"{name}: the cell holds a formula",
                        "paste its value instead of the formula",
                    )
                )
                bad = True
                continue
            try:
                parsed = _parse(value, layout[name])
                _put(record, name, _literal(parsed, fixed[name]) if name in fixed else parsed)
            except ValueError as exc:
                result.skipped.append(_problem(table, number, position + 1, f"{name}: {exc}"))
                bad = True
        if not bad and record:
            out.records.append(record)
            out.rows.append(number)
    return out


def _problem(
    table: Table, row: int, column: int | None, message: str, hint: str | None = None
) -> Problem:
    return Problem(message, path=table.name, file=table.file, line=row, column=column, hint=hint)


def _checked(
    model: type[BaseModel], table: Table, records: _Records, result: TableImport
) -> list[tuple[int, dict[str, Any]]]:
    """The records that are a valid row of ``model`` on their own; the others reported."""
    good = []
    for record, row in zip(records.records, records.rows, strict=True):
        row_record = {k: v for k, v in record.items() if k != "committee"}
        try:
            model.model_validate(row_record)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
                column = records.columns.get(name) or records.columns.get(name.split(".")[0])
                if error["type"] == "missing":
                    message, hint = "required column is empty or missing", None
                else:  # the loader's words, not pydantic's
                    message, hint = explain_error(error, "en", row_record, model)
                result.skipped.append(_problem(table, row, column, f"{name}: {message}", hint))
            continue
        good.append((row, record))
    return good


def workspace_from_tables(
    tables: Iterable[Table],
    *,
    base: Workspace | None = None,
    columns: Mapping[str, str] | None = None,
    name: str = "Imported workspace",
) -> TableImport:
    """Build a workspace from tables read by :func:`read_tables`.

    A table replaces the base workspace's list of the same name (``members`` replaces its
    committees); what no table holds comes from ``base`` (or the defaults). ``columns`` maps
    a header to a column of the layout (``{"Job Title": "title"}``).

    Raises:
        ModelError: when rows that are fine on their own do not fit together (an unknown id,
            the same id twice), each problem at its table, row and column; nothing is built.
    """
    data: dict[str, Any] = (
        base.model_dump(mode="json", exclude_none=True) if base is not None else {"name": name}
    )
    placeholder = Workspace.model_validate(data)
    result = TableImport(workspace=placeholder)
    origin: dict[tuple[Any, ...], tuple[Table, int, dict[str, int]]] = {}
    for table in tables:
        records = _records(table, columns or {}, result)
        result.rows[table.name] = len(table.rows)
        if table.name == "workspace":
            fields = set(_workspace_fields())
            for record, row in zip(records.records, records.rows, strict=True):
                key, value = str(record.get("field", "")), record.get("value")
                if key not in fields:
                    result.skipped.append(
                        _problem(
                            table,
                            row,
                            1,
                            f"unknown workspace field {key!r}",
                            f"one of {', '.join(sorted(fields))}",
                        )
                    )
                elif value is not None:
                    data[key] = _literal(value, Workspace.model_fields[key].annotation)
            continue
        model = TABLES[table.name]
        assert model is not None
        good = _checked(model, table, records, result)
        if table.name == "members":
            committees: dict[str, dict[str, Any]] = {}
            for row, record in good:
                committee = record.pop("committee", {})
                cid = committee.get("id")
                if not cid:
                    result.skipped.append(
                        _problem(
                            table,
                            row,
                            records.columns.get("committee.id"),
                            "committee.id: every member needs the id of its committee",
                        )
                    )
                    continue
                entry = committees.setdefault(cid, {"members": []})
                for key, value in committee.items():
                    entry.setdefault(key, value)  # the first row that gives a field wins
                entry.setdefault("name", cid)
                origin[
                    ("committees", list(committees).index(cid), "members", len(entry["members"]))
                ] = (table, row, records.columns)
                entry["members"].append(record)
            data["committees"] = list(committees.values())
        else:
            for index, (row, _record) in enumerate(good):
                origin[(table.name, index)] = (table, row, records.columns)
            data[table.name] = [record for _, record in good]

    def locate(loc: tuple[Any, ...]) -> tuple[str | None, int | None, int | None]:
        for size in (4, 2):
            found = origin.get(tuple(loc[:size]))
            if found is not None:
                table, row, cols = found
                rest = [str(p) for p in loc[size:] if not isinstance(p, int)]
                return (
                    table.file,
                    row,
                    cols.get(".".join(rest)) or (cols.get(rest[0]) if rest else None),
                )
        return None, None, None

    try:
        result.workspace = Workspace.model_validate(data)
    except ValidationError as exc:
        raise ModelError(_problems(exc, locate)) from None
    return result
