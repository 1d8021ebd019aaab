"""The poster's views and frame, shared by :mod:`.poster` and the modules that draw its
parts: :class:`TouchpointView` and :class:`StageView` (what a stage column shows),
:class:`_PosterContent` (the whole poster before layout) and :class:`_PosterFrame` (one try
at laying it out: page, base size, columns), with :func:`_more` for shortened lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ... import i18n
from ..scene import Text, _Pen
from ..style import Style
from ._findings import FindingView

#: How many items a cell's list shows at each level of shortening: everything first (a
#: bigger sheet shows more), then at most 6, 4, 3, 2, 1 with a "+ n more" line.
_ITEMS_MAX: tuple[int, ...] = (1_000_000, 6, 4, 3, 2, 1)
LEVELS = len(_ITEMS_MAX)


@dataclass(frozen=True, slots=True)
class TouchpointView:
    """A touchpoint on the poster."""

    id: str
    name: str
    channel: str
    owner: str
    owner_colour: str
    kpi: str
    entry: bool
    emotion: int | None


@dataclass(frozen=True, slots=True)
class StageView:
    """One stage column of the poster, with the content of every lane."""

    id: str
    number: int
    label: str
    description: str
    owner: str
    owner_colour: str
    decision: bool
    questions: tuple[str, ...]
    touchpoints: tuple[TouchpointView, ...]
    channels: tuple[str, ...]
    other_owners: tuple[tuple[str, str], ...]
    handoffs: tuple[str, ...]
    thoughts: tuple[str, ...]
    pains: tuple[str, ...]
    opportunities: tuple[str, ...]
    emotions: tuple[int, ...]
    findings: tuple[FindingView, ...]

    @property
    def emotion_mean(self) -> float | None:
        return sum(self.emotions) / len(self.emotions) if self.emotions else None


@dataclass(frozen=True, slots=True)
class _PosterContent:
    """What the poster shows, cleaned, before it is laid out (see :func:`poster_context`)."""

    locale: str
    stages: Sequence[StageView]
    lanes: Sequence[tuple[str, str]]
    eyebrow: str
    title: str
    subtitle: str
    teams: Sequence[tuple[str, str]]
    score: str
    counts: Sequence[tuple[str, str, int, str]]
    unplaced: Sequence[FindingView]
    workspace: str


@dataclass(frozen=True, slots=True)
class _PosterFrame:
    """One try at laying the poster out: the page, the base font size ``f`` (mm), how much
    lists are shortened (``level``), the margin ``m`` and the stage columns.

    ``lw`` is the width of the lane captions on the left; ``xs`` the left edge of each stage
    column, ``cw`` its width.
    """

    pen: _Pen
    st: Style
    loc: str
    W: float
    H: float
    f: float
    level: int
    m: float
    iw: float
    lw: float
    cw: float
    xs: tuple[float, ...]

    @property
    def items_max(self) -> int:
        return _ITEMS_MAX[self.level]

    @property
    def item_lines(self) -> int:
        return (5, 4, 3, 2, 2)[self.level]

    @property
    def body(self) -> float:
        """Size of body text in the cells."""
        return 0.82 * self.f


def _poster_frame(
    n: int, W: float, H: float, st: Style, f: float, level: int, loc: str
) -> _PosterFrame:
    mw = min(W, H)
    m = 0.032 * mw
    iw = W - 2 * m
    lw = max(0.085 * iw, 7.5 * f)
    gutter = max(0.9 * f, 0.004 * iw)
    cw = (iw - lw - n * gutter) / n if n else 0.0
    xs = tuple(m + lw + gutter + k * (cw + gutter) for k in range(n))
    return _PosterFrame(_Pen(st), st, loc, W, H, f, level, m, iw, lw, cw, xs)


def _more(fr: _PosterFrame, hidden: int, x: float, y: float, w: float) -> Text:
    """``+ 3 more`` under a shortened list."""
    return fr.pen.text(
        i18n.text("sheet.more", fr.loc, n=hidden),
        x,
        y,
        w,
        0.72 * fr.f,
        colour=fr.st.muted,
        max_lines=1,
    )
