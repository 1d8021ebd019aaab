"""Properties that hold for every valid workspace, checked with Hypothesis.

The workspaces come from :mod:`personajourney.testing` and are valid by construction. Each
test checks every property of one operation on the same drawn workspace, because drawing a
workspace costs more than the operations themselves.
"""

from __future__ import annotations

from typing import Any, Literal

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personajourney as pj
from personajourney.testing import workspaces

Format = Literal["yaml", "json"]
FORMATS: list[Format] = ["yaml", "json"]

pytestmark = [
    # When a property fails, Hypothesis imports libcst to suggest an @example patch; libcst
    # uses the deprecated mypy_extensions.TypedDict, and with warnings as errors that would
    # hide the falsifying example behind an INTERNALERROR.
    pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"),
]

examples = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def graph_snapshot(G: nx.MultiDiGraph) -> tuple[Any, ...]:
    """Everything about a graph, in insertion order."""
    return (
        dict(G.graph),
        list(G.nodes(data=True)),
        list(G.edges(keys=True, data=True)),
        nx.node_link_data(G, edges="links"),
    )


@pytest.mark.parametrize("fmt", FORMATS)
@examples
@given(ws=workspaces())
def test_dumps_then_loads_gives_the_same_workspace(fmt: Format, ws: pj.Workspace) -> None:
    text = pj.dumps(ws, format=fmt)

    assert ws == pj.loads(text, format=fmt)
    assert text == pj.dumps(ws.model_copy(deep=True), format=fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(examples, max_examples=10)
@given(ws=workspaces(max_touchpoints=6))
def test_dump_then_load_file_gives_the_same_workspace(
    tmp_path_factory: pytest.TempPathFactory, fmt: Format, ws: pj.Workspace
) -> None:
    path = tmp_path_factory.mktemp("ws") / f"model.{fmt}"

    pj.dump(ws, path)

    assert ws == pj.load(path)


def test_yaml_keeps_next_line_character() -> None:
    ws = pj.Workspace(personas=[pj.Persona(id="p", name="a\x85b", demographics={"\x85": "v"})])

    assert ws == pj.loads(pj.dumps(ws, format="yaml"))


@pytest.mark.parametrize("char", ["\x7f", "\x80", "\x9f", "\ufffe"])
def test_json_keeps_control_characters(char: str) -> None:
    ws = pj.Workspace(personas=[pj.Persona(id="p", name=f"a{char}b")])

    assert ws == pj.loads(pj.dumps(ws, format="json"), format="json")


@examples
@given(ws=workspaces())
def test_build_graph_is_deterministic_and_has_every_entity(ws: pj.Workspace) -> None:
    G = pj.build_graph(ws)

    assert graph_snapshot(G) == graph_snapshot(pj.build_graph(ws.model_copy(deep=True)))
    expected = {f"touchpoint:{t.id}" for t in ws.touchpoints}
    expected |= {f"stage:{s.id}" for s in ws.stages}
    expected |= {f"persona:{p.id}" for p in ws.personas}
    expected |= {f"member:{m.id}" for _, m in ws.members()}
    expected |= {f"segment:{s.id}" for s in ws.segments}
    assert expected <= set(G.nodes)
    assert all("kind" in data for _, data in G.nodes(data=True))
    transitions = [k for *_, k in G.edges(data="kind") if k == "transition"]
    assert len(ws.transitions) == len(transitions)


@examples
@given(ws=workspaces())
def test_run_checks_is_sorted_deterministic_and_names_graph_nodes(ws: pj.Workspace) -> None:
    G = pj.build_graph(ws)

    report = pj.run_checks(ws)

    assert [f for f in report.findings if not f.nodes or not set(f.nodes) <= set(G)] == []
    assert sorted(report.findings, key=pj.Finding.sort_key) == report.findings
    again = pj.run_checks(ws.model_copy(deep=True))
    assert report.findings == again.findings
    assert report.to_json() == again.to_json()


@settings(examples, max_examples=25)
@given(ws=workspaces(max_touchpoints=8), data=st.data())
def test_run_checks_with_any_selection_of_known_codes(
    ws: pj.Workspace, data: st.DataObject
) -> None:
    codes = [r.code for r in pj.rules()]
    prefixes = sorted({c[0] for c in codes}) + codes
    select = data.draw(st.lists(st.sampled_from(prefixes), max_size=3))
    ignore = data.draw(st.lists(st.sampled_from(prefixes), max_size=3))

    report = pj.run_checks(ws, select=select, ignore=ignore)

    assert set(report.rules_run) <= set(codes)
    assert {f.code for f in report.findings} <= set(report.rules_run)


@settings(examples, max_examples=25)
@given(ws=workspaces())
def test_loaded_workspace_gives_the_same_graph_and_findings(ws: pj.Workspace) -> None:
    loaded = pj.loads(pj.dumps(ws, format="json"), format="json")

    assert graph_snapshot(pj.build_graph(ws)) == graph_snapshot(pj.build_graph(loaded))
    assert [f.message for f in pj.run_checks(ws)] == [f.message for f in pj.run_checks(loaded)]
