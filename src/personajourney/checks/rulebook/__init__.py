"""The built-in rules, one module per area letter (J, C, M, O, P, S, D).

Each rule is a function tagged by ``@rule``; :mod:`personajourney.checks.registry` imports
this package and collects them.
"""

from . import committee, journey, motives, ownership, personas, privacy, segments

__all__ = ["committee", "journey", "motives", "ownership", "personas", "privacy", "segments"]
