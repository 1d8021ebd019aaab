"""P: personas — are they complete, grounded and reached?"""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ...models.vocab import ProvenanceKind
from ..base import Draft, RuleContext, rule
from ._util import ticks


@rule("P001", "persona-incomplete", "warning")
def persona_incomplete(ctx: RuleContext) -> Iterator[Draft]:
    """A persona is missing goals, problems or motives.

    Why it matters:
        A persona is useful when it feels like a real person whose questions are easy to
        answer; without goals, problems and motives it is a name and a photo.

    Example:
        ``Marja Markkinoija`` with a quote and a photo but no ``problems``.

    Fix:
        Fill in the missing fields from interviews or sales notes.
    """
    for persona in ctx.ws.personas:
        missing = [name for name in ("goals", "problems", "motives") if not getattr(persona, name)]
        if missing:
            yield Draft(
                f"persona `{persona.id}` has no {ticks(missing)}",
                (node_key("persona", persona.id),),
                "fill in the missing fields from interviews or sales notes",
            )


@rule("P002", "persona-only-asserted", "info")
def persona_only_asserted(ctx: RuleContext) -> Iterator[Draft]:
    """A persona rests only on assertions: no research and no measurement behind it.

    Why it matters:
        A persona invented in a workshop can be a useful hypothesis, but decisions built on
        it should know that it is one.

    Example:
        ``provenance: {kind: asserted}`` (the default).

    Fix:
        Interview buyers or analyse data, then set ``provenance`` to ``researched`` or
        ``measured`` with a ``source``.
    """
    for persona in ctx.ws.personas:
        if persona.provenance.kind == ProvenanceKind.ASSERTED:
            yield Draft(
                f"persona `{persona.id}` rests only on assertions",
                (node_key("persona", persona.id),),
                "back it with research and set `provenance.kind` and `provenance.source`",
            )


@rule("P003", "persona-unreached", "warning")
def persona_unreached(ctx: RuleContext) -> Iterator[Draft]:
    """No touchpoint has the persona in its audience.

    Why it matters:
        A persona with no journey is a poster, not a plan.

    Example:
        ``marja-markkinoija`` is defined, but no touchpoint lists her in ``persona_ids``.

    Fix:
        Add the persona to the touchpoints meant for them. A persona whose segments are all
        excluded is meant to be left alone and is not reported.
    """
    excluded = ctx.excluded_personas
    for persona in ctx.ws.personas:
        if not ctx.persona_tps[persona.id] and persona.id not in excluded:
            yield Draft(
                f"no touchpoint reaches persona `{persona.id}`",
                (node_key("persona", persona.id),),
                "add the persona to the touchpoints meant for them",
            )


@rule("P004", "persona-avoided-channel", "info")
def persona_avoided_channel(ctx: RuleContext) -> Iterator[Draft]:
    """A touchpoint reaches a persona through a channel the persona avoids.

    Why it matters:
        The touchpoint counts as coverage on paper, but the persona is not there to see it.

    Example:
        A LinkedIn campaign for a persona who avoids ``social``.

    Fix:
        Move the touchpoint to a channel the persona uses, or drop the persona from it.
    """
    for persona in ctx.ws.personas:
        avoided = set(persona.avoided_channel_ids)
        if not avoided or persona.id in ctx.excluded_personas:
            continue
        channel = ctx.tp_channel
        for i in ctx.persona_tps[persona.id]:
            channel_id = channel[i]
            if channel_id is None or channel_id not in avoided:
                continue
            tp = ctx.tps[i]
            yield Draft(
                f"touchpoint `{tp.id}` reaches persona `{persona.id}` through "
                f"`{tp.channel_id}`, a channel they avoid",
                (
                    node_key("touchpoint", tp.id),
                    node_key("persona", persona.id),
                    node_key("channel", channel_id),
                ),
                "use a channel the persona uses, or drop them from this touchpoint",
            )
