"""The report's output formats, one function each: text, Markdown, JSON, SARIF, HTML.

:class:`~personajourney.checks.report.Report` and its ``to_*`` methods are the public way
to them; the command line's coloured printer groups findings with :func:`by_severity`, as
the plain text does.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from .. import i18n
from .._text import for_terminal
from ..i18n import label
from ..models.vocab import Severity
from .base import DOCS_URL, Finding
from .registry import rules


class CoverageTables(Protocol):
    """What the formats read of a coverage matrix
    (:class:`~personajourney.checks.report.Coverage`)."""

    def rows(self, kind: str) -> list[str]: ...

    def table(self, kind: str) -> list[list[str]]: ...


class ReportData(Protocol):
    """What the formats read of a report (:class:`~personajourney.checks.report.Report`).

    The formats depend on this shape rather than on the class, so that the report's
    ``to_*`` methods can call them without an import circle.
    """

    workspace_name: str
    findings: list[Finding]
    score: int | None
    health: int | None
    health_parts: dict[str, float]
    locale: str
    counts: dict[str, int]

    @property
    def coverage(self) -> CoverageTables: ...

    def to_dict(self) -> dict[str, Any]: ...


__all__ = [
    "CoverageTables",
    "ReportData",
    "by_severity",
    "coverage_html",
    "html_table",
    "json_text",
    "markdown",
    "sarif",
    "summary_line",
    "text",
]

#: Colours of the severities in the notebook table.
SEVERITY_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}


def by_severity(findings: Iterable[Finding]) -> Iterator[tuple[Severity, list[Finding]]]:
    """Findings grouped by severity, most severe first; empty groups left out."""
    listed = list(findings)
    for severity in Severity:
        group = [f for f in listed if f.severity == severity]
        if group:
            yield severity, group


def json_text(report: ReportData) -> str:
    """Deterministic JSON of the whole report."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def summary_line(report: ReportData) -> str:
    """``7 findings: 0 errors, 5 warnings, 2 info; score 90/100``."""
    c = report.counts
    score = "n/a" if report.score is None else f"{report.score}/100"

    def count(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    return (
        f"{count(len(report.findings), 'finding')}: {count(c['error'], 'error')}, "
        f"{count(c['warning'], 'warning')}, {c['info']} info; score {score}"
    )


def text(report: ReportData) -> str:
    """Plain text, grouped by severity, with a summary line (no colours).

    Model text is printed without control or bidi characters (a terminal would act on them).
    """
    out = []
    for severity, group in by_severity(report.findings):
        out.append(f"{label('severity', severity.value, report.locale)} ({len(group)})")
        for f in group:
            where = f"{f.location}: " if f.location else ""
            out.append(f"  {where}{f.code} {f.message}")
            if f.hint:
                out.append(f"      hint: {f.hint}")
        out.append("")
    out.append(summary_line(report))
    return for_terminal("\n".join(out)) + "\n"


def markdown(report: ReportData) -> str:
    """The report as GitHub-flavoured Markdown (for a CI job summary or a pull request)."""
    loc = report.locale
    lines = [f"# Check report: {_md(report.workspace_name)}", ""]
    summary = ", ".join(
        f"{report.counts[s.value]} {label('severity', s.value, loc).lower()}" for s in Severity
    )
    lines += [f"**{len(report.findings)} findings** ({summary}); score **{report.score}**/100", ""]
    if report.health is not None:
        parts = ", ".join(f"{k} {round(100 * v)}%" for k, v in report.health_parts.items())
        lines += [f"{i18n.text('sheet.health', loc)}: **{report.health}**/100 ({parts})", ""]
    for severity, group in by_severity(report.findings):
        lines += [f"## {label('severity', severity.value, loc)} ({len(group)})", ""]
        lines += ["| code | message | where | hint |", "| --- | --- | --- | --- |"]
        for f in group:
            lines.append(
                f"| [{f.code}]({f.url}) | {_md(f.message)} | {_md(f.location)} | {_md(f.hint)} |"
            )
        lines.append("")
    for kind in ("persona", "member"):
        if not report.coverage.rows(kind):
            continue
        table = report.coverage.table(kind)
        lines += [f"## Coverage: stage × {kind}", ""]
        lines.append("| " + " | ".join(_md(h) for h in table[0]) + " |")
        lines.append("|" + " --- |" * len(table[0]))
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in table[1:]]
        lines.append("")
    return "\n".join(lines)


def sarif(report: ReportData) -> str:
    """SARIF 2.1.0, so a CI (GitHub code scanning…) can annotate the YAML lines."""
    from .._version import __version__

    level = {"error": "error", "warning": "warning", "info": "note"}
    used = sorted({f.code for f in report.findings})
    registry = {r.code: r for r in rules()}
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": used.index(f.code),
            "level": level[f.severity.value],
            "message": {"text": f"{f.message} ({f.hint})" if f.hint else f.message},
            "properties": {"nodes": list(f.nodes)},
        }
        if f.file is not None:
            region = {"startLine": f.line} if f.line is not None else {}
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.file)},
                        "region": region,
                    }
                }
            ]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "personajourney",
                        "version": __version__,
                        "informationUri": "https://personajourney.readthedocs.io/",
                        "rules": [
                            {
                                "id": code,
                                "name": registry[code].name,
                                "shortDescription": {"text": registry[code].summary},
                                "helpUri": f"{DOCS_URL}#{code.lower()}",
                                "defaultConfiguration": {
                                    "level": level[registry[code].severity.value]
                                },
                            }
                            for code in used
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def html_table(report: ReportData) -> str:
    """Findings and coverage as HTML tables (the notebook display)."""
    colours = SEVERITY_COLOURS
    rows = []
    for f in report.findings:
        rows.append(
            "<tr>"
            f'<td style="color:{colours[f.severity.value]}">'
            f"{html.escape(f.severity.value)}</td>"
            f'<td><a href="{html.escape(f.url)}">{html.escape(f.code)}</a></td>'
            f"<td>{html.escape(f.message)}</td>"
            f"<td>{html.escape(f.location)}</td>"
            f"<td>{html.escape(f.hint)}</td>"
            "</tr>"
        )
    head = "<tr><th>severity</th><th>code</th><th>message</th><th>where</th><th>hint</th></tr>"
    return (
        f"<div><p><b>{html.escape(summary_line(report))}</b></p>"
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        f"{coverage_html(report.coverage)}</div>"
    )


def coverage_html(coverage: CoverageTables) -> str:
    """Coverage tables as HTML, uncovered cells shaded."""
    parts = []
    for kind in ("persona", "member"):
        if not coverage.rows(kind):
            continue
        table = coverage.table(kind)
        head = "".join(f"<th>{html.escape(h)}</th>" for h in table[0])
        body = []
        for row in table[1:]:
            tds = [f"<th>{html.escape(row[0])}</th>"]
            for text in row[1:]:
                empty = text == "0"
                style = ' style="background:#fde2e1"' if empty else ""
                tds.append(f"<td{style}>{html.escape(text)}</td>")
            body.append("<tr>" + "".join(tds) + "</tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return "".join(parts) or "<p>No personas or members.</p>"


def _md(text: str) -> str:
    return (
        for_terminal(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def _uri(file: str) -> str:
    """A SARIF artifact URI: relative to the working folder when inside it, with slashes."""
    path = Path(file)
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path.resolve().as_uri() if path.is_absolute() else path.as_posix()
    return relative.as_posix()
