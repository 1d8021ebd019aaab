"""The ``personajourney`` command line: thin, it parses arguments and calls the library.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import ModelError, PersonaJourneyError, UnknownRuleError

if TYPE_CHECKING:
    from rich.console import Console

    from .checks import Report

app = typer.Typer(
    name="personajourney",
    help="Model who buys and how, check it for gaps, and export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
export_app = typer.Typer(help="Export a workspace for other tools.", no_args_is_help=True)
app.add_typer(export_app, name="export")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


class Level(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class LocaleOption(StrEnum):
    en = "en"
    fi = "fi"


class GraphFormat(StrEnum):
    graphml = "graphml"
    json = "json"


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


_state = {"debug": False}


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(problem: BaseException) -> NoReturn:
    """Report a usage or input error without a traceback (unless --debug) and exit 2."""
    if _state["debug"]:
        raise problem
    err = _console(stderr=True)
    if isinstance(problem, ModelError):
        count = len(problem.problems)
        err.print(f"[bold red]error:[/] invalid model ({count} problem{'s' * (count != 1)})")
        for p in problem.problems:
            where = p.location
            field = f" [cyan]{_esc(p.path)}[/]:" if p.path else ""
            err.print(f"  [bold]{_esc(where)}[/]:{field} {_esc(p.message)}")
            if p.hint:
                err.print(f"      [dim]hint:[/] {_esc(p.hint)}")
    else:
        err.print(f"[bold red]error:[/] {_esc(str(problem))}")
    err.print("[dim](run with --debug for the traceback)[/]")
    raise typer.Exit(EXIT_BAD_INPUT)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _severities(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        prefix, sep, level = item.partition("=")
        if not sep or level.strip() not in {lv.value for lv in Level} or not prefix.strip():
            _fail(
                PersonaJourneyError(
                    f"--severity takes PREFIX=LEVEL with LEVEL one of error, warning, info; "
                    f"got {item!r}"
                )
            )
        out[prefix.strip().upper()] = level.strip()
    return out


def _version(value: bool) -> None:
    if value:
        typer.echo(f"personajourney {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Model who buys and how, check it for gaps, and export it."""
    _state["debug"] = debug


def _load(path: Path):  # type: ignore[no-untyped-def]
    from . import load

    try:
        return load(path)
    except PersonaJourneyError as exc:
        _fail(exc)


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Rule codes or prefixes to run (repeat or comma-separate)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Rule codes or prefixes to skip.")
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option(help="Lowest severity that exits 1 (default: the file's, else error)."),
    ] = None,
    severity: Annotated[
        list[str] | None,
        typer.Option(
            "--severity",
            help="Override a severity by code prefix, e.g. --severity M=info,C003=error.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to a file.")
    ] = None,
    no_coverage: Annotated[
        bool, typer.Option("--no-coverage", help="Leave the coverage tables out of text output.")
    ] = False,
) -> None:
    """Check a workspace for gaps and print the findings.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 for bad input or usage.
    """
    from . import run_checks

    overrides = _severities(_split(severity) or [])
    ws = _load(path)
    try:
        report = run_checks(ws, select=_split(select), ignore=_split(ignore), severity=overrides)
    except UnknownRuleError as exc:
        _fail(exc)
    if format is Format.text and output is None:
        _print_text(report, coverage=not no_coverage)
    else:
        text = {
            Format.text: report.to_text,
            Format.json: report.to_json,
            Format.markdown: report.to_markdown,
            Format.sarif: report.to_sarif,
        }[format]()
        _emit(text, output)
    raise typer.Exit(EXIT_FINDINGS if report.failed(fail_on.value if fail_on else None) else 0)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from .io import write_text_atomic

    try:
        write_text_atomic(output, text)
    except OSError as exc:
        _fail(PersonaJourneyError(f"cannot write {output}: {exc.strerror}"))
    _console(stderr=True).print(f"wrote {_esc(str(output))}")


def _print_text(report: Report, *, coverage: bool) -> None:
    from rich.table import Table

    from .models.labels import label

    out = _console()
    colours = {"error": "bold red", "warning": "yellow", "info": "blue"}
    for severity in ("error", "warning", "info"):
        group = [f for f in report.findings if f.severity.value == severity]
        if not group:
            continue
        title = label("severity", severity, report.locale)
        out.print(f"[{colours[severity]}]{title} ({len(group)})[/]")
        for f in group:
            where = f"[bold]{_esc(f.location)}[/]: " if f.location else ""
            out.print(f"  {where}[{colours[severity]}]{f.code}[/] {_esc(f.message)}")
            if f.hint:
                out.print(f"      [dim]hint:[/] {_esc(f.hint)}")
        out.print()
    if coverage and report.coverage.cells:
        stages = report.coverage.stages
        names = report.stage_labels or list(stages)
        legend = ", ".join(f"S{i} {name}" for i, name in enumerate(names, 1))
        out.print(f"[dim]{_esc(legend)}[/]")
        for kind in ("persona", "member"):
            rows = report.coverage.table(kind)
            if len(rows) < 2:
                continue
            title = label("ui", f"coverage-{kind}", report.locale)
            table = Table(title=title, title_justify="left")
            table.add_column(_esc(label("ui", kind, report.locale)), no_wrap=True)
            for i in range(1, len(stages) + 1):
                table.add_column(f"S{i}", justify="right", no_wrap=True)
            if kind == "member":
                table.add_column(_esc(label("ui", "influence", report.locale)), no_wrap=True)
            for row in rows[1:]:
                styled = [_esc(row[0])] + [
                    f"[red]{_esc(c)}[/]" if c == "0" else _esc(c) for c in row[1:]
                ]
                table.add_row(*styled)
            out.print(table)
    colour = "red" if report.failed() else "green"
    out.print(f"[bold {colour}]{_esc(report.summary_line())}[/]")


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the workspace file format."""
    from .io.schema import json_schema_text

    _emit(json_schema_text(), output)


@app.command("rules")
def rules_command(
    format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RulesFormat.text,
) -> None:
    """List every check with its code, name and default severity."""
    from .checks import rules
    from .checks.docs import rules_markdown

    if format is RulesFormat.markdown:
        sys.stdout.write(rules_markdown())
        return
    if format is RulesFormat.json:
        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "area": r.area,
                "summary": r.summary,
            }
            for r in rules()
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table("code", "name", "severity", "summary")
    for r in rules():
        table.add_row(r.code, r.name, r.severity.value, _esc(r.summary))
    _console().print(table)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code (J010) or name.")]) -> None:
    """Explain one check: why it matters, an example, and how to fix it."""
    from .checks import get_rule

    try:
        found = get_rule(code)
    except UnknownRuleError as exc:
        _fail(exc)
    out = _console()
    out.print(f"[bold]{found.code}[/] {found.name} ([italic]{found.severity.value}[/])")
    out.print()
    out.print(_esc(found.doc))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    locale: Annotated[
        LocaleOption, typer.Option("--locale", "-l", help="Language of the starter.")
    ] = LocaleOption.en,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter workspace that loads and checks cleanly."""
    from .starter import write_starter

    try:
        written = write_starter(directory, locale.value, force=force)
    except (PersonaJourneyError, OSError) as exc:
        _fail(exc if isinstance(exc, PersonaJourneyError) else PersonaJourneyError(str(exc)))
    out = _console()
    for path in written:
        out.print(f"wrote {_esc(str(path))}")
    out.print(f"next: personajourney check {_esc(str(directory))}")


@export_app.command("graph")
def export_graph(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    format: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="graphml (Gephi, yEd) or json.")
    ] = GraphFormat.graphml,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
) -> None:
    """Write the workspace graph as GraphML or node-link JSON."""
    from . import build_graph
    from .graph.export import to_graphml, to_node_link_json

    ws = _load(path)
    G = build_graph(ws)
    text = to_graphml(G) if format is GraphFormat.graphml else to_node_link_json(G)
    _emit(text, output)


def main() -> None:
    """Entry point of the ``personajourney`` command."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except PersonaJourneyError as exc:
        if _state["debug"]:
            raise
        _report_and_exit(exc)
    except Exception as exc:  # a bug: say so plainly, keep the traceback behind --debug
        if _state["debug"]:
            raise
        sys.stderr.write(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in personajourney; please report it with the output of --debug.\n"
        )
        sys.exit(EXIT_BAD_INPUT)


def _report_and_exit(exc: PersonaJourneyError) -> NoReturn:
    try:
        _fail(exc)
    except typer.Exit as done:
        sys.exit(done.exit_code)
