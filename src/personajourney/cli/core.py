"""The ``personajourney`` command line: thin, it parses arguments and calls the library.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, cast, get_args

import typer

from .. import __version__
from .._text import for_terminal
from ..errors import ModelError, PersonaJourneyError, UnknownRuleError
from ..i18n import LOCALES
from ..models.vocab import PrivacyProfile, Severity
from ..render.artefacts import KINDS, Selector, kinds_with
from ..render.paper import PAPER_SIZES
from ..render.paper import Orientation as PageOrientation

if TYPE_CHECKING:
    from rich.console import Console

    from ..checks import Report
    from ..models import Workspace
    from ..models.evidence import Observation
    from ..render.api import Options
    from ..render.pack import PackResult

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
import_app = typer.Typer(help="Import a workspace from other tools.", no_args_is_help=True)
app.add_typer(import_app, name="import")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


def _choices(name: str, values: Iterable[str]) -> type[StrEnum]:
    """An enum of the library's own values, so the command line offers exactly those."""
    return cast("type[StrEnum]", StrEnum(name, [(value, value) for value in values]))


# The choices are the library's tables; mypy sees each as a plain StrEnum.
if TYPE_CHECKING:
    Level = StrEnum
    LocaleOption = StrEnum
    Kind = StrEnum
    Paper = StrEnum
    Orientation = StrEnum
    PrivacyChoice = StrEnum
else:
    #: Severities, as :class:`~personajourney.Severity` orders them.
    Level = _choices("Level", (s.value for s in Severity))
    #: Label languages (:data:`personajourney.i18n.LOCALES`).
    LocaleOption = _choices("LocaleOption", LOCALES)
    #: Kinds :func:`personajourney.render.api.render` makes (the artefact table).
    Kind = _choices("Kind", KINDS)
    #: Paper sizes (:data:`personajourney.render.paper.PAPER_SIZES`).
    Paper = _choices("Paper", PAPER_SIZES)
    Orientation = _choices("Orientation", get_args(PageOrientation))
    #: Privacy profiles (:class:`~personajourney.models.vocab.PrivacyProfile`).
    PrivacyChoice = _choices("PrivacyChoice", (p.value for p in PrivacyProfile))

#: ``--privacy`` of every command that writes or prints model content.
PrivacyOption = Annotated[
    PrivacyChoice | None,
    typer.Option(
        "--privacy",
        help="Who the output is for: internal (all), share (real contacts under pseudonyms), "
        "public (no real contacts). Default: the workspace's privacy setting.",
    ),
]

#: ``--events`` of ``check`` and ``evidence``.
EventsOption = Annotated[
    Path | None,
    typer.Option(
        "--events",
        help="An event log (CSV, Parquet or JSON lines: a file, a folder or a glob) to hold the "
        "journey against. Default: the workspace's evidence.source.",
    ),
]
MinCasesOption = Annotated[
    int | None,
    typer.Option(
        "--min-cases",
        min=1,
        help="Hide counts of fewer cases than this (default: the workspace's, 5; 1 shows all).",
    ),
]
MaxEventsOption = Annotated[
    float | None,
    typer.Option("--max-events-mb", min=0, help="Largest total size of the event log (MiB)."),
]
MemoryOption = Annotated[
    str | None,
    typer.Option("--memory-limit", help="DuckDB's memory limit, e.g. 500MB (spills past it)."),
]

_ORIENTATIONS: tuple[PageOrientation, ...] = get_args(PageOrientation)
_DEFAULT_LOCALE = LocaleOption("en")


class GraphFormat(StrEnum):
    graphml = "graphml"
    json = "json"


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    ibis = "ibis"
    spark = "spark"


class EvidenceFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


_state: dict[str, Any] = {"debug": False, "limits": {}}


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


#: Problems of an invalid model printed at most; the rest are counted.
MAX_PROBLEMS_SHOWN = 100


def _fail(problem: BaseException) -> NoReturn:
    """Report a usage or input error without a traceback (unless --debug) and exit 2."""
    if _state["debug"]:
        raise problem
    err = _console(stderr=True)
    if isinstance(problem, ModelError):
        # A mistake in the model, said in the model's language: nothing unexpected, so no
        # offer of --debug (that is for bugs).
        _print_model_error(err, problem)
        raise typer.Exit(EXIT_BAD_INPUT)
    err.print(f"[bold red]error:[/] {_esc(str(problem))}")
    err.print("[dim](run with --debug for the traceback)[/]")
    raise typer.Exit(EXIT_BAD_INPUT)


def _print_model_error(err: Console, problem: ModelError) -> None:
    from ..i18n import text

    locale, count = problem.locale, len(problem.problems)
    if problem.what != "model":  # an event log: its messages are in English
        head = f"invalid {problem.what} ({count} problem{'s' * (count != 1)})"
    elif count == 1:
        head = text("load.invalid-model-one", locale)
    else:
        head = text("load.invalid-model-many", locale, n=count)
    err.print(f"[bold red]{text('load.error', locale)}:[/] {_esc(head)}")
    for p in problem.problems[:MAX_PROBLEMS_SHOWN]:
        _print_problem(err, p, locale)
    if count > MAX_PROBLEMS_SHOWN:
        more = count - MAX_PROBLEMS_SHOWN
        if locale == "en":  # the wording tests and scripts have relied on
            err.print(f"  … and {more} more problem{'s' * (more != 1)} (fix these first)")
        else:
            err.print(f"  {_esc(text('load.more-problems', locale, n=more))}")


def _print_problem(err: Console, p: Any, locale: str, prefix: str = "") -> None:
    from ..i18n import text

    field = f" [cyan]{_esc(p.path)}[/]:" if p.path else ""
    err.print(f"{prefix or '  '}[bold]{_esc(p.location)}[/]:{field} {_esc(p.message)}")
    if p.hint:
        err.print(f"      [dim]{text('load.hint', locale)}:[/] {_esc(p.hint)}")


def _esc(text: str) -> str:
    """Text for the console: Rich markup escaped, control and bidi characters removed."""
    from rich.markup import escape

    return escape(for_terminal(text))


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
    max_file_mb: Annotated[
        float | None,
        typer.Option("--max-file-mb", min=0, help="Largest YAML file, or file of a folder (MiB)."),
    ] = None,
    max_json_mb: Annotated[
        float | None, typer.Option("--max-json-mb", min=0, help="Largest JSON file (MiB).")
    ] = None,
    max_folder_mb: Annotated[
        float | None,
        typer.Option("--max-folder-mb", min=0, help="Largest total of a folder's files (MiB)."),
    ] = None,
) -> None:
    """Model who buys and how, check it for gaps, and export it."""
    _state["debug"] = debug
    sizes = {"max_bytes": max_file_mb, "max_json_bytes": max_json_mb}
    sizes["max_total_bytes"] = max_folder_mb
    _state["limits"] = {k: int(v * 1024 * 1024) for k, v in sizes.items() if v is not None}


def _limits() -> Any:
    """The input limits the command line asked for."""
    from .. import Limits

    return Limits(**_state["limits"])


def _load(path: Path, privacy: StrEnum | None = None, locale: StrEnum | None = None) -> Workspace:
    """The workspace at ``path`` as an output for ``privacy`` may show it; what looks like a
    mistake in it (:class:`~personajourney.ModelWarning`) is printed on stderr first."""
    import warnings

    from .. import Limits, ModelWarning, load
    from ..privacy import apply

    language = locale.value if locale is not None else None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ModelWarning)
            try:
                workspace = load(path, limits=Limits(**_state["limits"]), locale=language)
            finally:
                _print_warnings([w.message for w in caught], language)
        return apply(workspace, privacy.value if privacy is not None else None)
    except (PersonaJourneyError, ValueError) as exc:
        _fail(exc)


def _print_warnings(messages: list[Warning | str], locale: str | None) -> None:
    from .. import ModelWarning
    from ..i18n import text

    found = [m for m in messages if isinstance(m, ModelWarning)]
    if not found:
        return
    err = _console(stderr=True)
    for warning in found:
        lang = locale or warning.locale
        _print_problem(
            err, warning.problem, lang, prefix=f"[yellow]{text('load.warning', lang)}:[/] "
        )


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
    privacy: PrivacyOption = None,
    events: EventsOption = None,
    min_cases: MinCasesOption = None,
    max_events_mb: MaxEventsOption = None,
    memory_limit: MemoryOption = None,
) -> None:
    """Check a workspace for gaps and print the findings.

    With --events (or an evidence.source in the workspace), the evidence rules (E) also hold
    the journey against the event log.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 for bad input or usage.
    """
    from .. import run_checks

    overrides = _severities(_split(severity) or [])
    ws = _load(path, privacy)
    observation = None
    if events is not None or (ws.evidence is not None and ws.evidence.source is not None):
        observation = _observe(ws, events, min_cases, max_events_mb, memory_limit)
    try:
        report = run_checks(
            ws,
            select=_split(select),
            ignore=_split(ignore),
            severity=overrides,
            observation=observation,
        )
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
    from ..io import write_text_atomic

    try:
        write_text_atomic(output, text)
    except OSError as exc:
        _fail(PersonaJourneyError(f"cannot write {output}: {exc.strerror}"))
    _console(stderr=True).print(f"wrote {_esc(str(output))}")


def _print_text(report: Report, *, coverage: bool) -> None:
    from rich.table import Table

    from ..checks.output import by_severity
    from ..i18n import label, text

    out = _console()
    colours = {"error": "bold red", "warning": "yellow", "info": "blue"}
    for severity, group in by_severity(report.findings):
        title = label("severity", severity.value, report.locale)
        colour = colours[severity.value]
        out.print(f"[{colour}]{title} ({len(group)})[/]")
        # One print per finding took most of the time of a large report: print the group's
        # lines at once (each line is still wrapped on its own).
        lines: list[str] = []
        for f in group:
            where = f"[bold]{_esc(f.location)}[/]: " if f.location else ""
            lines.append(f"  {where}[{colour}]{f.code}[/] {_esc(f.message)}")
            if f.hint:
                lines.append(f"      [dim]hint:[/] {_esc(f.hint)}")
        if lines:
            out.print("\n".join(lines))
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
            title = text(f"report.coverage-{kind}", report.locale)
            table = Table(title=title, title_justify="left")
            table.add_column(_esc(text(f"report.{kind}", report.locale)), no_wrap=True)
            for i in range(1, len(stages) + 1):
                table.add_column(f"S{i}", justify="right", no_wrap=True)
            if kind == "member":
                table.add_column(_esc(text("report.influence", report.locale)), no_wrap=True)
            for row in rows[1:]:
                styled = [_esc(row[0])] + [
                    f"[red]{_esc(c)}[/]" if c == "0" else _esc(c) for c in row[1:]
                ]
                table.add_row(*styled)
            out.print(table)
    colour = "red" if report.failed() else "green"
    out.print(f"[bold {colour}]{_esc(report.summary_line())}[/]")


def _evidence_options(
    min_cases: int | None, max_events_mb: float | None, memory_limit: str | None
) -> dict[str, Any]:
    options: dict[str, Any] = {"min_cases": min_cases, "memory_limit": memory_limit}
    if max_events_mb is not None:
        options["max_bytes"] = int(max_events_mb * 1024 * 1024)
    return options


def _observe(
    ws: Workspace,
    events: Path | None,
    min_cases: int | None,
    max_events_mb: float | None,
    memory_limit: str | None,
) -> Observation:
    from ..evidence import observe

    try:
        return observe(ws, events, **_evidence_options(min_cases, max_events_mb, memory_limit))
    except (PersonaJourneyError, ValueError) as exc:
        _fail(exc)


@app.command()
def evidence(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    events: EventsOption = None,
    format: Annotated[
        EvidenceFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EvidenceFormat.text,
    min_cases: MinCasesOption = None,
    max_events_mb: MaxEventsOption = None,
    memory_limit: MemoryOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            "--engine",
            help="duckdb (default), ibis (the evidence-ibis extra) or spark (a local Spark "
            "session; the evidence-spark extra and Java 17); same numbers.",
        ),
    ] = EngineChoice.duckdb,
) -> None:
    """Hold the modelled journey against an event log and print what buyers actually did:
    observed flow, funnel, conformance, segments and the evidence findings.

    Exit 0 on success, 2 for bad input (an unreadable log, a missing column…).
    """
    from ..evidence import evidence as run_evidence

    ws = _load(path)
    options = _evidence_options(min_cases, max_events_mb, memory_limit)
    try:
        result = run_evidence(ws, events, engine=engine.value, **options)
    except (PersonaJourneyError, ValueError, ImportError) as exc:
        _fail(exc)
    text = {
        EvidenceFormat.text: result.to_text,
        EvidenceFormat.json: result.to_json,
        EvidenceFormat.markdown: result.to_markdown,
    }[format]()
    _emit(text, output)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the workspace file format."""
    from ..io.schema import json_schema_text

    _emit(json_schema_text(), output)


@app.command("rules")
def rules_command(
    format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RulesFormat.text,
) -> None:
    """List every check with its code, name and default severity."""
    from ..checks import rules
    from ..checks.docs import rules_markdown

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
    from ..checks import get_rule

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
    ] = _DEFAULT_LOCALE,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter workspace that loads and checks cleanly."""
    from ..starter import write_starter

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
    privacy: PrivacyOption = None,
) -> None:
    """Write the workspace graph as GraphML or node-link JSON."""
    from .. import build_graph
    from ..graph.export import to_graphml, to_node_link_json

    ws = _load(path, privacy)
    G = build_graph(ws)
    text = to_graphml(G) if format is GraphFormat.graphml else to_node_link_json(G)
    _emit(text, output)


def _options(
    paper: Paper | None,
    orientation: Orientation | None,
    locale: LocaleOption | None,
    theme: Path | None,
    template_dir: list[Path] | None,
    bleed: float,
    crop_marks: bool,
    dpi: int = 150,
    assets: Path | None = None,
) -> Options:
    """The rendering options of the command line, or exit 2 naming what is wrong."""
    from ..render.artefacts import DPI_RANGE, Options
    from ..render.theme import DEFAULT_THEME, load_theme

    try:
        chosen = load_theme(theme) if theme is not None else DEFAULT_THEME
    except PersonaJourneyError as exc:
        _fail(exc)
    for folder in template_dir or []:
        if not folder.is_dir():
            _fail(PersonaJourneyError(f"--template-dir {folder}: no such folder"))
    if assets is not None and not assets.is_dir():
        _fail(PersonaJourneyError(f"--assets {assets}: no such folder"))
    if not 0 <= bleed <= 20:
        _fail(PersonaJourneyError(f"--bleed must be between 0 and 20 mm, got {bleed:g}"))
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        _fail(PersonaJourneyError(f"--dpi must be between {low} and {high}, got {dpi}"))
    try:
        return Options(
            paper=paper.value if paper else None,
            orientation=_picked(orientation, _ORIENTATIONS),
            theme=chosen,
            template_dirs=tuple(str(d) for d in template_dir or []),
            locale=locale.value if locale else None,
            bleed=bleed,
            crop_marks=crop_marks,
            dpi=dpi,
            assets=str(assets) if assets is not None else None,
        )
    except ValueError as exc:
        _fail(PersonaJourneyError(str(exc)))


PaperOpt = Annotated[Paper | None, typer.Option("--paper", help="Paper size.")]
OrientationOpt = Annotated[Orientation | None, typer.Option(help="Page orientation.")]
LocaleOpt = Annotated[
    LocaleOption | None, typer.Option("--locale", help="Label language (default: the file's).")
]
ThemeOpt = Annotated[
    Path | None, typer.Option("--theme", help="A theme file (YAML or JSON): colours, fonts.")
]
TemplateDirOpt = Annotated[
    list[Path] | None,
    typer.Option("--template-dir", help="Folder of templates that override the packaged ones."),
]
BleedOpt = Annotated[float, typer.Option("--bleed", help="Bleed in mm on each side (0–20).")]
CropOpt = Annotated[bool, typer.Option("--crop-marks", help="Print crop marks.")]
DpiOpt = Annotated[int, typer.Option("--dpi", help="Resolution of PNG output (10–1200).")]
AssetsOpt = Annotated[
    Path | None,
    typer.Option(
        "--assets",
        help="Folder of persona photos (default: the workspace folder; none for a single file).",
    ),
]

_T = TypeVar("_T", bound=str)


def _picked(chosen: StrEnum | None, allowed: Iterable[_T]) -> _T | None:
    """The library's own value for a choice of the command line (typed as the library's)."""
    return next((value for value in allowed if chosen is not None and chosen == value), None)


#: The selection of ``render`` each option gives.
_SELECTIONS: dict[str, Selector] = {
    "--id": "target",
    "--stage": "stage_id",
    "--persona": "persona_id",
    "--member": "member_id",
}


def _write_bytes(output: Path, data: bytes) -> None:
    from ..render.pack import write_inside

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_inside(output.parent.resolve(), output.name, data)
    except OSError as exc:
        _fail(PersonaJourneyError(f"cannot write {output}: {exc.strerror or exc}"))
    _console(stderr=True).print(f"wrote {_esc(str(output))}")


@app.command()
def render(
    kind: Annotated[Kind, typer.Argument(help="What to render.")],
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="svg, png, pdf, html or dot (default: from -o)."),
    ] = None,
    target: Annotated[
        str | None, typer.Option("--id", help="Persona id (card) or committee id (committee).")
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", help="Journey or poster for one persona.")
    ] = None,
    member: Annotated[
        str | None, typer.Option("--member", help="Journey for one committee member.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Committee map in one stage.")
    ] = None,
    paper: PaperOpt = None,
    orientation: OrientationOpt = None,
    locale: LocaleOpt = None,
    theme: ThemeOpt = None,
    template_dir: TemplateDirOpt = None,
    bleed: BleedOpt = 0.0,
    crop_marks: CropOpt = False,
    dpi: DpiOpt = 150,
    privacy: PrivacyOption = None,
    assets: AssetsOpt = None,
) -> None:
    """Render one artefact (card, committee, journey, poster, heatmap, report) to a file.

    Exit 0 when written, 2 for bad input or usage, or when the engine fails.
    """
    from ..render.api import FORMATS
    from ..render.api import render as render_one

    if output.is_dir():
        _fail(PersonaJourneyError(f"{output} is a folder; -o takes a file name"))
    fmt = (format or output.suffix.lstrip(".")).lower()
    if fmt not in FORMATS[kind.value]:
        _fail(
            PersonaJourneyError(
                f"{kind.value} can be rendered as {', '.join(FORMATS[kind.value])}; "
                f"got {fmt or 'no format'} (use --format or a file suffix)"
            )
        )
    given = {"--id": target, "--stage": stage, "--persona": persona, "--member": member}
    for flag, value in given.items():
        kinds = kinds_with(_SELECTIONS[flag])
        if value is not None and kind.value not in kinds:
            _fail(PersonaJourneyError(f"{flag} applies to {' and '.join(kinds)}, not {kind.value}"))
    options = _options(
        paper, orientation, locale, theme, template_dir, bleed, crop_marks, dpi, assets
    )
    ws = _load(path, privacy, locale)
    try:
        data = render_one(
            kind.value,
            ws,
            format=fmt,
            target=target,
            stage_id=stage,
            persona_id=persona,
            member_id=member,
            options=options,
        )
    except (PersonaJourneyError, ValueError) as exc:  # TemplateError included
        _fail(exc)
    if isinstance(data, str):
        _emit(data, output)
    else:
        _write_bytes(output, data)


@app.command()
def build(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the pack to.")],
    png: Annotated[bool, typer.Option("--png", help="Also write PNG images.")] = False,
    formats: Annotated[
        str,
        typer.Option(
            "--formats", help="Comma-separated formats: html, svg, pdf, png, dot (Graphviz)."
        ),
    ] = "html,svg,pdf",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Engine processes per engine (default: CPUs, ≤ 4)."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds one artefact may take (default 120)."),
    ] = None,
    fail_on: Annotated[
        Level | None,
        typer.Option(help="Lowest severity that exits 1 (default: the file's, else error)."),
    ] = None,
    paper: PaperOpt = None,
    orientation: OrientationOpt = None,
    locale: LocaleOpt = None,
    theme: ThemeOpt = None,
    template_dir: TemplateDirOpt = None,
    bleed: BleedOpt = 0.0,
    crop_marks: CropOpt = False,
    dpi: DpiOpt = 150,
    privacy: PrivacyOption = None,
    assets: AssetsOpt = None,
) -> None:
    """Check a workspace and write its wall pack: cards, maps, diagrams, poster, report.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 for bad input or an
    artefact that could not be rendered. A build into a folder that another build is
    writing to waits for it, so two packs are never mixed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..render.pack import build_pack, lock_holder

    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in ("html", "svg", "pdf", "png", "dot")]
    if unknown or not wanted:
        _fail(PersonaJourneyError(f"--formats takes html, svg, pdf, png, dot; got {formats!r}"))
    if output.exists() and not output.is_dir():
        _fail(PersonaJourneyError(f"{output} is a file; -o takes a folder"))
    if timeout is not None and not timeout > 0:
        _fail(PersonaJourneyError(f"--timeout must be more than 0 seconds, got {timeout:g}"))
    options = _options(
        paper, orientation, locale, theme, template_dir, bleed, crop_marks, dpi, assets
    )
    ws = _load(path, privacy, locale)
    _writable(output)
    err = _console(stderr=True)
    holder = lock_holder(output)
    if holder is not None:  # build_pack waits for it: say why nothing happens
        who = f"process {holder}" if holder else "another process"
        err.print(f"waiting: a build ({who}) is writing to {_esc(str(output))}; yours follows")
    with Progress(
        TextColumn("[bold]building[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=_esc(label))

        try:
            result = build_pack(
                ws,
                output,
                formats=wanted,
                png=png,
                options=options,
                workers=workers,
                timeout=timeout,
                progress=progress,
            )
        except OSError as exc:
            _fail(PersonaJourneyError(f"cannot write to {output}: {exc.strerror or exc}"))
        except (PersonaJourneyError, ValueError) as exc:
            _fail(exc)
    _print_pack(result, err)
    report = result.report
    if result.failed:
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(EXIT_FINDINGS if report.failed(fail_on.value if fail_on else None) else 0)


def _writable(folder: Path) -> None:
    """Exit 2 with one message when files cannot be written into ``folder`` (read-only, no
    room, not a folder), instead of one error per file of the pack."""
    from ..io import check_writable

    try:
        check_writable(folder)
    except OSError as exc:
        _fail(
            PersonaJourneyError(
                f"cannot write into {folder}: {exc.strerror or exc}; "
                "make the folder writable or choose another with -o"
            )
        )


def _print_pack(result: PackResult, err: Console) -> None:
    """What the pack holds (files per format), where to open it, and what failed."""
    from rich.table import Table

    counts: dict[str, int] = {}
    for written in result.written:
        counts[written.suffix.lstrip(".")] = counts.get(written.suffix.lstrip("."), 0) + 1
    out = _console()
    table = Table(
        "format", "files", title=f"Wall pack in {_esc(str(result.out_dir))}", title_justify="left"
    )
    for fmt in sorted(counts):
        table.add_row(fmt, str(counts[fmt]))
    out.print(table)
    if any(p.name == "index.html" and p.parent == result.out_dir for p in result.written):
        out.print(f"open {_esc(str(result.out_dir / 'index.html'))}")
    summary = result.report.summary_line()
    out.print(f"{len(result.written)} files in {result.seconds:.1f} s; {summary}")
    if result.removed:
        count = len(result.removed)
        out.print(
            f"removed {count} file{'s' * (count != 1)} of an earlier build "
            "that the model no longer has"
        )
    if result.failed:
        count = len(result.failed)
        err.print(f"[bold red]error:[/] {count} file{'s' * (count != 1)} could not be written")
        for relative, message in result.failed:
            err.print(f"  [bold]{_esc(relative)}[/]: {_esc(message)}")


@export_app.command("mermaid")
def export_mermaid(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")
    ] = None,
    persona: Annotated[
        str | None, typer.Option("--persona", help="Only this persona's journey.")
    ] = None,
    what: Annotated[
        str,
        typer.Option(
            "--diagram",
            help="journey (Mermaid journey diagram), flowchart (the flow), or markdown "
            "(both, each in a ```mermaid fence).",
        ),
    ] = "journey",
    privacy: PrivacyOption = None,
) -> None:
    """Write the journey as a Mermaid `journey` diagram, or the flow as a flowchart.

    Warns on stderr about what Mermaid cannot hold (owners, channels, motives…).
    """
    from ..io import mermaid

    if what not in ("journey", "flowchart", "markdown"):
        _fail(PersonaJourneyError(f"--diagram takes journey, flowchart or markdown; got {what!r}"))
    ws = _load(path, privacy)
    try:
        result = mermaid.to_mermaid_journey(ws, persona_id=persona)
    except PersonaJourneyError as exc:
        _fail(exc)
    text = {
        "journey": result.journey,
        "flowchart": result.flowchart,
        "markdown": result.markdown(),
    }[what]
    err = _console(stderr=True)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/] {_esc(warning)}")
    _emit(text, output)


@import_app.command("mermaid")
def import_mermaid(
    file: Annotated[Path, typer.Argument(help="A Mermaid file holding a `journey` diagram.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to create.")],
    locale: Annotated[
        LocaleOption | None,
        typer.Option("--locale", help="Language of built-in labels (default: guessed)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Turn a Mermaid `journey` diagram into a workspace that loads and checks."""
    from ..io import mermaid

    try:
        ws = mermaid.load_mermaid_journey(file, locale=_picked(locale, LOCALES))
    except PersonaJourneyError as exc:
        _fail(exc)
    if output.exists() and not output.is_dir():
        _fail(PersonaJourneyError(f"{output} is a file; -o takes a folder"))
    _write_new(ws, output / "workspace.yaml", force)
    _console().print(f"next: personajourney check {_esc(str(output))}")


def _write_new(ws: Workspace, target: Path, force: bool) -> None:
    from ..io import dump

    if target.exists() and not force:
        _fail(PersonaJourneyError(f"{target} already exists; use --force to overwrite"))
    try:
        dump(ws, target)
    except OSError as exc:
        _fail(PersonaJourneyError(f"cannot write {target}: {exc.strerror or exc}"))
    _console().print(f"wrote {_esc(str(target))}")


@app.command()
def redact(
    path: Annotated[Path, typer.Argument(help="A workspace file, or a folder of files.")],
    member_id: Annotated[str, typer.Argument(metavar="ID", help="The member (contact) to remove.")],
    outputs: Annotated[
        list[Path] | None,
        typer.Option(
            "--outputs",
            "-o",
            help="An output folder (a wall pack, exports) to search for what still names them; "
            "repeatable.",
        ),
    ] = None,
) -> None:
    """Remove a committee member (a real contact) and every reference to it from the model
    files, keeping every comment and the rest of the layout; then say which files of the
    given output folders still name them.

    Exit 0 when nothing made earlier names them any more, 1 when some output still does
    (rebuild or delete it), 2 for bad input.
    """
    from ..io.redact import redact as redact_member
    from ..render.traces import files_naming

    try:
        done = redact_member(path, member_id)
    except (PersonaJourneyError, OSError) as exc:
        _fail(exc if isinstance(exc, PersonaJourneyError) else PersonaJourneyError(str(exc)))
    out = _console()
    refs = done.references
    out.print(
        f"removed member {_esc(member_id)} and {refs} reference{'s' * (refs != 1)} to it from "
        + ", ".join(_esc(str(f)) for f in done.files),
        soft_wrap=True,
    )
    holding = [f for folder in outputs or [] for f in files_naming(folder, done.traces)]
    for file in holding:
        out.print(f"  still named in {_esc(str(file))}", soft_wrap=True)
    if holding:
        out.print(f"{len(holding)} output file(s) still name them: rebuild or delete them")
        raise typer.Exit(EXIT_FINDINGS)
    if outputs:
        out.print("no file of the given output folders names them")
    else:
        out.print("outputs made before still name them: rebuild them, or pass -o FOLDER to check")


class _Stopped(BaseException):
    """Raised in the main thread by Ctrl-C (SIGINT) or SIGTERM.

    A ``BaseException`` of our own, not ``KeyboardInterrupt``: Click turns that into
    "Aborted!" and exit 1, while a stopped command exits with 128 + the signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def main() -> None:
    """Entry point of the ``personajourney`` command.

    Ctrl-C and SIGTERM stop any command within moments, with exit code 130 or 143 and one
    line on stderr: the engine workers are killed (not waited for), and files are only
    ever written whole, so what was written before the signal is complete.
    """
    import signal

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _on_signal)
    try:
        app()
    except _Stopped as stop:
        for signum in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C: no traceback
            signal.signal(signum, signal.SIG_IGN)
        name = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        sys.stderr.write(f"{name}: stopped before finishing\n")
        sys.exit(128 + stop.signum)  # the engines' exit hook kills their workers
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


# -- what the other command modules of this package share -------------------------------------
console, esc, fail, load_workspace, input_limits = _console, _esc, _fail, _load, _limits
options, write_new, Stopped = _options, _write_new, _Stopped

__all__ = ["app", "main"]
