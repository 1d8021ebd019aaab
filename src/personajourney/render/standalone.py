"""Workspaces around an entity drawn on its own, with placeholders for what it refers to.

A :class:`~personajourney.Persona` or :class:`~personajourney.BuyingCommittee` built in
code, outside any workspace, can still be drawn: these functions wrap it in a small
workspace of the built-in stages and channels, and make the motives, stages, channels and
personas it refers to out of their ids. What such a drawing cannot know (who is reached,
which findings the checks would give) comes from the real workspace only.

Example:
    >>> import personajourney as pj
    >>> persona = pj.Persona(id="hr-hanna", name="HR-Hanna",
    ...                      motives=[pj.MotiveLink(motive_id="save-time")])
    >>> [m.name for m in persona_workspace(persona).motives]
    ['save-time']
"""

from __future__ import annotations

from ..models.entities import BuyingCommittee, Channel, Motive, Persona, Stage
from ..models.workspace import Workspace, default_channels, default_stages

__all__ = ["committee_workspace", "persona_workspace"]


def persona_workspace(persona: Persona) -> Workspace:
    """A workspace around a lone persona, so it can be drawn without its model."""
    channels = {c.id: c for c in default_channels()}
    for channel_id in [*persona.channel_ids, *persona.avoided_channel_ids]:
        channels.setdefault(channel_id, Channel(id=channel_id))
    motives = [Motive(id=link.motive_id, name=link.motive_id) for link in persona.motives]
    unique = list({m.id: m for m in motives}.values())
    return Workspace(
        name=persona.name, personas=[persona], channels=list(channels.values()), motives=unique
    )


def committee_workspace(committee: BuyingCommittee) -> Workspace:
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
