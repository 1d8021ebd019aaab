"""Jupyter display: the objects people look at show themselves, and never break the notebook.

Jupyter asks an object for ``_repr_svg_`` / ``_repr_html_`` and shows the first that gives
text; ``None`` means "use the plain repr". These tests call the methods as Jupyter does.
"""

from __future__ import annotations

import doctest
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import personajourney as pj
from personajourney import i18n
from personajourney.render import notebook
from personajourney.render.engines import RenderError

EXAMPLES = Path(__file__).parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def b2b() -> pj.Workspace:
    return pj.load(EXAMPLES / "b2b-software")


def _inline_svg(text: str | None) -> str:
    """The text Jupyter would put into the page: one well-formed ``<svg>`` element."""
    assert isinstance(text, str)
    assert text.startswith("<svg")  # no XML declaration or doctype inside a page
    root = ET.fromstring(text)
    assert root.tag == SVG
    return " ".join("".join(el.itertext()) for el in root.iter())


def test_a_persona_shows_as_its_card() -> None:
    persona = pj.Persona(id="hr-hanna", name="HR-Hanna", goals=["Reach passive candidates"])
    text = _inline_svg(persona._repr_svg_())
    assert "HR-Hanna" in text
    assert "Reach passive candidates" in text


def test_a_persona_from_a_workspace_shows_as_its_card(b2b: pj.Workspace) -> None:
    persona = b2b.personas[0]
    assert persona.name in _inline_svg(persona._repr_svg_())


def test_a_committee_shows_as_its_map(b2b: pj.Workspace) -> None:
    committee = b2b.committees[0]
    text = _inline_svg(committee._repr_svg_())
    for member in committee.members:
        assert member.name in text


def test_a_committee_made_in_code_shows_without_its_workspace() -> None:
    committee = pj.BuyingCommittee(
        id="board",
        name="Board",
        members=[
            pj.Member(id="ceo", name="Chief Executive", persona_id="exec", introduces_ids=["cfo"]),
            pj.Member(id="cfo", name="Chief Financial", active_stage_ids=["custom-stage"]),
        ],
    )
    text = _inline_svg(committee._repr_svg_())
    assert "Chief Executive" in text
    assert "Chief Financial" in text


def test_a_workspace_shows_as_its_journey_diagram(b2b: pj.Workspace) -> None:
    text = _inline_svg(b2b._repr_svg_())
    assert b2b.touchpoints[0].name.split()[0] in text
    assert "Purchase decision" in text


def test_a_report_shows_as_a_table(b2b: pj.Workspace) -> None:
    report = pj.run_checks(b2b)
    html = report._repr_html_()
    assert "<table>" in html
    assert all(f.code in html for f in report.findings)


def test_display_falls_back_to_the_plain_repr_when_rendering_fails(
    b2b: pj.Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, job: object) -> bytes:
        raise RenderError("journey: graphviz crashed (signal 11)")

    def no_templates(*args: object, **kwargs: object) -> str:
        raise ValueError("template missing")

    monkeypatch.setattr("personajourney.render.engines.EnginePool.run", broken)
    monkeypatch.setattr("personajourney.render.html.card_svg", no_templates)
    assert b2b._repr_svg_() is None
    assert b2b.committees[0]._repr_svg_() is None
    assert b2b.personas[0]._repr_svg_() is None
    assert repr(b2b.personas[0]).startswith("Persona(")


def test_display_falls_back_when_the_renderer_gives_no_svg(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("personajourney.render.html.card_svg", lambda *a, **k: "<html></html>")
    assert pj.Persona(id="p", name="P")._repr_svg_() is None
    with pytest.raises(ValueError, match="no SVG"):
        notebook.persona_svg(pj.Persona(id="p", name="P"))


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(notebook)
    assert tried >= 2
    assert failures == 0


# -- a displayed entity is drawn with the workspace it belongs to ------------------------------


def _marks(svg: str) -> list[str]:
    """Each member's reach mark on a committee map, in order (``direct``, ``unreached``…)."""
    root = ET.fromstring(svg)
    return [
        el.get("class", "")
        for el in root.iter("{http://www.w3.org/2000/svg}g")
        if "member" in el.get("class", "").split()
    ]


def test_a_committee_of_a_loaded_workspace_shows_as_the_wall_pack_draws_it(
    b2b: pj.Workspace,
) -> None:
    committee = b2b.committees[0]
    shown = committee._repr_svg_()
    assert shown is not None
    drawn = pj.render_committee(b2b, committee.id)
    assert isinstance(drawn, str)
    assert shown == drawn[drawn.find("<svg") :]
    marks = _marks(shown)
    assert len(marks) == len(committee.members) == 7
    assert sum("unreached" in m.split() for m in marks) == 1  # six of seven are reached
    assert marks == _marks(drawn[drawn.find("<svg") :])


def test_a_finnish_persona_shows_names_and_finnish_labels() -> None:
    ws = pj.load(EXAMPLES / "some-mainonta")
    assert ws.locale == "fi"
    persona = ws.personas[0]
    shown = persona._repr_svg_()
    drawn = pj.render_card(ws, persona.id, format="svg")
    assert isinstance(drawn, str)
    assert shown == drawn[drawn.find("<svg") :]
    text = _inline_svg(shown)
    names = {m.id: m.name for m in ws.motives}
    for link in persona.motives:
        assert link.motive_id not in text
        assert names[link.motive_id] in text
    assert "MOTIIVIT" in text
    assert "TAVOITTEET" in text
    assert "MOTIVES" not in text
    assert "GOALS" not in text


def test_a_workspace_built_in_code_is_found_by_its_entities() -> None:
    persona = pj.Persona(id="hr-hanna", name="HR-Hanna", motives=[pj.MotiveLink(motive_id="m")])
    ws = pj.Workspace(personas=[persona], motives=[pj.Motive(id="m", name="Save time")])
    text = _inline_svg(ws.personas[0]._repr_svg_())
    assert "Save time" in text


def test_a_lone_committee_says_reach_is_unknown_and_draws_no_findings() -> None:
    committee = pj.BuyingCommittee(
        id="board", name="Board", members=[pj.Member(id="ceo", name="Chief Executive")]
    )
    shown = committee._repr_svg_()
    text = _inline_svg(shown)
    assert i18n.text("diagram.without-workspace", "en") in text
    assert i18n.text("diagram.unknown", "en") in text
    assert i18n.text("diagram.unreached", "en") not in text
    assert "C001" not in text
    assert "⚠" not in text
    assert committee._repr_svg_() == shown  # deterministic


def test_a_committee_from_a_workspace_has_no_lone_note(b2b: pj.Workspace) -> None:
    text = _inline_svg(b2b.committees[0]._repr_svg_())
    assert i18n.text("diagram.without-workspace", "en") not in text
    assert i18n.text("diagram.unknown", "en") not in text


def test_a_persona_with_its_workspace_given_explicitly(b2b: pj.Workspace) -> None:
    persona = b2b.personas[0].model_copy()  # a copy belongs to no workspace
    assert pj.models.workspace.workspace_of(persona) is None
    assert notebook.persona_svg(persona, b2b) == b2b.personas[0]._repr_svg_()


def test_the_models_draw_through_the_hook_the_package_face_installs() -> None:
    # The models import no renderer (tests/test_layering.py); personajourney/__init__.py
    # installs the notebook drawing, and a failing drawing falls back to the plain repr.
    from personajourney.models import entities

    installed = entities._display_hook
    assert installed is not None
    persona = pj.Persona(id="p", name="P")
    try:
        entities.set_display_hook(lambda obj: f"<svg>{type(obj).__name__}</svg>")
        assert persona._repr_svg_() == "<svg>Persona</svg>"
        entities.set_display_hook(lambda obj: 1 / 0)  # type: ignore[arg-type,return-value]
        assert persona._repr_svg_() is None
    finally:
        entities.set_display_hook(installed)
