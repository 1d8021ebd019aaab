"""End to end: hostile strings in every field, every artefact in every format, nothing escapes.

A workspace is built whose every text field carries a string from the hostile corpus in
``tests/render/hostile/corpus.yaml`` (script tags, attribute and DOT breakouts, ``javascript:``
URLs, Graphviz escapes, control and bidi characters, very long text, template syntax, Mermaid
syntax, photo paths that lead out of the workspace folder). It is written to a folder and
loaded back, so photos resolve the way they do for users; a secret text file and a secret
image lie *next to* the workspace folder, where nothing may read them.

Every kind is rendered in every format of :data:`personajourney.render.api.FORMATS`, the
wall pack is built, and the journey is exported to Mermaid. Each output is then parsed, not
pattern-matched: HTML with :mod:`html.parser`, SVG with :mod:`xml.etree.ElementTree`, DOT by
Graphviz itself (through the engine pool), PDF with pypdf, PNG with Pillow, Mermaid with
:func:`~personajourney.io.mermaid.from_mermaid_journey`.

The checkers are proved not to be vacuous: a deliberately naive renderer (f-strings without
escaping, ``label="..."`` DOT, Jinja2 with autoescape off, URLs and photo paths passed
through) draws the same corpus, and every class of the corpus must make at least one checker
complain about it (one test id per class).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree as ET

import jinja2
import pypdf
import pytest
from PIL import Image, ImageChops, PngImagePlugin
from pydantic import BaseModel
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject
from ruamel.yaml import YAML

import personajourney as pj
from personajourney.errors import PersonaJourneyError
from personajourney.io.mermaid import from_mermaid_journey, to_mermaid_journey
from personajourney.render import interactive, pack
from personajourney.render.api import FORMATS, Options, render
from personajourney.render.engines import EnginePool, Job, RenderError
from personajourney.render.pack import PackResult, build_pack

HERE = Path(__file__).resolve().parent
CORPUS_FILE = HERE / "hostile" / "corpus.yaml"
SVG_NS = "{http://www.w3.org/2000/svg}"

#: What the secret file next to the workspace folder holds; it must appear in no output.
SECRET = "SECRET-7f3a9c-do-not-render"
#: Colour of the secret image next to the workspace folder (pure magenta).
SECRET_RGB = (255, 0, 255)
#: Colour of the one real persona photo inside the workspace folder (green).
PHOTO_RGB = (0, 160, 0)
#: What ``/etc/passwd`` always starts with; it must appear in no output.
PASSWD = "root:x:0:0"
#: Resolution of engine-made PNGs (low, for speed).
DPI = 40

MAX_TEXT = 2_000  # personajourney.render.escape.MAX_TEXT: the longest text kept from a field
CONTROL = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# What the Mermaid export drops: C0/C1 controls, bidi controls and noncharacters.
MERMAID_DROPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
URL_ATTRIBUTES = {
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "srcset",
    "ping",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
}
FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "foreignobject",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
}
#: DOT attributes that read files, link somewhere or run code; none may appear in DOT text
#: outside the labels.
DOT_FORBIDDEN = (
    "URL",
    "href",
    "image",
    "shapefile",
    "epsf",
    "stylesheet",
    "imagepath",
    "fontpath",
    "tooltip",
    "\\",
)
#: Keys and action types of PDF objects that run code, launch programs or carry files.
PDF_FORBIDDEN_KEYS = {
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/AA",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
PDF_FORBIDDEN_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/Movie",
    "/Sound",
}


# -- the corpus -------------------------------------------------------------------------------


def load_corpus(path: Path = CORPUS_FILE) -> dict[str, list[str]]:
    """Class name → hostile strings (``{repeat, times}`` entries expanded)."""
    raw = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    out: dict[str, list[str]] = {}
    for name, items in raw.items():
        out[name] = [i if isinstance(i, str) else str(i["repeat"]) * int(i["times"]) for i in items]
    return out


CORPUS = load_corpus()
CLASSES = list(CORPUS)


# -- the hostile site: a workspace folder, a real photo, secrets next to it --------------------


@dataclass
class Site:
    """The temporary folder: ``workspace/`` (loaded), secrets beside it, ``pack/`` later."""

    base: Path
    root: Path
    corpus: dict[str, list[str]]
    ws: pj.Workspace

    @property
    def strings(self) -> list[str]:
        return [s for items in self.corpus.values() for s in items]


def _make_site(base: Path) -> tuple[Path, dict[str, list[str]]]:
    """Files on disk, and the corpus with the entries that depend on where they are."""
    root = base / "workspace"
    (root / "photos").mkdir(parents=True)
    photo = Image.new("RGB", (96, 96), PHOTO_RGB)
    photo.paste((255, 255, 255), (30, 30, 66, 66))
    photo.save(root / "photos" / "real.png")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    Image.new("RGB", (96, 96), SECRET_RGB).save(base / "secret.png", pnginfo=info)
    (base / "secret.txt").write_text(SECRET + "\n", "utf-8")
    # Ways out of the folder: a linked file, a linked folder.
    (root / "photos" / "escape.png").symlink_to("../../secret.png")
    (root / "linked").symlink_to("..", target_is_directory=True)
    corpus = {name: list(items) for name, items in CORPUS.items()}
    secret_png = (base / "secret.png").resolve()
    corpus["path"] += [
        "../secret.png",
        "linked/secret.png",
        str(secret_png),
        secret_png.as_uri(),
        f'<img src="{secret_png.as_uri()}">',
        f"url({secret_png.as_uri()})",
    ]
    return root, corpus


def _hostile_workspace(corpus: dict[str, list[str]]) -> pj.Workspace:
    """Every text field of every entity carries corpus strings, taken in turn."""
    strings = [s for items in corpus.values() for s in items]
    turn = count()

    def s(short: bool = False) -> str:
        text = strings[next(turn) % len(strings)]
        return text[:500] if short else text  # ShortText fields hold at most 500 characters

    def some(n: int = 2) -> list[str]:
        return [s() for _ in range(n)]

    stage_ids = [stage.id for stage in pj.default_stages()]
    stages = [
        pj.Stage(
            id=st.id, name=s(True), description=s(), owner_id=st.owner_id, decision=st.decision
        )
        for st in pj.default_stages()
    ]
    teams = [pj.Team(id=t.id, name=s(True), description=s()) for t in pj.default_teams()]
    channels = [pj.Channel(id=c.id, name=s(True), kind=c.kind) for c in pj.default_channels()]
    motives = [pj.Motive(id=f"m{k}", name=s(True), description=s()) for k in range(3)]
    # One persona with a real photo inside the folder, one per hostile photo path of the
    # corpus, and one whose photo is the secret image beside the folder (more ways out are
    # tried on cards alone, in test_photos_are_used_from_inside_the_folder_only).
    photos = ["photos/real.png", *CORPUS["path"], "../secret.png"]
    personas = [
        pj.Persona(
            id=f"p{k}",
            name=s(True),
            quote=s(),
            photo=photo[:500],
            roles=[pj.Role.DECISION_MAKER] if k == 0 else [pj.Role.INFLUENCER],
            responsibility=s(True),
            goals=some(),
            dreams=some(),
            problems=some(),
            ways_of_working=some(),
            questions=some(),
            objections=some(),
            values=some(),
            channel_ids=["web", "email"],
            avoided_channel_ids=["print"],
            motives=[pj.MotiveLink(motive_id=f"m{k % 3}", strength=0.7)],
            demographics={s(True): s(True), s(True): s(True)},
            provenance=pj.Provenance(kind=pj.ProvenanceKind.RESEARCHED, source=s()),
        )
        for k, photo in enumerate(photos)
    ]
    # Member names are what committee maps draw biggest: give them the DOT attacks.
    names = [*corpus["dot-breakout"], *corpus["graphviz-escape"], *corpus["bidi"]]
    members = [
        pj.Member(
            id=f"c{k}",
            name=name[:500],
            title=s(True),
            kind=pj.SubjectKind.CONTACT,
            crm_id=s(True),
            roles=[pj.Role.DECISION_MAKER] if k % 3 == 0 else [pj.Role.INFLUENCER],
            influence=round(0.3 + 0.04 * k, 2),
            active_stage_ids=(
                ["purchase-decision"] if k % 2 else ["comparing-alternatives", "purchase-decision"]
            ),
            persona_id=f"p{k % len(personas)}",
            channel_ids=["email"],
            introduces_ids=[f"c{k + 1}"] if k + 1 < len(names) else [],
        )
        for k, name in enumerate(names)
    ]
    committees = [pj.BuyingCommittee(id="bc", name=s(True), description=s(), members=members)]
    segments = [
        pj.Segment(
            id=f"s{k}",
            name=s(True),
            description=s(),
            criteria=pj.SegmentCriteria(
                industries=[s(True)],
                responsibility_areas=[s(True)],
                credit_ratings=[s(True)],
                needs=some(),
            ),
            exclusion_reason=s(),
            persona_ids=[f"p{k}"],
            committee_ids=["bc"],
        )
        for k in range(2)
    ]
    # One touchpoint per corpus string, named by it: every string reaches every diagram.
    touchpoints = [
        pj.Touchpoint(
            id=f"t{k}",
            name=name[:500],
            description=s(),
            stage_id=stage_ids[k % 6],  # the last stage stays empty: a placeholder box
            channel_id=("web", "email", "meeting")[k % 3],
            persona_ids=[f"p{k % len(personas)}"],
            member_ids=[f"c{k % len(members)}"],
            motive_ids=[f"m{k % 3}"],
            questions=some(),
            thoughts=some(),
            content=s(True),
            emotion=(k % 5) - 2,
            pain_points=some(),
            opportunities=some(),
            kpi=s(True),
            entry=k == 0,
            provenance=pj.Provenance(source=s()),
        )
        for k, name in enumerate(strings)
    ]
    transitions = [
        pj.Transition(from_id=f"t{k}", to_id=f"t{k + 1}", handoff=k % 4 == 0, label=s(True))
        for k in range(len(touchpoints) - 1)
    ]
    return pj.Workspace(
        name=s(True),
        offering=s(),
        description=s(),
        currency=s(True),
        stages=stages,
        teams=teams,
        channels=channels,
        motives=motives,
        personas=personas,
        committees=committees,
        segments=segments,
        touchpoints=touchpoints,
        transitions=transitions,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    base = tmp_path_factory.mktemp("hostile")
    root, corpus = _make_site(base)
    built = _hostile_workspace(corpus)
    pj.dump(built, root / "workspace.yaml")
    ws = pj.load(root)  # loaded from the folder, so photos resolve inside it
    assert built == ws
    assert ws.root == str(root.resolve())
    return Site(base, root, corpus, ws)


@pytest.fixture(scope="module")
def pool() -> Iterator[EnginePool]:
    with EnginePool(workers=2, timeout=120) as shared:
        yield shared


# -- checkers: each returns what is wrong with an output (empty: nothing escaped) -------------


def _squash(value: str) -> str:
    return re.sub(r"[\s\x00-\x1f\x7f]", "", value).lower()


def _image_problems(data: bytes, where: str) -> list[str]:
    """An embedded image must be an image, and not the secret one."""
    if SECRET.encode() in data or PASSWD.encode() in data:
        return [f"{where}: embeds the secret file"]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            rgb = image.convert("RGB")
    except Exception:
        if data.lstrip().startswith((b"<svg", b"<?xml")):
            return [f"{where}: {p}" for p in svg_problems(data.decode("utf-8", "replace"))]
        return [f"{where}: embedded data is not an image"]
    share = _colour_share(rgb, SECRET_RGB)
    return [f"{where}: embeds the secret image ({share:.0%} of it)"] if share > 0.05 else []


def _colour_share(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 40) -> float:
    """Share of the pixels within ``tolerance`` of ``rgb`` in every channel."""
    masks = []
    for band, target in zip(image.convert("RGB").split(), rgb, strict=True):
        low, high = target - tolerance, target + tolerance
        masks.append(band.point(lambda v, lo=low, hi=high: 255 if lo <= v <= hi else 0))
    both = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
    histogram = both.histogram()
    return histogram[255] / max(1, image.width * image.height)


def _url_problems(value: str, where: str) -> list[str]:
    """A link or resource must be http(s), mailto, a fragment, a relative path that stays
    inside, or a ``data:image``; a ``data:`` image must decode to a harmless image."""
    squashed = _squash(value)
    if not squashed or squashed.startswith("#"):
        return []
    if squashed.startswith(("http://", "https://", "mailto:")):
        return []
    if squashed.startswith("data:"):
        head, _, payload = value.strip().partition(",")
        if not _squash(head).startswith("data:image/"):
            return [f"{where}: data URL that is not an image: {value[:60]!r}"]
        try:
            data = (
                base64.b64decode(payload, validate=False)
                if head.endswith(";base64")
                else unquote_to_bytes(payload)
            )
        except (binascii.Error, ValueError):
            return [f"{where}: undecodable data URL"]
        return _image_problems(data, where)
    if SCHEME.match(squashed):
        return [f"{where}: URL scheme not allowed: {value[:60]!r}"]
    if squashed.startswith(("/", "\\")):
        return [f"{where}: absolute or protocol-relative URL: {value[:60]!r}"]
    if ".." in re.split(r"[/\\]", squashed):
        return [f"{where}: URL leaves the folder: {value[:60]!r}"]
    return []


def _css_problems(css: str, where: str) -> list[str]:
    problems = []
    squashed = _squash(css)
    for bad in ("javascript:", "vbscript:", "expression(", "@import", "-moz-binding", "behavior:"):
        if bad in squashed:
            problems.append(f"{where}: CSS holds {bad}")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css, flags=re.IGNORECASE):
        problems += _url_problems(url, f"{where} url()")
    return problems


def _attribute_problems(tag: str, name: str, value: str) -> list[str]:
    where = f"<{tag} {name}>"
    local = name.lower()
    problems = []
    if local.rsplit(":", 1)[-1].startswith("on"):
        problems.append(f"{where}: event handler attribute")
    squashed = _squash(value)
    if "javascript:" in squashed or "vbscript:" in squashed:
        problems.append(f"{where}: javascript: in an attribute: {value[:60]!r}")
    if local in URL_ATTRIBUTES or local.endswith(":href"):
        problems += _url_problems(value, where)
    if local == "style":
        problems += _css_problems(value, where)
    if tag == "meta" and local == "http-equiv" and squashed == "refresh":
        problems.append(f"{where}: meta refresh")
    return problems


def text_problems(text: str) -> list[str]:
    """What no output may hold: control, bidi and non-characters, the secrets, the whole of a
    very long string, the result of evaluating template syntax."""
    problems = []
    bad = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
    if bad:
        problems.append(f"control or bidi characters: {', '.join(bad[:8])}")
    if SECRET in text:
        problems.append("holds the secret file's content")
    if PASSWD in text:
        problems.append("holds /etc/passwd")
    for long in CORPUS["long"]:
        if len(long) > MAX_TEXT and long[: MAX_TEXT + 1] in text:
            problems.append(f"a {len(long)}-character string was not shortened")
    if "7777777" in text:
        problems.append("template syntax was evaluated ({{ 7*'7' }} became 7777777)")
    return problems


def _literal_problems(text: str, literals: list[str]) -> list[str]:
    """Strings that must be printed as written (not expanded or evaluated)."""
    haystack = re.sub(r"\s+", "", text)
    return [
        f"not printed as written: {literal!r}"
        for literal in literals
        if re.sub(r"\s+", "", literal) not in haystack
    ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.data).append(data)


def html_problems(text: str, literals: list[str] | None = None) -> list[str]:
    """HTML: no active elements, no handlers, only harmless URLs, clean text."""
    problems = []
    try:
        text = interactive.without_page_scripts(text)  # the two every page carries
    except ValueError as exc:
        problems.append(f"packaged scripts: {exc}")
    parser = _Parser()
    parser.feed(text)
    parser.close()
    if "<script" in text.lower():
        problems.append("the text holds <script")
    for tag, attrs in parser.tags:
        if tag.lower() in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        for name, value in attrs:
            problems += _attribute_problems(tag.lower(), name, value or "")
    for css in parser.styles:
        problems += _css_problems(css, "<style>")
    decoded = "".join(parser.data)
    attributes = " ".join(v or "" for _, attrs in parser.tags for _, v in attrs)
    problems += text_problems(text)
    problems += [f"decoded: {p}" for p in text_problems(decoded + " " + attributes)]
    problems += _literal_problems(decoded, literals or [])
    return _unique(problems)


def _svg_root(text: str) -> tuple[ET.Element | None, list[str]]:
    if "<!ENTITY" in text:
        return None, ["SVG declares entities"]
    try:
        return ET.fromstring(text.encode("utf-8")), []
    except ET.ParseError as exc:
        return None, [f"SVG is not well-formed XML: {exc}"]


def _visible_text(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def svg_problems(text: str, literals: list[str] | None = None) -> list[str]:
    """SVG: well-formed XML; no active elements, handlers or outside references."""
    root, problems = _svg_root(text)
    problems += text_problems(text)
    if root is None:
        return problems
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if name.startswith("{http://www.w3.org/1999/xlink}"):
                local = "xlink:" + local
            problems += _attribute_problems(tag, local, value)
        if tag == "style":
            problems += _css_problems(element.text or "", "<style>")
        if tag in ("text", "tspan") and len((element.text or "").strip()) > 300:
            problems.append(f"<{tag}> with {len(element.text or '')} characters on one line")
    decoded = "".join(root.itertext())
    problems += [f"decoded: {p}" for p in text_problems(decoded)]
    problems += _literal_problems("".join(_visible_text(root)), literals or [])
    return _unique(problems)


def _outside_labels(dot: str) -> str:
    """DOT text without its quoted strings and HTML-like labels."""
    out = []
    depth = 0
    quoted = False
    escaped = False
    for char in dot:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == "<":
            depth += 1
        elif char == ">" and depth:
            depth -= 1
        elif not depth:
            if char == '"':
                quoted = True
            else:
                out.append(char)
    return "".join(out)


def graph_svg_problems(
    svg: str, nodes: int, literals: list[str], allowed_ids: set[str]
) -> list[str]:
    """Graphviz SVG: safe SVG, exactly ``nodes`` nodes, no node id or graph name printed."""
    problems = svg_problems(svg, literals)
    root, _ = _svg_root(svg)
    if root is None:
        return problems
    drawn = [g for g in root.iter(f"{SVG_NS}g") if (g.get("class") or "").split()[:1] == ["node"]]
    if len(drawn) != nodes:
        problems.append(f"Graphviz drew {len(drawn)} nodes, expected {nodes}")
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag in ("a", "image"):
            problems.append(f"Graphviz made an <{tag}> element")
    visible = " ".join(_visible_text(root))
    leaked = set(re.findall(r"(?<![\w\\])n\d+\b", visible)) - allowed_ids
    if leaked:
        problems.append(f"node ids printed in labels: {sorted(leaked)[:5]}")
    return _unique(problems)


def dot_problems(
    dot: str, nodes: int, literals: list[str], pool: EnginePool, allowed_ids: set[str]
) -> list[str]:
    """DOT: no file, link or code attributes outside the labels; Graphviz draws it with the
    expected nodes and prints labels as written."""
    problems = text_problems(dot)
    outside = _outside_labels(dot)
    problems += [f"DOT has {word} outside its labels" for word in DOT_FORBIDDEN if word in outside]
    try:
        svg = pool.run(Job("graphviz", dot, "svg", name="hostile check")).decode("utf-8")
    except RenderError as exc:
        return [*problems, f"Graphviz cannot draw it: {str(exc)[:120]}"]
    return _unique(problems + graph_svg_problems(svg, nodes, literals, allowed_ids))


def _pdf_objects(reader: pypdf.PdfReader) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from the trailer, once."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def pdf_problems(data: bytes, max_pages: int = 1) -> list[str]:
    """PDF: no scripts, launches, attachments or outside links; a sane page count; the text
    has no control characters; no embedded image is the secret one."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
    except Exception as exc:
        return [f"not a readable PDF: {exc}"]
    problems = []
    if not 1 <= pages <= max_pages:
        problems.append(f"{pages} pages, expected 1 to {max_pages}")
    for obj in _pdf_objects(reader):
        problems += [f"PDF object with {key}" for key in PDF_FORBIDDEN_KEYS if key in obj]
        if obj.get("/S") in PDF_FORBIDDEN_ACTIONS:
            problems.append(f"PDF action {obj.get('/S')}")
        if obj.get("/Type") == "/Filespec":
            problems.append("PDF file specification")
        if "/URI" in obj:
            problems += _url_problems(str(obj["/URI"]), "PDF link")
        if isinstance(obj, StreamObject):
            try:
                stream = obj.get_data()
            except Exception:
                continue
            if SECRET.encode() in stream or PASSWD.encode() in stream:
                problems.append("a PDF stream holds a secret file")
    for number, page in enumerate(reader.pages, start=1):
        problems += [f"page {number} text: {p}" for p in text_problems(page.extract_text())]
        for image in page.images:
            problems += _image_problems(image.data, f"page {number} image {image.name}")
    return _unique(problems)


def png_problems(data: bytes) -> list[str]:
    """PNG: valid, a sane size, not blank, without the secret image in it."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:
        return [f"not a valid PNG: {exc}"]
    problems = []
    if image.format != "PNG":
        problems.append(f"format {image.format}, not PNG")
    width, height = image.size
    if not (50 <= width <= 20_000 and 50 <= height <= 20_000):
        problems.append(f"size {width}×{height}")
    grey = image.convert("L").histogram()
    if sum(grey[:128]) < 0.001 * width * height or sum(grey[200:]) < 0.3 * width * height:
        problems.append("blank: no dark marks on a light page")
    if _colour_share(image, SECRET_RGB) * width * height > 20:
        problems.append("the secret image is drawn in it")
    return problems


def mermaid_problems(text: str, sections: list[str], tasks: list[str]) -> list[str]:
    """Mermaid: parses back to the same sections and tasks, names as written."""
    problems = text_problems(text)
    try:
        back = from_mermaid_journey(text)
    except PersonaJourneyError as exc:
        return [*problems, f"does not parse back: {str(exc)[:160]}"]
    if len(back.stages) != len(sections):
        problems.append(f"{len(back.stages)} sections parsed, {len(sections)} written")
    if len(back.touchpoints) != len(tasks):
        problems.append(f"{len(back.touchpoints)} tasks parsed, {len(tasks)} written")
    expected = [MERMAID_DROPPED.sub("", t) for t in tasks]
    names = [t.name for t in back.touchpoints]
    if len(names) == len(expected) and names != expected:
        wrong = [(a, b) for a, b in zip(expected, names, strict=True) if a != b]
        problems.append(f"task names changed: {wrong[:3]!r}")
    titles = [s.name or s.id for s in back.stages]
    if len(titles) == len(sections) and any(
        MERMAID_DROPPED.sub("", a) != b for a, b in zip(sections, titles, strict=True)
    ):
        problems.append("section titles changed")
    return problems


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# -- the real renderer: every kind × format, the pack, Mermaid --------------------------------


@dataclass
class Outputs:
    rendered: dict[str, str | bytes | Exception]
    pack: PackResult | Exception
    files_before: set[Path]
    files_after: set[Path]


def _tree(base: Path) -> set[Path]:
    return {p for p in base.rglob("*") if not p.is_relative_to(base / "pack")}


@pytest.fixture(scope="module")
def outputs(site: Site, pool: EnginePool) -> Outputs:
    """Everything rendered at once: engine jobs of every render and of the pack share the
    pool's workers, so the module takes the time of its engine work spread over them."""
    report = pj.run_checks(site.ws)
    options = Options(dpi=DPI)
    before = _tree(site.base)
    with ThreadPoolExecutor(max_workers=12) as threads:
        pack: Future[PackResult] = threads.submit(
            build_pack, site.ws, site.base / "pack", options=options, pool=pool, report=report
        )
        futures = {
            f"{kind}.{fmt}": threads.submit(
                render, kind, site.ws, format=fmt, report=report, options=options, pool=pool
            )
            for kind, formats in FORMATS.items()
            for fmt in formats
        }
        rendered: dict[str, str | bytes | Exception] = {}
        for name, future in futures.items():
            try:
                rendered[name] = future.result()
            except Exception as exc:
                rendered[name] = exc
        try:
            built: PackResult | Exception = pack.result()
        except Exception as exc:
            built = exc
    return Outputs(rendered, built, before, _tree(site.base))


def _expected_nodes(ws: pj.Workspace, kind: str) -> int:
    if kind == "committee":
        return len(ws.committees[0].members) + 1  # the members and "you"
    used = {t.stage_id for t in ws.touchpoints}
    return len(ws.touchpoints) + sum(1 for s in ws.stages if s.id not in used)


def _graph_literals(site: Site, kind: str) -> list[str]:
    """Graphviz escapes (``\\N``…) drawn as labels of ``kind``: they must print as written."""
    escapes = site.corpus["graphviz-escape"]
    if kind == "committee":
        return [m.name for m in site.ws.committees[0].members if m.name in escapes]
    return [t.name for t in site.ws.touchpoints if t.name in escapes]


def _corpus_ids(site: Site) -> set[str]:
    """``n9``-like words the corpus itself holds (they may be printed: they are text)."""
    return {m for s in site.strings for m in re.findall(r"(?<![\w\\])n\d+\b", s)}


def _problems_of(
    site: Site, pool: EnginePool, kind: str, fmt: str, output: str | bytes
) -> list[str]:
    literals = site.corpus["template"] if kind == "poster" and fmt in ("html", "svg") else []
    if kind in ("committee", "journey"):
        literals = _graph_literals(site, kind)
        nodes = _expected_nodes(site.ws, kind)
        if fmt == "dot":
            return dot_problems(str(output), nodes, literals, pool, _corpus_ids(site))
        if fmt == "svg":
            return graph_svg_problems(str(output), nodes, literals, _corpus_ids(site))
    if fmt == "html":
        return html_problems(str(output), literals)
    if fmt == "svg":
        return svg_problems(str(output), literals)
    if fmt == "pdf":
        assert isinstance(output, bytes)
        return pdf_problems(output, max_pages=30 if kind == "report" else 1)
    assert fmt == "png"
    assert isinstance(output, bytes)
    return png_problems(output)


RENDERED = [(kind, fmt) for kind, formats in FORMATS.items() for fmt in formats]


@pytest.mark.parametrize(("kind", "fmt"), RENDERED, ids=[f"{k}.{f}" for k, f in RENDERED])
def test_every_kind_and_format_keeps_hostile_strings_inert(
    kind: str, fmt: str, site: Site, pool: EnginePool, outputs: Outputs
) -> None:
    output = outputs.rendered[f"{kind}.{fmt}"]
    if isinstance(output, Exception):
        pytest.fail(f"rendering failed: {type(output).__name__}: {output}")
    assert isinstance(output, bytes if fmt in ("png", "pdf") else str)
    assert _problems_of(site, pool, kind, fmt, output) == []


def test_pack_writes_every_artefact_inside_its_folder_and_each_is_inert(
    site: Site, outputs: Outputs
) -> None:
    result = outputs.pack
    if isinstance(result, Exception):
        pytest.fail(f"build_pack failed: {type(result).__name__}: {result}")
    assert result.failed == []
    out = (site.base / "pack").resolve()
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != pack.MANIFEST_NAME)
    assert sorted(result.written) == files
    assert len(files) > 40
    # Nothing was written (or left) anywhere else: not next to the workspace, not in it.
    assert outputs.files_before == outputs.files_after
    problems: dict[str, list[str]] = {}
    pages = {"report": 30, "wall": -(-len(site.ws.personas) // 9)}  # nine cards a sheet
    for path in files:
        name = str(path.relative_to(out))
        kind = path.stem if path.stem in pages else name.split("/")[0]
        if path.suffix == ".html":
            found = html_problems(path.read_text("utf-8"))
        elif path.suffix == ".svg":
            found = svg_problems(path.read_text("utf-8"))
        elif path.suffix == ".pdf":
            found = pdf_problems(path.read_bytes(), max_pages=pages.get(kind, 1))
        elif path.suffix == ".png":
            found = png_problems(path.read_bytes())
        else:
            found = text_problems(path.read_text("utf-8"))
        if found:
            problems[name] = found
        # File names come from ids only, never from hostile text.
        assert re.fullmatch(r"[A-Za-z0-9_./\-]+", name), name
    assert problems == {}


def _mermaid_expected(ws: pj.Workspace, persona_id: str | None) -> tuple[list[str], list[str]]:
    """Section titles and task names the export of ``ws`` (for one persona) must hold."""
    keep = ws.touchpoints if persona_id is None else _reaching(ws, persona_id)
    stages = [s for s in ws.stages if any(t.stage_id == s.id for t in keep)]
    ordered = [t for s in stages for t in keep if t.stage_id == s.id]
    return [ws.label_of(s) for s in stages], [t.name for t in ordered]


def test_mermaid_export_parses_back_to_the_same_journey(site: Site) -> None:
    export = to_mermaid_journey(site.ws)
    sections, tasks = _mermaid_expected(site.ws, None)
    problems = mermaid_problems(export.journey, sections, tasks)
    assert [p for p in problems if not p.startswith("control or bidi")] == []
    assert export.flowchart.count("\n    end\n") == len(sections)
    assert export.flowchart.count("\n        n") == len(tasks)


def test_mermaid_export_for_each_persona_parses_back(site: Site) -> None:
    problems = {}
    for persona in site.ws.personas:
        export = to_mermaid_journey(site.ws, persona_id=persona.id)
        sections, tasks = _mermaid_expected(site.ws, persona.id)
        found = mermaid_problems(export.journey, sections, tasks)
        if found := [p for p in found if not p.startswith("control or bidi")]:
            problems[persona.id] = found
    assert problems == {}


def test_mermaid_export_holds_no_control_or_bidi_characters(site: Site) -> None:
    export = to_mermaid_journey(site.ws)
    assert text_problems(export.journey) == []
    assert text_problems(export.flowchart) == []


def _reaching(ws: pj.Workspace, persona_id: str) -> list[pj.Touchpoint]:
    instances = {m.id for _, m in ws.members() if m.persona_id == persona_id}
    return [
        t for t in ws.touchpoints if persona_id in t.persona_ids or instances & set(t.member_ids)
    ]


# -- the workspace really is hostile everywhere, and photos work where they should ------------


def _text_fields(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, value) of every free-text value in a model: ids, references and
    vocabulary values are left out."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            reference = name.endswith(("_id", "_ids")) and name != "crm_id"
            if reference or name in ("id", "version", "locale", "checks", "influence_by_stage"):
                continue
            yield from _text_fields(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, Enum):
        return
    elif isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, list):
        for k, item in enumerate(obj):
            yield from _text_fields(item, f"{path}[{k}]")
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _text_fields(key, f"{path}{{key}}")
            yield from _text_fields(value, f"{path}[{key!r}]")


def test_every_text_field_carries_the_corpus_and_every_class_is_used(site: Site) -> None:
    fields = [f for f in _text_fields(site.ws) if f != ("personas[0].photo", "photos/real.png")]
    allowed = set(site.strings) | {s[:500] for s in site.strings}
    assert [(path, value[:40]) for path, value in fields if value not in allowed] == []
    paths = {re.sub(r"\[[^\]]*\]", "", path) for path, _ in fields}
    for expected in (
        "name",
        "offering",
        "description",
        "currency",
        "stages.name",
        "stages.description",
        "teams.name",
        "teams.description",
        "channels.name",
        "motives.name",
        "motives.description",
        "personas.name",
        "personas.quote",
        "personas.photo",
        "personas.responsibility",
        "personas.goals",
        "personas.dreams",
        "personas.problems",
        "personas.ways_of_working",
        "personas.questions",
        "personas.objections",
        "personas.values",
        "personas.demographics{key}",
        "personas.demographics",
        "personas.provenance.source",
        "committees.name",
        "committees.description",
        "committees.members.name",
        "committees.members.title",
        "committees.members.crm_id",
        "segments.name",
        "segments.description",
        "segments.exclusion_reason",
        "segments.criteria.industries",
        "segments.criteria.responsibility_areas",
        "segments.criteria.credit_ratings",
        "segments.criteria.needs",
        "touchpoints.name",
        "touchpoints.description",
        "touchpoints.questions",
        "touchpoints.thoughts",
        "touchpoints.content",
        "touchpoints.pain_points",
        "touchpoints.opportunities",
        "touchpoints.kpi",
        "touchpoints.provenance.source",
        "transitions.label",
    ):
        assert expected in paths, expected
    used = {value for _, value in fields}
    unused = [s[:40] for s in site.strings if s not in used and s[:500] not in used]
    assert unused == []


#: More photo paths that lead out of the workspace folder, tried on cards.
MORE_PHOTO_ESCAPES = (
    "linked/secret.png",  # through a linked folder
    "photos/../../secret.png",
    "./photos/escape.png",
    "photos//escape.png",
    "photos\\..\\..\\secret.png",
    "%2e%2e/secret.png",
    "~/secret.png",
    "photos/escape.png\x00.jpg",
)


def test_photos_are_used_from_inside_the_folder_only(site: Site, outputs: Outputs) -> None:
    """The one real photo shows (so the checks above could have seen a leak); every hostile
    path gives the initials avatar."""
    from personajourney.render import html

    report = pj.run_checks(site.ws)
    card = outputs.rendered["card.html"]
    assert isinstance(card, str)
    uris = re.findall(r'"(data:image/[^"]+)"', card)
    assert len(uris) == 1
    data = base64.b64decode(uris[0].split(",", 1)[1])
    with Image.open(io.BytesIO(data)) as photo:
        assert _colour_share(photo, PHOTO_RGB) > 0.3
    png = outputs.rendered["card.png"]
    assert isinstance(png, bytes)
    with Image.open(io.BytesIO(png)) as image:
        assert _colour_share(image, PHOTO_RGB) * image.width * image.height > 50
    secret = (site.base / "secret.png").resolve()
    others = [
        *site.ws.personas[1:],
        *(
            site.ws.personas[1].model_copy(update={"id": f"x{k}", "photo": photo})
            for k, photo in enumerate([*MORE_PHOTO_ESCAPES, str(secret), secret.as_uri()])
        ),
    ]
    ws = site.ws.model_copy(update={"personas": [site.ws.personas[0], *others]})
    ws._root = site.ws.root
    for persona in others:
        for text in (
            html.card_html(ws, persona.id, report=report),
            html.card_svg(ws, persona.id, report=report),
        ):
            assert "data:image/" not in text, persona.photo
            assert (html_problems(text) if text.startswith("<!") else svg_problems(text)) == []


# -- the naive renderer: the same checkers must catch every class ------------------------------


def _naive_photo(root: Path, base: Path, photo: str) -> str:
    """A naive photo embedder: reads whatever the path names. (Fenced to the test's own
    temporary folder, so the test itself never reads a system file.)"""
    target = Path(photo.removeprefix("file://"))
    target = target if target.is_absolute() else root / target
    try:
        resolved = target.resolve()
        if not resolved.is_relative_to(base) or not resolved.is_file():
            return photo
        return "data:image/png;base64," + base64.b64encode(resolved.read_bytes()).decode()
    except (OSError, ValueError):
        return photo


def naive_html(strings: list[str], root: Path, base: Path) -> str:
    rows = "".join(
        f"<div title=\"{s}\" data-note='{s}'><h2>{s}</h2><p>{s}</p>"
        f'<a href="{s}">more</a><img src="{s}" alt="{s}">'
        f'<img src="{_naive_photo(root, base, s)}" alt="photo"></div>'
        for s in strings
    )
    return (
        f"<!DOCTYPE html><html><head><title>{strings[0]}</title></head><body>{rows}</body></html>"
    )


def naive_svg(strings: list[str]) -> str:
    rows = "".join(
        f'<g><title>{s}</title><text x="10" y="{20 * k + 20}">{s}</text>'
        f'<a href="{s}"><rect width="5" height="5"/></a></g>'
        for k, s in enumerate(strings)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">{rows}</svg>'
    )


def naive_dot(strings: list[str]) -> str:
    nodes = "".join(f'  n{k} [label="{s}"];\n' for k, s in enumerate(strings))
    edges = "".join(f"  n{k} -> n{k + 1};\n" for k in range(len(strings) - 1))
    return f'digraph "journey" {{\n  node [shape=box];\n{nodes}{edges}}}\n'


def naive_jinja(strings: list[str]) -> list[tuple[str, str]]:
    """Jinja2 as it comes (autoescape off), model text pasted into the template source:
    (string, page) for each string the template engine accepts."""
    env = jinja2.Environment()  # deliberately unsafe
    out = []
    for s in strings:
        try:
            template = env.from_string("<h1>" + s + '</h1><p title="{{ v }}">{{ v }}</p>')
            out.append((s, template.render(v=s)))
        except jinja2.TemplateError:
            continue
    return out


def naive_mermaid(strings: list[str]) -> str:
    tasks = "".join(f"    {s}: 3: {s}\n" for s in strings)
    return f"journey\n  title {strings[0]}\n  section Stage\n{tasks}"


#: The checkers each class is aimed at: every one of them must catch the naive renderer's
#: output for that class (others may catch it too).
EXPECTED_CATCHERS = {
    "html-script": {"html", "svg", "jinja"},
    "attribute-breakout": {"html", "jinja"},
    "url": {"html", "pdf"},
    "dot-breakout": {"dot"},
    "graphviz-escape": {"dot"},
    "control": {"html", "svg", "dot", "mermaid", "pdf"},
    "bidi": {"html", "svg", "dot"},
    "long": {"html", "svg", "dot"},
    "template": {"jinja"},
    "mermaid": {"mermaid"},
    "path": {"html"},
}


def test_every_class_has_checkers_aimed_at_it() -> None:
    assert list(EXPECTED_CATCHERS) == CLASSES


@pytest.mark.parametrize("name", CLASSES)
def test_checkers_catch_a_naive_renderer(name: str, site: Site, pool: EnginePool) -> None:
    strings = site.corpus[name]
    page = naive_html(strings, site.root, site.base.resolve())
    escapes = site.corpus["graphviz-escape"]
    caught: dict[str, list[str]] = {
        "html": html_problems(page),
        "svg": svg_problems(naive_svg(strings)),
        "dot": dot_problems(
            naive_dot(strings),
            len(strings),
            [s for s in strings if s in escapes],
            pool,
            _corpus_ids(site),
        ),
        "jinja": [p for s, text in naive_jinja(strings) for p in html_problems(text, [s])],
        "mermaid": mermaid_problems(naive_mermaid(strings), ["Stage"], strings),
    }
    # The naive page printed to PDF. No base folder: relative links stay relative instead of
    # becoming file: links (which the PDF checker would flag for every class alike).
    pdf = pool.run(Job("weasyprint", page, "pdf", name="naive"))
    caught["pdf"] = pdf_problems(pdf, max_pages=50)
    by = {checker for checker, found in caught.items() if found}
    missed = EXPECTED_CATCHERS[name] - by
    assert not missed, f"{name}: {sorted(missed)} did not notice the naive output"
    if name == "path":
        # The naive photo reader embedded the secret image, and the checkers saw it.
        assert any("embeds the secret" in p for p in caught["html"]), caught["html"]
