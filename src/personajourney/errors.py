"""Exceptions raised by personajourney.

Every exception the library raises on purpose derives from :class:`PersonaJourneyError`,
and the concrete ones also derive from the builtin a plain ``except`` would expect::

    PersonaJourneyError
     +-- ModelError (ValueError)          a file or object is not a valid model
     |    +-- InputLimitError             refused before parsing: too big, too deep, alias bomb
     |    +-- EventLogError               an event log cannot be read: no such file, a
     |                                    missing column, an unparsable timestamp
     +-- UnknownRuleError (KeyError)      a rule code or prefix that no rule has
     +-- RenderError (RuntimeError)       an engine (Graphviz, WeasyPrint) failed on one job
     +-- AssetError (ValueError)          an image refused: outside the workspace, a link,
     |                                    too big, or not an image
     +-- TemplateError (ValueError)       a template (a user's override) does not parse or
                                          asks for what its context lacks

    ModelWarning (UserWarning)            a model loads, but something in it looks like a
                                          mistake (a sentence cut at a comma, a role read
                                          from its Finnish or HubSpot name)

Every class is defined here, and the modules that raise them import them from here
(``render.engines`` and ``render.assets`` re-export theirs, where they were first defined).

Findings of the checks are *not* exceptions: a well-formed but incomplete model is reported by
:func:`personajourney.run_checks`, which never raises for model content.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AssetError",
    "EventLogError",
    "InputLimitError",
    "ModelError",
    "ModelWarning",
    "PersonaJourneyError",
    "Problem",
    "RenderError",
    "TemplateError",
    "UnknownRuleError",
]


class PersonaJourneyError(Exception):
    """Root of every exception personajourney raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a model file.

    Attributes:
        message: What is wrong and what was expected.
        path: Field path inside the workspace, e.g. ``touchpoints[3].stage_id``.
        file: The file it was read from (``None`` for models built in code).
        line: 1-based line, when known.
        column: 1-based column, when known.
        hint: A one-line suggestion ("did you mean `hr-hanna`?").
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        """``file:line:column`` as far as it is known (empty when nothing is)."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class ModelError(PersonaJourneyError, ValueError):
    """A file or object is not a valid personajourney model.

    ``problems`` lists every problem found, each with file, line, column and field path, so a
    user can fix them all in one pass. Nothing is half-loaded when this is raised.
    """

    #: What is invalid, for messages ("model", "event log").
    what = "model"

    def __init__(self, problems: list[Problem] | Problem | str, *, locale: str = "en") -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        #: Language the messages are written in (the workspace's ``locale``, or the one asked
        #: for); a command line prints its own words around them in the same language.
        self.locale = locale
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = [f"invalid {self.what} ({head}):"]
        lines.extend(f"  {p}" for p in self.problems[:50])
        if count > 50:
            lines.append(f"  ... and {count - 50} more")
        return "\n".join(lines)


class ModelWarning(UserWarning):
    """A model loads, but something in it looks like a mistake; ``problem`` says where and
    what was probably meant. :func:`personajourney.load` issues it with :mod:`warnings`, and
    the command line prints it before the results."""

    def __init__(self, problem: Problem, *, locale: str = "en") -> None:
        self.problem = problem
        #: Language the message is written in.
        self.locale = locale
        super().__init__(str(problem))


class InputLimitError(ModelError):
    """Input refused before or while parsing because it exceeds a safety limit."""


class EventLogError(ModelError):
    """An event log cannot be read (:func:`personajourney.evidence`): no such file, a glob
    matching nothing, a file that is not a regular file or not what its suffix says, a
    missing column, an unparsable timestamp, an empty log. Each problem names the file, and
    the row or column where it can."""

    what = "event log"


class UnknownRuleError(PersonaJourneyError, KeyError):
    """A rule code or prefix that no registered rule has."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "unknown rule"


class RenderError(PersonaJourneyError, RuntimeError):
    """An engine failed on one job: it crashed, ran out of time or memory, or refused input."""


class AssetError(PersonaJourneyError, ValueError):
    """An image was refused: outside the workspace, a link, too big, or not an image."""


class TemplateError(PersonaJourneyError, ValueError):
    """A template does not parse or asks for what its context lacks (most often a user's
    override from a template folder); the message names the template and line."""
