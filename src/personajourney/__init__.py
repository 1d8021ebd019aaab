"""personajourney: model who buys and how, check it for gaps, print it for the wall.

Model a B2B buying committee, buyer personas, segments and the customer journey as typed
objects (or YAML/JSON files), turn them into a networkx graph, and run gap checks with stable
codes::

    >>> import personajourney as pj
    >>> ws = pj.Workspace(
    ...     personas=[pj.Persona(id="hr-hanna", name="HR-Hanna", goals=["Reach recruits"])],
    ...     touchpoints=[pj.Touchpoint(id="ad", name="Social ad", stage_id="problem-awareness",
    ...                                channel_id="social", persona_ids=["hr-hanna"],
    ...                                entry=True)],
    ... )
    >>> G = pj.build_graph(ws)
    >>> report = pj.run_checks(ws)
    >>> report.by_code("J001")[0].message
    'stage `information-search` has no touchpoint'

Render for the wall or a notebook with ``render_card``, ``render_committee``,
``render_journey``, ``render_poster``, ``render_heatmap``, ``render_report`` and
``build_pack`` (the whole wall pack in one folder).

Importing the package loads pydantic and the model; networkx loads with the first graph
(``build_graph``), and the command line's and the renderers' dependencies only when used: the
render functions are imported on first access (module ``__getattr__``), and Jinja2, Graphviz
and WeasyPrint only when something is rendered.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._version import __version__
from .checks import (
    Coverage,
    CoverageCell,
    Finding,
    Report,
    Rule,
    get_rule,
    rules,
    run_checks,
)
from .errors import (
    AssetError,
    EventLogError,
    InputLimitError,
    ModelError,
    ModelWarning,
    PersonaJourneyError,
    Problem,
    RenderError,
    TemplateError,
    UnknownRuleError,
)

# Imported here, not on first use like the renderers: the function ``evidence`` shares its
# name with the package ``personajourney.evidence``, and the first import of a subpackage
# sets the parent's attribute to the subpackage. Importing it now, and binding the function
# after, keeps ``pj.evidence`` the function whatever is imported later. The package is light:
# DuckDB is imported only when a log is read.
from .evidence import EvidenceResult, evidence
from .graph import (
    build_graph,
    flow_graph,
    is_reachable,
    node_key,
    parse_node_key,
    touchpoints_for,
    touchpoints_in_stage,
)
from .io import Limits, dump, dumps, json_schema, load, loads
from .models import (
    ActivityMapping,
    BuyingCommittee,
    Channel,
    ChannelKind,
    CheckSettings,
    DataSource,
    EventColumns,
    EvidenceSettings,
    Handoff,
    LawfulBasis,
    Location,
    Member,
    Motive,
    MotiveKind,
    MotiveLink,
    Outcome,
    Persona,
    PrivacyProfile,
    Provenance,
    ProvenanceKind,
    Range,
    Role,
    Segment,
    SegmentCriteria,
    Severity,
    Stage,
    SubjectKind,
    Team,
    Touchpoint,
    Transition,
    Workspace,
    default_channels,
    default_stages,
    default_teams,
    from_hubspot,
    from_salesforce,
    label,
    to_hubspot,
    to_salesforce,
)
from .models.entities import set_display_hook as _set_display_hook

if _TYPE_CHECKING:
    from .render.api import (
        render_card,
        render_committee,
        render_heatmap,
        render_journey,
        render_poster,
        render_report,
    )
    from .render.pack import build_pack


def _notebook_svg(obj: object) -> str:
    """What a persona, committee or workspace shows in Jupyter (loads the renderers then)."""
    from .render.notebook import svg_of

    return svg_of(obj)  # type: ignore[arg-type]  # svg_of refuses other types itself


_set_display_hook(_notebook_svg)

#: Public names loaded on first access, and the module that defines each.
_LAZY = {
    "build_pack": "personajourney.render.pack",
    "render_card": "personajourney.render.api",
    "render_committee": "personajourney.render.api",
    "render_heatmap": "personajourney.render.api",
    "render_journey": "personajourney.render.api",
    "render_poster": "personajourney.render.api",
    "render_report": "personajourney.render.api",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'personajourney' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ActivityMapping",
    "AssetError",
    "BuyingCommittee",
    "Channel",
    "ChannelKind",
    "CheckSettings",
    "Coverage",
    "CoverageCell",
    "DataSource",
    "EventColumns",
    "EventLogError",
    "EvidenceResult",
    "EvidenceSettings",
    "Finding",
    "Handoff",
    "InputLimitError",
    "LawfulBasis",
    "Limits",
    "Location",
    "Member",
    "ModelError",
    "ModelWarning",
    "Motive",
    "MotiveKind",
    "MotiveLink",
    "Outcome",
    "Persona",
    "PersonaJourneyError",
    "PrivacyProfile",
    "Problem",
    "Provenance",
    "ProvenanceKind",
    "Range",
    "RenderError",
    "Report",
    "Role",
    "Rule",
    "Segment",
    "SegmentCriteria",
    "Severity",
    "Stage",
    "SubjectKind",
    "Team",
    "TemplateError",
    "Touchpoint",
    "Transition",
    "UnknownRuleError",
    "Workspace",
    "__version__",
    "build_graph",
    "build_pack",
    "default_channels",
    "default_stages",
    "default_teams",
    "dump",
    "dumps",
    "evidence",
    "flow_graph",
    "from_hubspot",
    "from_salesforce",
    "get_rule",
    "is_reachable",
    "json_schema",
    "label",
    "load",
    "loads",
    "node_key",
    "parse_node_key",
    "render_card",
    "render_committee",
    "render_heatmap",
    "render_journey",
    "render_poster",
    "render_report",
    "rules",
    "run_checks",
    "to_hubspot",
    "to_salesforce",
    "touchpoints_for",
    "touchpoints_in_stage",
]
