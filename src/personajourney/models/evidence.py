"""The ``evidence:`` section of a workspace: where the event log is and how to read it.

An event log is what buyers actually did (web analytics, marketing automation, CRM activity
exports): one row per event, with the journey it belongs to (``case_id``), when it happened
(``timestamp``) and what it was (``touchpoint``: a raw activity name). This section says where
the log lies, which columns hold what, how raw activity names map to the model's touchpoints,
and which touchpoints mean a won deal. :func:`personajourney.evidence` reads it.

Pure data, like the rest of :mod:`personajourney.models`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .entities import Base, Fraction, Id, ShortText

__all__ = [
    "ActivityMapping",
    "Attribution",
    "Durations",
    "Endpoint",
    "EventColumns",
    "EvidenceSettings",
    "FunnelStep",
    "GroupFunnel",
    "Observation",
    "ObservedTransition",
    "SegmentResult",
    "StageSkip",
]

#: A column name of an event log (any text a CSV header may hold, within reason).
Column = Annotated[str, Field(min_length=1, max_length=200)]


class EventColumns(Base):
    """Which column of the event log holds what.

    The three required columns default to ``case_id``, ``timestamp`` and ``touchpoint``. An
    optional column left empty is used when the log has a column of its default name
    (``person_id``, ``persona_id``, ``segment_id``, ``value``, ``channel``, ``campaign``,
    ``url``) and ignored when it has none; a column named here must exist.
    """

    case_id: Column = "case_id"
    """The journey an event belongs to: an opportunity, an account or a person."""
    timestamp: Column = "timestamp"
    """When the event happened (a timestamp or an ISO 8601 text)."""
    touchpoint: Column = "touchpoint"
    """The raw activity name, mapped to a touchpoint by ``mapping`` (or equal to its id)."""
    person_id: Column | None = None
    """Who acted (for purchase frequency per customer); never shown in any output."""
    persona_id: Column | None = None
    """The persona of the person who acted, for the funnel per persona."""
    segment_id: Column | None = None
    """The segment of the case, for the funnel and results per segment."""
    value: Column | None = None
    """Revenue of a won case (summed over its events)."""
    channel: Column | None = None
    """Channel of the event, for ``mapping`` rules by channel and campaign."""
    campaign: Column | None = None
    """Campaign of the event, for ``mapping`` rules by channel and campaign."""
    url: Column | None = None
    """Page address of the event, for ``mapping`` rules with ``on: url``."""


class ActivityMapping(Base):
    """One rule mapping raw events to a touchpoint; the first rule that matches wins.

    Give exactly one way to match: ``activity`` (the exact raw name), ``channel`` (with an
    optional ``campaign``), or ``match`` (a glob such as ``*/pricing*`` on the activity name,
    or on the URL with ``on: url``). An activity equal to a touchpoint id maps to it with no
    rule.
    """

    touchpoint_id: Id
    """The touchpoint the matching events map to."""
    activity: ShortText | None = None
    """Exact raw activity name."""
    channel: ShortText | None = None
    """Exact channel value of the event."""
    campaign: ShortText | None = None
    """Exact campaign value (with ``channel``)."""
    match: ShortText | None = None
    """A glob: ``*`` any text, ``?`` one character, ``[abc]`` one of them."""
    on: Literal["activity", "url"] = "activity"
    """What ``match`` is applied to."""

    @model_validator(mode="after")
    def _one_way(self) -> ActivityMapping:
        ways = [
            name
            for name, given in (
                ("activity", self.activity is not None),
                ("channel", self.channel is not None),
                ("match", self.match is not None),
            )
            if given
        ]
        if len(ways) != 1:
            raise ValueError(
                "give exactly one of `activity`, `channel` (with an optional `campaign`) or "
                f"`match`; got {', '.join(ways) or 'none'}"
            )
        if self.campaign is not None and self.channel is None:
            raise ValueError("`campaign` needs a `channel`")
        return self


class EvidenceSettings(Base):
    """Where the event log is and how to read it: the ``evidence:`` section."""

    source: ShortText | None = None
    """A file, a folder or a glob (``logs/*.parquet``), relative to the workspace folder; the
    command line's ``--events`` overrides it."""
    format: Literal["csv", "parquet", "json"] | None = None
    """The log's format; by default from the suffix (``.csv``, ``.parquet``, ``.jsonl``,
    ``.ndjson`` or ``.json`` for JSON lines)."""
    columns: EventColumns = Field(default_factory=EventColumns)
    mapping: list[ActivityMapping] = Field(default_factory=list)
    """Rules from raw activity names to touchpoints, tried in order."""
    conversion_touchpoint_ids: list[Id] = Field(default_factory=list)
    """Touchpoints that mean a won deal; by default every touchpoint of a stage after the
    decision stage."""
    min_cases: Annotated[int, Field(ge=1)] = 5
    """Counts of fewer cases than this are suppressed in every output (1 shows all)."""
    frequent_transition_share: Fraction = 0.05
    """An unmodelled transition is reported (E002) when it is at least this share of all
    observed transitions."""
    break_share: Fraction = 0.5
    """A stage is a break (E003) when at least this share of the cases reaching it end there
    without converting."""
    unmapped_share: Fraction = 0.2
    """Unmapped events are reported (E005) when they are at least this share of all events."""


# -- what was observed -----------------------------------------------------------------------
#
# The measured facts of one event log held against one workspace: plain, frozen data that the
# evidence engine (:mod:`personajourney.evidence`) fills in and the evidence rules (area E of
# the checks) read. Every count is exact here; suppression of small counts happens where the
# facts are shown.


@dataclass(frozen=True, slots=True)
class ObservedTransition:
    """Directly-follows: how often one mapped event was followed by another in a case."""

    from_id: str
    to_id: str
    count: int
    modelled: bool
    """True when the workspace has this transition."""
    median_seconds: float | None
    """Median time between the two events, in seconds."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """How many cases start (or end) at a touchpoint."""

    touchpoint_id: str
    count: int


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """One stage of a funnel: cases reaching it, ending there, and converting."""

    stage_id: str
    cases: int
    """Cases with at least one event in the stage."""
    furthest: int
    """Cases whose furthest stage this is."""
    converted: int
    """Of the cases reaching the stage, those that converted."""
    dropped: int = 0
    """Cases whose furthest stage this is and that did not convert: the drop-off here."""


@dataclass(frozen=True, slots=True)
class GroupFunnel:
    """The funnel of one persona or one segment."""

    kind: Literal["persona", "segment"]
    id: str
    steps: tuple[FunnelStep, ...]


@dataclass(frozen=True, slots=True)
class StageSkip:
    """Consecutive events of a case whose stages are more than one apart, going forward."""

    from_stage_id: str
    to_stage_id: str
    count: int


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """What the cases of one segment did."""

    segment_id: str
    cases: int
    converted: int
    value: float | None
    """Sum of the ``value`` column over the segment's cases (``None`` without the column)."""

    @property
    def conversion_rate(self) -> float:
        return self.converted / self.cases if self.cases else 0.0

    @property
    def value_per_case(self) -> float | None:
        return self.value / self.cases if self.value is not None and self.cases else None


@dataclass(frozen=True, slots=True)
class Durations:
    """How long something took over a number of cases: median and 90th percentile (linear
    interpolation between the nearest ranks), in seconds."""

    cases: int
    median_seconds: float | None
    p90_seconds: float | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """How much a touchpoint counts toward conversions.

    ``removal_effect`` is the first-order Markov removal effect: the share of conversions
    that would be lost if buyers who reach the touchpoint went nowhere (paths run from a
    case's first event to its first conversion event). ``last_touch`` counts the converted
    cases whose last event before converting was here.
    """

    touchpoint_id: str
    removal_effect: float
    last_touch: int


@dataclass(frozen=True, slots=True)
class Observation:
    """Everything measured from one event log against one workspace.

    ``events`` counts every row read; ``invalid_events`` those with no case id or timestamp
    (set aside); ``unmapped_events`` the valid ones that map to no touchpoint (set aside);
    ``cases`` the cases with at least one mapped event.
    """

    events: int
    cases: int
    unmapped_events: int
    invalid_events: int
    transitions: tuple[ObservedTransition, ...]
    starts: tuple[Endpoint, ...]
    ends: tuple[Endpoint, ...]
    funnel: tuple[FunnelStep, ...]
    unobserved: tuple[tuple[str, str], ...]
    """Modelled transitions never observed, in model order."""
    skipped: tuple[StageSkip, ...]
    never_observed: tuple[str, ...]
    """Touchpoints no mapped event reached, in model order."""
    unmapped_names: tuple[tuple[str, int], ...]
    """The most frequent raw activity names that map to nothing, with their counts."""
    group_funnels: tuple[GroupFunnel, ...] = ()
    segments: tuple[SegmentResult, ...] = ()
    attribution: tuple[Attribution, ...] = ()
    """Per touchpoint on a path to conversion, largest removal effect first."""
    converted: int = 0
    """Cases that converted."""
    stage_times: tuple[tuple[str, Durations], ...] = ()
    """Per stage in stage order: time from a case's first event in the stage to its first
    event in a later stage after that (cases that moved on)."""
    time_to_conversion: Durations = field(default_factory=lambda: Durations(0, None, None))
    """Time from a converted case's first event to its first conversion event."""
    settings: EvidenceSettings = field(default_factory=EvidenceSettings)
    """The settings the log was read with (thresholds of the evidence rules)."""

    @property
    def unmodelled(self) -> tuple[ObservedTransition, ...]:
        """Observed transitions the workspace lacks, most frequent first."""
        return tuple(t for t in self.transitions if not t.modelled)

    @property
    def mapped_events(self) -> int:
        return self.events - self.invalid_events - self.unmapped_events
