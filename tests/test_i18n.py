"""The one catalogue of words: every UI string in every locale, with the same parameters."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from personajourney import i18n

KEY = re.compile(r"^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$")


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


# -- the gettext catalogues: a language is only a catalogue -------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [loc for loc in i18n.LOCALES if loc != "en"]


def _po(locale: str) -> Path:
    return i18n.LOCALE_DIR / locale / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def _source_messages() -> dict[str, object]:
    """What Babel extracts through babel.cfg: context -> English text (or singular, plural)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, object] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        assert context, f"{message!r} has no context (its key)"
        assert context not in found, f"{context} is extracted twice"
        found[context] = message
    return found


def test_the_shipped_locales_are_english_and_one_catalogue_per_folder() -> None:
    folders = {p.name for p in i18n.LOCALE_DIR.iterdir() if p.is_dir()}
    assert set(i18n.LOCALES) == {"en"} | folders
    assert i18n.LOCALES[0] == "en"


def test_babel_extracts_every_message_of_the_tables_and_the_template_is_current() -> None:
    extracted = _source_messages()
    assert len(extracted) > 150
    assert extracted["diagram.members"] == "{n} members"
    assert extracted["label.stage.purchase-decision"] == "Purchase decision"
    assert extracted["count.warning"] == ("warning", "warnings")
    with (i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot").open("rb") as fh:
        template = {m.context: m.id for m in read_po(fh) if m.id}
    assert template == extracted, (
        "regenerate: pybabel extract -F babel.cfg --no-location -o "
        "src/personajourney/locale/personajourney.pot . (see docs/how-to/add-a-language.md)"
    )


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_catalogue_translates_every_message_with_the_same_placeholders(locale: str) -> None:
    extracted = _source_messages()
    with _po(locale).open("rb") as fh:
        catalogue = read_po(fh)
    assert catalogue.locale is not None
    assert str(catalogue.locale) == locale
    messages = {m.context: m for m in catalogue if m.id}
    missing = sorted(set(extracted) - set(messages))
    extra = sorted(set(messages) - set(extracted))
    assert not missing, f"{locale}: not in the catalogue (run pybabel update): {missing}"
    assert not extra, f"{locale}: no longer in the source (run pybabel update): {extra}"
    for context, message in messages.items():
        assert message.id == extracted[context], f"{locale}: {context} translates old English"
        assert not message.fuzzy, f"{locale}: {context} is fuzzy"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert len(strings) == catalogue.num_plurals if isinstance(message.id, tuple) else 1
        for translated in strings:
            assert translated, f"{locale}: {context} has no translation"
            assert _fields(translated) == _fields(ids[0]), f"{locale}: {context} placeholders"


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_compiled_catalogue_is_the_po_file_compiled(locale: str) -> None:
    with _po(locale).open("rb") as fh:
        catalogue = read_po(fh)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    assert _po(locale).with_suffix(".mo").read_bytes() == compiled.getvalue(), (
        f"recompile: pybabel compile -d src/personajourney/locale -D personajourney -l {locale}"
    )


def test_swedish_is_a_catalogue_like_finnish() -> None:
    assert i18n.label("stage", "purchase-decision", "sv") == "Köpbeslut"
    assert i18n.label("role", "decision_maker", "sv") == "Beslutsfattare"
    assert i18n.text("diagram.members", "sv", n=3) == "3 medlemmar"
    assert i18n.counted("warning", 1, "sv") == "1 varning"
    assert i18n.counted("warning", 2, "sv") == "2 varningar"
    assert i18n.decimal(0.7, 2, "sv") == "0,70"
    assert i18n.number(12500, "sv") == "12\u00a0500"
    assert i18n.percent(0.7, "sv") == "70 %"
    assert i18n.percent(0.7, "en") == "70%"


def test_an_unshipped_locale_reads_english_rather_than_failing() -> None:
    assert i18n.text("diagram.members", "de", n=3) == "3 members"
    assert i18n.label("stage", "loyalty", "de") == "Loyalty"
