"""Findings as the poster and the check report show them.

:class:`FindingView` is a check finding with its text cleaned for print and its severity
label and colour; :func:`_finding_views` makes them from a report, and :func:`_prose` turns
Markdown code spans of a message into quoted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...i18n import label
from ..escape import safe_url
from ..jinja import _scrub
from ..scene import _text_of
from ..style import Style

if TYPE_CHECKING:
    from ...checks.report import Report
    from ...models.workspace import Workspace


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding as artefacts show it."""

    code: str
    name: str
    severity: str
    severity_label: str
    colour: str
    message: str
    location: str
    hint: str
    nodes: tuple[str, ...]
    url: str
    id: str


_CODE_SPAN = re.compile(r"`([^`\n]*)`")


def _prose(message: str) -> str:
    """A finding message for print: Markdown code spans (`hr-hanna`) become quoted text."""
    return _CODE_SPAN.sub("\u2018\\1\u2019", message)


def _finding_views(ws: Workspace, report: Report | None, st: Style) -> list[FindingView]:
    if report is None:
        return []
    out = []
    for index, finding in enumerate(report.findings):
        level = finding.severity.value
        out.append(
            FindingView(
                code=_text_of(finding.code, 20),
                name=_text_of(finding.name, 80),
                severity=level,
                severity_label=label("severity", level, ws.locale),
                colour=st.severity(level),
                message=_text_of(_prose(finding.message), 600),
                location=_text_of(finding.location, 300),
                hint=_text_of(finding.hint, 400),
                nodes=tuple(str(n) for n in finding.nodes),
                url=_scrub(safe_url(finding.url) or "", 500),
                id=f"finding-{index + 1}",
            )
        )
    return out
