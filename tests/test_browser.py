"""The pack's pages in a real browser: Chromium from the system's packages, driven by
Playwright for Python.

What a user does on a screen: filters hide what they should, hovering or focusing a
touchpoint shows its details, search narrows the index, nothing overflows a 1,280 px window,
no page logs an error or asks for anything outside the pack, every page carries a
Content-Security-Policy that stops an injected inline script, and printing keeps the paper.
Then ``personajourney serve``: an edit shows on the open page, a broken file puts an overlay
over it, and the fixed file takes the overlay away.

One browser for the whole session; each test opens its own page. The browser is
``/usr/bin/chromium`` (Debian's ``chromium`` package; ``.ci/run`` installs it when missing)
or ``$PJ_CHROMIUM``; Playwright never downloads one. Without Chromium these tests are
skipped, saying why, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

import personajourney as pj
from personajourney.graph.index import WorkspaceIndex
from personajourney.render.pack import build_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("PJ_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install chromium) "
        "or set PJ_CHROMIUM to its path",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    result = build_pack(pj.load(EXAMPLES / "b2b-software"), out, formats=["html"])
    assert result.ok, result.failed
    return out


@pytest.fixture(scope="session")
def segmented_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("segmented")
    result = build_pack(pj.load(EXAMPLES / "segmented-market"), out, formats=["html"])
    assert result.ok, result.failed
    return out


class Watched:
    """A page with what it logged and what it asked for."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def open(self, url: str) -> Page:
        self.page.goto(url)
        self.page.wait_for_selector("html[data-pj-ready]", state="attached", timeout=10_000)
        return self.page


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page)
    context.close()


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def _shown(page: Page, element_id: str) -> bool:
    """Whether a group's texts are on screen (the group itself has no box of its own)."""
    return bool(page.locator(f"#{element_id} .t").first.is_visible())


# -- every page -------------------------------------------------------------------------------


def test_every_page_loads_with_no_error_no_request_out_and_no_horizontal_scroll(
    watched: Watched, pack_dir: Path
) -> None:
    pages = _pages(pack_dir)
    assert len(pages) > 10
    for path in pages:
        page = watched.open(path.as_uri())
        width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], f"{path.name} scrolls sideways at 1,280 px: {width}"
    assert watched.errors == []
    outside = [
        url
        for url in watched.requests
        if not url.startswith(pack_dir.as_uri() + "/") and not url.startswith("data:")
    ]
    assert outside == []


def test_every_page_has_a_strict_policy_that_stops_an_injected_inline_script(
    watched: Watched, pack_dir: Path
) -> None:
    for path in [pack_dir / "poster.html", pack_dir / "index.html", pack_dir / "journey.html"]:
        page = watched.open(path.as_uri())
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy is not None
        assert "script-src 'sha256-" in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        assert "default-src 'none'" in policy
        page.evaluate(
            """() => {
              const s = document.createElement("script");
              s.textContent = "window.__pjInjected = true";
              document.body.appendChild(s);
              const d = document.createElement("div");
              d.innerHTML = '<img src="data:," onerror="window.__pjHandler = true">';
              document.body.appendChild(d);
            }"""
        )
        page.wait_for_timeout(50)
        assert page.evaluate("window.__pjInjected === undefined")
        assert page.evaluate("window.__pjHandler === undefined")
    refused = [e for e in watched.errors if "Content Security Policy" in e]
    assert refused, "Chromium reports the refused scripts"
    assert len(refused) == len(watched.errors)


def test_the_sheet_fits_the_window_and_zooms(watched: Watched, pack_dir: Path) -> None:
    page = watched.open((pack_dir / "poster.html").as_uri())
    sheet = page.locator(".sheet").first
    fitted = sheet.bounding_box()
    assert fitted is not None
    assert fitted["width"] <= 1280
    assert fitted["width"] > 1000, "the poster fills the window's width"
    page.get_by_role("button", name="Zoom in").click()
    zoomed = sheet.bounding_box()
    assert zoomed is not None
    assert zoomed["width"] > fitted["width"] * 1.2
    page.get_by_role("button", name="Fit width").click()
    again = sheet.bounding_box()
    assert again is not None
    assert abs(again["width"] - fitted["width"]) < 1


def test_printing_in_the_browser_keeps_the_paper(watched: Watched, pack_dir: Path) -> None:
    from pypdf import PdfReader

    page = watched.open((pack_dir / "poster.html").as_uri())
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    import io

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    width_mm, height_mm = float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == (594, 420)  # A2 landscape


# -- filters and details ----------------------------------------------------------------------


def _expected(ws: pj.Workspace, facet: str, value: str) -> dict[str, bool]:
    index = WorkspaceIndex(ws)
    out = {}
    for i, tp in enumerate(ws.touchpoints):
        if facet == "persona":
            keep = value in index.tp_personas[i]
        elif facet == "stage":
            keep = tp.stage_id == value
        else:
            keep = index.tp_owner[i] == value
        out[f"tp-{tp.id}"] = keep
    return out


@pytest.mark.parametrize(
    ("facet", "value"),
    [("persona", "procurement-head"), ("stage", "comparing-alternatives"), ("team", "sales")],
)
def test_a_filter_hides_the_touchpoints_it_should(
    watched: Watched, pack_dir: Path, facet: str, value: str
) -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    page = watched.open((pack_dir / "poster.html").as_uri())
    expected = _expected(ws, facet, value)
    assert all(_shown(page, tp) for tp in expected)
    page.locator(f'select[data-facet="{facet}"]').select_option(value)
    shown = {tp: _shown(page, tp) for tp in expected}
    assert shown == expected
    assert any(expected.values())
    assert not all(expected.values())
    hidden = next(tp for tp, keep in expected.items() if not keep)
    shapes = page.locator(f'[data-for~="{hidden}"]')
    assert shapes.count() > 0
    assert all(not shapes.nth(k).is_visible() for k in range(shapes.count()))
    status = page.locator(".pj-status").text_content() or ""
    assert status == f"{sum(expected.values())} of {len(expected)} shown"
    page.locator(f'select[data-facet="{facet}"]').select_option("")
    assert all(_shown(page, tp) for tp in expected)


def test_the_segment_filter_hides_cards_of_other_segments(
    watched: Watched, segmented_dir: Path
) -> None:
    ws = pj.load(EXAMPLES / "segmented-market")
    segment = ws.segments[0]
    page = watched.open((segmented_dir / "wall.html").as_uri())
    page.locator('select[data-facet="segment"]').select_option(segment.id)
    for persona in ws.personas:
        card = page.locator(f"#persona-{persona.id}")
        assert card.is_visible() == (persona.id in segment.persona_ids), persona.id


def test_hovering_or_focusing_a_touchpoint_shows_its_details(
    watched: Watched, pack_dir: Path
) -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    tp = next(t for t in ws.touchpoints if t.kpi and t.channel_id)
    page = watched.open((pack_dir / "poster.html").as_uri())
    tip = page.locator("#pj-tip")
    assert not tip.is_visible()
    hit = page.locator(f'[data-pj-item="tp-{tp.id}"]')
    hit.hover()
    assert tip.is_visible()
    text = tip.text_content() or ""
    assert tp.name in text
    assert tp.kpi is not None
    assert tp.kpi in text
    assert ws.label_of(ws.get("channel", tp.channel_id)) in text
    assert "Owner" in text
    page.mouse.move(1, 1)
    assert not tip.is_visible()
    # By keyboard: the touchpoint is a focusable, labelled control.
    assert hit.get_attribute("tabindex") == "0"
    assert hit.get_attribute("aria-label") == tp.name
    hit.focus()
    assert tip.is_visible()
    assert tp.name in (tip.text_content() or "")
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_a_heatmap_row_shows_the_members_details_and_a_filter_hides_rows(
    watched: Watched, pack_dir: Path
) -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    member = next(m for _, m in ws.members() if m.title and m.persona_id)
    page = watched.open((pack_dir / "heatmap.html").as_uri())
    page.locator(f'[data-pj-item="row-member-{member.id}"]').hover()
    text = page.locator("#pj-tip").text_content() or ""
    assert member.name in text
    assert f"{round(member.influence * 100)} %" in text
    other = next(p for p in ws.personas if p.id != member.persona_id)
    page.locator('select[data-facet="persona"]').select_option(other.id)
    assert not _shown(page, f"row-member-{member.id}")
    assert _shown(page, f"row-persona-{other.id}")


def test_tab_reaches_the_filters_and_the_touchpoints(watched: Watched, pack_dir: Path) -> None:
    page = watched.open((pack_dir / "poster.html").as_uri())
    reached: list[dict[str, Any]] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "({tag: document.activeElement.tagName, "
                "item: document.activeElement.getAttribute('data-pj-item')})"
            )
        )
    assert any(r["tag"] == "SELECT" for r in reached)
    assert any(r["item"] and r["item"].startswith("tp-") for r in reached)


def test_search_narrows_the_index(watched: Watched, pack_dir: Path) -> None:
    page = watched.open((pack_dir / "index.html").as_uri())
    rows = page.locator("[data-pj-search]")
    total = rows.count()
    assert total > 10
    page.get_by_label("Search the pack").fill("poster")
    visible = [rows.nth(k) for k in range(total) if rows.nth(k).is_visible()]
    assert visible
    assert len(visible) < total
    assert all("poster" in (row.text_content() or "").lower() for row in visible)
    page.get_by_label("Search the pack").fill("")
    assert all(rows.nth(k).is_visible() for k in range(total))


# -- serve ------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    model = tmp_path / "model"
    shutil.copytree(EXAMPLES / "b2b-software", model)
    command = [sys.executable, "-c", "from personajourney.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "serve", str(model), "-o", str(tmp_path / "out"), "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        url = ""
        for line in process.stderr:
            found = re.search(r"serving \S+ at (http://\S+/)", line)
            if found:
                url = found[1]
                break
        assert url, "the server did not start"
        yield model, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_serve_shows_an_edit_and_the_overlay_of_a_broken_file(
    watched: Watched, served: tuple[Path, str]
) -> None:
    model, url = served
    journey = model / "journey.yaml"
    good = journey.read_text(encoding="utf-8")
    old = "Pricing page with a per-device calculator"
    new = "Pricing page with a live price estimate"
    page = watched.open(url + "poster.html")
    assert page.get_by_text(old).count() > 0
    journey.write_text(good.replace(old, new), encoding="utf-8")
    page.get_by_text(new).first.wait_for(timeout=15_000)
    page.wait_for_selector("html[data-pj-ready]", state="attached")
    journey.write_text(good.replace(old, new) + "\n  - [unclosed\n", encoding="utf-8")
    overlay = page.locator("#pj-live-overlay")
    overlay.wait_for(timeout=15_000)
    assert "journey.yaml" in (overlay.text_content() or "")
    assert page.get_by_text(new).count() > 0, "the last good wall stays under the overlay"
    journey.write_text(good, encoding="utf-8")
    page.get_by_text(old).first.wait_for(timeout=15_000)
    overlay.wait_for(state="detached", timeout=15_000)
    assert [e for e in watched.errors if "Content Security Policy" in e] == []
    assert all(u.startswith(url) for u in watched.requests)


def test_serve_lists_the_findings_in_a_panel_linked_to_the_editor(
    watched: Watched, tmp_path: Path
) -> None:
    model = tmp_path / "model"
    shutil.copytree(EXAMPLES / "b2b-software", model)
    command = [sys.executable, "-c", "from personajourney.cli import main; main()"]
    pattern = "vscode://file/{path}:{line}"
    process = subprocess.Popen(
        [
            *command,
            "serve",
            str(model),
            "-o",
            str(tmp_path / "out"),
            "--port",
            "0",
            "--editor-url",
            pattern,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        url = next(
            (m[1] for line in process.stderr if (m := re.search(r"at (http://\S+/)", line))), ""
        )
        assert url, "the server did not start"
        page = watched.open(url + "index.html")
        button = page.locator("#pj-live-findings-button")
        button.wait_for(timeout=15_000)
        findings = pj.run_checks(pj.load(model)).findings
        assert f"({len(findings)})" in (button.text_content() or "")
        panel = page.locator("#pj-live-findings")
        assert panel.is_hidden()
        button.click()
        assert panel.is_visible()
        assert button.get_attribute("aria-expanded") == "true"
        assert findings[0].code in (panel.text_content() or "")
        links = panel.locator("a[href^='vscode://file/']")
        assert links.count() > 0
        href = links.first.get_attribute("href") or ""
        assert re.match(r"vscode://file/.+\.yaml:\d+$", href)
        page.screenshot(path=str(tmp_path / "panel.png"))
        assert [e for e in watched.errors if "Content Security Policy" in e] == []
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()
