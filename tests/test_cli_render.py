"""The rendering commands: ``build``, ``render``, ``export mermaid`` and ``import mermaid``.

Exit codes as for ``check``: 0 clean, 1 findings at or above ``--fail-on``, 2 bad input or
usage, and 2 when an artefact could not be rendered. Engine work runs in the process-wide
engine pool, started once for the whole session.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner, Result

import personajourney as pj
from personajourney.cli import app
from personajourney.render import pack
from personajourney.render.pack import plan

runner = CliRunner()

ROOT = Path(__file__).parents[1]
B2B = ROOT / "examples" / "b2b-software"
TEMPLATES = ROOT / "src" / "personajourney" / "render" / "templates"
MM = 72 / 25.4

GAPPY = """\
name: Gappy
personas:
  - id: hr-hanna
    name: HR-Hanna
    goals: [Reach recruits]
    problems: [Few applicants]
    motives: [{motive_id: reach, strength: 0.9}]
motives:
  - {id: reach, name: Reach recruits}
touchpoints:
  - {id: ad, name: Social ad, stage_id: problem-awareness, channel_id: social,
     persona_ids: [hr-hanna], motive_ids: [reach], entry: true, emotion: 1}
  - {id: demo, name: Demo, stage_id: comparing-alternatives, persona_ids: [hr-hanna]}
  - {id: proposal, name: Proposal, stage_id: purchase-decision, persona_ids: [hr-hanna]}
transitions:
  - {from_id: ad, to_id: demo}
"""

#: Page size of each kind's PDF in a default build, in points.
PAGE = {
    "cards": (595.28, 841.89),  # A4 portrait
    "wall": (2383.94, 1683.78),  # A1 landscape
    "committees": (1190.55, 841.89),  # A3 landscape
    "committee-stages": (1190.55, 841.89),
    "journey": (1683.78, 1190.55),  # A2 landscape
    "journeys": (1683.78, 1190.55),
    "poster": (1683.78, 1190.55),
    "heatmap": (1190.55, 841.89),  # A3 landscape
    "report": (595.28, 841.89),  # A4 portrait
}


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def assert_usage_error(result: Result, *needles: str) -> None:
    """Exit 2 with a one-line ``error:`` on stderr naming the problem, and no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("error:") or "error:" in result.stderr
    for needle in needles:
        assert needle in result.stderr


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(v for k, v in attrs if k == "href" and v is not None)


def links(index: Path) -> list[str]:
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    return parser.hrefs


def files(root: Path) -> set[str]:
    """The pack's files (not the manifest of what the build wrote)."""
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".personajourney-manifest.json"
    }


def planned(ws: pj.Workspace, formats: tuple[str, ...] = ("html", "svg", "pdf")) -> set[str]:
    items = plan(ws, formats=formats)
    return {f"{a.stem}.{fmt}" for a in items for fmt in a.formats} | {"index.html"}


def pdf_size(path: Path) -> set[tuple[float, float]]:
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 1
    return {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    }


def png_image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    low, high = image.convert("L").getextrema()
    assert high - low > 100, "the image is one flat colour"
    return image


@pytest.fixture
def gappy(tmp_path: Path) -> Path:
    path = tmp_path / "gappy.yaml"
    path.write_text(GAPPY, encoding="utf-8")
    return path


# -- build: the whole wall pack ----------------------------------------------------------------


@pytest.fixture(scope="module")
def wall(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("wall") / "pack"
    return invoke("build", B2B, "-o", out), out


def test_build_writes_the_whole_pack_and_says_where(wall: tuple[Result, Path]) -> None:
    result, out = wall
    assert result.exit_code == 0, result.output
    assert files(out) == planned(pj.load(B2B))
    assert f"Wall pack in {out.resolve()}" in result.stdout
    assert f"open {out.resolve() / 'index.html'}" in result.stdout
    assert "score" in result.stdout.splitlines()[-1]
    assert "error" not in result.stderr


def test_the_pack_has_every_artefact_the_issue_asks_for(wall: tuple[Result, Path]) -> None:
    _, out = wall
    ws = pj.load(B2B)
    for fmt in ("html", "svg", "pdf"):
        for persona in ws.personas:
            assert (out / f"cards/{persona.id}.{fmt}").is_file()
            assert (out / f"journeys/{persona.id}.{fmt}").is_file()
        assert (out / "committees/manufacturer-security").with_suffix(f".{fmt}").is_file()
        assert (out / f"committee-stages/manufacturer-security/purchase-decision.{fmt}").is_file()
        for name in ("journey", "poster", "heatmap", "report"):
            assert (out / f"{name}.{fmt}").is_file()
    assert (out / "wall.html").is_file()
    assert (out / "wall.pdf").is_file()


def test_the_index_links_every_file_that_exists_and_nothing_else(
    wall: tuple[Result, Path],
) -> None:
    _, out = wall
    hrefs = links(out / "index.html")
    # Each file once as a format chip; an artefact's title links its first file again.
    assert len(hrefs) == len(files(out) - {"index.html"}) + len(
        re.findall(r'<span class="entry"><a ', (out / "index.html").read_text("utf-8"))
    )
    assert set(hrefs) == files(out) - {"index.html"}


def test_every_pdf_of_the_pack_is_valid_and_on_its_paper(wall: tuple[Result, Path]) -> None:
    _, out = wall
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == len([f for f in planned(pj.load(B2B)) if f.endswith(".pdf")])
    for path in pdfs:
        top = path.relative_to(out).parts[0].removesuffix(".pdf")
        assert pdf_size(path) == {PAGE[top]}, path
    text = pypdf.PdfReader(out / "cards/it-lead.pdf").pages[0].extract_text()
    assert "Tero, the IT manager" in text


def test_every_svg_and_html_of_the_pack_is_well_formed(wall: tuple[Result, Path]) -> None:
    _, out = wall
    for path in sorted(out.rglob("*.svg")):
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", path
    for path in sorted(out.rglob("*.html")):
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), path


def test_build_again_gives_the_same_text_files(wall: tuple[Result, Path], tmp_path: Path) -> None:
    _, out = wall
    result = invoke("build", B2B, "-o", tmp_path, "--formats", "html,svg")
    assert result.exit_code == 0, result.output
    names = files(tmp_path) - {"index.html"}  # the index lists the PDFs of the full build
    assert names == {n for n in files(out) if n.endswith((".html", ".svg"))} - {"index.html"}
    for name in sorted(names):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)])
def test_build_exit_code_follows_fail_on(
    gappy: Path, tmp_path: Path, fail_on: str, expected: int
) -> None:
    result = invoke(
        "build", gappy, "-o", tmp_path / "out", "--formats", "dot", "--fail-on", fail_on
    )
    assert result.exit_code == expected, result.output
    assert (tmp_path / "out/journey.dot").is_file()


def test_build_exit_code_follows_the_file_setting(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text(GAPPY + "checks: {fail_on: warning}\n", encoding="utf-8")
    assert invoke("build", path, "-o", tmp_path / "a", "--formats", "dot").exit_code == 1
    result = invoke("build", path, "-o", tmp_path / "b", "--formats", "dot", "--fail-on", "error")
    assert result.exit_code == 0


def test_build_png_on_request(gappy: Path, tmp_path: Path) -> None:
    result = invoke("build", gappy, "-o", tmp_path, "--formats", "svg", "--png", "--dpi", "20")
    assert result.exit_code == 0, result.output
    pngs = sorted(tmp_path.rglob("*.png"))
    assert {p.relative_to(tmp_path).as_posix() for p in pngs} == {
        f for f in planned(pj.load(gappy), ("svg", "png")) if f.endswith(".png")
    }
    card = png_image((tmp_path / "cards/hr-hanna.png").read_bytes())
    assert abs(card.width - 210 / 25.4 * 20) <= 1  # A4 at 20 dpi
    heatmap = png_image((tmp_path / "heatmap.png").read_bytes())
    assert abs(heatmap.width - 420 / 25.4 * 20) <= 1  # A3 landscape
    assert abs(heatmap.height - 297 / 25.4 * 20) <= 1
    for path in pngs:
        png_image(path.read_bytes())


def test_build_locale_option_gives_finnish_labels(tmp_path: Path) -> None:
    result = invoke("build", B2B, "-o", tmp_path, "--formats", "html", "--locale", "fi")
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Persoonakortit" in index
    assert "Tarkistusraportti" in index
    assert "Ostopäätös" in (tmp_path / "poster.html").read_text(encoding="utf-8")
    assert '<html lang="fi"' in (tmp_path / "journey.html").read_text(encoding="utf-8")


def test_build_reports_an_artefact_that_fails_and_writes_the_rest(
    gappy: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "poster.svg.j2").write_text("{% for %}\n", encoding="utf-8")  # broken
    out = tmp_path / "out"
    result = invoke("build", gappy, "-o", out, "--formats", "html,svg", "--template-dir", templates)
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "2 files could not be written" in result.stderr
    assert "poster.svg:" in result.stderr
    assert "poster.html:" in result.stderr
    assert files(out) == planned(pj.load(gappy), ("html", "svg")) - {"poster.html", "poster.svg"}
    assert "poster.svg" not in links(out / "index.html")


def test_build_timeout_fails_slow_artefacts_only(gappy: Path, tmp_path: Path) -> None:
    result = invoke("build", gappy, "-o", tmp_path, "--formats", "svg", "--timeout", "0.001")
    assert result.exit_code == 2
    assert "took longer than" in result.stderr
    assert "journey.svg:" in result.stderr
    assert (tmp_path / "cards/hr-hanna.svg").is_file()
    assert not (tmp_path / "journey.svg").exists()


def test_build_never_writes_through_a_symlink_leading_out(gappy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "journeys").symlink_to(outside, target_is_directory=True)
    result = invoke("build", gappy, "-o", out, "--formats", "dot")
    assert result.exit_code == 2
    assert "outside the output folder" in result.stderr
    assert list(outside.iterdir()) == []
    assert (out / "journey.dot").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--formats", "html,jpeg"], "--formats takes"),
        (["--formats", ","], "--formats takes"),
        (["--bleed", "30"], "--bleed must be between 0 and 20"),
        (["--dpi", "5"], "--dpi must be between 10 and 1200"),
        (["--template-dir", "no-such-folder"], "no such folder"),
    ],
)
def test_build_usage_errors_exit_2(
    gappy: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    result = invoke("build", gappy, "-o", tmp_path / "out", *args)
    assert_usage_error(result, needle)
    assert not (tmp_path / "out").exists()


def test_build_into_a_folder_another_build_holds_waits_and_says_so(
    gappy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    held, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def first_build() -> None:  # holds the folder as a build in this process would
        with pack._folder_lock(out.resolve()):
            held.set()
            release.wait(30)
            finished.append(True)

    first = threading.Thread(target=first_build)
    first.start()
    assert held.wait(10)
    threading.Timer(1.0, release.set).start()
    started = time.monotonic()
    result = invoke("build", gappy, "-o", out, "--formats", "html")
    took = time.monotonic() - started
    first.join(30)
    assert result.exit_code in (0, 1), result.output
    assert f"waiting: a build (process {os.getpid()}) is writing to {out}" in result.stderr
    assert finished  # the first build went on to its end ...
    assert took >= 0.9  # ... and the second waited for it
    assert files(out) == planned(pj.loads(GAPPY), ("html",))
    assert "waiting" not in invoke("build", gappy, "-o", out, "--formats", "html").stderr


def test_build_into_a_file_or_from_a_bad_model_exits_2(gappy: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("mine", encoding="utf-8")
    assert_usage_error(invoke("build", gappy, "-o", taken), "-o takes a folder")
    assert taken.read_text(encoding="utf-8") == "mine"
    bad = tmp_path / "bad.yaml"
    bad.write_text("personas: [{id: p, name: P, channel_ids: [nowhere]}]\n", encoding="utf-8")
    assert_usage_error(invoke("build", bad, "-o", tmp_path / "out"), "bad.yaml:1")
    assert not (tmp_path / "out").exists()


# -- render: one artefact ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "suffix", "needle"),
    [
        ("card", "svg", "Tero"),
        ("card", "html", "Tero"),
        ("committee", "svg", "Leena Virta"),
        ("committee", "dot", "Leena Virta"),
        ("journey", "dot", "digraph"),
        ("journey", "html", "<svg"),
        ("poster", "svg", "Purchase decision"),
        ("heatmap", "html", "Tero"),
        ("report", "svg", "C001"),
    ],
)
def test_render_writes_the_kind_in_the_format_of_the_suffix(
    tmp_path: Path, kind: str, suffix: str, needle: str
) -> None:
    out = tmp_path / "sub" / f"{kind}.{suffix}"
    result = invoke("render", kind, B2B, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert needle in text
    if suffix == "svg":
        assert ET.fromstring(text.encode()).tag == "{http://www.w3.org/2000/svg}svg"
    if suffix == "dot":
        assert text.startswith("digraph")


def test_render_format_option_wins_over_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "diagram.txt"
    result = invoke("render", "journey", B2B, "-o", out, "--format", "dot")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("digraph")


def test_render_pdf_paper_orientation_bleed_and_crop_marks(tmp_path: Path) -> None:
    # More combinations, through the library, in tests/render/test_api.py.
    out = tmp_path / "card.pdf"
    args = ["--paper", "letter", "--orientation", "landscape", "--bleed", "3", "--crop-marks"]
    result = invoke("render", "card", B2B, "--id", "procurement-head", "-o", out, *args)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # WeasyPrint enlarges the media box by the bleed on each side; the trim box is the paper.
    media = (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
    assert media == (round(792 + 6 * MM, 2), round(612 + 6 * MM, 2))
    assert (round(float(page.trimbox.width), 2), round(float(page.trimbox.height), 2)) == (
        792.0,
        612.0,
    )
    assert "Jari" in page.extract_text()


def test_render_png_at_the_asked_resolution(tmp_path: Path) -> None:
    for dpi in ("20", "40"):
        result = invoke("render", "committee", B2B, "-o", tmp_path / f"{dpi}.png", "--dpi", dpi)
        assert result.exit_code == 0, result.output
    low = png_image((tmp_path / "20.png").read_bytes())
    high = png_image((tmp_path / "40.png").read_bytes())
    assert abs(high.width - 2 * low.width) <= 2


def test_render_template_dir_replaces_a_packaged_template(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("card.html.j2", "card.svg.j2"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        marked = text.replace("{% block body %}", "{% block body %}<!-- OMA-MERKKI -->", 1)
        if marked == text:  # an SVG template: mark its first element
            marked = text.replace("<svg ", '<svg data-marker="OMA-MERKKI" ', 1)
        assert marked != text, name
        (mine / name).write_text(marked, encoding="utf-8")
    for suffix in ("html", "svg"):
        out = tmp_path / f"card.{suffix}"
        result = invoke("render", "card", B2B, "-o", out, "--template-dir", mine)
        assert result.exit_code == 0, result.output
        assert "OMA-MERKKI" in out.read_text(encoding="utf-8"), suffix
        plain = tmp_path / f"plain.{suffix}"
        assert invoke("render", "card", B2B, "-o", plain).exit_code == 0
        assert "OMA-MERKKI" not in plain.read_text(encoding="utf-8")


def test_render_template_dir_reaches_diagram_pages(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (TEMPLATES / "page.html.j2").read_text(encoding="utf-8")
    (mine / "page.html.j2").write_text(
        text.replace("{% block body %}", "{% block body %}OMA-SIVU", 1)
    )
    out = tmp_path / "committee.html"
    result = invoke("render", "committee", B2B, "-o", out, "--template-dir", mine)
    assert result.exit_code == 0, result.output
    assert "OMA-SIVU" in out.read_text(encoding="utf-8")


def test_render_theme_changes_colours(tmp_path: Path) -> None:
    theme = tmp_path / "brand.yaml"
    theme.write_text("name: brand\ntext: '#0a1b2c'\naccent: '#c2b1a0'\n", encoding="utf-8")
    for kind, suffix in (("card", "html"), ("poster", "svg"), ("committee", "dot")):
        out = tmp_path / f"{kind}.{suffix}"
        result = invoke("render", kind, B2B, "-o", out, "--theme", theme)
        assert result.exit_code == 0, result.output
        assert "#0a1b2c" in out.read_text(encoding="utf-8"), kind


def test_render_theme_with_a_bad_colour_names_file_and_line(tmp_path: Path) -> None:
    theme = tmp_path / "brand.yaml"
    theme.write_text("name: brand\naccent: '#12345'\n", encoding="utf-8")
    result = invoke("render", "card", B2B, "-o", tmp_path / "card.svg", "--theme", theme)
    assert_usage_error(result, f"{theme}:2", "accent")
    assert not (tmp_path / "card.svg").exists()


def test_render_locale_gives_finnish_labels(tmp_path: Path) -> None:
    out = tmp_path / "card.html"
    result = invoke("render", "card", B2B, "-o", out, "--locale", "fi")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Käyttää" in text
    assert '<html lang="fi"' in text
    journey = tmp_path / "journey.dot"
    assert invoke("render", "journey", B2B, "-o", journey, "--locale", "fi").exit_code == 0
    assert "Ostopäätös" in journey.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["card", "--id", "it-led"], ["no persona 'it-led'", "did you mean 'it-lead'"]),
        (["committee", "--id", "nobody"], ["no committee 'nobody'"]),
        (["committee", "--stage", "decision"], ["no stage 'decision'"]),
        (["journey", "--persona", "nobody"], ["no persona 'nobody'"]),
        (["journey", "--member", "nobody"], ["no member 'nobody'"]),
        (["poster", "--persona", "nobody"], ["no persona 'nobody'"]),
        (["heatmap", "--persona", "it-lead"], ["--persona applies to journey and poster"]),
        (["card", "--stage", "onboarding"], ["--stage applies to committee, not card"]),
        (["journey", "--id", "it-lead"], ["--id applies to card and committee"]),
    ],
)
def test_render_unknown_or_misplaced_ids_exit_2(
    tmp_path: Path, args: list[str], needles: list[str]
) -> None:
    out = tmp_path / "out.svg"
    result = invoke("render", args[0], B2B, "-o", out, *args[1:])
    assert_usage_error(result, *needles)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["card", "-o", "card.dot"], "card can be rendered as html, svg, pdf, png; got dot"),
        (["card", "-o", "card"], "got no format"),
        (["heatmap", "-o", "h.svg", "--format", "gif"], "got gif"),
        (["card", "-o", "c.png", "--dpi", "0"], "--dpi must be between"),
        (["card", "-o", "c.pdf", "--bleed", "-1"], "--bleed must be between"),
        (["card", "-o", "."], "is a folder"),
    ],
)
def test_render_usage_errors_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], needle: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("render", args[0], B2B, *args[1:])
    assert_usage_error(result, needle)
    assert list(tmp_path.iterdir()) == []


def test_render_engine_failure_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from personajourney.render.engines import RenderError

    def broken(self: object, job: object) -> bytes:
        raise RenderError("card it-lead: weasyprint failed: out of paper")

    monkeypatch.setattr("personajourney.render.engines.EnginePool.run", broken)
    result = invoke("render", "card", B2B, "-o", tmp_path / "card.pdf")
    assert_usage_error(result, "out of paper")
    assert not (tmp_path / "card.pdf").exists()


# -- Mermaid -----------------------------------------------------------------------------------


def test_export_mermaid_to_stdout_with_warnings_on_stderr(tmp_path: Path) -> None:
    result = invoke("export", "mermaid", B2B)
    assert result.exit_code == 0
    assert result.stdout.startswith("journey\n")
    assert "  section Purchase decision\n" in result.stdout
    assert "warning:" not in result.stdout
    assert "warning: buying committees: 1 dropped" in result.stderr
    out = tmp_path / "journey.mmd"
    to_file = invoke("export", "mermaid", B2B, "-o", out)
    assert to_file.exit_code == 0
    assert to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == result.stdout


def test_export_mermaid_flowchart_markdown_and_persona(tmp_path: Path) -> None:
    flow = invoke("export", "mermaid", B2B, "--diagram", "flowchart")
    assert "\nflowchart LR\n" in flow.stdout
    markdown = invoke("export", "mermaid", B2B, "--diagram", "markdown")
    assert markdown.stdout.count("```mermaid") == 2
    one = invoke("export", "mermaid", B2B, "--persona", "procurement-head")
    assert one.exit_code == 0
    assert len(one.stdout) < len(invoke("export", "mermaid", B2B).stdout)
    assert_usage_error(invoke("export", "mermaid", B2B, "--persona", "nobody"), "nobody")
    assert_usage_error(invoke("export", "mermaid", B2B, "--diagram", "gantt"), "--diagram takes")


def test_mermaid_round_trip_is_stable_and_the_import_checks(tmp_path: Path) -> None:
    first = invoke("export", "mermaid", B2B).stdout
    (tmp_path / "one.mmd").write_text(first, encoding="utf-8")
    imported = invoke("import", "mermaid", tmp_path / "one.mmd", "-o", tmp_path / "ws")
    assert imported.exit_code == 0, imported.output
    assert f"wrote {tmp_path / 'ws' / 'workspace.yaml'}" in imported.stdout
    ws = pj.load(tmp_path / "ws")
    assert len(ws.touchpoints) == len(pj.load(B2B).touchpoints)
    assert invoke("check", tmp_path / "ws").exit_code == 0
    second = invoke("export", "mermaid", tmp_path / "ws").stdout
    assert second == first
    (tmp_path / "two.mmd").write_text(second, encoding="utf-8")
    assert invoke("import", "mermaid", tmp_path / "two.mmd", "-o", tmp_path / "ws2").exit_code == 0
    assert invoke("export", "mermaid", tmp_path / "ws2").stdout == first
    # And the imported workspace renders.
    assert (
        invoke("build", tmp_path / "ws", "-o", tmp_path / "pack", "--formats", "dot").exit_code == 0
    )


def test_import_mermaid_invalid_score_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.mmd"
    source.write_text("journey\n  section Search\n    Webinar: 9: Tero\n", encoding="utf-8")
    result = invoke("import", "mermaid", source, "-o", tmp_path / "ws")
    assert_usage_error(result, f"{source}:3:", "invalid score `9`")
    assert not (tmp_path / "ws").exists()


def test_import_mermaid_refuses_to_overwrite_and_to_write_into_a_file(tmp_path: Path) -> None:
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section Search\n    Webinar: 4: Tero\n", encoding="utf-8")
    assert invoke("import", "mermaid", source, "-o", tmp_path / "ws").exit_code == 0
    again = invoke("import", "mermaid", source, "-o", tmp_path / "ws")
    assert_usage_error(again, "already exists", "--force")
    assert invoke("import", "mermaid", source, "-o", tmp_path / "ws", "--force").exit_code == 0
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    assert_usage_error(invoke("import", "mermaid", source, "-o", tmp_path / "file"), "a folder")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"
    assert_usage_error(invoke("import", "mermaid", tmp_path / "none.mmd", "-o", tmp_path / "x"))


def test_import_mermaid_locale_option(tmp_path: Path) -> None:
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section Oma vaihe\n    Tarjous: 4: Tero\n", encoding="utf-8")
    result = invoke("import", "mermaid", source, "-o", tmp_path / "ws", "--locale", "fi")
    assert result.exit_code == 0, result.output
    assert pj.load(tmp_path / "ws").locale == "fi"


def test_the_examples_folder_is_left_alone(tmp_path: Path) -> None:
    # Rendering reads the workspace folder (photos) but never writes into it.
    before = sorted(p.name for p in B2B.iterdir())
    copy = tmp_path / "b2b"
    shutil.copytree(B2B, copy)
    assert invoke("build", copy, "-o", tmp_path / "pack", "--formats", "dot").exit_code == 0
    assert sorted(p.name for p in copy.iterdir()) == before


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ c.titel }}\n", "has no attribute 'titel'"),
        ("{% if %}\n", "template error (card.html.j2, line 1)"),
    ],
)
def test_a_broken_user_template_is_a_usage_error_not_a_bug(
    tmp_path: Path, template: str, message: str
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.html.j2").write_text(template, encoding="utf-8")
    example = Path(__file__).resolve().parent.parent / "examples" / "some-mainonta"
    result = runner.invoke(
        app,
        [
            "render",
            "card",
            str(example),
            "--template-dir",
            str(folder),
            "-o",
            str(tmp_path / "c.html"),
        ],
    )
    assert result.exit_code == 2
    assert message in result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "c.html").exists()
