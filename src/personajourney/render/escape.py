"""Escaping untrusted model text for every output target.

Every string in a model may come from a shared file or a CRM export, so nothing is trusted:

* :func:`clean` drops control characters (XML 1.0 forbids most; MarkupSafe keeps them) and
  bidirectional-override characters that can disguise text, and caps the length;
* :func:`xml` escapes for HTML and SVG/XML text and quoted attribute values;
* :func:`dot_html` escapes for Graphviz HTML-like labels (``<...>`` labels), where ``\\N``,
  ``\\G`` and friends are neutralised;
* :func:`safe_url` keeps only http, https, mailto and relative URLs.
"""

from __future__ import annotations

import re
import unicodedata

from .._text import UNSAFE_CHARACTERS

__all__ = ["MAX_TEXT", "clean", "dot_html", "safe_url", "xml"]

#: Longest text kept from one field in rendered output (characters).
MAX_TEXT = 2_000

_CONTROL = UNSAFE_CHARACTERS  # line endings are normalised before it applies
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def clean(text: object, limit: int = MAX_TEXT) -> str:
    """Text without control characters, NFC-normalised, at most ``limit`` characters.

    Example:
        >>> clean("Hanna\\x00\\u202e")
        'Hanna'
    """
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value


def xml(text: object, limit: int = MAX_TEXT) -> str:
    """Escape for HTML/SVG text and double- or single-quoted attribute values.

    Example:
        >>> xml('<script>alert("x")</script>')
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return (
        clean(text, limit)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def dot_html(text: object, limit: int = 200) -> str:
    """Escape for a Graphviz HTML-like label.

    Graphviz expands escape sequences such as ``\\N`` (node name) and ``\\G`` (graph name)
    in labels, and it decodes entities *before* it expands them, so ``&#92;N`` would still
    print the node id. A backslash is therefore written as two escaped backslashes,
    ``&#92;&#92;``, which Graphviz prints as one literal backslash. Newlines become
    ``<BR/>`` line breaks.

    Example:
        >>> dot_html('a\\\\N <b> & "c"')
        'a&#92;&#92;N &lt;b&gt; &amp; &quot;c&quot;'
    """
    escaped = xml(text, limit).replace("\\", "&#92;&#92;")
    return escaped.replace("\n", '<BR ALIGN="LEFT"/>')


def safe_url(url: object) -> str | None:
    """The URL if it is http(s), mailto or relative; ``None`` for anything else.

    ``javascript:``, ``data:``, ``file:`` and every other scheme are refused, including
    obfuscated spellings with spaces or control characters inside the scheme.

    Example:
        >>> safe_url("https://example.com/a"), safe_url(" JavaScript:alert(1)")
        ('https://example.com/a', None)
    """
    if url is None:
        return None
    value = "".join(ch for ch in clean(url) if not ch.isspace() or ch == " ").strip()
    squashed = re.sub(r"[\s\x00-\x1f]", "", value)
    match = _URL_SCHEME.match(squashed)
    if match:
        return value if match.group(1).lower() in ("http", "https", "mailto") else None
    if squashed.startswith("//") or squashed.startswith("\\\\"):
        return None  # protocol-relative: could point anywhere
    return value
