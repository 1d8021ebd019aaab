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
    # --- mistakes ---
    # Load errors and warnings that say what the user meant (io/_mistakes.py, the CLI).
    "load.invalid-model-one": ("invalid model (1 problem)", "virheellinen malli (1 ongelma)"),
    "load.invalid-model-many": (
        "invalid model ({n} problems)",
        "virheellinen malli ({n} ongelmaa)",
    ),
    "load.error": ("error", "virhe"),
    "load.warning": ("warning", "varoitus"),
    "load.hint": ("hint", "vihje"),
    "load.more-problems": (
        "… and {n} more (fix these first)",
        "… ja {n} muuta (korjaa ensin nämä)",
    ),
    "load.or": ("or", "tai"),
    "load.empty-file": (
        "the file is empty: there is no model in it yet",
        "tiedosto on tyhjä: siinä ei ole vielä mallia",
    ),
    "load.empty-folder": (
        "the folder's model files are all empty: there is no model in them yet",
        "kansion mallitiedostot ovat kaikki tyhjiä: niissä ei ole vielä mallia",
    ),
    "load.empty-hint": (
        "start from a working model with `personajourney init`, or add `name:` and a persona",
        "aloita toimivasta mallista komennolla `personajourney init` tai lisää `name:` ja persoona",
    ),
    "load.tab": (
        "this line is indented with a tab; YAML indents with spaces only",
        "rivi on sisennetty sarkaimella; YAML sisennetään vain välilyönneillä",
    ),
    "load.tab-hint": (
        "replace the tab with spaces (two per level); most editors can show tabs",
        "korvaa sarkain välilyönneillä (kaksi tasoa kohden); useimmat editorit näyttävät sarkaimet",
    ),
    "load.indentation": (
        "the indentation of this line does not fit the lines above it",
        "tämän rivin sisennys ei sovi yllä oleviin riveihin",
    ),
    "load.indentation-hint": (
        "indent each field of an item exactly as far as the first one (spaces only)",
        "sisennä kohdan jokainen kenttä täsmälleen yhtä pitkälle kuin ensimmäinen "
        "(vain välilyönneillä)",
    ),
    "load.split-sentence": (
        "`{item}` looks like the rest of the sentence before it, cut in two at a comma: "
        "inside [...] a comma separates items",
        "`{item}` näyttää edellisen lauseen jatkolta, joka katkesi pilkun kohdalta: "
        "hakasulkeissa [...] pilkku erottaa kohdat",
    ),
    "load.split-sentence-hint": (
        "write the list as a block list, one `- ` item per line, or put the sentence in quotes",
        "kirjoita lista allekkain, jokainen kohta omalle rivilleen `- `-merkin perään, tai "
        "laita lause lainausmerkkeihin",
    ),
    "load.split-field": (
        "`{key}` looks like the end of the text of `{field}`, cut at a comma inside {{...}}",
        "`{key}` näyttää kentän `{field}` tekstin lopulta, joka katkesi pilkun kohdalta "
        "aaltosulkeissa {{...}}",
    ),
    "load.split-field-hint": (
        "put the whole text of `{field}` in quotes, or write each field on its own line",
        "laita kentän `{field}` koko teksti lainausmerkkeihin tai kirjoita jokainen kenttä "
        "omalle rivilleen",
    ),
    "load.unknown-field": ("unknown field `{name}`", "tuntematon kenttä `{name}`"),
    "load.unknown-field-hint": (
        "remove it, or check its spelling against `personajourney schema`",
        "poista se tai tarkista kirjoitusasu: `personajourney schema`",
    ),
    "load.did-you-mean": ("did you mean {names}?", "tarkoititko {names}?"),
    "load.date-hint": (
        "the model has no date fields: write the date into the text, e.g. "
        "`source: Interviews 12.3.2024`",
        "mallissa ei ole päivämääräkenttiä: kirjoita päivämäärä tekstiin, esim. "
        "`source: Haastattelut 12.3.2024`",
    ),
    "load.missing": ("required field is missing: `{name}`", "pakollinen kenttä puuttuu: `{name}`"),
    "load.missing-hint": ("add this field: `{name}: …`", "lisää tämä kenttä: `{name}: …`"),
    "load.no-value": ("`{name}:` has no value", "kentällä `{name}:` ei ole arvoa"),
    "load.no-value-hint": (
        "write the value after the colon, or leave the line out",
        "kirjoita arvo kaksoispisteen perään tai jätä rivi pois",
    ),
    "load.nothing-under": ("`{name}:` has nothing under it", "kentän `{name}:` alla ei ole mitään"),
    "load.nothing-under-hint": (
        "add items under it, each starting with `- `, or write `{name}: []` until you have some",
        "lisää sen alle kohtia, kukin `- `-merkillä alkaen, tai kirjoita `{name}: []`, "
        "kunnes niitä on",
    ),
    "load.nothing-under-fields-hint": (
        "add its fields under it, indented, or leave the line out",
        "lisää sen kentät sen alle sisennettyinä tai jätä rivi pois",
    ),
    "load.expected-text": ("expected text, got {got}", "odotettiin tekstiä, saatiin {got}"),
    "load.quote-hint": (
        "put the value in quotes to keep it as text",
        "laita arvo lainausmerkkeihin, niin se pysyy tekstinä",
    ),
    "load.got-number": ("the number {value}", "luku {value}"),
    "load.got-bool": ("the value {value}", "arvo {value}"),
    "load.got-list": ("a list", "lista"),
    "load.got-mapping": ("fields (a mapping)", "kenttiä (rakenne)"),
    "load.got-text": ("the text `{value}`", "teksti `{value}`"),
    "load.got-nothing": ("nothing", "ei mitään"),
    "load.expected-list": ("`{name}` takes a list, got {got}", "`{name}` on lista, saatiin {got}"),
    "load.list-hint": (
        "write each item on its own line under `{name}:`, starting with `- `",
        "kirjoita jokainen kohta omalle rivilleen kentän `{name}:` alle, `- `-merkillä alkaen",
    ),
    "load.expected-fields": (
        "`{name}` takes fields on the lines under it, got {got}",
        "`{name}` sisältää kenttiä sen alla olevilla riveillä, saatiin {got}",
    ),
    "load.fields-hint": (
        "write `key: value` lines under it, indented two spaces more",
        "kirjoita sen alle `avain: arvo` -rivejä kaksi välilyöntiä syvemmälle sisennettyinä",
    ),
    "load.bad-id": (
        "`{value}` is not a valid id: ids use ASCII letters, digits and - _ . only: try `{slug}`",
        "`{value}` ei kelpaa tunnukseksi: tunnuksissa on vain ASCII-kirjaimia, numeroita ja "
        "merkkejä - _ .: kokeile `{slug}`",
    ),
    "load.bad-form": (
        "`{value}` is not written in the form this field takes",
        "`{value}` ei ole kirjoitettu tämän kentän vaatimassa muodossa",
    ),
    "load.bad-form-hint": (
        "the form, as a regular expression: `{pattern}`",
        "muoto säännöllisenä lausekkeena: `{pattern}`",
    ),
    "load.also-at": ("also at lines {lines}", "myös riveillä {lines}"),
    "load.bad-id-hint": (
        "an id is a short name for the computer; the display name goes into `name:`",
        "tunnus on koneen käyttämä lyhyt nimi; näkyvä nimi kirjoitetaan kenttään `name:`",
    ),
    "load.empty-id": ("an id cannot be empty", "tunnus ei voi olla tyhjä"),
    "load.name-not-id": (
        "`{value}` is the name of {kind} `{id}`: write its id, `{id}`",
        "`{value}` on {kind} `{id}` nimi: kirjoita sen tunnus `{id}`",
    ),
    "load.name-not-id-hint": (
        "references name things by id; the name is what output shows",
        "viittaukset kirjoitetaan tunnuksilla; nimi näkyy tulosteissa",
    ),
    "load.unknown-ref": ("unknown {kind} `{value}`", "tuntematon {kind} `{value}`"),
    "load.dropped-builtin": (
        "{kind} `{value}` is built in, but the `{list}` list at line {line} replaces "
        "the built-in ones",
        "{kind} `{value}` kuuluu valmiisiin, mutta rivin {line} lista `{list}` korvaa valmiit",
    ),
    "load.dropped-builtin-hint": (
        "add `- id: {value}` to the `{list}` list at line {line}",
        "lisää `- id: {value}` riviltä {line} alkavaan listaan `{list}`",
    ),
    "load.dropped-list": (
        "this `{list}` list replaces the built-in ones and leaves out {dropped}, "
        "which this model uses",
        "tämä lista `{list}` korvaa valmiit, ja siitä puuttuvat {dropped}, joita malli käyttää",
    ),
    "load.dropped-list-hint": (
        "add them here (e.g. `- id: {value}`): a list, once written, holds every one in use",
        "lisää ne tähän (esim. `- id: {value}`): kirjoitettu lista korvaa valmiit kokonaan",
    ),
    "load.role-mapped": (
        "`{value}` is read as the role `{role}` ({label})",
        "`{value}` tulkitaan rooliksi `{role}` ({label})",
    ),
    "load.role-label": (
        "`{value}` is the label of the role `{role}`, and is read as that role",
        "`{value}` on roolin `{role}` nimi, ja se tulkitaan tuoksi rooliksi",
    ),
    "load.role-mapped-hint": (
        "write `{role}`: roles use the neutral names listed by `personajourney schema`",
        "kirjoita `{role}`: roolit kirjoitetaan neutraaleilla nimillä (`personajourney schema`)",
    ),
    "load.not-one-of": (
        "`{value}` is not allowed here: use one of {allowed}",
        "`{value}` ei käy tähän: käytä jotakin näistä: {allowed}",
    ),
    "load.decimal-comma": (
        "`{value}` has a decimal comma: write `{fixed}`",
        "`{value}`: desimaalierotin on pilkku; kirjoita `{fixed}`",
    ),
    "load.decimal-comma-hint": (
        "numbers in a model file use a decimal point, whatever the language",
        "mallitiedoston luvuissa desimaalierotin on aina piste",
    ),
    "load.percent": (
        "`{value}` is a percentage: write the share as a number from 0 to 1, `{fixed}`",
        "`{value}` on prosentti: kirjoita osuus lukuna 0–1, `{fixed}`",
    ),
    "load.percent-hint": (
        "influence and strength are shares from 0 to 1 (0.7 is 70 %)",
        "vaikutusvalta ja voimakkuus ovat osuuksia 0–1 (0.7 on 70 %)",
    ),
    "load.thousands": (
        "`{value}` groups its thousands: write `{fixed}`",
        "`{value}`: tuhaterottimia ei käytetä; kirjoita `{fixed}`",
    ),
    "load.thousands-hint": (
        "write numbers without thousands separators (or with `_`: 1_000_000)",
        "kirjoita luvut ilman tuhaterottimia (tai alaviivoin: 1_000_000)",
    ),
    "load.item-not-fields": (
        "each item of `{name}` is a set of fields, got {got}",
        "listan `{name}` jokainen kohta koostuu kentistä, saatiin {got}",
    ),
    "load.item-fields-hint": (
        "write the item as fields: `{first}`",
        "kirjoita kohta kenttinä: `{first}`",
    ),
    "load.item-fields-hint-more": (
        "write the item as fields: `{first}`, with {rest} on the lines under it",
        "kirjoita kohta kenttinä: `{first}` ja sen alle {rest}",
    ),
    "load.colon-in-text": (
        "the text after `{key}:` holds a colon and a space, which starts a new field",
        "kentän `{key}:` tekstissä on kaksoispiste ja välilyönti, joka aloittaa uuden kentän",
    ),
    "load.colon-in-text-hint": (
        'put the text in quotes: `{key}: "…"`; if these are two fields, write each on its own line',
        'laita teksti lainausmerkkeihin: `{key}: "…"`; jos nämä ovat kaksi kenttää, kirjoita '
        "kumpikin omalle rivilleen",
    ),
    "load.colon-in-item": (
        "`{text}` holds a colon and a space, so it was read as a field, not as text",
        "tekstissä `{text}` on kaksoispiste ja välilyönti, joten se luettiin kentäksi eikä "
        "tekstiksi",
    ),
    "load.colon-in-item-hint": (
        'put it in quotes: `"{text}"`',
        'laita se lainausmerkkeihin: `"{text}"`',
    ),
    "load.dash-without-space": (
        "`-{key}:` needs a space after the dash to start a list item",
        "`-{key}:` tarvitsee välilyönnin viivan jälkeen aloittaakseen listan kohdan",
    ),
    "load.dash-without-space-hint": ("write `- {key}:`", "kirjoita `- {key}:`"),
    "load.key-without-space": (
        "`{key}:{value}` needs a space after the colon",
        "`{key}:{value}` tarvitsee välilyönnin kaksoispisteen jälkeen",
    ),
    "load.key-without-space-hint": ("write `{key}: {value}`", "kirjoita `{key}: {value}`"),
    "load.expected-number": ("expected a number, got {got}", "odotettiin lukua, saatiin {got}"),
    "load.expected-whole": (
        "expected a whole number, got {got}",
        "odotettiin kokonaislukua, saatiin {got}",
    ),
    "load.expected-bool": (
        "expected true or false, got {got}",
        "odotettiin true tai false, saatiin {got}",
    ),
    "load.bool-hint": ("write `true` or `false`", "kirjoita `true` tai `false` (ei kyllä/ei)"),
    "load.at-least": (
        "must be at least {limit}, got {value}",
        "pitää olla vähintään {limit}, saatiin {value}",
    ),
    "load.at-most": (
        "must be at most {limit}, got {value}",
        "saa olla enintään {limit}, saatiin {value}",
    ),
    "load.too-long": (
        "the text is too long: at most {limit} characters",
        "teksti on liian pitkä: enintään {limit} merkkiä",
    ),
    "load.not-finite": (
        "not a finite number (got {value})",
        "ei äärellinen luku (saatiin {value})",
    ),
    "load.not-finite-hint": (
        "write an ordinary number: NaN and infinity are not allowed",
        "kirjoita tavallinen luku: NaN ja ääretön eivät käy",
    ),
    "load.invalid-value": (
        "this value is not valid here, got {got}",
        "arvo ei kelpaa tähän, saatiin {got}",
    ),
    "load.whole-file": (
        "the file must hold a mapping of workspace fields",
        "tiedoston pitää sisältää työtilan kenttiä (avain: arvo)",
    ),
    "load.date-text": (
        "`{value}` looks like a date, but this field takes a number",
        "`{value}` näyttää päivämäärältä, mutta tähän kenttään kuuluu luku",
    ),
    "load.duplicate-key": (
        "duplicate key `{key}` (first at line {line}); a key may appear only once",
        "avain `{key}` toistuu (ensimmäisen kerran rivillä {line}); avain saa esiintyä vain kerran",
    ),
    "load.duplicate-id": (
        "duplicate id `{id}` (first defined at {first})",
        "tunnus `{id}` on jo käytössä (ensimmäisen kerran kohdassa {first})",
    ),
    "load.duplicate-member-id": (
        "duplicate member id `{id}` (first defined at {first})",
        "jäsenen tunnus `{id}` on jo käytössä (ensimmäisen kerran kohdassa {first})",
    ),
    "load.kind-stage": ("stage", "vaihe"),
    "load.kind-team": ("team", "tiimi"),
    "load.kind-channel": ("channel", "kanava"),
    "load.kind-motive": ("motive", "motiivi"),
    "load.kind-persona": ("persona", "persoona"),
    "load.kind-committee": ("committee", "ostoryhmä"),
    "load.kind-member": ("member", "jäsen"),
    "load.kind-touchpoint": ("touchpoint", "kohtaaminen"),
    "load.kind-of-stage": ("stage", "vaiheen"),
    "load.kind-of-team": ("team", "tiimin"),
    "load.kind-of-channel": ("channel", "kanavan"),
    "load.kind-of-motive": ("motive", "motiivin"),
    "load.kind-of-persona": ("persona", "persoonan"),
    "load.kind-of-committee": ("committee", "ostoryhmän"),
    "load.kind-of-member": ("member", "jäsenen"),
    "load.kind-of-touchpoint": ("touchpoint", "kohtaamisen"),
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
