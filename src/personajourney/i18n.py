"""One catalogue of words: vocabulary labels and every string the outputs show, in every
language the package ships (English, Finnish and Swedish).

Lookups, all taking the locale:

- :func:`label` (``label("role", "decision_maker", "fi")`` → ``"Päättäjä"``): the built-in
  name of a vocabulary value (stages, teams, channels, roles, severities, motive kinds…). A
  key with no built-in label falls back to a readable form of the key, so custom stages and
  channels always have something to show.
- :func:`text` (``text("diagram.members", "fi", n=3)`` → ``"3 jäsentä"``): a string of the
  user interface, by a dotted key (``<area>.<kebab-case-name>``: ``report.*`` for check
  reports and the command line, ``diagram.*`` for the Graphviz diagrams, ``sheet.*`` for the
  printed sheets), with ``str.format`` parameters.
- :func:`counted` (``counted("warning", 3, "fi")`` → ``"3 varoitusta"``): a number with its
  noun in the right form; :func:`number`, :func:`decimal` and :func:`percent` format numbers
  per locale.

The tables below hold the English source text. Every other language is a gettext catalogue,
``locale/<language>/LC_MESSAGES/personajourney.po`` beside this module (compiled to ``.mo``
next to it), that a translator edits with any PO editor: the message context is the key, the
message id the English text. Babel extracts the messages from these tables
(:func:`extract_messages`, named in ``babel.cfg``); ``docs/how-to/add-a-language.md`` walks
through adding a language. A test fails when a shipped catalogue lacks a message, carries one
the tables no longer have, changes a ``{placeholder}``, or is out of step with its ``.mo``.

This module is the floor of the house: it imports only the standard library (``gettext``
reads the compiled catalogues).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Literal

__all__ = [
    "LOCALES",
    "Locale",
    "counted",
    "decimal",
    "extract_messages",
    "has_text",
    "label",
    "labels",
    "number",
    "percent",
    "text",
    "texts",
]

#: The languages the package ships: English (the source) and one catalogue for each other.
Locale = Literal["en", "fi", "sv"]
LOCALES: tuple[Locale, ...] = ("en", "fi", "sv")

#: Where the catalogues live, and their gettext domain.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "personajourney"

#: vocabulary -> key -> English label (message context ``label.<vocabulary>.<key>``).
_VOCABULARIES: dict[str, dict[str, str]] = {
    "stage": {
        "problem-awareness": "Problem awareness",
        "information-search": "Information search",
        "comparing-alternatives": "Comparing alternatives",
        "purchase-decision": "Purchase decision",
        "onboarding": "Onboarding and use",
        "loyalty": "Loyalty",
        "advocacy": "Advocacy",
    },
    "team": {
        "marketing": "Marketing",
        "sales": "Sales",
        "customer-service": "Customer service",
    },
    "channel": {
        "web": "Website",
        "search": "Search",
        "social": "Social media",
        "email": "Email",
        "webinar": "Webinar",
        "chat": "Chat",
        "event": "Event",
        "phone": "Phone",
        "meeting": "Meeting",
        "partner": "Partner",
        "print": "Print",
    },
    "role": {
        "decision_maker": "Decision maker",
        "economic_buyer": "Economic buyer",
        "executive_sponsor": "Executive sponsor",
        "champion": "Champion",
        "influencer": "Influencer",
        "technical_buyer": "Technical buyer",
        "evaluator": "Evaluator",
        "end_user": "End user",
        "procurement": "Procurement",
        "legal_compliance": "Legal and compliance",
        "blocker": "Blocker",
        "other": "Other",
    },
    "severity": {
        "error": "Error",
        "warning": "Warning",
        "info": "Info",
    },
    "motive_kind": {
        "economic": "Economic",
        "performance": "Performance",
        "risk": "Risk and security",
        "growth": "Growth and development",
        "social": "Social",
        "emotional": "Emotional",
        "ethical": "Ethical",
        "convenience": "Convenience",
        "other": "Other",
    },
    "provenance": {
        "asserted": "Asserted",
        "researched": "Researched",
        "measured": "Measured",
    },
    "channel_kind": {
        "online": "Online",
        "offline": "Offline",
    },
    "subject_kind": {
        "archetype": "Archetype",
        "contact": "Real contact",
    },
    "outcome": {
        "won": "Won",
        "lost": "Lost",
        "deferred": "Not now",
        "churned": "Churned",
        "exit": "Exit",
    },
}


#: key -> English text (the key is the message context).
_TEXTS: dict[str, str] = {
    # -- check reports and the command line ---------------------------------------------------
    "report.coverage-persona": "Coverage: stage × persona",
    "report.coverage-member": "Coverage: stage × member (touchpoints; · not active)",
    "report.persona": "Persona",
    "report.member": "Member",
    "report.findings": "findings",
    "report.influence": "influence",
    # -- printed sheets: cards, wall, poster, heatmap, report, pack index ---------------------
    "sheet.buyer-persona": "Buyer persona",
    "sheet.buyer-personas": "Buyer personas",
    "sheet.goals": "Goals",
    "sheet.dreams": "Dreams",
    "sheet.problems": "Problems",
    "sheet.ways-of-working": "Ways of working",
    "sheet.questions": "Questions",
    "sheet.objections": "Objections",
    "sheet.motives": "Motives",
    "sheet.channels": "Channels",
    "sheet.uses": "Uses",
    "sheet.avoids": "Avoids",
    "sheet.values": "Values",
    "sheet.roles": "Buying roles",
    "sheet.responsibility": "Responsibility",
    "sheet.journey-coverage": "Touchpoints per stage",
    "sheet.source": "Source",
    "sheet.more": "+ {n} more",
    "sheet.journey-map": "Customer journey map",
    "sheet.journey-of": "Journey of {name}",
    "sheet.lane-questions": "Goals and questions",
    "sheet.lane-touchpoints": "Touchpoints",
    "sheet.lane-channels": "Channels",
    "sheet.lane-owner": "Owner",
    "sheet.lane-thoughts": "Thoughts",
    "sheet.lane-emotion": "Emotion",
    "sheet.lane-pains": "Pain points",
    "sheet.lane-opportunities": "Opportunities",
    "sheet.lane-gaps": "Gaps found",
    "sheet.entry": "entry point",
    "sheet.handoff": "Agreed hand-off",
    "sheet.decision": "Decision",
    "sheet.no-data": "no data",
    "sheet.no-touchpoints": "no touchpoint",
    "sheet.no-stages": "The workspace has no stages.",
    "sheet.score": "Score",
    "sheet.check-score": "Gap-check score",
    "sheet.unplaced": "{n} further findings concern no single stage: see the check report.",
    "sheet.coverage": "Coverage",
    "sheet.coverage-persona": "Stage × persona",
    "sheet.coverage-member": "Stage × committee member",
    "sheet.covered": "Stages",
    "sheet.not-reached": "not reached",
    "sheet.not-involved": "not involved",
    "sheet.legend-count": "number = touchpoints that reach them",
    "sheet.legend-influence": "shade = influence in the stage",
    "sheet.no-rows": "Nothing to show.",
    "sheet.check-report": "Check report",
    "sheet.heading-error": "Errors",
    "sheet.heading-warning": "Warnings",
    "sheet.heading-info": "Info",
    "sheet.no-gaps": "no gaps found",
    "sheet.findings": "Findings",
    "sheet.no-findings": "No findings: every check passed.",
    "sheet.where": "Where",
    "sheet.hint": "Fix",
    "sheet.rules-run": "{n} rules run",
    "sheet.wall-pack": "Wall pack",
    "sheet.contents": "Contents",
    "sheet.part-persona": "Personas reached",
    "sheet.part-member": "Committee reached",
    "sheet.part-motives": "Motives addressed",
    "sheet.part-flow": "Journey flows",
    "sheet.kind-card": "Persona cards",
    "sheet.kind-wall": "Wall sheets",
    "sheet.kind-poster": "Journey posters",
    "sheet.kind-heatmap": "Coverage",
    "sheet.kind-report": "Check report",
    "sheet.kind-diagram": "Diagrams",
    "sheet.kind-data": "Data",
    "sheet.offering": "Offering",
    "sheet.page-size": "Printed on {size}",
    "sheet.shortened": (
        "Shortened to fit this sheet: each list shows at most {n} items. A larger sheet "
        "(--paper A0) or one poster per persona (--persona) shows them all."
    ),
    # -- Graphviz diagrams: journey and committee ---------------------------------------------
    "diagram.journey": "Customer journey",
    "diagram.touchpoints": "{n} touchpoints",
    "diagram.touchpoint": "{n} touchpoint",
    "diagram.stages": "{n} stages",
    "diagram.stage-n": "STAGE {n}",
    "diagram.no-owner": "No owner",
    "diagram.entry": "ENTRY",
    "diagram.entry-legend": "Entry point",
    "diagram.decision": "PURCHASE DECISION",
    "diagram.decision-legend": "Purchase decision",
    "diagram.handoff": "Hand-off",
    "diagram.transition": "Transition",
    "diagram.break": "Break between stages",
    "diagram.break-short": "break",
    "diagram.finding": "Finding (rule code)",
    "diagram.no-touchpoint": "No touchpoint",
    "diagram.strongest": "the {k} strongest onward links of each group drawn ({m} of {t})",
    "diagram.onward": "Onward transitions of the group",
    "diagram.inside": "Transitions within the stage",
    "diagram.back": "Transitions back to an earlier stage",
    "diagram.no-channel": "No channel",
    "diagram.aggregated": "{n} touchpoints shown as {g} stage × channel groups",
    "diagram.persona-view": "for persona {name}",
    "diagram.member-view": "for {name}",
    "diagram.committee": "Buying committee",
    "diagram.members": "{n} members",
    "diagram.all-stages": "all stages",
    "diagram.at-stage": "in stage: {stage}",
    "diagram.you": "Your touchpoints",
    "diagram.direct": "Reached directly",
    "diagram.avoided": "Only via channels they avoid",
    "diagram.introduced": "Reached via an introduction",
    "diagram.unreached": "Not reached",
    "diagram.unknown": "Reach unknown",
    "diagram.without-workspace": "Shown without its workspace: who is reached is not known",
    "diagram.introduces": "Introduces",
    "diagram.decides": "DECIDES",
    "diagram.decider-legend": "Decides the purchase",
    "diagram.inactive": "Not active in this stage",
    "diagram.influence": "Influence",
    "diagram.size": "Size = influence",
    "diagram.stage-count": "{s} here · {n} in all",
    "diagram.findings": "Findings",
    "diagram.no-members": "No members",
    "diagram.required": "Required roles",
    # -- the live preview (personajourney serve): its overlay and findings panel ---------------
    "serve.broken": "The model does not load: showing the last good wall",
    "serve.failed": "Some artefacts could not be made: showing their last good version",
    "serve.fix": "Save a fixed file and this goes away.",
    "serve.findings": "Findings",
    "serve.no-findings": "No findings: every check passed.",
    "serve.open-in-editor": "Open in the editor",
    "serve.report": "Check report",
    "serve.close": "Close",
    # --- wall ---
    "sheet.ui-toolbar": "Page tools",
    "sheet.ui-fit": "Fit width",
    "sheet.ui-actual-size": "Actual size",
    "sheet.ui-zoom-in": "Zoom in",
    "sheet.ui-zoom-out": "Zoom out",
    "sheet.ui-filter-persona": "Persona",
    "sheet.ui-filter-segment": "Segment",
    "sheet.ui-filter-stage": "Stage",
    "sheet.ui-filter-team": "Owner team",
    "sheet.ui-all": "All",
    "sheet.ui-search": "Search the pack",
    "sheet.ui-shown": "{n} of {total} shown",
    "sheet.ui-details": "Details",
    "sheet.ui-channel": "Channel",
    "sheet.ui-owner": "Owner",
    "sheet.ui-motives": "Motives",
    "sheet.ui-questions": "Questions",
    "sheet.ui-kpi": "KPI",
    "sheet.ui-emotion": "Emotion",
    "sheet.ui-findings": "Findings",
    "sheet.ui-stage": "Stage",
    "sheet.ui-personas": "Personas",
    "sheet.ui-segments": "Segments",
    "sheet.ui-roles": "Roles",
    "sheet.ui-influence": "Influence",
    "sheet.ui-touchpoints": "Touchpoints",
    "sheet.journey-diagram": "Journey diagram",
    "sheet.journey-poster": "Journey-map poster",
    # --- mistakes ---
    "load.invalid-model-one": "invalid model (1 problem)",
    "load.invalid-model-many": "invalid model ({n} problems)",
    "load.error": "error",
    "load.warning": "warning",
    "load.hint": "hint",
    "load.more-problems": "… and {n} more (fix these first)",
    "load.or": "or",
    "load.empty-file": "the file is empty: there is no model in it yet",
    "load.empty-folder": "the folder's model files are all empty: there is no model in them yet",
    "load.empty-hint": (
        "start from a working model with `personajourney init`, or add `name:` and a persona"
    ),
    "load.tab": "this line is indented with a tab; YAML indents with spaces only",
    "load.tab-hint": "replace the tab with spaces (two per level); most editors can show tabs",
    "load.indentation": "the indentation of this line does not fit the lines above it",
    "load.indentation-hint": (
        "indent each field of an item exactly as far as the first one (spaces only)"
    ),
    "load.split-sentence": (
        "`{item}` looks like the rest of the sentence before it, cut in two at a comma: "
        "inside [...] a comma separates items"
    ),
    "load.split-sentence-hint": (
        "write the list as a block list, one `- ` item per line, or put the sentence in quotes"
    ),
    "load.split-field": (
        "`{key}` looks like the end of the text of `{field}`, cut at a comma inside {{...}}"
    ),
    "load.split-field-hint": (
        "put the whole text of `{field}` in quotes, or write each field on its own line"
    ),
    "load.unknown-field": "unknown field `{name}`",
    "load.unknown-field-hint": "remove it, or check its spelling against `personajourney schema`",
    "load.did-you-mean": "did you mean {names}?",
    "load.date-hint": (
        "the model has no date fields: write the date into the text, e.g. `source: "
        "Interviews 12.3.2024`"
    ),
    "load.missing": "required field is missing: `{name}`",
    "load.missing-hint": "add this field: `{name}: …`",
    "load.no-value": "`{name}:` has no value",
    "load.no-value-hint": "write the value after the colon, or leave the line out",
    "load.nothing-under": "`{name}:` has nothing under it",
    "load.nothing-under-hint": (
        "add items under it, each starting with `- `, or write `{name}: []` until you have some"
    ),
    "load.nothing-under-fields-hint": "add its fields under it, indented, or leave the line out",
    "load.expected-text": "expected text, got {got}",
    "load.quote-hint": "put the value in quotes to keep it as text",
    "load.got-number": "the number {value}",
    "load.got-bool": "the value {value}",
    "load.got-list": "a list",
    "load.got-mapping": "fields (a mapping)",
    "load.got-text": "the text `{value}`",
    "load.got-nothing": "nothing",
    "load.expected-list": "`{name}` takes a list, got {got}",
    "load.list-hint": "write each item on its own line under `{name}:`, starting with `- `",
    "load.expected-fields": "`{name}` takes fields on the lines under it, got {got}",
    "load.fields-hint": "write `key: value` lines under it, indented two spaces more",
    "load.bad-id": (
        "`{value}` is not a valid id: ids use ASCII letters, digits and - _ . only: try `{slug}`"
    ),
    "load.bad-form": "`{value}` is not written in the form this field takes",
    "load.bad-form-hint": "the form, as a regular expression: `{pattern}`",
    "load.also-at": "also at lines {lines}",
    "load.bad-id-hint": (
        "an id is a short name for the computer; the display name goes into `name:`"
    ),
    "load.empty-id": "an id cannot be empty",
    "load.name-not-id": "`{value}` is the name of {kind} `{id}`: write its id, `{id}`",
    "load.name-not-id-hint": "references name things by id; the name is what output shows",
    "load.unknown-ref": "unknown {kind} `{value}`",
    "load.dropped-builtin": (
        "{kind} `{value}` is built in, but the `{list}` list at line {line} replaces the "
        "built-in ones"
    ),
    "load.dropped-builtin-hint": "add `- id: {value}` to the `{list}` list at line {line}",
    "load.dropped-list": (
        "this `{list}` list replaces the built-in ones and leaves out {dropped}, which "
        "this model uses"
    ),
    "load.dropped-list-hint": (
        "add them here (e.g. `- id: {value}`): a list, once written, holds every one in use"
    ),
    "load.role-mapped": "`{value}` is read as the role `{role}` ({label})",
    "load.role-label": "`{value}` is the label of the role `{role}`, and is read as that role",
    "load.role-mapped-hint": (
        "write `{role}`: roles use the neutral names listed by `personajourney schema`"
    ),
    "load.not-one-of": "`{value}` is not allowed here: use one of {allowed}",
    "load.decimal-comma": "`{value}` has a decimal comma: write `{fixed}`",
    "load.decimal-comma-hint": "numbers in a model file use a decimal point, whatever the language",
    "load.percent": "`{value}` is a percentage: write the share as a number from 0 to 1, `{fixed}`",
    "load.percent-hint": "influence and strength are shares from 0 to 1 (0.7 is 70 %)",
    "load.thousands": "`{value}` groups its thousands: write `{fixed}`",
    "load.thousands-hint": "write numbers without thousands separators (or with `_`: 1_000_000)",
    "load.item-not-fields": "each item of `{name}` is a set of fields, got {got}",
    "load.item-fields-hint": "write the item as fields: `{first}`",
    "load.item-fields-hint-more": (
        "write the item as fields: `{first}`, with {rest} on the lines under it"
    ),
    "load.colon-in-text": (
        "the text after `{key}:` holds a colon and a space, which starts a new field"
    ),
    "load.colon-in-text-hint": (
        'put the text in quotes: `{key}: "…"`; if these are two fields, write each on its own line'
    ),
    "load.colon-in-item": (
        "`{text}` holds a colon and a space, so it was read as a field, not as text"
    ),
    "load.colon-in-item-hint": 'put it in quotes: `"{text}"`',
    "load.dash-without-space": "`-{key}:` needs a space after the dash to start a list item",
    "load.dash-without-space-hint": "write `- {key}:`",
    "load.key-without-space": "`{key}:{value}` needs a space after the colon",
    "load.key-without-space-hint": "write `{key}: {value}`",
    "load.expected-number": "expected a number, got {got}",
    "load.expected-whole": "expected a whole number, got {got}",
    "load.expected-bool": "expected true or false, got {got}",
    "load.bool-hint": "write `true` or `false`",
    "load.at-least": "must be at least {limit}, got {value}",
    "load.at-most": "must be at most {limit}, got {value}",
    "load.too-long": "the text is too long: at most {limit} characters",
    "load.not-finite": "not a finite number (got {value})",
    "load.not-finite-hint": "write an ordinary number: NaN and infinity are not allowed",
    "load.invalid-value": "this value is not valid here, got {got}",
    "load.whole-file": "the file must hold a mapping of workspace fields",
    "load.date-text": "`{value}` looks like a date, but this field takes a number",
    "load.duplicate-key": (
        "duplicate key `{key}` (first at line {line}); a key may appear only once"
    ),
    "load.duplicate-id": "duplicate id `{id}` (first defined at {first})",
    "load.duplicate-member-id": "duplicate member id `{id}` (first defined at {first})",
    "load.kind-stage": "stage",
    "load.kind-team": "team",
    "load.kind-channel": "channel",
    "load.kind-motive": "motive",
    "load.kind-persona": "persona",
    "load.kind-committee": "committee",
    "load.kind-member": "member",
    "load.kind-touchpoint": "touchpoint",
    "load.kind-of-stage": "stage",
    "load.kind-of-team": "team",
    "load.kind-of-channel": "channel",
    "load.kind-of-motive": "motive",
    "load.kind-of-persona": "persona",
    "load.kind-of-committee": "committee",
    "load.kind-of-member": "member",
    "load.kind-of-touchpoint": "touchpoint",
    # --- trust ---
    "diagram.committee-aggregated": (
        "{n} members shown as {g} groups by {by}: too many to draw one by one"
    ),
    "diagram.by-persona-or-role": "persona, else first role",
    "diagram.by-role": "first role",
    "diagram.no-role": "No role",
    "diagram.group-deciders": "{n} decide",
    "diagram.group-reached": "{r} of {n} reached",
    "diagram.group-influence": "Influence up to",
    "diagram.group-introductions": "introduces {n} members",
    "diagram.group-links": "the {k} strongest introductions between groups drawn",
    # --- evidence ---
    "evidence.title": "Evidence: {name}",
    "evidence.summary": (
        "{events} events, {cases} cases; {unmapped} unmapped and {invalid} invalid events set aside"
    ),
    "evidence.suppressed": "{n} counts below {min} cases are hidden (--min-cases 1 shows them)",
    "evidence.hidden": "hidden",
    "evidence.flow": "Observed flow",
    "evidence.start": "Where cases start",
    "evidence.end": "Where cases end",
    "evidence.funnel": "Funnel",
    "evidence.funnel-of": "Funnel: {kind} {id}",
    "evidence.unmodelled": "Observed transitions the model lacks",
    "evidence.unobserved": "Modelled transitions never observed",
    "evidence.skipped": "Stage skips",
    "evidence.never-observed": "Touchpoints never observed",
    "evidence.unmapped": "Most frequent unmapped activities",
    "evidence.segments": "Segments",
    "evidence.findings": "Findings",
    "evidence.none": "none",
    "evidence.col-from": "From",
    "evidence.col-to": "To",
    "evidence.col-count": "Count",
    "evidence.col-modelled": "Modelled",
    "evidence.col-median": "Median time",
    "evidence.col-touchpoint": "Touchpoint",
    "evidence.col-stage": "Stage",
    "evidence.col-cases": "Cases",
    "evidence.col-furthest": "Ended here",
    "evidence.col-converted": "Converted",
    "evidence.col-activity": "Activity",
    "evidence.col-segment": "Segment",
    "evidence.col-rate": "Conversion rate",
    "evidence.col-value": "Value",
    "evidence.col-value-per-case": "Value per case",
    "evidence.attribution": "Attribution: share of conversions lost without the touchpoint",
    "evidence.col-removal-effect": "Removal effect",
    "evidence.col-last-touch": "Last touch",
    "evidence.time": "Time in stage, until the next stage",
    "evidence.to-conversion": "From first event to conversion",
    "evidence.col-p90": "90th percentile",
    "evidence.yes": "yes",
    "evidence.no": "no",
    # --- findings ---
    "sheet.excluded": "excluded",
    "sheet.excluded-because": "excluded: {reason}",
    "diagram.ending-legend": "Intended ending (outcome)",
    "sheet.part-ownership": "Owned",
    "sheet.part-handoffs": "Hand-offs agreed",
    "sheet.part-findings": "Free of other gaps",
    "sheet.health": "Model health",
}

#: Nouns counted with a number: key -> (English singular, English plural); each catalogue gives
#: the forms its language's plural rule needs (``3 warnings`` / ``3 varoitusta``).
_COUNTS: dict[str, tuple[str, str]] = {
    "count.error": ("error", "errors"),
    "count.warning": ("warning", "warnings"),
    "count.info": ("info", "info"),
    "count.finding": ("finding", "findings"),
}


#: How numbers are written, per catalogue (the English source values).
_FORMATS: dict[str, str] = {
    "format.decimal-separator": ".",
    "format.group-separator": ",",
    "format.percent": "{n}%",
}


@cache
def _catalogue(locale: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``locale``; English, and any locale not shipped, get none."""
    if locale == "en" or locale not in LOCALES:
        return gettext.NullTranslations()
    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as fh:
        return gettext.GNUTranslations(fh)


def _translate(context: str, english: str, locale: str) -> str:
    if locale == "en":
        return english
    return _catalogue(locale).pgettext(context, english)


def label(vocabulary: str, key: str, locale: str = "en") -> str:
    """Return the built-in label of ``key`` in ``vocabulary`` for ``locale``.

    Unknown keys fall back to the key with dashes and underscores turned into spaces.

    Example:
        >>> label("stage", "purchase-decision", "fi")
        'Ostopäätös'
        >>> label("stage", "purchase-decision", "sv")
        'Köpbeslut'
        >>> label("channel", "trade-fair")
        'Trade fair'
    """
    english = _VOCABULARIES.get(vocabulary, {}).get(str(key))
    if english is not None:
        return _translate(f"label.{vocabulary}.{key}", english, locale)
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def labels(vocabulary: str, locale: str = "en") -> dict[str, str]:
    """All built-in labels of one vocabulary, keyed by key, in insertion order."""
    return {key: label(vocabulary, key, locale) for key in _VOCABULARIES.get(vocabulary, {})}


def text(key: str, locale: str = "en", /, **values: object) -> str:
    """A string of the user interface in ``locale``, with ``values`` filled in.

    Filled-in values are not escaped: the caller escapes for its output.

    Example:
        >>> text("diagram.members", "fi", n=3)
        '3 jäsentä'
        >>> text("diagram.members", "sv", n=3)
        '3 medlemmar'

    Raises:
        KeyError: for a key the catalogue does not have.
    """
    entry = _translate(key, _TEXTS[key], locale)
    return entry.format(**values) if values else entry


def has_text(key: str) -> bool:
    """True if the catalogue has ``key``."""
    return key in _TEXTS


def texts(prefix: str = "", locale: str | None = None) -> dict[str, tuple[str, ...]]:
    """Every UI string whose key starts with ``prefix``: key → one text per shipped locale
    (in the order of :data:`LOCALES`), or only ``locale``'s when it is given."""
    shown = LOCALES if locale is None else (locale,)
    return {
        k: tuple(_translate(k, v, loc) for loc in shown)
        for k, v in _TEXTS.items()
        if k.startswith(prefix)
    }


def _format(key: str, locale: str) -> str:
    return _translate(key, _FORMATS[key], locale)


def number(n: int, locale: str = "en") -> str:
    """A whole number with thousands grouped: ``12,500`` in English, ``12 500`` in Finnish.

    Example:
        >>> number(12500, "fi")
        '12\xa0500'
    """
    grouped = f"{n:,}"
    return grouped.replace(",", _format("format.group-separator", locale))


def counted(noun: str, n: int, locale: str = "en") -> str:
    """``3 warnings`` / ``3 varoitusta``: a number and a noun in the right form.

    Example:
        >>> counted("finding", 1, "en"), counted("finding", 2, "fi")
        ('1 finding', '2 havaintoa')

    Raises:
        KeyError: for a noun the catalogue does not count.
    """
    key = f"count.{noun}"
    singular, plural = _COUNTS[key]
    if locale == "en":
        word = singular if n == 1 else plural
    else:
        word = _catalogue(locale).npgettext(key, singular, plural, n)
    return f"{number(n, locale)} {word}"


def decimal(value: float, digits: int, locale: str = "en") -> str:
    """A decimal number with ``digits`` decimals: ``0.70`` in English, ``0,70`` in Finnish.

    Example:
        >>> decimal(0.7, 2, "fi")
        '0,70'
    """
    shown = f"{value:.{digits}f}"
    if shown.startswith("-") and float(shown) == 0:
        shown = shown[1:]
    return shown.replace(".", _format("format.decimal-separator", locale))


def percent(value: float, locale: str = "en") -> str:
    """A share (0–1) as a whole percentage: ``70%`` in English, ``70 %`` in Finnish.

    Example:
        >>> percent(0.7, "fi")
        '70 %'
    """
    return _format("format.percent", locale).format(n=round(100 * float(value)))


def _messages() -> Iterator[tuple[str, str | tuple[str, str]]]:
    """Every message of the catalogue: (context, English text or singular and plural)."""
    for vocabulary, entries in _VOCABULARIES.items():
        for key, english in entries.items():
            yield f"label.{vocabulary}.{key}", english
    yield from _TEXTS.items()
    yield from _COUNTS.items()
    yield from _FORMATS.items()


def extract_messages(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, tuple[str, ...], list[str]]]:
    """A Babel extraction method (named in ``babel.cfg``) yielding this catalogue's messages.

    Babel calls it with the file it is extracting from; the messages come from the tables
    above, each with the line of its key in that file (0 where the key is not written
    literally, as for vocabulary labels).
    """
    source = fileobj.read().decode("utf-8").splitlines()
    where: dict[str, int] = {}
    for number_, line in enumerate(source, start=1):
        stripped = line.strip()
        if stripped.startswith('"') and '":' in stripped:
            where.setdefault(stripped[1 : stripped.index('":')], number_)
    for context, message in _messages():
        line_no = where.get(context, where.get(context.rsplit(".", 1)[-1], 0))
        if isinstance(message, tuple):
            yield line_no, "npgettext", (f"{context}", *message), []
        else:
            yield line_no, "pgettext", (context, message), []
