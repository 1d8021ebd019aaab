"""A theme's logo: resolved next to the theme file, refused outside it, drawn everywhere.

The logo follows the persona-photo rules of :mod:`personajourney.render.assets` (inside the
theme's folder, no ``..``, no symbolic link, size and pixel limits, PNG or JPEG) and is
embedded, re-encoded, as a ``data:`` URI in the top-right corner of every artefact.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from typer.testing import CliRunner

import personajourney as pj
from personajourney.cli import app
from personajourney.errors import ModelError
from personajourney.render import html
from personajourney.render.api import Options, render
from personajourney.render.theme import DEFAULT_THEME, Theme, load_theme

MAINONTA = Path(__file__).parents[2] / "examples" / "some-mainonta"
PNG_URI = "data:image/png;base64,"


def _logo(path: Path) -> None:
    image = Image.new("RGBA", (120, 40), (0, 0, 0, 0))
    image.paste((52, 84, 209, 255), (0, 0, 80, 40))
    image.paste((224, 123, 36, 255), (80, 0, 120, 40))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")


def _theme_file(folder: Path, logo: str = "logo.png") -> Path:
    path = folder / "theme.yaml"
    path.write_text(f"name: brand\naccent: '#0b6e4f'\nlogo: {logo}\n", encoding="utf-8")
    return path


@pytest.fixture
def theme_path(tmp_path: Path) -> Path:
    _logo(tmp_path / "brand" / "logo.png")
    return _theme_file(tmp_path / "brand")


@pytest.fixture(scope="module")
def ws() -> pj.Workspace:
    return pj.load(MAINONTA)


def test_load_theme_resolves_the_logo_next_to_the_file(theme_path: Path) -> None:
    theme = load_theme(theme_path)
    assert theme.folder == theme_path.parent.resolve()
    assert theme.logo_uri.startswith(PNG_URI)
    with Image.open(io.BytesIO(_decode(theme.logo_uri))) as image:
        assert image.size == (120, 40)  # not cropped to a square


def test_a_theme_in_a_subfolder_is_found_from_anywhere(tmp_path: Path) -> None:
    _logo(tmp_path / "brand" / "img" / "logo.png")
    path = _theme_file(tmp_path / "brand", "img/logo.png")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert load_theme(Path("brand") / "theme.yaml").logo_uri.startswith(PNG_URI)
    finally:
        os.chdir(cwd)
    assert load_theme(path).folder == path.parent.resolve()


def _decode(uri: str) -> bytes:
    return base64.b64decode(uri.split(",", 1)[1])


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("card", lambda ws, t: html.card_html(ws, "hr-hanna", theme=t)),
        ("card", lambda ws, t: html.card_svg(ws, "hr-hanna", theme=t)),
        ("poster", lambda ws, t: html.poster_html(ws, theme=t)),
        ("poster", lambda ws, t: html.poster_svg(ws, theme=t)),
        ("heatmap", lambda ws, t: html.heatmap_html(ws, theme=t)),
        ("heatmap", lambda ws, t: html.heatmap_svg(ws, theme=t)),
        ("report", lambda ws, t: html.report_html(ws, theme=t)),
        ("report", lambda ws, t: html.report_svg(ws, theme=t)),
    ],
)
def test_every_artefact_draws_the_logo(
    ws: pj.Workspace, theme_path: Path, kind: str, make: Callable[[pj.Workspace, Theme], str]
) -> None:
    theme = load_theme(theme_path)
    text = make(ws, theme)
    assert f'href="{theme.logo_uri}"' in text or f'src="{theme.logo_uri}"' in text
    assert "logo" in text
    plain = make(ws, DEFAULT_THEME)
    assert PNG_URI not in plain
    assert "-logo" not in plain


def test_card_and_poster_image_elements(ws: pj.Workspace, theme_path: Path) -> None:
    theme = load_theme(theme_path)
    for text in (
        html.card_html(ws, "hr-hanna", theme=theme),
        html.card_svg(ws, "hr-hanna", theme=theme),
        html.poster_html(ws, theme=theme),
        html.poster_svg(ws, theme=theme),
    ):
        # In HTML, the shape names the groups it belongs to (data-for) for the page's script.
        assert re.search(r'<image(?: data-for="[^"]*")? x="', text)
        assert f'href="{PNG_URI}' in text


def test_index_draws_the_logo(ws: pj.Workspace, theme_path: Path) -> None:
    theme = load_theme(theme_path)
    text = html.index_html([], ws, theme=theme)
    assert f'<img id="index-logo" class="logo" src="{PNG_URI}' in text
    assert "index-logo" not in html.index_html([], ws)


def test_a_theme_built_in_code_draws_no_logo(ws: pj.Workspace) -> None:
    theme = Theme(logo="logo.png")
    assert theme.logo_uri == ""
    assert theme.folder is None
    assert PNG_URI not in html.card_svg(ws, "hr-hanna", theme=theme)


def test_pdf_with_a_logo(ws: pj.Workspace, theme_path: Path) -> None:
    options = Options(theme=load_theme(theme_path))
    pdf = render("card", ws, format="pdf", target="hr-hanna", options=options)
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    poster = render("poster", ws, format="pdf", options=options)
    assert isinstance(poster, bytes)
    assert poster.startswith(b"%PDF")


def _refused(path: Path, line: int = 3) -> ModelError:
    with pytest.raises(ModelError) as info:
        load_theme(path)
    text = str(info.value)
    assert str(path) in text
    assert f"{path}:{line}" in text or f"line {line}" in text
    assert "logo" in text
    return info.value


def test_dot_dot_is_refused(tmp_path: Path) -> None:
    _logo(tmp_path / "logo.png")
    (tmp_path / "brand").mkdir()
    _refused(_theme_file(tmp_path / "brand", "../logo.png"))
    _refused(_theme_file(tmp_path / "brand", "./sub/../../logo.png"))


def test_absolute_path_is_refused(tmp_path: Path) -> None:
    _logo(tmp_path / "logo.png")
    (tmp_path / "brand").mkdir()
    _refused(_theme_file(tmp_path / "brand", str(tmp_path / "logo.png")))


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    _logo(tmp_path / "outside" / "logo.png")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").symlink_to(tmp_path / "outside" / "logo.png")
    _refused(_theme_file(tmp_path / "brand", "logo.png"))


def test_symlinked_folder_is_refused(tmp_path: Path) -> None:
    _logo(tmp_path / "outside" / "logo.png")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "img").symlink_to(tmp_path / "outside")
    _refused(_theme_file(tmp_path / "brand", "img/logo.png"))


def test_svg_and_missing_and_oversized_logos_are_refused(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    _refused(_theme_file(brand, "logo.svg"))
    _refused(_theme_file(brand, "missing.png"))
    (brand / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024 + 1))
    _refused(_theme_file(brand, "big.png"))


def test_cli_poster_includes_the_logo(theme_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        app,
        ["render", "poster", str(MAINONTA), "--theme", str(theme_path), "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert f'href="{PNG_URI}' in text


def test_cli_refuses_a_logo_outside_the_folder(tmp_path: Path) -> None:
    _logo(tmp_path / "logo.png")
    (tmp_path / "brand").mkdir()
    path = _theme_file(tmp_path / "brand", "../logo.png")
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        app, ["render", "poster", str(MAINONTA), "--theme", str(path), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "logo" in result.output
    assert not out.exists()


def test_a_logo_in_a_hidden_folder_or_file_is_refused(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    _logo(brand / ".private" / "logo.png")
    _logo(brand / ".logo.png")
    _logo(brand / "img" / "logo.png")
    error = _refused(_theme_file(brand, ".private/logo.png"))
    assert "hidden" in str(error)
    _refused(_theme_file(brand, "img/../.logo.png"))
    _refused(_theme_file(brand, ".logo.png"))
    assert load_theme(_theme_file(brand, "./img/logo.png")).logo_uri.startswith(PNG_URI)
