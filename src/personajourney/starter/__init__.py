"""Starter workspaces written by ``personajourney init``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..errors import PersonaJourneyError
from ..i18n import LOCALES
from ..io.files import write_text_atomic
from ..io.schema import json_schema_text

__all__ = ["SCHEMA_FILE", "WORKSPACE_FILE", "starter_text", "write_starter"]

WORKSPACE_FILE = "workspace.yaml"
SCHEMA_FILE = "personajourney.schema.json"


def starter_text(locale: str = "en") -> str:
    """The starter workspace YAML for ``locale`` (one of :data:`personajourney.i18n.LOCALES`)."""
    if locale not in LOCALES:
        raise PersonaJourneyError(
            f"no starter for locale {locale!r}; use one of {', '.join(LOCALES)}"
        )
    return resources.files(__package__).joinpath(f"{locale}.yaml").read_text("utf-8")


def write_starter(directory: Path, locale: str = "en", *, force: bool = False) -> list[Path]:
    """Write ``workspace.yaml`` and its JSON Schema into ``directory``.

    Raises:
        PersonaJourneyError: if a file exists and ``force`` is false.
    """
    directory = Path(directory)
    targets = {
        directory / WORKSPACE_FILE: starter_text(locale),
        directory / SCHEMA_FILE: json_schema_text(),
    }
    if not force:
        existing = [str(p) for p in targets if p.exists()]
        if existing:
            raise PersonaJourneyError(
                f"{', '.join(existing)} already exists; use --force to overwrite"
            )
    if directory.exists() and not directory.is_dir():
        raise PersonaJourneyError(f"{directory} is not a folder")
    for path, text in targets.items():
        write_text_atomic(path, text)
    return list(targets)
