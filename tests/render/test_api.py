"""The render API: ``render_card``, ``render_committee``… give the right type and content.

Engine work (PDF, PNG, Graphviz SVG) runs in the process-wide engine pool, shared by every
test of the session, so workers start once. Engine-made bytes are parsed, never compared.
"""

from __future__ import annotations

import doctest
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from PIL import Image

import personajourney as pj
from personajourney.render import api
from personajourney.render.api import FORMATS, KINDS, Options, render
from personajourney.render.engines import RenderError
from personajourney.render.theme import Theme

EXAMPLES = Path(__file__).parents[2] / "examples"
MM = 72 / 25.4

SMALL = """\
name: Pieni ostopolku
locale: fi
personas:
  - id: paivi
    name: Päivi Pöllänen
    goals: [Täyttää kesäsijaisuudet]
    roles: [decision_maker]
  - id: joro
    name: Jörö Jäärä
    roles: [economic_buyer]
committees:
  - id: hallitus
    name: Hallitus päättää
    members:
      - {id: toimari, name: Toimitusjohtaja Tuula, roles: [decision_maker], persona_id: paivi,
         active_stage_ids: [purchase-decision]}
      - {id: talous, name: Talousjohtaja Taisto, roles: [economic_buyer], persona_id: joro}
touchpoints:
  - {id: blogi, name: Blogikirjoitus, stage_id: problem-awareness, channel_id: web,
     persona_ids: [paivi, joro], emotion: 1, entry: true}
  - {id: tarjous, name: Tarjous, stage_id: purchase-decision, channel_id: meeting,
     persona_ids: [paivi], member_ids: [toimari], emotion: -1}
transitions:
  - {from_id: blogi, to_id: tarjous}
"""

#: Default paper of each kind in points (width, height).
DEFAULT_POINTS = {
    "card": (595.28, 841.89),  # A4 portrait
    "committee": (1190.55, 841.89),  # A3 landscape
    "journey": (1683.78, 1190.55),  # A2 landscape
    "poster": (1683.78, 1190.55),  # A2 landscape
    "heatmap": (1190.55, 841.89),  # A3 landscape
    "report": (595.28, 841.89),  # A4 portrait
}


@pytest.fixture(scope="module")
def small() -> pj.Workspace:
    return pj.loads(SMALL)


@pytest.fixture(scope="module")
def b2b() -> pj.Workspace:
    return pj.load(EXAMPLES / "b2b-software")


def _svg_root(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _all_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter())


def _pdf(data: str | bytes) -> pypdf.PdfReader:
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def _size(box: pypdf.generic.RectangleObject) -> tuple[float, float]:
    return round(float(box.width), 2), round(float(box.height), 2)


def _not_blank(png: str | bytes) -> Image.Image:
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    low, high = image.convert("L").getextrema()
    assert high - low > 100, "the image is one flat colour"
    return image


def _select(kind: str) -> dict[str, str]:
    return {"card": {"target": "paivi"}, "committee": {"target": "hallitus"}}.get(kind, {})


# -- text formats: made here, deterministic ----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [(k, f) for k in KINDS for f in FORMATS[k] if f in ("html", "dot")]
    + [(k, "svg") for k in ("card", "poster", "heatmap", "report")],
)
def test_text_formats_are_str_and_the_same_every_time(
    small: pj.Workspace, kind: str, fmt: str
) -> None:
    first = render(kind, small, format=fmt, **_select(kind))
    second = render(kind, small, format=fmt, **_select(kind))
    assert isinstance(first, str)
    assert first == second
    if fmt == "html":
        assert first.startswith("<!DOCTYPE html>")
        assert '<html lang="fi"' in first
    elif fmt == "dot":
        assert first.startswith("digraph")
    else:
        root = _svg_root(first)
        if kind == "card":
            assert "Päivi Pöllänen" in _all_text(root)


def test_card_svg_is_well_formed_and_names_the_persona(small: pj.Workspace) -> None:
    svg = pj.render_card(small, "joro", format="svg")
    assert isinstance(svg, str)
    root = _svg_root(svg)
    assert root.get("viewBox") == "0 0 210 297"
    assert "Jörö Jäärä" in _all_text(root)
    assert "Päivi Pöllänen" not in _all_text(root)


def test_a_lone_persona_renders_without_a_workspace() -> None:
    persona = pj.Persona(id="hr-hanna", name="HR-Hanna", goals=["Reach recruits"])
    html = pj.render_card(persona)
    assert isinstance(html, str)
    assert "HR-Hanna" in html
    assert "Reach recruits" in html


def test_render_functions_pass_their_selection_on(small: pj.Workspace, b2b: pj.Workspace) -> None:
    overall = pj.render_journey(small, format="dot")
    one = pj.render_journey(small, persona_id="joro", format="dot")
    member = pj.render_journey(small, member_id="toimari", format="dot")
    other = pj.render_journey(small, member_id="talous", format="dot")
    assert isinstance(overall, str)
    assert isinstance(one, str)
    assert isinstance(member, str)
    assert "Tarjous" in overall
    assert "Tarjous" not in one  # the offer reaches Päivi and the CEO, not Jörö
    assert "Tarjous" in member
    assert "Tarjous" not in str(other)
    in_stage = pj.render_committee(b2b, stage_id="purchase-decision", format="dot")
    whole = pj.render_committee(b2b, "manufacturer-security", format="dot")
    assert isinstance(in_stage, str)
    assert in_stage != whole
    poster = pj.render_poster(small, persona_id="joro")
    assert isinstance(poster, str)
    assert "Jörö Jäärä" in poster
    report = pj.run_checks(small, select=["P"])
    page = pj.render_report(small, report=report)
    assert isinstance(page, str)
    codes = {f.code for f in report.findings}
    assert codes
    assert all(code.startswith("P") for code in codes)
    assert all(code in page for code in codes)


def test_a_clean_report_given_is_the_one_drawn(small: pj.Workspace) -> None:
    # A report with no findings is still the caller's report, not a cue to run the checks.
    found = {f.code for f in pj.run_checks(small).findings}
    passing = next(r.code for r in pj.rules() if r.code not in found)
    clean = pj.run_checks(small, select=[passing])
    assert len(clean) == 0
    page = pj.render_report(small, report=clean)
    full = pj.render_report(small)
    assert isinstance(page, str)
    assert isinstance(full, str)
    assert page != full
    assert not any(f.code in page for f in pj.run_checks(small).findings)


# -- engine formats: bytes, parsed -------------------------------------------------------------


def test_every_kind_prints_to_pdf_on_its_default_paper(small: pj.Workspace) -> None:
    def make(kind: str) -> str | bytes:
        return render(kind, small, format="pdf", **_select(kind))

    with ThreadPoolExecutor(4) as run:
        pdfs = dict(zip(KINDS, run.map(make, KINDS), strict=True))
    for kind, data in pdfs.items():
        pdf = _pdf(data)
        assert len(pdf.pages) >= 1, kind
        assert {_size(p.mediabox) for p in pdf.pages} == {DEFAULT_POINTS[kind]}, kind
    assert "Päivi Pöllänen" in _pdf(pdfs["card"]).pages[0].extract_text()
    assert "Toimitusjohtaja Tuula" in _pdf(pdfs["committee"]).pages[0].extract_text()
    assert "Hallitus päättää" in _pdf(pdfs["committee"]).pages[0].extract_text()
    journey_text = _pdf(pdfs["journey"]).pages[0].extract_text()
    assert "Blogikirjoitus" in journey_text
    assert "Asiakaspolku" in journey_text  # the page title, in the workspace's language


def test_cards_and_diagrams_rasterise_to_pngs_that_are_not_blank(small: pj.Workspace) -> None:
    # Posters, heatmaps and reports take the card's path (HTML → WeasyPrint → PNG); the
    # PNGs of a whole pack are checked in tests/test_cli_render.py.
    options = Options(dpi=20)
    kinds = ("card", "committee", "journey")

    def make(kind: str) -> str | bytes:
        return render(kind, small, format="png", options=options, **_select(kind))

    with ThreadPoolExecutor(3) as run:
        pngs = dict(zip(kinds, run.map(make, kinds), strict=True))
    for data in pngs.values():
        _not_blank(data)
    card = Image.open(io.BytesIO(pngs["card"]))
    assert abs(card.width - 595.28 * 20 / 72) <= 1  # A4 at 20 dpi
    assert abs(card.height - 841.89 * 20 / 72) <= 1
    # Graphviz draws at the asked resolution: twice the dpi, twice the pixels.
    big = _not_blank(render("journey", small, format="png", options=Options(dpi=40)))
    journey = Image.open(io.BytesIO(pngs["journey"]))
    assert abs(big.width - 2 * journey.width) <= 2


def test_graphviz_svg_of_diagrams_is_well_formed(small: pj.Workspace) -> None:
    committee = pj.render_committee(small)
    journey = pj.render_journey(small)
    assert isinstance(committee, str)
    assert isinstance(journey, str)
    assert "Talousjohtaja Taisto" in _all_text(_svg_root(committee))
    assert "Blogikirjoitus" in _all_text(_svg_root(journey))


@pytest.mark.parametrize(
    ("options", "media", "trim"),
    [
        (Options(paper="A3"), (841.89, 1190.55), None),
        (Options(paper="letter", orientation="landscape"), (792.0, 612.0), None),
        (Options(orientation="landscape"), (841.89, 595.28), None),
        (Options(paper="A2", orientation="landscape"), (1683.78, 1190.55), None),
        # A print shop's bleed: the media box grows by the bleed on each side, the trim
        # box stays the paper size.
        (Options(bleed=3), (round(216 * MM, 2), round(303 * MM, 2)), (595.28, 841.89)),
        # Crop marks without bleed: WeasyPrint leaves 6 pt on each side for the marks.
        (Options(crop_marks=True), (607.28, 853.89), (595.28, 841.89)),
        # With bleed, the bleed is the margin the marks are drawn in.
        (
            Options(bleed=5, crop_marks=True, paper="A3", orientation="landscape"),
            (round(430 * MM, 2), round(307 * MM, 2)),
            (1190.55, 841.89),
        ),
    ],
)
def test_paper_orientation_and_bleed_set_the_pdf_page(
    small: pj.Workspace,
    options: Options,
    media: tuple[float, float],
    trim: tuple[float, float] | None,
) -> None:
    pdf = _pdf(pj.render_card(small, "paivi", format="pdf", options=options))
    assert len(pdf.pages) == 1
    assert _size(pdf.pages[0].mediabox) == media
    if trim is not None:
        assert _size(pdf.pages[0].trimbox) == trim


def test_a_diagram_page_follows_the_paper_too(small: pj.Workspace) -> None:
    pdf = _pdf(pj.render_journey(small, format="pdf", options=Options(paper="A4")))
    assert _size(pdf.pages[0].mediabox) == (841.89, 595.28)  # journeys default to landscape


# -- options -----------------------------------------------------------------------------------


def test_theme_colours_reach_templates_and_diagrams(small: pj.Workspace) -> None:
    theme = Theme(accent="#123456", text="#654321")
    options = Options(theme=theme)
    for kind, fmt in [("card", "html"), ("card", "svg"), ("poster", "svg"), ("committee", "dot")]:
        plain = render(kind, small, format=fmt, **_select(kind))
        themed = render(kind, small, format=fmt, options=options, **_select(kind))
        assert isinstance(themed, str)
        assert "#654321" in themed, (kind, fmt)
        assert "#654321" not in str(plain), (kind, fmt)


def test_locale_option_changes_the_labels(b2b: pj.Workspace) -> None:
    english = pj.render_card(b2b, "it-lead")
    finnish = pj.render_card(b2b, "it-lead", options=Options(locale="fi"))
    assert isinstance(english, str)
    assert isinstance(finnish, str)
    assert "Uses" in english
    assert "Käyttää" in finnish
    assert "Uses" not in finnish
    assert '<html lang="fi"' in finnish
    assert b2b.locale == "en"  # the workspace itself is left alone
    dot = pj.render_journey(b2b, format="dot", options=Options(locale="fi"))
    assert isinstance(dot, str)
    assert "Ostopäätös" in dot


def test_a_user_template_replaces_the_packaged_one_by_name(
    small: pj.Workspace, tmp_path: Path
) -> None:
    packaged = Path(api.__file__).parent / "templates"
    (tmp_path / "page.html.j2").write_text(
        (packaged / "page.html.j2")
        .read_text(encoding="utf-8")
        .replace('<div class="sheet page">', '<div class="sheet page" data-marker="OMA-SIVU">'),
        encoding="utf-8",
    )
    (tmp_path / "heatmap.svg.j2").write_text("<svg>OMA-{{ c.title }}</svg>\n", encoding="utf-8")
    options = Options(template_dirs=(str(tmp_path),))
    page = pj.render_journey(small, format="html", options=options)
    assert isinstance(page, str)
    assert 'data-marker="OMA-SIVU"' in page
    assert "OMA-SIVU" not in str(pj.render_journey(small, format="html"))
    heatmap = pj.render_heatmap(small, options=options)
    assert isinstance(heatmap, str)
    assert heatmap.startswith("<svg>OMA-")
    # Templates not overridden are the packaged ones.
    assert pj.render_card(small, options=options) == pj.render_card(small)


# -- bad requests ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ws: pj.render_card(ws, "paivii"), "no persona 'paivii' in the workspace; did you"),
        (lambda ws: pj.render_committee(ws, "nobody"), "no committee 'nobody'"),
        (lambda ws: pj.render_committee(ws, stage_id="decision"), "no stage 'decision'"),
        (lambda ws: pj.render_journey(ws, persona_id="nobody"), "no persona 'nobody'"),
        (lambda ws: pj.render_journey(ws, member_id="nobody"), "no member 'nobody'"),
        (lambda ws: pj.render_poster(ws, persona_id="nobody"), "no persona 'nobody'"),
        (lambda ws: pj.render_card(ws, format="dot"), "card cannot be rendered as 'dot'"),
        (lambda ws: render("wall", ws, format="html"), "unknown kind 'wall'"),
        (lambda ws: render("heatmap", ws, format="svg", persona_id="paivi"), "does not apply"),
        (lambda ws: render("card", ws, format="svg", stage_id="onboarding"), "does not apply"),
        (
            lambda ws: pj.render_journey(ws, persona_id="paivi", member_id="talous"),
            "not both",
        ),
    ],
)
def test_bad_requests_are_value_errors_that_say_what_is_wrong(
    small: pj.Workspace, call: Callable[[pj.Workspace], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call(small)


def test_a_typo_in_an_id_names_the_closest(small: pj.Workspace) -> None:
    with pytest.raises(ValueError, match="did you mean 'paivi'"):
        pj.render_card(small, "paivii")


def test_a_workspace_without_personas_or_committees_says_so() -> None:
    with pytest.raises(ValueError, match="the workspace has no persona"):
        pj.render_card(pj.Workspace())
    with pytest.raises(ValueError, match="the workspace has no committee"):
        pj.render_committee(pj.Workspace())


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"paper": "B5"}, "unknown paper size"),
        ({"orientation": "sideways"}, "orientation"),
        ({"bleed": 25}, "bleed"),
        ({"dpi": 5}, "dpi"),
        ({"dpi": 5000}, "dpi"),
        ({"locale": "de"}, "unknown locale 'de'"),
    ],
)
def test_bad_options_are_refused_when_made(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Options(**values)  # type: ignore[arg-type]


def test_an_engine_failure_is_a_render_error(
    small: pj.Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, job: object) -> bytes:
        raise RenderError("card paivi: weasyprint failed: out of paper")

    monkeypatch.setattr("personajourney.render.engines.EnginePool.run", broken)
    with pytest.raises(RenderError, match="out of paper"):
        pj.render_card(small, format="pdf")
    with pytest.raises(pj.PersonaJourneyError):
        pj.render_journey(small, format="svg")


# -- public API --------------------------------------------------------------------------------


def test_render_functions_are_reexported_lazily() -> None:
    code = (
        "import sys\n"
        "import personajourney as pj\n"
        "assert 'personajourney.render.api' not in sys.modules\n"
        "names = ['render_card', 'render_committee', 'render_journey', 'render_poster',\n"
        "         'render_heatmap', 'render_report', 'build_pack']\n"
        "assert all(name in dir(pj) for name in names)\n"
        "assert all(callable(getattr(pj, name)) for name in names)\n"
        "assert 'jinja2' not in sys.modules and 'weasyprint' not in sys.modules\n"
        "try:\n"
        "    pj.render_nothing\n"
        "except AttributeError as exc:\n"
        "    assert 'render_nothing' in str(exc)\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert pj.render_card is api.render_card
    assert pj.build_pack.__module__ == "personajourney.render.pack"


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert tried > 5
    assert failures == 0
