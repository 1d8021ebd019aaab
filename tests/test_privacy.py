"""Privacy profiles: a ``share`` or ``public`` output holds no trace of a real contact.

Real contacts (names, CRM ids, e-mail addresses and phone numbers in their titles) are
planted in a committee of the bundled example; every output a team would hand on is then
searched for them: the wall pack in every format (PDF text and metadata, PNG text chunks,
SVG, HTML, DOT), the check report as JSON, SARIF and Markdown, the Mermaid export and the
graph export.
"""

from __future__ import annotations

import io
import json
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


def _with_contacts() -> pj.Workspace:
    ws = pj.load(EXAMPLE)
    data = ws.model_dump(mode="python")
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
        },
        {"id": "liisa-maki", "name": "Liisa Mäki", "kind": "contact", "roles": ["end_user"]},
    ]
    committee["members"][0]["introduces_ids"] = [
        *committee["members"][0]["introduces_ids"],
        "jari-virtanen",
    ]
    data["touchpoints"][0]["member_ids"] = [*data["touchpoints"][0]["member_ids"], "jari-virtanen"]
    assert first
    return ws.rebuilt(data)


def _texts_of(folder: Path) -> dict[str, str]:
    """Every file of a pack as searchable text."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".pdf":
            reader = pypdf.PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() for page in reader.pages)
            text += "\n" + json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
        elif path.suffix == ".png":
            text = json.dumps({k: str(v) for k, v in Image.open(io.BytesIO(data)).info.items()})
        else:
            text = data.decode("utf-8", errors="replace")
        out[str(path.relative_to(folder))] = text
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
        _with_contacts(),
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
