"""Gap checks: rules with stable codes, the report, coverage and score.

Where things live: what a rule is (``base``); the rules, one module per area (``rulebook/``,
not ``rules/``, which would clash with the public function ``checks.rules()``); the registry
that collects them (``registry``); running them with coverage and score (``runner``); the
report as data (``report``) and its output formats (``output``).
"""

from .registry import AREAS, Finding, Rule, get_rule, rules, select_rules
from .report import Coverage, CoverageCell, Report
from .runner import run_checks

__all__ = [
    "AREAS",
    "Coverage",
    "CoverageCell",
    "Finding",
    "Report",
    "Rule",
    "get_rule",
    "rules",
    "run_checks",
    "select_rules",
]
