"""Gap checks: rules with stable codes, the report, coverage and score."""

from .registry import AREAS, Finding, Rule, get_rule, rules, select_rules
from .report import Coverage, CoverageCell, Report, run_checks

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
