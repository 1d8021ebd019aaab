"""Built-in English and Finnish labels for stages, roles, teams, channels and severities.

Labels are looked up by vocabulary and key: ``label("role", "decision_maker", "fi")`` gives
``"Päättäjä"``. A key with no built-in label falls back to a readable form of the key itself,
so custom stages and channels always have something to show.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["LOCALES", "Locale", "label", "labels"]

Locale = Literal["en", "fi"]
LOCALES: tuple[Locale, ...] = ("en", "fi")

_LABELS: dict[str, dict[str, tuple[str, str]]] = {
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
    "ui": {
        "coverage-persona": ("Coverage: stage × persona", "Kattavuus: vaihe × persoona"),
        "coverage-member": (
            "Coverage: stage × member (touchpoints; · not active)",
            "Kattavuus: vaihe × jäsen (kohtaamiset; · ei mukana)",
        ),
        "persona": ("Persona", "Persoona"),
        "member": ("Member", "Jäsen"),
        "findings": ("findings", "havaintoa"),
        "influence": ("influence", "vaikutusvalta"),
    },
    "subject_kind": {
        "archetype": ("Archetype", "Arkkityyppi"),
        "contact": ("Real contact", "Oikea henkilö"),
    },
}


def label(vocabulary: str, key: str, locale: str = "en") -> str:
    """Return the built-in label of ``key`` in ``vocabulary`` for ``locale``.

    Unknown keys fall back to the key with dashes and underscores turned into spaces.

    Example:
        >>> label("stage", "purchase-decision", "fi")
        'Ostopäätös'
        >>> label("channel", "trade-fair")
        'Trade fair'
    """
    entry = _LABELS.get(vocabulary, {}).get(str(key))
    if entry is not None:
        return entry[1] if locale == "fi" else entry[0]
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def labels(vocabulary: str, locale: str = "en") -> dict[str, str]:
    """All built-in labels of one vocabulary, keyed by key, in insertion order."""
    return {key: label(vocabulary, key, locale) for key in _LABELS.get(vocabulary, {})}
