"""The built-in rules, one module per area. Importing this package registers them."""

from . import committee, journey, motives, ownership, personas, segments

__all__ = ["committee", "journey", "motives", "ownership", "personas", "segments"]
