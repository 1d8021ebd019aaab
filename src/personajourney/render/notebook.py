"""Rich display in Jupyter: objects people look at show themselves.

A :class:`~personajourney.Persona` shows as its card, a
:class:`~personajourney.BuyingCommittee` as its committee map, a
:class:`~personajourney.Workspace` as its journey diagram, and a
:class:`~personajourney.Report` as a table of findings (its own ``_repr_html_``). The model
classes call these functions lazily from ``_repr_svg_``, and show their plain repr when one
raises, so nothing here loads until a notebook asks.

Example:
    >>> import personajourney as pj
    >>> svg = pj.Persona(id="hr-hanna", name="HR-Hanna")._repr_svg_()
    >>> svg.startswith("<svg") and "HR-Hanna" in svg
    True
"""

from __future__ import annotations

from ..models.entities import BuyingCommittee, Channel, Motive, Persona, Stage
from ..models.workspace import Workspace, default_channels, default_stages
from .api import _workspace_for
from .paper import page
from .theme import DEFAULT_THEME

__all__ = ["committee_svg", "persona_svg", "workspace_svg"]


def _inline(svg: str) -> str:
    """The ``<svg>`` element alone: no XML declaration, doctype or comments before it.

    Notebooks put the text into the page as it is; a declaration there is stray text.
    """
    start = svg.find("<svg")
    if start < 0:
        raise ValueError("the renderer made no SVG")
    return svg[start:]


def persona_svg(persona: Persona, workspace: Workspace | None = None) -> str:
    """The persona's card as inline SVG."""
    from .html import card_svg

    ws = workspace if workspace is not None else _workspace_for(persona)
    return _inline(card_svg(ws, persona.id, page=page("A4"), theme=DEFAULT_THEME))


def _workspace_for_committee(committee: BuyingCommittee) -> Workspace:
    """A workspace around a lone committee (placeholders for what it refers to)."""
    stages = {s.id: s for s in default_stages()}
    channels = {c.id: c for c in default_channels()}
    personas: dict[str, Persona] = {}
    motives: dict[str, Motive] = {}
    for member in committee.members:
        for stage_id in [*member.active_stage_ids, *member.influence_by_stage]:
            stages.setdefault(stage_id, Stage(id=stage_id))
        for channel_id in [*member.channel_ids, *member.avoided_channel_ids]:
            channels.setdefault(channel_id, Channel(id=channel_id))
        if member.persona_id:
            personas.setdefault(
                member.persona_id, Persona(id=member.persona_id, name=member.persona_id)
            )
        for link in member.motives:
            motives.setdefault(link.motive_id, Motive(id=link.motive_id, name=link.motive_id))
    known = {m.id for m in committee.members}
    trimmed = committee.model_copy(
        update={
            "members": [
                m.model_copy(update={"introduces_ids": [i for i in m.introduces_ids if i in known]})
                for m in committee.members
            ]
        }
    )
    return Workspace(
        name=committee.name,
        stages=list(stages.values()),
        channels=list(channels.values()),
        personas=list(personas.values()),
        motives=list(motives.values()),
        committees=[trimmed],
    )


def committee_svg(committee: BuyingCommittee, workspace: Workspace | None = None) -> str:
    """The committee map as SVG (Graphviz runs in a worker process)."""
    from .api import render

    ws = workspace if workspace is not None else _workspace_for_committee(committee)
    out = render("committee", ws, format="svg", target=committee.id)
    return _inline(out if isinstance(out, str) else out.decode("utf-8"))


def workspace_svg(workspace: Workspace) -> str:
    """The workspace's journey diagram as SVG."""
    from .api import render

    out = render("journey", workspace, format="svg")
    return _inline(out if isinstance(out, str) else out.decode("utf-8"))
