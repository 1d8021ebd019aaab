"""Errors that know what the user meant.

A team writing its first model makes the same few mistakes: a comma inside ``[...]`` that
cuts a sentence in two, a Finnish letter in an id, a stage's name where its id belongs, a
Finnish or HubSpot role name, ``owner:`` for ``owner_id:``, a ``channels:`` list that
replaces the built-in channels, a tab, a list key with nothing under it, an empty file. This
module turns what the parsers and pydantic report into one message for each, at its line,
in the user's language, saying what was meant and how to write it. No pydantic wording
("Input should be…", "Field required") is passed on.

Three kinds of help:

* :func:`explain` translates pydantic's validation errors (and the workspace's reference
  problems) into :class:`~personajourney.errors.Problem` objects;
* :func:`split_sentences` and :func:`map_roles` find what loads but is probably not what
  was meant, for :class:`~personajourney.errors.ModelWarning` (a sentence cut at a comma of a
  flow list; a role written by its Finnish label or HubSpot value, read as the neutral role);
* :func:`syntax` rewrites a YAML syntax error caused by a tab or an indentation slip.

The language is the ``locale`` asked for, else the one the files set (:func:`guess_locale`),
else English.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..errors import ModelError, Problem
from ..i18n import LOCALES, label, text
from ..models.vocab import Role, from_hubspot
from ..models.workspace import Workspace, default_channels, default_stages, default_teams
from ._yaml import Loc, Positions

__all__ = [
    "PROSE_FIELDS",
    "REFERENCE_KINDS",
    "empty_problem",
    "explain",
    "explain_error",
    "guess_locale",
    "map_roles",
    "split_sentences",
    "syntax",
]

Locator = Callable[[Loc], tuple[str | None, int | None, int | None]]

#: Fields that hold lists of sentences written by people (where a comma is part of the text).
PROSE_FIELDS = frozenset(
    {
        "goals",
        "dreams",
        "problems",
        "ways_of_working",
        "questions",
        "objections",
        "values",
        "thoughts",
        "pain_points",
        "opportunities",
        "needs",
    }
)

#: Reference fields → the kind of thing they name by id.
REFERENCE_KINDS = {
    "stage_id": "stage",
    "active_stage_ids": "stage",
    "buying_stage_ids": "stage",
    "influence_by_stage": "stage",
    "owner_id": "team",
    "channel_id": "channel",
    "channel_ids": "channel",
    "avoided_channel_ids": "channel",
    "motive_id": "motive",
    "motive_ids": "motive",
    "persona_id": "persona",
    "persona_ids": "persona",
    "committee_ids": "committee",
    "member_ids": "member",
    "introduces_ids": "member",
    "from_id": "touchpoint",
    "to_id": "touchpoint",
}

#: Kind → the workspace list that defines it.
_LISTS = {
    "stage": "stages",
    "team": "teams",
    "channel": "channels",
    "motive": "motives",
    "persona": "personas",
    "committee": "committees",
    "touchpoint": "touchpoints",
}

#: Built-in ids of the lists that default to a built-in set when left out.
_BUILT_IN = {
    "stage": tuple(s.id for s in default_stages()),
    "team": tuple(t.id for t in default_teams()),
    "channel": tuple(c.id for c in default_channels()),
}

#: Field names a Finnish team writes first, and the field each means.
_FINNISH_FIELDS = {
    "nimi": "name",
    "kuvaus": "description",
    "tavoitteet": "goals",
    "unelmat": "dreams",
    "ongelmat": "problems",
    "kysymykset": "questions",
    "vastaväitteet": "objections",
    "arvot": "values",
    "roolit": "roles",
    "rooli": "roles",
    "lainaus": "quote",
    "sitaatti": "quote",
    "vaihe": "stage_id",
    "kanava": "channel_id",
    "kanavat": "channel_ids",
    "omistaja": "owner_id",
    "persoona": "persona_ids",
    "persoonat": "persona_ids",
    "motiivit": "motives",
    "tunnus": "id",
}

#: Field names that hold a date; the model has none.
_DATE_FIELDS = frozenset({"date", "pvm", "päivämäärä", "paivamaara", "updated", "created"})

#: The pattern of ids (:data:`personajourney.models.entities.Id`), as pydantic reports it.
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
# A top-level `locale:` of YAML (at the start of a line) or a "locale" member of JSON, tried
# only where the word is: a file of deep indentation costs no backtracking.
_LOCALE_LINE = re.compile(r"""["']?locale["']?[ \t]*:[ \t]*["']?(?P<locale>[a-z]{2})\b""")
_LOCALE_MEMBER = re.compile(r'"locale"\s*:\s*"(?P<locale>[a-z]{2})"')
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$")


def guess_locale(texts: Iterable[str], wanted: str | None = None) -> str:
    """The language of messages: ``wanted`` when it is one, else the ``locale:`` the files
    set (read from the text, so that it works for files that do not parse), else English.

    Example:
        >>> guess_locale(["name: Demo\\nlocale: fi\\n"])
        'fi'
        >>> guess_locale(["locale: fi"], "en")
        'en'
    """
    if wanted in LOCALES:
        return str(wanted)
    for source in texts:
        found = _locale_in(source)
        if found in LOCALES:
            return found
    return "en"


def _locale_in(source: str) -> str | None:
    start = source.find("locale")
    while start >= 0:
        line_start = source.rfind("\n", 0, start) + 1
        quote = max(start - 1, 0)
        found = _LOCALE_LINE.match(source, line_start) or _LOCALE_MEMBER.match(source, quote)
        if found:
            return found["locale"]
        start = source.find("locale", start + 6)
    return None


# -- small helpers ---------------------------------------------------------------------------


def _fmt(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _get(data: Any, loc: Loc) -> Any:
    """The value at ``loc`` in plain data, or ``None``."""
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _field(loc: Loc) -> str | None:
    """The field a location is in: its last name that is not a list index or dict key."""
    parts = [p for p in loc if isinstance(p, str) and p != "[key]"]
    if loc and loc[-1] == "[key]" and len(parts) >= 2:
        return parts[-2]  # a mapping's key: the mapping's field
    if len(parts) >= 2 and parts[-2] == "influence_by_stage":
        return parts[-2]
    return parts[-1] if parts else None


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _got(value: Any, locale: str) -> str:
    if value is None:
        return text("load.got-nothing", locale)
    if isinstance(value, bool):
        return text("load.got-bool", locale, value=str(value).lower())
    if isinstance(value, int | float):
        return text("load.got-number", locale, value=_number(value))
    if isinstance(value, str):
        return text("load.got-text", locale, value=_short(value))
    if isinstance(value, list):
        return text("load.got-list", locale)
    return text("load.got-mapping", locale)


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _names(found: list[str], locale: str) -> str:
    shown = [f"`{name}`" for name in found]
    joiner = f" {text('load.or', locale)} "
    return text("load.did-you-mean", locale, names=joiner.join(shown))


def _model_at(loc: Loc, root: type[BaseModel] = Workspace) -> type[BaseModel] | None:
    """The model class of the object at ``loc`` of a ``root`` (for its field names)."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def slug(value: str) -> str:
    """An id made of ASCII letters, digits and dashes, as close to ``value`` as can be.

    Example:
        >>> slug("päätös"), slug("Tiedon hankinta")
        ('paatos', 'tiedon-hankinta')
    """
    decomposed = unicodedata.normalize("NFKD", value.replace("ß", "ss"))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9_.\-]+", "-", ascii_only.strip().lower())
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-_.")
    return cleaned or "id"


# -- what the names of things are -------------------------------------------------------------


def _entities(kind: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw definitions of ``kind`` in ``data`` (built-ins when the list is left out)."""
    if kind == "member":
        committees = data.get("committees")
        out: list[dict[str, Any]] = []
        for committee in committees if isinstance(committees, list) else []:
            members = committee.get("members") if isinstance(committee, dict) else None
            out.extend(m for m in members or [] if isinstance(m, dict))
        return out
    items = data.get(_LISTS[kind])
    if items is None and kind in _BUILT_IN:
        return [{"id": built_in} for built_in in _BUILT_IN[kind]]
    return (
        [item for item in items or [] if isinstance(item, dict)] if isinstance(items, list) else []
    )


def _ids(kind: str, data: dict[str, Any]) -> list[str]:
    return [str(e["id"]) for e in _entities(kind, data) if isinstance(e.get("id"), str)]


def _id_named(kind: str, value: str, data: dict[str, Any]) -> str | None:
    """The id of the ``kind`` whose name (or built-in label, in any language) is ``value``."""
    wanted = value.casefold().strip()
    for entity in _entities(kind, data):
        ident = entity.get("id")
        if not isinstance(ident, str) or ident == value:
            continue
        names = [entity.get("name")]
        if kind in _BUILT_IN and ident in _BUILT_IN[kind]:
            names += [label(kind, ident, locale) for locale in LOCALES]
        if any(isinstance(n, str) and n.casefold().strip() == wanted for n in names):
            return ident
    return None


# -- pydantic's errors, in the user's words ---------------------------------------------------


def explain(exc: ValidationError, data: Any, locate: Locator, locale: str) -> list[Problem]:
    """One problem per error of ``exc``, each saying what was meant and how to write it."""
    data = data if isinstance(data, dict) else {}
    out: list[Problem] = []
    dropped: dict[str, dict[str, None]] = {}  # list key -> built-in ids it leaves out, in use
    # One message per id that is not an id, however often it is used: the first place it
    # is written, with the lines of the others.
    bad_ids: dict[str, tuple[int, list[str]]] = {}
    errors = exc.errors(include_url=False)
    meant = _meant_fields(errors)
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in meant:
            continue  # `stage:` written for `stage_id:`: the unknown field says it
        if error["type"] == "workspace_reference":
            for loc, message, hint in error["ctx"]["problems"]:
                out.append(_reference(tuple(loc), message, hint, data, locate, locale, dropped))
            continue
        loc = tuple(error["loc"])
        file, line, column = locate(loc)
        message, hint = _message(error, loc, data, locale)
        value = error.get("input")
        if error["type"] == "string_pattern_mismatch" and isinstance(value, str):
            seen = bad_ids.get(value)
            if seen is not None and out[seen[0]].message == message:
                same_file = out[seen[0]].file == file
                seen[1].append(str(line) if same_file else f"{file}:{line}")
                continue
            bad_ids.setdefault(value, (len(out), []))
        out.append(Problem(message, _fmt(loc), file, line, column, hint))
    for index, others in bad_ids.values():
        if others:
            also = text("load.also-at", locale, lines=", ".join(others))
            out[index] = replace(out[index], message=f"{out[index].message} ({also})")
    for key, ids in dropped.items():
        file, line, column = locate((key,))
        example = next(iter(ids))
        out.append(
            Problem(
                text("load.dropped-list", locale, list=key, dropped=", ".join(ids)),
                key,
                file,
                line,
                column,
                text("load.dropped-list-hint", locale, value=example),
            )
        )
    return out


def _meant_fields(errors: list[Any]) -> set[Loc]:
    """Required fields that an unknown field of the same object was probably meant to be."""
    out: set[Loc] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        model = _model_at(loc[:-1])
        fields = list(model.model_fields) if model is not None else []
        for found in _suggest_field(str(loc[-1]), fields)[:1]:
            out.add((*loc[:-1], found))
    return out


def explain_error(
    error: Any, locale: str = "en", data: Any = None, root: type[BaseModel] = Workspace
) -> tuple[str, str | None]:
    """The message and hint for one of pydantic's errors (an item of
    ``ValidationError.errors()``), in the user's words: for loaders of other files (Mermaid,
    themes) that must not pass pydantic's wording on. ``data`` is what was validated, and
    ``root`` its model class (for "did you mean" among its field names).

    Example:
        >>> explain_error({"type": "missing", "loc": ("name",), "msg": "Field required"})
        ('required field is missing: `name`', 'add this field: `name: …`')
    """
    loc = tuple(error.get("loc", ()))
    return _message(error, loc, data if isinstance(data, dict) else {}, locale, root)


def _message(
    error: Any,
    loc: Loc,
    data: dict[str, Any],
    locale: str,
    root: type[BaseModel] = Workspace,
) -> tuple[str, str | None]:
    kind: str = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = _field(loc) or ""
    if kind == "extra_forbidden":
        return _unknown_field(loc, data, locale, root)
    if kind == "missing":
        return text("load.missing", locale, name=name), text("load.missing-hint", locale, name=name)
    if kind in ("model_type", "model_attributes_type") and not loc:
        return text("load.whole-file", locale), None
    if kind == "value_error":
        return str(ctx.get("error", "")), None  # our own validators' words
    if value is None:
        return _nothing(kind, loc, data, name, locale)
    if kind == "string_type" and isinstance(value, dict) and len(value) == 1:
        # `- Budget: 20,000 €` in a list of texts: a colon and a space made it a field.
        ((key, rest),) = value.items()
        written = f"{key}: {rest}" if rest is not None else f"{key}:"
        return (
            text("load.colon-in-item", locale, text=_short(written)),
            text("load.colon-in-item-hint", locale, text=_short(written)),
        )
    if kind == "string_type":
        quote = isinstance(value, int | float | bool)
        hint = text("load.quote-hint", locale) if quote else None
        return text("load.expected-text", locale, got=_got(value, locale)), hint
    if kind == "list_type":
        return (
            text("load.expected-list", locale, name=name, got=_got(value, locale)),
            text("load.list-hint", locale, name=name),
        )
    if kind in ("model_type", "model_attributes_type") and loc and isinstance(loc[-1], int):
        return _item_not_fields(loc, value, name, locale, root)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            text("load.expected-fields", locale, name=name, got=_got(value, locale)),
            text("load.fields-hint", locale),
        )
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        if ctx.get("pattern") != _ID_PATTERN:
            pattern = str(ctx.get("pattern", ""))
            hint = text("load.bad-form-hint", locale, pattern=pattern) if pattern else None
            return text("load.bad-form", locale, value=_short(value)), hint
        return _bad_id(loc, value, data, locale)
    if kind == "string_too_short":
        return text("load.empty-id", locale), text("load.bad-id-hint", locale)
    if kind == "string_too_long":
        return text("load.too-long", locale, limit=ctx.get("max_length", "?")), None
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return text("load.at-least", locale, limit=_shown(limit), value=_shown(value)), None
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return text("load.at-most", locale, limit=_shown(limit), value=_shown(value)), None
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        if isinstance(value, str):
            number = _number_meant(value.strip())
            if number is not None and (number[0] != "percent" or name in _SHARES):
                key, fixed = number
                return (
                    text(f"load.{key}", locale, value=value, fixed=fixed),
                    text(f"load.{key}-hint", locale),
                )
        if isinstance(value, str) and _DATE.match(value.strip()):
            return text("load.date-text", locale, value=value), text("load.date-hint", locale)
        key = "load.expected-number" if kind.startswith("float") else "load.expected-whole"
        return text(key, locale, got=_got(value, locale)), None
    if kind in ("bool_parsing", "bool_type"):
        got = _got(value, locale)
        return text("load.expected-bool", locale, got=got), text("load.bool-hint", locale)
    if kind in ("literal_error", "enum"):
        allowed = str(ctx.get("expected", "")).replace(" or ", ", ")
        message = text("load.not-one-of", locale, value=_shown(value), allowed=allowed)
        role = (
            _role_for(value)
            if name in ("roles", "required_roles") and isinstance(value, str)
            else None
        )
        if role is not None:  # a JSON file: roles are not read from their labels there
            return message, text("load.role-mapped-hint", locale, value=value, role=role.value)
        return message, None
    if kind == "finite_number":
        return (
            text("load.not-finite", locale, value=_shown(value)),
            text("load.not-finite-hint", locale),
        )
    return text("load.invalid-value", locale, got=_got(value, locale)), None


#: Fields that hold a share from 0 to 1, which a percentage may be written for.
_SHARES = frozenset(
    {
        "influence",
        "strength",
        "influence_by_stage",
        "influence_threshold",
        "motive_weight_threshold",
    }
)
_PERCENT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s*%$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?:,\d+)?$")


def _number_meant(value: str) -> tuple[str, str] | None:
    """(text key, the number as it should be written) for a number written the Finnish way:
    ``0,7``, ``70 %``, ``1 000 000`` or ``1.000.000``."""
    if _DECIMAL_COMMA.match(value):
        return "decimal-comma", value.replace(",", ".")
    percent = _PERCENT.match(value)
    if percent:
        share = float(percent["number"].replace(",", ".")) / 100
        return "percent", f"{share:g}"
    if _THOUSANDS.match(value):
        digits = re.sub(r"[ .\u00a0\u202f]", "", value).replace(",", ".")
        return "thousands", digits
    return None


def _shown(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _number(value)
    return _short(str(value))


def _item_not_fields(
    loc: Loc, value: Any, name: str, locale: str, root: type[BaseModel]
) -> tuple[str, str | None]:
    """An item of a list of things (``personas: [hr-hanna]``) written as one value."""
    message = text("load.item-not-fields", locale, name=name, got=_got(value, locale))
    model = _model_at(loc, root)
    required = [n for n, f in model.model_fields.items() if f.is_required()] if model else []
    if not required:
        return message, text("load.fields-hint", locale)
    shown = slug(value) if isinstance(value, str) and required[0].endswith("id") else "…"
    first = f"- {required[0]}: {shown}"
    rest = ", ".join(f"`{n}:`" for n in required[1:])
    if rest:
        return message, text("load.item-fields-hint-more", locale, first=first, rest=rest)
    return message, text("load.item-fields-hint", locale, first=first)


def _nothing(
    kind: str, loc: Loc, data: dict[str, Any], name: str, locale: str
) -> tuple[str, str | None]:
    """A key with nothing after it (``touchpoints:``, ``name:``), or the end of a sentence
    that a comma inside ``{...}`` made into a key of its own."""
    if loc and isinstance(loc[-1], str) and " " in loc[-1].strip():
        split = _split_field(loc, data, locale)
        if split is not None:
            return split
    if kind == "list_type":
        return text("load.nothing-under", locale, name=name), text(
            "load.nothing-under-hint", locale, name=name
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return text("load.nothing-under", locale, name=name), text(
            "load.nothing-under-fields-hint", locale
        )
    return text("load.no-value", locale, name=name), text("load.no-value-hint", locale)


def _split_field(loc: Loc, data: dict[str, Any], locale: str) -> tuple[str, str | None] | None:
    parent = _get(data, loc[:-1])
    key = loc[-1]
    if not isinstance(parent, dict) or not isinstance(key, str) or parent.get(key) is not None:
        return None
    keys = list(parent)
    index = keys.index(key) if key in keys else 0
    if index == 0:
        return None
    field = keys[index - 1]
    return (
        text("load.split-field", locale, key=_short(key), field=field),
        text("load.split-field-hint", locale, field=field),
    )


def _unknown_field(
    loc: Loc, data: dict[str, Any], locale: str, root: type[BaseModel]
) -> tuple[str, str | None]:
    name = str(loc[-1])
    if " " in name.strip():
        split = _split_field(loc, data, locale)
        if split is not None:
            return split
    message = text("load.unknown-field", locale, name=_short(name))
    if name.casefold() in _DATE_FIELDS:
        return message, text("load.date-hint", locale)
    model = _model_at(loc[:-1], root)
    fields = list(model.model_fields) if model is not None else []
    found = _suggest_field(name, fields)
    if found:
        return message, _names(found, locale)
    return message, text("load.unknown-field-hint", locale)


def _suggest_field(name: str, fields: list[str]) -> list[str]:
    for candidate in (f"{name}_id", f"{name}_ids", f"{name.removesuffix('s')}_ids"):
        if candidate in fields:
            return [candidate]
    finnish = _FINNISH_FIELDS.get(name.casefold())
    if finnish in fields:
        return [str(finnish)]
    return difflib.get_close_matches(name, fields, n=3, cutoff=0.6)


def _bad_id(loc: Loc, value: str, data: dict[str, Any], locale: str) -> tuple[str, str | None]:
    field = _field(loc)
    kind = REFERENCE_KINDS.get(field or "")
    if kind is not None:
        named = _id_named(kind, value, data)
        if named is not None:
            return _name_not_id(kind, value, named, locale)
    if not value:
        return text("load.empty-id", locale), text("load.bad-id-hint", locale)
    return (
        text("load.bad-id", locale, value=_short(value), slug=slug(value)),
        text("load.bad-id-hint", locale),
    )


def _name_not_id(kind: str, value: str, ident: str, locale: str) -> tuple[str, str]:
    return (
        text(
            "load.name-not-id",
            locale,
            value=value,
            kind=text(f"load.kind-of-{kind}", locale),
            id=ident,
        ),
        text("load.name-not-id-hint", locale),
    )


# The words of the parser's and the models' own messages, to say them in the user's language.
_DUPLICATE_KEY = re.compile(
    r"^duplicate key `(?P<key>.*)` \(first at line (?P<line>\d+)\); a key may appear only once$"
)
_DUPLICATE_ID = re.compile(
    r"^duplicate (?P<member>member )?id `(?P<id>.*)` \(first defined at (?P<first>.*)\)$"
)


def _reference(
    loc: Loc,
    message: str,
    hint: str | None,
    data: dict[str, Any],
    locate: Locator,
    locale: str,
    dropped: dict[str, dict[str, None]],
) -> Problem:
    """A reference problem of the workspace, in the user's words: a name written where the
    id belongs, a built-in that a list of the file's own left out, or an unknown id."""
    file, line, column = locate(loc)
    field = _field(loc)
    kind = REFERENCE_KINDS.get(field or "")
    value = loc[-1] if field == "influence_by_stage" else _get(data, loc)
    duplicate = _DUPLICATE_ID.match(message)
    if duplicate is not None:
        key = "load.duplicate-member-id" if duplicate["member"] else "load.duplicate-id"
        said = text(key, locale, id=duplicate["id"], first=duplicate["first"])
        return Problem(said, _fmt(loc), file, line, column, hint)
    if kind is None or not isinstance(value, str) or not message.startswith("unknown "):
        return Problem(message, _fmt(loc), file, line, column, hint)
    named = _id_named(kind, value, data)
    if named is not None:
        new, new_hint = _name_not_id(kind, value, named, locale)
        return Problem(new, _fmt(loc), file, line, column, new_hint)
    key = _LISTS.get(kind, "")
    if value in _BUILT_IN.get(kind, ()) and isinstance(data.get(key), list):
        list_line = locate((key,))[1]
        dropped.setdefault(key, {})[value] = None
        params = {"value": value, "list": key, "line": list_line}
        kind_name = text(f"load.kind-{kind}", locale)
        return Problem(
            text("load.dropped-builtin", locale, kind=kind_name, **params),
            _fmt(loc),
            file,
            line,
            column,
            text("load.dropped-builtin-hint", locale, **params),
        )
    close = difflib.get_close_matches(value, _ids(kind, data), n=3, cutoff=0.6)
    return Problem(
        text("load.unknown-ref", locale, kind=text(f"load.kind-{kind}", locale), value=value),
        _fmt(loc),
        file,
        line,
        column,
        _names(close, locale) if close else None,
    )


# -- what loads but was probably not meant ------------------------------------------------------


def _lists(data: Any, fields: Iterable[tuple[str, ...]]) -> Iterator[tuple[Loc, list[Any]]]:
    """Every list at one of ``fields`` (paths of names; ``*`` for each item of a list) in
    plain data: only those places are visited, so big models pay little."""
    for path in fields:
        yield from _at(data, (), path)


def _at(data: Any, loc: Loc, path: tuple[str, ...]) -> Iterator[tuple[Loc, list[Any]]]:
    if not path:
        if isinstance(data, list):
            yield loc, data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from _at(item, (*loc, index), rest)
    elif isinstance(data, dict) and head in data:
        yield from _at(data[head], (*loc, head), rest)


_PERSONA_PROSE = ("goals", "dreams", "problems", "ways_of_working", "questions", "objections")
_TOUCHPOINT_PROSE = ("questions", "thoughts", "pain_points", "opportunities")
#: Where the prose lists (:data:`PROSE_FIELDS`) are.
_PROSE_PATHS = (
    *(("personas", "*", name) for name in (*_PERSONA_PROSE, "values")),
    *(("touchpoints", "*", name) for name in _TOUCHPOINT_PROSE),
    ("segments", "*", "criteria", "needs"),
)
_ROLE_PATHS = (
    ("personas", "*", "roles"),
    ("committees", "*", "required_roles"),
    ("committees", "*", "members", "*", "roles"),
)


def split_sentences(
    file: str, source: str, data: Any, positions: Positions, locale: str
) -> list[Problem]:
    """Items of a flow list (``[...]``) in a prose field that look like the second half of
    a sentence the comma before them cut off: plain text of several words starting in lower
    case."""
    starts: list[int] | None = None
    out: list[Problem] = []
    for items_loc, items in _lists(data, _PROSE_PATHS):
        for index, value in enumerate(items):
            if index and isinstance(value, str) and value[:1].islower() and " " in value.strip():
                if starts is None:
                    starts = [0] + [m.end() for m in re.finditer("\n", source)]
                problem = _split_item(
                    file, source, starts, (*items_loc, index), value, positions, locale
                )
                if problem is not None:
                    out.append(problem)
    return out


def _split_item(
    file: str,
    source: str,
    starts: list[int],
    loc: Loc,
    value: str,
    positions: Positions,
    locale: str,
) -> Problem | None:
    """The warning for one item, if it follows a comma of a flow list and is not quoted (a
    clause has words: a list of single words such as ``[no, yes]`` is a list)."""
    where = positions.get(loc)
    if where is None or where[0] > len(starts):
        return None
    offset = starts[where[0] - 1] + where[1] - 1
    before = source[max(0, offset - 200) : offset].rstrip()
    if source[offset : offset + 1] in ("'", '"') or not before.endswith(","):
        return None  # quoted, or an item of a block list
    return Problem(
        text("load.split-sentence", locale, item=_short(value)),
        _fmt(loc),
        file,
        where[0],
        where[1],
        text("load.split-sentence-hint", locale),
    )


def _role_for(value: str) -> Role | None:
    """The neutral role a Finnish or English label or a HubSpot value names, if any."""
    plain = value.strip()
    try:
        return Role(re.sub(r"[\s\-]+", "_", plain.lower()))
    except ValueError:
        pass
    for role in Role:
        if any(label("role", role.value, loc).casefold() == plain.casefold() for loc in LOCALES):
            return role
    try:
        return from_hubspot(plain)
    except ValueError:
        return None


def map_roles(data: Any, locate: Locator, locale: str) -> list[Problem]:
    """Replace, in place, roles written by a Finnish or English label (``Päättäjä``) or a
    HubSpot value (``BUDGET_HOLDER``) by the neutral role, and say so for each."""
    out: list[Problem] = []
    for loc, value in _lists(data, _ROLE_PATHS):
        for index, item in enumerate(value):
            if not isinstance(item, str) or item in Role._value2member_map_:
                continue
            role = _role_for(item)
            if role is None:
                continue
            value[index] = role.value
            file, line, column = locate((*loc, index))
            params = {"value": item, "role": role.value}
            shown = label("role", role.value, locale)
            if shown.casefold() == item.strip().casefold():
                message = text("load.role-label", locale, **params)
            else:
                message = text("load.role-mapped", locale, label=shown, **params)
            out.append(
                Problem(
                    message,
                    _fmt((*loc, index)),
                    file,
                    line,
                    column,
                    text("load.role-mapped-hint", locale, **params),
                )
            )
    return out


# -- the file as text ----------------------------------------------------------------------------

_INDENTATION = (
    "mapping values are not allowed here",
    "did not find expected key",
    "expected <block end>",
    "could not find expected ':'",
    "did not find expected '-' indicator",
)


def syntax(error: ModelError, source: str, locale: str) -> ModelError:
    """A YAML syntax error said plainly when a tab or an indentation slip caused it; a
    duplicate key said in the user's language."""
    problem = error.problems[0] if error.problems else None
    duplicate = _DUPLICATE_KEY.match(problem.message) if problem is not None else None
    if problem is not None and duplicate is not None:
        said = text("load.duplicate-key", locale, key=duplicate["key"], line=duplicate["line"])
        return ModelError(replace(problem, message=said), locale=locale)
    if problem is None or problem.line is None or not problem.message.startswith("YAML syntax"):
        return error
    lines = source.split("\n")
    for number, line in enumerate(lines[: problem.line], 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            column = indent.index("\t") + 1
            tab = Problem(
                text("load.tab", locale),
                "",
                problem.file,
                number,
                column,
                text("load.tab-hint", locale),
            )
            return ModelError(tab, locale=locale)
    runaway = "quoted text opened here" in problem.message
    if not runaway and any(marker in problem.message for marker in _INDENTATION):
        slip = _slip(lines, problem, locale)
        if slip is not None:
            return ModelError(slip, locale=locale)
        slip = Problem(
            text("load.indentation", locale),
            "",
            problem.file,
            problem.line,
            problem.column,
            text("load.indentation-hint", locale),
        )
        return ModelError(slip, locale=locale)
    return error


_COLON_IN_TEXT = re.compile(
    r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"][^:#]*?):\s+(?P<value>[^'\"\[{|>#].*?:\s.*)$"
)
_DASH_WITHOUT_SPACE = re.compile(r"^\s*-(?P<key>[A-Za-z_][\w-]*):")
_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/:][^/]*)$")


def _slip(lines: list[str], problem: Problem, locale: str) -> Problem | None:
    """A line that breaks the structure: text with ``: `` in it, ``-id:`` without a space,
    ``id:value`` without a space; looked for on the error's line and the line above it."""
    assert problem.line is not None
    numbers = [problem.line]
    above = problem.line - 1
    while above >= 1 and not lines[above - 1].strip():
        above -= 1
    if above >= 1:
        numbers.append(above)
    for number in numbers:
        line = lines[number - 1] if number <= len(lines) else ""
        found = _DASH_WITHOUT_SPACE.match(line)
        if found:
            return Problem(
                text("load.dash-without-space", locale, key=found["key"]),
                "",
                problem.file,
                number,
                line.index("-") + 1,
                text("load.dash-without-space-hint", locale, key=found["key"]),
            )
        found = _KEY_WITHOUT_SPACE.match(line)
        if found:
            return Problem(
                text("load.key-without-space", locale, key=found["key"], value=found["value"]),
                "",
                problem.file,
                number,
                line.index(":") + 1,
                text("load.key-without-space-hint", locale, key=found["key"], value=found["value"]),
            )
    line = lines[problem.line - 1] if problem.line <= len(lines) else ""
    found = _COLON_IN_TEXT.match(line)
    if found and "mapping values are not allowed" in problem.message:
        return Problem(
            text("load.colon-in-text", locale, key=found["key"].strip()),
            "",
            problem.file,
            problem.line,
            line.index(found["value"]) + 1,
            text("load.colon-in-text-hint", locale, key=found["key"].strip()),
        )
    return None


def empty_problem(file: str, folder: bool, locale: str) -> Problem:
    """The problem of a file (or a folder's files) holding no model at all."""
    key = "load.empty-folder" if folder else "load.empty-file"
    return Problem(
        text(key, locale), "", file, None if folder else 1, None, text("load.empty-hint", locale)
    )
