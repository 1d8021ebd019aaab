"""An entity finds the workspace it belongs to (for notebook display), without a reference
on the entity: equality, copies, pickles and memory behave as before."""

from __future__ import annotations

import copy
import gc
import pickle
import weakref
from pathlib import Path

import pytest

import personajourney as pj
from personajourney.models import workspace as workspace_module
from personajourney.models.workspace import workspace_of

EXAMPLES = Path(__file__).parents[1] / "examples"


def _small() -> pj.Workspace:
    return pj.Workspace(
        personas=[pj.Persona(id="hr-hanna", name="HR-Hanna")],
        committees=[pj.BuyingCommittee(id="c", name="C", members=[pj.Member(id="m", name="M")])],
        touchpoints=[pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness")],
    )


def test_entities_of_a_loaded_workspace_find_it() -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    assert workspace_of(ws.personas[0]) is ws
    assert workspace_of(ws.committees[0]) is ws
    assert workspace_of(ws.committees[0].members[0]) is ws
    assert workspace_of(ws.touchpoints[0]) is ws
    assert workspace_of(ws.stages[0]) is ws


def test_an_equal_entity_is_not_the_same_entity() -> None:
    ws = _small()
    twin = pj.Persona(id="hr-hanna", name="HR-Hanna")
    assert twin == ws.personas[0]
    assert workspace_of(twin) is None
    assert workspace_of(object()) is None


def test_equality_dump_load_copies_and_pickles_are_unchanged() -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    again = pj.loads(pj.dumps(ws))
    assert again == ws
    assert again.personas[0] == ws.personas[0]
    assert workspace_of(again.personas[0]) is again
    for other in (copy.deepcopy(ws), ws.model_copy(deep=True), pickle.loads(pickle.dumps(ws))):
        assert other == ws
        assert other.personas[0] == ws.personas[0]
        assert workspace_of(other.personas[0]) is other
    shallow = ws.model_copy()
    assert shallow == ws
    assert workspace_of(shallow.personas[0]) is ws  # shared entity: the oldest holder
    persona = pickle.loads(pickle.dumps(ws.personas[0]))
    assert persona == ws.personas[0]
    assert workspace_of(persona) is None


def test_a_dropped_workspace_is_not_kept_alive() -> None:
    gc.collect()
    before = len(workspace_module._WORKSPACES)
    ws = _small()
    persona = ws.personas[0]
    ref = weakref.ref(ws)
    assert len(workspace_module._WORKSPACES) == before + 1
    del ws
    gc.collect()
    assert ref() is None
    assert len(workspace_module._WORKSPACES) == before
    assert workspace_of(persona) is None  # the persona lives on, on its own


def test_a_workspace_that_fails_validation_leaves_nothing_behind() -> None:
    gc.collect()
    before = len(workspace_module._WORKSPACES)
    with pytest.raises(ValueError, match="unknown stage"):
        pj.Workspace(touchpoints=[pj.Touchpoint(id="a", name="A", stage_id="nowhere")])
    gc.collect()
    assert len(workspace_module._WORKSPACES) == before


def test_with_locale_keeps_where_things_were_defined_and_the_folder() -> None:
    ws = pj.load(EXAMPLES / "b2b-software")
    fi = ws.with_locale("fi")
    assert fi.locale == "fi"
    assert ws.locale == "en"
    assert fi.root == ws.root is not None
    persona = ws.personas[0].id
    assert fi.location_of("persona", persona) == ws.location_of("persona", persona) is not None
    assert fi.label_of(fi.stages[0]) != ws.label_of(ws.stages[0])
    assert workspace_of(fi.personas[0]) is ws  # shares the entities; they stay with ws
    with pytest.raises(ValueError, match="unknown locale 'de'; use one of en, fi, sv"):
        ws.with_locale("de")
