"""The result of :func:`personajourney.evidence`: the observation, its findings, and its
forms (a dict for JSON, records for pandas, text, Markdown and notebook HTML).

Privacy: no form lists a person or a case. A count of fewer than ``min_cases`` cases (or
events) is shown as ``None`` (``null`` in JSON, "hidden" in text) in every form, and each form
says how many were hidden; with ``min_cases=1`` every count is exact. The observation itself
(:attr:`EvidenceResult.observation`) keeps every count exact, for code that needs them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..checks import Finding
from ..i18n import number, text
from ..models.evidence import Observation

__all__ = ["EvidenceResult"]

Row = dict[str, Any]


@dataclass
class _Shown:
    """Counts as an output may show them: small ones hidden, and counted."""

    min_cases: int
    hidden: int = 0

    def count(self, n: int) -> int | None:
        if 0 < n < self.min_cases:
            self.hidden += 1
            return None
        return n


@dataclass(frozen=True)
class EvidenceResult:
    """What buyers did, held against the modelled journey.

    Attributes:
        observation: Every measure, exact (:class:`~personajourney.models.evidence.Observation`).
        findings: The evidence rules' findings (area E), as in ``check``.
        workspace_name: Name of the workspace.
        locale: Language of text output.
        engine: The engine that read the log.
    """

    observation: Observation
    findings: tuple[Finding, ...] = ()
    workspace_name: str = ""
    locale: str = "en"
    engine: str = "duckdb"
    stage_labels: dict[str, str] = field(default_factory=dict)

    @property
    def min_cases(self) -> int:
        return self.observation.settings.min_cases

    # -- dict and records --------------------------------------------------------------------

    def _tables(self, shown: _Shown) -> dict[str, Any]:
        obs = self.observation

        def rate(converted: int, cases: int) -> float | None:
            c, n = shown.count(converted), shown.count(cases)
            return None if c is None or n is None or not cases else round(converted / cases, 6)

        transitions = []
        for t in obs.transitions:
            count = shown.count(t.count)
            median = t.median_seconds if count is not None else None
            transitions.append(
                {
                    "from": t.from_id,
                    "to": t.to_id,
                    "count": count,
                    "modelled": t.modelled,
                    "median_seconds": median,
                }
            )

        def funnel(steps: Any) -> list[Row]:
            return [
                {
                    "stage": s.stage_id,
                    "cases": shown.count(s.cases),
                    "furthest": shown.count(s.furthest),
                    "converted": shown.count(s.converted),
                    "dropped": shown.count(s.dropped),
                }
                for s in steps
            ]

        segments = []
        for seg in obs.segments:
            cases = shown.count(seg.cases)
            value = seg.value if cases is not None else None
            segments.append(
                {
                    "segment": seg.segment_id,
                    "cases": cases,
                    "converted": shown.count(seg.converted),
                    "conversion_rate": rate(seg.converted, seg.cases),
                    "value": value,
                    "value_per_case": seg.value_per_case if value is not None else None,
                }
            )
        groups: dict[str, dict[str, list[Row]]] = {"persona": {}, "segment": {}}
        for group in obs.group_funnels:
            groups[group.kind][group.id] = funnel(group.steps)
        # A removal effect rests on every conversion: shown when they are enough.
        enough = obs.converted >= self.min_cases
        attribution = [
            {
                "touchpoint": a.touchpoint_id,
                "removal_effect": a.removal_effect if enough else None,
                "last_touch": shown.count(a.last_touch),
            }
            for a in obs.attribution
        ]

        def durations(d: Any) -> Row:
            cases = shown.count(d.cases)
            hide = cases is None
            return {
                "cases": cases,
                "median_seconds": None if hide else d.median_seconds,
                "p90_seconds": None if hide else d.p90_seconds,
            }

        time = {
            "in_stage": [{"stage": sid, **durations(d)} for sid, d in obs.stage_times],
            "to_conversion": durations(obs.time_to_conversion),
        }
        return {
            "time": time,
            "attribution": attribution,
            "transitions": transitions,
            "start": [
                {"touchpoint": e.touchpoint_id, "count": shown.count(e.count)} for e in obs.starts
            ],
            "end": [
                {"touchpoint": e.touchpoint_id, "count": shown.count(e.count)} for e in obs.ends
            ],
            "funnel": funnel(obs.funnel),
            "unmodelled": [
                {"from": t.from_id, "to": t.to_id, "count": shown.count(t.count)}
                for t in obs.unmodelled
            ],
            "unobserved": [{"from": a, "to": b} for a, b in obs.unobserved],
            "skipped": [
                {
                    "from_stage": s.from_stage_id,
                    "to_stage": s.to_stage_id,
                    "count": shown.count(s.count),
                }
                for s in obs.skipped
            ],
            "never_observed": list(obs.never_observed),
            # A raw name seen by fewer than min_cases events may identify someone: left out.
            "unmapped_names": [
                {"activity": name, "count": n}
                for name, n in obs.unmapped_names
                if n >= self.min_cases
            ],
            "segments": segments,
            "funnels": groups,
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``personajourney evidence --format json`` (the contract of issue 7:
        ``events``, ``cases``, ``unmapped_events``, ``invalid_events``, ``transitions``,
        ``start``, ``end``, ``funnel``, ``conformance``, ``segments``, ``findings``; and
        ``funnels`` per persona and segment, ``unmapped_names``, ``min_cases``,
        ``suppressed``, ``engine``).

        Example:
            >>> import personajourney as pj
            >>> from personajourney.testing import simulate_events
            >>> ws = pj.load("examples/b2b-software")  # doctest: +SKIP
            >>> pj.evidence(ws, simulate_events(ws, cases=50)).to_dict()["cases"]  # doctest: +SKIP
            50
        """
        obs = self.observation
        shown = _Shown(self.min_cases)
        tables = self._tables(shown)
        return {
            "events": obs.events,
            "cases": obs.cases,
            "unmapped_events": obs.unmapped_events,
            "invalid_events": obs.invalid_events,
            "transitions": tables["transitions"],
            "start": tables["start"],
            "end": tables["end"],
            "funnel": tables["funnel"],
            "funnels": tables["funnels"],
            "conformance": {
                "unmodelled": tables["unmodelled"],
                "unobserved": tables["unobserved"],
                "skipped": tables["skipped"],
                "never_observed": tables["never_observed"],
            },
            "unmapped_names": tables["unmapped_names"],
            "segments": tables["segments"],
            "time": tables["time"],
            "attribution": tables["attribution"],
            "converted": obs.converted,
            "findings": [f.to_dict() for f in self.findings],
            "min_cases": self.min_cases,
            "suppressed": shown.hidden,
            "engine": self.engine,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_records(self) -> dict[str, list[Row]]:
        """Each table as a list of flat rows, ready for ``pandas.DataFrame(rows)``:
        ``transitions``, ``start``, ``end``, ``funnel`` (with ``kind`` and ``group`` columns:
        ``all``, ``persona``, ``segment``), ``unmodelled``, ``unobserved``, ``skipped``,
        ``never_observed``, ``unmapped``, ``segments`` and ``findings``.

        Example:
            >>> import pandas as pd  # doctest: +SKIP
            >>> pd.DataFrame(result.to_records()["transitions"])  # doctest: +SKIP
        """
        tables = self._tables(_Shown(self.min_cases))
        funnel = [{"kind": "all", "group": "", **row} for row in tables["funnel"]]
        for kind, groups in tables["funnels"].items():
            for group, rows in groups.items():
                funnel += [{"kind": kind, "group": group, **row} for row in rows]
        return {
            "transitions": tables["transitions"],
            "start": tables["start"],
            "end": tables["end"],
            "funnel": funnel,
            "unmodelled": tables["unmodelled"],
            "unobserved": tables["unobserved"],
            "skipped": tables["skipped"],
            "never_observed": [{"touchpoint": t} for t in tables["never_observed"]],
            "unmapped": tables["unmapped_names"],
            "segments": tables["segments"],
            "time_in_stage": tables["time"]["in_stage"],
            "attribution": tables["attribution"],
            "findings": [f.to_dict() for f in self.findings],
        }

    # -- text, Markdown, HTML ----------------------------------------------------------------

    def _sections(self) -> tuple[str, list[tuple[str, list[str], list[list[str]]]], int]:
        """(summary line, [(title, headers, rows)], hidden count) in the result's locale."""
        loc = self.locale
        shown = _Shown(self.min_cases)
        tables = self._tables(shown)
        obs = self.observation

        def t(key: str, **values: object) -> str:
            return text(f"evidence.{key}", loc, **values)

        def n(value: int | None) -> str:
            return t("hidden") if value is None else number(value, loc)

        def seconds(value: float | None) -> str:
            return "–" if value is None else _duration(value)

        def stage(stage_id: str) -> str:
            return self.stage_labels.get(stage_id, stage_id)

        sections: list[tuple[str, list[str], list[list[str]]]] = []
        sections.append(
            (
                t("flow"),
                [t("col-from"), t("col-to"), t("col-count"), t("col-modelled"), t("col-median")],
                [
                    [
                        r["from"],
                        r["to"],
                        n(r["count"]),
                        t("yes" if r["modelled"] else "no"),
                        seconds(r["median_seconds"]),
                    ]
                    for r in tables["transitions"]
                ],
            )
        )
        for key, name in (("start", "start"), ("end", "end")):
            rows = [[r["touchpoint"], n(r["count"])] for r in tables[key]]
            sections.append((t(name), [t("col-touchpoint"), t("col-count")], rows))
        funnel_headers = [t("col-stage"), t("col-cases"), t("col-furthest"), t("col-converted")]

        def funnel_rows(rows: list[Row]) -> list[list[str]]:
            return [
                [stage(r["stage"]), n(r["cases"]), n(r["furthest"]), n(r["converted"])]
                for r in rows
            ]

        sections.append((t("funnel"), funnel_headers, funnel_rows(tables["funnel"])))
        for kind, groups in tables["funnels"].items():
            for group, rows in groups.items():
                title = t("funnel-of", kind=kind, id=group)
                sections.append((title, funnel_headers, funnel_rows(rows)))
        pair = [t("col-from"), t("col-to")]
        sections.append(
            (
                t("unmodelled"),
                [*pair, t("col-count")],
                [[r["from"], r["to"], n(r["count"])] for r in tables["unmodelled"]],
            )
        )
        sections.append(
            (t("unobserved"), pair, [[r["from"], r["to"]] for r in tables["unobserved"]])
        )
        sections.append(
            (
                t("skipped"),
                [*pair, t("col-count")],
                [
                    [stage(r["from_stage"]), stage(r["to_stage"]), n(r["count"])]
                    for r in tables["skipped"]
                ],
            )
        )
        sections.append(
            (t("never-observed"), [t("col-touchpoint")], [[x] for x in tables["never_observed"]])
        )
        sections.append(
            (
                t("unmapped"),
                [t("col-activity"), t("col-count")],
                [[r["activity"], n(r["count"])] for r in tables["unmapped_names"]],
            )
        )
        if tables["segments"]:
            headers = ["segment", "cases", "converted", "rate", "value", "value-per-case"]
            rows = _segment_rows(tables["segments"], n)
            sections.append((t("segments"), [t(f"col-{h}") for h in headers], rows))
        time_rows = [
            [
                stage(r["stage"]),
                n(r["cases"]),
                seconds(r["median_seconds"]),
                seconds(r["p90_seconds"]),
            ]
            for r in tables["time"]["in_stage"]
        ]
        to_conversion = tables["time"]["to_conversion"]
        time_rows.append(
            [
                t("to-conversion"),
                n(to_conversion["cases"]),
                seconds(to_conversion["median_seconds"]),
                seconds(to_conversion["p90_seconds"]),
            ]
        )
        sections.append(
            (t("time"), [t("col-stage"), t("col-cases"), t("col-median"), t("col-p90")], time_rows)
        )
        if tables["attribution"]:
            sections.append(
                (
                    t("attribution"),
                    [t("col-touchpoint"), t("col-removal-effect"), t("col-last-touch")],
                    [
                        [
                            r["touchpoint"],
                            "–" if r["removal_effect"] is None else f"{r['removal_effect']:.1%}",
                            n(r["last_touch"]),
                        ]
                        for r in tables["attribution"]
                    ],
                )
            )
        summary = t(
            "summary",
            events=number(obs.events, loc),
            cases=number(obs.cases, loc),
            unmapped=number(obs.unmapped_events, loc),
            invalid=number(obs.invalid_events, loc),
        )
        return summary, sections, shown.hidden

    def _findings_lines(self) -> list[str]:
        return [f"{f.severity.value} {f.code} {f.message}" for f in self.findings]

    def to_text(self) -> str:
        """Plain text: the summary, then one aligned table per measure, then the findings."""
        summary, sections, hidden = self._sections()
        loc = self.locale
        out = [text("evidence.title", loc, name=self.workspace_name), summary]
        if hidden:
            out.append(text("evidence.suppressed", loc, n=hidden, min=self.min_cases))
        for title, headers, rows in sections:
            out += ["", title]
            if not rows:
                out.append("  " + text("evidence.none", loc))
                continue
            widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
            out.append("  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
            for row in rows:
                cells = zip(row, widths, strict=True)
                out.append("  " + "  ".join(c.ljust(w) for c, w in cells).rstrip())
        out += ["", text("evidence.findings", loc)]
        out += [f"  {line}" for line in self._findings_lines()] or [
            "  " + text("evidence.none", loc)
        ]
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        """Markdown: a heading, the summary, and one table per measure."""
        summary, sections, hidden = self._sections()
        loc = self.locale
        esc: Callable[[str], str] = _markdown_cell
        out = [f"# {esc(text('evidence.title', loc, name=self.workspace_name))}", "", summary]
        if hidden:
            out += ["", text("evidence.suppressed", loc, n=hidden, min=self.min_cases)]
        for title, headers, rows in sections:
            out += ["", f"## {esc(title)}", ""]
            if not rows:
                out.append(text("evidence.none", loc))
                continue
            out.append("| " + " | ".join(esc(h) for h in headers) + " |")
            out.append("|" + " --- |" * len(headers))
            out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        out += ["", f"## {text('evidence.findings', loc)}", ""]
        out += [f"- {esc(line)}" for line in self._findings_lines()] or [text("evidence.none", loc)]
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        """In Jupyter: the summary and the tables, escaped."""
        summary, sections, hidden = self._sections()
        loc = self.locale
        e = html.escape
        parts = [
            '<div class="personajourney-evidence">',
            f"<h3>{e(text('evidence.title', loc, name=self.workspace_name))}</h3>",
            f"<p>{e(summary)}</p>",
        ]
        if hidden:
            note = text("evidence.suppressed", loc, n=hidden, min=self.min_cases)
            parts.append(f"<p><em>{e(note)}</em></p>")
        for title, headers, rows in sections:
            if not rows:
                continue
            parts.append(f"<h4>{e(title)}</h4><table><thead><tr>")
            parts += [f"<th>{e(h)}</th>" for h in headers]
            parts.append("</tr></thead><tbody>")
            for row in rows:
                parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
            parts.append("</tbody></table>")
        if self.findings:
            parts.append(f"<h4>{e(text('evidence.findings', loc))}</h4><ul>")
            parts += [f"<li>{e(line)}</li>" for line in self._findings_lines()]
            parts.append("</ul>")
        parts.append("</div>")
        return "".join(parts)


def _segment_rows(rows: list[Row], n: Callable[[int | None], str]) -> list[list[str]]:
    def money(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f}"

    return [
        [
            r["segment"],
            n(r["cases"]),
            n(r["converted"]),
            "–" if r["conversion_rate"] is None else f"{r['conversion_rate']:.1%}",
            money(r["value"]),
            money(r["value_per_case"]),
        ]
        for r in rows
    ]


def _markdown_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3.5 h``, ``4.2 d``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
