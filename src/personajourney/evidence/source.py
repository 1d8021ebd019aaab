"""Where an event log lies: one file, a folder or a glob, each file checked before any engine
reads it.

A path is resolved against the workspace folder when it is relative and the workspace was
loaded from files. Every file must be a regular file (a FIFO, device or socket is refused
before it is opened), all of one format, and together under a size cap: an engine reads
what it is given to the end, so the cap is applied here, from ``stat``, before it starts.
"""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import EventLogError, InputLimitError, Problem
from ..io import file_kind

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EventSource",
    "LogFiles",
    "LogFormat",
    "LogTable",
    "format_of",
    "resolve",
]

LogFormat = Literal["csv", "parquet", "json"]

#: Largest total size of an event log's files read by default (16 GiB).
DEFAULT_MAX_BYTES = 16 * 1024**3

_SUFFIXES: dict[str, LogFormat] = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class LogFiles:
    """The files of an event log, checked, in name order, all of one format."""

    files: tuple[str, ...]
    format: LogFormat
    label: str
    """What the user gave (a path or glob), for messages."""


@dataclass(frozen=True, slots=True)
class LogTable:
    """An event log already in memory: a pandas, polars or pyarrow table."""

    table: Any
    label: str = "<table>"


EventSource = LogFiles | LogTable


def format_of(path: str, given: LogFormat | None = None) -> LogFormat:
    """The format of one file: ``given``, else from its suffix.

    Raises:
        EventLogError: for a suffix that names no event-log format.
    """
    if given is not None:
        return given
    suffix = Path(path).suffix.lower()
    found = _SUFFIXES.get(suffix)
    if found is None:
        raise EventLogError(
            Problem(
                f"unsupported event log type `{suffix or Path(path).name}`; use .csv, "
                ".parquet or JSON lines (.jsonl, .ndjson, .json), or set `evidence.format`",
                file=path,
            )
        )
    return found


def _candidates(pattern: str) -> list[str]:
    if _GLOB_CHARACTERS & set(Path(pattern).name) or any(
        _GLOB_CHARACTERS & set(part) for part in Path(pattern).parts
    ):
        found = sorted(glob.glob(pattern, recursive=True))
        files = [p for p in found if not os.path.isdir(p)]
        if not files:
            raise EventLogError(Problem("the glob matches no file", file=pattern))
        return files
    if os.path.isdir(pattern):
        files = []
        for folder, dirs, names in os.walk(pattern):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.startswith(".") or Path(name).suffix.lower() not in _SUFFIXES:
                    continue
                files.append(os.path.join(folder, name))
        if not files:
            raise EventLogError(
                Problem(
                    "the folder holds no event log (.csv, .parquet, .jsonl, .ndjson, .json)",
                    file=pattern,
                )
            )
        return sorted(files)
    if not os.path.lexists(pattern):
        raise EventLogError(Problem("no such file or folder", file=pattern))
    return [pattern]


def resolve(
    source: str | os.PathLike[str],
    *,
    root: str | None = None,
    format: LogFormat | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LogFiles:
    """The checked files of an event log given as a file, a folder or a glob.

    Args:
        source: The path or glob; relative ones are resolved against ``root`` when given.
        root: The workspace folder.
        format: The format of every file; by default each file's suffix says.
        max_bytes: The largest total size of the files.

    Raises:
        EventLogError: for nothing found, a file that is not a regular file, an unknown suffix
            or files of different formats.
        InputLimitError: for files over ``max_bytes`` together.
    """
    label = os.fspath(source)
    pattern = label if root is None or os.path.isabs(label) else os.path.join(root, label)
    files = [os.path.abspath(p) for p in _candidates(pattern)]
    total = 0
    formats: dict[LogFormat, str] = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError as exc:
            raise EventLogError(
                Problem(f"cannot read event log: {exc.strerror}", file=path)
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise EventLogError(
                Problem(
                    f"event log is not a regular file ({file_kind(info.st_mode)}); give a file",
                    file=path,
                )
            )
        total += info.st_size
        formats.setdefault(format_of(path, format), path)
    if len(formats) > 1:
        named = ", ".join(f"{fmt} ({Path(path).name})" for fmt, path in formats.items())
        raise EventLogError(
            Problem(f"the event log mixes formats: {named}; give files of one format", file=label)
        )
    if total > max_bytes:
        raise InputLimitError(
            Problem(
                f"event log is {total:,} bytes, over the limit of {max_bytes:,} bytes",
                file=label,
                hint="raise it: `--max-events-mb N` on the command line, "
                "`pj.evidence(..., max_bytes=…)` in Python",
            )
        )
    return LogFiles(tuple(files), next(iter(formats)), label)
