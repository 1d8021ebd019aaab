"""Build a networkx graph from a workspace, and query it.

The graph is a plain :class:`networkx.MultiDiGraph`. Node keys are ``"<kind>:<id>"``
(``"touchpoint:demo-call"``, ``"member:cfo"``); every node has ``kind``, ``id`` and ``label``
attributes. Edges have a ``kind`` attribute, which is also their multigraph key — except
transitions, keyed ``"transition:<n>"`` by their position in ``Workspace.transitions`` so
that two transitions between the same touchpoints stay two edges:

============== ===================== ================================================
kind           from → to             meaning
============== ===================== ================================================
transition     touchpoint → touchpt  the journey's flow (``handoff``, ``label``)
in_stage       touchpoint → stage    the stage a touchpoint belongs to
via            touchpoint → channel  the channel it happens in
owned_by       touchpoint/stage → team  the owner (touchpoints: effective owner)
reaches        touchpoint → persona/member  its audience
addresses      touchpoint → motive   motives it speaks to
next_stage     stage → stage         journey order of stages
motivated_by   persona/member → motive  with ``strength``
uses, avoids   persona/member/segment → channel
instance_of    member → persona
has_member     committee → member
introduces     member → member       an introduction path
includes       segment → persona/committee
============== ===================== ================================================
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

from ..models.workspace import Workspace
from .index import effective_owner
from .keys import node_key, parse_node_key

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "build_graph",
    "flow_graph",
    "is_reachable",
    "node_key",
    "parse_node_key",
    "touchpoints_for",
    "touchpoints_in_stage",
]


def build_graph(workspace: Workspace) -> nx.MultiDiGraph:
    """Build the graph of a workspace (see the module docstring for nodes and edges).

    The result is deterministic: nodes and edges are added in file order.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(touchpoints=[
        ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True),
        ...     pj.Touchpoint(id="demo", name="Demo", stage_id="comparing-alternatives")],
        ...     transitions=[pj.Transition(from_id="ad", to_id="demo")])
        >>> G = pj.build_graph(ws)
        >>> G.nodes["touchpoint:ad"]["entry"]
        True
        >>> list(pj.flow_graph(G).successors("touchpoint:ad"))
        ['touchpoint:demo']
    """
    # Building makes millions of dicts and frees none: the cyclic garbage collector would walk
    # the whole heap (the workspace too) again and again, which grew faster than the input.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_graph(workspace)
    finally:
        if collecting:
            gc.enable()


def _build_graph(workspace: Workspace) -> nx.MultiDiGraph:
    import networkx as nx  # on first use: ``import personajourney`` stays light

    ws = workspace
    G = nx.MultiDiGraph(name=ws.name, locale=ws.locale)
    add_node = G.add_node
    add_edge = G.add_edge

    stage_owner: dict[str, str | None] = {}
    previous: str | None = None
    for order, stage in enumerate(ws.stages):
        key = node_key("stage", stage.id)
        add_node(
            key,
            kind="stage",
            id=stage.id,
            label=ws.label_of(stage),
            order=order,
            decision=stage.decision,
            owner=stage.owner_id,
        )
        stage_owner[stage.id] = stage.owner_id
        if previous is not None:
            add_edge(previous, key, key="next_stage", kind="next_stage")
        previous = key
    for team in ws.teams:
        add_node(node_key("team", team.id), kind="team", id=team.id, label=ws.label_of(team))
    for stage in ws.stages:
        if stage.owner_id:
            add_edge(
                node_key("stage", stage.id),
                node_key("team", stage.owner_id),
                key="owned_by",
                kind="owned_by",
            )
    for channel in ws.channels:
        add_node(
            node_key("channel", channel.id),
            kind="channel",
            id=channel.id,
            label=ws.label_of(channel),
            channel_kind=channel.kind.value,
        )
    for motive in ws.motives:
        add_node(
            node_key("motive", motive.id),
            kind="motive",
            id=motive.id,
            label=motive.name,
            motive_kind=motive.kind.value,
        )

    _add_people(G, ws)
    _add_segments(G, ws)
    _add_touchpoints(G, ws, stage_owner)
    return G


def _people_edges(G: nx.MultiDiGraph, source: str, entity: Any) -> None:
    """The motives (with strength) and the channels used and avoided of a persona or member."""
    add_edge = G.add_edge
    for link in entity.motives:
        add_edge(
            source,
            node_key("motive", link.motive_id),
            key="motivated_by",
            kind="motivated_by",
            strength=link.strength,
        )
    for channel_id in entity.channel_ids:
        add_edge(source, node_key("channel", channel_id), key="uses", kind="uses")
    for channel_id in entity.avoided_channel_ids:
        add_edge(source, node_key("channel", channel_id), key="avoids", kind="avoids")


def _add_people(G: nx.MultiDiGraph, ws: Workspace) -> None:
    """Personas, committees and their members, and the introductions between members."""
    add_node = G.add_node
    add_edge = G.add_edge
    for persona in ws.personas:
        key = node_key("persona", persona.id)
        add_node(
            key,
            kind="persona",
            id=persona.id,
            label=persona.name,
            roles=[r.value for r in persona.roles],
        )
        _people_edges(G, key, persona)
    for committee in ws.committees:
        ckey = node_key("committee", committee.id)
        add_node(ckey, kind="committee", id=committee.id, label=committee.name)
        for member in committee.members:
            mkey = node_key("member", member.id)
            add_node(
                mkey,
                kind="member",
                id=member.id,
                label=member.name,
                committee=committee.id,
                roles=[r.value for r in member.roles],
                influence=member.influence,
                subject=member.kind.value,
            )
            add_edge(ckey, mkey, key="has_member", kind="has_member")
            _people_edges(G, mkey, member)
            if member.persona_id:
                add_edge(
                    mkey,
                    node_key("persona", member.persona_id),
                    key="instance_of",
                    kind="instance_of",
                )
    for _, member in ws.members():
        for other in member.introduces_ids:
            add_edge(
                node_key("member", member.id),
                node_key("member", other),
                key="introduces",
                kind="introduces",
            )


def _add_segments(G: nx.MultiDiGraph, ws: Workspace) -> None:
    """Segments, with the personas and committees they include and the channels they use."""
    add_edge = G.add_edge
    for segment in ws.segments:
        skey = node_key("segment", segment.id)
        G.add_node(
            skey,
            kind="segment",
            id=segment.id,
            label=segment.name,
            excluded=segment.excluded,
            priority=segment.priority,
        )
        for persona_id in segment.persona_ids:
            add_edge(skey, node_key("persona", persona_id), key="includes", kind="includes")
        for committee_id in segment.committee_ids:
            add_edge(skey, node_key("committee", committee_id), key="includes", kind="includes")
        for channel_id in segment.channel_ids:
            add_edge(skey, node_key("channel", channel_id), key="uses", kind="uses")


def _add_touchpoints(G: nx.MultiDiGraph, ws: Workspace, stage_owner: dict[str, str | None]) -> None:
    """Touchpoints with what they link to (stage, channel, effective owner, audience,
    motives), then the transitions between them, keyed by position."""
    add_node = G.add_node
    add_edge = G.add_edge
    for tp in ws.touchpoints:
        key = node_key("touchpoint", tp.id)
        owner = effective_owner(tp, stage_owner.get(tp.stage_id))
        add_node(
            key,
            kind="touchpoint",
            id=tp.id,
            label=tp.name,
            stage=tp.stage_id,
            channel=tp.channel_id,
            owner=owner,
            entry=tp.entry,
            emotion=tp.emotion,
        )
        add_edge(key, node_key("stage", tp.stage_id), key="in_stage", kind="in_stage")
        if tp.channel_id:
            add_edge(key, node_key("channel", tp.channel_id), key="via", kind="via")
        if owner:
            add_edge(key, node_key("team", owner), key="owned_by", kind="owned_by")
        for persona_id in tp.persona_ids:
            add_edge(key, node_key("persona", persona_id), key="reaches", kind="reaches")
        for member_id in tp.member_ids:
            add_edge(key, node_key("member", member_id), key="reaches", kind="reaches")
        for motive_id in tp.motive_ids:
            add_edge(key, node_key("motive", motive_id), key="addresses", kind="addresses")
    for index, tr in enumerate(ws.transitions):
        add_edge(
            node_key("touchpoint", tr.from_id),
            node_key("touchpoint", tr.to_id),
            key=node_key("transition", index),
            kind="transition",
            handoff=tr.handoff,
            label=tr.label,
        )


def flow_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The journey's flow alone: touchpoint nodes and transition edges, as a new graph.

    Use it for path questions (``nx.descendants``, ``nx.shortest_path``) that must not wander
    through stages, channels or people.
    """
    import networkx as nx

    F = nx.MultiDiGraph(**G.graph)
    F.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("kind") == "touchpoint")
    F.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if d.get("kind") == "transition"
    )
    return F


def touchpoints_for(G: nx.MultiDiGraph, node: str) -> list[str]:
    """Touchpoints that reach a persona or member node, as the checks count reach.

    A member is reached by what reaches it and by what reaches the persona it is an
    instance of; a persona by what reaches it and by what reaches a member who is an
    instance of it (see :mod:`personajourney.graph.index`).

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(personas=[pj.Persona(id="p", name="P")],
        ...     touchpoints=[pj.Touchpoint(id="t", name="T", stage_id="loyalty",
        ...                                persona_ids=["p"])])
        >>> pj.touchpoints_for(pj.build_graph(ws), "persona:p")
        ['touchpoint:t']
    """
    targets = [node]
    if G.nodes[node].get("kind") == "member":
        targets += [v for _, v, k in G.out_edges(node, keys=True) if k == "instance_of"]
    elif G.nodes[node].get("kind") == "persona":
        targets += [u for u, _, k in G.in_edges(node, keys=True) if k == "instance_of"]
    found: set[str] = set()
    for target in targets:
        found.update(u for u, _, k in G.in_edges(target, keys=True) if k == "reaches")
    return sorted(found)


def touchpoints_in_stage(G: nx.MultiDiGraph, stage_id: str) -> list[str]:
    """Touchpoint nodes in a stage, sorted."""
    stage = node_key("stage", stage_id)
    return sorted(u for u, _, k in G.in_edges(stage, keys=True) if k == "in_stage")


def is_reachable(G: nx.MultiDiGraph, source: str, target: str) -> bool:
    """True if the journey's flow leads from touchpoint ``source`` to touchpoint ``target``."""
    if source == target:
        return True
    seen = {source}
    stack = [source]
    while stack:
        node = stack.pop()
        for _, nxt, key in G.out_edges(node, keys=True):
            if not str(key).startswith("transition") or nxt in seen:
                continue
            if nxt == target:
                return True
            seen.add(nxt)
            stack.append(nxt)
    return False
