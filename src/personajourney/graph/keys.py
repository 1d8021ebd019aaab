"""The one spelling of graph node keys: ``"<kind>:<id>"``.

Every node of :func:`~personajourney.build_graph`, every finding's ``nodes`` and every id a
renderer derives from a model entity use these keys (``"touchpoint:demo-call"``,
``"member:cfo"``). Spell them with :func:`node_key`, never by hand.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["NODE_KINDS", "NodeKind", "node_key", "parse_node_key"]

NodeKind = Literal[
    "stage",
    "team",
    "channel",
    "motive",
    "persona",
    "committee",
    "member",
    "segment",
    "touchpoint",
    "transition",
]
"""What a key may name. ``transition`` keys (``"transition:3"``) name a place in a finding,
by the transition's position in ``Workspace.transitions``; they are edge keys in the graph."""

NODE_KINDS: tuple[str, ...] = get_args(NodeKind)


def node_key(kind: NodeKind, id: str | int) -> str:
    """The graph node key of an entity.

    Example:
        >>> node_key("persona", "hr-hanna")
        'persona:hr-hanna'
    """
    return f"{kind}:{id}"


def parse_node_key(key: str) -> tuple[str, str]:
    """Split a node key into ``(kind, id)``.

    Example:
        >>> parse_node_key("member:cfo")
        ('member', 'cfo')
    """
    kind, _, id = key.partition(":")
    return kind, id
