"""Spreadsheets and CRM exports in and out: ``import sheet``, ``import hubspot``,
``import salesforce`` and ``export sheet``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from ..errors import PersonaJourneyError
from .core import (
    MAX_PROBLEMS_SHOWN,
    PrivacyOption,
    console,
    esc,
    export_app,
    fail,
    import_app,
    input_limits,
    load_workspace,
    write_new,
)

#: Options shared by the import commands.
_COLUMN_HELP = "Map a header to a field: 'Header=field' (repeat)."
ColumnOption = Annotated[list[str] | None, typer.Option("--column", help=_COLUMN_HELP)]
_PREVIEW_HELP = "Show what would be imported; write nothing."
PreviewOption = Annotated[bool, typer.Option("--preview", help=_PREVIEW_HELP)]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
IntoOption = Annotated[
    Path | None, typer.Option("--into", help="The workspace the import joins (checked with it).")
]


def _column_map(values: list[str] | None) -> dict[str, str]:
    """``--column 'Job Title=title'`` options as header → field."""
    out: dict[str, str] = {}
    for value in values or []:
        header, sep, target = value.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            fail(PersonaJourneyError(f"--column takes 'Header=field'; got {value!r}"))
        out[header.strip()] = target.strip()
    return out


def _left_out(skipped: list[Any], ignored: dict[str, list[str]], personal: list[str]) -> None:
    """What an import left out, on stderr: bad rows, unmapped and personal columns."""
    err = console(stderr=True)
    for where, names in ignored.items():
        if names:
            err.print(
                f"[yellow]warning:[/] {esc(where)}: left out, not in the layout (map a column "
                f"with --column 'Header=field'): {esc(', '.join(names))}"
            )
    if personal:
        err.print(f"[dim]not read (details the model does not need):[/] {esc(', '.join(personal))}")
    for p in skipped[:MAX_PROBLEMS_SHOWN]:
        err.print(f"[yellow]row left out:[/] [bold]{esc(p.location)}[/]: {esc(p.message)}")
        if p.hint:
            err.print(f"      [dim]hint:[/] {esc(p.hint)}")
    if len(skipped) > MAX_PROBLEMS_SHOWN:
        err.print(f"  … and {len(skipped) - MAX_PROBLEMS_SHOWN} more rows left out")


@import_app.command("sheet")
def import_sheet(
    source: Annotated[
        Path, typer.Argument(help="An XLSX workbook, a folder of CSV files, or one CSV file.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write workspace.yaml to.")
    ] = None,
    into: IntoOption = None,
    table: Annotated[
        str | None, typer.Option("--table", help="The table a single CSV file holds.")
    ] = None,
    column: ColumnOption = None,
    preview: PreviewOption = False,
    force: ForceOption = False,
) -> None:
    """Turn spreadsheet tables (personas, members, touchpoints, segments…) into a workspace."""
    from ..io.tables import read_tables, workspace_from_tables

    if output is None and not preview:
        fail(PersonaJourneyError("say where to write with -o FOLDER, or use --preview"))
    base = load_workspace(into) if into is not None else None
    try:
        tables, ignored_tables = read_tables(source, table=table, limits=input_limits())
        result = workspace_from_tables(tables, base=base, columns=_column_map(column))
    except PersonaJourneyError as exc:
        fail(exc)
    _left_out(result.skipped, result.ignored_columns | {"not tables": ignored_tables}, [])
    out = console()
    out.print(f"read {esc(', '.join(f'{n} {t}' for t, n in result.rows.items()))} rows")
    if output is not None and not preview:
        if output.exists() and not output.is_dir():
            fail(PersonaJourneyError(f"{output} is a file; -o takes a folder"))
        write_new(result.workspace, output / "workspace.yaml", force)
        out.print(f"next: personajourney check {esc(str(output))}")


def _crm_command(
    source: Literal["hubspot", "salesforce"], what: str, per: str
) -> Callable[..., None]:
    file_argument = typer.Argument(help=f"The {what} (CSV or XLSX).")

    def command(
        file: Path = file_argument,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="YAML file for the committees.")
        ] = None,
        into: IntoOption = None,
        column: ColumnOption = None,
        preview: PreviewOption = False,
        force: ForceOption = False,
    ) -> None:
        from rich.table import Table as RichTable

        from ..io.crm import read_crm
        from ..models.workspace import Workspace as Model

        if output is None and not preview:
            fail(PersonaJourneyError("say where to write with -o FILE.yaml, or use --preview"))
        base = load_workspace(into) if into is not None else None
        try:
            got = read_crm(
                file, source, base=base, columns=_column_map(column), limits=input_limits()
            )
        except PersonaJourneyError as exc:
            fail(exc)
        _left_out(
            got.skipped,
            {file.name: got.ignored_columns} if got.ignored_columns else {},
            got.personal_columns,
        )
        shown, out = (
            RichTable("committee", "member", "roles", "title", "crm_id", box=None),
            console(),
        )
        for c in got.committees:
            for m in c.members:
                roles = ", ".join(r.value for r in m.roles) or "-"
                cells = (c.id, f"{m.id} ({m.name})", roles, m.title or "", m.crm_id or "")
                shown.add_row(*(esc(cell) for cell in cells))
        out.print(shown)
        people = sum(len(c.members) for c in got.committees)
        out.print(f"{len(got.committees)} committees, {people} contacts from {got.rows} rows")
        if output is not None and not preview:
            write_new(Model(committees=got.committees), output, force)

    command.__doc__ = f"Buying committees of real contacts from a {what}: one per {per}."
    return command


import_app.command("hubspot")(_crm_command("hubspot", "HubSpot contacts export", "deal"))
import_app.command("salesforce")(
    _crm_command("salesforce", "Salesforce Opportunity Contact Role export", "opportunity")
)


@export_app.command("sheet")
def export_sheet(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="An .xlsx workbook, or a folder for CSV files.")
    ],
    privacy: PrivacyOption = None,
) -> None:
    """Write the workspace as spreadsheet tables (the layout `import sheet` reads)."""
    from ..io.tables import write_tables

    ws = load_workspace(path, privacy)
    try:
        written = write_tables(ws, output)
    except OSError as exc:
        fail(PersonaJourneyError(f"cannot write {output}: {exc.strerror or exc}"))
    for target in written:
        console(stderr=True).print(f"wrote {esc(str(target))}")
