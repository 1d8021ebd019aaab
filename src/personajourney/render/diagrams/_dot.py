"""The safe DOT writer the diagrams share: :class:`_Dot`, HTML-like labels and their pieces.

Pure text, deterministic, and safe for untrusted models (``docs`` → security):

* every label is an HTML-like label (``<...>``) and every model string in it is escaped by
  :func:`_esc`: :func:`~personajourney.render.escape.dot_html` with the backslash entity
  doubled, because Graphviz decodes ``&#92;`` *before* it expands ``\\N`` (node id), ``\\G``
  (graph name), ``\\L``, ``\\E``…; ``\\\\`` is Graphviz's own escape for one backslash;
* node ids are opaque (``n0``, ``n1``… in model order, then the invisible layout helpers),
  never model or CRM ids, so nothing personal reaches an SVG ``<title>``; graphs are named
  ``journey`` and ``committee``;
* attributes come from an allow-list (:data:`_ALLOWED`) and every plain value must match a
  strict pattern (:func:`_attrs` raises otherwise); fonts and colours come from the theme
  only; no ``URL``, ``href``, ``tooltip``, ``id``, ``image``, ``shapefile``, ``fontpath`` or
  anything else that links, names or reads a file.

Also the words both diagrams use: :func:`_label_of` (a stage, team or channel in a locale)
and the channel glyphs (:func:`_glyph`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

from ...i18n import label
from ...models.entities import Channel, Stage, Team
from ..escape import clean, dot_html
from ..theme import Theme

# -- safe DOT writing -------------------------------------------------------------------------


class _Html(str):
    """The inside of an HTML-like label: escaped model text and this module's fixed markup."""

    __slots__ = ()


#: The only attributes the builders write. Nothing that reads files (image, shapefile,
#: fontpath, imagepath…), links (URL, href, target) or names things (id, tooltip).
_ALLOWED = frozenset(
    {
        "arrowhead",
        "arrowsize",
        "bgcolor",
        "charset",
        "class",
        "color",
        "compound",
        "constraint",
        "fillcolor",
        "fontcolor",
        "fontname",
        "fontsize",
        "forcelabels",
        "group",
        "label",
        "labeljust",
        "labelloc",
        "lhead",
        "ltail",
        "margin",
        "mclimit",
        "minlen",
        "newrank",
        "nodesep",
        "nslimit",
        "nslimit1",
        "outputorder",
        "pad",
        "penwidth",
        "rankdir",
        "ranksep",
        "remincross",
        "searchsize",
        "shape",
        "style",
        "weight",
        "xlabel",
    }
)
#: Plain attribute values: colours, numbers, keywords, class names, font families.
_PLAIN = re.compile(r"^[A-Za-z0-9#.,:_ \-]{0,120}$")
_SPACE = "&#160;" * 3


def _value(value: object) -> str:
    if isinstance(value, _Html):
        return f"<{value}>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(value)
    if not _PLAIN.match(text):
        raise ValueError(f"refusing DOT attribute value {text[:40]!r}")
    return f'"{text}"'


def _attrs(items: Mapping[str, object]) -> str:
    """`` [a="1", b=<...>]`` from allowed attributes; ``None`` values are left out."""
    parts = []
    for key, value in items.items():
        if key not in _ALLOWED:
            raise ValueError(f"refusing DOT attribute {key!r}")
        if value is not None:
            parts.append(f"{key}={_value(value)}")
    return f" [{', '.join(parts)}]" if parts else ""


def _esc(text: object, limit: int = 200) -> str:
    """One piece of model text, escaped for an HTML-like label (see the module docstring)."""
    return dot_html(text, limit)


def _lines(text: object, width: int, max_lines: int, limit: int = 400) -> list[str]:
    """Model text (cleaned, not escaped) wrapped into at most ``max_lines`` lines."""
    out: list[str] = []
    for paragraph in clean(text, limit).split("\n"):
        out.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    while out and not out[-1].strip():
        out.pop()
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


def _wrap(text: object, width: int, max_lines: int = 3, limit: int = 400) -> str:
    """Escaped, wrapped model text; lines joined by ``<BR/>`` (the cell sets ``BALIGN``)."""
    return "<BR/>".join(_esc(line, width + 2) for line in _lines(text, width, max_lines, limit))


def _font(theme: Theme) -> str:
    """The first family of the theme's font stack."""
    first = theme.font.split(",")[0].strip().strip("'\"").strip()
    return first if first and _PLAIN.match(first) else "DejaVu Sans"


def _font_tag(
    text: str,
    *,
    colour: str | None = None,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> str:
    """``text`` (already escaped) in a ``<FONT>`` with theme colour and size.

    Empty text gives ``""``: Graphviz refuses an empty ``<FONT></FONT>`` and drops the label.
    """
    if not text:
        return ""
    if bold:
        text = f"<B>{text}</B>"
    if italic:
        text = f"<I>{text}</I>"
    attributes = ""
    if colour is not None:
        attributes += f' COLOR="{colour}"'
    if size is not None:
        attributes += f' POINT-SIZE="{size:g}"'
    return f"<FONT{attributes}>{text}</FONT>" if attributes else text


def _row(content: str, *, extra: str = "") -> str:
    """A left-aligned table row of one cell."""
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{extra}>{content}</TD></TR>'


def _table(rows: Sequence[str], padding: int = 3) -> _Html:
    """A borderless table of rows."""
    return _Html(
        f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="{padding}">' + "".join(rows) + "</TABLE>"
    )


def _legend_rows(rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """Legend rows of (mark, text) items, each row one left-aligned cell.

    One cell per row, because Graphviz stretches nested tables to fill their cell.
    """
    out = []
    for items in rows:
        if items:
            text = _SPACE.join(f"{mark} {_font_tag(words, size=9)}" for mark, words in items)
            out.append(_row(text))
    return _table(out, 2)


class _Dot:
    """A DOT document written line by line."""

    def __init__(self, name: str) -> None:
        self.lines = [f"digraph {name} {{"]
        self.depth = 1

    def add(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def defaults(self, kind: str, items: Mapping[str, object]) -> None:
        self.add(f"{kind}{_attrs(items)};")

    def node(self, node_id: str, items: Mapping[str, object]) -> None:
        self.add(f"{node_id}{_attrs(items)};")

    def edge(self, a: str, b: str, items: Mapping[str, object]) -> None:
        self.add(f"{a} -> {b}{_attrs(items)};")

    def open(self, name: str, items: Mapping[str, object]) -> None:
        self.add(f"subgraph {name} {{")
        self.depth += 1
        self.add(f"graph{_attrs(items)};")

    def close(self) -> None:
        self.depth -= 1
        self.add("}")

    def same_rank(self, node_ids: Sequence[str]) -> None:
        self.add("{rank=same; " + " ".join(f"{n};" for n in node_ids) + "}")

    def text(self) -> str:
        return "\n".join([*self.lines, "}"]) + "\n"


# -- words ------------------------------------------------------------------------------------


def _label_of(entity: Stage | Team | Channel, loc: str) -> str:
    """Like :meth:`Workspace.label_of`, in ``loc`` rather than the workspace's locale."""
    if entity.name:
        return entity.name
    vocabulary = {Stage: "stage", Team: "team", Channel: "channel"}[type(entity)]
    return label(vocabulary, entity.id, loc)


#: A glyph for each built-in channel; other channels get one by kind (online/offline).
_GLYPH = {
    "web": "⌂",
    "search": "⌕",
    "social": "☺",
    "email": "✉",
    "webinar": "◉",
    "chat": "✎",
    "event": "⚑",
    "phone": "☎",
    "meeting": "⚇",
    "partner": "⚭",
    "print": "▤",
}


def _glyph(channel: Channel | None) -> str:
    if channel is None:
        return "◌"
    return _GLYPH.get(channel.id, "●" if channel.kind.value == "online" else "■")
