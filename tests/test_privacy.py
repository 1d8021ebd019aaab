"""Privacy profiles: a ``share`` or ``public`` output holds no trace of a real contact.

Real contacts (names, CRM ids, e-mail addresses and phone numbers in their titles) are
planted in a committee of the bundled example; every output a team would hand on is then
searched for them: the wall pack in every format, the check report as JSON, SARIF and
Markdown, the Mermaid export and the graph export. The search reads every byte of a file
as UTF-8, Latin-1 and UTF-16, and also every decompressed PDF stream, the PDF's document
information, every PNG chunk (compressed text chunks inflated), and every image embedded as
a ``data:`` URI, down to its EXIF. A persona photo carries the contact's name in its EXIF,
PNG text and JPEG comment, which no output may keep either.
"""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import zlib
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.privacy import apply, pseudonym
from personajourney.render.api import Options

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "b2b-software"
KEY_HEX = "11" * 32

PLANTED = [
    "Jari Virtanen",
    "HS-99173",
    "jari.virtanen@example.fi",
    "+358 40 123 4567",
    "Liisa Mäki",
]


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PERSONAJOURNEY_PRIVACY_KEY", KEY_HEX)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def _plant_photos(folder: Path) -> None:
    """A JPEG and a PNG portrait whose metadata name a contact (EXIF, comment, text chunks)."""
    from PIL import PngImagePlugin

    folder.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x013B] = "Jari Virtanen"  # Artist
    exif[0x010E] = "jari.virtanen@example.fi HS-99173"  # ImageDescription
    picture = Image.new("RGB", (40, 30), "#c08040")
    picture.save(folder / "face.jpg", "JPEG", exif=exif.tobytes(), comment=b"+358 40 123 4567")
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Liisa M\u00e4ki")
    info.add_text("Comment", "HS-99173 jari.virtanen@example.fi", zip=True)
    info.add_itxt("Description", "Jari Virtanen", zip=True)
    Image.new("RGBA", (30, 40), (10, 20, 30, 128)).save(
        folder / "face.png", "PNG", pnginfo=info, exif=exif.tobytes()
    )


def _with_contacts(assets: Path | None = None) -> pj.Workspace:
    ws = pj.load(EXAMPLE)
    data = ws.model_dump(mode="python")
    if assets is not None:
        _plant_photos(assets)
        data["personas"][0]["photo"] = "face.jpg"
        data["personas"][1]["photo"] = "face.png"
    committee = data["committees"][0]
    first = committee["members"][0]["id"]
    committee["members"] += [
        {
            "id": "jari-virtanen",
            "name": "Jari Virtanen",
            "kind": "contact",
            "crm_id": "HS-99173",
            "title": "Hankintajohtaja, jari.virtanen@example.fi, +358 40 123 4567",
            "roles": ["procurement"],
            "influence": 0.8,
            "introduces_ids": ["liisa-maki"],
            "basis_note": "consent by e-mail from jari.virtanen@example.fi",
        },
        {"id": "liisa-maki", "name": "Liisa Mäki", "kind": "contact", "roles": ["end_user"]},
    ]
    committee["members"][0]["introduces_ids"] = [
        *committee["members"][0]["introduces_ids"],
        "jari-virtanen",
    ]
    data["touchpoints"][0]["member_ids"] = [*data["touchpoints"][0]["member_ids"], "jari-virtanen"]
    assert first
    rebuilt = ws.rebuilt(data)
    return rebuilt if assets is None else rebuilt.with_assets(assets)


_DATA_URI = re.compile(rb"data:image/[a-z+]+;base64,([A-Za-z0-9+/=]+)")


def _png_texts(data: bytes) -> list[bytes]:
    """Every chunk of a PNG, text chunks inflated (a parser of the test's own)."""
    out, at = [], 8
    while at + 12 <= len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        out.append(kind + body)
        if kind in (b"zTXt", b"iTXt", b"iCCP"):
            for start in range(len(body)):
                try:
                    out.append(zlib.decompress(body[start:]))
                    break
                except zlib.error:
                    continue
        at += 12 + size
    return out


def _pdf_texts(data: bytes) -> list[bytes]:
    """The PDF's text, document information and every stream, decompressed."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = ["\n".join(page.extract_text() for page in reader.pages).encode("utf-8")]
    out.append(json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}).encode())
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            try:
                out.append(obj.get_data())
            except Exception:
                out.append(obj._data)
        elif obj is not None:
            out.append(repr(obj).encode("utf-8", "replace"))
    return out


def _as_text(blobs: list[bytes]) -> str:
    return "\n".join(
        blob.decode(codec, errors="replace")
        for blob in blobs
        for codec in ("utf-8", "latin-1", "utf-16-be", "utf-16-le")
    )


def _blobs(data: bytes) -> list[bytes]:
    blobs = [data]
    if data.startswith(b"%PDF"):
        blobs += _pdf_texts(data)
    if data.startswith(b"\x89PNG"):
        blobs += _png_texts(data)
    for match in _DATA_URI.finditer(data):
        image = base64.b64decode(match.group(1))
        blobs.append(image)
        if image.startswith(b"\x89PNG"):
            blobs += _png_texts(image)
    return blobs


def _texts_of(folder: Path) -> dict[str, str]:
    """Every file of a pack as searchable text: every byte of it, and of what it embeds."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = _as_text(_blobs(path.read_bytes()))
    return out


def _leaks(texts: dict[str, str]) -> list[str]:
    return [
        f"{name}: {secret}"
        for name, text in texts.items()
        for secret in PLANTED
        if secret.lower() in text.lower()
    ]


def test_the_search_finds_what_an_internal_pack_shows(tmp_path: Path) -> None:
    pj.build_pack(_with_contacts(), tmp_path / "pack", formats=["html", "dot"])
    assert _leaks(_texts_of(tmp_path / "pack")), "the search would not see a leak"


@pytest.mark.parametrize("profile", ["share", "public"])
def test_no_byte_of_a_shared_or_public_pack_names_a_contact(tmp_path: Path, profile: str) -> None:
    out = tmp_path / "pack"
    result = pj.build_pack(
        _with_contacts(tmp_path / "assets"),
        out,
        formats=["html", "svg", "pdf", "dot"],
        png=True,
        options=Options(privacy=profile),
    )
    assert result.ok, result.failed
    texts = _texts_of(out)
    assert any(name.endswith(".pdf") for name in texts)
    assert any(name.endswith(".png") for name in texts)
    assert _leaks(texts) == []
    shown = "\n".join(texts.values())
    if profile == "share":
        assert pseudonym(bytes.fromhex(KEY_HEX), "HS-99173")[1] in shown
    else:
        assert "Contact " not in shown
    assert "data:image/jpeg" in shown
    assert "data:image/png" in shown
    for page in out.rglob("*.html"):  # an HTML page says its title and its charset only
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        metas = re.findall(r"<meta[^>]*>", head)
        # besides the charset: how to show it on a screen, and its security policy; never
        # an author, a generator, a date or a path
        assert metas[0] == '<meta charset="utf-8">', page
        assert [
            re.match(r'<meta (name="viewport"|http-equiv="Content-Security-Policy")', m) is not None
            for m in metas[1:]
        ] == [True] * (len(metas) - 1), page
        assert len(re.findall(r"<title>[^<]+</title>", head)) == 1, page


@pytest.mark.parametrize("fmt", ["pdf", "png"])
def test_a_pdf_or_png_says_its_title_and_nothing_else(tmp_path: Path, fmt: str) -> None:
    data = pj.render_poster(_with_contacts(), format=fmt, options=Options(privacy="share"))
    assert isinstance(data, bytes)
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert {"/Title"} == set(reader.metadata or {})
        assert reader.metadata is not None
        assert reader.metadata.title
        assert b"WeasyPrint" not in b"".join(_pdf_texts(data))
        assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    else:
        kinds = {chunk[:4] for chunk in _png_texts(data)}
        assert kinds <= {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"pHYs", b"sRGB", b"gAMA"}


def test_an_engine_made_svg_names_no_engine_and_no_node_id() -> None:
    svg = pj.render_committee(_with_contacts(), format="svg", options=Options(privacy="internal"))
    assert isinstance(svg, str)
    assert "<!--" not in svg
    assert "graphviz" not in svg.lower()


def test_an_embedded_photo_keeps_none_of_its_metadata_even_inside(tmp_path: Path) -> None:
    ws = _with_contacts(tmp_path / "assets")
    html = "".join(
        str(pj.render_card(ws, p.id, format="html", options=Options(privacy="internal")))
        for p in ws.personas[:2]
    )
    images = [base64.b64decode(m) for m in _DATA_URI.findall(html.encode())]
    assert len(images) == 2
    assert all(b"Exif" not in image for image in images)
    planted = ["Jari Virtanen", "jari.virtanen@example.fi", "HS-99173", "+358 40", "Liisa"]
    text = _as_text([blob for image in images for blob in _blobs(image)])
    assert [p for p in planted if p in text] == []


@pytest.mark.parametrize("profile", ["share", "public"])
def test_reports_and_exports_name_no_contact(tmp_path: Path, profile: str) -> None:
    model = tmp_path / "model.json"
    pj.dump(_with_contacts(), model)
    runner = CliRunner()
    outputs = []
    for args in (
        ["check", str(model), "--format", "json"],
        ["check", str(model), "--format", "sarif"],
        ["check", str(model), "--format", "markdown"],
        ["check", str(model)],
        ["export", "mermaid", str(model)],
        ["export", "graph", str(model), "--format", "graphml"],
        ["export", "graph", str(model), "--format", "json"],
    ):
        result = runner.invoke(app, [*args, "--privacy", profile])
        assert result.exit_code in (0, 1), (args, result.output)
        outputs.append(result.stdout)
    assert _leaks({str(i): text for i, text in enumerate(outputs)}) == []


def test_the_workspace_default_profile_applies_when_none_is_asked() -> None:
    ws = _with_contacts().model_copy(update={"privacy": pj.PrivacyProfile.PUBLIC})
    svg = pj.render_committee(ws, format="dot")
    assert isinstance(svg, str)
    assert "Virtanen" not in svg
    assert "Virtanen" in pj.render_committee(ws, format="dot", options=Options(privacy="internal"))


def test_pseudonyms_are_stable_for_a_key_and_differ_across_keys() -> None:
    ws = _with_contacts()
    once = apply(ws, "share", key=b"a" * 32)
    assert apply(ws, "share", key=b"a" * 32) == once
    assert apply(once, "share", key=b"b" * 32) is once  # already pseudonymous: unchanged
    other = apply(ws, "share", key=b"b" * 32)
    ids = {m.id for _, m in once.members() if m.kind == "contact"}
    assert ids
    assert ids.isdisjoint({m.id for _, m in other.members() if m.kind == "contact"})


def test_references_to_contacts_follow_their_pseudonyms_or_go() -> None:
    ws = _with_contacts()
    shared = apply(ws, "share", key=b"a" * 32)
    jari = pseudonym(b"a" * 32, "HS-99173")[0]
    assert jari in shared.touchpoints[0].member_ids
    assert any(jari in m.introduces_ids for _, m in shared.members())
    public = apply(ws, "public")
    assert all(m.kind != "contact" for _, m in public.members())
    assert "jari-virtanen" not in public.touchpoints[0].member_ids


def test_an_unusable_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERSONAJOURNEY_PRIVACY_KEY", "not hex")
    with pytest.raises(pj.PersonaJourneyError, match="PERSONAJOURNEY_PRIVACY_KEY"):
        apply(_with_contacts(), "share")


def test_without_a_key_one_is_made_once_in_the_users_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PERSONAJOURNEY_PRIVACY_KEY")
    first = apply(_with_contacts(), "share")
    key_file = tmp_path / "config" / "personajourney" / "privacy.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert apply(_with_contacts(), "share") == first
