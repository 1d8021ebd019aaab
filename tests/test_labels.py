"""Built-in English and Finnish labels."""

from __future__ import annotations

import unicodedata

import pytest

import personajourney as pj
from personajourney.models import LOCALES, labels

#: Every built-in key of each vocabulary that the model itself defines.
BUILT_IN: dict[str, list[str]] = {
    "stage": [s.id for s in pj.default_stages()],
    "team": [t.id for t in pj.default_teams()],
    "channel": [c.id for c in pj.default_channels()],
    "role": [r.value for r in pj.Role],
    "severity": [s.value for s in pj.Severity],
    "motive_kind": [k.value for k in pj.MotiveKind],
    "provenance": [k.value for k in pj.ProvenanceKind],
    "channel_kind": [k.value for k in pj.ChannelKind],
    "subject_kind": [k.value for k in pj.SubjectKind],
}
CASES = [(vocabulary, key) for vocabulary, keys in BUILT_IN.items() for key in keys]


@pytest.mark.parametrize("vocabulary", BUILT_IN)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_built_in_key_has_a_label_in_every_locale(vocabulary: str, locale: str) -> None:
    assert sorted(BUILT_IN[vocabulary]) == sorted(labels(vocabulary, locale))


@pytest.mark.parametrize(("vocabulary", "key"), CASES)
def test_labels_are_non_empty_trimmed_nfc_text(vocabulary: str, key: str) -> None:
    for locale in LOCALES:
        text = pj.label(vocabulary, key, locale)
        assert text
        assert text.strip() == text
        assert unicodedata.normalize("NFC", text) == text
        # UTF-8 read as Latin-1 ("PÃ¤Ã¤ttÃ¤jÃ¤") would show these.
        assert not {"Ã", "Â", "\ufffd"} & set(text)


@pytest.mark.parametrize(
    ("vocabulary", "key", "english", "finnish"),
    [
        ("stage", "problem-awareness", "Problem awareness", "Ongelman tiedostaminen"),
        ("stage", "purchase-decision", "Purchase decision", "Ostopäätös"),
        ("stage", "onboarding", "Onboarding and use", "Käyttöönotto ja käyttö"),
        ("team", "customer-service", "Customer service", "Asiakaspalvelu"),
        ("channel", "email", "Email", "Sähköposti"),
        ("role", "decision_maker", "Decision maker", "Päättäjä"),
        ("role", "end_user", "End user", "Loppukäyttäjä"),
        ("severity", "error", "Error", "Virhe"),
        ("severity", "warning", "Warning", "Varoitus"),
    ],
)
def test_known_labels_in_english_and_finnish(
    vocabulary: str, key: str, english: str, finnish: str
) -> None:
    assert (english, finnish) == (
        pj.label(vocabulary, key, "en"),
        pj.label(vocabulary, key, "fi"),
    )


def test_finnish_labels_use_the_letters_a_and_o_with_diaeresis() -> None:
    finnish = " ".join(pj.label(v, k, "fi") for v, k in CASES)
    # Plain "a"/"o" in place of "ä"/"ö" is the usual way these get lost.
    for lost in ("Ostopaatos", "Paattaja", "Kayttoonotto", "Sahkoposti"):
        assert lost not in finnish
    assert {"ä", "ö"} <= set(finnish)


@pytest.mark.parametrize("vocabulary", ["stage", "team", "role", "severity"])
def test_finnish_labels_differ_from_english(vocabulary: str) -> None:
    same = [
        k for k in BUILT_IN[vocabulary] if pj.label(vocabulary, k, "fi") == pj.label(vocabulary, k)
    ]
    expected: list[str] = []
    assert expected == same


def test_english_is_the_default_locale() -> None:
    expected = pj.label("stage", "purchase-decision", "en")
    assert expected == pj.label("stage", "purchase-decision")


@pytest.mark.parametrize(
    ("vocabulary", "key", "expected"),
    [
        ("channel", "trade-fair", "Trade fair"),
        ("stage", "post_sale-review", "Post sale review"),
        ("team", "partners", "Partners"),
        ("no-such-vocabulary", "decision_maker", "Decision maker"),
        ("stage", "", ""),
    ],
)
def test_unknown_keys_fall_back_to_a_readable_form_of_the_key(
    vocabulary: str, key: str, expected: str
) -> None:
    assert (expected, expected) == (
        pj.label(vocabulary, key, "en"),
        pj.label(vocabulary, key, "fi"),
    )


def test_labels_of_an_unknown_vocabulary_are_empty() -> None:
    expected: dict[str, str] = {}
    assert expected == labels("no-such-vocabulary")


def test_role_enum_member_works_as_a_key() -> None:
    expected = "Päättäjä"
    assert expected == pj.label("role", pj.Role.DECISION_MAKER, "fi")


def test_workspace_label_of_uses_its_locale_and_prefers_a_given_name() -> None:
    ws = pj.Workspace(
        locale="fi", stages=[pj.Stage(id="purchase-decision"), pj.Stage(id="x", name="Oma")]
    )

    expected = ["Ostopäätös", "Oma"]
    assert expected == [ws.label_of(stage) for stage in ws.stages]
