"""Scenes: the packaged layout of the fixed-size artefacts, in millimetres.

A :class:`Scene` is a box of :class:`Group` s of :class:`Shape` s (``rect``, ``line``,
``circle``, ``path``, ``image``) and :class:`Text` blocks, laid out with the built-in font
metrics of :mod:`~personajourney.render.svgtext`. The HTML templates draw a scene's shapes
as one inline SVG layer and its texts as absolutely positioned HTML elements on top; the SVG
templates draw the very same scene. :class:`_Pen` wraps and cuts text, :func:`_chips` lays
out pill-shaped chips, :class:`_Block` collects what one block of a sheet draws, and
:func:`fit` chooses the largest type that fits the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from markupsafe import Markup

from .jinja import _mm_filter, _n_filter, _scrub
from .style import Style, _colour
from .svgtext import fit as fit_text
from .svgtext import text_width

T = TypeVar("T")

#: Line box height over font size for body text; and the font's ascent and content height
#: (DejaVu Sans: ascent 0.928 em, descent 0.236 em), to put SVG baselines where CSS puts them.
LEADING = 1.32
_ASCENT = 0.928
_CONTENT = 1.164
#: Lines are wrapped at this share of the box width, so a browser never needs more lines.
_SAFE_WIDTH = 0.965

_TAGS = frozenset({"p", "h1", "h2", "h3", "li", "span", "div", "blockquote", "strong"})


@dataclass(frozen=True, slots=True)
class Text:
    """A block of text in a scene: top-left corner, width, size and leading in mm.

    ``lines`` is the text wrapped to fit ``w`` with the built-in font metrics; ``text`` is
    the same lines joined by newlines, which HTML keeps (``white-space: pre-line``), so
    HTML and SVG break lines at the same places. Text cut to fit ends in an ellipsis.
    """

    text: str
    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    size: float
    leading: float
    colour: str
    bold: bool = False
    italic: bool = False
    align: Literal["start", "middle", "end"] = "start"
    tag: str = "p"
    cls: str = ""
    id: str = ""

    @property
    def h(self) -> float:
        return len(self.lines) * self.leading

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def anchor_x(self) -> float:
        return {"start": self.x, "middle": self.x + self.w / 2, "end": self.x + self.w}[self.align]

    @property
    def rows(self) -> tuple[tuple[str, float, float], ...]:
        """``(line, x, baseline y)`` for each line, placed as CSS would place it."""
        offset = (self.leading - _CONTENT * self.size) / 2 + _ASCENT * self.size
        return tuple(
            (line, self.anchor_x, self.y + i * self.leading + offset)
            for i, line in enumerate(self.lines)
        )

    @property
    def css(self) -> Markup:
        """Inline CSS placing the HTML element (numbers and colours only)."""
        parts = [
            f"left:{_mm_filter(self.x)}",
            f"top:{_mm_filter(self.y)}",
            f"width:{_mm_filter(self.w)}",
            f"height:{_mm_filter(self.h + 0.01)}",
            f"font-size:{_mm_filter(self.size)}",
            f"line-height:{_mm_filter(self.leading)}",
            f"color:{_colour(self.colour, '#000000')}",
        ]
        if self.bold:
            parts.append("font-weight:700")
        if self.italic:
            parts.append("font-style:italic")
        if self.align != "start":
            parts.append("text-align:" + {"middle": "center", "end": "right"}[self.align])
        return Markup(";".join(parts))

    @property
    def svg_attrs(self) -> Markup:
        """SVG presentation attributes (numbers and colours only)."""
        parts = [f'font-size="{_n_filter(self.size)}"', f'fill="{_colour(self.colour, "#000000")}"']
        if self.bold:
            parts.append('font-weight="700"')
        if self.italic:
            parts.append('font-style="italic"')
        if self.align != "start":
            parts.append(f'text-anchor="{self.align}"')
        return Markup(" ".join(parts))


@dataclass(frozen=True, slots=True)
class Shape:
    """A graphic in a scene: ``rect``, ``line``, ``circle``, ``path`` or ``image``.

    ``attrs`` are the SVG attributes, computed here from numbers and colours (and, for a
    portrait, a ``data:`` URI made by :mod:`~personajourney.render.assets`).
    """

    tag: Literal["rect", "line", "circle", "path", "image"]
    attrs: tuple[tuple[str, str], ...]


def _attrs(**values: object) -> tuple[tuple[str, str], ...]:
    out = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        name = key.rstrip("_").replace("_", "-")
        text = _n_filter(value) if isinstance(value, float | int) else str(value)
        out.append((name, text))
    return tuple(out)


def rect(
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: str = "none",
    stroke: str | None = None,
    width: float | None = None,
    radius: float | None = None,
    dash: str | None = None,
    opacity: float | None = None,
) -> Shape:
    return Shape(
        "rect",
        _attrs(
            x=x,
            y=y,
            width=max(0.0, w),
            height=max(0.0, h),
            rx=radius,
            fill=fill,
            stroke=stroke,
            stroke_width=width if stroke else None,
            stroke_dasharray=dash,
            opacity=opacity,
        ),
    )


def line(
    x1: float, y1: float, x2: float, y2: float, colour: str, width: float, dash: str | None = None
) -> Shape:
    return Shape(
        "line",
        _attrs(
            x1=x1,
            y1=y1,
            x2=x2,
            y2=y2,
            stroke=colour,
            stroke_width=width,
            stroke_dasharray=dash,
            stroke_linecap="round",
        ),
    )


def circle(
    cx: float,
    cy: float,
    r: float,
    *,
    fill: str,
    stroke: str | None = None,
    width: float | None = None,
    opacity: float | None = None,
) -> Shape:
    return Shape(
        "circle",
        _attrs(
            cx=cx,
            cy=cy,
            r=r,
            fill=fill,
            stroke=stroke,
            stroke_width=width if stroke else None,
            opacity=opacity,
        ),
    )


def path(d: str, *, stroke: str, width: float, fill: str = "none") -> Shape:
    return Shape(
        "path",
        _attrs(
            d=d,
            fill=fill,
            stroke=stroke,
            stroke_width=width,
            stroke_linejoin="round",
            stroke_linecap="round",
        ),
    )


@dataclass(frozen=True, slots=True)
class Group:
    """Shapes and texts that belong together, with an element id derived from node keys."""

    id: str = ""
    cls: str = ""
    tag: str = "div"
    shapes: tuple[Shape, ...] = ()
    texts: tuple[Text, ...] = ()
    groups: tuple[Group, ...] = ()

    def all_shapes(self) -> Iterator[Shape]:
        yield from self.shapes
        for group in self.groups:
            yield from group.all_shapes()


@dataclass(frozen=True, slots=True)
class Clip:
    """A circular clip path (for a round portrait)."""

    id: str
    cx: float
    cy: float
    r: float


@dataclass(frozen=True, slots=True)
class Scene:
    """A laid-out artefact: a ``width`` × ``height`` mm box of groups, at ``x``, ``y`` on its
    sheet. ``hatch`` is the colour of the hatching that marks empty cells."""

    id: str
    width: float
    height: float
    groups: tuple[Group, ...]
    x: float = 0.0
    y: float = 0.0
    hatch: str = "#d2493c"
    clips: tuple[Clip, ...] = ()
    title: str = ""

    @property
    def hatch_id(self) -> str:
        return f"{self.id}-hatch"

    @property
    def hatch_fill(self) -> str:
        return f"url(#{self.hatch_id})"


@dataclass(slots=True)
class _Block:
    """What one block of a sheet draws while it is laid out: shapes, texts, nested groups,
    and where it ends (mm from the top of the sheet)."""

    bottom: float
    shapes: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    def group(self, id: str = "", cls: str = "", tag: str = "div") -> Group:
        """The block as a :class:`Group` (its shapes, texts and nested groups, in order)."""
        return Group(id, cls, tag, tuple(self.shapes), tuple(self.texts), tuple(self.groups))


def _with_logo(scene: Scene, st: Style, margin: float) -> Scene:
    """``scene`` with the theme's logo, small, in the top-right corner of its top margin.

    The logo sits in a box ``0.5 × margin`` high and three times as wide, right-aligned; it
    does not move anything else. Without a logo the scene is returned unchanged.
    """
    if not st.logo:
        return scene
    h = 0.5 * margin
    w = 3 * h
    image = Shape(
        "image",
        _attrs(
            x=scene.width - 0.5 * margin - w,
            y=0.25 * margin,
            width=w,
            height=h,
            href=st.logo,
            preserveAspectRatio="xMaxYMid meet",
        ),
    )
    group = Group(f"{scene.id}-logo", "logo", "div", (image,))
    return replace(scene, groups=(*scene.groups, group))


class _Pen:
    """Makes :class:`Text` blocks in one scene's style: wraps, cuts and measures."""

    def __init__(self, style: Style) -> None:
        self.style = style

    def text(
        self,
        value: str,
        x: float,
        y: float,
        w: float,
        size: float,
        *,
        colour: str | None = None,
        leading: float = LEADING,
        bold: bool = False,
        italic: bool = False,
        max_lines: int | None = None,
        align: Literal["start", "middle", "end"] = "start",
        tag: str = "p",
        cls: str = "",
        id: str = "",
    ) -> Text:
        lines, _ = fit_text(value, max(0.0, w) * _SAFE_WIDTH, size, bold=bold, max_lines=max_lines)
        return Text(
            text="\n".join(lines),
            lines=tuple(lines),
            x=x,
            y=y,
            w=max(0.0, w),
            size=size,
            leading=size * leading,
            colour=colour or self.style.text,
            bold=bold,
            italic=italic,
            align=align,
            tag=tag if tag in _TAGS else "p",
            cls=cls,
            id=id,
        )


@dataclass(frozen=True, slots=True)
class _ChipSpec:
    label: str
    fill: str
    colour: str
    stroke: str | None = None
    struck: bool = False
    dot: str | None = None


def _chips(
    pen: _Pen,
    specs: Sequence[_ChipSpec],
    x: float,
    y: float,
    w: float,
    size: float,
    *,
    max_rows: int = 4,
    bold: bool = False,
) -> tuple[list[Shape], list[Text], float]:
    """Lay out pill-shaped chips left to right, wrapping; returns shapes, texts and bottom."""
    shapes: list[Shape] = []
    texts: list[Text] = []
    height = size * 1.75
    pad = size * 0.62
    gap = size * 0.45
    dot = size * 0.62
    cx, cy = x, y
    rows = 1
    bottom = y
    for spec in specs:
        room = w - 2 * pad - (dot + pad * 0.6 if spec.dot else 0)
        caption = pen.text(spec.label, 0, 0, room / _SAFE_WIDTH, size, max_lines=1, bold=bold)
        inner = text_width(caption.lines[0] if caption.lines else "", size, bold=bold)
        chip_w = inner / _SAFE_WIDTH + 2 * pad + (dot + pad * 0.6 if spec.dot else 0)
        if cx > x and cx + chip_w > x + w + 1e-6:
            rows += 1
            if rows > max_rows:
                break
            cx = x
            cy += height + gap
        shapes.append(
            rect(
                cx,
                cy,
                chip_w,
                height,
                fill=spec.fill,
                stroke=spec.stroke,
                width=size * 0.09,
                radius=height / 2,
            )
        )
        tx = cx + pad
        if spec.dot:
            shapes.append(circle(cx + pad + dot / 2, cy + height / 2, dot / 2, fill=spec.dot))
            tx += dot + pad * 0.6
        text = pen.text(
            caption.text,
            tx,
            cy + (height - size * 1.25) / 2,
            chip_w - (tx - cx) - pad * 0.5,
            size,
            colour=spec.colour,
            leading=1.25,
            max_lines=1,
            bold=bold,
            tag="span",
        )
        # The measured caption always fits; keep its lines so SVG and HTML agree.
        texts.append(_replace_lines(text, caption))
        if spec.struck:
            shapes.append(
                line(
                    tx - pad * 0.2,
                    cy + height / 2,
                    tx + inner + pad * 0.2,
                    cy + height / 2,
                    spec.colour,
                    size * 0.08,
                )
            )
        cx += chip_w + gap
        bottom = cy + height
    return shapes, texts, bottom


def _replace_lines(text: Text, source: Text) -> Text:
    return Text(
        text=source.text,
        lines=source.lines,
        x=text.x,
        y=text.y,
        w=text.w,
        size=text.size,
        leading=text.leading,
        colour=text.colour,
        bold=text.bold,
        italic=text.italic,
        align=text.align,
        tag=text.tag,
        cls=text.cls,
        id=text.id,
    )


def _search(
    build: Callable[[float, int], tuple[T, bool]],
    low: float,
    high: float,
    levels: int,
) -> T:
    """The layout at the largest base size in ``[low, high]`` that fits, trying level 0
    (everything shown) first and shortening lists at each further level."""
    for level in range(levels):
        result, fits = build(high, level)
        if fits:
            return result
        result, fits = build(low, level)
        if not fits:
            if level == levels - 1:
                return result
            continue
        lo, hi = low, high
        best = result
        for _ in range(12):
            mid = (lo + hi) / 2
            candidate, ok = build(mid, level)
            if ok:
                lo, best = mid, candidate
            else:
                hi = mid
        return best
    raise AssertionError("unreachable")  # pragma: no cover


def fit(
    build: Callable[[float, int, float], tuple[T, float, bool]],
    low: float,
    high: float,
    spread: Callable[[float, float], float | None],
    levels: int = 5,
) -> tuple[T, float, int]:
    """Lay out, binary-search the font size, spread the leftover room, lay out again.

    ``build(base, level, extra)`` lays an artefact out at base font size ``base`` (mm), with
    lists shortened as ``level`` says and ``extra`` mm added to each gap between its blocks;
    it returns the layout, where its content ends (mm from the top) and whether it fits.
    :func:`_search` finds the largest ``base`` in ``[low, high]`` that fits (no ``extra``);
    ``spread(base, end)`` then gives the room to add to each gap, or ``None`` to keep that
    layout as it is. Returns the layout, its base size and its level.
    """

    def attempt(base: float, level: int) -> tuple[tuple[T, float, float, int], bool]:
        layout, end, fits = build(base, level, 0.0)
        return (layout, end, base, level), fits

    layout, end, base, level = _search(attempt, low, high, levels)
    extra = spread(base, end)
    if extra is not None:
        layout = build(base, level, extra)[0]
    return layout, base, level


def _text_of(value: object, limit: int) -> str:
    """Model text for display: scrubbed, whitespace-trimmed, at most ``limit`` characters."""
    return _scrub("" if value is None else str(value), limit).strip()


def _texts(values: Iterable[object], limit: int, count: int = 50) -> list[str]:
    out = []
    for value in values:
        text = _text_of(value, limit)
        if text:
            out.append(text)
        if len(out) >= count:
            break
    return out


def _dom(prefix: str, key: str) -> str:
    """An element id from a kind prefix and a model id (ids are ``[A-Za-z0-9_.-]``)."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}"


def _chip_width(label_text: str, size: float, *, bold: bool = False, dot: bool = False) -> float:
    pad = size * 0.62
    extra = size * 0.62 + pad * 0.6 if dot else 0.0
    return text_width(label_text, size, bold=bold) / _SAFE_WIDTH + 2 * pad + extra


def _upper(text: str) -> str:
    return text.upper()
