"""User-interface strings of the template artefacts, in English and Finnish.

:data:`_UI` maps a key to ``(English, Finnish)``; :func:`ui_text` looks one up and fills in
``{name}`` placeholders; :func:`_counted` writes a number with its noun (``3 warnings``) and
:func:`_number` a decimal number in the locale's style. The table stays in this one place
(keys unchanged) so it can later be folded into a project-wide catalogue.
"""

from __future__ import annotations

_UI: dict[str, tuple[str, str]] = {
    # key -> (English, Finnish)
    "buyer-persona": ("Buyer persona", "Ostajapersoona"),
    "buyer-personas": ("Buyer personas", "Ostajapersoonat"),
    "goals": ("Goals", "Tavoitteet"),
    "dreams": ("Dreams", "Unelmat"),
    "problems": ("Problems", "Ongelmat"),
    "ways_of_working": ("Ways of working", "Toimintatavat"),
    "questions": ("Questions", "Kysymykset"),
    "objections": ("Objections", "Vastaväitteet"),
    "motives": ("Motives", "Motiivit"),
    "channels": ("Channels", "Kanavat"),
    "uses": ("Uses", "Käyttää"),
    "avoids": ("Avoids", "Välttää"),
    "values": ("Values", "Arvot"),
    "roles": ("Buying roles", "Ostoroolit"),
    "responsibility": ("Responsibility", "Vastuualue"),
    "journey-coverage": ("Touchpoints per stage", "Kohtaamiset vaiheittain"),
    "source": ("Source", "Lähde"),
    "more": ("+ {n} more", "+ {n} muuta"),
    "journey-map": ("Customer journey map", "Asiakaspolku"),
    "journey-of": ("Journey of {name}", "Asiakaspolku: {name}"),
    "lane-questions": ("Goals and questions", "Tavoitteet ja kysymykset"),
    "lane-touchpoints": ("Touchpoints", "Kohtaamiset"),
    "lane-channels": ("Channels", "Kanavat"),
    "lane-owner": ("Owner", "Vastuutiimi"),
    "lane-thoughts": ("Thoughts", "Ajatukset"),
    "lane-emotion": ("Emotion", "Tunnetila"),
    "lane-pains": ("Pain points", "Kipupisteet"),
    "lane-opportunities": ("Opportunities", "Mahdollisuudet"),
    "lane-gaps": ("Gaps found", "Havaitut aukot"),
    "entry": ("entry point", "aloituskohta"),
    "handoff": ("Agreed hand-off", "Sovittu luovutus"),
    "decision": ("Decision", "Päätös"),
    "no-data": ("no data", "ei tietoa"),
    "no-touchpoints": ("no touchpoint", "ei kohtaamista"),
    "no-stages": ("The workspace has no stages.", "Työtilassa ei ole vaiheita."),
    "score": ("Score", "Pisteet"),
    "check-score": ("Gap-check score", "Aukkotarkistuksen pisteet"),
    "unplaced": (
        "{n} further findings concern no single stage: see the check report.",
        "{n} muuta havaintoa ei kohdistu yhteen vaiheeseen: katso tarkistusraportti.",
    ),
    "coverage": ("Coverage", "Kattavuus"),
    "coverage-persona": ("Stage × persona", "Vaihe × persoona"),
    "coverage-member": ("Stage × committee member", "Vaihe × ostoryhmän jäsen"),
    "covered": ("Stages", "Vaiheet"),
    "not-reached": ("not reached", "ei tavoiteta"),
    "not-involved": ("not involved", "ei mukana"),
    "legend-count": ("number = touchpoints that reach them", "luku = tavoittavat kohtaamiset"),
    "legend-influence": ("shade = influence in the stage", "sävy = vaikutusvalta vaiheessa"),
    "no-rows": ("Nothing to show.", "Ei näytettävää."),
    "check-report": ("Check report", "Tarkistusraportti"),
    "heading-error": ("Errors", "Virheet"),
    "heading-warning": ("Warnings", "Varoitukset"),
    "heading-info": ("Info", "Huomiot"),
    "no-gaps": ("no gaps found", "ei aukkoja"),
    "findings": ("Findings", "Havainnot"),
    "no-findings": (
        "No findings: every check passed.",
        "Ei havaintoja: kaikki tarkistukset menivät läpi.",
    ),
    "where": ("Where", "Missä"),
    "hint": ("Fix", "Korjaus"),
    "rules-run": ("{n} rules run", "{n} sääntöä ajettu"),
    "wall-pack": ("Wall pack", "Seinäpaketti"),
    "contents": ("Contents", "Sisältö"),
    "part-persona": ("Personas reached", "Persoonat tavoitettu"),
    "part-member": ("Committee reached", "Ostoryhmä tavoitettu"),
    "part-motives": ("Motives addressed", "Motiiveihin vastattu"),
    "part-flow": ("Journey flows", "Polku etenee"),
    "kind-card": ("Persona cards", "Persoonakortit"),
    "kind-wall": ("Wall sheets", "Seinäarkit"),
    "kind-poster": ("Journey posters", "Asiakaspolkujulisteet"),
    "kind-heatmap": ("Coverage", "Kattavuus"),
    "kind-report": ("Check report", "Tarkistusraportti"),
    "kind-diagram": ("Diagrams", "Kaaviot"),
    "kind-data": ("Data", "Tiedot"),
    "offering": ("Offering", "Tarjooma"),
    "page-size": ("Printed on {size}", "Tulostuskoko {size}"),
}

# Counts: (English singular, English plural, Finnish singular, Finnish partitive plural).
_COUNTED: dict[str, tuple[str, str, str, str]] = {
    "error": ("error", "errors", "virhe", "virhettä"),
    "warning": ("warning", "warnings", "varoitus", "varoitusta"),
    "info": ("info", "info", "huomio", "huomiota"),
    "finding": ("finding", "findings", "havainto", "havaintoa"),
}


def _counted(key: str, n: int, locale: str) -> str:
    """``3 warnings`` / ``3 varoitusta``: a number and a noun in the right form."""
    en1, en2, fi1, fi2 = _COUNTED[key]
    if locale == "fi":
        return f"{n} {fi1 if n == 1 else fi2}"
    return f"{n} {en1 if n == 1 else en2}"


def ui_text(key: str, locale: str = "en", **values: object) -> str:
    """A user-interface string in ``locale`` (``en`` or ``fi``), with ``{name}`` filled in.

    Example:
        >>> ui_text("more", "fi", n=3)
        '+ 3 muuta'
    """
    entry = _UI.get(key)
    if entry is None:
        return key
    text = entry[1] if locale == "fi" else entry[0]
    return text.format(**values) if values else text


def _number(value: float, digits: int, locale: str) -> str:
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if locale == "fi" else text
