"""The rule registry: every rule of ``checks/rulebook/``, and selection by code prefix.

The registry imports the rule modules and collects the functions ``@rule`` tagged; the rule
modules import only :mod:`personajourney.checks.base`, so registration runs one way.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from ..errors import UnknownRuleError
from ..models.vocab import Severity
from .base import AREAS, DOCS_URL, RULE_ATTRIBUTE, Draft, Finding, Rule, RuleContext, rule

__all__ = [
    "AREAS",
    "DOCS_URL",
    "Draft",
    "Finding",
    "Rule",
    "RuleContext",
    "get_rule",
    "rule",
    "rules",
    "select_rules",
]


@cache
def _collected() -> tuple[Rule, ...]:
    # Imported on first use, so that ``import personajourney`` does not load every rule.
    from . import rulebook as _rule_modules

    found: dict[str, Rule] = {}
    for module_name in _rule_modules.__all__:
        module = getattr(_rule_modules, module_name)
        for _, func in inspect.getmembers(module, inspect.isfunction):
            spec = getattr(func, RULE_ATTRIBUTE, None)
            if not isinstance(spec, Rule) or func.__module__ != module.__name__:
                continue
            if spec.code in found:
                raise ValueError(f"rule code {spec.code} registered twice")
            found[spec.code] = spec
    return tuple(found[code] for code in sorted(found))


def rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    return list(_collected())


def get_rule(code_or_name: str) -> Rule:
    """The rule with this code (any case) or kebab-case name.

    Raises:
        UnknownRuleError: if there is none; the message names the closest codes.
    """
    wanted = code_or_name.strip()
    for candidate in rules():
        if candidate.code == wanted.upper() or candidate.name == wanted.lower():
            return candidate
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
