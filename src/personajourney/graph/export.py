"""Export the workspace graph for Gephi, yEd, Cytoscape or any networkx user."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from .._text import UNSAFE_CHARACTERS

__all__ = ["to_graphml", "to_node_link_json"]

_SURROGATES = re.compile("[\ud800-\udfff]")


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | set):
        return _xml_text(",".join(str(v) for v in value))
    return _xml_text(str(value))


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters, noncharacters and lone surrogates go."""
    return _SURROGATES.sub("", UNSAFE_CHARACTERS.sub("", text))


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        flat = _scalar(value)
        if flat is not None:
            out[key] = flat
    return out


def to_graphml(G: nx.MultiDiGraph) -> str:
    """GraphML text of the graph; list attributes become comma-separated text.

    The XML is well-formed whatever the model holds: control characters, noncharacters and
    lone surrogates are left out of text values.

    GraphML has no "null": attributes that are ``None`` are left out of that node or edge.

    Example:
        >>> import personajourney as pj
        >>> text = to_graphml(pj.build_graph(pj.Workspace()))
        >>> text.startswith("<graphml")
        True
    """
    H = nx.MultiDiGraph()
    H.graph.update(_flat(G.graph))
    H.add_nodes_from((n, _flat(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, _flat(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return "\n".join(nx.generate_graphml(H)) + "\n"


def to_node_link_json(G: nx.MultiDiGraph) -> str:
    """Node-link JSON of the graph (``networkx.node_link_graph`` reads it back)."""
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
