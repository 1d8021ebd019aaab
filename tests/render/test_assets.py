"""Persona photos: only files inside the workspace folder, small, real images; else initials."""

from __future__ import annotations

import base64
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

import personajourney as pj
from personajourney.render import html
from personajourney.render.assets import (
    AssetError,
    avatar_colour,
    image_data_uri,
    initials,
    portrait,
    resolve_inside,
)

PALETTE = ["#7b4bc4", "#c2457a", "#1c8fa8"]


def _jpeg(path: Path, size: tuple[int, int] = (300, 200), *, exif: bool = False) -> None:
    image = Image.new("RGB", size, (200, 60, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x013B] = "Artist Secret-Name"  # Artist
        data[0x010F] = "CameraMaker"  # Make
        kwargs["exif"] = data.tobytes()
    image.save(path, format="JPEG", **kwargs)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels but holds almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _workspace(root: Path, photo: str | None) -> pj.Workspace:
    (root / "workspace.yaml").write_text(
        "name: Kuvat\npersonas:\n  - id: hanna\n    name: HR-Hanna\n"
        + (f"    photo: {photo!r}\n" if photo is not None else ""),
        "utf-8",
    )
    return pj.load(root)


def test_a_photo_inside_the_workspace_is_embedded_without_metadata(tmp_path: Path) -> None:
    (tmp_path / "kuvat").mkdir()
    _jpeg(tmp_path / "kuvat" / "hanna.jpg", (900, 600), exif=True)
    uri = image_data_uri(tmp_path, "kuvat/hanna.jpg")
    assert uri.startswith("data:image/jpeg;base64,")
    decoded = base64.b64decode(uri.split(",", 1)[1])
    assert b"Secret-Name" not in decoded
    assert b"CameraMaker" not in decoded
    with Image.open(io.BytesIO(decoded)) as image:
        assert image.size == (600, 600)  # cropped square, scaled down
        assert not image.getexif()
    assert uri == image_data_uri(tmp_path, "./kuvat/hanna.jpg")  # same file, same bytes


def test_a_transparent_png_stays_png(tmp_path: Path) -> None:
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(tmp_path / "a.png")
    assert image_data_uri(tmp_path, "a.png").startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../outside.jpg",
        "kuvat/../../outside.jpg",
        "file:///etc/passwd",
        "https://example.com/a.jpg",
        "C:\\photos\\a.jpg",
        "~/a.jpg",
        "a\x00.jpg",
        "",
    ],
)
def test_paths_leaving_the_folder_are_refused(tmp_path: Path, path: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    _jpeg(tmp_path / "outside.jpg")
    with pytest.raises(AssetError):
        image_data_uri(root, path)


def test_symbolic_links_are_refused_even_inside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "real").mkdir(parents=True)
    _jpeg(root / "real" / "a.jpg")
    _jpeg(tmp_path / "secret.jpg")
    (root / "inside.jpg").symlink_to(root / "real" / "a.jpg")
    (root / "outside.jpg").symlink_to(tmp_path / "secret.jpg")
    (root / "linked").symlink_to(root / "real", target_is_directory=True)
    (root / "escape").symlink_to(tmp_path, target_is_directory=True)
    for path in ("inside.jpg", "outside.jpg", "linked/a.jpg", "escape/secret.jpg"):
        with pytest.raises(AssetError):
            resolve_inside(root, path)
    assert resolve_inside(root, "real/a.jpg") == (root / "real" / "a.jpg").resolve()


def test_big_files_bombs_and_non_images_are_refused(tmp_path: Path) -> None:
    (tmp_path / "big.jpg").write_bytes(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024 + 10))
    (tmp_path / "bomb.png").write_bytes(_png_header(30_000, 30_000))  # 900 MP declared
    (tmp_path / "wide.png").write_bytes(_png_header(9_000, 5_000))  # 45 MP: over our limit
    (tmp_path / "text.jpg").write_text("not an image", "utf-8")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    Image.new("RGB", (8, 8)).save(tmp_path / "a.bmp", format="BMP")
    os.mkfifo(tmp_path / "fifo.jpg")  # must not block
    (tmp_path / "folder.jpg").mkdir()
    for name in (
        "big.jpg",
        "bomb.png",
        "wide.png",
        "text.jpg",
        "broken.jpg",
        "a.bmp",
        "fifo.jpg",
        "folder.jpg",
        "missing.jpg",
    ):
        with pytest.raises(AssetError):
            image_data_uri(tmp_path, name)


def test_portrait_falls_back_to_initials_and_never_raises(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(_png_header(30_000, 30_000))
    for root, photo in (
        (None, "a.jpg"),
        (tmp_path, "bomb.png"),
        (tmp_path, "../x"),
        (tmp_path, None),
    ):
        result = portrait(root, photo, key="hanna", name="HR-Hanna", palette=PALETTE)
        assert result.kind == "initials"
        assert result.uri == ""
        assert result.initials == "HH"
        assert result.colour in PALETTE
        assert bool(result.refused) == (photo is not None)
    _jpeg(tmp_path / "ok.jpg")
    good = portrait(tmp_path, "ok.jpg", key="hanna", name="HR-Hanna", palette=PALETTE)
    assert good.kind == "photo"
    assert good.uri.startswith("data:image/jpeg;base64,")


def test_cards_show_the_photo_or_initials(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    _jpeg(tmp_path / "good" / "hanna.jpg")
    with_photo = html.card_html(_workspace(tmp_path / "good", "hanna.jpg"), "hanna")
    assert "data:image/jpeg;base64," in with_photo
    assert 'clip-path="url(#clip-hanna)"' in with_photo
    svg = html.card_svg(_workspace(tmp_path / "good", "hanna.jpg"), "hanna")
    assert "data:image/jpeg;base64," in svg

    (tmp_path / "bad").mkdir()
    _jpeg(tmp_path / "secret.jpg")
    (tmp_path / "bad" / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    for photo in ("link.jpg", "../secret.jpg", "/etc/passwd", "missing.png"):
        out = html.card_html(_workspace(tmp_path / "bad", photo), "hanna")
        assert "data:image" not in out
        assert ">HH<" in out
        assert photo not in out  # the path is never echoed


def test_initials_and_colours_are_stable() -> None:
    assert initials("HR-Hanna") == "HH"
    assert initials("Marja Markkinoija") == "MM"
    assert initials("Tero, the IT manager") == "T"
    assert initials("äiti öljy") == "ÄÖ"
    assert initials("<script>") == "S"
    assert initials("  ") == "?"
    assert avatar_colour("hanna", PALETTE) == avatar_colour("hanna", PALETTE)
    assert len({avatar_colour(k, PALETTE) for k in ("a", "b", "c", "d", "e", "f")}) > 1


# -- where photos may come from: the assets folder ------------------------------------------


def test_photos_in_hidden_folders_or_files_are_refused(tmp_path: Path) -> None:
    for folder in (".ssh", ".git/objects", "kuvat/.private"):
        (tmp_path / folder).mkdir(parents=True)
        _jpeg(tmp_path / folder / "id.jpg")
    _jpeg(tmp_path / ".passport.jpg")
    for path in (".ssh/id.jpg", ".git/objects/id.jpg", "kuvat/.private/id.jpg", ".passport.jpg"):
        with pytest.raises(AssetError, match="hidden"):
            resolve_inside(tmp_path, path)
    _jpeg(tmp_path / "kuvat" / "ok.jpg")
    assert resolve_inside(tmp_path, "./kuvat/ok.jpg") == (tmp_path / "kuvat" / "ok.jpg").resolve()


def test_a_model_in_a_downloads_folder_embeds_nothing_from_it(tmp_path: Path) -> None:
    """A single model file's folder is not the workspace's own: a downloads folder may hold
    anything (``private/passport.png``). Without ``--assets`` its cards show initials."""
    downloads = tmp_path / "Downloads"
    (downloads / "private").mkdir(parents=True)
    _jpeg(downloads / "private" / "passport.jpg")
    model = downloads / "model.yaml"
    model.write_text(
        "name: Shared\npersonas:\n  - id: hanna\n    name: HR-Hanna\n"
        "    photo: private/passport.jpg\n",
        "utf-8",
    )
    ws = pj.load(model)

    assert ws.assets is None
    card = html.card_html(ws, "hanna")
    assert "data:image" not in card
    assert ">HH<" in card
    refused = portrait(ws.assets, "private/passport.jpg", key="h", name="H", palette=PALETTE)
    assert "--assets" in refused.refused


def test_a_workspace_folder_is_its_own_assets_folder(tmp_path: Path) -> None:
    (tmp_path / "kuvat").mkdir()
    _jpeg(tmp_path / "kuvat" / "hanna.jpg")
    ws = _workspace(tmp_path, "kuvat/hanna.jpg")

    assert ws.assets == str(tmp_path.resolve())
    assert ws.with_locale("fi").assets == ws.assets
    assert "data:image/jpeg;base64," in html.card_html(ws, "hanna")


def test_a_named_assets_folder_serves_photos_to_a_single_file(tmp_path: Path) -> None:
    from personajourney.render.api import Options, render

    photos = tmp_path / "photos"
    photos.mkdir()
    _jpeg(photos / "hanna.jpg")
    model = tmp_path / "models" / "model.yaml"
    model.parent.mkdir()
    model.write_text(
        "name: Kuvat\npersonas:\n  - id: hanna\n    name: HR-Hanna\n    photo: hanna.jpg\n",
        "utf-8",
    )
    ws = pj.load(model)

    assert "data:image" not in str(render("card", ws, format="html", target="hanna"))
    named = render("card", ws, format="html", target="hanna", options=Options(assets=str(photos)))
    assert "data:image/jpeg;base64," in str(named)
    assert ws.with_assets(photos).assets == str(photos)
    assert ws.assets is None  # the original is unchanged


def test_cli_assets_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from personajourney.cli import app

    photos = tmp_path / "photos"
    photos.mkdir()
    _jpeg(photos / "hanna.jpg")
    model = tmp_path / "model.yaml"
    model.write_text(
        "name: Kuvat\npersonas:\n  - id: hanna\n    name: HR-Hanna\n    photo: hanna.jpg\n",
        "utf-8",
    )
    runner = CliRunner()
    out = tmp_path / "card.html"
    args = ["render", "card", str(model), "--id", "hanna", "-o", str(out)]

    assert runner.invoke(app, args).exit_code == 0
    assert "data:image" not in out.read_text("utf-8")
    assert runner.invoke(app, [*args, "--assets", str(photos)]).exit_code == 0
    assert "data:image/jpeg;base64," in out.read_text("utf-8")
    missing = runner.invoke(app, [*args, "--assets", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "--assets" in missing.output
