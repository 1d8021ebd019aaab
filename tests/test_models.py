"""The typed model: entities, defaults, reference checks and member helpers."""

from __future__ import annotations

import copy
import json
from typing import Any

import pydantic
import pytest

import personajourney as pj
from personajourney.models import entities

# -- building in code and defaults -----------------------------------------------------------


def test_a_workspace_built_in_code_holds_what_it_was_given() -> None:
    ws = pj.Workspace(
        name="Rekry",
        locale="fi",
        personas=[pj.Persona(id="hr-hanna", name="HR-Hanna", roles=[pj.Role.DECISION_MAKER])],
        committees=[
            pj.BuyingCommittee(
                id="smb",
                name="SMB",
                members=[pj.Member(id="cfo", name="CFO", persona_id="hr-hanna")],
            )
        ],
        touchpoints=[
            pj.Touchpoint(
                id="ad", name="Ad", stage_id="problem-awareness", persona_ids=["hr-hanna"]
            )
        ],
    )

    expected = ("Rekry", "fi")
    assert expected == (ws.name, ws.locale)
    assert ws.get("persona", "hr-hanna") is ws.personas[0]
    assert ws.get("member", "cfo") is ws.committees[0].members[0]
    assert ws.get("touchpoint", "ad") is ws.touchpoints[0]
    expected_members = [("smb", "cfo")]
    assert expected_members == [(c.id, m.id) for c, m in ws.members()]


def test_an_empty_workspace_has_the_documented_defaults() -> None:
    ws = pj.Workspace()

    expected = {
        "version": 1,
        "name": "Untitled workspace",
        "locale": "en",
        "currency": "EUR",
        "stages": [
            ("problem-awareness", "marketing", False),
            ("information-search", "marketing", False),
            ("comparing-alternatives", "sales", False),
            ("purchase-decision", "sales", True),
            ("onboarding", "customer-service", False),
            ("loyalty", "customer-service", False),
            ("advocacy", "marketing", False),
        ],
        "teams": ["marketing", "sales", "customer-service"],
        "online": ["web", "search", "social", "email", "webinar", "chat"],
        "offline": ["event", "phone", "meeting", "partner", "print"],
        "empty": [[], [], [], [], [], []],
    }
    assert expected == {
        "version": ws.version,
        "name": ws.name,
        "locale": ws.locale,
        "currency": ws.currency,
        "stages": [(s.id, s.owner_id, s.decision) for s in ws.stages],
        "teams": [t.id for t in ws.teams],
        "online": [c.id for c in ws.channels if c.kind == pj.ChannelKind.ONLINE],
        "offline": [c.id for c in ws.channels if c.kind == pj.ChannelKind.OFFLINE],
        "empty": [
            ws.motives,
            ws.personas,
            ws.committees,
            ws.segments,
            ws.touchpoints,
            ws.transitions,
        ],
    }
    assert ws.stages[3] == ws.decision_stage


def test_check_settings_defaults() -> None:
    checks = pj.Workspace().checks

    expected = ([], [], {}, pj.Severity.ERROR, 0.6, 0.2)
    assert expected == (
        checks.select,
        checks.ignore,
        checks.severity,
        checks.fail_on,
        checks.influence_threshold,
        checks.motive_weight_threshold,
    )


def test_entity_defaults() -> None:
    member = pj.Member(id="m", name="M")
    touchpoint = pj.Touchpoint(id="t", name="T", stage_id="loyalty")

    expected = (
        0.5,
        pj.SubjectKind.ARCHETYPE,
        [],
        None,
        False,
        None,
        None,
        pj.ProvenanceKind.ASSERTED,
    )
    assert expected == (
        member.influence,
        member.kind,
        member.roles,
        member.persona_id,
        touchpoint.entry,
        touchpoint.emotion,
        touchpoint.owner_id,
        touchpoint.provenance.kind,
    )
    expected_link = (0.5, pj.MotiveKind.OTHER)
    assert expected_link == (
        pj.MotiveLink(motive_id="x").strength,
        pj.Motive(id="x", name="X").kind,
    )


def test_default_lists_are_not_shared_between_workspaces() -> None:
    first, second = pj.Workspace(), pj.Workspace()
    first.stages.append(pj.Stage(id="extra"))
    first.personas.append(pj.Persona(id="p", name="P"))

    expected = (7, 0)
    assert expected == (len(second.stages), len(second.personas))
    assert expected == (len(pj.Workspace().stages), len(pj.Workspace().personas))


def test_stage_ids_are_in_journey_order() -> None:
    ws = pj.Workspace(stages=[pj.Stage(id="b"), pj.Stage(id="a"), pj.Stage(id="c")], teams=[])
    expected = ["b", "a", "c"]
    assert expected == ws.stage_ids()


def test_no_decision_stage_is_allowed() -> None:
    ws = pj.Workspace(stages=[pj.Stage(id="a"), pj.Stage(id="b")])
    assert ws.decision_stage is None


def test_get_raises_key_error_for_an_unknown_id_or_kind() -> None:
    ws = pj.Workspace()
    with pytest.raises(KeyError, match="no persona with id 'nobody'"):
        ws.get("persona", "nobody")
    with pytest.raises(KeyError, match="unknown kind 'gizmo'"):
        ws.get("gizmo", "x")


def test_segment_criteria_is_empty_until_a_criterion_is_set() -> None:
    assert pj.SegmentCriteria().is_empty()
    assert not pj.SegmentCriteria(industries=["retail"]).is_empty()
    assert not pj.SegmentCriteria(company_size=pj.Range(min=10)).is_empty()


# -- field validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: pj.Touchpoint(id="t", name="T", stage_id="s", emotion=3), "emotion"),
        (lambda: pj.Touchpoint(id="t", name="T", stage_id="s", emotion=-3), "emotion"),
        (lambda: pj.Member(id="m", name="M", influence=1.5), "influence"),
        (lambda: pj.Member(id="m", name="M", influence=-0.1), "influence"),
        (lambda: pj.Member(id="m", name="M", influence_by_stage={"s": 2}), "influence_by_stage.s"),
        (lambda: pj.MotiveLink(motive_id="x", strength=1.01), "strength"),
        (lambda: pj.Segment(id="s", name="S", priority=0), "priority"),
        (lambda: pj.Segment(id="s", name="S", priority=6), "priority"),
        (lambda: pj.Segment(id="s", name="S", estimated_size=-1), "estimated_size"),
        (lambda: pj.Persona(id="hr hanna", name="H"), "id"),
        (lambda: pj.Persona(id="-hanna", name="H"), "id"),
        (lambda: pj.Persona(id="h" * 101, name="H"), "id"),
        (lambda: pj.Persona(id="h", name="H", nickname="HH"), "nickname"),
        (lambda: pj.Workspace(version=2), "version"),
        (lambda: pj.Workspace(locale="de"), "locale"),
    ],
)
def test_out_of_range_and_unknown_fields_are_refused(build: Any, field: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        build()
    assert [field] == [".".join(map(str, e["loc"])) for e in info.value.errors()]


@pytest.mark.parametrize(("low", "high"), [(10, 5), (0.5, -0.5)])
def test_range_with_min_above_max_is_refused(low: float, high: float) -> None:
    with pytest.raises(pydantic.ValidationError, match="is greater than max"):
        pj.Range(min=low, max=high)


@pytest.mark.parametrize(
    ("low", "high"), [(5, 5), (None, 5), (5, None), (None, None), (-1e9, 1e12)]
)
def test_range_with_ordered_or_open_ends_is_accepted(low: float | None, high: float | None) -> None:
    assert (low, high) == (pj.Range(min=low, max=high).min, pj.Range(min=low, max=high).max)


# -- reference checks ------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "motives": [{"id": "save-money", "name": "Save money"}],
    "personas": [{"id": "hr-hanna", "name": "HR-Hanna"}],
    "committees": [
        {"id": "it-committee", "name": "IT", "members": [{"id": "cfo-carl", "name": "Carl"}]}
    ],
    "touchpoints": [{"id": "webinar-invite", "name": "Invite", "stage_id": "loyalty"}],
}


def _with(path: str, value: Any) -> dict[str, Any]:
    """BASE with ``value`` put at a dotted path such as ``personas.0.channel_ids``."""
    data = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    if last.isdigit():
        node.append(value)
    else:
        node[last] = value
    return data


_MEMBER = "committees.0.members.0"
_SEGMENT = {"id": "smb", "name": "SMB"}

#: (model field, data, error path, message, hint): one unknown id in every reference field.
REFERENCE_CASES: list[tuple[str, dict[str, Any], str, str, str | None]] = [
    (
        "Stage.owner_id",
        {"stages": [{"id": "a", "owner_id": "sale"}]},
        "stages[0].owner_id",
        "unknown team `sale`",
        "did you mean `sales`?",
    ),
    (
        "Persona.channel_ids",
        _with("personas.0.channel_ids", ["web", "emial"]),
        "personas[0].channel_ids[1]",
        "unknown channel `emial`",
        "did you mean `email`?",
    ),
    (
        "Persona.avoided_channel_ids",
        _with("personas.0.avoided_channel_ids", ["phon"]),
        "personas[0].avoided_channel_ids[0]",
        "unknown channel `phon`",
        "did you mean `phone`?",
    ),
    (
        "MotiveLink.motive_id",
        _with("personas.0.motives", [{"motive_id": "save-mony"}]),
        "personas[0].motives[0].motive_id",
        "unknown motive `save-mony`",
        "did you mean `save-money`?",
    ),
    (
        "MotiveLink.motive_id",
        _with(f"{_MEMBER}.motives", [{"motive_id": "save-mony"}]),
        "committees[0].members[0].motives[0].motive_id",
        "unknown motive `save-mony`",
        "did you mean `save-money`?",
    ),
    (
        "Handoff.from_team_id",
        _with("handoffs", [{"from_team_id": "markting", "to_team_id": "sales"}]),
        "handoffs[0].from_team_id",
        "unknown team `markting`",
        "did you mean `marketing`?",
    ),
    (
        "Handoff.to_team_id",
        _with("handoffs", [{"from_team_id": "marketing", "to_team_id": "sale"}]),
        "handoffs[0].to_team_id",
        "unknown team `sale`",
        "did you mean `sales`?",
    ),
    (
        "Handoff.from_stage_id",
        _with("handoffs", [{"from_stage_id": "loyality", "to_stage_id": "advocacy"}]),
        "handoffs[0].from_stage_id",
        "unknown stage `loyality`",
        "did you mean `loyalty`?",
    ),
    (
        "Handoff.to_stage_id",
        _with("handoffs", [{"from_stage_id": "loyalty", "to_stage_id": "advocasy"}]),
        "handoffs[0].to_stage_id",
        "unknown stage `advocasy`",
        "did you mean `advocacy`?",
    ),
    (
        "Persona.active_stage_ids",
        _with("personas.0.active_stage_ids", ["loyality"]),
        "personas[0].active_stage_ids[0]",
        "unknown stage `loyality`",
        "did you mean `loyalty`?",
    ),
    (
        "Member.active_stage_ids",
        _with(f"{_MEMBER}.active_stage_ids", ["loyality"]),
        "committees[0].members[0].active_stage_ids[0]",
        "unknown stage `loyality`",
        "did you mean `loyalty`?",
    ),
    (
        "Member.influence_by_stage",
        _with(f"{_MEMBER}.influence_by_stage", {"purchase-decison": 0.9}),
        "committees[0].members[0].influence_by_stage.purchase-decison",
        "unknown stage `purchase-decison`",
        "did you mean `purchase-decision`?",
    ),
    (
        "Member.channel_ids",
        _with(f"{_MEMBER}.channel_ids", ["webinars"]),
        "committees[0].members[0].channel_ids[0]",
        "unknown channel `webinars`",
        "did you mean `webinar`?",
    ),
    (
        "Member.avoided_channel_ids",
        _with(f"{_MEMBER}.avoided_channel_ids", ["social-media"]),
        "committees[0].members[0].avoided_channel_ids[0]",
        "unknown channel `social-media`",
        "did you mean `social`?",
    ),
    (
        "Member.introduces_ids",
        _with(f"{_MEMBER}.introduces_ids", ["cfo-karl"]),
        "committees[0].members[0].introduces_ids[0]",
        "unknown member `cfo-karl`",
        "did you mean `cfo-carl`?",
    ),
    (
        "Member.persona_id",
        _with(f"{_MEMBER}.persona_id", "hr-hana"),
        "committees[0].members[0].persona_id",
        "unknown persona `hr-hana`",
        "did you mean `hr-hanna`?",
    ),
    (
        "Member.data_source_id",
        {
            **_with(f"{_MEMBER}.data_source_id", "hubspt"),
            "data_sources": [{"id": "hubspot", "lawful_basis": "consent"}],
        },
        "committees[0].members[0].data_source_id",
        "unknown data source `hubspt`",
        "did you mean `hubspot`?",
    ),
    (
        "Segment.channel_ids",
        {**BASE, "segments": [{**_SEGMENT, "channel_ids": ["serch"]}]},
        "segments[0].channel_ids[0]",
        "unknown channel `serch`",
        "did you mean `search`?",
    ),
    (
        "Segment.persona_ids",
        {**BASE, "segments": [{**_SEGMENT, "persona_ids": ["hr-hana"]}]},
        "segments[0].persona_ids[0]",
        "unknown persona `hr-hana`",
        "did you mean `hr-hanna`?",
    ),
    (
        "Segment.committee_ids",
        {**BASE, "segments": [{**_SEGMENT, "committee_ids": ["it-comittee"]}]},
        "segments[0].committee_ids[0]",
        "unknown committee `it-comittee`",
        "did you mean `it-committee`?",
    ),
    (
        "SegmentCriteria.buying_stage_ids",
        {**BASE, "segments": [{**_SEGMENT, "criteria": {"buying_stage_ids": ["onbording"]}}]},
        "segments[0].criteria.buying_stage_ids[0]",
        "unknown stage `onbording`",
        "did you mean `onboarding`?",
    ),
    (
        "SegmentCriteria.motive_ids",
        {**BASE, "segments": [{**_SEGMENT, "criteria": {"motive_ids": ["save"]}}]},
        "segments[0].criteria.motive_ids[0]",
        "unknown motive `save`",
        None,
    ),
    (
        "Touchpoint.stage_id",
        _with("touchpoints.0.stage_id", "purchase-decison"),
        "touchpoints[0].stage_id",
        "unknown stage `purchase-decison`",
        "did you mean `purchase-decision`?",
    ),
    (
        "Touchpoint.channel_id",
        _with("touchpoints.0.channel_id", "e-mail"),
        "touchpoints[0].channel_id",
        "unknown channel `e-mail`",
        "did you mean `email`?",
    ),
    (
        "Touchpoint.owner_id",
        _with("touchpoints.0.owner_id", "marketting"),
        "touchpoints[0].owner_id",
        "unknown team `marketting`",
        "did you mean `marketing`?",
    ),
    (
        "Touchpoint.persona_ids",
        _with("touchpoints.0.persona_ids", ["hr-hanna", "hr-hana"]),
        "touchpoints[0].persona_ids[1]",
        "unknown persona `hr-hana`",
        "did you mean `hr-hanna`?",
    ),
    (
        "Touchpoint.member_ids",
        _with("touchpoints.0.member_ids", ["cfo"]),
        "touchpoints[0].member_ids[0]",
        "unknown member `cfo`",
        None,
    ),
    (
        "Touchpoint.motive_ids",
        _with("touchpoints.0.motive_ids", ["save-moneys"]),
        "touchpoints[0].motive_ids[0]",
        "unknown motive `save-moneys`",
        "did you mean `save-money`?",
    ),
    (
        "Transition.from_id",
        {**BASE, "transitions": [{"from_id": "webinar-invit", "to_id": "webinar-invite"}]},
        "transitions[0].from_id",
        "unknown touchpoint `webinar-invit`",
        "did you mean `webinar-invite`?",
    ),
    (
        "Transition.to_id",
        {**BASE, "transitions": [{"from_id": "webinar-invite", "to_id": "nowhere"}]},
        "transitions[0].to_id",
        "unknown touchpoint `nowhere`",
        None,
    ),
]


def _reference_fields() -> set[str]:
    found = set()
    for name in entities.__all__:
        model = getattr(entities, name)
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            found.update(
                f"{name}.{field}" for field in model.model_fields if field.endswith(("_id", "_ids"))
            )
    return found


#: Fields named like references that point outside the workspace.
NOT_REFERENCES = {"Member.crm_id"}


def test_reference_cases_cover_every_id_field_of_the_model() -> None:
    covered = {field for field, *_ in REFERENCE_CASES if not field.endswith("_by_stage")}
    assert _reference_fields() - NOT_REFERENCES == covered


def test_base_of_the_reference_cases_is_valid() -> None:
    ws = pj.Workspace.model_validate(BASE)
    assert ws.committees[0].members[0] == ws.get("member", "cfo-carl")


@pytest.mark.parametrize(
    ("data", "path", "message", "hint"),
    [case[1:] for case in REFERENCE_CASES],
    ids=[f"{case[0]}-{case[2]}" for case in REFERENCE_CASES],
)
def test_unknown_reference_in_code_names_the_field_and_the_closest_id(
    data: dict[str, Any], path: str, message: str, hint: str | None
) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace.model_validate(data)

    expected = f"{path}: {message}" + (f" ({hint})" if hint else "")
    assert expected in str(info.value)


@pytest.mark.parametrize(
    ("data", "path", "message", "hint"),
    [case[1:] for case in REFERENCE_CASES],
    ids=[f"{case[0]}-{case[2]}" for case in REFERENCE_CASES],
)
def test_unknown_reference_when_loaded_is_one_problem_with_path_and_hint(
    data: dict[str, Any], path: str, message: str, hint: str | None
) -> None:
    with pytest.raises(pj.ModelError) as info:
        pj.loads(json.dumps(data, indent=1), format="json", name="ws.json")

    expected = [("ws.json", path, message, hint)]
    assert expected == [(p.file, p.path, p.message, p.hint) for p in info.value.problems]
    assert info.value.problems[0].line is not None


def test_several_close_ids_are_all_suggested() -> None:
    data = {
        "personas": [{"id": "hr-hanna", "name": "A"}, {"id": "hr-hannu", "name": "B"}],
        "touchpoints": [
            {"id": "t", "name": "T", "stage_id": "loyalty", "persona_ids": ["hr-hann"]}
        ],
    }
    with pytest.raises(pj.ModelError) as info:
        pj.loads(json.dumps(data), format="json")

    hint = info.value.problems[0].hint or ""
    assert hint.startswith("did you mean ")
    assert "`hr-hanna`" in hint
    assert "`hr-hannu`" in hint


def test_every_reference_problem_is_reported_at_once() -> None:
    data = _with("touchpoints.0.persona_ids", ["x1", "x2"])
    data["touchpoints"][0]["stage_id"] = "x3"

    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace.model_validate(data)

    text = str(info.value)
    assert all(f"`{bad}`" in text for bad in ("x1", "x2", "x3"))


# -- duplicate ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "entity"),
    [
        ("stages", {}),
        ("teams", {}),
        ("channels", {}),
        ("motives", {"name": "M"}),
        ("personas", {"name": "P"}),
        ("committees", {"name": "C"}),
        ("segments", {"name": "S"}),
        ("touchpoints", {"name": "T", "stage_id": "loyalty"}),
    ],
)
def test_duplicate_id_names_both_places(field: str, entity: dict[str, Any]) -> None:
    data = {field: [{"id": "x", **entity}, {"id": "y", **entity}, {"id": "x", **entity}]}

    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace.model_validate(data)

    expected = f"{field}[2].id: duplicate id `x` (first defined at {field}[0])"
    assert expected in str(info.value)


def test_same_id_in_different_kinds_is_allowed() -> None:
    ws = pj.Workspace(
        personas=[pj.Persona(id="sales", name="Sales persona")],
        motives=[pj.Motive(id="sales", name="Sales motive")],
    )
    expected = ("Sales persona", "Sales motive")
    assert expected == (ws.get("persona", "sales").name, ws.get("motive", "sales").name)


def test_duplicate_member_id_within_a_committee_is_refused() -> None:
    committee = pj.BuyingCommittee(
        id="c", name="C", members=[pj.Member(id="m", name="A"), pj.Member(id="m", name="B")]
    )
    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace(committees=[committee])

    expected = (
        "committees[0].members[1].id: duplicate member id `m`"
        " (first defined at committees[0].members[0])"
    )
    assert expected in str(info.value)


def test_member_ids_must_be_unique_across_committees() -> None:
    committees = [
        pj.BuyingCommittee(id="a", name="A", members=[pj.Member(id="cfo", name="CFO")]),
        pj.BuyingCommittee(
            id="b",
            name="B",
            members=[pj.Member(id="cto", name="CTO"), pj.Member(id="cfo", name="CFO")],
        ),
    ]
    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace(committees=committees)

    expected = (
        "committees[1].members[1].id: duplicate member id `cfo`"
        " (first defined at committees[0].members[0])"
    )
    assert expected in str(info.value)


# -- decision stage --------------------------------------------------------------------------


def test_more_than_one_decision_stage_names_each_extra_and_the_first() -> None:
    stages = [
        pj.Stage(id="a", decision=True),
        pj.Stage(id="b"),
        pj.Stage(id="c", decision=True),
        pj.Stage(id="d", decision=True),
    ]
    with pytest.raises(pydantic.ValidationError) as info:
        pj.Workspace(stages=stages, teams=[])

    text = str(info.value)
    for extra in (2, 3):
        expected = (
            f"stages[{extra}].decision: only one stage can be the purchase decision; `a` already is"
        )
        assert expected in text
    assert "stages[0].decision" not in text


# -- members ---------------------------------------------------------------------------------


def test_influence_at_uses_the_stage_override_or_the_general_influence() -> None:
    member = pj.Member(
        id="cfo", name="CFO", influence=0.4, influence_by_stage={"purchase-decision": 0.95}
    )
    expected = (0.95, 0.4, 0.4)
    assert expected == (
        member.influence_at("purchase-decision"),
        member.influence_at("information-search"),
        member.influence_at("no-such-stage"),
    )


def test_influence_override_of_zero_is_kept() -> None:
    member = pj.Member(id="m", name="M", influence=0.8, influence_by_stage={"loyalty": 0.0})
    expected = 0.0
    assert expected == member.influence_at("loyalty")


def test_member_with_no_active_stages_takes_part_in_every_stage() -> None:
    member = pj.Member(id="m", name="M")
    assert all(member.is_active_in(stage.id) for stage in pj.default_stages())


def test_member_with_active_stages_takes_part_only_in_those() -> None:
    member = pj.Member(
        id="m", name="M", active_stage_ids=["comparing-alternatives", "purchase-decision"]
    )
    expected = ["comparing-alternatives", "purchase-decision"]
    assert expected == [s.id for s in pj.default_stages() if member.is_active_in(s.id)]


# -- equality --------------------------------------------------------------------------------

YAML_TEXT = """\
name: Demo
personas:
  - id: hr-hanna
    name: HR-Hanna
"""
FLOW_TEXT = """\

# same content, other layout
{name: Demo, personas: [{id: hr-hanna, name: HR-Hanna}]}
"""


def test_equality_ignores_where_a_workspace_was_read_from() -> None:
    block = pj.loads(YAML_TEXT, name="a.yaml")
    flow = pj.loads(FLOW_TEXT, name="b.yaml")
    built = pj.Workspace(name="Demo", personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")])

    assert block.location_of("persona", "hr-hanna") != flow.location_of("persona", "hr-hanna")
    assert built.location_of("persona", "hr-hanna") is None
    assert block == flow
    assert built == block


def test_workspaces_with_different_content_are_not_equal() -> None:
    assert pj.Workspace(name="A") != pj.Workspace(name="B")
    assert pj.loads(YAML_TEXT) != pj.loads(YAML_TEXT.replace("HR-Hanna", "HR-Hannu"))


def test_workspace_is_not_equal_to_its_dict() -> None:
    ws = pj.Workspace()
    assert ws != ws.model_dump()
