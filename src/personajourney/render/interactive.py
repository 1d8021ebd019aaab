"""The pages on a screen: the script, its data and the Content-Security-Policy.

Every HTML page of the pack carries one small hand-written script (``static/interactive.js``,
inlined, so it works from ``file://`` and offline) and a JSON block (``#pj-data``) with what
the script shows: the details of each touchpoint, persona and committee member drawn on the
page, keyed by the element id the sheet gives it, and the filters (persona, segment, stage,
owner team) with their options. The script fetches nothing.

Each page also carries a strict Content-Security-Policy in a ``<meta>``: no source by
default, scripts only by the sha256 hash of the packaged script (no inline handlers, no
``eval``, no remote or same-origin files), images and fonts only as ``data:`` URIs (and the
pack's own files), no forms, no ``<base>``. Model text that escaped its escaping could not
run script. WeasyPrint ignores the script and the screen-only styles, so the PDFs are
unchanged.

Everything here is deterministic: the same workspace gives the same bytes.

Example:
    >>> from personajourney.render import interactive
    >>> interactive.script_hash().startswith("sha256-")
    True
    >>> "script-src 'sha256-" in interactive.csp()
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import i18n
from .escape import clean

if TYPE_CHECKING:
    from ..checks.report import Report
    from ..models.workspace import Workspace

__all__ = [
    "CSP_META",
    "allow_script",
    "csp",
    "empty_data",
    "page_data",
    "script",
    "script_hash",
    "sha256_source",
    "without_page_scripts",
]

#: The ``<meta>`` that carries the policy: ``allow_script`` finds it by this pattern.
CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

_LABELS = (
    "toolbar",
    "fit",
    "actual-size",
    "zoom-in",
    "zoom-out",
    "all",
    "search",
    "details",
)


def sha256_source(text: str | bytes) -> str:
    """The CSP hash source of a script: ``sha256-<base64 of its UTF-8 bytes' digest>``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


@lru_cache(maxsize=1)
def script() -> Markup:
    """The packaged script, as it is inlined into every page."""
    text = (files(__package__) / "static" / "interactive.js").read_text("utf-8")
    if "</" in text:  # it could end its own <script> element
        raise ValueError("interactive.js must not contain '</'")
    return Markup(text)


def script_hash() -> str:
    """The hash source (``sha256-…``) of :func:`script`."""
    return sha256_source(str(script()))


def csp(script_hashes: Iterable[str] = (), *, connect_self: bool = False) -> str:
    """The pages' Content-Security-Policy.

    Args:
        script_hashes: More scripts to allow, by hash source (the live server's reload
            script).
        connect_self: Allow ``fetch`` and event streams to the page's own origin (the live
            server).
    """
    hashes = " ".join(f"'{h}'" for h in (script_hash(), *script_hashes))
    parts = [
        "default-src 'none'",
        f"script-src {hashes}",
        "style-src 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if connect_self:
        parts.insert(1, "connect-src 'self'")
    return "; ".join(parts)


def allow_script(page: bytes, script_hash: str) -> bytes:
    """``page`` with its policy widened for one more script (by hash) and connections to
    its own origin: what the live server needs for its reload script. A page without the
    packaged policy is returned as it is."""
    found = CSP_META.search(page)
    if found is None:
        return page
    policy = csp([script_hash], connect_self=True).encode("ascii")
    return page[: found.start(1)] + policy + page[found.end(1) :]


_DATA_BLOCK = re.compile(r'<script type="application/json" id="pj-data">([^<]*)</script>\n?')


def without_page_scripts(page: str) -> str:
    """``page`` without the two script elements every page carries: the packaged script
    (exactly as packaged) and the JSON data block (which must parse and hold no ``<``). For
    checks that a page holds no other script.

    Raises:
        ValueError: when either is missing, changed or there twice, or the data is not JSON.
    """
    packaged = f"<script>{script()}</script>\n"
    if page.count(packaged) != 1:
        raise ValueError("the page does not carry the packaged script exactly once")
    page = page.replace(packaged, "")
    blocks = _DATA_BLOCK.findall(page)
    if len(blocks) != 1:
        raise ValueError("the page does not carry one JSON data block")
    json.loads(blocks[0])
    return _DATA_BLOCK.sub("", page)


def _json(value: object) -> Markup:
    """JSON that cannot end or open an element when placed inside ``<script>``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(value: object, limit: int = 400) -> str:
    """Model text for the data block: one line, cleaned like every printed value."""
    return _SURROGATES.sub("", clean(" ".join(str(value).split()), limit))


def _labels(locale: str) -> dict[str, str]:
    labels = {key: i18n.text(f"sheet.ui-{key}", locale) for key in _LABELS}
    labels["shown"] = i18n.text("sheet.ui-shown", locale, n="{n}", total="{total}")
    return labels


def empty_data(locale: str) -> Markup:
    """The data block of a page that shows no model entities (the index, a diagram page)."""
    return _json({"labels": _labels(locale), "facets": [], "items": {}})


class _Facts:
    """What the items of a page are made from: the workspace's names, reach and findings."""

    def __init__(self, ws: Workspace, report: Report | None) -> None:
        from ..graph.index import WorkspaceIndex

        self.ws, self.loc = ws, ws.locale
        self.index = WorkspaceIndex(ws)
        self.findings: dict[str, list[str]] = {}
        if report is not None:
            for finding in report.findings:
                for node in dict.fromkeys(finding.nodes):
                    text = _clean(f"{finding.code} {finding.message}", 300)
                    self.findings.setdefault(str(node), []).append(text)
        self.stage = {s.id: _clean(ws.label_of(s), 120) for s in ws.stages}
        self.persona = {p.id: _clean(p.name, 120) for p in ws.personas}
        self.segment = {s.id: _clean(s.name, 120) for s in ws.segments}
        self.motive = {m.id: _clean(m.name, 120) for m in ws.motives}
        self.teams: dict[str, str] = {}
        self.committee_of = {m.id: c.id for c, m in ws.members()}
        self.persona_segments: dict[str, list[str]] = {p: [] for p in self.persona}
        self.committee_segments: dict[str, list[str]] = {}
        for segment in ws.segments:
            for pid in segment.persona_ids:
                self.persona_segments.setdefault(pid, []).append(segment.id)
            for cid in segment.committee_ids:
                self.committee_segments.setdefault(cid, []).append(segment.id)

    def ui(self, key: str) -> str:
        return i18n.text(f"sheet.ui-{key}", self.loc)

    def team(self, team_id: str) -> str:
        if team_id not in self.teams:
            try:
                name = self.ws.label_of(self.ws.get("team", team_id))
            except (KeyError, ValueError):
                name = i18n.label("team", team_id, self.loc)
            self.teams[team_id] = _clean(name, 120)
        return self.teams[team_id]

    @staticmethod
    def names(ids: Iterable[str], table: dict[str, str]) -> str:
        return ", ".join(table.get(i, i) for i in ids)

    def finding_rows(self, key: str) -> list[list[str]]:
        found = self.findings.get(key, [])
        return [[self.ui("findings"), " · ".join(found[:8])]] if found else []

    def touchpoints(self) -> Iterator[tuple[str, dict[str, Any]]]:
        ws, index, ui = self.ws, self.index, self.ui
        for i, tp in enumerate(ws.touchpoints):
            reached = sorted(index.tp_personas[i])
            segs = {s for p in reached for s in self.persona_segments.get(p, [])}
            for member_id in tp.member_ids:
                committee = self.committee_of.get(member_id, "")
                segs.update(self.committee_segments.get(committee, []))
            owner = index.tp_owner[i]
            rows: list[list[str]] = [[ui("stage"), self.stage[tp.stage_id]]]
            if tp.channel_id:
                channel = ws.get("channel", tp.channel_id)
                rows.append([ui("channel"), _clean(ws.label_of(channel), 120)])
            if owner is not None:
                rows.append([ui("owner"), self.team(owner)])
            if reached:
                rows.append([ui("personas"), self.names(reached, self.persona)])
            if tp.motive_ids:
                rows.append([ui("motives"), self.names(tp.motive_ids, self.motive)])
            if tp.questions:
                rows.append([ui("questions"), _clean(" · ".join(tp.questions))])
            if tp.kpi:
                rows.append([ui("kpi"), _clean(tp.kpi, 200)])
            if tp.emotion is not None:
                rows.append([ui("emotion"), f"{tp.emotion:+d}"])
            rows += self.finding_rows(f"touchpoint:{tp.id}")
            facets = {
                "persona": reached,
                "segment": sorted(segs),
                "stage": [tp.stage_id],
                "team": [owner] if owner is not None else [],
            }
            yield f"tp-{tp.id}", {"name": _clean(tp.name, 200), "f": facets, "rows": rows}

    def roles(self, roles: Iterable[Any]) -> list[list[str]]:
        names = ", ".join(i18n.label("role", r.value, self.loc) for r in roles)
        return [[self.ui("roles"), names]] if names else []

    def personas(self, element: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for persona in self.ws.personas:
            rows = self.roles(persona.roles)
            segs = self.persona_segments.get(persona.id, [])
            if segs:
                rows.append([self.ui("segments"), self.names(segs, self.segment)])
            motives = [m.motive_id for m in persona.motives]
            if motives:
                rows.append([self.ui("motives"), self.names(motives, self.motive)])
            reach = len(self.index.persona_tps.get(persona.id, []))
            rows.append([self.ui("touchpoints"), str(reach)])
            rows += self.finding_rows(f"persona:{persona.id}")
            facets = {"persona": [persona.id], "segment": sorted(segs)}
            item = {"name": self.persona[persona.id], "f": facets, "rows": rows}
            yield f"{element}persona-{persona.id}", item

    def members(self, element: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for committee, member in self.ws.members():
            segs = set(self.committee_segments.get(committee.id, []))
            if member.persona_id:
                segs.update(self.persona_segments.get(member.persona_id, []))
            rows = []
            if member.title:
                rows.append([_clean(committee.name, 120), _clean(member.title, 200)])
            rows += self.roles(member.roles)
            rows.append([self.ui("influence"), f"{round(member.influence * 100)} %"])
            motives = [m.motive_id for m in member.motives]
            if motives:
                rows.append([self.ui("motives"), self.names(motives, self.motive)])
            rows += self.finding_rows(f"member:{member.id}")
            facets = {
                "persona": [member.persona_id] if member.persona_id else [],
                "segment": sorted(segs),
                "stage": sorted(member.active_stage_ids),
            }
            item = {"name": _clean(member.name, 200), "f": facets, "rows": rows}
            yield f"{element}member-{member.id}", item


def page_data(
    ws: Workspace,
    report: Report | None,
    *,
    touchpoints: bool = False,
    personas: bool = False,
    members: bool = False,
    element: str = "",
) -> Markup:
    """The JSON block of a page: labels, filters, and the details of the things it draws.

    Items are keyed by the element id the sheets give them: ``tp-<id>`` for a touchpoint
    (poster), ``persona-<id>`` for a persona card (cards, wall) and ``row-persona-<id>`` /
    ``row-member-<id>`` for the heatmap's rows (``element="row-"``).
    """
    facts = _Facts(ws, report)
    items: dict[str, dict[str, Any]] = {}
    if touchpoints:
        items.update(facts.touchpoints())
    if personas:
        items.update(facts.personas(element))
    if members:
        items.update(facts.members(element))
    teams = sorted(facts.teams.items(), key=lambda kv: (kv[1], kv[0]))
    facets = [
        ("persona", list(facts.persona.items())),
        ("segment", list(facts.segment.items())),
        ("stage", list(facts.stage.items())),
        ("team", teams),
    ]
    return _json(
        {
            "labels": _labels(ws.locale),
            "facets": [
                {
                    "key": key,
                    "label": facts.ui(f"filter-{key}"),
                    "options": [list(o) for o in options],
                }
                for key, options in facets
                if options
            ],
            "items": items,
        }
    )
