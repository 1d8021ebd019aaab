"""Which files of an output folder still name someone: after ``personajourney redact``.

Removing a contact from the model does not touch what was made from it before: a wall pack,
a report, an export. :func:`files_naming` searches a folder for the contact's name, CRM id
and id, case-insensitively, in

- the text of every file (HTML, SVG, DOT, JSON, SARIF, Markdown, Mermaid…), as UTF-8 and
  UTF-16;
- a PDF's text, page by page (pypdfium2), and its document information;
- a PNG's text chunks; and, since the pixels of a PNG cannot be searched, a PNG whose
  sibling of the same name (``poster.png`` beside ``poster.pdf`` or ``poster.svg``) names
  the contact.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "poster.svg").write_text("<svg><text>Jari Virtanen</text></svg>")
    >>> _ = (folder / "poster.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
    >>> [p.name for p in files_naming(folder, ["jari virtanen"])]
    ['poster.png', 'poster.svg']
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["files_naming"]

#: Files larger than this are searched in their first this many bytes only.
MAX_SEARCHED_BYTES = 256 * 1024 * 1024


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    parts: list[str] = []
    document = pypdfium2.PdfDocument(data)
    try:
        parts.extend(str(v) for v in document.get_metadata_dict().values())
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return "\n".join(parts)


def _png_text(data: bytes) -> str:
    import zlib

    from .metadata import png_chunks

    parts = []
    try:
        chunks = png_chunks(data)
    except ValueError:
        return ""
    for kind, body in chunks:
        if kind in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
            parts.append(body.decode("latin-1"))
            if kind != b"tEXt":
                for start in range(len(body)):
                    try:
                        parts.append(zlib.decompress(body[start:]).decode("utf-8", "replace"))
                        break
                    except zlib.error:
                        continue
    return "\n".join(parts)


def _searchable(path: Path) -> str:
    with path.open("rb") as stream:
        data = stream.read(MAX_SEARCHED_BYTES)
    parts = [data.decode("utf-8", "replace"), data.decode("utf-16-le", "replace")]
    if data.startswith(b"%PDF"):
        with contextlib.suppress(Exception):  # a damaged PDF is searched as bytes only
            parts.append(_pdf_text(data))
    if data.startswith(b"\x89PNG"):
        parts.append(_png_text(data))
    return "\n".join(parts)


def files_naming(folder: str | os.PathLike[str], needles: Iterable[str]) -> list[Path]:
    """The files under ``folder`` that name any of ``needles`` (see the module docstring),
    sorted. Symbolic links and hidden files are not followed or read.
    """
    wanted = [n.casefold() for n in needles if n and n.strip()]
    root = Path(folder)
    if not wanted or not root.is_dir():
        return []
    files = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    naming = {p for p in files if any(n in _searchable(p).casefold() for n in wanted)}
    for path in files:  # a PNG is as telling as its siblings
        if path.suffix.lower() == ".png" and any(
            other.parent == path.parent and other.stem == path.stem for other in naming
        ):
            naming.add(path)
    return sorted(naming)
