"""Images for rendered artefacts: persona photos, safely, or a generated initials avatar.

A persona's ``photo`` is a path relative to the workspace's *assets folder*
(``ws.assets``): the folder named with ``--assets`` (``Options.assets``), else the workspace
folder when the workspace was loaded from a folder. A workspace loaded from a single file has
none unless one is named: the folder a model file lies in may be a downloads folder holding
anything (``photo: private/passport.png``). Models are untrusted, so a photo is used only
when all of these hold:

* there is an assets folder (a workspace built in code has no files);
* the path is relative, has no ``..`` part, no URL scheme, no backslash and no NUL;
* no part of the path is hidden (starts with ``.``: ``.ssh/``, ``.git/``, ``.secret.png``);
* no part of the path is a symbolic link, and the resolved file is inside the folder;
* it is a regular file (not a device or FIFO) of at most :data:`MAX_IMAGE_BYTES`;
* Pillow reads it as PNG, JPEG, GIF or WebP, declaring at most :data:`MAX_IMAGE_PIXELS`
  pixels (checked from the header, before any pixel is decoded: decompression bombs are
  refused without allocating their memory).

The image is then cropped to a centred square, scaled down and re-encoded, which drops
EXIF and every other metadata chunk (camera, GPS position, the author's name), and is
embedded as a ``data:`` URI so the HTML fetches nothing. Anything else gives the initials
avatar instead; rendering never fails because of a photo.

Example:
    >>> from personajourney.render.assets import initials
    >>> initials("Marja Markkinoija"), initials("Jari, the head of procurement")
    ('MM', 'J')
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from ..errors import AssetError

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "AssetError",
    "Portrait",
    "avatar_colour",
    "image_data_uri",
    "initials",
    "portrait",
    "resolve_inside",
]

#: Largest image file read (bytes).
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: Largest image accepted, in pixels (width × height, as declared in the file's header).
MAX_IMAGE_PIXELS = 40_000_000
#: Longest side of an embedded portrait after scaling (pixels).
PORTRAIT_SIDE = 600

_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True, slots=True)
class Portrait:
    """What a persona card shows as its picture.

    Attributes:
        kind: ``photo`` (the persona's own image) or ``initials`` (a generated avatar).
        uri: ``data:`` URI of the re-encoded photo; empty for initials.
        initials: One or two letters from the name, for the avatar (and as alt text).
        colour: Background colour of the avatar (``#rrggbb``), derived from the persona id.
        refused: Why a photo given in the model was not used ("" otherwise). For logs and
            tests only: it is never rendered, since it may echo a path.
    """

    kind: Literal["photo", "initials"]
    uri: str
    initials: str
    colour: str
    refused: str = ""


def resolve_inside(root: str | os.PathLike[str] | None, relative: str) -> Path:
    """The file ``relative`` names inside ``root``, refusing every way out of the folder.

    Raises:
        AssetError: for a missing root, an absolute path, ``..``, a URL, a backslash, a NUL,
            a hidden file or folder (a part starting with ``.``), a symbolic link anywhere
            on the way, or a path that resolves outside ``root``.
    """
    if root is None:
        raise AssetError(
            "no assets folder: the workspace was loaded from a single file or built in code "
            "(name one with --assets, or load the workspace's folder)"
        )
    text = str(relative)
    if not text or "\x00" in text or "\\" in text or len(text) > 500:
        raise AssetError("not a plain relative path")
    if _SCHEME.match(text) or text.startswith(("/", "~")):
        raise AssetError("not a relative path")
    parts = PurePosixPath(text).parts
    if not parts or any(part in ("..", "") for part in parts):
        raise AssetError("path leaves the workspace folder")
    if any(part.startswith(".") and part != "." for part in parts):
        raise AssetError("path goes through a hidden file or folder")
    base = Path(root).resolve()
    current = base
    for part in parts:
        if part == ".":
            continue
        current = current / part
        if current.is_symlink():
            raise AssetError("path goes through a symbolic link")
    resolved = current.resolve()
    if resolved != current or not resolved.is_relative_to(base):
        raise AssetError("path leaves the workspace folder")
    return resolved


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a regular file without following a link or blocking on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        raise AssetError("cannot open the file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise AssetError("not a regular file")
        if info.st_size > max_bytes:
            raise AssetError(f"file is over {max_bytes} bytes")
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise AssetError(f"file is over {max_bytes} bytes")
    return data


def image_data_uri(
    root: str | os.PathLike[str] | None,
    relative: str,
    *,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
    side: int = PORTRAIT_SIDE,
    square: bool = True,
) -> str:
    """A ``data:`` URI of the image ``relative`` inside ``root``, re-encoded without metadata.

    The image is cropped to a centred square (``square``), scaled so its longest side is at
    most ``side`` pixels, and encoded as JPEG (PNG when it has transparency). The same file
    gives the same URI.

    Raises:
        AssetError: if the file is refused (see the module docstring).
    """
    from PIL import Image, ImageOps

    data = _read_limited(resolve_inside(root, relative), max_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=sorted(_FORMATS))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise AssetError("image declares too many pixels") from None
        except Exception:
            raise AssetError("not a readable PNG, JPEG, GIF or WebP image") from None
        with image:
            width, height = image.size
            if width <= 0 or height <= 0 or width * height > max_pixels:
                raise AssetError("image declares too many pixels")
            try:
                image.seek(0)
                image.load()
                picture = ImageOps.exif_transpose(image)
            except Exception:
                raise AssetError("image data is corrupt") from None
    alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if alpha else "RGB")
    # A new image from the pixels alone: no EXIF, ICC profile, text or comment from the
    # file can reach the encoder (Pillow reads some of them from ``Image.info``).
    picture = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    if square:
        edge = min(picture.size)
        left = (picture.width - edge) // 2
        top = (picture.height - edge) // 2
        picture = picture.crop((left, top, left + edge, top + edge))
    if max(picture.size) > side:
        picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if alpha:
        picture.save(out, format="PNG", optimize=False)
        mime = "image/png"
    else:
        picture.save(out, format="JPEG", quality=88, optimize=False, progressive=False)
        mime = "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(out.getvalue()).decode("ascii")


def initials(name: str) -> str:
    """One or two capital letters for an avatar: the first and last word of the name's first
    comma-separated part.

    Example:
        >>> initials("HR-Hanna"), initials("<script>"), initials("")
        ('HH', 'S', '?')
    """
    head = str(name).split(",", 1)[0]
    words: list[str] = [w for w in re.findall(r"[^\W_]+", head) if w]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()[:2]


def avatar_colour(key: str, palette: list[str] | tuple[str, ...]) -> str:
    """A colour from ``palette`` picked by a hash of ``key`` (stable across runs)."""
    if not palette:
        return "#5b6478"
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return palette[int.from_bytes(digest[:4], "big") % len(palette)]


def portrait(
    root: str | os.PathLike[str] | None,
    photo: str | None,
    *,
    key: str,
    name: str,
    palette: list[str] | tuple[str, ...],
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> Portrait:
    """The portrait of a persona: its photo when it is safe to use, else initials.

    Never raises for the photo: a refused photo gives the initials avatar, with the reason
    in :attr:`Portrait.refused`.
    """
    letters = initials(name)
    colour = avatar_colour(key, palette)
    if not photo:
        return Portrait("initials", "", letters, colour)
    try:
        uri = image_data_uri(root, photo, max_bytes=max_bytes, max_pixels=max_pixels)
    except AssetError as exc:
        return Portrait("initials", "", letters, colour, refused=str(exc))
    except (OSError, ValueError, MemoryError):
        return Portrait("initials", "", letters, colour, refused="image could not be read")
    return Portrait("photo", uri, letters, colour)
