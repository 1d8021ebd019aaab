"""Measuring and wrapping text for template SVG, where text does not wrap by itself.

Widths come from the advance widths of DejaVu Sans and DejaVu Sans Bold (the default theme
font, installed with WeasyPrint and embedded in its PDFs), built in so that measuring gives
the same answer on every machine, whether or not the font is installed. Characters outside
the table get an estimate (wide East Asian characters one em, combining marks nothing,
anything else 0.6 em). Kerning is ignored, which errs slightly on the wide side.

Every size is in the caller's unit: a width measured with ``size=3.5`` (mm) is in mm.

Example:
    >>> from personajourney.render.svgtext import text_width, wrap
    >>> round(text_width("Hanna", 10), 2)
    32.45
    >>> wrap("Täyttää 40 lähihoitajan kesäsijaisuutta", 80, 10)
    ['Täyttää 40', 'lähihoitajan', 'kesäsijaisuutta']
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["ELLIPSIS", "clip", "fit", "line_count", "text_width", "wrap"]

ELLIPSIS = "…"
_UNITS_PER_EM = 2048


def _table(ascii_run: str, latin_run: str, extra: str) -> dict[int, float]:
    """Decode a width table: U+0020–U+007E, U+00A0–U+017E, then ``hex:width`` pairs."""
    widths: dict[int, float] = {}
    for start, run in ((0x20, ascii_run), (0xA0, latin_run)):
        for offset, value in enumerate(run.split()):
            widths[start + offset] = int(value) / _UNITS_PER_EM
    for item in extra.split():
        code, value = item.split(":")
        widths[int(code, 16)] = int(value) / _UNITS_PER_EM
    return widths


# Advance widths of DejaVu Sans (Book) and DejaVu Sans Bold, in font units (2048 per em).
_REGULAR = _table(
    (
        "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 1303 "
        "1303 1303 1303 1303 1303 1303 1303 690 690 1716 1716 1716 1087 2048 1401 1405 1430 "
        "1577 1294 1178 1587 1540 604 604 1343 1141 1767 1532 1612 1235 1612 1423 1300 1251 "
        "1499 1401 2025 1403 1251 1403 799 690 799 1716 1024 1024 1255 1300 1126 1300 1260 "
        "721 1300 1298 569 569 1186 569 1995 1298 1253 1300 1300 842 1067 803 1298 1212 1675 "
        "1212 1212 1075 1303 690 1303 1716 "
    ),
    (
        "651 821 1303 1303 1303 1303 690 1024 1024 2048 965 1253 1716 739 2048 1024 1024 1716 "
        "821 821 1024 1303 1303 651 1024 821 965 1253 1985 1985 1985 1087 1401 1401 1401 1401 "
        "1401 1401 1995 1430 1294 1294 1294 1294 604 604 604 604 1587 1532 1612 1612 1612 "
        "1612 1612 1716 1612 1499 1499 1499 1499 1251 1239 1290 1255 1255 1255 1255 1255 1255 "
        "2011 1126 1260 1260 1260 1260 569 569 569 569 1253 1298 1253 1253 1253 1253 1253 "
        "1716 1253 1298 1298 1298 1298 1212 1300 1212 1401 1255 1401 1255 1401 1255 1430 1126 "
        "1430 1126 1430 1126 1430 1126 1577 1300 1587 1300 1294 1260 1294 1260 1294 1260 1294 "
        "1260 1294 1260 1587 1300 1587 1300 1587 1300 1587 1300 1540 1298 1876 1423 604 569 "
        "604 569 604 569 604 569 604 569 1208 1138 604 569 1343 1186 1186 1141 569 1141 569 "
        "1141 768 1141 700 1151 582 1532 1298 1532 1298 1532 1298 1666 1532 1298 1612 1253 "
        "1612 1253 1612 1253 2191 2095 1423 842 1423 842 1423 842 1300 1067 1300 1067 1300 "
        "1067 1300 1067 1251 803 1251 803 1251 803 1499 1298 1499 1298 1499 1298 1499 1298 "
        "1499 1298 1499 1298 2025 1675 1251 1212 1251 1403 1075 1403 1075 1403 1075 "
    ),
    (
        "2013:1024 2014:2048 2018:651 2019:651 201a:651 201c:1061 201d:1061 201e:1061 "
        "2026:2048 2022:1208 20ac:1303 2212:1716 2192:1716 2190:1716 b7:651 2030:2748 "
        "2122:2048 2039:819 203a:819 25cf:1787 25cb:1787 2715:1716 2713:1716 "
    ),
)
_BOLD = _table(
    (
        "713 934 1067 1716 1425 2052 1786 627 936 936 1071 1716 778 850 778 748 1425 1425 "
        "1425 1425 1425 1425 1425 1425 1425 1425 819 819 1716 1716 1716 1188 2048 1585 1561 "
        "1503 1700 1399 1399 1681 1714 762 762 1587 1305 2038 1714 1741 1501 1741 1577 1475 "
        "1397 1663 1585 2259 1579 1483 1485 936 748 936 1716 1024 1024 1382 1466 1214 1466 "
        "1389 891 1466 1458 702 702 1362 702 2134 1458 1407 1466 1466 1010 1219 979 1458 1335 "
        "1892 1321 1335 1192 1458 748 1458 1716 "
    ),
    (
        "713 934 1425 1425 1303 1425 748 1024 1024 2048 1155 1323 1716 850 2048 1024 1024 "
        "1716 897 897 1024 1507 1303 778 1024 897 1155 1323 2120 2120 2120 1188 1585 1585 "
        "1585 1585 1585 1585 2222 1503 1399 1399 1399 1399 762 762 762 762 1716 1714 1741 "
        "1741 1741 1741 1741 1716 1741 1663 1663 1663 1663 1483 1511 1473 1382 1382 1382 1382 "
        "1382 1382 2146 1214 1389 1389 1389 1389 702 702 702 702 1407 1458 1407 1407 1407 "
        "1407 1407 1716 1407 1458 1458 1458 1458 1335 1466 1335 1585 1382 1585 1382 1585 1382 "
        "1503 1214 1503 1214 1503 1214 1503 1214 1700 1466 1716 1466 1399 1389 1399 1389 1399 "
        "1389 1399 1389 1399 1389 1681 1466 1681 1466 1681 1466 1681 1466 1714 1458 1994 1618 "
        "762 702 762 702 762 702 762 702 762 702 1524 1404 762 702 1587 1362 1362 1305 702 "
        "1305 702 1305 982 1305 1140 1315 760 1714 1458 1714 1458 1714 1458 2013 1714 1458 "
        "1741 1407 1741 1407 1741 1407 2390 2241 1577 1010 1577 1010 1577 1010 1475 1219 1475 "
        "1219 1475 1219 1475 1219 1397 979 1397 979 1397 979 1663 1458 1663 1458 1663 1458 "
        "1663 1458 1663 1458 1663 1458 2259 1892 1483 1335 1483 1485 1192 1485 1192 1485 1192 "
    ),
    (
        "2013:1024 2014:2048 2018:778 2019:778 201a:778 201c:1346 201d:1346 201e:1346 "
        "2026:2048 2022:1309 20ac:1425 2212:1716 2192:1716 2190:1716 b7:778 2030:2949 "
        "2122:2048 2039:844 203a:844 25cf:1787 25cb:1787 2715:1716 2713:1716 "
    ),
)


def _fallback(char: str) -> float:
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.6


@lru_cache(maxsize=4096)
def _em_width(text: str, bold: bool) -> float:
    table = _BOLD if bold else _REGULAR
    return sum(table.get(ord(ch)) or _fallback(ch) for ch in text)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` set in ``size`` (same unit as the result).

    Example:
        >>> text_width("ÄÖ", 10) > text_width("ao", 10)
        True
    """
    if len(text) > 512:
        return sum(_em_width(text[i : i + 512], bold) for i in range(0, len(text), 512)) * size
    return _em_width(text, bold) * size


def clip(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut to fit ``width``, ending in an ellipsis when anything was cut."""
    if text_width(text, size, bold=bold) <= width:
        return text
    room = width - text_width(ELLIPSIS, size, bold=bold)
    out = ""
    used = 0.0
    for ch in text:
        step = text_width(ch, size, bold=bold)
        if used + step > room:
            break
        out += ch
        used += step
    return out.rstrip() + ELLIPSIS


def _split_long(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word that is wider than the line into pieces that fit."""
    pieces: list[str] = []
    current = ""
    used = 0.0
    for ch in word:
        step = text_width(ch, size, bold=bold)
        if current and used + step > width:
            pieces.append(current)
            current, used = "", 0.0
        current += ch
        used += step
    if current:
        pieces.append(current)
    return pieces


def wrap(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width``.

    Newlines start new lines; words wider than a line are broken between characters; with
    ``max_lines``, the last line kept ends in an ellipsis when text was left out.

    Example:
        >>> wrap("a b c", 100, 10)
        ['a b c']
        >>> wrap("one two three four", 45, 10, max_lines=2)
        ['one two', 'three…']
    """
    return fit(text, width, size, bold=bold, max_lines=max_lines)[0]


def fit(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
) -> tuple[list[str], bool]:
    """Like :func:`wrap`, and also whether text was left out to respect ``max_lines``."""
    if width <= 0 or size <= 0 or (max_lines is not None and max_lines <= 0):
        return [], bool(text.strip())
    space = text_width(" ", size, bold=bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        used = 0.0
        for word in paragraph.split():
            step = text_width(word, size, bold=bold)
            if current and used + space + step <= width:
                current += " " + word
                used += space + step
                continue
            if current:
                lines.append(current)
                current, used = "", 0.0
            if step > width:
                *full, word = _split_long(word, width, size, bold)
                lines.extend(full)
                step = text_width(word, size, bold=bold)
            current, used = word, step
            if max_lines is not None and len(lines) > max_lines:
                break
        if current or not paragraph.strip():
            lines.append(current)
        if max_lines is not None and len(lines) > max_lines:
            break
    while lines and not lines[-1]:
        lines.pop()
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _ellipsize(kept[-1], width, size, bold)
        return kept, True
    return lines, False


def _ellipsize(line: str, width: float, size: float, bold: bool) -> str:
    """``line`` with an ellipsis at its end, shortened until both fit."""
    candidate = line.rstrip(" ,.;:") + ELLIPSIS
    if text_width(candidate, size, bold=bold) <= width:
        return candidate
    return clip(line + ELLIPSIS * 2, width, size, bold=bold)


def line_count(text: str, width: float, size: float, *, bold: bool = False) -> int:
    """Number of lines :func:`wrap` makes of ``text`` (0 for empty text)."""
    return len(wrap(text, width, size, bold=bold))
