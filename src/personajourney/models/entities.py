"""The entities of a workspace: stages, teams, channels, motives, personas, committees,
segments, touchpoints and transitions.

Pure data: pydantic and the standard library only. ``_repr_svg_`` (notebook display) calls a
hook that the package's face installs, so the models import no renderer. References between
entities are ids in fields ending in ``_id`` / ``_ids``;
:class:`~personajourney.models.workspace.Workspace` checks that every one of them exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .vocab import (
    DECIDING_ROLES,
    ChannelKind,
    LawfulBasis,
    MotiveKind,
    Outcome,
    ProvenanceKind,
    Role,
    SubjectKind,
)

__all__ = [
    "BuyingCommittee",
    "Channel",
    "DataSource",
    "Handoff",
    "Id",
    "Member",
    "Motive",
    "MotiveLink",
    "Persona",
    "Provenance",
    "Range",
    "Segment",
    "SegmentCriteria",
    "Stage",
    "Team",
    "Touchpoint",
    "Transition",
]

#: An identifier: letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", min_length=1, max_length=100),
]
Text = Annotated[str, StringConstraints(max_length=10_000)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class Base(BaseModel):
    """Shared configuration: unknown fields are errors.

    Validators are built on first use (``defer_build``) and attribute docstrings are read
    only when the JSON Schema is generated (:func:`personajourney.json_schema`), which keeps
    ``import personajourney`` fast.
    """

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,  # numbers are finite: no NaN or Infinity in a model
        defer_build=True,
        validate_default=False,
        str_strip_whitespace=False,
    )


class Provenance(Base):
    """Where a claim comes from: asserted (someone believes it), researched, or measured."""

    kind: ProvenanceKind = ProvenanceKind.ASSERTED
    """How much evidence stands behind the claim."""
    source: Text | None = None
    """Interview round, survey, analytics report… what the claim rests on."""


class Stage(Base):
    """One stage of the customer journey. Stages are ordered as they are listed."""

    id: Id
    name: ShortText | None = None
    """Display name; built-in stages get a localised label when this is empty."""
    description: Text | None = None
    owner_id: Id | None = None
    """Team that owns the customer in this stage."""
    decision: bool = False
    """True for the stage in which the purchase decision is made (at most one stage)."""


class Team(Base):
    """An owner of the customer: marketing, sales, customer service, a partner…"""

    id: Id
    name: ShortText | None = None
    description: Text | None = None


class DataSource(Base):
    """Where real contacts come from (a CRM, an event's attendee list, a spreadsheet) and on
    what basis their data is processed."""

    id: Id
    name: ShortText | None = None
    description: Text | None = None
    lawful_basis: LawfulBasis | None = None
    """The basis for processing the contacts taken from this source (GDPR article 6(1))."""
    basis_note: Text | None = None
    """Where the basis is recorded: the consent form, the legitimate-interest assessment…"""


class Channel(Base):
    """A channel through which a touchpoint happens."""

    id: Id
    name: ShortText | None = None
    kind: ChannelKind = ChannelKind.ONLINE
    """Online or offline."""


class Motive(Base):
    """Why a buyer acts: the need, aspiration or fear that a touchpoint must speak to."""

    id: Id
    name: ShortText
    kind: MotiveKind = MotiveKind.OTHER
    description: Text | None = None


class MotiveLink(Base):
    """A persona's or member's motive, with how strongly it drives them (0–1)."""

    motive_id: Id
    strength: Fraction = 0.5


class Persona(Base):
    """A buyer persona: a condensed description of one customer group ("HR-Hanna")."""

    id: Id
    name: ShortText
    quote: Text | None = None
    photo: ShortText | None = None
    """Image file, relative to the workspace folder."""
    roles: list[Role] = Field(default_factory=list)
    """Buying roles this persona typically holds."""
    responsibility: ShortText | None = None
    """Area of responsibility (vastuualue), e.g. "recruitment", "IT infrastructure"."""
    goals: list[Text] = Field(default_factory=list)
    dreams: list[Text] = Field(default_factory=list)
    problems: list[Text] = Field(default_factory=list)
    ways_of_working: list[Text] = Field(default_factory=list)
    questions: list[Text] = Field(default_factory=list)
    """Questions this persona asks before buying."""
    objections: list[Text] = Field(default_factory=list)
    values: list[Text] = Field(default_factory=list)
    channel_ids: list[Id] = Field(default_factory=list)
    """Channels the persona uses."""
    avoided_channel_ids: list[Id] = Field(default_factory=list)
    """Channels the persona avoids or never uses."""
    motives: list[MotiveLink] = Field(default_factory=list)
    active_stage_ids: list[Id] = Field(default_factory=list)
    """Stages in which the persona takes part in the purchase. Empty means: the stages the
    committee members who are instances of this persona are active in, or every stage if
    no member restricts it."""
    demographics: dict[ShortText, ShortText] = Field(default_factory=dict)
    """Optional background facts (age range, location…): secondary to motives in B2B."""
    provenance: Provenance = Field(default_factory=Provenance)

    def _repr_svg_(self) -> str | None:
        """In Jupyter, a persona shows as its card."""
        return _display(self)


class Member(Base):
    """A member of a buying committee: an archetype or a real contact from a CRM."""

    id: Id
    """Unique across all committees of the workspace."""
    name: ShortText
    title: ShortText | None = None
    kind: SubjectKind = SubjectKind.ARCHETYPE
    """``archetype`` (invented) or ``contact`` (a real person: personal data)."""
    crm_id: ShortText | None = None
    """Id of the contact in the CRM, for real contacts."""
    roles: list[Role] = Field(default_factory=list)
    influence: Fraction = 0.5
    """Influence on the decision, 0–1, unless a stage overrides it."""
    influence_by_stage: dict[Id, Fraction] = Field(default_factory=dict)
    """Influence in particular stages (stage id → 0–1); influence shifts during a purchase."""
    active_stage_ids: list[Id] = Field(default_factory=list)
    """Stages in which the member takes part; empty means every stage."""
    motives: list[MotiveLink] = Field(default_factory=list)
    channel_ids: list[Id] = Field(default_factory=list)
    avoided_channel_ids: list[Id] = Field(default_factory=list)
    introduces_ids: list[Id] = Field(default_factory=list)
    """Members this member can introduce you to (the expert who leads you to the decision
    makers' table)."""
    persona_id: Id | None = None
    """The persona this member is an instance of."""
    data_source_id: Id | None = None
    """The data source a real contact comes from; its basis covers the member."""
    lawful_basis: LawfulBasis | None = None
    """The basis for processing this contact's data, when the member's own (GDPR 6(1))."""
    basis_note: Text | None = None
    """Where this contact's basis or consent is recorded."""

    def influence_at(self, stage_id: str) -> float:
        """Influence in ``stage_id``: the stage override if there is one, else ``influence``."""
        return self.influence_by_stage.get(stage_id, self.influence)

    def is_active_in(self, stage_id: str) -> bool:
        """True if the member takes part in ``stage_id``."""
        return not self.active_stage_ids or stage_id in self.active_stage_ids

    @property
    def is_decision_maker(self) -> bool:
        """True if any of the member's roles decides the purchase."""
        return any(role in DECIDING_ROLES for role in self.roles)


class BuyingCommittee(Base):
    """The people who together make one purchase decision."""

    id: Id
    name: ShortText
    description: Text | None = None
    required_roles: list[Role] = Field(default_factory=list)
    """Roles this committee must have filled for the purchase to go through."""
    members: list[Member] = Field(default_factory=list)

    def _repr_svg_(self) -> str | None:
        """In Jupyter, a committee shows as its map."""
        return _display(self)


#: Draws a model object for a notebook. The package's face (``personajourney/__init__.py``)
#: installs it, so that the models import no renderer: Jupyter asks the object itself for
#: ``_repr_svg_``, while the drawing lives in :mod:`personajourney.render.notebook`.
_display_hook: Callable[[object], str] | None = None


def set_display_hook(hook: Callable[[object], str] | None) -> None:
    """Install what ``_repr_svg_`` of personas, committees and workspaces calls."""
    global _display_hook
    _display_hook = hook


def _display(obj: object) -> str | None:
    """SVG for notebook display of a persona, committee or workspace; ``None`` (the plain
    repr) if it cannot be drawn."""
    if _display_hook is None:
        return None
    try:
        return _display_hook(obj)
    except Exception:
        return None


class Range(Base):
    """A closed numeric range; either end may be open."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self


class SegmentCriteria(Base):
    """What puts a company into a segment."""

    industries: list[ShortText] = Field(default_factory=list)
    company_size: Range | None = None
    """Headcount."""
    revenue: Range | None = None
    """Yearly revenue, in the workspace's currency."""
    responsibility_areas: list[ShortText] = Field(default_factory=list)
    """The decision maker's area of responsibility."""
    credit_ratings: list[ShortText] = Field(default_factory=list)
    buying_stage_ids: list[Id] = Field(default_factory=list)
    """Stages of the buying process the targeted companies are in."""
    purchase_frequency: Range | None = None
    """Purchases per year."""
    average_purchase: Range | None = None
    motive_ids: list[Id] = Field(default_factory=list)
    needs: list[Text] = Field(default_factory=list)

    def is_empty(self) -> bool:
        """True if no criterion is set."""
        return not any(getattr(self, name) for name in type(self).model_fields)


class Segment(Base):
    """A group of companies that are alike inside and unlike other segments."""

    id: Id
    name: ShortText
    description: Text | None = None
    criteria: SegmentCriteria = Field(default_factory=SegmentCriteria)
    estimated_size: Annotated[int, Field(ge=0)] | None = None
    """Number of companies in the segment."""
    estimated_value: Annotated[float, Field(ge=0)] | None = None
    """Expected yearly value of the segment, in the workspace's currency."""
    priority: Annotated[int, Field(ge=1, le=5)] | None = None
    """1 (highest) to 5."""
    excluded: bool = False
    """True for a segment deliberately left out (jätetään ulkopuolelle)."""
    exclusion_reason: Text | None = None
    channel_ids: list[Id] = Field(default_factory=list)
    """Channels that reach this segment."""
    persona_ids: list[Id] = Field(default_factory=list)
    committee_ids: list[Id] = Field(default_factory=list)


class Touchpoint(Base):
    """One encounter between a buyer and the company, in one stage and channel."""

    id: Id
    name: ShortText
    description: Text | None = None
    stage_id: Id
    channel_id: Id | None = None
    owner_id: Id | None = None
    """Owner team; when empty, the owner of the stage."""
    persona_ids: list[Id] = Field(default_factory=list)
    member_ids: list[Id] = Field(default_factory=list)
    motive_ids: list[Id] = Field(default_factory=list)
    """Motives this touchpoint speaks to."""
    questions: list[Text] = Field(default_factory=list)
    """Buyer questions this touchpoint answers."""
    thoughts: list[Text] = Field(default_factory=list)
    """What the buyer thinks or feels here, in their words."""
    content: ShortText | None = None
    """Content theme."""
    emotion: Annotated[int, Field(ge=-2, le=2)] | None = None
    """How the buyer feels, from −2 (very bad) to +2 (very good)."""
    pain_points: list[Text] = Field(default_factory=list)
    opportunities: list[Text] = Field(default_factory=list)
    kpi: ShortText | None = None
    entry: bool = False
    """True where buyers enter the journey."""
    outcome: Outcome | None = None
    """Set where the journey is meant to end here (``won``, ``lost``, ``deferred``,
    ``churned``, ``exit``): an intended ending, not a dead end."""
    provenance: Provenance = Field(default_factory=Provenance)


class Handoff(Base):
    """An agreed hand-off, made once for a pair of teams or a stage boundary.

    It covers every transition across it: every step from a touchpoint owned by
    ``from_team_id`` to one owned by ``to_team_id``, or from a touchpoint in
    ``from_stage_id`` to one in ``to_stage_id``.
    """

    from_team_id: Id | None = None
    to_team_id: Id | None = None
    from_stage_id: Id | None = None
    to_stage_id: Id | None = None
    name: ShortText | None = None
    """What the agreement is called ("Lead acceptance SLA")."""
    rules: list[Text] = Field(default_factory=list)
    """What is agreed: when a lead is ready, who calls within how long…"""

    @model_validator(mode="after")
    def _one_pair(self) -> Handoff:
        teams = (self.from_team_id, self.to_team_id)
        stages = (self.from_stage_id, self.to_stage_id)
        if None in teams and teams != (None, None):
            raise ValueError("a hand-off between teams names both from_team_id and to_team_id")
        if None in stages and stages != (None, None):
            raise ValueError(
                "a hand-off at a stage boundary names both from_stage_id and to_stage_id"
            )
        if teams == (None, None) and stages == (None, None):
            raise ValueError(
                "a hand-off names two teams (from_team_id, to_team_id) or two stages "
                "(from_stage_id, to_stage_id)"
            )
        return self

    def covers(self, owners: tuple[str | None, str | None], stages: tuple[str, str]) -> bool:
        """True if a step between touchpoints with these owners and stages is covered."""
        if self.from_team_id is not None and owners == (self.from_team_id, self.to_team_id):
            return True
        return self.from_stage_id is not None and stages == (self.from_stage_id, self.to_stage_id)


class Transition(Base):
    """A step from one touchpoint to the next: the flow of the journey."""

    from_id: Id
    to_id: Id
    handoff: bool = False
    """True where ownership is handed over deliberately (agreed rules, a named hand-off)."""
    label: ShortText | None = None
    outcome: Outcome | None = None
    """Set where taking this step ends the journey with an outcome (a "not now" branch, a
    lost deal): the touchpoint it leads to is an intended ending."""
