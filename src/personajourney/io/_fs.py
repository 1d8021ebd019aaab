"""Files on disk, read and written safely.

Reading (:func:`read_regular`): a file is opened without blocking (``O_NONBLOCK``), checked
with ``fstat`` on the open descriptor, and refused at once unless it is a regular file: a
FIFO would block forever, ``/dev/zero`` never ends, a socket cannot be read. Its size cap is
applied from ``fstat`` before a byte is read, and again while reading (a file that grows).

Writing (:func:`write_atomic`): a temporary file in the target's folder, flushed to disk
(``fsync``), renamed over the target, and the folder flushed too, so a reader never sees
half a file, a crash never loses the old one, and a power cut after the call returns does not
lose the new one. The temporary file is named ``.<name>.pj-<pid>-<random>.tmp``: when a run
is killed before its rename, the next write into that folder (``build``, ``render``,
``dump``…) removes the leftovers of processes that no longer run.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

from ..errors import InputLimitError, ModelError, Problem

__all__ = [
    "STALE_SECONDS",
    "check_writable",
    "decode_utf8",
    "read_regular",
    "remove_stale_temporaries",
    "size_text",
    "write_atomic",
    "write_text_atomic",
]

#: A temporary file this old is a leftover even when its process id is in use again.
STALE_SECONDS = 600.0
#: A folder is swept for leftovers at most this often by one process.
_SWEEP_EVERY = 60.0

_TEMPORARY = re.compile(r"^\..*\.pj-(?P<pid>[0-9]+)-[0-9a-f]{12}\.tmp$", re.DOTALL)
_swept: dict[str, float] = {}


# -- reading ---------------------------------------------------------------------------------


def read_regular(
    path: Path,
    limit: int,
    *,
    what: str = "file",
    limit_name: str = "",
    hint: str | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Args:
        what: What the file is, for messages ("theme", "model file").
        limit_name: The name of the limit, for messages (``Limits.max_bytes``).
        hint: How to stay under the limit or raise it.

    Raises:
        ModelError: for a file that cannot be opened or is not a regular file (a folder,
            FIFO, device or socket), refused before anything is read.
        InputLimitError: for a file over ``limit`` bytes, refused before reading.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        reason = "it is a folder" if exc.errno == errno.EISDIR else exc.strerror
        raise ModelError(Problem(f"cannot read {what}: {reason}", file=str(path))) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ModelError(
                Problem(
                    f"{what} is not a regular file ({file_kind(info.st_mode)}); "
                    "give the path of a file",
                    file=str(path),
                )
            )
        if info.st_size > limit:
            raise _over(path, what, info.st_size, limit, limit_name, hint)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 20))
            except OSError as exc:
                message = f"cannot read {what}: {exc.strerror}"
                raise ModelError(Problem(message, file=str(path))) from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while we read
        raise _over(path, what, None, limit, limit_name, hint)
    return data


def _over(
    path: Path, what: str, size: int | None, limit: int, limit_name: str, hint: str | None
) -> InputLimitError:
    named = f" set by {limit_name}" if limit_name else ""
    measured = f"{size:,} bytes" if size is not None else "growing"
    message = f"{what} is {measured}, over the limit of {size_text(limit)}{named}"
    return InputLimitError(Problem(message, file=str(path), hint=hint))


def size_text(count: int) -> str:
    """A byte count for messages: ``10,485,760 bytes (10 MiB)``, ``1,000 bytes``."""
    mib = 1024 * 1024
    if count >= mib and count % mib == 0:
        return f"{count:,} bytes ({count // mib:,} MiB)"
    return f"{count:,} bytes"


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, for messages (``a FIFO``, ``a device``…)."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"


def decode_utf8(data: bytes, file: str) -> str:
    """``data`` as UTF-8 text (a byte-order mark dropped), or a :class:`ModelError` naming
    the byte offset, line and column of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise ModelError(
            Problem(
                f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                file=file,
                line=data.count(b"\n", 0, exc.start) + 1,
                column=exc.start - line_start + 1,
            )
        ) from None
    return text.removeprefix("\ufeff")


# -- writing ---------------------------------------------------------------------------------


def _temporary_name(path: Path) -> Path:
    # The target's name is cut short so the temporary name stays within 255 bytes.
    stem = path.name[:100]
    return path.parent / f".{stem}.pj-{os.getpid()}-{secrets.token_hex(6)}.tmp"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # someone else's process, or a pid no process can have
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files :func:`write_atomic` left in ``folder`` when its process
    was killed: those of processes that no longer run, and any older than
    :data:`STALE_SECONDS`. Another running process's file is left alone. Returns what was
    removed; never raises for a file it cannot remove."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMPORARY.match(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if _running(int(found["pid"])) and now - info.st_mtime < STALE_SECONDS:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _sweep(folder: Path) -> None:
    """:func:`remove_stale_temporaries`, at most once a minute per folder."""
    key = str(folder)
    now = time.monotonic()
    last = _swept.get(key)
    if last is not None and now - last < _SWEEP_EVERY:
        return
    _swept[key] = now
    remove_stale_temporaries(folder)


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text is UTF-8) to ``path`` through a temporary file in the same folder
    and a rename, so a reader never sees half a file and a crash never loses the old one.

    The file is flushed to disk before the rename and the folder after it (durable), and
    temporary files that killed runs left in the folder are removed first (see the module
    docstring).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # Not tempfile.mkstemp: its file is readable by the owner only, and the rename would carry
    # that over. A new file gets the usual permissions (umask applied); a replaced one keeps its.
    tmp = _temporary_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`write_atomic`)."""
    write_atomic(path, text)


def check_writable(folder: Path) -> None:
    """Make ``folder`` (and its parents) if missing, and prove a file can be written in it,
    by writing and removing an empty temporary file.

    Raises:
        OSError: when the folder cannot be made or written into.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    probe = _temporary_name(folder / "write-test")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0))
    os.close(fd)
    probe.unlink(missing_ok=True)
