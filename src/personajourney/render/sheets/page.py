"""A printable page around engine-made SVG (``page.html.j2``).

:func:`sanitize_svg` makes Graphviz's SVG safe to inline into HTML and scales it to its box;
:func:`page_context` builds :class:`PageContext` and :func:`page_html` renders it.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ... import i18n
from ..escape import safe_url
from ..escape import xml as escape_xml
from ..jinja import _n_filter, _render, _scrub
from ..paper import Page
from ..scene import _text_of
from ..style import PageBox, Style, _page_box, _resolve_page, _style
from ..theme import DEFAULT_THEME, Theme

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_DROP_ELEMENTS = frozenset(
    {
        "script",
        "foreignObject",
        "iframe",
        "object",
        "embed",
        "style",
        "image",
        "feImage",
        "animate",
        "animateMotion",
        "animateTransform",
        "set",
        "handler",
        "listener",
        "audio",
        "video",
    }
)
_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>|<!--.*?-->", re.S)
_EMPTY_SVG = f'<svg xmlns="{_SVG_NS}" viewBox="0 0 1 1"></svg>'


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _write_element(element: ET.Element, out: list[str], root: bool) -> None:
    ns, tag = _local(element.tag)
    if ns not in ("", _SVG_NS) or tag in _DROP_ELEMENTS:
        if element.tail:
            out.append(escape_xml(element.tail, 10**9))
        return
    attrs: list[str] = []
    if root:
        attrs.append(f'xmlns="{_SVG_NS}"')
        attrs.append(f'xmlns:xlink="{_XLINK_NS}"')
    for name, value in element.attrib.items():
        ans, local = _local(name)
        if ans == _XLINK_NS and local == "href":
            local = "xlink:href"
        elif ans == _XML_NS and local in ("space", "lang"):
            local = "xml:" + local
        elif ans:
            continue
        lower = local.lower()
        if lower.startswith("on") or (root and lower in ("width", "height")):
            continue
        if lower == "style" and re.search(r"url\(|@import|expression|javascript", value, re.I):
            continue
        external = lower in ("href", "xlink:href") and not value.startswith("#")
        if external and safe_url(value) is None:
            continue
        attrs.append(f'{local}="{escape_xml(value, 10**9)}"')
    if root:
        attrs.append('width="100%"')
        attrs.append('height="100%"')
        if "preserveAspectRatio" not in element.attrib:
            attrs.append('preserveAspectRatio="xMidYMid meet"')
    out.append(f"<{tag}{(' ' + ' '.join(attrs)) if attrs else ''}>")
    if element.text:
        out.append(escape_xml(element.text, 10**9))
    for child in element:
        _write_element(child, out, False)
    out.append(f"</{tag}>")
    if element.tail and not root:
        out.append(escape_xml(element.tail, 10**9))


def _length(value: str | None) -> float | None:
    if not value:
        return None
    match = re.match(r"^\s*([0-9.]+)\s*(pt|px|mm|cm|in)?\s*$", value)
    if not match:
        return None
    number = float(match.group(1))
    return (
        number
        * {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}[
            match.group(2) or "px"
        ]
    )


def sanitize_svg(text: str) -> Markup:
    """Engine-made SVG (Graphviz) made safe to inline into HTML, scaled to its box.

    The XML declaration, doctype and comments are removed (comments can carry node ids);
    documents declaring entities are refused. Scripts, ``foreignObject``, styles,
    animations and elements of other namespaces are dropped, as are ``on*`` attributes,
    links other than http(s), mailto, relative or ``#fragment``, and images (a Graphviz
    image would point at a local file). The root gets ``width="100%" height="100%"`` and
    keeps (or gains) its ``viewBox``, so it scales to the box it is put in.

    Returns an empty SVG for text that is not well-formed SVG.
    """
    source = _scrub(str(text))
    if "<!ENTITY" in source.upper():
        return Markup(_EMPTY_SVG)
    source = _PROLOGUE.sub("", source)
    try:
        root = ET.fromstring(source)
    except ET.ParseError:
        return Markup(_EMPTY_SVG)
    if _local(root.tag) != (_SVG_NS, "svg") and _local(root.tag) != ("", "svg"):
        return Markup(_EMPTY_SVG)
    if "viewBox" not in root.attrib:
        width, height = _length(root.get("width")), _length(root.get("height"))
        if width and height:
            root.set("viewBox", f"0 0 {_n_filter(width)} {_n_filter(height)}")
    out: list[str] = []
    _write_element(root, out, True)
    return Markup("".join(out))


@dataclass(frozen=True, slots=True)
class PageContext:
    """Context of ``page.html.j2``: a title and an SVG (already sanitised) to fit the page.

    ``box_*`` is the area the SVG is scaled into, in mm.
    """

    title: str
    locale: str
    page: PageBox
    style: Style
    svg: Markup
    margin: float
    box_width: float
    box_height: float
    title_size: float


def page_context(
    title: str,
    inner_svg_text: str,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    locale: str = "en",
) -> PageContext:
    """The context of ``page.html.j2`` (A4 landscape unless ``page`` says otherwise)."""
    paper = _resolve_page(
        page, "A4", "landscape" if page is None or isinstance(page, str) else None
    )
    mw = min(paper.width, paper.height)
    margin = 0.06 * mw
    title_size = 0.03 * mw
    head = title_size * 1.3 + 0.5 * title_size
    return PageContext(
        title=_text_of(title, 300),
        locale=locale if locale in i18n.LOCALES else "en",
        page=_page_box(paper),
        style=_style(theme),
        svg=sanitize_svg(inner_svg_text),
        margin=margin,
        box_width=paper.width - 2 * margin,
        box_height=paper.height - 2 * margin - head,
        title_size=title_size,
    )


def page_html(
    title: str,
    inner_svg_text: str,
    *,
    page: Page | str | None = None,
    theme: Theme = DEFAULT_THEME,
    template_dirs: Iterable[str | os.PathLike[str]] = (),
    locale: str = "en",
) -> str:
    """An engine-made SVG (a Graphviz diagram…) as a printable page: a title, and the SVG
    inline, sanitised by :func:`sanitize_svg`, scaled to fill the rest of the page."""
    context = page_context(title, inner_svg_text, page=page, theme=theme, locale=locale)
    return _render("page.html.j2", context, template_dirs)
