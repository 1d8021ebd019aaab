"""The rule registry: rules are plain functions registered with a stable code.

A code is one letter for the area plus three digits (``J010``); codes are never reused. The
areas are J (journey), C (committee), M (motives), O (ownership), P (personas) and
S (segments).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UnknownRuleError
from ..models.vocab import Severity

if TYPE_CHECKING:
    from .context import Context

__all__ = ["AREAS", "DOCS_URL", "Finding", "Rule", "get_rule", "rule", "rules", "select_rules"]

DOCS_URL = "https://personajourney.readthedocs.io/en/latest/reference/rules/"

AREAS: dict[str, str] = {
    "J": "Journey",
    "C": "Committee",
    "M": "Motives",
    "O": "Ownership",
    "P": "Personas",
    "S": "Segments",
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


RuleFunc = Callable[["Context"], Iterable["Draft"]]


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


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable code, a kebab-case name and a severity."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        if code[0] not in AREAS or len(code) != 4 or not code[1:].isdigit():
            raise ValueError(f"bad rule code {code!r}")
        _REGISTRY[code] = Rule(code, name, Severity(severity), func)
        return func

    return register


def rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    from . import builtin as _  # noqa: F401  (registers the built-in rules)

    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code (any case) or kebab-case name.

    Raises:
        UnknownRuleError: if there is none; the message names the closest codes.
    """
    wanted = code_or_name.strip()
    for candidate in rules():
        if candidate.code == wanted.upper() or candidate.name == wanted.lower():
            return candidate
    import difflib

    codes = [r.code for r in rules()]
    close = difflib.get_close_matches(wanted.upper(), codes, n=3, cutoff=0.5)
    close += difflib.get_close_matches(wanted.lower(), [r.name for r in rules()], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `personajourney rules` lists them"
    raise UnknownRuleError(f"no rule {code_or_name!r}{hint}")


def _matches(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix in ``prefixes`` that ``code`` starts with (-1 for none)."""
    best = -1
    for prefix in prefixes:
        p = prefix.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif code.startswith(p):
            best = max(best, len(p))
    return best


def _validate_prefixes(prefixes: Iterable[str]) -> None:
    codes = [r.code for r in rules()]
    for prefix in prefixes:
        p = prefix.strip().upper()
        if p != "ALL" and not any(code.startswith(p) for code in codes):
            raise UnknownRuleError(
                f"no rule code starts with {prefix!r}; `personajourney rules` lists them"
            )


def select_rules(
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: Mapping[str, Severity | str] | None = None,
) -> Iterator[tuple[Rule, Severity]]:
    """Rules chosen by code prefixes, with their effective severity.

    Like ruff: an empty ``select`` means every rule; the more specific of a matching
    ``select`` and ``ignore`` prefix wins; severity overrides apply by the longest prefix.

    Raises:
        UnknownRuleError: for a prefix that matches no rule.
    """
    select = list(select)
    ignore = list(ignore)
    overrides = dict(severity or {})
    _validate_prefixes([*select, *ignore, *overrides])
    for candidate in rules():
        chosen = _matches(candidate.code, select) if select else 0
        if chosen < 0:
            continue
        dropped = _matches(candidate.code, ignore)
        if dropped >= 0 and dropped >= chosen:
            continue
        best, level = -1, candidate.severity
        for prefix, value in overrides.items():
            length = _matches(candidate.code, [prefix])
            if length > best:
                best, level = length, Severity(value)
        yield candidate, level
