"""The built-in rules, one module per area letter (J, C, M, O, P, S, D, E).

Each rule is a function tagged by ``@rule``; :mod:`personajourney.checks.registry` imports
this package and collects them.
"""

from . import committee, evidence, journey, motives, ownership, personas, privacy, segments

__all__ = [
    "committee",
    "evidence",
    "journey",
    "motives",
    "ownership",
    "personas",
    "privacy",
    "segments",
]
