"""The theme as templates use it, and the printed page.

:class:`Style` holds validated colours and font stacks (:func:`_style` makes it from a
:class:`~personajourney.render.theme.Theme`), with the severity colours; :func:`_mix` mixes
two colours; :func:`_team_colour` and :func:`_hatch` give a team's colour and the hatching
of empty cells. :class:`PageBox` is the printed page as templates see it, and
:func:`_resolve_page` turns a paper name into a :class:`~personajourney.render.paper.Page`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from .paper import Page
from .paper import page as make_page
from .theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from ..models.workspace import Workspace


_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\-]{1,200}$")
_WARNING = "#b7791f"
_LOGO_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def _colour(value: object, fallback: str) -> str:
    text = str(value)
    return text.lower() if _COLOUR.match(text) else fallback


def _mix(a: str, b: str, t: float) -> str:
    """Colour ``a`` moved towards ``b`` by ``t`` (0–1)."""
    t = min(1.0, max(0.0, t))
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


@dataclass(frozen=True, slots=True)
class Style:
    """The theme as templates use it: colours as ``#rrggbb``, fonts as CSS font stacks."""

    font: Markup
    heading_font: Markup
    background: str
    surface: str
    text: str
    muted: str
    line: str
    accent: str
    good: str
    bad: str
    warning: str
    info: str
    logo: str = ""
    """The theme's logo as a ``data:`` URI (re-encoded by :mod:`.assets`), or ``""``."""

    def severity(self, level: str) -> str:
        return {"error": self.bad, "warning": self.warning}.get(level, self.info)


def _style(theme: Theme) -> Style:
    base = DEFAULT_THEME

    def font(value: str, fallback: str) -> Markup:
        # Validated against the theme's pattern (no <, >, &, ;, braces): safe in <style>.
        return Markup(value if _FONT.match(value) else fallback)

    return Style(
        font=font(theme.font, base.font),
        heading_font=font(theme.heading_font, base.heading_font),
        background=_colour(theme.background, base.background),
        surface=_colour(theme.surface, base.surface),
        text=_colour(theme.text, base.text),
        muted=_colour(theme.muted, base.muted),
        line=_colour(theme.line, base.line),
        accent=_colour(theme.accent, base.accent),
        good=_colour(theme.good, base.good),
        bad=_colour(theme.bad, base.bad),
        warning=_WARNING,
        info=_colour(theme.accent, base.accent),
        logo=theme.logo_uri if theme.logo_uri.startswith(_LOGO_PREFIXES) else "",
    )


@dataclass(frozen=True, slots=True)
class PageBox:
    """The printed page: trimmed size in mm, bleed, crop marks, and the CSS ``size``."""

    name: str
    width: float
    height: float
    bleed: float
    crop_marks: bool
    css_size: str
    orientation: str


def _page_box(page: Page) -> PageBox:
    return PageBox(
        page.name,
        page.width,
        page.height,
        page.bleed,
        page.crop_marks,
        page.css_size,
        page.orientation,
    )


def _team_colour(ws: Workspace, theme: Theme, st: Style, team_id: str | None) -> str:
    order = [t.id for t in ws.teams]
    return _colour(theme.team_colour(team_id, order), st.muted)


def _hatch(st: Style) -> str:
    """Colour of the hatching that marks empty cells: a light tint of ``bad``."""
    return _mix(st.bad, st.background, 0.45)


def _resolve_page(
    page: Page | str | None,
    default: str,
    orientation: Literal["portrait", "landscape"] | None = None,
) -> Page:
    if isinstance(page, Page):
        return page
    return make_page(page or default, orientation)
