"""HTML and template SVG: golden files, structure, print sizes, hostile input, determinism.

Golden files live in ``tests/golden/html`` and ``tests/golden/svg``: one set per example
workspace (``examples/*``, loaded with the repository root as working directory so file
names in findings are relative) plus the English starter workspace. After an intended
change to the output, regenerate them and review the diff::

    PJ_UPDATE_GOLDEN=1 pytest tests/render/test_html.py -k golden

PDF checks run WeasyPrint through :class:`~personajourney.render.engines.EnginePool` (never
in this process) and read the result with pypdf and pypdfium2.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_module
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings

import personajourney as pj
from personajourney.checks.registry import Finding
from personajourney.models.vocab import Severity
from personajourney.render import html, interactive
from personajourney.render.engines import EnginePool, Job
from personajourney.render.paper import Page, page
from personajourney.testing import workspaces

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = bool(os.environ.get("PJ_UPDATE_GOLDEN"))
EXAMPLES = (
    sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())
    if (ROOT / "examples").is_dir()
    else []
)
SVG_NS = "{http://www.w3.org/2000/svg}"
MM = 72 / 25.4


def _load(name: str) -> pj.Workspace:
    if name == "starter":
        text = (ROOT / "src" / "personajourney" / "starter" / "en.yaml").read_text("utf-8")
        return pj.loads(text)
    with contextlib.chdir(ROOT):
        return pj.load(f"examples/{name}")


def _report(ws: pj.Workspace) -> pj.Report:
    with contextlib.chdir(ROOT):
        return pj.run_checks(ws)


WORKSPACES = [*EXAMPLES, "starter"]


@pytest.fixture(scope="module")
def loaded() -> dict[str, tuple[pj.Workspace, pj.Report]]:
    out = {}
    for name in WORKSPACES:
        ws = _load(name)
        out[name] = (ws, _report(ws))
    return out


@pytest.fixture(scope="module")
def pool() -> Iterator[EnginePool]:
    with EnginePool(workers=2, timeout=120) as shared:
        yield shared


def _artefacts(ws: pj.Workspace, report: pj.Report) -> dict[str, str]:
    """Every artefact of a workspace, keyed by golden file name."""
    out: dict[str, str] = {}
    if ws.personas:
        first = ws.personas[0].id
        out[f"card-{first}.html"] = html.card_html(ws, first, report=report)
        out[f"card-{first}.svg"] = html.card_svg(ws, first, report=report)
        out["wall.html"] = html.wall_sheet_html(ws, report=report)
    out["poster.html"] = html.poster_html(ws, report)
    out["poster.svg"] = html.poster_svg(ws, report)
    out["heatmap.html"] = html.heatmap_html(ws, report)
    out["heatmap.svg"] = html.heatmap_svg(ws, report)
    out["report.html"] = html.report_html(ws, report)
    out["report.svg"] = html.report_svg(ws, report)
    entries = [("Poster", "poster.pdf", "poster"), ("Report", "report.pdf", "report")]
    out["index.html"] = html.index_html(entries, ws, report)
    return out


# -- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKSPACES)
def test_golden_html_and_svg(name: str, loaded: dict[str, tuple[pj.Workspace, pj.Report]]) -> None:
    ws, report = loaded[name]
    missing = []
    for key, text in _artefacts(ws, report).items():
        kind = "svg" if key.endswith(".svg") else "html"
        target = GOLDEN / kind / f"{name}-{key}"
        if UPDATE:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            continue
        if not target.exists():
            missing.append(str(target.relative_to(ROOT)))
            continue
        expected = target.read_text(encoding="utf-8")
        assert expected == text, f"{target.relative_to(ROOT)} differs; see the module docstring"
    assert not missing, f"golden files missing (PJ_UPDATE_GOLDEN=1 makes them): {missing}"


def test_rendering_is_deterministic_across_processes() -> None:
    """Same model, same bytes: in another interpreter with another hash seed as well."""
    script = (
        "import hashlib, personajourney as pj\n"
        "from personajourney.render import html\n"
        "ws = pj.loads(open('src/personajourney/starter/fi.yaml', encoding='utf-8').read())\n"
        "r = pj.run_checks(ws)\n"
        "parts = [html.card_html(ws, ws.personas[0].id, report=r), html.card_svg(ws, "
        "ws.personas[0].id), html.poster_html(ws, r), html.poster_svg(ws, r), "
        "html.heatmap_svg(ws, r), html.report_html(ws, r), html.wall_sheet_html(ws)]\n"
        "print(hashlib.sha256(''.join(parts).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# -- structure ------------------------------------------------------------------------------


class _Collector(HTMLParser):
    """Start tags and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _html_tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser.tags


def _svg_ids(text: str) -> list[str]:
    root = ET.fromstring(text.encode("utf-8"))
    return [e.attrib["id"] for e in root.iter() if "id" in e.attrib]


def _assert_safe_html(text: str) -> None:
    text = interactive.without_page_scripts(text)  # the two scripts every page carries
    for tag, attrs in _html_tags(text):
        assert tag not in ("script", "iframe", "object", "embed", "foreignobject"), tag
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            if name.lower() in ("href", "src", "xlink:href") and value:
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not squashed.startswith(("javascript:", "vbscript:", "file:")), value
                assert not squashed.startswith("data:") or squashed.startswith("data:image/")
    assert "<script" not in text.lower()
    _assert_clean_characters(text)


def _assert_safe_svg(text: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))  # well-formed XML, or this raises
    for element in root.iter():
        tag = element.tag.replace(SVG_NS, "")
        assert tag not in ("script", "foreignObject", "iframe"), tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), (tag, name)
            if local == "href":
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert squashed.startswith(("#", "data:image/", "http:", "https:")), value
    _assert_clean_characters(text)


def _assert_clean_characters(text: str) -> None:
    bad = re.findall("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert not bad, [hex(ord(c)) for c in bad[:5]]


@pytest.mark.parametrize("name", WORKSPACES)
def test_every_artefact_is_well_formed_with_unique_ids(
    name: str, loaded: dict[str, tuple[pj.Workspace, pj.Report]]
) -> None:
    ws, report = loaded[name]
    for key, text in _artefacts(ws, report).items():
        if key.endswith(".svg"):
            ids = _svg_ids(text)
            assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg'), key
            _assert_safe_svg(text)
        else:
            ids = [a["id"] or "" for _, a in _html_tags(text) if "id" in a]
            assert text.startswith("<!DOCTYPE html>"), key
            _assert_safe_html(text)
        assert len(ids) == len(set(ids)), (key, sorted(i for i in ids if ids.count(i) > 1))


def test_svg_element_ids_come_from_node_keys(
    loaded: dict[str, tuple[pj.Workspace, pj.Report]],
) -> None:
    ws, report = loaded["some-mainonta" if "some-mainonta" in loaded else "starter"]
    persona = ws.personas[0].id
    card = set(_svg_ids(html.card_svg(ws, persona, report=report)))
    assert {
        f"persona-{persona}",
        f"header-{persona}",
        f"portrait-{persona}",
        f"name-{persona}",
        f"goals-{persona}",
        f"motives-{persona}",
        f"journey-{persona}",
    } <= card
    poster = set(_svg_ids(html.poster_svg(ws, report)))
    assert {f"stage-{s.id}" for s in ws.stages} <= poster
    assert {f"tp-{t.id}" for t in ws.touchpoints} <= poster
    assert {"lane-touchpoints", "lane-owner", "lane-gaps", "poster-heading"} <= poster
    if any(t.emotion is not None for t in ws.touchpoints):
        assert "emotion-curve" in poster
    heat = set(_svg_ids(html.heatmap_svg(ws, report)))
    assert "matrix-persona" in heat
    assert {f"cell-persona-{persona}-s{k}" for k in range(len(ws.stages))} <= heat
    assert {f"row-persona-{p.id}" for p in ws.personas} <= heat
    rep = set(_svg_ids(html.report_svg(ws, report)))
    assert {f"finding-{k + 1}" for k in range(len(report.findings))} <= rep


def test_emotion_curve_is_a_path_through_the_stage_averages() -> None:
    ws = pj.Workspace(
        touchpoints=[
            pj.Touchpoint(id="a", name="A", stage_id="problem-awareness", emotion=-2),
            pj.Touchpoint(id="b", name="B", stage_id="problem-awareness", emotion=0),
            pj.Touchpoint(id="c", name="C", stage_id="information-search", emotion=2),
            pj.Touchpoint(id="d", name="D", stage_id="purchase-decision", emotion=1),
        ]
    )
    root = ET.fromstring(html.poster_svg(ws, pj.run_checks(ws)).encode())
    curve = next(e for e in root.iter() if e.get("id") == "emotion-curve")
    paths = list(curve.iter(f"{SVG_NS}path"))
    # Stages 1–2 have data, stage 3 has none (the line breaks), stage 4 stands alone.
    assert len(paths) == 1
    assert paths[0].get("d", "").startswith("M ")
    assert " C " in paths[0].get("d", "")
    circles = list(curve.iter(f"{SVG_NS}circle"))
    assert len(circles) == 4 + 3  # one dot per touchpoint, one marker per stage average


def test_poster_for_one_persona_shows_only_what_reaches_them(
    loaded: dict[str, tuple[pj.Workspace, pj.Report]],
) -> None:
    ws, report = loaded["b2b-software" if "b2b-software" in loaded else "starter"]
    persona = ws.personas[-1].id
    members = {m.id for _, m in ws.members() if m.persona_id == persona}
    ids = set(_svg_ids(html.poster_svg(ws, report, persona_id=persona)))
    shown = {i[3:] for i in ids if i.startswith("tp-")}
    expected = {
        t.id for t in ws.touchpoints if persona in t.persona_ids or members & set(t.member_ids)
    }
    assert shown == expected


def test_labels_follow_the_workspace_locale(
    loaded: dict[str, tuple[pj.Workspace, pj.Report]],
) -> None:
    fi = pj.loads((ROOT / "src/personajourney/starter/fi.yaml").read_text("utf-8"))
    assert fi.locale == "fi"
    report = pj.run_checks(fi)
    card = html.card_html(fi, fi.personas[0].id, report=report)
    assert "Ostajapersoona".upper() in card
    assert "TAVOITTEET" in card
    poster = html.poster_html(fi, report)
    assert "Ostopäätös" in poster
    assert "KOHTAAMISET" in poster
    assert "Käyttöönotto ja käyttö" in poster
    heat = html.heatmap_html(fi, report)
    assert "VAIHE × PERSOONA" in heat


def test_user_templates_override_packaged_ones(tmp_path: Path) -> None:
    (tmp_path / "card.html.j2").write_text(
        "<p>{{ c.cards[0].persona.name }}</p>{{ c.cards[0].persona.quote }}", "utf-8"
    )
    ws = pj.Workspace(personas=[pj.Persona(id="p", name="Päivi <b>", quote='"x" onload=1')])
    out = html.card_html(ws, "p", template_dirs=[tmp_path])
    assert out == "<p>Päivi &lt;b&gt;</p>&#34;x&#34; onload=1"
    # Other templates still come from the package.
    assert html.card_svg(ws, "p", template_dirs=[tmp_path]).startswith("<?xml")


def test_environment_escapes_every_template_name_and_is_strict(tmp_path: Path) -> None:
    for name in ("a.html.j2", "a.svg.j2", "a.txt", "a.xml"):
        (tmp_path / name).write_text('<t a="{{ v }}">{{ v }}</t>', "utf-8")
    env = html.environment([tmp_path])
    for name in ("a.html.j2", "a.svg.j2", "a.txt", "a.xml"):
        out = env.get_template(name).render(v='"><script>\x00\u202e')
        assert out == '<t a="&#34;&gt;&lt;script&gt;">&#34;&gt;&lt;script&gt;</t>'
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()
    assert env.from_string("{{ v|xml }}").render(v="a\x00<b>") == "a&lt;b&gt;"
    assert env.from_string('<a href="{{ v|url }}">').render(v=" JaVaScript:x") == '<a href="">'
    assert env.from_string("{{ v|url }}").render(v="cards/a.pdf") == "cards/a.pdf"
    assert env.from_string('{{ "decision_maker"|label("role", "fi") }}').render() == "Päättäjä"


def test_sanitize_svg_keeps_drawing_and_drops_active_content() -> None:
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">'
        '<!-- node:secret-id --><svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" height="50pt" onload="x()">'
        '<script>alert(1)</script><g id="node1"><title>a</title>'
        '<a xlink:href="javascript:alert(1)"><text x="1" y="9">Hyvää ö &lt;b&gt;</text></a>'
        '<a href="https://example.com/x"><rect width="5" height="5" onclick="y"/></a>'
        '<image href="file:///etc/passwd" width="1" height="1"/>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        "</g></svg>"
    )
    out = str(html.sanitize_svg(hostile))
    root = ET.fromstring(out)
    tags = [e.tag.replace(SVG_NS, "") for e in root.iter()]
    assert "script" not in tags
    assert "foreignObject" not in tags
    assert "image" not in tags
    assert "secret-id" not in out
    assert "javascript" not in out
    assert "onload" not in out
    assert "onclick" not in out
    assert 'href="https://example.com/x"' in out
    assert "Hyvää ö &lt;b&gt;" in out
    assert root.get("viewBox") == "0 0 100 50"
    assert root.get("width") == "100%"
    assert str(html.sanitize_svg("<svg><!ENTITY x 'y'>")).startswith("<svg")
    assert "viewBox" in str(html.sanitize_svg("not xml at all"))


# -- print: PDF pages and sizes ---------------------------------------------------------------


def _pdf(pool: EnginePool, text: str) -> pypdf.PdfReader:
    data = pool.run(Job("weasyprint", text, "pdf"))
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def _size(box: pypdf.generic.RectangleObject) -> tuple[float, float]:
    return round(float(box.width), 2), round(float(box.height), 2)


FINNISH = pj.Workspace(
    name="Sähköinen ostopolku",
    locale="fi",
    personas=[
        pj.Persona(id="paivi", name="Päivi Pöllänen", quote="Älä hukkaa aikaani.", goals=["Öljy"]),
        pj.Persona(id="joro", name="Jörö Jäärä", roles=["decision_maker"]),
    ],
    touchpoints=[
        pj.Touchpoint(
            id="blogi",
            name="Blogikirjoitus: näin säästät",
            stage_id="problem-awareness",
            channel_id="web",
            persona_ids=["paivi", "joro"],
            emotion=1,
            entry=True,
        )
    ],
)


def test_card_pdf_is_one_exact_page_per_card_with_the_names(pool: EnginePool) -> None:
    report = pj.run_checks(FINNISH)
    one = _pdf(pool, html.card_html(FINNISH, "paivi", report=report))
    assert len(one.pages) == 1
    assert _size(one.pages[0].mediabox) == (595.28, 841.89)  # A4
    text = one.pages[0].extract_text()
    assert "Päivi Pöllänen" in text
    assert "Älä hukkaa aikaani." in text
    both = _pdf(pool, html.card_html(FINNISH, ["paivi", "joro"], page=page("A3")))
    assert len(both.pages) == 2
    assert [_size(p.mediabox) for p in both.pages] == [(841.89, 1190.55)] * 2  # A3
    assert "Jörö Jäärä" in both.pages[1].extract_text()


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        (None, (1683.78, 1190.55)),  # A2 landscape by default
        (page("A4", "landscape"), (841.89, 595.28)),
        (page("A3", "landscape"), (1190.55, 841.89)),
        (page("A1", "landscape"), (2383.94, 1683.78)),
    ],
)
def test_poster_is_one_page_of_the_asked_size(
    pool: EnginePool,
    loaded: dict[str, tuple[pj.Workspace, pj.Report]],
    sheet: Page | None,
    expected: tuple[float, float],
) -> None:
    ws, report = loaded["b2b-software" if "b2b-software" in loaded else "starter"]
    pdf = _pdf(pool, html.poster_html(ws, report, page=sheet))
    assert len(pdf.pages) == 1
    assert _size(pdf.pages[0].mediabox) == expected
    assert ws.stages[0].id.split("-")[0].capitalize() in pdf.pages[0].extract_text()


def test_heatmap_report_index_and_wall_print_at_their_sizes(
    pool: EnginePool, loaded: dict[str, tuple[pj.Workspace, pj.Report]]
) -> None:
    ws, report = loaded["b2b-software" if "b2b-software" in loaded else "starter"]
    heat = _pdf(pool, html.heatmap_html(ws, report))
    assert len(heat.pages) == 1
    assert _size(heat.pages[0].mediabox) == (1190.55, 841.89)  # A3 landscape
    rep = _pdf(pool, html.report_html(ws, report))
    assert len(rep.pages) >= 1
    assert {_size(p.mediabox) for p in rep.pages} == {(595.28, 841.89)}
    assert report.findings[0].code in rep.pages[0].extract_text()
    index = _pdf(pool, html.index_html([("Poster", "poster.pdf", "poster")], ws, report))
    assert len(index.pages) == 1
    wall = _pdf(pool, html.wall_sheet_html(FINNISH, page=page("A0")))
    assert len(wall.pages) == 1
    assert _size(wall.pages[0].mediabox) == (2383.94, 3370.39)  # A0
    wall_text = wall.pages[0].extract_text()
    assert "Päivi Pöllänen" in wall_text
    assert "Jörö Jäärä" in wall_text


def test_bleed_enlarges_the_media_box_and_keeps_the_trim_box(pool: EnginePool) -> None:
    bleed = 3 * MM  # 8.50 pt on every side
    pdf = _pdf(pool, html.card_html(FINNISH, "paivi", page=page("A4", bleed=3, crop_marks=True)))
    assert len(pdf.pages) == 1
    media = pdf.pages[0].mediabox
    assert round(float(media.left), 2) == round(-bleed, 2)
    assert round(float(media.bottom), 2) == round(-bleed, 2)
    assert abs(float(media.width) - 216 * MM) < 0.01  # 210 mm + 2 × 3 mm
    assert abs(float(media.height) - 303 * MM) < 0.01
    assert _size(media) == (612.28, 858.9)
    assert _size(pdf.pages[0].trimbox) == (595.28, 841.89)
    assert _size(pdf.pages[0].bleedbox) == _size(media)
    plain = _pdf(pool, html.card_html(FINNISH, "paivi"))
    assert _size(plain.pages[0].trimbox) == _size(plain.pages[0].mediabox) == (595.28, 841.89)
    # Crop marks alone: WeasyPrint uses CSS's ``bleed: auto``, 6 pt on every side.
    marks = _pdf(pool, html.card_html(FINNISH, "paivi", page=page("A4", crop_marks=True)))
    assert _size(marks.pages[0].mediabox) == (607.28, 853.89)
    assert _size(marks.pages[0].trimbox) == (595.28, 841.89)
    # Landscape with 5 mm of bleed.
    wide = _pdf(pool, html.poster_html(FINNISH, page=page("A3", "landscape", bleed=5)))
    assert len(wide.pages) == 1
    assert abs(float(wide.pages[0].mediabox.width) - 430 * MM) < 0.01
    assert abs(float(wide.pages[0].mediabox.height) - 307 * MM) < 0.01
    assert _size(wide.pages[0].trimbox) == (1190.55, 841.89)


def test_page_html_fits_a_graphviz_diagram_on_one_page(pool: EnginePool) -> None:
    svg = pool.run(Job("graphviz", 'digraph { a [label="Ostopäätös"]; a -> b }', "svg"))
    out = html.page_html("Päätöskaavio", svg.decode(), page=page("A4", "landscape"))
    _assert_safe_html(out)
    pdf = _pdf(pool, out)
    assert len(pdf.pages) == 1
    assert _size(pdf.pages[0].mediabox) == (841.89, 595.28)
    text = pdf.pages[0].extract_text()
    assert "Päätöskaavio" in text
    assert "Ostopäätös" in text


def test_a_rasterised_card_page_is_not_blank(pool: EnginePool) -> None:
    data = pool.run(Job("weasyprint", html.card_html(FINNISH, "paivi"), "pdf"))
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=0.5).to_pil().convert("L")
    finally:
        document.close()
    histogram = image.histogram()
    dark = sum(histogram[:200])
    assert dark > 0.01 * image.width * image.height  # text, portrait, rules
    assert histogram[255] > 0.5 * image.width * image.height  # and whitespace


# -- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onclick='alert(1)",
    "javascript:alert(1)",
    "a\x00b\x01c\x08d\x0be\x1f\x7f\x9f",
    "\u202egnp.exe\u202c \u2066x\u2069",
    "]]><!-- --><![CDATA[",
    "&amp; &lt;b&gt; &#0;",
    "{{ 7*7 }} {% raw %}",
]
LONG = "Ö" * 5000


def _hostile_workspace() -> pj.Workspace:
    counter = iter(range(10**6))

    def s(extra: str = "") -> str:
        k = next(counter)
        return HOSTILE[k % len(HOSTILE)] + " " + HOSTILE[(k + 4) % len(HOSTILE)] + extra

    return pj.Workspace(
        name=s(),
        offering=s(LONG),
        description=s(),
        stages=[
            pj.Stage(id=i, name=s(), description=s(LONG), owner_id="t", decision=i == "b")
            for i in ("a", "b", "c")
        ],
        teams=[pj.Team(id="t", name=s())],
        channels=[pj.Channel(id="w", name=s()), pj.Channel(id="x", name=s())],
        motives=[pj.Motive(id="m", name=s(), description=s())],
        personas=[
            pj.Persona(
                id="p",
                name=s("N" * 400),
                quote=s(LONG),
                photo="../../../../etc/passwd",
                responsibility=s(),
                goals=[s(), s(LONG)],
                dreams=[s()] * 12,
                problems=[s()],
                ways_of_working=[s()],
                questions=[s()],
                objections=[s()],
                values=[s()] * 4,
                channel_ids=["w"],
                avoided_channel_ids=["x"],
                motives=[pj.MotiveLink(motive_id="m", strength=0.8)],
                demographics={s(): s()},
                provenance=pj.Provenance(kind="measured", source=s(LONG)),
            )
        ],
        committees=[
            pj.BuyingCommittee(
                id="c",
                name=s(),
                description=s(),
                members=[
                    pj.Member(id="mm", name=s(), title=s(), persona_id="p", crm_id=s()),
                    pj.Member(id="mx", name=s(LONG[:400]), active_stage_ids=["a"]),
                ],
            )
        ],
        touchpoints=[
            pj.Touchpoint(
                id=f"t{k}",
                name=s(LONG[:400]),
                description=s(),
                stage_id="a" if k < 9 else "b",
                channel_id="w",
                owner_id="t",
                persona_ids=["p"],
                member_ids=["mm"],
                motive_ids=["m"],
                questions=[s(), s(LONG)],
                thoughts=[s()],
                content=s(),
                emotion=(k % 5) - 2,
                pain_points=[s()] * 3,
                opportunities=[s(LONG)],
                kpi=s(),
                entry=k == 0,
            )
            for k in range(10)
        ],
        transitions=[pj.Transition(from_id="t0", to_id="t9", handoff=True, label=s())],
    )


def _hostile_report(ws: pj.Workspace) -> pj.Report:
    report = pj.run_checks(ws)
    for k, text in enumerate(HOSTILE):
        report.findings.append(
            Finding(
                code="X00" + str(k),
                name=text,
                severity=Severity.ERROR,
                message=text + LONG,
                nodes=("stage:a", "touchpoint:t1", "persona:p"),
                hint=text,
                file=text,
                line=1,
            )
        )
    return report


HOSTILE_ARTEFACTS: dict[str, Callable[[pj.Workspace, pj.Report], str]] = {
    "card.html": lambda ws, r: html.card_html(ws, "p", report=r),
    "card.svg": lambda ws, r: html.card_svg(ws, "p", report=r),
    "wall.html": lambda ws, r: html.wall_sheet_html(ws, report=r),
    "poster.html": lambda ws, r: html.poster_html(ws, r),
    "poster.svg": lambda ws, r: html.poster_svg(ws, r, persona_id="p"),
    "heatmap.html": lambda ws, r: html.heatmap_html(ws, r),
    "heatmap.svg": lambda ws, r: html.heatmap_svg(ws, r),
    "report.html": lambda ws, r: html.report_html(ws, r),
    "report.svg": lambda ws, r: html.report_svg(ws, r),
    "index.html": lambda ws, r: html.index_html(
        [(t, t, t) for t in HOSTILE] + [(LONG, "javascript:alert(1)", "card")], ws, r
    ),
    "page.html": lambda ws, r: html.page_html(
        HOSTILE[0] + LONG,
        '<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>alert(1)</script>'
        f'<text>{HOSTILE[7]}</text><a href="javascript:alert(1)"><rect/></a></svg>',
    ),
}


@pytest.fixture(scope="module")
def hostile() -> dict[str, str]:
    ws = _hostile_workspace()
    report = _hostile_report(ws)
    return {name: make(ws, report) for name, make in HOSTILE_ARTEFACTS.items()}


@pytest.mark.parametrize("name", sorted(HOSTILE_ARTEFACTS))
def test_hostile_strings_produce_no_markup(name: str, hostile: dict[str, str]) -> None:
    text = hostile[name]
    if name.endswith(".svg"):
        _assert_safe_svg(text)
    else:
        _assert_safe_html(text)
    assert "{{ 7*7 }}" in text or name == "page.html"  # printed, never evaluated
    assert "/etc/passwd" not in text
    # The 5,000-character strings were cut, so no artefact grows with them.
    assert LONG[:3000] not in text


def test_hostile_artefacts_still_print_on_one_page_each(
    pool: EnginePool, hostile: dict[str, str]
) -> None:
    results = list(
        pool.map(
            Job("weasyprint", hostile[name], "pdf", name=name)
            for name in ("card.html", "poster.html", "heatmap.html", "wall.html")
        )
    )
    for name, data in zip(("card", "poster", "heatmap", "wall"), results, strict=True):
        assert isinstance(data, bytes), (name, data)
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1, name


def test_index_links_only_relative_paths() -> None:
    ws = pj.Workspace(name="Pakki")
    entries = [
        ("Kortti", "cards/päivi.pdf", "card"),
        ("Evil", "javascript:alert(1)", "card"),
        ("Abs", "/etc/passwd", "data"),
        ("Proto", "//evil.example/x", "data"),
        ("File", "file:///etc/passwd", "data"),
    ]
    out = html.index_html(entries, ws)
    hrefs = [a.get("href") for tag, a in _html_tags(out) if tag == "a"]
    assert sorted(set(hrefs)) == ["cards/päivi.pdf"]  # the title and the PDF chip
    assert "Persoonakortit" not in out  # English workspace
    assert "Persona cards" in out


# -- properties ---------------------------------------------------------------------------------


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workspaces(max_touchpoints=8, max_personas=3, max_members=5))
def test_any_valid_workspace_renders_deterministically(ws: pj.Workspace) -> None:
    report = pj.run_checks(ws)
    first = _artefacts(ws, report)
    assert first == _artefacts(ws, report)
    for key, text in first.items():
        if key.endswith(".svg"):
            _assert_safe_svg(text)
        else:
            _assert_safe_html(text)


def test_layout_shrinks_type_before_it_cuts_lists() -> None:
    short = html.card_context(FINNISH, "paivi")
    crowded = html.card_context(_hostile_workspace(), "p")
    assert short.cards[0].level == 0
    assert crowded.cards[0].base < short.cards[0].base
    digest = hashlib.sha256(repr(short).encode()).hexdigest()
    assert digest == hashlib.sha256(repr(html.card_context(FINNISH, "paivi")).encode()).hexdigest()


def test_docstring_examples_run() -> None:
    import doctest

    from personajourney.render import assets, svgtext

    for module in (html, assets, svgtext):
        failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0, module.__name__
        assert failures == 0, module.__name__


def test_svg_text_wrapping_measures_dejavu_sans() -> None:
    from personajourney.render.svgtext import clip, fit, text_width, wrap

    # Advance widths of DejaVu Sans: "W" is 2025/2048 em, "i" 569/2048 em.
    assert text_width("W", 2048) == 2025
    assert text_width("i", 2048, bold=False) == 569
    assert text_width("Ä", 10) == text_width("A", 10)
    assert wrap("Ostopäätös tehdään", 60, 10) == ["Ostopäätös", "tehdään"]
    lines, cut = fit("yksi kaksi kolme neljä viisi", 40, 10, max_lines=2)
    assert cut
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(text_width(line, 10) <= 40 for line in lines)
    assert clip("Markkinointi", 30, 10).endswith("…")
    assert wrap("", 50, 10) == []
    assert wrap("x" * 40, 50, 10) == ["x" * 8, "x" * 8, "x" * 8, "x" * 8, "x" * 8]


def test_theme_colours_and_fonts_are_used_and_checked() -> None:
    from personajourney.render.theme import Theme

    theme = Theme(
        font="Liberation Sans, sans-serif",
        accent="#aa0055",
        teams={"marketing": "#00aa55"},
    )
    out = html.poster_html(FINNISH, theme=theme)
    assert "font-family: Liberation Sans, sans-serif;" in out
    assert 'fill="#00aa55"' in out  # the marketing team's colour band
    card = html.card_html(FINNISH, "paivi", theme=theme)
    assert "#aa0055" in card
    # A theme that skipped validation cannot inject CSS or markup.
    evil = Theme.model_construct(
        **{
            **theme.model_dump(),
            "font": "x;}</style><script>alert(1)</script>",
            "accent": "red;} body{display:none",
        }
    )
    out = html.card_html(FINNISH, "paivi", theme=evil)
    _assert_safe_html(out)
    assert "display:none" not in out
    assert "font-family: 'DejaVu Sans'" in out


# -- a bigger sheet shows more ---------------------------------------------------------------------


def _workshop_model() -> pj.Workspace:
    """The b2b example with 42 more touchpoints piled into its first three stages, as a
    workshop leaves them: 60 touchpoints, up to 18 in one stage."""
    ws = pj.load(ROOT / "examples" / "b2b-software")
    stages = [s.id for s in ws.stages]
    extra = [
        pj.Touchpoint(
            id=f"idea-{i}",
            name=f"Workshop idea {i}: a touchpoint with a longer name",
            stage_id=stages[i % 3],
            channel_id="web",
            persona_ids=[ws.personas[0].id],
            questions=[f"Question {i} the buyer asks?"],
            pain_points=[f"Pain point {i}"],
        )
        for i in range(42)
    ]
    data = ws.model_copy(update={"touchpoints": [*ws.touchpoints, *extra]}).model_dump()
    return pj.Workspace.model_validate(data)


def _hidden(svg: str) -> int:
    text = html_module.unescape(svg)
    return sum(int(n) for n in re.findall(r"\+ (\d+) more", text))


def test_a_larger_sheet_shows_more_of_the_poster_not_the_same_scaled_up() -> None:
    ws = _workshop_model()
    report = pj.run_checks(ws)
    a2 = html.poster_svg(ws, report, page="A2")
    a0 = html.poster_svg(ws, report, page="A0")
    assert _hidden(a2) > 50
    assert _hidden(a0) == 0
    assert "Workshop idea 41" in a0


def test_a_shortened_poster_says_so_and_how_to_see_everything() -> None:
    ws = _workshop_model()
    report = pj.run_checks(ws)
    a2 = html_module.unescape(html.poster_svg(ws, report, page="A2"))
    assert "Shortened to fit this sheet" in a2
    assert "--paper A0" in a2
    whole = html_module.unescape(html.poster_svg(ws, report, page="A0"))
    assert "Shortened" not in whole
    fi = html_module.unescape(html.poster_svg(ws.with_locale("fi"), report, page="A2"))
    assert "Lyhennetty mahtumaan arkille" in fi
