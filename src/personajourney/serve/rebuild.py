"""Rebuild the pack when its sources change, keeping the last good wall when they are broken.

Standard library and the package's own floors only: the watcher and the server call
:meth:`Rebuilder.rebuild`, and a test can call it directly, with no timing involved.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..checks.base import Finding
from ..errors import ModelError, PersonaJourneyError, Problem
from ..i18n import label, texts
from ..io import load
from ..privacy import apply
from ..render.artefacts import Options
from ..render.engines import EnginePool
from ..render.pack import build_pack
from ..render.theme import load_theme

__all__ = ["BuildStatus", "Rebuilder"]

#: Link schemes an editor URL may not use: they would run or embed content in the page.
_REFUSED_SCHEMES = ("javascript:", "data:", "vbscript:", "blob:")


def _checked_editor_url(pattern: str | None) -> str | None:
    if pattern is None or not pattern.strip():
        return None
    plain = "".join(pattern.split()).lower()
    if plain.startswith(_REFUSED_SCHEMES) or ":" not in plain.split("/", 1)[0]:
        raise ValueError(
            f"editor URL {pattern!r} is not a link to an editor; "
            "use e.g. vscode://file/{path}:{line}"
        )
    try:
        pattern.format(path="/a", line=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"editor URL {pattern!r}: only {{path}} and {{line}} can be filled in ({exc})"
        ) from None
    return pattern


#: Files of a workspace folder whose change means a rebuild.
MODEL_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class BuildStatus:
    """The outcome of the latest build attempt.

    Attributes:
        generation: Counts build attempts (0 before the first); a page that saw a lower one
            is out of date.
        ok: The latest attempt built the pack; when not, the pages served are the last good
            ones and ``problems`` says why.
        problems: What stopped the build: file, line, column, field path, message.
        seconds: How long the latest attempt took.
        failed: Artefacts the latest build could not make, with the reason.
        findings: The findings of the last good build (what the findings panel lists).
        locale: The language the pages are in; the overlay and the panel speak it too.
        editor_url: How to open a file at a line in the user's editor
            (``vscode://file/{path}:{line}``), or ``None``.
    """

    generation: int = 0
    ok: bool = True
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    failed: tuple[tuple[str, str], ...] = field(default=())
    findings: tuple[Finding, ...] = ()
    locale: str = "en"
    editor_url: str | None = None

    def _editor_link(self, file: str | None, line: int | None) -> str | None:
        if self.editor_url is None or not file:
            return None
        path = Path(file).resolve().as_posix()
        return self.editor_url.format(path=quote(path, safe="/:"), line=line or 1)

    def as_json(self) -> dict[str, object]:
        """The status as ``/_pj/status`` sends it."""
        return {
            "generation": self.generation,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "locale": self.locale,
            "texts": {
                key.removeprefix("serve."): value[0]
                for key, value in texts("serve.", self.locale).items()
            },
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "severity_label": label("severity", f.severity.value, self.locale),
                    "message": f.message,
                    "hint": f.hint,
                    "file": f.file,
                    "line": f.line,
                    "editor": self._editor_link(f.file, f.line),
                }
                for f in self.findings
            ],
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "path": p.path,
                    "message": p.message,
                    "hint": p.hint,
                    "editor": self._editor_link(p.file, p.line),
                }
                for p in self.problems
            ],
            "failed": [{"artefact": name, "reason": why} for name, why in self.failed],
        }


class Rebuilder:
    """Builds the pack of ``source`` into ``out_dir``; :meth:`rebuild` after each change.

    Args:
        source: A workspace file or folder.
        out_dir: The folder the server serves.
        options: Rendering options; with ``theme`` the theme file is read again on each
            rebuild, so an edit of the theme shows.
        theme: The ``--theme`` file, if any.
        privacy: The privacy profile of the output (the workspace's when ``None``).
        formats: Formats to build (HTML only by default: what a browser shows).
        pool: Engine workers (Graphviz draws the diagrams); the caller stops them.
        editor_url: A link pattern that opens a file at a line in the user's editor, with
            ``{path}`` and ``{line}`` (``vscode://file/{path}:{line}``); the overlay and the
            findings panel link each problem and finding to it. ``javascript:`` and
            ``data:`` links are refused.

    Raises:
        ValueError: for an ``editor_url`` that is not a link to an editor.
    """

    def __init__(
        self,
        source: str | os.PathLike[str],
        out_dir: str | os.PathLike[str],
        *,
        options: Options | None = None,
        theme: str | os.PathLike[str] | None = None,
        privacy: str | None = None,
        formats: Iterable[str] = ("html",),
        pool: EnginePool | None = None,
        editor_url: str | None = None,
    ) -> None:
        self.editor_url = _checked_editor_url(editor_url)
        self.source = Path(source)
        self.out_dir = Path(out_dir)
        self.options = options or Options()
        self.theme = Path(theme) if theme is not None else None
        self.privacy = privacy
        self.formats = tuple(formats)
        self.pool = pool
        self._status = BuildStatus(locale=self.options.locale or "en", editor_url=self.editor_url)
        self._lock = threading.Lock()
        self._changed = threading.Condition()

    @property
    def status(self) -> BuildStatus:
        """The outcome of the latest attempt."""
        return self._status

    @property
    def generation(self) -> int:
        return self._status.generation

    def watched(self) -> list[Path]:
        """The folders to watch: the workspace's, the theme's, the template folders."""
        paths = [self.source if self.source.is_dir() else self.source.parent]
        if self.theme is not None:
            paths.append(self.theme.parent)
        paths.extend(Path(d) for d in self.options.template_dirs)
        unique: dict[Path, None] = {}
        for p in paths:
            unique.setdefault(p.resolve(), None)
        return list(unique)

    def concerns(self, path: str | os.PathLike[str]) -> bool:
        """Whether a change of ``path`` should rebuild (never a file of the output)."""
        changed = Path(path).resolve()
        out = self.out_dir.resolve()
        if changed == out or changed.is_relative_to(out):
            return False
        if self.theme is not None and changed == self.theme.resolve():
            return True
        for folder in self.options.template_dirs:
            if changed.is_relative_to(Path(folder).resolve()):
                return True
        source = self.source.resolve()
        if not self.source.is_dir():
            return changed == source
        if not changed.is_relative_to(source):
            return False
        hidden = any(part.startswith(".") for part in changed.relative_to(source).parts)
        return not hidden and changed.suffix.lower() in MODEL_SUFFIXES

    def rebuild(self) -> BuildStatus:
        """Load the model and build the pack; on a problem keep the last good pages.

        Never raises for a broken model, theme or template: the problems go into the
        status. Each call bumps the generation and wakes :meth:`wait`.
        """
        with self._lock:
            started = time.perf_counter()
            generation = self._status.generation + 1
            try:
                options = self.options
                if self.theme is not None:
                    options = dataclasses.replace(options, theme=load_theme(self.theme))
                ws = apply(load(self.source), self.privacy)
                result = build_pack(
                    ws, self.out_dir, formats=self.formats, options=options, pool=self.pool
                )
            except ModelError as exc:
                status = BuildStatus(generation, False, tuple(exc.problems))
            except (PersonaJourneyError, ValueError) as exc:
                status = BuildStatus(generation, False, (Problem(str(exc)),))
            except OSError as exc:
                problem = Problem(exc.strerror or str(exc), file=exc.filename)
                status = BuildStatus(generation, False, (problem,))
            else:
                status = BuildStatus(
                    generation,
                    True,
                    failed=tuple(result.failed),
                    findings=tuple(result.report.findings),
                    locale=options.locale or ws.locale,
                )
            if not status.ok:  # the panel keeps the last good findings, in the last locale
                previous = self._status
                status = dataclasses.replace(
                    status, findings=previous.findings, locale=previous.locale
                )
            status = dataclasses.replace(
                status, seconds=time.perf_counter() - started, editor_url=self.editor_url
            )
            with self._changed:
                self._status = status
                self._changed.notify_all()
            return status

    def wait(self, seen: int, timeout: float | None = None) -> BuildStatus:
        """The status once its generation is past ``seen`` (or at ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self._status.generation > seen, timeout)
            return self._status
