"""The workspace as a networkx graph, and queries over it."""

from .build import (
    build_graph,
    flow_graph,
    is_reachable,
    node_key,
    parse_node_key,
    touchpoints_for,
    touchpoints_in_stage,
)

__all__ = [
    "build_graph",
    "flow_graph",
    "is_reachable",
    "node_key",
    "parse_node_key",
    "touchpoints_for",
    "touchpoints_in_stage",
]
