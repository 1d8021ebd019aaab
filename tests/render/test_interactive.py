"""The pages' script, data block and Content-Security-Policy (``render/interactive.py``).

The browser side (filters, details, the policy at work) is in ``tests/test_browser.py``;
these check the text: the policy names the hash of the very script the page carries, model
text cannot leave the data block, and the script stays small.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

import personajourney as pj
from personajourney.render import html, interactive

HOSTILE = '</script><script>alert(1)</script> & <!-- \u2028 "x"'


def _policy(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert found
    return found[1]


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, flags=re.S)


@pytest.fixture(scope="module")
def ws() -> pj.Workspace:
    return pj.load(Path(__file__).resolve().parents[2] / "examples" / "b2b-software")


def test_every_page_allows_exactly_the_script_it_carries(ws: pj.Workspace) -> None:
    report = pj.run_checks(ws)
    pages = [
        html.card_html(ws, "it-lead", report=report),
        html.wall_sheet_html(ws, report=report),
        html.poster_html(ws, report),
        html.heatmap_html(ws, report),
        html.report_html(ws, report),
        html.index_html([("Poster", "poster.html", "poster")], ws, report),
    ]
    for page in pages:
        [script] = _inline_scripts(page)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        policy = _policy(page)
        assert f"script-src 'sha256-{digest}'" in policy
        assert "default-src 'none'" in policy
        assert "unsafe-eval" not in policy
        assert "http:" not in policy
        assert "https:" not in policy
        assert interactive.without_page_scripts(page).count("<script") == 0


def test_model_text_cannot_leave_the_data_block(ws: pj.Workspace) -> None:
    touchpoints = [
        ws.touchpoints[0].model_copy(update={"name": HOSTILE, "kpi": HOSTILE}),
        *ws.touchpoints[1:],
    ]
    hostile = ws.model_copy(update={"touchpoints": touchpoints})
    page = html.poster_html(hostile, pj.run_checks(hostile))
    block = re.search(r'<script type="application/json" id="pj-data">(.*?)</script>', page)
    assert block
    assert "<" not in block[1]
    assert "\u2028" not in block[1]
    data = json.loads(block[1])
    item = data["items"][f"tp-{ws.touchpoints[0].id}"]
    assert item["name"] == " ".join(HOSTILE.split())
    assert [row[1] for row in item["rows"] if row[0] == "KPI"] == [" ".join(HOSTILE.split())]


def test_the_data_names_each_touchpoint_with_its_facets(ws: pj.Workspace) -> None:
    page = html.poster_html(ws, pj.run_checks(ws))
    block = re.search(r'id="pj-data">(.*?)</script>', page)
    assert block
    data = json.loads(block[1])
    assert set(data["items"]) == {f"tp-{t.id}" for t in ws.touchpoints}
    for tp in ws.touchpoints:
        facets = data["items"][f"tp-{tp.id}"]["f"]
        assert facets["stage"] == [tp.stage_id]
        assert set(tp.persona_ids) <= set(facets["persona"])
        assert f'id="tp-{tp.id}"' in page, "the element the script binds to"
    keys = [f["key"] for f in data["facets"]]
    assert keys == ["persona", "stage", "team"]  # the example has no segments


def test_the_live_servers_policy_adds_one_hash_and_connections_home() -> None:
    page = html.index_html([], pj.Workspace(name="x")).encode()
    served = interactive.allow_script(page, "sha256-abc=")
    policy = _policy(served.decode())
    assert "script-src 'sha256-" in policy
    assert "'sha256-abc='" in policy
    assert "connect-src 'self'" in policy
    assert interactive.allow_script(b"<html></html>", "sha256-abc=") == b"<html></html>"


def test_the_script_stays_within_its_budget_and_has_no_inline_handlers() -> None:
    script = str(interactive.script())
    assert len(script.encode()) < 30_000
    assert "innerHTML" not in script
    assert "eval(" not in script
    assert "</" not in script
