"""The workspace's derived facts and its networkx graph.

- :mod:`~personajourney.graph.keys`: the one spelling of node keys (``"persona:hr-hanna"``);
- :mod:`~personajourney.graph.index`: :class:`WorkspaceIndex`, the one definition of reach,
  effective owner, flow and per-holder aggregates, read by the checks, the renderers and
  the exports;
- :mod:`~personajourney.graph.build`: the networkx view and queries over it.
"""

from .build import build_graph, flow_graph, is_reachable, touchpoints_for, touchpoints_in_stage
from .index import WorkspaceIndex, effective_owner
from .keys import node_key, parse_node_key

__all__ = [
    "WorkspaceIndex",
    "build_graph",
    "effective_owner",
    "flow_graph",
    "is_reachable",
    "node_key",
    "parse_node_key",
    "touchpoints_for",
    "touchpoints_in_stage",
]
