"""The one Jinja2 environment every template artefact is rendered with.

A template folder may come from someone else, so templates are not code: the environment is
Jinja2's immutable sandbox (no attribute starting with ``_``, so no way from ``lipsum`` to
``os``; no method that changes a value), and a user's folder gives only regular files that
lie inside it (no link out of the folder, no FIFO, at most 1 MB, UTF-8). Autoescaping is on
for every template whatever its name, undefined names are errors (``StrictUndefined``), and
a finaliser scrubs control characters, bidirectional overrides and lone surrogates from
every printed value. The filters are ``xml``, ``url``, ``label``,
``n`` and ``mm``; :func:`_render` renders a packaged (or user) template with one context
object, ``c``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..errors import TemplateError
from ..i18n import label
from . import interactive
from .escape import clean, safe_url
from .escape import xml as escape_xml

_SURROGATES = re.compile("[\ud800-\udfff]")


def _scrub(value: str, limit: int = 10**9) -> str:
    """Model text made safe to print: no control characters, bidi overrides or surrogates."""
    return _SURROGATES.sub("", clean(value, limit))


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ … }}``: text is scrubbed, ``None`` prints as nothing."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _scrub(value)
    return value


def _xml_filter(value: object) -> Markup:
    """``xml``: escaped text for HTML and XML, control characters removed."""
    return Markup(_SURROGATES.sub("", escape_xml(value)))


def _url_filter(value: object) -> str:
    """``url``: the URL if it is http(s), mailto or relative; empty otherwise."""
    return _scrub(safe_url(value) or "")


def _label_filter(key: object, vocabulary: str, locale: str = "en") -> str:
    """``label``: built-in label of ``key`` in ``vocabulary`` (``role``, ``stage``…)."""
    return label(vocabulary, str(key), locale)


def _n_filter(value: float) -> str:
    """``n``: a coordinate with at most two decimals (``12.5``, ``0``)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mm_filter(value: float) -> str:
    """``mm``: a length in millimetres for CSS."""
    return _n_filter(value) + "mm"


def _template_folders(template_dirs: Iterable[str | os.PathLike[str]]) -> tuple[str, ...]:
    return tuple(str(Path(folder)) for folder in template_dirs)


#: Largest template file read from a user's folder.
MAX_TEMPLATE_BYTES = 1_000_000


class FolderLoader(jinja2.BaseLoader):
    """Templates from users' folders, searched in order: only regular files inside a folder.

    A name that leads out of the folder (``..``, an absolute path, a link whose target lies
    outside) is refused with a :class:`~personajourney.TemplateError` rather than skipped, so
    that a user sees why their template is not used; so is anything that is not a regular
    file (a FIFO would block for ever), a file over :data:`MAX_TEMPLATE_BYTES` and one that
    is not UTF-8.
    """

    def __init__(self, folders: Iterable[str | os.PathLike[str]]) -> None:
        self.folders = [Path(folder).resolve() for folder in folders]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." with TemplateNotFound
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            return self._read(folder, candidate, template), str(candidate), lambda: True
        raise jinja2.TemplateNotFound(template)

    @staticmethod
    def _read(folder: Path, candidate: Path, template: str) -> str:
        where = f"{template} in {folder}"
        resolved = candidate.resolve()
        if not resolved.is_relative_to(folder):
            raise TemplateError(
                f"{where} is a link to a file outside the template folder; "
                "copy the file into the folder instead"
            )
        try:
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(resolved, flags)
        except OSError as exc:
            raise TemplateError(f"cannot read {where}: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise TemplateError(f"{where} is not a regular file")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{where} is over {MAX_TEMPLATE_BYTES:,} bytes")
            data = file.read(MAX_TEMPLATE_BYTES + 1)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateError(f"{where} is not UTF-8 text (byte {exc.start})") from None


def _build_environment(folders: tuple[str, ...]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if folders:
        loaders.append(FolderLoader(folders))
    loaders.append(jinja2.PackageLoader("personajourney.render", "templates"))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        # On for every template: select_autoescape() misses names such as card.html.j2.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        xml=_xml_filter, url=_url_filter, label=_label_filter, n=_n_filter, mm=_mm_filter
    )
    # What _base.html.j2 puts in every page for the screen: the policy, the script, and
    # the data block of a page that shows no model entities.
    env.globals["pj"] = {
        "csp": Markup(interactive.csp()),  # our constant: no quote is escaped
        "script": interactive.script(),
        "empty": interactive.empty_data,
    }
    return env


def environment(template_dirs: Iterable[str | os.PathLike[str]] = ()) -> jinja2.Environment:
    """The Jinja2 environment every artefact is rendered with.

    Templates are looked up in ``template_dirs`` first, in order, then in the packaged
    templates, so a user's ``card.html.j2`` replaces the packaged one. Every template runs
    in Jinja2's immutable sandbox, and a folder gives only regular files inside it
    (:class:`FolderLoader`). Autoescaping is on
    for every template, undefined names are errors, and every printed value is scrubbed of
    control characters. Filters: ``xml`` (escape), ``url`` (safe URL or empty), ``label``
    (``{{ role|label("role", c.locale) }}``), ``n`` and ``mm`` (numbers).

    Example:
        >>> env = environment()
        >>> env.from_string("{{ x }}").render(x='<b onclick="a">\\x00')
        '&lt;b onclick=&#34;a&#34;&gt;'
    """
    return _build_environment(_template_folders(template_dirs))


@lru_cache(maxsize=8)
def _cached_environment(folders: tuple[str, ...]) -> jinja2.Environment:
    return _build_environment(folders)


def _render(name: str, context: object, template_dirs: Iterable[str | os.PathLike[str]]) -> str:
    """Render template ``name`` with the context object ``c``.

    Raises:
        TemplateError: when a template (most often a user's, from ``template_dirs``) does not
            parse or asks for what its context does not have; the message names the template
            and line where Jinja2 knows them.
    """
    env = _cached_environment(_template_folders(template_dirs))
    try:
        return env.get_template(name).render(c=context)
    except jinja2.TemplateError as exc:
        where = ""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = f" ({exc.name}, line {exc.lineno})"
        raise TemplateError(
            f"template error{where}: {exc}; check the templates of your template folder "
            "(--template-dir)"
        ) from exc
