"""Small helpers shared by the rule modules."""

from __future__ import annotations

from collections.abc import Iterable


def ticks(values: Iterable[str], limit: int = 6) -> str:
    """``a``, ``b`` and ``c`` (at most ``limit`` shown)."""
    items = [f"`{v}`" for v in values]
    if len(items) > limit:
        items = [*items[:limit], f"{len(items) - limit} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
