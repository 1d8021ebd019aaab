"""Paper sizes for print output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PAPER_SIZES", "Orientation", "Page", "page"]

Orientation = Literal["portrait", "landscape"]

#: Width and height in millimetres, portrait.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
    "letter": (215.9, 279.4),
    "tabloid": (279.4, 431.8),
}


@dataclass(frozen=True, slots=True)
class Page:
    """A page: trimmed size in mm, orientation, and bleed (mm added on each side)."""

    name: str
    width: float
    height: float
    bleed: float = 0.0
    crop_marks: bool = False

    @property
    def orientation(self) -> Orientation:
        return "landscape" if self.width > self.height else "portrait"

    @property
    def css_size(self) -> str:
        """The CSS ``@page { size: ... }`` value of the trimmed page."""
        return f"{_mm(self.width)} {_mm(self.height)}"

    @property
    def points(self) -> tuple[float, float]:
        """Trimmed size in PostScript points (1/72 inch), as PDF readers report it."""
        return self.width * 72 / 25.4, self.height * 72 / 25.4


def _mm(value: float) -> str:
    return f"{value:g}mm"


def page(
    name: str = "A4",
    orientation: Orientation | None = None,
    *,
    bleed: float = 0.0,
    crop_marks: bool = False,
) -> Page:
    """A :class:`Page` for a named paper size (case-insensitive) and orientation.

    Example:
        >>> page("a2", "landscape").css_size
        '594mm 420mm'

    Raises:
        ValueError: for an unknown paper name or a negative or excessive bleed.
    """
    key = next((k for k in PAPER_SIZES if k.lower() == name.strip().lower()), None)
    if key is None:
        raise ValueError(f"unknown paper size {name!r}; use one of {', '.join(PAPER_SIZES)}")
    if not 0 <= bleed <= 20:
        raise ValueError(f"bleed must be between 0 and 20 mm, got {bleed:g}")
    width, height = PAPER_SIZES[key]
    if orientation == "landscape":
        width, height = height, width
    elif orientation not in (None, "portrait"):
        raise ValueError(f"orientation must be portrait or landscape, got {orientation!r}")
    return Page(key, width, height, bleed, crop_marks)
