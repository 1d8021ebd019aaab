"""The :class:`Workspace`: the whole model, its defaults, and its reference checks."""

from __future__ import annotations

import difflib
import itertools
import os
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import LOCALES, Locale, label
from .entities import (
    Base,
    BuyingCommittee,
    Channel,
    DataSource,
    Fraction,
    Handoff,
    Member,
    Motive,
    Persona,
    Segment,
    ShortText,
    Stage,
    Team,
    Text,
    Touchpoint,
    Transition,
)
from .evidence import EvidenceSettings
from .vocab import ChannelKind, PrivacyProfile, Severity

__all__ = [
    "CheckSettings",
    "Location",
    "Workspace",
    "default_channels",
    "default_stages",
    "default_teams",
    "workspace_of",
]

SCHEMA_VERSION = 1
#: At most this many reference problems are reported at once.
MAX_PROBLEMS = 100


def default_stages() -> list[Stage]:
    """The seven stages of the source articles, with their usual owner teams."""
    owners = {
        "problem-awareness": "marketing",
        "information-search": "marketing",
        "comparing-alternatives": "sales",
        "purchase-decision": "sales",
        "onboarding": "customer-service",
        "loyalty": "customer-service",
        "advocacy": "marketing",
    }
    return [
        Stage(id=stage_id, owner_id=owner, decision=stage_id == "purchase-decision")
        for stage_id, owner in owners.items()
    ]


def default_teams() -> list[Team]:
    """Marketing, sales and customer service."""
    return [Team(id=team_id) for team_id in ("marketing", "sales", "customer-service")]


def default_channels() -> list[Channel]:
    """Common B2B channels, each marked online or offline."""
    online = ("web", "search", "social", "email", "webinar", "chat")
    offline = ("event", "phone", "meeting", "partner", "print")
    return [Channel(id=c, kind=ChannelKind.ONLINE) for c in online] + [
        Channel(id=c, kind=ChannelKind.OFFLINE) for c in offline
    ]


class CheckSettings(Base):
    """How the checks run for this workspace; the command line can override each."""

    select: list[ShortText] = Field(default_factory=list)
    """Rule codes or prefixes to run (``J``, ``C002``); empty means every rule."""
    ignore: list[ShortText] = Field(default_factory=list)
    """Rule codes or prefixes to skip."""
    severity: dict[ShortText, Severity] = Field(default_factory=dict)
    """Severity overrides by code or prefix, e.g. ``{"M": "info", "C003": "error"}``."""
    fail_on: Severity = Severity.ERROR
    """Lowest severity that makes ``personajourney check`` exit with 1."""
    influence_threshold: Fraction = 0.6
    """Members at or above this influence count as influential."""
    motive_weight_threshold: Fraction = 0.2
    """Unaddressed member motives are reported when influence × strength reaches this."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is defined: file, 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


Loc = tuple[str | int, ...]


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Workspace(Base):
    """The whole model: what is sold, to whom, through which journey.

    Build it in code or load it with :func:`personajourney.load`::

        >>> import personajourney as pj
        >>> ws = pj.Workspace(
        ...     name="Demo",
        ...     personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")],
        ...     touchpoints=[pj.Touchpoint(id="blog", name="Blog post",
        ...                                stage_id="problem-awareness",
        ...                                persona_ids=["hr-hanna"], entry=True)],
        ... )
        >>> ws.stage_ids()[:2]
        ['problem-awareness', 'information-search']

    Stages, teams and channels default to the built-in sets when a file leaves them out.
    Every reference is checked when the workspace is created; an unknown id is an error that
    names the field and the closest existing ids.
    """

    version: Literal[1] = 1
    """Version of the file format."""
    name: ShortText = "Untitled workspace"
    locale: Locale = "en"
    """Language of built-in labels in output: ``en`` or ``fi``."""
    offering: Text | None = None
    """What is being sold."""
    description: Text | None = None
    currency: ShortText = "EUR"
    """Currency of segment revenue and value figures."""
    stages: list[Stage] = Field(default_factory=default_stages)
    teams: list[Team] = Field(default_factory=default_teams)
    channels: list[Channel] = Field(default_factory=default_channels)
    motives: list[Motive] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    committees: list[BuyingCommittee] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)
    data_sources: list[DataSource] = Field(default_factory=list)
    """Where real contacts come from, and the basis on which their data is processed."""
    handoffs: list[Handoff] = Field(default_factory=list)
    """Agreed hand-offs, each made once for a pair of teams or a stage boundary."""
    checks: CheckSettings = Field(default_factory=CheckSettings)
    evidence: EvidenceSettings | None = None
    """Where the event log of what buyers actually did is, and how to read it
    (:func:`personajourney.evidence`)."""
    privacy: PrivacyProfile = PrivacyProfile.INTERNAL
    """Default privacy profile of every output made from this workspace (``internal``,
    ``share`` or ``public``); ``--privacy`` on the command line overrides it."""

    _locations: dict[str, Location] = PrivateAttr(default_factory=dict)
    _root: str | None = PrivateAttr(default=None)
    _assets: str | None = PrivateAttr(default=None)

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        # Every way a workspace comes to be (built, validated, loaded, copied, unpickled)
        # passes here: remember it, weakly, so its entities can find it (workspace_of).
        self = super().__new__(cls)
        _remember(self)
        return self

    @property
    def root(self) -> str | None:
        """Folder the workspace was loaded from (``None`` when built in code); files such as
        persona photos are resolved inside it and never outside."""
        return self._root

    @property
    def assets(self) -> str | None:
        """Folder persona photos are read from (``photo`` paths are relative to it).

        The folder given to :meth:`with_assets` (``--assets`` on the command line); else the
        workspace folder when the workspace was loaded from a folder; else ``None``, and no
        photo is drawn: a single model file may lie in a downloads folder holding anything,
        and a workspace built in code has no files.
        """
        return self._assets

    def with_assets(self, folder: str | os.PathLike[str]) -> Workspace:
        """A copy whose persona photos are read from ``folder`` (the assets folder); it
        shares the entities and keeps where each was defined.

        Example:
            >>> Workspace(name="Demo").with_assets("/srv/photos").assets
            '/srv/photos'
        """
        copy = self.model_copy()
        copy._locations = self._locations
        copy._root = self._root
        copy._assets = os.path.abspath(folder)
        return copy

    # Equality is about content, not about which file or line it was read from.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workspace):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    # -- reference checks -------------------------------------------------------------------

    @model_validator(mode="after")
    def _check_references(self) -> Workspace:
        problems = list(itertools.islice(_reference_problems(self), MAX_PROBLEMS))
        if problems:
            # Every problem, each with its hint: code that builds a workspace sees the same
            # "did you mean" as a file that is loaded.
            lines = [
                f"{_path(loc)}: {message}" + (f" ({hint})" if hint else "")
                for loc, message, hint in problems
            ]
            raise PydanticCustomError(
                "workspace_reference",
                "{message}",
                {"message": "\n  ".join(lines), "problems": problems},
            )
        return self

    # -- convenient views --------------------------------------------------------------------

    def stage_ids(self) -> list[str]:
        """Stage ids in journey order."""
        return [s.id for s in self.stages]

    @property
    def decision_stage(self) -> Stage | None:
        """The stage marked as the purchase decision, if any."""
        return next((s for s in self.stages if s.decision), None)

    def members(self) -> Iterator[tuple[BuyingCommittee, Member]]:
        """Every (committee, member) pair, in file order."""
        for committee in self.committees:
            for member in committee.members:
                yield committee, member

    def get(self, kind: str, id: str) -> Any:
        """The entity of ``kind`` (``persona``, ``touchpoint``, ``member``…) with ``id``.

        Raises:
            KeyError: if there is none.
        """
        for entity in self._collection(kind):
            if entity.id == id:
                return entity
        raise KeyError(f"no {kind} with id {id!r}")

    def _collection(self, kind: str) -> Iterable[Any]:
        if kind == "member":
            return (m for _, m in self.members())
        plural = {"committee": "committees", "persona": "personas"}
        attr = plural.get(kind, kind.replace(" ", "_") + "s")
        if attr not in type(self).model_fields:
            raise KeyError(f"unknown kind {kind!r}")
        return list(getattr(self, attr))

    def label_of(self, entity: Stage | Team | Channel) -> str:
        """Display name of a stage, team or channel in the workspace's locale."""
        if entity.name:
            return entity.name
        vocabulary = {Stage: "stage", Team: "team", Channel: "channel"}[type(entity)]
        return label(vocabulary, entity.id, self.locale)

    def with_locale(self, locale: str) -> Workspace:
        """A copy whose built-in labels are in ``locale``; it shares the entities and keeps
        where each was defined and the folder it was loaded from.

        Example:
            >>> ws = Workspace(name="Demo")
            >>> ws.with_locale("fi").label_of(ws.stages[0])
            'Ongelman tiedostaminen'

        Raises:
            ValueError: for a locale other than ``en`` and ``fi``.
        """
        if locale not in LOCALES:
            raise ValueError(f"unknown locale {locale!r}; use one of {', '.join(LOCALES)}")
        copy = self.model_copy(update={"locale": locale})
        copy._locations = self._locations
        copy._root = self._root
        copy._assets = self._assets
        return copy

    def rebuilt(self, data: dict[str, Any]) -> Workspace:
        """A new workspace validated from ``data`` (a changed :meth:`model_dump` of this
        one) that keeps this one's folders (for images), but not its file positions: the
        entities are not the ones written in the files any more.

        Raises:
            pydantic.ValidationError: if ``data`` is not a valid workspace.
        """
        copy = Workspace.model_validate(data)
        copy._root = self._root
        copy._assets = self._assets
        return copy

    def location_of(self, kind: str, id: str) -> Location | None:
        """Where the entity was defined, for workspaces read by :func:`personajourney.load`."""
        return self._locations.get(f"{kind}:{id}")

    def _repr_svg_(self) -> str | None:
        """In Jupyter, a workspace shows as its journey diagram."""
        from .entities import _display

        return _display(self)

    def _set_locations(self, locations: dict[str, Location]) -> None:
        self._locations = locations


# -- which workspace an entity belongs to ---------------------------------------------------
#
# An entity does not point to its workspace: a back-reference held on the entity would take
# part in pydantic's equality (which compares private attributes too), in copies and in
# pickles, and would tie the entity's life to the workspace's. Instead every workspace is
# remembered here by a weak reference, in the order they were made; a workspace that is
# dropped leaves the table by the weak reference's callback.

_WORKSPACES: dict[int, weakref.ref[Workspace]] = {}
_serial = itertools.count()

#: The fields whose entities :func:`workspace_of` finds (members through their committees).
_HOLDING = (
    "personas",
    "committees",
    "touchpoints",
    "stages",
    "teams",
    "channels",
    "motives",
    "segments",
    "transitions",
)


def _remember(ws: Workspace) -> None:
    key = next(_serial)

    def forget(_: object, key: int = key) -> None:
        _WORKSPACES.pop(key, None)

    _WORKSPACES[key] = weakref.ref(ws, forget)


def _holds(ws: Workspace, entity: object) -> bool:
    fields = vars(ws)  # not attribute access: a workspace may still be under construction
    for name in _HOLDING:
        if any(item is entity for item in fields.get(name, ())):
            return True
    committees = fields.get("committees", ())
    return any(member is entity for committee in committees for member in committee.members)


def workspace_of(entity: object) -> Workspace | None:
    """The workspace that holds ``entity`` (this very object, not an equal one), or ``None``.

    Entities of a workspace made by :func:`personajourney.load`, built in code, copied or
    unpickled find it as long as the workspace is in memory; an entity held by several
    (a copy shares its entities) belongs to the oldest of them. Notebook display uses this
    to draw a persona or committee exactly as its workspace's wall pack does.

    Example:
        >>> ws = Workspace(personas=[Persona(id="hr-hanna", name="HR-Hanna")])
        >>> workspace_of(ws.personas[0]) is ws
        True
        >>> workspace_of(Persona(id="hr-hanna", name="HR-Hanna")) is None
        True
    """
    for ref in _WORKSPACES.copy().values():
        ws = ref()
        if ws is not None and _holds(ws, entity):
            return ws
    return None


def _close(wanted: str, existing: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(wanted, list(existing), n=3, cutoff=0.6)
    if not matches:
        return None
    return "did you mean " + " or ".join(f"`{m}`" for m in matches) + "?"


def _duplicates(items: Iterable[Any], field: str) -> Iterator[tuple[Loc, str]]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first = seen.setdefault(item.id, index)
        if first != index:
            yield (
                (field, index, "id"),
                f"duplicate id `{item.id}` (first defined at {field}[{first}])",
            )


def _reference_problems(ws: Workspace) -> Iterator[tuple[Loc, str, str | None]]:
    """Yield (loc, message, hint) for every duplicate id and unknown reference."""
    for field in (
        "stages",
        "teams",
        "channels",
        "motives",
        "personas",
        "committees",
        "data_sources",
    ):
        for loc, msg in _duplicates(getattr(ws, field), field):
            yield loc, msg, None
    for field in ("segments", "touchpoints"):
        for loc, msg in _duplicates(getattr(ws, field), field):
            yield loc, msg, None
    member_seen: dict[str, Loc] = {}
    for ci, committee in enumerate(ws.committees):
        for mi, member in enumerate(committee.members):
            id_loc: Loc = ("committees", ci, "members", mi, "id")
            if member.id in member_seen:
                first = _path(member_seen[member.id][:-1])
                yield id_loc, f"duplicate member id `{member.id}` (first defined at {first})", None
            else:
                member_seen[member.id] = id_loc

    stages = {s.id for s in ws.stages}
    teams = {t.id for t in ws.teams}
    channels = {c.id for c in ws.channels}
    motives = {m.id for m in ws.motives}
    personas = {p.id for p in ws.personas}
    committees = {c.id for c in ws.committees}
    members = set(member_seen)
    touchpoints = {t.id for t in ws.touchpoints}
    data_sources = {d.id for d in ws.data_sources}
    pools = {
        "data source": data_sources,
        "stage": stages,
        "team": teams,
        "channel": channels,
        "motive": motives,
        "persona": personas,
        "committee": committees,
        "member": members,
        "touchpoint": touchpoints,
    }

    def ref(loc: Loc, kind: str, value: str | None) -> Iterator[tuple[Loc, str, str | None]]:
        if value is not None and value not in pools[kind]:
            yield loc, f"unknown {kind} `{value}`", _close(value, pools[kind])

    def refs(loc: Loc, kind: str, values: Iterable[str]) -> Iterator[tuple[Loc, str, str | None]]:
        pool = pools[kind]
        for index, value in enumerate(values):
            if value not in pool:
                yield (*loc, index), f"unknown {kind} `{value}`", _close(value, pool)

    decisions = [i for i, s in enumerate(ws.stages) if s.decision]
    for extra in decisions[1:]:
        first = ws.stages[decisions[0]].id
        yield (
            ("stages", extra, "decision"),
            f"only one stage can be the purchase decision; `{first}` already is",
            None,
        )
    for i, stage in enumerate(ws.stages):
        yield from ref(("stages", i, "owner_id"), "team", stage.owner_id)
    for i, motive_holder in enumerate(ws.personas):
        base: Loc = ("personas", i)
        yield from refs((*base, "channel_ids"), "channel", motive_holder.channel_ids)
        avoided = motive_holder.avoided_channel_ids
        yield from refs((*base, "avoided_channel_ids"), "channel", avoided)
        for j, link in enumerate(motive_holder.motives):
            yield from ref((*base, "motives", j, "motive_id"), "motive", link.motive_id)
        yield from refs((*base, "active_stage_ids"), "stage", motive_holder.active_stage_ids)
    for ci, committee in enumerate(ws.committees):
        for mi, member in enumerate(committee.members):
            base = ("committees", ci, "members", mi)
            yield from refs((*base, "active_stage_ids"), "stage", member.active_stage_ids)
            for stage_id in member.influence_by_stage:
                yield from ref((*base, "influence_by_stage", stage_id), "stage", stage_id)
            yield from refs((*base, "channel_ids"), "channel", member.channel_ids)
            yield from refs((*base, "avoided_channel_ids"), "channel", member.avoided_channel_ids)
            yield from refs((*base, "introduces_ids"), "member", member.introduces_ids)
            yield from ref((*base, "persona_id"), "persona", member.persona_id)
            yield from ref((*base, "data_source_id"), "data source", member.data_source_id)
            for j, link in enumerate(member.motives):
                yield from ref((*base, "motives", j, "motive_id"), "motive", link.motive_id)
    for i, segment in enumerate(ws.segments):
        base = ("segments", i)
        yield from refs((*base, "channel_ids"), "channel", segment.channel_ids)
        yield from refs((*base, "persona_ids"), "persona", segment.persona_ids)
        yield from refs((*base, "committee_ids"), "committee", segment.committee_ids)
        crit = segment.criteria
        yield from refs((*base, "criteria", "buying_stage_ids"), "stage", crit.buying_stage_ids)
        yield from refs((*base, "criteria", "motive_ids"), "motive", crit.motive_ids)
    for i, tp in enumerate(ws.touchpoints):
        base = ("touchpoints", i)
        if tp.stage_id not in stages:
            yield (*base, "stage_id"), f"unknown stage `{tp.stage_id}`", _close(tp.stage_id, stages)
        if tp.channel_id is not None and tp.channel_id not in channels:
            yield (
                (*base, "channel_id"),
                f"unknown channel `{tp.channel_id}`",
                _close(tp.channel_id, channels),
            )
        if tp.owner_id is not None and tp.owner_id not in teams:
            yield (*base, "owner_id"), f"unknown team `{tp.owner_id}`", _close(tp.owner_id, teams)
        if tp.persona_ids:
            yield from refs((*base, "persona_ids"), "persona", tp.persona_ids)
        if tp.member_ids:
            yield from refs((*base, "member_ids"), "member", tp.member_ids)
        if tp.motive_ids:
            yield from refs((*base, "motive_ids"), "motive", tp.motive_ids)
    if ws.evidence is not None:
        base = ("evidence",)
        for j, mapping in enumerate(ws.evidence.mapping):
            loc = (*base, "mapping", j, "touchpoint_id")
            yield from ref(loc, "touchpoint", mapping.touchpoint_id)
        conversions = ws.evidence.conversion_touchpoint_ids
        yield from refs((*base, "conversion_touchpoint_ids"), "touchpoint", conversions)
    for i, agreement in enumerate(ws.handoffs):
        base = ("handoffs", i)
        yield from ref((*base, "from_team_id"), "team", agreement.from_team_id)
        yield from ref((*base, "to_team_id"), "team", agreement.to_team_id)
        yield from ref((*base, "from_stage_id"), "stage", agreement.from_stage_id)
        yield from ref((*base, "to_stage_id"), "stage", agreement.to_stage_id)
    for i, tr in enumerate(ws.transitions):
        if tr.from_id not in touchpoints:
            yield (
                ("transitions", i, "from_id"),
                f"unknown touchpoint `{tr.from_id}`",
                _close(tr.from_id, touchpoints),
            )
        if tr.to_id not in touchpoints:
            yield (
                ("transitions", i, "to_id"),
                f"unknown touchpoint `{tr.to_id}`",
                _close(tr.to_id, touchpoints),
            )
