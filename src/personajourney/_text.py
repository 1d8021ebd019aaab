"""Characters no output of ours may carry, shared by every writer of model text.

C0 controls except tab and newline (XML 1.0 forbids most, and terminals act on them), DEL and
the C1 controls, the bidirectional embedding/override/isolate controls (U+202A–U+202E,
U+2066–U+2069), which make text read differently than it is, and the noncharacters U+FFFE and
U+FFFF. Carriage returns are not listed: each writer turns line endings into its own form
first.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNSAFE_CHARACTERS", "for_terminal", "slug", "unique_id"]

UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def for_terminal(text: str) -> str:
    r"""Model text made safe to print to a terminal or a log: no unsafe character (an escape
    sequence could move the cursor or rewrite what the user sees) and no carriage return
    (which would let a later part of a line overwrite an earlier one).

    Example:
        >>> for_terminal("Pirkko\x1b[2J\x9b31m\rOK")
        'Pirkko[2J31mOK'
    """
    return UNSAFE_CHARACTERS.sub("", text).replace("\r", "")


def slug(text: str, fallback: str) -> str:
    """An id made from a name: ASCII letters and digits joined by dashes, accents dropped, at
    most 48 characters (cut at a word boundary); ``fallback`` when nothing is left.

    Example:
        >>> slug("Päivi Pääkäyttäjä", "persona")
        'paivi-paakayttaja'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    made = re.sub(r"[^a-z0-9]+", "-", plain, flags=re.ASCII).strip("-")
    if len(made) > 48:  # keep ids short: cut at a word boundary
        cut = made[:48]
        made = cut[: cut.rindex("-")] if "-" in cut else cut
    return made or fallback


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever ``taken`` does not hold yet; added to
    ``taken``.

    Example:
        >>> taken = {"anna"}
        >>> unique_id("anna", taken), unique_id("anna", taken)
        ('anna-2', 'anna-3')
    """
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate
