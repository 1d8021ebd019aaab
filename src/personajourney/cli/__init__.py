"""The ``personajourney`` command line: thin, it parses arguments and calls the library.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 bad input or usage.

:mod:`~personajourney.cli.core` holds the application, the shared helpers and most commands;
:mod:`~personajourney.cli.live` the live preview (``serve``), and
:mod:`~personajourney.cli.tables` the spreadsheet and CRM imports and exports.
"""

from __future__ import annotations

from . import live, tables  # noqa: F401  (their commands join the app)
from .core import app, main

__all__ = ["app", "main"]
