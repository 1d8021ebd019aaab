"""Themes: colours, fonts and a logo for every rendered artefact.

A theme file is YAML or JSON with the fields of :class:`Theme`; colours are ``#rrggbb`` and
font names a plain list, so a theme cannot inject CSS or markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

if TYPE_CHECKING:
    from ..io import Positions

__all__ = ["DEFAULT_THEME", "Theme", "load_theme"]

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
FontStack = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9 ,'\-]{1,200}$")]


class Theme(BaseModel):
    """Colours, fonts and logo used by every renderer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(max_length=100)] = "default"
    font: FontStack = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
    heading_font: FontStack = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
    background: Colour = "#ffffff"
    surface: Colour = "#f6f7f9"
    text: Colour = "#1d2433"
    muted: Colour = "#5b6478"
    line: Colour = "#d6dae3"
    accent: Colour = "#3454d1"
    good: Colour = "#2e9e6a"
    bad: Colour = "#d2493c"
    teams: dict[str, Colour] = Field(
        default_factory=lambda: {
            "marketing": "#3454d1",
            "sales": "#e07b24",
            "customer-service": "#2e9e6a",
        }
    )
    """Colour per team id; other teams get colours from ``palette``."""
    palette: list[Colour] = Field(
        default_factory=lambda: [
            "#7b4bc4",
            "#c2457a",
            "#1c8fa8",
            "#8a8f2a",
            "#b35c1e",
            "#4a6fa5",
            "#6d6d6d",
        ]
    )
    roles: dict[str, Colour] = Field(
        default_factory=lambda: {
            "decision_maker": "#b42318",
            "economic_buyer": "#c4320a",
            "executive_sponsor": "#93370d",
            "champion": "#027a48",
            "influencer": "#175cd3",
            "technical_buyer": "#6941c6",
            "evaluator": "#0e7090",
            "end_user": "#3e4784",
            "procurement": "#b54708",
            "legal_compliance": "#4e5ba6",
            "blocker": "#344054",
            "other": "#667085",
        }
    )
    """Colour per buying role."""
    logo: Annotated[str, StringConstraints(max_length=500)] | None = None
    """Logo image, relative to the theme file's folder (PNG or JPEG; SVG is refused).

    :func:`load_theme` checks it with the same rules as persona photos (inside the folder,
    no ``..``, no symbolic link, at most 5 MB, a pixel limit) and re-encodes it as a
    ``data:`` URI (:attr:`logo_uri`). A theme built in code has no folder, so its logo is
    not drawn.
    """

    _folder: Path | None = PrivateAttr(default=None)
    _logo_uri: str = PrivateAttr(default="")

    @property
    def folder(self) -> Path | None:
        """The resolved folder of the theme file (``None`` for a theme built in code)."""
        return self._folder

    @property
    def logo_uri(self) -> str:
        """The logo as a ``data:`` URI, or ``""`` when there is none to draw."""
        return self._logo_uri

    def team_colour(self, team_id: str | None, order: list[str] | None = None) -> str:
        """The colour of a team: its own, or one from the palette by its position."""
        if team_id is None:
            return self.muted
        if team_id in self.teams:
            return self.teams[team_id]
        index = (order or []).index(team_id) if order and team_id in order else len(team_id)
        return self.palette[index % len(self.palette)]

    def role_colour(self, role: str | None) -> str:
        return self.roles.get(role or "other", self.roles.get("other", self.muted))


DEFAULT_THEME = Theme()

#: Longest side of an embedded logo after scaling (pixels).
LOGO_SIDE = 400
#: Largest theme file read (bytes).
MAX_THEME_BYTES = 1_000_000
_THEME_HINT = "a theme holds colours, fonts and a logo's path; keep the logo in its own file"


def load_theme(path: str | Path) -> Theme:
    """Load a theme from a YAML or JSON file (safely, with file:line errors).

    Raises:
        personajourney.ModelError: if the file is not a valid theme, is not UTF-8 (the
            first other byte named), or is not a regular file (a FIFO, a device).
        personajourney.InputLimitError: if the file is over 1 MB (refused before reading).
    """
    from pydantic import ValidationError

    from ..errors import ModelError, Problem
    from ..io import Limits, decode_utf8, explain_error, parse_yaml, read_regular

    target = Path(path)
    # A regular file only (a FIFO or /dev/zero is refused at once), at most 1 MB, read
    # after its size is checked; UTF-8 only, the first other byte named.
    raw = read_regular(target, MAX_THEME_BYTES, what="theme file", hint=_THEME_HINT)
    parsed = parse_yaml(decode_utf8(raw, str(target)), str(target), Limits(), len(raw))
    try:
        theme = Theme.model_validate(parsed.data or {})
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            line = parsed.positions.get(loc, (None, None))[0]
            path_text = ".".join(str(p) for p in loc)
            message, hint = explain_error(error, data=parsed.data, root=Theme)
            problems.append(Problem(message, path_text, str(target), line, hint=hint))
        raise ModelError(problems) from None
    folder = target.absolute().parent.resolve()
    theme._folder = folder
    if theme.logo:
        theme._logo_uri = _logo_data_uri(folder, theme.logo, str(target), parsed.positions)
    return theme


def _logo_data_uri(folder: Path, logo: str, file: str, positions: Positions) -> str:
    """The theme's logo as a ``data:`` URI, or a :class:`ModelError` naming file and line."""
    from ..errors import ModelError, Problem
    from .assets import AssetError, image_data_uri

    line = positions.get(("logo",), (None, None))[0]
    try:
        return image_data_uri(folder, logo, side=LOGO_SIDE, square=False)
    except AssetError as exc:
        reason = str(exc).replace("workspace folder", "theme folder")
    except (OSError, ValueError, MemoryError):
        reason = "image could not be read"
    raise ModelError(Problem(f"logo refused: {reason}", "logo", file, line)) from None
