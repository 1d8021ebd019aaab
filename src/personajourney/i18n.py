"""One catalogue of words: vocabulary labels and every string the outputs show, in English
and Finnish.

Two lookups, both taking the locale:

- :func:`label` (``label("role", "decision_maker", "fi")`` → ``"Päättäjä"``): the built-in
  name of a vocabulary value (stages, teams, channels, roles, severities, motive kinds…). A
  key with no built-in label falls back to a readable form of the key, so custom stages and
  channels always have something to show.
- :func:`text` (``text("diagram.members", "fi", n=3)`` → ``"3 jäsentä"``): a string of the
  user interface, by a dotted key (``<area>.<kebab-case-name>``: ``report.*`` for check
  reports and the command line, ``diagram.*`` for the Graphviz diagrams, ``sheet.*`` for the
  printed sheets), with ``str.format`` parameters.
- :func:`counted` (``counted("warning", 3, "fi")`` → ``"3 varoitusta"``): a number with its
  noun in the right form; :func:`number` and :func:`decimal` format numbers per locale.

Every entry is one (English, Finnish) pair; each key exists in every locale (a test checks it).
The keys are the message ids a gettext/Babel catalogue would use.

This module is the floor of the house: it imports only the standard library.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "LOCALES",
    "Locale",
    "counted",
    "decimal",
    "has_text",
    "label",
    "labels",
    "number",
    "text",
    "texts",
]

Locale = Literal["en", "fi"]
LOCALES: tuple[Locale, ...] = ("en", "fi")

_VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    # vocabulary -> key -> (English, Finnish)
    "stage": {
        "problem-awareness": ("Problem awareness", "Ongelman tiedostaminen"),
        "information-search": ("Information search", "Tiedon hankinta"),
        "comparing-alternatives": ("Comparing alternatives", "Vaihtoehtojen vertailu"),
        "purchase-decision": ("Purchase decision", "Ostopäätös"),
        "onboarding": ("Onboarding and use", "Käyttöönotto ja käyttö"),
        "loyalty": ("Loyalty", "Kanta-asiakkuus"),
        "advocacy": ("Advocacy", "Suosittelu"),
    },
    "team": {
        "marketing": ("Marketing", "Markkinointi"),
        "sales": ("Sales", "Myynti"),
        "customer-service": ("Customer service", "Asiakaspalvelu"),
    },
    "channel": {
        "web": ("Website", "Verkkosivusto"),
        "search": ("Search", "Haku"),
        "social": ("Social media", "Sosiaalinen media"),
        "email": ("Email", "Sähköposti"),
        "webinar": ("Webinar", "Webinaari"),
        "chat": ("Chat", "Chat"),
        "event": ("Event", "Tapahtuma"),
        "phone": ("Phone", "Puhelin"),
        "meeting": ("Meeting", "Tapaaminen"),
        "partner": ("Partner", "Kumppani"),
        "print": ("Print", "Painotuote"),
    },
    "role": {
        "decision_maker": ("Decision maker", "Päättäjä"),
        "economic_buyer": ("Economic buyer", "Budjetin haltija"),
        "executive_sponsor": ("Executive sponsor", "Johdon sponsori"),
        "champion": ("Champion", "Puolestapuhuja"),
        "influencer": ("Influencer", "Vaikuttaja"),
        "technical_buyer": ("Technical buyer", "Tekninen asiantuntija"),
        "evaluator": ("Evaluator", "Arvioija"),
        "end_user": ("End user", "Loppukäyttäjä"),
        "procurement": ("Procurement", "Hankinta"),
        "legal_compliance": ("Legal and compliance", "Juridiikka ja vaatimustenmukaisuus"),
        "blocker": ("Blocker", "Jarruttaja"),
        "other": ("Other", "Muu"),
    },
    "severity": {
        "error": ("Error", "Virhe"),
        "warning": ("Warning", "Varoitus"),
        "info": ("Info", "Huomio"),
    },
    "motive_kind": {
        "economic": ("Economic", "Taloudellinen"),
        "performance": ("Performance", "Suorituskyky"),
        "risk": ("Risk and security", "Riskit ja turvallisuus"),
        "growth": ("Growth and development", "Kasvu ja kehitys"),
        "social": ("Social", "Sosiaalinen"),
        "emotional": ("Emotional", "Tunne"),
        "ethical": ("Ethical", "Eettinen"),
        "convenience": ("Convenience", "Helppous"),
        "other": ("Other", "Muu"),
    },
    "provenance": {
        "asserted": ("Asserted", "Oletettu"),
        "researched": ("Researched", "Tutkittu"),
        "measured": ("Measured", "Mitattu"),
    },
    "channel_kind": {
        "online": ("Online", "Verkossa"),
        "offline": ("Offline", "Kasvokkain / offline"),
    },
    "subject_kind": {
        "archetype": ("Archetype", "Arkkityyppi"),
        "contact": ("Real contact", "Oikea henkilö"),
    },
    "outcome": {
        "won": ("Won", "Voitettu"),
        "lost": ("Lost", "Menetetty"),
        "deferred": ("Not now", "Ei nyt"),
        "churned": ("Churned", "Poistunut asiakas"),
        "exit": ("Exit", "Poistuminen"),
    },
}


_TEXTS: dict[str, tuple[str, str]] = {
    # -- check reports and the command line ---------------------------------------------------
    "report.coverage-persona": ("Coverage: stage × persona", "Kattavuus: vaihe × persoona"),
    "report.coverage-member": (
        "Coverage: stage × member (touchpoints; · not active)",
        "Kattavuus: vaihe × jäsen (kohtaamiset; · ei mukana)",
    ),
    "report.persona": ("Persona", "Persoona"),
    "report.member": ("Member", "Jäsen"),
    "report.findings": ("findings", "havaintoa"),
    "report.influence": ("influence", "vaikutusvalta"),
    # -- printed sheets: cards, wall, poster, heatmap, report, pack index ---------------------
    "sheet.buyer-persona": ("Buyer persona", "Ostajapersoona"),
    "sheet.buyer-personas": ("Buyer personas", "Ostajapersoonat"),
    "sheet.goals": ("Goals", "Tavoitteet"),
    "sheet.dreams": ("Dreams", "Unelmat"),
    "sheet.problems": ("Problems", "Ongelmat"),
    "sheet.ways-of-working": ("Ways of working", "Toimintatavat"),
    "sheet.questions": ("Questions", "Kysymykset"),
    "sheet.objections": ("Objections", "Vastaväitteet"),
    "sheet.motives": ("Motives", "Motiivit"),
    "sheet.channels": ("Channels", "Kanavat"),
    "sheet.uses": ("Uses", "Käyttää"),
    "sheet.avoids": ("Avoids", "Välttää"),
    "sheet.values": ("Values", "Arvot"),
    "sheet.roles": ("Buying roles", "Ostoroolit"),
    "sheet.responsibility": ("Responsibility", "Vastuualue"),
    "sheet.journey-coverage": ("Touchpoints per stage", "Kohtaamiset vaiheittain"),
    "sheet.source": ("Source", "Lähde"),
    "sheet.more": ("+ {n} more", "+ {n} muuta"),
    "sheet.journey-map": ("Customer journey map", "Asiakaspolku"),
    "sheet.journey-of": ("Journey of {name}", "Asiakaspolku: {name}"),
    "sheet.lane-questions": ("Goals and questions", "Tavoitteet ja kysymykset"),
    "sheet.lane-touchpoints": ("Touchpoints", "Kohtaamiset"),
    "sheet.lane-channels": ("Channels", "Kanavat"),
    "sheet.lane-owner": ("Owner", "Vastuutiimi"),
    "sheet.lane-thoughts": ("Thoughts", "Ajatukset"),
    "sheet.lane-emotion": ("Emotion", "Tunnetila"),
    "sheet.lane-pains": ("Pain points", "Kipupisteet"),
    "sheet.lane-opportunities": ("Opportunities", "Mahdollisuudet"),
    "sheet.lane-gaps": ("Gaps found", "Havaitut aukot"),
    "sheet.entry": ("entry point", "aloituskohta"),
    "sheet.handoff": ("Agreed hand-off", "Sovittu luovutus"),
    "sheet.decision": ("Decision", "Päätös"),
    "sheet.no-data": ("no data", "ei tietoa"),
    "sheet.no-touchpoints": ("no touchpoint", "ei kohtaamista"),
    "sheet.no-stages": ("The workspace has no stages.", "Työtilassa ei ole vaiheita."),
    "sheet.score": ("Score", "Pisteet"),
    "sheet.check-score": ("Gap-check score", "Aukkotarkistuksen pisteet"),
    "sheet.unplaced": (
        "{n} further findings concern no single stage: see the check report.",
        "{n} muuta havaintoa ei kohdistu yhteen vaiheeseen: katso tarkistusraportti.",
    ),
    "sheet.coverage": ("Coverage", "Kattavuus"),
    "sheet.coverage-persona": ("Stage × persona", "Vaihe × persoona"),
    "sheet.coverage-member": ("Stage × committee member", "Vaihe × ostoryhmän jäsen"),
    "sheet.covered": ("Stages", "Vaiheet"),
    "sheet.not-reached": ("not reached", "ei tavoiteta"),
    "sheet.not-involved": ("not involved", "ei mukana"),
    "sheet.legend-count": (
        "number = touchpoints that reach them",
        "luku = tavoittavat kohtaamiset",
    ),
    "sheet.legend-influence": ("shade = influence in the stage", "sävy = vaikutusvalta vaiheessa"),
    "sheet.no-rows": ("Nothing to show.", "Ei näytettävää."),
    "sheet.check-report": ("Check report", "Tarkistusraportti"),
    "sheet.heading-error": ("Errors", "Virheet"),
    "sheet.heading-warning": ("Warnings", "Varoitukset"),
    "sheet.heading-info": ("Info", "Huomiot"),
    "sheet.no-gaps": ("no gaps found", "ei aukkoja"),
    "sheet.findings": ("Findings", "Havainnot"),
    "sheet.no-findings": (
        "No findings: every check passed.",
        "Ei havaintoja: kaikki tarkistukset menivät läpi.",
    ),
    "sheet.where": ("Where", "Missä"),
    "sheet.hint": ("Fix", "Korjaus"),
    "sheet.rules-run": ("{n} rules run", "{n} sääntöä ajettu"),
    "sheet.wall-pack": ("Wall pack", "Seinäpaketti"),
    "sheet.contents": ("Contents", "Sisältö"),
    "sheet.part-persona": ("Personas reached", "Persoonat tavoitettu"),
    "sheet.part-member": ("Committee reached", "Ostoryhmä tavoitettu"),
    "sheet.part-motives": ("Motives addressed", "Motiiveihin vastattu"),
    "sheet.part-flow": ("Journey flows", "Polku etenee"),
    "sheet.kind-card": ("Persona cards", "Persoonakortit"),
    "sheet.kind-wall": ("Wall sheets", "Seinäarkit"),
    "sheet.kind-poster": ("Journey posters", "Asiakaspolkujulisteet"),
    "sheet.kind-heatmap": ("Coverage", "Kattavuus"),
    "sheet.kind-report": ("Check report", "Tarkistusraportti"),
    "sheet.kind-diagram": ("Diagrams", "Kaaviot"),
    "sheet.kind-data": ("Data", "Tiedot"),
    "sheet.offering": ("Offering", "Tarjooma"),
    "sheet.page-size": ("Printed on {size}", "Tulostuskoko {size}"),
    # -- Graphviz diagrams: journey and committee ---------------------------------------------
    "diagram.journey": ("Customer journey", "Asiakaspolku"),
    "diagram.touchpoints": ("{n} touchpoints", "{n} kohtaamista"),
    "diagram.touchpoint": ("{n} touchpoint", "{n} kohtaaminen"),
    "diagram.stages": ("{n} stages", "{n} vaihetta"),
    "diagram.stage-n": ("STAGE {n}", "VAIHE {n}"),
    "diagram.no-owner": ("No owner", "Ei omistajaa"),
    "diagram.entry": ("ENTRY", "ALKU"),
    "diagram.entry-legend": ("Entry point", "Aloituskohta"),
    "diagram.decision": ("PURCHASE DECISION", "OSTOPÄÄTÖS"),
    "diagram.decision-legend": ("Purchase decision", "Ostopäätös"),
    "diagram.handoff": ("Hand-off", "Vastuunsiirto"),
    "diagram.transition": ("Transition", "Siirtymä"),
    "diagram.break": ("Break between stages", "Katkos vaiheiden välillä"),
    "diagram.break-short": ("break", "katkos"),
    "diagram.finding": ("Finding (rule code)", "Havainto (säännön koodi)"),
    "diagram.no-touchpoint": ("No touchpoint", "Ei kohtaamisia"),
    "diagram.strongest": (
        "the {k} strongest onward links of each group drawn ({m} of {t})",
        "kunkin ryhmän {k} vahvinta jatkoyhteyttä piirretty ({m}/{t})",
    ),
    "diagram.onward": ("Onward transitions of the group", "Ryhmästä eteenpäin"),
    "diagram.inside": ("Transitions within the stage", "Siirtymät vaiheen sisällä"),
    "diagram.back": (
        "Transitions back to an earlier stage",
        "Siirtymät takaisin aiempaan vaiheeseen",
    ),
    "diagram.no-channel": ("No channel", "Ei kanavaa"),
    "diagram.aggregated": (
        "{n} touchpoints shown as {g} stage × channel groups",
        "{n} kohtaamista koottu {g} ryhmäksi (vaihe × kanava)",
    ),
    "diagram.persona-view": ("for persona {name}", "persoonalle {name}"),
    "diagram.member-view": ("for {name}", "jäsenelle {name}"),
    "diagram.committee": ("Buying committee", "Ostoryhmä"),
    "diagram.members": ("{n} members", "{n} jäsentä"),
    "diagram.all-stages": ("all stages", "kaikki vaiheet"),
    "diagram.at-stage": ("in stage: {stage}", "vaiheessa: {stage}"),
    "diagram.you": ("Your touchpoints", "Kohtaamisenne"),
    "diagram.direct": ("Reached directly", "Tavoitettu suoraan"),
    "diagram.avoided": ("Only via channels they avoid", "Vain vältetyissä kanavissa"),
    "diagram.introduced": ("Reached via an introduction", "Tavoitettu esittelyn kautta"),
    "diagram.unreached": ("Not reached", "Ei tavoitettu"),
    "diagram.unknown": ("Reach unknown", "Tavoittaminen ei tiedossa"),
    "diagram.without-workspace": (
        "Shown without its workspace: who is reached is not known",
        "Näytetty ilman työtilaa: ei tiedetä, ketä tavoitetaan",
    ),
    "diagram.introduces": ("Introduces", "Esittelee"),
    "diagram.decides": ("DECIDES", "PÄÄTTÄÄ"),
    "diagram.decider-legend": ("Decides the purchase", "Päättää ostosta"),
    "diagram.inactive": ("Not active in this stage", "Ei mukana tässä vaiheessa"),
    "diagram.influence": ("Influence", "Vaikutusvalta"),
    "diagram.size": ("Size = influence", "Koko = vaikutusvalta"),
    "diagram.stage-count": ("{s} here · {n} in all", "{s} tässä · {n} yhteensä"),
    "diagram.findings": ("Findings", "Havainnot"),
    "diagram.no-members": ("No members", "Ei jäseniä"),
    "diagram.required": ("Required roles", "Vaaditut roolit"),
    # --- findings ---
    "sheet.excluded": ("excluded", "rajattu pois"),
    "sheet.excluded-because": ("excluded: {reason}", "rajattu pois: {reason}"),
    "diagram.ending-legend": ("Intended ending (outcome)", "Tarkoitettu päätös (lopputulos)"),
    "sheet.part-ownership": ("Owned", "Omistettu"),
    "sheet.part-handoffs": ("Hand-offs agreed", "Luovutukset sovittu"),
    "sheet.part-findings": ("Free of other gaps", "Muista aukoista vapaa"),
    "sheet.health": ("Model health", "Mallin kunto"),
}

#: Nouns counted with a number: (English singular, English plural, Finnish singular, Finnish
#: partitive plural): ``3 warnings`` / ``3 varoitusta``.
_COUNTS: dict[str, tuple[str, str, str, str]] = {
    "count.error": ("error", "errors", "virhe", "virhettä"),
    "count.warning": ("warning", "warnings", "varoitus", "varoitusta"),
    "count.info": ("info", "info", "huomio", "huomiota"),
    "count.finding": ("finding", "findings", "havainto", "havaintoa"),
}


def _pick(entry: tuple[str, str], locale: str) -> str:
    return entry[1] if locale == "fi" else entry[0]


def label(vocabulary: str, key: str, locale: str = "en") -> str:
    """Return the built-in label of ``key`` in ``vocabulary`` for ``locale``.

    Unknown keys fall back to the key with dashes and underscores turned into spaces.

    Example:
        >>> label("stage", "purchase-decision", "fi")
        'Ostopäätös'
        >>> label("channel", "trade-fair")
        'Trade fair'
    """
    entry = _VOCABULARIES.get(vocabulary, {}).get(str(key))
    if entry is not None:
        return _pick(entry, locale)
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

    Raises:
        KeyError: for a key the catalogue does not have.
    """
    entry = _pick(_TEXTS[key], locale)
    return entry.format(**values) if values else entry


def has_text(key: str) -> bool:
    """True if the catalogue has ``key``."""
    return key in _TEXTS


def texts(prefix: str = "") -> dict[str, tuple[str, ...]]:
    """Every UI string whose key starts with ``prefix``: key → one text per locale."""
    return {k: v for k, v in _TEXTS.items() if k.startswith(prefix)}


def number(n: int, locale: str = "en") -> str:
    """A whole number with thousands grouped: ``12,500`` in English, ``12 500`` in Finnish.

    Example:
        >>> number(12500, "fi")
        '12\xa0500'
    """
    grouped = f"{n:,}"
    return grouped.replace(",", "\u00a0") if locale == "fi" else grouped


def counted(noun: str, n: int, locale: str = "en") -> str:
    """``3 warnings`` / ``3 varoitusta``: a number and a noun in the right form.

    Example:
        >>> counted("finding", 1, "en"), counted("finding", 2, "fi")
        ('1 finding', '2 havaintoa')

    Raises:
        KeyError: for a noun the catalogue does not count.
    """
    en1, en2, fi1, fi2 = _COUNTS[f"count.{noun}"]
    if locale == "fi":
        return f"{n} {fi1 if n == 1 else fi2}"
    return f"{n} {en1 if n == 1 else en2}"


def decimal(value: float, digits: int, locale: str = "en") -> str:
    """A decimal number with ``digits`` decimals: ``0.70`` in English, ``0,70`` in Finnish.

    Example:
        >>> decimal(0.7, 2, "fi")
        '0,70'
    """
    shown = f"{value:.{digits}f}"
    if shown.startswith("-") and float(shown) == 0:
        shown = shown[1:]
    return shown.replace(".", ",") if locale == "fi" else shown
