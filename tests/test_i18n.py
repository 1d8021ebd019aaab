"""The one catalogue of words: every UI string in every locale, with the same parameters."""

from __future__ import annotations

import re
import string

import pytest

from personajourney import i18n

KEY = re.compile(r"^(report|diagram|sheet|evidence)\.[a-z0-9]+(-[a-z0-9]+)*$")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.texts()))
def test_every_text_has_one_key_style_and_the_same_parameters_in_every_locale(key: str) -> None:
    assert KEY.match(key), f"{key}: keys are <area>.<kebab-case-name>"
    translations = i18n.texts()[key]
    assert len(i18n.LOCALES) == len(translations)
    assert all(t and t.strip() == t for t in translations)
    assert len({frozenset(_fields(t)) for t in translations}) == 1


def test_text_fills_in_parameters_in_the_locale() -> None:
    assert i18n.text("diagram.members", "en", n=3) == "3 members"
    assert i18n.text("diagram.members", "fi", n=3) == "3 jäsentä"


def test_an_unknown_key_is_a_key_error_not_a_silent_fallback() -> None:
    assert not i18n.has_text("diagram.no-such-text")
    with pytest.raises(KeyError):
        i18n.text("diagram.no-such-text", "en")


def test_numbers_group_thousands_by_locale() -> None:
    assert i18n.number(12500, "en") == "12,500"
    assert i18n.number(12500, "fi") == "12\u00a0500"


def test_the_old_labels_module_still_gives_the_same_functions() -> None:
    from personajourney.models import labels as labels_function
    from personajourney.models.labels import label

    assert label is i18n.label
    assert labels_function is i18n.labels
