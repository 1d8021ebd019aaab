"""A template folder from someone else is data, not code.

User templates run in Jinja2's immutable sandbox, and a folder gives only regular UTF-8 files
that lie inside it. Each case renders a card with a hostile ``card.html.j2`` and expects a
:class:`~personajourney.TemplateError` naming the template, and no side effect.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import personajourney as pj
from personajourney.render.api import Options

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "some-mainonta"


@pytest.fixture(scope="module")
def ws() -> pj.Workspace:
    return pj.load(EXAMPLE)


def _card(ws: pj.Workspace, folder: Path) -> str | bytes:
    return pj.render_card(
        ws, ws.personas[0].id, format="html", options=Options(template_dirs=(str(folder),))
    )


#: Known ways out of a template into Python, each writing a marker file if it worked.
ESCAPES = [
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ c.__class__.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ c.cards.append(1) }}",
    "{{ c.cards.__setitem__(0, 1) }}",
    "{% for k in c.__dict__ %}{{ k }}{% endfor %}",
    "{{ range.__self__ }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARKER') }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_a_known_sandbox_escape_is_a_template_error_and_does_nothing(
    ws: pj.Workspace, tmp_path: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    marker = tmp_path / "MARKER"
    (folder / "card.html.j2").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pj.TemplateError) as caught:
        _card(ws, folder)
    assert "template error" in str(caught.value)
    assert not marker.exists()


def test_a_link_out_of_the_template_folder_is_refused(ws: pj.Workspace, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.html.j2").symlink_to(secret)
    with pytest.raises(pj.TemplateError, match="link to a file outside the template folder"):
        _card(ws, folder)


def test_a_link_inside_the_template_folder_is_followed(ws: pj.Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "mine").mkdir(parents=True)
    (folder / "mine" / "card.html.j2").write_text("<p>{{ c.title }}</p>", encoding="utf-8")
    (folder / "card.html.j2").symlink_to(folder / "mine" / "card.html.j2")
    assert f"<p>{ws.personas[0].name}</p>" == _card(ws, folder)


def test_a_fifo_as_a_template_is_refused_at_once(ws: pj.Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "card.html.j2")
    outcome: list[BaseException | None] = []

    def render() -> None:
        try:
            _card(ws, folder)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=render, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "reading the FIFO blocked"
    assert isinstance(outcome[0], pj.TemplateError)
    assert "not a regular file" in str(outcome[0])


def test_a_template_that_is_not_utf8_names_the_byte(ws: pj.Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.html.j2").write_bytes(b"<p>caf\xe9</p>")
    with pytest.raises(pj.TemplateError, match=r"not UTF-8 text \(byte 6\)"):
        _card(ws, folder)


def test_an_oversized_template_is_refused(ws: pj.Workspace, tmp_path: Path) -> None:
    from personajourney.render.jinja import MAX_TEMPLATE_BYTES

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.html.j2").write_text("x" * (MAX_TEMPLATE_BYTES + 1), encoding="utf-8")
    with pytest.raises(pj.TemplateError, match="is over"):
        _card(ws, folder)


def test_a_plain_override_still_works_in_the_sandbox(ws: pj.Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "card.html.j2").write_text(
        "{% for card in c.cards %}<h1>{{ card.persona.name|upper }}</h1>{% endfor %}",
        encoding="utf-8",
    )
    assert f"<h1>{ws.personas[0].name.upper()}</h1>" == _card(ws, folder)
