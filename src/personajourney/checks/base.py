"""What a rule is: the ``@rule`` decorator, what a rule reads and yields, and the finding.

A rule is a plain function that takes a :class:`RuleContext` (the workspace's derived facts
plus the check settings) and yields :class:`Draft` findings; ``@rule`` tags it with a stable
code, a kebab-case name and a default severity. A code is one letter for the area plus three
digits (``J010``); codes are never reused. The areas are J (journey), C (committee),
M (motives), O (ownership), P (personas), S (segments), D (data protection) and E
(evidence: the model held against an event log; these rules read
:attr:`RuleContext.observation` and find nothing without one).

Rule modules (``checks/rulebook/``) import this module and nothing imports them but the
registry (:mod:`personajourney.checks.registry`), which collects the tagged functions: the
registration runs one way.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..graph.index import WorkspaceIndex
from ..models.evidence import Observation
from ..models.vocab import Severity
from ..models.workspace import CheckSettings, Workspace

__all__ = ["AREAS", "DOCS_URL", "Draft", "Finding", "Rule", "RuleContext", "RuleFunc", "rule"]

DOCS_URL = "https://personajourney.readthedocs.io/en/latest/reference/rules/"

AREAS: dict[str, str] = {
    "J": "Journey",
    "C": "Committee",
    "M": "Motives",
    "O": "Ownership",
    "P": "Personas",
    "S": "Segments",
    "D": "Data protection",
    "E": "Evidence",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap the checks found. Plain data: sortable, hashable, JSON-serialisable.

    Attributes:
        code: Stable rule code, e.g. ``"J010"``.
        name: Kebab-case rule name, e.g. ``"stage-break"``.
        severity: ``error``, ``warning`` or ``info`` (after overrides).
        message: What is wrong, naming the things involved.
        nodes: Graph node keys involved (``"touchpoint:demo"``); the first is the main one.
        hint: One line on how to fix it.
        file: File the main thing is defined in, when known.
        line: Line in that file, when known.
        weight: Importance where the rule weighs it (influence × strength), else ``None``.
    """

    code: str
    name: str
    severity: Severity
    message: str
    nodes: tuple[str, ...] = ()
    hint: str = ""
    file: str | None = None
    line: int | None = None
    weight: float | None = None

    @property
    def url(self) -> str:
        """Link to the rule's documentation."""
        return f"{DOCS_URL}#{self.code.lower()}"

    @property
    def location(self) -> str:
        """``file:line`` where the main thing is defined ("" when unknown)."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def sort_key(self) -> tuple[Any, ...]:
        return (-self.severity.rank, self.code)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the finding."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "nodes": list(self.nodes),
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "weight": self.weight,
            "url": self.url,
        }


class RuleContext(WorkspaceIndex):
    """What a rule reads: the workspace's derived facts and the settings of this run."""

    def __init__(
        self,
        workspace: Workspace,
        settings: CheckSettings | None = None,
        observation: Observation | None = None,
    ) -> None:
        super().__init__(workspace)
        self.settings = settings or workspace.checks
        #: What an event log showed (:func:`personajourney.evidence`); ``None`` without one.
        self.observation = observation


RuleFunc = Callable[[RuleContext], Iterable["Draft"]]


@dataclass(frozen=True, slots=True)
class Draft:
    """What a rule yields: the rule fills in code, name and severity."""

    message: str
    nodes: tuple[str, ...]
    hint: str = ""
    weight: float | None = None
    where: str | None = None
    """Key of the place to point at when it is not the first node (``transition:3``)."""


@dataclass(frozen=True)
class Rule:
    """A registered check."""

    code: str
    name: str
    severity: Severity
    func: RuleFunc = field(repr=False, compare=False)

    @property
    def area(self) -> str:
        return AREAS[self.code[0]]

    @property
    def doc(self) -> str:
        """The rule's documentation: summary, *Why it matters*, *Example*, *Fix*."""
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    def section(self, title: str) -> str:
        """One section of the docstring (``"Why it matters"``, ``"Example"``, ``"Fix"``)."""
        lines = self.doc.splitlines()
        out: list[str] = []
        inside = False
        for text in lines:
            if text.rstrip(":").strip() in ("Why it matters", "Example", "Fix"):
                inside = text.rstrip(":").strip() == title
                continue
            if inside:
                out.append(text)
        return "\n".join(out).strip()


#: Attribute under which ``@rule`` leaves the rule on its function.
RULE_ATTRIBUTE = "__personajourney_rule__"


def rule(code: str, name: str, severity: Severity | str) -> Callable[[RuleFunc], RuleFunc]:
    """Tag a rule function with a stable code, a kebab-case name and a default severity.

    The function is returned unchanged; the registry finds it by the tag.

    Raises:
        ValueError: for a code that is not an area letter and three digits.
    """
    if code[:1] not in AREAS or len(code) != 4 or not code[1:].isdigit():
        raise ValueError(f"bad rule code {code!r}")
    level = Severity(severity)

    def tag(func: RuleFunc) -> RuleFunc:
        setattr(func, RULE_ATTRIBUTE, Rule(code, name, level, func))
        return func

    return tag
