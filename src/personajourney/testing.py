"""Hypothesis strategies for personajourney models, for property-based tests.

Every strategy builds objects that are valid by construction: ids are drawn first, and
references are then drawn among those ids, so :class:`~personajourney.Workspace` never rejects
what :func:`workspaces` makes. Use them to test code that consumes workspaces::

    from hypothesis import given
    import personajourney as pj
    from personajourney.testing import workspaces

    @given(workspaces())
    def test_checks_never_raise(ws):
        pj.run_checks(ws)

The module needs Hypothesis (``pip install 'personajourney[testing]'``) and is not imported by
``import personajourney``.

Strategies that draw one entity take the entity's ``id`` (drawn from :func:`ids` when left
out) and the pools of ids it may refer to; an empty pool means "no references of that kind".
"""

from __future__ import annotations

import operator
import os
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from hypothesis import strategies as st

from .checks import rules
from .i18n import LOCALES
from .models import (
    BuyingCommittee,
    Channel,
    ChannelKind,
    CheckSettings,
    Handoff,
    Member,
    Motive,
    MotiveKind,
    MotiveLink,
    Outcome,
    Persona,
    Provenance,
    ProvenanceKind,
    Range,
    Role,
    Segment,
    SegmentCriteria,
    Severity,
    Stage,
    SubjectKind,
    Team,
    Touchpoint,
    Transition,
    Workspace,
    default_channels,
    default_stages,
    default_teams,
)

__all__ = [
    "EVENT_COLUMNS",
    "NOISE_ACTIVITIES",
    "SAMPLE_TEXTS",
    "TRICKY_IDS",
    "channels",
    "check_settings",
    "committees",
    "handoffs",
    "ids",
    "iter_events",
    "members",
    "motive_links",
    "motives",
    "personas",
    "provenances",
    "ranges",
    "segment_criteria",
    "segments",
    "simulate_events",
    "stage_lists",
    "teams",
    "texts",
    "touchpoints",
    "transitions",
    "unique_ids",
    "workspaces",
    "write_event_log",
]

#: Ids that a careless YAML writer or reader would turn into something other than text.
TRICKY_IDS: tuple[str, ...] = (
    "1",
    "007",
    "1.5",
    "1e3",
    "1_000",
    "0x1F",
    "0o17",
    "true",
    "False",
    "null",
    "Null",
    "yes",
    "NO",
    "on",
    "off",
    "nan",
    "inf",
    "2024-01-31",
    "a.b-c_d",
)

#: Realistic text with Finnish and German letters, mixed into the arbitrary text.
SAMPLE_TEXTS: tuple[str, ...] = (
    "HR-Hanna",
    "Pörssiyhtiön talousjohtaja",
    "Hankintapäällikkö Kääriäinen",
    "Ärger über Lieferzeiten",
    "Löytää osaajia nopeasti",
    "Öljynjalostamo, 250–499 henkeä",
    "“Miksi tämä maksaa näin paljon?”",
    "Ü-Wagen & Co. KG",
    "  leading and trailing spaces  ",
    "line one\nline two",
    "emoji 🚀 ok",
    "# not a comment",
    "key: value",
    "- not a list",
    "'quoted'",
    '"double"',
    "null",
    "123",
)

#: Characters that serialisers tend to get wrong, mixed with ordinary ones.
_AWKWARD = "a \t\n\r\x00\x1b\x7f\x85\x9f\xa0\u2028\u2029\ufeff\ufffe\uffff\U0001f680\\\"':#"
_ID_FIRST = string.ascii_letters + string.digits
_ID_REST = _ID_FIRST + "_.-"
_ROLES = list(Role)


@cache
def ids() -> st.SearchStrategy[str]:
    """Valid ids: letters, digits, ``_``, ``.`` and ``-``, sometimes ones YAML could misread.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import ids
        >>> @given(ids())
        ... def test_id_is_text(id):
        ...     assert isinstance(id, str) and id
        >>> test_id_is_text()
    """
    plain = st.builds(
        operator.add, st.sampled_from(_ID_FIRST), st.text(alphabet=_ID_REST, max_size=11)
    )
    return st.one_of(plain, st.sampled_from(TRICKY_IDS))


def unique_ids(*, min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[str]]:
    """Lists of distinct ids (to be used as the ids of one kind of entity).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import unique_ids
        >>> @given(unique_ids(min_size=2))
        ... def test_distinct(values):
        ...     assert len(set(values)) == len(values) >= 2
        >>> test_distinct()
    """
    return st.lists(ids(), min_size=min_size, max_size=max_size, unique=True)


@cache
def texts(*, min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Text for names, descriptions, quotes…: any Unicode (ä, ö, emoji, newlines) or samples.

    Surrogates are left out: they cannot be written as UTF-8. Control characters (C0, DEL,
    C1 such as U+0085 NEXT LINE), U+2028/U+2029 and the noncharacters U+FFFE/U+FFFF are in,
    because YAML and JSON writers and readers tend to mangle them.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import texts
        >>> @given(texts(max_size=10))
        ... def test_encodes(text):
        ...     text.encode("utf-8")
        >>> test_encodes()
    """
    samples = [t for t in SAMPLE_TEXTS if min_size <= len(t) <= max_size]
    arbitrary = st.text(
        alphabet=st.characters(codec="utf-8"),
        min_size=min_size,
        max_size=max_size,
    )
    finnish = st.text(alphabet="aäöoÄÖå -", min_size=min_size, max_size=max_size)
    awkward = st.text(alphabet=_AWKWARD, min_size=min_size, max_size=max_size)
    if not samples:
        return st.one_of(finnish, awkward, arbitrary)
    return st.one_of(st.sampled_from(samples), finnish, awkward, arbitrary)


@cache
def _text_lists(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(texts(), max_size=max_size)


@cache
def _optional_text() -> st.SearchStrategy[str | None]:
    return st.none() | texts()


@cache
def _fractions() -> st.SearchStrategy[float]:
    return st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(min_value=0.0, max_value=1.0))


def _some(pool: Sequence[str], max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return _some_of(tuple(pool), max_size)


@cache
def _some_of(pool: tuple[str, ...], max_size: int) -> st.SearchStrategy[list[str]]:
    if not pool:
        return st.just([])
    return st.lists(st.sampled_from(pool), max_size=max_size, unique=True)


def _maybe(pool: Sequence[str]) -> st.SearchStrategy[str | None]:
    return _maybe_of(tuple(pool))


@cache
def _maybe_of(pool: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    if not pool:
        return st.none()
    return st.none() | st.sampled_from(pool)


@cache
def _roles(max_size: int = 3) -> st.SearchStrategy[list[Role]]:
    return st.lists(st.sampled_from(_ROLES), max_size=max_size, unique=True)


@cache
def provenances() -> st.SearchStrategy[Provenance]:
    """Provenance: asserted, researched or measured, with or without a source.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import provenances
        >>> @given(provenances())
        ... def test_kind(p):
        ...     assert p.kind in ("asserted", "researched", "measured")
        >>> test_kind()
    """
    return st.builds(
        Provenance, kind=st.sampled_from(list(ProvenanceKind)), source=_optional_text()
    )


def teams(*, id: str | None = None) -> st.SearchStrategy[Team]:
    """A team (owner of the customer).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import teams
        >>> @given(teams(id="sales"))
        ... def test_id(team):
        ...     assert team.id == "sales"
        >>> test_id()
    """
    return st.builds(
        Team,
        id=st.just(id) if id is not None else ids(),
        name=_optional_text(),
        description=_optional_text(),
    )


def channels(*, id: str | None = None) -> st.SearchStrategy[Channel]:
    """A channel, online or offline.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import channels
        >>> @given(channels(id="web"))
        ... def test_kind(channel):
        ...     assert channel.kind in ("online", "offline")
        >>> test_kind()
    """
    return st.builds(
        Channel,
        id=st.just(id) if id is not None else ids(),
        name=_optional_text(),
        kind=st.sampled_from(list(ChannelKind)),
    )


@st.composite
def stage_lists(
    draw: st.DrawFn, *, team_ids: Sequence[str] = (), min_size: int = 0, max_size: int = 8
) -> list[Stage]:
    """A custom list of stages with distinct ids: at most one decision stage, maybe none.

    Owners are drawn from ``team_ids`` (or left empty).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import stage_lists
        >>> @given(stage_lists(team_ids=["sales"], min_size=1))
        ... def test_one_decision_at_most(stages):
        ...     assert sum(s.decision for s in stages) <= 1
        >>> test_one_decision_at_most()
    """
    stage_ids = draw(unique_ids(min_size=min_size, max_size=max_size))
    decision = draw(st.none() | st.integers(0, len(stage_ids) - 1)) if stage_ids else None
    return [
        Stage(
            id=stage_id,
            name=draw(_optional_text()),
            description=draw(_optional_text()),
            owner_id=draw(_maybe(team_ids)),
            decision=index == decision,
        )
        for index, stage_id in enumerate(stage_ids)
    ]


def motives(*, id: str | None = None) -> st.SearchStrategy[Motive]:
    """A motive: the need, aspiration or fear that drives a buyer.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import motives
        >>> @given(motives(id="cost-control"))
        ... def test_id(motive):
        ...     assert motive.id == "cost-control"
        >>> test_id()
    """
    return st.builds(
        Motive,
        id=st.just(id) if id is not None else ids(),
        name=texts(),
        kind=st.sampled_from(list(MotiveKind)),
        description=_optional_text(),
    )


def motive_links(
    motive_ids: Sequence[str], *, max_size: int = 3
) -> st.SearchStrategy[list[MotiveLink]]:
    """Motive links (motive id and strength 0–1) to motives in ``motive_ids``.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import motive_links
        >>> @given(motive_links(["cost", "risk"]))
        ... def test_strength(links):
        ...     assert all(0 <= link.strength <= 1 for link in links)
        >>> test_strength()
    """
    return _motive_links_of(tuple(motive_ids), max_size)


@cache
def _motive_links_of(
    motive_ids: tuple[str, ...], max_size: int
) -> st.SearchStrategy[list[MotiveLink]]:
    if not motive_ids:
        return st.just([])
    link = st.builds(MotiveLink, motive_id=st.sampled_from(motive_ids), strength=_fractions())
    return st.lists(link, max_size=max_size)


@st.composite
def personas(
    draw: st.DrawFn,
    motive_ids: Sequence[str] = (),
    channel_ids: Sequence[str] = (),
    *,
    id: str | None = None,
    stage_ids: Sequence[str] = (),
) -> Persona:
    """A persona whose motives, channels and stages come from the given pools.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import personas
        >>> @given(personas(["cost"], ["web", "event"]))
        ... def test_refs(persona):
        ...     assert set(persona.channel_ids) <= {"web", "event"}
        >>> test_refs()
    """
    return Persona(
        id=id if id is not None else draw(ids()),
        name=draw(texts()),
        quote=draw(_optional_text()),
        photo=draw(st.none() | st.sampled_from(["hanna.jpg", "kuvat/pörssi-pekka.png"])),
        roles=draw(_roles()),
        responsibility=draw(_optional_text()),
        goals=draw(_text_lists()),
        dreams=draw(_text_lists(2)),
        problems=draw(_text_lists()),
        ways_of_working=draw(_text_lists(2)),
        questions=draw(_text_lists(2)),
        objections=draw(_text_lists(2)),
        values=draw(_text_lists(2)),
        channel_ids=draw(_some(channel_ids)),
        avoided_channel_ids=draw(_some(channel_ids, 2)),
        motives=draw(motive_links(motive_ids)),
        active_stage_ids=draw(_some(stage_ids, 2)),
        demographics=draw(st.dictionaries(texts(max_size=10), texts(max_size=10), max_size=2)),
        provenance=draw(provenances()),
    )


@cache
def _influences_by_stage(stage_ids: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    if not stage_ids:
        return st.just({})
    return st.dictionaries(st.sampled_from(stage_ids), _fractions(), max_size=len(stage_ids))


@st.composite
def members(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    stage_ids: Sequence[str] = (),
    channel_ids: Sequence[str] = (),
    motive_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    member_ids: Sequence[str] = (),
) -> Member:
    """A committee member: roles, influence (overall and per stage), motives, introductions.

    ``member_ids`` are the members this one may introduce (itself included, which makes a
    self loop).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import members
        >>> @given(members(stage_ids=["s1", "s2"]))
        ... def test_influence(member):
        ...     assert all(0 <= member.influence_at(s) <= 1 for s in ["s1", "s2"])
        >>> test_influence()
    """
    by_stage = draw(_influences_by_stage(tuple(stage_ids)))
    return Member(
        id=id if id is not None else draw(ids()),
        name=draw(texts()),
        title=draw(_optional_text()),
        kind=draw(st.sampled_from(list(SubjectKind))),
        crm_id=draw(st.none() | st.integers(0, 10**9).map(str)),
        roles=draw(_roles()),
        influence=draw(_fractions()),
        influence_by_stage=by_stage,
        active_stage_ids=draw(_some(stage_ids)),
        motives=draw(motive_links(motive_ids)),
        channel_ids=draw(_some(channel_ids)),
        avoided_channel_ids=draw(_some(channel_ids, 2)),
        introduces_ids=draw(_some(member_ids, 2)),
        persona_id=draw(_maybe(persona_ids)),
    )


@st.composite
def committees(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    member_ids: Sequence[str] | None = None,
    introducible_ids: Sequence[str] = (),
    stage_ids: Sequence[str] = (),
    channel_ids: Sequence[str] = (),
    motive_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    max_members: int = 4,
) -> BuyingCommittee:
    """A buying committee whose members have the ids ``member_ids``.

    Members introduce one another or anyone in ``introducible_ids`` (members of other
    committees); when ``member_ids`` is left out, up to ``max_members`` ids are drawn.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import committees
        >>> @given(committees(member_ids=["cfo", "cto"]))
        ... def test_members(committee):
        ...     assert [m.id for m in committee.members] == ["cfo", "cto"]
        >>> test_members()
    """
    own = list(member_ids) if member_ids is not None else draw(unique_ids(max_size=max_members))
    pool = list(dict.fromkeys([*own, *introducible_ids]))
    return BuyingCommittee(
        id=id if id is not None else draw(ids()),
        name=draw(texts()),
        description=draw(_optional_text()),
        required_roles=draw(_roles(2)),
        members=[
            draw(
                members(
                    id=member_id,
                    stage_ids=stage_ids,
                    channel_ids=channel_ids,
                    motive_ids=motive_ids,
                    persona_ids=persona_ids,
                    member_ids=pool,
                )
            )
            for member_id in own
        ],
    )


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    """A range with ``min <= max``; either end may be open. Ends are finite.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import ranges
        >>> @given(ranges())
        ... def test_ordered(r):
        ...     assert r.min is None or r.max is None or r.min <= r.max
        >>> test_ordered()
    """
    number = st.one_of(
        st.integers(0, 100_000).map(float),
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    )
    low = draw(st.none() | number)
    high = draw(st.none() | number)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Range(min=low, max=high)


@st.composite
def segment_criteria(
    draw: st.DrawFn, *, stage_ids: Sequence[str] = (), motive_ids: Sequence[str] = ()
) -> SegmentCriteria:
    """Segment criteria: industries, ranges, areas, ratings, buying stages, motives, needs.

    Often empty or small, so that segments with identical criteria are drawn too.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import segment_criteria
        >>> @given(segment_criteria(stage_ids=["loyalty"]))
        ... def test_stages(criteria):
        ...     assert set(criteria.buying_stage_ids) <= {"loyalty"}
        >>> test_stages()
    """
    industries = st.lists(st.sampled_from(["software", "ohjelmistot", "Maschinenbau"]), max_size=2)
    return SegmentCriteria(
        industries=draw(industries),
        company_size=draw(st.none() | ranges()),
        revenue=draw(st.none() | ranges()),
        responsibility_areas=draw(st.lists(texts(max_size=12), max_size=2)),
        credit_ratings=draw(st.lists(st.sampled_from(["AAA", "AA", "A", "B"]), max_size=2)),
        buying_stage_ids=draw(_some(stage_ids, 2)),
        purchase_frequency=draw(st.none() | ranges()),
        average_purchase=draw(st.none() | ranges()),
        motive_ids=draw(_some(motive_ids, 2)),
        needs=draw(_text_lists(2)),
    )


@st.composite
def segments(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    stage_ids: Sequence[str] = (),
    channel_ids: Sequence[str] = (),
    motive_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    committee_ids: Sequence[str] = (),
) -> Segment:
    """A segment: criteria, estimates, priority, channels, personas and committees.

    Sometimes excluded (with or without a reason), sometimes with empty criteria.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import segments
        >>> @given(segments(persona_ids=["hanna"]))
        ... def test_refs(segment):
        ...     assert set(segment.persona_ids) <= {"hanna"}
        >>> test_refs()
    """
    criteria = st.just(SegmentCriteria()) | segment_criteria(
        stage_ids=stage_ids, motive_ids=motive_ids
    )
    value = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
    return Segment(
        id=id if id is not None else draw(ids()),
        name=draw(texts()),
        description=draw(_optional_text()),
        criteria=draw(criteria),
        estimated_size=draw(st.none() | st.integers(0, 10**9)),
        estimated_value=draw(st.none() | value),
        priority=draw(st.none() | st.integers(1, 5)),
        excluded=draw(st.booleans()),
        exclusion_reason=draw(_optional_text()),
        channel_ids=draw(_some(channel_ids)),
        persona_ids=draw(_some(persona_ids)),
        committee_ids=draw(_some(committee_ids, 2)),
    )


@st.composite
def touchpoints(
    draw: st.DrawFn,
    *,
    stage_ids: Sequence[str],
    id: str | None = None,
    channel_ids: Sequence[str] = (),
    team_ids: Sequence[str] = (),
    persona_ids: Sequence[str] = (),
    member_ids: Sequence[str] = (),
    motive_ids: Sequence[str] = (),
) -> Touchpoint:
    """A touchpoint in one of ``stage_ids``, with references drawn from the other pools.

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import touchpoints
        >>> @given(touchpoints(stage_ids=["loyalty"], channel_ids=["email"]))
        ... def test_stage(tp):
        ...     assert tp.stage_id == "loyalty" and tp.channel_id in (None, "email")
        >>> test_stage()
    """
    return Touchpoint(
        id=id if id is not None else draw(ids()),
        name=draw(texts()),
        description=draw(_optional_text()),
        stage_id=draw(st.sampled_from(stage_ids)),
        channel_id=draw(_maybe(channel_ids)),
        owner_id=draw(_maybe(team_ids)),
        persona_ids=draw(_some(persona_ids)),
        member_ids=draw(_some(member_ids)),
        motive_ids=draw(_some(motive_ids)),
        questions=draw(_text_lists(2)),
        thoughts=draw(_text_lists(2)),
        content=draw(_optional_text()),
        emotion=draw(st.none() | st.integers(-2, 2)),
        pain_points=draw(_text_lists(2)),
        opportunities=draw(_text_lists(2)),
        kpi=draw(_optional_text()),
        entry=draw(st.booleans()),
        outcome=draw(_outcomes()),
        provenance=draw(provenances()),
    )


def _outcomes() -> st.SearchStrategy[Outcome | None]:
    return st.none() | st.sampled_from(list(Outcome))


@st.composite
def handoffs(draw: st.DrawFn, *, team_ids: Sequence[str], stage_ids: Sequence[str]) -> Handoff:
    """A hand-off agreed for a pair of ``team_ids`` or a boundary between ``stage_ids``
    (``team_ids`` and ``stage_ids`` must not both be empty).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import handoffs
        >>> @given(handoffs(team_ids=["marketing", "sales"], stage_ids=[]))
        ... def test_teams(h):
        ...     assert {h.from_team_id, h.to_team_id} <= {"marketing", "sales"}
        >>> test_teams()
    """
    by_teams = bool(team_ids) and (not stage_ids or draw(st.booleans()))
    if by_teams:
        pair = {"from_team_id": draw(st.sampled_from(team_ids))}
        pair["to_team_id"] = draw(st.sampled_from(team_ids))
    else:
        pair = {"from_stage_id": draw(st.sampled_from(stage_ids))}
        pair["to_stage_id"] = draw(st.sampled_from(stage_ids))
    return Handoff(name=draw(_optional_text()), rules=draw(_text_lists(2)), **pair)


def transitions(touchpoint_ids: Sequence[str]) -> st.SearchStrategy[Transition]:
    """A transition between two of ``touchpoint_ids`` (the same one twice is a self loop).

    Example:
        >>> from hypothesis import given
        >>> from personajourney.testing import transitions
        >>> @given(transitions(["ad", "demo"]))
        ... def test_ends(tr):
        ...     assert {tr.from_id, tr.to_id} <= {"ad", "demo"}
        >>> test_ends()
    """
    return st.builds(
        Transition,
        from_id=st.sampled_from(touchpoint_ids),
        to_id=st.sampled_from(touchpoint_ids),
        handoff=st.booleans(),
        label=_optional_text(),
        outcome=_outcomes(),
    )


def check_settings() -> st.SearchStrategy[CheckSettings]:
    """Check settings whose codes and prefixes all name existing rules.

    Example:
        >>> from hypothesis import given
        >>> import personajourney as pj
        >>> from personajourney.testing import check_settings
        >>> @given(check_settings())
        ... def test_valid(settings):
        ...     pj.run_checks(pj.Workspace(), settings=settings)
        >>> test_valid()
    """
    codes = [r.code for r in rules()]
    prefixes = sorted({code[0] for code in codes}) + codes
    selectors = st.lists(st.sampled_from(prefixes), max_size=2, unique=True)
    return st.builds(
        CheckSettings,
        select=st.just([]) | selectors,
        ignore=selectors,
        severity=st.dictionaries(
            st.sampled_from(prefixes), st.sampled_from(list(Severity)), max_size=2
        ),
        fail_on=st.sampled_from(list(Severity)),
        influence_threshold=_fractions(),
        motive_weight_threshold=_fractions(),
    )


@st.composite
def _cycle(draw: st.DrawFn, touchpoint_ids: Sequence[str]) -> list[Transition]:
    """A closed path through distinct touchpoints (a cycle; one touchpoint: a self loop)."""
    size = draw(st.integers(1, min(4, len(touchpoint_ids))))
    path = draw(st.permutations(touchpoint_ids))[:size]
    return [Transition(from_id=a, to_id=b) for a, b in zip(path, [*path[1:], path[0]], strict=True)]


@st.composite
def workspaces(
    draw: st.DrawFn,
    *,
    max_touchpoints: int = 12,
    max_stages: int = 8,
    max_motives: int = 5,
    max_personas: int = 4,
    max_committees: int = 3,
    max_members: int = 8,
    max_segments: int = 3,
    max_transitions: int | None = None,
) -> Workspace:
    """Whole workspaces, valid by construction, covering every entity and most fields.

    Teams, channels and stages are either the built-in sets or custom ones (custom stage
    lists sometimes have no decision stage, or no stage at all). Member ids are distinct
    across committees; transitions include self loops and cycles.

    Args:
        max_touchpoints: Most touchpoints in one workspace.
        max_stages: Most stages in a custom stage list.
        max_motives: Most motives.
        max_personas: Most personas.
        max_committees: Most buying committees.
        max_members: Most members over all committees together.
        max_segments: Most segments.
        max_transitions: Most transitions (default: three per touchpoint).

    Example:
        >>> from hypothesis import given, settings
        >>> import personajourney as pj
        >>> from personajourney.testing import workspaces
        >>> @settings(max_examples=10, deadline=None)
        ... @given(workspaces(max_touchpoints=5))
        ... def test_graph_has_every_touchpoint(ws):
        ...     G = pj.build_graph(ws)
        ...     assert all(pj.node_key("touchpoint", t.id) in G for t in ws.touchpoints)
        >>> test_graph_has_every_touchpoint()
    """
    fields: dict[str, object] = {
        "name": draw(texts(min_size=1)),
        "locale": draw(st.sampled_from(LOCALES)),
        "offering": draw(_optional_text()),
        "description": draw(_optional_text()),
        "currency": draw(st.sampled_from(["EUR", "USD", "SEK"])),
    }

    if draw(st.booleans()):
        team_ids = [t.id for t in default_teams()]
    else:
        team_ids = draw(unique_ids(max_size=4))
        fields["teams"] = [draw(teams(id=team_id)) for team_id in team_ids]

    if draw(st.booleans()):
        channel_ids = [c.id for c in default_channels()]
    else:
        # Few channels, so that people avoiding all the channels that reach them occur.
        channel_ids = draw(unique_ids(max_size=3))
        fields["channels"] = [draw(channels(id=channel_id)) for channel_id in channel_ids]

    defaults_fit = {s.owner_id for s in default_stages()} <= set(team_ids)
    if defaults_fit and draw(st.booleans()):
        stage_ids = [s.id for s in default_stages()]
    else:
        # An empty stage list (and so no touchpoints) in about one workspace of ten.
        min_stages = 0 if draw(st.integers(0, 9)) == 0 else 1
        stage_list = draw(stage_lists(team_ids=team_ids, min_size=min_stages, max_size=max_stages))
        stage_ids = [s.id for s in stage_list]
        fields["stages"] = stage_list

    motive_ids = draw(unique_ids(max_size=max_motives))
    fields["motives"] = [draw(motives(id=motive_id)) for motive_id in motive_ids]

    persona_ids = draw(unique_ids(max_size=max_personas))
    fields["personas"] = [
        draw(personas(motive_ids, channel_ids, id=p, stage_ids=stage_ids)) for p in persona_ids
    ]

    committee_ids = draw(unique_ids(max_size=max_committees))
    member_ids = draw(unique_ids(max_size=max_members)) if committee_ids else []
    owners = [draw(st.integers(0, len(committee_ids) - 1)) for _ in member_ids]
    fields["committees"] = [
        draw(
            committees(
                id=committee_id,
                member_ids=[m for m, owner in zip(member_ids, owners, strict=True) if owner == n],
                introducible_ids=member_ids,
                stage_ids=stage_ids,
                channel_ids=channel_ids,
                motive_ids=motive_ids,
                persona_ids=persona_ids,
            )
        )
        for n, committee_id in enumerate(committee_ids)
    ]

    segment_ids = draw(unique_ids(max_size=max_segments))
    fields["segments"] = [
        draw(
            segments(
                id=segment_id,
                stage_ids=stage_ids,
                channel_ids=channel_ids,
                motive_ids=motive_ids,
                persona_ids=persona_ids,
                committee_ids=committee_ids,
            )
        )
        for segment_id in segment_ids
    ]

    touchpoint_ids = draw(unique_ids(max_size=max_touchpoints)) if stage_ids else []
    fields["touchpoints"] = [
        draw(
            touchpoints(
                id=touchpoint_id,
                stage_ids=stage_ids,
                channel_ids=channel_ids,
                team_ids=team_ids,
                persona_ids=persona_ids,
                member_ids=member_ids,
                motive_ids=motive_ids,
            )
        )
        for touchpoint_id in touchpoint_ids
    ]
    if touchpoint_ids:
        limit = 3 * len(touchpoint_ids) if max_transitions is None else max_transitions
        flow = draw(st.lists(transitions(touchpoint_ids), max_size=limit))
        if draw(st.booleans()):
            flow += draw(_cycle(touchpoint_ids))
        fields["transitions"] = flow
    if team_ids or stage_ids:
        fields["handoffs"] = draw(
            st.lists(handoffs(team_ids=team_ids, stage_ids=stage_ids), max_size=2)
        )

    if draw(st.booleans()):
        fields["checks"] = draw(check_settings())
    return Workspace.model_validate(fields)


# -- a simulated event log -------------------------------------------------------------------

#: Raw activity names of simulated events that map to no touchpoint.
NOISE_ACTIVITIES: tuple[str, ...] = ("page_view", "cookie_consent", "newsletter_open", "login")
#: Columns of a simulated event log, in order.
EVENT_COLUMNS: tuple[str, ...] = (
    "case_id",
    "timestamp",
    "touchpoint",
    "person_id",
    "persona_id",
    "segment_id",
    "value",
)


def iter_events(
    workspace: Workspace,
    cases: int = 1000,
    *,
    seed: int = 0,
    drop_off: float = 0.15,
    shortcut: float = 0.03,
    skip: float = 0.02,
    noise: float = 0.05,
    invalid: float = 0.0,
    mean_gap_hours: float = 36.0,
    start: str = "2026-01-01",
) -> Iterator[dict[str, str]]:
    """Simulated events of ``cases`` buyers walking the modelled journey, seeded: the same
    arguments give the same events, in the order a log would hold them (by time).

    Each case starts at an entry touchpoint (else one of the first stage that has any) and
    follows the model's transitions, choosing among successors at random, with deviations:

    - at every step it stops with probability ``drop_off`` (the funnel's drop-off);
    - with probability ``shortcut`` it jumps to any touchpoint instead (unmodelled steps);
    - with probability ``skip`` it jumps to a touchpoint two or more stages ahead;
    - each event is followed by an unmapped event (a :data:`NOISE_ACTIVITIES` name) with
      probability ``noise``;
    - each event loses its case id with probability ``invalid``.

    Gaps between events are exponential with mean ``mean_gap_hours``; a case's segment is
    drawn from the workspace's segments (weighted by priority), its persons from the
    touchpoints' personas; an event at a conversion touchpoint (after the decision stage)
    carries a ``value``. Every value is text, as in a CSV file.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(touchpoints=[
        ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True)])
        >>> next(iter_events(ws, cases=1))["touchpoint"]
        'ad'
    """
    import datetime
    import random
    import zlib

    rng = random.Random(seed)
    tps = list(workspace.touchpoints)
    if not tps:
        return
    stage_of = {s.id: i for i, s in enumerate(workspace.stages)}
    decision = next((i for i, s in enumerate(workspace.stages) if s.decision), None)
    successors: dict[str, list[str]] = {t.id: [] for t in tps}
    for tr in workspace.transitions:
        successors[tr.from_id].append(tr.to_id)
    entries = [t.id for t in tps if t.entry]
    if not entries:
        first = min(stage_of[t.stage_id] for t in tps)
        entries = [t.id for t in tps if stage_of[t.stage_id] == first]
    by_id = {t.id: t for t in tps}
    persona_ids = [p.id for p in workspace.personas]
    segments = list(workspace.segments)
    weights = [6 - (s.priority or 3) for s in segments]
    origin = datetime.datetime.fromisoformat(start)
    rows: list[tuple[datetime.datetime, int, dict[str, str]]] = []
    serial = 0
    width = len(str(cases))
    for number in range(cases):
        case_id = f"case-{number:0{width}d}"
        segment = rng.choices(segments, weights)[0].id if segments else ""
        people = [f"{case_id}-p{k}" for k in range(1, rng.randint(1, 3) + 1)]
        when = origin + datetime.timedelta(seconds=rng.randrange(365 * 86400))
        current: str | None = rng.choice(entries)
        for _ in range(4 * len(tps)):
            if current is None:
                break
            tp = by_id[current]
            audience = tp.persona_ids or persona_ids
            person = rng.choice(people)
            persona = audience[zlib.crc32(person.encode()) % len(audience)] if audience else ""
            converts = decision is not None and stage_of[tp.stage_id] > decision
            value = f"{rng.randrange(5, 60) * 1000}" if converts else ""
            row = {
                "case_id": "" if rng.random() < invalid else case_id,
                "timestamp": when.isoformat(sep=" "),
                "touchpoint": current,
                "person_id": person,
                "persona_id": persona,
                "segment_id": segment,
                "value": value,
            }
            rows.append((when, serial, row))
            serial += 1
            when += datetime.timedelta(seconds=int(rng.expovariate(1 / (mean_gap_hours * 3600))))
            if rng.random() < noise:
                noise_row = {**row, "touchpoint": rng.choice(NOISE_ACTIVITIES), "value": ""}
                noise_row["timestamp"] = when.isoformat(sep=" ")
                rows.append((when, serial, noise_row))
                serial += 1
            if rng.random() < drop_off:
                break
            roll = rng.random()
            if roll < shortcut:
                current = rng.choice(tps).id
            elif roll < shortcut + skip:
                ahead = [t.id for t in tps if stage_of[t.stage_id] >= stage_of[tp.stage_id] + 2]
                current = rng.choice(ahead) if ahead else None
            else:
                nexts = successors[current]
                current = rng.choice(nexts) if nexts else None
    rows.sort(key=operator.itemgetter(0, 1))
    for _, _, row in rows:
        yield row


def simulate_events(
    workspace: Workspace, cases: int = 1000, **options: Any
) -> list[dict[str, str]]:
    """:func:`iter_events` as a list, which :func:`personajourney.evidence` reads directly.

    Example:
        >>> import personajourney as pj
        >>> ws = pj.Workspace(touchpoints=[
        ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True)])
        >>> len(simulate_events(ws, cases=3, noise=0))
        3
    """
    return list(iter_events(workspace, cases, **options))


def write_event_log(events: Iterable[Mapping[str, str]], path: str | os.PathLike[str]) -> int:
    """Write events as a CSV file with the :data:`EVENT_COLUMNS` header; returns the number
    of rows written."""
    import csv

    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in events:
            writer.writerow(row)
            count += 1
    return count
