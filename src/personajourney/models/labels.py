"""Deprecated home of the built-in labels: use :mod:`personajourney.i18n`.

The labels moved into the one catalogue of words, :mod:`personajourney.i18n`; this module
re-exports them for one release and will then be removed. ``personajourney.label`` and
``personajourney.models.label`` stay.
"""

from __future__ import annotations

from ..i18n import LOCALES, Locale, label, labels

__all__ = ["LOCALES", "Locale", "label", "labels"]
